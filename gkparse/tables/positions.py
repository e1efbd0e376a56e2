"""Place a row's numbers by where they sit, when its blank cells are not printed at all.

A PDF table without ruling lines shows a blank cell as nothing: `3   12` under 自然人 … 总计 could
be any two of the seven columns. Where the numbers sit on the page says which. The columns are
learned from the table itself: the rows that print every column or, failing those, the groups
the numbers of all rows form one under the other. Numbers may line up by their left edge, their
centre or their right edge (right-aligned columns); the edge whose columns are tightest wins.
When neither tells (a column no row prints, a browser table with blank cells everywhere), the
header says where each column is: the x-range of each column label (`header_columns`), also when
a narrow column prints its label over 3–4 lines or as vertical text.
PDF glyphs carry positions in points; `pdftotext -layout` text carries character columns
(`Token.char_x`, see text_columns.py), compared only within one page, whose grid is its own.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from gkparse.document import Line
from gkparse.normalize.text import PUNCT_OR_SPACE, fold
from gkparse.tables.align import RowHit
from gkparse.tables.tokens import Token
from gkparse.templates import ColumnSpec, RowSpec, templates

POSITION_MARGIN = 0.3  # a number must sit this close (× the gap between columns) to its column
CLUSTER_GAP = 1.5  # × the median number width: numbers of one column sit closer than this
CLUSTER_MIN_GAP = 6.0  # points
CLUSTER_MIN_GAP_CHARS = 2.0  # character columns of a text line
GROUP_RANGE_CHARS = 1.0  # text: the numbers of one column found by grouping sit this close
GROUP_MIN_CHARS = 2  # text: ... and are at least this many
EDGE_TIE_CHARS = 0.25  # text: an edge this much (per number) worse than the best still counts

EDGES: dict[str, Callable[[Token], float]] = {
    "left": lambda t: t.x[0],
    "centre": lambda t: (t.x[0] + t.x[1]) / 2,
    "right": lambda t: t.x[1],
}


@dataclass(frozen=True)
class Columns:
    edge: str  # which edge of a number lines up in its column: left, centre or right
    positions: tuple[float, ...]
    spread: float  # how far the table's numbers sit from their nearest column, summed (points)
    # text only: the other edges that fit the table about as well (numbers of one width cannot
    # tell a left-aligned column from a right-aligned one); a row is placed only where all agree
    rivals: tuple[Columns, ...] = ()


# column keys, text page, character columns, section 二 block (text only)
GridKey = tuple[tuple[str, ...], int | None, bool, str | None]


def grid_key(row: RowSpec, columns: Sequence[ColumnSpec], values: Sequence[Token]) -> GridKey | None:
    """Which geometry a row's numbers are measured against: their block's, and in text their
    page's (a page of pdftotext -layout text has a grid of its own) and their 第二十条 block's
    (each block may be a table of its own, with other column widths: 洪泽 2023 prints the
    (五) and (六) numbers 29 characters apart). None when the numbers mix units or text pages:
    such a row cannot be placed."""
    grids = {(t.page if t.char_x else None, t.char_x) for t in values}
    if len(grids) != 1:
        return None
    page, chars = grids.pop()
    return tuple(c.key for c in columns), page, chars, _block_of(row.key) if chars else None


@cache
def _blocks() -> dict[str, str]:
    return {r.key: b.item for b in templates().active_blocks for r in b.rows}


def _block_of(row: str) -> str | None:
    return _blocks().get(row)


def column_positions(
    hits: Sequence[RowHit], columns_for: dict[int, Sequence[ColumnSpec]]
) -> dict[GridKey, Columns]:
    """The number columns of each block (and text page), where they can be told."""
    complete: dict[GridKey, list[list[Token]]] = {}
    placed: dict[GridKey, list[Token]] = {}
    widths: dict[GridKey, int] = {}
    for hit in hits:
        columns = columns_for[id(hit)]
        values = [t for t in hit.values if not t.placeholder]
        key = grid_key(hit.row, columns, values) if values else None
        if key is None:
            continue
        widths[key] = len(columns)
        if all(t.kind == "value" and t.x for t in values):
            placed.setdefault(key, []).extend(values)
            if len(values) == len(columns) > 1:
                complete.setdefault(key, []).append(values)
    out = {}
    for key, tokens in placed.items():
        if key in complete:
            candidates = [_from_rows(complete[key], edge) for edge in EDGES]
        else:
            candidates = [_from_groups(tokens, edge, widths[key], key[2]) for edge in EDGES]
        least = CLUSTER_MIN_GAP_CHARS if key[2] else CLUSTER_MIN_GAP
        found = [_scored(c, tokens) for c in candidates if c is not None and _spaced(c, least)]
        if found:
            best = min(found, key=lambda c: c.spread)
            if key[2]:
                tie = best.spread + EDGE_TIE_CHARS * len(tokens)
                rivals = tuple(c for c in found if c is not best and c.spread <= tie)
                best = Columns(best.edge, best.positions, best.spread, rivals)
            out[key] = best
    return out


def _spaced(columns: Columns, least: float) -> bool:
    """Columns that stand apart, left to right: numbers written one under the other (default
    pdftotext puts every cell at the start of its own line) give no geometry at all."""
    return all(b - a >= least for a, b in pairwise(columns.positions))


def _from_rows(rows: list[list[Token]], edge: str) -> Columns:
    at = EDGES[edge]
    columns = zip(*rows, strict=True)
    return Columns(edge, tuple(statistics.median(at(t) for t in column) for column in columns), 0)


def _scored(columns: Columns, tokens: Sequence[Token]) -> Columns:
    """`columns` with its spread: how far every number of the table sits from its nearest column."""
    at = EDGES[columns.edge]
    spread = sum(min(abs(at(t) - p) for p in columns.positions) for t in tokens)
    return Columns(columns.edge, columns.positions, spread)


def _from_groups(tokens: Sequence[Token], edge: str, width: int, chars: bool = False) -> Columns | None:
    """The groups of numbers that sit one under the other: a gap wider than CLUSTER_GAP × the
    median number width between two sorted positions starts a new column. None unless there
    are as many groups as columns, and every two neighbouring groups share a printed line: one
    column's numbers never share a line, so two groups that never do may be halves of one
    column (aligned by another edge), with a column that prints nothing elsewhere."""
    at = EDGES[edge]
    ordered = sorted(tokens, key=at)
    least = CLUSTER_MIN_GAP_CHARS if chars else CLUSTER_MIN_GAP
    gap = max(CLUSTER_GAP * statistics.median(t.x[1] - t.x[0] for t in tokens), least)
    groups: list[list[Token]] = [[ordered[0]]]
    for token in ordered[1:]:
        if at(token) - at(groups[-1][-1]) > gap:
            groups.append([])
        groups[-1].append(token)
    if len(groups) != width or width < 2:
        return None
    if chars and any(at(g[-1]) - at(g[0]) > GROUP_RANGE_CHARS or len(g) < GROUP_MIN_CHARS for g in groups):
        return None  # a group wider than a character's slip may be two columns, a lone number anywhere
    lines = [{(t.page, t.line) for t in g} for g in groups]
    if any(not left & right for left, right in pairwise(lines)):
        return None
    return Columns(edge, tuple(statistics.median(at(t) for t in g) for g in groups), 0)


def place_by_position(values: Sequence[Token], columns: Columns | None) -> list[Token] | None:
    """The row placed under `columns` and every rival geometry, when they all agree; else None."""
    placed = _place(values, columns)
    if placed is None or columns is None:
        return placed
    for rival in columns.rivals:
        other = _place(values, rival)
        if other is None or [t.text for t in other] != [t.text for t in placed]:
            return None
    return placed


def _place(values: Sequence[Token], columns: Columns | None) -> list[Token] | None:
    """Each number in the column it sits under, the other cells blank. None unless every number
    is clearly under one column (within POSITION_MARGIN of the gap to the next) and the numbers
    keep their order."""
    if columns is None or not values or len(values) >= len(columns.positions):
        return None
    if any(t.kind != "value" or t.x is None for t in values):
        return None
    if len({(t.page, t.line) for t in values}) > 1:
        return None  # a borderless row prints its numbers on one line: these are not one row's
    positions, at = columns.positions, EDGES[columns.edge]
    placed: dict[int, Token] = {}
    for token in values:
        x = at(token)
        index = min(range(len(positions)), key=lambda i: abs(positions[i] - x))
        neighbours = [j for j in (index - 1, index + 1) if 0 <= j < len(positions)]
        gaps = [abs(positions[j] - positions[index]) for j in neighbours]
        if abs(positions[index] - x) > POSITION_MARGIN * min(gaps) or index in placed:
            return None
        if token.char_x and any(token.x[0] <= p <= token.x[1] for j, p in enumerate(positions) if j != index):
            return None  # a number reaching over another column's line: the edge is not this one
        if placed and index < max(placed):
            return None
        placed[index] = token
    sample = values[0]
    return [placed.get(i) or Token("blank", "", sample.line, sample.page) for i in range(len(positions))]


def header_columns(
    lines: Sequence[Line], columns: Sequence[ColumnSpec], before: int, start: int = 0
) -> Columns | None:
    """The columns where the header prints their labels, from the words of the lines `start`
    up to `before` (the table's or block's first row): the words that are pieces of column labels, grouped
    by overlapping x-ranges (a label wrapped over several lines, or vertical text, is one group),
    each group's pieces read top to bottom. None unless every column's label is one group, the
    groups in the columns' order and no other group among them: then the label centres are
    the columns (header and numbers are centred in their cells)."""
    cores = [set(c.cores) for c in columns]
    pieces = [core for c in columns for core in c.cores]
    words = []
    for index in range(max(start, 0), min(before, len(lines))):
        for cell in lines[index].words or ():
            for text, x0, x1 in cell:
                core = PUNCT_OR_SPACE.sub("", fold(text))
                if core and any(core in p for p in pieces):
                    words.append((x0, x1, index, core))
    groups = overlapping(words)
    found: list[tuple[int, float]] = []
    for group in groups:
        text = "".join(w[3] for w in sorted(group, key=lambda w: (w[2], w[0])))
        which = [k for k, c in enumerate(cores) if text in c]
        if len(which) != 1:
            return None
        found.append((which[0], (min(w[0] for w in group) + max(w[1] for w in group)) / 2))
    if len(columns) < 2 or [k for k, _ in found] != list(range(len(columns))):
        return None
    return Columns("centre", tuple(x for _, x in found), 0)


def agree(rows: Columns, header: Columns) -> bool:
    """Do the columns learned from the rows and those the header prints say the same? Each
    column found from the rows is nearest to the header label of the same column."""
    if len(rows.positions) != len(header.positions):
        return False
    return all(
        min(range(len(header.positions)), key=lambda j: abs(header.positions[j] - x)) == i
        for i, x in enumerate(rows.positions)
    )


Word = tuple[float, float, int, str]  # x0, x1, line index, label core


def overlapping(words: list[Word]) -> list[list[Word]]:
    """Header words grouped by overlapping x-ranges, left to right: a label wrapped over several
    lines, or printed as vertical text, is one group."""
    groups: list[list[Word]] = []
    right = -1e9
    for word in sorted(words):
        if groups and word[0] < right:
            groups[-1].append(word)
            right = max(right, word[1])
        else:
            groups.append([word])
            right = word[1]
    return groups


def header_geometry(
    lines: Sequence[Line], hits: Sequence[RowHit], columns_for: dict[int, Sequence[ColumnSpec]]
) -> dict[tuple[str, ...], Columns]:
    """`header_columns` of each block (by its column keys): the header is what the region
    prints after the rows of the block before it and before the block's first row."""
    out: dict[tuple[str, ...], Columns] = {}
    seen: set[tuple[str, ...]] = set()
    end = 0  # the line after the last row so far
    for hit in hits:
        lines_of_hit = [t.line for t in hit.values]
        columns = columns_for.get(id(hit))
        if columns is not None and lines_of_hit:
            key = tuple(c.key for c in columns)
            if key not in seen:
                seen.add(key)
                found = header_columns(lines, columns, min(lines_of_hit), end)
                if found is not None:
                    out[key] = found
        if lines_of_hit:
            end = max(end, max(lines_of_hit) + 1)
    return out


