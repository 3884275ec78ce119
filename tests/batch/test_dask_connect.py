"""``drift batch --scheduler``: every network wait is bounded and every failure one line, on
servers of this machine (loopback) that misbehave."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from drift.batch.cluster import check_scheduler
from drift.cli import main
from drift.errors import DriftError

pytest.importorskip("distributed", reason="the dask extra is not installed")


def _serve(handle: Callable[[socket.socket], None]) -> Iterator[str]:
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            held.append(conn)
            handle(conn)

    t = threading.Thread(target=loop, daemon=True)
    t.start()
    yield f"tcp://127.0.0.1:{srv.getsockname()[1]}"
    stop.set()
    t.join()
    for c in held:
        c.close()
    srv.close()


def _silent(conn: socket.socket) -> None:
    """Accepts, and never says a word (a firewall, a wedged process)."""


def _http(conn: socket.socket) -> None:
    """A web server: answers only after a request, with an HTTP status line."""
    def answer() -> None:
        try:
            conn.settimeout(5)
            if conn.recv(1024):
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
        except OSError:
            pass
    threading.Thread(target=answer, daemon=True).start()


def _banner(conn: socket.socket) -> None:
    """Another service that speaks first (SSH): its first 8 bytes are no Dask length."""
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")


def _hangup(conn: socket.socket) -> None:
    conn.close()


@pytest.fixture(params=[_silent, _http, _banner, _hangup])
def bad_server(request) -> Iterator[tuple[str, str]]:
    expected = {_silent: "did not answer as a Dask scheduler within 1 s",
                _http: "did not answer as a Dask scheduler within 1 s",
                _banner: "answers, but not as a Dask scheduler",
                _hangup: "cannot reach the Dask scheduler"}[request.param]
    for address in _serve(request.param):
        yield address, expected


def test_a_server_that_is_not_a_scheduler_is_refused_in_bounded_time(bad_server):
    address, expected = bad_server
    with pytest.raises(DriftError, match=expected):
        check_scheduler(address, timeout=1)


@pytest.mark.parametrize("address", ["garbage", "tcp://host:99999", "tcp://:8786",
                                     "tcp://host:port", ""])
def test_a_malformed_address_is_one_line(capsys, tmp_path, address):
    m = tmp_path / "m.jsonl"
    m.write_text('{"id": "g", "base": "b.txt", "derivatives": ["d.txt"]}\n')
    code = main(["batch", str(m), "--out", str(tmp_path / "o"), "--scheduler", address])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "is not a Dask scheduler address" in err


def test_a_scheduler_without_workers_is_refused_after_the_timeout():
    import distributed

    from drift.batch.cluster import DaskExecutor

    with distributed.LocalCluster(n_workers=0, processes=False, protocol="tcp",
                                  dashboard_address=None, silence_logs=50) as cluster:
        check_scheduler(cluster.scheduler_address, timeout=5)  # a real handshake passes
        with pytest.raises(DriftError, match="has no workers .none joined within 1 s"):
            DaskExecutor(cluster.scheduler_address, timeout=1)


@pytest.mark.parametrize("handle", [_banner, _hangup])
def test_the_batch_command_checks_the_scheduler_first(capsys, tmp_path, handle):
    m = tmp_path / "m.jsonl"
    m.write_text('{"id": "g", "base": "b.txt", "derivatives": ["d.txt"]}\n')
    for address in _serve(handle):
        code = main(["batch", str(m), "--out", str(tmp_path / "o"), "--scheduler", address])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Dask scheduler" in err
    assert not (tmp_path / "o").exists()
