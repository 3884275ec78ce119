"""Run a batch's tasks on a Dask cluster (extra ``newsdrift[dask]``).

``drift batch --scheduler tcp://HOST:PORT`` uses an existing ``dask.distributed`` cluster
(``dask scheduler`` on one machine, ``dask worker tcp://HOST:PORT`` on each of the others);
``--workers N`` starts a ``LocalCluster`` of ``N`` worker processes on this machine. Tasks are
plain functions of plain data (:mod:`drift.batch.run`): each worker process loads the model
once, on its first encoding task, and keeps it. Workers never write files: vectors and
rendered reports come back to this process, which alone writes the cache and the output
folder, so the cluster needs no shared disk and the cache sees one writer.

Every wait on the network is bounded by ``timeout`` (30 s): the address is checked first
(``HOST:PORT`` or ``SCHEME://HOST:PORT``); a ``tcp://`` scheduler must then answer a
connection with a Dask handshake within the time, so a port that accepts and stays silent, or
another service (a web server, the dashboard) is refused with one line, never waited on or
misread; the client's connection and the wait for a first worker have the same bound.
"""

from __future__ import annotations

import os
import socket
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from drift._optional import import_optional
from drift.errors import DriftError

__all__ = ["DaskExecutor", "check_scheduler"]

#: the largest first message a scheduler sends (its handshake: a few hundred bytes)
_MAX_HANDSHAKE = 1 << 20


def _address(scheduler: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a scheduler address, or a one-line error."""
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, loc = parse_address(scheduler.strip(), strict=False)
        host, port = parse_host_port(loc)
    except (ValueError, TypeError):
        port = None
    if port is None or not 0 < int(port) < 65536 or not host:
        raise DriftError(f"--scheduler {scheduler!r} is not a Dask scheduler address; give "
                         "HOST:PORT or tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786")
    return scheme, str(host), int(port)


def _recv(sock: socket.socket, n: int, deadline: float) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        chunk = sock.recv(min(n - len(buf), 1 << 16))
        if not chunk:
            raise ConnectionResetError("the connection was closed")
        buf += chunk
    return bytes(buf)


def check_scheduler(scheduler: str, timeout: float = 30.0) -> None:
    """Check that a Dask scheduler answers at ``scheduler`` within ``timeout`` seconds.

    A ``tcp://`` scheduler sends its handshake as soon as a connection is made: a length (8
    bytes) and that many bytes. Anything else (silence, a web server's reply, a length no
    handshake has) is refused; other schemes (``tls://``...) are only checked for their form.

    Raises:
        DriftError: a malformed address, a scheduler that cannot be reached, does not answer
            in time, or is not a Dask scheduler (one line each).
    """
    scheme, host, port = _address(scheduler)
    if scheme != "tcp":
        return
    deadline = time.monotonic() + timeout
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            (size,) = struct.unpack("Q", _recv(sock, 8, deadline))
            if not 0 < size <= _MAX_HANDSHAKE:
                raise DriftError(f"{scheduler} answers, but not as a Dask scheduler (is it "
                                 "another service, such as the dashboard?)")
            _recv(sock, size, deadline)
    except TimeoutError:
        raise DriftError(f"{scheduler} did not answer as a Dask scheduler within "
                         f"{timeout:.0f} s (a scheduler listens on port 8786 unless told "
                         "otherwise)") from None
    except OSError as exc:
        raise DriftError(f"cannot reach the Dask scheduler {scheduler}: "
                         f"{exc.strerror or exc}") from None


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
        import dask

        self._cluster = None
        try:
            if scheduler:
                check_scheduler(scheduler, timeout)
                with dask.config.set({"distributed.comm.timeouts.connect": f"{timeout}s"}):
                    self.client = distributed.Client(scheduler.strip(), timeout=timeout)
                self._wait_for_workers(scheduler, timeout)
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

    def _wait_for_workers(self, scheduler: str, timeout: float) -> None:
        """A cluster without workers would leave every task waiting: wait ``timeout`` for
        one, then refuse."""
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except (TimeoutError, OSError):
            self.client.close()
            raise DriftError(f"the Dask scheduler {scheduler} has no workers (none joined "
                             f"within {timeout:.0f} s); start one with: dask worker "
                             f"{scheduler}") from None

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
