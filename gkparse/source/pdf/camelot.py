"""PDF page reader built on camelot's lattice parser: table grids → rows of cells.

An optional engine (`pip install 'gkparse[camelot]'`), chosen with `engine="camelot"`.
camelot finds the ruled tables of each page (lattice: the grid lines of the page rendered by
pdfium, plus the PDF's vector lines; no Ghostscript or poppler). It gives the grid only: the
text comes from the same glyphs as the default engine's (`gkparse.source.pdf`), with fake bold
deduplicated and unmapped or diagonal (watermark) characters left out. camelot's own cell text
has neither fix: WPS fake bold reads `1212` for `12`, and a watermark's letters land in cells.

* Each grid row → one `Line(cells, page, separated=True)`, as the HTML and DOCX readers emit
  table rows. A cell spanning columns or rows appears once, in its first (top-left) grid cell,
  with all its text; the grid cells it covers are left out (camelot's `copy_text` is never
  used). A blank cell is "". Text broken over lines in a cell is joined (商业\\n企业 →
  商业企业; vertical text 三\\n、\\n本… → 三、本…).
* Every glyph outside the tables → lines, by the default engine's glyph → line code, placed
  before, between or after the tables by vertical position.

A "table" with a single column or a prose-sized cell is a frame drawn around text, not a data
table: its text is read as lines. A page camelot cannot read is read without grid, as the
default engine reads it, with a warning. Page numbers and running heads are dropped later by
`drop_page_furniture`, as for every PDF engine.
"""

from __future__ import annotations

import bisect
import tempfile
import warnings as pywarnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex

from gkparse.document import Line
from gkparse.errors import InputError
from gkparse.source.html import LAYOUT_CELL_CHARS, clean_text
from gkparse.source.pdf.layout import Glyph, Rule, glyphs_to_lines
from gkparse.source.pdf.plumber import read_pages_plumber
from gkparse.source.pdf.probe import short_error

INSTALL_HINT = "pip install 'gkparse[camelot]'"
MISSING_REASON = f"PDF engine 'camelot' needs camelot-py, which is not installed ({INSTALL_HINT})"
BBOX_TOLERANCE = 1.0  # points: a glyph whose centre is this close to a table is in the table
# camelot.read_pdf options: lattice on pdfium only (no Ghostscript/poppler fallback)
CAMELOT_OPTIONS: dict[str, Any] = {
    "flavor": "lattice",
    "backend": "pdfium",
    "use_fallback": False,
    "suppress_stdout": True,
}
CJK = r"\p{Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK_GAP = regex.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


def _import_camelot():
    """The camelot module, or None when it is not installed. A camelot that is installed
    but fails to import (a broken dependency) raises ImportError."""
    try:
        import camelot
    except ModuleNotFoundError as e:
        if e.name == "camelot":
            return None
        raise
    return camelot


def available() -> bool:
    """Is camelot installed, so that engine="camelot" can run?"""
    try:
        return _import_camelot() is not None
    except ImportError:
        return False


def _require_camelot(name: str):
    try:
        camelot = _import_camelot()
    except ImportError as e:
        reason = f"PDF engine 'camelot': camelot-py cannot be loaded ({short_error(e)})"
        raise InputError(name, reason) from None
    if camelot is None:
        raise InputError(name, MISSING_REASON)
    return camelot


# ---------------------------------------------------------------------------------------------
# the grid of one table


@dataclass(frozen=True)
class Grid:
    """A table's grid in top-down page coordinates (points).

    `xs` are the column borders left to right, `ys` the row borders top to bottom; `owner`
    maps every grid cell (row, column) to the grid cell where the (spanning) cell it belongs
    to starts, its top-left one.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    owner: tuple[tuple[tuple[int, int], ...], ...]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def locate(self, g: Glyph) -> tuple[int, int] | None:
        """The grid cell holding a glyph's centre, or None when it is outside the table."""
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        x0, top, x1, bottom = self.box
        t = BBOX_TOLERANCE
        if not (x0 - t <= cx <= x1 + t and top - t <= cy <= bottom + t):
            return None
        col = min(max(bisect.bisect_right(self.xs, cx) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect.bisect_right(self.ys, cy) - 1, 0), len(self.ys) - 2)
        return row, col


