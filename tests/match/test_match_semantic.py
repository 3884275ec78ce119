"""The sentence index: neighbours against brute force, margins by hand, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from drift.match.semantic import Neighbours, SentenceIndex, margin_matches


def unit(rng, n, d):
    v = rng.standard_normal((n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def brute(vecs, owners, k):
    v = vecs.astype(np.float16).astype(np.float64)
    sims = np.round(v @ v.T, 4)
    out = []
    for i in range(len(v)):
        cand = [(-sims[i, j], j) for j in range(len(v)) if owners[j] != owners[i]]
        out.append([j for _, j in sorted(cand)[:k]])
    return out


@pytest.mark.parametrize("folder", [False, True])
def test_neighbours_are_the_exact_ones_from_other_documents(tmp_path, folder):
    rng = np.random.default_rng(0)
    vecs = unit(rng, 300, 16)
    owners = np.repeat(np.arange(60), 5)
    idx = SentenceIndex(16, tmp_path if folder else None)
    idx.add(vecs[:100], owners[:100])
    idx.add(vecs[100:], owners[100:])
    nb = idx.neighbours(k=6, chunk=64)
    assert nb.ids.tolist() == brute(vecs, owners, 6)
    assert np.all(np.diff(nb.sims, axis=1) <= 0)


def test_neighbours_are_deterministic_and_respect_min_words():
    rng = np.random.default_rng(1)
    vecs = unit(rng, 120, 8)
    owners = np.repeat(np.arange(30), 4)
    ok = np.arange(120) % 3 != 0
    idx = SentenceIndex(8)
    idx.add(vecs, owners)
    a, b = idx.neighbours(4, ok), idx.neighbours(4, ok)
    assert np.array_equal(a.ids, b.ids)
    assert (a.ids[~ok] == -1).all()
    assert not np.isin(a.ids[ok], np.flatnonzero(~ok)).any()


def test_margin_matches_by_hand():
    # sentence 0's best neighbour is 1 (0.9); backgrounds are the means from rank skip+1 on
    ids = np.array([[1, 2, 3], [0, 2, 3], [3, 0, 1], [2, 0, 1]])
    sims = np.array([[0.9, 0.3, 0.2], [0.9, 0.35, 0.25], [0.6, 0.3, 0.35], [0.6, 0.2, 0.25]])
    m = margin_matches(Neighbours(ids, sims), min_similarity=0.5, min_margin=0.4, skip=1)
    # b = [0.25, 0.3, 0.325, 0.225]; margin(0,1) = 0.9 - 0.275 = 0.625; (2,3) = 0.6 - 0.275
    assert list(zip(m.x.tolist(), m.y.tolist())) == [(0, 1), (1, 0)]
    assert m.margin.tolist() == [0.625, 0.625]


@pytest.mark.parametrize("ann", ["hnsw", "ivf"])
def test_approximate_index_finds_planted_copies(tmp_path, monkeypatch, ann):
    from drift.match import semantic as sem

    monkeypatch.setattr(sem, "IVF_FROM", 1000)
    rng = np.random.default_rng(2)
    vecs = unit(rng, 4000, 32)
    vecs[2000:2100] = vecs[:100] + 0.05 * rng.standard_normal((100, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    owners = np.arange(4000) // 4
    idx = SentenceIndex(32, tmp_path, ann=ann)
    idx.add(vecs[:3000], owners[:3000])
    _ = idx.index  # built, then extended without a rebuild
    idx.add(vecs[3000:], owners[3000:])
    assert idx.index.ntotal == 4000 and idx.trained_at == 3000
    nb = idx.neighbours(5)
    assert (nb.ids[:100, 0] == np.arange(2000, 2100)).mean() >= 0.98
    state = idx.save()
    back = SentenceIndex.load(tmp_path, state, owners)
    assert np.array_equal(back.neighbours(5).ids, nb.ids)
