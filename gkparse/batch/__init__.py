"""Batch conversion: many inputs → one dataset, crash-proof and resumable.

Each finished input is written at once as a shard (`.gkparse/shards/<report_id>.json`), by the
worker that parsed it (local workers) or by this process (Dask), so a crash or a kill loses at
most the reports in flight; a re-run skips every input whose content hash already has a shard.
The hash of a file whose size and mtime are unchanged comes from the index
(`.gkparse/index.json`), so a resumed run does not read its inputs again. Every parse runs in a
worker process with a time limit and a memory cap: a bad input, a native crash or a hang becomes
a `failed` row with its reason and never stops the batch. The dataset tables are rebuilt from the
shards at the end, a chunk of shards at a time, the chunks prepared by `workers` processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

from gkparse.batch.index import INDEX, HashIndex
from gkparse.batch.shards import ShardStore, dataset_current, write_dataset
from gkparse.batch.work import Done, Parser, Task, convert_one
from gkparse.write.tables import TABLES

SUFFIXES = {".pdf", ".txt", ".text", ".htm", ".html", ".shtml", ".docx", ".md", ".markdown"}


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return found


def convert(
    inputs: list[Path], out: Path, fmt: str = "parquet", workers: int = 1, progress: bool = True,
    retry_failed: bool = False, engine: str = "auto", timeout: float | None = 300.0, max_memory: int = 4096,
    parser: Parser | None = None, dask: Any = None, manifest: Mapping[str, dict[str, Any]] | None = None,
    ocr: str = "auto",
) -> dict[str, int]:
    """Convert inputs into `out`; returns counts of converted/failed/skipped inputs.

    timeout: seconds per input (None or 0: no limit); max_memory: MB of address space per worker
    (0: no cap); parser: what a worker calls on each path (default gkparse.parse); dask: None (local
    worker processes), a scheduler address, "local" (a LocalCluster) or a distributed.Client;
    manifest: {absolute path: meta (title, agency, year, url)} (batch.manifest.read_manifest).
    A resumed run keeps the meta of the reports already converted (their shards): a changed
    manifest applies to inputs parsed from now on (--retry-failed, or a new output directory).
    ocr: when PDF pages are read by OCR (see gkparse.parse). A worker makes its OCR models once and
    reuses them for every input it parses.
    """
    if parser is None and ocr != "auto":
        import functools

        import gkparse

        parser = functools.partial(gkparse.parse_all, ocr=ocr)

    store = ShardStore(out)
    index = HashIndex(out / INDEX)
    todo: list[Task] = []
    skipped = 0
    for path in inputs:
        rid = index.report_id(path)
        if store.done(rid, retry_failed):
            skipped += 1
        else:
            todo.append(Task(str(path), rid, (manifest or {}).get(os.path.abspath(path)) or None))
    index.save()
    failed = 0
    bar = _progress(len(todo), progress)
    if dask is None:
        from gkparse.batch.local import run_local

        results = run_local(todo, workers=workers, engine=engine, timeout=timeout, max_memory=max_memory,
                            parser=parser, shard_dir=str(store.dir))
    else:
        from gkparse.batch.cluster import run_dask

        results = run_dask(todo, dask=dask, workers=workers, engine=engine, max_memory=max_memory,
                           parser=parser, timeout=timeout, shard_dir=str(store.dir))
    with closing(results), bar:  # on Ctrl-C or an error here, the workers are ended at once
        for task, done in results:
            if done.shard is not None:  # a failure the runner named, or a Dask worker's result
                store.write(task.report_id, done.shard)
            if done.status == "failed":
                failed += 1
                bar.set_postfix(failed=failed, refresh=False)  # the operator sees failures as they come
            bar.update(1)
    if todo or not dataset_current(store, out, fmt):  # a resumed run with nothing new redoes nothing
        write_dataset(store, out, fmt, workers=max(1, workers))
    return {"converted": len(todo) - failed, "failed": failed, "skipped": skipped}


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="report", disable=not enabled, dynamic_ncols=True)


__all__ = ["TABLES", "Done", "convert", "convert_one", "find_inputs"]
