"""Severity: how much of what changed between two sentences is meaning, not surface.

Cosine similarity hardly moves when a fact changes: a replaced number moves a sentence's
cosine by a median 0.007 on DEMETR. Severity reads the explanation instead
(:class:`~drift.score.explain.Explanation`): each finding of a flag and each link between two
different content words weighs what it changes (:data:`WEIGHTS`), and the weights combine as
independent chances: ``severity = 1 - prod(1 - w)``, in ``[0, 1]``, 0 for a pair that differs
only in case, punctuation, spelling, word order or function words.

* changed facts weigh most: a number, a name, a negation, a pronoun (who did it), a date;
* content that comes or goes: an omission or addition, more for more content words;
* a content word replaced by another of other meaning (an antonym is one: the word
  aligner links it as a ``substitute``), less for a near-synonym;
* the tense of the same event, the source of a report.

Severity is one of the inputs of the combined drift score (:mod:`drift.score.driftscore`);
the weights of the inputs are chosen by the leave-one-dataset-out table
(``benchmarks/lodo.py``), and ``benchmarks/bench_demetr.py`` measures how well drift ranks
DEMETR's critical perturbations above its minor ones.

Example:
    >>> from drift.score.explain import explain_pairs
    >>> e = explain_pairs([("Police arrested 40 people.", "Police arrested 45 people.")],
    ...                   None, use_spacy=False)[0]
    >>> round(severity(e), 2)
    0.6
"""

from __future__ import annotations

from collections.abc import Mapping

from drift.score.explain import Explanation

__all__ = ["WEIGHTS", "severity", "severity_parts"]

#: what each finding or link weighs (a chance that it changes what the sentence says)
WEIGHTS: Mapping[str, float] = {
    "number": 0.6, "entity": 0.6, "negation": 0.7, "pronoun": 0.5, "date": 0.5,
    "attribution": 0.4, "tense": 0.3,
    # per content word with no counterpart, up to four words a finding
    "omission": 0.15, "addition": 0.15,
    # a content word linked to another of other meaning / of close meaning
    "substitute": 0.35, "synonym": 0.1,
}
_MAX_WORDS = 4


def severity_parts(e: Explanation) -> dict[str, float]:
    """The weight of each kind of finding in one explanation (before they are combined):
    ``kind -> 1 - prod(1 - w)`` over the findings of that kind."""
    parts: dict[str, float] = {}

    def add(kind: str, w: float) -> None:
        parts[kind] = 1.0 - (1.0 - parts.get(kind, 0.0)) * (1.0 - w)

    for ev in e.evidence:
        w = WEIGHTS.get(ev.flag)
        if w is None:
            continue
        if ev.flag in ("omission", "addition"):
            words = e.base_words if ev.flag == "omission" else e.deriv_words
            span = ev.base_span if ev.flag == "omission" else ev.deriv_span
            n = sum(w_.is_content for w_ in words if span and span[0] <= w_.start < span[1])
            w = 1.0 - (1.0 - w) ** min(max(n, 1), _MAX_WORDS)
        add(ev.flag, w)
    flagged = {(c.base_span, c.deriv_span) for c in e.changes if c.flags}
    for i, j, kind, _ in e.matches:
        a, b = e.base_words[i], e.deriv_words[j]
        if kind in ("substitute", "synonym") and a.is_content and b.is_content \
                and ((a.start, a.end), (b.start, b.end)) not in flagged:
            add(kind, WEIGHTS[kind])
    return parts


def severity(e: Explanation) -> float:
    """``1 - prod(1 - w)`` over the weights of :func:`severity_parts`: 0 for a pair that
    differs only in surface, near 1 when several facts changed."""
    out = 1.0
    for w in severity_parts(e).values():
        out *= 1.0 - w
    return round(1.0 - out, 6)
