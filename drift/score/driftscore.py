"""The combined drift score: two sentence cosines plus word-alignment signals, learned.

``drift`` of a pair is a logistic model over distances derived from :data:`FEATURES`. The
shipped model reads five: ``1 - cosine`` of all-MiniLM-L6-v2 (``similarity``), ``1 - cosine``
of a second encoder, USE multilingual v3 (``similarity2``, ``meta["second_model"]``), a change
of polarity (one sentence negated, the other not) times lexical overlap, crossings of content
words written once on each side (swapped roles) times lexical overlap, and lost bigrams times
lexical overlap. :data:`FEATURES` holds more word-alignment features (unmatched and substituted
content words, crossings, context, the flags); the leave-one-dataset-out table
(``benchmarks/lodo.py``) decides which ones the model reads. Every input is a distance that is 0
for an identical pair, and every weight is non-negative, so drift never falls when a pair moves
further apart on any input. It is rescaled so that an identical pair scores 0::

    p(x)  = sigmoid(w . (x - mean) / scale + b)
    drift = clip((p(x) - p(x_identical)) / (1 - p(x_identical)), 0, 1)

The parameters live in ``drift/data/driftscore.json`` (plain numbers, applied with numpy; no
pickle). They were fitted by ``benchmarks/train_driftscore.py`` on STS-B train+dev, PAWS-Wiki
dev and SICK train; SICK trial, STS-B test and PAWS-Wiki test were not used. The JSON's ``meta``
records the data, the settings and the two encoders.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder, embed
from drift.embed.models import describe_encoder
from drift.embed.similarity import pair_cosines
from drift.score.explain import FLAGS, Explanation, explain_pairs
from drift.score.rescale import Baseline, rescaled_drift
from drift.score.severity import fact_severity, severity
from drift.score.words import Word
from drift.text.lexical import lexical_similarity

log = logging.getLogger("drift")

__all__ = ["FEATURES", "DriftModel", "feature_matrix", "load_drift_model", "drift_scores",
           "pair_similarities", "select_drift", "explanation_features", "drift_model_hash",
           "second_encoder"]

#: the model's inputs, in order (``similarity`` and ``lexical`` plus explanation features)
FEATURES = (
    "similarity", "lexical", "similarity2", "unmatched_base", "unmatched_deriv", "substitute",
    "synonym", "word_sim", "crossing", "crossing_all", "bigram", "context", "length_ratio",
    "displaced", "entity_crossing", "unique_crossing", "swap", "negation",
    "flag_formatting", "flag_spelling", "flag_tense", "flag_pronoun", "flag_entity",
    "flag_number", "flag_date", "flag_negation", "flag_attribution", "flag_omission",
    "flag_addition", "severity", "facts",
)
#: the feature values of an identical pair (drift 0 by construction)
IDENTICAL = {"similarity": 1.0, "lexical": 1.0, "similarity2": 1.0, "word_sim": 1.0,
             "bigram": 1.0, "length_ratio": 1.0}


def _crossings(pairs: Sequence[tuple[int, int]]) -> float:
    """Share of discordant pairs (Kendall distance) among matched word pairs (0..1).

    Counted with a Fenwick tree in ``O(k log k)`` time and ``O(k)`` memory (a ``k x k``
    comparison took 42 s and 3 GB for the 32,000 matches of two 265 KB sentences).

    >>> _crossings([(0, 2), (1, 0), (2, 1)]), _crossings([(0, 0), (1, 1)])
    (0.6666666666666666, 0.0)
    """
    k = len(pairs)
    if k < 2:
        return 0.0
    js = np.array([j for _, j in sorted(pairs)])
    ranks = np.argsort(np.argsort(js, kind="stable"), kind="stable") + 1
    tree = [0] * (k + 1)
    disc = 0
    for seen, r in enumerate(ranks.tolist()):
        i, below = r, 0
        while i > 0:  # earlier matches ranked at or below this one
            below += tree[i]
            i -= i & -i
        disc += seen - below
        i = r
        while i <= k:
            tree[i] += 1
            i += i & -i
    return disc / (k * (k - 1) / 2)


def _displaced(pairs: Sequence[tuple[int, int]]) -> float:
    """Share of matched words off the longest in-order chain (1 - LIS / n; a swap moves 2)."""
    js = [j for _, j in sorted(pairs)]
    if len(js) < 2:
        return 0.0
    tails: list[int] = []
    for j in js:
        k = int(np.searchsorted(tails, j))
        if k == len(tails):
            tails.append(j)
        else:
            tails[k] = j
    return 1.0 - len(tails) / len(js)


def _swaps(base: Sequence[Word], deriv: Sequence[Word],
           pairs: Sequence[tuple[int, int]]) -> float:
    """Share of the matched words in ``pairs`` that changed places with another one: a crossing
    pair ``a``, ``b`` where each now stands where the other stood, next to at least one of the
    other's old neighbours ("from Lisbon to Boston" / "from Boston to Lisbon"). A clause moved
    as a whole keeps its words' neighbours and is no swap."""
    def ctx(ws: Sequence[Word], k: int) -> tuple[str, str]:
        return (ws[k - 1].lower if k > 0 else "^", ws[k + 1].lower if k + 1 < len(ws) else "$")

    swapped: set[int] = set()
    for x, (i1, j1) in enumerate(pairs):
        for i2, j2 in pairs[x + 1:]:
            if (i1 < i2) == (j1 < j2):
                continue
            la, ra = ctx(deriv, j1)
            lb, rb = ctx(base, i2)
            lc, rc = ctx(deriv, j2)
            ld, rd = ctx(base, i1)
            if (la == lb or ra == rb) and (lc == ld or rc == rd):
                swapped.update((i1, i2))
    return len(swapped) / len(pairs) if pairs else 0.0


