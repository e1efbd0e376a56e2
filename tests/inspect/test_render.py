"""The inspect page's content, without a browser: one outlined element per cell read, the failed
check's cells red, the page images, the source text of non-PDF input."""

from __future__ import annotations

import base64
import io
import re
from collections import Counter

import pdfplumber
import pytest
from PIL import Image

import gkparse
from gkparse.inspect import inspect_html
from gkparse.inspect.pages import SCALE, render_pages
from tests.conftest import CORPUS, REPO

FAILED_PDF = REPO / "fixtures" / "pdf" / "html-print-33.pdf"  # its review total is printed 1, parts 0
HONGZE = CORPUS / "hongze-district-2023.pdf"
ELEMENT = re.compile(r'<(\w+) class="([^"]*)" data-key="([^"]+)"')
REVIEW = [f"review_litigation.review.{c}" for c in ("total", "upheld", "corrected", "other", "pending")]


def _elements(html: str) -> list[tuple[str, str, str]]:
    return ELEMENT.findall(html)


def _keys(report) -> Counter:
    return Counter(f"{c.table}.{c.row}.{c.col}" for c in report.items)


def test_every_cell_of_a_pdf_is_one_outlined_box_and_the_failed_check_is_red():
    report = gkparse.parse(FAILED_PDF)
    html = inspect_html(report)
    elements = _elements(html)
    assert len(report.items) == 200
    assert Counter(key for _, _, key in elements) == _keys(report)
    assert all(tag == "div" and "box" in cls.split() for tag, cls, _ in elements)
    assert sorted(key for _, cls, key in elements if "failed" in cls.split()) == sorted(REVIEW)
    assert "FAILED review_litigation.review_total: expected 1, actual 0" in html
    pages = {c.page for c in report.items}
    assert html.count('<img alt="page') == len(pages)
    assert html.count("data:image/jpeg;base64,") == len(pages)


def test_boxes_are_placed_in_percent_of_the_page():
    report = gkparse.parse(FAILED_PDF)
    cell = report.cell("review_litigation", "review", "total")
    with pdfplumber.open(FAILED_PDF) as pdf:
        width = pdf.pages[cell.page - 1].width
    pattern = r'data-key="review_litigation\.review\.total" style="left:([\d.]+)%'
    left = re.search(pattern, inspect_html(report))
    assert float(left.group(1)) == pytest.approx(100 * (cell.x0 - 1) / width, abs=0.001)


def test_page_images_have_the_pdf_page_size_at_the_scale():
    with pdfplumber.open(FAILED_PDF) as pdf:
        size = (pdf.pages[0].width, pdf.pages[0].height)
    image = render_pages(FAILED_PDF.read_bytes(), [1, 99])
    assert list(image) == [1]  # a page past the end is skipped
    assert (image[1].width, image[1].height) == pytest.approx(size)
    raw = base64.b64decode(image[1].data_uri.split(",", 1)[1])
    assert Image.open(io.BytesIO(raw)).size == (round(size[0] * SCALE), round(size[1] * SCALE))


SOURCE_CELL = re.compile(r'<span class="src cellref (\w[\w-]*)" data-key="([^"]+)" data-src="(\d+)\.(\d+)" '
                         r'title="[^"]*">([^<]*)</span>')


@pytest.mark.parametrize("name", ["html/report-2021-utf8.html", "docx/report-2022.docx"])
def test_html_and_docx_input_show_each_cell_in_its_source_table_row(name):
    report = gkparse.parse(REPO / "fixtures" / name)
    html = inspect_html(report)
    assert "<img" not in html
    elements = _elements(html)
    assert Counter(key for _, _, key in elements) == _keys(report)
    assert {tag for tag, _, _ in elements} == {"span"}
    shown = {key: (int(r), int(c), text) for _, key, r, c, text in SOURCE_CELL.findall(html)}
    assert len(shown) == len(report.items)
    for cell in report.items:
        key = f"{cell.table}.{cell.row}.{cell.col}"
        assert shown[key] == (cell.source_row, cell.source_col, cell.raw or "∅")


def test_plain_text_input_keys_the_tables_and_highlights_the_rows(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text((REPO / "fixtures" / "text" / "report-0.tsv.txt").read_text("utf-8"), "utf-8")
    report = gkparse.parse(path)
    html = inspect_html(report)
    elements = _elements(html)
    assert Counter(key for _, _, key in elements) == _keys(report)
    assert {tag for tag, _, _ in elements} == {"td"}
    assert '<span class="label">行政许可</span>' in html and "Source text" in html


def test_a_report_parsed_from_a_string_shows_its_tables_only():
    text = (REPO / "fixtures" / "text" / "report-0.tsv.txt").read_text("utf-8")
    report = gkparse.parse(text)
    html = inspect_html(report)
    assert Counter(key for _, _, key in _elements(html)) == _keys(report)
    assert "Source text" not in html


def test_the_notebook_repr_is_compact_and_names_the_failed_check():
    report = gkparse.parse(FAILED_PDF)
    html = report._repr_html_()
    assert len(html) < 100_000 and "<img" not in html and "data-key" not in html
    assert "review_litigation.review_total" in html and "200 cells, 1 failed checks" in html


@pytest.mark.skipif(not HONGZE.exists(), reason="../shared/corpus/real is not here")
def test_hongze_2023_outlines_186_cells_and_its_two_failed_checks():
    report = gkparse.parse(HONGZE)
    html = inspect_html(report)
    elements = _elements(html)
    assert len(elements) == 186 and Counter(k for _, _, k in elements) == _keys(report)
    failed = sorted(key for _, cls, key in elements if "failed" in cls.split())
    assert failed == sorted(f"review_litigation.{r}.{c}" for r in ("review", "litigation_after_review")
                            for c in ("total", "upheld", "corrected", "other", "pending"))
    assert len(html.encode()) < 3_000_000
