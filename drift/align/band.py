"""A narrow band of the DP table for long documents, around anchors (as Bertalign does).

1. **Candidates.** For every base sentence its ``k`` most similar derivative sentences, and
   for every derivative sentence its ``k`` most similar base sentences, from the sentence
   embeddings in blocks (never an ``n x m`` matrix in memory). A pair that is a candidate both
   ways is an anchor candidate.
2. **Anchors.** The monotonic chain of anchor candidates with the largest total similarity (a
   weighted longest increasing subsequence, ``O(P log m)`` with a Fenwick tree; similarities
   compared as integers of 1e-6, ties by position).
3. **Band.** Between two consecutive anchors the path must run from one to the other, so each
   DP row may use the columns between them, widened by ``width`` on each side. Where the gap
   between two anchors is large both ways (an unaligned stretch), the band follows the
   diagonal between them, ``corridor`` columns wide, instead of covering the whole rectangle.

The full DP finds the same alignment whenever its best path stays inside the band;
``benchmarks/bench_band.py`` checks that on the example corpus and the Text+Berg documents.
"""

from __future__ import annotations

import numpy as np

from drift.align.dp import Band
from drift.embed.similarity import SIM_DECIMALS, unit_rows

__all__ = ["top_candidates", "anchor_chain", "anchor_band", "BAND_WIDTH", "BAND_CORRIDOR"]

#: columns added on each side of the rectangle between two anchors
BAND_WIDTH = 12
#: half-width of the diagonal corridor across a gap too large for its whole rectangle
BAND_CORRIDOR = 60
#: a gap between anchors larger than this many cells gets a corridor instead of its rectangle
GAP_CELLS = 250_000


def top_candidates(base: np.ndarray, deriv: np.ndarray, k: int = 3, block: int = 2048,
                   sims: np.ndarray | None = None) -> list[tuple[int, int, int]]:
    """Mutual top-``k`` sentence pairs: ``(i, j, similarity in micro-units)``, sorted.

    Args:
        base: ``(n, d)`` sentence embeddings; deriv: ``(m, d)``.
        k: candidates per sentence on each side.
        block: base rows per matrix block (memory ``block x m``).
        sims: the ``(n, m)`` similarity matrix when the caller has it (saves the products).
    """
    E, F = unit_rows(base), unit_rows(deriv)
    n, m = len(E), len(F)
    if not n or not m:
        return []
    kr, kc = min(k, m), min(k, n)
    row_top: dict[int, set[int]] = {}
    col_best = np.full((m, kc), -np.inf)
    col_idx = np.full((m, kc), -1, dtype=np.int64)
    sims_seen: dict[tuple[int, int], int] = {}
    for r0 in range(0, n, block):
        S = sims[r0:r0 + block] if sims is not None else \
            np.round(np.clip(E[r0:r0 + block] @ F.T, -1.0, 1.0), SIM_DECIMALS)
        top = np.argpartition(S, m - kr, axis=1)[:, m - kr:]
        for r, cols in enumerate(top):
            row_top[r0 + r] = set(cols.tolist())
        # merge this block into each column's running top-k
        kb = min(kc, len(S))
        part = np.argpartition(S.T, len(S) - kb, axis=1)[:, len(S) - kb:].T  # (kb, m) rows
        vals = np.take_along_axis(S, part, axis=0)                # (kb, m)
        allv = np.concatenate([col_best, vals.T], axis=1)         # (m, kc + kb)
        alli = np.concatenate([col_idx, (part + r0).T], axis=1)
        # sort by similarity, then row index (deterministic), keep kc
        order = np.lexsort((alli, -allv), axis=1)[:, :kc]
        col_best = np.take_along_axis(allv, order, axis=1)
        col_idx = np.take_along_axis(alli, order, axis=1)
        for r, cols in enumerate(top):
            for c in cols.tolist():
                sims_seen[(r0 + r, c)] = int(np.rint(S[r, c] * 10 ** SIM_DECIMALS))
    out = []
    for j in range(m):
        for i in col_idx[j].tolist():
            if i >= 0 and j in row_top.get(i, ()):
                out.append((i, j, sims_seen[(i, j)]))
    return sorted(set(out))


