"""Read the three printed tables of a report from their regions of the document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from gkparse.document import Line
from gkparse.models import ReportWarning
from gkparse.normalize.text import PUNCT_OR_SPACE, label_core
from gkparse.tables import column_major
from gkparse.tables.align import Vocabulary, align, token_pieces
from gkparse.tables.cells import TableResult, fit_values, hits_to_cells, row_cells
from gkparse.tables.positions import Visible, header_geometry, place_visible, visible_columns
from gkparse.tables.solve import Segment, blanks_print_nothing, solve
from gkparse.tables.text_columns import could_fill
from gkparse.tables.tokens import Token, lines_to_tokens
from gkparse.templates import ColumnSpec, Templates

HEADER_SLACK = 8  # "行政诉讼（件）": a header cell may add this many characters to its anchor
SIGNAL_MAX_CHARS = 16  # a format signal counts in a header-sized cell, not inside prose


def detect_format(lines: Sequence[Line], t: Templates) -> tuple[str | None, list[str]]:
    """2019 or 2021, from the column headers that only one format prints (formats.md §3.5)."""
    votes = {fmt: 0 for fmt in t.format_signals}
    for token in lines_to_tokens(lines):
        if token.kind not in ("text", "glued"):
            continue
        for piece in token_pieces(token):
            if len(piece.core) > SIGNAL_MAX_CHARS:
                continue
            for fmt, signals in t.format_signals.items():
                if any(s in piece.core for s in signals):
                    votes[fmt] += 1
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    if ranked[0][1] == 0:
        return _format_from_widths(lines, t), []
    warnings = []
    if ranked[1][1] > 0:
        warnings.append(
            "format: headers of both formats printed "
            + ", ".join(f"{f}×{n}" for f, n in ranked)
            + f"; read as {ranked[0][0]} where a column is not printed"
        )
    return ranked[0][0], warnings


def _format_from_widths(lines: Sequence[Line], t: Templates) -> str | None:
    """No header names the format: count the numbers of section 二 rows whose blocks differ
    between the formats (（五）（六） print 3 numbers in 2019, 1 in 2021)."""
    alignment = align(lines_to_tokens(lines), t.active_rows, _active_vocabulary(t))
    votes: dict[str, int] = {}
    for hit in alignment.hits:
        block = next(b for b in t.active_blocks if hit.row in b.rows)
        fits = {
            f
            for f, cols in block.columns.items()
            if could_fill(hit.values, len(cols), fit_values(hit.values, len(cols), False) is not None)
        }
        widths = {len(block.columns[f]) for f in fits}
        if len(fits) == 1 or (fits and len(widths) == 1 and len(fits) < len(block.columns)):
            for f in fits:
                votes[f] = votes.get(f, 0) + 1
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: kv[1], reverse=True)
    return ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None


def _active_vocabulary(t: Templates) -> Vocabulary:
    entries = [(t.active_header, "header", "信息内容")]
    for key, col in t.active_columns.items():
        entries += [(core, "column", key) for core in col.cores]
    return Vocabulary(entries, title_prefix=t.active_title)


def _report_missing(table: str, expected: Sequence[str], got: set[str], result: TableResult) -> None:
    missing = [k for k in expected if k not in got]
    if missing:
        result.warnings.append(f"{table}: rows not printed or not readable: {', '.join(missing)}")


def _note_alignment(
    table: str, orphans: Sequence[Token], unknown: Sequence[str], result: TableResult
) -> None:
    if orphans:
        sample = " ".join(t.text for t in orphans[:10])
        result.warnings.append(
            f"{table}: {len(orphans)} numbers with no row label were left out "
            f"({sample}{' …' if len(orphans) > 10 else ''})"
        )


def read_active_disclosure(lines: Sequence[Line], fmt: str | None, t: Templates) -> TableResult:
    """Section 二: 第二十条 blocks; each block's header row names its columns."""
    result = TableResult()
    rows = t.active_rows
    alignment = align(lines_to_tokens(lines), rows, _active_vocabulary(t))
    blocks = {b.item: b for b in t.active_blocks}
    block_of_row = {r.key: b for b in t.active_blocks for r in b.rows}
    header: list[str] = []
    header_block: str | None = None
    current_block: str | None = None
    columns_for: dict[int, Sequence[ColumnSpec]] = {}
    unsure: dict[int, ReportWarning] = {}  # rows whose block's columns the header does not tell
    for event in alignment.events:
        if event.kind == "title":
            current_block, header = event.key, []
            header_block = event.key
        elif event.kind == "column":
            if header_block != current_block:
                header, header_block = [], current_block
            header.append(event.key)
        elif event.kind == "row" and event.hit is not None:
            block = block_of_row[event.key]
            if current_block not in (None, block.item) and current_block in blocks:
                result.warnings.append(
                    f"{block.table}: row {event.key} printed under 第二十条第{current_block}项"
                )
            printed_header = header if header_block in (block.item, None) else []
            columns = _block_columns(block.item, printed_header, fmt, event.hit.values, t)
            if columns is None:
                # unless the table turns out cut at the page edge (`_clip_active`), left out
                unsure[id(event.hit)] = ReportWarning(
                    f"{block.table}: cannot tell the columns of 第二十条第{block.item}项 (header "
                    f"missing or incomplete, numbers fit no format); row {event.key} left out"
                )
                if fmt in block.columns:
                    columns_for[id(event.hit)] = [t.active_columns[k] for k in block.columns[fmt]]
                continue
            columns_for[id(event.hit)] = columns
            current_block = block.item
    hits = [h for h in alignment.hits if id(h) in columns_for or id(h) in unsure]
    kept = _clip_active(lines, hits, block_of_row, columns_for, t, result)
    for hit in hits:
        if id(hit) in unsure and id(hit) not in kept:
            result.warnings.append(unsure[id(hit)])
            columns_for.pop(id(hit), None)
    hits = [h for h in hits if id(h) in columns_for]  # the unsure rows not read as cut are gone from it
    header = header_geometry(lines, hits, columns_for)
    widths = {k: len(v) for k, v in columns_for.items()}
    apart, warnings = column_major.screen("active_disclosure", alignment, widths)
    hits = [h for h in hits if id(h) not in apart]
    result.warnings += warnings
    for table in ("documents", "administrative_actions"):
        table_hits = [h for h in hits if h.row.table == table]
        hits_to_cells(table, table_hits, [h.row for h in table_hits], columns_for, result, fmt=fmt,
                      header=header)
    _note_alignment("active_disclosure", alignment.orphans, alignment.unknown, result)
    got = {c.row for c in result.cells}
    expected = [r.key for r in rows if fmt is None or fmt in r.formats]
    if alignment.hits or any(e.kind == "title" for e in alignment.events):
        _report_missing("active_disclosure", expected, got, result)
    return result


