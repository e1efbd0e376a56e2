"""Character columns of pdftotext -layout lines: CJK is one column, numbers keep their place."""

from __future__ import annotations

import gkparse
from gkparse.document import text_to_document
from gkparse.tables.text_columns import text_line_cells


def test_char_spans_count_cjk_as_one_column():
    raw = "一、本年新收政府信息公开申请数量   21    0"
    cells = ("一、本年新收政府信息公开申请数量", "21", "0")
    assert text_line_cells(raw, cells) == (cells, ((0, 16), (19, 21), (25, 26)))


def test_numbers_one_space_apart_are_cells_without_a_position():
    raw = "2.重复申请   - 79   166 155   8"
    cells, spans = text_line_cells(raw, ("2.重复申请", "- 79", "166 155", "8"))
    assert cells == ("2.重复申请", "-", "79", "166", "155", "8")
    assert spans == ((0, 6), None, None, None, None, (26, 27))  # pushed by pdftotext: off their columns
    kept = ("行政许可", "减 62", "? 166")  # a signed value, a mirror's junk
    assert text_line_cells("行政许可  减 62  ? 166", kept)[0] == kept


def test_text_lines_carry_character_spans_per_page():
    doc = text_to_document("规章    0     5\f行政许可  550\n")
    first, second = doc.lines
    assert first.spans == ((0, 2), (6, 7), (12, 13)) and first.char_spans and first.page == 1
    assert second.spans == ((0, 4), (6, 9)) and second.page == 2


HEADER = """三、收到和处理政府信息公开申请情况
                                                  申请人情况
                                          自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计
"""


def test_blank_cells_placed_by_the_rows_that_print_every_column():
    rows = [
        "一、本年新收政府信息公开申请数量               21     3      0     0     0     0    24",
        "二、上年结转政府信息公开申请数量                2                                    2",
        "（一）予以公开                        13     1                             14",
    ]
    report = gkparse.parse(HEADER + "\n".join(rows) + "\n")
    got = {(c.row, c.col): c.value for c in report.items if c.table == "requests" and c.value is not None}
    assert got[("brought_forward", "natural_person")] == 2
    assert got[("brought_forward", "total")] == 2
    assert got[("granted", "commercial_enterprise")] == 1
    assert got[("granted", "total")] == 14
    assert ("brought_forward", "other_org") not in got
    assert any("placed by where they sit: brought_forward, granted" in w for w in report.warnings)


def test_a_number_between_two_columns_leaves_its_row_out():
    rows = [
        "一、本年新收政府信息公开申请数量               21     3      0     0     0     0    24",
        "二、上年结转政府信息公开申请数量                    2                                 2",
    ]
    report = gkparse.parse(HEADER + "\n".join(rows) + "\n")
    assert not [c for c in report.items if c.row == "brought_forward"]
    assert any("brought_forward" in w and "left out" in w for w in report.warnings)
