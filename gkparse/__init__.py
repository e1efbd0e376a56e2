"""gkparse: China's government information disclosure annual reports → clean data.

    >>> import gkparse
    >>> report = gkparse.parse("report.pdf")
    >>> report.table("requests")
"""

from __future__ import annotations

from os import PathLike

from gkparse.errors import GkparseError, InputError, NotAReportError, NoTextLayerError
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
    "parse",
    "parse_all",
    "read_dataset",
]
__version__ = "0.1.0"


def parse(source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto") -> Report:
    """Parse one report: a path (PDF, text, HTML, DOCX), its bytes, or its text.

    `engine` chooses the PDF reader: "auto" (the default, "pdfium"), "pdfium", "pdfplumber",
    or "camelot" (optional extra); see `gkparse.source.pdf.ENGINES`. `ocr`: "auto" (the
    default) reads scanned pages and garbled text layers by OCR, "always" OCRs every PDF page,
    "never" refuses a PDF without a text layer; OCR needs `pip install 'gkparse[ocr]'`.
    """
    from gkparse.pipeline import parse_data

    return Report.from_data(parse_data(source, engine, ocr))


def parse_all(source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto") -> list[Report]:
    """Every report of a file: one for most files, several for a file that collects the reports
    of several departments (each with `source.part` = 1, 2, …)."""
    from gkparse.pipeline import parse_all_data

    return [Report.from_data(data) for data in parse_all_data(source, engine, ocr)]


def read_dataset(path: str | PathLike[str]) -> dict:
    """A dataset written by `gkparse convert` as DataFrames: reports, cells, sections, checks."""
    from gkparse.dataset import read_dataset as read

    return read(path)


def cross_year_checks(dataset: str | PathLike[str]):
    """R8–R10 across a dataset: each agency's report against its report of the year before."""
    from gkparse.cross_year import cross_year_checks as run
    from gkparse.dataset import read_dataset as read

    tables = read(dataset, ("reports", "cells"))
    return run(tables["reports"], tables["cells"])
