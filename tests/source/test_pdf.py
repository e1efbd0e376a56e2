"""PDF readers: the 洪泽 PDFs against their hand-verified goldens, and bad inputs, with every
engine; the pdfium reader's glyphs and ruling lines against pdfplumber's.

The real PDFs are read in place from the shared corpus (never copied into the repo); every
other PDF used here is built by the test, in memory or in tmp_path.
"""

from __future__ import annotations

import hashlib
import io
import struct
from pathlib import Path

import pytest

import gkparse
from gkparse.errors import InputError, NotAReportError, NoTextLayerError
from gkparse.source import pdf_pdfium
from gkparse.source.pdf import (
    DEFAULT_ENGINE,
    ENGINES,
    Glyph,
    Rule,
    _plumber_glyphs,
    _plumber_rules,
    dedupe_chars,
    fill_blank_number_cells,
    glyphs_to_lines,
    pdf_to_document,
    probe_text_layer,
)
from tests.conftest import cell_map, corpus_file, load_golden

REPORTS = ["hongze-district-2023", "hongze-district-2024"]
READERS = ["pdfium", "pdfplumber"]  # the glyph readers of gkparse.source.pdf (not camelot)


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
    """Same (table, row, col) set; same value (and int/float type), raw text and page."""
    got = cell_map(_report(parsed, stem, engine).items)
    want = cell_map(load_golden(stem)["cells"])
    assert sorted(set(want) - set(got)) == []
    assert sorted(set(got) - set(want)) == []
    assert {k: v for k, v in got.items() if v != want[k]} == {}
    assert {k: type(v[0]) for k, v in got.items()} == {k: type(v[0]) for k, v in want.items()}


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


def _plumber_page(data: bytes, index: int = 0) -> tuple[list[Glyph], object, list[Rule]]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[index]
        glyphs, stats = _plumber_glyphs(dedupe_chars(page.chars))
        return glyphs, stats, _plumber_rules(page.lines, page.rects)


