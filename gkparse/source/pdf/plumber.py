"""The pdfplumber character reader (engine "pdfplumber"): pdfminer's characters and ruling
lines of each page → `Glyph`s and `Rule`s → lines, with the glyphs WPS draws twice for fake
bold removed (`dedupe_chars`). The camelot engine reads its glyphs with it too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from gkparse.document import Line
from gkparse.errors import InputError
from gkparse.source.pdf.layout import (
    Glyph,
    GlyphStats,
    HRule,
    Rule,
    glyph_warnings,
    glyphs_to_lines,
    off_page_warning,
    on_page,
    turn,
)
from gkparse.source.pdf.probe import check_garbled, is_bad_char, short_error

RULE_MAX_WIDTH = 3.0  # points: a thinner vertical line or filled rectangle is a ruling line
DEDUPE_TOLERANCE = 1.0  # points: a same glyph drawn again this close is fake bold (as pdfplumber)


def dedupe_chars(chars: Iterable[dict], tolerance: float = DEDUPE_TOLERANCE) -> list[dict]:
    """Drop a char drawn again over an earlier one (same text, font and size, position within
    `tolerance`): WPS fakes bold by drawing every glyph twice, slightly shifted.

    Same rule as pdfplumber's `Page.dedupe_chars()`, which sorts its result with
    `chars.index` and so takes quadratic time (0.75 s for a page of 4,400 chars); this keeps
    the drawing order in linear time, using a grid of `tolerance`-sized buckets.
    """
    kept: list[dict] = []
    grid: dict[tuple, list[tuple[float, float]]] = {}
    for c in chars:
        key = (c.get("upright"), c["text"], c.get("fontname"), c.get("size"))
        top, x0 = c["top"], c["x0"]
        row, col = int(top // tolerance), int(x0 // tolerance)
        near = (
            (t, x)
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for t, x in grid.get((*key, row + dr, col + dc), ())
        )
        if any(abs(t - top) <= tolerance and abs(x - x0) <= tolerance for t, x in near):
            continue
        grid.setdefault((*key, row, col), []).append((top, x0))
        kept.append(c)
    return kept


def plumber_glyphs(chars: Iterable[dict]) -> tuple[list[Glyph], GlyphStats]:
    """pdfplumber chars → glyphs, leaving out unmapped and diagonal characters."""
    glyphs = []
    stats = GlyphStats()
    for c in chars:
        text = c["text"]
        if text.startswith("(cid:") or any(is_bad_char(ch) for ch in text):
            stats.unmapped += 1
            continue
        kind = turn(c.get("matrix") or (1, 0, 0, 1, 0, 0))
        if kind == "diagonal":
            stats.diagonal += 1  # watermark-like text at an angle: not content
            continue
        if kind == "sideways":
            stats.sideways += 1
        size = c.get("size") or c["bottom"] - c["top"]
        glyphs.append(Glyph(text, c["x0"], c["x1"], c["top"], c["bottom"], size))
    return glyphs, stats


def plumber_rules(lines: Iterable[dict], rects: Iterable[dict]) -> list[Rule]:
    """Vertical ruling lines: thin vertical lines, thin filled rectangles, the sides of
    stroked rectangles. Wide filled rectangles are shading (cell or text backgrounds) and
    say nothing about cell borders."""
    rules = []
    for ln in lines:
        if abs(ln["x1"] - ln["x0"]) <= RULE_MAX_WIDTH and ln["bottom"] - ln["top"] > 1:
            rules.append(Rule((ln["x0"] + ln["x1"]) / 2, ln["top"], ln["bottom"]))
    for r in rects:
        if r["bottom"] - r["top"] <= 1:
            continue
        if r["x1"] - r["x0"] <= RULE_MAX_WIDTH:
            rules.append(Rule((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]))
        elif r.get("stroke"):
            rules += [Rule(r["x0"], r["top"], r["bottom"]), Rule(r["x1"], r["top"], r["bottom"])]
    return rules


def plumber_hrules(lines: Iterable[dict], rects: Iterable[dict]) -> list[HRule]:
    """Horizontal ruling lines, by the same shapes as `plumber_rules` turned on their side:
    thin horizontal lines, thin filled rectangles, the top and bottom of stroked rectangles."""
    rules = []
    for ln in lines:
        if abs(ln["bottom"] - ln["top"]) <= RULE_MAX_WIDTH and ln["x1"] - ln["x0"] > 1:
            rules.append(HRule((ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"]))
    for r in rects:
        if r["x1"] - r["x0"] <= 1:
            continue
        if r["bottom"] - r["top"] <= RULE_MAX_WIDTH:
            rules.append(HRule((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
        elif r.get("stroke"):
            rules += [HRule(r["top"], r["x0"], r["x1"]), HRule(r["bottom"], r["x0"], r["x1"])]
    return rules


def _visible_area(page) -> tuple[float, float, float, float] | None:
    """The CropBox cut to the MediaBox, in the coordinates of pdfplumber's chars (both boxes
    are turned top-down as the chars are); unrotated pages only (None: not cut)."""
    if page.rotation % 360:
        return None
    m, c = page.mediabox, page.cropbox
    return max(m[0], c[0]), max(m[1], c[1]), min(m[2], c[2]), min(m[3], c[3])


def read_pages_plumber(
    data: bytes,
    name: str,
    layout: Callable[[Sequence[Glyph], int, Sequence[Rule]], list[Line]] | None = None,
    pages_ready: Callable[[int], None] | None = None,
    page_area: Callable[[int, tuple[float, float, float, float] | None], None] | None = None,
) -> tuple[list[list[Line]], list[str]]:
    """pdfplumber glyphs and rulings of every page → lines, through `layout` (default
    `glyphs_to_lines`). `pages_ready(n)` is called with the page count before the first page,
    so that an engine can prepare per-page data (camelot's grids); `page_area(n, box)` with each
    page's visible area before its layout."""
    import pdfplumber

    layout = layout or (lambda glyphs, number, rules: glyphs_to_lines(glyphs, number, rules))
    warnings: list[str] = []
    pages: list[list[Line]] = []
    cid_total = chars_total = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        raise InputError(name, f"not a readable PDF ({short_error(e)})") from None
    with pdf:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise InputError(name, f"not a readable PDF ({short_error(e)})") from None
        if pages_ready:
            pages_ready(n)
        for number in range(1, n + 1):
            try:
                page = pdf.pages[number - 1]
                chars = dedupe_chars(page.chars)
                rules = plumber_rules(page.lines, page.rects) + plumber_hrules(page.lines, page.rects)
            except Exception as e:
                warnings.append(f"pdf: page {number} could not be read ({short_error(e)}); left out")
                pages.append([])
                continue
            glyphs, stats = plumber_glyphs(chars)
            visible = _visible_area(page)
            page.close()
            cid_total += stats.unmapped
            chars_total += len(chars)
            warnings += glyph_warnings(number, stats, len(glyphs))
            glyphs, rules, dropped = on_page(glyphs, rules, visible)
            if dropped:
                warnings.append(off_page_warning(number, dropped))
            if page_area:
                page_area(number, visible)
            pages.append(layout(glyphs, number, rules))
    check_garbled(name, cid_total, chars_total)
    return pages, warnings
