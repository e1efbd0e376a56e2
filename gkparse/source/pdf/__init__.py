"""PDF → Document: probe the text layer, then rebuild text lines and cells from the glyphs.

The package is the pipeline, a module a step:

1. `probe`: a probe with pypdfium2 (fast) decides whether the PDF has a usable text layer at
   all (`none`: a scan; `garbled`: mostly unmapped characters; both need OCR, which gkparse
   does not do: `NoTextLayerError`). Encrypted and unreadable files are refused here as
   `InputError`, before pdfminer sees them.
2. A page reader (the engine) reads each page's characters as `Glyph`s and the vertical
   ruling lines of its table grids as `Rule`s: pypdfium2 (`pdfium`, engine "pdfium",
   the default; it runs the probe's test on the pages as it reads them) or pdfplumber
   (pdfminer, `plumber`, engine "pdfplumber"). Both remove the glyphs WPS draws twice for fake
   bold (`dedupe_chars`). The optional engine "camelot" (`camelot`) takes the table grids
   from camelot's lattice parser and the glyphs from the pdfplumber reader.
3. `layout`: `glyphs_to_lines` groups the glyphs into physical lines by their vertical
   position, then into words and cells (a wide gap or a ruling line between two characters
   starts a new cell); vertical text comes out as 1-character cells.
   `fill_blank_number_cells` then emits the blank cells of number columns.

Here: the page readers by engine name (`ENGINES`) and `pdf_to_document`, which runs the steps.
"""

from __future__ import annotations

import importlib

from gkparse.document import Document, Line, drop_page_furniture
from gkparse.errors import NoTextLayerError
from gkparse.models import ReportWarning
from gkparse.source.pdf.layout import fill_blank_number_cells
from gkparse.source.pdf.plumber import read_pages_plumber
from gkparse.source.pdf.probe import NO_TEXT_REASON, PAGE_MIN_CHARS, pages_needing_ocr, probe_text_layer


def _read_pages_plumber(data: bytes, name: str) -> tuple[list[list[Line]], list[str]]:
    return read_pages_plumber(data, name)


def _read_pages_pdfium(data: bytes, name: str) -> tuple[list[list[Line]], list[str]]:
    from gkparse.source.pdf.pdfium import read_pages

    return read_pages(data, name)


# Page readers by engine name: each returns (lines per page, warnings). "auto" is the default.
ENGINES = {
    "pdfium": _read_pages_pdfium,
    "pdfplumber": _read_pages_plumber,
    "camelot": lambda d, n: importlib.import_module("gkparse.source.pdf.camelot").read_pages_camelot(d, n),
}
DEFAULT_ENGINE = "pdfium"
# Engines that run the text-layer probe themselves, on the pages as they read them (raising
# what `probe_text_layer` would lead to), so that the file is not opened twice
SELF_PROBING = {"pdfium"}


OCR_MODES = ("auto", "always", "never", "tables")


def pdf_to_document(data: bytes, name: str, engine: str = "auto", ocr: str = "auto") -> tuple[Document, str]:
    """Read a PDF into a Document; the second value is the text layer ("ok", or "none" /
    "garbled" for a PDF read through OCR).

    `ocr`: "auto" reads the text layer and OCRs the pages without one (a scan, a garbled text
    layer, a page that is a picture); "always" OCRs every page; "never" refuses a PDF without a
    text layer, as gkparse did before OCR; "tables" is "auto" with only the pages that show a
    ruled table recognised (faster; the other pages' sections are left out, with a warning).
    `Document.ocr_pages` lists the pages OCRed.
    """
    engine = DEFAULT_ENGINE if engine == "auto" else engine
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from auto, {', '.join(ENGINES)})")
    if ocr not in OCR_MODES:
        raise ValueError(f"unknown OCR mode {ocr!r} (choose from {', '.join(OCR_MODES)})")
    if ocr == "always":
        return _ocr_whole(data, name, probe_text_layer(data, name)[1])
    try:
        if engine not in SELF_PROBING:
            _, layer = probe_text_layer(data, name)
            if layer != "ok":
                raise NoTextLayerError(name, NO_TEXT_REASON)
        pages, warnings = ENGINES[engine](data, name)
    except NoTextLayerError:
        if ocr == "never":
            raise
        return _ocr_whole(data, name, probe_text_layer(data, name)[1], ocr == "tables")
    reader = f"pdf:{engine}"
    done: list[int] = []
    short = {n for n, page in enumerate(pages, 1) if sum(len(ln.text) for ln in page) < PAGE_MIN_CHARS}
    need = pages_needing_ocr(data, name, short) if ocr in ("auto", "tables") and short else []
    if need:
        from gkparse.source.pdf import ocr as ocr_reader

        listed = ", ".join(map(str, need))
        if ocr_reader.available():
            skipped: list[int] = []
            pages, done = ocr_reader.ocr_document(data, name, pages, only=set(need),
                                                  tables_only=ocr == "tables", skipped=skipped)
            if done:
                reader += "+ocr"
                warnings.append(f"pdf: pages without a text layer read by OCR: {', '.join(map(str, done))}")
            warnings += _skipped_warning(skipped)
        else:
            warnings.append(f"pdf: pages {listed} have no text layer and were left out "
                            f"(OCR needed: pip install 'gkparse[ocr]')")
    pages = fill_blank_number_cells(pages)
    doc = Document(drop_page_furniture(pages), pages=len(pages), warnings=warnings, reader=reader,
                   ocr_pages=done)
    return doc, "ok"


def _ocr_whole(data: bytes, name: str, layer: str, tables_only: bool = False) -> tuple[Document, str]:
    """Every page through OCR (a scan, a garbled text layer, or `ocr="always"`); with
    `tables_only`, only the pages that show a ruled table."""
    from gkparse.source.pdf import ocr as ocr_reader

    skipped: list[int] = []
    pages, done = ocr_reader.ocr_document(data, name, tables_only=tables_only, skipped=skipped)
    pages = fill_blank_number_cells(pages)
    doc = Document(drop_page_furniture(pages), pages=len(pages), warnings=_skipped_warning(skipped),
                   reader="pdf:ocr", ocr_pages=done)
    return doc, layer


def _skipped_warning(skipped: list[int]) -> list[str]:
    if not skipped:
        return []
    return [ReportWarning(f"pdf: pages {', '.join(map(str, skipped))} show no table and were not read "
                          "(--ocr tables); their sections are left out", code="ocr_pages_skipped")]
