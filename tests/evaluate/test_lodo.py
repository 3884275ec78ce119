"""The leave-one-dataset-out benchmark (benchmarks/lodo.py) and its data layer: real rows of the
shared evaluation sets, and the rule that a left-out source never trains its own model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]


EVAL = REPO.parent / "shared" / "eval"

pytestmark = pytest.mark.skipif(not (EVAL / "sick2014").is_dir(),
                                reason="shared evaluation data not found")


def test_sick_and_sts_sources_are_read_with_their_labels():
    from bench_pairs import load_set

    sick = load_set(EVAL, "sick", "trial")
    assert len(sick.pairs) == 500
    assert set(sick.entail) == {"ENTAILMENT", "NEUTRAL", "CONTRADICTION"}
    assert sick.gold.min() >= 1 and sick.gold.max() <= 5
    k = sick.pairs.index(("The young boys are playing outdoors and the man is smiling nearby",
                          "There is no boy playing outdoors and there is no man smiling"))
    assert sick.entail[k] == "CONTRADICTION" and sick.gold[k] == pytest.approx(3.6)
    sts = load_set(EVAL, "sts", "train")
    assert len(sts.pairs) == 5749
    assert {"MSRpar", "MSRvid", "headlines", "images", "deft-forum", "deft-news"} <= set(sts.source)


def test_each_source_is_scored_by_a_model_that_never_saw_it(monkeypatch):
    import lodo
    from bench_pairs import load_set, set_metrics
    from train_driftscore import SETTINGS, fit_sources

    from drift.score.driftscore import FEATURES

    sick = load_set(EVAL, "sick", "trial")
    rng = np.random.default_rng(0)
    x = np.zeros((len(sick.pairs), len(FEATURES)))
    cos = 0.5 + (sick.gold - 1) / 8 - rng.random(len(sick.pairs)) * 0.3  # a noisy cosine
    x[:, FEATURES.index("similarity")] = x[:, FEATURES.index("similarity2")] = cos
    x[:, FEATURES.index("lexical")] = 0.5
    halves = [lodo.Source(f"half {k}", sick.subset(np.arange(500) % 2 == k), x[k::2])
              for k in (0, 1)]
    seen: list[list[str]] = []

    def spy(sources, settings=SETTINGS, meta=None):
        seen.append([s.name for s in sources])
        return fit_sources(sources, settings, meta)

    monkeypatch.setattr(lodo, "fit_sources", spy)
    rows = lodo.lodo_rows(halves)
    assert seen == [["half 1"], ["half 0"]]
    assert [(r[0], r[2]) for r in rows] == [("half 0", "spearman"), ("half 0", "ce_auc"),
                                            ("half 1", "spearman"), ("half 1", "ce_auc")]
    plain = set_metrics(halves[0].data, 1 - halves[0].x[:, 0])
    assert rows[0][3] == pytest.approx(plain["spearman"])  # the cosine column is plain cosine
    assert rows[0][4] == pytest.approx(plain["spearman"], abs=0.02)  # monotone in the cosine