def owners(left: Sequence[Sequence[bool]], top: Sequence[Sequence[bool]]) -> list[list[tuple[int, int]]]:
    """For each grid cell, the top-left grid cell of the cell it belongs to: go left while
    there is no ruling on the left, then up while there is none on top (camelot's own rule
    for placing a spanning cell's text, `shift_text=['l', 't']`)."""
    grid = []
    for r, row in enumerate(left):
        out = []
        for c in range(len(row)):
            rr, cc = r, c
            while cc > 0 and not left[rr][cc]:
                cc -= 1
            while rr > 0 and not top[rr][cc]:
                rr -= 1
            out.append((rr, cc))
        grid.append(out)
    return grid


def grid_from_camelot(table: Any) -> Grid:
    """A camelot Table (PDF coordinates, origin bottom left) → Grid."""
    height = table.pdf_size[1]
    xs = (*(c[0] for c in table.cols), table.cols[-1][1])
    ys = (*(height - r[0] for r in table.rows), height - table.rows[-1][1])
    left = [[cell.left for cell in row] for row in table.cells]
    top = [[cell.top for cell in row] for row in table.cells]
    return Grid(xs, ys, tuple(tuple(row) for row in owners(left, top)))


# ---------------------------------------------------------------------------------------------
# glyphs → rows of cells


def cell_text(glyphs: Sequence[Glyph]) -> str:
    """A cell's glyphs → its text: lines joined, white space collapsed, and no gap left
    between two Chinese characters or punctuation marks (a wrapped label, vertical text)."""
    if not glyphs:
        return ""
    parts = [cell for line in glyphs_to_lines(glyphs, None) for cell in line.cells]
    if len(parts) > 1 and all(p.replace(",", "").replace(".", "").isdigit() for p in parts):
        return "".join(parts)  # a number wrapped in a narrow cell: `13` over `24` is 1324
    return CJK_GAP.sub("", clean_text(" ".join(parts)))


def grid_rows(grid: Grid, glyphs: Sequence[Glyph]) -> list[tuple[str, ...]]:
    """The rows of a table from the glyphs inside it: each (spanning) cell once, in its
    top-left grid cell; blank cells as ""; rows with no text at all left out."""
    return [cells for cells, _ in grid_rows_boxed(grid, glyphs)]


Box = tuple[float, float, float, float]


def _glyph_box(glyphs: Sequence[Glyph]) -> Box | None:
    """The box (x0, top, x1, bottom) of a cell's glyphs, the cells' page boxes; None when blank."""
    inked = [g for g in glyphs if g.text.strip()]
    if not inked:
        return None
    return (min(g.x0 for g in inked), min(g.top for g in inked),
            max(g.x1 for g in inked), max(g.bottom for g in inked))


def grid_rows_boxed(
    grid: Grid, glyphs: Sequence[Glyph]
) -> list[tuple[tuple[str, ...], tuple[Box | None, ...]]]:
    """grid_rows, with each cell's glyph box beside its text."""
    inside: dict[tuple[int, int], list[Glyph]] = {}
    for g in glyphs:
        where = grid.locate(g)
        if where is not None:
            inside.setdefault(grid.owner[where[0]][where[1]], []).append(g)
    rows = []
    for r, row in enumerate(grid.owner):
        owned = [inside.get((r, c), ()) for c, own in enumerate(row) if own == (r, c)]
        cells = tuple(cell_text(g) for g in owned)
        if any(cells):
            boxes = tuple(_glyph_box(g) if text else None for g, text in zip(owned, cells, strict=True))
            rows.append((cells, boxes))
    return rows


def is_data_table(rows: Sequence[Sequence[str]]) -> bool:
    """At least two cells in some row and no prose-sized cell, as for HTML tables; the
    others are frames drawn around text."""
    return max((len(r) for r in rows), default=0) >= 2 and not any(
        len(c) > LAYOUT_CELL_CHARS for r in rows for c in r
    )


