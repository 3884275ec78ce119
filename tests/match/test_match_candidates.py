"""Candidate pairs from both indexes: aggregation, thresholds, ranking and the cap."""

from __future__ import annotations

import numpy as np

from drift.match.candidates import combine_candidates, sentence_pairs
from drift.match.semantic import SentenceMatches
from drift.match.verbatim import VerbatimPairs


def matches(pairs, margin=0.2):
    x = np.array([p[0] for p in pairs], dtype=np.int64)
    y = np.array([p[1] for p in pairs], dtype=np.int64)
    return SentenceMatches(x, y, np.full(len(x), 0.8), np.full(len(x), margin))


EMPTY = VerbatimPairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64),
                      np.zeros(0))


def test_sentence_pairs_count_distinct_sentences_on_the_smaller_side():
    owners = np.array([0, 0, 0, 1, 1, 2])
    # sentences 0, 1, 2 of doc 0 all match sentence 3 of doc 1 (asked both ways)
    a, b, matched, margin = sentence_pairs(matches([(0, 3), (1, 3), (2, 3), (3, 0)]), owners)
    assert a.tolist() == [0] and b.tolist() == [1]
    assert matched.tolist() == [1]  # doc 1 has one matched sentence
    assert margin.tolist() == [0.6]  # three distinct sentence pairs


def test_combine_thresholds_and_ranking():
    owners = np.repeat(np.arange(4), 3)
    m = matches([(0, 3), (1, 4), (6, 9), (7, 10), (8, 11), (2, 6)])
    v = VerbatimPairs(np.array([0, 1]), np.array([3, 2]), np.array([5, 2]), np.array([0.5, 0.2]))
    c = combine_candidates(v, m, owners, min_shared=3, min_matched=2, per_document=5)
    assert list(zip(c.a.tolist(), c.b.tolist())) == [(2, 3), (0, 1), (0, 3)]
    assert c.matched.tolist() == [3, 2, 0] and c.shared.tolist() == [0, 0, 5]


def test_per_document_cap_keeps_each_documents_best():
    owners = np.repeat(np.arange(6), 4)
    pairs = []
    for other, n in zip(range(1, 6), (4, 3, 2, 2, 2)):
        pairs += [(k, other * 4 + k) for k in range(n)]
    c = combine_candidates(EMPTY, matches(pairs), owners, min_matched=2, per_document=2)
    kept = set(zip(c.a.tolist(), c.b.tolist()))
    # doc 0 keeps its two best (1, 2); 3, 4 and 5 keep their only pair with doc 0
    assert kept == {(0, 1), (0, 2), (0, 3), (0, 4), (0, 5)}
    c1 = combine_candidates(EMPTY, matches(pairs), owners, min_matched=3, per_document=1)
    assert set(zip(c1.a.tolist(), c1.b.tolist())) == {(0, 1), (0, 2)}
