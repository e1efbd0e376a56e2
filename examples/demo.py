"""The README's demo (`make demo`): parse the repository's own example reports, print what was read,
write the dataset and one plot. The real reports in ../shared/corpus/real are added when present."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import gkparse
from gkparse.write.tables import frames, merge_rows, report_rows, write_frames

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
# one of each kind and shape the repository ships: text (tab-separated, pdftotext -layout, web
# text, glued cells), PDF (Word → LibreOffice, HTML → print), HTML (Word export, GB2312), DOCX
EXAMPLES = [
    FIXTURES / "text" / "report-0.tsv.txt",
    FIXTURES / "text" / "report-1.layout.txt",
    FIXTURES / "text" / "report-2.style_c.txt",
    FIXTURES / "text" / "glued-0.tsv.txt",
    FIXTURES / "pdf" / "docx-lo-vertical-23.pdf",
    FIXTURES / "pdf" / "docx-lo-plain-310.pdf",
    FIXTURES / "pdf" / "html-print-33.pdf",
    FIXTURES / "html" / "report-2019-word.html",
    FIXTURES / "html" / "report-2021-gb2312.html",
    FIXTURES / "docx" / "report-2022.docx",
]
REAL = REPO.parent / "shared" / "corpus" / "real"
OUT = REPO / "out" / "demo"


def inputs(real_dir: Path) -> list[Path]:
    real = sorted(p for p in real_dir.glob("*") if p.suffix in (".pdf", ".txt")) if real_dir.is_dir() else []
    where = _shown(real_dir)
    found = f"{len(real)} real reports from {where}" if real else f"{where} not present: fixtures only"
    print(f"{len(EXAMPLES)} example reports from fixtures/; {found}")
    return EXAMPLES + real


def show(path: Path, report: gkparse.Report) -> None:
    m = report.meta
    failed = sorted({c.rule for c in report.failed_checks})
    print(f"{path.relative_to(path.parents[1])}: {report.source.kind} ({report.source.reader}), "
          f"{m.agency} {m.year}, format {m.format}: {len(report.items)} cells, "
          f"failed checks: {', '.join(failed) or 'none'}, {len(report.warnings)} "
          f"warning{'' if len(report.warnings) == 1 else 's'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="dataset directory (default out/demo)")
    parser.add_argument("--real", type=Path, default=REAL, help="real reports, read in place when present")
    args = parser.parse_args()
    parts = []
    for path in inputs(args.real):
        try:
            reports = gkparse.parse_all(path)
        except gkparse.GkparseError as e:
            print(f"FAILED {e}")
            continue
        for report in reports:
            show(path, report)
            parts.append(report_rows(report))
    tables = frames(merge_rows(parts))
    written = write_frames(tables, args.out, "csv") + write_frames(tables, args.out, "parquet")
    parquet = " ".join(_shown(p) for p in written if p.suffix == ".parquet")
    print(f"dataset: {parquet} (and the same as .csv)")
    ind = tables["indicators"].merge(tables["reports"][["report_id", "agency", "year"]], on="report_id")
    rates = ind[ind.indicator == "disclosure_rate"].sort_values("value", ascending=False, na_position="last")
    print("disclosure rate, (予以公开 + 部分公开) / 总计:")
    for r in rates.itertuples():
        shown = f"null: {r.null_reason}" if pd.isna(r.value) else f"{r.value:.3f} of n = {r.n}"
        print(f"  {r.agency} {r.year}: {shown}")
    print("plot:", _shown(plot(tables, args.out)))
    return 0


def _shown(path: Path) -> str:
    """A path as seen from the repository: out/demo/…, ../shared/…, else as given."""
    path = path.absolute()
    if path.is_relative_to(REPO):
        return str(path.relative_to(REPO))
    return f"../{path.relative_to(REPO.parent)}" if path.is_relative_to(REPO.parent) else str(path)


def plot(tables, out: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gkparse.plots import outcomes, plot_outcomes, use_cjk_font

    cjk = use_cjk_font() is not None
    fig, ax = plt.subplots(figsize=(9, 5))
    plot_outcomes(outcomes(tables), ax, cjk)
    ax.set_title("依申请公开：办理结果" if cjk else "requests by outcome")
    fig.tight_layout()
    path = out / "requests_by_outcome.png"
    fig.savefig(path, dpi=72)
    return path


if __name__ == "__main__":
    sys.exit(main())
