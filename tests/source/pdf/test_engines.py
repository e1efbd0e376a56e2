"""PDF engines on the 洪泽 PDFs: against their hand-verified goldens, and against each other
(the same lines from both glyph readers, fake bold read once).

The real PDFs are read in place from the shared corpus (never copied into the repo).
"""

from __future__ import annotations

import pytest

import gkparse
from gkparse.source.pdf import DEFAULT_ENGINE, ENGINES, pdf_to_document
from tests.conftest import assert_cells_match_golden, corpus_file, load_golden
from tests.source.pdf.conftest import CATALOG, READERS, REPORTS, make_pdf, stream_object


@pytest.fixture(scope="module")
def parsed() -> dict[tuple[str, str], gkparse.Report]:
    return {}


def _report(parsed: dict, stem: str, engine: str) -> gkparse.Report:
    if (stem, engine) not in parsed:
        parsed[stem, engine] = gkparse.parse(corpus_file(f"{stem}.pdf"), engine=engine)
    return parsed[stem, engine]


def test_engines():
    assert set(READERS) <= set(ENGINES)
    assert DEFAULT_ENGINE == "pdfium"


# --- the real PDFs against the goldens ------------------------------------------------------


@pytest.mark.parametrize("engine", READERS)
@pytest.mark.parametrize("stem", REPORTS)
def test_cells_match_golden(parsed, stem, engine):
    assert_cells_match_golden(_report(parsed, stem, engine).items, stem)


@pytest.mark.parametrize("engine", READERS)
@pytest.mark.parametrize("stem", REPORTS)
def test_meta_checks_and_source_match_golden(parsed, stem, engine):
    report = _report(parsed, stem, engine)
    golden = load_golden(stem)
    assert report.meta.agency == golden["meta"]["agency"]
    assert report.meta.year == golden["meta"]["year"]
    assert report.meta.format == golden["meta"]["format"]
    failed = sorted(c.rule for c in report.checks if not c.ok)
    assert failed == sorted(golden["expected_failed_checks"])
    assert (report.source.kind, report.source.text_layer, report.source.pages) == ("pdf", "ok", 5)
    assert report.source.reader == f"pdf:{engine}"
    assert [s.heading for s in report.sections] == [s["heading"] for s in golden["sections"]]


def test_default_engine_reads_the_pdfs(parsed):
    report = gkparse.parse(corpus_file("hongze-district-2023.pdf"))
    assert report.source.reader == "pdf:pdfium"
    assert report.items == _report(parsed, "hongze-district-2023", "pdfium").items


@pytest.mark.parametrize("engine", READERS)
@pytest.mark.parametrize("stem", REPORTS)
def test_vertical_label_is_not_glued_into_row_labels(stem, engine):
    doc, layer = pdf_to_document(corpus_file(f"{stem}.pdf").read_bytes(), stem, engine)
    assert layer == "ok"
    assert doc.reader == f"pdf:{engine}"
    cells = [c for line in doc.lines for c in line.cells]
    # 三、本年度办理结果 is drawn one glyph under the other: 1-char cells, never a prefix
    for ch in "本年度办理结果":
        assert ch in cells
    assert "（三）不予公开" in cells
    assert not any(c.endswith("（三）不予公开") and c != "（三）不予公开" for c in cells)
    # page numbers ("- 3 -") are page furniture
    assert not any(line.text.replace(" ", "") in {f"-{n}-" for n in range(1, 6)} for line in doc.lines)


@pytest.mark.parametrize("stem", REPORTS)
def test_engines_give_the_same_lines(stem):
    """Both readers give `glyphs_to_lines` the same glyphs and rules: the same lines, page by
    page (page furniture included), and no warnings."""
    data = corpus_file(f"{stem}.pdf").read_bytes()
    plumber_pages, plumber_warnings = ENGINES["pdfplumber"](data, stem)
    pdfium_pages, pdfium_warnings = ENGINES["pdfium"](data, stem)
    assert pdfium_pages == plumber_pages
    assert pdfium_warnings == plumber_warnings == []


@pytest.mark.parametrize("engine", READERS)
@pytest.mark.parametrize("split", [False, True])
def test_fake_bold_is_read_once(engine, split):
    # WPS fake bold: the same text drawn twice, 0.4 pt apart (split: the second time in two
    # pieces, so that pdfium's own check for a repeated text object does not catch it)
    sentence = "Fake bold as WPS draws it: every glyph is drawn twice, 0.4 pt apart"
    text = b"(" + sentence.encode() + b") Tj ET"
    again = b"(" + sentence[:20].encode() + b") Tj (" + sentence[20:].encode() + b") Tj ET" if split else text
    content = b"BT /F1 12 Tf 72 760 Td " + text + b" BT /F1 12 Tf 72.4 760.2 Td " + again
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    data = make_pdf([*CATALOG, page, font, stream_object(content)])
    doc, _ = pdf_to_document(data, "bold.pdf", engine)
    assert [line.cells for line in doc.lines] == [(sentence,)]