@dataclass(frozen=True)
class Visible:
    """The columns a table cut at the page's right edge still shows (`visible_columns`)."""

    # x-range of each printed column label, left to right (the last one may be a cut label)
    labels: tuple[tuple[float, float], ...]
    read: int  # how many columns are read: those whose cell is certain to lie on the page
    cut: bool = False  # the last label is one cut by the edge (its centre is not its column's)


def visible_columns(
    lines: Sequence[Line], columns: Sequence[ColumnSpec], before: int, start: int = 0,
    headers: Sequence[str] = (), least: int = 2, flush: Sequence[Token] | None = None,
) -> Visible | None:
    """The columns of a table whose right part is cut off, from its header (lines `start` up
    to `before`): the column labels printed whole, left to right in the template's order
    (the same label may name several columns, as 结果维持 in table 四's three groups). None
    unless they are a proper prefix of `columns` and what follows them is the pieces of the
    next label. What the edge left of a group header (`未` of 未经复议直接起诉, in `headers`)
    is no label piece. At least `least` labels must be whole (a block of table 二 has 1–3
    columns: with `least=0` a lone label cut by the edge gives a Visible that reads nothing).
    With `flush` (the rows' numbers), a header whose labels all look whole is still cut when
    the last one ends together with a number under it (`_flush`): its last column is not read.

    The cut falls inside the column after the last whole label, or at its edge. When that next
    label is printed in part, every column with a whole label lies on the page (`read` = all of
    them). Otherwise only the last column's label is certain to be whole, not its cell (a number
    there may lack the digits beyond the edge): it is read only when its number is centred under
    its label as all the row's numbers are (`place_visible`)."""
    found = _label_groups(lines, columns, before, start, headers)
    labels: list[tuple[float, float]] = []
    for k, group in enumerate(found):
        text = "".join(w[3] for w in sorted(group, key=lambda w: (w[2], w[0])))
        if k >= len(columns) or text not in columns[k].cores:
            break
        labels.append((min(w[0] for w in group), max(w[1] for w in group)))
    whole = len(labels)
    rest = found[whole:]
    # what follows the whole labels is the next one cut by the edge: its glyphs on the page,
    # in pieces (结 果 over 正, 纠 beyond the edge)
    cut = bool(rest)
    if cut:
        chars = {ch for g in rest for w in g for ch in w[3]}
        if whole >= len(columns) or not any(chars <= set(core) for core in columns[whole].cores):
            return None
        labels.append((min(w[0] for g in rest for w in g), max(w[1] for g in rest for w in g)))
    if whole == len(columns) and flush is not None and _flush(labels[-1], flush):
        # the last label whole to the eye, yet it and the number under it end together, right of
        # the label's middle: the edge cut both (本年收费金额 of 本年收费金额（单位：万元）, 0 of 0.1)
        return Visible(tuple(labels), whole - 1, True)
    if not max(least, 0 if cut else 1) <= whole < len(columns):
        return None
    # with the next label cut, the edge lies beyond the last whole label's cell; else it may cut it
    return Visible(tuple(labels), whole if cut else whole - 1, cut)


