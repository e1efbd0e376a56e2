"""Read a Word .docx file into a Document.

The body is read in order: each paragraph is a line (a soft line break starts a new line;
tabs separate cells, as in a Word copy), and each table row is a line of cells. A merged cell
appears once: a horizontal merge (`gridSpan`, or legacy `hMerge`) is one cell, and a vertical
merge (`vMerge`) appears in its first row only, where its text is. That is what python-docx's
`row.cells` would give after dropping repeats of the same `cell._tc`; the XML is read
directly so that irregular tables (rows of different lengths, a vMerge with nothing above)
cannot make the reader fail. Tables that hold tables, or a single column, are layout: their
content is read as blocks, and only their innermost tables as rows. A row with a prose-sized
cell (a report typed into one big table) is read as lines of text.

Word's automatic list numbering ("一、" "（一）" "1." generated from numbering.xml, not
typed) is rendered into the text, because the section headings and row labels are matched by
their numbering.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

from gkparse.document import Document, Line
from gkparse.errors import InputError
from gkparse.normalize.text import has_traditional
from gkparse.source.html import LAYOUT_CELL_CHARS, clean_text, simplified

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Subtrees that are not the paragraph's own text: properties, deleted text, text boxes (read
# as lines of their own, before the paragraph), and the fallback copy of alternate content.
SKIP = frozenset(
    {W + "pPr", W + "rPr", W + "del", W + "moveFrom", W + "txbxContent", MC + "Fallback", W + "instrText"}
)
WIDE_GAP = regex.compile(r"[ \u00a0\u3000]{2,}")


# ----------------------------------------------------------------------------- numbering

CN_DIGITS = "〇一二三四五六七八九"
CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
TIANGAN = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int, digits: str = CN_DIGITS, ten: str = "十") -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(n))


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word numFmt ("chineseCounting" 3 → 三)."""
    if fmt == "ideographTraditional" and 1 <= n <= len(TIANGAN):
        return TIANGAN[n - 1]
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "koreanCounting", "ideographTraditional"):
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, CN_LEGAL, "拾")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(CN_DIGITS[int(d)] for d in str(n))
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt.startswith("decimalEnclosed") and 1 <= n <= len(CIRCLED):
        return CIRCLED[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """Renders Word list numbers: counters per abstract list, as Word continues them."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    # numId → (abstractNumId, start overrides by level)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    style_numpr: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    style_based_on: dict[str, str] = field(default_factory=dict)
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def from_document(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            for abstract in root.iterchildren(W + "abstractNum"):
                levels = {}
                for lvl in abstract.iterchildren(W + "lvl"):
                    levels[int(lvl.get(W + "ilvl", "0"))] = _Level(
                        fmt=_val(lvl.find(W + "numFmt")) or "decimal",
                        text=_val(lvl.find(W + "lvlText")) or "",
                        start=int(_val(lvl.find(W + "start")) or 1),
                    )
                numbering.abstract[abstract.get(W + "abstractNumId", "")] = levels
            for num in root.iterchildren(W + "num"):
                overrides = {}
                for override in num.iterchildren(W + "lvlOverride"):
                    start = _val(override.find(W + "startOverride"))
                    if start is not None:
                        overrides[int(override.get(W + "ilvl", "0"))] = int(start)
                abstract_id = _val(num.find(W + "abstractNumId")) or ""
                numbering.nums[num.get(W + "numId", "")] = (abstract_id, overrides)
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            for style in styles.iterchildren(W + "style"):
                sid = style.get(W + "styleId", "")
                based = style.find(W + "basedOn")
                if based is not None:
                    numbering.style_based_on[sid] = _val(based) or ""
                numpr = style.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    level = int(_val(numpr.find(W + "ilvl")) or 0)
                    numbering.style_numpr[sid] = (_val(numpr.find(W + "numId")), level)
        return numbering

    def _numpr(self, p) -> tuple[str | None, int] | None:
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            num_id = _val(numpr.find(W + "numId"))
            ilvl = _val(numpr.find(W + "ilvl"))
            if num_id is not None:
                if ilvl is None:
                    style = self._style_numpr(p)
                    return num_id, style[1] if style else 0
                return num_id, int(ilvl)
        return self._style_numpr(p)

    def _style_numpr(self, p) -> tuple[str | None, int] | None:
        style = _val(p.find(f"{W}pPr/{W}pStyle"))
        seen = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.style_numpr:
                return self.style_numpr[style]
            style = self.style_based_on.get(style)
        return None

    def label(self, p) -> str:
        """The number Word prints before paragraph `p` ("三、"), advancing the counters."""
        numpr = self._numpr(p)
        if numpr is None or not numpr[0] or numpr[0] == "0" or numpr[0] not in self.nums:
            return ""
        num_id, ilvl = numpr
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                if 0 <= level < 10:
                    counters[level] = start - 1
        level = levels[ilvl]
        current = counters[ilvl]
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if level.fmt in ("bullet", "none"):
            return ""

        def render(m: regex.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else lv.start
            return format_number(value or 0, lv.fmt)

        return regex.sub(r"%([1-9])", render, level.text)


def _val(el) -> str | None:
    return None if el is None else el.get(W + "val")


# ----------------------------------------------------------------------------- text


def _inline_text(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == W + "t":
            out.append(child.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append("\t")
        elif tag in (W + "br", W + "cr"):
            out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == MC + "AlternateContent":
            choice = child.find(MC + "Choice")
            if choice is not None:
                _inline_text(choice, out)
        else:
            _inline_text(child, out)


def paragraph_text(p, numbering: Numbering) -> str:
    out: list[str] = []
    _inline_text(p, out)
    text = "".join(out)
    label = numbering.label(p)
    if label and text.strip():
        joiner = " " if label[-1].isalnum() else ""
        text = label + joiner + text.lstrip()
    return text


def _text_boxes(el) -> Iterator:
    """Text box contents anchored in `el`, once (not the VML fallback copy of a drawing)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag == MC + "Fallback":
            continue
        if tag == W + "txbxContent":
            yield child
        else:
            yield from _text_boxes(child)


def _block_items(container) -> Iterator:
    """Paragraphs and tables of a body or cell, in order, through content controls."""
    for child in container:
        tag = child.tag
        if tag in (W + "p", W + "tbl", W + "altChunk"):
            yield child
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _block_items(content)
        elif tag in (W + "customXml", W + "smartTag"):
            yield from _block_items(child)


def _row_cells(tr) -> list:
    """The row's cells, each merged cell once: vMerge/hMerge continuations are skipped."""
    cells = []
    for child in _row_children(tr):
        tc_pr = child.find(W + "tcPr")
        if tc_pr is not None:
            v_merge = tc_pr.find(W + "vMerge")
            h_merge = tc_pr.find(W + "hMerge")
            if v_merge is not None and _val(v_merge) != "restart":
                continue
            if h_merge is not None and _val(h_merge) != "restart":
                continue
        cells.append(child)
    return cells


def _row_children(tr) -> Iterator:
    for child in tr:
        if child.tag == W + "tc":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _row_children(content)


def _rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == W + "tr":
            yield child
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _rows(content)


@dataclass
class _Reader:
    numbering: Numbering
    document: object
    lines: list[Line] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # table rows so far: the source_row of the cells read from the next one

    def blocks(self, container) -> None:
        for item in _block_items(container):
            if item.tag == W + "p":
                self.paragraph(item)
            elif item.tag == W + "tbl":
                self.table(item)
            else:
                self.alt_chunk(item)

    def paragraph(self, p) -> None:
        for box in _text_boxes(p):  # a title or red header in a floating box
            self.blocks(box)
        for piece in paragraph_text(p, self.numbering).split("\n"):
            if "\t" in piece:
                cells = tuple(clean_text(c) for c in piece.split("\t"))
                if any(cells):
                    self.lines.append(Line(cells, None, True))
                continue
            parts = [clean_text(c, cell=False) for c in WIDE_GAP.split(piece.strip())]
            parts = [c for c in parts if c]
            if parts:
                self.lines.append(Line(tuple(parts), None, False))

    def cell_text(self, tc) -> str:
        parts = []
        for item in _block_items(tc):
            if item.tag == W + "p":
                parts.append(paragraph_text(item, self.numbering))
            elif item.tag == W + "tbl":  # only in layout tables, which are not read as rows
                parts += [self.cell_text(c) for tr in _rows(item) for c in _row_cells(tr)]
        return clean_text(" ".join(parts))

    def table(self, tbl) -> None:
        trs = list(_rows(tbl))
        rows = [_row_cells(tr) for tr in trs]
        nested = any(el is not tbl for el in tbl.iter(W + "tbl"))
        if nested or not rows or max(len(r) for r in rows) < 2:
            self._layout(rows)
            return
        for tr, row in zip(trs, rows, strict=True):
            # Cell texts advance the list counters: read them once, in order.
            texts = tuple(self.cell_text(tc) for tc in row)
            self.rows += 1
            if any(len(t) > LAYOUT_CELL_CHARS for t in texts):
                # a report typed into one big table: this row is prose, read as lines
                self.lines += [Line((t,), None, False) for t in texts if t]
            elif any(texts):
                # the w:tc's place in its row, merge continuations counted (as Word's XML has them)
                place = {id(tc): col for col, tc in enumerate(_row_children(tr), start=1)}
                positions = tuple((self.rows, place[id(tc)]) for tc in row)
                self.lines.append(Line(texts, None, True, positions=positions))

    def _layout(self, rows) -> None:
        for row in rows:
            for tc in row:
                self.blocks(tc)

    def alt_chunk(self, chunk) -> None:
        """An imported chunk (HTML or text pasted as a whole part): read with its own reader."""
        rid = chunk.get(R + "id")
        try:
            part = self.document.part.related_parts[rid]  # type: ignore[attr-defined]
        except (KeyError, AttributeError):
            self.warnings.append("docx: an imported content chunk could not be found; left out")
            return
        content_type = getattr(part, "content_type", "")
        blob = part.blob
        if "html" in content_type:
            from gkparse.source.html import html_to_document

            doc = html_to_document(blob, "altChunk")
            self.lines += doc.lines
            self.warnings += doc.warnings
        elif content_type.startswith("text/plain"):
            from gkparse.document import text_to_document
            from gkparse.source.text import decode_text

            text, warnings = decode_text(blob, "altChunk")
            self.lines += text_to_document(text).lines
            self.warnings += warnings
        else:
            self.warnings.append(f"docx: imported content of type {content_type or '?'} not read")


def docx_to_document(data: bytes, name: str) -> Document:
    """Word .docx bytes → Document (see the module docstring)."""
    try:
        import docx
    except ImportError as e:  # pragma: no cover - python-docx is a dependency
        raise InputError(name, "reading .docx needs the python-docx package (pip install python-docx)") from e
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # a zip that is not a Word document, or a damaged one
        raise InputError(name, f"not a readable Word .docx file ({type(e).__name__}: {e})") from e
    reader = _Reader(Numbering.from_document(document), document)
    reader.blocks(document.element.body)
    lines, warnings = reader.lines, reader.warnings
    if has_traditional("\n".join(line.text for line in lines)):
        lines = simplified(lines)
        warnings.append("docx: traditional Chinese converted to simplified before matching")
    return Document(lines, None, warnings)
