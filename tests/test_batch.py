from __future__ import annotations

import shutil

import pandas as pd
from click.testing import CliRunner

from gkparse.cli import cli
from tests.conftest import corpus_file


def test_convert_records_failures_and_resumes(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "a.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "junk.txt").write_text("随便写点东西\n", encoding="utf-8")
    out = tmp_path / "ds"
    args = ["convert", str(inputs), "-o", str(out), "--no-progress"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0
    assert first.stderr.strip().endswith(f"1 converted, 2 failed, 0 already done; dataset in {out}")
    reports = pd.read_parquet(out / "reports.parquet").sort_values("path").reset_index(drop=True)
    assert reports.status.tolist() == ["partial", "failed", "failed"]
    assert reports.error.tolist()[1:] == [
        "file is empty",
        "not a government information disclosure annual report (no section headings, no tables found)",
    ]
    assert len(pd.read_parquet(out / "cells.parquet")) == 198

    second = CliRunner().invoke(cli, args)
    assert second.stderr.strip().endswith(f"0 converted, 0 failed, 3 already done; dataset in {out}")
    assert len(pd.read_parquet(out / "reports.parquet")) == 3
    assert len(pd.read_parquet(out / "cells.parquet")) == 198
