"""The tasks of a batch: plain functions of plain data, so they travel to scoring processes
and Dask workers alike.

* :func:`encode_task`: encode one chunk of texts with one cached encoder;
* :func:`token_task`: the token embeddings of one chunk of sentences
  (:mod:`drift.embed.tokens`, for the explanations' word aligner);
* :func:`analyze_task`: align, score and render one group from the vectors sent with it
  (:func:`drift.pipeline.analyze` under the batch's plan): a worker needs neither the cache
  file nor a shared disk.

Each process loads a model once, on its first need, and keeps it
(:func:`drift.embed.models.load_encoder` caches it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np

from drift.embed.cache import MemoryCache, TokenRows, WordRows
from drift.embed.encoder import Encoder
from drift.errors import DriftError
from drift.pipeline import RunPlan, Segmented

log = logging.getLogger("drift")

__all__ = ["EncoderSpec", "GroupTask", "GroupOutcome", "encode_task", "token_task", "analyze_task",
           "worker_encoder", "leaves"]


@dataclass(frozen=True)
class EncoderSpec:
    """How a process loads an encoder: a models.txt alias, hub id or folder, where, at which
    precision, with how many torch threads (None: the process's default)."""

    source: str
    device: str = "cpu"
    precision: str = "fp32"
    threads: int | None = None


@dataclass(frozen=True)
class GroupTask:
    """One group to align, score and render.

    Attributes:
        id: the group's id.
        plan: the batch's run plan.
        model: how to load the plan's encoder (only needed if a vector is missing).
        documents: the base, then the derivatives, segmented.
        vectors: every vector the group needs (:func:`drift.pipeline.embedding_needs`), the
            token embeddings of its sentences and the tagged sentences known before.
        plots, html: which optional files to render.
    """

    id: str
    plan: RunPlan
    model: EncoderSpec
    documents: tuple[Segmented, ...]
    vectors: MemoryCache
    plots: bool = False
    html: bool = False


@dataclass(frozen=True)
class GroupOutcome:
    """What :func:`analyze_task` gives back: the rendered files, or why there are none, and
    the sentences tagged in the task (``(tagger key, sentence, rows)``, for the cache)."""

    id: str
    files: dict[str, bytes] | None
    error: str | None
    sentences: int = 0
    tagged: tuple[tuple[str, str, WordRows], ...] = ()


def leaves(encoder: Any) -> list[Any]:
    """The encoders whose vectors are cached: the parts of an ensemble, else the encoder."""
    parts = getattr(encoder, "parts", None)
    return list(parts) if parts else [encoder]


def worker_encoder(spec: EncoderSpec, leaf: str | None = None) -> Encoder:
    """The encoder in this process (loaded once per process and kept); with ``leaf``, the
    part of an ensemble of that name."""
    from drift.embed.models import load_encoder

    if spec.threads:
        _set_torch_threads(spec.threads)
    enc = load_encoder(spec.source, device=spec.device, precision=spec.precision, lazy=True)
    if leaf is None:
        return enc
    return next(p for p in leaves(enc) if p.name == leaf)


def _set_torch_threads(n: int) -> None:
    import sys

    if "torch" in sys.modules:  # only when the model runs here anyway
        sys.modules["torch"].set_num_threads(n)


def encode_task(args: tuple[EncoderSpec, str, list[str]]) -> tuple[str, list[str], np.ndarray]:
    """Encode ``texts`` with the encoder ``leaf`` of ``spec``: ``(leaf, texts, vectors)``."""
    spec, leaf, texts = args
    enc = worker_encoder(spec, leaf)
    vecs = enc.encode(texts)
    if spec.threads:
        _set_torch_threads(spec.threads)
    return leaf, texts, np.asarray(vecs, dtype=np.float32)


def token_task(args: tuple[EncoderSpec, list[str]]) -> tuple[list[str], list[TokenRows]]:
    """The token embeddings of ``texts`` from the encoder of ``spec``: ``(texts, rows)``."""
    from drift.embed.tokens import token_vectors

    spec, texts = args
    rows = token_vectors(texts, worker_encoder(spec))
    if spec.threads:
        _set_torch_threads(spec.threads)
    return texts, rows


def analyze_task(task: GroupTask) -> GroupOutcome:
    """Align, score and render one group (a failure is an outcome, never an exception: one
    bad group never stops the batch)."""
    from drift.pipeline import analyze
    from drift.report.files import render_files

    try:
        encoder = worker_encoder(task.model)
        result = analyze(task.documents[0], task.documents[1:], task.plan, encoder,
                         task.vectors)
        files = render_files(result, plots=task.plots, html=task.html)
        return GroupOutcome(task.id, files, None, sum(len(d.sentences) for d in task.documents),
                            tuple(task.vectors.fresh_words))
    except DriftError as exc:
        return GroupOutcome(task.id, None, str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad group never stops the batch
        log.debug("group %s failed", task.id, exc_info=True)
        first = (str(exc).strip().splitlines() or [""])[0][:300]
        return GroupOutcome(task.id, None, f"internal error: {type(exc).__name__}: {first}")

