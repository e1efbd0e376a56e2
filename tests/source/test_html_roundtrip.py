"""Round trip of random reports through every HTML style: parse(render_html(spec, style)) == spec.

Specs come from fixtures/specgen.py (seeded: both formats, （六） as 3 sub-rows or one row, counts
from tens to millions, decimals in 本年收费金额 and 采购总金额, negative 本年增/减, printed variants
"1,234" "减3" "251000元" "/" "——", blank cells, and now and then a total spoiled on purpose).
The renderer is fixtures/make_html_docx.py's, in each of its HTML styles: the government page in
UTF-8, the same page declared GB2312 (GBK bytes), the old site in layout tables (GBK), and Word's
"save as web page" export. Every example is rendered in all four styles (an HTML parse takes about
60 ms, so 500 examples take about two minutes on 2 cores).

Expected values come from the spec, never from a parse. A row printed with every cell empty
(blank_rows) is in the property too; the two tests at the end pin it for （六）其他处理 printed as
one row, the case the property first found (fixed in 66c5e0a), and for an ordinary row.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkparse
from tests.spec_cells import fixture_module

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
MIXED_WARNING = "（六）其他处理 printed as one row"
SECTIONS = ["overview", "active_disclosure", "requests", "review_litigation",
            "problems_and_improvements", "other_matters"]


_module = fixture_module


specgen = _module("specgen")
render = _module("make_html_docx")
STYLES = render.HTML_STYLES


def expected_cells(spec: dict) -> dict[tuple[str, str, str], tuple[object, str | None]]:
    """(table, row, col) → (value, raw text when printed specially, else None)."""
    out = {}
    for table, rows in spec["cells"].items():
        for row, cells in rows.items():
            if isinstance(cells, list):
                cells = dict(zip(spec["columns"][table], cells, strict=True))
            for col, cell in cells.items():
                out[(table, row, col)] = (cell[1], cell[0]) if isinstance(cell, list) else (
                    cell, "" if cell is None else None)
    return out


def problems(report: gkparse.Report, spec: dict) -> dict:
    """Everything in which the parse differs from the spec ({} when it is exact)."""
    expected = expected_cells(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    out: dict = {"missing": sorted(set(expected) - set(got)), "extra": sorted(set(got) - set(expected))}
    for key in sorted(set(expected) & set(got)):
        value, raw = expected[key]
        cell = got[key]
        if cell.value != value or type(cell.value) is not type(value):
            out.setdefault("value", []).append((key, value, cell.value))
        if raw is not None and cell.raw != raw:
            out.setdefault("raw", []).append((key, raw, cell.raw))
    meta = (report.meta.format, report.meta.year, report.meta.agency, report.meta.title)
    if meta != (spec["format"], spec["year"], spec["agency"], spec["title"]):
        out["meta"] = meta
    if [s.key for s in report.sections] != SECTIONS:
        out["sections"] = [s.key for s in report.sections]
    mixed = spec["format"] == "2021" and "other" in spec["cells"]["requests"]
    if len(report.warnings) != int(mixed) or (mixed and MIXED_WARNING not in report.warnings[0]):
        out["warnings"] = report.warnings
    failed = {c.rule for c in report.failed_checks}
    broken = spec["generator"]["broken"]
    if (broken is None and failed) or (broken is not None and broken not in failed):
        out["checks"] = (broken, sorted(failed))
    return {k: v for k, v in out.items() if v}


@st.composite
def specs(draw) -> dict:
    spec = specgen.random_spec(
        draw(st.integers(0, 2**32 - 1)),
        fmt=draw(st.sampled_from(specgen.FORMATS)),
        other=draw(st.sampled_from(["split", "single"])),
        scale=draw(st.sampled_from(specgen.SCALES)),
        variants=draw(st.booleans()),
        blanks=draw(st.booleans()),
        blank_rows=draw(st.booleans()),
        consistent=draw(st.sampled_from([True, True, True, False])),
    )
    return spec


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(spec=specs())
def test_every_html_style_parses_back_to_its_spec(spec):
    for style in STYLES:
        report = gkparse.parse(render.render_html(spec, style))
        assert report.source.kind == "html"
        assert problems(report, spec) == {}, (style, spec["generator"])


@pytest.mark.parametrize("style", STYLES)
def test_committed_html_specs_in_every_style(style):
    """The hand-written specs of fixtures/html go through render_html as well."""
    for name in ("report-2021.spec.json", "report-2019.spec.json"):
        spec = json.loads((FIXTURES / "html" / name).read_text("utf-8"))
        spec.setdefault("generator", {"broken": None})
        assert problems(gkparse.parse(render.render_html(spec, style)), spec) == {}, name


def test_specs_are_deterministic_and_consistent():
    a = specgen.random_spec(7, fmt="2021", other="single", scale="large")
    assert a == specgen.random_spec(7, fmt="2021", other="single", scale="large")
    assert a != specgen.random_spec(8, fmt="2021", other="single", scale="large")
    assert "other" in a["cells"]["requests"] and "other.other" not in a["cells"]["requests"]
    for seed in range(40):
        spec = specgen.random_spec(seed)
        req = {r: [specgen.value(v) or 0 for v in vs] for r, vs in spec["cells"]["requests"].items()}
        results = [r for r in req if r not in ("new_received", "brought_forward", "total", "carried_forward")]
        for c in range(7):
            left = req["new_received"][c] + req["brought_forward"][c]
            assert left == req["total"][c] + req["carried_forward"][c]
            assert req["total"][c] == sum(req[r][c] for r in results)
        for r, vs in req.items():
            assert vs[6] == sum(vs[:6]), r
        json.dumps(spec, ensure_ascii=False).encode("gbk")


# ----------------------------------------------------------------------------- rows printed blank


@pytest.mark.parametrize("style", STYLES)
def test_other_row_printed_all_blank(style):
    """（六）其他处理 printed as one row with all 7 cells empty (<td>&nbsp;</td> ×7) is 7 null cells,
    not a group label: the committed 2019 spec with that row blank (its cases moved to （五）5.,
    so every 勾稽关系 still holds)."""
    spec = json.loads((FIXTURES / "html" / "report-2019.spec.json").read_text("utf-8"))
    spec["generator"] = {"broken": None}
    requests = spec["cells"]["requests"]
    moved = zip(requests["not_processed.confirm_existing"], requests["other"], strict=True)
    requests["not_processed.confirm_existing"] = [(a or 0) + (b or 0) for a, b in moved]
    requests["other"] = [None] * 7
    report = gkparse.parse(render.render_html(spec, style))
    assert problems(report, spec) == {}


@pytest.mark.parametrize("style", STYLES)
def test_other_rows_printed_all_blank_are_read(style):
    """The same with a sub-row of （三） blank instead: read as 7 null cells."""
    spec = json.loads((FIXTURES / "html" / "report-2019.spec.json").read_text("utf-8"))
    spec["generator"] = {"broken": None}
    requests = spec["cells"]["requests"]
    moved = zip(requests["not_processed.confirm_existing"], requests["denied.prohibited_by_law"], strict=True)
    requests["not_processed.confirm_existing"] = [(a or 0) + (b or 0) for a, b in moved]
    requests["denied.prohibited_by_law"] = [None] * 7
    report = gkparse.parse(render.render_html(spec, style))
    assert problems(report, spec) == {}
