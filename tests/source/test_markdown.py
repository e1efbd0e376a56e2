# ruff: noqa: E501  (Markdown table rows are the test data: one row per line, as converters write them)
"""Markdown written by PDF converters: one test per variant they emit, exact cell values.

The base report is marker/pandoc style (ATX headings, pipe tables, merged cells written empty);
each test changes it the way one converter or one real-world habit does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import gkparse
from gkparse.batch import find_inputs
from gkparse.cli import cli
from gkparse.source import load
from gkparse.source.markdown import is_placeholder_header, looks_markdown, split_row
from tests.conftest import corpus_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SECTIONS = ["overview", "active_disclosure", "requests", "review_litigation",
            "problems_and_improvements", "other_matters"]
COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total"]

ZERO = "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
DENIED = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
          "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]
UNABLE = ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]
NOT_PROCESSED = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
                 "5.要求行政机关确认或重新出具已获取信息"]
OTHER = ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]


def _group(label: str, rows: list[str]) -> list[str]:
    return [f"| | {label} | {rows[0]} {ZERO}"] + [f"| | | {r} {ZERO}" for r in rows[1:]]


REQUESTS = [
    "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |",
    "|---|---|---|---|---|---|---|---|---|---|",
    "| | | | 自然人 | 法人或其他组织 | | | | | 总计 |",
    "| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |",
    "| 一、本年新收政府信息公开申请数量 | | | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
    "| 二、上年结转政府信息公开申请数量 | | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    "| 三、本年度办理结果 | （一）予以公开 | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
    "| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    *_group("（三）不予公开", DENIED),
    *_group("（四）无法提供", UNABLE),
    *_group("（五）不予处理", NOT_PROCESSED),
    *_group("（六）其他处理", OTHER),
    "| | （七）总计 | | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
    "| 四、结转下年度继续办理 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
]
REVIEW = [
    "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |",
    "| | | | | | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
    "| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 2 | 0 | 2 | 0 | 0 | 0 | 0 | 0 |",
]
ACTIVE = [
    "| 第二十条第（一）项 | | | |",
    "|:---|:---:|:---:|---:|",
    "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
    "| 规章 | 0 | 0 | 0 |",
    "| 行政规范性文件 | 3 | 1 | 12 |",
    "| 第二十条第（五）项 | | | |",
    "| 信息内容 | 本年处理决定数量 | | |",
    "| 行政许可 | 1,234 | | |",
    "| 第二十条第（六）项 | | | |",
    "| 信息内容 | 本年处理决定数量 | | |",
    "| 行政处罚 | 56 | | |",
    "| 行政强制 | 0 | | |",
    "| 第二十条第（八）项 | | | |",
    "| 信息内容 | 本年收费金额（单位：万元） | | |",
    "| 行政事业性收费 | 12.5 | | |",
]


def report(active=ACTIVE, requests=REQUESTS, review=REVIEW, heading="## ", title="# ") -> str:
    parts = [
        f"{title}某某区2023年政府信息公开工作年度报告", "",
        "本报告由某某区人民政府办公室根据《中华人民共和国政府信息公开条例》要求编制。", "",
        f"{heading}一、总体情况", "", "2023年，某某区人民政府认真贯彻落实《条例》，全年受理政府信息公开申请6件。", "",
        f"{heading}二、主动公开政府信息情况", "", *active, "",
        f"{heading}三、收到和处理政府信息公开申请情况", "", *requests, "",
        f"{heading}四、政府信息公开行政复议、行政诉讼情况", "", *review, "",
        f"{heading}五、存在的主要问题及改进情况", "", "- 公开内容**不够全面**；", "- 解读形式较单一。", "",
        f"{heading}六、其他需要报告的事项", "", "本年度未收取信息处理费。", "",
    ]
    return "\n".join(parts)


def row(rep: gkparse.Report, table: str, key: str) -> dict:
    return {c.col: c.value for c in rep.items if c.table == table and c.row == key}


def assert_base_cells(rep: gkparse.Report) -> None:
    assert row(rep, "documents", "normative_documents") == {"issued": 3, "repealed": 1, "in_force": 12}
    assert row(rep, "administrative_actions", "licensing") == {"decisions": 1234}
    assert row(rep, "administrative_actions", "fees") == {"amount": 12.5}
    assert row(rep, "requests", "new_received") == dict(zip(COLS, [5, 1, 0, 0, 0, 0, 6], strict=True))
    assert row(rep, "requests", "granted") == dict(zip(COLS, [3, 1, 0, 0, 0, 0, 4], strict=True))
    assert row(rep, "requests", "carried_forward") == dict(zip(COLS, [2, 0, 0, 0, 0, 0, 2], strict=True))
    assert row(rep, "review_litigation", "litigation_direct") == {
        "upheld": 0, "corrected": 0, "other": 2, "pending": 0, "total": 2}
    assert len([c for c in rep.items if c.table == "requests"]) == 25 * 7
    assert len(rep.items) == 6 + 4 + 175 + 15
    assert not [c for c in rep.checks if not c.ok]


def test_marker_pipe_tables_and_atx_headings():
    rep = gkparse.parse(report())
    assert (rep.source.kind, rep.source.reader) == ("text", "markdown")
    assert [s.key for s in rep.sections] == SECTIONS
    assert rep.sections[2].heading == "三、收到和处理政府信息公开申请情况"
    assert (rep.meta.title, rep.meta.agency, rep.meta.year, rep.meta.format) == (
        "某某区2023年政府信息公开工作年度报告", "某某区", 2023, "2021")
    assert rep.sections[4].text == "公开内容不够全面；\n解读形式较单一。"  # bullets and ** gone
    assert_base_cells(rep)
    assert rep.warnings == []


def test_bold_headings_and_single_hash_levels():
    rep = gkparse.parse(report(heading="", title="# ").replace("\n一、", "\n**一、").replace(
        "一、总体情况\n", "一、总体情况**\n"))
    assert [s.key for s in rep.sections] == SECTIONS
    rep = gkparse.parse(report(heading="# "))  # MinerU: every heading at level 1
    assert [s.key for s in rep.sections] == SECTIONS
    assert_base_cells(rep)


def test_escapes_entities_and_br_in_cells():
    assert split_row(r"| a \| b | 1 \* 2 | c |") == ["a | b", "1 * 2", "c"]
    active = [line.replace("行政规范性文件", "行政规范<br>性文件").replace("本年制发件数", "本年制发<br/>件数")
              for line in ACTIVE]
    requests = [line.replace("3.危及“三安全一稳定”", "3.危及&ldquo;三安全一稳定&rdquo;")
                .replace("| 商业企业 |", "| 商业<br>企业 |") for line in REQUESTS]
    requests = [line.replace("| | | 7.属于行政执法案卷 | 0 |", r"| | | 7.属于行政执法案卷 | \- |") for line in requests]
    requests = [line.replace("| | | 8.属于行政查询事项 | 0 |", "| | | 8.属于行政查询事项 | &nbsp; |") for line in requests]
    rep = gkparse.parse(report(active, requests))
    assert row(rep, "documents", "normative_documents") == {"issued": 3, "repealed": 1, "in_force": 12}
    assert row(rep, "requests", "denied.three_safeties_one_stability")["total"] == 0
    cells = {(c.row, c.col): c for c in rep.items if c.table == "requests"}
    assert (cells[("denied.enforcement_files", "natural_person")].value,
            cells[("denied.enforcement_files", "natural_person")].raw) == (None, "-")
    assert (cells[("denied.query_matters", "natural_person")].value,
            cells[("denied.query_matters", "natural_person")].raw) == (None, "")
    assert len(cells) == 175


def test_separator_rows_are_not_lines():
    _, doc = load(report())
    assert not [ln for ln in doc.lines if "---" in ln.text]


def test_blank_first_cell_and_blank_total_are_read_by_the_grid():
    """`| | （二）部分公开 | | | 0 | … | |`: a blank 自然人 and a blank 总计 in a row whose label
    spans two label columns. As tab- or pipe-separated text it is ambiguous (filler or blank?);
    the pipe table's grid says which cell is which."""
    requests = [line.replace("| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
                             "| | （二）部分公开（区分处理的，只计这一情形，不计其他情形） | | | 0 | 0 | 0 | 0 | 0 | |")
                for line in REQUESTS]
    requests = [line.replace("| | （七）总计 | | 4 |", "| | （七）总计 | | 3 |").replace(
        "| 一、本年新收政府信息公开申请数量 | | | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
        "| 一、本年新收政府信息公开申请数量 | | | 4 | 1 | 0 | 0 | 0 | 0 | 5 |").replace(
        "| | （七）总计 | | 3 | 1 | 0 | 0 | 0 | 0 | 5 |", "| | （七）总计 | | 3 | 1 | 0 | 0 | 0 | 0 | 4 |")
        for line in requests]
    rep = gkparse.parse(report(requests=requests))
    assert row(rep, "requests", "partially_granted") == dict(zip(COLS, [None, 0, 0, 0, 0, 0, None], strict=True))
    assert rep.warnings == []
    assert not [c for c in rep.checks if not c.ok]


