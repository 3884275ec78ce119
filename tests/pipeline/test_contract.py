"""One contract over every stage: deterministic, inputs never mutated, results frozen and
JSON-serialisable (STYLE lesson 10)."""

from __future__ import annotations

import copy
import dataclasses
import json

import numpy as np
import pytest

from drift.align import align, window_similarities
from drift.align.windows import embed_windows
from drift.config import AlignConfig, DriftConfig
from drift.embed import embed
from drift.pipeline import analyze, make_plan, score_alignment
from drift.score import summarize
from drift.score.explain import explain_pairs
from drift.text.lexical import lexical_similarity
from drift.text.read import document_from_text, normalize, strip_furniture
from drift.text.segment import segment_paragraphs

BASE = ["Kazakh Daily", "",
        "The president dismissed the government on Wednesday after fuel prices doubled.",
        "", "Protesters stormed the mayor's office in Almaty. Police fired tear gas.", "",
        "Read More"]


DERIV = ["The president sacked the cabinet on Thursday after fuel prices rose sharply.", "",
         "Police fired tear gas. Demonstrators stormed the town hall in Almaty."]


def twice(fn, *args):
    """Call ``fn`` twice; check the data inputs are unchanged and return both results."""
    data = [a for a in args if not hasattr(a, "encode")]  # encoders are not data
    frozen = copy.deepcopy(data)
    first, second = fn(*args), fn(*args)
    for before, after in zip(frozen, data):
        if isinstance(before, dict):
            assert before.keys() == after.keys()
            assert all(np.array_equal(before[k], after[k]) for k in before)
        elif isinstance(before, np.ndarray):
            assert np.array_equal(before, after)
        else:
            assert before == after
    return first, second


def test_text_stages():
    a, b = twice(strip_furniture, BASE)
    assert a == b
    body = [p for _, p in a[0]]
    s1, s2 = twice(segment_paragraphs, body)
    assert s1 == s2 and len(s1) == 3
    assert twice(normalize, "“Quotes” – dashes")[0] == '"Quotes" - dashes'
    assert len(set(twice(lexical_similarity, body[0], DERIV[0]))) == 1


def test_model_stages(encoder):
    texts = ["Police fired tear gas.", "Demonstrators stormed the town hall."]
    v1, v2 = twice(embed, texts, encoder)
    assert np.array_equal(v1, v2) and np.allclose(np.linalg.norm(v1, axis=1), 1, atol=1e-5)
    w1, w2 = twice(embed_windows, [texts, texts[::-1]], encoder, 2)
    assert all(np.array_equal(w1[0][k], w2[0][k]) for k in w1[0])
    e1, e2 = twice(explain_pairs, [(texts[0], "Police used tear gas.")], encoder)
    assert e1 == e2


def test_alignment_and_scoring_stages(encoder):
    base = segment_paragraphs([p for _, p in strip_furniture(BASE)[0]])
    deriv = segment_paragraphs([p for _, p in strip_furniture(DERIV)[0]])
    wins = embed_windows([[s.norm for s in base], [s.norm for s in deriv]], encoder, 2)
    sims = window_similarities(wins[0], wins[1])
    cfg = AlignConfig(max_group=2)
    al1, al2 = twice(align, sims, len(base), len(deriv), cfg)
    assert al1 == al2
    plan = make_plan(DriftConfig(align=cfg), encoder)
    p1 = score_alignment(al1, base, deriv, plan, encoder)
    p2 = score_alignment(al1, base, deriv, plan, encoder)
    assert p1 == p2
    s1, s2 = twice(summarize, p1, len(base), len(deriv))
    assert s1 == s2


def test_results_are_frozen_and_serialisable(encoder):
    docs = [document_from_text("\n".join(BASE)), document_from_text("\n".join(DERIV))]
    before = copy.deepcopy(docs)
    plan = make_plan(DriftConfig(), encoder)
    result = analyze(docs[0], docs[1:], plan, encoder)
    assert docs == before
    json.dumps(result.to_dict())  # plain data all the way down
    for obj in (result, result[0], result[0].pairs[0], result[0].summary, DriftConfig(), plan):
        field = dataclasses.fields(obj)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, field, None)
    assert result.signature == plan.signature() and plan.drift == "combined"
    assert {"margin", "pd"} <= {p.split(":", 1)[0] for p in result.signature.split("|")}
    # an honest signature: what ran, with the libraries and the drift model's hash
    sig = dict(part.split(":", 1) for part in result.signature.split("|"))
    assert sig["drift"].startswith("combined@") and len(sig["drift"]) == len("combined@") + 8
    assert {"st", "torch", "tag", "xl", "v"} <= set(sig) and sig["xl"] == "en"
    assert result[0] == analyze(docs[0], docs[1:], plan, encoder)[0]  # comparable
