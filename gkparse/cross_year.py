"""Checks across years (formats.md §2 R8–R10): an agency's report of year N against its N − 1.

The rules are data (`cross_year` in formats/rules.yaml). Reports are paired by agency name; an
agency that prints the places above it in one year only (洪泽区人民政府 in 2023, 淮安市洪泽区人民政府
in 2024) is paired when that is the only candidate. Of several reports of one agency and year
(the same report scraped twice), the one with the most cells is used.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from gkparse.normalize.text import fold, squeeze
from gkparse.templates import Templates, templates

TOLERANCE = 0.005
SAME_NAME = "same name"
PLACE_PREFIX = "name with the places above it in one year"


@dataclass(frozen=True)
class YearCheck:
    agency: str
    year: int
    report_id: str
    last_report_id: str
    match: str  # how the two reports were paired
    rule: str  # "<table>.<name>"
    soft: bool
    ok: bool
    expected: float
    actual: float
    message: str


COLUMNS = list(YearCheck.__dataclass_fields__)


def agency_key(name: str) -> str:
    return squeeze(fold(name))


def cross_year_checks(reports: pd.DataFrame, cells: pd.DataFrame, t: Templates | None = None) -> pd.DataFrame:
    """Every cross-year check of the dataset's reports, as one row each (COLUMNS)."""
    t = t or templates()
    chosen = _one_per_agency_year(reports)
    pairing = Pairing(chosen, t.text["place_units"])
    values = _values(cells[cells.report_id.isin({r["report_id"] for r in chosen.values()})])
    rows = []
    for (key, year), this in chosen.items():
        pair = pairing.last_year(key, year)
        if pair is None:
            continue
        last, match = pair
        for rule in t.cross_year_rules:
            formats = rule.get("formats")
            if formats and not {this["format"], last["format"]} <= set(formats):
                continue
            grids = values.get(this["report_id"], {}), values.get(last["report_id"], {})
            for check in _run(rule, grids[0].get(rule["table"], {}), grids[1].get(rule["table"], {})):
                rows.append(
                    YearCheck(this["agency"], year, this["report_id"], last["report_id"], match, **check)
                )
    frame = pd.DataFrame([asdict(r) for r in rows], columns=COLUMNS)
    return frame.astype({"year": "Int64", "soft": "boolean", "ok": "boolean",
                         "expected": "Float64", "actual": "Float64"})


def _one_per_agency_year(reports: pd.DataFrame) -> dict[tuple[str, int], dict[str, Any]]:
    usable = reports[(reports.status != "failed") & reports.agency.notna() & reports.year.notna()]
    usable = usable.sort_values(["n_cells", "report_id"], ascending=[False, True])
    chosen: dict[tuple[str, int], dict[str, Any]] = {}
    for record in usable.to_dict("records"):
        chosen.setdefault((agency_key(record["agency"]), int(record["year"])), record)
    return chosen


class Pairing:
    """Finds an agency's report of the year before: by the same name, else by the one name of
    that year that is this one with places in front or behind (_place_prefixed). Names are
    indexed by year and by suffix, so a dataset of 50,000 reports pairs in linear time."""

    def __init__(self, chosen: dict[tuple[str, int], dict[str, Any]], units: list[str]):
        self.chosen, self.units = chosen, units
        self._by_year: dict[int, set[str]] = {}
        self._by_suffix: dict[tuple[int, str], list[str]] = {}  # (year, a proper suffix) → longer names
        for key, year in chosen:
            self._by_year.setdefault(year, set()).add(key)
            for i in range(1, len(key)):
                self._by_suffix.setdefault((year, key[i:]), []).append(key)

    def last_year(self, key: str, year: int) -> tuple[dict[str, Any], str] | None:
        if (key, year - 1) in self.chosen:
            return self.chosen[key, year - 1], SAME_NAME
        names = self._by_year.get(year - 1, set())
        shorter = [key[i:] for i in range(1, len(key)) if key[i:] in names]
        longer = self._by_suffix.get((year - 1, key), [])
        candidates = [
            other for other in dict.fromkeys([*shorter, *longer])
            if (other, year) not in self.chosen and _place_prefixed(key, other, self.units)
        ]
        if len(candidates) == 1:
            return self.chosen[candidates[0], year - 1], PLACE_PREFIX
        return None


def _place_prefixed(a: str, b: str, units: list[str]) -> bool:
    """One name is the other with place names in front (淮安市 + 洪泽区人民政府), and the shorter
    name starts with a place of its own (洪泽区…), so that a bare 财政局 pairs with nothing."""
    short, long = sorted((a, b), key=len)
    if short == long or not long.endswith(short):
        return False
    prefix = long[: -len(short)]
    return any(prefix.endswith(u) for u in units) and any(u in short[:-1] for u in units)


def _values(cells: pd.DataFrame) -> dict[str, dict[str, dict[tuple[str, str], float | None]]]:
    """report_id → table → (row, col) → value (None when printed blank)."""
    out: dict[str, dict[str, dict[tuple[str, str], float | None]]] = {}
    for rid, table, row, col, value in cells[["report_id", "table", "row", "col", "value"]].itertuples(
        index=False
    ):
        number = None if value is None or pd.isna(value) else float(value)
        out.setdefault(rid, {}).setdefault(table, {})[(row, col)] = number
    return out


def _term(term: str) -> tuple[int, str, str]:
    """"-this.repealed" → (-1, "this", "repealed")."""
    sign = -1 if term.startswith("-") else 1
    when, _, label = term.lstrip("-").partition(".")
    return sign, when, label


def _run(rule: dict[str, Any], this: dict, last: dict) -> Iterator[dict[str, Any]]:
    """The rule once per column (`each: col`) or row (`each: row`) printed in year N."""
    name = f"{rule['table']}.{rule['name']}"
    by_col = rule["each"] == "col"
    grids = {"this": this, "last": last}
    _, when, label = _term(rule["actual"])
    for other in dict.fromkeys(k[1] if by_col else k[0] for k in this):

        def cell(when: str, label: str, other: str = other) -> tuple[bool, float | None]:
            key = (label, other) if by_col else (other, label)
            return key in grids[when], grids[when].get(key)

        printed, actual = cell(when, label)
        if not printed or actual is None:
            continue
        terms = [(sign, *cell(w, lbl)) for sign, w, lbl in map(_term, rule["expected"])]
        if any(not present for _, present, _ in terms) or all(v is None for _, _, v in terms):
            continue  # a term left out, or every term blank: unverifiable
        expected = sum(sign * (v or 0) for sign, _, v in terms)
        shown = ", ".join(f"{term} = {_shown(v)}" for term, (_, _, v) in zip(rule["expected"], terms,
                                                                                 strict=True))
        yield {
            "rule": name, "soft": bool(rule.get("soft")),
            "ok": math.isclose(expected, actual, abs_tol=TOLERANCE), "expected": expected, "actual": actual,
            "message": f"{other}: {rule['actual']} = {_shown(actual)}; {shown}",
        }


def _shown(value: float | None) -> str:
    if value is None:
        return "blank"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
