"""`make demo` works from a clone with nothing beside it: the repository's own examples, every kind."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd

from tests.conftest import REPO


def test_the_demo_runs_on_the_fixtures_alone(tmp_path):
    run = subprocess.run([sys.executable, "examples/demo.py", "--out", str(tmp_path / "demo"),
                          "--real", str(tmp_path / "no-shared")], cwd=REPO, capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    missing = tmp_path / "no-shared"
    assert lines[0] == f"10 example reports from fixtures/; {missing} not present: fixtures only"
    kinds = {line.split(": ", 1)[1].split(" ")[0] for line in lines[1:11]}
    assert kinds == {"text", "pdf", "html", "docx"}
    assert ("pdf/html-print-33.pdf: pdf (pdf:pdfium), 平阳县商务局 2021, format 2021: 200 cells, "
            "failed checks: review_litigation.review_total, 0 warnings") in lines
    assert not [line for line in lines if line.startswith("FAILED")]
    assert (tmp_path / "demo" / "requests_by_outcome.png").stat().st_size > 10_000
    indicators = pd.read_parquet(tmp_path / "demo" / "indicators.parquet")
    assert indicators.report_id.nunique() == 10
