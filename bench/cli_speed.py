"""Wall time of the CLI from process start to exit (the issue's target: under 0.3 s each).

    python bench/cli_speed.py [--repeat 10] [FILE]

Times `gkparse --version`, `gkparse --help` and `gkparse parse FILE` (JSON to stdout) as fresh
processes of this interpreter (`python -m gkparse.cli`, which is what the `gkparse` script runs),
and prints the median and worst of `--repeat` runs. FILE defaults to a committed fixture text.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "fixtures" / "text" / "report-0.tsv.txt"
TARGET_S = 0.3


def wall(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gkparse.cli", *args], check=True, cwd=REPO,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    wall(["--version"], 1)  # warm the file cache, not the interpreter
    print(f"{'command':44} {'median s':>9} {'max s':>7}  target < {TARGET_S} s")
    worst = 0.0
    for label, argv in (("gkparse --version", ["--version"]), ("gkparse --help", ["--help"]),
                        (f"gkparse parse {args.file.name}", ["parse", str(args.file)])):
        times = wall(argv, args.repeat)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{label:44} {median:9.3f} {max(times):7.3f}  {'ok' if median < TARGET_S else 'SLOW'}")
    sys.exit(0 if worst < TARGET_S else 1)


if __name__ == "__main__":
    main()
