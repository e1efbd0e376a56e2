"""The pdfium page reader (engine "pdfium"): glyphs and ruling lines read with pypdfium2.

It gives `glyphs_to_lines` the same input as the pdfplumber reader, several times faster, and
probes the text layer as it reads (the probe's own test, `text_layer`, on the same counts), so
each page is loaded once:

* glyphs from pdfium's text page, in drawing order. The characters pdfium makes up (spaces
  and line breaks it infers) are skipped. Each box is pdfminer's: left and right from the
  advance width (pdfium's loose box), bottom at the font's descent, top one font size above
  the bottom, the size being the font size times the text matrix's scale; for vertical
  writing, one em square from the glyph origin (pdfium's loose box is wrong there). The
  page's /Rotate is applied, as pdfminer does. Fake bold is deduped by pdfplumber's rule
  (same text, font, size and uprightness, top and x0 within `DEDUPE_TOLERANCE`); unmapped
  and diagonal glyphs are left out and sideways ones counted, as by `plumber_glyphs`;
* ruling lines from the page's path objects (in form XObjects too), cut into subpaths and
  classified as pdfminer does — a 2-point subpath is a line, a closed axis-aligned 4-corner
  one a rectangle, anything else a curve — then kept or not by `plumber_rules`. Points are
  read from the path, not from pdfium's bounds (which grow with the stroke); the bounds only
  skip paths that cannot hold a rule: too flat, or a wide filled single shape.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

from gkparse.document import Line
from gkparse.errors import InputError, NoTextLayerError
from gkparse.source.pdf.layout import (
    Box,
    Glyph,
    GlyphStats,
    Rule,
    glyph_warnings,
    glyphs_to_lines,
    off_page_warning,
    on_page,
    picture_warning,
    turn,
)
from gkparse.source.pdf.plumber import DEDUPE_TOLERANCE, RULE_MAX_WIDTH, plumber_hrules, plumber_rules
from gkparse.source.pdf.probe import (
    NO_PAGES_REASON,
    NO_TEXT_REASON,
    check_garbled,
    is_bad_char,
    open_pdfium,
    short_error,
    text_layer,
)

Matrix = tuple[float, float, float, float, float, float]  # x' = a·x + c·y + e, y' = b·x + d·y + f
MAX_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for rulings
SAME_POINT = 1e-3  # points: pdfium keeps coordinates as 32-bit floats
VERTICAL_ORIGIN = 0.1  # ems: a glyph drawn this far off its baseline is vertical writing
RULE_MIN_HEIGHT = 1.0  # points: `plumber_rules` keeps nothing flatter


class Char(NamedTuple):
    """One character as read, its box in display space (top-down, points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    upright: bool  # pdfminer's LTChar.upright
    index: int  # in the text page
    turned: str  # "level", "sideways" or "diagonal" (see `turn`)
    unmapped: bool  # no Unicode mapping


def read_pages(data: bytes, name: str) -> tuple[list[list[Line]], list[str]]:
    """Every page of the PDF → its lines; warnings for what was left out.

    Raises InputError for unreadable files and NoTextLayerError where the text-layer probe
    (`probe_text_layer`) would have.
    """
    import pypdfium2 as pdfium

    pdf = open_pdfium(data, name)
    pages: list[list[Line]] = []
    warnings: list[str] = []
    counts: list[tuple[int, int]] = []  # (printed, unmapped) per page read, for `text_layer`
    unmapped_total = chars_total = 0
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise InputError(name, NO_PAGES_REASON)
        for number in range(1, n_pages + 1):
            try:
                chars, rules, count, visible, pictured = _read_page(pdf, number - 1)
            except pdfium.PdfiumError as e:
                warnings.append(f"pdf: page {number} could not be read ({short_error(e)}); left out")
                pages.append([])
                continue
            counts.append(count)
            glyphs, stats = _glyphs(chars)
            unmapped_total += stats.unmapped
            chars_total += len(chars)
            warnings += glyph_warnings(number, stats, len(glyphs))
            glyphs, rules, dropped = on_page(glyphs, rules, visible)
            if dropped:
                warnings.append(off_page_warning(number, dropped))
            warnings += picture_warning(number, pictured, visible, len(glyphs))
            pages.append(glyphs_to_lines(glyphs, number, rules))
    finally:
        pdf.close()
    if text_layer(n_pages, counts) != "ok":
        raise NoTextLayerError(name, NO_TEXT_REASON)
    check_garbled(name, unmapped_total, chars_total)
    return pages, warnings


def _read_page(pdf, index: int) -> tuple[list[Char], list[Rule], tuple[int, int], Box, float]:
    """One page's characters (fake bold deduped), ruling lines, (printed, unmapped)
    character counts as the probe counts them (before dedupe, spaces left out), the
    visible area (CropBox within the MediaBox) in display space, and the area its pictures cover."""
    page = pdf[index]
    try:
        rotation = page.get_rotation() % 360
        mediabox = page.get_mediabox()
        display = _display_matrix(mediabox, rotation)
        visible = _visible_area(mediabox, page.get_cropbox(), display)
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage.raw, display, rotation)
            printed = [c for c in chars if not c.text.isspace()]
            count = (len(printed), sum(1 for c in printed if c.unmapped))
            chars = _dedupe(chars, _font_names(textpage.raw))
        finally:
            textpage.close()
        pictures: list[float] = []
        rules = _rules(page.raw, display, pictures)
    finally:
        page.close()
    return chars, rules, count, visible, sum(pictures)


