"""Sentence embeddings: the encoder interface, the sentence-transformers backend, :func:`embed`.

The rest of drift never touches a model: it asks :func:`embed` for an ``(n, d)`` float32 array
of L2-normalised rows, so ``emb_a @ emb_b.T`` is the cosine similarity matrix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.errors import ConfigError

log = logging.getLogger("drift")

__all__ = ["Encoder", "SentenceTransformerEncoder", "LazyEncoder", "embed", "encode_in_pieces",
           "pool_pieces", "word_pieces", "checked"]


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


def pool_pieces(piece_vectors: np.ndarray, owners: Sequence[int], n: int,
                weights: Sequence[float] | None = None) -> np.ndarray:
    """Pool the embeddings of the pieces of long texts into one unit vector per text.

    Args:
        piece_vectors: ``(p, d)`` embeddings of all pieces.
        owners: ``(p,)`` index of the text each piece belongs to (``0 .. n-1``).
        n: number of texts.
        weights: ``(p,)`` weight of each piece (its length), or equal weights.

    Returns:
        ``(n, d)`` float32, each row the normalised weighted mean of its pieces.
    """
    v = np.asarray(piece_vectors, dtype=np.float64)
    w = np.ones(len(v)) if weights is None else np.asarray(weights, dtype=np.float64)
    out = np.zeros((n, v.shape[1]))
    np.add.at(out, np.asarray(owners, dtype=np.int64), v * w[:, None])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def word_pieces(text: str, max_words: int) -> list[str]:
    """Overlapping pieces of at most ``max_words`` words (half a piece of overlap), for
    encoders without a tokenizer at hand; one piece when the text is short enough.

    >>> word_pieces("a b c d e", 2)
    ['a b', 'b c', 'c d', 'd e']
    """
    words = text.split()
    if len(words) <= max_words:
        return [text]
    step = max(1, max_words // 2)
    out = []
    for s in range(0, len(words), step):
        out.append(" ".join(words[s:s + max_words]))
        if s + max_words >= len(words):
            break
    return out


def encode_in_pieces(encode: Callable[[list[str]], np.ndarray], texts: Sequence[str],
                     pieces: Callable[[str], list[str]]) -> tuple[np.ndarray, int]:
    """Encode texts, a text too long for the model as the pooled embedding of its
    overlapping pieces (:func:`pool_pieces`), never silently truncated.

    Args:
        encode: the model's batch encoder, ``list[str] -> (k, d)`` unit rows.
        texts: the texts.
        pieces: ``text -> [text]`` for a short text, else its overlapping pieces.

    Returns:
        ``(len(texts), d)`` unit rows, and how many texts were encoded in pieces.
    """
    flat: list[str] = []
    owners: list[int] = []
    weights: list[float] = []
    pieced = 0
    for k, t in enumerate(texts):
        ps = pieces(t)
        pieced += len(ps) > 1
        flat.extend(ps)
        owners.extend([k] * len(ps))
        weights.extend(max(len(p), 1) for p in ps)
    vecs = np.asarray(encode(flat), dtype=np.float32)
    if not pieced:
        return vecs, 0
    return pool_pieces(vecs, owners, len(texts), weights), pieced


def checked(vectors: np.ndarray, n: int, name: str, dim: int | None = None) -> np.ndarray:
    """An encoder's output as ``(n, d)`` float32 with unit rows; fails loudly on a wrong shape,
    a non-finite value or a zero vector (drift never uses such a vector quietly)."""
    out = np.array(vectors, dtype=np.float32, copy=True)
    if out.ndim != 2 or out.shape[0] != n or (dim is not None and n and out.shape[1] != dim):
        raise RuntimeError(f"{name}: expected {n} embeddings of dimension {dim or 'd'}, got "
                           f"an array of shape {out.shape}")
    if not np.all(np.isfinite(out)):
        raise RuntimeError(f"{name}: the encoder returned non-finite values")
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    if n and not np.all(norms > 0):
        raise RuntimeError(f"{name}: the encoder returned a zero vector")
    return out / np.where(norms > 0, norms, 1.0)


class _StopForward(Exception):
    """Ends a transformer's forward pass once the wanted layer has run."""


