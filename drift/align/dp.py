"""Sentence alignment by dynamic programming over embedding similarities.

The aligner never touches a model. It takes *window similarities*: for every bead shape
``(a, b)`` (``a`` base sentences against ``b`` derivative sentences, both contiguous), an array
``sims[(a, b)][i, j]`` = cosine similarity between the embedding of base sentences
``i .. i+a-1`` joined into one text and derivative sentences ``j .. j+b-1`` joined (as
Bertalign and Vecalign score merged groups). :func:`drift.align.windows.window_similarities`
builds it from window embeddings; for long documents :func:`drift.align.windows.align_windows`
computes the costs row by row inside a band instead (:mod:`drift.align.band`).

**Costs** (minimised; ``s`` is the bead's similarity):

* a bead of ``a`` base and ``b`` derivative sentences costs ``(a + b) / 2 * (1 - s)
  + merge * (a + b - 2)``: a 1-1 bead costs ``1 - s``, and merged beads pay per sentence
  covered plus a small merge penalty, so a merge wins only when the joined texts really match
  better than the 1-1 bead plus a skipped sentence;
* an omitted base sentence or an added derivative sentence costs ``skip``; a 1-1 bead is
  therefore preferred to skipping both sentences exactly when ``s > 1 - 2 * skip``.

The defaults (``skip=0.20``, ``merge=0.15``) were chosen on the bundled corpus so that
paraphrases and machine-translation round trips (all-MiniLM-L6-v2 similarity mostly 0.7-0.95)
align while unrelated sentences on the same topic (0.3-0.5) do not; see README "Alignment".

Options that are off by default and switched on by the ``textberg`` preset (cross-lingual,
OCR'd books) are applied by :func:`drift.align.costs.bead_costs`: Vecalign's distance normalisation
(``normalize``), similarity centring, number anchors, a character-length penalty, a
junk-line merge penalty and the "merge only if it helps" rule (``merge_drop``: a merged bead
pays for being less similar than its best bead one sentence smaller, see
:func:`similarity_drop`). Tuning experiments that did not help on the Text+Berg dev pair were
removed: Vecalign's product size weighting, Bertalign's one-similarity-per-bead scoring with a
bead bonus, a cap on bead size, a many-to-many penalty, a per-document skip quantile and
identical-word overlap.

The dynamic programme runs over a *band*: for each row ``i`` of the DP table (``i`` base
sentences consumed) a range of columns. The whole table is one band (:func:`full_band`); for
long documents :mod:`drift.align.band` builds a narrow one around anchors, so time and memory
grow with ``n + m``, not ``n * m``. It is vectorised with numpy along each row: beads that
consume at least one base sentence read the previous rows, and runs of additions inside a row
are a running minimum (``D[i, j] = j*skip + cummin(X[k] - k*skip)``). Costs are compared
exactly, as integers of :data:`COST_UNIT`, with a stated tie rule (:func:`band_dp`).

After the monotonic pass, a second pass matches left-over derivative sentences to left-over
base sentences out of order (moved paragraphs) with the Hungarian algorithm when their
similarity is at least ``move_threshold``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.align.costs import MAX_BEAD_COST, Shape, _shapes_in, bead_costs, bead_shapes
from drift.config import AlignConfig

__all__ = ["Bead", "Alignment", "Band", "align", "band_dp", "full_band", "alignment_cost",
           "bead_shapes", "COST_UNIT", "drop_weak", "move_pass", "canonical_skips"]

#: bead costs are compared as integers in these units (micro-units): exact ties are ties
COST_UNIT = 1e-6
_BEADS = 1 << 21  # path key = cost in micro-units * _BEADS - number of beads
_INF = np.int64(1) << 60


@dataclass(frozen=True)
class Bead:
    """One step of an alignment.

    Attributes:
        base: 0-based base sentence indices (empty for an addition).
        derivative: 0-based derivative sentence indices (empty for an omission).
        similarity: cosine similarity of the joined groups, None when one side is empty.
        moved: matched out of order by the second pass.
    """

    base: tuple[int, ...]
    derivative: tuple[int, ...]
    similarity: float | None = None
    moved: bool = False

    @property
    def shape(self) -> Shape:
        return (len(self.base), len(self.derivative))

    @property
    def kind(self) -> str:
        """``match`` (1-1), ``merge`` (any a-b with a+b > 2), ``omission`` or ``addition``."""
        a, b = self.shape
        if b == 0:
            return "omission"
        if a == 0:
            return "addition"
        return "match" if (a, b) == (1, 1) else "merge"

    def ladder(self) -> str:
        """The bead in the Text+Berg / Vecalign ladder format, e.g. ``[3, 4]:[5]``."""
        return f"[{', '.join(map(str, self.base))}]:[{', '.join(map(str, self.derivative))}]"


@dataclass(frozen=True)
class Alignment:
    """A whole alignment between a base (``n`` sentences) and a derivative (``m``).

    Attributes:
        beads: in order: monotonic beads by position, each moved pair at its base position.
        n_base, n_derivative: sentence counts.
        cost: total cost of the monotonic pass.
        margins: per bead, how far it stands out from the pair's background
            (:class:`drift.align.margin.BeadMargin`, None for omissions and additions), when
            :func:`drift.align.windows.align_windows` measured them; else empty.
    """

    beads: tuple[Bead, ...]
    n_base: int
    n_derivative: int
    cost: float
    margins: tuple[Any, ...] = ()

    def ladder(self) -> str:
        return "\n".join(b.ladder() for b in self.beads)

    def base_to_derivative(self) -> dict[int, tuple[int, ...]]:
        return {i: b.derivative for b in self.beads for i in b.base}


def _micro(x: np.ndarray | float) -> np.ndarray:
    """Costs as integers of :data:`COST_UNIT` (clipped to +-:data:`MAX_BEAD_COST`); an integer
    array is taken as costs already in these units."""
    if isinstance(x, np.ndarray) and x.dtype == np.int64:
        return x
    return np.rint(np.clip(np.asarray(x, dtype=np.float64), -MAX_BEAD_COST, MAX_BEAD_COST)
                   / COST_UNIT).astype(np.int64)


@dataclass(frozen=True)
class Band:
    """The cells of the DP table the search may visit: for each row ``i`` (``0 .. n``: ``i``
    base sentences consumed) the columns ``lo[i] .. hi[i]`` (derivative sentences consumed),
    inclusive. ``lo[0] == 0`` and ``hi[n] == m``; a row's range reaches at least to the start
    of the next row's (``hi[i] >= lo[i+1]``), so the corner ``(n, m)`` is always reachable."""

    lo: np.ndarray
    hi: np.ndarray

    @property
    def cells(self) -> int:
        return int(np.sum(self.hi - self.lo + 1))


