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
from drift.score.words import neighbour

__all__ = ["WEIGHTS", "FACTS", "severity", "severity_parts", "fact_severity"]

#: what each finding or link weighs (a chance that it changes what the sentence says)
WEIGHTS: Mapping[str, float] = {
    "number": 0.6, "entity": 0.6, "negation": 0.7, "pronoun": 0.5, "date": 0.5,
    "attribution": 0.4, "tense": 0.3,
    # per content word with no counterpart, up to four words a finding
    "omission": 0.15, "addition": 0.15,
    # a content word linked to another of other meaning / of close meaning
    "substitute": 0.35, "synonym": 0.1,
    # the one change of a sentence left as it was: a word replaced by one of other meaning
    "replaced": 0.3,
}
_MAX_WORDS = 4
#: link kinds that change no meaning
_SURFACE = frozenset({"equal", "formatting", "spelling", "inflection"})
#: the findings that change a fact (what the combined drift score reads, :func:`fact_severity`):
#: a number, a name, a negation, who did it, a date, content that comes or goes
FACTS = ("number", "entity", "negation", "pronoun", "date", "omission", "addition", "replaced")


def severity_parts(e: Explanation, weights: Mapping[str, float] | None = None
                   ) -> dict[str, float]:
    """The weight of each kind of finding in one explanation (before they are combined):
    ``kind -> 1 - prod(1 - w)`` over the findings of that kind (``weights``: default
    :data:`WEIGHTS`; a kind left out weighs nothing)."""
    weights = WEIGHTS if weights is None else weights
    parts: dict[str, float] = {}

    def add(kind: str, w: float) -> None:
        parts[kind] = 1.0 - (1.0 - parts.get(kind, 0.0)) * (1.0 - w)

    for ev in e.evidence:
        w = weights.get(ev.flag)
        if w is None:
            continue
        if ev.flag in ("omission", "addition"):
            words = e.base_words if ev.flag == "omission" else e.deriv_words
            span = ev.base_span if ev.flag == "omission" else ev.deriv_span
            n = sum(w_.is_content for w_ in words if span and span[0] <= w_.start < span[1])
            w = 1.0 - (1.0 - w) ** min(max(n, 1), _MAX_WORDS)
        add(ev.flag, w)
    flagged = {(c.base_span, c.deriv_span) for c in e.changes if c.flags}
    partner = {i: j for i, j, _, _ in e.matches}
    replaced = [(i, j) for i, j, kind, _ in e.matches if kind == "substitute"
                and e.base_words[i].is_content and e.deriv_words[j].is_content]
    if len(replaced) == 1 and "replaced" in weights and _sole_change(e, *replaced[0]):
        add("replaced", weights["replaced"])
    for i, j, kind, _ in e.matches:
        a, b = e.base_words[i], e.deriv_words[j]
        if kind in weights and a.is_content and b.is_content \
                and ((a.start, a.end), (b.start, b.end)) not in flagged \
                and _framed(e, partner, i, j):
            add(kind, weights[kind])
    return parts


def _sole_change(e: Explanation, i: int, j: int) -> bool:
    """Whether the link ``i``-``j`` is the only change of meaning: every other word is linked
    to itself (written otherwise at most) and none is without a counterpart ("the affected
    states" / "the unharmed states": an antonym)."""
    linked_b = {a for a, _, _, _ in e.matches}
    linked_d = {b for _, b, _, _ in e.matches}
    return all(kind in _SURFACE for a, b, kind, _ in e.matches if (a, b) != (i, j)) and \
        all(k in linked_b or w.is_punct for k, w in enumerate(e.base_words)) and \
        all(k in linked_d or w.is_punct for k, w in enumerate(e.deriv_words))


def _framed(e: Explanation, partner: Mapping[int, int], i: int, j: int) -> bool:
    """Whether the words on both sides of base word ``i`` are linked to the words on both
    sides of derivative word ``j``: one word replaced in a clause left as it was (an antonym,
    another adjective), not a word moved in a sentence written otherwise."""
    for step in (-1, 1):
        a, b = neighbour(e.base_words, i, step), neighbour(e.deriv_words, j, step)
        if (a is None) != (b is None) or a is not None and partner.get(a) != b:
            return False
    return True


def severity(e: Explanation, weights: Mapping[str, float] | None = None) -> float:
    """``1 - prod(1 - w)`` over the weights of :func:`severity_parts`: 0 for a pair that
    differs only in surface, near 1 when several facts changed."""
    out = 1.0
    for w in severity_parts(e, weights).values():
        out *= 1.0 - w
    return round(1.0 - out, 6)


def fact_severity(e: Explanation) -> float:
    """:func:`severity` of the changed facts alone (:data:`FACTS`: no tense, source or
    replaced word): the drift score's input. The leave-one-dataset-out table chose it over
    the whole severity, whose replaced words cost PAWS-Wiki, where a paraphrase rewords and a
    non-paraphrase only swaps words."""
    return severity(e, {k: WEIGHTS[k] for k in FACTS})
