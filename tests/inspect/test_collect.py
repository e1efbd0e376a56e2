"""collect(): which cells a check names, the colour of each cell, blank cells' boxes, flagged rows."""

from __future__ import annotations

from gkparse.inspect.collect import check_cells, collect
from gkparse.models import Cell, Check, Meta, ReportData, ReportWarning, Source


def _check(rule: str, message: str) -> Check:
    return Check(rule, False, 1, 2, message)


def test_a_row_sum_names_its_total_and_parts():
    check = _check("review_litigation.review_total", "review: total printed 1, parts add to 0")
    assert check_cells(check) == [
        ("review_litigation", "review", c) for c in ("total", "upheld", "corrected", "other", "pending")
    ]


def test_a_column_sum_expands_its_groups_into_their_rows():
    keys = check_cells(_check("requests.results_total", "natural_person: total printed 9, rows add to 8"))
    rows = [r for _, r, _ in keys]
    assert keys[0] == ("requests", "total", "natural_person")
    assert {c for _, _, c in keys} == {"natural_person"}
    assert rows[1:3] == ["granted", "partially_granted"]
    assert "denied" in rows and "denied.state_secret" in rows and "other" in rows


def test_balance_group_range_at_least_and_prose_rules():
    assert check_cells(_check("requests.balance", "total: new_received + brought_forward = 3, total + "
                                                  "carried_forward = 2")) == [
        ("requests", r, "total") for r in ("new_received", "brought_forward", "total", "carried_forward")]
    group = check_cells(_check("requests.group_subtotal", "unable/total: subtotal printed 3, rows add to 2"))
    assert group[0] == ("requests", "unable", "total") and len(group) == 4
    negative = _check("documents.non_negative_integers", "rules/issued: -1 is not a non-negative integer")
    assert check_cells(negative) == [("documents", "rules", "issued")]
    assert check_cells(_check("documents.total_covers_new", "rules: total_published 1 < published 2")) == [
        ("documents", "rules", "total_published"), ("documents", "rules", "published")]
    assert check_cells(_check("requests.text_vs_table", "overview prose states 5 requests; table 4 / 6")) == [
        ("requests", "new_received", "total"), ("requests", "brought_forward", "total")]


def test_an_unknown_rule_names_no_cell():
    assert check_cells(_check("nowhere.nothing", "x: y")) == []


def _cell(row: str, col: str, raw: str, box=None, **kw) -> Cell:
    x0, top, x1, bottom = box or (None,) * 4
    value = int(raw) if raw else None
    return Cell("review_litigation", row, col, value, raw, kw.pop("page", 1), row, x0=x0, top=top, x1=x1,
                bottom=bottom, **kw)


def _report(cells, checks=(), warnings=()) -> ReportData:
    return ReportData(Source(None, "0" * 64, "pdf", 1), Meta(None, None, None, "2021"), [], list(cells),
                      list(checks), list(warnings))


def test_each_cell_gets_the_colour_of_what_it_is():
    cells = [
        _cell("review", "total", "1", (10, 20, 16, 30)),
        _cell("review", "upheld", "0", (30, 20, 36, 30)),
        _cell("litigation_direct", "total", "7", (10, 40, 16, 50), provenance="split_by_rules"),
        _cell("litigation_direct", "upheld", "3", (30, 40, 36, 50), provenance="ocr", confidence=0.85),
        _cell("litigation_direct", "corrected", "2", (50, 40, 56, 50), provenance="ocr", confidence=0.99),
        _cell("litigation_after_review", "upheld", "4", (30, 60, 36, 70)),
    ]
    failed = Check("review_litigation.review_total", False, 1, 0, "review: total printed 1, parts add to 0")
    view = collect(_report(cells, [failed]))
    assert [v.kind for v in view.cells] == ["failed", "failed", "solver", "ocr-low", "ocr", "read"]
    assert view.cells[0].failed == [failed]
    assert "FAILED review_litigation.review_total: expected 1, actual 0" in view.cells[0].tip()
    assert view.failed[0][1][0] == ("review_litigation", "review", "total")


def test_a_blank_cell_is_drawn_from_its_row_and_column_and_says_so():
    cells = [
        _cell("review", "total", "1", (10, 20, 16, 30)),
        _cell("review", "upheld", "", None),
        _cell("litigation_direct", "upheld", "3", (30, 40, 38, 50)),
        _cell("litigation_direct", "other", "", None),  # no printed cell in its column: not drawn
    ]
    view = collect(_report(cells))
    assert view.cells[1].box == (30, 20, 38, 30) and view.cells[1].estimated
    assert view.cells[3].box is None and not view.cells[3].estimated
    assert "blank cell: box drawn from its row and column" in view.cells[1].tip()


def test_a_flagged_row_is_boxed_where_its_cells_were_read_else_listed():
    cells = [_cell("review", "total", "1", (10, 20, 16, 30)),
             _cell("review", "upheld", "0", (30, 22, 36, 31))]
    warnings = [
        ReportWarning("review: glued", code="glued_ambiguous", table="review_litigation", row="review"),
        ReportWarning("gone", code="ocr_low_confidence", table="review_litigation", row="litigation_direct"),
        "requests: a note about no row",
    ]
    view = collect(_report(cells, warnings=warnings))
    assert [(f.row, f.page, f.box) for f in view.flagged] == [
        ("review", 1, (10, 20, 36, 31)), ("litigation_direct", None, None)]
    assert view.notes == ["requests: a note about no row"]
    assert view.pages() == [1]
