"""How many printed cells gkparse reads right from real pdftotext output of rendered PDFs.

    .venv/bin/python fixtures/make_pdf.py --out /tmp/b --seeds 500-519 --options '{"blanks": true}'
    .venv/bin/python bench/pdftotext_coverage.py fixtures/pdf /tmp/b [--mode layout --mode default]

Every <stem>.pdf beside a <stem>.spec.json (fixtures/make_pdf.py) goes through `pdftotext -layout`
and plain `pdftotext`, and the text is parsed. A cell is `right` (value and type; the raw text of
a null, spaces aside: pdftotext prints 减62 as "减 62"), `wrong` (the bug we must never ship),
`missing` (left out, with a warning) or `extra` (a cell the spec does not print).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402
from tests.spec_cells import spec_cells  # noqa: E402


def compare(report: gkparse.Report, spec: dict) -> tuple[Counter, list[str]]:
    expected = spec_cells(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    counts: Counter = Counter()
    wrong = []
    for key, (value, raw) in expected.items():
        cell = got.get(key)
        if cell is None:
            counts["missing"] += 1
            continue
        same = cell.value == value and type(cell.value) is type(value)
        if same and (raw is None or cell.raw.replace(" ", "") == raw.replace(" ", "")):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{'.'.join(key)}: want {value!r}, got {cell.value!r}")
    counts["extra"] = len(set(got) - set(expected))
    return counts, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--mode", action="append", choices=["layout", "default"])
    args = ap.parse_args()
    modes = args.mode or ["layout", "default"]
    specs = sorted(p for f in args.folders for p in f.glob("*.spec.json"))
    total = {m: Counter() for m in modes}
    for spec_path in specs:
        spec = json.loads(spec_path.read_text())
        pdf = spec_path.with_name(spec_path.name.removesuffix(".spec.json") + ".pdf")
        for mode in modes:
            cmd = ["pdftotext", *(["-layout"] if mode == "layout" else []), str(pdf), "-"]
            text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            counts, wrong = compare(gkparse.parse(text), spec)
            total[mode].update(counts)
            for line in wrong:
                print(f"{pdf.name} [{mode}] WRONG {line}")
    for mode, c in total.items():
        printed = c["right"] + c["wrong"] + c["missing"]
        print(
            f"{mode}: {len(specs)} PDFs, {c['right']:,}/{printed:,} cells right "
            f"({c['right'] / printed:.1%}), "
            f"{c['wrong']} wrong, {c['missing']:,} missing, {c['extra']} extra"
        )
    return 1 if any(c["wrong"] or c["extra"] for c in total.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