def _pdfium_page(data: bytes, index: int = 0) -> tuple[list[Glyph], object, list[Rule]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        chars, rules, _ = pdf_pdfium._read_page(pdf, index)
    finally:
        pdf.close()
    glyphs, stats = pdf_pdfium._glyphs(chars)
    return glyphs, stats, rules


def _assert_same_glyphs(got: list[Glyph], want: list[Glyph], tolerance: float) -> None:
    assert [g.text for g in got] == [g.text for g in want]
    for g, w in zip(got, want, strict=True):
        for field in ("x0", "x1", "top", "bottom", "size"):
            assert getattr(g, field) == pytest.approx(getattr(w, field), abs=tolerance), (g, w)


def _rule_set(rules: list[Rule]) -> list[tuple[float, float, float]]:
    return sorted((round(r.x, 2), round(r.top, 2), round(r.bottom, 2)) for r in rules)


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
    return _make_pdf([*_CATALOG, page, font, _stream(content), xobject])


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
    assert len(want) >= 3
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


# --- layout on synthetic glyphs -------------------------------------------------------------


def _row(text: str, x: float, top: float, size: float = 9.0) -> list[Glyph]:
    return [Glyph(ch, x + i * size, x + (i + 1) * size, top, top + size, size) for i, ch in enumerate(text)]


def test_cells_split_at_gaps_wider_than_a_character():
    glyphs = [*_row("行政许可", 80, 100), *_row("550", 300, 100.6, 10)]
    glyphs += [*_row("情", 80, 130), *_row("形", 93, 130)]  # 4pt apart: one cell
    lines = glyphs_to_lines(glyphs, page=2)
    assert [line.cells for line in lines] == [("行政许可", "550"), ("情 形",)]
    assert {line.page for line in lines} == {2}
    assert not any(line.separated for line in lines)


def test_a_ruling_line_between_glyphs_is_a_cell_boundary():
    # narrow columns: 社会|法律 are 8pt apart (< 1 char); a label touching its cell border
    glyphs = [*_row("社会", 402, 100, 10), *_row("法律", 430, 100, 10)]
    glyphs += [*_row("行政许可", 80, 130), *_row("3960181", 116.5, 130, 5)]
    rules = [Rule(426.5, 90, 125), Rule(116.3, 125, 150)]
    assert [line.cells for line in glyphs_to_lines(glyphs, 1)] == [("社会 法律",), ("行政许可3960181",)]
    assert [line.cells for line in glyphs_to_lines(glyphs, 1, rules)] == [
        ("社会", "法律"),
        ("行政许可", "3960181"),
    ]
    # a rule that does not reach the line does not split it
    assert glyphs_to_lines(glyphs[:4], 1, [Rule(426.5, 120, 150)])[0].cells == ("社会 法律",)


def test_blank_number_cells_are_the_columns_other_rows_print_numbers_in():
    # label columns 60–100 (vertical group label) and 100–200, number columns 200–240–280–320
    rules = [Rule(x, 90, 200) for x in (60, 100, 200, 240, 280, 320)]
    glyphs = [*_row("予以公开", 102, 100), *_row("3", 205, 100), *_row("0", 245, 100), *_row("3", 285, 100)]
    glyphs += [*_row("部分公开", 102, 120), *_row("2", 285, 120)]  # first two counts blank
    glyphs += [*_row("国家秘密", 102, 140)]  # every count blank
    glyphs += [*_row("三", 62, 160), *_row("无法提", 102, 160), *_row("1", 245, 160)]
    glyphs += [*_row("供", 102, 172)]  # the wrapped label's second line
    pages = fill_blank_number_cells([glyphs_to_lines(glyphs, 1, rules)])
    assert [(ln.cells, ln.numbers_from) for ln in pages[0]] == [
        (("予以公开", "3", "0", "3"), 1),
        (("部分公开", "", "", "2"), 1),
        (("国家秘密", "", "", ""), 1),
        (("三", "无法提", "", "1", ""), 2),
        (("供", "", "", ""), 1),
    ]
    # the blank column left of the first number holds no number in any row: a label column
    alone = fill_blank_number_cells([glyphs_to_lines(glyphs[7:16], 1, rules)])
    assert [ln.cells for ln in alone[0]] == [("部分公开", "2"), ("国家秘密",)]


def test_ruling_lines_from_pdfplumber_objects():
    def box(x0, x1, top, bottom, **kw):
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, **kw}

    lines = [box(100, 100.5, 10, 50), box(100, 300, 10, 10.5)]  # vertical, horizontal
    rects = [
        box(200, 201, 10, 50, fill=True),  # a rule drawn as a thin filled rectangle
        box(74, 518, 10, 50, fill=True, stroke=False),  # white shading behind text
        box(300, 400, 10, 50, fill=False, stroke=True),  # a stroked cell
    ]
    assert _plumber_rules(lines, rects) == [
        Rule(100.25, 10, 50),
        Rule(200.5, 10, 50),
        Rule(300, 10, 50),
        Rule(400, 10, 50),
    ]


def test_vertical_glyphs_are_cells_of_their_own():
    # a vertical label 4pt left of a row label, its glyphs level with two rows
    vertical = [Glyph(ch, 85, 94, 100 + 10 * i, 109 + 10 * i, 9) for i, ch in enumerate("办理结果")]
    glyphs = [*_row("（三）不予公开", 98, 110), *_row("1", 300, 110), *vertical, *_row("5.属于", 98, 130)]
    cells = [line.cells for line in glyphs_to_lines(glyphs, page=1)]
    assert ("理", "（三）不予公开", "1") in cells
    assert ("果", "5.属于") in cells


def test_unmapped_and_diagonal_chars_are_left_out():
    def char(text, matrix=(1, 0, 0, 1, 0, 0)):
        return {"text": text, "x0": 0, "x1": 9, "top": 0, "bottom": 9, "size": 9, "matrix": matrix}

    diagonal_45 = (0.7, 0.7, -0.7, 0.7, 0, 0)
    rotated_90 = (0, 1, -1, 0, 0, 0)
    glyphs, stats = _plumber_glyphs(
        [char("申"), char("(cid:12)"), char("\ue021"), char("水", diagonal_45), char("印", rotated_90)]
    )
    assert [g.text for g in glyphs] == ["申", "印"]
    assert (stats.unmapped, stats.diagonal, stats.sideways) == (2, 1, 1)


