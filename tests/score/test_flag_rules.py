"""The flags follow the labelling rules of FLAGS.md (benchmarks/data/flags_dev/FLAGS.md), each
backed by the spans that justify it; real sentences, the bundled model."""

from __future__ import annotations

import pytest

from drift.score.explain import FLAGS, explain_pairs
from drift.score.severity import severity

#: base, derivative, the flags expected (all of them), and flags that must not fire
RULES = {
    # FLAGS.md's own examples
    "example: pronoun and omission": (
        "It backed the leader of Belarus in crushing demonstrations in 2020.",
        "She supported the Belarusian leader during the 2020 protests.",
        {"pronoun", "omission"}),
    "example: attribution dropped, rose -> rising is no tense, March's is no date": (
        "Exports rose to 41.2 billion euros from 39.8 billion in March, the ministry said.",
        "Exports, meanwhile, also showed some strength, rising to 41.2 billion euros from "
        "March's 39.8 billion.",
        {"attribution", "omission", "addition"}),
    "example: the it of a dropped clause is no pronoun, quarter is no date": (
        "The airline said its bookings were up 6 percent in the quarter, and it ended the "
        "quarter with $1.1 billion in cash.",
        "The airline said its bookings were up 6 percent in the quarter on a capacity "
        "increase of 3 percent.",
        {"number", "omission", "addition"}),
    # formatting never for a capital that moved with its word
    "moved capital": ("In comparison, the ministry reported a loss.",
                      "The ministry reported a loss in comparison.", set()),
    # tense: the same event only, finite verbs only
    "finite -> participle is no tense": ("The results were rising sharply.",
                                         "The results rose sharply.", {"tense"}),
    "will rise -> rose": ("Prices will rise sharply.", "Prices rose sharply.", {"tense"}),
    "another verb in the same tense": ("The survey was conducted last year.",
                                       "The survey was concluded last year.", set()),
    # negation: a clause present on both sides flips
    "negation added": ("The committee approved the plan.",
                       "The committee did not approve the plan.", {"negation"}),
    "negation in other words": ("The committee did not approve the plan.",
                                "The committee didn't approve the plan.", set()),
    "negation inside wholly new content": (
        "The mayor opened the bridge.",
        "The mayor opened the bridge and said that he never discussed the tolls.",
        {"addition"}),
    "negation in a new relative clause": ("Residents are angry.",
                                          "Residents who won't leave are angry.", set()),
    # number vs date by the form of the expression
    "a duration is a number": ("The trip takes 10-60 minutes.",
                               "The trip takes 10-50 minutes.", {"number"}),
    "a point in time is a date": ("He arrived three weeks ago.", "He arrived four weeks ago.",
                                  {"date"}),
    "a quantity modifier": ("Up to half of the staff were laid off.",
                            "Half of the staff were laid off.", {"number"}),
    # pronoun and entity
    "a pronoun for a name": ("Comey said the inquiry was closed.",
                             "He said the inquiry was closed.", {"pronoun"}),
    "the same entity in another form": ("The U.S. delegation arrived on Monday.",
                                        "The American delegation arrived on Monday.", set()),
    "a title dropped": ("Mr. Bush visited the plant.", "Bush visited the plant.", set()),
    "a name for a common noun is a dropped entity": ("Microsoft released the update.",
                                                     "The company released the update.",
                                                     {"entity"}),
    "a possessive for an article": ("the germany visit was short.",
                                    "his visit to germany was short.", set()),
    # attribution
    "attribution dropped": ("The flood damaged 40 homes, according to police.",
                            "The flood damaged 40 homes.", {"attribution", "omission"}),
    "the same source in other words": ("The flood damaged 40 homes, officials said.",
                                       "The flood damaged 40 homes, officials quipped.", set()),
    # words that are also month or day names are no dates (a hostile-input report: "may" is
    # among the most frequent words of news copy)
    "may -> might is no date": ("Officials say prices may rise.",
                                "Officials say prices might rise.", {"tense"}),
    "march -> walk is no date": ("Thousands march through the capital.",
                                 "Thousands walk through the capital.", set()),
    "sat -> lay is no date": ("The cat sat on the mat.", "The cat lay on the mat.", set()),
    "wed -> married is no date": ("The couple wed last year.",
                                  "The couple married last year.", set()),
    "sun -> moon is no date": ("The sun rose over the city.", "The moon rose over the city.",
                               set()),
    # ... but the months are ("May" is the modal to spaCy's tagger in "set for May 3")
    "May 3 -> June 3": ("The vote is set for May 3.", "The vote is set for June 3.", {"date"}),
    "in March -> in April": ("He arrived in March.", "He arrived in April.", {"date"}),
    "last week -> last month": ("The vote was last week.", "The vote was last month.",
                                {"date"}),
    "I am is no time": ("I am proud of the team.", "I was proud of the team.", {"tense"}),
    # an acronym for its expansion is the same name in another form, not formatting
    "acronym for its expansion": ("The Democratic National Committee met on Monday.",
                                  "The DNC met on Monday.", set()),
    "U.S. -> United States": ("The United States delegation arrived on Monday.",
                              "The U.S. delegation arrived on Monday.", set()),
    "U.S. -> US is formatting": ("The U.S. delegation arrived on Monday.",
                                 "The US delegation arrived on Monday.", {"formatting"}),
    # a market code beside the name it codes is no name or content of its own
    "a market code": ("General Motors planned to issue debt.",
                      "General Motors GM.N planned to issue debt.", set()),
    "a currency code": ("The dollar was flat against the yen.",
                        "The dollar was flat against the yen JPY=.", set()),
    # the same digits, another value: a number changed, not formatting
    "12 -> 1.2": ("Prices rose 12 percent.", "Prices rose 1.2 percent.", {"number"}),
    # a time of day is a date (FLAGS.md: date or time), not a number
    "11.30am -> 3.00pm": ("Market update: 11.30am", "Market update: 3.00pm", {"date"}),
}


