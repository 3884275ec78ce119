"""Margins: does an aligned bead stand out from the pair's own background?

Two texts on one subject raise the whole similarity matrix, not one cell per row: with
all-MiniLM-L6-v2, sentences of two independent reports of the same event often score 0.5-0.7,
above the 0.60 a 1-1 bead needs. A sentence that was copied, edited, paraphrased or translated
stands out instead: its counterpart is more similar to it than any other sentence of the other
text, and far more similar than two unrelated sentences of this pair. As LASER's bitext mining
and Bertalign score candidates (Artetxe & Schwenk 2019, margin over the k nearest neighbours),
a bead is scored here against

* the **alternatives of both its sentences**: ``margin = s - (alt_base + alt_deriv) / 2``, where
  ``alt_base`` is the mean of the ``k`` highest similarities of the bead's base window to the
  other derivative windows of the same size that share no sentence with the bead, and
  ``alt_deriv`` the same for the derivative window (for a 1-1 bead and ``k = 1``: how far the
  match is above the second-best candidate of either sentence);
* the **pair's unrelated level**: ``z = (s - u) / r``, ``u`` and ``r`` the median and robust
  spread (1.4826 x MAD) of the pair's single-sentence similarities (most sentence pairs of two
  documents are unrelated; :mod:`drift.align.calibrate` uses the same statistics).

Both are read in spreads ``r`` of the pair, so one threshold serves a one-language pair
scored by all-MiniLM-L6-v2 (``r`` about 0.16-0.21) and a German-French pair scored by USE
(``r`` about 0.08-0.10). A bead stands out when ``margin >= 1.2 r`` and ``z >= 2``. On the
aligner's beads before filtering (k = 2; ``benchmarks/bench_verdict.py`` proxies), 1.2 r keeps
every pair of the machine-translated blog and of the Straits Times report (whose few shared
facts and the Putin quote are real matches), 87% of the beads of Text+Berg translations and 8%
of those the aligner forms between two unrelated Text+Berg articles; it was chosen on those
two, and then keeps 19% of the beads between two ECB+ articles about different events of one
kind (0.8 r: 39%, 1.5 r: 12%, and 80% of the Text+Berg translations' beads).

:func:`filter_beads` turns beads that do not stand out on both counts into an omission and an
addition, unless their words say they are the same sentence (``lexical`` at least
``keep_lexical``: a verbatim or lightly edited copy of a sentence that occurs twice in a text
has a small margin and is still a copy). It runs after the dynamic programme
(:func:`drift.align.windows.align_windows` with ``margins``); the programme itself is unchanged.
Everything here works on arrays: no model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drift.align.dp import Alignment, Bead, Shape

__all__ = ["MarginConfig", "BeadMargin", "bead_margins", "filter_beads", "background_level",
           "MIN_BACKGROUND_CELLS", "embedded_margins"]

#: below this many sentence pairs a pair has no background to measure margins against
#: (the same minimum as :mod:`drift.align.calibrate`); :func:`drift.align.windows.align_windows`
#: does not filter such pairs
MIN_BACKGROUND_CELLS = 9


@dataclass(frozen=True)
class MarginConfig:
    """When a bead stands out (see the module docstring).

    Attributes:
        k: alternatives averaged on each side (LASER uses 4 among millions of candidates; in
            a document of a few dozen sentences the best one or two are the competition).
        min_margin: a bead needs ``margin >= min_margin * r`` (in the pair's spreads) ...
        min_z: ... and ``z >= min_z`` ...
        keep_lexical: ... unless the two sides share at least this share of words in order.
    """

    k: int = 2
    min_margin: float = 1.2
    min_z: float = 2.0
    keep_lexical: float = 0.5

    def signature(self) -> str:
        """``margin:K/MARGIN/Z/LEX``, e.g. ``margin:2/1.2/2.0/0.50``."""
        return f"margin:{self.k}/{self.min_margin:.1f}/{self.min_z:.1f}/{self.keep_lexical:.2f}"


@dataclass(frozen=True)
class BeadMargin:
    """How far a bead stands out.

    Attributes:
        margin: similarity minus the mean of both sides' best alternatives.
        z: similarity above the pair's unrelated level, in robust spreads.
        spread: the pair's robust spread ``r``.
    """

    margin: float
    z: float
    spread: float = 1.0

    @property
    def relative(self) -> float:
        """The margin in spreads of the pair (``margin / r``)."""
        return self.margin / self.spread


def background_level(sentence_sims: np.ndarray) -> tuple[float, float]:
    """``(u, r)``: median and robust spread (1.4826 x MAD, at least 0.01) of a similarity
    matrix: where "unrelated" lies for this pair of documents and model.

    >>> u, r = background_level(np.array([[0.1, 0.2], [0.3, 0.9]]))
    >>> round(u, 4), round(r, 4)
    (0.25, 0.1483)
    """
    s = np.asarray(sentence_sims, dtype=np.float64)
    if not s.size:
        return 0.0, 1.0
    u = float(np.median(s))
    r = max(1.4826 * float(np.median(np.abs(s - u))), 0.01)
    return u, r


def _top_mean(x: np.ndarray, k: int) -> float:
    if not x.size:
        return 0.0  # no alternative at all: the bead stands against nothing (cosine 0)
    k = min(k, x.size)
    return float(np.mean(np.sort(x)[-k:]))


def bead_margins(beads: Sequence[Bead], sims: Mapping[Shape, np.ndarray], k: int = 2
                 ) -> list[BeadMargin | None]:
    """The margin of every aligned bead (None for omissions and additions).

    Args:
        beads: beads of an alignment.
        sims: ``(a, b) -> (n-a+1, m-b+1)`` window similarities
            (:func:`drift.align.windows.window_similarities`); ``sims[(1, 1)]`` is the
            sentence matrix.
        k: alternatives averaged on each side.

    Returns:
        one :class:`BeadMargin` or None per bead.

    >>> s = np.array([[0.9, 0.3, 0.2], [0.3, 0.5, 0.45], [0.2, 0.4, 0.3]])
    >>> m = bead_margins([Bead((0,), (0,), 0.9), Bead((1,), (1,), 0.5)], {(1, 1): s}, k=1)
    >>> round(m[0].margin, 3), round(m[1].margin, 3)
    (0.6, 0.075)
    """
    u, r = background_level(sims[(1, 1)])
    out: list[BeadMargin | None] = []
    for bead in beads:
        a, b = bead.shape
        if not a or not b or bead.similarity is None or (a, b) not in sims:
            out.append(None)
            continue
        arr = np.asarray(sims[(a, b)], dtype=np.float64)
        i, j = bead.base[0], bead.derivative[0]
        s = float(arr[i, j])
        cols = np.arange(arr.shape[1])
        rows = np.arange(arr.shape[0])
        row_alt = arr[i, (cols + b <= j) | (cols >= j + b)]
        col_alt = arr[(rows + a <= i) | (rows >= i + a), j]
        margin = s - (_top_mean(row_alt, k) + _top_mean(col_alt, k)) / 2.0
        out.append(BeadMargin(round(margin, 6), round((s - u) / r, 6), r))
    return out


def _top_k_lines(e: np.ndarray, f: np.ndarray, k: int, block: int = 2048
                 ) -> tuple[np.ndarray, np.ndarray]:
    """For each row of ``e @ f.T`` (rounded like :func:`drift.embed.similarity.cosine_matrix`)
    its ``k`` largest values and their columns, computed in blocks: ``(n, k)`` each."""
    from drift.embed.similarity import SIM_DECIMALS

    n, m = len(e), len(f)
    k = min(k, m)
    vals = np.zeros((n, k))
    idx = np.zeros((n, k), dtype=np.int64)
    for r0 in range(0, n, block):
        s = np.round(np.clip(e[r0:r0 + block] @ f.T, -1.0, 1.0), SIM_DECIMALS) + 0.0
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        v = np.take_along_axis(s, part, axis=1)
        order = np.argsort(-v, axis=1, kind="stable")
        vals[r0:r0 + block] = np.take_along_axis(v, order, axis=1)
        idx[r0:r0 + block] = np.take_along_axis(part, order, axis=1)
    return vals, idx


def embedded_margins(beads: Sequence[Bead], base_windows: Mapping[int, np.ndarray],
                     deriv_windows: Mapping[int, np.ndarray], background: tuple[float, float],
                     k: int = 2) -> list[BeadMargin | None]:
    """:func:`bead_margins` from window embeddings instead of similarity matrices (documents
    too long for ``n x m`` matrices): each 1-1 bead's alternatives come from the ``k + 1``
    best of its row and its column, computed in blocks; a merged bead's from the products of
    its two windows with every window of the other side.

    Args:
        beads: beads of an alignment.
        base_windows, deriv_windows: ``size -> (n-size+1, d)`` unit window embeddings.
        background: ``(u, r)`` of the pair (:func:`background_level`, on a sample).
        k: alternatives averaged on each side.
    """
    from drift.embed.similarity import SIM_DECIMALS, unit_rows

    u, r = background
    E = {a: unit_rows(v) for a, v in base_windows.items()}
    F = {b: unit_rows(v) for b, v in deriv_windows.items()}
    rv, ri = _top_k_lines(E[1], F[1], k + 1)
    cv, ci = _top_k_lines(F[1], E[1], k + 1)

    def top_excluding(vals: np.ndarray, idx: np.ndarray, lo: int, size: int) -> float:
        keep = [v for v, c in zip(vals, idx) if c + size <= lo or c >= lo + size]
        return _top_mean(np.asarray(keep[:k]), k)

    def line(x: np.ndarray, others: np.ndarray) -> np.ndarray:
        return np.round(np.clip(others @ x, -1.0, 1.0), SIM_DECIMALS) + 0.0

    out: list[BeadMargin | None] = []
    for bead in beads:
        a, b = bead.shape
        if not a or not b or bead.similarity is None or a not in E or b not in F:
            out.append(None)
            continue
        i, j = bead.base[0], bead.derivative[0]
        s = float(bead.similarity)
        if (a, b) == (1, 1):
            row_best = top_excluding(rv[i], ri[i], j, 1)
            col_best = top_excluding(cv[j], ci[j], i, 1)
        else:
            row = line(E[a][i], F[b])
            col = line(F[b][j], E[a])
            cols, rows = np.arange(len(row)), np.arange(len(col))
            row_best = _top_mean(row[(cols + b <= j) | (cols >= j + b)], k)
            col_best = _top_mean(col[(rows + a <= i) | (rows >= i + a)], k)
        margin = s - (row_best + col_best) / 2.0
        out.append(BeadMargin(round(margin, 6), round((s - u) / r, 6), r))
    return out


def filter_beads(alignment: Alignment, margins: Sequence[BeadMargin | None],
                 lexical: Sequence[float | None], cfg: MarginConfig) -> Alignment:
    """Split the beads that do not stand out into an omission and an addition.

    Args:
        alignment: the aligner's result.
        margins: :func:`bead_margins` of its beads.
        lexical: per bead, the share of words the two sides have in common in order
            (:func:`drift.text.lexical.lexical_similarity`), None for omissions/additions.
        cfg: the thresholds.

    Returns:
        a new :class:`Alignment` (same cost; beads in base order as before).
    """
    beads: list[Bead] = []
    for bead, mg, lex in zip(alignment.beads, margins, lexical):
        keep = (mg is None
                or (mg.relative >= cfg.min_margin and mg.z >= cfg.min_z)
                or (lex is not None and lex >= cfg.keep_lexical))
        if keep:
            beads.append(bead)
        else:
            beads += [Bead((i,), ()) for i in bead.base]
            beads += [Bead((), (j,)) for j in bead.derivative]
    return Alignment(tuple(beads), alignment.n_base, alignment.n_derivative, alignment.cost)
