"""Re-cut text whose line breaks were lost: a web page saved as one line, cells glued together.

Scrapers and site archives strip a page's tags and keep its text on one line
(`…编制完成了本报告。一、总体情况2019年，我局…二、主动公开政府信息情况第二十条第（一）项信息内容…规章000…`).
Nothing downstream can read that: headings are found at line starts, and a table row is a line.
This step gives such a document its lines back, from what the format itself says:

- a section heading (its numeral and keywords, `formats/sections.yaml`) starts a line wherever
  it sits, also glued to the sentence before or after it;
- the report's title starts a line, and the site chrome around the report (breadcrumbs, share
  buttons, 打印 关闭) is dropped (`formats/text.yaml`, `reflow:`);
- inside the tables, every label (the template's row, column and header labels, numbering
  markers) becomes a cell, and every run of digits after a label becomes a row's number cells.
  A digit run may hold several cells (`000` is three zeros): such lines are marked `glued`, and
  the tables' solver splits them by the format's arithmetic, or leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import regex

from gkparse.document import Document, Line
from gkparse.models import ReportWarning
from gkparse.normalize.text import fold, squeeze
from gkparse.templates import Templates, templates


@dataclass(frozen=True)
class _Config:
    min_chars: int  # a line this long may hold a whole page
    heading_stops: regex.Pattern  # where a heading found inside a line ends at the latest
    heading_tails: tuple[str, ...]  # a long heading ends after the first of these words
    title: regex.Pattern
    chrome: regex.Pattern
    marker: regex.Pattern
    number: regex.Pattern
    units: tuple[str, ...]
    junk: str  # characters mirrors put into cells (NBSP turned into "?")
    vocabulary: regex.Pattern


@cache
def _config() -> _Config:
    t = templates()
    spec = t.text["reflow"]
    labels = _vocabulary(t)
    units = tuple(sorted((u for u in t.text["values"]["units"]), key=len, reverse=True))
    return _Config(
        min_chars=spec["min_chars"],
        heading_stops=regex.compile(spec["heading_stops"]),
        heading_tails=tuple(spec["heading_tails"]),
        title=regex.compile(spec["title"]),
        chrome=regex.compile("|".join(f"(?:{p})" for p in spec["chrome"])),
        marker=regex.compile(spec["marker"]),
        number=regex.compile(spec["number"]),
        units=units,
        junk=t.text["values"]["strip_chars"],
        vocabulary=regex.compile(
            "|".join([spec["block_title"], *(regex.escape(label) for label in labels)])
        ),
    )


def _vocabulary(t: Templates) -> list[str]:
    """Every label the tables print, folded and squeezed, longest first (so that 其他对外管理服务
    事项 wins over 其他 at the same place)."""
    texts: set[str] = set()
    rows = [*t.active_rows, *t.requests_rows, *t.review_groups]
    columns = [*t.active_columns.values(), *t.requests_columns, *t.review_columns]
    for spec in [*rows, *columns]:
        for label in spec.labels:
            texts.add(_label_text(label))
    for extra in t.text["reflow"]["header_words"]:
        texts.add(_label_text(extra))
    return sorted((x for x in texts if len(x) >= 2), key=len, reverse=True)


def _label_text(label: str) -> str:
    """A label as it reads inside glued text: folded, no spaces, its numbering marker removed."""
    text = squeeze(fold(label))
    m = _MARKER_AT_START.match(text)
    return text[m.end() :] if m else text


_MARKER_AT_START = regex.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d{1,2}[.．、])")


def reflow(doc: Document, t: Templates | None = None) -> Document:
    """The document with its long lines cut at headings and table labels; unchanged when no
    line is long enough to hold a page."""
    t = t or templates()
    config = _config()
    if not any(len(line.text) >= config.min_chars for line in doc.lines):
        return doc
    lines: list[Line] = []
    for line in doc.lines:
        if len(line.text) < config.min_chars or line.separated:
            lines.append(line)
            continue
        for piece in _cut_at_headings(line.text, t, config):
            lines.append(Line((piece,), line.page))
    from gkparse.sections import heading_marks  # sections read documents; import here, not at load

    marks = heading_marks(Document(lines), t)  # once: dropping the chrome after them moves none
    lines = _drop_chrome(lines, marks, config)
    lines = _cut_tables(lines, marks, t, config)
    note = "text: lines re-cut at headings and table labels (the text had lost its line breaks)"
    warnings = [*doc.warnings, ReportWarning(note, code="reflowed")]
    return replace(doc, lines=lines, warnings=warnings)


def _cut_at_headings(text: str, t: Templates, config: _Config) -> list[str]:
    """Split one long line before every section heading and after the report's title."""
    cuts: set[int] = set()
    folded = fold(text)
    for spec in t.sections:
        for m in regex.finditer(regex.escape(spec.numeral) + r"\s*[、.,]", folded):
            end = _heading_end(folded, m.start(), spec, t, config)
            if end is not None:
                cuts.update((m.start(), end))
    for m in config.title.finditer(folded):
        cuts.update((m.start(), m.end()))
    pieces, last = [], 0
    for cut in sorted(cuts):
        if cut > last:
            pieces.append(text[last:cut])
        last = max(last, cut)
    pieces.append(text[last:])
    return [p.strip() for p in pieces if p.strip()]


