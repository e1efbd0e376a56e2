"""Cells read from generated one-line page texts (tests/render_oneline.py), wrong cells, and the
slowest parse: `python bench/oneline_recall.py --reports 500 [--no-blanks]`.

A one-line page is a web page saved as its text on one line (site archives, scrapers): cells glued
together, a blank cell leaving nothing. With `--no-blanks` every cell prints something (0, —),
as on the real pages we hold; by default some cells are blank, as the generator's `nulls` makes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import fixture_render as fr
from tests.test_roundtrip_oneline import WEB_FEATURES, oneline_case, unnamed_rows, wrong_cells


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reports", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-blanks", action="store_true", help="every cell prints something")
    args = ap.parse_args()
    printed = read = wrong = unnamed = 0
    slowest = (0.0, None)
    split = 0
    for seed in range(args.seed, args.seed + args.reports):
        rng = random.Random(seed)
        features = fr.Features(
            **{k: rng.random() < 0.5 and not (args.no_blanks and k == "nulls") for k in WEB_FEATURES},
            other_split=rng.choice([None, True, False]),
        )
        fmt = rng.choice(["2019", "2021"])
        start = time.perf_counter()
        spec, _text, report = oneline_case(features, fmt, seed)
        took = time.perf_counter() - start
        slowest = max(slowest, (took, seed), key=lambda x: x[0])
        printed += len(fr.expected(replace(spec, glued=[])).cells)
        read += len(report.items)
        split += sum(1 for c in report.items if c.provenance == "split_by_rules")
        wrong += len(wrong_cells(spec, report))
        unnamed += len(unnamed_rows(spec, report))
    print(f"{args.reports} one-line reports ({'no blank cells' if args.no_blanks else 'with blank cells'}): "
          f"{read:,} of {printed:,} printed cells read ({read / printed:.1%}), {split:,} of them split by "
          f"the rules; {wrong} wrong; {unnamed} rows left out unnamed; slowest parse {slowest[0]:.2f} s "
          f"(seed {slowest[1]})")


if __name__ == "__main__":
    main()
