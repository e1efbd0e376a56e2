"""Real reports against hand-verified goldens: every cell, its page, meta and failed checks."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import gkparse
from tests.conftest import cell_map, corpus_file, load_golden


def assert_matches_golden(report: gkparse.Report, golden: dict, compare_pages: bool = True) -> None:
    got = cell_map(report.items)
    want = cell_map(golden["cells"])
    if not compare_pages:
        got = {k: v[:2] for k, v in got.items()}
        want = {k: v[:2] for k, v in want.items()}
    assert sorted(set(want) - set(got)) == []
    assert sorted(set(got) - set(want)) == []
    assert {k: v for k, v in got.items() if want[k] != v} == {}
    assert report.meta.agency == golden["meta"]["agency"]
    assert report.meta.year == golden["meta"]["year"]
    assert report.meta.format == golden["meta"]["format"]
    assert sorted({c.rule for c in report.checks if not c.ok}) == sorted(golden["expected_failed_checks"])


def test_dongguan_seed_text():
    report = gkparse.parse(corpus_file("dongguan-drc-2019.txt"))
    golden = load_golden("dongguan-drc-2019")
    assert_matches_golden(report, golden)
    assert [s.heading for s in report.sections] == [s["heading"] for s in golden["sections"]]
    assert report.source.kind == "text"


def test_dongguan_group_label_numbers_move_to_first_row():
    report = gkparse.parse(corpus_file("dongguan-drc-2019.txt"))
    assert report.cell("requests", "denied.state_secret", "total").raw == "0"
    assert report.cell("requests", "denied", "total") is None
    assert any("belong to denied.state_secret" in w for w in report.warnings)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_pdftotext_layout_text(year, tmp_path):
    """pdftotext -layout output of the real PDFs: every number right, pages from form feeds."""
    pdf = corpus_file(f"hongze-district-{year}.pdf")
    out = tmp_path / "report.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
    report = gkparse.parse(out)
    assert_matches_golden(report, load_golden(f"hongze-district-{year}"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize("year", [2023, 2024])
def test_hongze_pdftotext_default_never_misplaces(year, tmp_path):
    """Default pdftotext writes these tables column by column: most numbers have no label
    next to them. Whatever is placed must be right; the rest is left out with warnings."""
    pdf = corpus_file(f"hongze-district-{year}.pdf")
    out = tmp_path / "report.txt"
    subprocess.run(["pdftotext", str(pdf), str(out)], check=True)
    report = gkparse.parse(out)
    want = cell_map(load_golden(f"hongze-district-{year}")["cells"])
    got = cell_map(report.items)
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert len(got) < len(want)
    assert any("left out" in w for w in report.warnings)
