"""The per-derivative summary with its verdict and kind.

Everything here works on plain numbers: no model.

**Verdict** of a derivative (thresholds in :data:`VERDICT_THRESHOLDS`). ``coverage`` is the
share of base sentences found in the derivative, ``support`` the share of derivative sentences
that come from the base, and ``extent = max(coverage, support)``: a derivative is made from the
base if it holds most of the base *or* is mostly made of it (an excerpt). Checked in order:

* ``independent``: extent < 0.50 (neither holds half the base nor is half made of it);
* ``copy``: extent >= 0.90 and at least 90% of aligned pairs verbatim or edit and mean
  lexical overlap >= 0.90;
* ``edited-copy``: extent >= 0.60 and at least 60% of pairs verbatim or edit;
* ``rewrite``: otherwise (the base's content, mostly in other words: paraphrase, translation).

**Kind** refines the verdict into what a reader would call the derivative (a structural
guess, stated as such in reports):

* ``independent-report`` for ``independent``;
* ``excerpt`` for a derivative made of a part of the base (coverage < 0.50, support >= 0.50);
* ``republication`` for a ``copy``/``edited-copy`` that adds sentences of its own around the
  base (a fuller version of the story, other paragraphs), ``copy`` when it adds none;
* ``translation`` for a ``rewrite`` that shares almost no words with the base (mean lexical
  overlap of its pairs below 0.15): the same content in another language, compared with a
  multilingual model. Same-language derivatives of the example corpus have 0.36 or more,
  German and French versions 0.00-0.04;
* ``mt-round-trip`` for a ``rewrite`` that keeps the base's sentences one for one and in
  order (at least 80% of pairs 1-1, nothing moved, mean cosine >= 0.80): every sentence
  reworded, none merged, split or moved - the shape of machine translation there and back;
* ``rewrite`` otherwise.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from drift.score.labels import LABELS

__all__ = ["summarize", "Summary", "PairLike", "VERDICT_THRESHOLDS", "VERDICTS", "verdict",
           "derivative_kind"]

VERDICT_THRESHOLDS = {
    "independent_extent": 0.50,
    "copy_extent": 0.90, "copy_close_share": 0.90, "copy_lexical": 0.90,
    "edited_extent": 0.60, "edited_close_share": 0.60,
    "translation_lexical": 0.15,
}
VERDICTS = ("copy", "edited-copy", "rewrite", "independent")


@dataclass(frozen=True)
class Summary:
    """What a derivative did with the base.

    Attributes:
        coverage: share of base sentences aligned to something in the derivative.
        support: share of derivative sentences aligned to something in the base.
        mean_drift, median_drift, max_drift: over aligned pairs (None if there are none).
        mean_similarity, mean_lexical: over aligned pairs.
        n_pairs: aligned pairs; n_omissions / n_additions: sentences without counterpart;
        n_moved: pairs matched out of order.
        labels: count of each pair label.
        verdict: ``copy``, ``edited-copy``, ``rewrite`` or ``independent``.
        kind: ``copy``, ``republication``, ``excerpt``, ``translation``, ``mt-round-trip``,
            ``rewrite`` or ``independent-report`` (see the module docstring).
    """

    coverage: float
    support: float
    mean_drift: float | None
    median_drift: float | None
    max_drift: float | None
    mean_similarity: float | None
    mean_lexical: float | None
    n_pairs: int
    n_omissions: int
    n_additions: int
    n_moved: int
    labels: dict[str, int] = field(default_factory=dict)
    verdict: str = "independent"
    kind: str = "independent-report"

    def to_dict(self) -> dict[str, object]:
        return {k: round(v, 4) if isinstance(v, float) else v
                for k, v in ((k, getattr(self, k)) for k in self.__dataclass_fields__)}


def _mean(xs: Sequence[float]) -> float | None:
    return float(np.mean(xs)) if xs else None


def verdict(extent: float, close_share: float, mean_lexical: float) -> str:
    """Classify a derivative from its extent (``max(coverage, support)``) and how close its
    pairs are to the base."""
    t = VERDICT_THRESHOLDS
    if extent < t["independent_extent"]:
        return "independent"
    if (extent >= t["copy_extent"] and close_share >= t["copy_close_share"]
            and mean_lexical >= t["copy_lexical"]):
        return "copy"
    if extent >= t["edited_extent"] and close_share >= t["edited_close_share"]:
        return "edited-copy"
    return "rewrite"


def derivative_kind(verdict_: str, n_additions: int, one_to_one_share: float, n_moved: int,
                    mean_similarity: float | None, coverage: float = 1.0,
                    mean_lexical: float | None = None) -> str:
    """What kind of derivative it is (see the module docstring)."""
    if verdict_ == "independent":
        return "independent-report"
    if coverage < VERDICT_THRESHOLDS["independent_extent"]:
        return "excerpt"
    if verdict_ in ("copy", "edited-copy"):
        return "republication" if n_additions else "copy"
    if mean_lexical is not None and mean_lexical < VERDICT_THRESHOLDS["translation_lexical"]:
        return "translation"
    if one_to_one_share >= 0.8 and n_moved == 0 and (mean_similarity or 0.0) >= 0.8:
        return "mt-round-trip"
    return "rewrite"


class PairLike(Protocol):
    """What :func:`summarize` reads of a pair (:class:`drift.result.Pair` has it)."""

    @property
    def base(self) -> tuple[int, ...]: ...
    @property
    def derivative(self) -> tuple[int, ...]: ...
    @property
    def similarity(self) -> float | None: ...
    @property
    def drift(self) -> float | None: ...
    @property
    def lexical(self) -> float | None: ...
    @property
    def label(self) -> str: ...
    @property
    def moved(self) -> bool: ...


def summarize(pairs: Sequence[PairLike], n_base: int, n_derivative: int) -> Summary:
    """Summarise the pairs (aligned pairs, omissions, additions) of one derivative.

    Args:
        pairs: every pair of the derivative.
        n_base, n_derivative: sentence counts of the two documents.
    """
    aligned = [p for p in pairs if p.label not in ("omission", "addition")]
    coverage = len({i for p in aligned for i in p.base}) / n_base if n_base else 0.0
    support = (len({j for p in aligned for j in p.derivative}) / n_derivative
               if n_derivative else 0.0)
    d = [p.drift for p in aligned if p.drift is not None]
    lex = [p.lexical for p in aligned if p.lexical is not None]
    close = sum(p.label in ("verbatim", "edit") for p in aligned)
    close_share = close / len(aligned) if aligned else 0.0
    counts = Counter(p.label for p in pairs)
    one_to_one = sum(len(p.base) == 1 and len(p.derivative) == 1 for p in aligned)
    mean_sim = _mean([p.similarity for p in aligned if p.similarity is not None])
    n_moved = sum(p.moved for p in pairs)
    the_verdict = verdict(max(coverage, support), close_share, _mean(lex) or 0.0)
    return Summary(
        coverage=round(coverage, 4),
        support=round(support, 4),
        mean_drift=_mean(d),
        median_drift=float(np.median(d)) if d else None,
        max_drift=max(d) if d else None,
        mean_similarity=mean_sim,
        mean_lexical=_mean(lex),
        n_pairs=len(aligned),
        n_omissions=counts.get("omission", 0),
        n_additions=counts.get("addition", 0),
        n_moved=n_moved,
        labels={lab: counts.get(lab, 0) for lab in LABELS},
        verdict=the_verdict,
        kind=derivative_kind(the_verdict, counts.get("addition", 0),
                             one_to_one / len(aligned) if aligned else 0.0, n_moved, mean_sim,
                             coverage, _mean(lex)),
    )
