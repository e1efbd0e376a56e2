"""Round trip of one-line page texts (tests/render_oneline.py): generated reports, saved as a
site archive saves a web page, must parse with every section found and ZERO wrong cells. A
cell is right, or its row is left out and a warning names it. Recall is measured by
bench/oneline_recall.py (README)."""

from __future__ import annotations

import random
import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

import gkparse
from tests import fixture_render as fr
from tests.conftest import roundtrip
from tests.render_oneline import render_oneline

AVOID = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
SECTIONS = [k for k, _ in fr.templates().sections]
# what a web page can show: no page furniture, vertical text or PDF line wraps
WEB_FEATURES = ("nulls", "missing", "groups", "subtotals", "nfkc", "marker_space", "label_variants",
                "number_variants", "label_spaces", "typos", "extra_prose")

features_st = st.builds(
    fr.Features,
    **{name: st.booleans() for name in WEB_FEATURES},
    other_split=st.sampled_from([None, True, False]),
)


def oneline_case(features: fr.Features, fmt: str, seed: int):
    spec = fr.make_spec(random.Random(seed), features, fr.CAPS["style_c"], fmt=fmt, seed=seed, avoid=AVOID)
    text = render_oneline(spec, random.Random(seed))
    return spec, text, gkparse.parse(text)


def wrong_cells(spec: fr.Spec, report) -> list[str]:
    """Cells the report gives that the spec did not print, or printed otherwise."""
    printed = {k: v for k, v in fr.expected(replace(spec, glued=[])).cells.items()}
    problems = []
    for c in report.items:
        key = (c.table, c.row, c.col)
        if key not in printed:
            problems.append(f"unexpected cell {key} = {c.value!r}")
        elif not fr.same(c.value, printed[key][0]):
            problems.append(f"{key}: read {c.value!r}, printed {printed[key][1]!r}")
    return problems


def unnamed_rows(spec: fr.Spec, report) -> list[str]:
    """Printed rows the report left out without a warning naming them."""
    printed = fr.expected(replace(spec, glued=[])).cells
    got = {(c.table, c.row) for c in report.items}
    rows = sorted({(t, r) for t, r, _ in printed} - got)
    return [
        f"{t}.{r}" for t, r in rows
        if not any(re.search(rf"(?<![\w.]){re.escape(r)}(?![\w.])", w) for w in report.warnings)
    ]


@roundtrip
@given(features=features_st, fmt=st.sampled_from(["2019", "2021"]), seed=st.integers(0, 2**32 - 1))
def test_oneline_page_has_no_wrong_cell(features, fmt, seed):
    spec, text, report = oneline_case(features, fmt, seed)
    problems = wrong_cells(spec, report) + [f"left out, not named: {r}" for r in unnamed_rows(spec, report)]
    assert [s.key for s in report.sections] == SECTIONS, text[:400]
    assert not problems, fr.describe(spec, text, problems)
    assert all(c.provenance in ("printed", "split_by_rules") for c in report.items)
