"""Align: bead costs (:mod:`.costs`), the dynamic programme over a band of the DP table
(:mod:`.dp`), bands for long documents (:mod:`.band`), sentence windows (:mod:`.windows`),
cross-lingual calibration (:mod:`.calibrate`), the margin filter (:mod:`.margin`), shared
passages (:mod:`.reuse`) and the labels of aligned pairs (:mod:`.labels`)."""

from drift.align.costs import (
    adjusted_similarities,
    bead_costs,
    bead_shapes,
    best_sub_bead,
    number_overlap,
    similarity_drop,
)
from drift.align.dp import Alignment, Band, Bead, align, alignment_cost, band_dp, full_band
from drift.align.windows import align_windows, embed_windows, window_similarities, window_texts

__all__ = ["Alignment", "Bead", "Band", "align", "band_dp", "full_band", "alignment_cost",
           "bead_costs", "bead_shapes", "best_sub_bead", "adjusted_similarities",
           "number_overlap", "similarity_drop", "window_similarities", "window_texts",
           "embed_windows", "align_windows"]
