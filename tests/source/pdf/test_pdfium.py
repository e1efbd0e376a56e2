"""The pdfium reader (engine "pdfium"): its glyphs and ruling lines against pdfplumber's, on
the 洪泽 PDFs and on pages built here (shapes, turned text, a turned page); fake bold; pages
pdfium cannot load.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gkparse.errors import NoTextLayerError
from gkparse.source.pdf import pdfium as pdf_pdfium
from gkparse.source.pdf.layout import Glyph, HRule, Rule
from gkparse.source.pdf.plumber import dedupe_chars, plumber_glyphs, plumber_hrules, plumber_rules
from tests.conftest import corpus_file
from tests.source.pdf.conftest import CATALOG, LINES, REPORTS, make_pdf, stream_object, text_pdf


def _plumber_page(data: bytes, index: int = 0) -> tuple[list[Glyph], object, list[Rule]]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[index]
        glyphs, stats = plumber_glyphs(dedupe_chars(page.chars))
        return glyphs, stats, plumber_rules(page.lines, page.rects) + plumber_hrules(page.lines, page.rects)


def _pdfium_page(data: bytes, index: int = 0) -> tuple[list[Glyph], object, list[Rule]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        chars, rules, *_ = pdf_pdfium._read_page(pdf, index)
    finally:
        pdf.close()
    glyphs, stats = pdf_pdfium._glyphs(chars)
    return glyphs, stats, rules


def _assert_same_glyphs(got: list[Glyph], want: list[Glyph], tolerance: float) -> None:
    assert [g.text for g in got] == [g.text for g in want]
    for g, w in zip(got, want, strict=True):
        for field in ("x0", "x1", "top", "bottom", "size"):
            assert getattr(g, field) == pytest.approx(getattr(w, field), abs=tolerance), (g, w)


def _rule_set(rules: list[Rule | HRule]) -> list[tuple[str, float, float, float]]:
    return sorted(
        ("h", round(r.y, 2), round(r.x0, 2), round(r.x1, 2)) if isinstance(r, HRule)
        else ("v", round(r.x, 2), round(r.top, 2), round(r.bottom, 2))
        for r in rules
    )


@pytest.mark.parametrize("stem", REPORTS)
def test_pdfium_glyphs_and_rules_match_pdfplumber(stem):
    """Every glyph (vertical writing included) within 0.25 pt of pdfplumber's — advance widths
    differ by a hair for a few 楷体 glyphs — and the very same ruling lines."""
    data = corpus_file(f"{stem}.pdf").read_bytes()
    for index in range(5):
        glyphs, stats, rules = _pdfium_page(data, index)
        want_glyphs, want_stats, want_rules = _plumber_page(data, index)
        _assert_same_glyphs(glyphs, want_glyphs, 0.25)
        assert stats == want_stats
        assert _rule_set(rules) == _rule_set(want_rules)


def _page_pdf(content: bytes, rotate: int = 0, form: bytes = b"") -> bytes:
    """One page: Helvetica as /F1, and `form` (a content stream) as the form XObject /Fm1,
    drawn shifted by (10, -20) wherever the content says `/Fm1 Do`."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d "
        b"/Resources << /Font << /F1 4 0 R >> /XObject << /Fm1 6 0 R >> >> /Contents 5 0 R >>" % rotate
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    xobject = b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Matrix [1 0 0 1 10 -20] "
    xobject += b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream"
    return make_pdf([*CATALOG, page, font, stream_object(content), xobject])


SHAPES = b"""q 0.5 w 100 700 m 100 600 l S Q
q 1 w 50 650 m 300 650 l S Q
200 600 1 100 re f
1 1 1 rg 74 600 444 100 re f 0 0 0 rg
300 600 100 50 re S
q 0.05 0 0 0.05 0 0 cm 8000 12000 20 2000 re 9000 12000 20 2000 re f Q
430 600 m 430 700 l 440 700 l S
470 600 m 470 700 l h S
q 2 w 480 600 m 480 601.5 l S Q
490 600 m 490 650 l 495 700 495 700 490 720 c S
/Fm1 Do"""


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_pdfium_rules_match_pdfplumber(rotate):
    """Ruling lines from pdfium's path objects, as pdfminer cuts paths into lines, rectangles
    and curves: stroked and filled, thin rectangles under a scaling CTM, several subpaths in
    one path, a polyline and a curve (no rules), a closed line, a form XObject, a turned page."""
    data = _page_pdf(SHAPES, rotate, form=b"q 0.5 w 500 700 m 500 600 l S Q 20 600 2 50 re f")
    _, _, rules = _pdfium_page(data)
    _, _, want = _plumber_page(data)
    assert len([r for r in want if isinstance(r, Rule)]) >= 3
    assert len([r for r in want if isinstance(r, HRule)]) >= 2
    assert _rule_set(rules) == _rule_set(want)


