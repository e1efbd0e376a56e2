"""How often year and agency come out right when a report's title is missing or spoiled.

    .venv/bin/python bench/meta_recall.py [--n 60]

Generated reports (tests/fixture_render.py) in every text shape, each in four variants: the title
removed (the statistics period and the prose remain), the title and the intro removed (only the
year and subject 一、总体情况 opens with remain), the title's suffix shuffled, and the title moved
into a page header field (`标题: …`) above a body without one. Counts right, empty and wrong
values per variant; a wrong value is the one that matters.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import gkparse  # noqa: E402 - after the path is set
from tests import fixture_render as fr  # noqa: E402

AVOID = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)


def variants(spec: fr.Spec, text: str, rng: random.Random) -> dict[str, str]:
    title = fr.title(spec)
    suffix = list("政府信息公开工作年度报告")
    rng.shuffle(suffix)
    return {
        "no title": text.replace(title, "", 1),
        "no title, no intro": text.replace(title, "", 1).replace(fr.prose(spec)["intro"], "", 1),
        "scrambled title": text.replace(title, f"{spec.agency}{spec.year}年" + "".join(suffix), 1),
        "title in a page field": f"标题: {title}\n发布时间: 2024-01-20\n" + text.replace(title, "", 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=60, help="reports per shape")
    args = ap.parse_args()
    counts: dict[str, Counter] = {}
    for shape in fr.SHAPES:
        for seed in range(args.n):
            spec = fr.make_spec(random.Random(seed), fr.Features(), fr.CAPS[shape], seed=seed, avoid=AVOID)
            text = fr.render(spec, shape)
            for name, variant in variants(spec, text, random.Random(seed)).items():
                meta = gkparse.parse(variant).meta
                tally = counts.setdefault(name, Counter())
                for field, want in (("year", spec.year), ("agency", spec.agency)):
                    got = getattr(meta, field)
                    tally[(field, "right" if got == want else "empty" if got is None else "wrong")] += 1
    total = args.n * len(fr.SHAPES)
    print(f"{total} generated reports ({args.n} per shape × {len(fr.SHAPES)} shapes) per variant")
    print(f"{'variant':<24} {'year right/empty/wrong':>24} {'agency right/empty/wrong':>26}")
    for name, tally in counts.items():
        cols = ["/".join(str(tally[(f, k)]) for k in ("right", "empty", "wrong")) for f in ("year", "agency")]
        print(f"{name:<24} {cols[0]:>24} {cols[1]:>26}")


if __name__ == "__main__":
    main()