def _visible_area(mediabox: tuple[float, ...], cropbox: tuple[float, ...], display: Matrix) -> Box:
    """The CropBox cut to the MediaBox (what a viewer shows), in display space."""
    x0, y0 = max(mediabox[0], cropbox[0]), max(mediabox[1], cropbox[1])
    x1, y1 = min(mediabox[2], cropbox[2]), min(mediabox[3], cropbox[3])
    a, b, c, d, e, f = display
    xs = [a * x + c * y + e for x in (x0, x1) for y in (y0, y1)]
    ys = [b * x + d * y + f for x in (x0, x1) for y in (y0, y1)]
    return min(xs), min(ys), max(xs), max(ys)


def _glyphs(chars: Iterable[Char]) -> tuple[list[Glyph], GlyphStats]:
    """Characters → glyphs, leaving out unmapped and diagonal ones (as `plumber_glyphs`)."""
    glyphs = []
    stats = GlyphStats()
    for c in chars:
        if c.unmapped:
            stats.unmapped += 1
            continue
        if c.turned == "diagonal":
            stats.diagonal += 1  # watermark-like text at an angle: not content
            continue
        if c.turned == "sideways":
            stats.sideways += 1
        glyphs.append(Glyph(c.text, c.x0, c.x1, c.top, c.bottom, c.size))
    return glyphs, stats


# ---------------------------------------------------------------------------------------------
# Characters


def _display_matrix(mediabox: tuple[float, float, float, float], rotation: int) -> Matrix:
    """User space → display space, top-down: x from the left edge, `top` down from the top
    edge of the page as shown, i.e. after its /Rotate (clockwise), as pdfminer places it."""
    x0, y0, x1, y1 = mediabox
    return {
        90: (0, 1, 1, 0, -y0, -x0),
        180: (-1, 0, 0, 1, x1, -y0),
        270: (0, -1, -1, 0, y1, x1),
    }.get(rotation, (1, 0, 0, -1, -x0, y1))


def _rotate(a: float, b: float, c: float, d: float, rotation: int) -> tuple[float, float, float, float]:
    """A text matrix's linear part as seen on the page shown turned by `rotation` (y upwards)."""
    if rotation == 90:
        return b, -a, d, -c
    if rotation == 180:
        return -a, -b, -c, -d
    if rotation == 270:
        return -b, a, -d, c
    return a, b, c, d


