"""What a batch's output folder holds between runs, and what drift may touch there.

The output folder may be shared with the user's own files: drift touches only what it made.

* **The lock** (:data:`LOCK_FILE`): opened without following a link, and only when it is a
  plain file with no other hard link; the kernel releases it when the process dies, even by
  kill -9.
* **The staging folder** (:data:`STAGING`, with a marker file only drift writes): every new
  group folder and table is made there and then renamed into place, and what a killed run left
  there is removed by the next run. Nothing outside it is ever taken for a leftover.
* **The corpus tables** (``summary.csv``, ``errors.jsonl``, ``pairs.parquet`` or
  ``pairs.csv``): drift records the SHA-256 of each table it writes in
  :data:`TABLES_RECORD`; a table of that name that drift did not write (or that was changed
  since) is never replaced: the run is refused before any work.
* **Each group's** ``batch.json``: a group is done when its folder (a real folder, not a link)
  holds a ``batch.json`` with the run's signature, the same input files (by resolved path and
  SHA-256) and every file the run asks for (``report.html`` with ``--html``, the heatmaps with
  ``--plots``), and all of them are there; anything else is scored again. ``report.json``
  itself is the same file ``drift score`` writes for the same texts.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import socket
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from drift.batch.manifest import TABLE_FILES, Group
from drift.errors import DriftError, InputError
from drift.text.read import read_input_bytes

__all__ = ["BatchLocked", "Lock", "staging_folder", "check_tables", "write_tables_owned",
           "group_inputs", "is_done", "batch_record", "LOCK_FILE", "RECORD_FILE",
           "TABLES_RECORD", "STAGING"]

LOCK_FILE = ".drift-batch.lock"
#: the bookkeeping file of a group's folder
RECORD_FILE = "batch.json"
#: the tables drift wrote into the output folder, with their SHA-256
TABLES_RECORD = ".drift-batch.json"
#: where a running batch makes its new folders and files (removed at its end)
STAGING = ".drift-staging"
#: the marker inside :data:`STAGING` that tells it is drift's
_STAGING_MARK = ".made-by-drift-batch"
_MARK_TEXT = b"drift batch makes new files here and removes them; safe to delete\n"
#: bookkeeping files are small: one larger than this is not drift's
_RECORD_LIMIT = 16 * 1024 * 1024


class BatchLocked(DriftError):
    """Another ``drift batch`` is writing into the same output folder."""


def _cannot(out: Path, exc: OSError) -> DriftError:
    return DriftError(f"cannot write the batch to {out}: {exc.strerror or exc}")


class Lock:
    """An exclusive lock on the output folder (``flock``: released by the kernel when the
    process dies, even by kill -9). The lock file is opened without following a link and
    must be a plain file with one name: a link planted there is refused, never written
    through."""

    def __init__(self, out: Path):
        self.path = out / LOCK_FILE
        self._fh: Any = None

    def __enter__(self) -> Lock:
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            fd = os.open(self.path, flags, 0o666)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise DriftError(f"{self.path}: is a symbolic link; drift never writes through "
                                 "a link in its output folder: remove it") from None
            raise _cannot(self.path.parent, exc) from None
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            os.close(fd)
            raise DriftError(f"{self.path}: is not a plain file of drift's (a special file or "
                             "a file with another hard link); remove it")
        fh = os.fdopen(fd, "r+", encoding="utf-8", errors="replace")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read(200).strip() or "another process"
            fh.close()
            raise BatchLocked(f"{self.path.parent}: another drift batch is writing here "
                              f"({holder}); wait for it or choose another --out") from None
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
            fh.flush()
        except OSError as exc:
            fh.close()
            raise _cannot(self.path.parent, exc) from None
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


@contextmanager
def staging_folder(out: Path) -> Iterator[Path]:
    """The staging folder of a run that holds the lock: what a killed run left there is
    removed first, and the folder at the end. A :data:`STAGING` entry that is not drift's (no
    marker, a link, a file) is refused, never removed."""
    path = out / STAGING
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _cannot(out, exc) from None
    if st is not None:
        try:
            mark = os.lstat(path / _STAGING_MARK)
        except OSError:
            mark = None
        if not stat.S_ISDIR(st.st_mode) or mark is None or not stat.S_ISREG(mark.st_mode):
            raise DriftError(f"{path}: drift batch makes its new files in a folder of this "
                             "name, and this one is not drift's; move it away")
        try:
            shutil.rmtree(path)
        except OSError as exc:
            raise _cannot(out, exc) from None
    try:
        os.mkdir(path, 0o777)
        fd = os.open(path / _STAGING_MARK,
                     os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_MARK_TEXT)
    except OSError as exc:
        raise _cannot(out, exc) from None
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _own_file(path: Path) -> Iterator[BinaryIO | None]:
    """A file of drift's opened for reading: a plain file (a link is not followed, a named
    pipe not waited on), or None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        yield None
        return
    with os.fdopen(fd, "rb") as fh:
        yield fh if stat.S_ISREG(os.fstat(fd).st_mode) else None


