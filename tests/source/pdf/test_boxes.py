"""Cell boxes beyond the text-layer engines' (tests/source/pdf/test_fixtures.py checks those):
blank cells and text input have none, OCR cells hold the glyphs the scanned page printed."""

from __future__ import annotations

import pdfplumber

import gkparse
from tests.conftest import REPO

SLACK = 0.5  # points: a glyph's centre is inside its cell's box


def _inside(chars, cell, slack: float = SLACK) -> str:
    return "".join(
        ch["text"] for ch in chars
        if cell.x0 - slack <= (ch["x0"] + ch["x1"]) / 2 <= cell.x1 + slack
        and cell.top - slack <= (ch["top"] + ch["bottom"]) / 2 <= cell.bottom + slack
    ).replace(" ", "")


def test_a_blank_cell_has_no_box_and_text_input_none_at_all_nor_a_source_place():
    report = gkparse.parse(REPO / "fixtures" / "pdf" / "docx-lo-plain-14.pdf")
    blanks = [c for c in report.items if not c.raw]
    assert blanks and all(c.x0 is None and c.page is not None for c in blanks)
    text = gkparse.parse((REPO / "fixtures" / "text" / "report-0.tsv.txt").read_text("utf-8"))
    assert all((c.x0, c.top, c.x1, c.bottom) == (None,) * 4 for c in text.items)
    # the source-table place is HTML's and DOCX's only
    assert all((c.source_row, c.source_col) == (None, None) for c in [*report.items, *text.items])


def test_an_ocr_cells_box_holds_the_glyphs_of_the_page_that_was_scanned():
    """The scan (150 dpi, turned 0.82°) of a fixture PDF: each OCR cell's box, in PDF points, holds
    the text the original PDF prints there (2 pt slack for the turn and the pixel grid)."""
    from tests.source.pdf.test_ocr import need_ocr

    need_ocr()
    report = gkparse.parse(REPO / "fixtures" / "scans" / "html-print-32-scan2.pdf")
    printed = [c for c in report.items if c.raw]
    assert len(printed) > 150 and all(c.provenance == "ocr" and c.x0 is not None for c in printed)
    with pdfplumber.open(REPO / "fixtures" / "pdf" / "html-print-32.pdf") as doc:
        chars = {n: doc.pages[n - 1].chars for n in {c.page for c in printed}}
    wrong = [(c.row, c.col, c.raw, got) for c in printed if (got := _inside(chars[c.page], c, 2.0)) != c.raw]
    assert wrong == []
