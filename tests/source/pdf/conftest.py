"""Shared by the PDF reader tests: the engines and reports under test, and the PDFs built in
memory.

The real PDFs are read in place from the shared corpus (never copied into the repo); every
other PDF used here is built by the test, in memory or in tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import gkparse

REPORTS = ["hongze-district-2023", "hongze-district-2024"]
READERS = ["pdfium", "pdfplumber"]  # the glyph readers of gkparse.source.pdf (not camelot)

PUA_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Garbled def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <21> <7E> <E021> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""

LINES = [b"The quick brown fox jumps over the lazy dog %d" % i for i in range(10)]


def make_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
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


def stream_object(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


def text_pdf(lines: list[bytes], to_unicode: bytes | None = None) -> bytes:
    """One page of Helvetica text; with `to_unicode`, the font's ToUnicode CMap."""
    content = b"BT /F1 12 Tf 72 760 Td 14 TL " + b" ".join(b"(%s) '" % line for line in lines) + b" ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
    font += (b"/ToUnicode 6 0 R " if to_unicode else b"") + b">>"
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    objects = [*CATALOG, page, font, stream_object(content)]
    if to_unicode:
        objects.append(stream_object(to_unicode))
    return make_pdf(objects)


def assert_refused(
    path: Path, exc: type[Exception], reason: str, engine: str = "auto", ocr: str = "never"
) -> None:
    """Parsing `path` raises `exc` with `reason` (with OCR off: a scan is then refused)."""
    with pytest.raises(exc) as info:
        gkparse.parse(path, engine=engine, ocr=ocr)
    assert type(info.value) is exc
    assert info.value.reason == reason
    assert str(info.value) == f"{path}: {reason}"
