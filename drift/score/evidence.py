"""Evidence of copying, and the probability that a derivative was made from the base.

Copies, translations and rewrites keep the base's *specific* content: its rare words, names,
numbers, quotes and runs of words. Independent writers on the same subject share the subject's
stock words, and their sentences are similar to each other's all over, not one to one. The
evidence of one derivative (:class:`Evidence`, built by :func:`copying_evidence`):

* ``verbatim`` / ``verbatim_derivative``: the share of the base's words reused word for word in
  the derivative, and the share of the derivative's words taken word for word from the base
  (:func:`drift.align.reuse.find_reuse`: runs of at least 3 words chained across small edits,
  kept when they hold 6+ words of summed specificity 2 or more; spliced and cut sentences
  found on the way);
* ``paraphrased`` / ``translated``: the share of the base's sentences that are aligned with a
  margin (:mod:`drift.align.margin`: each stands out from its alternatives and from the pair's
  unrelated level) but not reused word for word: in the same language (paraphrased) or in
  another one (translated, when the documents share almost no words);
* ``shared_specific``: of the base's specific vocabulary (word types weighted by
  :func:`specificity`), the share the derivative uses too; names and numbers survive
  translation, so across languages this is what is left of the words;
* ``margin``: the median margin of the aligned pairs.

**p_derived** is a logistic model over six numbers (:data:`FEATURES`) with
non-negative weights, fitted on public proxies and checked by leaving each proxy out
(``benchmarks/bench_verdict.py``; parameters in ``drift/data/verdict.json``). A derivative is
``derived`` when ``p_derived >= 0.5``; below that, drift says it found no evidence of reuse
beyond the topic.

**Specificity** of a word: ``clip((6.0 - z) / 2.0, 0, 1)`` where ``z`` is the word's largest
Zipf frequency (log10 occurrences per billion words) in English, German, French, Italian,
Spanish, Portuguese, Dutch, Russian and Macedonian, from the ``wordfreq`` lists shipped as
``drift/data/background.tsv.gz`` (``benchmarks/make_background.py``; CC BY-SA 4.0): "the" and
"said" 0, "troops" 0.7, "debris" and names 1. A number of two or more digits is 1, a single
digit 0.3, a single letter 0.

Everything here works on strings and numbers: no model.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from drift.align.margin import BeadMargin
from drift.align.reuse import Fragment, Reuse, find_reuse, tokenize_sentences
from drift.data import background_zipf

__all__ = ["Evidence", "copying_evidence", "aligned_run", "specificity", "p_derived",
           "evidence_features", "FEATURES", "DERIVED_THRESHOLD", "VerdictModel",
           "load_verdict_model"]

#: the numbers p_derived is computed from (see :func:`evidence_features`)
FEATURES = ("verbatim_extent", "verbatim_amount", "longest_beyond_names",
            "aligned_beyond_topic", "run_beyond_chance", "shared_specific")
#: shared runs of up to this many words are what independent reports share anyway (a name with
#: its title: "Kazakhstan's President Kassym-Jomart Tokayev ... his country had")
NAME_RUN_WORDS = 12
#: sentence alignment below this extent is what independent reports of one event reach (the
#: example corpus' Straits Times report: 0.35; ECB+ articles on other events of one kind: at
#: most 0.50, median 0)
TOPIC_EXTENT = 0.35
#: passages of up to this many base sentences aligned in order occur between unrelated texts
#: (at most 3 between ECB+ articles on other events, 4 between Text+Berg articles, 1 for the
#: Straits Times report)
CHANCE_RUN = 4
#: a derivative is derived when ``p_derived`` is at least this
DERIVED_THRESHOLD = 0.5
_COMMON_ZIPF, _ZIPF_RANGE = 6.0, 2.0
_SHOWN_TERMS = 12


def specificity(token: str) -> float:
    """How specific a lower-cased word token is, in ``[0, 1]`` (see the module docstring).

    >>> [specificity(w) for w in ("the", "said", "tokayev", "2030", "5")]
    [0.0, 0.0, 1.0, 1.0, 0.3]
    """
    if any(c.isdigit() for c in token):
        return 1.0 if sum(c.isdigit() for c in token) >= 2 else 0.3
    if len(token) < 2:
        return 0.0
    z = background_zipf().get(token)
    if z is None:
        return 1.0
    return float(min(1.0, max(0.0, (_COMMON_ZIPF - z) / _ZIPF_RANGE)))


class PairLike(Protocol):
    """What the evidence reads of an aligned pair (:class:`drift.result.Pair` has it)."""

    @property
    def base(self) -> tuple[int, ...]: ...
    @property
    def derivative(self) -> tuple[int, ...]: ...
    @property
    def label(self) -> str: ...
    @property
    def moved(self) -> bool: ...


def aligned_run(pairs: Sequence[PairLike], max_skip: int = 1) -> int:
    """Base sentences in the longest passage aligned in order: aligned pairs (not moved), each
    starting at most ``max_skip`` sentences after the previous one ends on both sides.
    Reuse comes in passages; the sentences two independent texts share by topic are scattered.

    >>> from types import SimpleNamespace as P
    >>> aligned_run([P(base=(0,), derivative=(0,), moved=False, label="edit"),
    ...              P(base=(1, 2), derivative=(2,), moved=False, label="paraphrase"),
    ...              P(base=(5,), derivative=(3,), moved=False, label="edit")])
    3
    """
    best = run = 0
    prev: PairLike | None = None
    for p in pairs:
        if not p.base or not p.derivative or p.moved:
            continue
        if (prev is not None and 0 <= p.base[0] - prev.base[-1] - 1 <= max_skip
                and 0 <= p.derivative[0] - prev.derivative[-1] - 1 <= max_skip):
            run += len(p.base)
        else:
            run = len(p.base)
        best = max(best, run)
        prev = p
    return best


@dataclass(frozen=True)
class Evidence:
    """What says that a derivative was (or was not) made from the base.

    Attributes:
        verbatim: share of the base's words reused word for word.
        verbatim_derivative: share of the derivative's words taken word for word from the base.
        paraphrased: share of the base's sentences aligned with a margin but not reused word for
            word, same language.
        translated: the same when the derivative is in another language.
        shared_specific: share of the base's specific vocabulary the derivative uses too.
        shared_terms: the most specific words both use (names, numbers, rare words).
        margin: median margin of the aligned pairs (None without aligned pairs).
        aligned_run: base sentences in the longest passage aligned in order
            (:func:`aligned_run`).
        longest: words matched in the longest reused fragment.
        fragments: the reused fragments (:class:`drift.align.reuse.Fragment`).
        spliced: derivative sentences made of fragments of several base sentences.
        cut: base sentences whose words are spread over several derivative sentences.
        p_derived: probability that the derivative was made from the base.
        decided_by: the evidence that weighs most in ``p_derived`` (``verbatim``,
            ``aligned``, ``specific``) or ``none``.
        features: the numbers ``p_derived`` was computed from.
    """

    verbatim: float
    verbatim_derivative: float
    paraphrased: float
    translated: float
    shared_specific: float
    shared_terms: tuple[str, ...]
    margin: float | None
    aligned_run: int
    longest: int
    fragments: tuple[Fragment, ...]
    spliced: tuple[int, ...]
    cut: tuple[int, ...]
    p_derived: float
    decided_by: str
    features: dict[str, float]

    @property
    def derived(self) -> bool:
        """``p_derived >= 0.5``."""
        return self.p_derived >= DERIVED_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        return {
            "p_derived": round(self.p_derived, 4), "decided_by": self.decided_by,
            "verbatim": round(self.verbatim, 4),
            "verbatim_derivative": round(self.verbatim_derivative, 4),
            "paraphrased": round(self.paraphrased, 4), "translated": round(self.translated, 4),
            "shared_specific": round(self.shared_specific, 4),
            "shared_terms": list(self.shared_terms),
            "margin": None if self.margin is None else round(self.margin, 4),
            "aligned_run": self.aligned_run,
            "longest": self.longest,
            "spliced": list(self.spliced), "cut": list(self.cut),
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "fragments": [f.to_dict() for f in self.fragments],
        }


@dataclass(frozen=True)
class VerdictModel:
    """The shipped logistic model of ``p_derived``: ``sigmoid(intercept + coef . features)``.

    Attributes:
        intercept: the bias.
        coef: one non-negative weight per name in :data:`FEATURES`.
        meta: how it was fitted (data, cross-validation figures).
    """

    intercept: float
    coef: tuple[float, ...]
    meta: dict[str, Any]

    def predict(self, features: dict[str, float]) -> float:
        z = self.intercept + sum(c * features[f] for c, f in zip(self.coef, FEATURES))
        return float(1.0 / (1.0 + math.exp(-z)))

    def hash(self) -> str:
        """The first 8 hex digits of the parameters' SHA-256 (recorded in the signature)."""
        text = json.dumps({"intercept": self.intercept, "coef": list(self.coef)}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_verdict_model() -> VerdictModel:
    """The parameters in ``drift/data/verdict.json`` (made by ``benchmarks/bench_verdict.py
    --fit``)."""
    data = json.loads(importlib.resources.files("drift.data").joinpath("verdict.json")
                      .read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"verdict.json has features {data['features']}, expected {FEATURES}")
    return VerdictModel(float(data["intercept"]), tuple(float(c) for c in data["coef"]),
                        data.get("meta", {}))


def evidence_features(reuse: Reuse, aligned_extent: float, shared_specific: float,
                      run: int = 0) -> dict[str, float]:
    """The numbers ``p_derived`` is computed from.

    * ``verbatim_extent``: ``max`` of the shares of base and derivative words in reused
      fragments (how much of either is word-for-word reuse);
    * ``verbatim_amount``: ``log1p(summed specificity of the reused words) / log1p(100)``: how
      much specific content was reused, whatever the documents' lengths (a paragraph copied
      into a long text);
    * ``longest_beyond_names``: ``max(0, words of the longest reused fragment - 12) / 20``: a
      whole sentence copied is more than a name with its title, which independent reports
      share (:data:`NAME_RUN_WORDS`);
    * ``aligned_beyond_topic``: ``max(0, e - 0.35) / 0.65`` where ``e`` is the larger of the
      shares of base and derivative sentences aligned with a margin (coverage and support after
      :func:`drift.align.margin.filter_beads`): independent reports of one event align a third
      of their sentences on shared facts (:data:`TOPIC_EXTENT`);
    * ``run_beyond_chance``: ``max(0, run - 4) / 10`` for the longest passage aligned in order
      (:func:`aligned_run`, in base sentences): reuse comes in passages, topical matches are
      scattered (:data:`CHANCE_RUN`);
    * ``shared_specific``: see :class:`Evidence`.
    """
    return {
        "verbatim_extent": max(reuse.base_share, reuse.derivative_share),
        "verbatim_amount": math.log1p(reuse.specific) / math.log1p(100.0),
        "longest_beyond_names": max(0, reuse.longest - NAME_RUN_WORDS) / 20.0,
        "aligned_beyond_topic": max(0.0, aligned_extent - TOPIC_EXTENT) / (1.0 - TOPIC_EXTENT),
        "run_beyond_chance": max(0, run - CHANCE_RUN) / 10.0,
        "shared_specific": shared_specific,
    }


def p_derived(features: dict[str, float], model: VerdictModel | None = None) -> float:
    """The probability that the derivative was made from the base (the shipped model unless
    ``model`` is given)."""
    return (model or load_verdict_model()).predict(features)


def _shared_specific(base: Sequence[str], derivative: Sequence[str]
                     ) -> tuple[float, tuple[str, ...]]:
    a = {t.text for t in tokenize_sentences(base)}
    b = {t.text for t in tokenize_sentences(derivative)}
    wa = {w: specificity(w) for w in a}
    # fsum: exact, so the share does not depend on the sets' (hash-seeded) order
    total = math.fsum(wa.values())
    shared = sorted((w for w in a & b if wa[w] > 0), key=lambda w: (-wa[w], w))
    share = math.fsum(wa[w] for w in shared) / total if total else 0.0
    return share, tuple(w for w in shared if wa[w] >= 0.5)[:_SHOWN_TERMS]


def copying_evidence(base: Sequence[str], derivative: Sequence[str],
                     pairs: Sequence[PairLike], margins: Sequence[BeadMargin | None],
                     cross_lingual: bool, model: VerdictModel | None = None) -> Evidence:
    """The copying evidence of one derivative.

    Args:
        base, derivative: the two documents' sentences (normalised text).
        pairs: the derivative's pairs after margin filtering (aligned pairs, omissions,
            additions).
        margins: :class:`drift.align.margin.BeadMargin` of the aligned pairs (None entries and
            omissions are skipped).
        cross_lingual: the derivative is in another language (aligned sentences count as
            translated rather than paraphrased).
        model: the ``p_derived`` model (default: the shipped one).
    """
    reuse = find_reuse(base, derivative, specificity)  # its defaults: 3-word runs, 6 words
    aligned = [p for p in pairs if p.base and p.derivative]
    n, m = len(base), len(derivative)
    coverage = len({i for p in aligned for i in p.base}) / n if n else 0.0
    support = len({j for p in aligned for j in p.derivative}) / m if m else 0.0
    # base sentences aligned but not reused word for word (most of their words outside fragments)
    tokens = tokenize_sentences(base)
    per_sentence = np.bincount([t.sentence for t in tokens], minlength=n) if n else np.zeros(0)
    in_fragment = np.zeros(n)
    for f in reuse.fragments:
        for pos in range(*f.base):
            in_fragment[tokens[pos].sentence] += 1
    reworded = [i for i in sorted({i for p in aligned for i in p.base})
                if in_fragment[i] < 0.5 * max(per_sentence[i], 1)]
    share_reworded = len(reworded) / n if n else 0.0
    shared, terms = _shared_specific(base, derivative)
    run = aligned_run(pairs)
    feats = evidence_features(reuse, max(coverage, support), shared, run)
    mdl = model or load_verdict_model()
    p = mdl.predict(feats)
    contrib = {f: c * feats[f] for c, f in zip(mdl.coef, FEATURES)}
    top = max(contrib, key=lambda f: (contrib[f], f))
    decided = "none" if p < DERIVED_THRESHOLD else {
        "verbatim_extent": "verbatim", "verbatim_amount": "verbatim",
        "longest_beyond_names": "verbatim", "aligned_beyond_topic": "aligned",
        "run_beyond_chance": "aligned",
        "shared_specific": "specific"}[top]
    ms = [mg.margin for mg in margins if mg is not None]
    return Evidence(
        verbatim=reuse.base_share, verbatim_derivative=reuse.derivative_share,
        paraphrased=0.0 if cross_lingual else share_reworded,
        translated=share_reworded if cross_lingual else 0.0,
        shared_specific=shared, shared_terms=terms,
        margin=float(np.median(ms)) if ms else None, aligned_run=run,
        longest=reuse.longest,
        fragments=reuse.fragments, spliced=reuse.spliced, cut=reuse.cut,
        p_derived=p, decided_by=decided, features=feats,
    )
