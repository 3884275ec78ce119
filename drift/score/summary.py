"""The per-derivative summary with its verdict and kind.

Everything here works on plain numbers: no model.

**Derived or independent.** A derivative is *derived* from the base when the copying evidence
says so: ``p_derived >= 0.5`` (:mod:`drift.score.evidence`: word-for-word fragments, sentences
aligned with a margin over the pair's background, shared specific content). Otherwise it is
``independent``: drift found no evidence of reuse beyond the topic. Without evidence (a caller
of :func:`summarize` that has no texts) the alignment alone decides, as before evidence
existed: independent when ``extent < 0.50``; ``p_derived`` is then None.

**Verdict** of a derived text (thresholds in :data:`VERDICT_THRESHOLDS`). ``coverage`` is the
share of base sentences found in the derivative, ``support`` the share of derivative sentences
that come from the base; with evidence, the shares of words reused word for word count too:
``extent = max(coverage, support, verbatim, verbatim_derivative)`` (a derivative is made from
the base if it holds most of the base *or* is mostly made of it, like an excerpt). ``close`` is
the share of aligned pairs that are verbatim or edits, or, when larger, the share of the
derivative's base-derived content that is word for word (``verbatim_derivative / max(support,
verbatim_derivative)``: spliced fragments are close copies even where no whole sentence
matches). Checked in order:

* ``independent``: not derived (see above);
* ``copy``: extent >= 0.90 and close >= 0.90 and mean lexical overlap of the pairs >= 0.90;
* ``edited-copy``: close >= 0.60 and, without evidence, extent >= 0.60 (the base's words,
  cut, added to or lightly changed; with evidence also a few passages copied into a text of
  its own);
* ``rewrite``: otherwise (the base's content, mostly in other words: paraphrase, translation).

**Kind** refines the verdict into what a reader would call the derivative (a structural
guess, stated as such in reports):

* ``independent-report`` for ``independent``;
* ``excerpt`` for a derivative made of a part of the base (the base share ``max(coverage,
  verbatim)`` < 0.50, the derivative share ``max(support, verbatim_derivative)`` >= 0.50);
* ``partial-reuse`` for a text of its own that takes a part of the base (both shares < 0.50:
  paragraphs or quotes copied, translated or reworded into another article);
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
from typing import TYPE_CHECKING

import numpy as np

from drift.align.labels import LABELS
from drift.score.pairs import PairLike

if TYPE_CHECKING:
    from drift.score.evidence import Evidence

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
        kind: ``copy``, ``republication``, ``excerpt``, ``partial-reuse``, ``translation``,
            ``mt-round-trip``, ``rewrite`` or ``independent-report`` (see the module
            docstring).
        p_derived: probability that the derivative was made from the base (None when the
            summary was made without evidence).
        evidence: the copying evidence that decided (:class:`drift.score.evidence.Evidence`),
            or None.
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
    p_derived: float | None = None
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for k in self.__dataclass_fields__:
            v = getattr(self, k)
            if k == "evidence":
                out[k] = v.to_dict() if v is not None else None
            else:
                out[k] = round(v, 4) if isinstance(v, float) else v
        return out


def _mean(xs: Sequence[float]) -> float | None:
    return float(np.mean(xs)) if xs else None


def verdict(extent: float, close_share: float, mean_lexical: float,
            derived: bool | None = None) -> str:
    """Classify a derivative from its extent, how close its reused content is to the base
    (``close_share``) and whether the evidence says it is derived (see the module docstring;
    ``derived=None``: no evidence, the extent decides).

    >>> verdict(0.3, 1.0, 1.0), verdict(0.3, 1.0, 1.0, derived=True)
    ('independent', 'edited-copy')
    """
    t = VERDICT_THRESHOLDS
    if derived is None:
        if extent < t["independent_extent"]:
            return "independent"
    elif not derived:
        return "independent"
    if (extent >= t["copy_extent"] and close_share >= t["copy_close_share"]
            and mean_lexical >= t["copy_lexical"]):
        return "copy"
    if close_share >= t["edited_close_share"] and (derived or extent >= t["edited_extent"]):
        return "edited-copy"
    return "rewrite"


def derivative_kind(verdict_: str, n_additions: int, one_to_one_share: float, n_moved: int,
                    mean_similarity: float | None, coverage: float = 1.0,
                    mean_lexical: float | None = None, support: float = 1.0) -> str:
    """What kind of derivative it is (see the module docstring; ``coverage`` and ``support``
    are the base and derivative shares, word-for-word reuse included)."""
    if verdict_ == "independent":
        return "independent-report"
    if coverage < VERDICT_THRESHOLDS["independent_extent"]:
        return "excerpt" if support >= VERDICT_THRESHOLDS["independent_extent"] \
            else "partial-reuse"
    if verdict_ in ("copy", "edited-copy"):
        return "republication" if n_additions else "copy"
    if mean_lexical is not None and mean_lexical < VERDICT_THRESHOLDS["translation_lexical"]:
        return "translation"
    if one_to_one_share >= 0.8 and n_moved == 0 and (mean_similarity or 0.0) >= 0.8:
        return "mt-round-trip"
    return "rewrite"


def summarize(pairs: Sequence[PairLike], n_base: int, n_derivative: int,
              evidence: Evidence | None = None) -> Summary:
    """Summarise the pairs (aligned pairs, omissions, additions) of one derivative.

    Args:
        pairs: every pair of the derivative.
        n_base, n_derivative: sentence counts of the two documents.
        evidence: the copying evidence (:func:`drift.score.evidence.copying_evidence`); without
            it the alignment alone decides (see the module docstring).
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
    base_share, deriv_share = coverage, support
    derived = None
    if evidence is not None:
        base_share = max(coverage, evidence.verbatim)
        deriv_share = max(support, evidence.verbatim_derivative)
        if deriv_share > 0:
            close_share = max(close_share, evidence.verbatim_derivative / deriv_share)
        derived = evidence.derived
    the_verdict = verdict(max(base_share, deriv_share), close_share, _mean(lex) or 0.0,
                          derived)
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
                             base_share, _mean(lex), deriv_share),
        p_derived=None if evidence is None else evidence.p_derived,
        evidence=evidence,
    )
