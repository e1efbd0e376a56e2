"""What the inspect page draws: each read cell with its box, its checks and its colour.

Only the report's own data is used (cells, checks, warnings, the rules of rules.yaml): the page
shows what was read, it reads nothing itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from gkparse.models import Cell, Check, ReportData, warning_detail
from gkparse.templates import Templates, ocr_settings, templates
from gkparse.validate import checked_cells, rule_of

Key = tuple[str, str, str]  # table, row, col
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


@dataclass
class CellView:
    cell: Cell
    kind: str  # "failed" | "solver" | "ocr-low" | "ocr" | "read": the colour it is drawn in
    failed: list[Check] = field(default_factory=list)
    box: Box | None = None
    estimated: bool = False  # a blank cell: no glyphs, so its box is its row's height × its column's width

    @property
    def key(self) -> str:
        return f"{self.cell.table}.{self.cell.row}.{self.cell.col}"

    def tip(self) -> str:
        c = self.cell
        lines = [self.key, f"value: {'blank' if c.value is None else c.value}", f"raw: {c.raw!r}",
                 f"label: {c.label}", f"provenance: {c.provenance}"]
        if c.confidence is not None:
            lines.append(f"OCR confidence: {c.confidence:.2f}")
        if c.page is not None:
            lines.append(f"page {c.page}")
        if self.estimated:
            lines.append("blank cell: box drawn from its row and column")
        for check in self.failed:
            lines.append(f"FAILED {check.rule}: expected {check.expected}, actual {check.actual} "
                         f"({check.message})")
        return "\n".join(lines)


@dataclass
class Flagged:
    """A warning about one row of a table (a row left out, a value split by rules, low OCR confidence)."""

    table: str
    row: str
    code: str
    message: str
    page: int | None = None
    box: Box | None = None  # the union of the row's read cells, when some were read


@dataclass
class View:
    cells: list[CellView]
    flagged: list[Flagged]
    notes: list[str]  # the warnings that are about no single row
    failed: list[tuple[Check, list[Key]]]

    def pages(self) -> list[int]:
        return sorted({v.cell.page for v in self.cells if v.box is not None and v.cell.page is not None}
                      | {f.page for f in self.flagged if f.box is not None and f.page is not None})


def check_cells(check: Check, t: Templates | None = None, fmt: str | None = None) -> list[Key]:
    """The cells a check adds up or compares (validate.checked_cells); cells the report does not
    print are kept in the list and simply match nothing."""
    t = t or templates()
    rule = rule_of(check.rule, t)
    return [] if rule is None else checked_cells(rule, check.message, fmt, t)


def _box(cell: Cell) -> Box | None:
    if None in (cell.x0, cell.top, cell.x1, cell.bottom):
        return None
    return (cell.x0, cell.top, cell.x1, cell.bottom)  # type: ignore[return-value]


def _union(boxes: list[Box]) -> Box:
    x0s, tops, x1s, bottoms = zip(*boxes, strict=True)
    return (min(x0s), min(tops), max(x1s), max(bottoms))


def _estimate(cell: Cell, boxed: list[Cell]) -> Box | None:
    """A blank cell's box: the height of its row's printed cells, the width of its column's, on
    its page; None when either is not on that page."""
    row = [_box(c) for c in boxed if (c.table, c.row, c.page) == (cell.table, cell.row, cell.page)]
    col = [_box(c) for c in boxed if (c.table, c.col, c.page) == (cell.table, cell.col, cell.page)]
    if not row or not col:
        return None
    r, c = _union(row), _union(col)  # type: ignore[arg-type]
    width = max(c[2] - c[0], 6.0)
    middle = (c[0] + c[2]) / 2
    return (middle - width / 2, r[1], middle + width / 2, r[3])


def _kind(cell: Cell, failed: list[Check], low: float) -> str:
    if failed:
        return "failed"
    if cell.provenance == "split_by_rules":
        return "solver"
    if cell.provenance == "ocr":
        return "ocr-low" if cell.confidence is not None and cell.confidence < low else "ocr"
    return "read"


def collect(report: ReportData) -> View:
    t = templates()
    low = ocr_settings()["digit_confidence_min"]
    failed = [(c, check_cells(c, t, report.meta.format)) for c in report.checks if not c.ok]
    by_key: dict[Key, list[Check]] = defaultdict(list)
    for check, keys in failed:
        for key in keys:
            by_key[key].append(check)
    boxed = [c for c in report.items if _box(c) is not None]
    views = []
    for cell in report.items:
        checks = by_key.get((cell.table, cell.row, cell.col), [])
        box, estimated = _box(cell), False
        if box is None and cell.page is not None and report.source.kind == "pdf" and not cell.raw:
            box, estimated = _estimate(cell, boxed), True
        views.append(CellView(cell, _kind(cell, checks, low), checks, box, estimated and box is not None))
    flagged, notes = [], []
    for w in report.warnings:
        d = warning_detail(w)
        if d["table"] and d["row"]:
            row = [v for v in views if (v.cell.table, v.cell.row) == (d["table"], d["row"]) and v.box]
            page = row[0].cell.page if row else None
            box = _union([v.box for v in row if v.cell.page == page]) if row else None  # type: ignore[misc]
            flagged.append(Flagged(d["table"], d["row"], d["code"], str(w), page, box))
        else:
            notes.append(str(w))
    return View(views, flagged, notes, failed)
