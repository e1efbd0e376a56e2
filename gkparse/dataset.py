"""Read back a dataset written by `gkparse convert` (Parquet or CSV) as pandas DataFrames."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gkparse.errors import InputError
from gkparse.write.tables import COLUMNS, DTYPES, TABLES


def read_dataset(path: str | Path, tables: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The dataset's tables by name, typed as the writer typed them (CSV numbers are read back as
    numbers, blanks as nulls), whichever format `convert` wrote."""
    root = Path(path)
    out = {}
    for name in tables:
        parquet, csv = root / f"{name}.parquet", root / f"{name}.csv"
        if parquet.exists():
            out[name] = pd.read_parquet(parquet)
        elif csv.exists():
            frame = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            frame = frame.replace("", None)
            out[name] = _typed(frame, name)
        else:
            raise InputError(str(root), f"no {name}.parquet or {name}.csv: not a gkparse dataset")
    return out


def _typed(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    for col, dtype in DTYPES.get(name, {}).items():
        if dtype == "boolean":
            frame[col] = frame[col].map({"True": True, "False": False}).astype("boolean")
        else:
            frame[col] = pd.to_numeric(frame[col]).astype(dtype)
    return frame[COLUMNS[name]]
