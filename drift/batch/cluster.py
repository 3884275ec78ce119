"""Run a batch's tasks on a Dask cluster (extra ``newsdrift[dask]``).

``drift batch --scheduler tcp://HOST:PORT`` uses an existing ``dask.distributed`` cluster
(``dask scheduler`` on one machine, ``dask worker tcp://HOST:PORT`` on each of the others);
``--workers N`` starts a ``LocalCluster`` of ``N`` worker processes on this machine. Tasks are
plain functions of plain data (:mod:`drift.batch.run`): each worker process loads the model
once, on its first encoding task, and keeps it. Workers never write files: vectors and
rendered reports come back to this process, which alone writes the cache and the output
folder, so the cluster needs no shared disk and the cache sees one writer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from drift._optional import import_optional
from drift.errors import DriftError

__all__ = ["DaskExecutor"]


class DaskExecutor:
    """Tasks on a Dask cluster: an existing one (``scheduler``) or a ``LocalCluster`` of
    ``workers`` processes (one thread each; torch gets the cores divided among them).

    Attributes:
        workers: worker processes (the batch splits encoding into at least as many chunks).
        worker_threads: torch threads per worker (None: the worker's default).
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 timeout: float = 30.0):
        distributed = import_optional("distributed", "dask", "drift batch on a Dask cluster")
        self._cluster = None
        try:
            if scheduler:
                self.client = distributed.Client(scheduler, timeout=timeout)
                info = self.client.scheduler_info()
                self.workers = max(1, len(info.get("workers", {})))
                self.worker_threads: int | None = None
            else:
                n = max(1, int(workers or 1))
                cores = len(os.sched_getaffinity(0))
                self._cluster = distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=40)
                self.client = distributed.Client(self._cluster, timeout=timeout)
                self.workers = n
                self.worker_threads = max(1, cores // n)
        except OSError as exc:
            raise DriftError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        except TimeoutError:
            raise DriftError(f"the Dask scheduler {scheduler} did not answer within "
                             f"{timeout:.0f} s") from None

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """``fn(item)`` on the cluster for each item; results as they complete."""
        from distributed import as_completed

        futures = self.client.map(fn, list(items), pure=False)
        try:
            for fut in as_completed(futures):
                yield fut.result()
        finally:
            for fut in futures:
                fut.release()

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
