"""Default `pdftotext` output (no -layout) writes a table column by column: never trust order there.

Each table cell becomes a block of its own, and pdftotext reads the blocks column after column:
first the row labels, then the numbers of the first column top to bottom (blank cells
skipped), and so on, with the headers wherever their blocks fall (often after their columns).
The numbers that follow a label in such text are not that label's row (洪泽 2023: `本年处理决定数量
550 行政许可`; a fixture: `规章 … 行政事业性收费 7`, the 7 of 规章 under 行政事业性收费).

The dump shows itself by its disorder: row labels that follow each other with no number
between them (where the format gives those rows numbers), row labels met after the table has
passed their place, rows with more numbers than columns. A row whose
numbers sit on its label's own line is placed by that line, so it stays; every row whose numbers
come only from other lines is left out of such a table, with a warning. Reading the columns back
would need every blank cell to be printed, which this text never shows.
"""

from __future__ import annotations

from collections.abc import Sequence

from gkparse.tables.align import Alignment, RowHit
from gkparse.tables.tokens import Token

# a row may print no number at all (all its cells blank, or its numbers glued to the label):
# one label followed by another is no sign, two are
LABEL_RUNS = 2


def _carries_numbers(hit: RowHit) -> bool:
    row = hit.row
    return row.emit and not row.children and not hit.glued


def label_runs(hits: Sequence[RowHit]) -> int:
    """How often the label of a row that prints numbers is followed by another such label,
    with no number between them. The first row of a group whose label line carries that
    row's numbers (东莞: `（三）不予公开 0 0 0 …` over a bare `1. 属于国家秘密`) is no sign."""
    runs = 0
    for i in range(len(hits) - 1):
        hit, following = hits[i], hits[i + 1]
        if not (_carries_numbers(hit) and _carries_numbers(following)) or hit.values:
            continue
        before = hits[i - 1] if i else None
        if before is not None and before.row.key == hit.row.parent and before.values:
            continue
        runs += 1
    return runs


def _numbers(hit: RowHit) -> list[Token]:
    return [t for t in hit.values if t.kind == "value"]


def _apart(hit: RowHit) -> bool:
    """The row's numbers all come from lines other than its label's, lines that show no cell
    boundaries (one cell per line; a tab- or pipe-separated line is a row of its own)."""
    values = _numbers(hit)
    return bool(values) and all(t.line != hit.line and t.cell < 0 for t in values)


def screen(
    table: str, alignment: Alignment, widths: dict[int, int] | None = None
) -> tuple[set[int], list[str]]:
    """ids of the hits to leave out, and the warning, when the region reads as column-major:
    row labels in a row with no numbers between, row labels met after their place in the
    table, or a row with more numbers than columns (numbers of other rows mixed in)."""
    hits = alignment.hits
    apart = [h for h in hits if _apart(h)]
    if not apart:
        return set(), []
    signs = []
    runs = label_runs(hits)
    if runs >= LABEL_RUNS:
        signs.append(f"{runs} row labels followed by another with no number between")
    if alignment.late:
        signs.append(f"{len(alignment.late)} row labels out of the table's order")
    widths = widths or {}
    surplus = [
        h for h in apart if _carries_numbers(h) and id(h) in widths and len(_numbers(h)) > widths[id(h)]
    ]
    if surplus:
        signs.append(f"{len(surplus)} rows with more numbers than columns")
    if not signs:
        return set(), []
    rows = ", ".join(h.row.key for h in apart)
    warning = (
        f"{table}: numbers printed apart from their row labels in a text written column by column "
        f"(default pdftotext: {'; '.join(signs)}); rows left out: {rows}"
    )
    return {id(h) for h in apart}, [warning]
