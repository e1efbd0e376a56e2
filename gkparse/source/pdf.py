"""PDF → Document: probe the text layer, then rebuild text lines and cells from the glyphs.

Two steps:

1. A probe with pypdfium2 (fast) decides whether the PDF has a usable text layer at all:
   `none` when the pages carry (almost) no characters (a scan), `garbled` when most characters
   have no Unicode mapping (`(cid:N)` in pdfminer, private-use or U+FFFD code points). Both need
   OCR, which gkparse does not do: `NoTextLayerError`. Encrypted and unreadable files are
   refused here as `InputError`, before pdfminer sees them.
2. A page reader (the engine) reads each page's characters as `Glyph`s and the vertical
   ruling lines of its table grids as `Rule`s: pypdfium2 (`pdf_pdfium.py`, engine "pdfium",
   the default; it runs the probe's test on the pages as it reads them) or pdfplumber
   (pdfminer, engine "pdfplumber", below). Both remove the glyphs WPS draws twice for fake
   bold (`dedupe_chars`). `glyphs_to_lines` groups the glyphs into physical lines by their
   vertical position, then into words and cells: a gap wider than about one character
   starts a new cell, as `pdftotext -layout` does with 2+ spaces, and so does a vertical
   ruling line of the table grid between two characters, however narrow the gap.

Vertical text (a rowspan label such as 三、本年度办理结果 drawn one glyph under the other) is
found before grouping; its glyphs are never glued to their neighbours: they come out as
1-character cells, which the table aligner treats as noise, instead of being glued into the
middle of another row's label.
"""

from __future__ import annotations

import bisect
import importlib
import io
import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from gkparse.document import Document, Line, RuledRow, drop_page_furniture
from gkparse.errors import InputError, NoTextLayerError

NO_TEXT_REASON = "no usable text layer (OCR needed)"
ENCRYPTED_REASON = "PDF is encrypted (password required)"
NO_PAGES_REASON = "not a readable PDF (no pages)"

PAGE_MIN_CHARS = 50  # a page with fewer readable characters counts as a page without text
TEXT_PAGES_SHARE = 0.5  # the text layer is "ok" when at least this share of pages has text
GARBLED_SHARE = 0.5  # more unmapped characters than this → garbled
CELL_GAP_CHARS = 1.0  # a gap wider than this many characters separates two cells
LINE_TOLERANCE = 0.5  # vertical centres closer than this × median char height share a line
WORD_X_TOLERANCE = 0.25  # gap (× char size) under which two glyphs belong to one word
RULE_MAX_WIDTH = 3.0  # points: a thinner vertical line or filled rectangle is a ruling line
DEDUPE_TOLERANCE = 1.0  # points: a same glyph drawn again this close is fake bold (as pdfplumber)

# pdfium error codes (fpdfview.h)
_PDFIUM_ERRORS = {
    1: "unknown error",
    2: "file not found or could not be opened",
    3: "damaged or truncated file",
    5: "unsupported security handler",
    6: "page not found or content error",
}
_ERR_PASSWORD = 4


# ---------------------------------------------------------------------------------------------
# Step 1: the text-layer probe (pypdfium2)


def _is_bad_char(ch: str) -> bool:
    code = ord(ch)
    return 0xE000 <= code <= 0xF8FF or code == 0xFFFD or (code < 0x20 and ch not in "\t\r\n")


