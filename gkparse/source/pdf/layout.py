"""Step 2: glyphs → words → lines → cells (layout, independent of the PDF library).

A page reader (`pdfium`, `plumber`) reads each page's characters as `Glyph`s and the vertical
ruling lines of its table grids as `Rule`s. `glyphs_to_lines` groups the glyphs into physical
lines by their vertical position, then into words and cells: a gap wider than about one
character starts a new cell, as `pdftotext -layout` does with 2+ spaces, and so does a
vertical ruling line of the table grid between two characters, however narrow the gap.

Vertical text (a rowspan label such as 三、本年度办理结果 drawn one glyph under the other) is
found before grouping; its glyphs are never glued to their neighbours: they come out as
1-character cells, which the table aligner treats as noise, instead of being glued into the
middle of another row's label.
"""

from __future__ import annotations

import bisect
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from gkparse.document import Line, RuledRow

CELL_GAP_CHARS = 1.0  # a gap wider than this many characters separates two cells
LINE_TOLERANCE = 0.5  # vertical centres closer than this × median char height share a line
WORD_X_TOLERANCE = 0.25  # gap (× char size) under which two glyphs belong to one word


@dataclass(frozen=True)
class Glyph:
    """One character with its box in page coordinates (top-down, points)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # OCR's confidence in the text (0–1), None for a glyph of a text layer
    confidence: float | None = None


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
        confs: list[float | None] = []  # the lowest OCR confidence in each cell (OCR pages)
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
                confs.append(g.confidence)
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
                    confs.append(g.confidence)
                else:
                    cells[-1] += (" " if spaced or gap > WORD_X_TOLERANCE * size else "") + g.text
                    spans[-1][1] = g.x1
                    confs[-1] = _lower(confs[-1], g.confidence)
            prev, prev_isolated, spaced = g, isolated, False
        if cells:
            ruled = ruled_cells(cells, columns, len(borders))
            row = _ruled_row(cells, columns, borders)
            ocr = any(c is not None for c in confs)
            if ruled:
                confidence = spread(confs, ruled) if ocr else None
                lines.append(Line(ruled, page, True, ruled=row, confidence=confidence))
            else:
                where = tuple((x0, x1) for x0, x1 in spans)
                lines.append(Line(tuple(cells), page, False, ruled=row, spans=where,
                                  confidence=tuple(confs) if ocr else None))
    return lines


def _lower(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def spread(confs: Sequence[float | None], cells: Sequence[str]) -> tuple[float | None, ...]:
    """The confidences of a line's filled cells, placed on the cells once blanks were put
    among them (a filled cell is never blank, so the k-th filled cell is the k-th confidence)."""
    it = iter(confs)
    return tuple(next(it) if c else None for c in cells)


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
                confidence = None
                if ln.confidence:
                    printed = [c for text, c in zip(ln.cells, ln.confidence, strict=True) if text]
                    confidence = spread(printed, cells)
                ln = Line(cells, ln.page, True, numbers_from=row.first, confidence=confidence)  # no spans
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


@dataclass
class GlyphStats:
    unmapped: int = 0  # (cid:N), private use, U+FFFD: no Unicode mapping
    diagonal: int = 0  # at an angle that is not a multiple of 90°
    sideways: int = 0  # turned by 90° or 270°


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
