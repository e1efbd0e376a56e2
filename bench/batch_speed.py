"""Measure `gkparse convert` on a generated batch: reports/second, peak memory, resumed-run time.

    .venv/bin/python bench/batch_speed.py [--n 500,5000] [--jobs 1,2] [--dask] [--rounds 3] [--format parquet]

For each N, writes N random text reports (tests/fixture_render.py: make_spec + render, every text
shape in turn, as fixtures/generate.py does) plus three bad files (empty, junk, a truncated PDF)
into a temporary directory, then times, each in a fresh process: a first run per -j value (and
`--dask local` with the last -j), `--rounds` times interleaved (a shared machine's load falls on
every configuration alike; the best round counts), then a resumed run (everything done: the index
spares re-hashing) and a resumed run without the index (every input hashed again). Memory:
`parent` is the convert process's peak RSS (getrusage RUSAGE_SELF), `cpu` its CPU seconds;
`largest worker` the largest peak RSS (VmHWM) of any process below it, and `tree` the largest sum
of the RSS of the whole process tree (the fork server, the workers, Dask's processes), both sampled
from /proc every 0.2 s (Linux). The last lines are one summary per N with the two ratios the
issue asks for (-j 2 / -j 1 and --dask local -j 2 / -j 2) and the load average.
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


def _cpu(pid: int) -> float:
    """utime + stime of a process, in seconds (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
        self.cpu: dict[int, float] = {}  # CPU seconds of every process seen below this one

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.2):
            status = {int(p.name): _status(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
            parent = {pid: int(s.get("PPid", "0")) for pid, s in status.items()}
            tree = [pid for pid in status if _below(pid, me, parent)]
            self.worker_kb = max([self.worker_kb, *(_kb(status[p].get("VmHWM")) for p in tree)])
            total = _kb(status.get(me, {}).get("VmRSS")) + sum(_kb(status[p].get("VmRSS")) for p in tree)
            self.tree_kb = max(self.tree_kb, total)
            for pid in tree:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu(pid))


def run_once(inputs: Path, out: Path, jobs: int, fmt: str, dask: str | None) -> dict:
    """One convert in this (fresh) process; prints its counts, time and peak RSS as JSON."""
    import gkparse.batch
    from gkparse.batch import convert, find_inputs

    writing = []
    write_dataset = gkparse.batch.write_dataset

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return write_dataset(*args, **kwargs)
        finally:
            writing.append(time.perf_counter() - start)

    gkparse.batch.write_dataset = timed  # the final dataset build, timed apart
    sampler = TreeSampler()
    sampler.start()
    start = time.perf_counter()
    counts = convert(find_inputs([inputs]), out, fmt=fmt, workers=jobs, progress=False, dask=dask)
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    kb = 1024  # ru_maxrss is in KiB on Linux
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        **counts, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "dataset": sum(writing),
        "tree_cpu": usage.ru_utime + usage.ru_stime + sum(sampler.cpu.values()),
        "parent_mb": usage.ru_maxrss / kb,
        "worker_mb": sampler.worker_kb / kb, "tree_mb": sampler.tree_kb / kb,
    }


def measure(inputs: Path, out: Path, jobs: int, fmt: str, dask: str | None) -> dict:
    cmd = [sys.executable, __file__, "--_run", str(inputs), str(out), str(jobs), fmt, dask or ""]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def show(label: str, r: dict) -> None:
    rate = (r["converted"] + r["failed"]) / r["seconds"] if r["converted"] + r["failed"] else 0
    print(f"{label:<34} {r['seconds']:6.1f} s (dataset {r['dataset']:4.1f} s) {rate:6.1f} reports/s  "
          f"cpu: parent {r['cpu']:4.1f} s, tree {r['tree_cpu']:5.1f} s "
          f"peak: parent {r['parent_mb']:4.0f} MB, largest worker {r['worker_mb']:4.0f} MB, "
          f"tree {r['tree_mb']:4.0f} MB  "
          f"({r['converted']} converted, {r['failed']} failed, {r['skipped']} skipped)")


def rate(r: dict) -> float:
    return (r["converted"] + r["failed"]) / r["seconds"]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench(tmp: Path, n: int, jobs: list[int], fmt: str, dask: bool, rounds: int) -> str:
    """Every configuration on N inputs; returns the summary line."""
    inputs = tmp / f"in{n}"
    inputs.mkdir()
    start = time.perf_counter()
    generate(inputs, n)
    size = sum(p.stat().st_size for p in inputs.iterdir()) / 1e6
    print(f"generated {n} reports + 3 bad files ({size:.1f} MB) in {time.perf_counter() - start:.1f} s")
    configs = [(f"-j {j}", j, None) for j in jobs] + ([(f"--dask local -j {jobs[-1]}", jobs[-1], "local")]
                                                       if dask else [])
    best: dict[str, dict] = {}
    loads = [load()]
    for k in range(rounds):
        for label, j, cluster in configs:
            out = tmp / f"out{n}-{k}-{j}-{'dask' if cluster else 'pool'}"
            r = measure(inputs, out, j, fmt, cluster)
            show(f"N={n} round {k + 1} first run {label}", r)
            if label not in best or r["seconds"] < best[label]["seconds"]:
                best[label] = r
            if k < rounds - 1 or (j, cluster) != (jobs[-1], None):
                shutil.rmtree(out)
        loads.append(load())
    for label, r in best.items():
        show(f"N={n} best first run {label}", r)
    last = tmp / f"out{n}-{rounds - 1}-{jobs[-1]}-pool"
    show(f"N={n} resumed run (index)", measure(inputs, last, jobs[-1], fmt, None))
    (last / ".gkparse" / "index.json").unlink()
    show(f"N={n} resumed run (no index: re-hash)", measure(inputs, last, jobs[-1], fmt, None))
    shutil.rmtree(tmp / f"in{n}")
    shutil.rmtree(last)
    parts = [f"summary N={n}"] + [f"{label} {rate(r):.1f}/s" for label, r in best.items()]
    one, two = best.get("-j 1"), best.get("-j 2")
    if one and two:
        parts.append(f"-j 2/-j 1 = {rate(two) / rate(one):.2f} (target >= 1.80)")
    if two and f"--dask local -j {jobs[-1]}" in best and jobs[-1] == 2:
        parts.append(f"dask/-j 2 = {rate(best['--dask local -j 2']) / rate(two):.2f} (target >= 0.85)")
    peak = max(r["tree_mb"] for r in best.values())
    parts.append(f"tree peak {peak:.0f} MB; load avg {' -> '.join(loads)}")
    return parts[0] + ": " + "; ".join(parts[1:])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", default="500,5000", help="generated reports (plus 3 bad files), comma-separated")
    ap.add_argument("--jobs", default="1,2", help="worker counts to time, comma-separated")
    ap.add_argument("--format", default="parquet", choices=["parquet", "csv"])
    ap.add_argument("--dask", action="store_true", help="also time --dask local with the last -j")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds per N; the best counts")
    ap.add_argument("--_run", nargs=5, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._run:
        inputs, out, jobs, fmt, dask = args._run
        print(json.dumps(run_once(Path(inputs), Path(out), int(jobs), fmt, dask or None)))
        return
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        summaries = [bench(Path(tmp), int(n), jobs, args.format, args.dask, args.rounds)
                     for n in args.n.split(",")]
    print("\n".join(summaries))


if __name__ == "__main__":
    main()