def _bigrams(ws: Sequence[Word]) -> set[tuple[str, str]]:
    toks = [w.lower for w in ws if not w.is_punct]
    return set(zip(toks, toks[1:]))


def explanation_features(e: Explanation) -> dict[str, float]:
    """The word-level features of one explained pair (every name of :data:`FEATURES` but
    ``similarity`` and ``lexical``): unmatched and substituted content words, crossings, bigram
    and context overlap, length ratio and the flags."""
    base, deriv, pairs, flags = e.base_words, e.deriv_words, e.matches, e.flags
    cb = [i for i, w in enumerate(base) if w.is_content]
    cd = [j for j, w in enumerate(deriv) if w.is_content]
    nb, nd = max(len(cb), 1), max(len(cd), 1)
    content_pairs = [(i, j) for i, j, _, _ in pairs if base[i].is_content or deriv[j].is_content]
    all_pairs = [(i, j) for i, j, _, _ in pairs if not base[i].is_punct]
    mb = {i for i, _ in content_pairs}
    md = {j for _, j in content_pairs}
    kinds = [k for i, _, k, _ in pairs if base[i].is_content]
    sims = [s for i, _, _, s in pairs if base[i].is_content]
    bb, bd = _bigrams(base), _bigrams(deriv)
    bigram = 2 * len(bb & bd) / (len(bb) + len(bd)) if bb or bd else 1.0
    # swapped arguments: equal content words whose left or right neighbour changed
    ctx = 0
    n_eq = 0
    for i, j, k, _ in pairs:
        if k != "equal" or not base[i].is_content:
            continue
        n_eq += 1
        lb = base[i - 1].lower if i > 0 else "^"
        ld = deriv[j - 1].lower if j > 0 else "^"
        rb = base[i + 1].lower if i + 1 < len(base) else "$"
        rd = deriv[j + 1].lower if j + 1 < len(deriv) else "$"
        ctx += (lb != ld) + (rb != rd)
    # crossings of content words written once on each side (a repeated word may be matched to
    # its other occurrence and cross for no reason)
    count_b = Counter(w.lower for w in base)
    count_d = Counter(w.lower for w in deriv)
    unique = [(i, j) for i, j, k, _ in pairs if k == "equal" and base[i].is_content
              and count_b[base[i].lower] == 1 and count_d[deriv[j].lower] == 1]
    f = {
        "unmatched_base": sum(i not in mb for i in cb) / nb,
        "unmatched_deriv": sum(j not in md for j in cd) / nd,
        "substitute": sum(k == "substitute" for k in kinds) / nb,
        "synonym": sum(k == "synonym" for k in kinds) / nb,
        "word_sim": float(np.mean(sims)) if sims else 0.0,
        "crossing": _crossings(content_pairs),
        "crossing_all": _crossings(all_pairs),
        "displaced": _displaced(content_pairs),
        "entity_crossing": _crossings([(i, j) for i, j, k, _ in pairs
                                       if k == "equal" and (base[i].is_entity
                                                            or base[i].is_number)]),
        "unique_crossing": _crossings(unique),
        "swap": _swaps(base, deriv, unique),
        "bigram": bigram,
        "context": ctx / (2 * n_eq) if n_eq else 0.0,
        "length_ratio": min(len(cb), len(cd)) / max(len(cb), len(cd), 1),
        # polarity: one sentence negated, the other not (counted over whole sentences, so
        # "didn't" / "did not" and "neither ... nor" / "not" do not count)
        "negation": float(any(w.is_negation for w in base) != any(w.is_negation for w in deriv)),
        # what changed in meaning, not surface (drift.score.severity), and the facts alone
        "severity": severity(e),
        "facts": fact_severity(e),
    }
    for flag in FLAGS:
        f[f"flag_{flag}"] = float(flag in flags)
    return f


