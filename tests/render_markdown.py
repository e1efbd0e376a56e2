"""A report spec (tests/fixture_render.py) written as the Markdown that PDF converters emit.

Each table is first laid out as the grid the PDF prints (cells with their column, colspan and
rowspan); a style then writes that grid the way one converter does:

* ``mineru``: `#` headings, every table an HTML `<table>` with rowspan/colspan;
* ``marker``: `##` headings, pipe tables with the real header row; a merged cell's text in its
  first cell, the cells it spans empty; `<br>` inside cells, `**bold**`, escapes;
* ``placeholder``: pipe tables split into blocks where the PDF had a page break, each block with
  an invented header row (`| 类别 | 数据1 | … | 总计 |`, `| Column1 | … |`, empty cells, the
  column numbers, or no header at all: its first row promoted), the real header rows kept below;
* ``docling``: padded pipe tables whose merged cells repeat their text in every cell they span.

Nothing here decides what a parse must return: that is fixture_render.expected(spec).
"""

from __future__ import annotations

import html
import random
import re
from dataclasses import dataclass, replace

from tests import fixture_render as fr

STYLES = ("mineru", "marker", "placeholder", "docling")
CAPS = fr.Caps(blank=True, lead_blank=True, fragments=False)


@dataclass
class GridCell:
    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1
    wrap: int | None = None  # a line break inside the cell at this position


@dataclass
class Grid:
    width: int
    rows: list[list[GridCell]]
    header_rows: int  # how many of the first rows are the table's header
    breaks: list[int]  # rows that start a new page

    def origin_rows(self) -> list[list[GridCell]]:
        return self.rows


# ----------------------------------------------------------------------------- the printed grids


def _wrapped(ln: fr.Line) -> GridCell:
    cell = GridCell(ln.label, 0)
    if ln.wrap is not None:
        cell.wrap = ln.wrap[0]
    return cell


def active_grid(spec: fr.Spec) -> Grid:
    """Section 二: one table of 第二十条 blocks, 信息内容 + the widest block's columns."""
    lines = fr.active_lines(spec)
    width = 1 + max(len(cols) for _, _, cols in fr.active_blocks(spec.format))
    rows: list[list[GridCell]] = []
    breaks = []
    for ln in lines:
        if ln.page_break:
            breaks.append(len(rows))
        if ln.kind == "title":
            rows.append([GridCell(ln.label, 0, width)])
        elif ln.kind == "header":
            row, col = [], 0
            for text, span in ln.headers:
                key = fr._col_of(spec, text)
                cell = GridCell(text, col, span)
                if key in spec.header_wraps:
                    cell.wrap = spec.header_wraps[key]
                row.append(cell)
                col += span
            rows.append(row)
        elif ln.glued:
            rows.append([GridCell(fr._glue(ln), 0)])
        else:
            label = _wrapped(ln)
            rows.append([label, *[GridCell(v, 1 + i * ln.vspan, ln.vspan) for i, v in enumerate(ln.values)]])
    return Grid(width, rows, 0, breaks)


def requests_grid(spec: fr.Spec) -> Grid:
    """Section 三: 3 label columns and 7 number columns under a 3-row header; rowspan labels
    (三、本年度办理结果, a group label printed inline) span the rows they head."""
    t = fr.templates()
    cols = [c.labels[0] for c in t.req_cols]
    rows: list[list[GridCell]] = [
        [GridCell(t.req_header[0], 0, 3, 3), GridCell(t.req_header[1], 3, 7)],
        [GridCell(cols[0], 3, 1, 2), GridCell(t.req_header[2], 4, 5), GridCell(cols[-1], 9, 1, 2)],
        [GridCell(c, 4 + i) for i, c in enumerate(cols[1:-1])],
    ]
    breaks = []
    open_leads: list[tuple[GridCell, int]] = []  # rowspan cells still growing, with their column
    for ln in fr.requests_lines(spec):
        if ln.kind in ("fragment", "results"):
            continue
        if ln.page_break:
            breaks.append(len(rows))
        start = 3 - ln.span - len(ln.lead)
        row = [GridCell(text, start + i, 1) for i, text in enumerate(ln.lead)]
        label = _wrapped(ln) if not ln.glued else GridCell(fr._glue(ln), 0)
        label.col, label.colspan = 3 - ln.span, ln.span
        row.append(label)
        if not ln.glued and ln.values:
            row += [GridCell(v, 3 + i) for i, v in enumerate(ln.values)]
        first = min(c.col for c in row)
        # rows whose label columns left of `first` are empty belong to the open rowspan cells
        open_leads = [(cell, col) for cell, col in open_leads if col < first]
        for cell, _col in open_leads:
            cell.rowspan += 1
        open_leads += [(cell, cell.col) for cell in row[: len(ln.lead)]]
        rows.append(row)
    return Grid(10, rows, 3, breaks)