def _clip_active(
    lines: Sequence[Line], hits: Sequence, block_of_row: dict, columns_for: dict[int, Sequence[ColumnSpec]],
    t: Templates, result: TableResult,
) -> set[int]:
    """Table 二 cut at the page's right edge (its number columns printed without shrinking): in
    each 第二十条 block whose header is cut (`visible_columns` from the lines after the block
    before), each row keeps the numbers under the columns whole on the page and is read over
    those; a row whose numbers do not match them one-to-one is left out, and so are all rows
    of a block whose one column is cut (its label, and maybe its number, run past the edge).
    Returns the ids of the hits read this way (hits_to_cells then reads them as they are)."""
    kept: set[int] = set()
    end = 0  # the line after the last row of the blocks before
    by_block: dict[str, list] = {}
    starts: dict[str, int] = {}
    for hit in hits:
        item = block_of_row[hit.row.key].item
        if item not in by_block:
            starts[item] = end
        by_block.setdefault(item, []).append(hit)
        if hit.values:
            end = max(end, max(v.line for v in hit.values) + 1)
    for item, block_hits in by_block.items():
        columns = next((columns_for[id(h)] for h in block_hits if id(h) in columns_for), None)
        if columns is None:
            continue
        first = min([h.line for h in block_hits] + [v.line for h in block_hits for v in h.values])
        numbers = [v for h in block_hits for v in h.values]
        visible = visible_columns(lines, columns, first, starts[item], least=0, flush=numbers)
        if visible is None:
            continue
        table = block_hits[0].row.table
        for hit in block_hits:
            placed = _visible_row(hit, visible)
            if placed is None:
                printed = sum(v.kind == "value" for v in hit.values)
                why = (f"its {printed} numbers cannot be matched one-to-one to the columns it shows whole"
                       if printed else "it prints nothing in the columns it shows whole")
                result.warnings.append(ReportWarning(
                    f"{table}: row {hit.row.key} ({hit.label}): the table is cut at the page's right edge "
                    f"and {why}; row left out",
                    code="columns_clipped", table=table, row=hit.row.key,
                ))
                columns_for.pop(id(hit), None)
                continue
            hit.values = placed
            columns_for[id(hit)] = columns[: len(placed)]
            kept.add(id(hit))
        read = min((len(columns_for[id(h)]) for h in block_hits if id(h) in columns_for), default=0)
        names = [c.labels[0] for c in columns[read:]]
        result.warnings.append(ReportWarning(
            f"{table}: the table is cut at the page's right edge; 第二十条第{item}项: {len(names)} columns "
            "not read: " + ", ".join(names),
            code="columns_clipped", table=table,
        ))
    return kept


