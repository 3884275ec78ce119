"""The batch manifest: which derivatives to compare with which base.

Two forms, chosen by the file's extension:

* **JSONL** (``.jsonl``, ``.ndjson``): one group a line, ``{"id": str, "base": path,
  "derivatives": [path, ...]}``;
* **CSV** (``.csv``): a header with the columns ``id,base,derivative`` and one row per
  derivative; the rows of one id share its base.

Paths are relative to the manifest's folder (absolute paths stay as they are) and are made
absolute when the manifest is read, so a run gives the same groups from any working folder and
for any spelling of the manifest's path; a derivative may be a ``.jsonl`` corpus, as in
``drift score``, and may be given once per group. An id names the group's report folder, so it
may hold letters, digits, ``.``, ``_`` and ``-`` only, may not start with ``.`` (drift's own
files in the output folder do) and may not be the name of a corpus table
(:data:`TABLE_FILES`). A CSV row must have as many fields as the header, and a header may not
name a column twice. A manifest that breaks any of this is refused as a whole, with the line:
nothing is run on a manifest that was misread.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from drift.errors import InputError
from drift.text.read import jsonl_objects, read_text

__all__ = ["Group", "read_manifest", "ManifestError", "TABLE_FILES"]

_ID = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$")
#: the corpus tables ``drift batch`` writes beside the group folders (no id may take a name)
TABLE_FILES = ("summary.csv", "errors.jsonl", "pairs.parquet", "pairs.csv")


class ManifestError(InputError):
    """The manifest cannot be read as a list of groups (one line, with the line number)."""


@dataclass(frozen=True)
class Group:
    """One base and its derivatives.

    Attributes:
        id: the group's name (its report folder under the batch's output).
        base: the base article.
        derivatives: the derived articles (a ``.jsonl`` corpus counts as many).
        line: where the group starts in the manifest (1-based).
    """

    id: str
    base: Path
    derivatives: tuple[Path, ...]
    line: int = 0


def _path(root: Path, value: object, where: str) -> Path:
    """An absolute path (relative ones from the manifest's folder; ``..`` kept as written is
    folded, links are not followed)."""
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: a path must be a non-empty string, got {value!r}")
    if "\0" in value:
        raise ManifestError(f"{where}: a path cannot hold a NUL character, got {value!r}")
    return Path(os.path.abspath(root / value.strip()))


def _check_id(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ManifestError(f"{where}: 'id' must be a string, got {value!r}")
    ident = str(value).strip()
    if not _ID.match(ident):
        raise ManifestError(f"{where}: id {ident[:130]!r} may hold only letters, digits, '.', "
                            "'_' and '-', and may not start with '.' (it names the group's "
                            "report folder)")
    if ident.lower() in TABLE_FILES:
        raise ManifestError(f"{where}: id {ident!r} is the name of a corpus table drift batch "
                            "writes beside the group folders; choose another")
    return ident


def _refuse_repeats(derivatives: list[Path], where: str, ident: str) -> None:
    """A derivative given twice in one group (any spelling of one file) is refused."""
    seen: set[str] = set()
    for d in derivatives:
        key = os.path.realpath(d)
        if key in seen:
            raise ManifestError(f"{where}: {d} is listed twice in group {ident!r}; give each "
                                "derivative once")
        seen.add(key)


def _read_jsonl(text: str, name: str, root: Path) -> list[Group]:
    groups = []
    for k, where, rec in jsonl_objects(text, name, ManifestError,
                                       "a JSON object with id, base and derivatives"):
        missing = [f for f in ("id", "base", "derivatives") if f not in rec]
        if missing:
            raise ManifestError(f"{where}: missing {', '.join(missing)}")
        derivs = rec["derivatives"]
        if isinstance(derivs, str):
            derivs = [derivs]
        if not isinstance(derivs, list) or not derivs:
            raise ManifestError(f"{where}: 'derivatives' must be a non-empty list of paths")
        ident = _check_id(rec["id"], where)
        paths = [_path(root, d, where) for d in derivs]
        _refuse_repeats(paths, where, ident)
        groups.append(Group(ident, _path(root, rec["base"], where), tuple(paths), k))
    return groups


class _CsvReader(Protocol):
    line_num: int

    def __next__(self) -> list[str]: ...

    def __iter__(self) -> Iterator[list[str]]: ...


def _read_csv(text: str, name: str, root: Path) -> list[Group]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _csv_groups(reader, name, root)
    except csv.Error as exc:
        raise ManifestError(f"{name}:{reader.line_num}: not valid CSV ({exc})") from None


def _csv_groups(reader: _CsvReader, name: str, root: Path) -> list[Group]:
    columns = [f.strip() for f in next(reader, [])]
    if not {"id", "base", "derivative"} <= set(columns):
        raise ManifestError(f"{name}:1: a CSV manifest needs the columns id,base,derivative "
                            f"(found {', '.join(columns)[:200] or 'none'})")
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise ManifestError(f"{name}:1: the header names the column {twice[0]!r} twice")
    at = {c: columns.index(c) for c in ("id", "base", "derivative")}
    order: list[str] = []
    base: dict[str, tuple[Path, int]] = {}
    derivs: dict[str, list[Path]] = {}
    for fields in reader:
        line = reader.line_num
        where = f"{name}:{line}"
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(columns):
            raise ManifestError(f"{where}: {len(fields)} fields, but the header has "
                                f"{len(columns)} (a path with a comma must be in double "
                                "quotes)")
        ident = _check_id(fields[at["id"]], where)
        b = _path(root, fields[at["base"]], where)
        d = _path(root, fields[at["derivative"]], where)
        if ident not in base:
            order.append(ident)
            base[ident] = (b, line)
            derivs[ident] = []
        elif base[ident][0] != b:
            raise ManifestError(f"{where}: id {ident!r} has another base than on line "
                                f"{base[ident][1]}")
        _refuse_repeats([*derivs[ident], d], where, ident)
        derivs[ident].append(d)
    return [Group(i, base[i][0], tuple(derivs[i]), base[i][1]) for i in order]


def read_manifest(path: str | Path, *, max_bytes: int | None = None) -> list[Group]:
    """Read a JSONL or CSV manifest (see the module docstring).

    Args:
        path: the manifest.
        max_bytes: its size limit (:func:`drift.text.read.max_input_bytes`).

    Raises:
        ManifestError: a line that is not a group, a duplicate or unsafe id, a derivative
            listed twice, an empty manifest, a file that is missing, not text or too large.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv"):
        raise ManifestError(f"{p}: a manifest is a .jsonl or a .csv file")
    try:
        text = read_text(p, max_bytes=max_bytes)
    except InputError as exc:
        raise ManifestError(str(exc)) from None
    root = Path(os.path.abspath(p.parent))
    groups = _read_csv(text, str(p), root) if suffix == ".csv" else \
        _read_jsonl(text, str(p), root)
    if not groups:
        raise ManifestError(f"{p}: no groups")
    seen: dict[str, int] = {}
    for g in groups:
        if g.id in seen:
            raise ManifestError(f"{p}:{g.line}: id {g.id!r} is already used on line "
                                f"{seen[g.id]}")
        seen[g.id] = g.line
    return groups