def _chars(tp, display: Matrix, rotation: int) -> list[Char]:
    """The text page's characters in drawing order, boxes in display space (see module doc)."""
    import pypdfium2.raw as raw

    count = raw.FPDFText_CountChars(tp)
    codes = _codes(tp, count)
    is_generated = raw.FPDFText_IsGenerated
    get_box, get_matrix = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetMatrix
    get_size, get_origin = raw.FPDFText_GetFontSize, raw.FPDFText_GetCharOrigin
    map_error = raw.FPDFText_HasUnicodeMapError
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    box_p, matrix_p, ox_p, oy_p = ctypes.byref(box), ctypes.byref(matrix), ctypes.byref(ox), ctypes.byref(oy)
    da, db, dc, dd, de, df = display
    upright_page = (da, db, dc, dd) == (1, 0, 0, -1)  # no /Rotate: x as in user space, y flipped
    chars: list[Char] = []
    origin = (math.nan, math.nan)
    for i in range(count):
        code = codes[i]
        if code in _GENERATED_CODES and is_generated(tp, i):
            continue  # pdfium makes up only whitespace: other characters need not be asked
        if 0xDC00 <= code <= 0xDFFF and chars and "\ud800" <= chars[-1].text < "\udc00":
            # a UTF-16 surrogate pair (pdfium built with a 16-bit wchar_t): one character
            pair = (chars[-1].text + chr(code)).encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            chars[-1] = chars[-1]._replace(text=pair)
            continue
        text = chr(code) if 0 <= code < 0x110000 else "\ufffd"
        get_matrix(tp, i, matrix_p)
        get_origin(tp, i, ox_p, oy_p)
        if chars and (ox.value, oy.value) == origin and _same_object(tp, chars[-1].index, i):
            # one glyph mapped to several characters (LibreOffice's "——" ligature): pdfium
            # gives each its own entry at the same origin; pdfminer gives one char "——"
            chars[-1] = chars[-1]._replace(text=chars[-1].text + text)
            continue
        origin = (ox.value, oy.value)
        em = get_size(tp, i)  # in text space: the text matrix scales it
        ma, mb, mc, md = matrix.a, matrix.b, matrix.c, matrix.d
        gx, gy = ox.value, oy.value  # the glyph origin, user space
        level = mb == 0 and mc == 0 and ma > 0 and md > 0
        if upright_page and level and abs(gy - matrix.f) <= VERTICAL_ORIGIN * em * md:
            # the usual glyph: level, unscaled or scaled alike, on its baseline, on an unturned
            # page. The general case below, worked out for it: the loose box's left and right,
            # its bottom at the descent (never above the baseline), one em high
            get_box(tp, i, box_p)
            low = min(box.bottom, box.top, gy)
            top, bottom = df - (low + md * em), df - low
            unmapped = map_error(tp, i) == 1 or is_bad_char(text)
            x0, x1 = box.left + de, box.right + de
            chars.append(Char(text, x0, x1, top, bottom, bottom - top, True, i, "level", unmapped))
            continue
        det = ma * md - mb * mc
        # pdfminer's box, in text space from the glyph origin: for horizontal writing the
        # advance (pdfium's loose box) × one em from the descent; for vertical writing one em
        # square (pdfium's loose box is wrong there). A vertical glyph is drawn off the
        # baseline (y = 0 in text space), by the font's vertical origin.
        off_baseline = abs(ma * (gy - matrix.f) - mb * (gx - matrix.e))  # × |det|
        vertical = det != 0 and off_baseline > VERTICAL_ORIGIN * em * abs(det)
        if vertical:
            u0, v0, u1, v1 = 0.0, 0.0, em, em
        else:
            get_box(tp, i, box_p)
            if det:
                # the loose box's corners back in text space (axis-aligned at 90° multiples)
                xl, yb, xr, yt = box.left - gx, box.bottom - gy, box.right - gx, box.top - gy
                u0, v0 = (md * xl - mc * yb) / det, (ma * yb - mb * xl) / det
                u1, v1 = (md * xr - mc * yt) / det, (ma * yt - mb * xr) / det
                u0, u1 = min(u0, u1), max(u0, u1)
                # the descent; never above the baseline: with no ascent and descent in the font,
                # pdfium falls back to the ink box, which for "一" floats half an em up
                v0 = min(v0, v1, 0.0)
                v1 = v0 + em
        if vertical or det:
            left, bottom = gx + ma * u0 + mc * v0, gy + mb * u0 + md * v0
            right, top = gx + ma * u1 + mc * v1, gy + mb * u1 + md * v1
        else:  # text squashed flat by its matrix: the loose box as it is
            left, bottom, right, top = box.left, box.bottom, box.right, box.top
        # opposite corners stay opposite corners: the display matrix only swaps and flips axes
        xa, xb = da * left + dc * bottom + de, da * right + dc * top + de
        ta, tb = db * left + dd * bottom + df, db * right + dd * top + df
        x0, x1 = (xa, xb) if xa <= xb else (xb, xa)
        top, bottom = (ta, tb) if ta <= tb else (tb, ta)
        size = x1 - x0 if vertical else bottom - top  # pdfminer's LTChar.size
        a, b, c, d = _rotate(ma, mb, mc, md, rotation) if rotation else (ma, mb, mc, md)
        upright = a * d > 0 and b * c <= 0  # pdfminer's LTChar.upright
        turned = "level" if b == 0 and c == 0 else turn((a, b, c, d))
        unmapped = map_error(tp, i) == 1 or is_bad_char(text)
        chars.append(Char(text, x0, x1, top, bottom, size, upright, i, turned, unmapped))
    return chars