def _visible_row(hit, visible: Visible) -> list[Token] | None:
    """A cut table's row over the columns it shows whole (`place_visible`), or None. A ruled row
    whose visible cells print nothing shows them as blank cells on its label's line: as the uncut
    reader reads blank ruled cells, those are its blanks (the cut ones stay out); without them
    (no rulings) the row prints nothing to read."""
    numbers = [v for v in hit.values if v.kind == "value"]
    if not numbers:
        shown = [v for v in hit.values if v.kind == "blank" and v.line == hit.line]
        return [replace(shown[0], box=None)] * visible.read if shown and len(shown) >= visible.read else None
    placed = place_visible(numbers, visible)
    return placed or None


def _block_columns(
    item: str, header: list[str], fmt: str | None, values: Sequence[Token], t: Templates
) -> list[ColumnSpec] | None:
    """The columns of a section 二 block row: as its header prints them, in official order.

    A header that names every column of one format wins (a 2021 report may print a 2019
    block). A wrapped or partly recognised header only narrows the choice: the report's
    format first, then a format whose column count the row's numbers fit.
    """
    block = next(b for b in t.active_blocks if b.item == item)
    printed = set(header)
    if printed and not printed <= {k for cols in block.columns.values() for k in cols}:
        printed = set()  # a header naming other blocks' columns says nothing about this one
    for cols in block.columns.values():
        if printed and set(cols) == printed:
            return [t.active_columns[k] for k in cols]
    candidates = [f for f, cols in block.columns.items() if printed <= set(cols)]

    def fits(f: str) -> bool:
        width = len(block.columns[f])
        return could_fill(values, width, fit_values(values, width, False) is not None)

    if fmt in candidates and (not printed or fits(fmt)):
        return [t.active_columns[k] for k in block.columns[fmt]]
    fitting = {block.columns[f] for f in candidates if fits(f)}
    if len(fitting) == 1:
        return [t.active_columns[k] for k in fitting.pop()]
    return None  # no header and both formats fit (or neither): the columns are a guess


def read_requests(lines: Sequence[Line], fmt: str | None, t: Templates) -> TableResult:
    """Section 三: 25 (2021) or 23 (2019) rows × 7 applicant columns."""
    result = TableResult()
    entries = [(core, "header", core) for core in t.requests_header]
    for col in t.requests_columns:
        entries += [(core, "column", col.key) for core in col.cores]
    tokens = lines_to_tokens(lines)
    alignment = align(tokens, t.requests_rows, Vocabulary(entries))
    columns = t.requests_columns
    columns_for = {id(h): columns for h in alignment.hits}
    grid = _header_grid(tokens, columns)
    header = header_geometry(lines, alignment.hits, columns_for)
    read, dropped = _clip_requests(lines, alignment, t, result)
    if read is not None:  # cut at the page edge: each row over the columns it shows whole
        columns_for = {id(h): columns[: len(h.values) or read] for h in alignment.hits}
        grid, header = None, {}
    widths = {id(h): len(columns_for[id(h)]) for h in alignment.hits}
    apart, warnings = column_major.screen("requests", alignment, widths)
    result.warnings += warnings
    hits = [h for h in alignment.hits if id(h) not in apart and id(h) not in dropped]
    hits_to_cells("requests", hits, t.requests_rows, columns_for, result, grid, fmt=fmt, header=header)
    _note_alignment("requests", alignment.orphans, alignment.unknown, result)
    if not alignment.hits:
        return result
    got = {c.row for c in result.cells}
    expected = _expected_request_rows(fmt, got, t)
    one_row = [r.key for r in t.requests_rows if r.printed_as_row and r.key in got]
    if fmt == "2021" and one_row and not any(r.parent in one_row and r.key in got for r in t.requests_rows):
        result.warnings.append(
            "requests: （六）其他处理 printed as one row (the 2021 format splits it in three); "
            "read as `other`"
        )
    _report_missing("requests", expected, got, result)
    return result


