"""The committed fixture PDFs through real pdftotext, with and without -layout: no wrong cell.

fixtures/pdf holds tables with blank cells, rows all blank and tables without borders: in
-layout text their blanks print nothing (rows placed by character columns), and default
pdftotext writes the tables column by column. Whatever is read must be the spec's value; what
is not read must be named in a warning.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import gkparse
from tests.render_layout import named
from tests.spec_cells import spec_cells

PDFS = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "pdf").glob("*.pdf"))
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _read(pdf: Path, layout: bool) -> tuple[dict, gkparse.Report]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    spec = json.loads(pdf.with_suffix(".spec.json").read_text())
    return spec, gkparse.parse(text)


def _wrong(spec: dict, report: gkparse.Report) -> list[str]:
    want = spec_cells(spec)
    wrong = []
    for cell in report.items:
        key = (cell.table, cell.row, cell.col)
        if key not in want:
            wrong.append(f"{key}: not printed, read {cell.value!r}")
            continue
        value, raw = want[key]
        same = cell.value == value and type(cell.value) is type(value)
        if not same or (raw is not None and cell.raw.replace(" ", "") != raw.replace(" ", "")):
            wrong.append(f"{key}: read {cell.value!r} ({cell.raw!r}), printed {value!r} ({raw!r})")
    return wrong


def _unnamed(spec: dict, report: gkparse.Report) -> list[str]:
    got = {(c.table, c.row, c.col) for c in report.items}
    rows = {(t, r) for (t, r, c) in spec_cells(spec) if (t, r, c) not in got}
    return sorted(f"{t}.{r}" for t, r in rows if not named(report.warnings, (t, r, "")))


@needs_pdftotext
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
@pytest.mark.parametrize("layout", [True, False], ids=["layout", "default"])
def test_pdftotext_of_fixture_pdfs_gives_no_wrong_cell(pdf, layout):
    spec, report = _read(pdf, layout)
    assert _wrong(spec, report) == []
    assert _unnamed(spec, report) == []
