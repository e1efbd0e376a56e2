"""What a report whose tables are not read says about itself.

A pre-2019 report (the 2008 条例 format: 概述 / 主动公开 / 依申请公开 / 收费及减免 / 复议诉讼 …, with
applications counted by 当面申请/信函申请/网络申请) is recognised by its structure (formats/legacy.yaml),
never by its year: it keeps its sections under its own headings and gets the status `unsupported`.
A modern report whose tables are missing (pictures, attachments) gets a warning naming them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex
import yaml

from gkparse.document import Document, Line
from gkparse.models import ReportWarning, Section
from gkparse.normalize.text import fold, squeeze
from gkparse.sections import join_paragraphs

NUMERAL = regex.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、.,]")
# a numbered heading inside a line: after a sentence end or a space, or at the line's start
INLINE_HEADING = regex.compile(r"(?:^|(?<=[。；;！!？?\s]))[一二三四五六七八九十]{1,2}、")
HEADING_END = regex.compile(r"情况|措施|事项|概述")
NUMBERS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
MAX_HEADING_CHARS = 40

# The three printed tables by the reader that reads them, as the warning names them.
TABLES_OF = {
    "active_disclosure": "section 二 (documents, administrative_actions)",
    "requests": "section 三 (requests)",
    "review_litigation": "section 四 (review_litigation)",
}


@dataclass(frozen=True)
class LegacySection:
    key: str
    heading: str
    keywords: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Legacy:
    reason: str
    sections: tuple[LegacySection, ...]
    only_headings: frozenset[str]
    labels: tuple[str, ...]
    min_labels: int
    modern_anchors: tuple[str, ...]


@cache
def legacy() -> Legacy:
    data = yaml.safe_load(resources.files("gkparse.formats").joinpath("legacy.yaml").read_text("utf-8"))
    return Legacy(
        reason=data["reason"],
        sections=tuple(
            LegacySection(s["key"], s["heading"], tuple(tuple(g) for g in s["keywords"]))
            for s in data["sections"]
        ),
        only_headings=frozenset(data["only_headings"]),
        labels=tuple(squeeze(fold(x)) for x in data["labels"]),
        min_labels=data["min_labels"],
        modern_anchors=tuple(squeeze(fold(x)) for x in data["modern_anchors"]),
    )


def _numeral_value(numeral: str) -> int:
    if numeral.startswith("十"):
        return 10 + NUMBERS.get(numeral[1:], 0) if len(numeral) > 1 else 10
    if len(numeral) == 1:
        return NUMBERS.get(numeral, 0)
    return NUMBERS.get(numeral[0], 0) * 10 + NUMBERS.get(numeral[2:], 0)


def _spec_of(text: str, used: set[str]) -> LegacySection | None:
    for spec in legacy().sections:
        if spec.key not in used and any(all(w in text for w in group) for group in spec.keywords):
            return spec
    return None


def legacy_headings(lines: Sequence[Line]) -> list[tuple[int, LegacySection, int]]:
    """(line index, section, printed number) of each 2008-format heading, each section once."""
    found: list[tuple[int, LegacySection, int]] = []
    used: set[str] = set()
    for index, line in enumerate(lines):
        text = squeeze(fold(line.text))
        if len(text) > MAX_HEADING_CHARS:
            continue
        m = NUMERAL.match(text)
        spec = _spec_of(text, used) if m else None
        if m and spec is not None:
            found.append((index, spec, _numeral_value(m.group("n"))))
            used.add(spec.key)
    return found


def split_inline_headings(lines: Sequence[Line]) -> list[Line]:
    """A page's text glued into one line ("…止。一、概述2017年，我局…二、主动公开政府信息情况…"):
    each long line cut before and after the 2008-format headings inside it, so that they are
    headings of their own. A heading ends with its last word (情况, 措施, 事项, 概述)."""
    out: list[Line] = []
    for line in lines:
        text = line.text
        if len(text) <= MAX_HEADING_CHARS:
            out.append(line)
            continue
        pieces: list[tuple[int, int]] = []  # (start, end) of each heading inside the line
        for m in INLINE_HEADING.finditer(text):
            end = HEADING_END.search(text, m.start(), m.start() + MAX_HEADING_CHARS)
            if end and _spec_of(squeeze(fold(text[m.start() : end.end()])), set()) is not None:
                pieces.append((m.start(), end.end()))
        if not pieces:
            out.append(line)
            continue
        at = 0
        for start, end in pieces:
            out += [Line((t,), line.page) for t in (text[at:start].strip(), text[start:end]) if t]
            at = end
        if text[at:].strip():
            out.append(Line((text[at:].strip(),), line.page))
    return out


def pre_2019_sections(doc: Document) -> tuple[list[Line], list[Section]] | None:
    """When the report is in the 2008 format: the lines before its first heading (its head), and
    its sections under their own headings; else None."""
    rules = legacy()
    text = squeeze(fold(doc.text))
    if any(a in text for a in rules.modern_anchors):
        return None
    lines = split_inline_headings(doc.lines)
    headings = legacy_headings(lines)
    keys = {spec.key for _, spec, _ in headings}
    labels = sum(1 for label in rules.labels if label in text)
    if len(headings) < 2 or not (keys & rules.only_headings or labels >= rules.min_labels):
        return None
    ends = [index for index, _, _ in headings[1:]] + [len(lines)]
    sections = [
        Section(number=number, key=spec.key, heading=lines[index].text.strip(),
                text=join_paragraphs(lines[index + 1 : end]))
        for (index, spec, number), end in zip(headings, ends, strict=True)
    ]
    return lines[: headings[0][0]], sections


def unsupported_warning() -> ReportWarning:
    return ReportWarning(legacy().reason, code="unsupported_format")


def missing_tables(readers: Sequence[str], results: Sequence) -> ReportWarning | None:
    """A warning naming the printed tables of which nothing was found (and nothing said)."""
    pairs = zip(readers, results, strict=True)
    missing = [TABLES_OF[name] for name, r in pairs if not r.cells and not r.warnings]
    if not missing:
        return None
    return ReportWarning(f"tables: not found: {'; '.join(missing)}", code="tables_missing")
