"""Reports → the four tidy tables of the spec's dataset, keyed by report_id."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import IO, Any, NamedTuple

import pandas as pd

from gkparse.indicators import COLUMNS as INDICATOR_COLUMNS
from gkparse.indicators import DTYPES as INDICATOR_DTYPES
from gkparse.indicators import IndicatorCollector, indicator_rows
from gkparse.models import ReportData

REPORT_COLUMNS = [
    "report_id",
    "path",
    "url",  # spec additions: given by a manifest (convert --manifest) or the caller
    "agency",
    "year",
    "format",
    "kind",
    "pages",
    "status",
    "error",
    "n_cells",
    "n_failed_checks",
    "seconds",
]
CELL_COLUMNS = [
    "report_id", "table", "row", "col", "value", "raw", "page",
    # spec additions: how the value was found, OCR confidence, the box on the page, the place in
    # an HTML or DOCX source's tables
    "provenance", "confidence", "x0", "top", "x1", "bottom", "source_row", "source_col",
]
SECTION_COLUMNS = ["report_id", "number", "key", "heading", "text"]
CHECK_COLUMNS = ["report_id", "rule", "ok", "expected", "actual", "message", "used_to_split"]
DTYPES = {
    "reports": {
        "url": "str",  # text even when no report has one (no manifest): the same schema in every chunk
        "year": "Int64",
        "pages": "Int64",
        "n_cells": "Int64",
        "n_failed_checks": "Int64",
        "seconds": "float64",
    },
    "cells": {
        "value": "Float64", "page": "Int64", "confidence": "Float64",
        "x0": "Float64", "top": "Float64", "x1": "Float64", "bottom": "Float64",
        "source_row": "Int64", "source_col": "Int64",
    },
    "sections": {"number": "Int64"},
    "checks": {"ok": "boolean", "expected": "Float64", "actual": "Float64", "used_to_split": "boolean"},
    "indicators": INDICATOR_DTYPES,
}
# indicators (spec additions) are derived from the other tables when they are written, not stored in shards
TABLES = ("reports", "cells", "sections", "checks", "indicators")
COLUMNS = {
    "reports": REPORT_COLUMNS,
    "cells": CELL_COLUMNS,
    "sections": SECTION_COLUMNS,
    "checks": CHECK_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
}


def report_status(report: ReportData) -> str:
    """ok: cells read and no warnings; partial: something left out or flagged; unsupported: a
    report in a format whose tables are not read (the reason goes in `error`)."""
    return report.status


def report_row(report: ReportData, seconds: float | None = None) -> dict:
    return {
        "report_id": report.source.report_id,
        "path": report.source.path,
        "url": report.meta.url,
        "agency": report.meta.agency,
        "year": report.meta.year,
        "format": report.meta.format,
        "kind": report.source.kind,
        "pages": report.source.pages,
        "status": report_status(report),
        "error": report.unsupported,
        "n_cells": len(report.items),
        "n_failed_checks": sum(1 for c in report.checks if not c.ok),
        "seconds": seconds,
    }


def report_rows(report: ReportData, seconds: float | None = None) -> dict[str, list[dict]]:
    rid = report.source.report_id
    return {
        "reports": [report_row(report, seconds)],
        "cells": [
            {"report_id": rid, **{k: v for k, v in asdict(c).items() if k != "label"}} for c in report.items
        ],
        "sections": [{"report_id": rid, **asdict(s)} for s in report.sections],
        "checks": [{"report_id": rid, **asdict(c)} for c in report.checks],
    }


def frames(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """The typed tables; rows without `indicators` get them computed (all of them: one chunk)."""
    if "indicators" not in rows:
        rows = {**rows, "indicators": indicator_rows(rows)}
    out = {}
    for name in TABLES:
        frame = pd.DataFrame(rows.get(name, []), columns=COLUMNS[name])
        out[name] = frame.astype(DTYPES.get(name, {}))
    return out


def merge_rows(parts: Iterable[dict[str, list[dict]]]) -> dict[str, list[dict]]:
    """The parts' rows table by table; `indicators` only when the parts carry them (else frames()
    derives them from the merged rows)."""
    merged: dict[str, list[dict]] = {name: [] for name in TABLES if name != "indicators"}
    for part in parts:
        for name in TABLES:
            if name in part:
                merged.setdefault(name, []).extend(part[name])
    return merged


def _number_text(value) -> str:
    if value is None or pd.isna(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def csv_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as printed in CSV: 12 not 12.0, blank for null."""
    out = frame.copy()
    for col in ("value", "expected", "actual", "numerator", "denominator"):
        if col in out:
            out[col] = out[col].map(_number_text)
    return out


