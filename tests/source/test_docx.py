"""DOCX reader: the generated fixture (fixtures/make_html_docx.py) and documents built here."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

import gkparse
from gkparse.errors import InputError
from gkparse.source import load
from gkparse.source.docx import docx_to_document, format_number
from tests.spec_cells import spec_cells

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


expected_cells = spec_cells


def test_fixture_report_exact_values():
    spec = json.loads((FIXTURES / "docx" / "report-2022.spec.json").read_text("utf-8"))
    path = FIXTURES / "docx" / "report-2022.docx"
    report = gkparse.parse(path)
    assert report.source.kind == "docx"
    assert report.warnings == []
    expected = expected_cells(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    assert set(got) == set(expected)
    for key, (value, raw) in expected.items():
        assert got[key].value == value, (key, got[key])
        assert type(got[key].value) is type(value), (key, got[key])
        if raw is not None:
            assert got[key].raw == raw
    assert len(report.items) == 200
    assert report.meta.format == "2021" and report.meta.year == 2022
    assert report.meta.agency == spec["agency"] and report.meta.title == spec["title"]
    assert len(report.sections) == 6
    assert report.checks and report.failed_checks == []


def test_fixture_merged_cells_appear_once():
    source, document = load(FIXTURES / "docx" / "report-2022.docx")
    assert source.kind == "docx"
    rows = [line.cells for line in document.lines if line.separated]
    assert ("第二十条第（一）项",) in rows
    assert ("信息内容", "本年处理决定数量") in rows
    assert ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况") in rows
    assert ("自然人", "法人或其他组织", "总计") in rows
    assert ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他") in rows
    results = [r for r in rows if r[0] == "三、本年度办理结果"]
    assert len(results) == 1 and results[0][1] == "（一）予以公开" and len(results[0]) == 9
    assert sum(1 for r in rows if "三、本年度办理结果" in r) == 1
    state_secret = next(r for r in rows if "1.属于国家秘密" in r)
    assert state_secret[0] == "（三）不予公开" and len(state_secret) == 9
    assert len(next(r for r in rows if r[0] == "2.其他法律行政法规禁止公开")) == 8


# ----------------------------------------------------------------------------- built here


def to_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def lines_of(document):
    return docx_to_document(to_bytes(document), "t.docx").lines


def test_horizontal_and_vertical_merges_once():
    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    title = t.cell(0, 0).merge(t.cell(0, 3))
    title.text = "第二十条第（五）项"
    t.cell(1, 0).text = "信息内容"
    t.cell(1, 1).merge(t.cell(1, 3)).text = "本年处理决定数量"
    group = t.cell(2, 0)
    group.text = "行政许可"
    t.cell(2, 1).merge(t.cell(2, 3)).text = "15"
    t2 = d.add_table(rows=3, cols=3)
    t2.cell(0, 0).merge(t2.cell(2, 0)).text = "（三）不予公开"
    labels = [("1.属于国家秘密", "0"), ("2.其他法律行政法规禁止公开", "1"), ("3.危及", "2")]
    for r, (label, n) in enumerate(labels):
        t2.cell(r, 1).text = label
        t2.cell(r, 2).text = n
    lines = lines_of(d)
    assert [line.cells for line in lines] == [
        ("第二十条第（五）项",),
        ("信息内容", "本年处理决定数量"),
        ("行政许可", "15"),
        ("（三）不予公开", "1.属于国家秘密", "0"),
        ("2.其他法律行政法规禁止公开", "1"),
        ("3.危及", "2"),
    ]
    assert all(line.separated for line in lines)


def test_cell_paragraphs_and_breaks_join():
    d = docx.Document()
    t = d.add_table(rows=1, cols=3)
    p = t.cell(0, 0).paragraphs[0]
    p.add_run("商业")
    p.add_run().add_break()
    p.add_run("企业")
    t.cell(0, 1).text = "科研"
    t.cell(0, 1).add_paragraph("机构")
    t.cell(0, 2).text = "\u3000"
    assert [line.cells for line in lines_of(d)] == [("商业企业", "科研机构", "")]


def test_paragraphs_breaks_and_tabs():
    d = docx.Document()
    d.add_paragraph("一、总体情况")
    p = d.add_paragraph("第一行")
    p.add_run().add_break()
    p.add_run("第二行")
    d.add_paragraph("")
    d.add_paragraph("规章\t0\t\t3")
    lines = lines_of(d)
    assert [(line.cells, line.separated) for line in lines] == [
        (("一、总体情况",), False),
        (("第一行",), False),
        (("第二行",), False),
        (("规章", "0", "", "3"), True),
    ]


def test_nested_table_is_layout():
    d = docx.Document()
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "一、总体情况"
    cell = outer.cell(0, 1)
    cell.text = "正文"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text = "行政许可"
    inner.cell(0, 1).text = "3"
    inner.cell(1, 0).text = "行政处罚"
    inner.cell(1, 1).text = "4"
    assert [(line.cells, line.separated) for line in lines_of(d)] == [
        (("一、总体情况",), False),
        (("正文",), False),
        (("行政许可", "3"), True),
        (("行政处罚", "4"), True),
    ]


def test_prose_row_in_a_table_is_text():
    prose = "我局" * 200
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "一、总体情况"
    t.cell(0, 1).text = prose
    t.cell(1, 0).text = "规章"
    t.cell(1, 1).text = "0"
    assert [(line.cells, line.separated) for line in lines_of(d)] == [
        (("一、总体情况",), False), ((prose,), False), (("规章", "0"), True),
    ]


def test_parse_bytes_is_docx():
    report = gkparse.parse((FIXTURES / "docx" / "report-2022.docx").read_bytes())
    assert report.source.kind == "docx" and len(report.items) == 200


def test_single_column_table_is_text():
    d = docx.Document()
    t = d.add_table(rows=2, cols=1)
    t.cell(0, 0).text = "某某局2021年政府信息公开工作年度报告"
    t.cell(1, 0).text = "一、总体情况"
    assert [(line.cells, line.separated) for line in lines_of(d)] == [
        (("某某局2021年政府信息公开工作年度报告",), False),
        (("一、总体情况",), False),
    ]


NUMBERING = """<w:abstractNum {ns} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>"""
NUMBERING_DECIMAL = """<w:abstractNum {ns} w:abstractNumId="91">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>"""


def add_numbering(document, abstract_xml: str, num_id: int, abstract_id: int) -> None:
    numbering = document.part.numbering_part.element
    abstract = parse_xml(abstract_xml.format(ns=nsdecls("w")))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'
    ))


def numbered(paragraph, num_id: int, level: int = 0) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
    ))


def test_word_list_numbering_is_rendered():
    d = docx.Document()
    add_numbering(d, NUMBERING, 90, 90)
    add_numbering(d, NUMBERING_DECIMAL, 91, 91)
    numbered(d.add_paragraph("总体情况"), 90)
    numbered(d.add_paragraph("主动公开"), 90, 1)
    numbered(d.add_paragraph("依申请公开"), 90, 1)
    numbered(d.add_paragraph("主动公开政府信息情况"), 90)
    numbered(d.add_paragraph("栏目建设"), 90, 1)
    t = d.add_table(rows=2, cols=2)
    for r, label in enumerate(["属于国家秘密", "其他法律行政法规禁止公开"]):
        numbered(t.cell(r, 0).paragraphs[0], 91)
        t.cell(r, 0).paragraphs[0].add_run(label)
        t.cell(r, 1).text = str(r)
    assert [line.cells for line in lines_of(d)] == [
        ("一、总体情况",), ("（一）主动公开",), ("（二）依申请公开",),
        ("二、主动公开政府信息情况",), ("（一）栏目建设",),
        ("1.属于国家秘密", "0"), ("2.其他法律行政法规禁止公开", "1"),
    ]


def test_numbering_from_a_paragraph_style():
    d = docx.Document()
    add_numbering(d, NUMBERING, 90, 90)
    style = d.styles.add_style("报告标题一", 1)
    style.element.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
    ))
    d.add_paragraph("总体情况", style="报告标题一")
    d.add_paragraph("正文")
    d.add_paragraph("主动公开政府信息情况", style="报告标题一")
    assert [line.text for line in lines_of(d)] == ["一、总体情况", "正文", "二、主动公开政府信息情况"]


@pytest.mark.parametrize(
    ("n", "fmt", "text"),
    [(1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCountingThousand", "十二"),
     (21, "chineseCounting", "二十一"), (3, "decimal", "3"), (2, "decimalEnclosedCircle", "②"),
     (4, "upperRoman", "IV"), (2, "lowerLetter", "b"), (3, "ideographTraditional", "丙"),
     (5, "bullet", "")],
)
def test_format_number(n, fmt, text):
    assert format_number(n, fmt) == text


def test_text_box_read_once_before_its_paragraph():
    d = docx.Document()
    p = d.add_paragraph("一、总体情况")
    title = "某某局2021年政府信息公开工作年度报告"
    content = f"<w:txbxContent><w:p><w:r><w:t>{title}</w:t></w:r></w:p></w:txbxContent>"
    box = (
        '<w:r {ns} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
        '<mc:Choice Requires="wps"><w:drawing>{c}</w:drawing></mc:Choice>'
        "<mc:Fallback><w:pict><v:shape><v:textbox>{c}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    ).format(ns=nsdecls("w"), c=content)
    p._p.insert(0, parse_xml(box))
    assert [line.text for line in lines_of(d)] == ["某某局2021年政府信息公开工作年度报告", "一、总体情况"]


def test_tracked_changes_read_as_accepted():
    d = docx.Document()
    p = d.add_paragraph("予以")
    p._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>公开</w:t></w:r></w:ins>'
    ))
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
    ))
    assert [line.text for line in lines_of(d)] == ["予以公开"]


def test_traditional_docx_is_converted():
    d = docx.Document()
    d.add_paragraph("一、總體情況")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "商業企業"
    t.cell(0, 1).text = "0"
    document = docx_to_document(to_bytes(d), "t.docx")
    assert [line.cells for line in document.lines] == [("一、总体情况",), ("商业企业", "0")]
    assert any("traditional" in w for w in document.warnings)


def test_irregular_vmerge_does_not_fail():
    """A vMerge continuation with no cell above (hand-edited files) is skipped, not an error."""
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "规章"
    t.cell(0, 1).text = "0"
    tc = copy.deepcopy(t.rows[0]._tr.tc_lst[0])
    tc.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))
    t.rows[0]._tr.append(tc)
    assert [line.cells for line in lines_of(d)] == [("规章", "0")]


def test_not_a_docx_is_an_input_error():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"not a readable Word \.docx"):
        docx_to_document(out.getvalue(), "x.docx")


def test_each_cell_names_its_row_and_cell_in_the_documents_tables():
    """source_row: the w:tr among the tables' rows, source_col: the w:tc in it (merge continuations
    counted, as python-docx's tc_lst), from 1."""
    path = Path(__file__).resolve().parents[2] / "fixtures" / "docx" / "report-2022.docx"
    report = gkparse.parse(path)
    rows = [row for table in docx.Document(str(path)).tables for row in table._tbl.tr_lst]
    texts = [["".join(t.text or "" for t in tc.iter(qn("w:t"))).strip() for tc in tr.tc_lst] for tr in rows]
    assert len(report.items) == 200
    wrong = [(c.row, c.col, c.raw) for c in report.items
             if texts[c.source_row - 1][c.source_col - 1] != c.raw]
    assert wrong == []
