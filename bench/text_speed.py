"""Time a full parse of text reports (the issue's target: well under 50 ms per report).

    .venv/bin/python bench/text_speed.py [FILE ...] [--repeat N]

Default inputs: the 东莞 seed text and, when pdftotext is installed, the 洪泽 PDFs as
`pdftotext -layout` text. Reports the median and worst time per report after one warm-up
parse (the warm-up loads the templates and OpenCC once per process).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import gkparse

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def default_inputs(tmp: Path) -> list[Path]:
    inputs = [CORPUS / "dongguan-drc-2019.txt"]
    if shutil.which("pdftotext"):
        for pdf in sorted(CORPUS.glob("*.pdf")):
            out = tmp / (pdf.stem + ".layout.txt")
            subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
            inputs.append(out)
    return inputs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = args.files or default_inputs(Path(tmp))
        texts = {f.name: f.read_text("utf-8") for f in files}
        gkparse.parse(next(iter(texts.values())))  # warm-up
        print(f"{'file':40} {'median ms':>10} {'max ms':>8} {'cells':>6}")
        for name, text in texts.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                report = gkparse.parse(text)
                times.append((time.perf_counter() - start) * 1000)
            print(f"{name:40} {statistics.median(times):10.1f} {max(times):8.1f} {len(report.items):6d}")


if __name__ == "__main__":
    main()
