"""`gkparse inspect` end to end: the CLI on a file and on a dataset, and the page in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import gkparse
from gkparse.cli import cli
from gkparse.write.tables import frames, report_rows, write_frames
from tests.conftest import CORPUS, REPO

FAILED_PDF = REPO / "fixtures" / "pdf" / "html-print-33.pdf"
HONGZE = CORPUS / "hongze-district-2023.pdf"
RED = "rgb(209, 36, 47)"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium (Debian's `chromium`; `make system-deps` installs it when root)")


def test_inspect_writes_the_page_of_a_pdf(tmp_path):
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["inspect", str(FAILED_PDF), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{out}: 200 cells, 1 failed checks" in result.output
    assert len(re.findall(r'<div class="box[^"]*" data-key=', out.read_text("utf-8"))) == 200


def test_inspect_draws_a_report_of_a_dataset_from_the_path_it_recorded(tmp_path):
    report = gkparse.parse(FAILED_PDF)
    write_frames(frames(report_rows(report)), tmp_path / "ds", "csv")
    out = tmp_path / "r.html"
    args = ["inspect", str(tmp_path / "ds"), "--report-id", report.source.report_id, "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "failed" in out.read_text("utf-8") and "changed since" not in result.output


def test_inspect_of_a_dataset_needs_a_known_report_id(tmp_path):
    write_frames(frames(report_rows(gkparse.parse(FAILED_PDF))), tmp_path / "ds", "csv")
    runner = CliRunner()
    result = runner.invoke(cli, ["inspect", str(tmp_path / "ds"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "give --report-id" in result.output
    result = runner.invoke(cli, ["inspect", str(tmp_path / "ds"), "--report-id", "f" * 64, "-o", "x.html"])
    assert result.exit_code == 2 and f"no report {'f' * 64!r}" in result.output
    result = runner.invoke(cli, ["inspect", str(FAILED_PDF), "--report-id", "x", "-o", "x.html"])
    assert result.exit_code == 2 and "needs INPUT to be a dataset directory" in result.output


def test_inspect_of_a_dataset_whose_input_is_gone_says_so(tmp_path):
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(FAILED_PDF.read_bytes())
    report = gkparse.parse(copy)
    write_frames(frames(report_rows(report)), tmp_path / "ds", "csv")
    copy.unlink()
    args = ["inspect", str(tmp_path / "ds"), "--report-id", report.source.report_id, "-o", "x.html"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert f"the dataset recorded {str(copy)!r} as the input of {report.source.report_id}" in result.output


def test_report_inspect_writes_the_file(tmp_path):
    path = gkparse.parse(FAILED_PDF).inspect(tmp_path / "r.html")
    assert path.read_text("utf-8").startswith("<!DOCTYPE html>")


def _chromium(tmp_path: Path, *args: str) -> str:
    command = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _artifacts(tmp_path: Path) -> Path:
    """Screenshots go to $GKPARSE_ARTIFACTS when set (CI keeps them), else to the test's tmp dir."""
    folder = Path(os.environ.get("GKPARSE_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open_in_browser(tmp_path: Path, pdf: Path, n_cells: int, n_failed: int, shot: str) -> None:
    page = tmp_path / f"{pdf.stem}.html"
    gkparse.parse(pdf).inspect(page)
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri())
    keys = re.findall(r'<div class="box([^"]*)" data-key="[^"]+" style="left:', dom)
    assert len(keys) == n_cells
    assert sum("failed" in k.split() for k in keys) == n_failed
    # the page's own script measured, after layout: every outlined cell has a size; failed ones are red
    assert f'data-drawn="{n_cells}"' in dom
    assert f'data-failed-border="{RED}"' in dom
    png = _artifacts(tmp_path) / shot
    _chromium(tmp_path, "--window-size=1400,1800", f"--screenshot={png}", page.as_uri())
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@needs_chromium
def test_chromium_draws_every_cell_of_a_fixture_pdf_and_the_failed_check_red(tmp_path):
    _open_in_browser(tmp_path, FAILED_PDF, 200, 5, "inspect-html-print-33.png")


@needs_chromium
@pytest.mark.skipif(not HONGZE.exists(), reason="../shared/corpus/real is not here")
def test_chromium_draws_hongze_2023(tmp_path):
    _open_in_browser(tmp_path, HONGZE, 186, 10, "inspect-hongze-2023.png")
