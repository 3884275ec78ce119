"""The verbatim index against brute force, on tiny generated corpora."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from drift.match.verbatim import ShingleIndex, shingle_hashes

WORDS = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]


def brute_pairs(docs, n, max_df, min_shared):
    sets = [set(shingle_hashes(d, n).tolist()) for d in docs]
    df = {}
    for s in sets:
        for h in s:
            df[h] = df.get(h, 0) + 1
    out = {}
    for a, b in itertools.combinations(range(len(docs)), 2):
        shared = sum(1 for h in sets[a] & sets[b] if df[h] <= max_df)
        if shared >= min_shared:
            out[(a, b)] = shared
    return out


docs_strategy = st.lists(
    st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9).map(" ".join),
             min_size=1, max_size=3),
    min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(docs_strategy, st.integers(2, 4), st.integers(2, 5), st.integers(1, 3))
def test_pairs_match_brute_force(docs, n, max_df, min_shared):
    idx = ShingleIndex(n)
    idx.add(docs)
    got = idx.pairs(max_df, min_shared)
    assert {(int(a), int(b)): int(s) for a, b, s in zip(got.a, got.b, got.shared)} == \
        brute_pairs(docs, n, max_df, min_shared)


@settings(max_examples=30, deadline=None)
@given(docs_strategy, st.integers(0, 8))
def test_adding_in_parts_equals_adding_at_once(docs, cut):
    whole, parts = ShingleIndex(3), ShingleIndex(3)
    whole.add(docs)
    parts.add(docs[:cut])
    parts.add(docs[cut:])
    a, b = whole.pairs(4, 1), parts.pairs(4, 1)
    assert np.array_equal(a.a, b.a) and np.array_equal(a.shared, b.shared)


def test_hashes_are_stable_across_processes():
    # fixed value: the same on every machine and under every PYTHONHASHSEED
    h = shingle_hashes(["The council approved the budget."], n=5)
    assert len(h) == 1
    import subprocess
    import sys

    code = ("from drift.match.verbatim import shingle_hashes;"
            "print(int(shingle_hashes(['The council approved the budget.'], n=5)[0]))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout.strip()
            for seed in ("1", "2")}
    assert outs == {str(int(h[0]))}


def test_boilerplate_above_max_df_is_not_evidence():
    boiler = "subscribe to our newsletter for the latest news every morning"
    docs = [[boiler, f"story number {k} about something else entirely {k}"] for k in range(6)]
    idx = ShingleIndex(5)
    idx.add(docs)
    assert len(idx.pairs(max_df=5, min_shared=1)) == 0
    assert len(idx.pairs(max_df=6, min_shared=1)) == 15


def test_save_and_load_roundtrip(tmp_path):
    idx = ShingleIndex(3)
    idx.add([["a b c d e"], ["a b c d f"]])
    idx.save(tmp_path)
    idx.add([["x a b c d"]])
    idx.save(tmp_path)
    back = ShingleIndex.load(tmp_path, 3, idx.sizes, 2)
    assert np.array_equal(back.pairs(10, 1).shared, idx.pairs(10, 1).shared)
