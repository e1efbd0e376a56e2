from __future__ import annotations

import pytest

from gkparse.normalize.values import is_value, parse_value


@pytest.mark.parametrize(
    ("raw", "unit", "value"),
    [
        ("0", None, 0),
        ("1,234", None, 1234),
        ("-13", None, -13),
        ("−13", None, -13),
        ("减4", None, -4),
        ("增4", None, 4),
        ("960.49", "万元", 960.49),
        ("7730.28", "万元", 7730.28),
        ("251000元", "万元", 25.1),
        ("52.15万元", "万元", 52.15),
        ("12件", None, 12),
        ("12.0", None, 12),
        ("? 0", None, 0),
        ("/", None, None),
        ("-", None, None),
        ("—", None, None),
        ("——", None, None),
        ("无", None, None),
        ("", None, None),
    ],
)
def test_parse_value(raw, unit, value):
    parsed = parse_value(raw, unit)
    assert parsed.value == value
    assert type(parsed.value) is type(value)


@pytest.mark.parametrize("raw", ["1.2.3", "1,2,2", "行政许可", "1.", "12345政府", "3960181行政许可"])
def test_not_a_value(raw):
    assert not is_value(raw)
    with pytest.raises(ValueError, match="not a cell value"):
        parse_value(raw)


def test_a_two_em_dash_read_from_a_ligature_is_the_printed_null_marker():
    """pdfplumber reads a Chromium print's `——` (one ligature glyph) as U+2E3A: folded back."""
    from gkparse.normalize.text import fold

    assert fold("\u2e3a") == "——" and fold("\u2e3b") == "———"
    parsed = parse_value(fold("\u2e3a"), "count")
    assert (parsed.value, parsed.raw) == (None, "——")
