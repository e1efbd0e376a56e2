"""Parses on a Dask distributed cluster, a batch of inputs per task. A remote cluster's workers
return the shards encoded and this process writes them, so the output directory need not be shared
with them; a `--dask local` cluster's workers share this machine's disk and write their shards
themselves, as local workers do (this process also runs the scheduler: every byte it need not
receive is time the two cores give to parsing).

So resume, --retry-failed and the progress bar work exactly as with local workers. The workers
must have gkparse installed (the same version) and see the inputs at the same paths (shared
storage). A worker that dies on a batch (Dask retries it on others, then gives up with
KilledWorker) or a batch that raises has its inputs run again one per task, so only the input at
fault gets a `failed` row, as a crash under local workers.

Per-task costs (the scheduler, which runs in this process for `--dask local`, and the round trips)
are paid once per batch: a batch holds up to MAX_ITEMS inputs and MAX_BYTES of files, fewer when
there are too few inputs to keep every worker thread busy. The workers return encoded shards (one
bytes object each), not rows: nothing is unpickled into dicts or encoded again here.

Dask has no per-task time limit. A worker that may start processes of its own (not daemonic:
`--dask local` sets `distributed.worker.daemon: False`; set it on your cluster's workers too)
parses in a long-lived pebble pool of its own, as local workers do: --timeout and --max-memory hold
there, and a crash costs one input, not the worker. On daemonic workers the parse runs in the worker
itself, with no time limit; the cluster's memory limits (the nanny) stand in for --max-memory.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from gkparse.batch.work import (
    Done,
    Parser,
    Task,
    failed,
    failure_rows,
    internal_error,
    limit_memory,
    memory_reason,
    parse_to_shard,
    with_given,
    worker_context,
)

LOCAL = "local"
KILLED = "worker crashed or was killed while parsing (Dask KilledWorker)"
MAX_ITEMS = 16  # inputs per task: ~0.3 s of text reports, so the scheduler sees a few tasks a second
MAX_BYTES = 16 << 20  # and at most this much input per task (a handful of large PDFs)

Item = tuple[str, str, str, "dict[str, Any] | None"]  # (absolute path, path as given, report_id, meta)

_POOL: Any = None  # on a Dask worker: its pebble pool, started by the first task, reused by the later ones


def convert_batch_on_worker(
    items: list[Item], engine: str, parser: Parser | None, timeout: float | None, max_memory: int,
    shard_dir: str | None = None,
) -> list[Done]:
    """A batch of inputs on a Dask worker: each in the worker's pebble pool with the limits when the
    worker may start processes (a crash or a hang costs that input only), else in the worker itself.
    shard_dir: where the workers write the shards when they share the client's disk (a LocalCluster);
    None: each shard comes back encoded."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return [parse_to_shard(path, engine, rid, parser, meta, given, shard_dir)
                for path, given, rid, meta in items]
    from pebble import ProcessExpired

    from gkparse.batch.local import outcome

    pool = _worker_pool(max_memory)
    futures = [pool.schedule(parse_to_shard, args=(path, engine, rid, parser, meta, given, shard_dir),
                             timeout=timeout or None) for path, given, rid, meta in items]
    return [outcome(future, Task(given, rid, meta), timeout, max_memory, ProcessExpired)
            for future, (_, given, rid, meta) in zip(futures, items, strict=True)]


def _worker_pool(max_memory: int) -> Any:
    global _POOL
    from distributed import get_worker
    from pebble import ProcessPool

    if _POOL is None:
        try:
            threads = get_worker().state.nthreads
        except (ValueError, AttributeError):
            threads = 1
        _POOL = ProcessPool(max_workers=threads, initializer=limit_memory, initargs=(max_memory,),
                            context=worker_context())
    return _POOL


