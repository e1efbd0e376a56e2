"""Read Markdown written by PDF converters (MinerU, marker, docling, pandoc, online tools).

Prose lines lose their Markdown (`#` headings, `**bold**`, list bullets, links, escapes,
entities, inline HTML) and become one Line each, as plain text would. Tables:

* an embedded HTML `<table>` (MinerU) is read by the HTML reader's table code, so rowspan and
  colspan cells appear once, as on a web page;
* a pipe table is a grid: cell k of every row is column k. Its separator rows (`|---|:---:|`)
  and a header row of placeholders (`| Column1 | Column2 |`, `| 1 | 2 | 3 |`, all empty) are
  dropped; any other header row (the real one, a wrong one, a data row promoted to header) is
  read as a row, so labels still anchor the rows. A data row gives the aligner its label
  cells, then every cell right of the table's label columns, blank or not (`numbers_from`):
  a blank cell in a column where some row prints a number is a blank number, never the
  filler of a label spanning label columns (see number_span). Tables of the same width that
  follow each other within a section (one table split at a page break) are one grid.
* docling repeats a merged cell's text in every cell it spans: a label repeated in adjacent
  cells is read once, and a number repeated over a run of columns that the nearest header row
  above shows as one merged cell is that one cell.
"""

from __future__ import annotations

import html as htmllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex

from gkparse.document import Document, Line, _furniture, drop_page_furniture, split_cells
from gkparse.normalize.text import has_traditional, to_simplified
from gkparse.normalize.values import clean, is_value
from gkparse.templates import templates

SEPARATOR_CELL = regex.compile(r"^\s*:?-{3,}:?\s*$")
ATX = regex.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
ATX_CLOSE = regex.compile(r"\s+#+\s*$")
RULE = regex.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)\s*$")
BULLET = regex.compile(r"^\s*[-*+]\s+")
QUOTE = regex.compile(r"^\s*(?:>\s?)+")
FENCE = regex.compile(r"^\s*(?:```|~~~)")
ESCAPE = regex.compile(r"\\([!-/:-@\[-`{-~])")
IMAGE = regex.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = regex.compile(r"\[([^\]]*)\]\([^)]*\)")
EMPHASIS = regex.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
CODE = regex.compile(r"`+([^`]*)`+")
BREAK = regex.compile(r"(?i)<br\s*/?>")
TAG = regex.compile(r"</?[a-zA-Z][^<>]*>")
COMMENT = regex.compile(r"(?s)<!--.*?-->")
TABLE_OPEN = regex.compile(r"(?i)<table\b")
TABLE_CLOSE = regex.compile(r"(?i)</table\s*>")
MARKUP = regex.compile(r"[*_`\[\]!<>&\uE000-\uE01F]")
WHITESPACE = regex.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
HAN_GAP = regex.compile(r"(?<=\p{Han}) (?=\p{Han})")
# Header cells a converter invents when it does not read the table's own header.
# `| 类别 | 数据1 | … | 数据6 | 总计 |`: numbered placeholders, and maybe a 类别 and a 总计 beside them.
NUMBERED = regex.compile(r"(?i)^(?:column|col|unnamed:?|field|列|数据|字段)\s*\d+$")
BESIDE = {"", "类别", "项目", "总计", "合计"}
# Placeholders for escaped characters while the markup around them is removed.
PROTECT = {ch: chr(0xE000 + i) for i, ch in enumerate("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")}
RESTORE = {v: k for k, v in PROTECT.items()}

# Markdown is sniffed only where nothing else writes it: a pipe-table separator row, or
# several ATX headings (plain report text has neither).
SNIFF_SEPARATOR = regex.compile(
    rb"(?m)^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*\r?$"
    rb"|^[ \t]*\|[ \t]*:?-{3,}:?[ \t]*\|[ \t]*\r?$"
)
SNIFF_ATX = regex.compile(rb"(?m)^#{1,6}[ \t]+\S")
SNIFF_BYTES = 256 * 1024
MIN_ATX = 2


