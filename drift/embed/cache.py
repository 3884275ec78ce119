"""A disk cache of sentence embeddings (SQLite), keyed by model name and exact text.

The cache only saves time, so it must never change a result:

* **Validated reads.** Every vector carries a checksum over its key and bytes, its dimension is
  checked against the model's (recorded with the first vector of that model, and the
  encoder's own when the caller knows it), and it must be finite with unit norm. A vector that
  fails any check (zeroed, shortened, moved to another row, written half) is treated as missing,
  encoded again and overwritten; :attr:`EmbeddingCache.rejected` counts them.
* **A damaged file is moved aside.** A truncated or garbage file (``database disk image is
  malformed``, ``file is not a database``) is renamed ``embeddings-v2.sqlite.broken-<time>``
  with a warning and a new, empty cache takes its place; the run goes on.
* **Writes never fail a run.** A full disk or a locked file is logged and the vectors are
  simply not cached.
* **Several processes at once.** Each write is one short transaction and readers wait up to
  ``timeout`` seconds for a writer (SQLite's locking; the rollback journal, which works on
  network file systems too, where WAL does not). Rows are validated on read, so even a torn
  write on a file system with broken locking cannot be returned.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from drift.errors import ConfigError

log = logging.getLogger("drift")

__all__ = ["EmbeddingCache", "MemoryCache", "default_cache_dir", "CACHE_FILE", "TokenRows",
           "WordRows"]

CACHE_FILE = "embeddings-v2.sqlite"
_NORM_TOLERANCE = 1e-3


def _is_corrupt(exc: BaseException) -> bool:
    """A damaged file, as opposed to a busy or read-only one."""
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "malformed" in msg or "not a database" in msg or "corrupt" in msg)


def default_cache_dir() -> Path:
    """``$DRIFT_CACHE_DIR`` if set, else the user cache dir (``~/.cache/drift`` on Linux)."""
    env = os.environ.get("DRIFT_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("drift"))


#: a text's token embeddings: ``(k, 2)`` int32 character offsets, ``(k, d)`` float16 vectors
TokenRows = tuple[np.ndarray, np.ndarray]
#: a tagged sentence: per word ``[start, end, lemma, pos, tag, ent]``
WordRows = list[list[Any]]


def _checksum(key: str, blob: bytes) -> bytes:
    return hashlib.blake2b(key.encode("ascii") + blob, digest_size=8).digest()


class EmbeddingCache:
    """Embeddings on disk (SQLite), keyed by model name and the exact sentence text.

    Args:
        directory: folder of the cache file (:data:`CACHE_FILE`); created if missing (a
            folder that cannot be made is a :class:`~drift.errors.ConfigError`: a setting to
            fix, said before any work).
        timeout: seconds to wait for another process's write.

    Attributes:
        rejected: vectors found in the cache that failed validation (and were treated as
            missing) since this object was made.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, timeout: float = 60):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            where = (f"DRIFT_CACHE_DIR={self.directory}" if directory is None
                     and os.environ.get("DRIFT_CACHE_DIR") else str(self.directory))
            why = ("it is a file, not a folder" if self.directory.exists()
                   else exc.strerror or str(exc))
            raise ConfigError(f"cannot use {where} as the embedding cache folder: {why}; set "
                              "DRIFT_CACHE_DIR to a folder that can be written, or run "
                              "without the cache (--no-cache, cache=False)") from None
        self.path = self.directory / CACHE_FILE
        self.timeout = timeout
        self.rejected = 0
        self._dims: dict[str, int] = {}
        self._db = self._open()

    # --- the file ---------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            try:
                return self._connect(self.path)
            except sqlite3.DatabaseError as exc:
                if not _is_corrupt(exc):
                    raise
                self._quarantine(exc)
                return self._connect(self.path)
        except (sqlite3.Error, OSError) as exc:
            log.warning("cannot use the embedding cache %s (%s); continuing without it",
                        self.path, exc)
            return self._connect(":memory:")

    def _connect(self, path: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=self.timeout, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, model TEXT, "
                       "dim INTEGER, vec BLOB, checksum BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS models (model TEXT PRIMARY KEY, "
                       "dim INTEGER)")
            db.execute("CREATE TABLE IF NOT EXISTS tok (key TEXT PRIMARY KEY, model TEXT, "
                       "n INTEGER, dim INTEGER, blob BLOB, checksum BLOB)")
            db.execute("CREATE TABLE IF NOT EXISTS words (key TEXT PRIMARY KEY, model TEXT, "
                       "blob BLOB, checksum BLOB)")
            db.execute("SELECT COUNT(*) FROM models").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _quarantine(self, exc: BaseException) -> None:
        """Move a damaged cache file aside (kept for inspection) so a new one can start."""
        broken = self.path.with_name(f"{self.path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, broken)
            for suffix in ("-journal", "-wal", "-shm"):
                side = self.path.with_name(self.path.name + suffix)
                if side.exists():
                    os.replace(side, broken.with_name(broken.name + suffix))
        except FileNotFoundError:
            pass
        log.warning("the embedding cache %s was damaged (%s); moved it to %s and started a new "
                    "one", self.path, exc, broken.name)

    def _recover(self, exc: BaseException) -> None:
        """A query found the file damaged: move it aside and continue with a new one."""
        try:
            self._db.close()
        except sqlite3.Error:
            pass
        self._quarantine(exc)
        self._dims.clear()
        self._db = self._open()

    def _failed(self, exc: sqlite3.Error, what: str) -> None:
        """A query failed: a damaged file is replaced; anything else (a lock held too long, a
        full disk) is logged, and the caller goes on as if nothing were cached."""
        if _is_corrupt(exc):
            self._recover(exc)
        else:
            log.warning("embedding cache %s: could not %s (%s); continuing without it",
                        self.path, what, exc)

    # --- reading and writing ------------------------------------------------------------------

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()

    def model_dim(self, model: str) -> int | None:
        """The dimension recorded for ``model`` (None before its first vector)."""
        if model not in self._dims:
            try:
                row = self._db.execute("SELECT dim FROM models WHERE model = ?",
                                       (model,)).fetchone()
            except sqlite3.Error as exc:
                self._failed(exc, "read")
                row = None
            if row is None:
                return None
            self._dims[model] = int(row[0])
        return self._dims[model]

    def get_many(self, model: str, texts: Sequence[str], dim: int | None = None
                 ) -> dict[str, np.ndarray]:
        """Cached, validated vectors for those of ``texts`` that are present, by text.

        Args:
            model: the encoder's name.
            texts: the texts.
            dim: the encoder's dimension when the caller knows it (checked as well).
        """
        expected = self.model_dim(model)
        if dim is not None and expected is not None and dim != expected:
            log.warning("the embedding cache records dimension %d for %s, the encoder gives %d: "
                        "its vectors are not used", expected, model, dim)
            return {}
        want = expected or dim
        return self._read("emb", "dim, vec", model, texts, "embeddings (dimension, norm or "
                          "checksum)",
                          lambda k, m, row, t: self._valid(k, m, row[0], row[1], row[2], model,
                                                           want))

    def _read(self, table: str, columns: str, model: str, texts: Sequence[str], what: str,
              valid: Callable[[str, str, tuple[Any, ...], str], Any]) -> dict[str, Any]:
        """The validated rows of ``table`` for ``texts`` (500 keys a query): ``valid(key,
        model, (*columns, checksum), text)`` gives the value or None for a row that fails; such
        rows count in :attr:`rejected`. A failed read returns nothing."""
        found: dict[str, Any] = {}
        keys = {self.key(model, t): t for t in texts}
        items = list(keys)
        rejected = 0
        try:
            for start in range(0, len(items), 500):
                chunk = items[start:start + 500]
                marks = ",".join("?" * len(chunk))
                for k, m, *row in self._db.execute(
                        f"SELECT key, model, {columns}, checksum FROM {table} "
                        f"WHERE key IN ({marks})", chunk):
                    value = valid(k, m, tuple(row), keys[k])
                    if value is None:
                        rejected += 1
                    else:
                        found[keys[k]] = value
        except sqlite3.Error as exc:
            self._failed(exc, "read")
            return {}
        if rejected:
            self.rejected += rejected
            log.warning("%d cached %s of %s failed validation and are computed again",
                        rejected, what, model)
        return found

    @staticmethod
    def _valid(key: str, model: str, dim: object, blob: object, check: object, want_model: str,
               want_dim: int | None) -> np.ndarray | None:
        if model != want_model or not isinstance(blob, bytes) or not isinstance(dim, int):
            return None
        if want_dim is not None and dim != want_dim:
            return None
        if len(blob) != 4 * dim or check != _checksum(key, blob):
            return None
        vec = np.frombuffer(blob, dtype=np.float32).copy()
        if not np.all(np.isfinite(vec)) or abs(float(np.linalg.norm(vec)) - 1.0) > _NORM_TOLERANCE:
            return None
        return vec

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors (unit rows) for ``texts``; a failure to write is logged, not raised."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if not len(texts):
            return
        dim = int(vectors.shape[1])
        rows = []
        for t, v in zip(texts, vectors):
            k = self.key(model, t)
            blob = v.tobytes()
            rows.append((k, model, dim, blob, _checksum(k, blob)))
        if self._write("emb", rows, "embeddings", (model, dim)):
            self._dims.setdefault(model, dim)

    def _write(self, table: str, rows: Sequence[tuple[Any, ...]], what: str,
               model_dim: tuple[str, int] | None = None) -> bool:
        """Insert or replace ``rows`` in ``table`` in one transaction (and record a model's
        dimension); a failure is logged and False returned."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if model_dim is not None:
                    self._db.execute("INSERT OR IGNORE INTO models VALUES (?, ?)", model_dim)
                marks = ", ".join("?" * len(rows[0]))
                self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._failed(exc, f"write {len(rows)} {what}")
            return False
        return True

    # --- token embeddings (drift.embed.tokens) ------------------------------------------------

    def get_tokens(self, model: str, texts: Sequence[str]) -> dict[str, TokenRows]:
        """Cached, validated token embeddings (``(offsets, vectors)``, see
        :func:`drift.embed.tokens.token_vectors`) of those of ``texts`` that are present.

        A row is used only when its checksum matches and its arrays are well formed: offsets
        inside the text and in order, finite vectors of the dimension recorded with it; any
        other row counts in :attr:`rejected` and is computed again."""
        return self._read("tok", "n, dim, blob", model, texts, "token embeddings",
                          lambda k, m, row, t: _token_rows(k, m, row[0], row[1], row[2], row[3],
                                                           model, len(t)))

    def put_tokens(self, model: str, texts: Sequence[str], rows: Sequence[TokenRows]) -> None:
        """Store token embeddings for ``texts`` (vectors as float16); a failed write is
        logged, not raised."""
        out = []
        for t, (offsets, vectors) in zip(texts, rows):
            k = self.key(model, t)
            blob = _token_blob(offsets, vectors)
            out.append((k, model, int(len(offsets)), int(vectors.shape[1]), blob,
                        _checksum(k, blob)))
        if out:
            self._write("tok", out, "token embeddings")

    # --- tagged words (drift.score.words) ---------------------------------------------------

    def get_words(self, tagger: str, texts: Sequence[str]) -> dict[str, WordRows]:
        """Cached word rows of those of ``texts`` that are present (see
        :func:`drift.score.words.analyze_words`): per word ``[start, end, lemma, pos, tag,
        ent]``. A row whose checksum fails, or whose spans do not fit its text, counts in
        :attr:`rejected` and is tagged again."""
        return self._read("words", "blob", tagger, texts, "tagged sentences",
                          lambda k, m, row, t: _word_rows(k, m, row[0], row[1], tagger, t))

    def put_words(self, tagger: str, texts: Sequence[str], rows: Sequence[WordRows]) -> None:
        """Store word rows for ``texts``; a failed write is logged, not raised."""
        out = []
        for t, r in zip(texts, rows):
            k = self.key(tagger, t)
            blob = json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            out.append((k, tagger, blob, _checksum(k, blob)))
        if out:
            self._write("words", out, "tagged sentences")

    def __len__(self) -> int:
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM emb").fetchone()[0])
        except sqlite3.Error as exc:
            self._failed(exc, "count")
            return 0

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _token_blob(offsets: np.ndarray, vectors: np.ndarray) -> bytes:
    return (np.ascontiguousarray(offsets, dtype="<i4").tobytes()
            + np.ascontiguousarray(vectors, dtype="<f2").tobytes())


def _token_rows(key: str, model: str, n: object, dim: object, blob: object, check: object,
                want_model: str, text_len: int) -> TokenRows | None:
    """The arrays of a stored row, or None when the row fails validation."""
    if model != want_model or not isinstance(blob, bytes) or not isinstance(n, int) \
            or not isinstance(dim, int) or n < 0 or dim <= 0:
        return None
    if len(blob) != n * 8 + n * dim * 2 or check != _checksum(key, blob):
        return None
    offsets = np.frombuffer(blob[:n * 8], dtype="<i4").reshape(n, 2).astype(np.int32)
    vectors = np.frombuffer(blob[n * 8:], dtype="<f2").reshape(n, dim).astype(np.float16)
    if not np.all(np.isfinite(vectors)) or np.any(offsets < 0) or np.any(offsets > text_len) \
            or np.any(offsets[:, 1] < offsets[:, 0]):
        return None
    return offsets, vectors


def _word_rows(key: str, model: str, blob: object, check: object, want_model: str,
               text: str) -> WordRows | None:
    """The rows of a stored tagged sentence, or None when the row fails validation."""
    if model != want_model or not isinstance(blob, bytes) or check != _checksum(key, blob):
        return None
    try:
        rows = json.loads(blob.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(rows, list):
        return None
    end = 0
    for r in rows:
        if not (isinstance(r, list) and len(r) == 6 and all(isinstance(x, int) for x in r[:2])
                and all(isinstance(x, str) for x in r[2:]) and end <= r[0] < r[1] <= len(text)):
            return None
        end = r[1]
    return rows


class MemoryCache(EmbeddingCache):
    """Embeddings held in memory, with the interface of :class:`EmbeddingCache` (no file).

    ``drift batch`` fills one per group with the vectors the group needs and sends it with the
    group to a worker, so a worker on another machine needs neither the model (unless a text is
    missing) nor the cache file.

    Args:
        vectors: ``{(model, text): vector}`` to start with.
    """

    def __init__(self, vectors: dict[tuple[str, str], np.ndarray] | None = None):
        self.directory = Path(".")
        self.path = Path(":memory:")
        self.timeout = 0.0
        self.rejected = 0
        self._dims = {}
        self._mem: dict[tuple[str, str], np.ndarray] = dict(vectors or {})
        self._tok: dict[tuple[str, str], TokenRows] = {}
        self._words: dict[tuple[str, str], WordRows] = {}
        #: ``(tagger, text, rows)`` tagged here, not given: what a worker sends back to the
        #: cache on disk
        self.fresh_words: list[tuple[str, str, WordRows]] = []

    def model_dim(self, model: str) -> int | None:
        return next((len(v) for (m, _), v in self._mem.items() if m == model), None)

    def get_many(self, model: str, texts: Sequence[str], dim: int | None = None
                 ) -> dict[str, np.ndarray]:
        out = {}
        for t in texts:
            v = self._mem.get((model, t))
            if v is not None and (dim is None or len(v) == dim):
                out[t] = v
        return out

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        for t, v in zip(texts, np.asarray(vectors, dtype=np.float32)):
            self._mem[(model, t)] = v

    def get_tokens(self, model: str, texts: Sequence[str]) -> dict[str, TokenRows]:
        return {t: self._tok[(model, t)] for t in texts if (model, t) in self._tok}

    def get_words(self, tagger: str, texts: Sequence[str]) -> dict[str, WordRows]:
        return {t: self._words[(tagger, t)] for t in texts if (tagger, t) in self._words}

    def put_words(self, tagger: str, texts: Sequence[str], rows: Sequence[WordRows]) -> None:
        for t, r in zip(texts, rows):
            if (tagger, t) not in self._words:
                self.fresh_words.append((tagger, t, r))
            self._words[(tagger, t)] = r

    def put_tokens(self, model: str, texts: Sequence[str], rows: Sequence[TokenRows]) -> None:
        for t, (offsets, vectors) in zip(texts, rows):
            self._tok[(model, t)] = (np.asarray(offsets, dtype=np.int32),
                                     np.asarray(vectors, dtype=np.float16))

    def __len__(self) -> int:
        return len(self._mem)

    def close(self) -> None:
        pass
