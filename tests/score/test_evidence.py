"""Copying evidence without a model: word-for-word reuse (tiles, fragments, splices), margins
against the pair's background, specificity, and how the evidence sets the verdict."""

from __future__ import annotations

import random

import numpy as np
import pytest

from drift.align.dp import Alignment, Bead
from drift.align.margin import MarginConfig, background_level, bead_margins, filter_beads
from drift.align.reuse import find_reuse, greedy_tiles, tokenize_sentences
from drift.result import Pair
from drift.score.evidence import (
    FEATURES,
    VerdictModel,
    copying_evidence,
    load_verdict_model,
    specificity,
)
from drift.score.summary import derivative_kind, summarize, verdict

BASE = [
    "Russian paratroopers landed in Almaty on Friday night to guard the airport and state buildings.",
    "President Kassym-Jomart Tokayev said 2,030 troops had been sent by the alliance.",
    "Cleaners were removing debris from streets still littered with burnt-out cars.",
    "Fuel prices had doubled at the start of the year after the government lifted price caps.",
]


def _common_runs(a, b, k):
    """Brute force: is there a common run of length k with all tokens free?"""
    return {(i, j) for i in range(len(a) - k + 1) for j in range(len(b) - k + 1)
            if a[i:i + k] == b[j:j + k]}


def _pair(base, deriv, label, sim=None, lex=None):
    return Pair(tuple(base), tuple(deriv), sim, None if sim is None else 1 - sim, lex, label)


@pytest.mark.parametrize("seed", range(6))
def test_greedy_tiles_are_matches_disjoint_and_leave_no_common_run(seed):
    rng = random.Random(seed)
    a = [rng.randrange(4) for _ in range(60)]
    b = [rng.randrange(4) for _ in range(50)]
    tiles = greedy_tiles(a, b, 3)
    used_a, used_b = set(), set()
    for i, j, k in tiles:
        assert k >= 3 and a[i:i + k] == b[j:j + k]
        assert not used_a & set(range(i, i + k)) and not used_b & set(range(j, j + k))
        used_a |= set(range(i, i + k))
        used_b |= set(range(j, j + k))
    # maximal cover: no common run of 3 free tokens is left
    for i, j in _common_runs(a, b, 3):
        assert set(range(i, i + 3)) & used_a or set(range(j, j + 3)) & used_b


def test_greedy_tiles_take_the_longest_run_first_and_find_moved_runs():
    a = [1, 2, 3, 4, 5, 6, 7, 8]
    b = [6, 7, 8, 0, 1, 2, 3, 4, 5]
    assert greedy_tiles(a, b, 2) == [(5, 0, 3), (0, 4, 5)]
    with pytest.raises(ValueError):
        greedy_tiles(a, b, 0)


def test_spliced_sentence_is_found_with_its_parts_and_sources():
    spliced = ("Russian paratroopers landed in Almaty on Friday night, "
               "and 2,030 troops had been sent by the alliance, officials said.")
    r = find_reuse(BASE, [spliced, "The weather was cold."], specificity)
    assert [f.base_sentences for f in r.fragments] == [(0,), (1,)]
    assert r.spliced == (0,) and r.cut == ()
    first, second = r.fragments
    assert first.derivative_text == "Russian paratroopers landed in Almaty on Friday night"
    assert second.base_text == "2,030 troops had been sent by the alliance"
    s, a, b = first.derivative_spans[0]
    assert spliced[a:b] == first.derivative_text and s == 0
    assert r.derivative_share > 0.6 and 0.25 < r.base_share < 0.6


def test_a_base_sentence_cut_in_two_is_reported():
    deriv = ["Cleaners were removing debris from streets.",
             "The streets were still littered with burnt-out cars and glass."]
    r = find_reuse(BASE, deriv, specificity)
    assert r.cut == () or r.cut == (2,)
    deriv = ["Cleaners were removing debris from the capital's streets on Saturday.",
             "Many were still littered with burnt-out cars, witnesses said."]
    r = find_reuse(BASE, deriv, specificity, min_words=3, min_specific=1.0)
    assert r.cut == (2,) and {f.derivative_sentences for f in r.fragments} == {(0,), (1,)}