@pytest.mark.parametrize("header", [
    "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 | 数据8 | 总计 |",
    "| Column1 | Column2 | Column3 | Column4 | Column5 | Column6 | Column7 | Column8 | Column9 | Column10 |",
    "| | | | | | | | | | |",
    "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |",
])
def test_table_split_at_a_page_break_under_a_placeholder_header(header):
    cut = REQUESTS.index("| | | 4.保护第三方合法权益 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    requests = [*REQUESTS[:cut], "", "- 3 -", "", header, "|---|---|---|---|---|---|---|---|---|---|", *REQUESTS[cut:]]
    rep = gkparse.parse(report(requests=requests))
    assert_base_cells(rep)
    assert rep.warnings == []


def test_section_four_under_a_header_of_column_numbers():
    """Today's text path reads the header `1 … 15` as 15 more numbers and leaves 四 out."""
    review = ["| " + " | ".join(str(i) for i in range(1, 16)) + " |", "|" + "---|" * 15, *REVIEW]
    rep = gkparse.parse(report(review=review))
    assert row(rep, "review_litigation", "review") == {
        "upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    assert rep.warnings == []


def test_wrong_header_a_data_row_promoted():
    """The continuation's first data row written as its header row: still a row."""
    cut = REQUESTS.index("| | | 2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |")
    requests = [*REQUESTS[:cut], "", REQUESTS[cut], "|---|---|---|---|---|---|---|---|---|---|",
                *REQUESTS[cut + 1 :]]
    rep = gkparse.parse(report(requests=requests))
    assert_base_cells(rep)


def test_placeholder_header_rows():
    assert is_placeholder_header(["类别", "数据1", "数据2", "总计"])
    assert is_placeholder_header(["Column1", "Column2"])
    assert is_placeholder_header(["", "", ""])
    assert is_placeholder_header(["0", "1", "2"])
    assert not is_placeholder_header(["规章", "1", "2", "3"])
    assert not is_placeholder_header(["1", "0", "0", "1"])  # a data row of section 四
    assert not is_placeholder_header(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])


def _docling(lines: list[str], label_columns: int) -> list[str]:
    """Merged label cells repeated: a label fills the empty label columns right of it, and a
    rowspan label the empty ones below it."""
    out, above = [], [""] * label_columns
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set("".join(cells)) <= set("-:"):
            out.append(line)
            continue
        if any(c and c[0].isdigit() for c in cells[label_columns:]):
            for k in range(label_columns):
                if not cells[k] and any(cells[k + 1 : label_columns]):
                    cells[k] = above[k]
                elif not cells[k] and k and cells[k - 1]:
                    cells[k] = cells[k - 1]
            above = cells[:label_columns]
        out.append("| " + " | ".join(cells) + " |")
    return out


def test_docling_repeats_merged_cells():
    requests = _docling(REQUESTS, 3)
    assert "| 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 5 |" \
        in "\n".join(requests)
    assert "| 三、本年度办理结果 | （三）不予公开 | 2.其他法律行政法规禁止公开 | 0 |" in "\n".join(requests)
    active = [line.replace("| 第二十条第（五）项 | | | |", "| 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 | 第二十条第（五）项 |")
              .replace("| 信息内容 | 本年处理决定数量 | | |", "| 信息内容 | 本年处理决定数量 | 本年处理决定数量 | 本年处理决定数量 |")
              .replace("| 行政许可 | 1,234 | | |", "| 行政许可 | 1,234 | 1,234 | 1,234 |")
              .replace("| 行政处罚 | 56 | | |", "| 行政处罚 | 56 | 56 | 56 |")
              .replace("| 行政强制 | 0 | | |", "| 行政强制 | 0 | 0 | 0 |") for line in ACTIVE]
    rep = gkparse.parse(report(active, requests))
    assert_base_cells(rep)
    assert row(rep, "administrative_actions", "penalty") == {"decisions": 56}
    assert row(rep, "administrative_actions", "coercion") == {"decisions": 0}
    assert rep.warnings == []


def test_repeated_numbers_without_a_merged_header_are_left_out():
    """Three equal numbers under three header cells are three cells, never one guessed merge."""
    active = [line.replace("| 行政许可 | 1,234 | | |", "| 行政许可 | 7 | 7 | 7 |") for line in ACTIVE]
    rep = gkparse.parse(report(active))
    assert row(rep, "administrative_actions", "licensing") == {}
    assert "administrative_actions: row licensing (行政许可): 3 cells for 1 columns; row left out as ambiguous" \
        in rep.warnings


def test_glued_label_in_a_pipe_table_is_read_when_its_one_column_leaves_one_reading():
    active = [line.replace("| 行政许可 | 1,234 | | |", "| 行政许可1234 | | | |") for line in ACTIVE]
    rep = gkparse.parse(report(active))
    assert row(rep, "administrative_actions", "licensing") == {"decisions": 1234}
    assert [w.code for w in rep.warnings if getattr(w, "row", None) == "licensing"] == ["glued_read"]


def test_rows_printed_without_labels_under_their_group():
    """owenbabies: `(三)不予公开` then its eight rows' numbers with no labels."""
    start = REQUESTS.index(f"| | （三）不予公开 | {DENIED[0]} {ZERO}")
    numbers = [f"| | | | 0 | 0 | 0 | 0 | 0 | {k} | {k} |" for k in range(8)]
    requests = [*REQUESTS[:start], "| | （三）不予公开 | | | | | | | | |", *numbers, *REQUESTS[start + 8 :]]
    requests = [line.replace("| | （七）总计 | | 4 | 1 | 0 | 0 | 0 | 0 | 5 |",
                             "| | （七）总计 | | 4 | 1 | 0 | 0 | 0 | 28 | 33 |")
                .replace("| 四、结转下年度继续办理 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
                         "| 四、结转下年度继续办理 | | | 2 | 0 | 0 | 0 | 0 | 0 | 2 |")
                .replace("| 一、本年新收政府信息公开申请数量 | | | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
                         "| 一、本年新收政府信息公开申请数量 | | | 5 | 1 | 0 | 0 | 0 | 28 | 34 |") for line in requests]
    rep = gkparse.parse(report(requests=requests))
    assert row(rep, "requests", "denied.internal_affairs") == dict(zip(COLS, [0, 0, 0, 0, 0, 4, 4], strict=True))
    assert row(rep, "requests", "denied.query_matters") == dict(zip(COLS, [0, 0, 0, 0, 0, 7, 7], strict=True))
    assert "requests: row denied ((三)不予公开): its rows printed without labels; read by position" in rep.warnings


MINERU = """# 某某区2023年政府信息公开工作年度报告

# 一、总体情况

2023年，某某区人民政府认真贯彻落实《条例》。

# 二、主动公开政府信息情况

<table><tr><td colspan="4">第二十条第（一）项</td></tr><tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td>\
<td>现行有效件数</td></tr><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>3</td>\
<td>1</td><td>12</td></tr><tr><td colspan="4">第二十条第（五）项</td></tr><tr><td>信息内容</td>\
<td colspan="3">本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan="3">1,234</td></tr></table>

# 三、收到和处理政府信息公开申请情况

<table>
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>\
<td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td>\
<td>6</td></tr>
<tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>3</td><td>1</td><td>0</td><td>0</td>\
<td>0</td><td>0</td><td>4</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>\
<td>&nbsp;</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>

# 四、政府信息公开行政复议、行政诉讼情况

本年度无。
"""


def test_mineru_html_tables_inside_markdown():
    rep = gkparse.parse(MINERU)
    assert (rep.source.kind, rep.source.reader) == ("text", "markdown")
    assert [s.key for s in rep.sections] == SECTIONS[:4]
    assert row(rep, "documents", "normative_documents") == {"issued": 3, "repealed": 1, "in_force": 12}
    assert row(rep, "administrative_actions", "licensing") == {"decisions": 1234}
    assert row(rep, "requests", "new_received") == dict(zip(COLS, [5, 1, 0, 0, 0, 0, 6], strict=True))
    assert row(rep, "requests", "granted") == dict(zip(COLS, [3, 1, 0, 0, 0, 0, 4], strict=True))
    assert row(rep, "requests", "denied.state_secret") == dict(zip(COLS, [0, 0, 0, 0, 0, None, 0], strict=True))
    assert row(rep, "requests", "denied.prohibited_by_law") == dict(zip(COLS, [1, 0, 0, 0, 0, 0, 1], strict=True))


# ----------------------------------------------------------------------------- sniffing, CLI, convert


def test_sniffing_markdown_and_not_plain_text():
    assert load(report())[0].reader == "markdown"  # str, no suffix: separator rows
    no_tables = report(active=[], requests=[], review=[])
    assert looks_markdown(no_tables.encode()) and load(no_tables)[0].reader == "markdown"  # # headings
    assert load(report().encode("gb18030"))[0].reader == "markdown"
    assert load(corpus_file("dongguan-drc-2019.txt"))[0].reader == "text"
    for shape in ("style_b", "style_c", "style_d", "style_e", "layout", "cells_per_line"):
        assert load(FIXTURES / "text" / f"report-0.{shape}.txt")[0].reader == "text", shape
    one_hash = "# 某某区2023年政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n"
    assert load(one_hash)[0].reader == "text"  # one `#` line alone does not make Markdown


def test_suffix_md_and_markdown(tmp_path):
    for suffix in (".md", ".markdown"):
        path = tmp_path / f"report{suffix}"
        path.write_text(report(), encoding="utf-8")
        assert load(path)[0].reader == "markdown"
    assert {p.name for p in find_inputs([tmp_path])} == {"report.md", "report.markdown"}


def test_cli_parse_markdown(tmp_path):
    path = tmp_path / "report.md"
    path.write_text(report(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path)], catch_exceptions=False)
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["source"]["kind"] == "text" and doc["source"]["reader"] == "markdown"
    assert len(doc["cells"]) == 200


