"""Checks on deliberately inconsistent reports: each rule fails where the numbers say so."""

from __future__ import annotations

import gkparse
from gkparse.templates import templates

HEAD = "2022年某某县某某局政府信息公开工作年度报告\n一、总体情况\n{prose}\n"
TABLE = (
    "三、收到和处理政府信息公开申请情况\n"
    "申请人情况\n自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
    "一、本年新收政府信息公开申请数量\t{new}\n"
    "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
    "（一）予以公开\t{granted}\n"
    "{zero_rows}"
    "（七）总计\t{total}\n"
    "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
    "{review}\n五、存在的主要问题及改进情况\n无。\n"
)
OK_ROW = "3\t0\t0\t0\t0\t0\t3"
ZERO = "\t".join("0" * 7)
# every result row between （一） and （七）, printed with zeros, so that R3 can run
OUTSIDE_RESULTS = ("new_received", "brought_forward", "granted", "total", "carried_forward")
ZERO_ROWS = "".join(
    f"{row.marker or ''}{row.label}\t{ZERO}\n"
    for row in templates().requests_rows
    if (row.emit and not row.children and row.key not in OUTSIDE_RESULTS and row.parent != "other")
    or row.key == "other"
)
REVIEW_OK = "\t".join("1 0 0 0 1 0 0 0 0 0 2 0 0 0 2".split())


def report(prose="本年度共受理政府信息公开申请3件。", new=OK_ROW, granted=OK_ROW, total=OK_ROW,
           review=REVIEW_OK) -> gkparse.Report:
    return gkparse.parse(HEAD.format(prose=prose) + TABLE.format(new=new, granted=granted, total=total,
                                                                 review=review, zero_rows=ZERO_ROWS))


def failed(r: gkparse.Report) -> list[tuple[str, str]]:
    return sorted((c.rule, c.message) for c in r.checks if not c.ok)


def test_consistent_report_passes_every_check():
    r = report()
    assert failed(r) == []
    assert {c.rule for c in r.checks} >= {
        "requests.balance", "requests.row_total", "requests.results_total", "requests.text_vs_table",
        "review_litigation.review_total", "review_litigation.litigation_after_review_total",
    }


def test_row_total_and_balance_fail_on_a_wrong_total_cell():
    r = report(new="3\t0\t0\t0\t0\t0\t4", prose="")
    assert failed(r) == [
        ("requests.balance", "total: new_received + brought_forward = 4, total + carried_forward = 3"),
        ("requests.row_total", "new_received: total printed 4, parts add to 3"),
    ]


def test_results_total_fails_when_rows_do_not_add_up():
    r = report(granted="2\t0\t0\t0\t0\t0\t2")
    assert [rule for rule, _ in failed(r)] == ["requests.results_total", "requests.results_total"]


def test_review_total_printed_zero_is_reported_not_fixed():
    r = report(review="\t".join("10 1 0 0 0 0 0 0 0 0 5 0 0 0 0".split()))
    assert failed(r) == [
        (
            "review_litigation.litigation_after_review_total",
            "litigation_after_review: total printed 0, parts add to 5",
        ),
        ("review_litigation.review_total", "review: total printed 0, parts add to 11"),
    ]
    assert r.value("review_litigation", "review", "total") == 0


def test_prose_disagreeing_with_table_is_flagged():
    r = report(prose="全年受理政府信息公开申请17件，均已答复。")
    assert failed(r) == [("requests.text_vs_table", "overview prose states 17 requests; table 3 / 3")]


def test_negative_count_breaks_r7():
    r = report(new="-3\t0\t0\t0\t0\t0\t-3", granted="-3\t0\t0\t0\t0\t0\t-3", total="-3\t0\t0\t0\t0\t0\t-3",
               prose="")
    assert (
        "requests.non_negative_integers",
        "new_received/natural_person: '-3' is not a non-negative whole number",
    ) in failed(r)


def test_2019_total_published_below_new_published_breaks_r11():
    documents = (
        "二、主动公开政府信息情况\n"
        "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n"
        "规章\t2\t2\t9\n规范性文件\t5\t5\t3\n"
    )
    r = gkparse.parse(HEAD.format(prose="") + documents + TABLE.format(
        new=OK_ROW, granted=OK_ROW, total=OK_ROW, review=REVIEW_OK, zero_rows=ZERO_ROWS))
    r11 = [c for c in r.checks if c.rule == "documents.total_covers_new"]
    assert [(c.rule, c.ok, c.expected, c.actual, c.message) for c in r11] == [
        ("documents.total_covers_new", True, 2, 9, "rules: total_published 9 ≥ published 2"),
        ("documents.total_covers_new", False, 5, 3,
         "normative_documents: total_published 3 < published 5"),
    ]
