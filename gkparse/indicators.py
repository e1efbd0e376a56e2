"""Derived measures per report (formats/indicators.yaml): rates with their numerator, denominator and n.

A value is given only when every part of it is there and passed the format's arithmetic checks;
otherwise it is null and `null_reason` says which part and why, so that a ranking never rests on a
number the report contradicts. A part that only disagrees with the report's prose (R12: the overview
restates a count, often of one office's requests only) keeps the value, with a `caveat` naming the
check: the table's own arithmetic holds, so the analyst decides. Indicators that read last year's
report (`last.` terms) need the whole dataset: `IndicatorCollector` computes the others chunk by
chunk and those at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from os import PathLike
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: `import gkparse` (and `gkparse --help`) stays light
    from gkparse.templates import Templates

COLUMNS = ["report_id", "indicator", "value", "numerator", "denominator", "n", "null_reason", "caveat"]
DTYPES = {"value": "Float64", "numerator": "Float64", "denominator": "Float64", "n": "Int64"}
Key = tuple[str, str, str]  # (table, row, col)


@dataclass(frozen=True)
class Term:
    sign: int
    last: bool  # read from the agency's report of the year before
    table: str
    row: str  # a row key, or "group:<key>"
    col: str

    def __str__(self) -> str:
        return f"{'last year ' if self.last else ''}{self.table}/{self.row}/{self.col}"


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    formula: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...] | None
    n: tuple[Term, ...] | None
    formats: frozenset[str] | None

    @property
    def across_years(self) -> bool:
        return any(t.last for t in self.terms)

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.numerator + (self.denominator or ()) + (self.n or ())


def _term(text: str) -> Term:
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("-")
    last = text.startswith("last.")
    table, row, col = text.removeprefix("last.").split("/")
    return Term(sign, last, table, row, col)


def _terms(spec: list[str] | None) -> tuple[Term, ...] | None:
    return tuple(_term(t) for t in spec) if spec else None


@cache
def definitions() -> tuple[Indicator, ...]:
    """The indicators of formats/indicators.yaml, in their order."""
    import yaml

    text = resources.files("gkparse.formats").joinpath("indicators.yaml").read_text("utf-8")
    specs = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["indicators"]
    return tuple(
        Indicator(
            id=s["id"], label=s["label"], formula=s["formula"],
            numerator=_terms(s["numerator"]), denominator=_terms(s.get("denominator")),
            n=_terms(s.get("n")), formats=frozenset(map(str, s["formats"])) if "formats" in s else None,
        )
        for s in specs
    )


@dataclass
class ReportState:
    """What the indicators need of one report: its cells' values and which cells failed a check."""

    report_id: str
    agency: str | None
    year: int | None
    format: str | None
    status: str | None
    n_cells: int
    values: dict[Key, float | None] = field(default_factory=dict)
    failed: dict[Key, str] = field(default_factory=dict)  # cell → the failed check, as a phrase
    disputed: dict[Key, str] = field(default_factory=dict)  # cell → a failed prose check (R12)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN and pandas' NA are blank


def report_states(rows: dict[str, list[dict]], t: Templates | None = None) -> list[ReportState]:
    """One state per row of `reports`, from dataset rows (as `report_rows`/`merge_rows` give them)."""
    from gkparse.templates import templates
    from gkparse.validate import checked_cells, rule_of

    t = t or templates()
    states = {}
    for r in rows.get("reports", []):
        year = r.get("year")
        states[r["report_id"]] = ReportState(
            r["report_id"], r.get("agency"), None if _number(year) is None else int(year),
            r.get("format"), r.get("status"), int(_number(r.get("n_cells")) or 0))
    for c in rows.get("cells", []):
        state = states.get(c["report_id"])
        if state is not None:
            state.values[(c["table"], c["row"], c["col"])] = _number(c["value"])
    for check in rows.get("checks", []):
        state = states.get(check["report_id"])
        if state is None or check["ok"] in (True, "True") or check["ok"] is None:
            continue
        rule = rule_of(check["rule"], t)
        if rule is None:
            continue
        marks = state.disputed if rule["kind"] == "prose" else state.failed
        for key in checked_cells(rule, check["message"], state.format, t):
            marks.setdefault(key, f"{check['rule']} failed ({check['message']})")
    return list(states.values())


class _Null(Exception):
    """A part of an indicator is unusable; the message is the null_reason."""


def _cells(term: Term, state: ReportState, t: Templates) -> list[Key]:
    from gkparse.validate import _children

    group = term.row.removeprefix("group:")
    if not term.row.startswith("group:"):
        return [(term.table, term.row, term.col)]
    children = [(term.table, k, term.col) for k in _children(group, state.format, t)]
    printed = [k for k in children if k in state.values]
    if not printed:
        return [(term.table, group, term.col)]
    if len(printed) < len(children):
        missing = next(k for k in children if k not in state.values)
        raise _Null(f"{'last year ' if term.last else ''}{'/'.join(missing)} not in the report")
    return printed


def _side(terms: tuple[Term, ...], this: ReportState, last: ReportState | None, t: Templates,
          caveats: list[str]) -> float:
    """The sum of the terms; _Null when a part is missing, all blank, or failed a check. A part the
    prose disputes adds its caveat."""
    total, values = 0.0, []
    for term in terms:
        state = last if term.last else this
        assert state is not None
        where = "last year " if term.last else ""
        for key in _cells(term, state, t):
            if key not in state.values:
                raise _Null(f"{where}{'/'.join(key)} not in the report")
            if key in state.failed:
                raise _Null(f"{where}{'/'.join(key)}: {state.failed[key]}")
            if key in state.disputed:
                caveat = f"{where}{state.disputed[key]}"  # one per check: it names the cells itself
                caveats += [] if caveat in caveats else [caveat]
            value = state.values[key]
            values.append(value)
            total += term.sign * (value or 0)
    if all(v is None for v in values):
        raise _Null(f"{' + '.join(map(str, terms))} printed blank")
    return round(total, 6)


