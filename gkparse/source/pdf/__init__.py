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
from gkparse.source.pdf.layout import fill_blank_number_cells
from gkparse.source.pdf.plumber import read_pages_plumber
from gkparse.source.pdf.probe import NO_TEXT_REASON, probe_text_layer


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


def pdf_to_document(data: bytes, name: str, engine: str = "auto") -> tuple[Document, str]:
    """Read a PDF into a Document; the second value is the text layer ("ok" when returned)."""
    engine = DEFAULT_ENGINE if engine == "auto" else engine
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r} (choose from auto, {', '.join(ENGINES)})")
    if engine not in SELF_PROBING:
        _, layer = probe_text_layer(data, name)
        if layer != "ok":
            raise NoTextLayerError(name, NO_TEXT_REASON)
    pages, warnings = ENGINES[engine](data, name)
    pages = fill_blank_number_cells(pages)
    doc = Document(drop_page_furniture(pages), pages=len(pages), warnings=warnings, reader=f"pdf:{engine}")
    return doc, "ok"
