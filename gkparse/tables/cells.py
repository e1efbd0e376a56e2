"""Turn aligned rows into cells: count the values against the columns, or leave the row out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gkparse.models import Cell, ReportWarning
from gkparse.normalize.values import parse_value
from gkparse.tables.align import RowHit
from gkparse.tables.positions import Columns, agree, column_positions, grid_key, place_by_position
from gkparse.tables.solve import Segment, Solution, blanks_print_nothing, solve
from gkparse.tables.tokens import Token
from gkparse.templates import ColumnSpec, RowSpec, templates


@dataclass
class TableResult:
    cells: list[Cell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (rule, subject) of the checks the glued-cell solver relied on (gkparse/tables/solve.py)
    used_to_split: set[tuple[str, str]] = field(default_factory=set)

    def add_solution(self, solution: Solution) -> None:
        self.cells += solution.cells
        self.warnings += solution.warnings
        self.used_to_split |= solution.used


def fit_values(
    values: Sequence[Token],
    width: int,
    leading_filler: bool = True,
    grid: tuple[int, int] | None = None,
) -> list[Token] | None:
    """The row's values when they fill its columns in exactly one way, else None.

    Surplus cells may only be blanks at either end: a trailing tab, or the blank left by a
    label spanning two label columns. When dropping them from the start or from the end gives
    different rows (`\t（六）其他处理\t\t8\t3\t0\t0\t0\t0\t` with a blank 总计), the row is
    ambiguous and None: a guess here would shift every number one column. A label that fills
    one label column (a numbered 1.–8. row, a section 二 row) leaves no such blank:
    `leading_filler=False` then drops surplus blanks from the end only. `grid` (the cell
    positions of the first and last number column, from a tab-separated header) settles the
    choice when the row is written on the header's grid (its label in its own label column).
    """
    cells = list(values)
    surplus = len(cells) - width
    if surplus < 0:
        return None
    fits = {}
    for lead in range(surplus + 1 if leading_filler else 1):
        trail = surplus - lead
        dropped = cells[:lead] + cells[len(cells) - trail :]
        if all(c.kind == "blank" for c in dropped):
            fit = cells[lead : len(cells) - trail]
            fits.setdefault(tuple((c.kind, c.text) for c in fit), fit)
    if len(fits) == 1:
        return next(iter(fits.values()))
    if grid:
        on_grid = [f for f in fits.values() if (f[0].cell, f[-1].cell) == grid]
        if len(on_grid) == 1:
            return on_grid[0]
    return None


def row_cells(
    table: str,
    row: RowSpec,
    label: str,
    values: Sequence[Token],
    columns: Sequence[ColumnSpec],
    warnings: list[str] | None = None,
) -> list[Cell]:
    """The row's cells. An OCR number below the confidence bar (`Token.uncertain`) is left out,
    and named in a warning added to `warnings`."""
    cells = []
    doubtful = []
    for token, col in zip(values, columns, strict=True):
        if token.uncertain:
            doubtful.append(f"{col.key} ({token.text!r} at {token.confidence:.2f})")
            continue
        parsed = parse_value(token.text, col.unit) if token.kind == "value" else None
        x0, top, x1, bottom = token.box or (None, None, None, None)
        source_row, source_col = token.source or (None, None)
        cells.append(
            Cell(
                table=table,
                row=row.key,
                col=col.key,
                value=parsed.value if parsed else None,
                raw=parsed.raw if parsed else "",
                page=token.page,
                label=label,
                x0=x0,
                top=top,
                x1=x1,
                bottom=bottom,
                provenance="ocr" if token.ocr else "printed",
                confidence=token.confidence if token.ocr and token.kind == "value" else None,
                source_row=source_row,
                source_col=source_col,
            )
        )
    if doubtful and warnings is not None:
        warnings.append(ReportWarning(
            f"{table}: row {row.key} ({label}): OCR read {', '.join(doubtful)} with low confidence; "
            "left out",
            code="ocr_low_confidence", table=table, row=row.key,
        ))
    return cells


def _unlabelled_rows(values: Sequence[Token], width: int, rows: int) -> list[list[Token]] | None:
    """Numbers printed under a group label with no row labels (formats.md §3.2, owenbabies):
    one printed line per row, or one run that fills the rows exactly; else None."""
    lines: dict[int, list[Token]] = {}
    for token in values:
        lines.setdefault(token.line, []).append(token)
    printed = [v for v in lines.values() if any(t.kind == "value" for t in v)]
    fitted = [f for f in (fit_values(v, width, leading_filler=False) for v in printed) if f is not None]
    if len(printed) == rows and len(fitted) == rows:
        return fitted
    if len(values) == width * rows:
        return [list(values[n * width : (n + 1) * width]) for n in range(rows)]
    return None


def _depth(row: RowSpec, by_key: dict[str, RowSpec]) -> int:
    """Label column of a section 三 row on the full grid: 一、 0, （一） 1, 1. 2."""
    depth, parent = 0, row.parent
    while parent is not None:
        depth += 1
        parent = by_key[parent].parent if parent in by_key else None
    return depth


def spans_label_columns(table: str, row: RowSpec, by_key: dict[str, RowSpec]) -> bool:
    """Section 三 has 3 label columns: a row label above level 3 (一、 … （七）) may span
    several of them and leave a blank filler cell before its numbers."""
    if table != "requests":
        return False
    parent = by_key.get(row.parent) if row.parent else None
    return parent is None or parent.parent is None


def _scattered(values: Sequence[Token]) -> bool:
    """PDF numbers placed by position (every one has an x-range) on more than one line: a
    borderless table prints a row's numbers on one line, so some belong to another row (the
    top line of a neighbour's wrapped number)."""
    printed = [t for t in values if t.kind == "value"]
    lines = {(t.page, t.line) for t in printed}
    pdf = all(t.x is not None and not t.char_x for t in printed)  # text columns are no PDF rows
    return bool(printed) and pdf and len(lines) > 1


