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
from typing import NamedTuple

from gkparse.document import Line, RuledRow

CELL_GAP_CHARS = 1.0  # a gap wider than this many characters separates two cells
LINE_TOLERANCE = 0.5  # vertical centres closer than this × median char height share a line
# two numbers this far apart (× char size) are two cells: digits of one number are set tight,
# while a borderless browser table may leave less than a character between two columns
DIGIT_GAP_CHARS = 0.25
WORD_X_TOLERANCE = 0.25  # gap (× char size) under which two glyphs belong to one word


class Glyph(NamedTuple):
    """One character with its box in page coordinates (top-down, points). A named tuple, not a
    dataclass: a page makes hundreds, and a frozen dataclass takes three times as long to build."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # the lines of a ruled cell joined into one glyph: top and bottom of all of them (the glyph
    # itself sits on its row's line)
    extent: tuple[float, float] | None = None
    # OCR's confidence in the text (0–1), None for a glyph of a text layer
    confidence: float | None = None


@dataclass(frozen=True)
class Rule:
    """A vertical ruling line of a table grid: x, and its extent top to bottom."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True)
class HRule:
    """A horizontal ruling line of a table grid: y, and its extent left to right. The page
    readers pass them among the `Rule`s; they close cells top and bottom (`join_wrapped_numbers`)."""

    y: float
    x0: float
    x1: float


EDGE_SLACK = 1.0  # points: a glyph may reach this far past the visible area's edge (rounding)

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def on_page(glyphs: Sequence[Glyph], rules: Sequence[Rule | HRule], visible: Box | None
            ) -> tuple[list[Glyph], list[Rule | HRule], int]:
    """What the page shows: the glyphs and rulings inside its visible area (the CropBox within
    the MediaBox, in display space), and how many glyphs were left out.

    A table printed wider than the page runs past its right edge: the glyphs there are in the
    content stream, or partly (a glyph cut by the edge), or not at all. Read as they are shown,
    every clipped table looks the same: its right columns are missing, and the table reader
    places what is left by the header geometry (`tables/positions.clipped_columns`). A glyph
    that reaches past the edge is left out too: half a digit is no digit, and the column it
    stood in is not read (its cell is not wholly on the page)."""
    if visible is None:
        return list(glyphs), list(rules), 0
    left, top, right, bottom = visible
    kept = [
        g for g in glyphs
        if g.x0 >= left - EDGE_SLACK and g.x1 <= right + EDGE_SLACK
        and top <= (g.top + g.bottom) / 2 <= bottom
    ]
    lines: list[Rule | HRule] = []
    for r in rules:
        if isinstance(r, HRule):
            if r.x1 > left and r.x0 < right and top - EDGE_SLACK <= r.y <= bottom + EDGE_SLACK:
                lines.append(HRule(r.y, max(r.x0, left), min(r.x1, right)))
        elif left - EDGE_SLACK <= r.x <= right + EDGE_SLACK and r.bottom > top and r.top < bottom:
            lines.append(r)
    return kept, lines, len(glyphs) - len(kept)


def picture_warning(number: int, pictured: float, visible: Box, glyphs: int) -> list:
    """A page with a text layer on which pictures cover at least `image_share` of the page
    (formats/ocr.yaml): what the picture shows (a table pasted as an image) is not read. A page
    with almost no text is not named here: it goes to OCR whole (`pages_needing_ocr`)."""
    from gkparse.models import ReportWarning
    from gkparse.templates import ocr_settings

    settings = ocr_settings()
    area = max(visible[2] - visible[0], 0.0) * max(visible[3] - visible[1], 0.0)
    if glyphs < settings["page_min_chars"] or not area or pictured < settings["image_share"] * area:
        return []
    return [ReportWarning(
        f"pdf: page {number}: pictures cover {min(pictured / area, 1.0):.0%} of the page; what they show "
        "(a table pasted as an image?) is not read",
        code="picture_not_read",
    )]


def off_page_warning(number: int, dropped: int):
    from gkparse.models import ReportWarning

    return ReportWarning(
        f"pdf: page {number}: {dropped} characters outside the page's visible area (CropBox) left out",
        code="glyphs_off_page",
    )


