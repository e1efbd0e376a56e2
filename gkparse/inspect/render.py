"""The inspect page as one self-contained HTML string (CSS and JS inline, page images as data URIs)."""

from __future__ import annotations

from html import escape

import regex

from gkparse.document import Line
from gkparse.inspect.collect import CellView, Flagged, View
from gkparse.inspect.pages import PageImage
from gkparse.models import ReportData
from gkparse.templates import templates

TABLES = {
    "documents": "二 主动公开：规章与规范性文件",
    "administrative_actions": "二 主动公开：许可、处罚、强制、收费",
    "requests": "三 收到和处理政府信息公开申请情况",
    "review_litigation": "四 行政复议、行政诉讼情况",
}
LEGEND = [
    ("read", "read as printed"),
    ("failed", "in a failed check"),
    ("solver", "split out of glued digits by the format's arithmetic"),
    ("ocr", "read by OCR"),
    ("ocr-low", "read by OCR with low confidence (kept: confirmed by a check)"),
    ("estimated", "blank cell: box drawn from its row and column"),
    ("flagged", "a row flagged or left out (see its warning)"),
]

CSS = """
body{font:14px/1.4 system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{padding:12px 20px;background:#fff;border-bottom:1px solid #d0d7de}
h1{font-size:18px;margin:0 0 4px}h2{font-size:16px;margin:16px 0 8px}
.meta{color:#57606a}.legend span{display:inline-block;margin:4px 12px 0 0}
.legend i{display:inline-block;width:14px;height:10px;margin-right:4px;vertical-align:middle;border:2px solid}
main{padding:12px 20px}
.page{display:flex;gap:20px;align-items:flex-start;margin-bottom:28px}
.sheet{position:relative;flex:0 0 auto;width:min(900px,62vw);box-shadow:0 1px 4px #0003;background:#fff}
.sheet img{display:block;width:100%;height:auto}
.box{position:absolute;box-sizing:border-box;border:1.5px solid #0969da;background:#0969da14}
.box:hover,.box.hl{background:#0969da40;z-index:5}
.box.failed{border:2.5px solid #d1242f;background:#d1242f24}
.box.solver{border-color:#8250df;background:#8250df24}
.box.ocr{border-color:#1a7f37;background:#1a7f3718}
.box.ocr-low{border-color:#bc4c00;background:#bc4c0030}
.box.estimated{border-style:dashed}
.row-flag{position:absolute;box-sizing:border-box;border:2px dotted #9a6700;
 background:repeating-linear-gradient(45deg,#d4a72c22 0 6px,#0000 6px 12px);pointer-events:none}
.box[data-tip]:hover::after{content:attr(data-tip);position:absolute;left:100%;top:0;z-index:10;
 white-space:pre;background:#1f2328;color:#fff;font-size:12px;padding:6px 8px;border-radius:4px;
 margin-left:6px}
.side{flex:1 1 auto;min-width:260px}
.side li{margin-bottom:6px}.failed-list li{color:#82071e}
table.read{border-collapse:collapse;margin-bottom:16px;background:#fff;font-size:13px}
table.read th,table.read td{border:1px solid #d0d7de;padding:2px 6px;text-align:right}
table.read th{background:#f6f8fa;font-weight:600}table.read th.row{text-align:left}
table.read td.failed{background:#ffebe9;color:#82071e;font-weight:600}
table.read td.solver{background:#fbefff}table.read td.ocr-low{background:#fff1e5}
table.read td.hl{outline:2px solid #0969da}
.source{background:#fff;border:1px solid #d0d7de;padding:8px 12px;white-space:pre-wrap;font-family:monospace}
.source .row-line{background:#ddf4ff}.source .label{font-weight:700}
.source .num{color:#0550ae;font-weight:700}
.cellref{border-bottom:1px dotted}.cellref.failed{color:#d1242f;font-weight:700}
.src.cellref{color:#0550ae;font-weight:700}.src.cellref.failed{color:#d1242f}
.src.hl{outline:2px solid #0969da}
"""

