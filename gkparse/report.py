"""`Report`: one parsed report, with pandas views for notebooks."""

from __future__ import annotations

from dataclasses import asdict
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from gkparse.models import Cell, Number, ReportData
from gkparse.templates import templates

if TYPE_CHECKING:
    import pandas as pd

CELL_COLUMNS = [
    "table", "row", "col", "value", "raw", "page", "label",
    "provenance", "confidence", "x0", "top", "x1", "bottom", "source_row", "source_col",
]


class Report(ReportData):
    """A parsed report: `.cells` (long DataFrame), `.table(name)` (wide), `.checks`, `.warnings`."""

    @classmethod
    def from_data(cls, data: ReportData) -> Report:
        return cls(**{f: getattr(data, f) for f in data.__dataclass_fields__})

    @property
    def cells(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame([asdict(c) for c in self.items], columns=CELL_COLUMNS)
        frame["value"] = frame["value"].astype("Float64")
        return frame

    def value(self, table: str, row: str, col: str) -> Number | None:
        """The value of one cell; KeyError when the report does not print it."""
        for cell in self.items:
            if (cell.table, cell.row, cell.col) == (table, row, col):
                return cell.value
        raise KeyError((table, row, col))

    def cell(self, table: str, row: str, col: str) -> Cell | None:
        return next((c for c in self.items if (c.table, c.row, c.col) == (table, row, col)), None)

    def table(self, name: str, labels: bool = False) -> pd.DataFrame:
        """Rows × columns in template order; `labels=True` uses the Chinese labels. A column of
        counts is Int64, one with an amount in 万元 Float64; a blank or absent cell is <NA>."""
        import pandas as pd

        t = templates()
        rows = [r for r in t.rows_of(name) if r.emit]
        cols = list(t.columns_of(name, self.meta.format))
        present = {(c.row, c.col): c.value for c in self.items if c.table == name}
        printed_rows = [r for r in rows if any((r.key, c.key) in present for c in cols)]
        data = {}
        for col in cols:
            values = [present.get((r.key, col.key)) for r in printed_rows]
            # counts (件) are whole numbers; an amount (万元), or a misprinted fraction, is not
            whole = not (col.unit or col.decimal) and all(v is None or isinstance(v, int) for v in values)
            name = col.labels[0] if labels else col.key
            data[name] = pd.array(values, dtype="Int64" if whole else "Float64")
        frame = pd.DataFrame(data, index=[r.label if labels else r.key for r in printed_rows])
        frame.index.name = "row"
        return frame

    @property
    def failed_checks(self) -> list:
        return [c for c in self.checks if not c.ok]

    def inspect(self, path: str | PathLike[str], source: str | bytes | PathLike[str] | None = None) -> Path:
        """Write the inspect page (every cell drawn where it was read) to `path`; `source` is the
        input when it is not at the path it was parsed from."""
        from gkparse.inspect import write_inspect

        return write_inspect(self, path, source)

    def _repr_html_(self) -> str:
        """A notebook's view: counts, failed checks and the tables as read (no page images, so a
        notebook stays small); `.inspect(path)` writes the full page."""
        from gkparse.inspect.collect import collect
        from gkparse.inspect.render import summary_html

        return summary_html(self, collect(self))

    def __repr__(self) -> str:
        m = self.meta
        return (
            f"<Report {m.agency or '?'} {m.year or '?'} format={m.format or '?'}: "
            f"{len(self.items)} cells, {len(self.failed_checks)} failed checks, "
            f"{len(self.warnings)} warnings>"
        )
