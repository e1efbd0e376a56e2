"""Title, agency and year from the lines before the first section heading."""

from __future__ import annotations

import regex

from gkparse.document import Line
from gkparse.models import Meta
from gkparse.normalize.text import fold, squeeze

YEAR = regex.compile(r"(20\d{2})年度?")
# The report-type suffix of a title, longest first; what precedes it (less the year) is the agency.
TITLE_SUFFIX = regex.compile(r"(?:关于)?(?:20\d{2}年度?)?政府信息公开(?:工作)?(?:年度)?(?:工作)?报告$")
INTRO_AGENCY = regex.compile(r"本报告由(.{2,40}?)(?:根据|依据|按照)")


def _is_title(text: str) -> bool:
    return "政府信息公开" in text and text.endswith("报告") and len(text) <= 60


def _is_agency(text: str) -> bool:
    """A line that may name the agency above its title: short, and not the end of a sentence."""
    return 0 < len(text) <= 30 and not text.endswith(("。", "；", ";", ".", "：", ":"))


def title_line(lines: list[Line]) -> int | None:
    """Index of the first line that is (or, wrapped, starts) a report title; a line naming the
    agency right above a title that names none is part of it."""
    texts = [squeeze(fold(line.text)) for line in lines]
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else ""
        wrapped = following and not _is_title(following) and _is_title(text + following)
        if _is_title(text) or wrapped:
            names_none = TITLE_SUFFIX.sub("", YEAR.sub("", text, count=1)) == ""
            return index - 1 if names_none and index and _is_agency(texts[index - 1]) else index
    return None


def find_title(lines: list[Line]) -> str | None:
    head = lines[:30]
    index = title_line(head)
    if index is None:
        return None
    texts = [squeeze(fold(line.text)) for line in head[index : index + 2]]
    title = texts[0]
    if not _is_title(title):  # the agency on the line above, or a title wrapped over two lines
        title += texts[1]
    return title


def read_meta(head: list[Line], fmt: str | None) -> Meta:
    title = find_title(head)
    year = agency = None
    if title:
        m = YEAR.search(title)
        year = int(m.group(1)) if m else None
        agency = TITLE_SUFFIX.sub("", title)
        agency = YEAR.sub("", agency).strip() or None
    if agency is None:
        intro = squeeze(fold(" ".join(line.text for line in head[:40])))
        m = INTRO_AGENCY.search(intro)
        agency = m.group(1) if m else None
    return Meta(title=title, agency=agency, year=year, format=fmt)
