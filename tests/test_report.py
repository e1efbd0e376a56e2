"""The Report's DataFrame views: the printed table as rows × columns, typed for analysis."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import gkparse
from tests.conftest import corpus_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def test_table_is_rows_by_columns_in_template_order():
    report = gkparse.parse(corpus_file("hongze-district-2024.pdf"))
    review = report.table("review_litigation")
    assert review.index.tolist() == ["review", "litigation_direct", "litigation_after_review"]
    assert review.columns.tolist() == ["upheld", "corrected", "other", "pending", "total"]
    assert all(str(t) == "Int64" for t in review.dtypes)
    expected = {(c.row, c.col): c.value for c in report.items if c.table == "review_litigation"}
    assert {(r, c): review.loc[r, c] for r in review.index for c in review.columns} == expected


def test_counts_are_whole_numbers_and_amounts_are_not():
    report = gkparse.parse(corpus_file("hongze-district-2024.pdf"))
    actions = report.table("administrative_actions")
    # 本年收费金额 is printed 7545 (万元): still a Float64 column, as in every other report
    assert {col: str(t) for col, t in actions.dtypes.items()} == {"decisions": "Int64", "amount": "Float64"}
    assert actions.loc["fees", "amount"] == 7545.0 and pd.isna(actions.loc["fees", "decisions"])
    labelled = report.table("administrative_actions", labels=True)
    assert labelled.loc["行政事业性收费"].tolist()[1] == 7545.0


def test_blank_and_dash_cells_are_missing_values():
    report = gkparse.parse(FIXTURES / "report-0.tsv.txt")
    requests = report.table("requests")
    blanks = [(c.row, c.col) for c in report.items if c.table == "requests" and c.value is None]
    assert len(blanks) > 10  # the fixture prints blanks, —, ——, / and 无
    assert all(pd.isna(requests.loc[r, c]) for r, c in blanks)
    assert requests.notna().sum().sum() == sum(1 for c in report.items if c.table == "requests") - len(blanks)
