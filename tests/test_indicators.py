"""Indicators (formats/indicators.yaml): values hand-computed from the goldens' cells, and nulls with
their reasons where a part is missing, blank, zero or failed a check."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import gkparse
from gkparse.cli import cli
from gkparse.indicators import COLUMNS, definitions, indicator_rows
from tests.conftest import corpus_file

NAMES = ["dongguan-drc-2019.txt", "hongze-district-2023.pdf", "hongze-district-2024.pdf"]
REVIEW_FAILED = ("review_litigation.review_total failed (review: total printed 0, parts add to 11)")
PROSE_FAILED = ("requests.text_vs_table failed (overview prose states 17 requests; table 95 / 95)")


@pytest.fixture(scope="module")
def table() -> dict[str, dict[str, tuple]]:
    """file → indicator → (value, numerator, denominator, n, null_reason), of the three real reports."""
    reports = [gkparse.parse(corpus_file(n)) for n in NAMES]
    frame = gkparse.indicators(reports)
    names = {r.source.report_id: n for r, n in zip(reports, NAMES, strict=True)}
    out: dict[str, dict[str, tuple]] = {}
    for row in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        out.setdefault(names[row["report_id"]], {})[row["indicator"]] = (
            row["value"], row["numerator"], row["denominator"], row["n"], row["null_reason"])
        CAVEATS[(names[row["report_id"]], row["indicator"])] = row["caveat"]
    return out


CAVEATS: dict[tuple[str, str], str | None] = {}  # (file, indicator) → caveat, filled by `table`


def test_every_report_gets_every_indicator(table):
    ids = [d.id for d in definitions()]
    assert ids == ["received", "disclosure_rate", "denial_rate", "unable_share", "review_correction_rate",
                   "dispute_rate", "carried_forward_share", "rules_in_force_change",
                   "normative_documents_in_force_change"]
    assert all(list(table[n]) == ids for n in NAMES)


def test_dongguan_2019_by_hand(table):
    # golden: 新收 93, 结转 0; 予以公开 18, 部分公开 4; 不予公开 all 0; 无法提供 60 + 0 + 0; 总计 93;
    # 结转下年度 0; 四 all 0 (no review concluded)
    got = table["dongguan-drc-2019.txt"]
    assert got["received"] == (93, 93, None, 93, None)
    assert got["disclosure_rate"] == (pytest.approx(22 / 93), 22, 93, 93, None)
    assert got["denial_rate"] == (0, 0, 93, 93, None)
    assert got["unable_share"] == (pytest.approx(60 / 93), 60, 93, 93, None)
    assert got["review_correction_rate"] == (None, 0, 0, 0, "denominator is 0")
    assert got["dispute_rate"] == (0, 0, 93, 93, None)
    assert got["carried_forward_share"] == (0, 0, 93, 93, None)
    assert got["normative_documents_in_force_change"] == (None, None, None, None, "not in the 2019 format")


def test_hongze_2023_by_hand_and_its_failed_review_total(table):
    # golden: 新收 21; 予以公开 0, 部分公开 4; 不予公开 1+0+0+0+0+1+1+0 = 3; 无法提供 10+3+0 = 13;
    # 复议 10 1 0 0 | 总计 0: review_total fails, so neither the correction nor the dispute rate is given
    got = table["hongze-district-2023.pdf"]
    assert got["received"] == (21, 21, None, 21, None)
    assert got["disclosure_rate"] == (pytest.approx(4 / 21), 4, 21, 21, None)
    assert got["denial_rate"] == (pytest.approx(3 / 21), 3, 21, 21, None)
    assert got["unable_share"] == (pytest.approx(13 / 21), 13, 21, 21, None)
    assert got["review_correction_rate"] == (
        None, None, None, None, f"review_litigation/review/corrected: {REVIEW_FAILED}")
    assert got["dispute_rate"] == (None, None, None, None, f"review_litigation/review/total: {REVIEW_FAILED}")
    assert got["carried_forward_share"] == (0, 0, 21, 21, None)
    assert got["normative_documents_in_force_change"] == (
        None, None, None, None, "no report of the year before from this agency")


def test_hongze_2024_by_hand_with_last_year(table):
    # golden: 予以公开 50, 部分公开 9, 总计 95; 不予公开 0+0+1+0+0+1+1+0 = 3; 无法提供 31+1+0 = 32;
    # 复议 1 1 0 0 → 1 / 2; 规范性文件 现行有效 8 against 5 in 2023 (paired 洪泽区人民政府 → 淮安市…);
    # 规章 0 against 0. The prose states 17 requests (区政府办's) against the table's 95 (R12 fails);
    # the table's own arithmetic holds, so the indicators on 本年新收 are given, with R12 as a caveat.
    got = table["hongze-district-2024.pdf"]
    assert got["disclosure_rate"] == (pytest.approx(59 / 95), 59, 95, 95, None)
    assert got["denial_rate"] == (pytest.approx(3 / 95), 3, 95, 95, None)
    assert got["unable_share"] == (pytest.approx(32 / 95), 32, 95, 95, None)
    assert got["review_correction_rate"] == (0.5, 1, 2, 2, None)
    # 新收 95, 结转 0; 复议 2 + 直接起诉 1 + 复议后起诉 3; 结转下年度 0
    assert got["received"] == (95, 95, None, 95, None)
    assert got["dispute_rate"] == (pytest.approx(6 / 95), 6, 95, 95, None)
    assert got["carried_forward_share"] == (0, 0, 95, 95, None)
    for name in ("received", "dispute_rate", "carried_forward_share"):
        assert CAVEATS[("hongze-district-2024.pdf", name)] == PROSE_FAILED
    for name in ("disclosure_rate", "denial_rate", "review_correction_rate"):
        assert CAVEATS[("hongze-district-2024.pdf", name)] is None
    assert got["normative_documents_in_force_change"] == (pytest.approx(0.6), 3, 5, 5, None)
    assert got["rules_in_force_change"] == (None, 0, 0, 0, "denominator is 0")


def _rows(cells: dict[tuple[str, str], float | None], checks=(), fmt="2021", status="ok") -> dict:
    return {
        "reports": [{"report_id": "r", "agency": "某局", "year": 2023, "format": fmt, "status": status,
                     "n_cells": len(cells)}],
        "cells": [{"report_id": "r", "table": "requests", "row": row, "col": col, "value": v}
                  for (row, col), v in cells.items()],
        "checks": [{"report_id": "r", "rule": rule, "ok": False, "message": m} for rule, m in checks],
    }


def _by_id(rows: dict) -> dict[str, tuple]:
    return {r["indicator"]: (r["value"], r["numerator"], r["denominator"], r["n"], r["null_reason"])
            for r in indicator_rows(rows)}


REQUESTS = {("new_received", "total"): 10, ("brought_forward", "total"): 2, ("granted", "total"): 4,
            ("partially_granted", "total"): 1, ("unable.not_held", "total"): 3,
            ("unable.needs_creation", "total"): 2, ("unable.unclear_after_correction", "total"): None,
            ("total", "total"): 10, ("carried_forward", "total"): 2}


def test_a_part_that_failed_a_check_nulls_what_rests_on_it_and_nothing_else():
    failed = _by_id(_rows(REQUESTS, [("requests.results_total", "total: total printed 10, rows add to 9")]))
    reason = "requests.results_total failed (total: total printed 10, rows add to 9)"
    assert failed["disclosure_rate"] == (None, None, None, None, f"requests/granted/total: {reason}")
    assert failed["unable_share"] == (None, None, None, None, f"requests/unable.not_held/total: {reason}")
    assert failed["received"] == (12, 12, None, 12, None)  # 本年新收 is not a part of R3
    # a row total that fails in one row touches that row only
    one_row = ("requests.row_total", "unable.not_held: total printed 3, parts add to 1")
    row_failed = _by_id(_rows(REQUESTS, [one_row]))
    assert row_failed["disclosure_rate"] == (0.5, 5, 10, 10, None)
    assert row_failed["unable_share"][4] == (
        "requests/unable.not_held/total: requests.row_total failed (unable.not_held: total printed 3, "
        "parts add to 1)")


def test_blank_cells_count_as_zero_but_a_group_left_out_in_part_is_missing():
    ok = _by_id(_rows(REQUESTS))
    assert ok["unable_share"] == (0.5, 5, 10, 10, None)  # 3 + 2 + blank
    assert ok["carried_forward_share"] == (pytest.approx(2 / 12), 2, 12, 12, None)
    assert ok["denial_rate"] == (None, None, None, None, "requests/denied/total not in the report")
    partial = {k: v for k, v in REQUESTS.items() if k != ("unable.needs_creation", "total")}
    assert _by_id(_rows(partial))["unable_share"][4] == (
        "requests/unable.needs_creation/total not in the report")
    blank = {**REQUESTS, ("granted", "total"): None, ("partially_granted", "total"): None}
    assert _by_id(_rows(blank))["disclosure_rate"][4] == (
        "requests/granted/total + requests/partially_granted/total printed blank")


def test_a_failed_report_gets_every_indicator_null_with_the_reason():
    got = _by_id(_rows({}, status="failed", fmt=None))
    assert set(got.values()) == {(None, None, None, None, "the report was not read (status failed)")}


def test_convert_and_parse_write_the_indicators_table(tmp_path):
    inputs = [str(corpus_file(n)) for n in NAMES]
    args = ["convert", *inputs, "-o", str(tmp_path / "ds"), "--no-progress"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    written = pd.read_parquet(tmp_path / "ds" / "indicators.parquet")
    assert written.columns.tolist() == COLUMNS
    assert {c: str(t) for c, t in written.dtypes.items()} == {
        "report_id": "str", "indicator": "str", "value": "Float64", "numerator": "Float64",
        "denominator": "Float64", "n": "Int64", "null_reason": "str", "caveat": "str"}
    def ordered(frame):
        return frame.sort_values(["report_id", "indicator"], ignore_index=True)

    computed = ordered(gkparse.indicators([gkparse.parse(p) for p in inputs]))
    pd.testing.assert_frame_equal(ordered(written), computed)
    # the same from the dataset directory, and from a dataset written before the table existed
    pd.testing.assert_frame_equal(ordered(gkparse.indicators(tmp_path / "ds")), computed)
    (tmp_path / "ds" / "indicators.parquet").unlink()
    old = gkparse.read_dataset(tmp_path / "ds")["indicators"]
    assert len(old) == len(computed) and old.value.notna().sum() == computed.value.notna().sum()

    result = CliRunner().invoke(cli, ["parse", inputs[0], "--format", "csv", "-o", str(tmp_path / "one")])
    assert result.exit_code == 0
    csv = (tmp_path / "one" / "indicators.csv").read_text("utf-8-sig").splitlines()
    assert csv[0] == ",".join(COLUMNS)
    assert csv[2].split(",")[1:] == ["disclosure_rate", repr(round(22 / 93, 12)), "22", "93", "93", "", ""]


def test_a_part_only_the_prose_disputes_keeps_its_value_with_the_check_as_caveat():
    message = "overview prose states 7 requests; table 10 / 12"
    got = {r["indicator"]: r for r in indicator_rows(_rows(REQUESTS, [("requests.text_vs_table", message)]))}
    caveat = f"requests.text_vs_table failed ({message})"
    assert (got["received"]["value"], got["received"]["null_reason"], got["received"]["caveat"]) == (
        12, None, caveat)
    assert (got["carried_forward_share"]["value"], got["carried_forward_share"]["caveat"]) == (
        pytest.approx(2 / 12), caveat)
    assert (got["disclosure_rate"]["value"], got["disclosure_rate"]["caveat"]) == (0.5, None)  # 5 / 10 办结
    # an arithmetic failure still nulls, and its reason wins over the caveat
    both = _rows(REQUESTS, [("requests.text_vs_table", message),
                            ("requests.balance", "total: 12 received against 13 handled")])
    nulled = {r["indicator"]: r for r in indicator_rows(both)}["received"]
    assert (nulled["value"], nulled["caveat"]) == (None, None)
    assert nulled["null_reason"] == (
        "requests/new_received/total: requests.balance failed (total: 12 received against 13 handled)")
