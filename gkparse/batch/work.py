"""What runs in a worker: one input → dataset rows, and the reasons recorded when a worker fails.

The parent never parses: a native crash, a hang or a runaway allocation in one input must cost
that input only. The reason strings here are the ones users see in `reports.error`.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from gkparse.write.tables import merge_rows, report_rows

Parser = Callable[[Path, str], Any]


class Task(NamedTuple):
    """One input to parse; report_id is the content hash, known before parsing (the index); meta
    is what a manifest says about it (title, agency, year, url)."""

    path: str
    report_id: str
    meta: dict[str, Any] | None = None


class Done(NamedTuple):
    """What a worker hands back for one input: its status for the counts and the progress bar, and
    its shard when the worker did not write it (a Dask worker may not see the output directory)."""

    status: str
    shard: bytes | None = None


def file_id(path: Path) -> str | None:
    """SHA-256 of the file's bytes: the spec's report_id. None when the file cannot be read."""
    try:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def path_id(path: str) -> str:
    """report_id of an unreadable input: stable per path, so its failure is recorded once."""
    return hashlib.sha256(path.encode()).hexdigest()


def failure_rows(
    path: str, report_id: str, reason: str, seconds: float | None = None
) -> dict[str, list[dict]]:
    return {
        "reports": [
            {
                "report_id": report_id, "path": path, "url": None, "agency": None, "year": None,
                "format": None, "kind": None, "pages": None, "status": "failed", "error": reason,
                "n_cells": 0, "n_failed_checks": 0, "seconds": seconds,
            }
        ]
    }


def convert_one(
    path: str, engine: str = "auto", report_id: str | None = None, parser: Parser | None = None,
    meta: dict[str, Any] | None = None,
) -> dict[str, list[dict]]:
    """Parse one input into dataset rows; a bad input becomes a `failed` report row.

    `parser` defaults to gkparse.parse_all (a file that collects several reports gives a row for
    each, report_id `<hash>-<k>` from the second on); it is a parameter so that tests can hand the
    worker a parser that crashes, hangs or allocates. MemoryError is re-raised: the runner knows the
    limit and names it. `meta` (from a manifest) is applied to every report of the file, and to
    its failure row.
    """
    if parser is None:
        from gkparse import parse_all as parser
    from gkparse.errors import GkparseError

    start = time.perf_counter()
    try:
        parsed = parser(Path(path), engine)
        reports = parsed if isinstance(parsed, list) else [parsed]  # a file may hold several
        if meta:
            from gkparse.meta import apply_given

            for report in reports:
                report.meta, warnings = apply_given(report.meta, meta, "manifest")
                report.warnings += warnings
        seconds = round((time.perf_counter() - start) / len(reports), 4)
        return merge_rows(report_rows(report, seconds) for report in reports)
    except MemoryError:
        raise
    except GkparseError as e:
        reason = getattr(e, "reason", str(e))
    except Exception as e:  # a defect in gkparse on this input: record it, keep the batch going
        reason = internal_error(e)
    rid = report_id or file_id(Path(path)) or path_id(path)
    return with_given(failure_rows(path, rid, reason, round(time.perf_counter() - start, 4)), meta)


def encode_shard(rows: dict[str, list[dict]]) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode("utf-8")


def write_shard(folder: Path, report_id: str, data: bytes) -> None:
    """Atomically, under a name of this process's own: a kill never leaves half a shard, and two
    workers given the same bytes (one file under two paths) never share a temporary file."""
    tmp = folder / f"{report_id}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    tmp.replace(folder / f"{report_id}.json")


def parse_to_shard(
    path: str, engine: str, report_id: str, parser: Parser | None, meta: dict[str, Any] | None,
    given: str, shard_dir: str | None,
) -> Done:
    """One input parsed, its rows encoded and written as its shard here, in the worker: the parent
    receives a status, not 50 KB of rows to unpickle and encode again (with -j 2 on 2 cores, every
    millisecond the parent spends per report is taken from a worker). `given` is the path as the
    user gave it (the dataset's `path`), `path` the one to open; shard_dir None: the shard is
    returned instead of written."""
    rows = convert_one(path, engine, report_id, parser, meta)
    for row in rows["reports"]:
        row["path"] = given
    data = encode_shard(rows)
    status = rows["reports"][0]["status"]
    if shard_dir is None:
        return Done(status, data)
    write_shard(Path(shard_dir), report_id, data)
    return Done(status)


def failed(rows: dict[str, list[dict]]) -> Done:
    """The Done of an input whose worker gave nothing: its failure row, for the parent to write."""
    return Done("failed", encode_shard(rows))


def with_given(rows: dict[str, list[dict]], meta: dict[str, Any] | None) -> dict[str, list[dict]]:
    """A failure row carries what the manifest knows of its input (url, agency, year)."""
    for row in rows["reports"]:
        for key in ("url", "agency", "year"):
            if meta and meta.get(key) is not None and row.get(key) is None:
                row[key] = meta[key]
    return rows


def worker_context():
    """Where worker processes come from: a fork server that has imported gkparse once. Workers
    start warm, but not as copies of the parent: a parent grown large (threads, Dask, a notebook)
    would make the --max-memory cap (an address-space limit) meaningless, and forking a
    threaded process is unsafe."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")  # Windows
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["gkparse.pipeline", "gkparse.batch.work"])
    return context


def limit_memory(max_memory_mb: int) -> None:
    """Worker initializer: cap the address space, so a runaway parse raises MemoryError in Python
    (or dies in native code) instead of pushing the machine into swap or the OOM killer."""
    if max_memory_mb > 0:
        limit = max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def internal_error(e: BaseException) -> str:
    return f"internal error: {type(e).__name__}: {e}"


def crash_reason(exitcode: int | None) -> str:
    """A worker that died: by a signal (negative exit code) or by exiting."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        return f"worker crashed (signal {name}) while parsing"
    return f"worker exited (code {exitcode}) while parsing"


def timeout_reason(seconds: float) -> str:
    return f"timed out after {seconds:g} s"


def memory_reason(max_memory_mb: int | None) -> str:
    return f"out of memory (limit {max_memory_mb} MB)" if max_memory_mb else "out of memory"
