"""Word matching within bounded work: marks and joiners, long pairs, the budget."""

from __future__ import annotations

import pytest
from samples import COMPOSED, DECOMPOSED, long_pair

from drift.score import spelling, wordalign
from drift.score.explain import TOO_LONG, explain_pairs
from drift.score.spelling import is_spelling_variant
from drift.score.wordalign import WORD_PAIR_BUDGET, align_words
from drift.score.words import analyze_words


@pytest.mark.parametrize("use_spacy", [True, False])
def test_combining_marks_and_joiners_are_not_changes(use_spacy):
    e = explain_pairs([(DECOMPOSED, COMPOSED)], None, use_spacy=use_spacy)[0]
    assert e.changes == () and e.flags == ()
    assert {w.text for w in e.base_words} >= {"cafe\u0301", "Kazakh\u200dstan", "re\u00adopened"}


def test_spans_point_into_the_original_text():
    a = "The cafe\u0301 in Kazakh\u200dstan closed on Monday."
    b = "The caf\u00e9 in Kazakhstan opened on Tuesday."
    e = explain_pairs([(a, b)], None, use_spacy=False)[0]
    assert [(c.base_text, c.deriv_text) for c in e.changes] == [("closed", "opened"),
                                                                ("Monday", "Tuesday")]
    for c in e.changes:
        assert a[slice(*c.base_span)] == c.base_text and b[slice(*c.deriv_span)] == c.deriv_text


def test_words_with_marks_stay_whole():
    hindi = "\u0928\u092e\u0938\u094d\u0924\u0947 \u0926\u0941\u0928\u093f\u092f\u093e"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    words = analyze_words([f"{hindi}, {persian}"], use_spacy=False)[0]
    assert [w.text for w in words] == [hindi.split()[0], hindi.split()[1], ",", persian]


def test_a_stray_period_is_punctuation_not_an_omission():
    e = explain_pairs([("He was a Nazarbayev. ally of Putin.", "He was a Nazarbayev ally of Putin.")],
                      None)[0]
    assert e.flags == ("formatting",)
    assert [(c.kind, c.base_text) for c in e.changes] == [("formatting", ".")]


def test_long_pairs_are_matched_by_anchors_in_bounded_work(monkeypatch):
    calls = []
    relation = wordalign.relation

    def counting(a, b, cos):
        calls.append(1)
        return relation(a, b, cos)

    monkeypatch.setattr(wordalign, "relation", counting)
    a, b = long_pair(3000)
    e = explain_pairs([(a, b)], None, use_spacy=False)[0]
    n = len(e.base_words)
    assert n * len(e.deriv_words) > WORD_PAIR_BUDGET and e.notes == (TOO_LONG,)
    assert len(calls) <= 12 * n  # a bounded number of candidates per word, not n * m
    kinds = [k for _, _, k, _ in e.matches]
    assert kinds.count("equal") >= 0.85 * n  # 90% of the words are unchanged
    assert sum(c.kind == "substitute" for c in e.changes) >= 250  # the replaced words
    for c in e.changes:
        assert a[slice(*c.base_span)] == c.base_text if c.base_span else True


def test_short_pairs_are_matched_in_full_without_a_note():
    a, b = long_pair(200)
    e = explain_pairs([(a, b)], None, use_spacy=False)[0]
    assert e.notes == () and len(e.base_words) * len(e.deriv_words) <= WORD_PAIR_BUDGET


def test_budget_is_a_parameter_of_align_words():
    base, deriv = analyze_words(["the red car stopped here", "the car stopped there"],
                                use_spacy=False)
    full = align_words(base, deriv, None)
    anchored = align_words(base, deriv, None, budget=1)
    assert [(i, j) for i, j, _, _ in full] == [(i, j) for i, j, _, _ in anchored]


def test_spelling_variants_of_very_long_words_are_not_compared(monkeypatch):
    monkeypatch.setattr(spelling, "_edit_distance", lambda a, b: pytest.fail("compared"))
    assert not is_spelling_variant("K" + "a" * 5000, "K" + "a" * 4999 + "b")
    assert not is_spelling_variant("Kazakhstan", "Kazakhstan-and-its-neighbours")
