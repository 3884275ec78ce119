"""Sentence alignment by dynamic programming over embedding similarities.

The aligner never touches a model. It takes *window similarities*: for every bead shape
``(a, b)`` (``a`` base sentences against ``b`` derivative sentences, both contiguous), an array
``sims[(a, b)][i, j]`` = cosine similarity between the embedding of base sentences
``i .. i+a-1`` joined into one text and derivative sentences ``j .. j+b-1`` joined (as
Bertalign and Vecalign score merged groups). :func:`window_similarities` builds it from window
embeddings.

**Costs** (minimised; ``s`` is the bead's similarity):

* a bead of ``a`` base and ``b`` derivative sentences costs ``(a + b) / 2 * (1 - s)
  + merge * (a + b - 2)``: a 1-1 bead costs ``1 - s``, and merged beads pay per sentence
  covered plus a small merge penalty, so a merge wins only when the joined texts really match
  better than the 1-1 bead plus a skipped sentence;
* an omitted base sentence or an added derivative sentence costs ``skip``; a 1-1 bead is
  therefore preferred to skipping both sentences exactly when ``s > 1 - 2 * skip``.

The defaults (``skip=0.30``, ``merge=0.05``) were chosen on the bundled corpus so that
paraphrases and machine-translation round trips (all-MiniLM-L6-v2 similarity mostly 0.7-0.95)
align while unrelated sentences on the same topic (0.3-0.5) do not; see README "Alignment".

Options that are off by default and switched on by the ``textberg`` preset (cross-lingual,
OCR'd books) are applied by :func:`bead_costs`: Vecalign's distance normalisation
(``normalize``), similarity centring, number anchors, a character-length penalty, a
junk-line merge penalty and the "merge only if it helps" rule (``merge_drop``: a merged bead
pays for being less similar than its best bead one sentence smaller, see
:func:`similarity_drop`). Tuning experiments that did not help on the Text+Berg dev pair were
removed: Vecalign's product size weighting, Bertalign's one-similarity-per-bead scoring with a
bead bonus, a cap on bead size, a many-to-many penalty, a per-document skip quantile and
identical-word overlap.

The dynamic programme is vectorised with numpy along each row: beads that consume at least one
base sentence read the previous rows, and runs of additions inside a row are a running minimum
(``D[i, j] = j*skip + cummin(X[k] - k*skip)``), so the cost is O(n * m * shapes) in numpy
rather than in Python loops.

After the monotonic pass, a second pass matches left-over derivative sentences to left-over
base sentences out of order (moved paragraphs) with the Hungarian algorithm when their
similarity is at least ``move_threshold``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drift.config import AlignConfig

__all__ = ["Bead", "Alignment", "align", "bead_shapes", "COST_UNIT",
           "alignment_cost", "adjusted_similarities", "number_overlap", "bead_costs",
           "similarity_drop"]

Shape = tuple[int, int]


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
    """

    beads: tuple[Bead, ...]
    n_base: int
    n_derivative: int
    cost: float

    def ladder(self) -> str:
        return "\n".join(b.ladder() for b in self.beads)

    def base_to_derivative(self) -> dict[int, tuple[int, ...]]:
        return {i: b.derivative for b in self.beads for i in b.base}


def bead_shapes(max_group: int) -> list[Shape]:
    """All bead shapes with both sides <= ``max_group`` plus addition ``(0, 1)`` and omission
    ``(1, 0)``, smallest first.

    >>> bead_shapes(2)
    [(0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (2, 2)]
    """
    shapes: list[Shape] = [(1, 0), (0, 1)]
    shapes += [(a, b) for a in range(1, max_group + 1) for b in range(1, max_group + 1)]
    return sorted(shapes, key=lambda s: (s[0] + s[1], s))


#: bead costs are compared as integers in these units (micro-units): exact ties are ties
COST_UNIT = 1e-6


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


_NUMBER = re.compile(r"\d+(?:[.,']\d+)*")