JS = """
(function(){
 function each(sel,f){document.querySelectorAll(sel).forEach(f)}
 function hl(key,on){each('[data-key="'+key+'"],[data-cell="'+key+'"]',
  function(e){e.classList.toggle('hl',on)})}
 each('[data-key],[data-cell]',function(e){var k=e.dataset.key||e.dataset.cell;
  e.addEventListener('mouseenter',function(){hl(k,true)});e.addEventListener('mouseleave',function(){hl(k,false)})});
 var boxes=document.querySelectorAll('[data-key]'),drawn=0;
 boxes.forEach(function(e){var r=e.getBoundingClientRect();if(r.width>0&&r.height>0)drawn++});
 var f=document.querySelector('.box.failed'),root=document.documentElement;
 root.dataset.drawn=drawn;
 if(f)root.dataset.failedBorder=getComputedStyle(f).borderTopColor;
})();
"""


def _pct(value: float, whole: float) -> str:
    return f"{100 * value / whole:.3f}%"


def _style(box: tuple[float, float, float, float], page: PageImage, pad: float = 1.0) -> str:
    x0, top, x1, bottom = box
    x0, top, x1, bottom = x0 - pad, top - pad, x1 + pad, bottom + pad
    return (f"left:{_pct(x0, page.width)};top:{_pct(top, page.height)};"
            f"width:{_pct(x1 - x0, page.width)};height:{_pct(bottom - top, page.height)}")


def _classes(v: CellView) -> str:
    return " ".join(["box", v.kind, *(["estimated"] if v.estimated else [])])


def _box_div(v: CellView, page: PageImage) -> str:
    tip = escape(v.tip(), quote=True)
    return (f'<div class="{_classes(v)}" data-key="{escape(v.key)}" style="{_style(v.box, page)}" '
            f'title="{tip}" data-tip="{tip}"></div>')


def _flag_div(f: Flagged, page: PageImage) -> str:
    return (f'<div class="row-flag" data-flag="{escape(f.table)}.{escape(f.row)}" '
            f'style="{_style(f.box, page, 3.0)}" title="{escape(f.message, quote=True)}"></div>')


def _failed_list(view: View, failed=None) -> str:
    failed = view.failed if failed is None else failed
    if not failed:
        return "<p>No check failed.</p>"
    items = []
    for check, keys in failed:
        refs = " ".join(f'<code>{escape(".".join(k))}</code>' for k in keys)
        items.append(f"<li><b>{escape(check.rule)}</b>: expected {check.expected}, actual {check.actual} "
                     f"— {escape(check.message)}<br><small>cells: {refs}</small></li>")
    return f'<ul class="failed-list">{"".join(items)}</ul>'


def _flag_list(flags: list[Flagged], notes: list[str] = ()) -> str:
    items = [f'<li data-flagged="{escape(f.table)}.{escape(f.row)}"><b>{escape(f.code)}</b>: '
             f"{escape(f.message)}</li>" for f in flags]
    items += [f"<li>{escape(n)}</li>" for n in notes]
    return f"<ul>{''.join(items)}</ul>" if items else "<p>None.</p>"


def _turned(page: PageImage) -> str:
    if not page.angle:
        return ""
    return f"<p>Read by OCR: shown turned back by {page.angle:.2f}°, as OCR read it.</p>"


def _page_section(number: int, page: PageImage, view: View) -> str:
    cells = [v for v in view.cells if v.box is not None and v.cell.page == number]
    flags = [f for f in view.flagged if f.box is not None and f.page == number]
    drawn = "".join(_box_div(v, page) for v in cells) + "".join(_flag_div(f, page) for f in flags)
    failed = sum(1 for v in cells if v.kind == "failed")
    here = {v.key for v in cells}
    checks = [(c, keys) for c, keys in view.failed if any(".".join(k) in here for k in keys)]
    return (
        f'<section class="page" data-page="{number}"><div class="sheet" style="aspect-ratio:{page.width:.2f}/'
        f'{page.height:.2f}"><img alt="page {number}" src="{page.data_uri}">{drawn}</div>'
        f'<div class="side"><h2>Page {number}</h2>{_turned(page)}'
        f"<p>{len(cells)} cells outlined, {failed} in a failed check.</p>"
        f"<h2>Failed checks on this page</h2>{_failed_list(view, checks)}"
        f"<h2>Rows flagged on this page</h2>{_flag_list(flags)}</div></section>"
    )


