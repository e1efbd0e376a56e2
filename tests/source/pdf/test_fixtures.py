"""PDFs made the way publishers make them (fixtures/make_pdf.py), parsed with every PDF engine.

Each fixtures/pdf/<style>-<seed>.pdf was rendered from a random spec (fixtures/specgen.py) by
LibreOffice (.docx with merged cells, vertical text, repeated header rows) or WeasyPrint (a
printed web page); <style>-<seed>.spec.json beside it holds every cell as printed and the page
of every table row, found in the rendered PDF by its label. The expected values come from the
spec only, never from a parse.

CI has neither LibreOffice nor WeasyPrint: every test here reads the committed PDFs, except the
ones that render anew, which skip with a reason when the tool is absent.

Known parser discrepancies are xfail(strict=True) for exactly the (test, fixture, engine) they
affect, with a reason naming a minimal repro (KNOWN below).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

import gkparse
from tests.spec_cells import fixture_module, spec_cells

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
PDF = FIXTURES / "pdf"
ENGINES = ["pdfium", "pdfplumber", "camelot"]
MIXED_WARNING = "（六）其他处理 printed as one row"
CAMELOT_REASON = "camelot-py not installed (optional extra: pip install 'gkparse[camelot]')"


_module = fixture_module


STEMS = sorted(p.name.removesuffix(".spec.json") for p in PDF.glob("*.spec.json"))

# (test, fixture, engine) → why it fails, with a minimal repro; empty when every engine reads
# every fixture right. Add here, never loosen the comparison.
KNOWN: dict[tuple[str, str, str], str] = {}


def cases(test: str) -> list:
    out = []
    for stem in STEMS:
        for engine in ENGINES:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[test, stem, engine])] \
                if (test, stem, engine) in KNOWN else []
            out.append(pytest.param(stem, engine, marks=marks, id=f"{stem}-{engine}"))
    return out


def load_spec(stem: str) -> dict:
    return json.loads((PDF / f"{stem}.spec.json").read_text("utf-8"))


def expected_cells(spec: dict) -> dict[tuple[str, str, str], tuple[object, str | None, int]]:
    """(table, row, col) → (value, raw text when printed specially, page of the row)."""
    pages = spec["pdf"]["pages"]
    return {key: (*cell, pages[key[0]][key[1]]) for key, cell in spec_cells(spec).items()}


_PARSED: dict[tuple[str, str], gkparse.Report] = {}


def parsed(stem: str, engine: str) -> gkparse.Report:
    if engine == "camelot":
        pytest.importorskip("camelot", reason=CAMELOT_REASON)
    if (stem, engine) not in _PARSED:
        _PARSED[stem, engine] = gkparse.parse(PDF / f"{stem}.pdf", engine=engine)
    return _PARSED[stem, engine]


def cell_problems(report: gkparse.Report, spec: dict) -> dict:
    expected = expected_cells(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    problems: dict = {
        "missing": sorted(set(expected) - set(got)),
        "extra": sorted(set(got) - set(expected)),
    }
    for key in sorted(set(expected) & set(got)):
        value, raw, page = expected[key]
        cell = got[key]
        if cell.value != value or type(cell.value) is not type(value):
            problems.setdefault("value", []).append((key, value, cell.value))
        if raw is not None and cell.raw != raw:
            problems.setdefault("raw", []).append((key, raw, cell.raw))
        if cell.page != page:
            problems.setdefault("page", []).append((key, page, cell.page))
    return {k: v for k, v in problems.items() if v}


def expected_warnings(spec: dict) -> list[str]:
    """The mixed-format warning; in a table without rulings, the rows placed by position: those
    that print a blank cell (invisible there) beside a number."""
    want = []
    if spec["format"] == "2021" and "other" in spec["cells"]["requests"]:
        want.append(MIXED_WARNING)
    layout = spec["pdf"]["layout"]
    cut = spec["pdf"].get("clipped", {}).get("review_litigation")
    if cut:  # table 四 cut at the page edge: its cut columns named, the glyphs beyond counted
        groups = {"review": "行政复议", "litigation_direct": "未经复议直接起诉",
                  "litigation_after_review": "复议后起诉"}
        outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
        labels = dict(zip(spec["columns"]["review_litigation"], outcomes, strict=True))
        names = [f"{groups[g]}·{labels[c]}" for g in groups for c in cut.get(g, ())]
        want.append("review_litigation: the table is cut at the page's right edge; "
                    f"{len(names)} columns not read: " + ", ".join(names))
        if layout.get("clip", "absent") != "absent":  # a browser print leaves them out of the file
            want.append("characters outside the page's visible area (CropBox) left out")
    if not layout.get("ruled", True) or layout.get("border") == "0":  # a docx or a web table without rulings
        blank: dict[tuple[str, str], list[bool]] = {}
        for (table, row, _), (_, raw) in spec_cells(spec).items():
            blank.setdefault((table, row), []).append(raw == "")
        for table, rows in spec["cells"].items():
            placed = [row for row in rows if any(blank[table, row]) and not all(blank[table, row])]
            if placed:
                want.append(f"{table}: {len(placed)} rows print no blank cells (a table without ruling "
                            f"lines); their numbers placed by where they sit: {', '.join(placed)}")
    return want


# ----------------------------------------------------------------------------- the fixtures


def test_fixtures_are_the_listed_ones():
    make_pdf = _module("make_pdf")
    listed = sorted(f"{style}-{seed}" for style, seed, *_ in make_pdf.FIXTURES)
    assert listed == STEMS
    assert sorted(p.stem for p in PDF.glob("*.pdf")) == listed
    assert {s.rsplit("-", 1)[0] for s in STEMS} == set(make_pdf.STYLES)
    total = sum(p.stat().st_size for p in PDF.iterdir())
    assert total < 2_500_000, f"fixtures/pdf is {total} bytes"


@pytest.mark.parametrize("stem", STEMS)
def test_spec_is_what_the_generator_makes(stem):
    """The committed spec is random_spec(seed, **options), plus where each row was printed."""
    specgen = _module("specgen")
    spec = load_spec(stem)
    pdf = spec.pop("pdf")
    assert spec == specgen.random_spec(spec["generator"]["seed"], **pdf["options"])
    assert pdf["style"] == stem.rsplit("-", 1)[0]
    assert set(pdf["pages"]) == set(spec["cells"])
    assert all(set(pdf["pages"][t]) == set(rows) for t, rows in spec["cells"].items())


@pytest.mark.parametrize(("stem", "engine"), cases("cells"))
def test_cells_match_spec(stem, engine):
    """Every cell: the same (table, row, col) set, value and its type, raw text, page."""
    report = parsed(stem, engine)
    assert report.source.kind == "pdf" and report.source.text_layer == "ok"
    assert cell_problems(report, load_spec(stem)) == {}


@pytest.mark.parametrize(("stem", "engine"), cases("meta"))
def test_meta_matches_spec(stem, engine):
    report = parsed(stem, engine)
    spec = load_spec(stem)
    got = (report.meta.format, report.meta.year, report.meta.agency, report.meta.title)
    assert got == (spec["format"], spec["year"], spec["agency"], spec["title"])
    assert [s.key for s in report.sections] == [
        "overview", "active_disclosure", "requests", "review_litigation",
        "problems_and_improvements", "other_matters",
    ]


@pytest.mark.parametrize(("stem", "engine"), cases("warnings"))
def test_warnings_and_checks(stem, engine):
    """No warning but the expected ones; the 勾稽关系 hold, or fail where the spec broke one."""
    report = parsed(stem, engine)
    spec = load_spec(stem)
    want = expected_warnings(spec)
    assert len(report.warnings) == len(want), report.warnings
    assert all(sum(w in got for got in report.warnings) == 1 for w in want), report.warnings
    rules = {c.rule for c in report.checks}
    assert {"requests.balance", "requests.row_total", "requests.results_total",
            "review_litigation.review_total"} <= rules
    failed = {c.rule for c in report.failed_checks}
    broken = spec["generator"]["broken"]
    if broken is None:
        assert failed == set()
    else:
        assert broken in failed


def test_every_style_has_a_page_break_inside_a_table():
    """The point of the fixtures: tables that run over a page break, in at least 2 styles."""
    styles = set()
    for stem in STEMS:
        pages = load_spec(stem)["pdf"]["pages"]
        if any(len(set(rows.values())) > 1 for rows in pages.values()):
            styles.add(stem.rsplit("-", 1)[0])
    assert len(styles) >= 2, styles


# ----------------------------------------------------------------------------- rendered anew

LO_REASON = "LibreOffice (soffice) not installed: see fixtures/make_pdf.py for the apt-get line"
WEASY_REASON = "WeasyPrint not installed: .venv/bin/pip install weasyprint (see fixtures/make_pdf.py)"
# fresh specs, not committed: printed plainly (no dashes, no blanks), so that no known
# discrepancy applies; the vertical style (one-line group labels) and the printed page
PLAIN = {"variants": False, "blanks": False}
ANEW = [
    ("docx-lo-vertical", 61, {"fmt": "2021", "other": "split", **PLAIN}, {"vertical": "tbRl"}),
    ("docx-lo-vertical", 62, {"fmt": "2019", **PLAIN}, {"vertical": "btLr"}),
    ("html-print", 63, {"fmt": "2021", "other": "single", **PLAIN}, {}),
    ("html-print", 64, {"fmt": "2019", "variants": True, "blanks": False}, {}),
]


CHROMIUM_REASON = "Chromium not installed (make system-deps installs it)"
# browser prints (Chromium) of a table wider than the page, each way make_pdf.py renders them
WIDE_ANEW = [
    ("html-print", 65, {"scale": "small", **PLAIN}, {"wide": "review", "overflow": "page", "wide_cm": 2.2}),
    ("html-print", 66, PLAIN, {"wide": "review", "overflow": "scroll", "wide_cm": 1.8}),
    ("html-print", 67, PLAIN, {"wide": "requests", "overflow": "scroll", "wide_cm": 2.6}),
]


def _spec_value(spec: dict, table: str, row: str, col: str):
    cells = spec["cells"][table][row]
    value = cells[spec["columns"][table].index(col)] if isinstance(cells, list) else cells[col]
    return value[1] if isinstance(value, list) else value


@pytest.mark.parametrize("job", WIDE_ANEW, ids=[f"{j[3]['wide']}-{j[3]['overflow']}" for j in WIDE_ANEW])
def test_browser_print_of_a_wide_table_reads_every_visible_cell(job, tmp_path):
    """Chromium cuts a table wider than the page at the text area's right edge (shrinking the page
    first when the table itself overflows it): every cell whole on the page is read, the cut
    columns are named in a `columns_clipped` warning, and a cut cell read anyway (its number
    whole on the page after all) is right."""
    make_pdf = _module("make_pdf")
    if make_pdf.chromium() is None:
        pytest.skip(CHROMIUM_REASON)
    [path] = make_pdf.render([job], tmp_path)
    spec = json.loads(path.with_suffix("").with_suffix(".spec.json").read_text("utf-8"))
    clipped = spec["pdf"]["clipped"]
    table = "review_litigation" if job[3]["wide"] == "review" else "requests"
    assert clipped[table], "the fixture's table is not cut: pick other widths"
    for engine in ("pdfium", "pdfplumber"):
        report = gkparse.parse(path, engine=engine)
        problems = cell_problems(report, spec)
        got = {(c.table, c.row, c.col): c.value for c in report.items}
        for key in problems.pop("extra", []):
            assert key[2] in clipped[key[0]][key[1]], (engine, key)
            assert got[key] == _spec_value(spec, *key), (engine, key)
        assert problems == {}, engine
        cut = [w for w in report.warnings if getattr(w, "code", None) == "columns_clipped" and w.row is None]
        assert [w.table for w in cut] == [table], engine
        assert report.failed_checks == [], engine


def _tool_or_skip(style: str) -> None:
    if style.startswith("docx-lo") and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip(LO_REASON)
    if style == "html-print" and importlib.util.find_spec("weasyprint") is None:
        pytest.skip(WEASY_REASON)


@pytest.mark.parametrize("job", ANEW, ids=[f"{j[0]}-{j[1]}" for j in ANEW])
def test_rendered_anew_parses_to_its_spec(job, tmp_path):
    _tool_or_skip(job[0])
    make_pdf = _module("make_pdf")
    [path] = make_pdf.render([job], tmp_path)
    spec = json.loads(path.with_suffix("").with_suffix(".spec.json").read_text("utf-8"))
    for engine in ("pdfium", "pdfplumber"):
        report = gkparse.parse(path, engine=engine)
        assert cell_problems(report, spec) == {}, engine
        assert (report.meta.year, report.meta.agency, report.meta.title) == (
            spec["year"], spec["agency"], spec["title"]), engine
        assert report.failed_checks == [], engine


@pytest.mark.parametrize("style", ["docx-lo-vertical", "html-print"])
def test_committed_fixture_renders_again(style, tmp_path):
    """make_pdf.py still makes the committed fixture: the same spec and layout (the PDF bytes and
    the pages may differ with another LibreOffice, WeasyPrint or font version)."""
    _tool_or_skip(style)
    make_pdf = _module("make_pdf")
    job = next(j for j in make_pdf.FIXTURES if j[0] == style)
    [path] = make_pdf.render([job], tmp_path)
    new = json.loads(path.with_suffix("").with_suffix(".spec.json").read_text("utf-8"))
    old = load_spec(path.stem)
    new["pdf"].pop("pages")
    old["pdf"].pop("pages")
    assert new == old


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber", "camelot"])
@pytest.mark.parametrize(
    "stem", ["docx-lo-vertical-701", "docx-lo-plain-702", "html-print-703", "docx-lo-plain-404"]
)
def test_printed_cells_carry_a_box_around_their_glyphs(stem, engine):
    """Every printed cell has its page box (PDF points, top-left origin), and the box holds the
    glyphs of its printed text (a wrapped number's lines too), as pdfplumber sees them."""
    import pdfplumber

    report = parsed(stem, engine)
    printed = [c for c in report.items if c.raw]
    assert printed and all(c.x0 is not None for c in printed)
    with pdfplumber.open(PDF / f"{stem}.pdf") as pdf:
        chars = {n: pdf.pages[n - 1].chars for n in {c.page for c in printed}}
        for c in printed:
            inside = "".join(
                ch["text"] for ch in chars[c.page]
                if c.x0 - 0.5 <= (ch["x0"] + ch["x1"]) / 2 <= c.x1 + 0.5
                and c.top - 0.5 <= (ch["top"] + ch["bottom"]) / 2 <= c.bottom + 0.5
            )
            assert inside.replace(" ", "") == c.raw.replace(" ", ""), (c, inside)