def _row(state: ReportState, ind: Indicator, value=None, num=None, den=None, n=None, reason=None,
         caveats: list[str] | None = None) -> dict:
    return {"report_id": state.report_id, "indicator": ind.id, "value": value, "numerator": num,
            "denominator": den, "n": None if n is None else round(n), "null_reason": reason,
            "caveat": "; ".join(caveats) if caveats else None}


def compute(ind: Indicator, this: ReportState, last: ReportState | None = None,
            t: Templates | None = None) -> dict:
    """One indicator of one report (`last`: the agency's report of the year before, if any)."""
    from gkparse.templates import templates

    t = t or templates()
    if this.status == "failed":
        return _row(this, ind, reason="the report was not read (status failed)")
    if ind.formats is not None and this.format not in ind.formats:
        return _row(this, ind, reason=f"not in the {this.format or 'unknown'} format")
    if ind.across_years:
        if last is None:
            return _row(this, ind, reason="no report of the year before from this agency")
        if ind.formats is not None and last.format not in ind.formats:
            return _row(this, ind, reason=f"last year's report is in the {last.format or 'unknown'} format")
    caveats: list[str] = []
    try:
        num = _side(ind.numerator, this, last, t, caveats)
        den = None if ind.denominator is None else _side(ind.denominator, this, last, t, caveats)
        n = _side(ind.n, this, last, t, caveats) if ind.n else (den if den is not None else num)
    except _Null as why:
        return _row(this, ind, reason=str(why))
    if den is None:
        return _row(this, ind, value=num, num=num, n=n, caveats=caveats)
    if den == 0:
        return _row(this, ind, num=num, den=den, n=n, reason="denominator is 0", caveats=caveats)
    return _row(this, ind, value=round(num / den, 12), num=num, den=den, n=n, caveats=caveats)


class IndicatorCollector:
    """Indicators for a dataset written chunk by chunk: `add` gives each chunk's reports their
    indicators that need no other report; `finish` gives the year-on-year ones, from the few cells
    they read (kept for every report, so memory grows by a few values per report)."""

    def __init__(self, t: Templates | None = None):
        from gkparse.templates import templates

        self.t = t or templates()
        self.within = [d for d in definitions() if not d.across_years]
        self.across = [d for d in definitions() if d.across_years]
        self._keys = {(term.table, term.row, term.col) for d in self.across for term in d.terms}
        self._kept: list[ReportState] = []

    def add(self, rows: dict[str, list[dict]]) -> list[dict]:
        out = []
        for state in report_states(rows, self.t):
            out += [compute(d, state, t=self.t) for d in self.within]
            if self.across:
                state.values = {k: v for k, v in state.values.items() if k in self._keys}
                state.failed = {k: v for k, v in state.failed.items() if k in self._keys}
                state.disputed = {k: v for k, v in state.disputed.items() if k in self._keys}
                self._kept.append(state)
        return out

    def kept(self) -> list[ReportState]:
        """What `finish` needs of the reports added so far (a worker that prepared a chunk hands it on)."""
        return self._kept

    def keep(self, states: list[ReportState]) -> None:
        """Add the kept states of reports another collector `add`ed (a chunk prepared elsewhere)."""
        self._kept += states

    def finish(self) -> list[dict]:
        if not self.across or not self._kept:
            return []
        import pandas as pd

        from gkparse.cross_year import Pairing, _one_per_agency_year, agency_key

        by_id = {s.report_id: s for s in self._kept}
        frame = pd.DataFrame([{"report_id": s.report_id, "agency": s.agency, "year": s.year,
                               "status": s.status, "n_cells": s.n_cells} for s in self._kept])
        chosen = _one_per_agency_year(frame)
        pairing = Pairing(chosen, self.t.text["place_units"])
        out = []
        for state in self._kept:
            last = None
            if state.agency and state.year is not None and state.status != "failed":
                pair = pairing.last_year(agency_key(state.agency), state.year)
                last = by_id[pair[0]["report_id"]] if pair else None
            out += [compute(d, state, last, self.t) for d in self.across]
        return out


def indicator_rows(rows: dict[str, list[dict]]) -> list[dict]:
    """Every indicator of every report of these dataset rows (one chunk holding the whole dataset)."""
    collector = IndicatorCollector()
    return collector.add(rows) + collector.finish()


def indicators(data: Any):
    """The indicators of a dataset directory, of `read_dataset`'s tables, or of parsed reports
    (a Report or a list of them), as a DataFrame with the dataset table's columns."""
    import pandas as pd

    from gkparse.models import ReportData
    from gkparse.write.tables import merge_rows, report_rows

    if isinstance(data, ReportData):
        data = [data]
    if isinstance(data, str | PathLike):
        from gkparse.dataset import read_dataset

        data = read_dataset(data, ("reports", "cells", "checks"))
    if isinstance(data, dict):
        rows = {name: data[name].astype(object).where(data[name].notna(), None).to_dict("records")
                for name in ("reports", "cells", "checks")}
    else:
        rows = merge_rows(report_rows(r) for r in data)
    frame = pd.DataFrame(indicator_rows(rows), columns=COLUMNS)
    return frame.astype(DTYPES)
