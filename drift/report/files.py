"""Report folders: every file rendered in memory, written into a fresh folder beside the
destination, and swapped in as one unit.

A reader of ``--out DIR`` sees the old set of files or the new set, never a mix: the new
folder is complete (and fsynced) before it replaces the old one, with an atomic exchange of
the two folders where the kernel offers it (Linux ``renameat2(RENAME_EXCHANGE)``) and two
renames otherwise. Two runs into one folder each swap in their own complete set; the last
one wins. A destination that is a file or a link, cannot be written, or holds files drift did
not write is refused by :func:`check_destination` before any work is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drift.errors import DriftError

if TYPE_CHECKING:
    from drift.result import Comparison

__all__ = ["render_files", "write_report", "write_folder", "check_destination", "atomic_write",
           "REPORT_FILES"]

#: the names drift writes into a report folder (a folder holding others is not replaced)
REPORT_FILES = re.compile(r"^(report\.json|report\.html|pairs\.csv|overview\.png|batch\.json|"
                          r"alignment-\d+-[\w.-]*\.png)$")


def _safe_name(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:80] or "derivative"


def alignment_png(k: int, name: str) -> str:
    """File name of the ``k``-th (0-based) derivative's alignment heatmap."""
    return f"alignment-{k + 1:02d}-{_safe_name(name)}.png"


def _png(fig: Any) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    return buf.getvalue()


def render_files(comparison: Comparison, plots: bool = True, html: bool = True
                 ) -> dict[str, bytes]:
    """Every report file, rendered in memory: name -> bytes (``report.json`` last).

    ``plots`` adds ``overview.png`` and one ``alignment-NN-NAME.png`` per derivative (also
    embedded in ``report.html``); ``html`` adds ``report.html``.
    """
    from drift.report.html import render_html
    from drift.report.tables import csv_text

    report = comparison.to_dict()
    files: dict[str, bytes] = {}
    overview, alignments = None, []
    if plots:
        overview = _png(comparison.plot_overview())
        files["overview.png"] = overview
        for k, d in enumerate(comparison.derivatives):
            png = _png(comparison.plot_alignment(k))
            alignments.append(png)
            files[alignment_png(k, d.name)] = png
    files["pairs.csv"] = csv_text(report).encode("utf-8")
    if html:
        files["report.html"] = render_html(report, overview, alignments).encode("utf-8")
    files["report.json"] = comparison.to_json().encode("utf-8")
    return files


def check_destination(out_dir: str | os.PathLike[str]) -> Path:
    """Check that a report folder can be written at ``out_dir``, before any work.

    Raises:
        DriftError: ``out_dir`` is a file or a symbolic link, its parent cannot be written, or
            it is a folder holding files drift did not write (drift never replaces those).
    """
    out = Path(out_dir)
    if out.is_symlink():
        raise DriftError(f"cannot write the report to {out}: it is a symbolic link; drift "
                         "replaces a report folder as a whole and never follows a link there: "
                         "give the folder it points to")
    if out.exists():
        if not out.is_dir():
            raise DriftError(f"cannot write the report to {out}: it is a file, not a folder")
        foreign = sorted(p.name for p in out.iterdir() if not REPORT_FILES.match(p.name))
        if foreign:
            raise DriftError(
                f"cannot write the report to {out}: the folder holds files drift did not write "
                f"({', '.join(foreign[:3])}{'...' if len(foreign) > 3 else ''}); give a new or "
                "empty folder")
    parent = _existing_parent(out)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise DriftError(f"cannot write the report to {out}: {parent} is not writable")
    return out


def _existing_parent(path: Path) -> Path:
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise DriftError(f"cannot write the report to {path}: {parent} is a file, not a folder")
    return parent


