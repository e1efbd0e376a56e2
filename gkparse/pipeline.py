"""The pipeline: source → document → sections and tables → normalize → validate."""

from __future__ import annotations

from dataclasses import replace
from os import PathLike

from gkparse.document import Document
from gkparse.errors import NotAReportError
from gkparse.meta import read_meta
from gkparse.models import ReportData, Source
from gkparse.sections import (
    Marks,
    SectionSpan,
    find_sections,
    heading_marks,
    report_starts,
    spans_to_sections,
)
from gkparse.source import load
from gkparse.tables.read import (
    detect_format,
    read_active_disclosure,
    read_requests,
    read_review_litigation,
)
from gkparse.templates import Templates, templates
from gkparse.validate import run_checks


def _region(doc: Document, spans: list[SectionSpan], key: str):
    for span in spans:
        if span.spec.key == key:
            return doc.lines[span.start + 1 : span.end]
    return None


def _table_regions(doc: Document, spans: list[SectionSpan], t: Templates):
    """Lines of sections 二, 三, 四; where a heading is missing, the lines between the
    neighbouring sections that are found (the tables still carry their own anchors)."""
    regions = {}
    for key in ("active_disclosure", "requests", "review_litigation"):
        region = _region(doc, spans, key)
        if region is None:
            region = _fallback_region(doc, spans, key, t)
        regions[key] = region
    return regions


def _fallback_region(doc: Document, spans: list[SectionSpan], key: str, t: Templates):
    order = [s.key for s in t.sections]
    number = order.index(key)
    start, end = 0, len(doc.lines)
    for span in spans:
        if order.index(span.spec.key) < number:
            start = span.start + 1  # the last heading before: its lines hold this table too
        elif order.index(span.spec.key) > number:
            end = min(end, span.start)
    return doc.lines[start:end]


def parse_document(source: Source, doc: Document, marks: Marks | None = None) -> ReportData:
    """One report; `marks` are its heading lines when the caller has found them already."""
    t = templates()
    spans = find_sections(doc, t, marks)
    head = doc.lines[: spans[0].start] if spans else doc.lines[:30]
    regions = _table_regions(doc, spans, t)
    fmt, warnings = detect_format(regions["active_disclosure"] + regions["requests"], t)
    results = [
        read_active_disclosure(regions["active_disclosure"], fmt, t),
        read_requests(regions["requests"], fmt, t),
        read_review_litigation(regions["review_litigation"], t),
    ]
    cells = [c for r in results for c in r.cells]
    if not spans and not cells:
        raise NotAReportError(
            source.path or "<text>",
            "not a government information disclosure annual report (no section headings, no tables found)",
        )
    if fmt is None:
        fmt = _format_from_rows(cells)
        if fmt is None and cells:
            warnings.append("format: no header names the format (2019 or 2021); format left empty")
    found = {s.spec.key for s in spans}
    missing = [s.heading for s in t.sections if s.key not in found]
    if missing:
        warnings.append(f"sections: headings not found: {'; '.join(missing)}")
    for r in results:
        warnings += r.warnings
    sections = spans_to_sections(doc, spans)
    return ReportData(
        source=source,
        meta=read_meta(head, fmt),
        sections=sections,
        items=cells,
        checks=run_checks(cells, t, sections, fmt),
        warnings=doc.warnings + warnings,
    )


def _format_from_rows(cells) -> str | None:
    """Without format headers, the （六） sub-rows exist only in 2021."""
    if any(c.row.startswith("other.") for c in cells):
        return "2021"
    return None


def parse_data(source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto") -> ReportData:
    """The file's report; of a file that holds several, the first (with a warning naming them)."""
    return parse_all_data(source, engine, ocr)[0]


def parse_all_data(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto"
) -> list[ReportData]:
    """Every report of the file: most files hold one, a 汇编 holds several, one after the other."""
    src, doc = load(source, engine, ocr)
    marks = heading_marks(doc, templates())
    starts = report_starts(doc, marks)
    if len(starts) == 1:
        return [parse_document(src, doc, marks)]
    ends = [*starts[1:], len(doc.lines)]
    parts = []
    for number, (start, end) in enumerate(zip(starts, ends, strict=True), start=1):
        part = Document(doc.lines[start:end], doc.pages, list(doc.warnings), doc.reader, doc.ocr_pages)
        own = [(index - start, s) for index, s in marks if start <= index < end]
        data = parse_document(replace(src, part=number), part, own)
        title = data.meta.title or "untitled"
        data.warnings.insert(0, f"file: holds {len(starts)} reports; this is report {number}, {title}; "
                                "parse --all, parse_all and convert read each")
        parts.append(data)
    return parts