def test_stock_phrases_of_a_topic_are_not_reuse():
    a = ["The government declared a state of emergency in the country on Wednesday."]
    b = ["Officials said a state of emergency in the country would last two weeks."]
    r = find_reuse(a, b, specificity)
    assert r.fragments == () and r.derivative_share == 0.0
    # the same words with specific content are
    a2 = ["Tokayev declared a state of emergency in Mangystau province on Wednesday."]
    b2 = ["It said Tokayev declared a state of emergency in Mangystau province."]
    assert find_reuse(a2, b2, specificity).longest == 9


def test_tokens_keep_their_character_spans():
    toks = tokenize_sentences(["Kassym-Jomart Tokayev, 68."])
    assert [(t.text, t.start, t.end) for t in toks] == [
        ("kassym", 0, 6), ("jomart", 7, 13), ("tokayev", 14, 21), ("68", 23, 25)]


def test_specificity_follows_the_background_frequencies():
    assert specificity("the") == 0.0 and specificity("said") == 0.0
    assert 0.3 < specificity("troops") < 0.9
    assert specificity("paratroopers") == 1.0 and specificity("tokayev") == 1.0
    assert specificity("2030") == 1.0 and specificity("7") == 0.3 and specificity("x") == 0.0
    assert specificity("regierung") < 0.5  # German "government": common in German


def test_a_topical_matrix_has_no_margin_and_a_copy_has_one():
    rng = np.random.default_rng(0)
    topical = 0.55 + 0.08 * rng.random((8, 8))  # everything similar to everything
    copy = 0.2 + 0.1 * rng.random((8, 8))
    np.fill_diagonal(copy, 0.9)
    beads = [Bead((i,), (i,), float(topical[i, i])) for i in range(8)]
    m_top = bead_margins(beads, {(1, 1): topical}, k=2)
    beads_c = [Bead((i,), (i,), float(copy[i, i])) for i in range(8)]
    m_copy = bead_margins(beads_c, {(1, 1): copy}, k=2)
    cfg = MarginConfig()
    assert all(m.relative < cfg.min_margin or m.z < cfg.min_z for m in m_top)
    assert all(m.margin > 0.5 and m.z > 4 for m in m_copy)
    al = Alignment(tuple(beads), 8, 8, 0.0)
    filtered = filter_beads(al, m_top, [0.1] * 8, cfg)
    assert all(not b.base or not b.derivative for b in filtered.beads)
    assert sorted(i for b in filtered.beads for i in b.base) == list(range(8))
    # a verbatim copy (lexical overlap 1) is kept even without a margin
    kept = filter_beads(al, m_top, [1.0] * 8, cfg)
    assert kept.beads == al.beads


def test_margins_of_merged_beads_compare_windows_that_share_no_sentence():
    s11 = np.full((3, 4), 0.2)
    s12 = np.array([[0.9, 0.3, 0.25], [0.3, 0.2, 0.2], [0.2, 0.2, 0.2]])
    m = bead_margins([Bead((0,), (0, 1), 0.9), Bead((1,), ()), Bead((2,), (2,), 0.2)],
                     {(1, 1): s11, (1, 2): s12}, k=1)
    # alternatives of base 0 among 2-windows not overlapping derivative 0-1: only column 2
    assert m[0].margin == pytest.approx(0.9 - (0.25 + 0.3) / 2)
    assert m[1] is None
    u, r = background_level(s11)
    assert u == 0.2 and r == 0.01