def _vertical_runs(glyphs: Sequence[Glyph]) -> set[int]:
    """Indexes of glyphs stacked one under the other in drawing order (vertical text):
    consecutive glyphs of the same width and left edge, each starting where the last ends."""
    marked: set[int] = set()
    run: list[int] = []
    for i, g in enumerate(glyphs):
        if run:
            p = glyphs[run[-1]]
            size = p.size if p.size < g.size else g.size
            if size < 1.0:
                size = 1.0
            # the test that fails first for level text comes first: it runs for every glyph
            if (
                abs(g.top - p.bottom) <= 0.3 * size
                and abs(g.x0 - p.x0) < 0.2 * size
                and abs(g.x1 - p.x1) < 0.2 * size
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
    horizontal = [r for r in rules if isinstance(r, HRule)]
    rules = [r for r in rules if not isinstance(r, HRule)]
    if horizontal and rules:
        glyphs = join_ruled_cells(glyphs, rules, horizontal)
    glyphs = join_wrapped_numbers(glyphs, rules, horizontal)
    vertical = _vertical_runs(glyphs)
    lines = []
    for row in _rows(glyphs):
        row.sort(key=lambda i: glyphs[i].x0)
        middle = sum((glyphs[i].top + glyphs[i].bottom) / 2 for i in row) / len(row)
        borders = _merge_close(sorted(r.x for r in rules if r.top <= middle <= r.bottom))
        cells: list[str] = []
        columns: list[int] = []  # the ruled column of each cell (bisect into `borders`)
        spans: list[list[float]] = []  # x0, x1, top, bottom of each cell
        words: list[list[list]] = []  # [text, x0, x1] of each word of each cell
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
            centre = (g.x0 + g.x1) / 2
            if prev is not None:
                size = g.size if g.size < prev.size else prev.size
                gap = g.x0 - prev.x1
            if (
                prev is None
                or isolated
                or prev_isolated
                or gap > CELL_GAP_CHARS * size
                or (gap > DIGIT_GAP_CHARS * size and g.text[:1].isdigit() and prev.text[-1:].isdigit())
                or (borders and _border_between(borders, (prev.x0 + prev.x1) / 2, centre))
            ):  # a new cell
                cells.append(g.text)
                columns.append(bisect.bisect_right(borders, centre))
                spans.append([g.x0, g.x1, *(g.extent or (g.top, g.bottom))])
                words.append([[g.text, g.x0, g.x1]])
                confs.append(g.confidence)
            else:
                if spaced or gap > WORD_X_TOLERANCE * size:
                    cells[-1] += " " + g.text
                    words[-1].append([g.text, g.x0, g.x1])
                else:
                    cells[-1] += g.text
                    words[-1][-1][0] += g.text
                    words[-1][-1][2] = g.x1
                _grow(spans[-1], g)
                if g.confidence is not None:
                    confs[-1] = _lower(confs[-1], g.confidence)
            prev, prev_isolated, spaced = g, isolated, False
        if cells:
            ruled = ruled_cells(cells, columns, len(borders))
            row = _ruled_row(cells, columns, borders)
            boxes = [(x0, top, x1, bottom) for x0, x1, top, bottom in spans]
            ocr = any(c is not None for c in confs)
            if ruled:
                placed = _ruled_boxes(boxes, cells, columns, len(ruled))
                confidence = spread(confs, ruled) if ocr else None
                lines.append(Line(ruled, page, True, ruled=row, boxes=placed, confidence=confidence))
            else:
                where = tuple((x0, x1) for x0, x1, _, _ in spans)
                in_words = tuple(tuple((t, x0, x1) for t, x0, x1 in cell) for cell in words)
                lines.append(Line(tuple(cells), page, False, ruled=row, spans=where, words=in_words,
                                  boxes=tuple(boxes), confidence=tuple(confs) if ocr else None))
    return lines


def _lower(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def spread(confs: Sequence[float | None], cells: Sequence[str]) -> tuple[float | None, ...]:
    """The confidences of a line's filled cells, placed on the cells once blanks were put
    among them (a filled cell is never blank, so the k-th filled cell is the k-th confidence)."""
    it = iter(confs)
    return tuple(next(it) if c else None for c in cells)


CELL_MAX_LINES = 8  # a ruled cell's lines are joined up to this many (a label in a narrow cell, a number)
SENTENCE_ENDS = frozenset("。！？；")  # a label never holds one; prose does
PROSE_LINE_CHARS = 20  # characters on a line of a cell that holds running text, not a label


def join_ruled_cells(
    glyphs: Sequence[Glyph], borders: Sequence[Rule], horizontal: Sequence[HRule],
    one_char_runs: bool = False,
) -> list[Glyph]:
    """The lines of one ruled cell are one text: a label wrapped over 2–3 lines of a narrow
    label cell, a number wrapped in a narrow number column (`13` over `24`). Each closed cell
    (vertical rulings left and right, horizontal ones crossing it above and below) whose glyphs
    sit on several lines becomes one glyph, its lines joined, where its row's one-line cells
    sit (at the middle of its lines when all of the row's cells have several). Vertical text is
    left alone, and so are a frame drawn around prose (`_prose`: running text with no number
    beside it) and a cell that spans several rows (a group label: its middle may fall between
    two rows). With `one_char_runs` (OCR, whose glyphs are whole text pieces) only single
    characters can be vertical text: two lines of a label of the same width are no vertical run."""
    vertical = _vertical_runs(glyphs)
    if one_char_runs:
        vertical = {i for i in vertical if len(glyphs[i].text) == 1}
    cells: dict[tuple[float, float, float, float], list[int]] = {}
    across_cache: dict[tuple[float, float], list[float]] = {}
    # only the glyphs level with some vertical ruling can be in a ruled cell
    spans = sorted((r.top, r.bottom) for r in borders)
    bands: list[list[float]] = []
    for top, bottom in spans:
        if bands and top <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], bottom)
        else:
            bands.append([top, bottom])
    starts = [b[0] for b in bands]

    def in_table(g: Glyph) -> bool:
        y = (g.top + g.bottom) / 2
        k = bisect.bisect_right(starts, y) - 1
        return k >= 0 and y <= bands[k][1]

    inside = [i for i, g in enumerate(glyphs) if in_table(g)]
    if not inside:
        return list(glyphs)
    sub = [glyphs[i] for i in inside]
    for sub_row in _rows(sub):
        row = [inside[k] for k in sub_row]
        middle = sum((glyphs[i].top + glyphs[i].bottom) / 2 for i in row) / len(row)
        edges = _merge_close(sorted(r.x for r in borders if r.top <= middle <= r.bottom))
        if len(edges) < 3:
            continue
        for i in row:
            g = glyphs[i]
            if i in vertical or not g.text.strip():
                continue
            x = (g.x0 + g.x1) / 2
            k = bisect.bisect_right(edges, x)
            if not 0 < k < len(edges):
                continue
            left, right = edges[k - 1], edges[k]
            if (left, right) not in across_cache:
                across_cache[left, right] = sorted(
                    h.y for h in horizontal if h.x0 <= left + 1.0 and h.x1 >= right - 1.0
                )
            ys = across_cache[left, right]
            y = (g.top + g.bottom) / 2
            j = bisect.bisect_right(ys, y)
            if not 0 < j < len(ys):
                continue
            cells.setdefault((left, right, ys[j - 1], ys[j]), []).append(i)
    lines_of = {key: _cell_lines(glyphs, members) if _tall(glyphs, members) else [members]
                for key, members in cells.items()}
    # where a row's one-line cells sit (by its rulings above and below): the joined cells of the
    # row go there, whether the row's cells are centred or top-aligned
    level: dict[tuple[float, float], list[float]] = {}
    for (_, _, ceiling, floor), lines in lines_of.items():
        if len(lines) == 1:
            (members,) = lines
            level.setdefault((ceiling, floor), []).append(
                sum((glyphs[i].top + glyphs[i].bottom) / 2 for i in members) / len(members)
            )
    drop: set[int] = set()
    joined: list[Glyph] = []
    for (left, right, ceiling, floor), parts in lines_of.items():
        if not 1 < len(parts) <= CELL_MAX_LINES or _prose(glyphs, parts, (left, ceiling, floor), lines_of):
            continue
        if any(
            ceiling + 1 < h.y < floor - 1 and (h.x0 - 1 <= right <= h.x1 + 1 or h.x0 - 1 <= left <= h.x1 + 1)
            for h in horizontal
        ):
            continue  # a rowspan cell: rows of its neighbours end inside it; its lines stay where they are
        members = [glyphs[i] for part in parts for i in part]
        text = ""
        for part in parts:
            piece = _line_text([glyphs[i] for i in part])
            if _latin(text[-1:]) and _latin(piece[:1]):
                text += " "
            text += piece
        top = min(g.top for g in (glyphs[i] for i in parts[0]))
        bottom = max(g.bottom for g in (glyphs[i] for i in parts[-1]))
        height = statistics.median(g.bottom - g.top for g in members)
        middle = statistics.median(level[ceiling, floor]) if (ceiling, floor) in level else (top + bottom) / 2
        x0, x1 = min(g.x0 for g in members), max(g.x1 for g in members)
        size = statistics.median(g.size for g in members)
        confs = [g.confidence for g in members if g.confidence is not None]
        joined.append(Glyph(text, x0, x1, middle - height / 2, middle + height / 2, size, (top, bottom),
                            min(confs) if confs else None))
        drop.update(i for part in parts for i in part)
    if not joined:
        return list(glyphs)
    return [g for i, g in enumerate(glyphs) if i not in drop] + joined


