"""What a batch's output folder holds between runs: the lock, the leftovers of a killed run,
and each group's ``batch.json`` (what was scored, from which inputs, into which files).

A group is done when its folder holds a ``batch.json`` with the run's signature, the same input
files (SHA-256) and every file the run asks for (``report.html`` with ``--html``, the heatmaps
with ``--plots``); anything else is scored again. ``report.json`` itself is the same file
``drift score`` writes for the same texts.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import socket
from pathlib import Path
from typing import Any

from drift.batch.manifest import Group
from drift.errors import DriftError

__all__ = ["BatchLocked", "Lock", "remove_leftovers", "group_inputs", "is_done",
           "batch_record", "LOCK_FILE", "RECORD_FILE"]

LOCK_FILE = ".drift-batch.lock"
#: the bookkeeping file of a group's folder
RECORD_FILE = "batch.json"


class BatchLocked(DriftError):
    """Another ``drift batch`` is writing into the same output folder."""


class Lock:
    """An exclusive lock on the output folder (``flock``: released by the kernel when the
    process dies, even by kill -9)."""

    def __init__(self, out: Path):
        self.path = out / LOCK_FILE
        self._fh: Any = None

    def __enter__(self) -> Lock:
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until __exit__
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise BatchLocked(f"{self.path.parent}: another drift batch is writing here "
                              f"({holder}); wait for it or choose another --out") from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        fh.flush()
        self._fh = fh
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


def remove_leftovers(out: Path) -> None:
    """Folders and files a killed run left half-made (``.ID.new-*``, ``.ID.old-*``,
    ``.NAME.*.tmp``): never trusted, removed once this run holds the lock."""
    pattern = re.compile(r"^\..+\.(new|old)-[0-9a-f]{8}$|^\..+\.[0-9a-f]{8}\.tmp$")
    for p in out.iterdir():
        if pattern.match(p.name):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def _sha256(path: Path) -> str | None:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        return h.hexdigest()
    except OSError:
        return None


def group_inputs(group: Group) -> dict[str, Any]:
    """The group's input files with their SHA-256 (None for a file that cannot be read)."""
    return {"base": {"path": str(group.base), "sha256": _sha256(group.base)},
            "derivatives": [{"path": str(d), "sha256": _sha256(d)} for d in group.derivatives]}


def batch_record(group_id: str, signature: str, inputs: dict[str, Any],
                 outputs: list[str]) -> bytes:
    """The ``batch.json`` of a group's folder (see the module docstring)."""
    return json.dumps({"id": group_id, "signature": signature, "inputs": inputs,
                       "outputs": sorted(outputs)}, indent=1, ensure_ascii=False).encode()


def is_done(folder: Path, signature: str, inputs: dict[str, Any], *, plots: bool,
            html: bool) -> bool:
    """A complete group: its ``batch.json`` has this signature and these inputs, and every
    file it lists, and every file this run asks for, is there (a missing or unreadable
    record is not done)."""
    try:
        record = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not (isinstance(record, dict) and record.get("signature") == signature
            and record.get("inputs") == inputs and isinstance(record.get("outputs"), list)):
        return False
    outputs = [str(name) for name in record["outputs"]]
    wanted = {"report.json", "pairs.csv"} | ({"report.html"} if html else set())
    if not wanted <= set(outputs) or (plots and "overview.png" not in outputs):
        return False
    return all((folder / name).is_file() for name in outputs)
