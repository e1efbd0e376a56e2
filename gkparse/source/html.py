"""Read a web page (or a Word "save as web page" export) into a Document.

The page is decoded (BOM, then the declared charset, then UTF-8, then detection), the site
chrome is dropped (scripts, navigation, headers, footers, hidden elements), and the element
that holds the report is found: the smallest element that contains every section heading
found on the page (at least three of them). Its content becomes lines in reading order:

* block text (p, div, h1–h6, li, …, and `<br>`-separated lines) → one Line of one cell;
* a data table → one Line per `<tr>`, one cell per `<td>`/`<th>`, `separated=True`.
  A cell spanning rows or columns appears once, where the HTML has it: a `colspan=3` number
  cell is one number, and a `rowspan` label appears in its first row only (the aligner reads
  rows by label, formats.md §3.1). Tables that hold other tables, or a single column, are
  layout tables: their text is read as blocks and only the innermost tables as rows. A row
  with a prose-sized cell (a whole report typed into one table) is read as blocks too.
"""

from __future__ import annotations

import codecs
import email
import email.policy
from dataclasses import dataclass, field

import regex
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from gkparse.document import Document, Line
from gkparse.errors import InputError
from gkparse.normalize.text import fold, has_traditional, squeeze, to_simplified
from gkparse.source.text import decode_text
from gkparse.templates import Templates, templates

# Tags whose content is never report text.
DROP_ALWAYS = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "input", "select", "option", "button", "textarea", "map", "head", "title", "meta", "link",
)
# Site chrome, dropped unless it holds a section heading or a table (some CMSs misuse them).
CHROME = ("nav", "header", "footer", "aside")
BLOCK = frozenset(
    {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "section", "article", "main", "center", "address", "form", "fieldset",
        "figure", "figcaption", "caption", "hr", "body", "html", "header", "footer", "nav", "aside",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "details", "summary",
    }
)
# Elements that may hold a whole report (the fallback search for it looks at these only).
CONTAINERS = ["div", "td", "article", "section", "main", "table", "center", "form", "span", "font"]
HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.I)

# A table row is read as blocks when a cell holds this much text: report tables never do.
LAYOUT_CELL_CHARS = 300
# The report element must contain at least this many of the six section headings.
MIN_HEADINGS = 3
NUMERALS = "一二三四五六"  # section headings start with one

META_CHARSET = regex.compile(rb"""(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)""")
XML_ENCODING = regex.compile(rb"""(?i)^\s*<\?xml[^>]*encoding\s*=\s*["']([a-z0-9_:.\-]+)""")
# GB2312 and GBK pages routinely use characters outside their declared set: read as GB18030.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312-80", "ms936"}
BIG5_FAMILY = {"big5", "big5-hkscs", "big5hkscs", "cp950", "x-x-big5"}
# Declarations never right for a Chinese report read from bytes: a Western single-byte charset
# (a CMS default) or UTF-16/32 without a BOM (the meta tag itself was readable as ASCII).
UNTRUSTED = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii", "utf-16", "utf-16-le",
             "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8"}

WHITESPACE = regex.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]+")
# In a cell, white space between two Han characters is a break of the source, not a word gap:
# "商业<br>企业" and "商业 企业" are the label 商业企业 (formats.md §3.2). In prose only a line
# break of the source is dropped there ("我局\n认真" → "我局认真"); typed spaces stay.
HAN_GAP = regex.compile(r"(?<=\p{Han}) (?=\p{Han})")
HAN_BREAK = regex.compile(r"(?<=\p{Han})[ \t\u00a0\u3000]*[\r\n]\s*(?=\p{Han})")
TITLE_SPLIT = regex.compile(r"\s*(?:[_|｜]|--|——|\s[-—–]\s)\s*")
MIME_START = regex.compile(rb"(?i)(?:from|mime-version|content-type|date|subject|message-id):")
YEAR = regex.compile(r"20\d{2}")
ATTACHMENT = regex.compile(r"(?i)\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar)(?:$|\?)")