def batch_items(n_tasks: int, threads: int) -> int:
    """Inputs per task: MAX_ITEMS, or fewer so that each worker thread gets at least 4 tasks."""
    return max(1, min(MAX_ITEMS, n_tasks // (4 * max(1, threads))))


def batches(tasks: list[Task], items: int, max_bytes: int = MAX_BYTES) -> Iterator[list[Task]]:
    """Consecutive tasks, `items` at most per batch and `max_bytes` of files (a larger file alone)."""
    batch: list[Task] = []
    size = 0
    for task in tasks:
        try:
            length = os.path.getsize(task.path)
        except OSError:
            length = 0
        if batch and (len(batch) >= items or size + length > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(task)
        size += length
    if batch:
        yield batch


def run_dask(
    tasks: Iterable[Task], *, dask: Any, workers: int = 1, engine: str = "auto", max_memory: int = 4096,
    parser: Parser | None = None, timeout: float | None = 300.0, shard_dir: str | None = None,
) -> Iterator[tuple[Task, Done]]:
    """Yield (task, done) as the cluster finishes inputs. With "local", the workers write the
    shards into `shard_dir` (this machine's disk); elsewhere every done carries its encoded shard.

    `dask` is a scheduler address ("tcp://host:8786"), "local" (a LocalCluster in this process:
    one worker of `workers` threads, each feeding one child of the worker's pebble pool, which holds
    the `max_memory` MB cap), or a distributed.Client.
    At most 2 batches per worker thread are in flight, so the client never holds 50,000 futures.
    """
    from distributed import Client, KilledWorker, LocalCluster, as_completed

    tasks = list(tasks)
    with ExitStack() as stack:
        if isinstance(dask, Client):
            client, limit = dask, None
        elif dask == LOCAL:
            import dask as dask_config

            stack.enter_context(dask_config.config.set({"distributed.worker.daemon": False}))
            # one worker of `workers` threads in this process: its threads only hand inputs to the
            # worker's pebble pool (a child per thread, with --timeout and --max-memory), so worker
            # processes and their nannies would add start-up and hops, not isolation
            cluster = stack.enter_context(LocalCluster(
                n_workers=1, threads_per_worker=max(1, workers), processes=False, dashboard_address=None,
                memory_limit=0, silence_logs=logging.ERROR,
            ))
            client, limit = stack.enter_context(Client(cluster)), max_memory
        else:
            client, limit = stack.enter_context(Client(dask)), None
        written_by_workers = shard_dir if dask == LOCAL else None
        threads = max(1, sum(client.nthreads().values()))
        queue = batches(tasks, batch_items(len(tasks), threads))
        singly: deque[list[Task]] = deque()  # the inputs of a batch that failed as a whole, one by one
        owner: dict[str, list[Task]] = {}
        count = 0

        def submit() -> Any | None:
            nonlocal count
            batch = singly.popleft() if singly else next(queue, None)
            if batch is None:
                return None
            # workers run elsewhere: they get the absolute path; the dataset keeps the path as given
            items = [(os.path.abspath(t.path), t.path, t.report_id, t.meta) for t in batch]
            count += 1
            key = f"gkparse-{count}-{batch[0].report_id[:16]}"
            future = client.submit(convert_batch_on_worker, items, engine, parser, timeout, max_memory,
                                   written_by_workers, key=key, pure=False)
            owner[future.key] = batch
            return future

        running = as_completed([f for f in (submit() for _ in range(2 * threads)) if f is not None])
        for future in running:
            batch = owner.pop(future.key)
            try:
                outcomes = list(zip(batch, future.result(), strict=True))
            except Exception as e:  # KilledWorker, MemoryError, a task error (e.g. no gkparse on a worker)
                if len(batch) > 1:
                    singly.extend([task] for task in batch)  # whichever input was at fault fails alone
                    outcomes = []
                else:
                    reason = (KILLED if isinstance(e, KilledWorker) else memory_reason(limit)
                              if isinstance(e, MemoryError) else internal_error(e))
                    task = batch[0]
                    outcomes = [(task, failed(with_given(failure_rows(task.path, task.report_id, reason),
                                                         task.meta)))]
            future.release()
            for _ in range(1 if outcomes else len(batch)):  # a batch split up: its singles all start
                following = submit()
                if following is not None:
                    running.add(following)
            yield from outcomes
