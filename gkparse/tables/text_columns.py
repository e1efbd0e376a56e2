"""Character columns of plain-text lines (`pdftotext -layout`), for placing a row's numbers.

pdftotext -layout writes every glyph into one character cell of a grid it lays over the page:
a CJK character takes one column like a digit, not two, so the column a number starts at is its
character index, not its display width (on the 洪泽 2023 text, the 总计 column starts at index
78 on every row of page 3, while its display-width position runs from 78 to 94 with the
labels' lengths). Each page gets a grid of its own (another scale, another origin), so columns
are only compared within a page. Numbers of different widths shift by a character against
each other (their glyphs are narrower than the grid's cell), which the position rule's margin
allows for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gkparse.normalize.values import clean, is_value

if TYPE_CHECKING:  # tokens.py reads Lines that are built with these spans
    from gkparse.tables.tokens import Token


Span = tuple[float, float]
Spans = tuple[Span | None, ...]


def text_line_cells(raw: str, cells: tuple[str, ...]) -> tuple[tuple[str, ...], Spans | None]:
    """A text line's cells (split on wide gaps) with their character ranges [start, end) in
    the raw line, a character per grid column, CJK included.

    A cell of numbers one space apart ("166 155 11", "- 79") is split into one cell per
    number, so that "- 79" is a dash and a number, never −79. pdftotext leaves one space only
    where it pushed a number right, off its column, to clear the text before it: such numbers
    get no position (None), so they neither place a row nor teach the table its columns.
    None for the spans when a cell cannot be found in the raw line.
    """
    out: list[str] = []
    pushed: list[bool] = []
    for cell in cells:
        parts = cell.split(" ")
        if len(parts) > 1 and all(clean(p) and is_value(p) for p in parts):
            out += parts
            pushed += [True] * len(parts)
        else:
            out.append(cell)
            pushed.append(False)
    spans: list[Span | None] = []
    at = 0
    for cell, moved in zip(out, pushed, strict=True):
        start = raw.find(cell, at)
        if start < 0 or not cell:
            return tuple(out), None
        at = start + len(cell)
        spans.append(None if moved else (float(start), float(at)))
    return tuple(out), tuple(spans)


def blanks_hidden(values: Sequence[Token]) -> bool:
    """The row's numbers come from a line that cannot show a blank cell (split on wide gaps, or
    a PDF row without rulings): fewer numbers than columns may be blanks left unprinted, so
    the count of numbers is no evidence of which columns a row has."""
    return bool(values) and all(t.kind == "value" and t.cell < 0 for t in values)


def could_fill(values: Sequence[Token], width: int, fits: bool) -> bool:
    """Whether `width` columns may be the row's: its cells fit them (`fits`), or they may with
    blank cells that the line does not show."""
    return fits or (blanks_hidden(values) and len(values) < width)
