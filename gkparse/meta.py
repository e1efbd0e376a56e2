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


def find_title(lines: list[Line]) -> str | None:
    texts = [squeeze(fold(line.text)) for line in lines[:30]]
    for index, text in enumerate(texts[:-1]):
        joined = text + texts[index + 1]
        if not _is_title(text) and not _is_title(texts[index + 1]) and _is_title(joined):
            texts[index] = joined  # a title wrapped over two lines: "…工作年" / "度报告"
    for index in range(len(texts)):
        text = texts[index]
        if _is_title(text):
            title = text
            previous = squeeze(fold(lines[index - 1].text)) if index else ""
            if TITLE_SUFFIX.sub("", YEAR.sub("", title, count=1)) == "" and previous and len(previous) <= 30:
                title = previous + title  # agency on the line above: "洪泽区人民政府 / 2023年…报告"
            return title
    return None


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
