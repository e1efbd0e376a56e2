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
    "parse",
]
__version__ = "0.1.0"


def parse(source: str | bytes | PathLike[str], engine: str = "auto") -> Report:
    """Parse one report: a path (PDF, text, HTML, DOCX), its bytes, or its text.

    `engine` chooses the PDF reader: "auto" (the default, "pdfium"), "pdfium", "pdfplumber",
    or "camelot" (optional extra); see `gkparse.source.pdf.ENGINES`.
    """
    from gkparse.pipeline import parse_data

    return Report.from_data(parse_data(source, engine))