def write_frames(tables: dict[str, pd.DataFrame], out_dir: Path, fmt: str) -> list[Path]:
    """CSV is UTF-8 with BOM so Excel on Chinese Windows opens it; Parquet keeps dtypes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        path = out_dir / f"{name}.{fmt}"
        tmp = path.with_suffix(path.suffix + ".tmp")
        if fmt == "csv":
            csv_ready(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
        elif fmt == "parquet":  # text columns typed as text even when all null, as DatasetWriter does
            (_string_typed(frame, name) if name in COLUMNS else frame).to_parquet(tmp, index=False)
        else:
            raise ValueError(f"unknown dataset format {fmt!r} (csv or parquet)")
        tmp.replace(path)
        written.append(path)
    return written


def _string_typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Every column outside DTYPES is text: typed as such even when a chunk holds only nulls."""
    return frame.astype({c: "str" for c in COLUMNS[name] if c not in DTYPES.get(name, {})})


class DatasetWriter:
    """The dataset tables written chunk by chunk, so 50,000 reports never sit in memory at once.

    Same files, columns, dtypes and row order as write_frames over all rows at once; each chunk goes
    through frames() and csv_ready(), so the schema code above stays the only one. Parquet gets one
    fixed schema (text columns are strings even if all null), written as one row group per chunk.
    Files appear under their names only on a clean close(), like write_frames' temporary files.
    """

    def __init__(self, out_dir: Path, fmt: str):
        if fmt not in ("csv", "parquet"):
            raise ValueError(f"unknown dataset format {fmt!r} (csv or parquet)")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.fmt = fmt
        self.paths = {name: out_dir / f"{name}.{fmt}" for name in TABLES}
        self._tmp = {name: path.with_suffix(path.suffix + ".tmp") for name, path in self.paths.items()}
        self._files: dict[str, IO[str] | Any] = {}
        self._indicators = IndicatorCollector()
        empty = frames({})
        for name in TABLES:
            if fmt == "csv":
                f = self._tmp[name].open("w", encoding="utf-8-sig", newline="")
                csv_ready(empty[name]).to_csv(f, index=False)
                self._files[name] = f
            else:
                import pyarrow.parquet as pq

                self._files[name] = pq.ParquetWriter(self._tmp[name], _schema(name))

    def write(self, rows: dict[str, list[dict]]) -> None:
        """Append one chunk of rows (as merge_rows gives them) to every table."""
        self._append({**rows, "indicators": self._indicators.add(rows)})

    def _append(self, rows: dict[str, list[dict]]) -> None:
        for name, frame in frames(rows).items():
            if frame.empty:
                continue
            if self.fmt == "csv":
                csv_ready(frame).to_csv(self._files[name], index=False, header=False)
            else:
                import pyarrow as pa

                writer = self._files[name]
                table = pa.Table.from_pandas(_string_typed(frame, name), schema=writer.schema,
                                             preserve_index=False)
                writer.write_table(table)

    def write_prepared(self, chunk: PreparedChunk) -> None:
        """Append a chunk that prepare_chunk turned into file contents (in another process)."""
        for name, data in chunk.tables.items():
            if self.fmt == "csv":
                self._files[name].write(data)
            else:
                self._files[name].write_table(data)
        self._indicators.keep(chunk.kept)

    def close(self, keep: bool = True) -> list[Path]:
        if keep and self._files:  # the year-on-year indicators need every report: written last
            self._append({"indicators": self._indicators.finish()})
        for f in self._files.values():
            f.close()
        self._files = {}
        for name, tmp in self._tmp.items():
            if keep:
                tmp.replace(self.paths[name])
            else:
                tmp.unlink(missing_ok=True)
        return list(self.paths.values()) if keep else []

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._files:
            self.close(keep=kind is None)


class PreparedChunk(NamedTuple):
    """A chunk of rows as the table files take it: Arrow tables (parquet) or CSV text, by table;
    `kept`: what the year-on-year indicators need of its reports (IndicatorCollector.kept)."""

    tables: dict[str, Any]
    kept: list


def prepare_chunk(rows: dict[str, list[dict]], fmt: str) -> PreparedChunk:
    """DatasetWriter.write's work on a chunk up to the file: frames, the indicators that need no
    other report, Arrow tables or CSV text. Picklable both ways, so chunks can be prepared in
    parallel processes and written in order by one DatasetWriter.write_prepared, with the same
    bytes (CSV) or values and schema (Parquet) as DatasetWriter.write gives."""
    collector = IndicatorCollector()
    tables: dict[str, Any] = {}
    for name, frame in frames({**rows, "indicators": collector.add(rows)}).items():
        if frame.empty:
            continue
        if fmt == "csv":
            tables[name] = csv_ready(frame).to_csv(index=False, header=False)
        else:
            import pyarrow as pa

            tables[name] = pa.Table.from_pandas(_string_typed(frame, name), schema=_schema(name),
                                                preserve_index=False)
    return PreparedChunk(tables, collector.kept())


@functools.cache
def _schema(name: str) -> Any:
    """The Parquet schema of a table: from its empty frame, so text columns are strings even when all null."""
    import pyarrow as pa

    return pa.Schema.from_pandas(_string_typed(frames({})[name], name), preserve_index=False)