def _heading_end(text: str, start: int, spec, t: Templates, config: _Config) -> int | None:
    """Where the heading that starts at `start` ends, or None when it is no heading of `spec`.

    The heading reaches at most to the first stop (a digit, a sentence end, white space after
    its words, 第二十条); a heading its keywords do not name is none (四、结转下年度继续办理 0…
    is a row of table 三, even when 行政复议 follows a few characters later).
    """
    window = text[start : start + t.max_heading_chars + 1]
    words_end = None
    for group in spec.keywords:
        positions = [window.find(word) for word in group]
        if all(p > 0 for p in positions):
            end = max(p + len(w) for p, w in zip(positions, group, strict=True))
            words_end = end if words_end is None else min(words_end, end)
    if words_end is None:
        return None
    words_from = len(window) - len(window[len(spec.numeral) + 1 :].lstrip())
    stop = config.heading_stops.search(window, words_from)
    if stop is not None and stop.start() < words_end:
        return None  # a digit or a sentence end before its words: a row label or prose
    end = stop.start() if stop is not None else len(window)
    tail = min(
        (i + len(w) for w in config.heading_tails if (i := window.find(w, words_end - 2)) >= 0),
        default=None,
    )
    if end - words_end > 4 and tail is not None and tail < end:
        end = tail  # 四、…行政诉讼情况行政复议行政诉讼结果维持…: the heading ends with 情况
    return start + end


def _drop_chrome(lines: list[Line], marks, config: _Config) -> list[Line]:
    """Site chrome after the last section (打印本页 关闭窗口 主办单位 …) is no part of the report."""
    if not marks:
        return lines
    last = marks[-1][0]
    out = lines[: last + 1]
    for line in lines[last + 1 :]:
        m = config.chrome.search(line.text)
        if m:
            if line.text[: m.start()].strip():
                out.append(Line((line.text[: m.start()].strip(),), line.page))
            break
        out.append(line)
    return out


def _cut_tables(lines: list[Line], marks, t: Templates, config: _Config) -> list[Line]:
    """Lines of sections 二, 三 and 四 → one line per printed row: label cells, then number cells."""
    keys = [s.key for s in t.sections]
    in_tables = set()
    for (index, s), following in zip(marks, [*marks[1:], (len(lines), None)], strict=True):
        if keys[s] in ("active_disclosure", "requests", "review_litigation"):
            in_tables.update(range(index + 1, following[0]))
    out: list[Line] = []
    for index, line in enumerate(lines):
        if index not in in_tables or len(line.cells) != 1 or not config.number.search(fold(line.text)):
            out.append(line)  # a line without numbers is a heading or prose, not table rows
            continue
        out += _row_lines(line, config)
    return out


@dataclass
class _Row:
    labels: list[str]
    numbers: list[str]


def _row_lines(line: Line, config: _Config) -> list[Line]:
    """`规章000规范性文件898989第二十条第（五）项…` → (规章 | 000), (规范性文件 | 898989), …"""
    text = fold(line.text)
    rows: list[_Row] = [_Row([], [])]
    position = 0
    for m in config.number.finditer(text):
        start, end = m.span()
        digits = m.group()
        after = text[end : end + 2]
        if regex.match(r"[.．、]\D", after):
            digits, end = digits[:-1].rstrip(), end - 1  # 00000002.其他… : the 2 is the next row's marker
        unit = next((u for u in config.units if text.startswith(u, end)), None)
        label = text[position:start]
        if rows[-1].numbers and label and len(squeeze(label)) <= 2 and not regex.search(r"\p{Han}", label):
            # a stray sign or symbol between two numbers is part of them, not a label the
            # tables would skip as debris (a lost − would flip a number's sign)
            chunks = digits.split()
            if squeeze(label).strip(config.junk):
                rows[-1].numbers[-1] += squeeze(label) + (chunks.pop(0) if chunks else "")
            rows[-1].numbers += chunks  # junk a mirror put between cells ("?") separates them
            position = end
            continue
        if squeeze(label):
            if rows[-1].numbers:
                rows.append(_Row([], []))
            rows[-1].labels += _label_cells(label, config)
        if digits.strip():
            chunks = digits.split()
            if unit:
                chunks[-1] += unit
                end += len(unit)
            rows[-1].numbers += chunks
        position = end
    tail = text[position:]
    if squeeze(tail):
        if rows[-1].numbers:
            rows.append(_Row([], []))
        rows[-1].labels += _label_cells(tail, config)
    return [
        Line((*row.labels, *row.numbers), line.page, numbers_from=len(row.labels), glued=bool(row.numbers))
        for row in rows
        if row.labels or row.numbers
    ]


def _is_marker(text: str, config: _Config) -> bool:
    m = config.marker.match(text + "x")  # the pattern looks ahead for the label's first character
    return m is not None and m.end() == len(text)


def _label_cells(text: str, config: _Config) -> list[str]:
    """A glued run of labels → its labels: cut at numbering markers and at the template's labels."""
    text = squeeze(text)
    cuts = {0, len(text)}
    known = [m.span() for m in config.vocabulary.finditer(text)]
    for start, end in known:
        cuts.update((start, end))
    for m in config.marker.finditer(text):
        if not any(start < m.start() < end for start, end in known):
            cuts.add(m.start())
    ordered = sorted(cuts)
    cells = [text[a:b] for a, b in pairwise(ordered)]
    merged: list[str] = []
    for cell in cells:
        if merged and _is_marker(merged[-1], config):
            merged[-1] += cell  # a marker belongs to the label after it
        else:
            merged.append(cell)
    return [c for c in merged if c]