def _wrapped_in_text(hit: RowHit, values: Sequence[Token]) -> bool:
    """`pdftotext -layout` numbers on the label's line and on other lines: a narrow column's
    numbers wrapped (`11` over `7`), so the row's numbers mix with pieces of others; counting
    them would fill the columns by chance."""
    lines = {t.line for t in values if t.kind == "value" and t.char_x}
    return len(lines) > 1 and hit.line in lines


def _all_blank(values: Sequence[Token]) -> bool:
    return all(t.kind == "blank" for t in values)


def hits_to_cells(
    table: str,
    hits: Sequence[RowHit],
    rows: Sequence[RowSpec],
    columns_for: dict[int, Sequence[ColumnSpec]],
    result: TableResult,
    grid: tuple[int, int] | None = None,
    fmt: str | None = None,
    header: dict[tuple[str, ...], Columns] | None = None,
) -> None:
    """Place each hit's values; move numbers printed on a group label to its first row.

    `columns_for` maps id(hit) to that row's columns. A group label with numbers whose
    first row printed none (the 东莞 `（三）不予公开 0 0 0 …` above an empty
    `1. 属于国家秘密`) gives the numbers to that first row. A group label whose numbers
    fill all its unlabelled rows exactly is read by position, with a warning. Rows whose
    digits are glued go to the solver together, once every other row of the table is placed.
    """
    by_key = {r.key: r for r in rows}
    glued: list[Segment] = []
    hit_keys = {h.row.key for h in hits}
    positions = column_positions(hits, columns_for)
    by_position: list[str] = []
    for index, hit in enumerate(hits):
        columns = columns_for[id(hit)]
        width = len(columns)
        where = f"{table}: row {hit.row.key} ({hit.label})"
        values = [t for t in hit.values]
        if any(not t.placeholder for t in values):
            values = [t for t in values if not t.placeholder]  # the label's other lines
        children_printed = any(k in hit_keys for k in hit.row.children)
        if not values or _all_blank(values):
            # a group label carries no numbers — unless it is printed as the row itself
            # (（六）其他处理 as one row), whose blank cells are still its cells
            if not hit.row.emit or children_printed or (hit.row.children and not values):
                continue
            if hit.row.children and not hit.row.printed_as_row:
                continue
            if not values:
                result.warnings.append(f"{where}: no values printed; row left out")
                continue
        if hit.row.children or not hit.row.emit:
            first = by_key.get(hit.row.children[0]) if hit.row.children else None
            following = hits[index + 1] if index + 1 < len(hits) else None
            if (
                first is not None
                and following is not None
                and following.row.key == first.key
                and not following.glued
                and (not following.values or _all_blank(following.values))
            ):
                # the filler blank after a spanning group label is the group's, not the row's
                on_grid = grid if grid and hit.label_cell == _depth(hit.row, by_key) else None
                fitted = fit_values(values, width, spans_label_columns(table, hit.row, by_key), on_grid)
                following.values = fitted if fitted is not None else values
                result.warnings.append(f"{where}: numbers printed on the group label belong to {first.key}")
                continue
            children = [by_key[k] for k in hit.row.children if k in by_key]
            unlabelled = children and not any(c.key in hit_keys for c in children)
            chunks = _unlabelled_rows(values, width, len(children)) if unlabelled else None
            if chunks and len(children) > 1 and all(not c.children and not any(t.run for t in values)
                                                     for c in children):
                for child, chunk in zip(children, chunks, strict=True):
                    result.cells += row_cells(table, child, child.label, chunk, columns, result.warnings)
                result.warnings.append(f"{where}: its rows printed without labels; read by position")
                continue
            if not hit.row.emit:
                result.warnings.append(f"{where}: numbers on a label that has none; left out")
                continue
        if any(t.run for t in values):
            slots = [(hit.row.key, col, hit.label) for col in columns]
            tokens = list(values)  # blank ends are read both as cells and as separators (solve.py)
            glued.append(Segment(table, hit.row.key, hit.label, slots, tokens,
                                 hidden_blanks=blanks_print_nothing(tokens)))
            continue
        if _scattered(values) or _wrapped_in_text(hit, values):
            result.warnings.append(
                f"{where}: numbers on several lines of a table without ruling lines; row left out"
            )
            continue
        on_grid = grid if grid and hit.label_cell == _depth(hit.row, by_key) else None
        fitted = fit_values(values, width, spans_label_columns(table, hit.row, by_key), on_grid)
        if fitted is None:
            key = grid_key(hit.row, columns, values)
            from_rows = positions.get(key) if key else None
            from_header = (header or {}).get(tuple(c.key for c in columns))
            if from_rows is not None and from_header is not None and not agree(from_rows, from_header):
                from_rows = from_header = None  # the rows and the header disagree: no column is certain
            fitted = place_by_position(values, from_rows)
            if fitted is None:
                fitted = place_by_position(values, from_header)
            if fitted is not None:
                by_position.append(hit.row.key)
        if fitted is None:
            result.warnings.append(
                f"{where}: {len(values)} cells for {width} columns; row left out as ambiguous"
            )
            continue
        result.cells += row_cells(table, hit.row, hit.label, fitted, columns, result.warnings)
    if glued:
        result.add_solution(solve(glued, result.cells, fmt, templates()))
    if by_position:
        result.warnings.append(
            f"{table}: {len(by_position)} rows print no blank cells (a table without ruling lines); their "
            f"numbers placed by where they sit: {', '.join(by_position)}"
        )
