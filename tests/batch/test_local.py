from __future__ import annotations

import shutil

import pandas as pd
import pytest

from gkparse.batch import convert, find_inputs
from tests.batch import fakes
from tests.conftest import corpus_file


def hostile_inputs(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "a.txt")
    for name in ("segv", "hang", "alloc", "exit3"):
        (inputs / f"{name}.txt").write_text(f"{name}\n", encoding="utf-8")  # distinct bytes, distinct ids
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "b.txt")
    with (inputs / "b.txt").open("a", encoding="utf-8") as f:
        f.write("\n")
    return inputs


@pytest.mark.parametrize("workers", [1, 2])
def test_crash_hang_and_oom_fail_one_input_each(tmp_path, workers):
    out = tmp_path / "ds"
    counts = convert(find_inputs([hostile_inputs(tmp_path)]), out, workers=workers, progress=False,
                     timeout=2, max_memory=2048, parser=fakes.parse)
    assert counts == {"converted": 2, "failed": 4, "skipped": 0}
    reports = pd.read_parquet(out / "reports.parquet")
    rows = zip(reports.path, reports.status, reports.error.fillna(""), strict=True)
    by_name = {path.rsplit("/", 1)[1]: (status, error) for path, status, error in rows}
    assert by_name == {
        "a.txt": ("partial", ""),
        "b.txt": ("partial", ""),
        "segv.txt": ("failed", "worker crashed (signal SIGSEGV) while parsing"),
        "hang.txt": ("failed", "timed out after 2 s"),
        "alloc.txt": ("failed", "out of memory (limit 2048 MB)"),
        "exit3.txt": ("failed", "worker exited (code 3) while parsing"),
    }
    assert len(pd.read_parquet(out / "cells.parquet")) == 2 * 198


def test_resumed_run_skips_the_crashing_input(tmp_path):
    inputs = hostile_inputs(tmp_path)
    out = tmp_path / "ds"
    args = {"progress": False, "timeout": 2, "max_memory": 2048, "parser": fakes.parse}
    convert(find_inputs([inputs]), out, **args)
    assert convert(find_inputs([inputs]), out, **args) == {"converted": 0, "failed": 0, "skipped": 6}
    again = convert(find_inputs([inputs / "segv.txt"]), out, retry_failed=True, **args)
    assert again == {"converted": 0, "failed": 1, "skipped": 0}
