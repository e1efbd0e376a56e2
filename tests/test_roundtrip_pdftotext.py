"""Round trip of the two pdftotext shapes that hide where a number belongs (tests/render_layout.py).

`pdftotext -layout` text of tables whose blank cells print nothing, and default `pdftotext`
text, which writes a table column by column. Each gets ≥500 generated reports (derandomized;
GKPARSE_ROUNDTRIP_EXAMPLES sets how many). No cell may be wrong, and every printed cell that
is not read must be named in a warning (its row, or its table left out). The recall of each
shape is in the README's Measured section (`python tests/render_layout.py`).
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

import gkparse
from tests import fixture_render as fr
from tests import render_layout as rl
from tests.conftest import roundtrip

seeds = st.integers(min_value=0, max_value=2**32 - 1)
formats = st.sampled_from(["2019", "2021"])


def check(spec: fr.Spec, shape: str) -> rl.Outcome:
    text = rl.render(spec, shape)
    result = rl.outcome(gkparse.parse(text), spec)
    problems = result.wrong + result.unnamed
    assert not problems, fr.describe(spec, text, problems)
    return result


@roundtrip
@given(fmt=formats, seed=seeds)
def test_layout_with_blank_cells(fmt, seed):
    spec = rl.blank_spec(random.Random(seed), fmt, seed)
    check(spec, "layout_blanks")


@roundtrip
@given(fmt=formats, seed=seeds)
def test_column_major_text_gives_no_wrong_cell(fmt, seed):
    """Default pdftotext: labels first, then each column's numbers. A number that follows a
    label there is not that label's; such rows are left out, named in a warning."""
    spec = rl.column_major_spec(random.Random(seed), fmt, seed)
    check(spec, "column_major")
