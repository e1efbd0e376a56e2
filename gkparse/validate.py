"""Run the formats' arithmetic (rules.yaml: R1–R7, R11, R12) on the cells of one report.

A check is run only when its numbers are there: a total left blank, or a part left out as
ambiguous, makes the check unverifiable, and it is skipped rather than passed. Blank and
dash cells count as 0 inside a sum (formats.md §3.6).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import regex

from gkparse.models import Cell, Check, Number, Section
from gkparse.templates import Templates

Grid = dict[tuple[str, str], Cell]
TOLERANCE = 0.005


def _grid(cells: Iterable[Cell], table: str) -> Grid:
    return {(c.row, c.col): c for c in cells if c.table == table}


def _sum(cells: list[Cell | None]) -> Number | None:
    if any(c is None for c in cells) or all(c.value is None for c in cells if c is not None):
        return None  # a part left out, or a column printed blank (Shanghai 2019 总计): unverifiable
    total = sum((c.value or 0) for c in cells if c is not None)
    return round(total, 6) if isinstance(total, float) else total


def _children(group: str, fmt: str | None, t: Templates) -> list[str]:
    return [r.key for r in t.requests_rows if r.parent == group and (fmt is None or fmt in r.formats)]


def rule_of(check_rule: str, t: Templates) -> dict[str, Any] | None:
    """The rules.yaml entry a check ran (`<table>.<name>`)."""
    return next((r for r in t.rules if f"{r['table']}.{r['name']}" == check_rule), None)


def checked_cells(rule: dict[str, Any], message: str, fmt: str | None, t: Templates
                  ) -> list[tuple[str, str, str]]:
    """The cells (table, row, col) a check of `rule` added up or compared, in the rule's order,
    from the row or column its message starts with (this module writes `<row>: …`, `<col>: …`,
    `<group>/<col>: …` or `<row>/<col>: …`). Cells the report does not print are listed too."""
    table, kind = rule["table"], rule["kind"]
    head = message.split(":", 1)[0].strip()

    def rows_of(part: str) -> list[str]:
        group = part.removeprefix("group:")
        return [group, *(_children(group, fmt, t) if part.startswith("group:") else ())]

    if kind == "sum" and rule["each"] == "row":
        keys = [(table, head, c) for c in (rule["total"], *rule["parts"])]
    elif kind == "sum":
        keys = [(table, r, head) for r in (rule["total"], *(r for p in rule["parts"] for r in rows_of(p)))]
    elif kind == "balance":
        keys = [(table, r, head) for r in (*rule["left"], *rule["right"])]
    elif kind == "group_subtotal":
        group, _, col = head.partition("/")
        keys = [(table, r, col) for r in rows_of(f"group:{group}")]
    elif kind == "range":
        row, _, col = head.rpartition("/")
        keys = [(table, row, col)]
    elif kind == "at_least":
        keys = [(table, head, rule["larger"]), (table, head, rule["smaller"])]
    elif kind == "prose":
        keys = [(table, r, rule["col"]) for rows in rule["candidates"] for r in rows]
    else:
        keys = []
    return list(dict.fromkeys(keys))


def _expand(part: str, grid: Grid, col: str, fmt: str | None, t: Templates) -> list[Cell | None]:
    """A part name → its cells in one column.

    `group:X` → all of X's rows of the format; X's own row when none of them is printed (a
    （六）其他处理 printed as one row); None (unverifiable) when only some of them are.
    """
    if not part.startswith("group:"):
        return [grid.get((part, col))]
    group = part.removeprefix("group:")
    children = _children(group, fmt, t)
    printed = [grid[(k, col)] for k in children if (k, col) in grid]
    if not printed:
        return [grid.get((group, col))]
    return printed if len(printed) == len(children) else [None]


def _rows(grid: Grid) -> list[str]:
    return list(dict.fromkeys(r for r, _ in grid))


def _cols(grid: Grid) -> list[str]:
    return list(dict.fromkeys(c for _, c in grid))


def _check(rule: str, expected: Number | None, actual: Number | None, message: str) -> Check | None:
    if expected is None or actual is None:
        return None
    ok = abs(expected - actual) <= TOLERANCE
    return Check(rule, ok, expected, actual, message)


def _sum_rule(rule: dict[str, Any], grid: Grid, fmt: str | None, t: Templates) -> Iterable[Check | None]:
    name = f"{rule['table']}.{rule['name']}"
    if rule["each"] == "row":
        for row in rule.get("rows") or _rows(grid):
            total = grid.get((row, rule["total"]))
            if total is None or total.value is None:
                continue
            parts = [grid.get((row, p)) for p in rule["parts"]]
            actual = _sum(parts)
            yield _check(
                name,
                total.value,
                actual,
                f"{row}: {rule['total']} printed {total.value}, parts add to {actual}",
            )
    else:
        for col in _cols(grid):
            total = grid.get((rule["total"], col))
            if total is None or total.value is None:
                continue
            parts = [c for p in rule["parts"] for c in _expand(p, grid, col, fmt, t)]
            actual = _sum(parts)
            yield _check(
                name,
                total.value,
                actual,
                f"{col}: {rule['total']} printed {total.value}, rows add to {actual}",
            )


def _balance_rule(rule: dict[str, Any], grid: Grid) -> Iterable[Check | None]:
    name = f"{rule['table']}.{rule['name']}"
    for col in _cols(grid):
        left = _sum([grid.get((r, col)) for r in rule["left"]])
        right = _sum([grid.get((r, col)) for r in rule["right"]])
        yield _check(
            name,
            left,
            right,
            f"{col}: {' + '.join(rule['left'])} = {left}, {' + '.join(rule['right'])} = {right}",
        )


def _group_rule(rule: dict[str, Any], grid: Grid, fmt: str | None, t: Templates) -> Iterable[Check | None]:
    name = f"{rule['table']}.{rule['name']}"
    for group in rule["groups"]:
        children = _children(group, fmt, t)
        for col in _cols(grid):
            total = grid.get((group, col))
            printed = [grid[(k, col)] for k in children if (k, col) in grid]
            if total is None or total.value is None or not printed or len(printed) < len(children):
                continue
            actual = _sum(printed)
            yield _check(
                name,
                total.value,
                actual,
                f"{group}/{col}: subtotal printed {total.value}, rows add to {actual}",
            )


def _range_rule(rule: dict[str, Any], grid: Grid) -> Iterable[Check | None]:
    name = f"{rule['table']}.{rule['name']}"
    signed = set(rule.get("signed_cols", []))
    decimal = set(rule.get("decimal_cols", []))
    bad = 0
    for (row, col), cell in grid.items():
        v = cell.value
        if v is None:
            continue
        if (v < 0 and col not in signed) or (isinstance(v, float) and col not in decimal):
            bad += 1
            yield Check(name, False, None, v, f"{row}/{col}: {cell.raw!r} is not a non-negative whole number")
    if grid and not bad:
        yield Check(name, True, 0, 0, f"all {len(grid)} cells in range")


def _at_least_rule(rule: dict[str, Any], grid: Grid) -> Iterable[Check | None]:
    name = f"{rule['table']}.{rule['name']}"
    larger, smaller = rule["larger"], rule["smaller"]
    for row in _rows(grid):
        big, small = grid.get((row, larger)), grid.get((row, smaller))
        if big is None or small is None or big.value is None or small.value is None:
            continue
        ok = big.value >= small.value
        yield Check(
            name, ok, small.value, big.value,
            f"{row}: {larger} {big.value} {'≥' if ok else '<'} {smaller} {small.value}",
        )


def _prose_rule(rule: dict[str, Any], grid: Grid, sections: Sequence[Section]) -> Iterable[Check | None]:
    """R12: the number of requests stated in the prose matches the table."""
    text = next((s.text for s in sections if s.key == rule["section"]), "")
    stated = None
    for pattern in rule["patterns"]:
        m = regex.search(pattern, text)
        if m:
            stated = int(m.group(1))
            break
    if stated is None:
        return
    sums = [_sum([grid.get((row, rule["col"])) for row in rows]) for rows in rule["candidates"]]
    sums = [s for s in sums if s is not None]
    if not sums:
        return
    ok = stated in sums
    expected = stated if ok else sums[0]
    yield Check(
        f"{rule['table']}.{rule['name']}", ok, expected, stated,
        f"{rule['section']} prose states {stated} requests; table {' / '.join(map(str, sums))}",
    )


def run_checks(
    cells: list[Cell],
    t: Templates,
    sections: Sequence[Section] = (),
    fmt: str | None = None,
    used_to_split: set[tuple[str, str]] = frozenset(),
) -> list[Check]:
    """`used_to_split`: (rule, row or column) of the checks the glued-cell solver relied on; those
    checks are marked, since they pass by construction."""
    checks: list[Check | None] = []
    for rule in t.rules:
        grid = _grid(cells, rule["table"])
        if not grid:
            continue
        kind = rule["kind"]
        if kind == "sum":
            checks += _sum_rule(rule, grid, fmt, t)
        elif kind == "balance":
            checks += _balance_rule(rule, grid)
        elif kind == "group_subtotal":
            checks += _group_rule(rule, grid, fmt, t)
        elif kind == "range":
            checks += _range_rule(rule, grid)
        elif kind == "at_least":
            checks += _at_least_rule(rule, grid)
        elif kind == "prose":
            checks += _prose_rule(rule, grid, sections)
        else:
            raise ValueError(f"rules.yaml: unknown rule kind {kind!r}")
    return [_mark(c, used_to_split) for c in checks if c is not None]


def _mark(check: Check, used: set[tuple[str, str]]) -> Check:
    subject = check.message.split(":", 1)[0]  # every sum/balance message starts with its row or column
    return replace(check, used_to_split=True) if (check.rule, subject) in used else check
