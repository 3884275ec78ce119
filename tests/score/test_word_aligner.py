"""The monolingual word aligner (drift.score.wordalign): counterparts only, null links, spans."""

from __future__ import annotations

import numpy as np
import pytest

from drift.embed.tokens import pool_words, token_vectors
from drift.score.wordalign import align_words, context_similarity
from drift.score.words import analyze_words


def _align(encoder, a: str, b: str):
    wa, wb = analyze_words([a, b])
    rows = token_vectors([a, b], encoder)
    sim = context_similarity(pool_words(rows[0], [(w.start, w.end) for w in wa]),
                             pool_words(rows[1], [(w.start, w.end) for w in wb]))
    links = align_words(wa, wb, sim)
    return wa, wb, {(wa[i].text, wb[j].text): kind for i, j, kind, _ in links}, sim


def test_counterparts_are_linked(encoder):
    _, _, links, _ = _align(encoder, "It backed the leader of Belarus in crushing demonstrations in 2020.",
                            "She supported the Belarusian leader during the 2020 protests.")
    assert links[("It", "She")] in ("synonym", "substitute")
    assert links[("backed", "supported")] == "synonym"
    assert links[("demonstrations", "protests")] == "synonym"
    assert ("Belarus", "Belarusian") in links
    assert not any(a == "crushing" for a, _ in links)  # no counterpart: a null link


def test_words_of_unrelated_clauses_are_not_forced_together(encoder):
    wa, wb, links, _ = _align(
        encoder,
        "The airline said its bookings were up 6 percent in the quarter, and it ended the quarter "
        "with $1.1 billion in cash.",
        "The airline said its bookings were up 6 percent in the quarter on a capacity increase "
        "of 3 percent.")
    assert ("quarter", "percent") not in links and ("1.1", "3") not in links
    assert not any(a == "it" for a, _ in links)
    # the words both sentences share are linked to themselves
    for w in ("airline", "bookings", "6"):
        assert links[(w, w)] == "equal"


def test_a_word_is_linked_where_its_context_is(encoder):
    # "the" twice on each side: each goes to the one in the same place
    wa, wb, _, sim = _align(encoder, "The cat saw the dog.", "The cat saw the dog again.")
    links = align_words(wa, wb, sim)
    assert [(i, j) for i, j, _, _ in links if wa[i].text.lower() == "the"] == [(0, 0), (3, 3)]


@pytest.mark.parametrize("a, b, run, one, kind", [
    ("A world of drug trafficking was exposed.", "A world of drug-trafficking was exposed.",
     ("drug", "trafficking"), "drug-trafficking", "formatting"),
    ("The DNC chairman spoke.", "The Democratic National Committee chairman spoke.",
     ("Democratic", "National", "Committee"), "DNC", "formatting"),
    ("Members of Al Qaeda were arrested.", "Members of al-Qaida were arrested.",
     ("Al", "Qaeda"), "al-Qaida", "spelling"),
])
def test_span_links(encoder, a, b, run, one, kind):
    wa, wb, _, sim = _align(encoder, a, b)
    links = align_words(wa, wb, sim)
    spans = {}
    for i, j, k, _ in links:
        spans.setdefault(k, set()).add((wa[i].text, wb[j].text))
    pairs = spans[kind]
    assert all((w, one) in pairs or (one, w) in pairs for w in run)


def test_frame_links_without_word_vectors():
    wa, wb = analyze_words(["The delegation travelled to Norway for the summit.",
                            "The delegation travelled to Portugal for the summit."])
    links = {(wa[i].text, wb[j].text): k for i, j, k, _ in align_words(wa, wb, None)}
    assert links[("Norway", "Portugal")] == "substitute"


def test_results_do_not_depend_on_float_noise(encoder):
    """BLAS kernels differ in the last bits: word similarities are rounded (to 1e-3) before
    any comparison, and the matching compares integers."""
    a = "Exports rose to 41.2 billion euros in March, the ministry said."
    b = "Exports climbed to 41.2 billion euros last March."
    wa, wb = analyze_words([a, b])
    rows = token_vectors([a, b], encoder)
    va = pool_words(rows[0], [(w.start, w.end) for w in wa])
    vb = pool_words(rows[1], [(w.start, w.end) for w in wb])
    noise = np.random.default_rng(0).uniform(-1e-7, 1e-7, va.shape)
    sim, sim2 = context_similarity(va, vb), context_similarity(va * (1 + noise), vb)
    assert np.array_equal(sim, sim2)
    assert align_words(wa, wb, sim) == align_words(wa, wb, sim2)