# --- bad inputs -----------------------------------------------------------------------------


def _make_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


_CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def _text_pdf(lines: list[bytes], to_unicode: bytes | None = None) -> bytes:
    """One page of Helvetica text; with `to_unicode`, the font's ToUnicode CMap."""
    content = b"BT /F1 12 Tf 72 760 Td 14 TL " + b" ".join(b"(%s) '" % line for line in lines) + b" ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
    font += (b"/ToUnicode 6 0 R " if to_unicode else b"") + b">>"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    objects = [*_CATALOG, page, font, _stream(content)]
    if to_unicode:
        objects.append(_stream(to_unicode))
    return _make_pdf(objects)


# Standard security handler, revision 2 (RC4, 40-bit), PDF 1.7 §7.6.3, algorithms 2–4.
_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _encrypted_pdf(user: bytes, owner: bytes) -> bytes:
    """A one-page PDF that needs the user password `user` to open (no strings or streams
    to encrypt: the page is empty)."""

    def pad(password: bytes) -> bytes:
        return (password + _PAD)[:32]

    o_value = _rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    permissions = -44
    file_id = b"0123456789abcdef"
    key = hashlib.md5(pad(user) + o_value + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        o_value.hex().encode(),
        u_value.hex().encode(),
        permissions,
    )
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    ids = b"/ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode())
    return _make_pdf([*_CATALOG, page, encrypt], b"/Encrypt 4 0 R " + ids)


def _raises(path: Path, exc: type[Exception], reason: str, engine: str = "auto") -> None:
    with pytest.raises(exc) as info:
        gkparse.parse(path, engine=engine)
    assert type(info.value) is exc
    assert info.value.reason == reason
    assert str(info.value) == f"{path}: {reason}"


@pytest.mark.parametrize("engine", READERS)
def test_empty_file(tmp_path, engine):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _raises(path, InputError, "file is empty", engine)


