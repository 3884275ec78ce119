"""Verification through the pipeline: the same answers in this process, in worker processes
and as ``drift score`` gives them, with every vector sent along (no model in a worker)."""

from __future__ import annotations

import pytest

from drift.batch.executors import LocalExecutor
from drift.config import DriftConfig
from drift.embed import models
from drift.embed.cache import EmbeddingCache
from drift.match.corpus import read_corpus
from drift.match.verify import _verification, compare_pairs, verify_task
from drift.pipeline import analyze, make_plan

NAMES = ["base_reuters", "mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]
PAIRS = [(0, 1), (0, 2), (0, 4), (2, 3), (1, 4), (3, 0)]


@pytest.fixture(scope="module")
def corpus(examples, session_cache_dir):
    arts = read_corpus([examples / f"{n}.txt" for n in NAMES])
    encoder = models.load_encoder("use-m3", lazy=True)
    plan = make_plan(DriftConfig(model="use-m3"), encoder)
    cache = EmbeddingCache(session_cache_dir)
    timing: dict[str, float] = {}
    here = compare_pairs(arts, PAIRS, plan, encoder, cache, timing=timing)
    assert set(timing) == {"encode_s", "verify_s"}
    return arts, encoder, plan, cache, here


def test_processes_give_byte_for_byte_the_answers_of_this_process(corpus):
    arts, encoder, plan, cache, here = corpus
    pool = LocalExecutor(2, parallel=(verify_task,))
    try:
        there = compare_pairs(arts, PAIRS, plan, encoder, cache, mapper=pool.map, wave=2)
    finally:
        pool.close()
    assert sorted(here) == sorted(PAIRS)
    assert repr(sorted(here.items())) == repr(sorted(there.items()))
    # and drift score's own answer for a pair
    direct = analyze(arts[0].document, [arts[1].document], plan, encoder)
    assert _verification(0, 1, direct.derivatives[0]) == here[(0, 1)]


class _NoModel:
    """An encoder of the plan's name that must not encode: what a worker without the model
    would have."""

    def __init__(self, like):
        self.name, self.info, self.dim = like.name, like.info, getattr(like, "dim", None)

    def encode(self, texts):
        raise AssertionError(f"a worker encoded {len(texts)} texts")


def test_a_group_carries_every_vector_it_needs_so_a_worker_loads_no_model(corpus,
                                                                           monkeypatch):
    arts, encoder, plan, cache, _ = corpus
    tasks = []
    compare_pairs(arts, PAIRS[:3], plan, encoder, cache,
                  mapper=lambda fn, items: tasks.extend(items) or [])
    assert len(tasks) == 1 and tasks[0].targets == (1, 2, 4)
    loaded = []
    monkeypatch.setattr(models, "load_encoder",
                        lambda *a, **k: loaded.append(a) or _NoModel(encoder))
    found = verify_task(tasks[0])
    assert loaded == [(tasks[0].model.source,)]
    assert [v.target for v in found] == [1, 2, 4]


def test_a_wave_at_a_time_gives_the_same_answers(corpus):
    arts, encoder, plan, cache, here = corpus
    assert compare_pairs(arts, PAIRS, plan, encoder, cache, wave=1) == here
