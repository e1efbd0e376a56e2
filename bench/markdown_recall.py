"""Recall of the Markdown reader per converter style: cells read right / cells printed.

    .venv/bin/python bench/markdown_recall.py [--reports N] [--seed S] [--before]

`--before` reads the same Markdown as gkparse did before it had a Markdown reader (sniffed as
plain text, or as HTML when it holds a `<table>`), for comparison.

Random specs from tests/fixture_render.py (every feature switched on at random, as in
tests/source/test_markdown_roundtrip.py), written by tests/render_markdown.py in each style.
A printed cell is one the Markdown shows: every value of a printed row, glued rows included
(their digits are printed, but glued to the label). A wrong cell is a cell read with another
value than printed, or a cell that was not printed: it must stay 0.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gkparse
from tests import fixture_render as fr
from tests import render_markdown as rm

AVOID = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
NAMES = [f.name for f in fields(fr.Features) if f.name != "other_split"]


def printed_cells(spec: fr.Spec) -> int:
    exp = fr.expected(spec)
    glued = {tuple(k.split("|")) for k in spec.glued}
    return len(exp.cells) + sum(1 for k in spec.values if tuple(k.split("|")[:2]) in glued)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--before", action="store_true", help="without the Markdown reader")
    args = parser.parse_args()
    if args.before:
        from gkparse import source

        source.looks_markdown = lambda data: False
    rng = random.Random(args.seed)
    cases = []
    for _ in range(args.reports):
        features = rm.features(fr.Features(**{n: rng.random() < 0.5 for n in NAMES}, other_split=None))
        seed = rng.randrange(2**32)
        fmt = rng.choice(("2019", "2021"))
        cases.append(fr.make_spec(random.Random(seed), features, rm.CAPS, fmt=fmt, seed=seed, avoid=AVOID))
    print(f"{args.reports} reports per style (seed {args.seed})")
    for style in rm.STYLES:
        printed = read = wrong = 0
        start = time.perf_counter()
        for spec in cases:
            report = gkparse.parse(rm.render_markdown(spec, style))
            exp = fr.expected(spec)
            got = {(c.table, c.row, c.col): c for c in report.items}
            printed += printed_cells(spec)
            for key, cell in got.items():
                want = exp.cells.get(key)
                if want is not None and fr.same(cell.value, want[0]):
                    read += 1
                else:
                    wrong += 1
        ms = 1000 * (time.perf_counter() - start) / len(cases)
        print(f"{style:12s} recall {read}/{printed} = {100 * read / printed:.2f}%  wrong {wrong}  "
              f"({ms:.0f} ms per report)")


if __name__ == "__main__":
    main()
