"""Wall time of the CLI from process start to exit (the issue's target: under 0.3 s each).

    python bench/cli_speed.py [--repeat 10] [FILE]

Times `gkparse --version`, `gkparse --help` and `gkparse parse FILE` (JSON to stdout) as fresh
processes of this interpreter (`python -m gkparse.cli`, which is what the `gkparse` script runs),
and prints the median and worst wall time of `--repeat` runs, with the median CPU time.
FILE defaults to a committed fixture text.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "fixtures" / "text" / "report-0.tsv.txt"
TARGET_S = 0.3
# as a user runs it: bytecode cached (a session with PYTHONDONTWRITEBYTECODE=1 would compile every
# gkparse module from source on every start, ~0.1 s that no installed copy pays)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(args: list[str], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run: on a shared machine the CPU time shows
    the cost when the wall time is inflated by other processes."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "gkparse.cli", *args], check=True, cwd=REPO,
                       stdout=subprocess.DEVNULL, env=ENV)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    wall(["parse", str(args.file)], 1)  # warm the file cache and write the bytecode, not the interpreter
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'command':44} {'median s':>9} {'max s':>7} {'cpu s':>7}  target < {TARGET_S} s")
    worst = 0.0
    for label, argv in (("gkparse --version", ["--version"]), ("gkparse --help", ["--help"]),
                        (f"gkparse parse {args.file.name}", ["parse", str(args.file)])):
        times, cpus = wall(argv, args.repeat)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{label:44} {median:9.3f} {max(times):7.3f} {statistics.median(cpus):7.3f}  "
              f"{'ok' if median < TARGET_S else 'SLOW'}")
    sys.exit(0 if worst < TARGET_S else 1)


if __name__ == "__main__":
    main()
