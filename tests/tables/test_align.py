"""The aligner on small, hand-written table texts: each case is one real-world variant."""

from __future__ import annotations

import gkparse

HEAD = "2022年某某市某某局政府信息公开工作年度报告\n一、总体情况\n本年度工作正常开展。\n"
REQ_HEAD = (
    "三、收到和处理政府信息公开申请情况\n"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t申请人情况\n"
    "自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
)
TAIL = "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"


def parse_requests(rows: str) -> gkparse.Report:
    return gkparse.parse(HEAD + REQ_HEAD + rows + TAIL)


def values(report: gkparse.Report, row: str) -> list:
    return [report.cell("requests", row, c).value if report.cell("requests", row, c) else "absent"
            for c in ("natural_person", "commercial_enterprise", "research_institution",
                      "social_welfare_org", "legal_service_org", "other_org", "total")]


def test_label_with_typo_still_names_its_row():
    report = parse_requests("2.其他法律行政止公开 1 0 0 0 0 0 1\n")
    assert values(report, "denied.prohibited_by_law") == [1, 0, 0, 0, 0, 0, 1]


def test_label_wrapped_over_two_lines_values_after_continuation():
    report = parse_requests(
        "（二）部分公开（区分处理的，只计这一情形，不\n计其他情形）\n4 0 0 0 0 0 4\n"
        "（三）不予公开\n1.属于国家秘密 1 0 0 0 0 0 1\n"
    )
    assert values(report, "partially_granted") == [4, 0, 0, 0, 0, 0, 4]
    assert values(report, "denied.state_secret") == [1, 0, 0, 0, 0, 0, 1]


def test_group_label_sharing_a_line_with_its_first_row():
    report = parse_requests("（四）无法提供 1.本机关不掌握相关政府信息 10 0 0 0 0 0 10\n")
    assert values(report, "unable.not_held") == [10, 0, 0, 0, 0, 0, 10]
    assert report.cell("requests", "unable", "total") is None


def test_printed_group_subtotal_kept_under_group_key():
    report = parse_requests(
        "（三）不予公开 2 0 0 0 0 0 2\n1.属于国家秘密 1 0 0 0 0 0 1\n"
        "2.其他法律行政法规禁止公开 1 0 0 0 0 0 1\n"
    )
    assert values(report, "denied") == [2, 0, 0, 0, 0, 0, 2]
    assert values(report, "denied.state_secret") == [1, 0, 0, 0, 0, 0, 1]


def test_missing_row_is_absent_and_warned():
    report = parse_requests("一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n（七）总计 3 0 0 0 0 0 3\n")
    assert values(report, "brought_forward") == ["absent"] * 7
    assert any("brought_forward" in w and "not printed" in w for w in report.warnings)


def test_glued_label_and_numbers_split_when_the_digits_leave_one_reading():
    report = parse_requests("一、本年新收政府信息公开申请数量3000003\n（七）总计 3 0 0 0 0 0 3\n")
    assert values(report, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert {c.provenance for c in report.items if c.row == "new_received"} == {"split_by_rules"}
    assert any("new_received" in w and "glued digits '3000003' split by the row width" in w
               for w in report.warnings)


def test_glued_label_and_numbers_split_by_the_row_total():
    report = parse_requests("一、本年新收政府信息公开申请数量713000074\n（七）总计 71 3 0 0 0 0 74\n")
    assert values(report, "new_received") == [71, 3, 0, 0, 0, 0, 74]
    assert any("new_received" in w and "split by the row total (R2) into 71, 3, 0, 0, 0, 0, 74" in w
               for w in report.warnings)
    row_total = [c for c in report.checks if c.rule == "requests.row_total"]
    assert sorted((c.message.split(":")[0], c.used_to_split) for c in row_total) == [
        ("new_received", True), ("total", False)]


def test_glued_row_that_two_splits_satisfy_is_left_out():
    # 12,1,0,0,0,0,13 and 1,2,10,0,0,0,13 both add up, and no column rule can tell
    report = parse_requests("一、本年新收政府信息公开申请数量121000013\n（七）总计 12 1 0 0 0 0 13\n")
    assert values(report, "new_received") == ["absent"] * 7
    assert any("new_received" in w and "cannot be split with certainty" in w for w in report.warnings)


def test_short_row_is_ambiguous_not_shifted():
    report = parse_requests("一、本年新收政府信息公开申请数量 3 0 0 0 3\n（七）总计 3 0 0 0 0 0 3\n")
    assert values(report, "new_received") == ["absent"] * 7
    assert any("new_received" in w and "5 cells for 7 columns" in w for w in report.warnings)


def test_unknown_label_stops_numbers_from_sliding_into_previous_row():
    report = parse_requests("（一）予以公开\n某某莫名其妙的标签文字\n5 0 0 0 0 0 5\n")
    assert values(report, "granted") == ["absent"] * 7
    assert any("numbers with no row label" in w for w in report.warnings)


def test_blank_and_dash_cells_in_tab_rows_are_null_with_raw():
    report = parse_requests("一、本年新收政府信息公开申请数量\t\t5\t\t—\t/\t-\t无\t5\n")
    cells = [report.cell("requests", "new_received", c) for c in
             ("natural_person", "commercial_enterprise", "research_institution",
              "social_welfare_org", "legal_service_org", "other_org", "total")]
    assert [(c.value, c.raw) for c in cells] == [
        (5, "5"), (None, ""), (None, "—"), (None, "/"), (None, "-"), (None, "无"), (5, "5")]


def test_nfkc_folded_and_pipe_separated_rows():
    report = parse_requests("| (三)不予公开 | 1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n")
    assert values(report, "denied.state_secret") == [1, 0, 0, 0, 0, 0, 1]


def test_pipe_run_is_a_span_not_a_blank():
    report = parse_requests("| 一、本年新收政府信息公开申请数量 | 0 | ||||||\n")
    assert values(report, "new_received") == ["absent"] * 7


def test_rows_without_labels_under_a_group_read_by_position_with_warning():
    rows = "（四）无法提供 | " + " | ".join(["1", "0", "0", "0", "0", "0", "1"] * 3) + " |\n"
    report = parse_requests(rows)
    assert values(report, "unable.needs_creation") == [1, 0, 0, 0, 0, 0, 1]
    assert any("read by position" in w for w in report.warnings)


def test_traditional_chinese_mirror():
    text = "三、收到和處理政府資訊公開申請情況\n（一）予以公開 2 0 0 0 0 0 2\n"
    report = gkparse.parse(HEAD + text + TAIL)
    assert values(report, "granted") == [2, 0, 0, 0, 0, 0, 2]
