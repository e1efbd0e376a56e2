"""Measure `gkparse convert` on a generated batch: reports/second, peak memory, resumed-run time.

    .venv/bin/python bench/batch_speed.py [--n 2000] [--jobs 1,2] [--format parquet] [--dask]

Writes N random text reports (tests/fixture_render.py: make_spec + render, every text shape in
turn, as fixtures/generate.py does) plus three bad files (empty, junk, a truncated PDF) into a
temporary directory, then times, each in a fresh process: a first run per -j value, a resumed run
(everything done: the index spares re-hashing), and a resumed run without the index (every input
hashed again). Memory: `parent` is the convert process's peak RSS (getrusage RUSAGE_SELF);
`largest worker` the largest peak RSS (VmHWM) of any process below it, and `tree` the largest sum
of the RSS of the whole process tree (the fork server and its workers included), both sampled
from /proc every 0.2 s (Linux).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"


def generate(folder: Path, n: int, seed: int = 0) -> None:
    """N report texts in every shape in turn, and the bad inputs a scrape brings."""
    sys.path.insert(0, str(REPO))
    from tests import fixture_render as fr

    avoid = frozenset(fr.KNOWN_BUGS) | frozenset(fr.LEFT_OUT_AS_AMBIGUOUS)
    for i in range(n):
        rng = random.Random(seed + i)
        spec = fr.make_spec(rng, fr.Features(), fr.CAPS["tsv"], seed=seed + i, avoid=avoid)
        shape = fr.SHAPES[i % len(fr.SHAPES)]
        (folder / f"report-{i:05d}.{shape}.txt").write_text(fr.render(spec, shape), "utf-8")
    (folder / "bad-empty.txt").write_bytes(b"")
    (folder / "bad-junk.txt").write_text("随便写点东西\n" * 20, "utf-8")
    pdf = (CORPUS / "hongze-district-2023.pdf").read_bytes()
    (folder / "bad-truncated.pdf").write_bytes(pdf[: len(pdf) // 3])


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def _kb(value: str | None) -> int:
    return int(value.split()[0]) if value else 0


def _below(pid: int, ancestor: int, parent: dict[int, int]) -> bool:
    while pid > 1:
        pid = parent.get(pid, 0)
        if pid == ancestor:
            return True
    return False


class TreeSampler(threading.Thread):
    """Peak RSS of the processes below this one, read from /proc while convert runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop, self.worker_kb, self.tree_kb = threading.Event(), 0, 0

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.2):
            status = {int(p.name): _status(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
            parent = {pid: int(s.get("PPid", "0")) for pid, s in status.items()}
            tree = [pid for pid in status if _below(pid, me, parent)]
            self.worker_kb = max([self.worker_kb, *(_kb(status[p].get("VmHWM")) for p in tree)])
            total = _kb(status.get(me, {}).get("VmRSS")) + sum(_kb(status[p].get("VmRSS")) for p in tree)
            self.tree_kb = max(self.tree_kb, total)


def run_once(inputs: Path, out: Path, jobs: int, fmt: str, dask: str | None) -> dict:
    """One convert in this (fresh) process; prints its counts, time and peak RSS as JSON."""
    from gkparse.batch import convert, find_inputs

    sampler = TreeSampler()
    sampler.start()
    start = time.perf_counter()
    counts = convert(find_inputs([inputs]), out, fmt=fmt, workers=jobs, progress=False, dask=dask)
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    kb = 1024  # ru_maxrss is in KiB on Linux
    return {
        **counts, "seconds": seconds,
        "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kb,
        "worker_mb": sampler.worker_kb / kb, "tree_mb": sampler.tree_kb / kb,
    }


def measure(inputs: Path, out: Path, jobs: int, fmt: str, dask: str | None) -> dict:
    cmd = [sys.executable, __file__, "--_run", str(inputs), str(out), str(jobs), fmt, dask or ""]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(label: str, r: dict) -> None:
    rate = (r["converted"] + r["failed"]) / r["seconds"] if r["converted"] + r["failed"] else 0
    print(f"{label:<34} {r['seconds']:7.1f} s  {rate:6.1f} reports/s  parent peak {r['parent_mb']:5.0f} MB  "
          f"largest worker {r['worker_mb']:5.0f} MB  tree {r['tree_mb']:5.0f} MB  "
          f"({r['converted']} converted, {r['failed']} failed, {r['skipped']} skipped)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="generated reports (plus 3 bad files)")
    ap.add_argument("--jobs", default="1,2", help="worker counts to time, comma-separated")
    ap.add_argument("--format", default="parquet", choices=["parquet", "csv"])
    ap.add_argument("--dask", action="store_true", help="also time --dask local with the last -j")
    ap.add_argument("--_run", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._run:
        inputs, out, jobs, fmt, dask = args._run
        print(json.dumps(run_once(Path(inputs), Path(out), int(jobs), fmt, dask or None)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        start = time.perf_counter()
        generate(inputs, args.n)
        size = sum(p.stat().st_size for p in inputs.iterdir()) / 1e6
        took = time.perf_counter() - start
        print(f"generated {args.n} reports + 3 bad files ({size:.1f} MB) in {took:.1f} s")
        jobs = [int(j) for j in args.jobs.split(",")]
        for j in jobs:
            show(f"first run -j {j}", measure(inputs, Path(tmp) / f"out{j}", j, args.format, None))
        last = Path(tmp) / f"out{jobs[-1]}"
        show("resumed run (index)", measure(inputs, last, jobs[-1], args.format, None))
        (last / ".gkparse" / "index.json").unlink()
        show("resumed run (no index: re-hash)", measure(inputs, last, jobs[-1], args.format, None))
        if args.dask:
            result = measure(inputs, Path(tmp) / "dask", jobs[-1], args.format, "local")
            show(f"first run --dask local -j {jobs[-1]}", result)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