def open_pdfium(data: bytes, name: str):
    """`data` as a pypdfium2 PdfDocument; encrypted and unreadable files raise InputError."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == _ERR_PASSWORD:
            raise InputError(name, ENCRYPTED_REASON) from None
        raise InputError(name, f"not a readable PDF ({_PDFIUM_ERRORS.get(code, 'unknown error')})") from None
    except Exception as e:  # pdfium may fail in other ways on hostile input
        raise InputError(name, f"not a readable PDF ({type(e).__name__})") from None


def probe_text_layer(data: bytes, name: str) -> tuple[int, str]:
    """Open the PDF with pdfium; return (pages, "ok" | "garbled" | "none").

    Raises InputError for encrypted (password-protected) and unreadable files.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = open_pdfium(data, name)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise InputError(name, NO_PAGES_REASON)
        counts = []
        for index in range(n_pages):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError:
                continue
            try:
                count = textpage.count_chars()
                printed = bad = 0
                for i in range(count):
                    if raw.FPDFText_IsGenerated(textpage.raw, i):
                        continue
                    code = raw.FPDFText_GetUnicode(textpage.raw, i)
                    ch = chr(code) if 0 <= code < 0x110000 else "\ufffd"
                    if ch.isspace():
                        continue
                    printed += 1
                    if _is_bad_char(ch) or raw.FPDFText_HasUnicodeMapError(textpage.raw, i) == 1:
                        bad += 1
            finally:
                textpage.close()
                page.close()
            counts.append((printed, bad))
    finally:
        pdf.close()
    return n_pages, text_layer(n_pages, counts)


def text_layer(n_pages: int, counts: Sequence[tuple[int, int]]) -> str:
    """The probe's verdict from the (printed, unmapped) character counts of the pages that
    could be read (spaces and the characters pdfium makes up are not counted)."""
    text_pages = sum(1 for printed, bad in counts if printed - bad >= PAGE_MIN_CHARS)
    if text_pages >= TEXT_PAGES_SHARE * n_pages:
        return "ok"
    # most pages carry no readable text: garbled when what is there is mostly unmapped
    printed_total = sum(printed for printed, _ in counts)
    bad_total = sum(bad for _, bad in counts)
    if printed_total and bad_total / printed_total > GARBLED_SHARE:
        return "garbled"
    return "none"


# ---------------------------------------------------------------------------------------------
# Step 2: glyphs → words → lines → cells (layout, independent of the PDF library)