@pytest.mark.parametrize("engine", READERS)
def test_truncated_pdf(tmp_path, engine):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(corpus_file("hongze-district-2023.pdf").read_bytes()[:2048])
    _raises(path, InputError, "not a readable PDF (damaged or truncated file)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_garbage_after_pdf_header(tmp_path, engine):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    _raises(path, InputError, "not a readable PDF (damaged or truncated file)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_encrypted_pdf(tmp_path, engine):
    import pypdfium2 as pdfium

    data = _encrypted_pdf(user=b"secret", owner=b"owner")
    assert len(pdfium.PdfDocument(data, password="secret")) == 1  # a real encrypted PDF
    path = tmp_path / "encrypted.pdf"
    path.write_bytes(data)
    _raises(path, InputError, "PDF is encrypted (password required)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_scanned_pdf_has_no_text_layer(tmp_path, engine):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(corpus_file("hongze-district-2023.pdf").read_bytes())
    images = [pdf[i].render(scale=0.5).to_pil().convert("RGB") for i in range(2)]
    path = tmp_path / "scanned.pdf"
    images[0].save(path, "PDF", save_all=True, append_images=images[1:])
    assert probe_text_layer(path.read_bytes(), str(path)) == (2, "none")
    _raises(path, NoTextLayerError, "no usable text layer (OCR needed)", engine)


PUA_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Garbled def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <21> <7E> <E021> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""

LINES = [b"The quick brown fox jumps over the lazy dog %d" % i for i in range(10)]


@pytest.mark.parametrize("engine", READERS)
def test_garbled_text_layer(tmp_path, engine):
    # every printed glyph maps to a private-use code point
    path = tmp_path / "garbled.pdf"
    path.write_bytes(_text_pdf(LINES, to_unicode=PUA_CMAP))
    assert probe_text_layer(path.read_bytes(), str(path)) == (1, "garbled")
    _raises(path, NoTextLayerError, "no usable text layer (OCR needed)", engine)


def test_garbled_text_found_by_pdfminer_when_pdfium_sees_none(tmp_path, monkeypatch):
    # pdfium and pdfminer map glyphs to Unicode each their own way: the reader checks again
    import gkparse.source.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "probe_text_layer", lambda data, name: (1, "ok"))
    path = tmp_path / "garbled.pdf"
    path.write_bytes(_text_pdf(LINES, to_unicode=PUA_CMAP))
    _raises(path, NoTextLayerError, "no usable text layer (OCR needed)", "pdfplumber")


def test_pdfium_engine_probes_the_pages_it_reads(tmp_path, monkeypatch):
    """The pdfium reader runs the probe's test on its own pages: the file is opened once."""
    import gkparse.source.pdf as pdf_module

    def no_second_probe(data, name):
        raise AssertionError("probe_text_layer called")

    monkeypatch.setattr(pdf_module, "probe_text_layer", no_second_probe)
    fox, garbled = tmp_path / "fox.pdf", tmp_path / "garbled.pdf"
    fox.write_bytes(_text_pdf(LINES))
    garbled.write_bytes(_text_pdf(LINES, to_unicode=PUA_CMAP))
    doc, layer = pdf_to_document(fox.read_bytes(), str(fox), "pdfium")
    assert layer == "ok" and doc.lines[0].text == "The quick brown fox jumps over the lazy dog 0"
    _raises(garbled, NoTextLayerError, "no usable text layer (OCR needed)", "pdfium")
    # too few characters for a text layer: a page of 3 short lines
    short = tmp_path / "short.pdf"
    short.write_bytes(_text_pdf([b"Three", b"short", b"lines"]))
    _raises(short, NoTextLayerError, "no usable text layer (OCR needed)", "pdfium")


@pytest.mark.parametrize("engine", READERS)
def test_text_pdf_that_is_not_a_report(tmp_path, engine):
    path = tmp_path / "fox.pdf"
    path.write_bytes(_text_pdf(LINES))
    assert probe_text_layer(path.read_bytes(), str(path)) == (1, "ok")
    doc, layer = pdf_to_document(path.read_bytes(), str(path), engine)
    assert layer == "ok" and doc.pages == 1
    assert [line.text for line in doc.lines] == [line.decode() for line in LINES]
    with pytest.raises(NotAReportError):
        gkparse.parse(path, engine=engine)


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
        pdf_pdfium.read_pages(_text_pdf(LINES), "fox.pdf")  # its only page


def test_pdfminer_errors_do_not_leak(tmp_path, monkeypatch):
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    def broken(*args, **kwargs):
        raise PDFSyntaxError("No /Root object! - Is this really a PDF?")

    monkeypatch.setattr(pdfplumber, "open", broken)
    path = tmp_path / "fox.pdf"
    path.write_bytes(_text_pdf(LINES))
    reason = "not a readable PDF (PDFSyntaxError: No /Root object! - Is this really a PDF?)"
    _raises(path, InputError, reason, "pdfplumber")


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
    data = _make_pdf([*_CATALOG, page, font, _stream(content)])
    doc, _ = pdf_to_document(data, "bold.pdf", engine)
    assert [line.cells for line in doc.lines] == [(sentence,)]


def test_dedupe_chars_agrees_with_pdfplumber():
    import pdfplumber
    from pdfplumber.utils.text import dedupe_chars as plumber_dedupe

    with pdfplumber.open(corpus_file("hongze-district-2024.pdf")) as pdf:
        chars = pdf.pages[2].chars
    doubled = []
    for c in chars:
        shift = {"x0": c["x0"] + 0.4, "x1": c["x1"] + 0.4, "top": c["top"] + 0.2, "doctop": c["doctop"] + 0.2}
        doubled += [c, {**c, **shift}]
    ours = dedupe_chars(doubled)
    assert ours == plumber_dedupe(doubled)
    assert ours == chars
