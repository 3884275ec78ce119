"""A disk cache of sentence embeddings (SQLite), keyed by model name and exact text."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["EmbeddingCache", "default_cache_dir"]


def default_cache_dir() -> Path:
    """``$DRIFT_CACHE_DIR`` if set, else the user cache dir (``~/.cache/drift`` on Linux)."""
    env = os.environ.get("DRIFT_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("drift"))


class EmbeddingCache:
    """Embeddings on disk (SQLite), keyed by model name and the exact sentence text.

    Args:
        directory: folder of the cache file ``embeddings.sqlite``; created if missing.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None):
        self.directory = Path(directory) if directory is not None else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "embeddings.sqlite"
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)"
        )

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()

    def get_many(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for those of ``texts`` that are present, by text."""
        found: dict[str, np.ndarray] = {}
        keys = {self.key(model, t): t for t in texts}
        items = list(keys)
        for start in range(0, len(items), 500):
            chunk = items[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk)
            for k, blob in rows:
                found[keys[k]] = np.frombuffer(blob, dtype=np.float32).copy()
        return found

    def put_many(self, model: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [
            (self.key(model, t), int(v.shape[0]), np.ascontiguousarray(v, np.float32).tobytes())
            for t, v in zip(texts, vectors)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM emb").fetchone()[0])

    def close(self) -> None:
        self._db.close()
