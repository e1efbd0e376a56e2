from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import dask
import pandas as pd
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from gkparse.batch import cluster as batch_cluster
from gkparse.batch import convert, find_inputs
from gkparse.batch.cluster import KILLED, batches
from gkparse.batch.work import Task
from gkparse.cli import cli
from gkparse.write.tables import TABLES
from tests.batch import fakes
from tests.conftest import corpus_file

NOT_A_REPORT = "not a government information disclosure annual report (no section headings, no tables found)"


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), folder / "a.txt")
    text = corpus_file("dongguan-drc-2019.txt").read_text("utf-8")
    (folder / "b.txt").write_text(text.replace("2019", "2020"), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_text("随便写点东西\n", encoding="utf-8")
    return folder


def dataset(out) -> dict[str, pd.DataFrame]:
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
    tables["reports"] = tables["reports"].drop(columns="seconds")
    return tables


def assert_same_dataset(a, b) -> None:
    left, right = dataset(a), dataset(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name])


def test_dask_gives_the_local_dataset_and_resumes(tmp_path, inputs):
    local = convert(find_inputs([inputs]), tmp_path / "local", progress=False)
    assert local == {"converted": 2, "failed": 2, "skipped": 0}
    cluster = LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None)
    with cluster, Client(cluster) as client:
        assert convert(find_inputs([inputs]), tmp_path / "dask", progress=False, dask=client) == local
        again = convert(find_inputs([inputs]), tmp_path / "dask", progress=False, dask=client)
    assert again == {"converted": 0, "failed": 0, "skipped": 4}
    assert_same_dataset(tmp_path / "local", tmp_path / "dask")
    assert len(dataset(tmp_path / "dask")["cells"]) == 2 * 198


def test_cli_dask_local(tmp_path, inputs, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative paths: workers get absolute ones, the dataset keeps "in/a.txt"
    convert(find_inputs([Path("in")]), tmp_path / "local", progress=False)
    out = tmp_path / "dask"
    args = ["convert", "in", "-o", str(out), "--no-progress", "--dask", "local", "-j", "2"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(f"2 converted, 2 failed, 0 already done; dataset in {out}")
    assert_same_dataset(tmp_path / "local", out)
    assert sorted(dataset(out)["reports"].path) == ["in/a.txt", "in/b.txt", "in/empty.txt", "in/junk.txt"]


@pytest.mark.parametrize("per_task", [1, 8])
def test_killed_worker_fails_that_input_only(tmp_path, inputs, monkeypatch, per_task):
    """One input per task, or all five in one batch: the batch a dying worker held is run again one
    input per task, so only the input at fault fails."""
    monkeypatch.setattr(batch_cluster, "batch_items", lambda n, threads: per_task)
    (inputs / "segv.txt").write_text("segv\n", encoding="utf-8")
    # give up at the first death; one task at a time on the worker: the tasks a dying worker holds
    # all count as killed (with the default saturation of 1.1 a neighbour input would share its fate)
    config = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(config):
        cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:
        counts = convert(find_inputs([inputs]), tmp_path / "ds", progress=False, dask=client,
                         parser=fakes.parse)
    assert counts == {"converted": 2, "failed": 3, "skipped": 0}
    reports = pd.read_parquet(tmp_path / "ds" / "reports.parquet")
    errors = dict(zip(reports.path.str.rsplit("/", n=1).str[1], reports.error.fillna(""), strict=True))
    assert errors == {
        "a.txt": "", "b.txt": "", "empty.txt": "file is empty", "segv.txt": KILLED,
        "junk.txt": NOT_A_REPORT,
    }
    assert KILLED == "worker crashed or was killed while parsing (Dask KilledWorker)"


def test_dask_without_distributed_is_a_usage_error(tmp_path, inputs, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    result = CliRunner().invoke(cli, ["convert", str(inputs), "-o", str(tmp_path / "ds"), "--dask", "local"])
    assert result.exit_code == 2
    assert "Error: --dask needs Dask distributed: pip install 'gkparse[dask]'" in result.stderr


def test_dask_local_workers_isolate_crashes_and_time_out_hangs(tmp_path, inputs):
    """`--dask local` workers may start processes: each parse runs in a pebble child, so a segfault
    costs that input only (not the worker) and a hang times out, with the local reasons."""
    (inputs / "segv.txt").write_text("segv\n", encoding="utf-8")
    (inputs / "hang.txt").write_text("hang\n", encoding="utf-8")
    counts = convert(find_inputs([inputs]), tmp_path / "ds", progress=False, dask="local", workers=1,
                     parser=fakes.parse, timeout=3)
    assert counts == {"converted": 2, "failed": 4, "skipped": 0}
    reports = pd.read_parquet(tmp_path / "ds" / "reports.parquet")
    errors = dict(zip(reports.path.str.rsplit("/", n=1).str[1], reports.error.fillna(""), strict=True))
    assert errors == {
        "a.txt": "", "b.txt": "", "empty.txt": "file is empty", "junk.txt": NOT_A_REPORT,
        "segv.txt": "worker crashed (signal SIGSEGV) while parsing", "hang.txt": "timed out after 3 s",
    }


def test_batches_hold_at_most_the_items_and_bytes_given(tmp_path):
    sizes = {"a": 10, "b": 10, "c": 50, "d": 10, "e": 10, "f": 10}
    tasks = []
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b"x" * size)
        tasks.append(Task(str(tmp_path / name), name))
    cut = [[t.report_id for t in batch] for batch in batches(tasks, items=3, max_bytes=40)]
    assert cut == [["a", "b"], ["c"], ["d", "e", "f"]]  # a file larger than max_bytes goes alone
    assert batch_cluster.batch_items(5, 1) == 1
    assert batch_cluster.batch_items(10_000, 2) == batch_cluster.MAX_ITEMS
    assert batch_cluster.batch_items(80, 2) == 10  # each worker thread gets at least 4 tasks
