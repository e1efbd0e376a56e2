"""The shard store (one JSON file per finished input) and the dataset written from it in chunks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from gkparse.write.tables import DatasetWriter, merge_rows

SHARDS = Path(".gkparse") / "shards"
CHUNK = 200  # shards per written chunk: ~140 MB over the base at ~50 KB a shard, ~20% slower than 500


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
        path = self.path(report_id)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)

    def load(self) -> Iterator[dict]:
        """Every shard, in report_id order (the dataset's row order)."""
        for path in sorted(self.dir.glob("*.json")):
            yield json.loads(path.read_text("utf-8"))


def dataset_current(store: ShardStore, out: Path, fmt: str) -> bool:
    """Every table of `fmt` was written after the last shard came or went (a shard is saved by
    renaming it into the shard folder, which updates the folder's mtime): nothing to rewrite."""
    from gkparse.write.tables import TABLES

    tables = [out / f"{name}.{fmt}" for name in TABLES]
    if not all(t.exists() for t in tables):
        return False
    return min(t.stat().st_mtime_ns for t in tables) > store.dir.stat().st_mtime_ns


def write_dataset(store: ShardStore, out: Path, fmt: str, chunk: int = CHUNK) -> list[Path]:
    """The four tables from all shards, `chunk` shards at a time: memory bounded by the chunk."""
    shards = store.load()
    with DatasetWriter(out, fmt) as writer:
        while part := list(islice(shards, chunk)):
            writer.write(merge_rows(part))
        return writer.close()
