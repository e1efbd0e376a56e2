"""Bad inputs, with every engine: empty, truncated, damaged, encrypted, scanned and garbled
PDFs, and a PDF with text that is not a report; the text-layer probe, and the readers' own
checks of the text layer."""

from __future__ import annotations

import hashlib
import struct

import pytest

import gkparse
from gkparse.errors import InputError, NotAReportError, NoTextLayerError
from gkparse.source.pdf import pdf_to_document
from gkparse.source.pdf.probe import probe_text_layer
from tests.conftest import corpus_file
from tests.source.pdf.conftest import (
    CATALOG,
    LINES,
    PUA_CMAP,
    READERS,
    assert_refused,
    make_pdf,
    text_pdf,
)

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
    return make_pdf([*CATALOG, page, encrypt], b"/Encrypt 4 0 R " + ids)


@pytest.mark.parametrize("engine", READERS)
def test_empty_file(tmp_path, engine):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    assert_refused(path, InputError, "file is empty", engine)


@pytest.mark.parametrize("engine", READERS)
def test_truncated_pdf(tmp_path, engine):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(corpus_file("hongze-district-2023.pdf").read_bytes()[:2048])
    assert_refused(path, InputError, "not a readable PDF (damaged or truncated file)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_garbage_after_pdf_header(tmp_path, engine):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert_refused(path, InputError, "not a readable PDF (damaged or truncated file)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_encrypted_pdf(tmp_path, engine):
    import pypdfium2 as pdfium

    data = _encrypted_pdf(user=b"secret", owner=b"owner")
    assert len(pdfium.PdfDocument(data, password="secret")) == 1  # a real encrypted PDF
    path = tmp_path / "encrypted.pdf"
    path.write_bytes(data)
    assert_refused(path, InputError, "PDF is encrypted (password required)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_scanned_pdf_has_no_text_layer(tmp_path, engine):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(corpus_file("hongze-district-2023.pdf").read_bytes())
    images = [pdf[i].render(scale=0.5).to_pil().convert("RGB") for i in range(2)]
    path = tmp_path / "scanned.pdf"
    images[0].save(path, "PDF", save_all=True, append_images=images[1:])
    assert probe_text_layer(path.read_bytes(), str(path)) == (2, "none")
    assert_refused(path, NoTextLayerError, "no usable text layer (OCR needed)", engine)


@pytest.mark.parametrize("engine", READERS)
def test_garbled_text_layer(tmp_path, engine):
    # every printed glyph maps to a private-use code point
    path = tmp_path / "garbled.pdf"
    path.write_bytes(text_pdf(LINES, to_unicode=PUA_CMAP))
    assert probe_text_layer(path.read_bytes(), str(path)) == (1, "garbled")
    assert_refused(path, NoTextLayerError, "no usable text layer (OCR needed)", engine)


def test_garbled_text_found_by_pdfminer_when_pdfium_sees_none(tmp_path, monkeypatch):
    # pdfium and pdfminer map glyphs to Unicode each their own way: the reader checks again
    import gkparse.source.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "probe_text_layer", lambda data, name: (1, "ok"))
    path = tmp_path / "garbled.pdf"
    path.write_bytes(text_pdf(LINES, to_unicode=PUA_CMAP))
    assert_refused(path, NoTextLayerError, "no usable text layer (OCR needed)", "pdfplumber")


def test_pdfium_engine_probes_the_pages_it_reads(tmp_path, monkeypatch):
    """The pdfium reader runs the probe's test on its own pages: the file is opened once."""
    import gkparse.source.pdf as pdf_module

    def no_second_probe(data, name):
        raise AssertionError("probe_text_layer called")

    monkeypatch.setattr(pdf_module, "probe_text_layer", no_second_probe)
    fox, garbled = tmp_path / "fox.pdf", tmp_path / "garbled.pdf"
    fox.write_bytes(text_pdf(LINES))
    garbled.write_bytes(text_pdf(LINES, to_unicode=PUA_CMAP))
    doc, layer = pdf_to_document(fox.read_bytes(), str(fox), "pdfium")
    assert layer == "ok" and doc.lines[0].text == "The quick brown fox jumps over the lazy dog 0"
    assert_refused(garbled, NoTextLayerError, "no usable text layer (OCR needed)", "pdfium")
    # too few characters for a text layer: a page of 3 short lines
    short = tmp_path / "short.pdf"
    short.write_bytes(text_pdf([b"Three", b"short", b"lines"]))
    assert_refused(short, NoTextLayerError, "no usable text layer (OCR needed)", "pdfium")


@pytest.mark.parametrize("engine", READERS)
def test_text_pdf_that_is_not_a_report(tmp_path, engine):
    path = tmp_path / "fox.pdf"
    path.write_bytes(text_pdf(LINES))
    assert probe_text_layer(path.read_bytes(), str(path)) == (1, "ok")
    doc, layer = pdf_to_document(path.read_bytes(), str(path), engine)
    assert layer == "ok" and doc.pages == 1
    assert [line.text for line in doc.lines] == [line.decode() for line in LINES]
    with pytest.raises(NotAReportError):
        gkparse.parse(path, engine=engine)