def full_band(n: int, m: int) -> Band:
    """The whole ``(n+1) x (m+1)`` table."""
    return Band(np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64))


#: ``row_costs(a, b, i, j0, j1)`` -> costs of beads ``(a, b)`` at base window ``i`` and
#: derivative windows ``j0 .. j1-1`` (floats, or int64 already in :data:`COST_UNIT`);
#: ``sim(a, b, i, j)`` -> the bead's similarity
RowCosts = Callable[[int, int, int, int, int], np.ndarray]
BeadSim = Callable[[int, int, int, int], float]


def band_dp(n: int, m: int, shapes: Sequence[Shape], row_costs: RowCosts, skip: float,
            band: Band, sim: BeadSim) -> tuple[list[Bead], float]:
    """The minimum-cost monotonic bead sequence inside ``band``.

    Costs are compared exactly, as integers of :data:`COST_UNIT`, and ties are broken by a
    stated rule, never by the last bit of a float: the lowest total cost wins; among equal
    costs, the path with the most beads (the fewest merged sentences); then a bead that ends
    in the current row before a run of additions, and shapes in :func:`bead_shapes` order.

    Args:
        n, m: sentence counts.
        shapes: bead shapes, :func:`bead_shapes` order (with ``(0, 1)`` and ``(1, 0)``).
        row_costs: bead costs by row (see :data:`RowCosts`).
        skip: cost of an omitted or added sentence.
        band: the cells to search (:func:`full_band` for all).
        sim: the similarity of a chosen bead.

    Returns:
        the beads in order and their total cost.
    """
    if n > _BEADS // 2 or m > _BEADS // 2:
        raise ValueError(f"documents of {n} x {m} sentences are too long to align "
                         f"(at most {_BEADS // 2} a side)")
    lo, hi = band.lo, band.hi
    skip_micro = int(_micro(skip))
    skip_key = np.int64(skip_micro * _BEADS - 1)
    ins = list(shapes).index((0, 1))
    D: list[np.ndarray] = []
    back: list[np.ndarray] = []
    for i in range(n + 1):
        lo_i, hi_i = int(lo[i]), int(hi[i])
        width = hi_i - lo_i + 1
        X = np.full(width, _INF, dtype=np.int64)
        bx = np.full(width, -1, dtype=np.int8)
        if i == 0 and lo_i == 0:
            X[0] = 0
        for k, (a, b) in enumerate(shapes):
            if a == 0 or i - a < 0:
                continue
            p_lo, p_hi = int(lo[i - a]), int(hi[i - a])
            j_lo, j_hi = max(lo_i, p_lo + b), min(hi_i, p_hi + b)  # target columns
            if j_lo > j_hi:
                continue
            prev = D[i - a][j_lo - b - p_lo: j_hi - b - p_lo + 1]
            if b == 0:
                cand = prev + skip_key * a
            else:
                if j_hi - b > m - b:
                    continue
                cand = prev + (_micro(row_costs(a, b, i - a, j_lo - b, j_hi - b + 1)) * _BEADS - 1)
            sel = slice(j_lo - lo_i, j_hi - lo_i + 1)
            better = cand < X[sel]  # strict: the earlier shape keeps a tie
            X[sel] = np.where(better, cand, X[sel])
            bx[sel] = np.where(better, k, bx[sel])
        np.minimum(X, _INF, out=X)  # unreachable stays "infinite"
        # additions within the row: D[i, j] = min(X[j], D[i, j-1] + skip)
        cols = np.arange(width, dtype=np.int64)
        Y = X - cols * skip_key
        run = np.minimum.accumulate(Y)
        D.append(run + cols * skip_key)
        from_left = run < Y  # strict: on a tie the bead ending here wins over an addition
        back.append(np.where(from_left, ins, bx).astype(np.int8))
    if not lo[n] <= m <= hi[n] or D[n][m - lo[n]] >= _INF // 2:
        raise ValueError("the band does not reach the end of both documents")
    beads: list[Bead] = []
    total = 0
    i, j = n, m
    while i > 0 or j > 0:
        a, b = shapes[int(back[i][j - lo[i]])]
        i0, j0 = i - a, j - b
        if a == 0 or b == 0:
            total += skip_micro * (a + b)
            beads.append(Bead(tuple(range(i0, i)), tuple(range(j0, j))))
        else:
            total += int(_micro(row_costs(a, b, i0, j0, j0 + 1))[0])
            beads.append(Bead(tuple(range(i0, i)), tuple(range(j0, j)), sim(a, b, i0, j0)))
        i, j = i0, j0
    beads.reverse()
    return canonical_skips(beads), total * COST_UNIT


