"""The pipeline layer: a run resolved into a plan (:mod:`.plan`), documents compared under it
(:mod:`.analyze`), and sentence alignment alone (:mod:`.documents`). Everything above it (the
Python API, ``drift batch``, the CLI) calls these with a :class:`RunPlan`."""

from drift.pipeline.analyze import (
    Segmented,
    analyze,
    embedding_needs,
    looks_english,
    score_alignment,
    segment,
)
from drift.pipeline.documents import AlignedDocuments, align_documents, align_sentences
from drift.pipeline.plan import RunPlan, make_plan, resolve_drift, resolve_preset

__all__ = ["RunPlan", "make_plan", "resolve_drift", "resolve_preset", "analyze",
           "score_alignment", "segment", "Segmented", "embedding_needs", "looks_english",
           "align_documents", "align_sentences", "AlignedDocuments"]
