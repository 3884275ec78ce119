"""Changed spans and flags (drift.score.explain), with sentences written for the tests."""

from __future__ import annotations

import numpy as np
import pytest

from drift.score.driftscore import explanation_features
from drift.score.explain import FLAGS, Change, explain_pairs, explain_words
from drift.score.spelling import is_spelling_variant
from drift.score.wordalign import align_words, word_similarity
from drift.score.words import analyze_words

CASES = {
    "formatting": ("The mayor called it a \u201cfresh start\u201d \u2014 again.",
                   'The Mayor called it a "fresh start" - again.'),
    "spelling": ("The harbour master Jonathon Smyth inspected the boats.",
                 "The harbor master Jonathan Smyth inspected the boats."),
    "tense": ("Farmers are planting wheat in the northern valley.",
              "Farmers were planting wheat in the northern valley."),
    "pronoun": ("The council approved the new budget after a long debate.",
                "They approved the new budget after a long debate."),
    "entity": ("The delegation travelled to Norway for the summit.",
               "The delegation travelled to Portugal for the summit."),
    "number": ("The factory employs 1,250 workers in three shifts.",
               "The factory employs about 900 workers in three shifts."),
    "date": ("The bridge reopened to traffic on Thursday.",
             "The bridge reopened to traffic last weekend."),
    "negation": ("The committee will approve the merger.",
                 "The committee will not approve the merger."),
    "attribution": ("The dam failed because of poor maintenance.",
                    "The dam failed because of poor maintenance, officials said."),
    "omission": ("Rescuers pulled twelve fishermen from the freezing water near the pier.",
                 "Rescuers pulled twelve fishermen from the water."),
    "addition": ("The museum opened a new wing.",
                 "The museum opened a new wing dedicated to medieval tapestries."),
}


@pytest.fixture(scope="module")
def explained(encoder):
    return dict(zip(CASES, explain_pairs(list(CASES.values()), encoder)))


@pytest.mark.parametrize("flag", FLAGS)
def test_each_flag_is_found_and_backed_by_a_change(explained, flag):
    e = explained[flag]
    assert flag in e.flags
    backing = [c for c in e.changes if flag in c.flags]
    assert backing, f"{flag} has no change behind it"
    base, deriv = CASES[flag]
    for c in backing:
        if c.base_span:
            assert base[c.base_span[0]:c.base_span[1]] == c.base_text
        if c.deriv_span:
            assert deriv[c.deriv_span[0]:c.deriv_span[1]] == c.deriv_text


def test_flags_are_specific(explained):
    assert explained["formatting"].flags == ("formatting",)
    assert explained["spelling"].flags == ("spelling",)
    assert "entity" not in explained["tense"].flags
    assert "omission" not in explained["addition"].flags


def test_named_spans(explained):
    def kinds(flag):
        return {(c.base_text, c.deriv_text): c.kind for c in explained[flag].changes}

    assert kinds("spelling")[("harbour", "harbor")] == "spelling"
    assert kinds("entity")[("Norway", "Portugal")] == "substitute"
    om = [c for c in explained["omission"].changes if "omission" in c.flags]
    assert any("freezing" in c.base_text for c in om)
    assert any(c.kind == "insert" and "officials said" in c.deriv_text
               for c in explained["attribution"].changes)


def test_near_synonym_versus_change_of_meaning(encoder):
    e = explain_pairs([("Cleaners were removing rubble from the square.",
                        "Utilities are clearing rubble from the square.")], encoder)[0]
    kinds = {(c.base_text, c.deriv_text): c.kind for c in e.changes}
    assert kinds[("Cleaners", "Utilities")] == "substitute"
    assert kinds[("removing", "clearing")] == "synonym"
    assert "tense" in e.flags


def test_identical_pair_has_no_changes(encoder):
    e = explain_pairs([("Nothing changed here.", "Nothing changed here.")], encoder)[0]
    assert e.flags == () and e.changes == ()


def test_word_swap_is_seen_as_crossing(encoder):
    a = "The ship sailed from Lisbon to Boston in the spring."
    b = "The ship sailed from Boston to Lisbon in the spring."
    e = explain_pairs([(a, b)], encoder)[0]
    f = explanation_features(e)
    assert f["crossing"] >= 0.1 and f["bigram"] < 1


def test_align_words_without_model_and_no_input_mutation():
    base, deriv = analyze_words(["the red car stopped", "the car stopped"], use_spacy=False)
    sim = word_similarity(base, deriv, {})
    before = sim.copy()
    pairs = align_words(base, deriv, sim)
    assert [(i, j) for i, j, _, _ in pairs] == [(0, 0), (2, 1), (3, 2)]
    assert np.array_equal(sim, before)
    e = explain_words("the red car stopped", "the car stopped", base, deriv, sim)
    assert e.changes == (Change("delete", (4, 7), None, "red", "", None, ("omission",)),)


def test_fallback_tagger_finds_flags():
    e = explain_pairs([("Police did not arrest 40 people on Sunday.",
                        "Police arrested 45 people on Monday.")], None, use_spacy=False)[0]
    assert {"negation", "number", "date"} <= set(e.flags)


def test_spelling_variant():
    assert is_spelling_variant("Massimov", "Masimov")
    assert is_spelling_variant("colour", "color")
    assert not is_spelling_variant("Lisbon", "Boston")
    assert not is_spelling_variant("2020", "2021")
    assert not is_spelling_variant("Russian", "Russia's")  # another word
    assert not is_spelling_variant("interfere", "intervene")
