"""Meta read from the text when no title says it, where each field came from, and contradictions."""

from __future__ import annotations

import random

import pytest

import gkparse
from gkparse.document import text_to_document
from gkparse.meta import apply_given, read_meta
from gkparse.source import load
from tests import fixture_render as fr
from tests.conftest import corpus_file

AVOID = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
SHAPES = ("tsv", "layout", "style_c", "cells_per_line")
TABLES = {"format": "tables"}


def generated(seed: int, shape: str) -> tuple[fr.Spec, str]:
    spec = fr.make_spec(random.Random(seed), fr.Features(), fr.CAPS[shape], seed=seed, avoid=AVOID)
    return spec, fr.render(spec, shape)


def meta_warnings(report) -> list[str]:
    return [str(w) for w in report.warnings if getattr(w, "code", "") == "meta_conflict"]


@pytest.mark.parametrize("shape", SHAPES)
def test_no_title_year_from_statistics_period_agency_from_prose(shape):
    for seed in range(12):
        spec, text = generated(seed, shape)
        untitled = text.replace(fr.title(spec), "", 1)
        assert fr.title(spec) not in untitled
        report = gkparse.parse(untitled)
        assert (report.meta.title, report.meta.agency, report.meta.year) == (None, spec.agency, spec.year)
        assert report.meta.sources == {"agency": "prose", "year": "statistics_period", **TABLES}
        assert meta_warnings(report) == []
        assert fr.diff(report, spec, strict_warnings=False) == []


def test_no_title_no_intro_year_and_agency_from_the_overview_opening():
    for seed in range(12):
        spec, text = generated(seed, "tsv")
        intro = fr.prose(spec)["intro"]
        bare = text.replace(fr.title(spec), "", 1).replace(intro, "", 1)
        report = gkparse.parse(bare)
        assert (report.meta.agency, report.meta.year) == (spec.agency, spec.year)
        assert report.meta.sources == {"agency": "prose", "year": "prose", **TABLES}


def test_year_from_the_report_phrase():
    doc = text_to_document("现将本局2022年度政府信息公开工作年度报告公布如下。\n")
    meta, warnings = read_meta(doc.lines, None)
    assert (meta.title, meta.year, meta.sources, warnings) == (None, 2022, {"year": "prose"}, [])


def test_overview_subject_of_the_issue():
    doc = text_to_document("来源：人民网  发布时间：2024-01-20\n")  # a news site is not an agency
    meta, warnings = read_meta(doc.lines, None, "2023年，官洲街道办事处认真贯彻落实《条例》。")
    assert (meta.agency, meta.year) == ("官洲街道办事处", 2023)
    assert meta.sources == {"agency": "prose", "year": "prose"}
    assert warnings == []


def test_a_pronoun_or_an_adverbial_is_not_an_agency():
    for opening in ("2023年，我局认真贯彻落实《条例》。", "2023年，在区委区政府的领导下，全面推进。",
                    "2023年，全区共主动公开政府信息1200条。"):
        meta, _ = read_meta([], None, opening)
        assert (meta.agency, meta.year) == (None, 2023)


def test_two_different_prose_subjects_are_ambiguous():
    doc = text_to_document("本报告由甲县财政局根据《条例》编制。\n")
    meta, _ = read_meta(doc.lines, None, "2023年，乙县教育局认真贯彻落实《条例》。")
    assert meta.agency is None


def test_a_shorter_name_inside_a_longer_one_is_the_same_agency():
    doc = text_to_document("本报告由官洲街道办事处根据《条例》编制。\n")
    meta, _ = read_meta(doc.lines, None, "2023年，广州市天河区官洲街道办事处认真贯彻。")
    assert meta.agency == "广州市天河区官洲街道办事处"


def test_scrambled_title_of_the_issue():
    doc = text_to_document("昌图县七家子镇2023年政府信息公开 工作告年度报\n根据《条例》编制本报告。\n")
    meta, warnings = read_meta(doc.lines, None)
    assert (meta.agency, meta.year) == ("昌图县七家子镇", 2023)
    assert meta.title == "昌图县七家子镇2023年政府信息公开工作告年度报"
    assert meta.sources == {"title": "title", "agency": "title", "year": "title"}
    assert warnings == []


def test_generated_titles_with_their_suffix_shuffled():
    """Any order of the suffix's characters (not a list of scrambles), split by a space or not."""
    rng = random.Random(7)
    for seed in range(20):
        spec, text = generated(seed, "tsv")
        suffix = list("政府信息公开工作年度报告")
        rng.shuffle(suffix)
        cut = rng.randint(0, len(suffix))
        scrambled = f"{spec.agency}{spec.year}年" + "".join(suffix[:cut]) + " " + "".join(suffix[cut:])
        report = gkparse.parse(text.replace(fr.title(spec), scrambled, 1))
        assert (report.meta.agency, report.meta.year) == (spec.agency, spec.year)
        assert report.meta.sources["agency"] == report.meta.sources["year"] == "title"


def test_contradicting_years_are_warned_about():
    spec, text = generated(3, "tsv")
    other = spec.year - 1
    period = f"所列数据统计期限自{spec.year}年1月1日起至{spec.year}年12月31日止"
    report = gkparse.parse(text.replace(period, period.replace(str(spec.year), str(other)), 1))
    assert report.meta.year == spec.year and report.meta.sources["year"] == "title"
    assert meta_warnings(report) == [
        f"meta: year {spec.year} from the title contradicts {other} from the statistics period; "
        f"{spec.year} kept"
    ]


