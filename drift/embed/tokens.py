"""Contextual embeddings of the words of a sentence, for word alignment.

A sentence-transformers encoder gives, besides its sentence vector, one vector per word piece
in context (:meth:`drift.embed.encoder.SentenceTransformerEncoder.token_embeddings`). Word
aligners take them from a middle layer (SimAlign: layer 8 of 12 in mBERT): on the MultiMWA
monolingual alignment gold, layer 3 of all-MiniLM-L6-v2's 6 aligns best (README of
``benchmarks/bench_word_align.py``), and running only 3 of 6 layers costs half a sentence
encoding.

* :func:`token_vectors` gives each text's pieces: ``(offsets, vectors)`` (character spans and
  float16 vectors), computing each distinct text once per process (a bounded memo,
  :data:`TOKEN_MEMO_BYTES`) and once ever with a cache
  (:meth:`drift.embed.cache.EmbeddingCache.get_tokens`);
* :func:`join_pieces` gives a text made of sentences joined by spaces the pieces of its
  sentences (each sentence is embedded alone, so a sentence's vectors are computed once
  whatever bead it ends up in);
* :func:`pool_words` turns pieces into one unit vector per word span.

Nothing here knows what a word is: the caller passes character spans.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from drift.embed.cache import EmbeddingCache, TokenRows

log = logging.getLogger("drift")

__all__ = ["TOKEN_LAYER", "TOKEN_MEMO_BYTES", "has_tokens", "token_model", "token_vectors",
           "join_pieces", "pool_words", "clear_token_memo"]

#: the transformer layer whose output the word vectors are (all-MiniLM-L6-v2 has 6)
TOKEN_LAYER = 3
#: bytes of token embeddings kept in memory per process (float16: a 30-piece sentence of a
#: 384-dimensional model takes 23 KB, so about 11,000 sentences)
TOKEN_MEMO_BYTES = 256 * 2**20
#: texts per call of the encoder
_CHUNK = 512

_MEMO: OrderedDict[tuple[str, str], TokenRows] = OrderedDict()
#: ``id()`` of the caches each remembered entry is known to be stored in (a rerun with a cache
#: finds what an earlier call of this process computed for another cache, or for none)
_SAVED: dict[tuple[str, str], tuple[int, ...]] = {}
_memo_bytes = [0]


def has_tokens(encoder: object) -> bool:
    """Whether ``encoder`` gives token embeddings (a sentence-transformers model does; USE,
    e5 and ensembles do not)."""
    flag = getattr(encoder, "has_tokens", None)
    if flag is not None:
        return bool(flag)
    return callable(getattr(encoder, "token_embeddings", None))


def token_model(encoder_name: str, layer: int = TOKEN_LAYER) -> str:
    """The name token embeddings are cached under (``all-MiniLM-L6-v2#tokens-l3``)."""
    return f"{encoder_name}#tokens-l{layer}"


def clear_token_memo() -> None:
    """Forget the token embeddings kept in memory by :func:`token_vectors`."""
    _MEMO.clear()
    _SAVED.clear()
    _memo_bytes[0] = 0


def _remember(key: tuple[str, str], rows: TokenRows, cache: object = None) -> None:
    if cache is not None:
        _SAVED[key] = (*_SAVED.get(key, ()), id(cache))[-4:]
    if key in _MEMO:
        return
    _MEMO[key] = rows
    _memo_bytes[0] += rows[0].nbytes + rows[1].nbytes
    while _memo_bytes[0] > TOKEN_MEMO_BYTES and len(_MEMO) > 1:
        old, (o, v) = _MEMO.popitem(last=False)
        _SAVED.pop(old, None)
        _memo_bytes[0] -= o.nbytes + v.nbytes


def token_vectors(texts: Sequence[str], encoder: Any, cache: EmbeddingCache | None = None,
                  *, layer: int = TOKEN_LAYER) -> list[TokenRows]:
    """The word pieces of each text with their contextual vectors.

    Args:
        texts: sentences (duplicates allowed; each distinct text is computed once).
        encoder: an encoder with token embeddings (:func:`has_tokens`).
        cache: optional; hits are not computed again, new rows are stored.
        layer: the transformer layer (default :data:`TOKEN_LAYER`).

    Returns:
        per text, ``(offsets, vectors)``: ``(k, 2)`` int32 character spans of its ``k`` word
        pieces and ``(k, d)`` float16 vectors (not normalised).

    Raises:
        TypeError: the encoder gives no token embeddings.
    """
    if not has_tokens(encoder):
        raise TypeError(f"{getattr(encoder, 'name', encoder)!r} gives no token embeddings")
    name = token_model(str(encoder.name), layer)
    unique = list(dict.fromkeys(texts))
    found: dict[str, TokenRows] = {}
    for t in unique:
        hit = _MEMO.get((name, t))
        if hit is not None:
            _MEMO.move_to_end((name, t))
            found[t] = hit
    if cache is not None:  # remembered here, not yet stored in this cache: store them
        unsaved = [t for t in found if id(cache) not in _SAVED.get((name, t), ())]
        if unsaved:
            cache.put_tokens(name, unsaved, [found[t] for t in unsaved])
            for t in unsaved:
                _remember((name, t), found[t], cache)
    missing = [t for t in unique if t not in found]
    if missing and cache is not None:
        got = cache.get_tokens(name, missing)
        for t, rows in got.items():
            found[t] = rows
            _remember((name, t), rows, cache)
        missing = [t for t in missing if t not in got]
    if missing:
        log.debug("token embeddings of %d texts (%d known)", len(missing), len(found))
        compute = encoder.token_embeddings
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            computed: list[TokenRows] = [
                (np.asarray(o, dtype=np.int32), np.asarray(v, dtype=np.float16))
                for o, v in compute(chunk, layer)]
            if cache is not None:
                cache.put_tokens(name, chunk, computed)
            for t, r in zip(chunk, computed):
                found[t] = r
                _remember((name, t), r, cache)
    return [found[t] for t in texts]


def join_pieces(parts: Sequence[TokenRows], texts: Sequence[str], sep: str = " ") -> TokenRows:
    """The pieces of ``sep.join(texts)`` from the pieces of each text (offsets shifted).

    >>> a = (np.array([[0, 2]], np.int32), np.ones((1, 2), np.float16))
    >>> join_pieces([a, a], ["ab", "cd"])[0].tolist()
    [[0, 2], [3, 5]]
    """
    if len(parts) == 1:
        return parts[0]
    shift = 0
    offsets, vectors = [], []
    for (o, v), t in zip(parts, texts):
        offsets.append(o + shift)
        vectors.append(v)
        shift += len(t) + len(sep)
    dim = next((v.shape[1] for v in vectors if v.ndim == 2 and v.shape[1]), 0)
    return (np.concatenate(offsets).astype(np.int32).reshape(-1, 2),
            np.concatenate([v.reshape(-1, dim) for v in vectors]).astype(np.float16))


def pool_words(rows: TokenRows, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """One unit vector per character span: the mean of the pieces that overlap it.

    Args:
        rows: ``(offsets, vectors)`` of :func:`token_vectors`.
        spans: ``(start, end)`` character spans (words).

    Returns:
        ``(len(spans), d)`` float64 unit rows; a span that no piece overlaps (a character the
        tokenizer drops) gets a zero row.
    """
    offsets, vectors = rows
    dim = vectors.shape[1] if vectors.ndim == 2 else 0
    if not len(spans) or not len(offsets):
        return np.zeros((len(spans), dim))
    s = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    over = (offsets[None, :, 0] < s[:, 1:2]) & (offsets[None, :, 1] > s[:, 0:1])
    w = over.astype(np.float64)
    counts = w.sum(axis=1, keepdims=True)
    pooled = (w / np.where(counts > 0, counts, 1.0)) @ vectors.astype(np.float64)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return pooled / np.where(norms > 0, norms, 1.0)