def _tables(view: View, fmt: str | None, keyed: set[str] = frozenset()) -> str:
    """The four tables as read; the cells in `keyed` carry data-key (drawn nowhere else)."""
    t = templates()
    out = []
    for table, title in TABLES.items():
        mine = {(v.cell.row, v.cell.col): v for v in view.cells if v.cell.table == table}
        if not mine:
            continue
        rows = [r for r in t.rows_of(table) if any(k[0] == r.key for k in mine)]
        cols = [c for c in t.columns_of(table, None) if any(k[1] == c.key for k in mine)]
        extra_rows = [k[0] for k in mine if k[0] not in {r.key for r in rows}]
        row_keys = [(r.key, r.label) for r in rows] + [(k, k) for k in dict.fromkeys(extra_rows)]
        head = "".join(f'<th title="{escape(c.key)}">{escape(c.labels[0])}</th>' for c in cols)
        body = []
        for key, label in row_keys:
            tds = []
            for c in cols:
                v = mine.get((key, c.key))
                if v is None:
                    tds.append("<td></td>")
                    continue
                attr = "data-key" if v.key in keyed else "data-cell"
                shown = "" if v.cell.value is None else escape(v.cell.raw or str(v.cell.value))
                tds.append(f'<td class="{v.kind}" {attr}="{escape(v.key)}" '
                           f'title="{escape(v.tip(), quote=True)}">{shown}</td>')
            body.append(f'<tr><th class="row" title="{escape(key)}">{escape(label)}</th>{"".join(tds)}</tr>')
        out.append(f'<h2>{escape(title)}</h2><table class="read" data-table="{table}">'
                   f'<tr><th></th>{head}</tr>{"".join(body)}</table>')
    return "".join(out)


NUMBER = regex.compile(r"(?<![\p{L}\d])[-—–]?\d[\d,，.]*")


def _source_cells(line: Line, placed: dict[tuple[int, int], CellView]) -> str:
    """A source table row, cell by cell; a cell that was read is its data-key element."""
    out = []
    for text, where in zip(line.cells, line.positions, strict=True):
        v = placed.get(where)
        if v is None:
            out.append(f'<span class="src" data-src="{where[0]}.{where[1]}">{escape(text)}</span>')
        else:
            out.append(f'<span class="src cellref {v.kind}" data-key="{escape(v.key)}" data-src="{where[0]}.'
                       f'{where[1]}" title="{escape(v.tip(), quote=True)}">{escape(text) or "∅"}</span>')
    return '<span class="row-line">' + " │ ".join(out) + "</span>"


def _source_text(lines: list[Line], view: View) -> tuple[str, set[str]]:
    """The source's lines, and the keys of the cells shown in them. A table row of an HTML or DOCX
    source shows each read cell where it is (source_row, source_col); in other lines a row's label
    is bold and its numbers coloured (the match is by label, as the tables' readers match rows)."""
    t = templates()
    labels = sorted({lab for table in TABLES for r in t.rows_of(table) for lab in r.labels if len(lab) >= 2},
                    key=len, reverse=True)
    placed = {(v.cell.source_row, v.cell.source_col): v for v in view.cells
              if v.cell.source_row is not None and v.cell.source_col is not None}
    shown: set[str] = set()
    out = []
    for line in lines:
        if line.positions:
            out.append(_source_cells(line, placed))
            shown |= {placed[w].key for w in line.positions if w in placed}
            continue
        line = line.text
        hit = next((lab for lab in labels if lab in line), None)
        if hit is None:
            out.append(escape(line))
            continue
        before, _, after = line.partition(hit)
        if not NUMBER.search(after) and not regex.search(r"[/—–-]", after):
            out.append(escape(line))  # a header line naming a column: no row of numbers
            continue
        after = NUMBER.sub(lambda m: f'<span class="num">{m.group(0)}</span>', escape(after))
        out.append(f'<span class="row-line">{escape(before)}<span class="label">{escape(hit)}</span>'
                   f"{after}</span>")
    return '<div class="source">' + "\n".join(out) + "</div>", shown