def _clip_requests(
    lines: Sequence[Line], alignment, t: Templates, result: TableResult
) -> tuple[int | None, set[int]]:
    """Table 三 cut at the page's right edge (its number columns printed without shrinking):
    each row keeps the numbers under the columns that are whole on the page, by the header's
    geometry (`visible_columns`), and is read over those columns only; a row whose numbers do
    not match them one-to-one is left out. Returns how many columns are read, or None (nothing
    changed) when the header is not cut, and the ids of the hits left out."""
    hits = [h for h in alignment.hits if any(v.kind == "value" for v in h.values)]
    if not hits:
        return None, set()
    first = min(v.line for h in hits for v in h.values)
    columns = t.requests_columns
    visible = visible_columns(lines, columns, first, headers=t.requests_header)
    if visible is None:
        return None, set()
    dropped: set[int] = set()
    for hit in alignment.hits:
        numbers = [v for v in hit.values if v.kind == "value"]
        if not numbers:
            # a row whose visible cells print nothing: its blank ruled cells, if shown (`_visible_row`)
            hit.values = _visible_row(hit, visible) or []
            continue
        placed = place_visible(numbers, visible)
        if placed is None:
            result.warnings.append(ReportWarning(
                f"requests: row {hit.row.key} ({hit.label}): the table is cut at the page's right edge and "
                f"its {len(numbers)} numbers cannot be matched one-to-one to the columns it shows whole; "
                "row left out", code="columns_clipped", table="requests", row=hit.row.key,
            ))
            dropped.add(id(hit))
            continue
        hit.values = placed
    read = min((len(h.values) for h in hits if id(h) not in dropped), default=visible.read)
    names = [c.labels[0] for c in columns[read:]]
    result.warnings.append(ReportWarning(
        f"requests: the table is cut at the page's right edge; {len(names)} columns not read: "
        + ", ".join(names),
        code="columns_clipped", table="requests",
    ))
    return visible.read, dropped


def _header_grid(tokens: Sequence[Token], columns: Sequence[ColumnSpec]) -> tuple[int, int] | None:
    """Cell positions of 自然人 and 总计 on one header line of a separated table, when they
    are exactly as far apart as the columns: the grid the rows are written on."""
    first, last = columns[0].cores, columns[-1].cores
    for token in tokens:
        if token.cell < 0 or token.kind != "text" or PUNCT_OR_SPACE.sub("", token.text) not in first:
            continue
        for other in tokens:
            if (
                other.line == token.line
                and other.cell == token.cell + len(columns) - 1
                and PUNCT_OR_SPACE.sub("", other.text) in last
            ):
                return token.cell, other.cell
    return None


def _expected_request_rows(fmt: str | None, got: set[str], t: Templates) -> list[str]:
    expected = []
    for row in t.requests_rows:
        if row.children or not row.emit:
            if row.printed_as_row and (fmt == "2019" or row.key in got):
                expected.append(row.key)
            continue
        parent = next((r for r in t.requests_rows if r.key == row.parent), None)
        if parent and parent.printed_as_row and (fmt not in row.formats or parent.key in got):
            continue
        expected.append(row.key)
    return expected


