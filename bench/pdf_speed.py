"""PDF speed and memory: gkparse.parse, with each PDF engine, against bare pdfplumber.

    .venv/bin/python bench/pdf_speed.py [-n REPEAT] [-r ROUNDS] [PDF ...]

Without paths, every PDF in /work/shared/corpus/real is used. Each runner works in its own
subprocess (so peak RSS is that runner's alone), repeats the whole file set REPEAT times after
one warm-up pass, and reports milliseconds per page. The runners take turns for ROUNDS rounds
(`--rounds`), and the median round is reported, so that a busy machine slows all of them
alike. Runners:

  extract_text          pdfplumber: page.extract_text() on every page
  extract_tables        pdfplumber: page.extract_tables() on every page
  gkparse[pdfium]       gkparse.parse(path, engine="pdfium") (the default): probe, layout,
                        tables, checks — the whole report
  gkparse[pdfplumber]   gkparse.parse(path, engine="pdfplumber"): the same with pdfplumber

Targets: gkparse[pdfium] ≤ 0.2 × extract_text; every gkparse engine ≤ 1.3 × extract_tables;
peak RSS ≤ 300 MB.
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
GKPARSE_ENGINES = ("pdfium", "pdfplumber")
BASELINES = ("extract_text", "extract_tables")
RUNNERS = (*BASELINES, *(f"gkparse[{engine}]" for engine in GKPARSE_ENGINES))
TEXT_RATIO_TARGET = {"gkparse[pdfium]": 0.2}  # × extract_text (issue 11)
TABLES_RATIO_TARGET = 1.3  # × extract_tables, every gkparse engine
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


def _gkparse_pass(paths: list[str], engine: str) -> int:
    import gkparse

    pages = 0
    for path in paths:
        report = gkparse.parse(path, engine=engine)
        pages += report.source.pages or 0
    return pages


def run(runner: str, paths: list[str], repeat: int) -> dict:
    """Inside the subprocess: one warm-up pass, then `repeat` timed passes."""
    if runner.startswith("gkparse["):
        engine = runner.removeprefix("gkparse[").removesuffix("]")

        def one_pass() -> int:
            return _gkparse_pass(paths, engine)

    else:

        def one_pass() -> int:
            return _pdfplumber_pass(paths, runner)

    one_pass()  # imports, font caches, YAML templates
    pages = 0
    start = time.perf_counter()
    for _ in range(repeat):
        pages += one_pass()
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "runner": runner,
        "pages": pages,
        "seconds": seconds,
        "ms_per_page": 1000 * seconds / max(pages, 1),
        "peak_rss_mb": peak_kb / 1024,
    }


def measure(runner: str, paths: list[str], repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--runner", runner, "-n", str(repeat), *paths]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{runner} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ratio(value: float, base: float) -> float:
    return value / base if base else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="PDF files (default: every PDF in the real corpus)")
    parser.add_argument("-n", "--repeat", type=int, default=5, help="timed passes over the files")
    parser.add_argument("-r", "--rounds", type=int, default=3, help="rounds of runners taking turns")
    parser.add_argument("--runner", choices=RUNNERS, help=argparse.SUPPRESS)  # subprocess mode
    args = parser.parse_args(argv)
    paths = [str(Path(p)) for p in args.paths] or [str(p) for p in sorted(CORPUS.glob("*.pdf"))]
    if not paths:
        parser.error("no PDF files")

    if args.runner:
        print(json.dumps(run(args.runner, paths, args.repeat)))
        return 0

    print(
        f"{len(paths)} PDF(s); per runner and round: one process, a warm-up pass, then {args.repeat} "
        f"timed pass(es); {args.rounds} round(s), median shown"
    )
    for p in paths:
        print(f"  {p}")
    rounds = [{runner: measure(runner, paths, args.repeat) for runner in RUNNERS} for _ in range(args.rounds)]
    results = {}
    for runner in RUNNERS:
        runs = [r[runner] for r in rounds]
        results[runner] = {
            "pages": runs[0]["pages"],
            "ms_per_page": statistics.median(r["ms_per_page"] for r in runs),
            "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        }
    text_ms = results["extract_text"]["ms_per_page"]
    tables_ms = results["extract_tables"]["ms_per_page"]
    print(f"\n{'runner':<21}{'pages':>7}{'ms/page':>10}{'× text':>9}{'× tables':>10}{'peak RSS MB':>13}")
    for runner in RUNNERS:
        r = results[runner]
        ms = r["ms_per_page"]
        print(
            f"{runner:<21}{r['pages']:>7}{ms:>10.1f}{_ratio(ms, text_ms):>9.2f}"
            f"{_ratio(ms, tables_ms):>10.2f}{r['peak_rss_mb']:>13.1f}"
        )
    print()
    ok = True
    for engine in GKPARSE_ENGINES:
        runner = f"gkparse[{engine}]"
        r = results[runner]
        verdicts = []
        if runner in TEXT_RATIO_TARGET:
            ratio, target = _ratio(r["ms_per_page"], text_ms), TEXT_RATIO_TARGET[runner]
            verdicts.append((f"{ratio:.2f} × extract_text", f"≤ {target}", ratio <= target))
        ratio, target = _ratio(r["ms_per_page"], tables_ms), TABLES_RATIO_TARGET
        verdicts.append((f"{ratio:.2f} × extract_tables", f"≤ {target}", ratio <= target))
        rss = r["peak_rss_mb"]
        verdicts.append((f"peak RSS {rss:.0f} MB", f"≤ {RSS_TARGET_MB}", rss <= RSS_TARGET_MB))
        ok = ok and all(good for _, _, good in verdicts)
        line = "; ".join(f"{what} (target {t}: {'ok' if good else 'OVER'})" for what, t, good in verdicts)
        print(f"{runner}: {line}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
