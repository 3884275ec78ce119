"""Sentence alignment alone (no scores, no verdict): what ``drift align`` prints and what the
alignment benchmark (:mod:`drift.evaluate.alignment`) runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from drift.align.calibrate import Calibration
from drift.align.dp import Alignment
from drift.align.windows import align_windows, embed_windows
from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.errors import InputError
from drift.pipeline.analyze import segment
from drift.pipeline.plan import RunPlan
from drift.text.read import Document
from drift.text.segment import Sentence

__all__ = ["align_sentences", "align_documents", "AlignedDocuments"]


def align_sentences(base: Sequence[str], derivative: Sequence[str], plan: RunPlan,
                    encoder: Encoder, cache: EmbeddingCache | None = None, *,
                    cross_lingual: bool = False) -> tuple[Alignment, Calibration | None]:
    """Embed 1..``max_group`` sentence windows of both sides and align them.

    Args:
        base, derivative: sentences (already segmented), any languages the encoder covers.
        plan: the run plan (``plan.align`` holds the aligner settings).
        encoder: the encoder the plan describes.
        cache: optional embedding cache.
        cross_lingual: calibrate the thresholds when the two sides share almost no words
            (:mod:`drift.align.calibrate`; never done by the alignment benchmark).

    Returns:
        The :class:`drift.align.Alignment` (0-based sentence indices) and the calibration
        applied, if any.
    """
    if not base or not derivative:
        raise InputError("both sides need at least one sentence to align")
    wb, wd = embed_windows([base, derivative], encoder, plan.align.max_group, cache)
    alignment, _, calibration = align_windows(wb, wd, base, derivative, plan.align,
                                              cross_lingual)
    return alignment, calibration


@dataclass(frozen=True)
class AlignedDocuments:
    """The alignment of two documents with the sentences it refers to."""

    base: tuple[Sentence, ...]
    derivative: tuple[Sentence, ...]
    alignment: Alignment
    signature: str
    model: str
    calibration: Calibration | None = None

    def ladder(self) -> str:
        """One bead per line, ``[i, ...]:[j, ...]`` with 0-based sentence indices."""
        return self.alignment.ladder()

    def to_dict(self) -> dict[str, Any]:
        """Pairs in the form of report.json (``base``, ``derivative``, ``similarity``, ...)."""
        return {
            "model": self.model, "signature": self.signature,
            "base_sentences": [s.text for s in self.base],
            "derivative_sentences": [s.text for s in self.derivative],
            "pairs": [{"base": list(b.base), "derivative": list(b.derivative),
                       "similarity": None if b.similarity is None else round(b.similarity, 4),
                       "moved": b.moved} for b in self.alignment.beads],
            "calibration": self.calibration.to_dict() if self.calibration else None,
        }


def align_documents(base: Document, derivative: Document, plan: RunPlan, encoder: Encoder,
                    cache: EmbeddingCache | None = None) -> AlignedDocuments:
    """Segment two read documents with the plan's segmenter and align them (what ``drift
    align`` prints). Read them with ``strip=False`` when their lines are gold-numbered
    sentences.

    Raises:
        InputError: a document has no sentences.
    """
    plan.check(encoder)
    a, b = segment(base, plan), segment(derivative, plan)
    al, calibration = align_sentences(a.norms, b.norms, plan, encoder, cache,
                                      cross_lingual=plan.calibrates)
    return AlignedDocuments(a.sentences, b.sentences, al, plan.signature(verdict=False),
                            plan.model.name, calibration)
