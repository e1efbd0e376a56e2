"""Labels with a note appended, as publishers print them: `规范性文件（含部门规范性文件）`,
`四、结转下年度继续办理（截至12月31日尚在答复期限内）`, `行政许可（含承诺制审批）`. Generated notes
(not a list of the real ones) on random rows, in every text shape, wrapped where the shape wraps
labels: the rows must still anchor, and the report must parse to its spec exactly."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

import gkparse
from tests import fixture_render as fr
from tests.conftest import roundtrip
from tests.test_roundtrip import AVOID, features_st

WORDS = ["部门规范性文件", "承诺制审批", "申请人撤回申请", "逾期不补正", "备案事项", "网上申请", "电话咨询",
         "区直部门", "乡镇街道", "延期答复"]


def note(rng: random.Random) -> str:
    kind = rng.randrange(4)
    words = "、".join(rng.sample(WORDS, rng.randint(1, 2)))
    if kind == 0:
        return f"（含{words}）"
    if kind == 1:
        return f"（包括{words}）"
    if kind == 2:
        return f"（截至{rng.randint(1, 12)}月{rng.randint(1, 28)}日尚在答复期限内）"
    return f"（不含{words}）"


def with_notes(spec: fr.Spec, rng: random.Random) -> fr.Spec:
    rows = [k for k in spec.labels if not k.startswith("col|") and k.split("|")[0] != "review_litigation"]
    for key in rng.sample(rows, min(len(rows), rng.randint(1, 6))):
        spec.labels[key] = spec.labels[key] + note(rng)
        spec.typos.pop(key, None)
    return spec


@roundtrip
@given(shape=st.sampled_from(fr.SHAPES), features=features_st, fmt=st.sampled_from(["2019", "2021"]),
       seed=st.integers(0, 2**32 - 1))
def test_labels_with_appended_notes_still_anchor(shape, features, fmt, seed):
    rng = random.Random(seed)
    spec = fr.make_spec(rng, features, fr.CAPS[shape], fmt=fmt, seed=seed, avoid=AVOID)
    spec = with_notes(spec, rng)
    text = fr.render(spec, shape)
    report = gkparse.parse(text)
    problems = fr.diff(report, spec)
    assert not problems, fr.describe(spec, text, problems)
