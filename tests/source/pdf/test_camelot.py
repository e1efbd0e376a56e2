"""The camelot PDF engine (optional extra `gkparse[camelot]`): the 洪泽 PDFs against their goldens,
grids with spanning cells, and a clear error when camelot is not installed.

Tests that run camelot skip, with a reason, when it is not installed. The PDFs with a grid are
built here, in memory; the real reports are read in place from the shared corpus.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

import gkparse
from gkparse.errors import InputError, NoTextLayerError
from gkparse.source import pdf as pdf_module
from gkparse.source.pdf import camelot as pdf_camelot
from gkparse.source.pdf import pdf_to_document
from gkparse.source.pdf.camelot import Grid, grid_rows, owners, read_pages_camelot
from gkparse.source.pdf.layout import Glyph
from gkparse.source.pdf.plumber import read_pages_plumber
from tests.conftest import assert_cells_match_golden, cell_map, corpus_file, load_golden
from tests.source.pdf.conftest import CATALOG, LINES, PUA_CMAP, REPORTS, make_pdf, stream_object, text_pdf

SKIP_REASON = "camelot-py not installed (optional extra: pip install 'gkparse[camelot]')"


@pytest.fixture(scope="module")
def engine() -> Iterator[str]:
    """The engine name, registered in pdf.ENGINES for these tests if gkparse.source.pdf does not yet."""
    pytest.importorskip("camelot", reason=SKIP_REASON)
    with pytest.MonkeyPatch.context() as mp:
        if "camelot" not in pdf_module.ENGINES:
            mp.setitem(pdf_module.ENGINES, "camelot", read_pages_camelot)
        yield "camelot"


@pytest.fixture(scope="module")
def parsed(engine) -> dict[str, gkparse.Report]:
    return {stem: gkparse.parse(corpus_file(f"{stem}.pdf"), engine=engine) for stem in REPORTS}


# --- the real PDFs ----------------------------------------------------------------------------


@pytest.mark.parametrize("stem", REPORTS)
def test_cells_match_golden(parsed, stem):
    assert_cells_match_golden(parsed[stem].items, stem)


@pytest.mark.parametrize("stem", REPORTS)
def test_meta_checks_and_source_match_golden(parsed, stem):
    report = parsed[stem]
    golden = load_golden(stem)
    assert report.meta.agency == golden["meta"]["agency"]
    assert report.meta.year == golden["meta"]["year"]
    assert report.meta.format == golden["meta"]["format"]
    assert sorted(c.rule for c in report.checks if not c.ok) == sorted(golden["expected_failed_checks"])
    assert [s.heading for s in report.sections] == [s["heading"] for s in golden["sections"]]
    source = report.source
    assert (source.kind, source.text_layer, source.pages, source.reader) == ("pdf", "ok", 5, "pdf:camelot")


@pytest.mark.parametrize("stem", REPORTS)
def test_same_cells_and_warnings_as_the_default_engine(parsed, stem):
    default = gkparse.parse(corpus_file(f"{stem}.pdf"))
    assert cell_map(parsed[stem].items) == cell_map(default.items)
    assert parsed[stem].warnings == default.warnings


@pytest.mark.parametrize("stem", REPORTS)
def test_table_rows_are_grid_rows_with_spans_once(engine, stem):
    doc, layer = pdf_to_document(corpus_file(f"{stem}.pdf").read_bytes(), stem, engine)
    assert layer == "ok" and doc.reader == "pdf:camelot"
    rows = [line.cells for line in doc.lines if line.separated]
    # the vertical rowspan label is joined and appears once, in the first row it spans
    first = next(r for r in rows if r[:2] == ("三、本年度办理结果", "（一）予以公开"))
    assert len(first) == 9
    assert sum("三、本年度办理结果" in c for r in rows for c in r) == 1
    assert not any(c in "本年度办理结果" for r in rows for c in r if c)
    # wrapped labels and headers are one cell; a row-spanning group label starts its first row
    assert ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他") in rows
    assert any(r[:2] == ("（三）不予公开", "1.属于国家秘密") for r in rows)
    assert any(r[0] == "5.要求行政机关确认或重新出具已获取信息" for r in rows)
    assert any(r[:2] == ("行政复议", "") or r[:2] == ("行政复议", "行政诉讼") for r in rows)
    # the table that goes on over a page break: its first row on page 4 keeps the grid's blanks
    page4 = next(line for line in doc.lines if line.separated and line.page == 4)
    assert page4.cells[:2] == ("", "")
    # prose stays prose, page numbers are furniture
    assert not any(line.separated for line in doc.lines if line.text.startswith(("一、总体情况", "五、")))
    assert not any(line.text.replace(" ", "") in {f"-{n}-" for n in range(1, 6)} for line in doc.lines)


# --- synthetic grids --------------------------------------------------------------------------

# A 4 × 4 grid, x 60…460, y 700…580 (PDF points, origin bottom left):
#   | Header (2 columns)  | A     | B  |
#   | Group (2 rows) | Alpha | 12    | 34 |
#   |                | Beta  | 56    |    |
#   | Total          | x     | 68    | 34 |
_RULES = [
    b"60 700 m 460 700 l S", b"60 670 m 460 670 l S", b"160 640 m 460 640 l S",
    b"60 610 m 460 610 l S", b"60 580 m 460 580 l S",
    b"60 700 m 60 580 l S", b"160 670 m 160 580 l S", b"260 700 m 260 580 l S",
    b"360 700 m 360 580 l S", b"460 700 m 460 580 l S",
]  # fmt: skip
_TEXT = [
    (65, 680, b"Header"), (265, 680, b"A"), (365, 680, b"B"),
    (65, 636, b"Group"), (165, 650, b"Alpha"), (265, 650, b"12"), (365, 650, b"34"),
    (165, 620, b"Beta"), (265, 620, b"56"),
    (65, 590, b"Total"), (165, 590, b"x"), (265, 590, b"68"), (365, 590, b"34"),
]  # fmt: skip
GRID_ROWS = [
    ("Header", "A", "B"),
    ("Group", "Alpha", "12", "34"),
    ("Beta", "56", ""),
    ("Total", "x", "68", "34"),
]


def _page_pdf(content: bytes) -> bytes:
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return make_pdf([*CATALOG, page, font, stream_object(content)])


def _grid_pdf(fake_bold: bool = False, watermark: bool = False) -> bytes:
    def text(x: float, y: float, s: bytes) -> bytes:
        out = b"BT /F1 10 Tf %.1f %.1f Td (%s) Tj ET" % (x, y, s)
        if fake_bold:  # WPS: every glyph drawn again 0.4 pt to the right
            out += b" BT /F1 10 Tf %.1f %.1f Td (%s) Tj ET" % (x + 0.4, y + 0.2, s)
        return out

    ops = [text(60, 760, b"Prose above the table"), b"0.5 w", *_RULES]
    ops += [text(x, y, s) for x, y, s in _TEXT]
    ops.append(text(60, 540, b"Prose below the table"))
    if watermark:  # at 45 degrees, across the grid
        ops.append(b"BT /F1 40 Tf 0.7 0.7 -0.7 0.7 150 590 Tm (DRAFT COPY) Tj ET")
    return _page_pdf(b"\n".join(ops))


@pytest.mark.parametrize(
    ("options", "warnings"),
    [
        ({}, []),
        ({"fake_bold": True}, []),
        ({"watermark": True}, ["pdf: page 1: 10 characters at an angle (watermark?) left out"]),
    ],
)
def test_grid_rows_with_spanning_cells(engine, options, warnings):
    """A spanning cell appears once, in its first grid cell; a blank cell is "". Cell text
    comes from the deduplicated glyphs (camelot's own would read fake bold 12 as 1212) with
    watermark characters left out (camelot's own puts their letters into cells)."""
    pages, got_warnings = read_pages_camelot(_grid_pdf(**options), "grid.pdf")
    assert [(line.cells, line.separated) for line in pages[0]] == [
        (("Prose above the table",), False),
        *[(row, True) for row in GRID_ROWS],
        (("Prose below the table",), False),
    ]
    assert {line.page for line in pages[0]} == {1}
    assert got_warnings == warnings


def test_a_frame_around_text_is_read_as_prose(engine):
    """A single-column "table" (a box with a title bar, drawn around a paragraph) is not a
    data table: its lines are read as prose."""
    import camelot

    ops = [b"0.5 w", b"50 600 400 150 re S", b"50 730 m 450 730 l S"]
    ops += [b"BT /F1 10 Tf 60 %d Td (Boxed line %d) Tj ET" % (735 - 20 * i, i) for i in range(6)]
    data = _page_pdf(b"\n".join(ops))
    assert [t.shape for t in camelot.read_pdf(data, **pdf_camelot.CAMELOT_OPTIONS)] == [(2, 1)]
    pages, _ = read_pages_camelot(data, "frame.pdf")
    assert [(line.cells, line.separated) for line in pages[0]] == [
        ((f"Boxed line {i}",), False) for i in range(6)
    ]


def test_camelot_failure_reads_the_page_without_grid(engine, monkeypatch):
    import camelot

    def broken(*args, **kwargs):
        raise RuntimeError("lattice exploded")

    monkeypatch.setattr(camelot, "read_pdf", broken)
    data = _grid_pdf()
    pages, warnings = read_pages_camelot(data, "grid.pdf")
    plain, _ = read_pages_plumber(data, "grid.pdf")
    assert pages == plain
    assert warnings == [
        "pdf: page 1: camelot could not find its tables (RuntimeError: lattice exploded);"
        " read without the table grid"
    ]


def test_garbled_text_layer_is_refused_by_the_reader_too(engine):
    # every glyph maps to a private-use code point; the reader checks, whatever the probe said
    with pytest.raises(NoTextLayerError):
        read_pages_camelot(text_pdf(LINES, to_unicode=PUA_CMAP), "garbled.pdf")


# --- without camelot (these run whether or not it is installed) ------------------------------


def test_missing_camelot_names_the_install_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "camelot", None)  # `import camelot` raises ImportError
    if "camelot" not in pdf_module.ENGINES:
        monkeypatch.setitem(pdf_module.ENGINES, "camelot", read_pages_camelot)
    assert not pdf_camelot.available()
    path = tmp_path / "grid.pdf"
    path.write_bytes(_grid_pdf())
    with pytest.raises(InputError) as info:
        gkparse.parse(path, engine="camelot")
    assert info.value.reason == (
        "PDF engine 'camelot' needs camelot-py, which is not installed (pip install 'gkparse[camelot]')"
    )
    assert str(info.value) == f"{path}: {info.value.reason}"


def test_owners_follow_missing_rulings_left_then_up():
    # row 0: cells 0 and 1 joined (no ruling left of cell 1); column 0: rows 1 and 2 joined
    left = [[True, False, True], [True, True, True], [True, True, True]]
    top = [[True, True, True], [True, True, True], [False, True, True]]
    assert owners(left, top) == [
        [(0, 0), (0, 0), (0, 2)],
        [(1, 0), (1, 1), (1, 2)],
        [(1, 0), (2, 1), (2, 2)],
    ]


def test_grid_rows_join_vertical_and_wrapped_text():
    def glyph(ch: str, x: float, top: float) -> Glyph:
        return Glyph(ch, x, x + 9, top, top + 9, 9)

    # two grid rows, a label column spanning both, drawn one glyph under the other
    grid = Grid(xs=(0, 20, 100), ys=(0, 30, 60), owner=(((0, 0), (0, 1)), ((0, 0), (1, 1))))
    vertical = [glyph(ch, 5, 5 + 9 * i) for i, ch in enumerate("三、本年")]
    wrapped = [glyph("商", 25, 5), glyph("业", 34, 5), glyph("企", 25, 16), glyph("业", 34, 16)]
    number = [glyph("7", 25, 40)]
    assert grid_rows(grid, [*vertical, *wrapped, *number]) == [("三、本年", "商业企业"), ("7",)]
    assert grid_rows(grid, []) == []


def test_a_broken_camelot_install_is_an_input_error_too(monkeypatch):
    def broken():
        raise ImportError("libGL.so.1: cannot open shared object file")

    monkeypatch.setattr(pdf_camelot, "_import_camelot", broken)
    assert not pdf_camelot.available()
    with pytest.raises(InputError) as info:
        read_pages_camelot(_grid_pdf(), "grid.pdf")
    assert info.value.reason == (
        "PDF engine 'camelot': camelot-py cannot be loaded"
        " (ImportError: libGL.so.1: cannot open shared object file)"
    )