def _window_sums(x: np.ndarray, k: int) -> np.ndarray:
    """Sums of ``k`` consecutive rows of ``x`` (``(n, ...)`` -> ``(n-k+1, ...)``)."""
    c = np.concatenate([np.zeros((1, *x.shape[1:])), np.cumsum(x, axis=0)])
    return c[k:] - c[:-k]


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
    toks_a = [set(_NUMBER.findall(t)) for t in base]
    toks_b = [set(_NUMBER.findall(t)) for t in derivative]
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
    out = {k: np.asarray(v, dtype=np.float64) for k, v in sims.items()}
    if cfg.center:
        out = {k: (v - cfg.center * (v.mean(1, keepdims=True) + v.mean(0, keepdims=True)) / 2
                   if v.size else v) for k, v in out.items()}
    if cfg.anchor_weight:
        if texts is None:
            raise ValueError("anchor_weight needs the sentence texts")
        nums = number_overlap(texts[0], texts[1], list(out))
        out = {k: v + cfg.anchor_weight * nums[k] for k, v in out.items()}
    if cfg.length_weight:
        if lengths is None:
            raise ValueError("length_weight needs the sentence lengths")
        la, lb = (np.asarray(x, dtype=np.float64) for x in lengths)
        new = {}
        for (a, b), v in out.items():
            if not v.size:
                new[(a, b)] = v
                continue
            ca, cb = _window_sums(la, a), _window_sums(lb, b)
            ratio = np.abs(np.log((1.0 + ca)[:, None] / (1.0 + cb)[None, :]))
            new[(a, b)] = v - cfg.length_weight * ratio
        out = new
    return out


def _short_lines(texts: Sequence[str], max_chars: int) -> np.ndarray:
    """``(n,)`` 1.0 where a line is junk-like: at most ``max_chars`` letters (page numbers,
    captions, OCR debris), else 0.0."""
    return np.array([float(sum(c.isalpha() for c in t) <= max_chars) for t in texts])


def _bead_shapes_for(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig
                     ) -> list[Shape]:
    """Shapes the dynamic programme uses: skips plus every ``(a, b)`` in ``sims`` within
    ``cfg.max_group``."""
    return [(a, b) for (a, b) in bead_shapes(cfg.max_group)
            if (a == 0 or b == 0) or ((a, b) in sims and a <= n and b <= m)]


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


def bead_costs(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig, *,
               lengths: tuple[np.ndarray, np.ndarray] | None = None,
               texts: tuple[Sequence[str], Sequence[str]] | None = None,
               ) -> tuple[dict[Shape, np.ndarray], float]:
    """The cost of every bead the dynamic programme may use, and the cost of one skip.

    With the default config a bead ``(a, b)`` at ``(i, j)`` costs ``(a + b) / 2 * (1 - s)
    + merge * (a + b - 2)`` (``s = sims[(a, b)][i, j]``) and a skip costs ``cfg.skip``. The
    options of the ``textberg`` preset change it:

    * ``s`` is replaced by :func:`adjusted_similarities` (centring, number anchors, length);
    * ``cfg.normalize``: the distance ``1 - s`` is divided by the mean of the two windows'
      average distance to every window of the other side (Vecalign's normalisation, with the
      whole document in place of a random sample);
    * ``cfg.merge_must_help`` (on by default): a merged bead is allowed only where its
      similarity is higher than that of its best bead one sentence smaller
      (:func:`best_sub_bead`): the merged text must match better than the smaller bead plus
      an addition or omission, so an unrelated sentence appended to a long one stays an
      addition;
    * ``cfg.merge_drop``: a merged bead pays ``merge_drop`` times its
      :func:`similarity_drop` (how much less similar it is than its best bead one sentence
      smaller), so a merge must help the match, not only cover a sentence;
    * ``cfg.junk_chars`` / ``cfg.junk_merge``: junk-like lines pay ``junk_merge`` each for
      being inside a merged bead.

    Returns:
        ``((a, b) -> (n-a+1, m-b+1) costs, skip cost)``.
    """
    shapes = [s for s in _bead_shapes_for(sims, n, m, cfg) if s[0] and s[1]]
    adj = adjusted_similarities({k: sims[k] for k in shapes}, cfg, lengths, texts)
    norms = _random_distance(sims, shapes) if cfg.normalize else None
    junk_a = junk_b = None
    if cfg.junk_chars:
        if texts is None:
            raise ValueError("junk_chars needs the sentence texts")
        junk_a, junk_b = (_short_lines(t, cfg.junk_chars) for t in texts)
    costs: dict[Shape, np.ndarray] = {}
    for a, b in shapes:
        dist = 1.0 - adj[(a, b)]
        if norms is not None:
            nx, ny = norms[(a, b)]
            dist = dist / np.maximum((nx[:, None] + ny[None, :]) / 2.0, 1e-6)
        cost = (a + b) / 2.0 * dist + cfg.merge * (a + b - 2)
        if cfg.merge_drop and a + b > 2:
            cost = cost + cfg.merge_drop * similarity_drop(sims, a, b)
        if cfg.merge_must_help and a + b > 2:
            best = best_sub_bead(sims, a, b)
            if best is not None:  # a merge that does not match better is not a merge
                cost = np.where(np.asarray(sims[(a, b)]) > best, cost, MAX_BEAD_COST)
        if junk_a is not None and junk_b is not None and a + b > 2 and np.size(cost):
            ja = _window_sums(junk_a, a) if a > 1 else np.zeros(n - a + 1)
            jb = _window_sums(junk_b, b) if b > 1 else np.zeros(m - b + 1)
            cost = cost + cfg.junk_merge * (ja[:, None] + jb[None, :])
        costs[(a, b)] = np.asarray(cost, dtype=np.float64)
    return costs, cfg.skip


