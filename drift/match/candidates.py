"""Candidate document pairs: what the two indexes propose for verification.

A pair of documents is a candidate when it shares at least ``min_shared`` rare n-grams
(:mod:`drift.match.verbatim`) or has at least ``min_matched`` sentences on each side that
match across the pair on a margin (:mod:`drift.match.semantic`). Candidates are ranked by the
number of matched sentences (the smaller of the two sides' counts: a sentence that matches
five sentences of the other text counts once), then by the sum of their margins, then by
shared n-grams, then by the document numbers, so the ranking never depends on a float tie or
on the order work came back in. Each document keeps at most ``per_document`` candidates (its
best ranked), which bounds verification to ``O(n)`` pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from drift.match.semantic import SentenceMatches
from drift.match.verbatim import VerbatimPairs

__all__ = ["Candidates", "combine_candidates", "sentence_pairs"]


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs, best first.

    Attributes:
        a, b: ``(p,)`` document numbers, ``a < b``.
        matched: ``(p,)`` sentences matched on a margin (the smaller side's count).
        margin: ``(p,)`` sum of the margins of the matched sentence pairs (rounded to 1e-4).
        shared: ``(p,)`` rare n-grams shared.
        containment: ``(p,)`` shared n-grams over the smaller document's n-grams.
    """

    a: np.ndarray
    b: np.ndarray
    matched: np.ndarray
    margin: np.ndarray
    shared: np.ndarray
    containment: np.ndarray

    def __len__(self) -> int:
        return len(self.a)

    def rows(self) -> list[dict[str, float | int]]:
        return [{"a": int(a), "b": int(b), "matched": int(m), "margin": float(g),
                 "shared": int(s), "containment": round(float(c), 4)}
                for a, b, m, g, s, c in zip(self.a, self.b, self.matched, self.margin,
                                            self.shared, self.containment)]


def sentence_pairs(matches: SentenceMatches, owners: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Aggregate sentence matches into document pairs: ``(a, b, matched, margin_sum)``,
    ``a < b``, sorted; ``matched`` is the smaller of the two sides' counts of distinct
    sentences."""
    da, db = owners[matches.x], owners[matches.y]
    a, b = np.minimum(da, db), np.maximum(da, db)
    if not len(a):
        z = np.zeros(0, dtype=np.int64)
        return z, z, z, np.zeros(0)
    key = a * (1 << 31) + b
    # distinct sentences on each side, whichever side asked
    side_a = np.where(da == a, matches.x, matches.y)
    side_b = np.where(da == a, matches.y, matches.x)
    ua = np.unique(np.stack([key, side_a]), axis=1)[0]
    ub = np.unique(np.stack([key, side_b]), axis=1)[0]
    keys = np.unique(key)
    count_a = np.searchsorted(ua, keys, side="right") - np.searchsorted(ua, keys, side="left")
    count_b = np.searchsorted(ub, keys, side="right") - np.searchsorted(ub, keys, side="left")
    # each sentence pair once (x asked y and y asked x count as one)
    pair = np.unique(np.stack([key, np.minimum(matches.x, matches.y),
                               np.maximum(matches.x, matches.y),
                               np.round(matches.margin * 10_000).astype(np.int64)]), axis=1)
    pair = pair[:, np.r_[True, np.any(pair[:3, 1:] != pair[:3, :-1], axis=0)]]
    pos = np.searchsorted(keys, pair[0])
    margin = np.zeros(len(keys), dtype=np.int64)
    np.add.at(margin, pos, pair[3])
    return keys >> 31, keys & ((1 << 31) - 1), np.minimum(count_a, count_b), margin / 10_000


def combine_candidates(verbatim: VerbatimPairs, matches: SentenceMatches, owners: np.ndarray,
                       *, min_shared: int = 3, min_matched: int = 2,
                       per_document: int = 20) -> Candidates:
    """The candidate pairs of both indexes, ranked and capped (see the module docstring).

    Args:
        verbatim: pairs sharing rare n-grams.
        matches: sentence matches on a margin.
        owners: ``(n_sentences,)`` document number of each sentence.
        min_shared, min_matched: what makes a pair a candidate.
        per_document: candidates kept per document (a pair stays when either document keeps
            it).
    """
    sa, sb, sm, sg = sentence_pairs(matches, owners)
    keys = np.unique(np.concatenate([verbatim.a * (1 << 31) + verbatim.b, sa * (1 << 31) + sb]))
    n = len(keys)
    matched, margin = np.zeros(n, dtype=np.int64), np.zeros(n)
    shared, containment = np.zeros(n, dtype=np.int64), np.zeros(n)
    pos = np.searchsorted(keys, sa * (1 << 31) + sb)
    matched[pos], margin[pos] = sm, sg
    pos = np.searchsorted(keys, verbatim.a * (1 << 31) + verbatim.b)
    shared[pos], containment[pos] = verbatim.shared, verbatim.containment
    keep = (matched >= min_matched) | (shared >= min_shared)
    keys, matched, margin = keys[keep], matched[keep], np.round(margin[keep], 4)
    shared, containment = shared[keep], containment[keep]
    a, b = keys >> 31, keys & ((1 << 31) - 1)
    order = np.lexsort((b, a, -shared, -margin, -matched))
    a, b, matched, margin = a[order], b[order], matched[order], margin[order]
    shared, containment = shared[order], containment[order]
    # each document's rank among its own candidates
    rank_a = _rank_within(a)
    rank_b = _rank_within(b)
    take = (rank_a < per_document) | (rank_b < per_document)
    return Candidates(a[take], b[take], matched[take], margin[take], shared[take],
                      containment[take])


def _rank_within(doc: np.ndarray) -> np.ndarray:
    """Position of each row among the rows of the same document, in the current order."""
    order = np.argsort(doc, kind="stable")
    sorted_doc = doc[order]
    first = np.r_[0, np.flatnonzero(np.diff(sorted_doc)) + 1]
    rank_sorted = np.arange(len(doc)) - np.repeat(first, np.diff(np.r_[first, len(doc)]))
    rank = np.empty(len(doc), dtype=np.int64)
    rank[order] = rank_sorted
    return rank
