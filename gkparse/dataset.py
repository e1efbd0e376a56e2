"""Read back a dataset written by `gkparse convert` (Parquet or CSV) as pandas DataFrames or DuckDB views."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from gkparse.errors import InputError
from gkparse.write.tables import COLUMNS, DTYPES, TABLES

KEY_COLUMNS = ("table", "row", "col")  # categoricals, in the template's order
ENGINES = ("pandas", "duckdb")


def read_dataset(path: str | Path, tables: tuple[str, ...] = TABLES, *, labels: bool = False,
                 engine: str = "pandas") -> Any:
    """The dataset's tables by name, typed as the writer typed them (CSV numbers are read back as
    numbers, blanks as nulls), whichever format `convert` wrote.

    `table`, `row` and `col` are ordered categoricals in the formats' printed order, so a sort or a
    groupby follows the report's layout. `labels=True` adds `table_label`, `row_label`,
    `col_label` (and `indicator_label`) with the official Chinese labels. A dataset written before
    `indicators` existed gets them computed from its cells and checks.
    `engine="duckdb"` returns a DuckDB connection instead, with one view per table.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} ({' or '.join(ENGINES)})")
    root = Path(path)
    if engine == "duckdb":
        return duckdb_views(root, tables)
    out = {}
    for name in tables:
        frame = _read(root, name)
        if frame is None and name == "indicators":
            from gkparse.indicators import indicators

            frame = indicators(read_dataset(root, ("reports", "cells", "checks")))
        if frame is None:
            raise InputError(str(root), f"no {name}.parquet or {name}.csv: not a gkparse dataset")
        out[name] = _with_labels(_categorical(frame), name) if labels else _categorical(frame)
    return out


def _read(root: Path, name: str) -> pd.DataFrame | None:
    parquet, csv = root / f"{name}.parquet", root / f"{name}.csv"
    if parquet.exists():
        return pd.read_parquet(parquet)
    if csv.exists():
        frame = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        return _typed(frame.replace("", None), name)
    return None


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    for col, dtype in DTYPES.get(name, {}).items():
        if dtype == "boolean":
            frame[col] = frame[col].map({"True": True, "False": False}).astype("boolean")
        else:
            frame[col] = pd.to_numeric(frame[col]).astype(dtype)
    return frame[COLUMNS[name]]


@cache
def key_labels() -> dict[str, dict[str, str]]:
    """table/row/col/indicator key → its Chinese label; template order is the dict order."""
    from gkparse.indicators import definitions
    from gkparse.templates import _load, templates

    t = templates()
    names = ("documents", "administrative_actions", "requests", "review_litigation")
    rows: dict[str, str] = {}
    cols: dict[str, str] = {}
    for name in names:
        by_key = {r.key: r for r in t.rows_of(name)}
        for r in t.rows_of(name):
            parent = by_key.get(r.parent) if r.parent else None
            # a reason is named with its group: 不予公开·属于国家秘密 (else 其他 is two rows)
            shown = f"{parent.label}·{r.label}" if parent is not None and parent.emit else r.label
            rows.setdefault(r.key, shown)
        for c in t.columns_of(name, None):
            cols.setdefault(c.key, c.labels[0])
    return {
        "table": dict(_load("tables.yaml")["table_labels"]),
        "row": rows,
        "col": cols,
        "indicator": {d.id: d.label for d in definitions()},
    }


def _categorical(frame: pd.DataFrame) -> pd.DataFrame:
    keys = key_labels()
    for col in KEY_COLUMNS:
        if col in frame:
            known = list(keys[col])
            extra = sorted(set(frame[col].dropna()) - set(known))  # never lose a key we do not know
            frame[col] = pd.Categorical(frame[col], categories=known + extra, ordered=True)
    return frame


def _with_labels(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    keys = key_labels()
    for col in (*KEY_COLUMNS, "indicator"):
        if col in frame:
            frame[f"{col}_label"] = frame[col].astype(object).map(keys[col]).astype("str")
    return frame


def duckdb_views(path: str | Path, tables: tuple[str, ...] = TABLES):
    """A DuckDB connection with a view per table over the dataset's files, read as they are
    (Parquet: its own types; CSV: the pandas tables, typed as read_dataset types them)."""
    import duckdb

    root = Path(path)
    con = duckdb.connect()
    for name in tables:
        parquet = root / f"{name}.parquet"
        if parquet.exists():
            literal = str(parquet).replace("'", "''")
            con.execute(f"create view {name} as select * from read_parquet('{literal}')")
        else:
            frame = read_dataset(root, (name,))[name]
            con.register(f"_{name}_frame", frame)
            con.execute(f"create view {name} as select * from _{name}_frame")
    return con