def page_lines(
    glyphs: Sequence[Glyph], grids: Sequence[Grid], page: int, rules: Sequence[Rule] = ()
) -> list[Line]:
    """One page → its lines in reading order: table rows, and the other glyphs as lines.

    The data tables (top-down) cut the page into bands; a glyph outside them goes to the
    band before the first table whose vertical middle is below the glyph's centre.
    """
    tables: list[tuple[Grid, list]] = []
    outside = list(glyphs)
    for grid in sorted(grids, key=lambda gr: gr.ys[0]):
        rows = grid_rows_boxed(grid, outside)
        if is_data_table([cells for cells, _ in rows]):
            tables.append((grid, rows))
            outside = [g for g in outside if grid.locate(g) is None]
    bands: list[list[Glyph]] = [[] for _ in range(len(tables) + 1)]
    middles = [(grid.ys[0] + grid.ys[-1]) / 2 for grid, _ in tables]
    for g in outside:
        centre = (g.top + g.bottom) / 2
        bands[sum(1 for m in middles if m < centre)].append(g)
    lines = glyphs_to_lines(bands[0], page, rules)
    for (_, rows), band in zip(tables, bands[1:], strict=True):
        lines += [Line(row, page, True, boxes=boxes) for row, boxes in rows]
        lines += glyphs_to_lines(band, page, rules)
    return lines


# ---------------------------------------------------------------------------------------------
# the engine


def camelot_grids(
    data: bytes, n_pages: int, name: str = "<bytes>"
) -> tuple[dict[int, list[Grid]], list[str]]:
    """camelot lattice on every page → grids by page number. When the whole run fails, each
    page is tried alone; a page that still fails has no grids, and a warning says so."""
    camelot = _require_camelot(name)
    warnings: list[str] = []
    with tempfile.TemporaryDirectory(prefix="gkparse-camelot-") as tmp:
        path = Path(tmp) / "input.pdf"  # camelot reads files; one copy for every call
        path.write_bytes(data)

        def read(pages: str) -> dict[int, list[Grid]]:
            with pywarnings.catch_warnings():
                pywarnings.simplefilter("ignore")  # "No tables found on page-N" and the like
                tables = camelot.read_pdf(str(path), pages=pages, **CAMELOT_OPTIONS)
            by_page: dict[int, list[Grid]] = {}
            for table in tables:
                by_page.setdefault(int(table.page), []).append(grid_from_camelot(table))
            return by_page

        try:
            return read("all"), warnings
        except Exception:
            pass
        grids: dict[int, list[Grid]] = {}
        for number in range(1, n_pages + 1):
            try:
                grids.update(read(str(number)))
            except Exception as e:
                warnings.append(
                    f"pdf: page {number}: camelot could not find its tables ({short_error(e)});"
                    " read without the table grid"
                )
    return grids, warnings


def read_pages_camelot(data: bytes, name: str) -> tuple[list[list[Line]], list[str]]:
    """PDF bytes → (lines of each page, warnings): the signature of the page readers in
    `gkparse.source.pdf.ENGINES`. InputError when camelot is not installed.

    camelot finds the grids; the glyphs come from the shared pdfplumber reader."""
    _require_camelot(name)
    grids: dict[int, list[Grid]] = {}
    grid_warnings: list[str] = []

    def find_grids(n: int) -> None:
        found, warned = camelot_grids(data, n, name)
        grids.update(found)
        grid_warnings.extend(warned)

    def clip_grids(number: int, visible: tuple[float, float, float, float] | None) -> None:
        # a grid running past the page's visible area (a table wider than the page) holds cells
        # whose glyphs are cut away: its rows would read them as blank. Without it, the page's
        # lines carry their positions, and the table readers place the visible columns.
        if visible is not None and number in grids:
            left, _, right, _ = visible
            grids[number] = [g for g in grids[number] if g.xs[0] >= left - 1.0 and g.xs[-1] <= right + 1.0]

    pages, warnings = read_pages_plumber(
        data,
        name,
        layout=lambda glyphs, number, rules: page_lines(glyphs, grids.get(number, []), number, rules),
        pages_ready=find_grids,
        page_area=clip_grids,
    )
    return pages, grid_warnings + warnings