def _prose(
    glyphs: Sequence[Glyph], parts: list[list[int]], where: tuple[float, float, float],
    cells: dict[tuple[float, float, float, float], list[list[int]]],
) -> bool:
    """Is a ruled cell a frame around prose, not a wrapped label? A label cell sits in a row with
    number cells beside it (or, in a row left all blank, is short: no sentence end, short
    lines); a frame holds running text, sentences or long lines, with no number-only cell in its
    row band."""
    left, ceiling, floor = where
    for (x0, _, top, bottom), lines in cells.items():
        if x0 != left and top < floor and bottom > ceiling and any(
            all(glyphs[i].text in NUMBER_CHARS for i in line) for line in lines
        ):
            return False
    text = [g.text for part in parts for g in (glyphs[i] for i in part)]
    return bool(SENTENCE_ENDS & set(text)) or sum(len(p) >= PROSE_LINE_CHARS for p in parts) >= 2


def _tall(glyphs: Sequence[Glyph], members: list[int]) -> bool:
    """Do a cell's glyphs sit on more than one line (centres more than half a glyph apart)?"""
    centres = [glyphs[i].top + glyphs[i].bottom for i in members]  # twice the centre
    g = glyphs[members[0]]
    return max(centres) - min(centres) > g.bottom - g.top


