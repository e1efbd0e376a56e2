"""Page images: a page read by OCR is shown turned back as OCR turned it (its boxes are measured there)."""

from __future__ import annotations

import json

import pytest

from gkparse.inspect.pages import render_pages
from tests.conftest import REPO

SCANS = REPO / "fixtures" / "scans"


def test_a_scanned_page_is_turned_back_by_the_angle_it_was_scanned_at():
    from tests.source.pdf.test_ocr import need_ocr

    need_ocr()
    scan = next(s for s in json.loads((SCANS / "manifest.json").read_text("utf-8"))
                if s["scan"] == "html-print-32-scan2.pdf")
    data = (SCANS / scan["scan"]).read_bytes()
    turned, plain = render_pages(data, [1], deskew=[1])[1], render_pages(data, [1])[1]
    assert turned.angle == pytest.approx(-scan["angle"], abs=0.1)  # scanned at -0.82°
    assert plain.angle == 0.0 and plain.data_uri != turned.data_uri