def looks_markdown(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    if SNIFF_SEPARATOR.search(head):
        return True
    return len(SNIFF_ATX.findall(head)) >= MIN_ATX


# ----------------------------------------------------------------------------- inline text


def _protect(text: str) -> str:
    return ESCAPE.sub(lambda m: PROTECT.get(m.group(1), m.group(1)), text)


def _restore(text: str) -> str:
    return "".join(RESTORE.get(ch, ch) for ch in text)


def inline(text: str, cell: bool) -> str:
    """Markdown inline markup → text; `text` has its escapes protected. In a cell a `<br>`
    joins (商业<br>企业 is 商业企业); in prose it is kept as a line break."""
    if not MARKUP.search(text):
        if not cell:
            return text
        return HAN_GAP.sub("", WHITESPACE.sub(" ", text).strip())
    text = COMMENT.sub("", text)
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    text = CODE.sub(r"\1", text)
    for _ in range(2):
        text = EMPHASIS.sub(r"\2", text)
    text = BREAK.sub(" " if cell else "\n", text)
    text = TAG.sub("", text)
    text = _restore(text)
    text = htmllib.unescape(text)
    if cell:
        text = WHITESPACE.sub(" ", text).strip()
        return HAN_GAP.sub("", text)
    return text


def prose_line(raw: str) -> str | None:
    """A Markdown line of prose → its text; None for lines that hold no text."""
    if RULE.match(raw):
        return None  # a rule, or a setext heading's underline (the line above is the heading)
    if any(p.match(raw.strip()) for p in _furniture()[0]):
        return None  # "- 3 -" is a page number, not a list item "3 -"
    text = QUOTE.sub("", raw)
    if ATX.match(text):
        text = ATX_CLOSE.sub("", ATX.sub("", text, count=1))
    text = BULLET.sub("", text, count=1)
    return inline(_protect(text), cell=False)


# ----------------------------------------------------------------------------- blocks


@dataclass
class Block:
    kind: Literal["line", "table", "html"]
    text: str = ""  # a line of prose
    rows: list[list[str]] = field(default_factory=list)  # a pipe table, padded to its width
    lines: list[Line] = field(default_factory=list)  # an HTML table, as the HTML reader reads it


def split_row(raw: str) -> list[str]:
    """A pipe-table row → its cells (escapes protected, so `\\|` is not a boundary)."""
    text = _protect(raw.strip())
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [inline(c, cell=True) for c in text.split("|")]


def is_separator(cells: Sequence[str]) -> bool:
    return bool(cells) and all(SEPARATOR_CELL.match(c) for c in cells)


def is_placeholder_header(cells: Sequence[str]) -> bool:
    """A header row the converter invented: placeholders only, or the numbers 0/1 … n."""
    stripped = [c.strip() for c in cells]
    if all(NUMBERED.match(c) or c in BESIDE for c in stripped) and (
        any(NUMBERED.match(c) for c in stripped) or not any(stripped)
    ):
        return True
    if len(stripped) >= 2 and all(c.isdigit() for c in stripped):
        start = int(stripped[0])
        return start in (0, 1) and stripped == [str(start + i) for i in range(len(stripped))]
    return False


def _table_rows(raw_rows: list[str]) -> list[list[str]]:
    """The rows of one pipe-table block; a header row (the one above a separator) of
    placeholders is dropped, other header rows are read as rows."""
    rows = [split_row(r) for r in raw_rows]
    kept: list[list[str]] = []
    for index, cells in enumerate(rows):
        if is_separator(cells):
            continue
        header = index + 1 < len(rows) and is_separator(rows[index + 1])
        if header and is_placeholder_header(cells):
            continue
        kept.append(cells)
    width = max((len(r) for r in kept), default=0)
    return [r + [""] * (width - len(r)) for r in kept]


def _html_block(lines: list[str], start: int, at: int) -> tuple[str, int]:
    """The HTML from `<table` (at column `at` of line `start`) to the line closing it."""
    depth = 0
    end = start
    for end in range(start, len(lines)):
        depth += len(TABLE_OPEN.findall(lines[end])) - len(TABLE_CLOSE.findall(lines[end]))
        if depth <= 0:
            break
    return "\n".join([lines[start][at:], *lines[start + 1 : end + 1]]), end + 1


def _is_pipe_row(raw: str) -> bool:
    return raw.lstrip().startswith("|")


def _is_gfm_header(lines: list[str], index: int) -> bool:
    """A table written without outer pipes: `a | b` above `--- | ---`."""
    return (
        "|" in lines[index]
        and index + 1 < len(lines)
        and "|" in lines[index + 1]
        and is_separator(split_row(lines[index + 1]))
    )


def blocks(text: str) -> Iterator[Block]:
    """Prose lines, pipe tables and embedded HTML tables, in document order."""
    from gkparse.source.html import fragment_lines

    lines = text.splitlines()
    index = 0
    fenced = False
    while index < len(lines):
        raw = lines[index]
        if FENCE.match(raw):
            fenced = not fenced
            index += 1
            continue
        opening = None if fenced else TABLE_OPEN.search(raw)
        if opening:
            if raw[: opening.start()].strip():
                yield Block("line", raw[: opening.start()])
            markup, index = _html_block(lines, index, opening.start())
            yield Block("html", lines=fragment_lines(markup))
            continue
        if not fenced and (_is_pipe_row(raw) or _is_gfm_header(lines, index)):
            start = index
            index += 1
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                index += 1
            yield Block("table", rows=_table_rows(lines[start:index]))
            continue
        yield Block("line", raw)
        index += 1


# ----------------------------------------------------------------------------- pipe tables → lines


def _filled(cell: str) -> bool:
    return bool(clean(cell))


def _number(cell: str) -> bool:
    return _filled(cell) and is_value(cell)


def _text(cell: str) -> bool:
    return _filled(cell) and not is_value(cell)


def _once(cells: Sequence[str]) -> list[str]:
    """Filled cells, a run of equal adjacent cells once (docling repeats a merged cell)."""
    out: list[str] = []
    for cell in cells:
        if _filled(cell) and (not out or out[-1] != cell):
            out.append(cell)
    return out


def number_span(tables: Sequence[list[list[str]]]) -> tuple[int, int] | None:
    """Where the numbers of these tables' rows may begin: right of every column that holds a
    label before a number in some row (`lo`), and at the latest in the first column that holds
    a number (`hi`). None when no row prints a number.

    A column between the two is blank in every row: a label column or a number column that no
    row fills. A labelled row keeps it (a blank after the label: the aligner fits the row or
    leaves it out); a row with no label (section 四's numbers, rows printed without labels
    under a group label) starts at `hi` in a table that has labels, and at 0 in one that has
    none. A blank cell from there on is a blank number, never a label's filler."""
    lo, hi = 0, None
    for rows in tables:
        for row in rows:
            at = next((k for k, cell in enumerate(row) if _number(cell)), None)
            if at is None:
                continue
            hi = at if hi is None else min(hi, at)
            lo = max([lo, *(k + 1 for k in range(at) if _text(row[k]))])
    if hi is None:
        return None
    return lo, hi if lo else 0


def merged_runs(header: Sequence[str], start: int) -> list[tuple[int, int]]:
    """Runs [i, j) of number columns (from `start`) under one merged header cell: the same
    filled text repeated in adjacent cells."""
    runs, k = [], start
    while k < len(header):
        j = k + 1
        while j < len(header) and _filled(header[k]) and header[j] == header[k]:
            j += 1
        if j - k > 1:
            runs.append((k, j))
        k = j
    return runs


def table_lines(rows: list[list[str]], span: tuple[int, int] | None) -> list[Line]:
    """One Line per row of a pipe table whose numbers begin in `span` (see number_span)."""
    if span is None:
        return [Line(tuple(_once(r)), None, True) for r in rows if any(_filled(c) for c in r)]
    first, unlabelled = span
    out: list[Line] = []
    header: list[str] | None = None
    for row in rows:
        if not any(_filled(c) for c in row):
            continue
        tail = row[first:]
        if any(_text(c) for c in tail):  # a title, a header, a row of another shape
            if any(_number(c) for c in row):
                out.append(Line(tuple(row), None, True))
                continue
            cells = _once(row)
            header = row if len(set(cells)) > 1 else None  # a title spanning the row: no header
            out.append(Line(tuple(cells), None, True))
            continue
        labels = _once(row[:first])
        start = first if labels else unlabelled
        tail = list(row[start:])
        for i, j in reversed(merged_runs(header, start) if header else []):
            cells = row[i:j]
            if all(c == cells[0] for c in cells):
                tail[i - start : j - start] = [cells[0]]
        if labels and labels[-1][-1:].isdigit() and not any(_number(c) for c in tail):
            # numbers glued to the label ("行政许可3960181") and blank cells after it: the
            # blanks are not the row's cells, the row is the aligner's to leave out
            out.append(Line(tuple(labels), None, True))
            continue
        out.append(Line((*labels, *tail), None, True, numbers_from=len(labels)))
    return out


def _is_heading(text: str) -> bool:
    from gkparse.sections import is_heading

    t = templates()
    line = Line((text,))
    return any(is_heading(line, spec, t) for spec in t.sections)


def markdown_to_document(text: str) -> Document:
    """Markdown text → Document (see the module docstring)."""
    warnings: list[str] = []
    if has_traditional(text):
        text = to_simplified(text)
        warnings.append("text: traditional Chinese converted to simplified before matching")
    items: list[Block] = []
    for block in blocks(text):
        if block.kind != "line":
            items.append(block)
            continue
        for part in (prose_line(block.text) or "").split("\n"):
            if part.strip():
                items.append(Block("line", part))
    # runs of tables of one width, not parted by a section heading: one table split in blocks
    groups: list[list[Block]] = []
    for block in items:
        if block.kind == "line" and _is_heading(block.text.strip()):
            groups.append([])
        elif block.kind == "table" and block.rows:
            width = len(block.rows[0])
            if groups and groups[-1] and len(groups[-1][-1].rows[0]) == width:
                groups[-1].append(block)
            else:
                groups.append([block])
    numbers_of = {id(b): number_span([x.rows for x in group]) for group in groups for b in group}
    lines: list[Line] = []
    for block in items:
        if block.kind == "line":
            if "|" in block.text:
                lines.append(Line((block.text.strip(),), None, False))
            else:
                cells, separated = split_cells(block.text)
                lines.append(Line(cells, None, separated))
        elif block.kind == "html":
            lines += block.lines
        else:
            lines += table_lines(block.rows, numbers_of.get(id(block)))
    return Document(drop_page_furniture([lines]), None, warnings, reader="markdown")
