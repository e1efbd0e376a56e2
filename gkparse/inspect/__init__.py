"""`gkparse inspect`: one offline HTML page that shows where every cell was read.

collect (cells, their boxes, checks and flags: collect.py) → page images (pages.py) → HTML
(render.py). A PDF's pages that hold cells are drawn with every cell outlined; any other input
shows its source text with the table rows it matched.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from gkparse.errors import InputError
from gkparse.inspect.collect import View, check_cells, collect
from gkparse.inspect.pages import render_pages
from gkparse.inspect.render import render
from gkparse.models import ReportData

__all__ = ["View", "check_cells", "collect", "inspect_html", "write_inspect"]


def _input_bytes(report: ReportData, source: str | bytes | PathLike[str] | None) -> bytes | None:
    if isinstance(source, bytes):
        return source
    path = source if source is not None else report.source.path
    if path is None:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read the report's input to draw it ({e.strerror})") from e


def inspect_html(report: ReportData, source: str | bytes | PathLike[str] | None = None) -> str:
    """The page for `report`; `source` is its input (bytes or path), default the path it was read from.
    Without any input (a report parsed from a string) the page holds the tables only."""
    view = collect(report)
    data = _input_bytes(report, source)
    pages, lines = {}, None
    if data is not None and report.source.kind == "pdf":
        pages = render_pages(data, view.pages(), deskew=report.source.ocr_pages)
    elif data is not None:
        from gkparse.source import load

        _, doc = load(data)
        lines = doc.lines
    return render(report, view, pages, lines)


def write_inspect(report: ReportData, path: str | PathLike[str],
                  source: str | bytes | PathLike[str] | None = None) -> Path:
    out = Path(path)
    out.write_text(inspect_html(report, source), encoding="utf-8")
    return out
