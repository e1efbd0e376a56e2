"""Batch conversion: many inputs → one dataset, crash-proof and resumable.

Each finished input is written at once as a shard (`.gkparse/shards/<report_id>.json`), so a
crash or a kill loses at most the reports in flight; a re-run skips every input whose content
hash already has a shard. The hash of a file whose size and mtime are unchanged comes from the
index (`.gkparse/index.json`), so a resumed run does not read its inputs again. Every parse runs
in a worker process with a time limit and a memory cap: a bad input, a native crash or a hang
becomes a `failed` row with its reason and never stops the batch. The dataset tables are
rebuilt from the shards at the end.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from gkparse.batch.index import INDEX, HashIndex
from gkparse.batch.work import Parser, Task, convert_one
from gkparse.write.tables import TABLES, frames, merge_rows, write_frames

SUFFIXES = {".pdf", ".txt", ".text", ".htm", ".html", ".shtml", ".docx"}
SHARDS = Path(".gkparse") / "shards"


def find_inputs(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            found.append(path)
    return found


def _shard_path(out: Path, report_id: str) -> Path:
    return out / SHARDS / f"{report_id}.json"


def _save_shard(out: Path, report_id: str, rows: dict) -> None:
    path = _shard_path(out, report_id)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def _load_shards(out: Path) -> Iterator[dict]:
    for path in sorted((out / SHARDS).glob("*.json")):
        yield json.loads(path.read_text("utf-8"))


def convert(
    inputs: list[Path], out: Path, fmt: str = "parquet", workers: int = 1, progress: bool = True,
    retry_failed: bool = False, engine: str = "auto", timeout: float | None = 300.0, max_memory: int = 4096,
    parser: Parser | None = None,
) -> dict[str, int]:
    """Convert inputs into `out`; returns counts of converted/failed/skipped inputs.

    timeout: seconds per input (None or 0: no limit); max_memory: MB of address space per worker
    (0: no cap); parser: what a worker calls on each path (default gkparse.parse).
    """
    from gkparse.batch.local import run_local

    (out / SHARDS).mkdir(parents=True, exist_ok=True)
    index = HashIndex(out / INDEX)
    todo: list[Task] = []
    skipped = 0
    for path in inputs:
        rid = index.report_id(path)
        shard = _shard_path(out, rid)
        if shard.exists() and not (retry_failed and '"status": "failed"' in shard.read_text("utf-8")):
            skipped += 1
        else:
            todo.append(Task(str(path), rid))
    index.save()
    failed = 0
    bar = _progress(len(todo), progress)
    results = run_local(todo, workers=workers, engine=engine, timeout=timeout, max_memory=max_memory,
                        parser=parser)
    for task, rows in results:
        _save_shard(out, task.report_id, rows)
        bar.update(1)
        failed += rows["reports"][0]["status"] == "failed"
    bar.close()
    write_frames(frames(merge_rows(_load_shards(out))), out, fmt)
    return {"converted": len(todo) - failed, "failed": failed, "skipped": skipped}


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="report", disable=not enabled, dynamic_ncols=True)


__all__ = ["TABLES", "convert", "convert_one", "find_inputs"]
