"""Sentence windows: embed every run of 1..k consecutive sentences, score every bead shape,
and align two documents from their window embeddings.

A bead of ``a`` base and ``b`` derivative sentences is scored by the cosine of the two joined
texts (as Vecalign and Bertalign score merged groups), so every window of up to
``max_group`` sentences on each side is embedded as one text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from drift.align.band import anchor_band, anchor_chain, top_candidates
from drift.align.calibrate import Calibration, calibrate, vocabulary_overlap
from drift.align.costs import EmbeddingCosts, Shape
from drift.align.dp import Alignment, align, band_dp, drop_weak, move_pass
from drift.align.margin import (
    MIN_BACKGROUND_CELLS,
    MarginConfig,
    background_level,
    bead_margins,
    embedded_margins,
    filter_beads,
)
from drift.config import AlignConfig
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder, embed
from drift.embed.similarity import cosine_matrix, unit_rows

__all__ = ["window_texts", "window_similarities", "embed_windows", "align_windows",
           "FULL_DP_CELLS", "KEEP_MATRIX_CELLS"]


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


#: documents with more DP cells than this are aligned inside a band (:mod:`drift.align.band`)
FULL_DP_CELLS = 1_500_000
#: the sentence similarity matrix is kept (for plots) up to this many cells
KEEP_MATRIX_CELLS = 4_000_000
_SAMPLE_CELLS = 1_000_000


def align_windows(base_windows: Mapping[int, np.ndarray], deriv_windows: Mapping[int, np.ndarray],
                  base: Sequence[str], derivative: Sequence[str], cfg: AlignConfig,
                  cross_lingual: bool = False, margins: MarginConfig | None = None,
                  mode: str = "auto",
                  ) -> tuple[Alignment, np.ndarray | None, Calibration | None]:
    """Align two documents from their window embeddings (:func:`embed_windows`).

    The sentence texts give the aligner lengths, numbers and junk lines for the options that
    use them (the ``textberg`` preset). With ``cross_lingual``, documents that share almost no
    words are aligned with thresholds calibrated for the pair (:mod:`drift.align.calibrate`).
    With ``margins``, beads that do not stand out from the pair's background are split into an
    omission and an addition after the dynamic programme (:mod:`drift.align.margin`; ``drift
    score`` does this, ``drift align`` and ``drift eval align`` do not). Pairs of documents with
    fewer than 9 sentence pairs have no background to speak of and are not filtered.

    Args:
        mode: ``full`` (the whole DP table, similarity matrices in memory), ``band`` (the DP
            inside a band around anchors, costs computed row by row: time and memory grow with
            ``n + m``), or ``auto`` (``band`` beyond :data:`FULL_DP_CELLS` cells).

    Returns:
        the alignment (with ``margins`` when they were measured), the ``(n, m)`` sentence
        similarity matrix (None beyond :data:`KEEP_MATRIX_CELLS` cells) and the calibration
        applied (None when none was).
    """
    n, m = len(base), len(derivative)
    if mode not in ("auto", "full", "band"):
        raise ValueError(f"unknown alignment mode {mode!r}; allowed: auto, full, band")
    if mode == "auto":
        mode = "full" if (n + 1) * (m + 1) <= FULL_DP_CELLS else "band"
    lengths = (np.array([len(s) for s in base]), np.array([len(s) for s in derivative]))
    texts = (list(base), list(derivative))
    if mode == "full":
        sims = window_similarities(base_windows, deriv_windows)
        calibration = None
        if cross_lingual:
            cfg, calibration = calibrate(cfg, sims[(1, 1)], vocabulary_overlap(base, derivative))
        alignment = align(sims, n, m, cfg, lengths=lengths, texts=texts)
        if margins is not None:
            alignment = _filtered(alignment, base, derivative, margins,
                                  lambda beads: bead_margins(beads, sims, margins.k),
                                  sims[(1, 1)].size >= MIN_BACKGROUND_CELLS)
        return alignment, sims[(1, 1)], calibration
    e1, f1 = unit_rows(base_windows[1]), unit_rows(deriv_windows[1])
    calibration = None
    if cross_lingual:
        step_r = max(1, int(np.ceil(n / np.sqrt(_SAMPLE_CELLS))))
        step_c = max(1, int(np.ceil(m / np.sqrt(_SAMPLE_CELLS))))
        sample = cosine_matrix(e1[::step_r], f1[::step_c], normalized=True)
        cfg, calibration = calibrate(cfg, sample, vocabulary_overlap(base, derivative))
    source = EmbeddingCosts(base_windows, deriv_windows, cfg, lengths, texts)
    keep = cosine_matrix(e1, f1, normalized=True) if n * m <= KEEP_MATRIX_CELLS else None
    band = anchor_band(n, m, anchor_chain(top_candidates(e1, f1, sims=keep), m))
    from threadpoolctl import threadpool_limits

    # thousands of small products: one BLAS thread is faster, and never thrashes on a busy CPU
    with threadpool_limits(1, user_api="blas"):
        source.prepare(band.lo, band.hi)
    beads, cost = band_dp(n, m, source.shapes, source.row, cfg.skip, band,
                          lambda a, b, i, j: float(source.sims(a, b, i, j, j + 1)[0]))
    beads = drop_weak(beads, cfg)

    def pair_sims(rows: Sequence[int], cols: Sequence[int]) -> np.ndarray:
        return cosine_matrix(e1[list(rows)], f1[list(cols)], normalized=True)

    alignment = Alignment(tuple(move_pass(beads, pair_sims, cfg)), n, m, cost)
    if margins is not None:
        step_r = max(1, int(np.ceil(n / np.sqrt(_SAMPLE_CELLS))))
        step_c = max(1, int(np.ceil(m / np.sqrt(_SAMPLE_CELLS))))
        background = background_level(keep if keep is not None else
                                      cosine_matrix(e1[::step_r], f1[::step_c], normalized=True))
        alignment = _filtered(alignment, base, derivative, margins, lambda beads: embedded_margins(
            beads, base_windows, deriv_windows, background, margins.k),
            n * m >= MIN_BACKGROUND_CELLS)
    return alignment, keep, calibration


def _filtered(alignment: Alignment, base: Sequence[str], derivative: Sequence[str],
              margins: MarginConfig, margin_of: Any, filtering: bool) -> Alignment:
    """The alignment without the beads that do not stand out (:mod:`drift.align.margin`;
    when ``filtering``), with the margins of the beads that remain."""
    if filtering:
        from drift.text.lexical import lexical_similarity

        lex = [lexical_similarity(" ".join(base[i] for i in b.base),
                                  " ".join(derivative[j] for j in b.derivative))
               if b.base and b.derivative else None for b in alignment.beads]
        alignment = filter_beads(alignment, margin_of(alignment.beads), lex, margins)
    return replace(alignment, margins=tuple(margin_of(alignment.beads)))
