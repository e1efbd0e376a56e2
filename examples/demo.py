"""The README's demo: convert the bundled example reports and print what was found."""

from __future__ import annotations

from pathlib import Path

import gkparse
from gkparse.write.tables import frames, merge_rows, report_rows, write_frames

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = [
    REPO.parent / "shared" / "corpus" / "real" / "dongguan-drc-2019.txt",
    REPO.parent / "shared" / "corpus" / "real" / "hongze-district-2023.pdf",
    REPO.parent / "shared" / "corpus" / "real" / "hongze-district-2024.pdf",
    *sorted((REPO / "fixtures" / "text").glob("*.txt"))[:2],
]
OUT = REPO / "out" / "demo"


def main() -> None:
    parts = []
    for path in EXAMPLES:
        if not path.exists():
            print(f"skip {path} (not present)")
            continue
        try:
            report = gkparse.parse(path)
        except gkparse.GkparseError as e:
            print(f"FAILED {e}")
            continue
        parts.append(report_rows(report))
        failed = [c.rule for c in report.failed_checks]
        print(f"{path.name}: {report}")
        print(f"  failed checks: {sorted(set(failed)) or 'none'}")
        for warning in report.warnings[:5]:
            print(f"  warning: {warning}")
        if path.suffix == ".pdf":
            print(report.table("review_litigation", labels=True).to_string())
    written = write_frames(frames(merge_rows(parts)), OUT, "csv")
    print("dataset:", ", ".join(str(p.relative_to(REPO)) for p in written))


if __name__ == "__main__":
    main()