# the characters pdfium makes up (`FPDFText_IsGenerated`): spaces between words, line breaks
_GENERATED_CODES = frozenset((0x20, 0x0D, 0x0A))


def _same_object(tp, i: int, j: int) -> bool:
    """Characters i and j come from the same text object (so from one glyph, at one origin)."""
    import pypdfium2.raw as raw

    def address(index: int) -> int | None:
        return ctypes.cast(raw.FPDFText_GetTextObject(tp, index), ctypes.c_void_p).value

    first = address(i)
    return first is not None and first == address(j)


def _codes(tp, count: int) -> list[int]:
    """The Unicode code point of each character: the page's text in one call when it has one
    UTF-16 unit per character (the usual case), else character by character."""
    import pypdfium2.raw as raw

    buffer = ctypes.create_string_buffer(2 * (count + 1))
    units = raw.FPDFText_GetText(tp, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * max(units - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) == count:
        return [ord(ch) for ch in text]
    return [raw.FPDFText_GetUnicode(tp, i) for i in range(count)]


def _font_names(tp) -> Callable[[int], bytes]:
    """Font name of a character, read only when needed (for two look-alike characters)."""
    import pypdfium2.raw as raw

    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    names: dict[int, bytes] = {}

    def font_name(index: int) -> bytes:
        if index not in names:
            length = raw.FPDFText_GetFontInfo(tp, index, buffer, len(buffer), ctypes.byref(flags))
            names[index] = buffer.raw[: max(min(length, len(buffer)) - 1, 0)]
        return names[index]

    return font_name


def _dedupe(
    chars: Iterable[Char], font_name: Callable[[int], bytes], tolerance: float = DEDUPE_TOLERANCE
) -> list[Char]:
    """Drop a character drawn again over an earlier one: same text, font, size and
    uprightness, top and x0 within `tolerance` (pdfplumber's rule, as `dedupe_chars`)."""
    kept: list[Char] = []
    bands: dict[tuple[str, int], list[Char]] = {}  # by text and `tolerance`-high band of `top`
    get = bands.get
    for ch in chars:
        text, top, x0 = ch.text, ch.top, ch.x0
        band = int(top // tolerance)
        below, here, above = get((text, band - 1)), get((text, band)), get((text, band + 1))
        # usually none: the boxes and font names are compared only for a character drawn twice
        if (below or here or above) and any(
            abs(other.top - top) <= tolerance
            and abs(other.x0 - x0) <= tolerance
            and other.size == ch.size
            and other.upright == ch.upright
            and font_name(other.index) == font_name(ch.index)
            for group in (below, here, above)
            if group
            for other in group
        ):
            continue
        if here is None:
            bands[text, band] = [ch]
        else:
            here.append(ch)
        kept.append(ch)
    return kept


# ---------------------------------------------------------------------------------------------
# Ruling lines


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m, then n."""
    a, b, c, d, e, f = m
    na, nb, nc, nd, ne, nf = n
    return (
        a * na + b * nc,
        a * nb + b * nd,
        c * na + d * nc,
        c * nb + d * nd,
        e * na + f * nc + ne,
        e * nb + f * nd + nf,
    )


def _rules(page_handle, display: Matrix, pictures: list[float]) -> list[Rule]:
    """The page's ruling lines, vertical (see `plumber_rules`) and horizontal
    (`plumber_hrules`), from its path objects; the area of each picture added to `pictures`
    (the same walk over the page's objects)."""
    import pypdfium2.raw as raw

    lines: list[dict] = []
    rects: list[dict] = []
    count = raw.FPDFPage_CountObjects(page_handle)
    page_object = ctypes.cast(raw.FPDFPage_GetObject, _ADDRESS_OF_OBJECT)
    objects = (page_object(page_handle, i) for i in range(count))
    _collect(objects, display, lines, rects, pictures, 0)
    return plumber_rules(lines, rects) + plumber_hrules(lines, rects)


def _collect(
    objects: Iterable[int | None],
    to_page: Matrix,
    lines: list[dict],
    rects: list[dict],
    pictures: list[float],
    depth: int,
) -> None:
    """Lines and rectangles of the path objects, in display space, and the area of each image
    object; form XObjects recursed.

    `objects` are addresses: a page of a WPS export holds a text object per character, and
    asking each one's type through pypdfium2's typed pointers took most of this function's time."""
    import pypdfium2.raw as raw

    get_type = ctypes.cast(raw.FPDFPageObj_GetType, _TYPE_OF_OBJECT)
    get_bounds = raw.FPDFPageObj_GetBounds
    get_mode, count_segments = raw.FPDFPath_GetDrawMode, raw.FPDFPath_CountSegments
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    bounds_p = [ctypes.byref(v) for v in (left, bottom, right, top)]
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    fill_p, stroke_p = ctypes.byref(fill), ctypes.byref(stroke)
    a, b, c, d, _, _ = to_page
    straight = (b == 0 and c == 0) or (a == 0 and d == 0)  # bounds map to bounds
    for address in objects:
        if address is None:
            continue
        kind = get_type(address)
        if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM, raw.FPDF_PAGEOBJ_IMAGE):
            continue
        obj = ctypes.cast(address, raw.FPDF_PAGEOBJECT)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            if get_bounds(obj, *bounds_p):
                pictures.append(abs((right.value - left.value) * (top.value - bottom.value)))
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            get_mode(obj, fill_p, stroke_p)
            if straight and get_bounds(obj, *bounds_p):
                width = abs(a * (right.value - left.value) + c * (top.value - bottom.value))
                height = abs(b * (right.value - left.value) + d * (top.value - bottom.value))
                # pdfium's bounds of a stroked path grow by the line width at every end (by
                # half of it would do): less one line width, they still hold the path
                grown = _stroke_width(obj, to_page) if stroke.value else 0.0
                if height - grown <= RULE_MIN_HEIGHT and width - grown <= RULE_MIN_HEIGHT:
                    continue  # a dot: neither a vertical nor a horizontal ruling
                if not stroke.value and min(width, height) > RULE_MAX_WIDTH and count_segments(obj) <= 5:
                    # one wide filled shape (a cell's shading), or a second subpath too short
                    # for anything but a filled 2-point line, which paints nothing
                    continue
            style = {"fill": fill.value != 0, "stroke": bool(stroke.value)}
            _path_shapes(obj, _multiply(_object_matrix(obj), to_page), style, lines, rects)
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            count = raw.FPDFFormObj_CountObjects(obj)
            form_object = ctypes.cast(raw.FPDFFormObj_GetObject, _ADDRESS_OF_OBJECT)
            children = (form_object(obj, i) for i in range(count))
            _collect(children, _multiply(_object_matrix(obj), to_page), lines, rects, pictures, depth + 1)


# FPDFPage_GetObject / FPDFFormObj_GetObject and FPDFPageObj_GetType on plain addresses
_ADDRESS_OF_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_TYPE_OF_OBJECT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)


def _object_matrix(obj) -> Matrix:
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m))
    return m.a, m.b, m.c, m.d, m.e, m.f