def _cell_lines(glyphs: Sequence[Glyph], members: list[int]) -> list[list[int]]:
    """The glyphs of one cell by line, top to bottom, each left to right: a line ends where the
    next glyph's centre is more than half a glyph lower (within a cell, lines are a pitch apart;
    the page's line grouping may put two lines of a narrow cell beside one row's numbers)."""
    ordered = sorted(members, key=lambda i: glyphs[i].top + glyphs[i].bottom)
    lines: list[list[int]] = []
    last = -math.inf
    for i in ordered:
        g = glyphs[i]
        centre = (g.top + g.bottom) / 2
        if centre - last > 0.5 * (g.bottom - g.top):
            lines.append([])
        lines[-1].append(i)
        last = centre
    return [sorted(line, key=lambda i: glyphs[i].x0) for line in lines]


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _line_text(glyphs: Sequence[Glyph]) -> str:
    """One line of a cell, its glyphs left to right: a gap wider than WORD_X_TOLERANCE between
    two Latin letters or digits is a space; Chinese text has none."""
    out = ""
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None and g.x0 - prev.x1 > WORD_X_TOLERANCE * min(g.size, prev.size) and (
            prev.text[-1:].isascii() and g.text[:1].isascii()
        ):
            out += " "
        out += g.text
        prev = g
    return out


NUMBER_CHARS = frozenset("0123456789,.")
WRAP_GAP = 0.35  # × char size: the most white space between two lines of one cell
WRAP_ALIGN = 0.3  # × char size: a wrapped number's lines share a left edge, centre or right edge


