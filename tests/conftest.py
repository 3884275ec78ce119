"""Shared fixtures: the real bundled model and one warmed embedding cache, each made once per
test session, and the example corpus compared once.

Every test runs with ``DRIFT_CACHE_DIR`` pointing at the session's cache (never the user's),
so a CLI run, ``drift.compare(..., cache=True)`` and a subprocess that inherits the
environment all find the example corpus's vectors already there. A test that must see a cold
or an isolated cache makes its own (``tmp_path``) or copies this one (:func:`copy_cache`).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan-2022"
#: the example corpus: the base first, then its four derivatives
EXAMPLE_NAMES = ["base_reuters", "mt_macedonian_blog", "ai_budapest_post",
                 "republished_london_daily", "independent_straits_times"]

# property-based tests: a fixed, quick profile by default (the same examples on every run);
# DRIFT_HYPOTHESIS_PROFILE=thorough searches further
_COMMON = dict(database=None, suppress_health_check=[HealthCheck.too_slow,
                                                     HealthCheck.data_too_large])
settings.register_profile("ci", max_examples=40, deadline=timedelta(seconds=10),
                          derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=500, deadline=timedelta(seconds=10),
                          **_COMMON)
settings.load_profile(os.environ.get("DRIFT_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def encoder():
    from drift.embed.models import load_encoder

    return load_encoder("minilm")


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def session_cache_dir(tmp_path_factory) -> Path:
    """The folder of the session's embedding cache (``DRIFT_CACHE_DIR`` in every test)."""
    return tmp_path_factory.getbasetemp() / "drift-cache"


@pytest.fixture(autouse=True)
def _cache_dir(session_cache_dir, monkeypatch):
    """Keep every test's embedding cache out of the user's cache dir: the session's."""
    monkeypatch.setenv("DRIFT_CACHE_DIR", str(session_cache_dir))


@pytest.fixture(scope="session")
def cache(session_cache_dir, examples, tmp_path_factory):
    """The session's embedding cache, warmed once with every vector a ``drift batch`` of the
    whole example corpus needs (both encoders of the default drift score): what ``drift
    score``, the API and ``drift batch`` ask for on the example corpus is all there."""
    from drift.batch import LocalExecutor, run_batch
    from drift.embed import EmbeddingCache

    work = tmp_path_factory.mktemp("warm")
    manifest = work / "manifest.jsonl"
    paths = [str(examples / f"{n}.txt") for n in EXAMPLE_NAMES]
    manifest.write_text(json.dumps({"id": "kz", "base": paths[0], "derivatives": paths[1:]})
                        + "\n", encoding="utf-8")
    c = EmbeddingCache(session_cache_dir)
    result = run_batch(manifest, work / "out", cache=c, executor=LocalExecutor(1))
    assert result.done == 1, result.errors
    yield c
    c.close()


@pytest.fixture()
def copy_cache(cache, tmp_path):
    """A private copy of the warmed session cache (for tests that count what gets encoded, or
    that damage their cache)."""
    def make(name: str = "cache") -> Path:
        dest = tmp_path / name
        shutil.copytree(cache.directory, dest)
        return dest

    return make


@pytest.fixture(scope="session")
def example_comparison(examples, encoder, cache):
    """The whole example corpus compared once (the base and its four derivatives)."""
    import drift

    docs = [drift.read_document(examples / f"{n}.txt") for n in EXAMPLE_NAMES]
    return drift.compare_documents(docs[0], *docs[1:], encoder=encoder, cache=cache)
