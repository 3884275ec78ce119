"""Bead costs: one formula, computed either on whole similarity matrices or row by row from
window embeddings (for long documents, inside a band).

A bead of ``a`` base and ``b`` derivative sentences at ``(i, j)`` has the similarity ``s`` of
the two joined windows. With the default settings it costs ``(a + b) / 2 * (1 - s) + merge *
(a + b - 2)``, and a merged bead must match better than its best bead one sentence smaller
(``merge_must_help``). The options of the ``textberg`` preset add terms (see
:func:`bead_costs`). :func:`cell_costs` is the formula; :func:`bead_costs` feeds it whole
matrices (the :func:`drift.align.dp.align` API, which takes similarity matrices), and
:class:`EmbeddingCosts` feeds it one DP row at a time from the window embeddings, so a
10,000 x 10,000 alignment never holds an ``n x m`` matrix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from drift.config import AlignConfig
from drift.embed.similarity import SIM_DECIMALS, unit_rows

__all__ = ["Shape", "bead_shapes", "bead_costs", "cell_costs", "adjusted_similarities",
           "number_overlap", "similarity_drop", "best_sub_bead", "EmbeddingCosts",
           "MAX_BEAD_COST"]

Shape = tuple[int, int]

#: a single bead's cost is clipped to this magnitude; a forbidden bead costs this much
MAX_BEAD_COST = 100.0

_NUMBER = re.compile(r"\d+(?:[.,']\d+)*")


def bead_shapes(max_group: int) -> list[Shape]:
    """All bead shapes with both sides <= ``max_group`` plus addition ``(0, 1)`` and omission
    ``(1, 0)``, smallest first.

    >>> bead_shapes(2)
    [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2)]
    """
    shapes: list[Shape] = [(1, 0), (0, 1)]
    shapes += [(a, b) for a in range(1, max_group + 1) for b in range(1, max_group + 1)]
    return sorted(shapes, key=lambda s: (s[0] + s[1], s))


def cell_costs(cfg: AlignConfig, a: int, b: int, s: np.ndarray, *,
               center: np.ndarray | float | None = None,
               numbers: np.ndarray | float | None = None,
               length_ratio: np.ndarray | float | None = None,
               norm: np.ndarray | float | None = None,
               best_sub: np.ndarray | None = None,
               junk: np.ndarray | float | None = None) -> np.ndarray:
    """The cost of beads of shape ``(a, b)`` from their similarities and the other inputs
    (any shapes that broadcast together; an input an option does not use may be None).

    Args:
        cfg: the settings.
        a, b: the bead shape (both >= 1).
        s: the beads' similarities.
        center: ``mean_row + mean_col``: the two windows' mean similarity to every window of
            the other side (``cfg.center``).
        numbers: :func:`number_overlap` of the two windows (``cfg.anchor_weight``).
        length_ratio: ``|log((1 + chars_a) / (1 + chars_b))|`` (``cfg.length_weight``).
        norm: the two windows' mean distance to every window of the other side, averaged
            (``cfg.normalize``).
        best_sub: the best similarity of a bead one sentence smaller (:func:`best_sub_bead`;
            ``cfg.merge_drop``, ``cfg.merge_must_help``).
        junk: junk-like lines inside the two windows (``cfg.junk_merge``).
    """
    s = np.asarray(s, dtype=np.float64)
    adj = s
    if cfg.center and center is not None:
        adj = adj - cfg.center * np.asarray(center) / 2
    if cfg.anchor_weight and numbers is not None:
        adj = adj + cfg.anchor_weight * np.asarray(numbers)
    if cfg.length_weight and length_ratio is not None:
        adj = adj - cfg.length_weight * np.asarray(length_ratio)
    dist = 1.0 - adj
    if cfg.normalize and norm is not None:
        dist = dist / np.maximum(np.asarray(norm), 1e-6)
    cost = (a + b) / 2.0 * dist + cfg.merge * (a + b - 2)
    if a + b > 2 and best_sub is not None:
        if cfg.merge_drop:
            cost = cost + cfg.merge_drop * np.maximum(0.0, best_sub - s)
        if cfg.merge_must_help:  # a merge that does not match better is not a merge
            cost = np.where(s > best_sub, cost, MAX_BEAD_COST)
    if cfg.junk_chars and a + b > 2 and junk is not None:
        cost = cost + cfg.junk_merge * np.asarray(junk)
    return np.asarray(cost, dtype=np.float64)


# --- whole matrices ------------------------------------------------------------------------

def _window_sums(x: np.ndarray, k: int) -> np.ndarray:
    """Sums of ``k`` consecutive rows of ``x`` (``(n, ...)`` -> ``(n-k+1, ...)``)."""
    c = np.concatenate([np.zeros((1, *x.shape[1:])), np.cumsum(x, axis=0)])
    return c[k:] - c[:-k]


def _number_sets(texts: Sequence[str]) -> list[set[str]]:
    return [set(_NUMBER.findall(t)) for t in texts]


def number_overlap(base: Sequence[str], derivative: Sequence[str], shapes: Sequence[Shape]
                   ) -> dict[Shape, np.ndarray]:
    """Agreement of the numbers written in two windows, for every bead shape.

    Numbers (``1988``, ``4,5``, ``3'800``) are written the same way in most languages, so they
    anchor an alignment. For windows that both contain numbers the value is the Jaccard overlap
    of their number sets minus one half (``+0.5`` for the same numbers, ``-0.5`` for disjoint
    ones); it is 0 when a window has no number.

    Returns:
        ``(a, b) -> (n-a+1, m-b+1)`` arrays in ``[-0.5, 0.5]``.
    """
    toks_a, toks_b = _number_sets(base), _number_sets(derivative)
    vocab = {v: i for i, v in enumerate(sorted(set().union(*toks_a, *toks_b)))}
    out: dict[Shape, np.ndarray] = {}
    if not vocab:
        return {(a, b): np.zeros((len(base) - a + 1, len(derivative) - b + 1)) for a, b in shapes}
    A = np.zeros((len(base), len(vocab)))
    B = np.zeros((len(derivative), len(vocab)))
    for i, ts in enumerate(toks_a):
        A[i, [vocab[t] for t in ts]] = 1.0
    for j, ts in enumerate(toks_b):
        B[j, [vocab[t] for t in ts]] = 1.0
    for a, b in shapes:
        wa = np.minimum(_window_sums(A, a), 1.0)
        wb = np.minimum(_window_sums(B, b), 1.0)
        inter = wa @ wb.T
        union = wa.sum(1)[:, None] + wb.sum(1)[None, :] - inter
        both = (wa.sum(1)[:, None] > 0) & (wb.sum(1)[None, :] > 0)
        out[(a, b)] = np.where(both, inter / np.maximum(union, 1.0) - 0.5, 0.0)
    return out


def best_sub_bead(sims: Mapping[Shape, np.ndarray], a: int, b: int) -> np.ndarray | None:
    """The best similarity among the beads one sentence smaller than ``(a, b)`` at each
    position (see :func:`similarity_drop`), or None when there are none (a 1-1 bead, or the
    smaller windows are missing from ``sims``).

    Returns:
        ``(n-a+1, m-b+1)`` array.
    """
    s = np.asarray(sims[(a, b)], dtype=np.float64)
    rows, cols = s.shape
    subs = []
    if a > 1 and (a - 1, b) in sims:
        t = sims[(a - 1, b)]
        subs += [t[:rows, :cols], t[1:rows + 1, :cols]]
    if b > 1 and (a, b - 1) in sims:
        t = sims[(a, b - 1)]
        subs += [t[:rows, :cols], t[:rows, 1:cols + 1]]
    if not subs or not s.size:
        return None
    return np.asarray(np.max(np.stack(subs), axis=0), dtype=np.float64)


def similarity_drop(sims: Mapping[Shape, np.ndarray], a: int, b: int) -> np.ndarray:
    """How much a merged bead loses against its best bead one sentence smaller.

    For the bead ``(a, b)`` at ``(i, j)`` the sub-beads one sentence smaller are the same
    windows without their first or last base sentence (``(a-1, b)`` at ``(i, j)`` and
    ``(i+1, j)``) or without their first or last derivative sentence (``(a, b-1)`` at ``(i, j)``
    and ``(i, j+1)``); sub-beads with an empty side are not counted. The value is
    ``max(0, max(sub-bead similarities) - sims[(a, b)][i, j])``: positive when adding a
    sentence makes the match worse, i.e. the sentence does not belong to the bead. It is 0 for a
    1-1 bead and for shapes whose smaller windows are missing from ``sims``.

    Args:
        sims: ``(a, b) -> (n-a+1, m-b+1)`` window similarities.
        a, b: the bead shape, both >= 1.

    Returns:
        ``(n-a+1, m-b+1)`` array, >= 0.

    >>> s11 = np.array([[0.9, 0.2]]); s12 = np.array([[0.6]])
    >>> similarity_drop({(1, 1): s11, (1, 2): s12}, 1, 2).round(2).tolist()
    [[0.3]]
    """
    s = np.asarray(sims[(a, b)], dtype=np.float64)
    best = best_sub_bead(sims, a, b)
    if best is None:
        return np.zeros_like(s)
    return np.maximum(0.0, best - s)


def adjusted_similarities(
    sims: Mapping[Shape, np.ndarray], cfg: AlignConfig,
    lengths: tuple[np.ndarray, np.ndarray] | None = None,
    texts: tuple[Sequence[str], Sequence[str]] | None = None,
) -> dict[Shape, np.ndarray]:
    """The similarities the dynamic programme scores with (the caller's arrays are not changed).

    ``s' = s - center * (mean_row + mean_col) / 2 + anchor * numbers
    - length * |log((1 + chars_a) / (1 + chars_b))|``, where ``mean_row`` / ``mean_col`` are
    the mean similarity of that base / derivative window to all windows of the other side
    (a sentence similar to everything is a weaker match, as in Vecalign's normalisation),
    ``numbers`` is :func:`number_overlap` (needs ``texts``) and the last term is a
    character-length ratio penalty (needs ``lengths``: ``(n,)`` and ``(m,)`` character counts).
    With the default config (all three weights 0) ``s' = s``.
    """
    out = {}
    inputs = _matrix_inputs(sims, cfg, lengths, texts, list(sims))
    for k, v in sims.items():
        v = np.asarray(v, dtype=np.float64)
        adj = v
        if cfg.center and v.size:
            adj = adj - cfg.center * inputs["center"][k] / 2
        if cfg.anchor_weight:
            adj = adj + cfg.anchor_weight * inputs["numbers"][k]
        if cfg.length_weight and v.size:
            adj = adj - cfg.length_weight * inputs["length_ratio"][k]
        out[k] = adj
    return out


def _short_lines(texts: Sequence[str], max_chars: int) -> np.ndarray:
    """``(n,)`` 1.0 where a line is junk-like: at most ``max_chars`` letters (page numbers,
    captions, OCR debris), else 0.0."""
    return np.array([float(sum(c.isalpha() for c in t) <= max_chars) for t in texts])


def _random_distance(sims: Mapping[Shape, np.ndarray], shapes: Sequence[Shape]
                     ) -> dict[Shape, tuple[np.ndarray, np.ndarray]]:
    """Vecalign's normaliser: for every base window of size ``a`` its mean cosine distance
    ``1 - cos`` to all derivative windows (every size in use), and likewise for derivative
    windows. Returns ``(a, b) -> ((n-a+1,), (m-b+1,))``."""
    sizes_a = sorted({a for a, b in shapes if a and b})
    sizes_b = sorted({b for a, b in shapes if a and b})
    row: dict[int, np.ndarray] = {}
    col: dict[int, np.ndarray] = {}
    for a in sizes_a:
        parts = [sims[(a, b)] for b in sizes_b if (a, b) in sims and sims[(a, b)].size]
        tot = sum(p.sum(1) for p in parts)
        cnt = sum(p.shape[1] for p in parts)
        row[a] = 1.0 - np.asarray(tot) / max(cnt, 1)
    for b in sizes_b:
        parts = [sims[(a, b)] for a in sizes_a if (a, b) in sims and sims[(a, b)].size]
        tot = sum(p.sum(0) for p in parts)
        cnt = sum(p.shape[0] for p in parts)
        col[b] = 1.0 - np.asarray(tot) / max(cnt, 1)
    return {(a, b): (row[a], col[b]) for a, b in shapes if a and b}


def _matrix_inputs(sims: Mapping[Shape, np.ndarray], cfg: AlignConfig,
                   lengths: tuple[np.ndarray, np.ndarray] | None,
                   texts: tuple[Sequence[str], Sequence[str]] | None,
                   shapes: Sequence[Shape]) -> dict[str, dict[Shape, np.ndarray]]:
    """The inputs of :func:`cell_costs` for whole matrices, for the options ``cfg`` uses."""
    out: dict[str, dict[Shape, np.ndarray]] = {}
    if cfg.center:
        out["center"] = {k: (np.asarray(sims[k], np.float64).mean(1, keepdims=True)
                             + np.asarray(sims[k], np.float64).mean(0, keepdims=True))
                         if np.size(sims[k]) else np.zeros(np.shape(sims[k])) for k in shapes}
    if cfg.anchor_weight:
        if texts is None:
            raise ValueError("anchor_weight needs the sentence texts")
        out["numbers"] = number_overlap(texts[0], texts[1], list(shapes))
    if cfg.length_weight:
        if lengths is None:
            raise ValueError("length_weight needs the sentence lengths")
        la, lb = (np.asarray(x, dtype=np.float64) for x in lengths)
        out["length_ratio"] = {
            (a, b): np.abs(np.log((1.0 + _window_sums(la, a))[:, None]
                                  / (1.0 + _window_sums(lb, b))[None, :]))
            for a, b in shapes}
    return out


def bead_costs(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig, *,
               lengths: tuple[np.ndarray, np.ndarray] | None = None,
               texts: tuple[Sequence[str], Sequence[str]] | None = None,
               ) -> tuple[dict[Shape, np.ndarray], float]:
    """The cost of every bead the dynamic programme may use, and the cost of one skip.

    With the default config a bead ``(a, b)`` at ``(i, j)`` costs ``(a + b) / 2 * (1 - s)
    + merge * (a + b - 2)`` (``s = sims[(a, b)][i, j]``) and a skip costs ``cfg.skip``;
    ``cfg.merge_must_help`` (on by default) allows a merged bead only where its similarity is
    higher than that of its best bead one sentence smaller (:func:`best_sub_bead`): the merged
    text must match better than the smaller bead plus an addition or omission, so an unrelated
    sentence appended to a long one stays an addition. The options of the ``textberg`` preset
    change it:

    * ``s`` is replaced by :func:`adjusted_similarities` (centring, number anchors, length);
    * ``cfg.normalize``: the distance ``1 - s`` is divided by the mean of the two windows'
      average distance to every window of the other side (Vecalign's normalisation, with the
      whole document in place of a random sample);
    * ``cfg.merge_drop``: a merged bead pays ``merge_drop`` times its
      :func:`similarity_drop` (how much less similar it is than its best bead one sentence
      smaller), so a merge must help the match, not only cover a sentence;
    * ``cfg.junk_chars`` / ``cfg.junk_merge``: junk-like lines pay ``junk_merge`` each for
      being inside a merged bead.

    Returns:
        ``((a, b) -> (n-a+1, m-b+1) costs, skip cost)``.
    """
    shapes = [s for s in _shapes_in(sims, n, m, cfg) if s[0] and s[1]]
    inputs = _matrix_inputs(sims, cfg, lengths, texts, shapes)
    norms = _random_distance(sims, shapes) if cfg.normalize else None
    junk_a = junk_b = None
    if cfg.junk_chars:
        if texts is None:
            raise ValueError("junk_chars needs the sentence texts")
        junk_a, junk_b = (_short_lines(t, cfg.junk_chars) for t in texts)
    costs: dict[Shape, np.ndarray] = {}
    for a, b in shapes:
        norm = None
        if norms is not None:
            nx, ny = norms[(a, b)]
            norm = (nx[:, None] + ny[None, :]) / 2.0
        junk = None
        if junk_a is not None and junk_b is not None:
            ja = _window_sums(junk_a, a) if a > 1 else np.zeros(n - a + 1)
            jb = _window_sums(junk_b, b) if b > 1 else np.zeros(m - b + 1)
            junk = ja[:, None] + jb[None, :]
        costs[(a, b)] = cell_costs(
            cfg, a, b, sims[(a, b)], center=inputs.get("center", {}).get((a, b)),
            numbers=inputs.get("numbers", {}).get((a, b)),
            length_ratio=inputs.get("length_ratio", {}).get((a, b)), norm=norm,
            best_sub=best_sub_bead(sims, a, b) if a + b > 2 else None, junk=junk)
    return costs, cfg.skip


def _shapes_in(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig
               ) -> list[Shape]:
    """Shapes the dynamic programme uses: skips plus every ``(a, b)`` in ``sims`` within
    ``cfg.max_group``."""
    return [(a, b) for (a, b) in bead_shapes(cfg.max_group)
            if (a == 0 or b == 0) or ((a, b) in sims and a <= n and b <= m)]


# --- row by row, from embeddings -------------------------------------------------------------

class EmbeddingCosts:
    """Bead costs computed one DP row at a time from window embeddings (long documents).

    The formula is :func:`cell_costs`, as for whole matrices; only its inputs are gathered per
    row. Similarities are float64 dot products of unit rows, clipped and rounded like
    :func:`drift.embed.similarity.cosine_matrix`. The window statistics of the ``textberg``
    options (centring, Vecalign's normalisation) are means over every window of the other
    side, taken from mean vectors (the mean of dot products is the dot product with the mean),
    so they need no ``n x m`` matrix; they equal the matrix version up to its rounding.

    Args:
        base_windows, deriv_windows: ``k -> (n-k+1, d)`` window embeddings.
        cfg: the settings.
        lengths: ``(n,)`` and ``(m,)`` sentence lengths in characters.
        texts: the sentences (number anchors and junk lines).
    """

    def __init__(self, base_windows: Mapping[int, np.ndarray],
                 deriv_windows: Mapping[int, np.ndarray], cfg: AlignConfig,
                 lengths: tuple[np.ndarray, np.ndarray] | None = None,
                 texts: tuple[Sequence[str], Sequence[str]] | None = None):
        self.cfg = cfg
        self.E = {k: unit_rows(v) for k, v in base_windows.items() if k <= cfg.max_group}
        self.F = {k: unit_rows(v) for k, v in deriv_windows.items() if k <= cfg.max_group}
        self.n = len(self.E[1]) if 1 in self.E else 0
        self.m = len(self.F[1]) if 1 in self.F else 0
        self.shapes = [(a, b) for (a, b) in bead_shapes(cfg.max_group)
                       if (a == 0 or b == 0) or (a in self.E and b in self.F
                                                 and len(self.E[a]) and len(self.F[b]))]
        sizes_a = sorted({a for a, b in self.shapes if a and b})
        sizes_b = sorted({b for a, b in self.shapes if a and b})
        self._mean_e = {a: self.E[a].mean(0) for a in sizes_a}
        self._mean_f = {b: self.F[b].mean(0) for b in sizes_b}
        if cfg.normalize:
            all_f = np.concatenate([self.F[b] for b in sizes_b]).mean(0)
            all_e = np.concatenate([self.E[a] for a in sizes_a]).mean(0)
            self._dist_row = {a: 1.0 - self.E[a] @ all_f for a in sizes_a}
            self._dist_col = {b: 1.0 - self.F[b] @ all_e for b in sizes_b}
        self._lengths = None
        if cfg.length_weight:
            if lengths is None:
                raise ValueError("length_weight needs the sentence lengths")
            la, lb = (np.asarray(x, dtype=np.float64) for x in lengths)
            self._lengths = ({a: _window_sums(la, a) for a in sizes_a},
                             {b: _window_sums(lb, b) for b in sizes_b})
        self._junk = None
        if cfg.junk_chars:
            if texts is None:
                raise ValueError("junk_chars needs the sentence texts")
            ja, jb = (_short_lines(t, cfg.junk_chars) for t in texts)
            self._junk = ({a: _window_sums(ja, a) if a > 1 else np.zeros(self.n - a + 1)
                           for a in sizes_a},
                          {b: _window_sums(jb, b) if b > 1 else np.zeros(self.m - b + 1)
                           for b in sizes_b})
        self._numbers = None
        if cfg.anchor_weight:
            if texts is None:
                raise ValueError("anchor_weight needs the sentence texts")
            na, nb = _number_sets(texts[0]), _number_sets(texts[1])
            self._numbers = ({a: [set().union(*na[i:i + a]) for i in range(self.n - a + 1)]
                              for a in sizes_a},
                             {b: [set().union(*nb[j:j + b]) for j in range(self.m - b + 1)]
                              for b in sizes_b})

    def sims(self, a: int, b: int, i: int, j0: int, j1: int) -> np.ndarray:
        """Similarities of base window ``(a, i)`` with derivative windows ``(b, j0..j1-1)``."""
        s = self.F[b][j0:j1] @ self.E[a][i]
        return np.round(np.clip(s, -1.0, 1.0), SIM_DECIMALS) + 0.0

    def _best_sub(self, a: int, b: int, i: int, j0: int, j1: int) -> np.ndarray | None:
        subs = []
        if a > 1 and (a - 1, b) in self.shapes:
            subs += [self.sims(a - 1, b, i, j0, j1), self.sims(a - 1, b, i + 1, j0, j1)]
        if b > 1 and (a, b - 1) in self.shapes:
            subs += [self.sims(a, b - 1, i, j0, j1), self.sims(a, b - 1, i, j0 + 1, j1 + 1)]
        return np.max(np.stack(subs), axis=0) if subs else None

    def _numbers_row(self, a: int, b: int, i: int, j0: int, j1: int) -> np.ndarray:
        assert self._numbers is not None
        mine = self._numbers[0][a][i]
        out = np.zeros(j1 - j0)
        if not mine:
            return out
        for k, other in enumerate(self._numbers[1][b][j0:j1]):
            if other:
                inter = len(mine & other)
                out[k] = inter / max(len(mine) + len(other) - inter, 1) - 0.5
        return out

    def _block(self, a: int, b: int, r0: int, r1: int, c0: int, c1: int) -> np.ndarray:
        """Costs of beads ``(a, b)`` at base windows ``r0..r1-1`` and derivative windows
        ``c0..c1-1``: ``(r1 - r0, c1 - c0)``, from blocks of similarities (BLAS)."""
        cfg = self.cfg

        def block(x: int, y: int, i0: int, i1: int, j0: int, j1: int) -> np.ndarray:
            s = self.E[x][i0:i1] @ self.F[y][j0:j1].T
            return np.round(np.clip(s, -1.0, 1.0), SIM_DECIMALS) + 0.0

        s = block(a, b, r0, r1, c0, c1)
        best = None
        if a + b > 2:
            subs = []
            if a > 1 and (a - 1, b) in self.shapes:
                t = block(a - 1, b, r0, r1 + 1, c0, c1)
                subs += [t[:-1], t[1:]]
            if b > 1 and (a, b - 1) in self.shapes:
                t = block(a, b - 1, r0, r1, c0, c1 + 1)
                subs += [t[:, :-1], t[:, 1:]]
            best = np.max(np.stack(subs), axis=0) if subs else None
        rows, cols = slice(r0, r1), slice(c0, c1)
        kw: dict[str, object] = {}
        if cfg.center:
            kw["center"] = ((self.E[a][rows] @ self._mean_f[b])[:, None]
                            + (self.F[b][cols] @ self._mean_e[a])[None, :])
        if cfg.anchor_weight:
            kw["numbers"] = np.stack([self._numbers_row(a, b, i, c0, c1)
                                      for i in range(r0, r1)])
        if self._lengths is not None:
            ca, cb = self._lengths[0][a][rows], self._lengths[1][b][cols]
            kw["length_ratio"] = np.abs(np.log((1.0 + ca)[:, None] / (1.0 + cb)[None, :]))
        if cfg.normalize:
            kw["norm"] = (self._dist_row[a][rows][:, None] + self._dist_col[b][cols][None, :]
                          ) / 2.0
        if self._junk is not None:
            kw["junk"] = self._junk[0][a][rows][:, None] + self._junk[1][b][cols][None, :]
        return cell_costs(cfg, a, b, s, best_sub=best, **kw)  # type: ignore[arg-type]

    def prepare(self, lo: np.ndarray, hi: np.ndarray, chunk: int = 64) -> None:
        """Compute, in blocks, the costs of every bead a DP over the band ``lo``/``hi``
        (inclusive columns per DP row) can use; :meth:`row` then slices them."""
        self._rows: dict[Shape, list[tuple[int, np.ndarray]]] = {}
        for a, b in self.shapes:
            if not a or not b:
                continue
            n_win, m_win = self.n - a + 1, self.m - b + 1
            # base window i is used by DP row i + a, for bead starts lo - b .. hi - b
            start = np.clip(lo[a:a + n_win] - b, 0, m_win)
            stop = np.clip(hi[a:a + n_win] - b + 1, 0, m_win)
            stop = np.maximum(stop, start)
            out: list[tuple[int, np.ndarray]] = []
            for r0 in range(0, n_win, chunk):
                r1 = min(r0 + chunk, n_win)
                c0, c1 = int(start[r0:r1].min()), int(stop[r0:r1].max())
                blk = self._block(a, b, r0, r1, c0, max(c1, c0))
                blk = np.rint(np.clip(blk, -MAX_BEAD_COST, MAX_BEAD_COST) / 1e-6
                              ).astype(np.int64)  # dp.COST_UNIT: compared exactly there
                for i in range(r0, r1):
                    out.append((int(start[i]), blk[i - r0, start[i] - c0: stop[i] - c0]))
            self._rows[(a, b)] = out

    def row(self, a: int, b: int, i: int, j0: int, j1: int) -> np.ndarray:
        """Costs of the beads ``(a, b)`` at base window ``i`` and derivative windows
        ``j0 .. j1-1``: ``(j1 - j0,)`` floats, or int64 micro-units when :meth:`prepare`
        covered them."""
        rows = getattr(self, "_rows", {}).get((a, b))
        if rows is not None:
            start, vals = rows[i]
            if start <= j0 and j1 <= start + len(vals):
                return vals[j0 - start: j1 - start]
        return self._block(a, b, i, i + 1, j0, j1)[0]
