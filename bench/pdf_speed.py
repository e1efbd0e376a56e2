"""PDF speed and memory: gkparse.parse against bare pdfplumber, on the same files.

    .venv/bin/python bench/pdf_speed.py [-n REPEAT] [PDF ...]

Without paths, every PDF in /work/shared/corpus/real is used. Each engine runs in its own
subprocess (so peak RSS is that engine's alone), repeats the whole file set REPEAT times after
one warm-up pass, and reports milliseconds per page. The engines take turns for ROUNDS rounds
(`--rounds`), and the median round is reported, so that a busy machine slows all of them
alike. Engines:

  extract_text    pdfplumber: page.extract_text() on every page
  extract_tables  pdfplumber: page.extract_tables() on every page
  gkparse         gkparse.parse(path): probe, layout, tables, checks — the whole report

Targets: gkparse ≤ 1.3 × extract_tables in ms/page, peak RSS ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path("/work/shared/corpus/real")
ENGINES = ("extract_text", "extract_tables", "gkparse")
RATIO_TARGET = 1.3
RSS_TARGET_MB = 300


def _pdfplumber_pass(paths: list[str], method: str) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                getattr(page, method)()
                pages += 1
    return pages


def _gkparse_pass(paths: list[str]) -> int:
    import gkparse

    pages = 0
    for path in paths:
        report = gkparse.parse(path)
        pages += report.source.pages or 0
    return pages


def run_engine(engine: str, paths: list[str], repeat: int) -> dict:
    """Inside the subprocess: one warm-up pass, then `repeat` timed passes."""
    if engine == "gkparse":

        def one_pass() -> int:
            return _gkparse_pass(paths)

    else:

        def one_pass() -> int:
            return _pdfplumber_pass(paths, engine)

    one_pass()  # imports, font caches, YAML templates
    pages = 0
    start = time.perf_counter()
    for _ in range(repeat):
        pages += one_pass()
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "engine": engine,
        "pages": pages,
        "seconds": seconds,
        "ms_per_page": 1000 * seconds / max(pages, 1),
        "peak_rss_mb": peak_kb / 1024,
    }


def measure(engine: str, paths: list[str], repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--engine", engine, "-n", str(repeat), *paths]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{engine} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="PDF files (default: every PDF in the real corpus)")
    parser.add_argument("-n", "--repeat", type=int, default=5, help="timed passes over the files")
    parser.add_argument("-r", "--rounds", type=int, default=3, help="rounds of engines taking turns")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)  # subprocess mode
    args = parser.parse_args(argv)
    paths = [str(Path(p)) for p in args.paths] or [str(p) for p in sorted(CORPUS.glob("*.pdf"))]
    if not paths:
        parser.error("no PDF files")

    if args.engine:
        print(json.dumps(run_engine(args.engine, paths, args.repeat)))
        return 0

    print(
        f"{len(paths)} PDF(s); per engine and round: one process, a warm-up pass, then {args.repeat} "
        f"timed pass(es); {args.rounds} round(s), median shown"
    )
    for p in paths:
        print(f"  {p}")
    rounds = [{engine: measure(engine, paths, args.repeat) for engine in ENGINES} for _ in range(args.rounds)]
    results = {}
    for engine in ENGINES:
        runs = [r[engine] for r in rounds]
        results[engine] = {
            "pages": runs[0]["pages"],
            "ms_per_page": statistics.median(r["ms_per_page"] for r in runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        }
    base = results["extract_tables"]["ms_per_page"]
    print(f"\n{'engine':<16}{'pages':>7}{'ms/page':>10}{'× tables':>10}{'peak RSS MB':>13}")
    for engine in ENGINES:
        r = results[engine]
        ratio = r["ms_per_page"] / base if base else float("nan")
        print(f"{engine:<16}{r['pages']:>7}{r['ms_per_page']:>10.1f}{ratio:>10.2f}{r['peak_rss_mb']:>13.1f}")
    g = results["gkparse"]
    ratio = g["ms_per_page"] / base if base else float("nan")
    speed_ok = ratio <= RATIO_TARGET
    rss_ok = g["peak_rss_mb"] <= RSS_TARGET_MB
    print(
        f"\ngkparse/extract_tables = {ratio:.2f} (target ≤ {RATIO_TARGET}: {'ok' if speed_ok else 'OVER'}); "
        f"peak RSS {g['peak_rss_mb']:.0f} MB (target ≤ {RSS_TARGET_MB}: {'ok' if rss_ok else 'OVER'})"
    )
    return 0 if speed_ok and rss_ok else 1


if __name__ == "__main__":
    sys.exit(main())
