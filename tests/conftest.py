"""Shared fixtures: the real bundled model, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan-2022"


@pytest.fixture(scope="session")
def encoder():
    from drift.embed.models import load_encoder

    return load_encoder("minilm")


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES


@pytest.fixture(autouse=True)
def _cache_dir(tmp_path_factory, monkeypatch):
    """Keep every test's embedding cache out of the user's cache dir."""
    monkeypatch.setenv("DRIFT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "drift-cache"))
