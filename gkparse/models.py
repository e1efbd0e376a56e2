"""The output data model: typed, plain dataclasses that serialise to the spec's JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.0"

Kind = Literal["pdf", "text", "html", "docx"]
TextLayer = Literal["ok", "garbled", "none"]
Number = int | float


@dataclass(frozen=True)
class Source:
    path: str | None
    sha256: str
    kind: Kind
    pages: int | None = None
    text_layer: TextLayer = "ok"
    ocr: bool = False
    reader: str = "text"  # the reading path taken (spec extension), e.g. "pdf:pdfplumber-chars"
    # which report of a file that holds several (a 汇编 of departments' reports), from 1; None
    # when the file holds one (spec extension)
    part: int | None = None
    # the PDF pages read by OCR, numbered from 1 (spec extension); empty when none was
    ocr_pages: tuple[int, ...] = ()

    @property
    def report_id(self) -> str:
        """The dataset key: the content hash; `<hash>-<k>` for the k-th (k ≥ 2) report of a file."""
        return self.sha256 if not self.part or self.part == 1 else f"{self.sha256}-{self.part}"


# Where a meta field was read (spec additions, `meta.sources`): "title" (the report's title line),
# "page" (the page's own header fields: 标题:, 发布机构:, 来源: — site chrome or a scraper's
# archive header), "statistics_period" (本报告所列数据的统计期限…), "prose" (the 年度报告 phrase,
# the year and subject 一、总体情况 opens with, 本报告由X编制), "tables" (format: the column
# headers), "manifest" (convert --manifest), "caller" (parse(meta=…), parse --meta).
MetaSource = Literal["title", "page", "statistics_period", "prose", "tables", "manifest", "caller"]


@dataclass(frozen=True)
class Meta:
    title: str | None
    agency: str | None
    year: int | None
    format: str | None  # "2019" | "2021" | None when no header tells
    url: str | None = None  # given by a manifest or the caller, never read from the text
    # field name → where it came from; not hashed (a dict), so a Meta stays hashable
    sources: dict[str, MetaSource] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    heading: str
    text: str


Provenance = Literal["printed", "split_by_rules", "ocr"]


@dataclass(frozen=True)
class Cell:
    table: str
    row: str
    col: str
    value: Number | None
    raw: str
    page: int | None
    label: str
    # how the value was found (spec additions): as printed, split out of glued digits by the
    # format's arithmetic, or read by OCR (with its confidence, 0–1)
    provenance: Provenance = "printed"
    confidence: float | None = None
    # the cell's box on its page, PDF points with a top-left origin (null for text input)
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    # HTML and DOCX: the cell's place in the source tables (spec extension), numbered from 1: its
    # row among all the data tables' rows of the document, in order, and its cell in that row
    # (HTML: the td/th; DOCX: the w:tc, merge continuations counted); null for PDF and text input
    source_row: int | None = None
    source_col: int | None = None


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    expected: Number | None
    actual: Number | None
    message: str
    # the glued-cell solver relied on this rule to split some of its cells, so its passing is
    # not independent evidence that those cells are right
    used_to_split: bool = False


class ReportWarning(str):
    """A warning: the sentence the spec's JSON lists, plus typed fields to filter on.

    A str subclass, so every place that prints or compares warnings keeps working; `code`,
    `table`, `row` say what it is about (`code` e.g. "row_left_out", "split_by_rules").
    """

    code: str
    table: str | None
    row: str | None

    def __new__(cls, message: str, code: str = "note", table: str | None = None, row: str | None = None):
        self = super().__new__(cls, message)
        self.code, self.table, self.row = code, table, row
        return self

    def __reduce__(self):
        return (ReportWarning, (str(self), self.code, self.table, self.row))

    def detail(self) -> dict[str, Any]:
        return {"code": self.code, "table": self.table, "row": self.row, "message": str(self)}


def warning_detail(message: str) -> dict[str, Any]:
    """Typed fields of any warning; a plain string gets its table from its `table:` prefix."""
    if isinstance(message, ReportWarning):
        return message.detail()
    head, _, _ = message.partition(":")
    table = head if head in TABLE_PREFIXES else None
    code = "note" if table or not head.isascii() or " " in head else head  # "format", "sections", …
    return {"code": code, "table": table, "row": None, "message": message}


TABLE_PREFIXES = {"documents", "administrative_actions", "requests", "review_litigation", "active_disclosure"}


@dataclass
class ReportData:
    """Everything one parse produced; `gkparse.Report` adds the DataFrame views."""

    source: Source
    meta: Meta
    sections: list[Section] = field(default_factory=list)
    items: list[Cell] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # why the tables were not read although this is a report (a pre-2019 report), else None
    unsupported: str | None = None

    @property
    def status(self) -> str:
        """unsupported (a report whose format gkparse does not read); partial: no table read, or
        something left out or flagged; ok: cells read and no warnings."""
        if self.unsupported:
            return "unsupported"
        return "ok" if self.items and not self.warnings else "partial"

    def to_dict(self) -> dict[str, Any]:
        """The spec's JSON shape (`gkparse parse --format json`)."""
        return {
            "source": asdict(self.source),
            "meta": asdict(self.meta),
            "sections": [asdict(s) for s in self.sections],
            "cells": [asdict(c) for c in self.items],
            "checks": [asdict(c) for c in self.checks],
            "warnings": [str(w) for w in self.warnings],
            # spec extension: the warnings as typed records (code, table, row, message)
            "warning_details": [warning_detail(w) for w in self.warnings],
            # spec extension: ok | partial | unsupported, as reports.status; the reason when unsupported
            "status": self.status,
            "error": self.unsupported,
        }