def _flush(label: tuple[float, float], numbers: Sequence[Token]) -> bool:
    """Does a number end where the label above it ends (within a label glyph's width, the
    label's glyphs being as wide as they are tall) while sitting right of the label's middle by
    more than a centred number's slip? Centred in one cell, a label and its number share a
    middle; cut by the page edge, both end at the edge."""
    x0, x1 = label
    for token in numbers:
        span = token.x or (token.box and (token.box[0], token.box[2]))
        if token.kind != "value" or not span:
            continue
        middle = (span[0] + span[1]) / 2
        if not x0 <= middle <= x1 + (x1 - x0):
            continue  # not under this label
        digit = (span[1] - span[0]) / max(len(token.text), 1)
        glyph = (token.box[3] - token.box[1]) if token.box else 2 * digit
        if abs(span[1] - x1) <= glyph and middle - (x0 + x1) / 2 > CENTRE_SLIP * digit:
            return True
    return False


def _label_groups(
    lines: Sequence[Line], columns: Sequence[ColumnSpec], before: int, start: int, headers: Sequence[str]
) -> list[list[Word]]:
    """The header's words that are pieces of column labels, grouped by overlapping x-ranges."""
    pieces = [core for c in columns for core in c.cores]
    words = []
    for index in range(max(start, 0), min(before, len(lines))):
        line = lines[index]
        # a ruled line has no words: its cells and their boxes are the words
        cells = line.words or [
            ((text, box[0], box[2]),) for text, box in zip(line.cells, line.boxes or (), strict=False) if box
        ]
        for cell in cells:
            for text, x0, x1 in cell:
                core = PUNCT_OR_SPACE.sub("", fold(text))
                if not core or not any(core in p for p in pieces):
                    continue
                if core not in pieces and any(h.startswith(core) for h in headers):
                    continue
                words.append((x0, x1, index, core))
    return overlapping(words)