def clean_text(text: str, cell: bool = True) -> str:
    """Collapse white space (NBSP, ideographic space, zero-width) and join Han characters
    split by it: all such gaps in a table cell, source line breaks only in prose."""
    if not cell:
        text = HAN_BREAK.sub("", text)
    text = WHITESPACE.sub(" ", text).strip()
    return HAN_GAP.sub("", text) if cell else text


# ----------------------------------------------------------------------------- decoding


def _normalise_codec(label: str) -> str | None:
    label = label.strip().lower().strip("\"'")
    if label in GB_FAMILY:
        return "gb18030"
    if label in BIG5_FAMILY:
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in `<meta charset>`, `http-equiv` or its XML declaration."""
    head_end = data.lower().find(b"</head>")
    head = data[: head_end if head_end > 0 else 65536]
    for pattern in (META_CHARSET, XML_ENCODING):
        m = pattern.search(head)
        if m:
            codec = _normalise_codec(m.group(1).decode("ascii", "replace"))
            if codec:
                return codec
    return None


def decode_html(data: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes → text: BOM, then the declared charset, then UTF-8, then detection.

    A page that declares a legacy charset but is valid UTF-8 with non-ASCII text (a crawler
    re-saved it and kept the meta tag) is read as UTF-8: legacy CJK bytes are practically
    never valid UTF-8.
    """
    warnings: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace"), warnings
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), warnings
    declared = declared_encoding(data)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if declared and declared not in UNTRUSTED:
        if utf8 is not None and not data.isascii():
            warnings.append(f"html: page declares charset {declared} but is UTF-8; read as UTF-8")
            return utf8, warnings
        try:
            return data.decode(declared), warnings
        except UnicodeDecodeError:
            text = data.decode(declared, errors="replace")
            bad = text.count("\ufffd")
            warnings.append(f"html: {bad} bytes not valid in the declared charset {declared}; replaced")
            return text, warnings
    if utf8 is not None:
        return utf8, warnings
    if declared:
        warnings.append(f"html: page declares charset {declared} but is not; encoding detected")
    text, decoded = decode_text(data, name)
    return text, warnings + decoded


def unwrap_mhtml(data: bytes) -> bytes:
    """The HTML part of a .mht web archive (MIME), or the data unchanged."""
    head = data[:4096].lstrip()
    if not MIME_START.match(head) or b"multipart/" not in head.lower():
        return data
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                if charset and b"charset" not in payload[:4096].lower():
                    payload = f'<meta charset="{charset}">'.encode("ascii") + payload
                return payload
    return data


# ----------------------------------------------------------------------------- walking


@dataclass
class _Walk:
    """Turns an element into Lines in reading order; remembers each line's first element."""

    lines: list[Line] = field(default_factory=list)
    anchors: list[Tag] = field(default_factory=list)
    tables: int = 0
    rows: int = 0  # table rows so far: the source_row of the cells read from the next one
    _buffer: list[str] = field(default_factory=list)
    _anchor: Tag | None = None

    def flush(self) -> None:
        text = clean_text("".join(self._buffer), cell=False)
        if text and self._anchor is not None:
            self.lines.append(Line((text,), None, False))
            self.anchors.append(self._anchor)
        self._buffer, self._anchor = [], None

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                self.element(child)
            elif _is_text(child):
                if self._anchor is None:
                    if not child.strip():
                        continue
                    self._anchor = node
                self._buffer.append(str(child))

    def element(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            self.flush()
        elif name == "table":
            self.flush()
            if is_data_table(tag):
                self.data_table(tag)
            else:
                self.walk(tag)
                self.flush()
        elif name in BLOCK:
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)


    def data_table(self, table: Tag) -> None:
        """One line per row; a row with a prose-sized cell (a report typed into one big
        table) is read as blocks instead, so its other rows still keep their cells."""
        self.tables += 1
        for caption in table.find_all("caption", recursive=False):
            self.element(caption)
        for tr in table_rows(table):
            cells = tuple(cell_text(td) for td in row_cells(tr))
            self.rows += 1
            if any(len(c) > LAYOUT_CELL_CHARS for c in cells):
                self.walk(tr)
                self.flush()
            elif any(cells):
                positions = tuple((self.rows, col) for col in range(1, len(cells) + 1))
                self.lines.append(Line(cells, None, True, positions=positions))
                self.anchors.append(tr)