def _device(device: str) -> str:
    """The torch device: ``auto`` resolved; ``cuda`` only where torch sees a GPU (else one
    line saying why, not torch's assertion at the first batch)."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.split(":")[0] == "cuda" and not torch.cuda.is_available():
        why = ("this torch is built without CUDA" if torch.version.cuda is None
               else "torch sees no CUDA GPU")
        raise ConfigError(f"--device {device}: {why} (torch {torch.__version__}); use "
                          "--device cpu or auto")
    return device


class SentenceTransformerEncoder:
    """A sentence-transformers model, run on the CPU (or a GPU when asked and present).

    A text longer than the model's ``max_seq_length`` tokens is encoded as overlapping pieces
    of that length (half a piece of overlap), pooled by length (:func:`encode_in_pieces`):
    sentence-transformers would cut it silently.

    Args:
        model: hub id or local folder (passed to ``SentenceTransformer`` as a str).
        name: identifier recorded in cache keys and signatures.
        offline: load with the hub switched off (``local_files_only``).
        batch_size: sentences per forward pass (default: 64 on a CPU, 256 on a GPU, where
            small batches leave it mostly idle).
        device: ``cpu``, ``cuda`` or ``auto`` (a GPU when torch sees one).
        precision: ``fp32``, or ``bf16`` (autocast; the name gets ``@bf16``, so its cache
            entries and signatures are its own).

    Attributes:
        pieced: texts encoded in pieces so far.
    """

    def __init__(self, model: str, *, name: str, offline: bool = True,
                 batch_size: int | None = None, device: str = "cpu", precision: str = "fp32"):
        if precision not in ("fp32", "bf16"):
            raise ValueError(f"unknown precision {precision!r}; allowed: fp32, bf16")
        self.name = name if precision == "fp32" else f"{name}@{precision}"
        self.precision = precision
        self.pieced = 0
        from sentence_transformers import SentenceTransformer  # lazy: torch is slow to import
        from transformers.utils import logging as hf_logging

        self.device = _device(device)
        self.batch_size = batch_size or (64 if self.device == "cpu" else 256)
        # no "Loading weights" bar on the user's terminal, and the switch is put back after
        was_enabled = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        try:
            self._model = SentenceTransformer(str(model), device=self.device,
                                              local_files_only=offline)
        finally:
            if was_enabled:
                hf_logging.enable_progress_bar()
        get_dim = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim() or 0)
        self.max_tokens = int(self._model.max_seq_length or 256)
        # _pieces() tokenizes long texts without truncation on purpose (to cut them into
        # pieces); silence transformers' once-per-tokenizer warning about their length.
        warned = getattr(self._model.tokenizer, "deprecation_warnings", None)
        if isinstance(warned, dict):
            warned["sequence-length-is-longer-than-the-specified-maximum"] = True

    def _pieces_of(self, texts: Sequence[str]) -> dict[str, list[str]]:
        """The overlapping pieces of each text longer than the model's token limit (texts
        not in the result fit). Only texts with at least as many characters as tokens allowed
        are tokenized, all in one call (a fast tokenizer runs a batch in parallel)."""
        limit = max(self.max_tokens - 2, 8)  # [CLS] and [SEP]
        # fewer characters than tokens allowed: surely short enough
        long = list(dict.fromkeys(t for t in texts if len(t) >= limit))
        if not long:
            return {}
        enc = self._model.tokenizer(long, add_special_tokens=False,
                                    return_offsets_mapping=True, truncation=False)
        out: dict[str, list[str]] = {}
        step = limit // 2
        for text, offsets in zip(long, enc["offset_mapping"]):
            if len(offsets) <= limit:
                continue
            pieces = []
            for s in range(0, len(offsets), step):
                e = min(s + limit, len(offsets))
                pieces.append(text[offsets[s][0]:offsets[e - 1][1]])
                if e == len(offsets):
                    break
            out[text] = pieces
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        from contextlib import nullcontext

        context: Any = nullcontext()
        if self.precision == "bf16":
            import torch

            context = torch.autocast(device_type=self.device.split(":")[0], dtype=torch.bfloat16)
        with context:
            out = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), d)`` float32 unit rows."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        table = self._pieces_of(texts)
        vecs, pieced = encode_in_pieces(self._encode_batch, list(texts),
                                        lambda t: table.get(t) or [t])
        if pieced:
            self.pieced += pieced
            log.info("%s: %d texts longer than %d tokens were encoded in overlapping pieces",
                     self.name, pieced, self.max_tokens)
        return checked(vecs, len(texts), self.name, self.dim)

    def token_embeddings(self, texts: Sequence[str], layer: int
                         ) -> list[tuple[np.ndarray, np.ndarray]]:
        """The contextual embeddings of each text's word pieces, from the output of the
        transformer's first ``layer`` layers (only those run: layer 3 of a 6-layer model costs
        half a sentence encoding).

        A text longer than the model's token limit is run as windows of that many pieces with
        half a window of overlap, and each piece keeps the vector of the window where it
        stands furthest from an edge (never cut off silently).

        Returns:
            per text, ``(offsets, vectors)``: ``(k, 2)`` int32 character spans of its ``k``
            word pieces (special tokens left out) and ``(k, d)`` float32 vectors.
        """
        import torch

        tok = self._model.tokenizer
        bert: Any = self._model[0].auto_model
        enc = tok(list(texts), add_special_tokens=False, return_offsets_mapping=True,
                  truncation=False)
        limit = max(self.max_tokens - 2, 8)
        # every window of every text: (text, first piece, ids)
        windows: list[tuple[int, int, list[int]]] = []
        for k, ids in enumerate(enc["input_ids"]):
            step = limit // 2
            for s in range(0, max(len(ids), 1), step):
                windows.append((k, s, ids[s:s + limit]))
                if s + limit >= len(ids):
                    break
        order = sorted(range(len(windows)), key=lambda w: (len(windows[w][2]), w))
        win_vecs: list[np.ndarray] = [np.zeros((0, 0), np.float32)] * len(windows)
        cls, sep, pad = tok.cls_token_id, tok.sep_token_id, tok.pad_token_id or 0
        kept: list[Any] = []

        def stop_after(module: Any, inputs: Any, output: Any) -> None:
            # the output of layer ``layer`` is all that is needed: keep it and stop the
            # forward pass there (a hook is public nn.Module API in every torch version,
            # unlike the transformers internals that build the attention mask)
            kept.append(output[0] if isinstance(output, tuple) else output)
            raise _StopForward

        hook = bert.encoder.layer[layer - 1].register_forward_hook(stop_after)
        try:
            with torch.inference_mode():
                for b in range(0, len(order), self.batch_size):
                    batch = order[b:b + self.batch_size]
                    width = max(len(windows[w][2]) for w in batch) + 2
                    ids = torch.full((len(batch), width), pad, dtype=torch.long)
                    mask = torch.zeros((len(batch), width), dtype=torch.long)
                    for r, w in enumerate(batch):
                        seq = [cls, *windows[w][2], sep]
                        ids[r, :len(seq)] = torch.tensor(seq)
                        mask[r, :len(seq)] = 1
                    kept.clear()
                    try:
                        bert(input_ids=ids, attention_mask=mask)
                    except _StopForward:
                        pass
                    h = kept[0].float().cpu().numpy()
                    for r, w in enumerate(batch):
                        win_vecs[w] = h[r, 1:1 + len(windows[w][2])]
        finally:
            hook.remove()
        dim = int(bert.config.hidden_size)
        result = []
        at = 0
        for k, offsets in enumerate(enc["offset_mapping"]):
            n = len(offsets)
            vecs = np.zeros((n, dim), dtype=np.float32)
            best = np.full(n, -1)
            while at < len(windows) and windows[at][0] == k:
                _, s, ids = windows[at]
                pos = np.arange(len(ids))
                centrality = np.minimum(pos, len(ids) - 1 - pos)
                take = centrality > best[s:s + len(ids)]
                vecs[s:s + len(ids)][take] = win_vecs[at][take]
                best[s:s + len(ids)][take] = centrality[take]
                at += 1
            result.append((np.asarray(offsets, dtype=np.int32).reshape(n, 2), vecs))
        return result


class LazyEncoder:
    """An encoder whose model is loaded on its first :meth:`encode` call.

    Its ``name`` is known without loading, so a run whose embeddings are all cached never
    loads the model (nor imports torch).

    Args:
        name: the name the loaded encoder will have (checked when it loads).
        load: ``() -> Encoder``.
    """

    def __init__(self, name: str, load: Callable[[], Encoder]):
        self.name = name
        self._load = load
        self._encoder: Encoder | None = None
        self.info: Any = None  # the ModelInfo load_encoder records

    @property
    def loaded(self) -> bool:
        return self._encoder is not None

    @property
    def encoder(self) -> Encoder:
        """The real encoder (loaded now if needed)."""
        if self._encoder is None:
            enc = self._load()
            if enc.name != self.name:
                raise RuntimeError(f"encoder {enc.name!r} loaded where {self.name!r} was "
                                   "expected")
            self._encoder = enc
        return self._encoder

    @property
    def dim(self) -> int | None:
        return getattr(self._encoder, "dim", None) if self._encoder is not None else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts and self._encoder is None:
            return np.zeros((0, 0), dtype=np.float32)
        return self.encoder.encode(texts)

    @property
    def has_tokens(self) -> bool:
        """Whether the encoder gives token embeddings (known without loading it for a
        sentence-transformers model, the only kind a lazy encoder wraps)."""
        return True

    def token_embeddings(self, texts: Sequence[str], layer: int
                         ) -> list[tuple[np.ndarray, np.ndarray]]:
        fn = getattr(self.encoder, "token_embeddings", None)
        if fn is None:
            raise TypeError(f"{self.name} gives no token embeddings")
        return list(fn(texts, layer))


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
    dim = getattr(encoder, "dim", None)
    vectors: dict[str, np.ndarray] = cache.get_many(encoder.name, unique, dim) if cache else {}
    missing = [t for t in unique if t not in vectors]
    if missing:
        log.debug("encoding %d sentences (%d cached)", len(missing), len(unique) - len(missing))
        new = checked(encoder.encode(missing), len(missing), encoder.name,
                      getattr(encoder, "dim", None))
        if cache is not None:
            cache.put_many(encoder.name, missing, new)
        vectors.update(zip(missing, new))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    return np.stack([vectors[t] for t in texts]).astype(np.float32, copy=False)
