"""Sentence embeddings: the encoder interface, the sentence-transformers backend, :func:`embed`.

The rest of drift never touches a model: it asks :func:`embed` for an ``(n, d)`` float32 array
of L2-normalised rows, so ``emb_a @ emb_b.T`` is the cosine similarity matrix.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from drift.embed.cache import EmbeddingCache

log = logging.getLogger("drift")

__all__ = ["Encoder", "SentenceTransformerEncoder", "embed"]


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

        # no "Loading weights" bar on the user's terminal, and the switch is put back after
        was_enabled = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(str(model), device="cpu", local_files_only=offline)
        finally:
            if was_enabled:
                hf_logging.enable_progress_bar()

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


def embed(
    texts: Sequence[str], encoder: Encoder, cache: EmbeddingCache | None = None
) -> np.ndarray:
    """Embed ``texts`` with ``encoder``, encoding each distinct text once.

    Args:
        texts: sentences (duplicates allowed).
        encoder: any :class:`Encoder`.
        cache: optional disk cache; hits are not encoded again. An ensemble encoder
            (:class:`drift.embed.encoders.EnsembleEncoder`) is cached part by part.

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
