"""Section 二: each block's printed header names its columns; the format fills in when absent."""

from __future__ import annotations

import gkparse

HEAD = "2022年某某区某某局政府信息公开工作年度报告\n一、总体情况\n正文。\n二、主动公开政府信息情况\n"
TAIL = "三、收到和处理政府信息公开申请情况\n五、存在的主要问题及改进情况\n无。\n"


def parse(table: str) -> gkparse.Report:
    return gkparse.parse(HEAD + table + TAIL)


def test_2021_report_printing_2019_fee_columns_is_read_as_printed():
    r = parse(
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
        "行政规范性文件\t2\t1\t9\n"
        "第二十条第（八）项\n信息内容\t上一年项目数量\t本年增/减\n行政事业性收费\t4\t减1\n"
    )
    assert r.meta.format == "2021"
    assert r.value("documents", "normative_documents", "in_force") == 9
    assert r.value("administrative_actions", "fees", "previous") == 4
    assert r.value("administrative_actions", "fees", "change") == -1
    assert r.cell("administrative_actions", "fees", "amount") is None


def test_block_without_header_uses_the_format_columns():
    r = parse(
        "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n"
        "第二十条第（六）项\n行政处罚\t4119\n行政强制\t195\n"
    )
    assert r.value("administrative_actions", "penalty", "decisions") == 4119
    assert r.value("administrative_actions", "coercion", "decisions") == 195


def test_amount_with_yuan_unit_converted_to_wan_yuan_raw_kept():
    r = parse(
        "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
        "第二十条第（九）项\n信息内容\t采购项目数量\t采购总金额\n政府集中采购\t3\t251000元\n"
    )
    cell = r.cell("administrative_actions", "procurement", "amount")
    assert (cell.value, cell.raw) == (25.1, "251000元")
    assert r.meta.format == "2019"


def test_glued_row_in_section_two_is_left_out_when_its_digits_fit_several_splits():
    r = parse("第二十条第（五）项\n信息内容\t上一年项目数量\t本年增/减\t处理决定数量\n行政许可3960181\n")
    assert r.cell("administrative_actions", "licensing", "previous") is None
    glued = [w for w in r.warnings if "glued" in w]
    assert glued == [
        "administrative_actions: row licensing (行政许可): glued digits '3960181' cannot be split with "
        "certainty (24 splits satisfy the row width); row left out",
    ]
    assert (glued[0].code, glued[0].table, glued[0].row) == ("glued_ambiguous", "administrative_actions",
                                                             "licensing")


def test_glued_row_of_one_column_is_its_one_cell():
    r = parse("第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可3960181\n")
    cell = r.cell("administrative_actions", "licensing", "decisions")
    assert (cell.value, cell.provenance) == (3960181, "printed")


def test_glued_row_split_where_the_digit_count_leaves_one_reading():
    r = parse("第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章000\n")
    cells = [(c.col, c.value, c.provenance) for c in r.items]
    assert cells == [("issued", 0, "split_by_rules"), ("repealed", 0, "split_by_rules"),
                     ("in_force", 0, "split_by_rules")]
    glued = [w for w in r.warnings if "glued" in w]
    assert glued == ["documents: row rules (规章): glued digits '000' split by the row width into 0, 0, 0"]
    assert glued[0].code == "split_by_rules"
