from __future__ import annotations

import pandas as pd
import pytest

import gkparse
from gkparse.batch.shards import ShardStore, write_dataset
from gkparse.batch.work import failure_rows
from gkparse.write.tables import TABLES, frames, merge_rows, report_rows, write_frames
from tests.conftest import corpus_file


def assert_same_tables(left, right, fmt: str) -> None:
    """Every dataset table the same: CSV byte for byte, Parquet frame for frame."""
    for name in TABLES:
        a, b = left / f"{name}.{fmt}", right / f"{name}.{fmt}"
        if fmt == "csv":
            assert a.read_bytes() == b.read_bytes()
        else:
            pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_chunked_dataset_equals_the_one_written_at_once(tmp_path, fmt):
    store = ShardStore(tmp_path / "ds")
    ok = report_rows(gkparse.parse(corpus_file("dongguan-drc-2019.txt")), 0.25)
    store.save("b" * 64, ok)
    store.save("a" * 64, failure_rows("bad.txt", "a" * 64, "file is empty", 0.01))
    store.save("c" * 64, failure_rows("hang.txt", "c" * 64, "timed out after 300 s", 300))
    write_dataset(store, tmp_path / "chunked", fmt, chunk=1)
    write_frames(frames(merge_rows(store.load())), tmp_path / "whole", fmt)
    assert_same_tables(tmp_path / "chunked", tmp_path / "whole", fmt)
    reports = pd.read_parquet(tmp_path / "chunked" / "reports.parquet") if fmt == "parquet" else None
    if reports is not None:
        assert reports.status.tolist() == ["failed", "partial", "failed"]
        assert len(pd.read_parquet(tmp_path / "chunked" / "cells.parquet")) == 198


def test_all_null_text_columns_stay_text_in_parquet(tmp_path):
    store = ShardStore(tmp_path / "ds")
    store.save("a" * 64, failure_rows("bad.txt", "a" * 64, "file is empty"))
    write_dataset(store, tmp_path / "out", "parquet")
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    assert {c: str(t) for c, t in reports.dtypes.items() if c in ("agency", "format", "year", "seconds")} == {
        "agency": "str", "year": "Int64", "format": "str", "seconds": "float64"}
    assert pd.read_parquet(tmp_path / "out" / "cells.parquet").columns.tolist() == [
        "report_id", "table", "row", "col", "value", "raw", "page",
        "provenance", "confidence", "x0", "top", "x1", "bottom", "source_row", "source_col"]


def test_a_resumed_run_with_nothing_new_does_not_rewrite_the_dataset(tmp_path):
    from gkparse.batch import convert

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(corpus_file("dongguan-drc-2019.txt").read_bytes())
    out = tmp_path / "ds"
    convert([inputs / "a.txt"], out, progress=False)
    tables = [out / f"{name}.parquet" for name in TABLES]
    written = [t.stat().st_mtime_ns for t in tables]
    assert convert([inputs / "a.txt"], out, progress=False) == {"converted": 0, "failed": 0, "skipped": 1}
    assert [t.stat().st_mtime_ns for t in tables] == written
    # a table gone, another format asked for, or a new input: the dataset is written again
    tables[1].unlink()
    convert([inputs / "a.txt"], out, progress=False)
    assert tables[1].exists()
    convert([inputs / "a.txt"], out, fmt="csv", progress=False)
    assert (out / "cells.csv").exists()
    (inputs / "b.txt").write_text("随便写点东西\n", encoding="utf-8")
    before = tables[0].stat().st_mtime_ns
    convert([inputs / "a.txt", inputs / "b.txt"], out, progress=False)
    assert tables[0].stat().st_mtime_ns > before
    assert len(pd.read_parquet(tables[0])) == 2


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_chunks_prepared_by_worker_processes_give_the_same_dataset(tmp_path, fmt):
    store = ShardStore(tmp_path / "ds")
    text = corpus_file("dongguan-drc-2019.txt").read_text("utf-8")
    for k, year in enumerate(("2019", "2020", "2021")):  # year-on-year indicators across chunks
        path = tmp_path / f"{year}.txt"
        path.write_text(text.replace("2019", year), encoding="utf-8")
        store.save(f"{k}" * 64, report_rows(gkparse.parse(path), 0.25))
    store.save("f" * 64, failure_rows("bad.txt", "f" * 64, "file is empty", 0.01))
    write_dataset(store, tmp_path / "alone", fmt, chunk=1)
    write_dataset(store, tmp_path / "workers", fmt, chunk=1, workers=2)
    assert_same_tables(tmp_path / "workers", tmp_path / "alone", fmt)
    if fmt == "parquet":
        indicators = pd.read_parquet(tmp_path / "workers" / "indicators.parquet")
        assert indicators.report_id.nunique() == 4 and len(indicators) == 4 * 9
        assert indicators.value.notna().sum() == 3 * 6  # the failed report's are null, with the reason
        assert len(pd.read_parquet(tmp_path / "workers" / "cells.parquet")) == 3 * 198


def test_shards_of_the_previous_design_resume_and_give_the_same_dataset(tmp_path):
    """Before workers wrote their shards, the parent wrote json.dumps(convert_one(...)) as
    `<report_id>.json`: such a dataset resumes with nothing redone, and the shards written now are
    the same JSON (but for the timing)."""
    import json
    import shutil

    from gkparse.batch import convert, find_inputs
    from gkparse.batch.work import convert_one, file_id

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(corpus_file("dongguan-drc-2019.txt"), inputs / "a.txt")
    (inputs / "empty.txt").write_bytes(b"")
    old = tmp_path / "old"
    shards = old / ".gkparse" / "shards"
    shards.mkdir(parents=True)
    for path in find_inputs([inputs]):
        rid = file_id(path)
        rows = convert_one(str(path), "auto", rid)
        (shards / f"{rid}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert convert(find_inputs([inputs]), old, progress=False) == {"converted": 0, "failed": 0, "skipped": 2}
    new = tmp_path / "new"
    assert convert(find_inputs([inputs]), new, progress=False) == {"converted": 1, "failed": 1, "skipped": 0}

    def timeless(folder):
        shards = {}
        for shard in sorted((folder / ".gkparse" / "shards").iterdir()):
            rows = json.loads(shard.read_text("utf-8"))
            for row in rows["reports"]:
                row.pop("seconds")
            shards[shard.name] = rows
        return shards

    assert timeless(new) == timeless(old) and len(timeless(new)) == 2
    for name in TABLES:
        left = pd.read_parquet(old / f"{name}.parquet")
        right = pd.read_parquet(new / f"{name}.parquet")
        pd.testing.assert_frame_equal(left.drop(columns="seconds", errors="ignore"),
                                      right.drop(columns="seconds", errors="ignore"))
