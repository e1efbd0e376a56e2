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


def test_convert_with_a_manifest_keeps_url_and_applies_meta(tmp_path):
    import os

    from gkparse.batch import convert, find_inputs
    from gkparse.batch.manifest import read_manifest

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "a.txt")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "b.txt").write_text("会议纪要\n", encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,url,year\nin/a.txt,https://a.gov.cn/1.html,2020\nin/empty.txt,https://a.gov.cn/2.html,\n",
                        encoding="utf-8")
    given, ignored = read_manifest(manifest)
    assert ignored == [] and given == {
        os.path.abspath(inputs / "a.txt"): {"url": "https://a.gov.cn/1.html", "year": 2020},
        os.path.abspath(inputs / "empty.txt"): {"url": "https://a.gov.cn/2.html"},
    }
    out = tmp_path / "ds"
    counts = convert(find_inputs([inputs]), out, workers=2, progress=False, manifest=given)
    assert counts == {"converted": 1, "failed": 2, "skipped": 0}
    reports = pd.read_parquet(out / "reports.parquet").sort_values("path").reset_index(drop=True)
    assert reports.url.fillna("").tolist() == ["https://a.gov.cn/1.html", "", "https://a.gov.cn/2.html"]
    assert reports.year.tolist()[0] == 2020 and reports.status.tolist() == ["partial", "failed", "failed"]
    again = convert(find_inputs([inputs]), out, workers=2, progress=False, manifest=given)
    assert again == {"converted": 0, "failed": 0, "skipped": 3}