def place_visible(values: Sequence[Token], visible: Visible) -> list[Token] | None:
    """A cut row's numbers under the visible columns: each number under one label (its centre
    within POSITION_MARGIN of the gap to the next label), at most one number per column, in
    order, all on one line; the read columns without a number are blank (their cells are on the
    page and print nothing); the numbers under the edge column, or right of every label, are
    dropped. None when a number is under no label or two share one."""
    centres = [(a + b) / 2 for a, b in visible.labels]
    placed: dict[int, Token] = {}
    if not visible.read and visible.cut:
        return None  # the one label printed is cut: no column is whole on the page
    for token in values:
        span = token.x or (token.box and (token.box[0], token.box[2]))
        if token.kind != "value" or not span:
            return None
        x = (span[0] + span[1]) / 2
        index = min(range(len(centres)), key=lambda i: abs(centres[i] - x))
        gaps = [abs(centres[j] - centres[index]) for j in (index - 1, index + 1) if 0 <= j < len(centres)]
        gaps = gaps or [visible.labels[0][1] - visible.labels[0][0]]  # one label: its width is the scale
        if index == len(centres) - 1 and x - centres[index] > POSITION_MARGIN * min(gaps):
            continue  # right of every label printed: under a label the edge cut off entirely
        if abs(centres[index] - x) > POSITION_MARGIN * min(gaps) or index in placed:
            return None
        if placed and index < max(placed):
            return None
        placed[index] = token
    if not placed or len({(t.page, t.line) for t in placed.values()}) > 1:
        return None  # the numbers of one printed row sit on one line
    sample = next(iter(placed.values()))
    # a column whose label and cell are whole on the page and that holds no number is blank
    row = [placed.get(i) or Token("blank", "", sample.line, sample.page) for i in range(visible.read)]
    edge = placed.get(visible.read)
    if edge is not None and not visible.cut and visible.read < len(centres) and all(
        _centred(t, centres[i]) for i, t in enumerate([*row, edge]) if t.kind == "value"
    ):
        row.append(edge)  # centred as every number of the row is: its digits are all on the page
    return row


CENTRE_SLIP = 0.3  # × a digit's width: a number centred in its column sits this close to its label's centre


def _centred(token: Token, centre: float) -> bool:
    """Does the number sit centred under its label? A number cut by the page edge has lost
    digits on its right: what is left sits left of the centre by half a digit or more."""
    x0, x1 = token.x or (token.box[0], token.box[2])
    digit = (x1 - x0) / max(len(token.text), 1)
    return abs((x0 + x1) / 2 - centre) <= CENTRE_SLIP * digit
