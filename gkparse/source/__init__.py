"""Read an input (path, bytes or text) into a Source record and a Document."""

from __future__ import annotations

import hashlib
from os import PathLike
from pathlib import Path

from gkparse.document import Document, text_to_document
from gkparse.errors import InputError
from gkparse.models import Source
from gkparse.normalize.text import has_traditional, to_simplified
from gkparse.region import require_signal
from gkparse.source.markdown import looks_markdown
from gkparse.source.text import decode_text

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word .doc, Excel .xls
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_BYTES = 200 * 1024 * 1024  # larger inputs are refused, not parsed for minutes (parse(max_bytes=))
MAX_PAGES = 2000  # a PDF with more pages is refused before its pages are read (parse(max_pages=))


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
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES or (not head.startswith(b"<") and looks_markdown(data)):
        return "markdown"  # before `<table`: MinerU writes its tables as HTML inside Markdown
    if b"<table" in data[:65536].lower():
        return "html"
    if suffix in (".htm", ".html") and b"<" in head:
        return "html"
    return "text"


def _human(size: int) -> str:
    for unit, factor in (("MiB", 2**20), ("KiB", 2**10)):
        if size >= factor:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


def _too_large(name: str, size: int, max_bytes: int) -> InputError:
    return InputError(name, f"file is {_human(size)}, over the {_human(max_bytes)} limit (max_bytes)")


def _read_bytes(source: str | bytes | PathLike[str], max_bytes: int = MAX_BYTES) -> tuple[bytes, str | None]:
    inline = isinstance(source, bytes) or (isinstance(source, str) and ("\n" in source or len(source) > 4096))
    if inline:
        data = source if isinstance(source, bytes) else source.encode("utf-8")
        if max_bytes and len(data) > max_bytes:
            raise _too_large("<bytes>" if isinstance(source, bytes) else "<text>", len(data), max_bytes)
        return data, None
    path = Path(source)
    if not path.exists():
        raise InputError(str(path), "file not found")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not a report file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(str(path), "file is empty")
    if max_bytes and size > max_bytes:
        raise _too_large(str(path), size, max_bytes)
    try:
        return path.read_bytes(), str(path)
    except OSError as e:
        raise InputError(str(path), f"cannot read file ({e.strerror})") from e


def _check_pages(data: bytes, name: str, max_pages: int) -> None:
    from gkparse.source.pdf.probe import open_pdfium

    pdf = open_pdfium(data, name)
    try:
        pages = len(pdf)
    finally:
        pdf.close()
    if pages > max_pages:
        raise InputError(name, f"PDF has {pages} pages, over the {max_pages}-page limit (max_pages)")


def load(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto", *,
    max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
) -> tuple[Source, Document]:
    """`engine` picks the PDF reader (see gkparse.source.pdf.ENGINES), `ocr` when PDF pages are
    read by OCR (see gkparse.source.pdf.pdf_to_document); other kinds ignore both.
    Inputs over `max_bytes`, and PDFs over `max_pages` pages, are refused (0: no limit)."""
    data, path = _read_bytes(source, max_bytes)
    name = path or ("<bytes>" if isinstance(source, bytes) else "<text>")
    if not data.strip():
        raise InputError(name, "file is empty")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff_kind(data, name)
    if kind == "doc":
        raise InputError(name, "legacy binary Word/Excel file (.doc/.xls) is not supported; save it as .docx")
    if kind == "pdf":
        from gkparse.source.pdf import pdf_to_document

        if max_pages:
            _check_pages(data, name, max_pages)
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
    if kind == "markdown":
        from gkparse.source.markdown import markdown_to_document

        doc = markdown_to_document(text)
        doc.warnings = warnings + doc.warnings
        return Source(path, sha, "text", None, reader="markdown"), doc
    if has_traditional(text):
        text = to_simplified(text)
        warnings.append("text: traditional Chinese converted to simplified before matching")
    require_signal(text, name)  # a large text with no word of a report: refused before the work
    doc = text_to_document(text)
    doc.warnings += warnings
    return Source(path, sha, "text", doc.pages, reader="text"), doc