def review_grid(spec: fr.Spec) -> Grid:
    t = fr.templates()
    groups = [g.labels[0] for g in t.review_groups]
    rcols = [c.labels[0] for c in t.review_cols]
    rows = [
        [GridCell(groups[0], 0, 5), GridCell(t.litigation, 5, 10)],
        [
            *[GridCell(c, i, 1, 2) for i, c in enumerate(rcols)],
            GridCell(groups[1], 5, 5),
            GridCell(groups[2], 10, 5),
        ],
        [GridCell(c, 5 + i) for i, c in enumerate(rcols + rcols)],
        [GridCell(v, i) for i, v in enumerate(fr.review_values(spec))],
    ]
    return Grid(15, rows, 3, [])


def grids(spec: fr.Spec) -> dict[str, Grid]:
    return {
        "active_disclosure": active_grid(spec),
        "requests": requests_grid(spec),
        "review_litigation": review_grid(spec),
    }


# ----------------------------------------------------------------------------- writing a grid


def _cell_text(cell: GridCell, brk: str, escape: bool = True) -> str:
    text = cell.text
    if cell.wrap is not None:
        text = text[: cell.wrap] + brk + text[cell.wrap :]
    if escape:
        text = text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
    return text


LABEL = re.compile(r"[\u4e00-\u9fff]{2}")  # a label: two Han characters


def dress(text: str, rng: random.Random) -> str:
    """What converters do to a cell's text now and then: **bold** labels, “” as entities,
    a leading - or + escaped."""
    if not text:
        return text
    if LABEL.search(text) and not re.search(r"\d", text) and rng.random() < 0.1:  # labels only
        text = f"**{text}**"
    if "“" in text and rng.random() < 0.5:
        text = text.replace("“", "&ldquo;").replace("”", "&rdquo;")
    if text[0] in "-+" and rng.random() < 0.5:
        text = "\\" + text
    return text


def expand(grid: Grid, brk: str, repeat: bool, rng: random.Random | None = None) -> list[list[str]]:
    """The full grid: a spanned position holds its cell's text (`repeat`, docling) or ""."""
    full = [[""] * grid.width for _ in grid.rows]
    for r, row in enumerate(grid.rows):
        for cell in row:
            text = _cell_text(cell, brk)
            text = dress(text, rng) if rng else text
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr < len(full) and cell.col + dc < grid.width and (repeat or not (dr or dc)):
                        full[r + dr][cell.col + dc] = text
    return full


def pipe_row(cells: list[str], rng: random.Random, pad: bool = False) -> str:
    if pad:
        return "| " + " | ".join(c.ljust(6) for c in cells) + " |"
    if rng.random() < 0.5:
        return "| " + " | ".join(cells) + " |"
    return "|" + "|".join(cells) + "|"


def separator(width: int, rng: random.Random) -> str:
    kinds = ("---", ":---:", ":---", "---:", "-----")
    kind = rng.choice(kinds)
    return "|" + "|".join(kind if rng.random() < 0.8 else rng.choice(kinds) for _ in range(width)) + "|"


def pipe_table(
    rows: list[list[str]], rng: random.Random, header: list[str] | None = None, pad: bool = False
) -> list[str]:
    """A pipe table: `header` above the separator (else the first row), then the rows."""
    width = len(rows[0]) if rows else len(header or [])
    if header is None:
        header, rows = rows[0], rows[1:]
    return [pipe_row(header, rng, pad), separator(width, rng), *[pipe_row(r, rng, pad) for r in rows]]


