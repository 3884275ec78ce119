"""Explainable drift: the changed word spans of an aligned pair and the flags they trigger.

Built on :mod:`drift.score.words` (words and tags) and :mod:`drift.score.wordalign` (which word
is which):

* :func:`explain_words` turns a word matching into :class:`Change` objects and flags.
* :func:`explain_pairs` does all of it for many sentence pairs with any
  :class:`~drift.embed.Encoder` (word vectors come from the same encoder, cached).

A pair over the word-pair budget (:data:`drift.score.wordalign.WORD_PAIR_BUDGET`) is matched by
exact form and lemma only; its :attr:`Explanation.notes` says ``explain:too-long``.

**Change kinds**: ``formatting`` (case, quotes, dashes, spacing), ``spelling`` (variant spelling),
``inflection`` (same lemma, other form), ``synonym`` (near-synonym: word cosine >=
``SYNONYM``), ``substitute`` (other meaning), ``delete`` (base words with no counterpart),
``insert`` (derivative words with no counterpart).

**Flags** (:data:`FLAGS`), each backed by the changes listed in ``Change.flags``:
formatting, spelling, tense, pronoun, entity, number, date, negation, attribution, omission,
addition.

Example:
    >>> from drift.embed.models import load_encoder  # doctest: +SKIP
    >>> e = explain_pairs([("It backed the leader.", "She supported the leader.")],
    ...                   load_encoder("minilm"))[0]  # doctest: +SKIP
    >>> e.flags  # doctest: +SKIP
    ('pronoun',)
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import Any

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.score.wordalign import (
    WORD_PAIR_BUDGET,
    align_words,
    over_budget,
    word_similarity,
    word_vectors,
)
from drift.score.words import (
    ATTRIBUTION_WORDS,
    SPACY_MAX_CHARS,
    Word,
    analyze_words,
    canon_word,
    canonical_text,
    spacy_tagger,
)
from drift.text.normalize import fold

__all__ = ["FLAGS", "CHANGE_KINDS", "Change", "Explanation", "explain_words", "explain_pairs",
           "TOO_LONG"]

FLAGS = ("formatting", "spelling", "tense", "pronoun", "entity", "number", "date", "negation",
         "attribution", "omission", "addition")
CHANGE_KINDS = ("formatting", "spelling", "inflection", "synonym", "substitute", "delete",
                "insert")
#: the note of an explanation made within the budget's fallback
TOO_LONG = "explain:too-long"



@dataclass(frozen=True)
class Change:
    """One changed span of an aligned pair.

    Attributes:
        kind: one of :data:`CHANGE_KINDS`.
        base_span, deriv_span: ``(start, end)`` character offsets in the base / derivative
            sentence; ``None`` on the side where nothing is (insert / delete).
        base_text, deriv_text: the spans' text (``""`` when absent).
        similarity: word (or span) cosine of the two sides; None for insert / delete.
        flags: the flags this change triggered.
    """

    kind: str
    base_span: tuple[int, int] | None
    deriv_span: tuple[int, int] | None
    base_text: str
    deriv_text: str
    similarity: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "base": self.base_text, "derivative": self.deriv_text,
            "base_span": list(self.base_span) if self.base_span else None,
            "deriv_span": list(self.deriv_span) if self.deriv_span else None,
            "similarity": None if self.similarity is None else round(float(self.similarity), 4),
            "flags": list(self.flags),
        }


@dataclass(frozen=True)
class Explanation:
    """What changed between a base sentence and its derivative.

    Attributes:
        flags: kinds of change found, in :data:`FLAGS` order.
        changes: the changed spans, in base order; each lists the flags it backs.
        base_words, deriv_words: the words of each side (:func:`analyze_words`).
        matches: the word matching, ``(i, j, kind, similarity)`` (:func:`align_words`); the
            drift score's features are computed from it (:mod:`drift.score.driftscore`).
        notes: what could not be done in full: :data:`TOO_LONG` when the pair was over
            :data:`WORD_PAIR_BUDGET` and matched by exact form and lemma only.
    """

    flags: tuple[str, ...]
    changes: tuple[Change, ...]
    base_words: tuple[Word, ...] = ()
    deriv_words: tuple[Word, ...] = ()
    matches: tuple[tuple[int, int, str, float], ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"flags": list(self.flags),
                             "changes": [c.to_dict() for c in self.changes]}
        if self.notes:
            d["notes"] = list(self.notes)
        return d



# --- changes and flags ------------------------------------------------------------------------

def _runs(idx: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in idx:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _span(words: Sequence[Word], idx: Sequence[int], text: str) -> tuple[tuple[int, int], str]:
    a, b = words[idx[0]].start, words[idx[-1]].end
    return (a, b), text[a:b]


def _tenses(ws: Iterable[Word]) -> set[str]:
    return {w.tense for w in ws if w.tense and w.pos in ("VERB", "AUX")}


def _flags_of(kind: str, bw: Sequence[Word], dw: Sequence[Word]) -> tuple[str, ...]:
    """The flags one change triggers, from the words on each side."""
    f: list[str] = []
    if kind == "formatting":
        return ("formatting",)
    if kind == "spelling":
        return ("spelling",)
    tb, td = _tenses(bw), _tenses(dw)
    aux = {"future", "perfect"} & (tb | td) and any(w.pos == "AUX" for w in [*bw, *dw])
    if tb != td and ((tb and td and kind in ("inflection", "synonym", "substitute")) or aux):
        f.append("tense")
    if kind == "inflection":
        return tuple(f)
    pb = sorted(w.lower for w in bw if w.is_pronoun)
    pd = sorted(w.lower for w in dw if w.is_pronoun)
    if (pb or pd) and pb != pd and (bw and dw):
        f.append("pronoun")
    meaning = kind in ("substitute", "delete", "insert")
    eb = {w.lower for w in bw if w.is_entity}
    ed = {w.lower for w in dw if w.is_entity}
    if meaning and (eb or ed) and eb != ed:
        f.append("entity")
    nb = sorted(w.lower for w in bw if w.is_number)
    nd = sorted(w.lower for w in dw if w.is_number)
    if (nb or nd) and nb != nd:
        f.append("number")
    db = sorted(w.lower for w in bw if w.is_date)
    dd = sorted(w.lower for w in dw if w.is_date)
    if (db or dd) and db != dd:
        f.append("date")
    # polarity, not a count: "didn't" / "did not" or "neither ... nor" / "not" keep it
    if any(w.is_negation for w in bw) != any(w.is_negation for w in dw):
        f.append("negation")
    ab = {w.lower for w in bw if w.lower in ATTRIBUTION_WORDS}
    ad = {w.lower for w in dw if w.lower in ATTRIBUTION_WORDS}
    if meaning and bool(ab) != bool(ad):
        f.append("attribution")
    cb = sum(w.is_content for w in bw)
    cd = sum(w.is_content for w in dw)
    if meaning and cb > cd:
        f.append("omission")
    if meaning and cd > cb:
        f.append("addition")
    return tuple(f)


def _next_free(nxt: list[int], k: int) -> int:
    """The first index >= k not yet taken (``nxt`` is a union-find over taken indices)."""
    root = k
    while nxt[root] != root:
        root = nxt[root]
    while nxt[k] != root:  # path compression
        nxt[k], k = root, nxt[k]
    return root


def _formatting_changes(base_text: str, deriv_text: str,
                        max_cells: int = 1_000_000) -> list[Change]:
    """Character-level changes between two texts that differ only in formatting; the common
    prefix and suffix are trimmed first, and a middle too long to diff is one change."""
    k = 0
    while k < min(len(base_text), len(deriv_text)) and base_text[k] == deriv_text[k]:
        k += 1
    e = 0
    while (e < min(len(base_text), len(deriv_text)) - k
           and base_text[-1 - e] == deriv_text[-1 - e]):
        e += 1
    a_mid, b_mid = base_text[k:len(base_text) - e], deriv_text[k:len(deriv_text) - e]
    ops: Sequence[tuple[str, int, int, int, int]]
    if len(a_mid) * len(b_mid) > max_cells:
        ops = [("replace", 0, len(a_mid), 0, len(b_mid))]
    else:
        ops = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes()
    out = []
    for op, a0, a1, b0, b1 in ops:
        if op != "equal":
            a0, a1, b0, b1 = a0 + k, a1 + k, b0 + k, b1 + k
            out.append(Change("formatting", (a0, a1) if a1 > a0 else None,
                              (b0, b1) if b1 > b0 else None, base_text[a0:a1],
                              deriv_text[b0:b1], None, ("formatting",)))
    return out


def explain_words(base_text: str, deriv_text: str, base: Sequence[Word], deriv: Sequence[Word],
                  sim: np.ndarray | None, *, budget: int = WORD_PAIR_BUDGET) -> Explanation:
    """Changed spans, flags and drift features of one pair, from words and their similarity.

    Args:
        base_text, deriv_text: the two sentences (offsets of the words point into them).
        base, deriv: their words (:func:`analyze_words`).
        sim: ``(len(base), len(deriv))`` word cosine (:func:`word_similarity`), or None.
        budget: the word-pair budget of :func:`align_words`; an explanation over it carries
            the note :data:`TOO_LONG`.
    """
    pairs = align_words(base, deriv, sim, budget=budget)
    notes = (TOO_LONG,) if over_budget(len(base), len(deriv), budget) else ()
    partner = {i: j for i, j, _, _ in pairs}
    changes: list[tuple[float, Change]] = []  # (base order key, change)

    def add(kind: str, bi: Sequence[int], dj: Sequence[int], s: float | None, key: float) -> None:
        bspan, btext = _span(base, bi, base_text) if bi else (None, "")
        dspan, dtext = _span(deriv, dj, deriv_text) if dj else (None, "")
        flags = _flags_of(kind, [base[i] for i in bi], [deriv[j] for j in dj])
        changes.append((key, Change(kind, bspan, dspan, btext, dtext, s, flags)))

    for i, j, kind, s in pairs:
        if kind != "equal":
            add(kind, [i], [j], s, i)
    # unmatched runs (punctuation ignored); pair base and derivative runs between the same anchors
    ub = [i for i, w in enumerate(base) if i not in partner and not w.is_punct]
    matched_b = set(partner.values())
    ud = [j for j, w in enumerate(deriv) if j not in matched_b and not w.is_punct]
    d_runs = _runs(ud)
    d_starts = [dr[0] for dr in d_runs]
    nxt = list(range(len(d_runs) + 1))  # union-find over used derivative runs
    mi = [i for i, _, _, _ in pairs]  # matched base indices, ascending
    pre_max = list(accumulate((j for _, j, _, _ in pairs), max))  # max partner left of k
    suf_min = list(accumulate((j for _, j, _, _ in reversed(pairs)), min))[::-1]
    for run in _runs(ub):
        k = bisect.bisect_left(mi, run[0])
        left = pre_max[k - 1] if k else -1
        k = bisect.bisect_right(mi, run[-1])
        right = suf_min[k] if k < len(mi) else len(deriv)
        lo, hi = min(left, right), max(left, right)
        # the first unused derivative run starting after lo; it must also end before hi
        hit = _next_free(nxt, bisect.bisect_right(d_starts, lo))
        if hit == len(d_runs) or d_runs[hit][-1] >= hi:
            add("delete", run, [], None, run[0])
        else:
            nxt[hit] = hit + 1
            dr = d_runs[hit]
            cos = float(sim[np.ix_(run, dr)].max()) if sim is not None and sim.size else None
            add("substitute", run, dr, cos, run[0])
    inv = sorted((j, i) for i, j in partner.items())
    inv_j = [j for j, _ in inv]
    inv_max = list(accumulate((i for _, i in inv), max))
    for k, dr in enumerate(d_runs):
        if _next_free(nxt, k) == k:  # not used by a substitution
            p = bisect.bisect_left(inv_j, dr[0])
            add("insert", [], dr, None, (inv_max[p - 1] if p else -1) + 0.5)
    if canonical_text(base_text) != canonical_text(deriv_text) and \
            canon_word(fold(base_text)) == canon_word(fold(deriv_text)) and \
            not any(c.kind == "formatting" for _, c in changes):
        changes.extend((-1, c) for c in _formatting_changes(base_text, deriv_text))
    changes.sort(key=lambda kc: kc[0])
    ordered = tuple(c for _, c in changes)
    flagset = {f for c in ordered for f in c.flags}
    flags = tuple(f for f in FLAGS if f in flagset)
    return Explanation(flags, ordered, tuple(base), tuple(deriv), tuple(pairs), notes)


def explain_pairs(pairs: Sequence[tuple[str, str]], encoder: Encoder | None,
                  cache: EmbeddingCache | None = None, *, use_spacy: bool = True
                  ) -> list[Explanation]:
    """Explain many (base, derivative) sentence pairs; words are embedded once with ``encoder``.

    Args:
        pairs: ``(base sentence, derivative sentence)``.
        encoder: gives the word vectors; ``None`` for a purely lexical matching (no synonyms).
        cache: optional embedding cache.

    Returns:
        one :class:`Explanation` per pair; a pair over :data:`WORD_PAIR_BUDGET` is matched
        without word vectors, by exact form and lemma, and noted :data:`TOO_LONG` (so is a
        pair with a sentence over :data:`SPACY_MAX_CHARS`, tagged by the rules).
    """
    texts = [t for p in pairs for t in p]
    words = analyze_words(texts, use_spacy=use_spacy)
    full = [not over_budget(len(words[2 * k]), len(words[2 * k + 1])) for k in range(len(pairs))]
    vectors = {}
    if encoder is not None:  # only pairs matched in full use word vectors
        vectors = word_vectors((words[2 * k + side] for k, ok in enumerate(full) if ok
                                for side in (0, 1)), encoder, cache)
    rule_tagged = use_spacy and spacy_tagger() is not None  # spaCy skips very long sentences
    out = []
    for k, (a, b) in enumerate(pairs):
        wa, wb = words[2 * k], words[2 * k + 1]
        if a == b:  # nothing changed: every word matches itself
            out.append(Explanation((), (), wa, wb, tuple((i, i, "equal", 1.0)
                                                         for i in range(len(wa)))))
            continue
        sim = word_similarity(wa, wb, vectors) if full[k] else None
        e = explain_words(a, b, wa, wb, sim)
        if rule_tagged and max(len(a), len(b)) > SPACY_MAX_CHARS and TOO_LONG not in e.notes:
            e = replace(e, notes=(*e.notes, TOO_LONG))
        out.append(e)
    return out