def _stroke_width(obj, to_page: Matrix) -> float:
    """The path's line width in display space (vertically; the smaller scale if skewed)."""
    import pypdfium2.raw as raw

    width = ctypes.c_float()
    if not raw.FPDFPageObj_GetStrokeWidth(obj, ctypes.byref(width)):
        return 0.0
    a, b, c, d, _, _ = _multiply(_object_matrix(obj), to_page)
    return width.value * min(math.hypot(a, b), math.hypot(c, d))


def _path_shapes(obj, to_page: Matrix, style: dict, lines: list[dict], rects: list[dict]) -> None:
    """One path object → pdfminer's shapes: each subpath is a line ("ml", "mlh"), a
    rectangle ("mlllh", "mllll", closed and axis-aligned) or a curve (left out)."""
    import pypdfium2.raw as raw

    get_segment, get_type = raw.FPDFPath_GetPathSegment, raw.FPDFPathSegment_GetType
    get_point, get_close = raw.FPDFPathSegment_GetPoint, raw.FPDFPathSegment_GetClose
    a, b, c, d, e, f = to_page
    x, y = ctypes.c_float(), ctypes.c_float()
    x_p, y_p = ctypes.byref(x), ctypes.byref(y)
    shape: list[str] = []
    points: list[tuple[float, float]] = []
    for j in range(raw.FPDFPath_CountSegments(obj)):
        segment = get_segment(obj, j)
        kind = get_type(segment)
        get_point(segment, x_p, y_p)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            _subpath_shape("".join(shape), points, style, lines, rects)
            shape, points = ["m"], [point]
            continue
        if not shape:  # pdfminer skips a path that does not begin with a move
            shape, points = ["?"], [point]
        shape.append("c" if kind == raw.FPDF_SEGMENT_BEZIERTO else "l")
        points.append(point)
        if shape[-1] == "l" and _same(point, points[0]) and get_close(segment):
            shape[-1] = "h"  # pdfium closes a subpath with a line back to its start
    _subpath_shape("".join(shape), points, style, lines, rects)


def _same(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) <= SAME_POINT and abs(p[1] - q[1]) <= SAME_POINT


def _subpath_shape(
    shape: str, points: list[tuple[float, float]], style: dict, lines: list[dict], rects: list[dict]
) -> None:
    if shape in ("ml", "mlh"):
        (xa, ta), (xb, tb) = points[0], points[1]
        box = {"x0": min(xa, xb), "x1": max(xa, xb), "top": min(ta, tb), "bottom": max(ta, tb)}
        lines.append({**box, **style})
    elif shape in ("mlllh", "mllll") and _same(points[0], points[4]):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
        eq = lambda u, v: abs(u - v) <= SAME_POINT  # noqa: E731
        if (eq(x0, x1) and eq(y1, y2) and eq(x2, x3) and eq(y3, y0)) or (
            eq(y0, y1) and eq(x1, x2) and eq(y2, y3) and eq(x3, x0)
        ):
            box = {"x0": min(x0, x2), "x1": max(x0, x2), "top": min(y0, y2), "bottom": max(y0, y2)}
            rects.append({**box, **style})
