"""The combined drift score (drift.score.driftscore) and its use in the pipeline."""

from __future__ import annotations

import statistics

import numpy as np
import pytest

from drift.score.driftscore import (
    FEATURES,
    DriftModel,
    drift_scores,
    feature_matrix,
    load_drift_model,
)
from drift.score.explain import Change, explain_pairs


def test_shipped_model_is_plain_json_and_documented():
    m = load_drift_model()
    names = {part.removeprefix("1-") for i in m.inputs for part in i.split("*")}
    assert names <= set(FEATURES)
    assert min(m.weights) >= 0  # monotone: no input can lower the drift
    assert len(m.inputs) == len(m.weights) == len(m.mean) == len(m.scale)
    assert "STS" in str(m.meta.get("trained_on")) and "PAWS" in str(m.meta.get("trained_on"))
    again = DriftModel.from_json_text(m.to_json())
    x = np.random.default_rng(0).random((5, len(FEATURES)))
    assert np.allclose(again.score(x), m.score(x))


def test_identical_pair_scores_zero_and_range():
    m = load_drift_model()
    same = explain_pairs([("The cat sat on the mat.", "The cat sat on the mat.")], None)
    ident = feature_matrix([1.0], [1.0], same)
    assert m.score(ident)[0] == pytest.approx(0.0, abs=1e-9)
    x = np.random.default_rng(1).random((50, len(FEATURES)))
    s = m.score(x)
    assert s.shape == (50,) and (s >= 0).all() and (s <= 1).all()


def test_meaning_change_with_high_overlap_drifts_more_than_paraphrase(encoder):
    pairs = [
        ("The ship sailed from Lisbon to Boston in the spring.",
         "The ship sailed from Boston to Lisbon in the spring."),       # roles swapped
        ("The ship sailed from Lisbon to Boston in the spring.",
         "In the spring, the vessel travelled from Lisbon to Boston."),  # paraphrase
        ("The committee will approve the merger.", "The committee will not approve the merger."),
        ("The committee will approve the merger.", "The merger will be approved by the committee."),
    ]
    sims, drift, expl, lex = drift_scores(pairs, encoder)
    assert drift[0] > drift[1]
    assert drift[2] > drift[3]
    assert len(expl) == 4 and sims.shape == lex.shape == (4,)


def test_example_corpus(encoder, examples):
    from drift.api import compare

    r = compare(examples / "base_reuters.txt", examples / "mt_macedonian_blog.txt",
                examples / "ai_budapest_post.txt", examples / "republished_london_daily.txt",
                cache=True)
    base = r.base.sentences

    def pair(deriv, needle):
        d = r[deriv]
        return next(p for p in d.pairs if p.base and p.derivative
                    and needle in " ".join(d.sentences[j].text for j in p.derivative))

    belarus = pair("mt_macedonian_blog", "Belarusian")
    assert {"pronoun", "omission"} <= set(belarus.flags)
    assert "spelling" in pair("mt_macedonian_blog", "Kasim-Jomart").flags
    assert "tense" in pair("mt_macedonian_blog", "Utilities are clearing").flags
    first = pair("ai_budapest_post", "claimed victory on Monday")
    assert "yesterday" in base[first.base[0]].text and "date" in first.flags
    london = [p.drift for p in r["republished_london_daily"].pairs if p.drift is not None]
    assert statistics.median(london) <= 0.02
    assert all(isinstance(c, Change) and "kind" in c.to_dict() for c in belarus.changes)
    row = next(x for x in r.rows() if "Belarusian" in x["derivative_text"])
    assert "pronoun" in row["flags"] and any("crushing" in c["base"] for c in row["changes"])
