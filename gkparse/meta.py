"""Title, agency and year, each with where it was read (`meta.sources`).

A report usually names itself in its title. Web pages often lose the title (it sat in the page's
`<title>` or a banner the scraper dropped), so the year also comes from the statistics period,
the `YYYY年度…年度报告` phrase or the year 一、总体情况 opens with, and the agency from the page's
header fields or the prose's subject. The patterns are data (formats/meta.yaml). The first source
in PRIORITY that gives a field wins; a year that another source contradicts is named in a
warning (code "meta_conflict"), never silently replaced.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import regex
import yaml

from gkparse.document import Line
from gkparse.models import Meta, MetaSource, ReportWarning
from gkparse.normalize.text import fold, squeeze

YEAR = regex.compile(r"(20\d{2})年度?")
# The report-type suffix of a title, longest first; what precedes it (less the year) is the agency.
TITLE_SUFFIX = regex.compile(r"(?:关于)?(?:20\d{2}年度?)?政府信息公开(?:工作)?(?:年度)?(?:工作)?报告$")
TITLE_MAX_CHARS = 60
HEAD_LINES = 30  # the title is among the first lines before 一、
# a title glued to the first sentence of a page's text: its first few space-separated chunks
LEADING_CHUNKS = 4
CHROME_CHUNKS = 16  # site chrome before it: 当前位置 首页 > … 字号 大 中 小 打印
CHROME_MARK = regex.compile(r"[\p{P}\p{S}]|打印|关闭|字号|字体|当前位置|首页|分享")
OPENING_CHARS = 300  # the overview's opening sentence is within its first characters

# Earlier wins. "caller" and "manifest" are applied by `apply_given`, after the text is read.
PRIORITY: tuple[MetaSource, ...] = ("caller", "manifest", "title", "page", "statistics_period", "prose")
WHERE = {
    "title": "the title",
    "page": "the page header",
    "statistics_period": "the statistics period",
    "prose": "the prose",
    "manifest": "the manifest",
    "caller": "the caller",
}
GIVEN_FIELDS = ("title", "agency", "year", "url")


@dataclass(frozen=True)
class Clue:
    """One place that states a meta field."""

    field: str  # "title" | "agency" | "year"
    value: Any
    source: MetaSource
    where: str  # for warnings: "the statistics period", "the 总体情况 opening", …


@dataclass(frozen=True)
class Rules:
    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    breadcrumbs: regex.Pattern
    numeral_year: regex.Pattern
    digits: dict[str, str]
    field_names: dict[str, str]  # printed field name → "title" | "agency"
    statistics_period: regex.Pattern
    report_phrase: regex.Pattern
    overview_opening: regex.Pattern
    overview_subject: regex.Pattern
    agency_endings: tuple[str, ...]
    not_agency_starts: tuple[str, ...]
    intro_agency: tuple[regex.Pattern, ...]


@cache
def rules() -> Rules:
    data = yaml.safe_load(resources.files("gkparse.formats").joinpath("meta.yaml").read_text("utf-8"))
    names = {squeeze(fold(n)): f for f, ns in data["page_fields"].items() for n in ns}
    return Rules(
        suffixes=tuple(squeeze(fold(s)) for s in data["title_suffixes"]),
        prefixes=tuple(data["title_prefixes"]),
        breadcrumbs=regex.compile("|".join(regex.escape(fold(s)) for s in data["breadcrumb_separators"])),
        numeral_year=regex.compile("二[" + "".join(data["numeral_digits"]) + "]{3}(?=年)"),
        digits={k: str(v) for k, v in data["numeral_digits"].items()},
        field_names=names,
        statistics_period=regex.compile(data["statistics_period"]),
        report_phrase=regex.compile(data["report_phrase"]),
        overview_opening=regex.compile(data["overview_opening"]),
        overview_subject=regex.compile(data["overview_subject"]),
        agency_endings=tuple(sorted(data["agency_endings"], key=len, reverse=True)),
        not_agency_starts=tuple(data["not_agency_starts"]),
        intro_agency=tuple(regex.compile(p) for p in data["intro_agency"]),
    )


# --------------------------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------------------------


def arabic_years(text: str) -> str:
    """二〇二三年 → 2023年 (a folded text)."""
    digits = rules().digits
    return rules().numeral_year.sub(lambda m: "".join(digits[c] for c in m.group()), text)


def _after_breadcrumb(text: str) -> str:
    """The last part of 首页>政务公开>年报>2023年X政府信息公开工作年度报告."""
    return rules().breadcrumbs.split(text)[-1]


def _scrambled_suffix(text: str) -> int:
    """Length of the title suffix `text` ends with, its characters in any order (a PDF's text
    order, a scraper's split: 政府信息公开工作告年度报); 0 when it ends with none."""
    for suffix in rules().suffixes:
        if len(text) >= len(suffix) and Counter(text[-len(suffix) :]) == Counter(suffix):
            return len(suffix)
    return 0


def _is_title(text: str) -> bool:
    if not 0 < len(text) <= TITLE_MAX_CHARS:
        return False
    return ("政府信息公开" in text and text.endswith("报告")) or _scrambled_suffix(text) > 0


def _is_agency(text: str) -> bool:
    """A line that may name the agency above its title: short, and not the end of a sentence."""
    return 0 < len(text) <= 30 and not text.endswith(("。", "；", ";", ".", "：", ":"))


FIELD_START = regex.compile(r"(?:^|(?<=\s))(?P<name>[^\s:|]{2,8})\s*:\s*")


def page_fields(text: str) -> dict[str, str]:
    """The header fields of one folded line ("标题: X", "来源:X 发布时间:2023-01-01"), by
    meta field; a field printed empty ("发布机构: ") is absent."""
    found: dict[str, str] = {}
    starts = list(FIELD_START.finditer(text))
    for m, following in zip(starts, [*starts[1:], None], strict=False):
        field = rules().field_names.get(m.group("name"))
        value = text[m.end() : following.start() if following else len(text)].strip(" |")
        if field == "agency":
            value = value.split()[0] if value.split() else ""
        if field and value and field not in found:
            found[field] = value
    return found


def _is_field_line(text: str) -> bool:
    m = FIELD_START.match(text)
    return bool(m) and m.group("name") in rules().field_names


def title_line(lines: list[Line]) -> int | None:
    """Index of the first line that is (or, wrapped, starts) a report title; a line naming the
    agency right above a title that names none is part of it. Page header fields are not."""
    texts = ["" if _is_field_line(fold(line.text).strip()) else squeeze(fold(line.text)) for line in lines]
    for index, text in enumerate(texts):
        following = texts[index + 1] if index + 1 < len(texts) else ""
        wrapped = following and not _is_title(following) and _is_title(text + following)
        if _is_title(text) or wrapped:
            names_none = _agency_of_title(text) is None
            return index - 1 if names_none and index and _is_agency(texts[index - 1]) else index
    return None


def find_title(lines: list[Line]) -> str | None:
    head = lines[: 2 * HEAD_LINES]
    index = title_line(head)
    if index is None:
        return _leading_title(head)
    texts = [squeeze(fold(line.text)) for line in head[index : index + 2]]
    title = texts[0]
    if not _is_title(title):  # the agency on the line above, or a title wrapped over two lines
        title += texts[1]
    return title


def _leading_title(head: list[Line]) -> str | None:
    """A title near the start of a long line: a page's text glued into one line, "当前位置：首页 >
    年报 X2019年政府信息公开工作年度报告 根据《条例》…". A few space-separated chunks make it.
    Its agency part must be a name without chrome (小】打印本页关闭窗口长春市财政局 is not, nor
    a path zwgk/…/80629_平潭综合实验区). Preferred: one that names a year (a breadcrumb may say
    政府信息公开年度报告 alone), then one that names an agency, then the shortest."""
    found: list[str] = []
    for line in head:
        folded = fold(line.text)
        if _is_field_line(folded.strip()):
            continue
        chunks = folded.split()
        for start in range(min(len(chunks), CHROME_CHUNKS)):
            text = ""
            for chunk in chunks[start : start + LEADING_CHUNKS]:
                text += chunk
                if _is_title(text):
                    found.append(_after_breadcrumb(text))
                    break
    agencies = {t: _agency_of_title(arabic_years(t)) for t in found}
    clean = [t for t, a in agencies.items() if a is None or _clean_agency(a)]
    if not clean:
        return None
    return min(clean, key=lambda t: (not YEAR.search(arabic_years(t)), agencies[t] is None, len(t)))


def _clean_agency(name: str) -> bool:
    return _is_agency_name(name) and not CHROME_MARK.search(name)


def _agency_of_title(title: str) -> str | None:
    rest = TITLE_SUFFIX.sub("", title)
    if rest == title:  # no exact suffix: a scrambled one
        rest = title[: len(title) - _scrambled_suffix(title)]
    rest = YEAR.sub("", rest, count=1)
    for prefix in rules().prefixes:
        rest = rest.removeprefix(prefix)
    return rest.strip() or None


def _year_of(text: str) -> int | None:
    m = YEAR.search(text)
    return int(m.group(1)) if m else None


def _title_clues(title: str, source: MetaSource) -> list[Clue]:
    where = WHERE[source]
    title = _after_breadcrumb(title)
    clues = [Clue("title", title, source, where)]
    year = _year_of(arabic_years(title))
    if year is not None:
        clues.append(Clue("year", year, source, where))
    agency = _agency_of_title(arabic_years(title))
    if agency is not None:
        clues.append(Clue("agency", agency, source, where))
    return clues


# --------------------------------------------------------------------------------------------
# Prose
# --------------------------------------------------------------------------------------------


def _period_year(text: str) -> int | None:
    m = rules().statistics_period.search(text)
    if not m:
        return None
    return int(m.group("end") or m.group("start"))


def _is_agency_name(name: str) -> bool:
    r = rules()
    return name.endswith(r.agency_endings) and not name.startswith(r.not_agency_starts)


def _intro_agencies(text: str) -> list[str]:
    names = []
    for pattern in rules().intro_agency:
        for m in pattern.finditer(text):
            name = m.group("agency")
            if _is_agency_name(name):
                names.append(name)
    return names


def _overview_clues(overview: str) -> list[Clue]:
    """The year 一、总体情况 opens with, and its subject when that names an agency."""
    text = arabic_years(squeeze(fold(overview[:OPENING_CHARS])))
    m = rules().overview_opening.match(text)
    if not m:
        return []
    where = "the year 一、总体情况 opens with"
    clues = [Clue("year", int(m.group("year")), "prose", where)]
    subject = rules().overview_subject.match(text, m.end())
    if subject and _is_agency_name(subject.group("agency")):
        clues.append(Clue("agency", subject.group("agency"), "prose", "the subject of 一、总体情况"))
    return clues


def _one_name(names: Sequence[str]) -> str | None:
    """The agency the prose names, when it names one: a shorter name inside a longer one is the
    same agency (官洲街道 / 官洲街道办事处); two different names are ambiguous."""
    distinct = sorted(set(names), key=len, reverse=True)
    if not distinct or any(n not in distinct[0] for n in distinct[1:]):
        return None
    return distinct[0]


def text_clues(head: Sequence[Line], overview: str | None = None) -> list[Clue]:
    """Every statement of title, year and agency in the report's head lines (its first and its
    last lines before 一、: a long preamble of site chrome or other text may come first) and
    its overview."""
    head = list(head) if len(head) <= 2 * HEAD_LINES else [*head[:HEAD_LINES], *head[-HEAD_LINES:]]
    clues: list[Clue] = []
    title = find_title(head)
    if title:
        clues += _title_clues(title, "title")
    fields: dict[str, str] = {}
    for line in head:
        for key, value in page_fields(fold(line.text).strip()).items():
            fields.setdefault(key, value)
    if "title" in fields:
        clues += _title_clues(squeeze(fields["title"]), "page")
    if "agency" in fields and _is_agency_name(squeeze(fields["agency"])):  # not "来源: 人民网"
        clues.append(Clue("agency", fields["agency"], "page", WHERE["page"]))
    head_text = squeeze(fold(" ".join(line.text for line in head if not _is_field_line(fold(line.text)))))
    head_text, overview_text = arabic_years(head_text), arabic_years(squeeze(fold(overview or "")))
    for text in (head_text, overview_text):
        year = _period_year(text)
        if year is not None:
            clues.append(Clue("year", year, "statistics_period", WHERE["statistics_period"]))
            break
    m = rules().report_phrase.search(head_text)
    if m:
        clues.append(Clue("year", int(m.group("year")), "prose", "the 年度报告 phrase"))
    if overview:
        clues += _overview_clues(overview)
    prose_names = _intro_agencies(head_text) + [
        c.value for c in clues if c.field == "agency" and c.source == "prose"
    ]
    clues = [c for c in clues if not (c.field == "agency" and c.source == "prose")]
    name = _one_name(prose_names)
    if name is not None:
        clues.append(Clue("agency", name, "prose", WHERE["prose"]))
    return clues


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------


def resolve(clues: Sequence[Clue], fmt: str | None) -> tuple[Meta, list[ReportWarning]]:
    """The first clue of each field by PRIORITY; years that disagree are warned about."""
    rank = {s: i for i, s in enumerate(PRIORITY)}
    ordered = sorted(clues, key=lambda c: rank[c.source])  # stable: within a source, as found
    chosen: dict[str, Clue] = {}
    for clue in ordered:
        chosen.setdefault(clue.field, clue)
    warnings = []
    year = chosen.get("year")
    if year is not None:
        against = [c for c in ordered if c.field == "year" and c.value != year.value]
        seen: set[int] = set()
        for other in against:
            if other.value in seen:
                continue
            seen.add(other.value)
            warnings.append(ReportWarning(
                f"meta: year {year.value} from {year.where} contradicts {other.value} from {other.where}; "
                f"{year.value} kept",
                code="meta_conflict",
            ))
    sources: dict[str, MetaSource] = {f: chosen[f].source for f in ("title", "agency", "year") if f in chosen}
    if fmt is not None:
        sources["format"] = "tables"
    meta = Meta(
        title=chosen["title"].value if "title" in chosen else None,
        agency=chosen["agency"].value if "agency" in chosen else None,
        year=chosen["year"].value if "year" in chosen else None,
        format=fmt,
        sources=sources,
    )
    return meta, warnings


def read_meta(
    head: Sequence[Line], fmt: str | None, overview: str | None = None
) -> tuple[Meta, list[ReportWarning]]:
    """Meta from the lines before the first section heading and the text of 一、总体情况."""
    return resolve(text_clues(head, overview), fmt)


def check_given(given: Mapping[str, Any] | None) -> dict[str, Any]:
    """Caller or manifest metadata, checked: only title, agency, year (an integer), url; empty
    values dropped. ValueError names what is wrong."""
    out: dict[str, Any] = {}
    for key, value in (given or {}).items():
        if key not in GIVEN_FIELDS:
            raise ValueError(f"unknown meta field {key!r} (use {', '.join(GIVEN_FIELDS)})")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key == "year":
            try:
                value = int(str(value).strip())
            except ValueError:
                raise ValueError(f"meta year must be a whole number, not {value!r}") from None
            if not 1990 <= value <= 2100:
                raise ValueError(f"meta year {value} is not a report year")
        else:
            value = str(value).strip()
        out[key] = value
    return out


def _same_agency(a: str, b: str) -> bool:
    a, b = squeeze(fold(a)), squeeze(fold(b))
    return a in b or b in a


def apply_given(
    meta: Meta, given: Mapping[str, Any] | None, source: MetaSource = "caller"
) -> tuple[Meta, list[ReportWarning]]:
    """Metadata the caller (or a manifest) already holds wins over the text; a year or an agency
    the text contradicts is warned about."""
    given = check_given(given)
    if not given:
        return meta, []
    warnings = []
    sources = dict(meta.sources)
    where = WHERE[source]
    for key, value in given.items():
        printed = getattr(meta, key)
        contradicts = printed is not None and (
            printed != value if key == "year" else key == "agency" and not _same_agency(printed, value)
        )
        if contradicts:
            read = WHERE.get(meta.sources.get(key, ""), "the text")
            warnings.append(ReportWarning(
                f"meta: {key} {value} given by {where} contradicts {printed} from {read}; {value} kept",
                code="meta_conflict",
            ))
        sources[key] = source
    return replace(meta, **given, sources=sources), warnings
