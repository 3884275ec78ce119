"""Property-based tests of the explainer: arbitrary pairs, long edited sentences, brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st
from samples import WORDS, texts

from drift.score import wordalign
from drift.score.explain import CHANGE_KINDS, FLAGS, explain_pairs
from drift.score.wordalign import align_words
from drift.score.words import analyze_words
from drift.text.lexical import lexical_similarity


def _check_explanation(e, a: str, b: str) -> None:
    for words, text in ((e.base_words, a), (e.deriv_words, b)):
        for w in words:
            assert text[w.start:w.end] == w.text
    i_s = [i for i, _, _, _ in e.matches]
    j_s = [j for _, j, _, _ in e.matches]
    assert all(0 <= i < len(e.base_words) for i in i_s)
    assert all(0 <= j < len(e.deriv_words) for j in j_s)
    # one-to-one, but for span links: one word to a run of words, all of one kind
    for i, j, kind, _ in e.matches:
        if i_s.count(i) > 1:
            assert j_s.count(j) == 1 and {m[2] for m in e.matches if m[0] == i} == {kind}
        if j_s.count(j) > 1:
            assert i_s.count(i) == 1 and {m[2] for m in e.matches if m[1] == j} == {kind}
    for ev in e.evidence:
        assert ev.flag in e.flags
        for span, text, claimed in ((ev.base_span, a, ev.base_text),
                                    (ev.deriv_span, b, ev.deriv_text)):
            assert span is None and claimed == "" or text[span[0]:span[1]] == claimed
    for c in e.changes:
        assert c.kind in CHANGE_KINDS and set(c.flags) <= set(FLAGS)
        assert c.base_span or c.deriv_span
        for span, text, claimed in ((c.base_span, a, c.base_text), (c.deriv_span, b, c.deriv_text)):
            if span is None:
                assert claimed == ""
            else:
                assert 0 <= span[0] < span[1] <= len(text) and text[span[0]:span[1]] == claimed
    assert set(e.flags) <= set(FLAGS)


@given(texts, texts, st.booleans())
def test_explainer_without_a_model(a, b, use_spacy):
    (e,) = explain_pairs([(a, b)], None, use_spacy=use_spacy)
    _check_explanation(e, a, b)
    assert 0.0 <= lexical_similarity(a, b) <= 1.0


@given(st.lists(st.tuples(texts, texts), max_size=4))
def test_explainer_on_many_pairs(pairs):
    expls = explain_pairs(pairs, None)
    assert len(expls) == len(pairs)
    for e, (a, b) in zip(expls, pairs):
        _check_explanation(e, a, b)


@given(st.lists(st.sampled_from(WORDS[:12]), min_size=1, max_size=1200),
       st.integers(0, 2**32 - 1))
def test_explainer_on_long_edited_sentences(ws, seed):
    import random

    rng = random.Random(seed)
    edited = [w if rng.random() > 0.1 else rng.choice(WORDS) for w in ws]
    a, b = " ".join(ws) + ".", " ".join(edited) + "."
    (e,) = explain_pairs([(a, b)], None)
    _check_explanation(e, a, b)
    if a == b:
        assert not e.changes


def _best_matching(weight: np.ndarray) -> int:
    """The largest total weight of a one-to-one matching over positive cells, by trying
    every assignment (small matrices only)."""
    from itertools import permutations

    n, m = weight.shape
    if n > m:
        return _best_matching(weight.T)
    return max(sum(max(int(weight[i, j]), 0) for i, j in enumerate(cols))
               for cols in permutations(range(m), n))


@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_global_matching_is_a_maximum_weight_matching(n, m, seed):
    weight = np.random.default_rng(seed).integers(-3, 6, size=(n, m))
    links = wordalign._hungarian(weight)
    assert len({i for i, _ in links}) == len(links) == len({j for _, j in links})
    assert all(weight[i, j] > 0 for i, j in links)
    assert sum(int(weight[i, j]) for i, j in links) == _best_matching(weight)


#: sentences of known words only: variants, inflections and equal words meet often
known = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)


@given(st.one_of(known, texts), st.one_of(known, texts), st.booleans(),
       st.one_of(st.none(), st.integers(0, 2**32 - 1)))
@example("Massimov protested the colour", "Masimov protests the color", False, None)
@example("Crowds were running and buying bread", "Crowds ran and bought bread", True, None)
@example("Tokayev said Kazakh\u200dstan's cafe\u0301", "Tokaev says Kazakhstan's caf\u00e9", True,
         None)
def test_word_links_are_counterparts_within_the_budget(a, b, use_spacy, seed):
    base, deriv = analyze_words([a, b], use_spacy=use_spacy)
    if seed is None:  # no word vectors: only forms, lemmas, spellings and frames link words
        sim = None
    else:
        sim = np.random.default_rng(seed).choice(
            np.array([0.0, 0.3, 0.4, 0.45, 0.5, 0.7, 1.0]), size=(len(base), len(deriv)))
    before = None if sim is None else sim.copy()
    links = align_words(base, deriv, sim)
    assert sim is None or np.array_equal(sim, before)
    for i, j, kind, _ in links:
        assert base[i].is_punct == deriv[j].is_punct
        assert kind == "equal" or kind in CHANGE_KINDS
    # without word vectors, a word written once on each side is linked to itself
    once = {(i, j) for i, w in enumerate(base) for j, v in enumerate(deriv)
            if w.text == v.text and not w.is_punct
            and sum(x.text == w.text for x in base) == 1
            and sum(x.text == w.text for x in deriv) == 1}
    if sim is None:
        assert once <= {(i, j) for i, j, _, _ in links}