def fragment_lines(markup: str) -> list[Line]:
    """The lines of an HTML fragment (a `<table>` that MinerU writes into Markdown), read as
    the page reader reads a page's tables: the same cells, spans and layout-table rules."""
    soup = BeautifulSoup(markup, "lxml")
    walk = _Walk()
    walk.element(soup.body or soup)
    walk.flush()
    return walk.lines


def row_cells(tr: Tag) -> list[Tag]:
    return tr.find_all(["td", "th"], recursive=False)


def _is_text(node: object) -> bool:
    return isinstance(node, NavigableString) and not isinstance(
        node, Comment | Declaration | Doctype | ProcessingInstruction | CData
    )


def table_rows(table: Tag) -> list[Tag]:
    """The table's own rows in display order (thead, body, tfoot), not those of nested tables."""
    head: list[Tag] = []
    body: list[Tag] = []
    foot: list[Tag] = []
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            body.append(child)
        elif child.name in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in child.children if isinstance(tr, Tag) and tr.name == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[child.name].extend(rows)
    return head + body + foot


def cell_text(cell: Tag) -> str:
    """A cell's text: `<br>` and paragraphs inside it join with no break ("商业<br>企业")."""
    parts: list[str] = []
    for node in cell.descendants:
        if isinstance(node, Tag):
            if node.name == "br" or node.name in BLOCK:
                parts.append(" ")
        elif _is_text(node):
            parts.append(str(node))
    return clean_text("".join(parts))


def is_data_table(table: Tag) -> bool:
    """An innermost table with at least two cells in some row; the others are layout."""
    if table.find("table") is not None:
        return False
    return max((len(row_cells(tr)) for tr in table_rows(table)), default=0) >= 2


# ----------------------------------------------------------------------------- the report