def test_page_header_fields_of_an_archived_page():
    """pingtan 2022: no title in the body; `标题:` in the archive header, `发布机构:` empty."""
    _, doc = load(corpus_file("pingtan-zone-2022.page.txt"))
    meta, warnings = read_meta(doc.lines, None)
    assert meta.title == "平潭综合实验区2022年度政府信息公开工作年度报告"
    assert (meta.agency, meta.year) == ("平潭综合实验区", 2022)
    assert meta.sources == {"title": "page", "agency": "page", "year": "page"}
    assert warnings == []


def test_title_glued_to_the_first_sentence_of_a_page():
    """pingtan 2019: the body's title starts the one line the page's text is in."""
    _, doc = load(corpus_file("pingtan-zone-2019.page.txt"))
    meta, warnings = read_meta(doc.lines, None)
    assert meta.title == "平潭综合实验区2019年政府信息公开工作年度报告"
    assert (meta.agency, meta.year) == ("平潭综合实验区", 2019)
    assert meta.sources == {"title": "title", "agency": "title", "year": "title"}
    assert warnings == []


def test_site_chrome_source_line():
    doc = text_to_document(
        "首页 > 政府信息公开 > 年报\n来源：广州市天河区官洲街道办事处  发布时间：2024-01-20  字号 大 中 小\n")
    meta, _ = read_meta(doc.lines, None)
    assert (meta.agency, meta.sources) == ("广州市天河区官洲街道办事处", {"agency": "page"})


def test_caller_meta_wins_and_contradictions_are_warned():
    spec, text = generated(5, "tsv")
    given = {"year": spec.year + 1, "url": "https://example.gov.cn/a.html", "agency": spec.agency}
    report = gkparse.parse(text, meta=given)
    assert (report.meta.year, report.meta.url) == (spec.year + 1, given["url"])
    assert report.meta.agency == spec.agency
    assert report.meta.sources == {"title": "title", "agency": "caller", "year": "caller", "url": "caller",
                                   **TABLES}
    assert meta_warnings(report) == [
        f"meta: year {spec.year + 1} given by the caller contradicts {spec.year} from the title; "
        f"{spec.year + 1} kept"
    ]


def test_caller_agency_that_the_text_contradicts():
    meta, _ = read_meta(text_to_document("2023年某县财政局政府信息公开工作年度报告\n").lines, None)
    same, none = apply_given(meta, {"agency": "某县财政局"})
    assert none == [] and same.sources["agency"] == "caller"
    _, warnings = apply_given(meta, {"agency": "某县教育局"}, "manifest")
    assert warnings == [
        "meta: agency 某县教育局 given by the manifest contradicts 某县财政局 from the title; 某县教育局 kept"
    ]


def test_bad_caller_meta_is_a_value_error():
    _, text = generated(1, "tsv")
    with pytest.raises(ValueError, match="unknown meta field 'province'"):
        gkparse.parse(text, meta={"province": "广东"})
    with pytest.raises(ValueError, match="meta year must be a whole number, not '二〇二三'"):
        gkparse.parse(text, meta={"year": "二〇二三"})


@pytest.mark.parametrize(("text", "overview", "want"), [
    ("首页 > 政务公开 > 年报 > 2023年某县财政局政府信息公开工作年度报告\n", None,
     ("2023年某县财政局政府信息公开工作年度报告", "某县财政局", 2023, "title")),
    ("某县财政局二〇二三年政府信息公开工作年度报告\n", None,
     ("某县财政局二〇二三年政府信息公开工作年度报告", "某县财政局", 2023, "title")),
    ("本报告所列数据时间为2022年1月1日至2022年12月31日。\n", None, (None, None, 2022, "statistics_period")),
    ("统计期限为2019年5月15日至12月31日。\n", None, (None, None, 2019, "statistics_period")),
    ("\n", "二〇二三年，某县财政局认真贯彻落实《条例》。", (None, "某县财政局", 2023, "prose")),
])
def test_title_and_period_variants(text, overview, want):
    meta, warnings = read_meta(text_to_document(text).lines, None, overview)
    assert (meta.title, meta.agency, meta.year, meta.sources["year"]) == want
    assert warnings == []


def test_an_opening_date_is_not_the_report_year():
    meta, warnings = read_meta([], None, "2019年5月15日新修订的《条例》施行以来，我局认真贯彻落实。")
    assert (meta.year, warnings) == (None, [])
    assert hash(meta) == hash(read_meta([], None, "")[0])  # sources are not hashed


@pytest.mark.parametrize("period", [
    "本年度报告中所列数据统计期限自2021年1月1日起至2021年12月31日止。",
    "本报告所列数据的统计期限为2021年1月1日至2021年12月31日。",
    "统计时限为2021年1月1日至2021年12月31日。",
    "统计时间为2021年1月1日—12月31日。",
    "本报告数据统计期间：2021年1月1日至2021年12月31日。",
])
def test_statistics_period_wordings(period):
    meta, _ = read_meta(text_to_document(f"{period}\n").lines, None)
    assert (meta.year, meta.sources) == (2021, {"year": "statistics_period"})


@pytest.mark.parametrize("opening", [
    "2021年，某市统计局坚持以习近平新时代中国特色社会主义思想为指导，",
    "2021年，某市统计局深入贯彻落实《条例》，",
    "2021年，某市统计局在市委、市政府的坚强领导下，",
    "2021年以来，某市统计局严格按照《条例》要求，",
    "2021年度，某市统计局紧紧围绕中心工作，",
])
def test_overview_opening_wordings(opening):
    meta, _ = read_meta([], None, opening + "扎实推进政务公开工作。")
    assert (meta.agency, meta.year) == ("某市统计局", 2021)
    assert meta.sources == {"agency": "prose", "year": "prose"}
