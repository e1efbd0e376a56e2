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

    @property
    def report_id(self) -> str:
        """The dataset key: the content hash; `<hash>-<k>` for the k-th (k ≥ 2) report of a file."""
        return self.sha256 if not self.part or self.part == 1 else f"{self.sha256}-{self.part}"


@dataclass(frozen=True)
class Meta:
    title: str | None
    agency: str | None
    year: int | None
    format: str | None  # "2019" | "2021" | None when no header tells


@dataclass(frozen=True)
class Section:
    number: int
    key: str
    heading: str
    text: str


@dataclass(frozen=True)
class Cell:
    table: str
    row: str
    col: str
    value: Number | None
    raw: str
    page: int | None
    label: str


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    expected: Number | None
    actual: Number | None
    message: str


@dataclass
class ReportData:
    """Everything one parse produced; `gkparse.Report` adds the DataFrame views."""

    source: Source
    meta: Meta
    sections: list[Section] = field(default_factory=list)
    items: list[Cell] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The spec's JSON shape (`gkparse parse --format json`)."""
        return {
            "source": asdict(self.source),
            "meta": asdict(self.meta),
            "sections": [asdict(s) for s in self.sections],
            "cells": [asdict(c) for c in self.items],
            "checks": [asdict(c) for c in self.checks],
            "warnings": list(self.warnings),
        }
