"""Round trip: random report specs → text in every shape → gkparse.parse → exactly the spec's cells.

A spec (tests/fixture_render.py) is a report with known numbers: both formats, blanks and dashes,
typos, wrapped labels, missing and glued rows, group labels carrying numbers, NFKC folding,
vertical-text debris, … Each text shape gets ≥500 generated reports (derandomized, so CI runs
the same ones). Cells must come back exactly (value and type; raw text for null cells); rows the
text makes unreadable (glued, missing) must be absent and named in a warning; every warning must
be one the spec explains; a consistent spec must fail no check, and a spoiled one must fail the
spoiled rule.

Parser bugs these tests found are listed in fixture_render.KNOWN_BUGS; their shapes are kept out
of the property tests and each has a minimal text below, marked xfail(strict=True).
Set GKPARSE_ROUNDTRIP_EXAMPLES to run fewer examples locally.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkparse
from tests import fixture_render as fr
from tests.conftest import ROUNDTRIP_EXAMPLES as EXAMPLES
from tests.conftest import roundtrip

AVOID = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


BOOL_FEATURES = [f.name for f in fields(fr.Features) if f.name != "other_split"]
features_st = st.builds(
    fr.Features,
    **{name: st.booleans() for name in BOOL_FEATURES},
    other_split=st.sampled_from([None, True, False]),
)
seeds = st.integers(min_value=0, max_value=2**32 - 1)
formats = st.sampled_from(["2019", "2021"])


def known_bug(key: str):
    """xfail(strict) while `key` is in KNOWN_BUGS; a plain test once it is removed."""
    return pytest.mark.xfail(key in fr.KNOWN_BUGS, reason=fr.KNOWN_BUGS.get(key, ""), strict=True)


def roundtrip_case(shape: str, features: fr.Features, fmt: str, seed: int, encoding: str = "utf8"):
    spec = fr.make_spec(random.Random(seed), features, fr.CAPS[shape], fmt=fmt, seed=seed, avoid=AVOID)
    text = fr.render(spec, shape)
    data = fr.encode(text, encoding)
    report = gkparse.parse(data)
    problems = fr.diff(report, spec)
    assert not problems, fr.describe(spec, text, problems)
    return spec, report


# --------------------------------------------------------------------------------------------
# Property tests: one per text shape, and the glued shape and the three encodings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", fr.SHAPES)
@roundtrip
@given(features=features_st, fmt=formats, seed=seeds)
def test_roundtrip(shape, features, fmt, seed):
    roundtrip_case(shape, features, fmt, seed)


@roundtrip
@given(shape=st.sampled_from(fr.SHAPES), features=features_st, fmt=formats, seed=seeds)
def test_roundtrip_glued(shape, features, fmt, seed):
    """行政许可3960181: a label glued to its numbers. The row is split by the format's arithmetic
    when exactly one split satisfies it, every cell right and marked split_by_rules; else it is
    left out. A warning names it either way (roundtrip_case asserts the cells and warnings)."""
    spec, report = roundtrip_case(shape, replace(features, glued=True), fmt, seed)
    assert spec.glued
    for key in spec.glued:
        table, row = key.split("|")
        cells = [c for c in report.items if (c.table, c.row) == (table, row)]
        assert all(c.provenance in ("split_by_rules", "printed") for c in cells)
        assert any(regex_row(row).search(w) for w in report.warnings), (row, report.warnings)


def regex_row(row: str) -> re.Pattern:
    return re.compile(rf"(?<![\w.]){re.escape(row)}(?![\w.])")


@pytest.mark.parametrize("encoding", ["utf8_bom", "gb18030", "traditional", "crlf"])
@roundtrip
@given(shape=st.sampled_from(fr.SHAPES), features=features_st, fmt=formats, seed=seeds)
def test_roundtrip_encoding(encoding, shape, features, fmt, seed):
    """UTF-8 with BOM and GB18030 as bytes, traditional characters, CRLF line ends: the same values."""
    roundtrip_case(shape, features, fmt, seed, encoding)


# --------------------------------------------------------------------------------------------
# Checks: consistent specs pass every check that runs; a spoiled rule fails
# --------------------------------------------------------------------------------------------

ALSO_FAILS = {  # rules a spoiled cell necessarily drags along
    "requests.row_total": {"requests.results_total", "requests.balance"},
}


@pytest.mark.parametrize("rule", fr.BREAKABLE)
@settings(max_examples=max(20, EXAMPLES // 10), deadline=None, derandomize=True, database=None)
@given(shape=st.sampled_from(fr.SHAPES), fmt=formats, seed=seeds, nulls=st.booleans())
def test_broken_rule_fails(rule, shape, fmt, seed, nulls):
    features = fr.Features(nulls=nulls, subtotals=rule == "requests.group_subtotal")
    spec = fr.make_spec(
        random.Random(seed), features, fr.CAPS[shape], fmt=fmt, break_rule=rule, seed=seed, avoid=AVOID
    )
    text = fr.render(spec, shape)
    report = gkparse.parse(text)
    failed = {c.rule for c in report.checks if not c.ok}
    assert rule in failed, fr.describe(spec, text, [f"{rule} not failed; failed: {failed}"])
    assert failed <= {rule} | ALSO_FAILS.get(rule, set()), fr.describe(spec, text, [f"failed: {failed}"])
    assert not fr.diff(report, spec), fr.describe(spec, text, fr.diff(report, spec))


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None, derandomize=True, database=None)
@given(shape=st.sampled_from(fr.SHAPES), fmt=formats, seed=seeds)
def test_consistent_spec_runs_and_passes_checks(shape, fmt, seed):
    """Without blanks and missing rows every sum rule runs (so 'no failed check' is not vacuous)."""
    spec = fr.make_spec(
        random.Random(seed), fr.Features(nulls=False), fr.CAPS[shape], fmt=fmt, seed=seed, avoid=AVOID
    )
    report = gkparse.parse(fr.render(spec, shape))
    ran = {c.rule for c in report.checks}
    assert set(fr.BREAKABLE) - {"requests.group_subtotal"} <= ran
    assert all(c.ok for c in report.checks), [c for c in report.checks if not c.ok]


# --------------------------------------------------------------------------------------------
# Fixed examples
# --------------------------------------------------------------------------------------------


def test_dongguan_group_label_variant_every_shape():
    """（三）不予公开 carries the numbers of 1.属于国家秘密, whose own line is empty (东莞 2019)."""
    rng = random.Random(2019)
    spec = fr.make_spec(rng, fr.Features(nulls=False), fmt="2019", seed=2019)
    spec.group_style["denied"] = "numbers"
    for shape in fr.SHAPES:
        text = fr.render(spec, shape)
        report = gkparse.parse(text)
        assert not fr.diff(report, spec), fr.describe(spec, text, fr.diff(report, spec))
        assert (
            report.value("requests", "denied.state_secret", "total")
            == spec.values["requests|denied.state_secret|total"][0]
        )


def test_renderers_print_what_the_spec_says():
    """Guard against a generator that tests nothing: every shape prints every printed number."""
    spec = fr.make_spec(random.Random(5), fr.Features(nulls=False), fmt="2021", seed=5)
    spec.values["administrative_actions|fees|amount"] = [7730.28, "7730.28"]
    for shape in fr.SHAPES:
        text = fr.render(spec, shape)
        assert fr.title(spec) in text
        assert "7730.28" in text
        for heading in (h for _, h in fr.templates().sections):
            assert heading in text, (shape, heading)


def committed_fixtures():
    return sorted((FIXTURES / "text").glob("*.expected.json")) if (FIXTURES / "text").exists() else []


@pytest.mark.parametrize(
    "expected_file", committed_fixtures(), ids=lambda p: p.name.removesuffix(".expected.json")
)
def test_committed_fixture(expected_file):
    """fixtures/text (written by fixtures/generate.py) still parses to its expected cells."""
    exp = json.loads(expected_file.read_text("utf-8"))
    spec = fr.Spec.from_json(json.loads((FIXTURES / "specs" / exp["spec"]).read_text("utf-8")))
    cells = {tuple(c[:3]): (c[3], c[4]) for c in exp["cells"]}
    assert cells == fr.expected(spec).cells, "expected JSON out of date: rerun fixtures/generate.py"
    for name in exp["texts"]:
        data = (expected_file.parent / name).read_bytes()
        report = gkparse.parse(data if not name.endswith(".txt") else data.decode("utf-8"))
        problems = fr.diff(report, spec)
        assert not problems, f"{name}:\n" + "\n".join(problems[:30])


# --------------------------------------------------------------------------------------------
# Parser bugs found by the generator: minimal texts. test_bug_*: open, xfail(strict) while listed
# in fixture_render.KNOWN_BUGS; test_fixed_*: fixed in 48667e2 / 1ee0638, kept as regressions.
# --------------------------------------------------------------------------------------------

HEAD = "2020年某市某局政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
TAIL = (
    "四、政府信息公开行政复议、行政诉讼情况\n无。\n"
    "五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
)
REQUESTS_HEADER = (
    "三、收到和处理政府信息公开申请情况\n"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\n"
    "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
    "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\n"
)


def test_blank_total_after_colspan_read_on_the_header_grid():
    # （六）其他处理 spans label columns 2–3 (one empty cell), 总计 printed blank (Shanghai 2019
    # style): filler-then-numbers and numbers-then-blank both fit; the header's tab grid (自然人
    # in cell 3, 总计 in cell 9) and the label in its own column settle it
    text = HEAD + REQUESTS_HEADER + "\t（六）其他处理\t\t8\t3\t0\t0\t0\t0\t\n" + TAIL
    report = gkparse.parse(text)
    assert report.value("requests", "other", "natural_person") == 8
    assert report.value("requests", "other", "commercial_enterprise") == 3
    assert report.value("requests", "other", "total") is None


def test_blank_total_after_colspan_off_the_grid_is_left_out_not_shifted():
    # the same row without its leading placeholder cell: not on the header's grid, so ambiguous
    text = HEAD + REQUESTS_HEADER + "（六）其他处理\t\t8\t3\t0\t0\t0\t0\t\n" + TAIL
    report = gkparse.parse(text)
    assert [c for c in report.items if c.row == "other"] == []
    assert any(
        w.startswith("requests: row other (")
        and w.endswith("8 cells for 7 columns; row left out as ambiguous")
        for w in report.warnings
    )


def requests_table(fmt: str, counts: dict[str, int], omit=(), glue=()) -> str:
    """Section 三 as tab-separated text: natural-person counts, zeros elsewhere, totals consistent."""
    plan = fr.leaf_rows(fmt, other_split=False)
    outer = {"new_received", "brought_forward", "total", "carried_forward"}
    total = sum(counts.get(r.key, 0) for r in plan if r.key not in outer)
    counts = {**counts, "new_received": total, "total": total}
    lines = []
    for r in plan:
        if r.key in omit:
            continue
        n = counts.get(r.key, 0)
        label = r.marker + r.labels[0]
        if r.key in glue:
            lines.append(f"\t\t{label}{n}00000{n}")
        else:
            lines.append(
                "\t" * min(r.depth, 2) + label + "\t" * (3 - min(r.depth, 2)) + f"{n}\t0\t0\t0\t0\t0\t{n}"
            )
    return REQUESTS_HEADER + "\n".join(lines) + "\n"


@known_bug("all_headers_wrapped")
def test_bug_format_lost_when_2019_headers_wrap_short():
    text = (
        HEAD + "            第二十条第（一）项\n"
        "   信息内容      本年新制      本年新公      对外公开\n"
        "                 作数量        开数量        总数量\n"
        "规章               0             0             0\n"
        "            第二十条第（五）项\n"
        "   信息内容      上一年项      本年          处理\n"
        "                 目数量        增/减         决定数量\n"
        "行政许可           173         -13           160\n" + TAIL
    )
    report = gkparse.parse(text)
    assert report.meta.format == "2019"
    assert report.value("administrative_actions", "licensing", "previous") == 173


@known_bug("blank_first_trailing_tab")
def test_bug_blank_first_cell_and_trailing_tab():
    # 自然人 blank, row ends with a tab, as Word copies do (东莞 2019)
    text = HEAD + REQUESTS_HEADER + "\t\t5.属于三类内部事务信息\t\t0\t0\t0\t0\t0\t0\t\n" + TAIL
    report = gkparse.parse(text)
    assert report.value("requests", "denied.internal_affairs", "natural_person") is None
    assert report.value("requests", "denied.internal_affairs", "total") == 0


@known_bug("unlabelled_padding")
def test_bug_unlabelled_rows_with_colspan_blank():
    # (owenbabies) （五）不予处理 followed by its five rows' numbers without labels; the group label
    # spans label columns 2–3, so a blank cell follows it
    rows = "".join(f"\t\t\t{n}\t0\t0\t0\t0\t0\t{n}\n" for n in (1, 2, 3, 4, 5))
    text = HEAD + REQUESTS_HEADER + "\t（五）不予处理\t\n" + rows + TAIL
    report = gkparse.parse(text)
    assert report.value("requests", "not_processed.petition", "natural_person") == 1
    assert report.value("requests", "not_processed.confirm_existing", "total") == 5


@known_bug("page_number_coincidence")
def test_bug_table_cells_taken_for_page_numbers():
    # one cell per line, no page numbers; page 1 ends with the cell 6, page 2 with the cell 7
    def row(label, *values):
        return "\n\n".join([label, *map(str, values)])

    text = (
        HEAD
        + "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
        + row("规章", 0, 0, 6)
        + "\f"
        + row("行政规范性文件", 1, 0, 7)
        + "\f"
        + "第二十条第（五）项\n信息内容\n本年处理决定数量\n"
        + row("行政许可", 5)
        + "\n"
        + TAIL
    )
    report = gkparse.parse(text)
    assert report.value("documents", "rules", "in_force") == 6
    assert report.value("documents", "normative_documents", "in_force") == 7


@known_bug("slash_page_number")
def test_bug_numbers_line_taken_for_page_number():
    text = (
        HEAD + "                  第二十条第（五）项\n"
        "       信息内容      上一年项目数量  本年增/减     处理决定数量\n"
        "行政许可         0     22     5\n"
        "其他对外管\n"
        "  理服务事项\n"
        "                 607     /     0\n" + TAIL
    )
    report = gkparse.parse(text)
    assert report.value("administrative_actions", "other_services", "previous") == 607
    assert report.value("administrative_actions", "other_services", "change") is None


@known_bug("subtotal_glued_first_child")
def test_bug_subtotal_given_to_glued_first_row():
    text = (
        HEAD
        + REQUESTS_HEADER
        + (
            "\t（四）无法提供\t\t16\t0\t0\t0\t0\t0\t16\n"
            "\t\t1.本机关不掌握相关政府信息1000001\n"
            "\t\t2.没有现成信息需要另行制作\t15\t0\t0\t0\t0\t0\t15\n"
            "\t\t3.补正后申请内容仍不明确\t0\t0\t0\t0\t0\t0\t0\n"
        )
        + TAIL
    )
    report = gkparse.parse(text)
    assert any("unable.not_held" in w and "glued" in w for w in report.warnings)
    assert report.value("requests", "unable", "natural_person") == 16  # the printed subtotal


def test_fixed_missing_group_row_leaves_results_total_unverified():
    # 2.其他法律行政法规禁止公开 (3 requests) is not printed at all: （七）总计 = 5 cannot be verified
    text = (
        HEAD
        + requests_table(
            "2019", {"granted": 2, "denied.prohibited_by_law": 3}, omit={"denied.prohibited_by_law"}
        )
        + TAIL
    )
    report = gkparse.parse(text)
    assert any("denied.prohibited_by_law" in w for w in report.warnings)
    assert not [c for c in report.checks if not c.ok], [c.message for c in report.checks if not c.ok]


def test_fixed_glued_group_row_leaves_results_total_unverified():
    # the same row printed glued to its numbers: left out with a warning, so R3 is unverifiable
    text = (
        HEAD
        + requests_table(
            "2019", {"granted": 2, "denied.prohibited_by_law": 3}, glue={"denied.prohibited_by_law"}
        )
        + TAIL
    )
    report = gkparse.parse(text)
    assert any("denied.prohibited_by_law" in w and "glued" in w for w in report.warnings)
    assert not [c for c in report.checks if not c.ok], [c.message for c in report.checks if not c.ok]


def test_fixed_number_at_page_end_kept():
    # pdftotext default (one cell per line), a page without footer ends inside the table
    cells = [
        "规章",
        "0",
        "0",
        "3",
        "行政规范性文件",
        "1",
        "0",
        "7\f第二十条第（五）项",
        "信息内容",
        "本年处理决定数量",
        "行政许可",
        "5",
    ]
    text = (
        HEAD
        + "第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
        + "\n\n".join(cells)
        + "\n"
        + TAIL
    )
    report = gkparse.parse(text)
    assert report.value("documents", "normative_documents", "in_force") == 7


def test_fixed_wrapped_layout_header_keeps_column_order():
    text = (
        HEAD + "                    第二十条第（五）项\n"
        "     信息内容      上一年      本年增/减      处理决定\n"
        "                   项目数量                   数量\n"
        "行政许可            173         -13           160\n" + TAIL
    )
    report = gkparse.parse(text)
    assert report.value("administrative_actions", "licensing", "previous") == 173
    assert report.value("administrative_actions", "licensing", "change") == -13
    assert report.value("administrative_actions", "licensing", "decisions") == 160


def test_fixed_half_recognised_header_keeps_rows():
    text = (
        HEAD + "第二十条第（一）项\n信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
        "第二十条第（五）项\n"
        "信息内容\t上一年项目数量\t本年\t处理决定数量\n"
        "\t\t增/减\t\n"
        "行政许可\t173\t-13\t160\n" + TAIL
    )
    report = gkparse.parse(text)
    assert report.meta.format == "2019"
    assert report.value("administrative_actions", "licensing", "change") == -13


def test_fixed_format_found_when_every_header_wraps():
    text = (
        HEAD + "                第二十条第（一）项\n"
        "   信息内容      本年制发      本年废止      现行有效\n"
        "                 件数          件数          件数\n"
        "规章               0             0             0\n"
        "                第二十条第（五）项\n"
        "   信息内容      本年处理决定\n"
        "                 数量\n"
        "行政许可           550\n" + TAIL
    )
    report = gkparse.parse(text)
    assert report.meta.format == "2021"
    assert report.value("administrative_actions", "licensing", "decisions") == 550


def test_known_bugs_have_a_repro():
    """Every KNOWN_BUGS entry has a minimal text above, so that fixing it shows as XPASS."""
    source = Path(__file__).read_text("utf-8")
    for key in fr.KNOWN_BUGS:
        assert f'@known_bug("{key}")' in source, key