@dataclass
class _Fragment:
    """A run of number characters on one line (a number, or one line of a wrapped one)."""

    members: list[int]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def _fragments(glyphs: Sequence[Glyph], borders: Sequence[Rule]) -> list[list[_Fragment]]:
    """The number runs of a page, by physical line top to bottom (left to right within one):
    glyphs of NUMBER_CHARS closer than WORD_X_TOLERANCE with no ruling line between them."""
    digits = [i for i, g in enumerate(glyphs) if g.text in NUMBER_CHARS]
    if len(digits) < 2:
        return []
    sub = [glyphs[i] for i in digits]
    out = []
    for row in _rows(sub):
        row.sort(key=lambda k: sub[k].x0)
        line: list[_Fragment] = []
        for k in row:
            g = sub[k]
            last = line[-1] if line else None
            middle = (g.top + g.bottom) / 2
            if (
                last is not None
                and g.x0 - last.x1 <= WORD_X_TOLERANCE * min(g.size, last.size)
                and not any(r.top <= middle <= r.bottom and last.x1 - 0.5 < r.x < g.x0 + 0.5 for r in borders)
            ):
                last.members.append(digits[k])
                last.x1, last.text = g.x1, last.text + g.text
                last.top, last.bottom = min(last.top, g.top), max(last.bottom, g.bottom)
                continue
            line.append(_Fragment([digits[k]], g.x0, g.x1, g.top, g.bottom, g.size, g.text))
        out.append(line)
    return out


def _aligned(a: _Fragment, b: _Fragment) -> bool:
    tol = WRAP_ALIGN * min(a.size, b.size)
    return abs(a.x0 - b.x0) <= tol or abs(a.x1 - b.x1) <= tol or abs(a.centre - b.centre) <= tol


def _column(borders: Sequence[Rule], x: float, y: float) -> tuple[float, float] | None:
    """The ruled column around x at height y: the nearest vertical rulings left and right."""
    left = max((r.x for r in borders if r.top <= y <= r.bottom and r.x < x), default=None)
    right = min((r.x for r in borders if r.top <= y <= r.bottom and r.x > x), default=None)
    return None if left is None or right is None else (left, right)


def _across(horizontal: Sequence[HRule], x0: float, x1: float) -> list[float]:
    """The heights of the horizontal rulings that cross the whole of [x0, x1]."""
    return [h.y for h in horizontal if h.x0 <= x0 + 0.5 and h.x1 >= x1 - 0.5]


def join_wrapped_numbers(
    glyphs: Sequence[Glyph], borders: Sequence[Rule], horizontal: Sequence[HRule]
) -> list[Glyph]:
    """A number wrapped inside a narrow cell (`13` over `24`) becomes one glyph `1324`, at the
    middle of its lines (where its row's other cells sit, centred), so that it is one value.

    Inside a ruled cell (vertical rulings left and right, horizontal ones above and below) the
    number lines of one cell are one number, when they are all the numbers of that cell.
    Without rulings, number lines are one number only when they share an edge or centre, the
    white space between them is under WRAP_GAP characters, and other numbers (the row's one-line
    cells, vertically centred) sit at their middle in other columns. Never across a ruling line."""
    lines = _fragments(glyphs, borders)
    if len(lines) < 2:
        return list(glyphs)
    ordered = [f for line in lines for f in line]
    candidates: list[list[_Fragment]] = []
    taken: set[int] = set()
    for n, upper in enumerate(lines[:-1]):
        for a in upper:
            if id(a) in taken:
                continue
            chain = [a]
            for lower in lines[n + 1 :]:
                last = chain[-1]
                reach = last.bottom + WRAP_GAP * last.size
                if min(f.top for f in lower) > reach:
                    break
                below = [
                    b for b in lower
                    if last.bottom <= b.top <= reach and _aligned(last, b)
                    and not any(
                        last.bottom - 0.5 < h.y < b.top + 0.5 and h.x0 < b.centre < h.x1 for h in horizontal
                    )
                ]
                if len(below) > 1:
                    break
                chain += below
            if len(chain) > 1:
                candidates.append(chain)
                taken.update(id(f) for f in chain)
    # a line of another wrapped number is no evidence of a row's middle
    stacked = {id(f) for chain in candidates for f in chain}
    alone = [f for f in ordered if id(f) not in stacked]
    chains = [chain for chain in candidates if _one_cell(chain, ordered, alone, borders, horizontal)]
    if not chains:
        return list(glyphs)
    drop: set[int] = set()
    out = list(glyphs)
    for chain in chains:
        members = [i for f in chain for i in f.members]
        drop.update(members)
        first = glyphs[chain[0].members[0]]
        size = first.size
        middle = (chain[0].top + chain[-1].bottom) / 2
        height = first.bottom - first.top
        out.append(Glyph(
            "".join(f.text for f in chain),
            min(f.x0 for f in chain), max(f.x1 for f in chain),
            middle - height / 2, middle + height / 2, size, (chain[0].top, chain[-1].bottom),
            min((c for f in chain for i in f.members if (c := glyphs[i].confidence) is not None),
                default=None),
        ))
    return [g for i, g in enumerate(out) if i not in drop]


