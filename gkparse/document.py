"""The reader-neutral document: lines of cells, each with the page it came from.

Every reader (plain text, PDF, HTML) reduces its input to this shape, so sections, tables
and checks are the same code whatever the source. A line is one table row or one line of
prose; `cells` are the pieces the source separated (tabs, pipes, table cells), and
`separated` says whether an empty cell is a real blank cell (True) or just spacing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

import regex

from gkparse.tables.text_columns import text_line_cells
from gkparse.templates import templates


@dataclass(frozen=True)
class RuledRow:
    """Where the cells of a PDF table row sit between the grid's ruling lines, as x-ranges.

    The blank ruled columns between a row's label and its first number (`open_before`) may be
    blank numbers or label columns (a rowspan cell, the second label column): the rulings of
    one row cannot tell. The x-ranges of the columns that hold numbers in the document's other
    rows (`numbers`) can, once the whole document is read.
    """

    first: int  # index in `cells` of the first number
    numbers: tuple[tuple[float, float], ...]
    open_before: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Line:
    cells: tuple[str, ...]
    page: int | None = None
    separated: bool = False
    # where the row's numbers begin, when the reader knows it (a ruled PDF row): blank cells
    # from here on are blank numbers, never the placeholders of a rowspan label cell
    numbers_from: int | None = None
    ruled: RuledRow | None = field(default=None, compare=False, repr=False)
    # x-range (x0, x1) of each cell on the page, when the reader knows it (PDF lines without
    # ruling lines): where a row's blank cells are not printed, positions place its numbers
    spans: tuple[tuple[float, float] | None, ...] | None = field(default=None, compare=False, repr=False)
    # the spans are character columns of a plain-text line (pdftotext -layout), on a grid of
    # their own page: pdftotext scales each page's grid differently
    char_spans: bool = field(default=False, compare=False, repr=False)
    # its number cells may each hold several cells glued together ("000" = 0, 0, 0): text that
    # lost its separators (gkparse/reflow.py); the tables' solver splits them or leaves them out
    glued: bool = False
    # the words of each cell with their x-ranges (text, x0, x1), where `spans` are known: a
    # header's column labels, which a narrow borderless column may print less than a
    # character from its neighbour's (one cell `其 总计`)
    words: tuple[tuple[tuple[str, float, float], ...], ...] | None = field(
        default=None, compare=False, repr=False
    )
    # the box (x0, top, x1, bottom) of each cell's glyphs on the page, when the reader knows it
    # (PDF lines; None for a blank cell): the cells' page boxes
    boxes: tuple[tuple[float, float, float, float] | None, ...] | None = field(
        default=None, compare=False, repr=False
    )
    # OCR's confidence in each cell (its weakest character, 0–1; None for a blank), when the line
    # was read from a scanned page; None for a text layer or any other input
    confidence: tuple[float | None, ...] | None = field(default=None, compare=False, repr=False)
    # HTML and DOCX table rows: each cell's (row, cell) number in the source's tables, from 1
    # (Cell.source_row, source_col); None for any other line
    positions: tuple[tuple[int, int], ...] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def text(self) -> str:
        """Computed once: page furniture, sections and tables all read it (a large text has
        hundreds of thousands of lines)."""
        return " ".join(c.strip() for c in self.cells if c.strip())


@dataclass
class Document:
    lines: list[Line]
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    reader: str = "text"  # which path read it: "text", "html", "docx", "pdf:pdfplumber", …
    ocr_pages: list[int] = field(default_factory=list)  # PDF pages read by OCR (numbers from 1)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


PIPE_SPLIT = regex.compile(r"\|")
WIDE_GAP = regex.compile(r"\s{2,}")


def split_cells(line: str) -> tuple[tuple[str, ...], bool]:
    """Split one text line into cells by the separators crawlers and exporters use.

    Tabs (Word/WPS copy): every tab is a cell boundary, empty cells are blank cells.
    Pipes (web crawls, styles B–E of formats.md §3.1): `| |` is a blank cell, while a run
    `||||` with nothing between is a colspan or a missing cell and is dropped.
    Two or more spaces (pdftotext -layout): cell boundaries, blanks invisible.
    """
    if "\t" in line:
        return tuple(c.strip() for c in line.split("\t")), True
    stripped = line.strip()
    if "|" in stripped:
        parts = PIPE_SPLIT.split(stripped)
        if stripped.startswith("|"):
            parts = parts[1:]
        if stripped.endswith("|"):
            parts = parts[:-1]
        cells = [p.strip() for p in parts if p != ""]
        return tuple(cells), True
    if WIDE_GAP.search(stripped):
        return tuple(WIDE_GAP.split(stripped)), False
    return (stripped,), False


@cache
def _furniture():
    text = templates().text
    return (
        [regex.compile(p) for p in text["page_number_patterns"]],
        [regex.compile(p) for p in text["page_edge_patterns"]],
    )


PAGE_OFFSET_MAX = 3  # printed page number − page index (cover pages shift the count a little)
PAGE_NUMBERED_SHARE = 0.6  # bare numbers count pages only when most pages carry one


def _page_number_lines(pages: list[list[Line]], edges) -> set[int]:
    """ids of bare numbers at page edges that count pages: value − page index is one small
    offset on most pages ("N/M" also needs M = the page count). A number at a page edge that
    does not count pages may be a table cell, and is kept."""
    candidates = []
    for index, page in enumerate(pages, start=1):
        content = [ln for ln in page if ln.text]
        for edge, ln in (("top", content[:1]), ("bottom", content[-1:])):
            for line in ln:
                for pattern in edges:
                    m = pattern.match(line.text)
                    if not m or int(m.group("n")) < 1:
                        continue  # no page is numbered 0
                    if "of" in m.groupdict() and int(m.group("of")) != len(pages):
                        continue
                    candidates.append(((edge, int(m.group("n")) - index), index, id(line)))
                    break
    runs = Counter(key for key, _, _ in candidates if abs(key[1]) <= PAGE_OFFSET_MAX)
    if not runs:
        return set()
    run, _ = runs.most_common(1)[0]  # one edge, one offset: how page numbers are printed
    numbered = {index for key, index, _ in candidates if key == run}
    if len(numbered) < 2 or len(numbered) < PAGE_NUMBERED_SHARE * len(pages):
        return set()
    return {ident for key, _, ident in candidates if key == run}


def drop_page_furniture(pages: list[list[Line]]) -> list[Line]:
    """Remove page numbers ("- 3 -", or bare numbers that count pages) and running heads."""
    anywhere, edges = _furniture()
    page_numbers = _page_number_lines(pages, edges)
    edge_texts: Counter[str] = Counter()
    for page in pages:
        content = [ln for ln in page if ln.text]
        for ln in content[:1] + content[-1:]:
            edge_texts[regex.sub(r"\d+", "#", ln.text)] += 1
    repeated = {t for t, n in edge_texts.items() if n >= 3 and n >= len(pages) // 2}
    kept: list[Line] = []
    for page in pages:
        content = [ln for ln in page if ln.text]
        edge_ids = {id(x) for x in content[:1] + content[-1:]}
        for ln in page:
            text = ln.text
            if not text:
                continue
            if any(p.match(text) for p in anywhere):
                continue
            if id(ln) in page_numbers:
                continue
            if id(ln) in edge_ids and regex.sub(r"\d+", "#", text) in repeated and not text.isdigit():
                continue
            kept.append(ln)
    return kept


def text_to_document(text: str) -> Document:
    """Plain text (pdftotext, web-page text, tab-separated copies) → Document.

    Pages are split on form feeds, as pdftotext writes them.
    """
    raw_pages = text.split("\f")
    if raw_pages and not raw_pages[-1].strip() and len(raw_pages) > 1:
        raw_pages = raw_pages[:-1]
    paged = len(raw_pages) > 1
    pages: list[list[Line]] = []
    for number, page_text in enumerate(raw_pages, start=1):
        lines = []
        for raw in page_text.splitlines():
            cells, separated = split_cells(raw)
            spans = None
            if not separated:
                cells, spans = text_line_cells(raw, cells)
            page = number if paged else None
            lines.append(Line(cells, page, separated, spans=spans, char_spans=bool(spans)))
        pages.append(lines)
    return Document(drop_page_furniture(pages), pages=len(raw_pages) if paged else None)
