"""Renderers of two pdftotext shapes, for the round-trip tests (specs from tests/fixture_render.py).

`layout_blanks`: `pdftotext -layout` text of a table whose blank cells print nothing. It copies
what pdftotext really does (see the 洪泽 PDFs and fixtures/pdf): every glyph takes one character
column, CJK included, so a number sits at the character index its x-position maps to, whatever
the width of the label before it; each page has a grid of its own (another column spacing and
origin); numbers line up by their left edge, centre or right edge; a number is off by one column
now and then (its glyphs are narrower than the grid's cell), and a whole line may shift by one;
a number that would overlap the text before it is pushed right, one space after it, as
pdftotext does. Blank kinds: blank 0s, blank 总计 cells, rows printed all blank.

`column_major`: default `pdftotext` (no -layout) output of a table: each table cell a block of
its own, written column by column (all labels, then each number column top to bottom, the
blank cells skipped), headers after their columns.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any

from tests import fixture_render as fr

LAYOUT_CAPS = fr.Caps(blank=True, lead_blank=False, fragments=False)
# fixture_render features that make sense in pdftotext -layout output of a borderless table
LAYOUT_FEATURES = (
    "typos",
    "wraps",
    "missing",
    "groups",
    "label_variants",
    "number_variants",
    "page_breaks",
    "label_spaces",
    "marker_space",
)


def blank_spec(rng: random.Random, fmt: str, seed: int, kinds: dict[str, bool] | None = None) -> fr.Spec:
    """A spec with blank cells of several kinds (fixture_render's generator, then more blanks)."""
    on = {name: rng.random() < 0.4 for name in LAYOUT_FEATURES}
    features = fr.Features(nulls=True, **on)
    spec = fr.make_spec(
        rng, features, LAYOUT_CAPS, fmt=fmt, seed=seed, avoid=frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
    )
    kinds = kinds or {"zeros": True, "totals": rng.random() < 0.5, "rows": rng.random() < 0.5}
    values = spec.values
    # rows whose cells must all print (fixture_render's `keep`): glued, or printed without labels
    # under their group, or on their group's line
    t = fr.templates()
    keep = set(spec.glued)
    for group, style in spec.group_style.items():
        if style in ("unlabelled", "numbers"):
            keep |= {fr._k("requests", c) for c in t.req_row(group).children}
    for key, (value, raw) in list(values.items()):  # a mirror's "? " junk is not in PDF text
        values[key] = [value, raw.lstrip("?？\u00a0 ")]
    density = rng.choice((0.3, 0.6, 0.9))
    for key, (value, _raw) in list(values.items()):
        table, row, col = key.split("|")
        if table != "requests" or key.rsplit("|", 1)[0] in keep:
            continue
        if kinds["zeros"] and value == 0 and col != "total" and rng.random() < density:
            values[key] = [None, ""]
        if kinds["totals"] and col == "total" and rng.random() < 0.25:
            values[key] = [None, ""]  # a 总计 left blank (its row's parts may be non-zero)
    if kinds["rows"]:
        rows = {
            k.split("|")[1] for k in values if k.startswith("requests|") and k.rsplit("|", 1)[0] not in keep
        }
        for row in rows:
            cells = [k for k in values if k.startswith(f"requests|{row}|")]
            if all(values[k][0] in (0, None) for k in cells) and rng.random() < 0.7:
                for k in cells:
                    values[k] = [None, ""]
    for key, (_value, raw) in list(values.items()):  # section 二: a few blank cells too
        if (
            key.startswith(("documents|", "administrative_actions|"))
            and key.rsplit("|", 1)[0] not in keep
            and rng.random() < 0.15
        ):
            values[key] = [None, ""]
        elif key.startswith("review_litigation|") and raw == "":
            values[key] = [0, "0"]  # 四 stays printed (its 15 numbers have no labels to place by)
    return spec


# --------------------------------------------------------------------------------------------
# pdftotext -layout with blank cells
# --------------------------------------------------------------------------------------------


@dataclass
class Grid:
    """One page's character grid for one table: where each number column's anchor sits."""

    start: int  # first number column's anchor (character index)
    step: int  # characters between column anchors
    align: str  # left | centre | right
    jitter: float  # chance that a number is off by one column
    shift: float  # chance that a whole line is off by one column

    def anchors(self, n: int, step_factor: int = 1) -> list[int]:
        return [self.start + i * self.step * step_factor for i in range(n)]


def new_grid(rng: random.Random, align: str) -> Grid:
    return Grid(
        rng.randint(34, 60), rng.randint(5, 11), align, rng.choice((0.0, 0.1, 0.25)), rng.choice((0.0, 0.1))
    )


def place(text_parts: list[tuple[int, str]]) -> str:
    """Items at character positions; an item that would touch the one before it is pushed right
    to one space after it (pdftotext never overprints)."""
    out = ""
    for at, text in text_parts:
        if out and at <= len(out):
            at = len(out) + 1
        out += " " * (at - len(out)) + text
    return out.rstrip()


def number_parts(
    values: list[str], anchors: list[int], grid: Grid, rng: random.Random
) -> list[tuple[int, str]]:
    shift = rng.choice((-1, 1)) if rng.random() < grid.shift else 0
    parts = []
    for value, anchor in zip(values, anchors, strict=True):
        if value == "":
            continue
        n = len(value)
        at = {"left": anchor, "centre": anchor - n // 2, "right": anchor - n}[grid.align]
        if rng.random() < grid.jitter:
            at += rng.choice((-1, 1))
        parts.append((max(0, at + shift), value))
    return parts


def layout_lines(ln: fr.Line, indent: int, grid: Grid, anchors: list[int], rng: random.Random) -> list[str]:
    head = [(indent, "  ".join([*ln.lead, ""]).strip())] if ln.lead else []
    label_at = indent + (sum(len(x) + 2 for x in ln.lead) if ln.lead else 0)
    label = fr._glue(ln) if ln.glued else ln.label
    if ln.glued:
        return [place([*head, (label_at, label)])]
    nums = number_parts(ln.values, anchors, grid, rng) if ln.values else []
    if ln.wrap is None:
        return [place([*head, (label_at, label), *nums])]
    split, mode = ln.wrap
    first, second = label[:split], label[split:]
    if mode == "after":
        return [place([*head, (label_at, first), *nums]), place([(label_at, second)])]
    if mode == "before":
        return [place([*head, (label_at, first)]), place([(label_at, second), *nums])]
    return [place([*head, (label_at, first)]), place([(label_at, second)]), place(nums)]


def header_lines(
    first: str, texts: list[str], anchors: list[int], step: int, rng: random.Random
) -> list[str]:
    """Column headers centred over their columns, wrapped to the column's width (a CJK glyph is
    two grid columns wide on the page but one in the text, so a header word fits in half its
    page width), stacked over as many lines as the longest needs."""
    room = max(2, step - 2)
    chunks = [[x[i : i + room] for i in range(0, len(x), room)] for x in texts]
    lines = []
    for n in range(max(len(c) for c in chunks)):
        words = [(rng.randint(4, 8), first)] if n == 0 else []
        words += [
            (max(0, a - len(c[n]) // 2), c[n]) for a, c in zip(anchors, chunks, strict=True) if n < len(c)
        ]
        lines.append(place(words))
    return [*lines, ""]


def render_layout_blanks(spec: fr.Spec, rng: random.Random) -> str:
    t = fr.templates()
    align = rng.choice(("left", "centre", "right"))
    page = [1]

    def breaker() -> list[str]:
        page[0] += 1
        return ["", " " * 40 + fr.page_footer(spec, page[0] - 1), "\f"]

    two: list[str] = []
    grid = new_grid(rng, align)
    widest = max(len(cols) for _, _, cols in fr.active_blocks(spec.format))
    anchors: list[int] = []
    for ln in fr.active_lines(spec):
        if ln.page_break:
            two += breaker()
            grid = new_grid(rng, align)
        if ln.kind == "title":
            two += ["", " " * rng.randint(10, 30) + ln.label, ""]
        elif ln.kind == "header":
            n = len(ln.headers) - 1
            factor = widest // n if widest % n == 0 else 1
            anchors = grid.anchors(n, factor)
            two += header_lines(
                ln.headers[0][0], [h for h, _ in ln.headers[1:]], anchors, grid.step * factor, rng
            )
        else:
            two += layout_lines(ln, 0, grid, anchors, rng)
    grid = new_grid(rng, align)
    grid.start = max(grid.start, 44)
    cols = [c.labels[0] for c in t.req_cols]
    anchors = grid.anchors(len(cols))

    def header() -> list[str]:
        return [
            place([(anchors[3], t.req_header[1])]),
            place([(anchors[2], t.req_header[2])]),
            t.req_header[0][:20],
            t.req_header[0][20:],
            place([(a - 1, c[:2]) for a, c in zip(anchors, cols, strict=True)]),
            place([(a - 1, c[2:4]) for a, c in zip(anchors, cols, strict=True) if c[2:4]]),
            "",
        ]

    three = header()
    for ln in fr.requests_lines(spec):
        if ln.page_break:
            three += breaker()
            grid = new_grid(rng, align)
            grid.start = max(grid.start, 44)
            anchors = grid.anchors(len(cols))
            if spec.repeat_header:
                three += header()
        if ln.kind in ("fragment", "results"):
            three.append(" " + ln.label)
            continue
        indent = (0, rng.randint(10, 14), rng.randint(18, 22))[ln.col]
        three += layout_lines(ln, indent, grid, anchors, rng)
        if rng.random() < 0.5:
            three.append("")
    four = [*fr.layout_review_header(rng), "    ".join(fr.review_values(spec))]
    tables = {"active_disclosure": two, "requests": three, "review_litigation": four}
    p = fr.prose(spec)
    out = [" " * rng.randint(6, 14) + fr.title(spec), ""]
    out += fr.wrap_prose(p["intro"], rng, "   ")
    for key, heading in t.sections:
        out += ["   " + heading]
        out += fr.wrap_prose(p[key], rng, "   ")
        if key in tables:
            out += tables[key] + [""]
    out += ["", " " * 40 + fr.page_footer(spec, page[0])]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------------------------
# default pdftotext: column by column
# --------------------------------------------------------------------------------------------


def column_major_spec(rng: random.Random, fmt: str, seed: int) -> fr.Spec:
    on = {name: rng.random() < 0.3 for name in ("label_variants", "number_variants", "typos", "missing")}
    spec = fr.make_spec(
        rng,
        fr.Features(nulls=True, **on),
        LAYOUT_CAPS,
        fmt=fmt,
        seed=seed,
        avoid=frozenset(fr.LEFT_OUT_AS_AMBIGUOUS),
    )
    return spec


def _blocks(cells: list[str]) -> str:
    return "\n\n".join(c for c in cells if c != "")


def _column_major(rows: list[fr.Line], width: int, headers: list[str] | None = None) -> list[str]:
    """Labels top to bottom, then each column's numbers top to bottom (blank cells skipped),
    each column's header after its numbers."""
    out = [x for ln in rows for x in [*ln.lead, ln.label] if x]
    for c in range(width):
        out.extend(v for ln in rows for v in ln.values[c : c + 1] if v)
        if headers and c < len(headers):
            out.append(headers[c])
    return out


def _bands(rows: list[fr.Line], rng: random.Random) -> list[list[fr.Line]]:
    """Rows in bands that pdftotext reads as one block each (a band of one row reads row by
    row, as 洪泽 2023 prints 行政处罚 4119 行政强制 195)."""
    out: list[list[fr.Line]] = []
    while sum(map(len, out)) < len(rows):
        start = sum(map(len, out))
        out.append(rows[start : start + rng.choice((1, 2, 3, 5, 8, 30))])
    return out


def render_column_major(spec: fr.Spec, rng: random.Random) -> str:
    """Default pdftotext text: each table (or band of rows) column by column. Section 二 is one
    table, or a table per 第二十条 block; section 三 comes in bands of rows."""
    t = fr.templates()
    two: list[str] = []
    lines = fr.active_lines(spec)
    blocks: list[list[fr.Line]] = []
    for ln in lines:
        if ln.kind == "title":
            blocks.append([])
        blocks[-1].append(ln)
    if rng.random() < 0.5:  # one table: the label column of every block, then the number columns
        two += [b[0].label for b in blocks]
        rows = [ln for b in blocks for ln in b if ln.kind == "data"]
        width = max(len(r.values) for r in rows)
        heads = [text for b in blocks for ln in b if ln.kind == "header" for text, _ in ln.headers]
        two += _column_major(rows, width) + heads
    else:
        for block in blocks:
            header = next((ln for ln in block if ln.kind == "header"), None)
            rows = [ln for ln in block if ln.kind == "data"]
            texts = [text for text, _ in header.headers] if header else []
            two += [block[0].label, *texts[:1]]
            for band in _bands(rows, rng):
                two += _column_major(band, max(len(r.values) for r in band), texts[1:])
    cols = [c.labels[0] for c in t.req_cols]
    three = [t.req_header[1], t.req_header[0], t.req_header[2], *cols[:-1]]
    rows = [ln for ln in fr.requests_lines(spec) if ln.kind in ("data", "group")]
    for band in _bands(rows, rng):
        three += _column_major(band, len(cols))
    three.append(cols[-1])
    four = fr.web_review_cells() + fr.review_values(spec)
    tables = {
        "active_disclosure": [_blocks(two)],
        "requests": [_blocks(three)],
        "review_litigation": [_blocks(four)],
    }
    return "\n".join(fr.document(spec, tables, ""))


RENDERERS = {"layout_blanks": render_layout_blanks, "column_major": render_column_major}


def render(spec: fr.Spec, shape: str, seed: int | None = None) -> str:
    return RENDERERS[shape](spec, random.Random(spec.seed if seed is None else seed))


# --------------------------------------------------------------------------------------------
# Outcome: wrong cells, and cells left out without a warning that names them
# --------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    printed: int  # cells the text prints (blank ones included)
    read: int  # of them, read right
    wrong: list[str]  # a value in a wrong cell, or a cell the text does not have
    unnamed: list[str]  # left out, with no warning naming its row or table


def outcome(report: Any, spec: fr.Spec) -> Outcome:
    exp = fr.expected(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    wrong, unnamed, read = [], [], 0
    for key, (value, raw) in exp.cells.items():
        cell = got.get(key)
        if cell is None:
            if not named(report.warnings, key):
                unnamed.append(f"{key} (printed {raw!r}) left out, not named in a warning")
            continue
        if not fr.same(cell.value, value) or (value is None and cell.raw != raw):
            wrong.append(f"{key}: got {cell.value!r} ({cell.raw!r}), printed {raw!r} → {value!r}")
        else:
            read += 1
    for key in got.keys() - exp.cells.keys():
        wrong.append(f"unexpected cell {key} = {got[key].value!r}")
    return Outcome(len(exp.cells), read, wrong, unnamed)


def named(warnings: list[str], key: tuple[str, str, str]) -> bool:
    table, row, _col = key
    # a blank （六）其他处理 of 2021 may be the group label of its three rows: those are named
    tail = r"(?![\w])" if row == "other" else r"(?![\w.])"
    row_named = re.compile(rf"(?<![\w.]){re.escape(row)}{tail}")
    table_named = re.compile(rf"^{re.escape(table)}: .*table left out")
    return any(row_named.search(w) or table_named.search(w) for w in warnings)


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    printed = sum(o.printed for o in outcomes)
    read = sum(o.read for o in outcomes)
    return {
        "reports": len(outcomes),
        "printed": printed,
        "read": read,
        "recall": read / printed if printed else 0,
        "wrong": sum(len(o.wrong) for o in outcomes),
        "unnamed": sum(len(o.unnamed) for o in outcomes),
    }


def main() -> None:
    """Recall per shape on generated reports: `python -m tests.render_layout --reports 1000`."""
    import argparse

    import gkparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--first-seed", type=int, default=0)
    args = ap.parse_args()
    kinds = {
        "layout_blanks": None,
        "layout_blanks (blank 0s only)": {"zeros": True, "totals": False, "rows": False},
        "layout_blanks (blank 总计 too)": {"zeros": True, "totals": True, "rows": False},
        "layout_blanks (rows all blank too)": {"zeros": True, "totals": False, "rows": True},
        "column_major": None,
    }
    for name, kind in kinds.items():
        shape = name.split(" ")[0]
        outcomes = []
        for seed in range(args.first_seed, args.first_seed + args.reports):
            rng = random.Random(seed)
            fmt = rng.choice(("2019", "2021"))
            if shape == "column_major":
                spec = column_major_spec(rng, fmt, seed)
            else:
                spec = blank_spec(rng, fmt, seed, kind)
            outcomes.append(outcome(gkparse.parse(render(spec, shape)), spec))
        s = summary(outcomes)
        print(
            f"{name}: {s['reports']} reports, {s['read']:,}/{s['printed']:,} cells read "
            f"({s['recall']:.1%}), {s['wrong']} wrong, {s['unnamed']} left out unnamed"
        )


if __name__ == "__main__":
    main()
