"""How many printed cells gkparse reads right from freshly rendered PDFs, per engine.

    .venv/bin/python fixtures/make_pdf.py --out /tmp/fresh --seeds 100-129   # 90 PDFs, 3 styles
    .venv/bin/python fixtures/make_pdf.py --out /tmp/fresh --style docx-lo-plain --style docx-lo-vertical \
        --seeds 130-149 --layout '{"wide": "review"}'   # 40 more: table 四 cut at the page edge
    .venv/bin/python bench/pdf_coverage.py /tmp/fresh [--engine pdfium --engine pdfplumber]

Every <stem>.pdf beside a <stem>.spec.json (written by fixtures/make_pdf.py) is parsed and its
cells compared with the spec. A cell is `right` (value, type and page as printed), `wrong` (a
value or page that differs: the bug we must never ship), `missing` (left out, with a warning) or
`extra` (a cell the spec does not print). A table cut at the page edge (`wide` layouts) prints
only its visible cells: the cut ones (the spec's "clipped") are not expected; read anyway (the
number was whole on the page after all) they count as `cut_read` when right, as wrong when not.
The committed fixtures/pdf are the regression tests;
this is the wider measurement behind the README's coverage numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import gkparse  # noqa: E402
from tests.spec_cells import spec_cells  # noqa: E402


def compare(report: gkparse.Report, spec: dict) -> tuple[Counter, list[str]]:
    pages = spec["pdf"]["pages"]
    expected = spec_cells(spec)
    got = {(c.table, c.row, c.col): c for c in report.items}
    counts: Counter = Counter()
    wrong = []
    for key, (value, raw) in expected.items():
        cell = got.get(key)
        if cell is None:
            counts["missing"] += 1
            continue
        page = pages[key[0]][key[1]]
        same = cell.value == value and type(cell.value) is type(value) and cell.page == page
        if same and (raw is None or cell.raw == raw):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{'.'.join(key)}: want {value!r} p{page}, got {cell.value!r} p{cell.page}")
    # a cell of a table cut at the page edge (spec "clipped") may be read when it is whole
    # on the page after all: right, it counts as `cut_read`; wrong, as wrong
    clipped = spec["pdf"].get("clipped", {})
    for key in sorted(set(got) - set(expected)):
        table, row, col = key
        if col not in clipped.get(table, {}).get(row, ()):
            counts["extra"] += 1
            continue
        value = spec["cells"][table][row]
        value = value[spec["columns"][table].index(col)] if isinstance(value, list) else value[col]
        value = value[1] if isinstance(value, list) else value
        cell = got[key]
        if cell.value == value and type(cell.value) is type(value) and cell.page == pages[table][row]:
            counts["cut_read"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{'.'.join(key)} (cut): want {value!r}, got {cell.value!r} p{cell.page}")
    return counts, wrong


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--engine", action="append", help="default: pdfium and pdfplumber")
    args = ap.parse_args()
    engines = args.engine or ["pdfium", "pdfplumber"]
    specs = sorted(args.folder.glob("*.spec.json"))
    if not specs:
        print(f"no *.spec.json in {args.folder}", file=sys.stderr)
        return 2
    total = {e: Counter() for e in engines}
    complete = Counter()
    for spec_path in specs:
        stem = spec_path.name.removesuffix(".spec.json")
        spec = json.loads(spec_path.read_text("utf-8"))
        for engine in engines:
            report = gkparse.parse(spec_path.with_name(f"{stem}.pdf"), engine=engine)
            counts, wrong = compare(report, spec)
            total[engine] += counts
            if not counts["missing"] and not counts["wrong"] and not counts["extra"]:
                complete[engine] += 1
            else:
                print(f"{stem} {engine}: {dict(counts)}")
                for line in wrong:
                    print(f"    WRONG {line}")
                for warning in report.warnings:
                    print(f"    warning: {warning}")
    print()
    for engine in engines:
        c = total[engine]
        cells = c["right"] + c["wrong"] + c["missing"]
        print(
            f"{engine}: {complete[engine]}/{len(specs)} PDFs complete; printed visible cells"
            f" {c['right']}/{cells} right, {c['missing']} missing, {c['wrong']} wrong, {c['extra']} extra;"
            f" {c['cut_read']} cells of cut columns read right"
        )
    return 1 if any(total[e]["wrong"] or total[e]["extra"] for e in engines) else 0


if __name__ == "__main__":
    sys.exit(main())