def _strip_chrome(soup: BeautifulSoup, t: Templates) -> None:
    for tag in soup.find_all(DROP_ALWAYS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed:
            continue
        style = tag.get("style")
        if (isinstance(style, str) and HIDDEN_STYLE.search(style)) or tag.has_attr("hidden"):
            tag.decompose()
    for tag in soup.find_all(CHROME):
        if tag.decomposed:
            continue
        if tag.find("table") is not None:
            continue
        walk = _Walk()
        walk.element(tag)
        walk.flush()
        if not any(_heading_section(line, t) for line in walk.lines):
            tag.decompose()


def _heading_section(line: Line, t: Templates) -> str | None:
    from gkparse.sections import is_heading

    text = line.text
    if line.separated or len(text) > 2 * t.max_heading_chars or text[:1] not in NUMERALS:
        return None
    line = Line((to_simplified(text),))  # 一、總體情況 on a traditional page
    for spec in t.sections:
        if is_heading(line, spec, t):
            return spec.key
    return None


def _report_root(body: Tag, t: Templates) -> tuple[Tag, int]:
    """The smallest element holding every section heading of the page (≥ MIN_HEADINGS)."""
    walk = _Walk()
    walk.walk(body)
    walk.flush()
    counts: dict[int, set[str]] = {}
    elements: dict[int, Tag] = {}
    found: set[str] = set()
    for line, anchor in zip(walk.lines, walk.anchors, strict=True):
        key = _heading_section(line, t)
        if key is None:
            continue
        found.add(key)
        node: Tag | None = anchor
        while node is not None:
            counts.setdefault(id(node), set()).add(key)
            elements[id(node)] = node
            if node is body:
                break
            node = node.parent
    if len(found) < MIN_HEADINGS:
        return _keyword_root(body, t) or body, len(found)
    best = body
    best_depth = -1
    for ident, keys in counts.items():
        if len(keys) == len(found):
            depth = len(list(elements[ident].parents))
            if depth > best_depth:
                best, best_depth = elements[ident], depth
    return best, len(found)


def _keyword_root(body: Tag, t: Templates) -> Tag | None:
    """Fallback: the smallest element whose text has the key words of ≥ 3 sections."""
    best: Tag | None = None
    best_len = 0
    for tag in body.find_all(CONTAINERS):
        text = squeeze(fold(tag.get_text()))
        hits = sum(1 for s in t.sections if any(all(w in text for w in g) for g in s.keywords))
        if hits >= MIN_HEADINGS and (best is None or len(text) < best_len):
            best, best_len = tag, len(text)
    return best


def _is_title(text: str) -> bool:
    text = squeeze(fold(to_simplified(text)))
    return "政府信息公开" in text and "报告" in text[-6:] and len(text) <= 80


def _page_title(soup: BeautifulSoup) -> str | None:
    """The report title from the page: a heading or a "title" element, else `<title>`."""
    candidates: list[str] = []
    for tag in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "td"]):
        if not isinstance(tag, Tag) or tag.decomposed:
            continue
        marks = " ".join([*tag.get("class", []), str(tag.get("id", ""))]).lower()
        if tag.name.startswith("h") or "title" in marks or "tit" in marks:
            candidates.append(clean_text(tag.get_text(" ")))
    if soup.title is not None:
        candidates += [clean_text(p) for p in TITLE_SPLIT.split(soup.title.get_text(" "))]
    titles = [text for text in candidates if _is_title(text)]
    # A sidebar heading "政府信息公开年度报告" is not the title: prefer one that names a year.
    dated = [text for text in titles if YEAR.search(text)]
    return (dated or titles or [None])[0]


def _has_title_before_heading(lines: list[Line], t: Templates) -> bool:
    for line in lines[:40]:
        if _heading_section(line, t):
            return False
        if _is_title(line.text):
            return True
    return False


def html_to_document(data: bytes, name: str) -> Document:
    """Web page bytes → Document (see the module docstring)."""
    t = templates()
    data = unwrap_mhtml(data)
    text, warnings = decode_html(data, name)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as e:  # lxml refuses only pathological input
        raise InputError(name, f"cannot parse HTML ({e})") from e
    title = _page_title(soup)
    _strip_chrome(soup, t)
    body = soup.body or soup
    root, headings = _report_root(body, t)
    if headings < MIN_HEADINGS and root is body:
        warnings.append(
            f"html: {headings} section headings found; the whole page body was read, site text included"
        )
    walk = _Walk()
    walk.element(root)
    walk.flush()
    lines = walk.lines
    if title and not _has_title_before_heading(lines, t):
        lines.insert(0, Line((title,), None, False))
    if walk.tables == 0:
        images = len(root.find_all("img"))
        links = [str(a.get("href")) for a in root.find_all("a", href=True)]
        files = [href for href in links if ATTACHMENT.search(href)]
        if images or files:
            warnings.append(
                "html: no tables in the report; "
                + (f"{images} images (tables printed as pictures are not read)" if images else "")
                + ("; " if images and files else "")
                + (f"attachments: {', '.join(files[:5])}" if files else "")
            )
    if has_traditional("\n".join(line.text for line in lines)):
        lines = simplified(lines)
        warnings.append("html: traditional Chinese converted to simplified before matching")
    return Document(lines, None, warnings)


def simplified(lines: list[Line]) -> list[Line]:
    return [Line(tuple(to_simplified(c) for c in ln.cells), ln.page, ln.separated, positions=ln.positions)
            for ln in lines]