def test_traditional_markdown_is_converted():
    import opencc

    rep = gkparse.parse(opencc.OpenCC("s2t").convert(report()))
    assert rep.source.reader == "markdown"
    assert_base_cells(rep)
    assert rep.warnings == ["text: traditional Chinese converted to simplified before matching"]


def test_an_html_fragment_with_a_separator_like_line_stays_html():
    page = "<div><p>一、总体情况</p>\n|---|---|\n<table><tr><td>规章</td><td>1</td></tr></table></div>"
    assert load(page.encode())[0].kind == "html"


def test_headers_lost_columns_in_the_formats_order():
    """Every header row of 二 replaced by the converter's placeholders: the rows are still
    anchored by their labels, the columns are the format's (2021: the （六） rows say so)."""
    placeholder = ["| Column1 | Column2 | Column3 | Column4 |", "|---|---|---|---|"]
    active = [line for line in ACTIVE if not line.startswith(("| 信息内容", "|:---"))]
    rep = gkparse.parse(report(active=placeholder + active))
    assert rep.meta.format == "2021"
    assert_base_cells(rep)
    assert row(rep, "documents", "rules") == {"issued": 0, "repealed": 0, "in_force": 0}
    assert rep.warnings == ["format: no header names the format; read as 2021 from the rows of section 三"]


