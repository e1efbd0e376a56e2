"""Parse one table cell into a number, keeping the raw text (formats.md §3.3)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from gkparse.models import Number

NUMBER = regex.compile(
    r"^(?P<sign>[减增+\-−])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<unit>万元|元|件|个|项|条|次)?$"
)


@dataclass(frozen=True)
class CellValue:
    value: Number | None
    raw: str
    unit: str | None = None


@cache
def _conventions():
    from gkparse.templates import templates

    values = templates().text["values"]
    return (
        frozenset(values["null_markers"]),
        values["sign_words"],
        values["units"],
        values["strip_chars"],
    )


def clean(raw: str) -> str:
    _, _, _, strip_chars = _conventions()
    return raw.strip().strip(strip_chars).strip()


def is_value(raw: str) -> bool:
    """True for a cell that is a number or an explicit 'no value' mark."""
    nulls, *_ = _conventions()
    text = clean(raw)
    return text in nulls or NUMBER.match(text) is not None


def is_null_marker(raw: str) -> bool:
    nulls, *_ = _conventions()
    return clean(raw) in nulls


def parse_value(raw: str, unit: str | None = None) -> CellValue:
    """`"1,234"`→1234, `"减4"`→-4, `"251000元"`→25.1 in a 万元 column, `"—"`→None.

    Raises ValueError for text that is not a cell value: callers never get a guess.
    """
    nulls, sign_words, units, _ = _conventions()
    text = clean(raw)
    if text in nulls:
        return CellValue(None, raw.strip())
    m = NUMBER.match(text)
    if not m:
        raise ValueError(f"not a cell value: {raw!r}")
    digits = m.group("int").replace(",", "")
    number: float = float(f"{digits}.{m.group('frac')}") if m.group("frac") else int(digits)
    if m.group("sign"):
        number = number * sign_words[m.group("sign")]
    printed_unit = m.group("unit")
    if printed_unit and unit:
        conv = units.get(printed_unit, {})
        if conv.get("to") == unit:
            number = round(number * conv["factor"], 6)
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return CellValue(number, raw.strip(), printed_unit)