def _micro(x: np.ndarray | float) -> np.ndarray:
    """Costs as integers of :data:`COST_UNIT` (clipped to +-:data:`MAX_BEAD_COST`)."""
    return np.rint(np.clip(np.asarray(x, dtype=np.float64), -MAX_BEAD_COST, MAX_BEAD_COST)
                   / COST_UNIT).astype(np.int64)


#: a single bead's cost is clipped to this magnitude (keeps integer path keys in int64)
MAX_BEAD_COST = 100.0
_BEADS = 1 << 21  # path key = cost in micro-units * _BEADS - number of beads
_INF = np.int64(1) << 60


def align(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig | None = None,
          *, lengths: tuple[np.ndarray, np.ndarray] | None = None,
          texts: tuple[Sequence[str], Sequence[str]] | None = None) -> Alignment:
    """Align ``n`` base sentences with ``m`` derivative sentences.

    Costs are compared exactly, as integers of :data:`COST_UNIT`, and ties are broken by a
    stated rule, never by the last bit of a float: the lowest total cost wins; among equal
    costs, the path with the most beads (the fewest merged sentences); then a bead that ends
    in the current row before a run of additions, and shapes in :func:`bead_shapes` order.

    Args:
        sims: ``(a, b) -> (n-a+1, m-b+1)`` window similarities (see :func:`window_similarities`);
            shapes beyond ``cfg.max_group`` or missing from ``sims`` are not used.
        n, m: sentence counts.
        cfg: costs and penalties (defaults: :class:`drift.config.AlignConfig`).
        lengths: ``(n,)`` and ``(m,)`` sentence lengths in characters; needed when
            ``cfg.length_weight`` > 0.
        texts: the sentences; needed when ``cfg.anchor_weight`` > 0 or ``cfg.junk_chars`` > 0.

    Returns:
        The :class:`Alignment`: minimum-cost monotonic beads, then moved pairs.

    Example:
        >>> s = np.array([[0.9, 0.1], [0.2, 0.1]])
        >>> [b.ladder() for b in align({(1, 1): s}, 2, 2).beads]
        ['[0]:[0]', '[]:[1]', '[1]:[]']
    """
    cfg = cfg or AlignConfig()
    if n > _BEADS // 2 or m > _BEADS // 2:
        raise ValueError(f"documents of {n} x {m} sentences are too long to align "
                         f"(at most {_BEADS // 2} a side)")
    shapes = _bead_shapes_for(sims, n, m, cfg)
    costs, skip = bead_costs(sims, n, m, cfg, lengths=lengths, texts=texts)
    micro = {k: _micro(v) for k, v in costs.items()}
    keys = {k: v * _BEADS - 1 for k, v in micro.items()}
    skip_micro = int(_micro(skip))
    skip_key = np.int64(skip_micro * _BEADS - 1)
    D = np.full((n + 1, m + 1), _INF, dtype=np.int64)
    back = np.full((n + 1, m + 1), -1, dtype=np.int8)  # index into shapes
    ins = shapes.index((0, 1))
    cols = np.arange(m + 1, dtype=np.int64)
    for i in range(n + 1):
        X = np.full(m + 1, _INF, dtype=np.int64)
        bx = np.full(m + 1, -1, dtype=np.int8)
        if i == 0:
            X[0] = 0
        for k, (a, b) in enumerate(shapes):
            if a == 0 or i - a < 0:
                continue
            if b == 0:
                cand = D[i - a] + skip_key * a
                sel = slice(0, m + 1)
            else:
                if m - b + 1 <= 0:
                    continue
                cand = D[i - a, : m - b + 1] + keys[(a, b)][i - a]
                sel = slice(b, m + 1)
            better = cand < X[sel]  # strict: the earlier shape keeps a tie
            X[sel] = np.where(better, cand, X[sel])
            bx[sel] = np.where(better, k, bx[sel])
        np.minimum(X, _INF, out=X)  # unreachable stays "infinite"
        # additions within the row: D[i, j] = min(X[j], D[i, j-1] + skip)
        Y = X - cols * skip_key
        run = np.minimum.accumulate(Y)
        D[i] = run + cols * skip_key
        from_left = run < Y  # strict: on a tie the bead ending here wins over an addition
        back[i] = np.where(from_left, ins, bx)
    # trace back
    beads: list[Bead] = []
    total = 0
    i, j = n, m
    while i > 0 or j > 0:
        a, b = shapes[int(back[i, j])]
        i0, j0 = i - a, j - b
        if a == 0 or b == 0:
            sim = None
            total += skip_micro * (a + b)
        else:
            sim = float(sims[(a, b)][i0, j0])
            total += int(micro[(a, b)][i0, j0])
        beads.append(Bead(tuple(range(i0, i)), tuple(range(j0, j)), sim))
        i, j = i0, j0
    beads.reverse()
    beads = _drop_weak(beads, cfg)
    return Alignment(tuple(_move_pass(beads, sims.get((1, 1)), cfg)), n, m, total * COST_UNIT)


