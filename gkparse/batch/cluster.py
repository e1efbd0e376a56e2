"""Parses on a Dask distributed cluster; the results come back to this process, which writes the shards.

So resume, --retry-failed and the progress bar work exactly as with local workers. The workers must
have gkparse installed and see the inputs at the same paths (shared storage). A worker that dies on
an input (Dask retries it on others, then gives up with KilledWorker) or a task error is recorded as a
`failed` row, like a crash under local workers.

Dask has no per-task time limit. A worker that may start processes of its own (not daemonic:
`--dask local` sets `distributed.worker.daemon: False`; set it on your cluster's workers too)
parses in a pebble child, as local workers do: --timeout and --max-memory hold there, and a
crash costs one input, not the worker. On daemonic workers the parse runs in the worker itself,
with no time limit; the cluster's memory limits (the nanny) stand in for --max-memory.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import Any

from gkparse.batch.work import (
    Parser,
    Task,
    convert_one,
    failure_rows,
    internal_error,
    limit_memory,
    memory_reason,
    with_given,
    worker_context,
)

LOCAL = "local"
KILLED = "worker crashed or was killed while parsing (Dask KilledWorker)"


_POOL: Any = None  # on a Dask worker: its pebble pool, started by the first task


def convert_on_worker(
    path: str, engine: str, report_id: str, parser: Parser | None, timeout: float | None, max_memory: int,
    meta: dict[str, Any] | None = None,
) -> dict[str, list[dict]]:
    """One input on a Dask worker: in a pebble child with the limits when the worker may start
    processes, else in the worker itself."""
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return convert_one(path, engine, report_id, parser, *((meta,) if meta else ()))
    global _POOL
    from distributed import get_worker
    from pebble import ProcessExpired, ProcessPool

    from gkparse.batch.local import rows_or_failure

    if _POOL is None:
        try:
            threads = get_worker().state.nthreads
        except (ValueError, AttributeError):
            threads = 1
        _POOL = ProcessPool(max_workers=threads, initializer=limit_memory, initargs=(max_memory,),
                            context=worker_context())
    args = (path, engine, report_id, parser) + ((meta,) if meta else ())  # no meta: the 4-argument call
    future = _POOL.schedule(convert_one, args=args, timeout=timeout or None)
    return rows_or_failure(future, Task(path, report_id, meta), timeout, max_memory, ProcessExpired)


def run_dask(
    tasks: Iterable[Task], *, dask: Any, workers: int = 1, engine: str = "auto", max_memory: int = 4096,
    parser: Parser | None = None, timeout: float | None = 300.0,
) -> Iterator[tuple[Task, dict[str, list[dict]]]]:
    """Yield (task, rows) as the cluster finishes inputs.

    `dask` is a scheduler address ("tcp://host:8786"), "local" (a LocalCluster of `workers`
    single-threaded processes, each with a `max_memory` MB limit), or a distributed.Client.
    At most 4 tasks per worker thread are in flight, so the client never holds 50,000 futures.
    """
    from distributed import Client, KilledWorker, LocalCluster, as_completed

    with ExitStack() as stack:
        if isinstance(dask, Client):
            client, limit = dask, None
        elif dask == LOCAL:
            import dask as dask_config

            stack.enter_context(dask_config.config.set({"distributed.worker.daemon": False}))
            cluster = stack.enter_context(LocalCluster(
                n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None,
                memory_limit=f"{max_memory}MB" if max_memory else 0, silence_logs=logging.ERROR,
            ))
            client, limit = stack.enter_context(Client(cluster)), max_memory
        else:
            client, limit = stack.enter_context(Client(dask)), None
        window = 4 * max(1, sum(client.nthreads().values()))
        queue = iter(enumerate(tasks))
        owner: dict[str, Task] = {}

        def submit() -> Any | None:
            for i, task in queue:
                # workers run elsewhere: they get the absolute path; the dataset keeps the path as given
                args = (os.path.abspath(task.path), engine, task.report_id, parser, timeout, max_memory)
                args += (task.meta,) if task.meta else ()
                key = f"gkparse-{i}-{task.report_id[:16]}"
                future = client.submit(convert_on_worker, *args, key=key, pure=False)
                owner[future.key] = task
                return future
            return None

        running = as_completed([f for f in (submit() for _ in range(window)) if f is not None])
        for future in running:
            task = owner.pop(future.key)
            try:
                rows = future.result()
            except KilledWorker:
                rows = with_given(failure_rows(task.path, task.report_id, KILLED), task.meta)
            except MemoryError:
                rows = with_given(failure_rows(task.path, task.report_id, memory_reason(limit)), task.meta)
            except Exception as e:  # the task could not run or return (e.g. gkparse missing on a worker)
                rows = with_given(failure_rows(task.path, task.report_id, internal_error(e)), task.meta)
            rows["reports"][0]["path"] = task.path
            future.release()
            following = submit()
            if following is not None:
                running.add(following)
            yield task, rows
