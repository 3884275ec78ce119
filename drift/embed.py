"""Sentence embeddings: the encoder interface, the sentence-transformers backend, a disk cache.

The rest of drift never touches a model: it asks :func:`embed` for an ``(n, d)`` float32 array
of L2-normalised rows, so ``emb_a @ emb_b.T`` is the cosine similarity matrix.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

log = logging.getLogger("drift")

__all__ = ["Encoder", "SentenceTransformerEncoder", "EmbeddingCache", "embed", "default_cache_dir"]


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns sentences into normalised vectors.

    Attributes:
        name: a stable identifier of the weights (used in cache keys and signatures).
    """

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return an ``(len(texts), d)`` float32 array with L2-normalised rows."""
        ...


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded on first use, run on the CPU.

    Args:
        model: hub id or local folder (passed to ``SentenceTransformer`` as a str).
        name: identifier recorded in cache keys and signatures.
        offline: load with the hub switched off (``local_files_only``).
        batch_size: sentences per forward pass.
    """

    def __init__(self, model: str, *, name: str, offline: bool = True, batch_size: int = 64):
        self.name = name
        self.batch_size = batch_size
        from sentence_transformers import SentenceTransformer  # lazy: torch is slow to import
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on the user's terminal

        self._model = SentenceTransformer(str(model), device="cpu", local_files_only=offline)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            dim = self._model.get_sentence_embedding_dimension() or 0
            return np.zeros((0, dim), dtype=np.float32)
        out = self._model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(out, dtype=np.float32)


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


def embed(
    texts: Sequence[str], encoder: Encoder, cache: EmbeddingCache | None = None
) -> np.ndarray:
    """Embed ``texts`` with ``encoder``, encoding each distinct text once.

    Args:
        texts: sentences (duplicates allowed).
        encoder: any :class:`Encoder`.
        cache: optional disk cache; hits are not encoded again. An ensemble encoder
            (:class:`drift.encoders.EnsembleEncoder`) is cached part by part.

    Returns:
        ``(len(texts), d)`` float32 array, rows L2-normalised.

    Example:
        >>> class Toy:
        ...     name = "toy"
        ...     def encode(self, texts):
        ...         v = np.array([[len(t), 1.0] for t in texts], dtype=np.float32)
        ...         return v / np.linalg.norm(v, axis=1, keepdims=True)
        >>> embed(["a", "bb", "a"], Toy()).shape
        (3, 2)
    """
    parts = getattr(encoder, "parts", None)
    if parts and hasattr(encoder, "combine"):  # an ensemble: cache each part under its name
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.asarray(encoder.combine([embed(texts, p, cache) for p in parts]), np.float32)
    unique = list(dict.fromkeys(texts))
    vectors: dict[str, np.ndarray] = cache.get_many(encoder.name, unique) if cache else {}
    missing = [t for t in unique if t not in vectors]
    if missing:
        log.debug("encoding %d sentences (%d cached)", len(missing), len(unique) - len(missing))
        new = encoder.encode(missing)
        if cache is not None:
            cache.put_many(encoder.name, missing, new)
        vectors.update(zip(missing, new))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)
