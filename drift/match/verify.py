"""Verification: what drift already says about a candidate pair.

Every candidate pair is run through the pipeline as ``drift score BASE DERIVATIVE`` would run
it (:func:`drift.api.compare_documents`: sentence alignment with margins, the evidence-backed
verdict and ``p_derived``). :func:`compare_pairs` is the one place that calls it, so the call is
easy to re-point; pairs with the same base go in one call (the base is encoded once). On a
Dask cluster the bases are spread over the workers (:func:`verify_task`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from drift.api import compare_documents
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.match.corpus import Article
from drift.pipeline import RunPlan
from drift.result import DerivativeResult
from drift.text.read import Document

__all__ = ["Verification", "compare_pairs", "family_kind", "verify_task", "KINDS"]

#: the kinds of derivation ``drift match`` reports, from the pipeline's kinds
KINDS = {"copy": "copy", "republication": "copy", "excerpt": "excerpt",
         "partial-reuse": "excerpt", "translation": "translation",
         "mt-round-trip": "round-trip", "rewrite": "rewrite",
         "independent-report": "independent"}


def family_kind(pipeline_kind: str) -> str:
    """``copy``, ``excerpt``, ``translation``, ``round-trip``, ``rewrite`` or ``independent``
    from the pipeline's kind (:data:`drift.score.summary` kinds).

    >>> family_kind("republication"), family_kind("mt-round-trip")
    ('copy', 'round-trip')
    """
    return KINDS.get(pipeline_kind, pipeline_kind)


@dataclass(frozen=True)
class Verification:
    """The pipeline's answer for one ordered pair (source -> target).

    Attributes:
        source, target: article numbers.
        p_derived: the calibrated probability that ``target`` was made from ``source``.
        verdict: ``copy``, ``edited-copy``, ``rewrite`` or ``independent``.
        kind: the derivation kind (:func:`family_kind`); drift_kind: the pipeline's own.
        coverage: share of the source's sentences found in the target.
        support: share of the target's sentences that come from the source.
        aligned: aligned sentence pairs (not omissions or additions).
        mean_drift: mean drift of the aligned pairs (None without any).
        evidence: the evidence in short (``decided_by``, verbatim share, longest fragment,
            shared terms).
        beads: every pair of the alignment as ``(source sentences, target sentences, label,
            lexical)``, for the family analysis.
    """

    source: int
    target: int
    p_derived: float
    verdict: str
    kind: str
    drift_kind: str
    coverage: float
    support: float
    aligned: int
    mean_drift: float | None
    evidence: Mapping[str, Any]
    beads: tuple[tuple[tuple[int, ...], tuple[int, ...], str, float | None], ...]

    @property
    def derived(self) -> bool:
        return self.p_derived >= 0.5


def _verification(source: int, target: int, d: DerivativeResult) -> Verification:
    s = d.summary
    if s is None:
        raise ValueError(f"{d.path}: the pipeline gave no summary")
    ev = s.evidence
    evidence: dict[str, Any] = {}
    if ev is not None:
        evidence = {"decided_by": ev.decided_by, "verbatim": round(ev.verbatim, 4),
                    "paraphrased": round(ev.paraphrased, 4),
                    "translated": round(ev.translated, 4), "longest": ev.longest,
                    "shared_terms": list(ev.shared_terms[:8])}
    return Verification(
        source=source, target=target,
        p_derived=round(float(s.p_derived if s.p_derived is not None else 0.0), 4),
        verdict=s.verdict, kind=family_kind(s.kind), drift_kind=s.kind,
        coverage=round(s.coverage, 4), support=round(s.support, 4), aligned=s.n_pairs,
        mean_drift=None if s.mean_drift is None else round(s.mean_drift, 4),
        evidence=evidence,
        beads=tuple((tuple(p.base), tuple(p.derivative), p.label,
                     None if p.lexical is None else round(p.lexical, 4)) for p in d.pairs))


def _compare(source: int, targets: Sequence[int], base: Document,
             derivatives: Sequence[Document], plan: RunPlan, encoder: Encoder,
             cache: EmbeddingCache | None) -> list[Verification]:
    """The one call into the pipeline: ``source`` against each of ``targets``."""
    result = compare_documents(base, *derivatives, plan=plan, encoder=encoder, cache=cache)
    return [_verification(source, t, d) for t, d in zip(targets, result.derivatives)]


def verify_task(task: tuple[int, list[int], Document, list[Document], RunPlan]
                ) -> list[Verification]:
    """One base and its targets, on a worker (the encoder loaded once per process)."""
    from drift.embed.models import load_encoder

    source, targets, base, derivatives, plan = task
    encoder = load_encoder(plan.model.source or plan.config.model,
                           precision=plan.model.precision, lazy=True)
    return _compare(source, targets, base, derivatives, plan, encoder, None)


def compare_pairs(articles: Sequence[Article], pairs: Sequence[tuple[int, int]],
                  plan: RunPlan, encoder: Encoder, cache: EmbeddingCache | None = None,
                  progress: Callable[[int], None] | None = None,
                  mapper: Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
                  | None = None) -> dict[tuple[int, int], Verification]:
    """Verify ordered pairs ``(source, target)`` with the pipeline.

    Args:
        articles: the corpus.
        pairs: article numbers, source first.
        plan: the pipeline's run plan (its signature goes into every output).
        encoder: the loaded (or lazy) encoder.
        cache: the embedding cache (used here; workers run without one).
        progress: called with the number of pairs done after each base.
        mapper: ``mapper(fn, tasks)`` runs the bases on workers (an executor's ``map``;
            results in any order); None: here. The answers are the same either way.

    Returns:
        ``(source, target) -> Verification`` for every pair given.
    """
    by_source: dict[int, list[int]] = {}
    for s, t in sorted(set(pairs)):
        by_source.setdefault(s, []).append(t)
    out: dict[tuple[int, int], Verification] = {}
    if mapper is not None:
        tasks = [(s, ts, articles[s].document, [articles[t].document for t in ts], plan)
                 for s, ts in sorted(by_source.items())]
        for found in mapper(verify_task, tasks):
            out.update(((v.source, v.target), v) for v in found)
            if progress is not None:
                progress(len(found))
        return out
    for s, targets in sorted(by_source.items()):
        found = _compare(s, targets, articles[s].document,
                         [articles[t].document for t in targets], plan, encoder, cache)
        out.update(((v.source, v.target), v) for v in found)
        if progress is not None:
            progress(len(targets))
    return out
