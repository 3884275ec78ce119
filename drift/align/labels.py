"""The label of an aligned pair (a bead of the sentence alignment), from its scores.

Everything here works on plain numbers and strings: no model. ``similarity`` is the cosine of
the two (joined) sentence embeddings; ``lexical`` the share of word tokens in common in order
(:func:`drift.text.lexical.lexical_similarity`).

**Labels** (thresholds in :data:`LABEL_THRESHOLDS`):

=============  ==========================================================================
verbatim       identical after normalisation (quotes, dashes, spacing, case)
edit           lexical >= 0.75: a light edit of the same wording
paraphrase     lexical < 0.75 and similarity >= 0.70: same meaning, other words
divergent      aligned, but similarity < 0.70: related content that says something else
omission       a base sentence with no counterpart
addition       a derivative sentence with no counterpart
=============  ==========================================================================

The aligner's cross-lingual calibration (:mod:`drift.align.calibrate`) moves the paraphrase
threshold for a derivative in another language.
"""

from __future__ import annotations

from drift.text.lexical import canonical_tokens

__all__ = ["label_pair", "LABEL_THRESHOLDS", "LABELS"]

LABEL_THRESHOLDS = {"edit_lexical": 0.75, "paraphrase_similarity": 0.70}
LABELS = ("verbatim", "edit", "paraphrase", "divergent", "omission", "addition")


def label_pair(similarity: float | None, lexical: float | None, base: str, derivative: str,
               paraphrase_similarity: float | None = None) -> str:
    """The label of one aligned pair (see the module docstring). ``paraphrase_similarity``
    replaces the cosine threshold of ``paraphrase`` (a calibrated one for a derivative in
    another language, :mod:`drift.align.calibrate`)."""
    if not derivative:
        return "omission"
    if not base:
        return "addition"
    if canonical_tokens(base) == canonical_tokens(derivative):
        return "verbatim"
    if lexical is not None and lexical >= LABEL_THRESHOLDS["edit_lexical"]:
        return "edit"
    threshold = (LABEL_THRESHOLDS["paraphrase_similarity"] if paraphrase_similarity is None
                 else paraphrase_similarity)
    if similarity is not None and similarity >= threshold:
        return "paraphrase"
    return "divergent"