def canonical_skips(beads: Sequence[Bead]) -> list[Bead]:
    """Between two aligned beads, omissions first, then additions: paths that differ only in
    how they interleave skips cost the same, and the output does not depend on which one the
    search met first."""
    out: list[Bead] = []
    run: list[Bead] = []
    for bead in [*beads, None]:
        if bead is not None and (not bead.base or not bead.derivative):
            run.append(bead)
            continue
        out += sorted(run, key=lambda x: (bool(x.derivative), x.base, x.derivative))
        run = []
        if bead is not None:
            out.append(bead)
    return out


def align(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig | None = None,
          *, lengths: tuple[np.ndarray, np.ndarray] | None = None,
          texts: tuple[Sequence[str], Sequence[str]] | None = None) -> Alignment:
    """Align ``n`` base sentences with ``m`` derivative sentences from whole similarity
    matrices (the whole DP table; :func:`drift.align.windows.align_windows` also handles long
    documents).

    Args:
        sims: ``(a, b) -> (n-a+1, m-b+1)`` window similarities (see
            :func:`drift.align.windows.window_similarities`); shapes beyond ``cfg.max_group``
            or missing from ``sims`` are not used.
        n, m: sentence counts.
        cfg: costs and penalties (defaults: :class:`drift.config.AlignConfig`).
        lengths: ``(n,)`` and ``(m,)`` sentence lengths in characters; needed when
            ``cfg.length_weight`` > 0.
        texts: the sentences; needed when ``cfg.anchor_weight`` > 0 or ``cfg.junk_chars`` > 0.

    Returns:
        The :class:`Alignment`: minimum-cost monotonic beads (ties broken as :func:`band_dp`
        states), then moved pairs.

    Example:
        >>> s = np.array([[0.9, 0.1], [0.2, 0.1]])
        >>> [b.ladder() for b in align({(1, 1): s}, 2, 2).beads]
        ['[0]:[0]', '[]:[1]', '[1]:[]']
    """
    cfg = cfg or AlignConfig()
    shapes = _shapes_in(sims, n, m, cfg)
    costs, skip = bead_costs(sims, n, m, cfg, lengths=lengths, texts=texts)

    def row_costs(a: int, b: int, i: int, j0: int, j1: int) -> np.ndarray:
        return costs[(a, b)][i, j0:j1]

    def sim(a: int, b: int, i: int, j: int) -> float:
        return float(sims[(a, b)][i, j])

    beads, cost = band_dp(n, m, shapes, row_costs, skip, full_band(n, m), sim)
    beads = drop_weak(beads, cfg)
    sim11 = sims.get((1, 1))
    pairs = None if sim11 is None else (lambda rows, cols: np.asarray(sim11)[np.ix_(rows, cols)])
    return Alignment(tuple(move_pass(beads, pairs, cfg)), n, m, cost)


