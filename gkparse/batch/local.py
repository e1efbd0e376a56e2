"""Parses in worker processes on this machine (pebble), one crash or hang costing one input only.

pebble's ProcessPool gives what concurrent.futures lacks for hostile inputs: a per-task timeout that
kills the worker, and a dead worker reported on its own task (ProcessExpired with the exit code)
instead of breaking the whole pool; either way a fresh worker takes the next input.

Workers are long-lived (a fresh one only after a crash or a timeout) and write each input's shard
themselves: the parent only counts statuses, writes the failure rows of dead workers, and keeps
the queue full.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout

from gkparse.batch.work import (
    Done,
    Parser,
    Task,
    crash_reason,
    failed,
    failure_rows,
    internal_error,
    limit_memory,
    memory_reason,
    parse_to_shard,
    timeout_reason,
    with_given,
    worker_context,
)


def run_local(
    tasks: Iterable[Task], *, workers: int = 1, engine: str = "auto", timeout: float | None = 300.0,
    max_memory: int = 4096, parser: Parser | None = None, shard_dir: str | None = None,
) -> Iterator[tuple[Task, Done]]:
    """Yield (task, done) as inputs finish, in completion order; never raises for one input's sake.

    The workers write the shards into `shard_dir` (None: they return them in `done.shard`); a
    failure the parent names (timeout, crash) comes back with its shard for the parent to write.

    At most 2 × workers tasks are in flight, so 50,000 inputs do not become 50,000 pending futures.
    """
    from pebble import ProcessExpired, ProcessPool

    pool = ProcessPool(max_workers=max(1, workers), initializer=limit_memory, initargs=(max_memory,),
                       context=worker_context())
    pending: dict[Future, Task] = {}
    queue = iter(tasks)
    window = 2 * max(1, workers)
    try:
        while True:
            for task in queue:
                args = (task.path, engine, task.report_id, parser, task.meta, task.path, shard_dir)
                future = pool.schedule(parse_to_shard, args=args, timeout=timeout or None)
                pending[future] = task
                if len(pending) >= window:
                    break
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                yield task, outcome(future, task, timeout, max_memory, ProcessExpired)
    finally:  # every task is done here, or the caller stopped early (Ctrl-C): end the workers now
        pool.stop()
        pool.join()


def outcome(future: Future, task: Task, timeout: float | None, max_memory: int, expired: type) -> Done:
    """The worker's Done, or a `failed` row naming why its worker gave none."""
    try:
        return future.result()
    except FutureTimeout:
        rows = failure_rows(task.path, task.report_id, timeout_reason(timeout or 0), timeout)
    except MemoryError:
        rows = failure_rows(task.path, task.report_id, memory_reason(max_memory))
    except expired as e:
        rows = failure_rows(task.path, task.report_id, crash_reason(e.exitcode))
    except Exception as e:  # the worker could not even run or return the task (e.g. pickling)
        rows = failure_rows(task.path, task.report_id, internal_error(e))
    return failed(with_given(rows, task.meta))