def html_table(grid: Grid, rng: random.Random) -> list[str]:
    out = ["<table>"]
    for row in grid.rows:
        tds = []
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            text = html.escape(_cell_text(cell, "<br>", escape=False)).replace("&lt;br&gt;", "<br>")
            if not text and rng.random() < 0.3:
                text = "&nbsp;"
            tds.append(f"<td{attrs}>{text}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return ["".join(out)] if rng.random() < 0.7 else out


PLACEHOLDERS = ("category", "column", "empty", "numbers", "none")


def placeholder_header(kind: str, width: int) -> list[str] | None:
    if kind == "category":
        return ["类别", *[f"数据{i}" for i in range(1, width - 1)], "总计"]
    if kind == "column":
        return [f"Column{i}" for i in range(1, width + 1)]
    if kind == "empty":
        return [""] * width
    if kind == "numbers":
        return [str(i) for i in range(1, width + 1)]
    return None  # the block's first row becomes the header


def split_tables(grid: Grid, rng: random.Random, repeat_header: bool) -> list[str]:
    """The grid in blocks cut at its page breaks (and, now and then, at a random row), each
    block a table with an invented header; a repeated real header after a break, sometimes."""
    full = expand(grid, "<br>", repeat=False, rng=rng)
    # a page may break before any labelled row (not inside a group printed without row labels)
    labelled = [r for r in range(grid.header_rows + 1, len(full)) if any(c.text for c in grid.rows[r][:1])]
    cuts = {b for b in grid.breaks if 0 < b < len(full)}
    if labelled and rng.random() < 0.5:
        cuts.add(rng.choice(labelled))
    cuts = sorted(cuts)
    out: list[str] = []
    starts = [0, *cuts]
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(full)
        rows = full[start:end]
        if k and repeat_header and grid.header_rows:
            rows = full[: grid.header_rows] + rows
        header = placeholder_header(rng.choice(PLACEHOLDERS), grid.width)
        out += [*pipe_table(rows, rng, header), ""]
        if k + 1 < len(starts) and rng.random() < 0.5:
            out += [rng.choice(("- 3 -", "<!-- page break -->", "")), ""]
    return out


def write_table(grid: Grid, style: str, rng: random.Random, spec: fr.Spec) -> list[str]:
    if style == "mineru":
        return html_table(grid, rng)
    if style == "marker":
        return pipe_table(expand(grid, rng.choice(("<br>", "<br/>", " ")), repeat=False, rng=rng), rng)
    if style == "docling":
        return pipe_table(expand(grid, " ", repeat=True), rng, pad=True)
    return split_tables(grid, rng, spec.repeat_header)


# ----------------------------------------------------------------------------- the document


def heading(text: str, style: str, level: int, rng: random.Random) -> str:
    if style == "mineru":
        return "# " + text
    if style == "marker" and rng.random() < 0.2:
        return f"**{text}**"
    return "#" * level + " " + text


def render_markdown(spec: fr.Spec, style: str, seed: int | None = None) -> str:
    rng = random.Random(spec.seed if seed is None else seed)
    spec = fr._web_groups(spec)  # a converter reads the table: vertical text is one cell
    tables = {key: write_table(grid, style, rng, spec) for key, grid in grids(spec).items()}
    p = fr.prose(spec)
    out = [heading(fr.title(spec), style, 1, rng), ""]
    out += [p["intro"], ""]
    for key, head in fr.templates().sections:
        out += [heading(head, style, 2, rng), ""]
        for para in p[key].split("\n"):
            if para.startswith("（") and style != "mineru" and rng.random() < 0.5:
                para = rng.choice(("- ", "* ", "")) + f"**{para[:6]}**" + para[6:]
            out += [para, ""]
        if key in tables:
            out += tables[key] + [""] + [n for n in fr.note(spec)] + [""]
    text = "\n".join(out) + "\n"
    if spec.nfkc:
        import unicodedata

        text = unicodedata.normalize("NFKC", text)
    return text


def features(f: fr.Features) -> fr.Features:
    """What a converter's Markdown can show: no vertical-text debris, no pinyin glosses, no
    de-duplicated headers (those are crawlers' and PDF text layers' habits)."""
    return replace(f, vertical=False, pinyin=False, dedup_headers=False)
