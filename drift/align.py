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

The dynamic programme is vectorised with numpy along each row: beads that consume at least one
base sentence read the previous rows, and runs of additions inside a row are a running minimum
(``D[i, j] = j*skip + cummin(X[k] - k*skip)``), so the cost is O(n * m * shapes) in numpy
rather than in Python loops.

After the monotonic pass, a second pass matches left-over derivative sentences to left-over
base sentences out of order (moved paragraphs) with the Hungarian algorithm when their
similarity is at least ``move_threshold``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drift.config import AlignConfig

__all__ = ["Bead", "Alignment", "align", "bead_shapes", "window_texts", "window_similarities",
           "alignment_cost"]

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

    Args:
        base_windows: ``k -> (n-k+1, d)`` L2-normalised embeddings of base windows.
        deriv_windows: ``k -> (m-k+1, d)`` the same for the derivative.

    Returns:
        ``(a, b) -> (n-a+1, m-b+1)`` arrays, ``res[(a, b)][i, j] = cos(base[i:i+a], der[j:j+b])``.
    """
    out = {}
    for a, ea in base_windows.items():
        for b, eb in deriv_windows.items():
            out[(a, b)] = (ea @ eb.T).astype(np.float64) if len(ea) and len(eb) else \
                np.zeros((max(len(ea), 0), max(len(eb), 0)))
    return out


def _bead_cost(sim: np.ndarray | float, a: int, b: int, cfg: AlignConfig) -> np.ndarray | float:
    return (a + b) / 2.0 * (1.0 - sim) + cfg.merge * (a + b - 2)


def alignment_cost(beads: Sequence[Bead], sims: Mapping[Shape, np.ndarray],
                   cfg: AlignConfig) -> float:
    """Total cost of a monotonic bead sequence under the same scoring as :func:`align`."""
    total = 0.0
    for bead in beads:
        a, b = bead.shape
        if a == 0 or b == 0:
            total += cfg.skip * (a + b)
        else:
            total += float(_bead_cost(sims[(a, b)][bead.base[0], bead.derivative[0]], a, b, cfg))
    return total


def align(sims: Mapping[Shape, np.ndarray], n: int, m: int, cfg: AlignConfig | None = None
          ) -> Alignment:
    """Align ``n`` base sentences with ``m`` derivative sentences.

    Args:
        sims: ``(a, b) -> (n-a+1, m-b+1)`` window similarities (see :func:`window_similarities`);
            shapes beyond ``cfg.max_group`` or missing from ``sims`` are not used.
        n, m: sentence counts.
        cfg: costs and penalties (defaults: :class:`drift.config.AlignConfig`).

    Returns:
        The :class:`Alignment`: minimum-cost monotonic beads, then moved pairs.

    Example:
        >>> s = np.array([[0.9, 0.1], [0.2, 0.1]])
        >>> [b.ladder() for b in align({(1, 1): s}, 2, 2).beads]
        ['[0]:[0]', '[]:[1]', '[1]:[]']
    """
    cfg = cfg or AlignConfig()
    shapes = [(a, b) for (a, b) in bead_shapes(cfg.max_group)
              if (a == 0 or b == 0) or ((a, b) in sims and a <= n and b <= m)]
    big = np.inf
    D = np.full((n + 1, m + 1), big)
    back = np.full((n + 1, m + 1), -1, dtype=np.int64)  # index into shapes
    ins = shapes.index((0, 1))
    cols = np.arange(m + 1)
    for i in range(n + 1):
        X = np.full(m + 1, big)
        bx = np.full(m + 1, -1, dtype=np.int64)
        if i == 0:
            X[0] = 0.0
        for k, (a, b) in enumerate(shapes):
            if a == 0 or i - a < 0:
                continue
            if b == 0:
                cand = D[i - a] + cfg.skip * a
                sel = slice(0, m + 1)
            else:
                if m - b + 1 <= 0:
                    continue
                cost = _bead_cost(sims[(a, b)][i - a, : m - b + 1], a, b, cfg)
                cand = D[i - a, : m - b + 1] + cost
                sel = slice(b, m + 1)
            better = cand < X[sel]
            X[sel] = np.where(better, cand, X[sel])
            bx[sel] = np.where(better, k, bx[sel])
        # additions within the row: D[i, j] = min(X[j], D[i, j-1] + skip)
        Y = X - cols * cfg.skip
        run = np.minimum.accumulate(Y)
        D[i] = run + cols * cfg.skip
        from_left = run < Y
        back[i] = np.where(from_left, ins, bx)
    # trace back
    beads: list[Bead] = []
    i, j = n, m
    while i > 0 or j > 0:
        a, b = shapes[int(back[i, j])]
        i0, j0 = i - a, j - b
        sim = None if a == 0 or b == 0 else float(sims[(a, b)][i0, j0])
        beads.append(Bead(tuple(range(i0, i)), tuple(range(j0, j)), sim))
        i, j = i0, j0
    beads.reverse()
    beads = _drop_weak(beads, cfg)
    return Alignment(tuple(_move_pass(beads, sims.get((1, 1)), cfg)), n, m, float(D[n, m]))


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
    rows, cols = linear_sum_assignment(-sub)
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