def _one_cell(
    chain: list[_Fragment], ordered: Sequence[_Fragment], alone: Sequence[_Fragment],
    borders: Sequence[Rule], horizontal: Sequence[HRule],
) -> bool:
    """Are the lines of `chain` the lines of one table cell (see `join_wrapped_numbers`)?"""
    top, bottom = chain[0], chain[-1]
    columns = {_column(borders, f.centre, (f.top + f.bottom) / 2) for f in chain}
    if len(columns) != 1:
        return False
    column = columns.pop()
    if column is not None and horizontal:
        left, right = column
        across = _across(horizontal, left, right)
        if any(top.top - 0.5 < y < bottom.bottom + 0.5 for y in across):
            return False  # a ruling between the lines: two cells
        above = [y for y in across if y <= top.top + 0.5]
        below = [y for y in across if y >= bottom.bottom - 0.5]
        if not above or not below:
            return False
        ceiling, floor = max(above), min(below)
        inside = [f for f in ordered if left < f.centre < right and ceiling < (f.top + f.bottom) / 2 < floor]
        return len(inside) == len(chain)
    # without rulings, the row's own one-line numbers say it: vertically centred, they sit at
    # the middle of the wrapped lines, in other columns (two rows stacked have nothing there)
    # and the wrapped lines hold nothing else (stacked rows each print their own numbers there)
    middle = (top.top + bottom.bottom) / 2
    x0, x1 = min(f.x0 for f in chain), max(f.x1 for f in chain)
    beside = [f for f in alone if f.x1 < x0 or f.x0 > x1]

    def level(f: _Fragment, y: float) -> bool:
        return abs((f.top + f.bottom) / 2 - y) <= WRAP_ALIGN * f.size

    if any(level(f, (g.top + g.bottom) / 2) for f in beside for g in chain):
        return False
    return any(level(f, middle) for f in beside)


def _grow(span: list[float], g: Glyph) -> None:
    top, bottom = g.extent or (g.top, g.bottom)
    span[1] = g.x1
    if top < span[2]:
        span[2] = top
    if bottom > span[3]:
        span[3] = bottom


def _ruled_boxes(
    boxes: Sequence[Box], cells: Sequence[str], columns: Sequence[int], width: int
) -> tuple[Box | None, ...]:
    """The boxes of `ruled_cells`' output: each printed cell's glyph box, None for the blank
    cells it adds (the same walk as `ruled_cells`)."""
    from gkparse.normalize.values import is_value

    first = next(i for i, c in enumerate(cells) if is_value(c))
    out: list[Box | None] = list(boxes[: first + 1])
    rest = zip(boxes[first + 1 :], columns[first + 1 :], columns[first:-1], strict=True)
    for box, column, previous in rest:
        out += [None] * max(column - previous - 1, 0)
        out.append(box)
    out += [None] * (width - len(out))
    return tuple(out)


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
                boxes = ln.boxes[: row.first] + (None,) * blanks + ln.boxes[row.first :] if ln.boxes else None
                confidence = None
                if ln.confidence:
                    printed = [c for text, c in zip(ln.cells, ln.confidence, strict=True) if text]
                    confidence = spread(printed, cells)
                ln = Line(cells, ln.page, True, numbers_from=row.first, boxes=boxes,
                          confidence=confidence)  # blanks shown: no spans
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