def render(report: ReportData, view: View, pages: dict[int, PageImage], lines: list[Line] | None) -> str:
    m, s = report.meta, report.source
    legend = "".join(f'<span class="{k}"><i class="legend-{k}"></i>{escape(text)}</span>'
                     for k, text in LEGEND)
    drawn = {n for n in view.pages() if n in pages}
    boxed = [v for v in view.cells if v.box is not None and v.cell.page in drawn]
    unplaced = [v for v in view.cells if v not in boxed]
    body = [_page_section(n, pages[n], view) for n in sorted(drawn)]
    side = [f"<h2>Failed checks</h2>{_failed_list(view)}",
            "<h2>Rows flagged or left out</h2>" + _flag_list(
                [f for f in view.flagged if f.box is None or f.page not in drawn], view.notes)]
    if pages and unplaced:
        refs = " ".join(f'<span class="cellref {v.kind}" data-key="{escape(v.key)}" '
                        f'title="{escape(v.tip(), quote=True)}">{escape(v.key)}</span>' for v in unplaced)
        side.append(f"<h2>Cells read without a box on a page</h2><p>{refs}</p>")
    shown: set[str] = set()
    if lines is not None:
        text, shown = _source_text(lines, view)
        side.append(f"<h2>Source text</h2>{text}")
    # a cell drawn nowhere else (no page, no place in the source) carries its data-key in the tables
    keyed = set() if pages else {v.key for v in view.cells} - shown
    title = escape(m.title or s.path or "report")
    outlined = f", {len(boxed)} outlined on {len(drawn)} pages" if pages else ""
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>gkparse inspect: {title}</title>
<style>{CSS}{_legend_css()}</style></head>
<body><header><h1>{title}</h1>
<div class="meta">{escape(m.agency or '?')} · {m.year or '?'} · format {m.format or '?'} · {escape(s.kind)}
 ({escape(s.reader)}) · {len(report.items)} cells read{outlined} · {len(view.failed)} failed checks ·
 {len(report.warnings)} warnings · status
 {escape(report.status)}</div>
<div class="legend">{legend}</div></header>
<main>{''.join(body)}<section class="report-side">{''.join(side)}</section>
<section class="tables"><h2>The tables as read</h2>{_tables(view, m.format, keyed)}</section></main>
<script>{JS}</script></body></html>
"""


def _legend_css() -> str:
    colours = {"read": "#0969da", "failed": "#d1242f", "solver": "#8250df", "ocr": "#1a7f37",
               "ocr-low": "#bc4c00", "estimated": "#0969da", "flagged": "#9a6700"}
    dashed = {"estimated": "dashed", "flagged": "dotted"}
    return "".join(f".legend-{k}{{border-color:{c}!important;"
                   f"border-style:{dashed.get(k, 'solid')}!important}}" for k, c in colours.items())


def summary_html(report: ReportData, view: View) -> str:
    """A compact view for a notebook: the counts, the failed checks and the four tables as read."""
    m = report.meta
    tables = _tables(view, m.format)
    css = "".join(line for line in CSS.splitlines() if line.startswith("table.read"))  # no page-wide rules
    return (f'<div class="gkparse-report"><style>{css}</style>'
            f'<b>{escape(m.agency or "?")} {m.year or "?"}</b> '
            f"format {m.format or '?'}: {len(report.items)} cells, {len(view.failed)} failed checks, "
            f"{len(report.warnings)} warnings (status {escape(report.status)}). "
            f"<code>report.inspect('report.html')</code> draws every cell on its page."
            f"<h2>Failed checks</h2>{_failed_list(view)}{tables}</div>")