def feature_matrix(similarity: Sequence[float] | np.ndarray, lexical: Sequence[float] | np.ndarray,
                   explanations: Sequence[Explanation],
                   similarity2: Sequence[float] | np.ndarray | None = None) -> np.ndarray:
    """Stack the features of many pairs.

    Args:
        similarity: sentence cosine of each pair (the main encoder).
        lexical: lexical overlap of each pair.
        explanations: each pair's :class:`~drift.score.explain.Explanation`.
        similarity2: sentence cosine under the model's second encoder (``meta["second_model"]``);
            None leaves the column NaN, which a model that uses it refuses to score.

    Returns:
        ``(n, len(FEATURES))`` float64; row k holds pair k's values in :data:`FEATURES` order.
    """
    second = [float("nan")] * len(explanations) if similarity2 is None else similarity2
    rows = []
    for s, x, s2, e in zip(similarity, lexical, second, explanations):
        f = {**explanation_features(e), "similarity": float(s), "lexical": float(x),
             "similarity2": float(s2)}
        rows.append([float(f.get(name, 0.0)) for name in FEATURES])
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


def _expand(x: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Model inputs from features: a name, ``1-name`` (its complement) or a product ``a*b``.

    Returns:
        ``(n, len(names))``.
    """
    idx = {n: k for k, n in enumerate(FEATURES)}

    def col(name: str) -> np.ndarray:
        if "*" in name:
            a, b = name.split("*", 1)
            return col(a) * col(b)
        if name.startswith("1-"):
            return 1.0 - x[:, idx[name[2:]]]
        return x[:, idx[name]]

    cols = [col(n) for n in names]
    return np.stack(cols, axis=1) if cols else np.zeros((x.shape[0], 0))


@dataclass(frozen=True)
class DriftModel:
    """A fitted logistic drift model (see the module docstring).

    Attributes:
        inputs: feature names (from :data:`FEATURES`, or ``a*b`` products).
        mean, scale, weights: per input; bias: intercept.
        meta: how it was trained (data, settings, scores).
    """

    inputs: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    meta: Mapping[str, object]

    def uses(self, feature: str) -> bool:
        """Whether any input of the model reads ``feature`` (a name of :data:`FEATURES`)."""
        return any(part.removeprefix("1-") == feature
                   for name in self.inputs for part in name.split("*"))

    def logits(self, x: np.ndarray) -> np.ndarray:
        """``(n, len(FEATURES))`` features -> ``(n,)`` logits.

        Raises:
            ValueError: an input the model uses is NaN (e.g. ``similarity2`` not computed).
        """
        e = _expand(x, self.inputs)
        if np.isnan(e).any():
            missing = sorted({n for k, n in enumerate(self.inputs) if np.isnan(e[:, k]).any()})
            raise ValueError(f"the drift model needs {', '.join(missing)}; see feature_matrix")
        z = (e - np.asarray(self.mean)) / np.asarray(self.scale)
        return z @ np.asarray(self.weights) + self.bias

    def score(self, x: np.ndarray) -> np.ndarray:
        """``(n, len(FEATURES))`` features -> ``(n,)`` drift in [0, 1], 0 for identical pairs."""
        ident = np.array([[IDENTICAL.get(n, 0.0) for n in FEATURES]])
        p0 = 1.0 / (1.0 + np.exp(-self.logits(ident)[0]))
        p = 1.0 / (1.0 + np.exp(-self.logits(x)))
        return np.clip((p - p0) / (1.0 - p0), 0.0, 1.0)

    @classmethod
    def from_json(cls, path: str | Path) -> DriftModel:
        return cls.from_json_text(Path(path).read_text())

    @classmethod
    def from_json_text(cls, text: str) -> DriftModel:
        d = json.loads(text)
        return cls(tuple(d["inputs"]), tuple(d["mean"]), tuple(d["scale"]), tuple(d["weights"]),
                   float(d["bias"]), d.get("meta", {}))

    def to_json(self) -> str:
        return json.dumps({"inputs": list(self.inputs), "mean": list(self.mean),
                           "scale": list(self.scale), "weights": list(self.weights),
                           "bias": self.bias, "meta": dict(self.meta)}, indent=1)


@lru_cache(maxsize=1)
def drift_model_hash() -> str:
    """The first 8 hex digits of the SHA-256 of the shipped ``driftscore.json`` (recorded in
    signatures as ``drift:combined@HASH``)."""
    import hashlib

    ref = resources.files("drift") / "data" / "driftscore.json"
    return hashlib.sha256(ref.read_bytes()).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_drift_model() -> DriftModel:
    """The shipped model (``drift/data/driftscore.json``)."""
    ref = resources.files("drift") / "data" / "driftscore.json"
    with resources.as_file(ref) as p:
        return DriftModel.from_json(p)


def pair_similarities(pairs: Sequence[tuple[str, str]], encoder: Encoder,
                      cache: EmbeddingCache | None = None) -> np.ndarray:
    """Plain cosine of each pair's sentence embeddings: ``(len(pairs),)``."""
    if not pairs:
        return np.zeros(0)
    va = embed([a for a, _ in pairs], encoder, cache)
    vb = embed([b for _, b in pairs], encoder, cache)
    return pair_cosines(va, vb)


def second_encoder(model: DriftModel | None = None) -> Encoder | None:
    """The model's second sentence encoder (``meta["second_model"]``, loaded once per process by
    :func:`drift.embed.models.load_encoder`), or None for a model without one.

    Raises:
        ModelNotAvailable: its package is not installed.
    """
    model = model or load_drift_model()
    name = model.meta.get("second_model")
    if not name or not model.uses("similarity2"):
        return None
    from drift.embed.models import load_encoder

    enc = load_encoder(str(name))
    trained = model.meta.get("second_encoder")
    if trained and enc.name != trained:
        log.warning("the drift model was trained with %s as second encoder; %s is installed",
                    trained, enc.name)
    return enc


def drift_scores(pairs: Sequence[tuple[str, str]], encoder: Encoder,
                 cache: EmbeddingCache | None = None, model: DriftModel | None = None,
                 similarity: Sequence[float] | None = None,
                 similarity2: Sequence[float] | None = None,
                 sides: Sequence[tuple[Sequence[str], Sequence[str]]] | None = None,
                 ) -> tuple[np.ndarray, np.ndarray, list[Explanation], np.ndarray]:
    """Similarity, drift, explanation and lexical overlap of many sentence pairs.

    Args:
        pairs: ``(base, derivative)`` sentences.
        encoder: sentence (and word) embeddings.
        cache: optional embedding cache.
        model: drift model; the shipped one by default.
        similarity: precomputed cosine per pair (e.g. from the aligner), else computed.
        similarity2: precomputed cosine per pair under the model's second encoder
            (:func:`second_encoder`), else computed when the model uses it.
        sides: the sentences each side of each pair is made of (joined with a space they
            are the pair's texts): explanations then embed one sentence at a time
            (:func:`drift.score.explain.explain_pairs`).

    Returns:
        ``(similarity, drift, explanations, lexical)``; arrays of shape ``(len(pairs),)``.
        ``drift`` is NaN throughout when ``encoder`` is not the one the model was trained for
        (``meta["encoder"]``): the combined score is not defined for it (use ``rescaled``).
    """
    model = model or load_drift_model()
    sims = (np.asarray(similarity, dtype=np.float64) if similarity is not None
            else pair_similarities(pairs, encoder, cache))
    lex = np.array([lexical_similarity(a, b) for a, b in pairs], dtype=np.float64)
    expls = explain_pairs(list(sides) if sides is not None else pairs, encoder, cache)
    trained = model.meta.get("encoder")
    if trained and describe_encoder(encoder).weights != trained:
        return sims, np.full(len(pairs), np.nan), expls, lex
    sims2: Sequence[float] | np.ndarray | None = similarity2
    if sims2 is None and pairs and model.uses("similarity2"):
        enc2 = second_encoder(model)
        sims2 = pair_similarities(pairs, enc2, cache) if enc2 is not None else None
    x = feature_matrix(sims, lex, expls, sims2)
    drift = model.score(x) if len(pairs) else np.zeros(0)
    same = np.array([a == b for a, b in pairs], dtype=bool)
    if same.any():
        drift[same] = 0.0
    return sims, drift, expls, lex


def select_drift(kind: str, similarity: float | None, learned: float | None,
                 baseline: Baseline | None = None) -> float | None:
    """The drift a pair reports under score ``kind`` (``combined``, ``rescaled``, ``cosine``).

    ``learned`` is the combined score (None when it was not computed), ``baseline`` the model's
    baseline for ``rescaled``. None when the pair has no similarity (omission, addition).

    >>> select_drift("cosine", 0.8, 0.35), select_drift("combined", 0.8, 0.35)
    (0.19999999999999996, 0.35)
    """
    if similarity is None:
        return None
    if kind == "combined" and learned is not None:
        return float(learned)
    if kind == "rescaled":
        if baseline is None:
            raise ValueError("rescaled drift needs the model's baseline")
        return rescaled_drift(similarity, baseline)
    return max(0.0, 1.0 - float(similarity))