TURNED_TEXT = b"""BT /F1 12 Tf 72 760 Td (Level text 123) Tj ET
BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Sideways) Tj ET
BT /F1 10 Tf 0.7071 0.7071 -0.7071 0.7071 400 400 Tm (Diagonal) Tj ET
BT /F1 10 Tf 2 0 0 1.5 100 100 Tm 150 Tz (Scaled) Tj ET"""


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_pdfium_glyph_boxes_match_pdfplumber(rotate):
    """Level, sideways, diagonal and scaled text on a page turned by /Rotate: the same glyphs
    in the same places (within 0.3 pt: Helvetica is not embedded, and pdfium's stand-in font
    goes 0.017 em deeper below the baseline than the metrics pdfminer uses), and the same
    counts of diagonal and sideways glyphs."""
    data = _page_pdf(TURNED_TEXT, rotate)
    glyphs, stats, _ = _pdfium_page(data)
    want_glyphs, want_stats, _ = _plumber_page(data)
    _assert_same_glyphs(glyphs, want_glyphs, 0.3)
    assert stats == want_stats
    assert stats.diagonal == len("Diagonal")


def test_pdfium_dedupe_agrees_with_dedupe_chars():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(corpus_file("hongze-district-2024.pdf").read_bytes())
    page = pdf[2]
    textpage = page.get_textpage()
    chars = pdf_pdfium._chars(textpage.raw, pdf_pdfium._display_matrix(page.get_mediabox(), 0), 0)
    textpage.close()
    pdf.close()
    doubled = []
    for c in chars:
        doubled += [c, c._replace(x0=c.x0 + 0.4, x1=c.x1 + 0.4, top=c.top + 0.2)]
    assert pdf_pdfium._dedupe(doubled, lambda index: b"SimSun") == chars
    # the same glyph in another font, another size, or 1.5 pt away, is not a duplicate
    fonts = {c.index: b"SimSun" for c in chars}
    other_font = [c._replace(index=-1 - c.index) for c in chars]
    kept = pdf_pdfium._dedupe(chars + other_font, lambda index: fonts.get(index, b"KaiTi"))
    assert len(kept) == 2 * len(chars)
    for other in ([c._replace(size=c.size + 1) for c in chars], [c._replace(x0=c.x0 + 1.5) for c in chars]):
        assert len(pdf_pdfium._dedupe(chars + other, lambda index: b"SimSun")) == 2 * len(chars)


def test_pdfium_page_errors_do_not_leak(monkeypatch):
    """A page pdfium cannot load is left out with a warning, and counts as a page without
    text for the probe, as in `probe_text_layer`."""
    import pypdfium2 as pdfium

    read_page = pdf_pdfium._read_page

    def last_page_broken(pdf, index):
        if index == len(pdf) - 1:
            raise pdfium.PdfiumError("Failed to load page.")
        return read_page(pdf, index)

    monkeypatch.setattr(pdf_pdfium, "_read_page", last_page_broken)
    pages, warnings = pdf_pdfium.read_pages(corpus_file("hongze-district-2024.pdf").read_bytes(), "2024")
    assert [bool(lines) for lines in pages] == [True, True, True, True, False]
    assert warnings == ["pdf: page 5 could not be read (PdfiumError: Failed to load page.); left out"]
    with pytest.raises(NoTextLayerError):
        pdf_pdfium.read_pages(text_pdf(LINES), "fox.pdf")  # its only page


def _with_picture(path: str, page_index: int, share: float) -> bytes:
    """A fixture PDF with a grey picture covering `share` of one page, pasted over its text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    page = pdf[page_index]
    width, height = page.get_size()
    image = pdfium.PdfImage.new(pdf)
    bitmap = pdfium.PdfBitmap.new_native(40, 30, pdfium.raw.FPDFBitmap_BGR)
    bitmap.fill_rect((200, 200, 200, 255), 0, 0, 40, 30)
    image.set_bitmap(bitmap)
    side = (share * width * height) ** 0.5
    image.set_matrix(pdfium.PdfMatrix().scale(side, side).translate(50, 50))
    page.insert_obj(image)
    page.gen_content()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("share", "named"), [(0.4, True), (0.05, False)])
def test_a_picture_over_a_quarter_of_a_text_page_is_named_as_not_read(share, named):
    """A table pasted as an image into a page with a text layer: OCR reads only pages without
    text, so the picture's content is not read, and a typed warning says so; a seal-sized picture
    is no warning."""
    import gkparse

    fixture = Path(__file__).parents[3] / "fixtures" / "pdf" / "docx-lo-plain-12.pdf"
    report = gkparse.parse(_with_picture(str(fixture), 1, share))
    warnings = [w for w in report.warnings if getattr(w, "code", None) == "picture_not_read"]
    if not named:
        assert warnings == []
        return
    assert [str(w) for w in warnings] == [
        "pdf: page 2: pictures cover 40% of the page; what they show (a table pasted as an image?)"
        " is not read"
    ]
    assert report.source.reader == "pdf:pdfium"
