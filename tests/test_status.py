"""What is not a readable modern report says so: pre-2019 reports, reports without tables, and
huge texts that are not reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gkparse
from fixtures.junk import junk_text
from fixtures.legacy import SHAPES, legacy_report
from gkparse.errors import NotAReportError
from tests.conftest import corpus_file

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy"
REASON = "report in the pre-2019 format (2008 条例 tables); tables not read"
NO_TABLES = ("tables: not found: section 二 (documents, administrative_actions); section 三 (requests); "
             "section 四 (review_litigation)")
NOT_A_REPORT = "not a government information disclosure annual report (no section headings, no tables found)"


def assert_unsupported(report, expected: dict) -> None:
    assert (report.status, report.unsupported) == ("unsupported", REASON)
    assert report.items == [] and report.checks == []
    assert [(s.key, s.heading) for s in report.sections] == [tuple(s) for s in expected["sections"]]
    assert (report.meta.year, report.meta.agency) == (expected["year"], expected["agency"])
    assert report.meta.format is None
    assert [w.code for w in report.warnings] == ["unsupported_format"] and report.warnings[0] == REASON


def test_committed_pre_2019_fixtures():
    texts = sorted(LEGACY.glob("legacy-*.txt"))
    assert len(texts) == 4
    for text in texts:
        expected = json.loads((LEGACY / f"{text.name.split('.')[0]}.expected.json").read_text("utf-8"))
        assert_unsupported(gkparse.parse(text), expected)


@pytest.mark.parametrize("shape", SHAPES)
def test_generated_pre_2019_reports(shape):
    for seed in range(40):
        text, expected = legacy_report(seed, shape)
        assert_unsupported(gkparse.parse(text), expected)


def test_pre_2019_is_told_by_structure_not_by_year():
    """A 2018 title on a modern report is read; a legacy report dated 2020 is still unsupported."""
    dongguan = corpus_file("dongguan-drc-2019.txt").read_text("utf-8")
    dongguan = dongguan.replace("2019 年度东莞", "2018 年度东莞", 1)
    modern = gkparse.parse(dongguan)
    assert (modern.status, len(modern.items), modern.meta.year) == ("partial", 198, 2018)
    text, expected = legacy_report(3, "tsv")
    old = str(expected["year"])
    late = gkparse.parse(text.replace(f"{old}年", "2020年"))
    assert late.status == "unsupported" and late.meta.year == 2020


def test_modern_report_whose_prose_counts_channels_stays_modern():
    text = corpus_file("dongguan-drc-2019.txt").read_text("utf-8")
    channels = "其中当面申请2件、信函申请1件、网络申请5件、传真申请0件。"
    text = text.replace("一、总体情况\n", f"一、总体情况\n{channels}\n", 1)
    report = gkparse.parse(text)
    assert report.status == "partial" and len(report.items) == 198


def test_report_headings_without_tables():
    headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项"]
    body = "\n".join(f"{h}\n详见附件。" for h in headings)
    text = f"某区教育局2023年政府信息公开工作年度报告\n{body}\n"
    report = gkparse.parse(text)
    assert (report.status, report.items, len(report.sections)) == ("partial", [], 6)
    assert report.warnings == [NO_TABLES] and report.warnings[0].code == "tables_missing"


def test_a_30_mb_text_that_is_no_report_is_refused(tmp_path):
    """Refused before its tables are searched (the time is measured by bench/junk_speed.py)."""
    path = tmp_path / "junk.txt"
    path.write_text(junk_text(30 * 2**20), "utf-8")
    with pytest.raises(NotAReportError) as e:
        gkparse.parse(path)
    assert str(e.value) == f"{path}: {NOT_A_REPORT}"


def test_a_report_inside_a_large_text_is_found_and_read_whole():
    report_text = corpus_file("dongguan-drc-2019.txt").read_text("utf-8")
    junk = junk_text(6 * 2**20, seed=1)
    half = junk.index("\n", len(junk) // 2)
    report = gkparse.parse(junk[:half] + "\n" + report_text + "\n" + junk[half:])
    plain = gkparse.parse(report_text)
    assert [(c.table, c.row, c.col, c.value) for c in report.items] == [
        (c.table, c.row, c.col, c.value) for c in plain.items]
    assert report.meta == plain.meta
    region = [w for w in report.warnings if getattr(w, "code", "") == "region"]
    assert region == ["file: 2.4 M characters of text; read only the 1.25 M around the words of a report "
                      "(headings, table labels), the rest has none"]