@dataclass(frozen=True)
class Glyph:
    """One character with its box in page coordinates (top-down, points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Rule:
    """A vertical ruling line of a table grid: x, and its extent top to bottom."""

    x: float
    top: float
    bottom: float


def _vertical_runs(glyphs: Sequence[Glyph]) -> set[int]:
    """Indexes of glyphs stacked one under the other in drawing order (vertical text):
    consecutive glyphs of the same width and left edge, each starting where the last ends."""
    marked: set[int] = set()
    run: list[int] = []
    for i, g in enumerate(glyphs):
        if run:
            p = glyphs[run[-1]]
            size = max(min(p.size, g.size), 1.0)
            if (
                abs(g.x0 - p.x0) < 0.2 * size
                and abs(g.x1 - p.x1) < 0.2 * size
                and abs(g.top - p.bottom) <= 0.3 * size
                and g.text.strip()
            ):
                run.append(i)
                continue
            if len(run) >= 2:
                marked.update(run)
        run = [i] if g.text.strip() else []
    if len(run) >= 2:
        marked.update(run)
    return marked


def _rows(glyphs: Sequence[Glyph]) -> list[list[int]]:
    """Indexes of glyphs grouped into physical lines: a glyph joins the line whose mean
    vertical centre is within half a (median) character height of its own."""
    if not glyphs:
        return []
    centers = [(g.top + g.bottom) / 2 for g in glyphs]
    order = sorted(range(len(glyphs)), key=centers.__getitem__)
    tolerance = max(LINE_TOLERANCE * statistics.median(g.bottom - g.top for g in glyphs), 0.5)
    rows: list[list[int]] = []
    total = 0.0
    for i in order:
        c = centers[i]
        if rows and c - total / len(rows[-1]) <= tolerance:
            rows[-1].append(i)
            total += c
        else:
            rows.append([i])
            total = c
    return rows


def glyphs_to_lines(glyphs: Sequence[Glyph], page: int | None, rules: Sequence[Rule] = ()) -> list[Line]:
    """Glyphs of one page → its lines, top to bottom, split into cells.

    Within a line, glyphs closer than WORD_X_TOLERANCE characters are one word, words
    closer than CELL_GAP_CHARS characters are one cell (joined by a space), wider gaps start
    a new cell. A vertical ruling line between two glyphs is a cell boundary whatever the
    gap (narrow table columns, a label that runs up to its cell border). Glyphs of vertical
    text are cells of their own.
    """
    vertical = _vertical_runs(glyphs)
    lines = []
    for row in _rows(glyphs):
        row.sort(key=lambda i: glyphs[i].x0)
        middle = sum((glyphs[i].top + glyphs[i].bottom) / 2 for i in row) / len(row)
        borders = _merge_close(sorted(r.x for r in rules if r.top <= middle <= r.bottom))
        cells: list[str] = []
        columns: list[int] = []  # the ruled column of each cell (bisect into `borders`)
        spans: list[list[float]] = []  # x0, x1 of each cell
        prev: Glyph | None = None
        prev_isolated = False
        spaced = False
        for i in row:
            g = glyphs[i]
            if not g.text.strip():
                spaced = prev is not None
                continue
            isolated = i in vertical
            column = bisect.bisect_right(borders, (g.x0 + g.x1) / 2)
            if prev is None:
                cells.append(g.text)
                columns.append(column)
                spans.append([g.x0, g.x1])
            else:
                size = min(g.size, prev.size)
                gap = g.x0 - prev.x1
                if (
                    isolated
                    or prev_isolated
                    or gap > CELL_GAP_CHARS * size
                    or _border_between(borders, (prev.x0 + prev.x1) / 2, (g.x0 + g.x1) / 2)
                ):
                    cells.append(g.text)
                    columns.append(column)
                    spans.append([g.x0, g.x1])
                elif spaced or gap > WORD_X_TOLERANCE * size:
                    cells[-1] += " " + g.text
                    spans[-1][1] = g.x1
                else:
                    cells[-1] += g.text
                    spans[-1][1] = g.x1
            prev, prev_isolated, spaced = g, isolated, False
        if cells:
            ruled = ruled_cells(cells, columns, len(borders))
            row = _ruled_row(cells, columns, borders)
            if ruled:
                lines.append(Line(ruled, page, True, ruled=row))
            else:
                where = tuple((x0, x1) for x0, x1 in spans)
                lines.append(Line(tuple(cells), page, False, ruled=row, spans=where))
    return lines


def _ruled_row(cells: Sequence[str], columns: Sequence[int], borders: Sequence[float]) -> RuledRow | None:
    """The x-ranges of a ruled row's numbers and of the blank columns before its first number
    (in a row with no number: the blank columns after its last cell), or None when the line
    is not inside a ruled table."""
    from gkparse.normalize.values import is_value

    if len(borders) < 3 or any(not 0 < c < len(borders) for c in columns):
        return None

    def span(column: int) -> tuple[float, float]:
        return borders[column - 1], borders[column]

    first = next((i for i, c in enumerate(cells) if is_value(c)), len(cells))
    label_column = columns[first - 1] if first else 0
    end = columns[first] if first < len(cells) else len(borders)
    return RuledRow(
        first=first,
        numbers=tuple(span(c) for text, c in zip(cells, columns, strict=True) if is_value(text)),
        open_before=tuple(span(c) for c in range(label_column + 1, end)),
    )


COLUMN_TOLERANCE = 2.0  # points: the same ruled column on another row or page of a table


def fill_blank_number_cells(pages: list[list[Line]]) -> list[list[Line]]:
    """Emit the blank ruled cells that are number columns: columns where another row of the
    document prints a number (same borders within COLUMN_TOLERANCE). A blank column that
    never holds a number stays a label column.

    In a row with numbers, the blank columns right before its first number are filled. A row
    with no number at all (every count left blank) gets its blank cells only when every ruled
    column after its label is a number column; its blanks may also be a wrapped label's empty
    line, which the table reader sorts out (`Token.placeholder`).
    """
    number_columns = sorted({c for page in pages for ln in page if ln.ruled for c in ln.ruled.numbers})

    def holds_numbers(span: tuple[float, float]) -> bool:
        i = bisect.bisect_left(number_columns, (span[0] - COLUMN_TOLERANCE, -math.inf))
        for left, right in number_columns[i:]:
            if left > span[0] + COLUMN_TOLERANCE:
                return False
            if abs(right - span[1]) <= COLUMN_TOLERANCE:
                return True
        return False

    out = []
    for page in pages:
        filled = []
        for ln in page:
            row = ln.ruled
            if row is None:
                filled.append(ln)
                continue
            blanks = 0
            for span in reversed(row.open_before):
                if not holds_numbers(span):
                    break
                blanks += 1
            numbered = row.first < len(ln.cells)
            if numbered or (blanks and blanks == len(row.open_before)):
                cells = ln.cells[: row.first] + ("",) * blanks + ln.cells[row.first :]
                ln = Line(cells, ln.page, True, numbers_from=row.first)  # blanks shown: no spans
            filled.append(ln)
        out.append(filled)
    return out


def _merge_close(xs: Sequence[float], tolerance: float = 2.0) -> list[float]:
    """One border for rulings drawn twice or as a thick pair (no cell is 2 pt wide)."""
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > tolerance:
            merged.append(x)
    return merged


def ruled_cells(cells: Sequence[str], columns: Sequence[int], borders: int) -> tuple[str, ...] | None:
    """A ruled table row that prints numbers, with the blank cells among and after its
    numbers: a ruled column with no glyph right of the first number becomes "". Blank columns
    before the first number are not emitted here: from the rulings alone they may be label columns
    (a rowspan cell, a wrapped label's empty line) as well as a blank first number;
    `fill_blank_number_cells` settles them against the whole document. None when not
    applicable."""
    from gkparse.normalize.values import is_value

    if borders < 3 or any(not 0 < c < borders for c in columns):
        return None  # no ruled table here, or glyphs outside its columns
    first = next((i for i, c in enumerate(cells) if is_value(c)), None)
    if first is None:
        return None
    out: list[str] = list(cells[: first + 1])
    rest = zip(cells[first + 1 :], columns[first + 1 :], columns[first:-1], strict=True)
    for text, column, previous in rest:
        if column > previous + 1:
            out += [""] * (column - previous - 1)
        out.append(text)
    out += [""] * (borders - 1 - columns[-1])
    return tuple(out)


def _border_between(borders: Sequence[float], left: float, right: float) -> bool:
    """Is there a border strictly between two glyph centres? (`borders` sorted)"""
    i = bisect.bisect_right(borders, left)
    return i < len(borders) and borders[i] < right


# ---------------------------------------------------------------------------------------------
# The pdfplumber character reader


def _angle(matrix: Sequence[float]) -> float:
    a, b = matrix[0], matrix[1]
    return math.degrees(math.atan2(b, a)) % 360


def turn(matrix: Sequence[float]) -> str:
    """How a glyph with this text matrix (a, b, c, d, …; y upwards) is turned on the page:
    "level" (0° or 180°), "sideways" (90° or 270°) or "diagonal" (anything else, beyond 5°)."""
    angle = _angle(matrix)
    if min(angle % 90, 90 - angle % 90) > 5:
        return "diagonal"
    return "sideways" if 45 < angle % 180 < 135 else "level"


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


@dataclass
class GlyphStats:
    unmapped: int = 0  # (cid:N), private use, U+FFFD: no Unicode mapping
    diagonal: int = 0  # at an angle that is not a multiple of 90°
    sideways: int = 0  # turned by 90° or 270°


def _plumber_glyphs(chars: Iterable[dict]) -> tuple[list[Glyph], GlyphStats]:
    """pdfplumber chars → glyphs, leaving out unmapped and diagonal characters."""
    glyphs = []
    stats = GlyphStats()
    for c in chars:
        text = c["text"]
        if text.startswith("(cid:") or any(_is_bad_char(ch) for ch in text):
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


def _plumber_rules(lines: Iterable[dict], rects: Iterable[dict]) -> list[Rule]:
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


def read_pages_plumber(
    data: bytes,
    name: str,
    layout: Callable[[Sequence[Glyph], int, Sequence[Rule]], list[Line]] | None = None,
    pages_ready: Callable[[int], None] | None = None,
) -> tuple[list[list[Line]], list[str]]:
    """pdfplumber glyphs and rulings of every page → lines, through `layout` (default
    `glyphs_to_lines`). `pages_ready(n)` is called with the page count before the first page,
    so that an engine can prepare per-page data (camelot's grids)."""
    import pdfplumber

    layout = layout or (lambda glyphs, number, rules: glyphs_to_lines(glyphs, number, rules))
    warnings: list[str] = []
    pages: list[list[Line]] = []
    cid_total = chars_total = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        raise InputError(name, f"not a readable PDF ({_short(e)})") from None
    with pdf:
        try:
            n = len(pdf.pages)
        except Exception as e:
            raise InputError(name, f"not a readable PDF ({_short(e)})") from None
        if pages_ready:
            pages_ready(n)
        for number in range(1, n + 1):
            try:
                page = pdf.pages[number - 1]
                chars = dedupe_chars(page.chars)
                rules = _plumber_rules(page.lines, page.rects)
            except Exception as e:
                warnings.append(f"pdf: page {number} could not be read ({_short(e)}); left out")
                pages.append([])
                continue
            glyphs, stats = _plumber_glyphs(chars)
            page.close()
            cid_total += stats.unmapped
            chars_total += len(chars)
            warnings += glyph_warnings(number, stats, len(glyphs))
            pages.append(layout(glyphs, number, rules))
    check_garbled(name, cid_total, chars_total)
    return pages, warnings


def _read_pages_plumber(data: bytes, name: str) -> tuple[list[list[Line]], list[str]]:
    return read_pages_plumber(data, name)


def glyph_warnings(number: int, stats: GlyphStats, glyphs: int) -> list[str]:
    """What a page reader left out of page `number`, or could not read in order."""
    warnings = []
    if stats.unmapped:
        warnings.append(f"pdf: page {number}: {stats.unmapped} characters without a Unicode mapping left out")
    if stats.diagonal:
        warnings.append(f"pdf: page {number}: {stats.diagonal} characters at an angle (watermark?) left out")
    if stats.sideways * 2 > glyphs:
        warnings.append(
            f"pdf: page {number}: most text is turned sideways (90°), which is not read in"
            " line order; table rows on this page are likely missing"
        )
    return warnings


def check_garbled(name: str, unmapped: int, chars: int) -> None:
    """The reader's own check of the text layer: mostly unmapped characters → NoTextLayerError
    (the probe and the reader's library may map glyphs to Unicode each their own way)."""
    if chars and unmapped / chars > GARBLED_SHARE:
        raise NoTextLayerError(name, NO_TEXT_REASON)


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    text = text[:80]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


# ---------------------------------------------------------------------------------------------


def _read_pages_pdfium(data: bytes, name: str) -> tuple[list[list[Line]], list[str]]:
    from gkparse.source.pdf_pdfium import read_pages

    return read_pages(data, name)


# Page readers by engine name: each returns (lines per page, warnings). "auto" is the default.
ENGINES = {
    "pdfium": _read_pages_pdfium,
    "pdfplumber": _read_pages_plumber,
    "camelot": lambda d, n: importlib.import_module("gkparse.source.pdf_camelot").read_pages_camelot(d, n),
}
DEFAULT_ENGINE = "pdfium"
# Engines that run the text-layer probe themselves, on the pages as they read them (raising
# what `probe_text_layer` would lead to), so that the file is not opened twice
SELF_PROBING = {"pdfium"}


def pdf_to_document(data: bytes, name: str, engine: str = "auto") -> tuple[Document, str]:
    """Read a PDF into a Document; the second value is the text layer ("ok" when returned)."""
    engine = DEFAULT_ENGINE if engine == "auto" else engine
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from auto, {', '.join(ENGINES)})")
    if engine not in SELF_PROBING:
        _, layer = probe_text_layer(data, name)
        if layer != "ok":
            raise NoTextLayerError(name, NO_TEXT_REASON)
    pages, warnings = ENGINES[engine](data, name)
    pages = fill_blank_number_cells(pages)
    doc = Document(drop_page_furniture(pages), pages=len(pages), warnings=warnings, reader=f"pdf:{engine}")
    return doc, "ok"