def _drop_weak(beads: list[Bead], cfg: AlignConfig) -> list[Bead]:
    out: list[Bead] = []
    for bead in beads:
        if bead.similarity is not None and bead.similarity < cfg.min_similarity:
            out += [Bead((i,), ()) for i in bead.base] + [Bead((), (j,)) for j in bead.derivative]
        else:
            out.append(bead)
    return out


def _move_pass(beads: list[Bead], sim11: np.ndarray | None, cfg: AlignConfig) -> list[Bead]:
    """Match left-over derivative sentences to left-over base sentences out of order."""
    omitted = [b.base[0] for b in beads if b.kind == "omission"]
    added = [b.derivative[0] for b in beads if b.kind == "addition"]
    if sim11 is None or not omitted or not added:
        return beads
    from scipy.optimize import linear_sum_assignment

    sub = sim11[np.ix_(omitted, added)]
    rows, cols = linear_sum_assignment(-np.rint(sub / COST_UNIT))  # exact ties are ties
    moved = {omitted[r]: (added[c], float(sub[r, c])) for r, c in zip(rows, cols)
             if sub[r, c] >= cfg.move_threshold}
    if not moved:
        return beads
    used = {j for j, _ in moved.values()}
    out = []
    for bead in beads:
        if bead.kind == "omission" and bead.base[0] in moved:
            j, s = moved[bead.base[0]]
            out.append(Bead(bead.base, (j,), s, moved=True))
        elif bead.kind == "addition" and bead.derivative[0] in used:
            continue
        else:
            out.append(bead)
    return out
