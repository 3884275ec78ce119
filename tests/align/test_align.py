"""The aligner on small matrices, checked against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from drift.align import (
    Bead,
    align,
    alignment_cost,
    bead_costs,
    bead_shapes,
    similarity_drop,
    window_similarities,
    window_texts,
)
from drift.config import AlignConfig
from drift.errors import ConfigError

NO_POST = dict(min_similarity=-1.0, move_threshold=1.0)  # DP result only, no post-passes


def random_sims(rng, n, m, k):
    """Window similarities from random unit vectors, as the pipeline builds them."""
    d = 8
    a, b = rng.normal(size=(n, d)), rng.normal(size=(m, d))
    b[: min(n, m)] += 2.0 * a[: min(n, m)]  # some structure along the diagonal

    def windows(x):
        out = {}
        for size in range(1, k + 1):
            w = np.array([x[i:i + size].sum(0) for i in range(len(x) - size + 1)]).reshape(-1, d)
            out[size] = w / np.linalg.norm(w, axis=1, keepdims=True) if len(w) else w
        return out

    return window_similarities(windows(a), windows(b))


def all_alignments(n, m, shapes):
    """Every monotonic bead sequence covering n x m (brute force)."""
    if n == 0 and m == 0:
        yield []
        return
    for a, b in shapes:
        if a <= n and b <= m:
            for rest in all_alignments(n - a, m - b, shapes):
                yield [(a, b), *rest]


def to_beads(steps):
    beads, i, j = [], 0, 0
    for a, b in steps:
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return beads


NEW_OPTIONS = [
    dict(normalize=True),
    dict(center=0.5, length_weight=0.1),
    dict(anchor_weight=0.1, junk_chars=3, junk_merge=0.2),
    dict(merge_drop=2.0),
    dict(merge_drop=4.0, normalize=True, center=0.5, length_weight=0.1),
]


@pytest.mark.parametrize("seed", range(12))
def test_dp_finds_the_brute_force_optimum(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    cfg = AlignConfig(max_group=2, skip=float(rng.uniform(0.1, 0.5)),
                      merge=float(rng.uniform(0, 0.3)), **NO_POST)
    sims = random_sims(rng, n, m, 2)
    shapes = bead_shapes(2)
    best = min(alignment_cost(to_beads(s), sims, cfg) for s in all_alignments(n, m, shapes))
    result = align(sims, n, m, cfg)
    assert result.cost == pytest.approx(best)
    assert alignment_cost(result.beads, sims, cfg) == pytest.approx(best)
    # the beads partition both sides, in order
    assert [i for b in result.beads for i in b.base] == list(range(n))
    assert [j for b in result.beads for j in b.derivative] == list(range(m))


def test_identity_aligns_one_to_one():
    sims = {(1, 1): np.eye(4) * 0.9 + 0.05}
    result = align(sims, 4, 4)
    assert [b.ladder() for b in result.beads] == [f"[{i}]:[{i}]" for i in range(4)]
    assert all(b.kind == "match" for b in result.beads)


def test_split_sentence_becomes_a_one_to_two_bead():
    # base 1 was split into derivative 1 and 2: the joined window matches best
    s11 = np.array([[0.95, 0.1, 0.1, 0.1], [0.1, 0.72, 0.70, 0.1], [0.1, 0.1, 0.1, 0.93]])
    s12 = np.full((3, 3), 0.2)
    s12[1, 1] = 0.96
    result = align({(1, 1): s11, (1, 2): s12}, 3, 4)
    assert [b.ladder() for b in result.beads] == ["[0]:[0]", "[1]:[1, 2]", "[2]:[3]"]


def test_omission_addition_and_moved_pass():
    s = np.array([[0.9, 0.1, 0.1],
                  [0.1, 0.1, 0.85],   # base 1 moved to the end of the derivative
                  [0.1, 0.9, 0.1]])
    result = align({(1, 1): s}, 3, 3)
    kinds = {b.ladder(): b for b in result.beads}
    assert kinds["[1]:[2]"].moved and kinds["[1]:[2]"].similarity == pytest.approx(0.85)
    assert kinds["[0]:[0]"].kind == "match" and kinds["[2]:[1]"].kind == "match"
    low = align({(1, 1): np.full((2, 2), 0.2)}, 2, 2)
    assert sorted(b.kind for b in low.beads) == ["addition", "addition", "omission", "omission"]


def test_inputs_are_not_mutated_and_result_is_deterministic():
    rng = np.random.default_rng(3)
    sims = random_sims(rng, 6, 5, 3)
    before = {k: v.copy() for k, v in sims.items()}
    r1, r2 = align(sims, 6, 5), align(sims, 6, 5)
    assert r1 == r2
    assert all(np.array_equal(before[k], sims[k]) for k in sims)


def test_window_texts_and_config_validation():
    assert window_texts(["A.", "B.", "C."], 3) == {1: ["A.", "B.", "C."], 2: ["A. B.", "B. C."],
                                                   3: ["A. B. C."]}
    with pytest.raises(ConfigError, match="max_group"):
        AlignConfig(max_group=0)
    with pytest.raises(ConfigError, match="skip"):
        AlignConfig(skip=-1)


@pytest.mark.parametrize("options", NEW_OPTIONS)
@pytest.mark.parametrize("seed", range(4))
def test_dp_is_optimal_with_the_textberg_options(seed, options):
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(1, 5)), int(rng.integers(1, 5))
    cfg = AlignConfig(max_group=2, skip=float(rng.uniform(0.1, 0.5)),
                      merge=float(rng.uniform(0, 0.3)), **options, **NO_POST)
    sims = random_sims(rng, n, m, 2)
    words = ["Himalaya 1956", "ab", "Dhaulagiri", "Kato und Higeta", "7"]
    texts = ([words[i % 5] for i in range(n)], [words[(j + 1) % 5] for j in range(m)])
    lengths = (np.array([len(t) for t in texts[0]]), np.array([len(t) for t in texts[1]]))
    kw = dict(lengths=lengths, texts=texts)
    shapes = bead_shapes(2)
    best = min(alignment_cost(to_beads(s), sims, cfg, **kw) for s in all_alignments(n, m, shapes))
    result = align(sims, n, m, cfg, **kw)
    assert result.cost == pytest.approx(best)
    assert alignment_cost(result.beads, sims, cfg, **kw) == pytest.approx(best)


def test_vecalign_normalisation_divides_by_mean_distance():
    s = np.array([[0.9, 0.5], [0.5, 0.7]])
    costs, skip = bead_costs({(1, 1): s}, 2, 2, AlignConfig(max_group=1, normalize=True))
    row = 1 - s.mean(1)
    col = 1 - s.mean(0)
    expected = (1 - s) / ((row[:, None] + col[None, :]) / 2)
    assert np.allclose(costs[(1, 1)], expected) and skip == AlignConfig().skip
    # the default config keeps the plain cost (a + b) / 2 * (1 - s) + merge * (a + b - 2)
    costs, _ = bead_costs({(1, 1): s}, 2, 2, AlignConfig(max_group=1))
    assert np.allclose(costs[(1, 1)], 1 - s)


def test_similarity_drop_compares_with_every_smaller_sub_bead():
    rng = np.random.default_rng(7)
    sims = random_sims(rng, 5, 4, 3)
    for a, b in [(1, 2), (2, 1), (2, 3), (3, 3)]:
        drop = similarity_drop(sims, a, b)
        assert drop.shape == sims[(a, b)].shape and (drop >= 0).all()
        for i in range(drop.shape[0]):
            for j in range(drop.shape[1]):
                subs = []
                if a > 1:
                    subs += [sims[(a - 1, b)][i, j], sims[(a - 1, b)][i + 1, j]]
                if b > 1:
                    subs += [sims[(a, b - 1)][i, j], sims[(a, b - 1)][i, j + 1]]
                assert drop[i, j] == pytest.approx(max(0.0, max(subs) - sims[(a, b)][i, j]))
    assert not similarity_drop(sims, 1, 1).any()


def test_merge_drop_keeps_an_unrelated_sentence_out_of_a_bead():
    # derivative 1 is an addition: joining it to the good 1-1 bead lowers the similarity
    # (0.9 -> 0.7), but a high skip cost makes the plain DP merge it anyway
    s11 = np.array([[0.9, 0.1]])
    s12 = np.array([[0.7]])
    sims = {(1, 1): s11, (1, 2): s12}
    cfg = AlignConfig(max_group=2, skip=0.6, merge=0.0, merge_must_help=False, **NO_POST)
    assert [b.ladder() for b in align(sims, 1, 2, cfg).beads] == ["[0]:[0, 1]"]
    drop = AlignConfig(max_group=2, skip=0.6, merge=0.0, merge_drop=4.0, merge_must_help=False,
                       **NO_POST)
    assert [b.ladder() for b in align(sims, 1, 2, drop).beads] == ["[0]:[0]", "[]:[1]"]
    assert AlignConfig().merge_drop == 0.0  # off by default


def test_a_merge_must_match_better_than_its_smaller_bead():
    """An unrelated sentence appended to a long one: the 1-2 bead's similarity (0.97) is a
    little below the 1-1 bead's (0.98), and without the rule the DP merges it (cost
    1.5 * 0.03 + 0.15 = 0.195 < 0.02 + 0.20); the default keeps it an addition."""
    sims = {(1, 1): np.array([[0.98, 0.05]]), (1, 2): np.array([[0.97]])}
    off = AlignConfig(max_group=2, merge_must_help=False, **NO_POST)
    assert [b.ladder() for b in align(sims, 1, 2, off).beads] == ["[0]:[0, 1]"]
    assert AlignConfig().merge_must_help
    assert [b.ladder() for b in align(sims, 1, 2, AlignConfig(max_group=2, **NO_POST)).beads] \
        == ["[0]:[0]", "[]:[1]"]
    # a real split: the joined derivative matches better than either half, and merges
    split = {(1, 1): np.array([[0.70, 0.65]]), (1, 2): np.array([[0.95]])}
    assert [b.ladder() for b in align(split, 1, 2, AlignConfig(max_group=2, **NO_POST)).beads] \
        == ["[0]:[0, 1]"]


def test_exact_tie_is_broken_by_the_stated_rule_not_by_the_last_bit():
    """Identical windows: a 3-2 bead and the gold path [1,2]:[1] + [3]:[2] cost exactly the
    same with merge=0; the path with more beads wins, on any CPU."""
    rng = np.random.default_rng(0)
    v = rng.normal(size=(4, 16)).astype(np.float32)
    src = [v[0], v[1], v[2], v[3]]
    tgt = [v[0], v[1] + v[2], v[3]]

    def windows(rows, k):
        out = {}
        for size in range(1, k + 1):
            w = np.array([np.sum(rows[i:i + size], axis=0) for i in range(len(rows) - size + 1)])
            out[size] = (w / np.linalg.norm(w, axis=1, keepdims=True)).astype(np.float32)
        return out

    sims = window_similarities(windows(src, 3), windows(tgt, 3))
    assert sims[(2, 1)][1, 1] == 1.0 and sims[(3, 2)][1, 1] == 1.0  # clipped, exact
    cfg = AlignConfig(skip=0.3, merge=0.0, **NO_POST)
    beads = [b.ladder() for b in align(sims, 4, 3, cfg).beads]
    assert beads == ["[0]:[0]", "[1, 2]:[1]", "[3]:[2]"]


def test_similarities_above_one_are_clipped_and_kernel_noise_is_rounded_away():
    e = np.array([[0.6, 0.8]], dtype=np.float32) * np.float32(1.0000001)  # norm slightly > 1
    sims = window_similarities({1: e}, {1: e.copy()})
    assert sims[(1, 1)][0, 0] == 1.0
    # a float32 product that lands one ulp either side of a value gives the same similarity
    a = np.array([[1.0, 0.0]], np.float32)
    b1 = np.array([[0.8, 0.6]], np.float32)
    b2 = np.nextafter(b1, np.float32(1.0))
    assert window_similarities({1: a}, {1: b1})[(1, 1)][0, 0] == \
        window_similarities({1: a}, {1: b2})[(1, 1)][0, 0]
    # beyond 1 on the raw matrix: costs clip at 0 distance, never negative
    result = align({(1, 1): np.array([[1.0000002]])}, 1, 1, AlignConfig(**NO_POST))
    assert result.cost == 0.0 and result.beads[0].ladder() == "[0]:[0]"


def test_tie_between_one_to_one_and_two_skips_keeps_more_beads():
    # s = 1 - 2 * skip exactly: a 1-1 bead (cost 0.4) ties two skips (0.2 + 0.2)
    cfg = AlignConfig(skip=0.2, **NO_POST)
    result = align({(1, 1): np.array([[0.6]])}, 1, 1, cfg)
    assert [b.kind for b in result.beads] == ["addition", "omission"] or \
        [b.kind for b in result.beads] == ["omission", "addition"]
    assert result.cost == pytest.approx(0.4)