def anchor_chain(points: list[tuple[int, int, int]], m: int) -> list[tuple[int, int]]:
    """The chain of points strictly increasing in both coordinates with the largest total
    weight (weights are the third coordinate, integers); ties go to the chain found first in
    (row, column) order.

    >>> anchor_chain([(0, 0, 5), (1, 1, 5), (1, 0, 9), (2, 2, 1)], 3)
    [(0, 0), (1, 1), (2, 2)]
    """
    if not points:
        return []
    size = m + 1
    tree_v = np.zeros(size + 1, dtype=np.int64)   # Fenwick tree over columns: best value,
    tree_p = np.full(size + 1, -1, dtype=np.int64)  # and the point it ends at

    def query(col: int) -> tuple[int, int]:  # best over columns < col
        v, p, x = 0, -1, col
        while x > 0:
            if tree_v[x] > v:
                v, p = int(tree_v[x]), int(tree_p[x])
            x -= x & -x
        return v, p

    def update(col: int, v: int, p: int) -> None:
        x = col + 1
        while x <= size:
            if v > tree_v[x]:
                tree_v[x], tree_p[x] = v, p
            x += x & -x

    best = np.zeros(len(points), dtype=np.int64)
    prev = np.full(len(points), -1, dtype=np.int64)
    k = 0
    while k < len(points):  # a row at a time: points of one row cannot chain to each other
        row = points[k][0]
        end = k
        while end < len(points) and points[end][0] == row:
            end += 1
        for q in range(k, end):
            v, p = query(points[q][1])
            best[q], prev[q] = v + max(points[q][2], 0), p
        for q in range(k, end):
            update(points[q][1], int(best[q]), q)
        k = end
    q = int(np.argmax(best))  # first maximum: the earliest end on ties
    chain = []
    while q >= 0:
        chain.append((points[q][0], points[q][1]))
        q = int(prev[q])
    return chain[::-1]


def anchor_band(n: int, m: int, anchors: list[tuple[int, int]], width: int = BAND_WIDTH,
                corridor: int = BAND_CORRIDOR) -> Band:
    """The band around a chain of 1-1 anchors ``(base sentence, derivative sentence)``.

    Node ``(i, j)`` of the DP table is ``i`` base and ``j`` derivative sentences consumed; an
    anchor ``(i, j)`` joins nodes ``(i, j)`` and ``(i+1, j+1)``. Between consecutive anchor
    nodes ``(r1, c1)`` and ``(r2, c2)`` every row may use columns ``c1 - width .. c2 + width``,
    or, when the gap is larger than :data:`GAP_CELLS` cells, the diagonal from one to the other
    ``corridor`` columns either side.
    """
    nodes = [(0, 0)]
    for i, j in anchors:
        nodes += [(i, j), (i + 1, j + 1)]
    nodes.append((n, m))
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for (r1, c1), (r2, c2) in zip(nodes, nodes[1:]):
        r2, c2 = max(r2, r1), max(c2, c1)
        rows = np.arange(r1, r2 + 1)
        if (r2 - r1 + 1) * (c2 - c1 + 1) <= GAP_CELLS or r2 == r1:
            a = np.full(len(rows), c1 - width)
            b = np.full(len(rows), c2 + width)
        else:
            centre = c1 + (c2 - c1) * (rows - r1) / (r2 - r1)
            step = (c2 - c1) / (r2 - r1)  # columns a row: a steep gap needs wider rows
            half = corridor + int(np.ceil(step))
            a = np.floor(centre).astype(np.int64) - half
            b = np.ceil(centre).astype(np.int64) + half
            a, b = np.maximum(a, c1 - width), np.minimum(b, c2 + width)
        lo[rows] = np.minimum(lo[rows], a)
        hi[rows] = np.maximum(hi[rows], b)
    lo, hi = np.clip(lo, 0, m), np.clip(hi, 0, m)
    lo[0], hi[n] = 0, m
    # monotone and connected: a row reaches at least to where the next row starts
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    hi[:-1] = np.maximum(hi[:-1], lo[1:])
    return Band(lo.astype(np.int64), np.maximum(hi, lo).astype(np.int64))