def alignment_cost(beads: Sequence[Bead], sims: Mapping[Shape, np.ndarray],
                   cfg: AlignConfig, *, lengths: tuple[np.ndarray, np.ndarray] | None = None,
                   texts: tuple[Sequence[str], Sequence[str]] | None = None) -> float:
    """Total cost of a monotonic bead sequence under the same scoring as :func:`align`
    (``lengths`` and ``texts`` as there), summed exactly in :data:`COST_UNIT` as it does."""
    n = sum(len(b.base) for b in beads)
    m = sum(len(b.derivative) for b in beads)
    costs, skip = bead_costs(sims, n, m, cfg, lengths=lengths, texts=texts)
    total = 0
    for bead in beads:
        a, b = bead.shape
        if a == 0 or b == 0:
            total += int(_micro(skip)) * (a + b)
        else:
            total += int(_micro(costs[(a, b)][bead.base[0], bead.derivative[0]]))
    return total * COST_UNIT


#: a move pass over more left-over sentences than this a side matches greedily
MAX_HUNGARIAN = 2000
#: ``pair_sims(rows, cols)`` -> the ``(len(rows), len(cols))`` sentence similarities
PairSims = Callable[[Sequence[int], Sequence[int]], np.ndarray]


def drop_weak(beads: list[Bead], cfg: AlignConfig) -> list[Bead]:
    """Split a bead below ``cfg.min_similarity`` into omissions and additions."""
    out: list[Bead] = []
    for bead in beads:
        if bead.similarity is not None and bead.similarity < cfg.min_similarity:
            out += [Bead((i,), ()) for i in bead.base] + [Bead((), (j,)) for j in bead.derivative]
        else:
            out.append(bead)
    return out


def move_pass(beads: list[Bead], pair_sims: PairSims | None, cfg: AlignConfig,
              block: int = 1024) -> list[Bead]:
    """Match left-over derivative sentences to left-over base sentences out of order (moved
    paragraphs), one to one, where their similarity is at least ``cfg.move_threshold``.

    The similarities are read in blocks and only pairs above the threshold are kept, so memory
    stays bounded for long documents. The matching is optimal (Hungarian algorithm, with
    similarities compared as integers of :data:`COST_UNIT`) over the sentences that have a
    candidate; beyond :data:`MAX_HUNGARIAN` of them a side it is greedy, best pair first
    (ties by position).
    """
    omitted = [b.base[0] for b in beads if b.kind == "omission"]
    added = [b.derivative[0] for b in beads if b.kind == "addition"]
    if pair_sims is None or not omitted or not added or cfg.move_threshold > 1.0:
        return beads
    cand: list[tuple[int, int, int]] = []  # (-micro similarity, base, derivative)
    for r0 in range(0, len(omitted), block):
        rows = omitted[r0:r0 + block]
        sub = np.asarray(pair_sims(rows, added), dtype=np.float64)
        rr, cc = np.nonzero(sub >= cfg.move_threshold)
        cand += [(-int(np.rint(sub[r, c] / COST_UNIT)), rows[r], added[c])
                 for r, c in zip(rr.tolist(), cc.tolist())]
    if not cand:
        return beads
    rows_c = sorted({i for _, i, _ in cand})
    cols_c = sorted({j for _, _, j in cand})
    moved: dict[int, tuple[int, float]] = {}
    if len(rows_c) <= MAX_HUNGARIAN and len(cols_c) <= MAX_HUNGARIAN:
        from scipy.optimize import linear_sum_assignment

        ri = {i: k for k, i in enumerate(rows_c)}
        ci = {j: k for k, j in enumerate(cols_c)}
        score = np.zeros((len(rows_c), len(cols_c)), dtype=np.int64)
        for neg, i, j in cand:
            score[ri[i], ci[j]] = -neg
        rows, cols = linear_sum_assignment(-score)  # exact ties are ties
        for r, c in zip(rows, cols):
            if score[r, c] > 0:
                moved[rows_c[r]] = (cols_c[c], float(score[r, c] * COST_UNIT))
    else:
        used: set[int] = set()
        for neg, i, j in sorted(cand):
            if i not in moved and j not in used:
                moved[i] = (j, -neg * COST_UNIT)
                used.add(j)
    used_d = {j for j, _ in moved.values()}
    out = []
    for bead in beads:
        if bead.kind == "omission" and bead.base[0] in moved:
            j, s = moved[bead.base[0]]
            out.append(Bead(bead.base, (j,), round(s, 6), moved=True))
        elif bead.kind == "addition" and bead.derivative[0] in used_d:
            continue
        else:
            out.append(bead)
    return out
