"""Per-pair scores and labels.

Everything here works on plain numbers and strings: no model.

**Pair scores.** ``similarity`` is the cosine of the two (joined) sentence embeddings;
``drift = 1 - similarity`` (``--drift cosine``); ``lexical`` is the share of word tokens the
two sides have in common in order (difflib ratio over folded words,
``2 * matches / (len(a) + len(b))``). difflib is quadratic, so above
:data:`LEXICAL_BUDGET` token pairs the share ignores order (the multiset overlap, an upper
bound of the in-order share, in linear time).

**Labels** (thresholds in :data:`LABEL_THRESHOLDS`):

=============  ==========================================================================
verbatim       identical after normalisation (quotes, dashes, spacing, case)
edit           lexical >= 0.75: a light edit of the same wording
paraphrase     lexical < 0.75 and similarity >= 0.70: same meaning, other words
divergent      aligned, but similarity < 0.70: related content that says something else
omission       a base sentence with no counterpart
addition       a derivative sentence with no counterpart
=============  ==========================================================================
"""

from __future__ import annotations

import difflib
from collections import Counter

import regex

from drift.text.normalize import fold

__all__ = ["lexical_similarity", "label_pair", "tokens", "LABEL_THRESHOLDS", "LABELS",
           "LEXICAL_BUDGET"]

LABEL_THRESHOLDS = {"edit_lexical": 0.75, "paraphrase_similarity": 0.70}
LABELS = ("verbatim", "edit", "paraphrase", "divergent", "omission", "addition")

#: largest ``len(tokens(a)) * len(tokens(b))`` compared in order (about 0.05 s here)
LEXICAL_BUDGET = 1_000_000

# regex's \w keeps combining marks inside a word (Devanagari, decomposed accents)
_TOKEN = regex.compile(r"\w+(?:['.-]\w+)*")


def tokens(text: str) -> list[str]:
    """Folded word tokens (:func:`drift.text.normalize.fold`: lower case, NFKC, no zero-width
    characters; ``d'etat``, ``2,030`` -> ``2``, ``030``; ``U.S`` kept).

    >>> tokens("Kazakh\u200dstan's cafe\u0301") == tokens("kazakhstan's caf\u00e9")
    True
    """
    return _TOKEN.findall(fold(text))


def _canon(text: str) -> str:
    return " ".join(tokens(text))


def lexical_similarity(a: str, b: str) -> float:
    """Share of word tokens in common, in order (0..1); order is ignored above
    :data:`LEXICAL_BUDGET` token pairs.

    >>> round(lexical_similarity("Police searched cars.", "Police are searching cars."), 2)
    0.57
    """
    ta, tb = tokens(a), tokens(b)
    if not ta and not tb:
        return 1.0
    if len(ta) * len(tb) > LEXICAL_BUDGET:  # order ignored: bounded time on any input
        common = sum((Counter(ta) & Counter(tb)).values())
        return 2.0 * common / (len(ta) + len(tb))
    return difflib.SequenceMatcher(None, ta, tb, autojunk=False).ratio()


def label_pair(similarity: float | None, lexical: float | None, base: str, derivative: str,
               paraphrase_similarity: float | None = None) -> str:
    """The label of one aligned pair (see the module docstring). ``paraphrase_similarity``
    replaces the cosine threshold of ``paraphrase`` (a calibrated one for a derivative in
    another language, :mod:`drift.align.calibrate`)."""
    if not derivative:
        return "omission"
    if not base:
        return "addition"
    if _canon(base) == _canon(derivative):
        return "verbatim"
    if lexical is not None and lexical >= LABEL_THRESHOLDS["edit_lexical"]:
        return "edit"
    threshold = (LABEL_THRESHOLDS["paraphrase_similarity"] if paraphrase_similarity is None
                 else paraphrase_similarity)
    if similarity is not None and similarity >= threshold:
        return "paraphrase"
    return "divergent"
