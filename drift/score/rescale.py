"""Per-model rescaling of cosine similarity, so that drift means the same across models.

Raw cosine is not comparable across encoders: multilingual-e5-small puts unrelated sentences
near 0.75, the multilingual USE near 0.1. As BERTScore's ``rescale_with_baseline`` does, drift
maps a similarity ``s`` with a per-model baseline ``b``::

    rescaled(s) = (s - b) / (1 - b)          drift_rescaled = clip(1 - rescaled(s), 0, 2)

``b`` (``unrelated``) is the mean cosine of unrelated sentence pairs: every pair of different
rows of the sample shipped in ``drift/data/baseline_sample.tsv`` (18 short news sentences in
English, German and French, written for drift), over all language combinations. So an
unrelated pair has drift about 1 and an identical pair 0, whatever the model. The baseline
file also records ``translated`` (mean cosine of a sentence and its translation), to read the
rescaled scale: a typical translation has rescaled similarity
``(translated - b) / (1 - b)``.

Baselines live in ``drift/data/baselines.json``, keyed by the encoder's ``name``, and are made
by ``benchmarks/make_baselines.py``. A model without a baseline cannot be rescaled:
:func:`load_baseline` raises instead of falling back to raw cosine.
"""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.data import read_sample
from drift.errors import ConfigError

__all__ = ["Baseline", "load_baseline", "available_baselines", "rescale", "rescaled_drift",
           "baseline_from_embeddings", "read_sample"]


@dataclass(frozen=True)
class Baseline:
    """Typical cosine similarities of one encoder.

    Attributes:
        model: the encoder's ``name``.
        unrelated: mean cosine of unrelated pairs (the ``b`` of the formula).
        translated: mean cosine of translated pairs (for reading the scale).
        n_pairs: number of unrelated pairs averaged.
    """

    model: str
    unrelated: float
    translated: float
    n_pairs: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"unrelated": round(self.unrelated, 6), "translated": round(self.translated, 6),
                "n_pairs": self.n_pairs}


def _baselines() -> dict[str, dict[str, Any]]:
    path = importlib.resources.files("drift").joinpath("data/baselines.json")
    return json.loads(path.read_text(encoding="utf-8"))


def available_baselines() -> list[str]:
    """Encoder names that have a shipped baseline."""
    return sorted(_baselines())


def load_baseline(model_name: str) -> Baseline:
    """The shipped baseline of an encoder's weights (:attr:`drift.embed.ModelInfo.weights`:
    the same for fp32 and bf16).

    Raises:
        ConfigError: no baseline for those weights (rescaled drift is then unavailable).
    """
    table = _baselines()
    if model_name not in table:
        raise ConfigError(
            f"no rescaling baseline for model {model_name!r}; baselines exist for: "
            f"{', '.join(sorted(table))}. Use --drift cosine or add one with "
            "benchmarks/make_baselines.py"
        )
    d = table[model_name]
    return Baseline(model_name, float(d["unrelated"]), float(d["translated"]),
                    int(d.get("n_pairs", 0)))


def rescale(sim: np.ndarray | float, baseline: Baseline) -> np.ndarray | float:
    """``(s - b) / (1 - b)`` with ``b = baseline.unrelated`` (any shape; not clipped).

    >>> rescale(0.8, Baseline("toy", unrelated=0.6, translated=0.9))
    0.5000000000000001
    """
    b = baseline.unrelated
    return (np.asarray(sim, dtype=np.float64) - b) / (1.0 - b) if isinstance(sim, np.ndarray) \
        else (float(sim) - b) / (1.0 - b)


def rescaled_drift(sim: float | None, baseline: Baseline) -> float | None:
    """``clip(1 - rescale(sim), 0, 2)``; None stays None (a lone sentence has no drift)."""
    if sim is None:
        return None
    return float(min(2.0, max(0.0, 1.0 - float(rescale(sim, baseline)))))


def baseline_from_embeddings(model: str, emb: np.ndarray) -> Baseline:
    """Baseline from embeddings of the sample.

    Args:
        model: encoder name.
        emb: ``(rows, languages, d)`` L2-normalised embeddings; ``emb[r, l]`` is row ``r`` in
            language ``l``.

    Returns:
        ``unrelated`` = mean cosine over pairs with different rows (all language pairs);
        ``translated`` = mean cosine over pairs with the same row and different languages.
    """
    r, n_lang, d = emb.shape
    flat = emb.reshape(r * n_lang, d).astype(np.float64)
    sims = flat @ flat.T
    row = np.repeat(np.arange(r), n_lang)
    lang = np.tile(np.arange(n_lang), r)
    unrelated = row[:, None] != row[None, :]
    translated = (row[:, None] == row[None, :]) & (lang[:, None] != lang[None, :])
    return Baseline(model, float(sims[unrelated].mean()), float(sims[translated].mean()),
                    int(unrelated.sum() // 2))
