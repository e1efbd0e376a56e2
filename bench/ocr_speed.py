"""Scanned reports through OCR: seconds per page, peak memory, and cells right.

    nice -n 10 .venv/bin/python bench/ocr_speed.py                  # every fixture × seeds 1-2 (38 scans)
    nice -n 10 .venv/bin/python bench/ocr_speed.py --seeds 1 --limit 4
    nice -n 10 .venv/bin/python bench/ocr_speed.py --only docx-lo-vertical-701 --committed

Fresh scans are made by fixtures/make_scans.py (its default, random parameters per seed: 150–200
dpi, ±1°, blur, noise, grey paper, a binding shadow, a red seal, JPEG 35–60) from every fixture PDF
in fixtures/pdf/, of both formats, into a temporary directory, and parsed one after the other in
this process (the OCR model sessions made once, as in a `convert` worker). Each expected cell (the
source's spec) is: right (value and type), left out with a warning naming its row or table,
wrong but flagged (its table has a failed check, or a warning names its row), or a silent
wrong (the failure that matters). Each left-out cell is counted under the cause its warning gives
(`left_out_by_cause`: the warning's code, e.g. ocr_low_confidence, or row_cell_count for a row
whose cell count did not fit its columns, row_missing for a row label not found). Wall and CPU seconds are per
page, end to end (render, geometry, OCR, parse); peak RSS is the process's.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "fixtures"))

import make_scans  # noqa: E402

import gkparse  # noqa: E402
from tests.spec_cells import spec_cells  # noqa: E402

# why a cell is left out: a warning's code, or for a plain-sentence warning the phrase it holds
CAUSES = [("left out as ambiguous", "row_cell_count"), ("rows not printed or not readable", "row_missing"),
          ("table left out", "table_left_out"), ("no values printed", "row_no_values"),
          ("several lines", "row_scattered"), ("no row label", "numbers_unlabelled")]


def naming(report, table: str, row: str) -> list[str]:
    """The warnings that name the row (or leave its table out)."""
    pattern = rf"(?<![\w.]){re.escape(row)}(?![\w.])"
    return [w for w in report.warnings
            if str(w).startswith(table) and (re.search(pattern, str(w)) or "table left out" in w)]


def names_row(report, table: str, row: str) -> bool:
    return bool(naming(report, table, row))


def cause(report, table: str, row: str, col: str) -> str:
    """The code of the warning that explains a left-out cell: one naming its column first."""
    named = naming(report, table, row)
    named.sort(key=lambda w: f"{col} (" not in str(w))
    for w in named:
        code = getattr(w, "code", "note")
        if code != "note":
            return code
        for phrase, name in CAUSES:
            if phrase in w:
                return name
    return "other" if named else "unnamed"


def score(report, spec: dict) -> dict[str, int]:
    got = {(c.table, c.row, c.col): c for c in report.items}
    failed_tables = {c.rule.split(".")[0] for c in report.checks if not c.ok}
    causes: dict[str, int] = {}
    out = {"cells": 0, "right": 0, "left_out_named": 0, "left_out_silent": 0, "wrong_flagged": 0,
           "wrong_silent": 0, "extra": len(set(got) - set(spec_cells(spec)))}
    for (table, row, col), (value, _) in spec_cells(spec).items():
        out["cells"] += 1
        cell = got.get((table, row, col))
        if cell is None:
            out["left_out_named" if names_row(report, table, row) else "left_out_silent"] += 1
            why = cause(report, table, row, col)
            causes[why] = causes.get(why, 0) + 1
        elif cell.value == value and type(cell.value) is type(value):
            out["right"] += 1
        elif table in failed_tables or names_row(report, table, row):
            out["wrong_flagged"] += 1
        else:
            out["wrong_silent"] += 1
            print(f"  SILENT WRONG {table}.{row}.{col}: {value!r} read as {cell.value!r} "
                  f"({cell.raw!r} at {cell.confidence})", file=sys.stderr)
    out["left_out_by_cause"] = causes
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-2", help='e.g. 1-2 or 3,5; "" for none (with --committed)')
    parser.add_argument("--limit", type=int, default=0, help="at most this many scans")
    parser.add_argument("--json", type=Path, help="write the per-scan results here")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help="only the fixtures whose stem is NAME (repeatable)")
    parser.add_argument("--committed", action="store_true",
                        help="the committed scans of fixtures/scans too (their own settings)")
    args = parser.parse_args(argv)
    stems = sorted(p.name.removesuffix(".spec.json") for p in (ROOT / "fixtures/pdf").glob("*.spec.json"))
    if args.only:
        unknown = sorted(set(args.only) - set(stems))
        if unknown:
            parser.error(f"no fixture named {', '.join(unknown)}")
        stems = [s for s in stems if s in args.only]
    jobs: list[tuple[str, int, dict]] = [
        (stem, seed, {}) for seed in (make_scans._seeds(args.seeds) if args.seeds else []) for stem in stems]
    if args.committed:
        jobs += make_scans.SCANS
    if args.limit:
        jobs = jobs[: args.limit]
    rows = []
    totals: dict[str, float] = {}
    causes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n, (stem, seed, overrides) in enumerate(jobs, 1):
            path = make_scans.make_scan(stem, seed, Path(tmp), overrides)
            spec = json.loads((ROOT / "fixtures/pdf" / f"{stem}.spec.json").read_text("utf-8"))
            wall, cpu = time.perf_counter(), time.process_time()
            report = gkparse.parse(path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            pages = report.source.pages or 1
            result = {"scan": path.name, "format": spec["format"], "pages": pages,
                      "seconds": round(wall, 2), "cpu_seconds": round(cpu, 2), **score(report, spec),
                      **make_scans.params(seed), **overrides}
            rows.append(result)
            for key in ("pages", "seconds", "cpu_seconds", "cells", "right", "left_out_named",
                        "left_out_silent", "wrong_flagged", "wrong_silent", "extra"):
                totals[key] = totals.get(key, 0) + result[key]
            for why, count in result["left_out_by_cause"].items():
                causes[why] = causes.get(why, 0) + count
            print(f"[{n}/{len(jobs)}] {path.name}: {pages} pages, {wall / pages:.1f} s/page "
                  f"({cpu / pages:.1f} CPU s), {result['right']}/{result['cells']} right, "
                  f"{result['wrong_silent']} silent wrong", file=sys.stderr, flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    formats = sorted({r["format"] for r in rows})
    summary = {
        "scans": len(rows), "formats": formats, "pages": int(totals["pages"]),
        "seconds_per_page": round(totals["seconds"] / totals["pages"], 2),
        "cpu_seconds_per_page": round(totals["cpu_seconds"] / totals["pages"], 2),
        "peak_rss_mb": round(peak_mb), "cells": int(totals["cells"]),
        "right_share": round(totals["right"] / totals["cells"], 4),
        **{k: int(totals[k]) for k in ("right", "left_out_named", "left_out_silent", "wrong_flagged",
                                       "wrong_silent", "extra")},
        "left_out_by_cause": dict(sorted(causes.items(), key=lambda kv: -kv[1])),
    }
    print(json.dumps(summary, ensure_ascii=False))
    if args.json:
        text = json.dumps({"summary": summary, "scans": rows}, indent=1)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
