"""Read an input (path, bytes or text) into a Source record and a Document."""

from __future__ import annotations

import hashlib
from os import PathLike
from pathlib import Path

from gkparse.document import Document, text_to_document
from gkparse.errors import InputError
from gkparse.models import Source
from gkparse.normalize.text import has_traditional, to_simplified
from gkparse.source.text import decode_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word .doc, Excel .xls
MAX_BYTES = 200 * 1024 * 1024  # larger inputs are refused, not parsed for minutes


def sniff_kind(data: bytes, name: str) -> str:
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF") or b"%pdf-" in data[:1024].lower():
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(OLE2_MAGIC):
        return "doc"
    if b"mime-version:" in head[:2048] and b"multipart/" in head:
        return "html"  # .mht web archive
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<table" in data[:65536].lower():
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix in (".htm", ".html") and b"<" in head:
        return "html"
    return "text"


def _read_bytes(source: str | bytes | PathLike[str]) -> tuple[bytes, str | None]:
    if isinstance(source, bytes):
        return source, None
    if isinstance(source, str) and ("\n" in source or len(source) > 4096):
        return source.encode("utf-8"), None
    path = Path(source)
    if not path.exists():
        raise InputError(str(path), "file not found")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a report file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "file is empty")
    if size > MAX_BYTES:
        raise InputError(str(path), f"file is {size // 2**20} MiB, over the {MAX_BYTES // 2**20} MiB limit")
    try:
        return path.read_bytes(), str(path)
    except OSError as e:
        raise InputError(str(path), f"cannot read file ({e.strerror})") from e


def load(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto"
) -> tuple[Source, Document]:
    """`engine` picks the PDF reader (see gkparse.source.pdf.ENGINES), `ocr` when PDF pages are
    read by OCR (see gkparse.source.pdf.pdf_to_document); other kinds ignore both."""
    data, path = _read_bytes(source)
    name = path or ("<bytes>" if isinstance(source, bytes) else "<text>")
    if not data.strip():
        raise InputError(name, "file is empty")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff_kind(data, name)
    if kind == "doc":
        raise InputError(name, "legacy binary Word/Excel file (.doc/.xls) is not supported; save it as .docx")
    if kind == "pdf":
        from gkparse.source.pdf import pdf_to_document

        doc, layer = pdf_to_document(data, name, engine, ocr)
        ocred = tuple(doc.ocr_pages)
        return Source(path, sha, "pdf", doc.pages, layer, bool(ocred), doc.reader, ocr_pages=ocred), doc
    if kind == "html":
        from gkparse.source.html import html_to_document

        doc = html_to_document(data, name)
        return Source(path, sha, "html", None, reader="html"), doc
    if kind == "docx":
        from gkparse.source.docx import docx_to_document

        doc = docx_to_document(data, name)
        return Source(path, sha, "docx", None, reader="docx"), doc
    text, warnings = decode_text(data, name)
    if has_traditional(text):
        text = to_simplified(text)
        warnings.append("text: traditional Chinese converted to simplified before matching")
    doc = text_to_document(text)
    doc.warnings += warnings
    return Source(path, sha, "text", doc.pages, reader="text"), doc
