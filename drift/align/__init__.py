"""Align: the dynamic programme over bead costs (:mod:`.dp`), sentence windows
(:mod:`.windows`), cross-lingual calibration (:mod:`.calibrate`) and the alignment benchmark
(:mod:`.evaluate`)."""

from drift.align.dp import (
    Alignment,
    Bead,
    adjusted_similarities,
    align,
    alignment_cost,
    bead_costs,
    bead_shapes,
    number_overlap,
    similarity_drop,
)
from drift.align.windows import align_windows, embed_windows, window_similarities, window_texts

__all__ = ["Alignment", "Bead", "align", "alignment_cost", "bead_costs", "bead_shapes",
           "adjusted_similarities", "number_overlap", "similarity_drop", "window_similarities",
           "window_texts", "embed_windows", "align_windows"]
