"""Split a document into its six sections by their headings (formats.md §1.1, §3.4)."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from gkparse.document import Document, Line
from gkparse.models import Section
from gkparse.normalize.text import fold, squeeze
from gkparse.templates import SectionSpec, Templates

# A new paragraph starts with numbering: 一、 (一) 1. or with a heading-like marker.
PARAGRAPH_START = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、])"
)
SENTENCE_END = regex.compile(r"[。！？；：:!?;”）)]\s*$")


@dataclass
class SectionSpan:
    spec: SectionSpec
    heading: str
    start: int  # index of the heading line
    end: int  # index after the last line


def is_heading(line: Line, spec: SectionSpec, t: Templates) -> bool:
    return _matches(line, squeeze(fold(line.text)), spec, t)


def _matches(line: Line, text: str, spec: SectionSpec, t: Templates) -> bool:
    """`text` is the line's folded, squeezed text."""
    if len(text) > t.max_heading_chars or not text.startswith(spec.numeral):
        return False
    rest = text[len(spec.numeral) :]
    spaced = line.text.strip()[len(spec.numeral) :].startswith((" ", "\u3000"))
    if (not rest or rest[0] not in "、.,") and not spaced:
        return False
    return any(all(word in text for word in group) for group in spec.keywords)


Marks = list[tuple[int, int]]  # (line index, position of the section in t.sections)


def heading_marks(doc: Document, t: Templates) -> Marks:
    """Every line that is a section heading, and which section's (numerals differ: one at most).
    Found once per document; sections and report boundaries are both read from them."""
    marks = []
    for index, line in enumerate(doc.lines):
        text = squeeze(fold(line.text))
        if len(text) > t.max_heading_chars:
            continue
        for s, spec in enumerate(t.sections):
            if _matches(line, text, spec, t):
                marks.append((index, s))
                break
    return marks


def find_sections(doc: Document, t: Templates, marks: Marks | None = None) -> list[SectionSpan]:
    """Headings in order; a section may be missing, none may come back."""
    spans: list[SectionSpan] = []
    next_spec = 0
    for index, s in heading_marks(doc, t) if marks is None else marks:
        if s < next_spec:
            continue
        if spans:
            spans[-1].end = index
        spans.append(SectionSpan(t.sections[s], doc.lines[index].text.strip(), index, len(doc.lines)))
        next_spec = s + 1
    return spans


REPORT_HEAD_LINES = 4  # a report's title, agency and date lines come this close before its 一、


def report_starts(doc: Document, marks: Marks) -> list[int]:
    """Where each report of the document starts: 0, then every 一、总体情况 that follows a report's
    later sections (a file that collects several departments' reports), moved back to the
    title lines just before it."""
    from gkparse.meta import title_line

    starts = [0]
    seen_later = 0
    for index, s in marks:
        if s:
            seen_later += 1
            continue
        if seen_later >= 2:
            head = doc.lines[max(starts[-1], index - REPORT_HEAD_LINES) : index]
            found = title_line(head)
            starts.append(index - len(head) + found if found is not None else index)
        seen_later = 0
    return starts


def join_paragraphs(lines: list[Line]) -> str:
    """Re-join lines a PDF broke inside a paragraph; keep real paragraph breaks.

    A paragraph is kept as its pieces and only its last character is looked at, so a long run of
    lines without a sentence end (a large text) costs linear time, not quadratic."""
    paragraphs: list[list[str]] = []
    previous_is_row = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        is_row = len([c for c in line.cells if c.strip()]) > 1  # a table row stays one line
        joinable = paragraphs and not is_row and not previous_is_row
        previous_is_row = is_row
        last = paragraphs[-1][-1][-1:] if paragraphs else ""  # pieces are stripped: never blank
        if joinable and not SENTENCE_END.search(last) and not PARAGRAPH_START.match(text):
            joiner = " " if last.isascii() and text[:1].isascii() else ""
            paragraphs[-1] += [joiner, text]
        else:
            paragraphs.append([text])
    return "\n".join("".join(p) for p in paragraphs)


def spans_to_sections(doc: Document, spans: list[SectionSpan]) -> list[Section]:
    return [
        Section(
            number=span.spec.number,
            key=span.spec.key,
            heading=span.heading,
            text=join_paragraphs(doc.lines[span.start + 1 : span.end]),
        )
        for span in spans
    ]
