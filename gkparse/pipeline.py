"""The pipeline: source → document → sections and tables → normalize → validate."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from os import PathLike
from typing import Any

from gkparse.document import Document, Line
from gkparse.errors import NotAReportError
from gkparse.meta import apply_given, check_given, read_meta
from gkparse.models import MetaSource, ReportData, Section, Source
from gkparse.reflow import reflow
from gkparse.region import report_region
from gkparse.sections import (
    Marks,
    SectionSpan,
    find_sections,
    heading_marks,
    report_starts,
    spans_to_sections,
)
from gkparse.source import MAX_BYTES, MAX_PAGES, load
from gkparse.status import missing_tables, pre_2019_sections, unsupported_warning
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
    requests = read_requests(regions["requests"], fmt, t)
    if fmt is None and (fmt := _format_from_rows(requests.cells)):
        # no header names it (a converter replaced them): 三's rows do, and 二's columns follow
        warnings.append(f"format: no header names the format; read as {fmt} from the rows of section 三")
    results = [
        read_active_disclosure(regions["active_disclosure"], fmt, t),
        requests,
        read_review_litigation(regions["review_litigation"], t),
    ]
    cells = [c for r in results for c in r.cells]
    legacy = pre_2019_sections(doc)
    if legacy is not None:
        return _unsupported(source, doc, *legacy)
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
    absent = missing_tables(("active_disclosure", "requests", "review_litigation"), results)
    if absent is not None:
        warnings.append(absent)
    sections = spans_to_sections(doc, spans)
    overview = next((s.text for s in sections if s.key == "overview"), None)
    meta, meta_warnings = read_meta(head, fmt, overview)
    return ReportData(
        source=source,
        meta=meta,
        sections=sections,
        items=cells,
        checks=run_checks(cells, t, sections, fmt, set().union(*(r.used_to_split for r in results))),
        warnings=doc.warnings + warnings + meta_warnings,
    )


def _unsupported(source: Source, doc: Document, head: list[Line], sections: list[Section]) -> ReportData:
    """A pre-2019 report: its sections and meta, no tables, status unsupported."""
    overview = next((s.text for s in sections if s.key == "overview"), None)
    meta, meta_warnings = read_meta(head, None, overview)
    warning = unsupported_warning()
    return ReportData(source=source, meta=meta, sections=sections,
                      warnings=[warning, *doc.warnings, *meta_warnings], unsupported=str(warning))


def _format_from_rows(cells) -> str | None:
    """Without format headers, the （六） sub-rows exist only in 2021."""
    if any(c.row.startswith("other.") for c in cells):
        return "2021"
    return None


def parse_data(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto", *,
    meta: Mapping[str, Any] | None = None,
    meta_source: MetaSource = "caller", max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
) -> ReportData:
    """The file's report; of a file that holds several, the first (with a warning naming them)."""
    return parse_all_data(source, engine, ocr, meta=meta, meta_source=meta_source, max_bytes=max_bytes,
                          max_pages=max_pages)[0]


def parse_all_data(
    source: str | bytes | PathLike[str], engine: str = "auto", ocr: str = "auto", *,
    meta: Mapping[str, Any] | None = None,
    meta_source: MetaSource = "caller", max_bytes: int = MAX_BYTES, max_pages: int = MAX_PAGES,
) -> list[ReportData]:
    """Every report of the file: most files hold one, a 汇编 holds several, one after the other.
    `meta` (title, agency, year, url) is what the caller already knows: it wins over the text."""
    given = check_given(meta)
    reports = _parse_all(source, engine, ocr, max_bytes=max_bytes, max_pages=max_pages)
    for data in reports:
        data.meta, warnings = apply_given(data.meta, given, meta_source)
        data.warnings += warnings
    return reports


def _parse_all(
    source: str | bytes | PathLike[str], engine: str, ocr: str, *, max_bytes: int, max_pages: int
) -> list[ReportData]:
    src, doc = load(source, engine, ocr, max_bytes=max_bytes, max_pages=max_pages)
    doc = report_region(doc, src.path or "<text>")  # a large text: only around a report's words
    if pre_2019_sections(doc) is None:  # a 2008-format report keeps its own lines and headings
        doc = reflow(doc)
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
