"""Verification: what drift already says about a candidate pair.

Every candidate pair is run through the pipeline as ``drift score BASE DERIVATIVE`` would run
it (:func:`drift.pipeline.analyze` under the run's plan: sentence alignment with margins, the
evidence-backed verdict and ``p_derived``). :func:`compare_pairs` is the one place that calls
it, as ``drift batch`` does: pairs with the same base form one group; for each wave of groups
the pipeline says which texts they embed (:func:`drift.pipeline.embedding_needs`), each
distinct text is read from the embedding cache or encoded once in this process (on the Dask
workers with a Dask executor), and every group is verified from the vectors sent with it in a
:class:`~drift.embed.cache.MemoryCache` (:func:`verify_task`): here, in the processes of a
:class:`~drift.batch.executors.LocalExecutor` with ``jobs`` above 1, or on Dask workers. A
worker loads no model (its encoder is lazy and finds every vector). The answers are the same,
byte for byte, wherever the groups run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.batch.tasks import EncoderSpec, encode_task, leaves, worker_encoder
from drift.embed.cache import EmbeddingCache, MemoryCache
from drift.embed.encoder import Encoder, checked
from drift.match.corpus import Article
from drift.pipeline import RunPlan, Segmented, analyze, embedding_needs, segment
from drift.result import DerivativeResult

__all__ = ["Verification", "VerifyTask", "compare_pairs", "family_kind", "verify_task",
           "KINDS"]

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


@dataclass(frozen=True)
class VerifyTask:
    """One base and the targets it is verified against, with every vector they need.

    Attributes:
        source: the base's article number; targets: the targets' article numbers.
        plan: the run's plan.
        model: how a process loads the plan's encoder (only if a vector were missing).
        documents: the base, then the targets, segmented.
        vectors: every vector the group needs (:func:`drift.pipeline.embedding_needs`).
    """

    source: int
    targets: tuple[int, ...]
    plan: RunPlan
    model: EncoderSpec
    documents: tuple[Segmented, ...]
    vectors: MemoryCache


def _verify(task: VerifyTask, encoder: Encoder) -> list[Verification]:
    """The one call into the pipeline: the task's base against each of its targets."""
    result = analyze(task.documents[0], task.documents[1:], task.plan, encoder, task.vectors)
    return [_verification(task.source, t, d) for t, d in zip(task.targets, result.derivatives)]


def verify_task(task: VerifyTask) -> list[Verification]:
    """One group in a worker process (its encoder lazy: nothing is loaded when every vector
    was sent)."""
    return _verify(task, worker_encoder(task.model))


Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]


def _encode_needs(texts: dict[str, list[str]], encoders: Sequence[tuple[str, Encoder,
                                                                        EncoderSpec]],
                  cache: EmbeddingCache | None, encode_map: Mapper | None,
                  chunk: int) -> dict[tuple[str, str], np.ndarray]:
    """Every vector of ``texts`` (by need: ``model``, ``second``), by ``(encoder name,
    text)``: read from the cache, the rest encoded once, in chunks of texts sorted by length
    (the same chunks here and on workers), and cached (only this process writes the cache)."""
    vectors: dict[tuple[str, str], np.ndarray] = {}
    tasks: list[tuple[EncoderSpec, str, list[str]]] = []
    by_name = {leaf.name: leaf for _, leaf, _ in encoders}
    for need, leaf, spec in encoders:
        distinct = list(dict.fromkeys(texts.get(need, [])))
        found = cache.get_many(leaf.name, distinct, getattr(leaf, "dim", None)) \
            if cache is not None else {}
        vectors.update(((leaf.name, t), v) for t, v in found.items())
        missing = sorted((t for t in distinct if t not in found), key=lambda t: (len(t), t))
        tasks += [(spec, leaf.name, missing[i:i + chunk]) for i in range(0, len(missing), chunk)]
    if encode_map is not None:
        done: Iterable[tuple[str, list[str], np.ndarray]] = encode_map(encode_task, tasks)
    else:
        done = ((name, part, by_name[name].encode(part)) for _, name, part in tasks)
    for name, part, vecs in done:
        leaf = by_name[name]
        vecs = checked(vecs, len(part), name, getattr(leaf, "dim", None))
        if cache is not None:
            cache.put_many(name, part, vecs)
        vectors.update(((name, t), v) for t, v in zip(part, vecs))
    return vectors