def read_review_litigation(lines: Sequence[Line], t: Templates) -> TableResult:
    """Section 四: 15 numbers under a 3-row header, in the template's order."""
    result = TableResult()
    tokens = lines_to_tokens(lines, leading_blanks=True)
    started = False
    values: list[Token] = []
    anchors = set(t.review_anchors) | set(t.review_header)
    column_cores = {core for col in t.review_columns for core in col.cores}
    for token in tokens:
        if token.kind in ("text", "glued"):
            cores = {p.core for p in token_pieces(token)}
            if cores & (anchors | column_cores) or any(
                a in c and len(c) <= len(a) + HEADER_SLACK for c in cores for a in anchors
            ):
                started = True
                values = []  # numbers before the header's end are not the data row
            continue
        if started:
            values.append(token)
    if not started:
        return result
    width = len(t.review_groups) * len(t.review_columns)
    # a header cut by the page edge first: the edge may leave part of a number (`1` of `10`),
    # which would make up the count of a whole row
    if _read_clipped_review(lines, values, t, result):
        return result
    fitted = fit_values(values, width)
    if fitted is None and any(v.run for v in values):
        slots = [
            (g.key, col, f"{g.label}·{col.labels[0]}") for g in t.review_groups for col in t.review_columns
        ]
        tokens = list(values)
        segment = Segment("review_litigation", t.review_groups[0].key, "行政复议、行政诉讼", slots, tokens,
                          hidden_blanks=blanks_print_nothing(tokens))
        result.add_solution(solve([segment], [], None, t))
        return result
    if fitted is None:
        printed = sum(1 for v in values if v.kind == "value")
        if printed:
            result.warnings.append(
                f"review_litigation: {len(values)} cells for {width} columns; "
                "table left out as ambiguous"
            )
        else:
            result.warnings.append("review_litigation: header printed without numbers")
        return result
    n = len(t.review_columns)
    for g, group in enumerate(t.review_groups):
        result.cells += row_cells("review_litigation", group, group.label, fitted[g * n : (g + 1) * n],
                                  t.review_columns, result.warnings, result.uncertain)
    result.settle_uncertain(None)
    labels = {(g.key, col.key): f"{g.label}·{col.labels[0]}"
              for g in t.review_groups for col in t.review_columns}
    result.cells = [replace(c, label=labels.get((c.row, c.col), c.label)) for c in result.cells]
    return result


def _read_clipped_review(lines: Sequence[Line], values: Sequence[Token], t: Templates,
                         result: TableResult) -> bool:
    """Table 四 cut at the page's right edge (15 columns printed without shrinking): the
    columns whose labels and cells are whole on the page get their numbers by the header's
    geometry, the cut ones are left out and named in a `columns_clipped` warning. False when
    the header is not cut (or not readable as a cut one): the other readings apply."""
    numbers = [v for v in values if v.kind == "value"]
    rows = {(v.page, v.line) for v in numbers}
    if len(rows) != 1:
        return False
    slots = [(g, col) for g in t.review_groups for col in t.review_columns]
    visible = visible_columns(lines, [col for _, col in slots], numbers[0].line,
                              headers=[label_core(g.label) for g in t.review_groups])
    if visible is None:
        return False
    placed = place_visible(numbers, visible)
    names = [f"{g.label}·{col.labels[0]}" for g, col in slots]
    if placed is None:
        result.warnings.append(ReportWarning(
            f"review_litigation: the table is cut at the page's right edge and its {len(numbers)} numbers "
            f"cannot be matched one-to-one to the {visible.read} columns it shows whole; table left out",
            code="columns_clipped", table="review_litigation",
        ))
        return True
    n = len(t.review_columns)
    for g, group in enumerate(t.review_groups):
        part = placed[g * n : (g + 1) * n]
        if not part:
            break
        columns = t.review_columns[: len(part)]
        cells = row_cells("review_litigation", group, group.label, part, columns, result.warnings)
        labels = {col.key: f"{group.label}·{col.labels[0]}" for col in columns}
        result.cells += [replace(c, label=labels[c.col]) for c in cells]
    result.warnings.append(ReportWarning(
        f"review_litigation: the table is cut at the page's right edge; {len(slots) - len(placed)} "
        f"columns not read: {', '.join(names[len(placed):])}",
        code="columns_clipped", table="review_litigation",
    ))
    return True


def is_requests_anchor(line: Line, t: Templates) -> bool:
    core = label_core(line.text)
    return any(a in core for a in t.requests_anchors)
