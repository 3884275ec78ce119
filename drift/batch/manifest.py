"""The batch manifest: which derivatives to compare with which base.

Two forms, chosen by the file's extension:

* **JSONL** (``.jsonl``, ``.ndjson``): one group a line, ``{"id": str, "base": path,
  "derivatives": [path, ...]}``;
* **CSV** (``.csv``): a header with the columns ``id,base,derivative`` and one row per
  derivative; the rows of one id share its base.

Paths are relative to the manifest's folder (absolute paths stay as they are); a derivative may
be a ``.jsonl`` corpus, as in ``drift score``. An id names the group's report folder, so it may
hold letters, digits, ``.``, ``_`` and ``-`` only. A manifest that breaks any of this is refused
as a whole, with the line: nothing is run on a manifest that was misread.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from drift.errors import InputError
from drift.text.read import jsonl_objects, read_text

__all__ = ["Group", "read_manifest", "ManifestError"]

_ID = re.compile(r"^[A-Za-z0-9._-]{1,120}$")


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
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(f"{where}: a path must be a non-empty string, got {value!r}")
    p = Path(value.strip())
    return p if p.is_absolute() else root / p


def _check_id(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ManifestError(f"{where}: 'id' must be a string, got {value!r}")
    ident = str(value).strip()
    if not _ID.match(ident) or ident in (".", ".."):
        raise ManifestError(f"{where}: id {ident!r} may hold only letters, digits, '.', '_' "
                            "and '-' (it names the group's report folder)")
    return ident


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
        groups.append(Group(_check_id(rec["id"], where), _path(root, rec["base"], where),
                            tuple(_path(root, d, where) for d in derivs), k))
    return groups


def _read_csv(text: str, name: str, root: Path) -> list[Group]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    need = {"id", "base", "derivative"}
    if reader.fieldnames is None or not need <= {f.strip() for f in reader.fieldnames}:
        raise ManifestError(f"{name}:1: a CSV manifest needs the columns id,base,derivative "
                            f"(found {', '.join(reader.fieldnames or []) or 'none'})")
    order: list[str] = []
    base: dict[str, tuple[Path, int]] = {}
    derivs: dict[str, list[Path]] = {}
    for row in reader:
        row = {(k or "").strip(): v for k, v in row.items()}
        where = f"{name}:{reader.line_num}"
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        ident = _check_id(row.get("id") or "", where)
        b = _path(root, row.get("base"), where)
        d = _path(root, row.get("derivative"), where)
        if ident not in base:
            order.append(ident)
            base[ident] = (b, reader.line_num)
            derivs[ident] = []
        elif base[ident][0] != b:
            raise ManifestError(f"{where}: id {ident!r} has another base than on line "
                                f"{base[ident][1]}")
        derivs[ident].append(d)
    return [Group(i, base[i][0], tuple(derivs[i]), base[i][1]) for i in order]


def read_manifest(path: str | Path) -> list[Group]:
    """Read a JSONL or CSV manifest (see the module docstring).

    Raises:
        ManifestError: a line that is not a group, a duplicate or unsafe id, an empty
            manifest, a file that is missing or not text.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".jsonl", ".ndjson", ".csv"):
        raise ManifestError(f"{p}: a manifest is a .jsonl or a .csv file")
    try:
        text = read_text(p)
    except InputError as exc:
        raise ManifestError(str(exc)) from None
    root = p.parent
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
