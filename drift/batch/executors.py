"""Where a batch's tasks run: this machine (:class:`LocalExecutor`) or a Dask cluster
(:class:`drift.batch.cluster.DaskExecutor`). Both follow :class:`Executor`."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

log = logging.getLogger("drift")

__all__ = ["Executor", "LocalExecutor", "default_jobs"]


class Executor(Protocol):
    """Runs plain functions of plain data (the tasks of :mod:`drift.batch.tasks`).

    Attributes:
        workers: processes that encode in parallel (1 on this machine: one model; the batch
            cuts the encoding into at least four chunks per worker).
        worker_threads: torch threads per encoding worker (None: the worker's default).
    """

    workers: int
    worker_threads: int | None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn(item)`` for each item; results as they complete."""
        ...

    def close(self) -> None:
        """Stop the processes it started."""
        ...


def default_jobs() -> int:
    """Scoring processes ``drift batch`` starts by default: the cores available, at most 8."""
    return min(8, len(os.sched_getaffinity(0)))


class LocalExecutor:
    """Runs the encoding in this process (one model, on the GPU when there is one) and the
    per-group alignment and scoring in ``jobs`` processes of this machine (1: in this process).

    The alignment, explanations and rendering are pure CPU work on vectors sent with each group,
    so the processes load no model; with a GPU encoding in seconds, they are most of the time
    left. A process that dies (out of memory, killed) breaks the pool: its groups and those
    still waiting are run in this process instead, with a warning. The results are the same
    for any ``jobs`` (each group is computed on its own, the tables are rebuilt in manifest
    order).

    Args:
        jobs: processes for alignment and scoring (default 1). ``drift batch --jobs``. The
            processes are spawned, so a script that passes ``jobs > 1`` to
            :func:`drift.batch.run_batch` must call it under ``if __name__ == "__main__":`` (as
            with any multiprocessing pool).
        parallel: the tasks that may go to the processes (default: the per-group task,
            :func:`drift.batch.tasks.analyze_task`); others always run here (encoding needs
            the one model).
    """

    workers = 1
    worker_threads: int | None = None

    def __init__(self, jobs: int = 1,
                 parallel: tuple[Callable[[Any], Any], ...] | None = None):
        if parallel is None:
            from drift.batch.tasks import analyze_task

            parallel = (analyze_task,)
        self.jobs = max(1, int(jobs))
        self.parallel = parallel
        self._pool: Any = None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn(item)`` for each item, results as they come (in order unless ``jobs`` > 1)."""
        items = list(items)
        if fn not in self.parallel or self.jobs == 1 or len(items) < 2:
            for item in items:
                yield fn(item)
            return
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        futures = {self._get_pool().submit(fn, item): item for item in items}
        given: set[Any] = set()
        try:
            for fut in as_completed(futures):
                result = fut.result()
                given.add(fut)
                yield result
        except BrokenProcessPool:
            # never wait on a broken pool: every group not given yet runs here
            log.warning("a scoring process died; the groups left run in this process")
            self._pool.shutdown(wait=False)
            self._pool = None
            for fut, item in futures.items():
                if fut not in given:
                    yield fn(item)

    def _get_pool(self) -> Any:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # spawn: never fork a process that holds torch threads or a GPU context
            self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                             mp_context=mp.get_context("spawn"),
                                             initializer=_init_scoring_process,
                                             initargs=(os.getpid(),))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _init_scoring_process(parent: int) -> None:
    """One BLAS thread per scoring process (``jobs`` processes share the cores), and an exit
    when the batch process is gone: a ``drift batch`` killed with kill -9 cannot tell its pool
    to stop, and the pool's queues would keep its processes waiting forever."""
    import threading

    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = "1"  # for an encoder loaded here after all (cache miss)
    threadpool_limits(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="drift-parent-watch", daemon=True).start()
