"""Batch conversion: many inputs → one dataset, crash-proof and resumable.

Each finished input is written at once as a shard (`.gkparse/shards/<report_id>.json`), so a
crash or a kill loses at most the reports in flight; a re-run skips every input whose
content hash already has a shard. A bad input becomes a `failed` row with its reason and
never stops the batch. The dataset tables are rebuilt from the shards at the end.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from gkparse.write.tables import TABLES, frames, merge_rows, report_rows, write_frames

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


def file_id(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def convert_one(path: str, engine: str = "auto") -> dict[str, list[dict]]:
    """Parse one input into dataset rows; any failure becomes a `failed` report row."""
    from gkparse import parse
    from gkparse.errors import GkparseError

    start = time.perf_counter()
    try:
        report = parse(Path(path), engine=engine)
        return report_rows(report, round(time.perf_counter() - start, 4))
    except GkparseError as e:
        reason = getattr(e, "reason", str(e))
    except Exception as e:  # a defect in gkparse on this input: record it, keep the batch going
        reason = f"internal error: {type(e).__name__}: {e}"
    return {
        "reports": [
            {
                "report_id": file_id(Path(path)) or hashlib.sha256(path.encode()).hexdigest(),
                "path": path, "agency": None, "year": None, "format": None, "kind": None,
                "pages": None, "status": "failed", "error": reason, "n_cells": 0,
                "n_failed_checks": 0, "seconds": round(time.perf_counter() - start, 4),
            }
        ]
    }


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
    retry_failed: bool = False, engine: str = "auto",
) -> dict[str, int]:
    """Convert inputs into `out`; returns counts of done/skipped/failed inputs."""
    (out / SHARDS).mkdir(parents=True, exist_ok=True)
    todo: list[tuple[Path, str]] = []
    skipped = 0
    for path in inputs:
        rid = file_id(path) or hashlib.sha256(str(path).encode()).hexdigest()
        shard = _shard_path(out, rid)
        if shard.exists() and not (retry_failed and '"status": "failed"' in shard.read_text("utf-8")):
            skipped += 1
        else:
            todo.append((path, rid))
    failed = 0
    bar = _progress(len(todo), progress)
    if workers > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(convert_one, str(p), engine): rid for p, rid in todo}
            for future in as_completed(futures):
                failed += _finish(out, futures[future], future.result(), bar)
    else:
        for path, rid in todo:
            failed += _finish(out, rid, convert_one(str(path), engine), bar)
    bar.close()
    write_frames(frames(merge_rows(_load_shards(out))), out, fmt)
    return {"converted": len(todo) - failed, "failed": failed, "skipped": skipped}


def _finish(out: Path, rid: str, rows: dict, bar) -> int:
    _save_shard(out, rid, rows)
    bar.update(1)
    return int(rows["reports"][0]["status"] == "failed")


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="report", disable=not enabled, dynamic_ncols=True)


__all__ = ["TABLES", "convert", "convert_one", "find_inputs"]
