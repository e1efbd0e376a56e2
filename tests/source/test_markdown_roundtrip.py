"""Round trip of random reports through the Markdown of four PDF converters:
parse(render_markdown(spec, style)) == spec, exactly.

Specs come from tests/fixture_render.py (both formats, blanks and dashes, typos, wrapped labels,
missing and glued rows, group labels in every placement, number variants, NFKC folding, page
breaks); tests/render_markdown.py writes them as MinerU (HTML tables with rowspan/colspan),
marker/pandoc (pipe tables, merged cells empty), pipe tables split at page breaks under invented
header rows, and docling (merged cells repeated). Every cell must come back with its value (and
raw text when null); a row the text cannot make certain (glued, not printed) must be absent and
named in a warning; every warning must be one the spec explains; a consistent report fails no
check. GKPARSE_ROUNDTRIP_EXAMPLES sets the examples per style (default 500).
"""

from __future__ import annotations

import random
from dataclasses import fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gkparse
from tests import fixture_render as fr
from tests import render_markdown as rm
from tests.conftest import roundtrip

AVOID = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
BOOL_FEATURES = [f.name for f in fields(fr.Features) if f.name != "other_split"]
features_st = st.builds(
    fr.Features,
    **{name: st.booleans() for name in BOOL_FEATURES},
    other_split=st.sampled_from([None, True, False]),
).map(rm.features)


def roundtrip_case(style: str, features: fr.Features, fmt: str, seed: int):
    spec = fr.make_spec(random.Random(seed), features, rm.CAPS, fmt=fmt, seed=seed, avoid=AVOID)
    text = rm.render_markdown(spec, style)
    report = gkparse.parse(text)
    problems = fr.diff(report, spec)
    if report.source.kind != "text" or report.source.reader != "markdown":
        problems.append(f"read as {report.source.kind}/{report.source.reader}")
    assert not problems, fr.describe(spec, text, problems)
    return spec, report


@pytest.mark.parametrize("style", rm.STYLES)
@roundtrip
@given(features=features_st, fmt=st.sampled_from(["2019", "2021"]), seed=st.integers(0, 2**32 - 1))
def test_markdown_roundtrip(style, features, fmt, seed):
    roundtrip_case(style, features, fmt, seed)