def test_headers_lost_and_no_row_names_the_format():
    """The same with （六） printed as one row: 2019 or 2021 columns, nothing tells; 二 is left out."""
    placeholder = ["| Column1 | Column2 | Column3 | Column4 |", "|---|---|---|---|"]
    active = [line for line in ACTIVE if not line.startswith(("| 信息内容", "|:---"))]
    start = REQUESTS.index(f"| | （六）其他处理 | {OTHER[0]} {ZERO}")
    requests = [*REQUESTS[:start], f"| | （六）其他处理 | {ZERO}", *REQUESTS[start + 3 :]]
    rep = gkparse.parse(report(active=placeholder + active, requests=requests))
    assert rep.meta.format is None
    assert not [c for c in rep.items if c.table in ("documents", "administrative_actions")]
    assert "documents: cannot tell the columns of 第二十条第(一)项 (header missing or incomplete, numbers fit no format); row rules left out" in rep.warnings
    assert len([c for c in rep.items if c.table == "requests"]) == 23 * 7


def test_convert_reads_markdown(tmp_path):
    from gkparse.batch import convert

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.md").write_text(report(), encoding="utf-8")
    counts = convert(find_inputs([inputs]), tmp_path / "ds", workers=1, progress=False, fmt="csv")
    assert counts == {"converted": 1, "failed": 0, "skipped": 0}