def test_verbatim_passages_in_a_text_of_its_own_are_derived():
    own = [f"Local sentence number {k} about the weather and the markets." for k in range(18)]
    base = BASE + ["Shops reopened in the city on Monday.", "Banks stayed closed for a week.",
                   "Internet access returned slowly.", "Flights resumed on Thursday."]
    deriv = own[:9] + BASE[:2] + own[9:]
    pairs = ([_pair([0], [9], "verbatim", 1.0, 1.0), _pair([1], [10], "verbatim", 1.0, 1.0)]
             + [_pair([i], [], "omission") for i in range(2, 8)]
             + [_pair([], [j], "addition") for j in range(20) if j not in (9, 10)])
    ev = copying_evidence(base, deriv, pairs, [None] * len(pairs), False)
    assert ev.derived and ev.decided_by == "verbatim"
    assert ev.longest >= 15 and 0.3 < ev.verbatim < 0.5 and ev.verbatim_derivative < 0.2
    s = summarize(pairs, 8, 20, ev)
    assert s.verdict == "edited-copy" and s.kind == "partial-reuse"
    assert s.p_derived == ev.p_derived
    d = s.to_dict()
    assert d["evidence"]["fragments"][0]["base_sentences"] == [0, 1]
    # the same pairs without texts: the alignment alone decides, and 2 of 20 is not enough
    assert summarize(pairs, 8, 20).verdict == "independent"
    assert summarize(pairs, 8, 20).p_derived is None


def test_no_shared_content_is_independent():
    other = ["The city council approved a new bridge over the river on Tuesday.",
             "Work is to start in spring and cost twelve million euros."]
    pairs = [_pair([i], [], "omission") for i in range(4)] + \
        [_pair([], [j], "addition") for j in range(2)]
    ev = copying_evidence(BASE, other, pairs, [None] * 6, False)
    assert not ev.derived and ev.decided_by == "none" and ev.fragments == ()
    s = summarize(pairs, 4, 2, ev)
    assert s.verdict == "independent" and s.kind == "independent-report"


def test_the_shipped_model_has_non_negative_weights_and_is_monotone():
    m = load_verdict_model()
    assert len(m.coef) == len(FEATURES) and all(c >= 0 for c in m.coef)
    lo = {f: 0.0 for f in FEATURES}
    hi = {f: 1.0 for f in FEATURES}
    assert m.predict(lo) < 0.5 < m.predict(hi)
    assert len(m.hash()) == 8
    custom = VerdictModel(-1.0, (0.0,) * len(FEATURES), {})
    assert custom.predict(hi) == pytest.approx(1 / (1 + np.e))


def test_verdict_rules_with_and_without_evidence():
    assert verdict(0.3, 1.0, 1.0) == "independent"               # no evidence: extent decides
    assert verdict(0.3, 1.0, 1.0, derived=True) == "edited-copy"
    assert verdict(0.95, 0.95, 0.95, derived=False) == "independent"
    assert verdict(0.95, 0.95, 0.95, derived=True) == "copy"
    assert verdict(0.9, 0.4, 0.6, derived=True) == "rewrite"
    assert derivative_kind("edited-copy", 3, 1.0, 0, 0.9, 0.1, 0.9, 0.2) == "partial-reuse"
    assert derivative_kind("edited-copy", 0, 1.0, 0, 0.9, 0.3, 0.9, 0.8) == "excerpt"


def test_too_small_a_pair_has_no_background_and_is_not_filtered():
    from drift.align.windows import align_windows
    from drift.config import AlignConfig

    a = np.array([[1.0, 0.0]])
    b = np.array([[0.8, 0.6]])  # cosine 0.8, words all different
    al, _, _ = align_windows({1: a}, {1: b}, ["The council approved the bridge."],
                             ["Councillors voted the crossing through."],
                             AlignConfig(max_group=1), False, MarginConfig())
    assert [(x.base, x.derivative) for x in al.beads] == [((0,), (0,))]
    # nine sentence pairs, all alike: topical similarity only, nothing stands out
    rng = np.random.default_rng(1)
    base = rng.normal(size=(3, 8))
    vecs = np.repeat(base.mean(0, keepdims=True), 3, axis=0) + 0.05 * rng.normal(size=(3, 8))
    texts = [f"Sentence number {k} of the text." for k in range(3)]
    other = [f"Other words {k} here entirely." for k in range(3)]
    al, sims, _ = align_windows({1: vecs}, {1: vecs[::-1] + 0.01}, texts, other,
                                AlignConfig(max_group=1), False, MarginConfig())
    assert sims[(1, 1)].min() > 0.9
    assert all(not x.base or not x.derivative for x in al.beads)