@pytest.fixture(scope="module")
def explained(encoder):
    return dict(zip(RULES, explain_pairs([r[:2] for r in RULES.values()], encoder)))


@pytest.mark.parametrize("name", RULES)
def test_flags_follow_the_rules(explained, name):
    assert set(explained[name].flags) == RULES[name][2]


@pytest.mark.parametrize("name", RULES)
def test_every_flag_has_its_evidence(explained, name):
    e = explained[name]
    base, deriv, _ = RULES[name]
    assert {ev.flag for ev in e.evidence} == set(e.flags)
    for ev in e.evidence:
        assert ev.base_span or ev.deriv_span
        if ev.base_span:
            assert base[ev.base_span[0]:ev.base_span[1]] == ev.base_text
        if ev.deriv_span:
            assert deriv[ev.deriv_span[0]:ev.deriv_span[1]] == ev.deriv_text
    # a flag is backed by a change, and the evidence is in the explanation's dict
    for flag in e.flags:
        assert any(flag in c.flags for c in e.changes)
    assert [d["flag"] for d in e.to_dict()["evidence"]] == [ev.flag for ev in e.evidence]
    assert all(ev.flag in FLAGS for ev in e.evidence)


def test_evidence_names_the_spans(explained):
    ev = {e.flag: e for e in explained["will rise -> rose"].evidence}
    assert (ev["tense"].base_text, ev["tense"].deriv_text) == ("will rise", "rose")
    ev = {e.flag: e for e in explained["example: pronoun and omission"].evidence}
    assert (ev["pronoun"].base_text, ev["pronoun"].deriv_text) == ("It", "She")
    assert "crushing" in ev["omission"].base_text and ev["omission"].deriv_span is None


def test_severity_weighs_facts_above_surface(encoder):
    pairs = [("The factory employs 1,250 workers.", "The factory employs 900 workers."),
             ("The committee will approve the merger.", "The committee will not approve the merger."),
             ("The delegation travelled to Norway.", "The delegation travelled to Portugal."),
             ("The factory employs 1,250 workers.", "the factory employs 1,250 workers"),
             ("The mayor called it a \u201cfresh start\u201d.", 'The mayor called it a "fresh start".'),
             ("The factory employs many workers.", "The factory employs many, workers.")]
    sev = [severity(e) for e in explain_pairs(pairs, encoder)]
    assert min(sev[:3]) >= 0.5 and max(sev[3:]) == 0.0


@pytest.mark.parametrize("base, derivative, is_date", [
    # a relative date word names a time only beside a date, am/pm only after a figure
    ("The bank stands near the river.", "The bank stands next to the river.", False),
    ("Rusch has allowed five runs in each of his starts.",
     "Rusch has allowed five runs in each of his last three starts.", False),
    ("Strikes preceded eight contracts.", "Strikes have preceded eight of the last 10 contracts.",
     False),
    ('"This deal makes sense," Halla said.', "Halla said the deal made sense.", False),
    ("The vote was held.", "The vote was held last week.", True),
    ("He has lived there since 1999.", "He has lived there since 2001.", True),
    ("The meeting starts at 11 am.", "The meeting starts at 3 pm.", True),
])
def test_relative_date_words_need_a_date(encoder, base, derivative, is_date):
    (e,) = explain_pairs([(base, derivative)], encoder)
    assert ("date" in e.flags) == is_date, e.evidence
