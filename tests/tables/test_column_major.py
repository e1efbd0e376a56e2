"""Default pdftotext text, written column by column: no number is given to the label it follows."""

from __future__ import annotations

import gkparse

# fixtures/pdf/docx-lo-plain-310.pdf through default pdftotext (blank lines dropped): the 7 of
# 规章 comes right after 行政事业性收费, and was read as its fee
SECTION_TWO = """二、主动公开政府信息情况
本年度主动公开政府信息情况见下表。
信息内容
规章
第二十条第（一）项
本年制发件数
本年废止件数
0
2
现行有效件数
4
行政规范性文件
信息内容
行政许可
信息内容
行政处罚
行政强制
信息内容
行政事业性收费
7
第二十条第（五）项
本年处理决定数量
95
第二十条第（六）项
本年处理决定数量
22
9
第二十条第（八）项
本年收费金额（单位：万元）
47
三、收到和处理政府信息公开申请情况
"""


def test_numbers_after_a_column_of_labels_are_left_out():
    report = gkparse.parse(SECTION_TWO)
    assert report.cell("administrative_actions", "fees", "amount") is None
    assert not report.items
    assert any(
        w.startswith(
            "active_disclosure: numbers printed apart from their row labels in a text written "
            "column by column (default pdftotext: 5 row labels followed by another"
        )
        and w.endswith("rows left out: fees")
        for w in report.warnings
    )


def test_one_cell_per_line_rows_in_order_are_read():
    lines = [
        "二、主动公开政府信息情况",
        "第二十条第（八）项",
        "信息内容",
        "本年收费金额（单位：万元）",
        "行政事业性收费",
        "47",
        "三、收到和处理政府信息公开申请情况",
    ]
    report = gkparse.parse("\n".join(lines) + "\n")
    assert report.cell("administrative_actions", "fees", "amount").value == 47