def _encoders(plan: RunPlan, encoder: Encoder) -> list[tuple[str, Encoder, EncoderSpec]]:
    """Every cached encoder with the need it serves and how a worker would load it: the parts
    of an ensemble one by one, and the combined score's second encoder when the plan reads
    one."""
    from drift.embed.models import load_encoder

    spec = _model_spec(plan, encoder)
    out = [("model", leaf, spec) for leaf in leaves(encoder)]
    if plan.second_model is not None:
        second = load_encoder(plan.second_model, lazy=True)
        out.append(("second", second, EncoderSpec(plan.second_model, "cpu", "fp32")))
    return out


def _model_spec(plan: RunPlan, encoder: Encoder) -> EncoderSpec:
    return EncoderSpec(plan.model.source or plan.config.model or encoder.name, "cpu",
                       plan.model.precision)


def compare_pairs(articles: Sequence[Article], pairs: Sequence[tuple[int, int]],
                  plan: RunPlan, encoder: Encoder, cache: EmbeddingCache | None = None,
                  progress: Callable[[int], None] | None = None,
                  mapper: Mapper | None = None, encode_map: Mapper | None = None,
                  wave: int = 256, chunk: int = 2048,
                  timing: dict[str, float] | None = None
                  ) -> dict[tuple[int, int], Verification]:
    """Verify ordered pairs ``(source, target)`` with the pipeline (see the module docstring).

    Args:
        articles: the corpus.
        pairs: article numbers, source first.
        plan: the pipeline's run plan (its signature goes into every output).
        encoder: the loaded (or lazy) encoder.
        cache: the embedding cache (read and written here only).
        progress: called with the number of pairs done after each group.
        mapper: ``mapper(verify_task, tasks)`` runs the groups elsewhere (an executor's
            ``map``: a :class:`~drift.batch.executors.LocalExecutor` with ``jobs`` processes,
            or Dask; results in any order); None: here. The answers are the same either way.
        encode_map: ``encode_map(encode_task, chunks)`` encodes on workers (Dask); None: here.
        wave: groups whose vectors are gathered at once (bounds memory).
        chunk: texts per encoding chunk.
        timing: if given, ``encode_s`` and ``verify_s`` are added to it (seconds).

    Returns:
        ``(source, target) -> Verification`` for every pair given.
    """
    by_source: dict[int, list[int]] = {}
    for s, t in sorted(set(pairs)):
        by_source.setdefault(s, []).append(t)
    groups = sorted(by_source.items())
    encoders = _encoders(plan, encoder)
    spec = _model_spec(plan, encoder)
    segmented: dict[int, Segmented] = {}

    def seg(k: int) -> Segmented:
        if k not in segmented:
            segmented[k] = segment(articles[k].document, plan)
        return segmented[k]

    out: dict[tuple[int, int], Verification] = {}
    for w0 in range(0, len(groups), wave):
        t0 = time.perf_counter()
        part = groups[w0:w0 + wave]
        docs = [(s, tuple(ts), (seg(s), *(seg(t) for t in ts))) for s, ts in part]
        needs = [embedding_needs(plan, list(d)) for _, _, d in docs]
        texts: dict[str, list[str]] = {}
        for n in needs:
            for key, wanted in n.items():
                texts.setdefault(key, []).extend(wanted)
        vectors = _encode_needs(texts, encoders, cache, encode_map, chunk)
        tasks = []
        for (s, ts, d), n in zip(docs, needs):
            mine = {}
            for need, leaf, _ in encoders:
                for text in n.get(need, []):
                    mine[(leaf.name, text)] = vectors[(leaf.name, text)]
            tasks.append(VerifyTask(s, ts, plan, spec, d, MemoryCache(mine)))
        del vectors
        t1 = time.perf_counter()
        found_all: Iterable[list[Verification]] = mapper(verify_task, tasks) \
            if mapper is not None else (_verify(task, encoder) for task in tasks)
        for found in found_all:
            out.update(((v.source, v.target), v) for v in found)
            if progress is not None:
                progress(len(found))
        segmented.clear()
        if timing is not None:
            timing["encode_s"] = timing.get("encode_s", 0.0) + t1 - t0
            timing["verify_s"] = timing.get("verify_s", 0.0) + time.perf_counter() - t1
    return out