def write_report(comparison: Comparison, out_dir: str | os.PathLike[str], plots: bool = True,
                 html: bool = True) -> list[Path]:
    """Render all files (:func:`render_files`), then swap them in as the folder ``out_dir``.

    Returns:
        the paths written, ``report.json`` last.
    """
    out = check_destination(out_dir)
    files = render_files(comparison, plots, html)  # a failure here writes nothing
    write_folder(out, files)
    return [out / name for name in files]


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (must not exist, not even as a link) with the usual permissions (0666
    less the umask)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _check_name(name: str) -> str:
    if "/" in name or name in ("", ".", ".."):
        raise ValueError(f"bad report file name {name!r}")
    return name


def _link_tree(src: Path, dst: Path) -> None:
    """Hard-link every file under ``src`` into ``dst`` (copied where links cannot be made)."""
    os.mkdir(dst, 0o777)
    for p in sorted(src.iterdir()):
        if p.is_symlink():
            continue
        if p.is_dir():
            _link_tree(p, dst / p.name)
        else:
            try:
                os.link(p, dst / p.name)
            except OSError:
                shutil.copy2(p, dst / p.name)


def write_folder(out_dir: str | os.PathLike[str], files: Mapping[str, bytes],
                 staging: str | os.PathLike[str] | None = None, *,
                 folders: Mapping[str, Mapping[str, bytes]] | None = None,
                 linked: Mapping[str, Path] | None = None) -> None:
    """Make ``out_dir`` hold exactly ``files`` (name -> bytes), as one unit.

    The files are written into a new hidden folder beside ``out_dir`` (or in ``staging``, a
    folder of the caller's on the same file system), which then replaces it (see the module
    docstring). On any failure the new folder is removed and ``out_dir`` is as it was.

    Args:
        out_dir: the folder.
        files: name -> bytes.
        staging: where the new folder is made (default: beside ``out_dir``).
        folders: subfolder name -> its files (name -> bytes).
        linked: subfolder name -> an existing folder whose files are hard-linked (not copied)
            into the new one, e.g. an index that outlives each run.

    Raises:
        OSError: the folder could not be written (disk full, permissions...).
    """
    out = Path(out_dir)
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = (Path(staging) / f"{out.name}.new-{secrets.token_hex(4)}" if staging is not None
           else parent / f".{out.name}.new-{secrets.token_hex(4)}")
    os.mkdir(tmp, 0o777)  # the umask applies, as for any folder the user makes
    try:
        for name, data in files.items():
            _write_new(tmp / _check_name(name), data)
        for sub, sub_files in (folders or {}).items():
            os.mkdir(tmp / _check_name(sub), 0o777)
            for name, data in sub_files.items():
                _write_new(tmp / sub / _check_name(name), data)
            _fsync_dir(tmp / sub)
        for sub, src in (linked or {}).items():
            _link_tree(Path(src), tmp / _check_name(sub))
        _fsync_dir(tmp)
        _swap_in(tmp, out, Path(staging) if staging is not None else None)
        _fsync_dir(parent)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(new: Path, out: Path, staging: Path | None = None) -> None:
    """Put folder ``new`` in place of ``out``; the old ``out`` (if any) is deleted (moved
    into ``staging`` first, where one is given, else beside ``out``)."""
    try:
        os.rename(new, out)  # out missing (or an empty folder): done in one step
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
            raise
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now holds the old report
        return
    old = (staging / f"{out.name}.old-{secrets.token_hex(4)}" if staging is not None
           else out.parent / f".{out.name}.old-{secrets.token_hex(4)}")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def atomic_write(path: str | os.PathLike[str], data: bytes,
                 staging: str | os.PathLike[str] | None = None) -> None:
    """Write one file through a temporary file in the same folder (or in ``staging``, on the
    same file system) and an atomic rename (usual permissions: 0666 less the umask). A link at
    ``path`` is replaced, never followed."""
    p = Path(path)
    tmp = (Path(staging) / f"{p.name}.{secrets.token_hex(4)}.tmp" if staging is not None
           else p.parent / f".{p.name}.{secrets.token_hex(4)}.tmp")
    try:
        _write_new(tmp, data)
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
