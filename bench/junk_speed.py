"""Time the refusal of a large text that is not a report, and the parse of a report inside one.

    .venv/bin/python bench/junk_speed.py [--mb 30] [--repeat 3]

Before the report's region was looked for first, a 30 MB text that is no report ran for 76 s
before it was refused. The texts are generated (fixtures/junk.py) into a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import gkparse  # noqa: E402 - after the path is set
from fixtures.junk import junk_text  # noqa: E402

SEED = REPO.parent / "shared" / "corpus" / "real" / "dongguan-drc-2019.txt"


def timed(path: Path, repeat: int) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            report = gkparse.parse(path)
            outcome = f"read: {len(report.items)} cells"
        except gkparse.NotAReportError as e:
            outcome = f"refused: {e.reason}"
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        junk = junk_text(args.mb * 2**20)
        plain = Path(tmp) / "junk.txt"
        plain.write_text(junk, "utf-8")
        half = junk.index("\n", len(junk) // 2)
        inside = Path(tmp) / "inside.txt"
        inside.write_text(junk[:half] + "\n" + SEED.read_text("utf-8") + "\n" + junk[half:], "utf-8")
        cases = ((f"{args.mb} MB, no report", plain), (f"{args.mb} MB, the 东莞 report inside", inside))
        for label, path in cases:
            seconds, outcome = timed(path, args.repeat)
            print(f"{label:<32} {seconds:6.2f} s (median of {args.repeat})  {outcome}")


if __name__ == "__main__":
    main()
