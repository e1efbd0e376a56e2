"""Load the official formats (gkparse/formats/*.yaml) once, as typed, folded templates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import yaml

from gkparse.normalize.text import fold, label_core, split_marker

FORMATS = ("2019", "2021")


# libyaml's parser where PyYAML was built with it: 10× faster, and the CLI's start-up pays for it
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(name: str) -> dict[str, Any]:
    return yaml.load(resources.files("gkparse.formats").joinpath(name).read_text("utf-8"), Loader=_LOADER)


def _formats(spec: dict[str, Any]) -> frozenset[str]:
    return frozenset(str(f) for f in spec.get("formats", FORMATS))


@dataclass(frozen=True)
class RowSpec:
    """One printed row of a table; groups (（三）不予公开 …) have children."""

    key: str
    table: str
    labels: tuple[str, ...]
    cores: tuple[str, ...]  # labels folded for matching, marker removed
    marker: str | None  # "一、", "(三)", "1." after folding
    formats: frozenset[str]
    parent: str | None = None
    children: tuple[str, ...] = ()
    emit: bool = True  # False: a rowspan label that never carries numbers
    printed_as_row: bool = False  # a group that is a row of its own when its rows are not printed
    block: str | None = None  # section 二 block item, e.g. "(五)"

    @property
    def label(self) -> str:
        return self.labels[0]


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    labels: tuple[str, ...]
    cores: tuple[str, ...]
    formats: frozenset[str]
    unit: str | None = None
    decimal: bool = False
    signed: bool = False


@dataclass(frozen=True)
class BlockSpec:
    """A 第二十条第（X）项 block of the section 二 table."""

    item: str  # folded, e.g. "(五)"
    table: str
    rows: tuple[RowSpec, ...]
    columns: dict[str, tuple[str, ...]]  # format → column keys in printed order
    formats: frozenset[str]


@dataclass(frozen=True)
class SectionSpec:
    number: int
    numeral: str
    key: str
    heading: str
    keywords: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Templates:
    format_signals: dict[str, tuple[str, ...]]  # format → folded signal cores
    active_title: str
    active_header: str
    active_columns: dict[str, ColumnSpec]
    active_blocks: tuple[BlockSpec, ...]
    requests_anchors: tuple[str, ...]
    requests_header: tuple[str, ...]
    requests_columns: tuple[ColumnSpec, ...]
    requests_rows: tuple[RowSpec, ...]  # depth-first, printed order
    review_anchors: tuple[str, ...]
    review_header: tuple[str, ...]
    review_groups: tuple[RowSpec, ...]
    review_columns: tuple[ColumnSpec, ...]
    rules: tuple[dict[str, Any], ...]
    cross_year_rules: tuple[dict[str, Any], ...]
    sections: tuple[SectionSpec, ...]
    max_heading_chars: int
    text: dict[str, Any]

    @property
    def active_rows(self) -> tuple[RowSpec, ...]:
        return tuple(r for b in self.active_blocks for r in b.rows)

    def rows_of(self, table: str) -> tuple[RowSpec, ...]:
        if table == "requests":
            return self.requests_rows
        if table == "review_litigation":
            return self.review_groups
        return tuple(r for r in self.active_rows if r.table == table)

    def columns_of(self, table: str, fmt: str | None) -> tuple[ColumnSpec, ...]:
        if table == "requests":
            return self.requests_columns
        if table == "review_litigation":
            return self.review_columns
        keys: list[str] = []
        for block in self.active_blocks:
            if block.table == table:
                for f, cols in block.columns.items():
                    if fmt in (None, f):
                        keys += [k for k in cols if k not in keys]
        return tuple(self.active_columns[k] for k in keys)


def _row(spec: dict[str, Any], table: str, parent: str | None, block: str | None) -> RowSpec:
    labels = tuple(spec["labels"])
    marker = split_marker(fold(spec["marker"]) + "x")[0] if spec.get("marker") else None
    return RowSpec(
        key=spec["key"],
        table=table,
        labels=labels,
        cores=tuple(label_core(lab) for lab in labels),
        marker=marker,
        formats=_formats(spec),
        parent=parent,
        children=tuple(c["key"] for c in spec.get("children", [])),
        emit=spec.get("emit", True),
        printed_as_row=spec.get("printed_as_row", False),
        block=block,
    )


def _flatten(specs: list[dict[str, Any]], table: str, parent: str | None = None) -> list[RowSpec]:
    rows: list[RowSpec] = []
    for spec in specs:
        rows.append(_row(spec, table, parent, None))
        rows += _flatten(spec.get("children", []), table, spec["key"])
    return rows


def _column(key: str, spec: dict[str, Any]) -> ColumnSpec:
    labels = tuple(spec["labels"])
    return ColumnSpec(
        key=key,
        labels=labels,
        cores=tuple(label_core(lab) for lab in labels),
        formats=_formats(spec),
        unit=spec.get("unit"),
        decimal=spec.get("decimal", False),
        signed=spec.get("signed", False),
    )


@cache
def ocr_settings() -> dict[str, Any]:
    """How scanned pages are read and which OCR digits are trusted (formats/ocr.yaml)."""
    return _load("ocr.yaml")


@cache
def templates() -> Templates:
    tables = _load("tables.yaml")
    sections = _load("sections.yaml")
    active = tables["active_disclosure"]
    blocks = []
    for b in active["blocks"]:
        item = split_marker(fold(b["item"]) + "x")[0] or fold(b["item"])
        rows = tuple(
            replace(row, formats=row.formats & _formats(b))
            for row in (_row(r, b["table"], None, item) for r in b["rows"])
        )
        blocks.append(
            BlockSpec(
                item=item,
                table=b["table"],
                rows=rows,
                columns={str(f): tuple(c) for f, c in b["columns"].items()},
                formats=_formats(b),
            )
        )
    requests = tables["requests"]
    review = tables["review_litigation"]
    rules = _load("rules.yaml")
    return Templates(
        format_signals={
            str(f): tuple(label_core(s) for s in sig) for f, sig in tables["format_signals"].items()
        },
        active_title=label_core(active["block_title"]),
        active_header=label_core(active["header_label"]),
        active_columns={k: _column(k, v) for k, v in active["columns"].items()},
        active_blocks=tuple(blocks),
        requests_anchors=tuple(label_core(a) for a in requests["anchors"]),
        requests_header=tuple(label_core(a) for a in requests["header_labels"]),
        requests_columns=tuple(_column(c["key"], c) for c in requests["columns"]),
        requests_rows=tuple(_flatten(requests["rows"], "requests")),
        review_anchors=tuple(label_core(a) for a in review["anchors"]),
        review_header=tuple(label_core(a) for a in review["header_labels"]),
        review_groups=tuple(_row(g, "review_litigation", None, None) for g in review["groups"]),
        review_columns=tuple(_column(c["key"], c) for c in review["columns"]),
        rules=tuple(rules["rules"]),
        cross_year_rules=tuple(rules["cross_year"]),
        sections=tuple(
            SectionSpec(
                number=s["number"],
                numeral=s["numeral"],
                key=s["key"],
                heading=s["heading"],
                keywords=tuple(tuple(g) for g in s["keywords"]),
            )
            for s in sections["sections"]
        ),
        max_heading_chars=sections["max_heading_chars"],
        text=_load("text.yaml"),
    )
