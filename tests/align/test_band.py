"""The banded DP for long documents: the same alignments as the full DP (issue 8)."""

from __future__ import annotations

import numpy as np
import pytest
from bench_band import synthetic  # noqa: E402

from drift.align.band import anchor_band, anchor_chain, top_candidates
from drift.align.dp import band_dp, full_band
from drift.align.windows import align_windows
from drift.config import AlignConfig, align_preset


def _beads(al):
    return [(b.base, b.derivative, b.similarity, b.moved) for b in al.beads]


@pytest.mark.parametrize("n,seed", [(40, 0), (150, 1), (300, 2)])
def test_band_mode_finds_the_full_dp_alignment(n, seed):
    wb, wd = synthetic(n, seed=seed, d=32)
    texts = ([f"s{i}" for i in range(len(wb[1]))], [f"t{j}" for j in range(len(wd[1]))])
    full, sim_f, _ = align_windows(wb, wd, *texts, AlignConfig(), mode="full")
    band, sim_b, _ = align_windows(wb, wd, *texts, AlignConfig(), mode="band")
    assert _beads(full) == _beads(band) and full.cost == band.cost
    assert np.array_equal(sim_f, sim_b)
    assert sum(bool(b.base and b.derivative) for b in band.beads) > 0.7 * n


def test_band_mode_with_the_textberg_options():
    wb, wd = synthetic(120, seed=3, d=32)
    texts = ([f"line {i} of {i % 7}" for i in range(len(wb[1]))],
             [f"ligne {j} de {j % 5}" for j in range(len(wd[1]))])
    cfg = align_preset("textberg")
    full = align_windows(wb, wd, *texts, cfg, mode="full")[0]
    band = align_windows(wb, wd, *texts, cfg, mode="band")[0]
    assert _beads(full) == _beads(band)
    assert abs(full.cost - band.cost) < 1e-4  # window statistics from mean vectors


def test_anchor_band_is_monotone_connected_and_covers_the_corners():
    for anchors in ([], [(3, 4), (10, 9), (50, 70)], [(0, 0), (99, 119)]):
        band = anchor_band(100, 120, anchors, width=2, corridor=3)
        lo, hi = band.lo, band.hi
        assert lo[0] == 0 and hi[-1] == 120 and len(lo) == 101
        assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)
        assert np.all(hi[:-1] >= lo[1:]) and np.all(hi >= lo)
        for i, j in anchors:  # the anchor's cells are inside
            assert lo[i] <= j <= hi[i] and lo[i + 1] <= j + 1 <= hi[i + 1]


def test_a_large_gap_gets_a_corridor_not_its_rectangle():
    band = anchor_band(2000, 2000, [(0, 0), (1999, 1999)], width=5, corridor=10)
    assert band.cells < 2000 * 40  # the 2000 x 2000 rectangle would be 4 million cells


def test_anchor_chain_is_the_heaviest_increasing_chain():
    pts = [(0, 5, 10), (1, 1, 3), (2, 2, 3), (3, 3, 3), (4, 6, 1)]
    assert anchor_chain(pts, 7) == [(0, 5), (4, 6)]  # 10 + 1 beats 3 + 3 + 3 + 1
    pts[0] = (0, 5, 8)
    assert anchor_chain(pts, 7) == [(1, 1), (2, 2), (3, 3), (4, 6)]
    assert anchor_chain([], 5) == []


def test_top_candidates_are_mutual():
    e = np.eye(4)
    f = np.eye(4)[[2, 0, 1, 3]]
    pts = top_candidates(e, f, k=1)
    assert [(i, j) for i, j, _ in pts] == [(0, 1), (1, 2), (2, 0), (3, 3)]
    assert all(s == 10 ** 6 for _, _, s in pts)


def test_band_dp_on_the_full_band_is_the_plain_dp():
    rng = np.random.default_rng(5)
    costs = {(1, 1): rng.random((6, 7))}
    shapes = [(0, 1), (1, 0), (1, 1)]
    beads, cost = band_dp(6, 7, shapes, lambda a, b, i, j0, j1: costs[(a, b)][i, j0:j1], 0.3,
                          full_band(6, 7), lambda a, b, i, j: float(costs[(a, b)][i, j]))
    assert [i for b in beads for i in b.base] == list(range(6))
    assert [j for b in beads for j in b.derivative] == list(range(7))
    assert cost == pytest.approx(sum(costs[(1, 1)][b.base[0], b.derivative[0]]
                                     for b in beads if b.base and b.derivative)
                                 + 0.3 * sum(1 for b in beads if not (b.base and b.derivative)))
