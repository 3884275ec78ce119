"""Sentence windows: embed every run of 1..k consecutive sentences, score every bead shape,
and align two documents from their window embeddings.

A bead of ``a`` base and ``b`` derivative sentences is scored by the cosine of the two joined
texts (as Vecalign and Bertalign score merged groups), so every window of up to
``max_group`` sentences on each side is embedded as one text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from drift.align.calibrate import Calibration, calibrate, vocabulary_overlap
from drift.align.dp import Alignment, Shape, align
from drift.align.margin import MIN_BACKGROUND_CELLS, MarginConfig, bead_margins, filter_beads
from drift.config import AlignConfig
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder, embed
from drift.embed.similarity import cosine_matrix, unit_rows

__all__ = ["window_texts", "window_similarities", "embed_windows", "align_windows"]


def window_texts(sentences: Sequence[str], max_size: int) -> dict[int, list[str]]:
    """Texts of every window of ``k`` consecutive sentences, ``k = 1 .. max_size``.

    >>> window_texts(["A.", "B.", "C."], 2)[2]
    ['A. B.', 'B. C.']
    """
    return {
        k: [" ".join(sentences[i:i + k]) for i in range(len(sentences) - k + 1)]
        for k in range(1, max_size + 1)
    }


def window_similarities(
    base_windows: Mapping[int, np.ndarray], deriv_windows: Mapping[int, np.ndarray]
) -> dict[Shape, np.ndarray]:
    """Similarity arrays for every bead shape from window embeddings.

    The dot products are taken in float64 on rows renormalised in float64, clipped to
    ``[-1, 1]`` and rounded to :data:`SIM_DECIMALS` decimals, so that the result does not depend
    on the BLAS kernel (float32 products of identical unit vectors give 1.0000002 on one CPU and
    0.99999994 on another).

    Args:
        base_windows: ``k -> (n-k+1, d)`` L2-normalised embeddings of base windows.
        deriv_windows: ``k -> (m-k+1, d)`` the same for the derivative.

    Returns:
        ``(a, b) -> (n-a+1, m-b+1)`` float64 arrays,
        ``res[(a, b)][i, j] = cos(base[i:i+a], der[j:j+b])``.
    """
    out = {}
    unit_b = {b: unit_rows(eb) for b, eb in deriv_windows.items()}
    for a, ea in base_windows.items():
        ua = unit_rows(ea)
        for b, ub in unit_b.items():
            out[(a, b)] = cosine_matrix(ua, ub, normalized=True)
    return out


def embed_windows(
    docs: Sequence[Sequence[str]], encoder: Encoder, max_size: int,
    cache: EmbeddingCache | None = None,
) -> list[dict[int, np.ndarray]]:
    """Embed every window of 1..``max_size`` consecutive sentences of each document at once.

    Args:
        docs: per document, its sentences (the text to embed).

    Returns:
        per document, ``k -> (n-k+1, d)`` normalised embeddings.
    """
    texts: list[str] = []
    spans: list[dict[int, tuple[int, int]]] = []
    for sents in docs:
        wins = window_texts(sents, max_size)
        doc_spans = {}
        for k, ws in wins.items():
            doc_spans[k] = (len(texts), len(texts) + len(ws))
            texts.extend(ws)
        spans.append(doc_spans)
    vecs = embed(texts, encoder, cache)
    dim = vecs.shape[1] if vecs.size else 0
    return [{k: (vecs[a:b] if b > a else np.zeros((0, dim), np.float32))
             for k, (a, b) in sp.items()} for sp in spans]


def align_windows(base_windows: dict[int, np.ndarray], deriv_windows: dict[int, np.ndarray],
                  base: Sequence[str], derivative: Sequence[str], cfg: AlignConfig,
                  cross_lingual: bool = False, margins: MarginConfig | None = None,
                  ) -> tuple[Alignment, dict[tuple[int, int], np.ndarray], Calibration | None]:
    """Align two documents from their window embeddings (:func:`embed_windows`).

    The sentence texts give the aligner lengths, numbers and junk lines for the options that
    use them (the ``textberg`` preset). With ``cross_lingual``, documents that share almost no
    words are aligned with thresholds calibrated for the pair (:mod:`drift.align.calibrate`).
    With ``margins``, beads that do not stand out from the pair's background are split into an
    omission and an addition after the dynamic programme (:mod:`drift.align.margin`; ``drift
    score`` does this, ``drift align`` and ``drift eval align`` do not). Pairs of documents with
    fewer than 9 sentence pairs have no background to speak of and are not filtered.

    Returns:
        the alignment, the window similarities (``sims[(1, 1)]`` is the sentence matrix) and
        the calibration applied (None when none was).
    """
    sims = window_similarities(base_windows, deriv_windows)
    calibration = None
    if cross_lingual:
        cfg, calibration = calibrate(cfg, sims[(1, 1)], vocabulary_overlap(base, derivative))
    lengths = (np.array([len(s) for s in base]), np.array([len(s) for s in derivative]))
    alignment = align(sims, len(base), len(derivative), cfg, lengths=lengths,
                      texts=(list(base), list(derivative)))
    if margins is not None and sims[(1, 1)].size >= MIN_BACKGROUND_CELLS:
        from drift.score.labels import lexical_similarity

        lex = [lexical_similarity(" ".join(base[i] for i in b.base),
                                  " ".join(derivative[j] for j in b.derivative))
               if b.base and b.derivative else None for b in alignment.beads]
        alignment = filter_beads(alignment, bead_margins(alignment.beads, sims, margins.k), lex,
                                 margins)
    return alignment, sims, calibration