def _read_own(path: Path) -> bytes | None:
    """A bookkeeping file of drift's (small), or None."""
    try:
        with _own_file(path) as fh:
            data = fh.read(_RECORD_LIMIT + 1) if fh is not None else None
    except OSError:
        return None
    return data if data is not None and len(data) <= _RECORD_LIMIT else None


def _file_sha256(path: Path) -> str | None:
    """SHA-256 of a plain file of drift's (any size), or None."""
    h = hashlib.sha256()
    try:
        with _own_file(path) as fh:
            if fh is None:
                return None
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _tables_record(out: Path) -> dict[str, list[str]]:
    data = _read_own(out / TABLES_RECORD)
    try:
        record = json.loads(data or b"{}")
        tables = record.get("tables", {}) if isinstance(record, dict) else {}
        return {str(k): [str(h) for h in v] for k, v in tables.items() if isinstance(v, list)}
    except (ValueError, AttributeError):
        return {}


def check_tables(out: Path) -> None:
    """Refuse an output folder holding a table drift did not write (or that was changed since
    it did): drift never replaces it.

    Raises:
        DriftError: naming the file.
    """
    record = _tables_record(out)
    for name in TABLE_FILES:
        path = out / name
        if not os.path.lexists(path):
            continue
        if _file_sha256(path) not in record.get(name, []):
            raise DriftError(f"cannot write the batch to {out}: {name} there was not written "
                             "by drift batch (or was changed since); move it away or choose "
                             "another --out")


def write_tables_owned(out: Path, tables: Mapping[str, bytes], staging: Path) -> None:
    """Write the tables (each atomically, through ``staging``) and record them as drift's.

    The record lists the old and the new content before the tables are replaced, and only
    the new after: a run killed in between leaves tables that are still known to be drift's.
    A table drift wrote before and does not write now (``pairs.csv`` once pyarrow is
    installed) is removed.

    Raises:
        DriftError: a table could not be written (disk full, permissions...).
    """
    from drift.report.files import atomic_write

    old = _tables_record(out)
    new = {name: hashlib.sha256(data).hexdigest() for name, data in tables.items()}
    now = {n: _file_sha256(out / n) for n in {*new, *old} if n in TABLE_FILES}
    stale = [n for n in old if n not in new and now.get(n) in old[n]]

    def record(tables_: Mapping[str, list[str]]) -> None:
        text = json.dumps({"tables": dict(sorted(tables_.items()))}, indent=1) + "\n"
        atomic_write(out / TABLES_RECORD, text.encode(), staging)

    name = TABLES_RECORD
    try:
        record({n: sorted({h, now.get(n) or h}) for n, h in new.items()}
               | {n: old[n] for n in stale})
        for name, data in tables.items():
            atomic_write(out / name, data, staging)
        for name in stale:
            os.unlink(out / name)
        name = TABLES_RECORD
        record({n: [h] for n, h in new.items()})
    except OSError as exc:
        raise DriftError(f"cannot write {out / name}: {exc.strerror or exc}") from None


def _input_sha256(path: Path, max_bytes: int | None) -> str | None:
    try:
        return hashlib.sha256(read_input_bytes(path, max_bytes)).hexdigest()
    except InputError:
        return None


def group_inputs(group: Group, max_bytes: int | None = None) -> dict[str, Any]:
    """The group's input files by resolved path (the same for any spelling of the path or the
    manifest's), with their SHA-256 (None for a file that cannot be read: missing, not a
    regular file, over ``max_bytes``)."""
    def entry(p: Path) -> dict[str, Any]:
        return {"path": os.path.realpath(p), "sha256": _input_sha256(p, max_bytes)}

    return {"base": entry(group.base), "derivatives": [entry(d) for d in group.derivatives]}


def batch_record(group_id: str, signature: str, inputs: dict[str, Any],
                 outputs: list[str]) -> bytes:
    """The ``batch.json`` of a group's folder (see the module docstring)."""
    return json.dumps({"id": group_id, "signature": signature, "inputs": inputs,
                       "outputs": sorted(outputs)}, indent=1, ensure_ascii=False).encode()


def is_done(folder: Path, signature: str, inputs: dict[str, Any], *, plots: bool,
            html: bool) -> bool:
    """A complete group: its folder is a real folder, its ``batch.json`` has this signature and
    these inputs, and every file it lists, and every file this run asks for, is there (a
    missing or unreadable record is not done)."""
    if folder.is_symlink():
        return False
    try:
        record = json.loads(_read_own(folder / RECORD_FILE) or b"")
    except ValueError:
        return False
    if not (isinstance(record, dict) and record.get("signature") == signature
            and record.get("inputs") == inputs and isinstance(record.get("outputs"), list)):
        return False
    outputs = [str(name) for name in record["outputs"]]
    wanted = {"report.json", "pairs.csv"} | ({"report.html"} if html else set())
    if not wanted <= set(outputs) or (plots and "overview.png" not in outputs):
        return False
    return all(not (folder / name).is_symlink() and (folder / name).is_file()
               for name in outputs)
