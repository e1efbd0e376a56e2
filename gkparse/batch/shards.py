"""The shard store (one JSON file per finished input) and the dataset written from it in chunks."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

from gkparse.batch.work import encode_shard, write_shard
from gkparse.write.tables import DatasetWriter, PreparedChunk, merge_rows, prepare_chunk

SHARDS = Path(".gkparse") / "shards"
CHUNK = 200  # shards per written chunk: ~140 MB over the base at ~50 KB a shard, ~20% slower than 500
MIN_CHUNK = 50  # with several workers, chunks are cut smaller (down to this) to share the work evenly


class ShardStore:
    """`OUT/.gkparse/shards/<report_id>.json`: written atomically, so a kill never leaves half a shard."""

    def __init__(self, out: Path):
        self.dir = out / SHARDS
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, report_id: str) -> Path:
        return self.dir / f"{report_id}.json"

    def done(self, report_id: str, retry_failed: bool = False) -> bool:
        """A shard exists (and, with retry_failed, it is not a failure)."""
        shard = self.path(report_id)
        if not shard.exists():
            return False
        return not (retry_failed and '"status": "failed"' in shard.read_text("utf-8"))

    def save(self, report_id: str, rows: dict) -> None:
        self.write(report_id, encode_shard(rows))

    def write(self, report_id: str, data: bytes) -> None:
        """A shard already encoded (by the worker that parsed the input)."""
        write_shard(self.dir, report_id, data)

    def paths(self) -> list[Path]:
        """Every shard, in report_id order (the dataset's row order)."""
        return sorted(self.dir.glob("*.json"))

    def load(self) -> Iterator[dict]:
        for path in self.paths():
            yield json.loads(path.read_text("utf-8"))


def dataset_current(store: ShardStore, out: Path, fmt: str) -> bool:
    """Every table of `fmt` was written after the last shard came or went (a shard is saved by
    renaming it into the shard folder, which updates the folder's mtime): nothing to rewrite."""
    from gkparse.write.tables import TABLES

    tables = [out / f"{name}.{fmt}" for name in TABLES]
    if not all(t.exists() for t in tables):
        return False
    return min(t.stat().st_mtime_ns for t in tables) > store.dir.stat().st_mtime_ns


def write_dataset(store: ShardStore, out: Path, fmt: str, chunk: int = CHUNK, workers: int = 1) -> list[Path]:
    """The four tables from all shards, `chunk` shards at a time: memory bounded by the chunk.

    With workers > 1, worker processes read and prepare the chunks (JSON, frames, indicators, Arrow
    tables or CSV text: nearly all the time) while this one writes them in order; at most
    workers + 1 chunks are in flight. Otherwise this process does it all (no process to start)."""
    paths = store.paths()
    if workers > 1:  # chunks small enough that every worker gets a few, so none waits on the last
        chunk = max(1, min(chunk, max(MIN_CHUNK, -(-len(paths) // (3 * workers)))))
    parts = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    with DatasetWriter(out, fmt) as writer:
        if workers <= 1 or len(parts) <= 1:
            for part in parts:
                writer.write(_rows(part))
        else:
            for prepared in _prepared(parts, fmt, workers):
                writer.write_prepared(prepared)
        return writer.close()


def _rows(paths: list[Path]) -> dict[str, list[dict]]:
    return merge_rows(json.loads(path.read_text("utf-8")) for path in paths)


def prepare_shards(paths: list[Path], fmt: str) -> PreparedChunk:
    """In a worker process: a chunk of shards as the table files take it."""
    return prepare_chunk(_rows(paths), fmt)


def _prepared(parts: list[list[Path]], fmt: str, workers: int) -> Iterator[PreparedChunk]:
    """prepare_shards over the parts in `workers` processes, yielded in order."""
    from concurrent.futures import ProcessPoolExecutor

    from gkparse.batch.work import worker_context

    with ProcessPoolExecutor(max_workers=workers, mp_context=worker_context()) as pool:
        pending: deque[Future] = deque()
        queue = iter(parts)
        try:
            for part in queue:
                pending.append(pool.submit(prepare_shards, part, fmt))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
