"""gkparse: China's government information disclosure annual reports → clean data.

    >>> import gkparse
    >>> report = gkparse.parse("report.pdf")
    >>> report.table("requests")
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from typing import Any

from gkparse.errors import GkparseError, InputError, NotAReportError, NoTextLayerError

# the function shadows its module here (loaded now, so a later import does not rebind the name);
# reach the module's other names with `from gkparse.indicators import ...`
from gkparse.indicators import indicators
from gkparse.models import Cell, Check, Meta, Section, Source
from gkparse.report import Report

__all__ = [
    "Cell",
    "Check",
    "GkparseError",
    "InputError",
    "Meta",
    "NoTextLayerError",
    "NotAReportError",
    "Report",
    "Section",
    "Source",
    "cross_year_checks",
    "indicators",
    "parse",
    "parse_all",
    "read_dataset",
]
__version__ = "0.1.0"


def parse(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto", *,
    meta: Mapping[str, Any] | None = None,
    max_bytes: int | None = None, max_pages: int | None = None,
) -> Report:
    """Parse one report: a path (PDF, text, HTML, DOCX), its bytes, or its text.

    `engine` chooses the PDF reader: "auto" (the default, "pdfium"), "pdfium", "pdfplumber",
    or "camelot" (optional extra); see `gkparse.source.pdf.ENGINES`. `ocr`: "auto" (the
    default) reads scanned pages and garbled text layers by OCR, "always" OCRs every PDF page,
    "never" refuses a PDF without a text layer; OCR needs `pip install 'gkparse[ocr]'`.
    `meta` is metadata you already hold, any of {"title", "agency", "year", "url"}: it wins over
    what the text says (`meta.sources` says "caller"), and a year or agency the text contradicts
    is named in a warning (code "meta_conflict").
    `max_bytes` (default 200 MiB) and `max_pages` (PDF, default 2000) refuse larger inputs with an
    InputError before they are read; 0 turns a limit off.
    """
    from gkparse.pipeline import parse_data

    max_bytes, max_pages = _limits(max_bytes, max_pages)
    data = parse_data(source, engine, ocr, meta=meta, max_bytes=max_bytes, max_pages=max_pages)
    return Report.from_data(data)


def parse_all(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto", *,
    meta: Mapping[str, Any] | None = None,
    meta_source: str = "caller", max_bytes: int | None = None, max_pages: int | None = None,
) -> list[Report]:
    """Every report of a file: one for most files, several for a file that collects the reports
    of several departments (each with `source.part` = 1, 2, …). `meta` as in `parse`, given to
    each; `meta_source` is what `meta.sources` records for it ("caller", or "manifest");
    `max_bytes`, `max_pages` as in `parse`."""
    from gkparse.pipeline import parse_all_data

    max_bytes, max_pages = _limits(max_bytes, max_pages)
    reports = parse_all_data(source, engine, ocr, meta=meta, meta_source=meta_source, max_bytes=max_bytes,
                             max_pages=max_pages)
    return [Report.from_data(data) for data in reports]


def _limits(max_bytes: int | None, max_pages: int | None) -> tuple[int, int]:
    from gkparse.source import MAX_BYTES, MAX_PAGES

    return (MAX_BYTES if max_bytes is None else max_bytes, MAX_PAGES if max_pages is None else max_pages)


def read_dataset(path: str | PathLike[str], *, labels: bool = False, engine: str = "pandas"):
    """A dataset written by `gkparse convert` as DataFrames: reports, cells, sections, checks,
    indicators. `table`/`row`/`col` are ordered categoricals; `labels=True` adds the Chinese labels;
    `engine="duckdb"` gives a DuckDB connection with one view per table instead."""
    from gkparse.dataset import read_dataset as read

    return read(path, labels=labels, engine=engine)


def cross_year_checks(dataset: str | PathLike[str]):
    """R8–R10 across a dataset: each agency's report against its report of the year before."""
    from gkparse.cross_year import cross_year_checks as run
    from gkparse.dataset import read_dataset as read

    tables = read(dataset, ("reports", "cells"))
    return run(tables["reports"], tables["cells"])
