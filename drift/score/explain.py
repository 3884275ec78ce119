"""Explainable drift: the changed word spans of an aligned pair and the flags they justify.

Built on :mod:`drift.score.words` (words and tags) and :mod:`drift.score.wordalign` (which word
is which word's counterpart, and which words have none):

* :func:`explain_words` turns a word alignment into :class:`Change` objects, flags and the
  evidence of each flag (:class:`FlagEvidence`: the base and derivative spans that justify it).
* :func:`explain_pairs` does all of it for many sentence pairs with any
  :class:`~drift.embed.Encoder`: word vectors are the encoder's contextual token embeddings
  (:mod:`drift.embed.tokens`), computed once per distinct sentence; an encoder without them
  gives context-free vectors of each word (:func:`drift.score.wordalign.word_vectors`).
* :func:`explain_texts` lists the sentences whose token embeddings the explanations of pairs
  of these sentences need (what ``drift batch`` computes ahead).

A pair over the word-pair budget (:data:`drift.score.wordalign.WORD_PAIR_BUDGET`) is matched by
exact form and lemma only; its :attr:`Explanation.notes` says ``explain:too-long``.

**Change kinds**: ``formatting`` (case, quotes, dashes, spacing, punctuation), ``spelling``
(variant spelling), ``inflection`` (same lemma, other form), ``synonym`` (a counterpart of
close meaning), ``substitute`` (a counterpart of other meaning), ``delete`` (base words with no
counterpart), ``insert`` (derivative words with no counterpart).

**Flags** (:data:`FLAGS`) follow the labelling rules of ``benchmarks/data/flags_dev/FLAGS.md``,
each from the aligned spans that justify it (``docs/flags.md``):

=============  ===========================================================================
formatting     a linked word or span that differs only in case, quotes, dashes, spacing or
               punctuation, or punctuation that comes or goes between two linked words; never
               a capital that changed because its word moved to or from the sentence start
spelling       a word or name linked to a variant spelling of it
tense          two linked finite verbs (the same event) whose tense, aspect or modal differs;
               not a finite verb turned participle, not a verb of wholly new content
pronoun        two linked pronouns of another person, a pronoun linked to a noun, or a noun
               phrase and a pronoun in the same slot between linked words
entity         a named entity with no counterpart (dropped, added, or linked to a common noun)
               or linked to another name; the same entity in another form is no change
number         a quantity (not a date) changed, dropped or added, or its modifier ("up to")
date           a date or time expression changed, dropped or added
negation       the polarity of a clause present on both sides flips: a negation comes or goes
               beside a verb or word that is linked
attribution    a reporting verb ("said", "according to") with its source comes or goes, or
               its source or recipient changes
omission       base content words with no counterpart (not a replacement)
addition       derivative content words with no counterpart (not a replacement)
=============  ===========================================================================

Example:
    >>> from drift.embed.models import load_encoder  # doctest: +SKIP
    >>> e = explain_pairs([("It backed the leader.", "She supported the leader.")],
    ...                   load_encoder("minilm"))[0]  # doctest: +SKIP
    >>> e.flags  # doctest: +SKIP
    ('pronoun',)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.embed.tokens import has_tokens, join_pieces, pool_words, token_vectors
from drift.score.wordalign import (
    WORD_PAIR_BUDGET,
    align_words,
    context_similarity,
    over_budget,
    word_similarity,
    word_vectors,
)
from drift.score.words import (
    ATTRIBUTION_VERBS,
    DATE_ANCHORS,
    DEMONYM,
    SPACY_MAX_CHARS,
    Word,
    analyze_words,
    canon_word,
    canonical_text,
    common_prefix,
    date_key,
    join_words,
    neighbour,
    number_value,
    tagger_name,
)
from drift.text.lexicon import zipf_table
from drift.text.normalize import fold

__all__ = ["FLAGS", "CHANGE_KINDS", "Change", "FlagEvidence", "Explanation", "explain_words",
           "explain_pairs", "explain_texts", "TOO_LONG"]

FLAGS = ("formatting", "spelling", "tense", "pronoun", "entity", "number", "date", "negation",
         "attribution", "omission", "addition")
CHANGE_KINDS = ("formatting", "spelling", "inflection", "synonym", "substitute", "delete",
                "insert")
#: the note of an explanation made within the budget's fallback
TOO_LONG = "explain:too-long"

Side = str | Sequence[str]


@dataclass(frozen=True)
class Change:
    """One changed span of an aligned pair.

    Attributes:
        kind: one of :data:`CHANGE_KINDS`.
        base_span, deriv_span: ``(start, end)`` character offsets in the base / derivative
            sentence; ``None`` on the side where nothing is (insert / delete).
        base_text, deriv_text: the spans' text (``""`` when absent).
        similarity: contextual word cosine of the two sides; None for insert / delete.
        flags: the flags this change backs.
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
class FlagEvidence:
    """What justifies one flag: the base span and the derivative span it compares.

    Attributes:
        flag: one of :data:`FLAGS`.
        base_span, deriv_span: ``(start, end)`` character offsets, ``None`` on a side where
            the flagged content is absent (a dropped date has no derivative span).
        base_text, deriv_text: the spans' text (``""`` when absent).
        rule: which rule fired, in a few words (``"dropped"``, ``"past -> present"``).
    """

    flag: str
    base_span: tuple[int, int] | None
    deriv_span: tuple[int, int] | None
    base_text: str
    deriv_text: str
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"flag": self.flag, "base": self.base_text, "derivative": self.deriv_text,
                "base_span": list(self.base_span) if self.base_span else None,
                "deriv_span": list(self.deriv_span) if self.deriv_span else None,
                "rule": self.rule}


@dataclass(frozen=True)
class Explanation:
    """What changed between a base sentence and its derivative.

    Attributes:
        flags: kinds of change found, in :data:`FLAGS` order.
        changes: the changed spans, in base order; each lists the flags it backs.
        base_words, deriv_words: the words of each side (:func:`analyze_words`).
        matches: the word links, ``(i, j, kind, similarity)`` (:func:`align_words`); the
            drift score's features are computed from them (:mod:`drift.score.driftscore`).
        notes: what could not be done in full: :data:`TOO_LONG` when the pair was over
            :data:`WORD_PAIR_BUDGET` and matched by exact form and lemma only.
        evidence: one :class:`FlagEvidence` per finding, in :data:`FLAGS` order.
    """

    flags: tuple[str, ...]
    changes: tuple[Change, ...]
    base_words: tuple[Word, ...] = ()
    deriv_words: tuple[Word, ...] = ()
    matches: tuple[tuple[int, int, str, float], ...] = ()
    notes: tuple[str, ...] = ()
    evidence: tuple[FlagEvidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"flags": list(self.flags),
                             "changes": [c.to_dict() for c in self.changes],
                             "evidence": [e.to_dict() for e in self.evidence]}
        if self.notes:
            d["notes"] = list(self.notes)
        return d


# --- the aligned pair -------------------------------------------------------------------------

#: words that change a quantity they stand before ("up to half" -> "half" is a number change)
_QUANTIFIERS = frozenset("about nearly almost approximately roughly around some over under only "
                         "barely exactly estimated".split())
_QUANTIFIER_PAIRS = frozenset({"up to", "more than", "less than", "fewer than", "at least",
                               "at most", "as many", "as much", "no more", "just over",
                               "just under"})
_POSSESSIVES = frozenset("my our your his her its their".split())
#: link kinds that relate a word to itself (written otherwise)
_LEXICAL = frozenset({"equal", "formatting", "inflection", "spelling"})
#: negation words outside verb groups (a determiner, a pronoun, a preposition)
_NEGATORS = frozenset("not no never none nobody nothing neither nor without cannot "
                      "nowhere".split())
#: a quantity as written: a figure (``2,030``, ``4.5``, ``9/32``, ``20th``, ``5%``, ``10-60``) or a
#: number word; not a name with a figure in it (``F-35``, ``G7``, ``COVID-19``)
_QUANTITY_FORM = re.compile(r"[$£€]?\d[\d,.:/-]*(%|st|nd|rd|th|s)?|[a-z]+(-[a-z]+)?")
#: a clock time, a decade or a year (1800-2099)
_TIME_FORM = re.compile(r"\d{1,2}:\d\d([ap]\.?m\.?)?|\d{1,2}[ap]\.?m\.?|'?\d0s|(1[89]|20)\d\ds?")


@dataclass
class _Group:
    """A verb group: auxiliaries and the verb they go with (``has not been found``)."""

    words: list[int]
    head: int
    finite: bool
    signature: tuple[str, str, bool, bool]  # tense, modal, perfect, progressive
    negated: bool


@dataclass
class _Pair:
    """The words of both sides, their links and what the rules need of them."""

    base_text: str
    deriv_text: str
    base: Sequence[Word]
    deriv: Sequence[Word]
    links: Sequence[tuple[int, int, str, float]]
    b2d: dict[int, list[int]] = field(default_factory=dict)
    d2b: dict[int, list[int]] = field(default_factory=dict)
    kind_of: dict[tuple[int, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for i, j, kind, _ in self.links:
            self.b2d.setdefault(i, []).append(j)
            self.d2b.setdefault(j, []).append(i)
            self.kind_of[(i, j)] = kind

    def words(self, side: int) -> Sequence[Word]:
        return self.base if side == 0 else self.deriv

    def text(self, side: int) -> str:
        return self.base_text if side == 0 else self.deriv_text

    def partners(self, side: int, k: int) -> list[int]:
        return (self.b2d if side == 0 else self.d2b).get(k, [])

    def linked(self, side: int, k: int) -> bool:
        return k in (self.b2d if side == 0 else self.d2b)

    def kind(self, side: int, k: int, other: int) -> str:
        return self.kind_of[(k, other) if side == 0 else (other, k)]

    def span(self, side: int, idx: Iterable[int]) -> tuple[tuple[int, int] | None, str]:
        idx = sorted(idx)
        if not idx:
            return None, ""
        ws = self.words(side)
        a, b = ws[idx[0]].start, ws[idx[-1]].end
        return (a, b), self.text(side)[a:b]


@dataclass
class _Finding:
    flag: str
    base: set[int]
    deriv: set[int]
    rule: str


def _found(flag: str, side: int, mine: Iterable[int], theirs: Iterable[int] = (),
           rule: str = "") -> _Finding:
    """A finding from the words of one side (``mine``) and of the other (``theirs``)."""
    mine, theirs = set(mine), set(theirs)
    return _Finding(flag, mine if side == 0 else theirs, theirs if side == 0 else mine, rule)


def _first_word(words: Sequence[Word]) -> int:
    return next((k for k, w in enumerate(words) if not w.is_punct), -1)


def _runs(idx: Iterable[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in sorted(idx):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


# --- word facts that need the sentence --------------------------------------------------------

#: verbs whose infinitive complement is negated ("failed to meet" is "did not meet")
_NEGATING_VERBS = frozenset({"fail", "refuse", "decline"})


def _verb_groups(words: Sequence[Word]) -> dict[int, _Group]:
    """Each word of a verb group -> its group. A group is a run of auxiliaries and verbs, with
    the negations and adverbs between them (``will not rise``, ``has already been found``);
    its head is its last verb (its last auxiliary when it has no verb). A group is negated by
    a negation inside it, by a negation word between it and the previous group within its
    clause (``Neither OLAF nor the prosecutors have``, ``had nothing to do``), or as the
    infinitive of "fail", "refuse" or "decline"."""
    out: dict[int, _Group] = {}
    n = len(words)
    k = 0
    prev_end, prev_head = -1, -1
    while k < n:
        if words[k].pos not in ("AUX", "VERB"):
            k += 1
            continue
        start = end = k
        j = k + 1
        while j < n:
            w = words[j]
            if w.pos in ("AUX", "VERB") and not (words[end].pos == "VERB" and w.pos == "VERB"):
                end = j
                j += 1
            elif (w.lower in ("not", "n't", "never") or w.pos == "ADV" or w.is_punct) and \
                    words[end].pos == "AUX" and \
                    any(x.pos in ("AUX", "VERB") for x in words[j + 1:j + 3]):
                j += 1
            else:
                break
        idx = list(range(start, end + 1))
        verbs = [i for i in idx if words[i].pos == "VERB"]
        head = verbs[-1] if verbs else idx[-1]
        infinitive = start > 0 and words[start - 1].lower == "to"
        tense, modal, finite = "", "", False
        for i in idx:
            w = words[i]
            if w.pos not in ("AUX", "VERB"):
                continue
            if w.tag == "MD" or w.lower in ("will", "shall", "'ll", "would", "can", "could",
                                             "may", "might", "must", "should"):
                modal_word = w.lower.replace("'ll", "will")
                if modal_word in ("will", "shall"):
                    tense = "future"
                else:
                    modal = modal_word
                    tense = tense or "modal"
                finite = True
                break
            t = w.tense
            if t in ("past", "present", "future"):
                tense, finite = t, True
                break
        finite = finite and not infinitive
        lemmas = [words[i].lemma for i in idx]
        perfect = any(lm == "have" and any(words[x].tag == "VBN" for x in idx[p + 1:])
                      for p, lm in enumerate(lemmas))
        progressive = any(words[x].tag == "VBG" and any(lm == "be" for lm in lemmas[:q])
                          for q, x in enumerate(idx))
        before = range(prev_end + 1, start)
        clause = [x for x in before
                  if not any(words[y].text in (",", ";", ":") for y in range(x, start))]
        negated = any(words[i].is_negation for i in idx) \
            or any(words[x].lower in _NEGATORS for x in clause) \
            or infinitive and prev_end == start - 2 and words[prev_head].lemma in _NEGATING_VERBS
        group = _Group(idx, head, finite, (tense, modal, perfect, progressive), negated)
        for i in idx:
            out[i] = group
        prev_end, prev_head = end, head
        k = end + 1
    return out


def _time_expressions(words: Sequence[Word]) -> list[list[int]]:
    """Runs of words that name a date or a time (``in April``, ``last week``, ``three weeks
    ago``, ``1999``, ``Monday``, ``1am``). A time expression of spaCy's (DATE, TIME) that has no
    date word is a duration or a quantity, not a date (``10-60 minutes``, ``12-month``)."""
    out: list[list[int]] = []
    k = 0
    n = len(words)
    while k < n:
        w = words[k]
        if w.ent in ("DATE", "TIME"):
            j = k
            while j + 1 < n and (words[j + 1].ent in ("DATE", "TIME") or words[j + 1].is_punct
                                 and j + 2 < n and words[j + 2].ent in ("DATE", "TIME")):
                j += 1
            run = [i for i in range(k, j + 1) if not words[i].is_punct]
            if any(_is_date_word(words[i]) for i in run):
                out.append(run)
            k = j + 1
            continue
        if _is_date_word(w):
            out.append([k])
        elif w.is_numeral and any(_is_date_word(words[x]) and not words[x].is_numeral
                                  for x in (neighbour(words, k, -1), neighbour(words, k, 1))
                                  if x is not None):
            out.append([k])  # "Aug. 15", "11.30 am"
        k += 1
    return out


def _is_date_word(w: Word) -> bool:
    low = w.lower.removesuffix("'s")
    if low in DATE_ANCHORS:
        # "may" the modal, "march" the verb, "sun" the noun are no dates
        return not (low in ("may", "march", "sun", "sat", "wed", "fall", "mar", "jan") and
                    not w.text[:1].isupper()) and not (low == "may" and w.tag == "MD")
    return bool(_TIME_FORM.fullmatch(low.replace(" ", "")))


def _quantities(words: Sequence[Word], dates: Sequence[Sequence[int]]) -> list[int]:
    """Words that are numbers and not part of a date expression."""
    in_date = {i for run in dates for i in run}
    return [k for k, w in enumerate(words) if w.is_numeral and k not in in_date
            and not (w.lower == "one" and w.pos in ("PRON", "NOUN"))
            and _QUANTITY_FORM.fullmatch(w.lower)
            and w.ent not in ("ORG", "PRODUCT", "EVENT", "FAC", "WORK_OF_ART", "LAW")]


def _mentions(words: Sequence[Word]) -> list[list[int]]:
    """Named entity mentions: runs of entity words of one type (``Donald Trump``). A proper
    noun spaCy's recogniser missed counts too (``Werth``, ``Thomas Cook Financial
    Services``), except in a headline written in title case, where every word looks like one."""
    alpha = [w for w in words if w.text[:1].isalpha()]
    title = sum(w.text[:1].isupper() for w in alpha) > 0.5 * len(alpha)

    known = zipf_table()

    def name(w: Word) -> bool:
        return w.is_entity or not title and w.pos == "PROPN" and w.text[:1].isupper() \
            and not _is_date_word(w) and w.person is None and w.lower not in known

    out: list[list[int]] = []
    for k, w in enumerate(words):
        if not name(w):
            continue
        if out and out[-1][-1] == k - 1 and (words[k - 1].ent == w.ent or not w.ent):
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _same_entity(a: Word, b: Word) -> bool:
    """The same entity in another form: equal or variant spelling, one name the start of the
    other (Belarus / Belarusian), a country and its people (U.S. / American)."""
    ka, kb = canon_word(a.lower.removesuffix("'s")), canon_word(b.lower.removesuffix("'s"))
    if not ka or not kb:
        return False
    parts_a = {canon_word(x) for x in a.lower.removesuffix("'s").split("-")}
    parts_b = {canon_word(x) for x in b.lower.removesuffix("'s").split("-")}
    if ka in parts_b or kb in parts_a:
        return True  # Ex-Virginia / Virginia's
    short, long = sorted((ka, kb), key=len)
    if long.startswith(short) and (len(short) >= 4 or len(short) >= 3 and short[0] != "u") \
            or long.endswith(short) and len(short) >= 5:
        return True  # Belarus / Belarusian, Gen. / General, Berkeley / California-Berkeley
    if len(common_prefix(ka, kb)) >= 5:
        return True
    da, db = DEMONYM.get(a.lower.rstrip(".")), DEMONYM.get(b.lower.rstrip("."))
    da = DEMONYM.get(ka, da) if da is None else da
    db = DEMONYM.get(kb, db) if db is None else db
    return da is not None and da == db


# --- the rules --------------------------------------------------------------------------------

def _formatting(p: _Pair) -> list[_Finding]:
    out = []
    first_b, first_d = _first_word(p.base), _first_word(p.deriv)
    for i, j, kind, _ in p.links:
        if kind == "formatting":
            a, b = p.base[i], p.deriv[j]
            if _moved_capital(p, i, j, first_b, first_d):
                continue
            if a.lower == b.lower and not a.is_punct and not _in_context(p, i, j):
                continue  # a case change where the word stands elsewhere: another use of it
            out.append(_Finding("formatting", {i}, {j}, "case, punctuation or spacing"))
    # punctuation that comes or goes between two words linked to adjacent words by a lexical
    # link (not punctuation that comes or goes with added or removed words)
    for side in (0, 1):
        ws, other = p.words(side), p.words(1 - side)
        for run in _runs(k for k, w in enumerate(ws) if w.is_punct and not p.linked(side, k)):
            left, right = neighbour(ws, run[0], -1), neighbour(ws, run[-1], +1)
            ends: list[int | None] = []
            for x, edge in ((left, -1), (right, len(other))):
                if x is None:
                    ends.append(edge)
                    continue
                lex = [y for y in p.partners(side, x) if p.kind(side, x, y) in _LEXICAL]
                ends.append(lex[0] if lex else None)
            if None in ends:
                continue
            lo, hi = ends[0], ends[1]
            if lo is None or hi is None or lo >= hi or \
                    any(not other[y].is_punct for y in range(lo + 1, hi)):
                continue  # the words around it are not next to each other on the other side
            out.append(_found("formatting", side, run, rule="punctuation"))
    return out


def _moved_capital(p: _Pair, i: int, j: int, first_b: int, first_d: int) -> bool:
    """A capital that changed only because its word moved to or from the sentence start."""
    a, b = p.base[i], p.deriv[j]
    return (i == first_b) != (j == first_d) and a.text[1:] == b.text[1:] \
        and a.text[:1].lower() == b.text[:1].lower()


def _in_context(p: _Pair, i: int, j: int) -> bool:
    """Whether a neighbour of base word ``i`` is linked to the same neighbour of derivative
    word ``j`` (or both stand at the same edge)."""
    for step in (-1, 1):
        a, b = neighbour(p.base, i, step), neighbour(p.deriv, j, step)
        if a is None and b is None or a is not None and b is not None and \
                b in p.partners(0, a):
            return True
    return False


def _spelling(p: _Pair) -> list[_Finding]:
    found: dict[tuple[int, ...], _Finding] = {}
    for i, j, kind, _ in p.links:
        if kind == "spelling":
            key = (j,)
            f = found.setdefault(key, _Finding("spelling", set(), {j}, "variant spelling"))
            f.base.add(i)
    return list(found.values())


def _linked_groups(p: _Pair, gb: dict[int, _Group], gd: dict[int, _Group]
                   ) -> list[tuple[_Group, _Group, str]]:
    """Pairs of verb groups with a word linked across (``is`` / ``has been``: the same verb,
    another form), each once, with the kind of the link between their heads (``""`` when
    the heads are not linked to each other)."""
    out = []
    seen = set()
    for i, j, _, _ in p.links:
        g, h = gb.get(i), gd.get(j)
        if g is None or h is None or (g.head, h.head) in seen:
            continue
        seen.add((g.head, h.head))
        heads = p.kind_of.get((g.head, h.head), "")
        if not heads and not (p.base[g.head].pos == p.deriv[h.head].pos == "AUX"):
            continue  # only a copula or an auxiliary is linked: "is" / "has been"
        out.append((g, h, heads or "inflection"))
    return out


def _tense(p: _Pair, gb: dict[int, _Group], gd: dict[int, _Group]) -> list[_Finding]:
    out = []
    for g, h, heads in _linked_groups(p, gb, gd):
        if heads not in _LEXICAL and heads != "synonym":
            continue  # another verb: another event
        if g.finite and h.finite and g.signature != h.signature:
            rule = f"{_describe(g.signature)} -> {_describe(h.signature)}"
            out.append(_Finding("tense", set(g.words), set(h.words), rule))
    return out


def _describe(sig: tuple[str, str, bool, bool]) -> str:
    tense, modal, perfect, progressive = sig
    parts = [modal or tense] + (["perfect"] if perfect else []) + \
        (["progressive"] if progressive else [])
    return " ".join(x for x in parts if x)


def _negation(p: _Pair, gb: dict[int, _Group], gd: dict[int, _Group]) -> list[_Finding]:
    out = []
    for g, h, heads in _linked_groups(p, gb, gd):
        # the same verb on both sides; another verb may say the negation in its own words
        # ("would not stop" / "would continue": an antonym is close in meaning to the
        # word vectors, so only a verb linked to itself counts)
        if g.negated != h.negated and heads in _LEXICAL:
            out.append(_Finding("negation", set(g.words), set(h.words),
                                "negated" if h.negated else "negation removed"))
    for i, j, _, _ in p.links:
        if {p.base[i].lower, p.deriv[j].lower} == {"with", "without"}:
            out.append(_Finding("negation", {i}, {j}, "with / without"))
    # a negation word with no counterpart, outside verb groups, before a linked word
    for side, groups in ((0, gb), (1, gd)):
        ws = p.words(side)
        other = p.words(1 - side)
        for k, w in enumerate(ws):
            if w.lower not in _NEGATORS or p.linked(side, k) or k in groups:
                continue
            head = next((x for x in range(k + 1, min(k + 4, len(ws)))
                         if ws[x].is_content), None)
            if head is None or not p.linked(side, head):
                continue  # a negation of wholly new or removed content
            partner = p.partners(side, head)[0]
            if p.kind(side, head, partner) not in _LEXICAL:
                continue  # another word may carry the negation in its meaning
            near = range(max(partner - 3, 0), partner)
            if any(other[x].is_negation for x in near):
                continue
            out.append(_found("negation", side, {k, head}, {partner},
                              "negation removed" if side == 0 else "negated"))
    return out


#: pronouns that stand as the subject of a clause
_SUBJECTS = frozenset("i we you he she it they".split())


def _pronoun(p: _Pair) -> list[_Finding]:
    out = []
    for i, j, _, _ in p.links:
        a, b = p.base[i], p.deriv[j]
        pa, pb = a.person, b.person
        if pa is not None and pb is not None:
            if pa != pb:
                out.append(_Finding("pronoun", {i}, {j}, "another pronoun"))
        elif (pa is not None and b.is_content and b.pos in ("NOUN", "PROPN")) or \
                (pb is not None and a.is_content and a.pos in ("NOUN", "PROPN")):
            out.append(_Finding("pronoun", {i}, {j}, "pronoun for a noun"))
    # a noun phrase and a pronoun in the same slot between linked words ("The council
    # approved" / "They approved"; "We had" / "Microsoft had", the name moved there;
    # "Prosecutors did ... and asked" / "They asked", the subject); not a clause that comes
    # with a pronoun in it, not a possessive for an article ("the visit" / "his visit")
    for side in (0, 1):
        ws, other = p.words(side), p.words(1 - side)
        for k, w in enumerate(ws):
            if w.person is None or p.linked(side, k) or w.lower in _POSSESSIVES:
                continue
            facing = _facing(p, side, [k])
            if w.lower.split("'")[0] in _SUBJECTS:
                lead = []
                for x in facing:
                    if other[x].pos in ("VERB", "AUX"):
                        break
                    lead.append(x)
                facing = lead if len(lead) < len(facing) else facing
            if not (facing and _noun_phrase([other[x] for x in facing])) and \
                    w.lower.split("'")[0] in _SUBJECTS:
                facing = _subject_of_partner(p, side, k)
            if facing and _noun_phrase([other[x] for x in facing]):
                out.append(_found("pronoun", side, {k}, facing, "pronoun for a noun phrase"))
    return out


def _subject_of_partner(p: _Pair, side: int, k: int) -> list[int]:
    """For a subject pronoun right before a linked verb ("..., it said"), the unlinked noun
    phrase right before that verb's counterpart ("The bank also said"), or ``[]``."""
    ws, other = p.words(side), p.words(1 - side)
    verb = neighbour(ws, k, 1)
    if verb is None or ws[verb].pos not in ("VERB", "AUX") or not p.linked(side, verb):
        return []
    x = p.partners(side, verb)[0] - 1
    subject: list[int] = []
    while x >= 0 and not other[x].is_punct and other[x].pos in ("NOUN", "PROPN", "DET", "ADJ",
                                                                 "ADV"):
        if p.linked(1 - side, x) and other[x].is_content:
            return []
        subject.insert(0, x)
        x -= 1
    return [x for x in subject if other[x].pos != "ADV"]


def _facing(p: _Pair, side: int, run: list[int]) -> list[int]:
    """The words of the other side between the counterparts of the words around ``run``
    (punctuation left out), or ``[]`` when a neighbour of the run has no counterpart."""
    ws, other = p.words(side), p.words(1 - side)
    left, right = neighbour(ws, run[0], -1), neighbour(ws, run[-1], +1)
    if left is not None and not p.linked(side, left) or \
            right is not None and not p.linked(side, right):
        return []
    lo = max(p.partners(side, left)) if left is not None else -1
    hi = min(p.partners(side, right)) if right is not None else len(other)
    return [x for x in range(lo + 1, hi) if not other[x].is_punct]


def _noun_phrase(words: Sequence[Word]) -> bool:
    """A short noun phrase: up to four words, a noun among them, no verb and no pronoun."""
    return 0 < len(words) <= 4 and any(w.pos in ("NOUN", "PROPN") for w in words) and \
        not any(w.pos in ("VERB", "AUX") or w.person is not None for w in words)


def _entity(p: _Pair, pronouns: Sequence[_Finding] = ()) -> list[_Finding]:
    out = []
    ments = (_mentions(p.base), _mentions(p.deriv))
    # a name a pronoun stands for is no dropped name ("Comey said" / "He said": pronoun)
    by_pronoun = ({k for f in pronouns for k in f.base}, {k for f in pronouns for k in f.deriv})
    replaced: set[tuple[int, int]] = set()
    for side in (0, 1):
        ws, other = p.words(side), p.words(1 - side)
        other_ments = ments[1 - side]
        for men in ments[side]:
            if set(men) & by_pronoun[side]:
                continue
            partners = {(k, x) for k in men for x in p.partners(side, k)}
            if any(_same_entity(ws[k], other[x]) or p.kind(side, k, x) in (
                    "equal", "formatting", "spelling", "inflection") for k, x in partners):
                continue
            # the same entity in another form elsewhere, unlinked (U.S. / American): each
            # of its names is there
            if any(all(any(_same_entity(ws[k], other[x]) for x in om) for k in men)
                   for om in other_ments):
                continue
            if not partners and _extends(p, side, men, ments[side]):
                continue  # more or less of a name that is there: "Mr" Martinez, raghad
                # "saddam hussein", "U.S. Attorney Marcos" Jimenez
            to_names = [(k, x) for k, x in partners if other[x].is_entity]
            if to_names:
                key = (min(k for k, _ in to_names), min(x for _, x in to_names))
                if side == 1:
                    key = (key[1], key[0])
                if key in replaced:
                    continue
                replaced.add(key)
                mine, theirs = set(men), {x for _, x in to_names}
                rule = "another name"
            else:
                mine, theirs = set(men), {x for _, x in partners}
                rule = ("dropped" if side == 0 else "added") if not partners else \
                    ("named by a common noun" if side == 0 else "a name for a common noun")
            out.append(_found("entity", side, mine, theirs, rule))
    return out


def _extends(p: _Pair, side: int, men: list[int], ments: Sequence[list[int]]) -> bool:
    """Whether a mention with no counterpart stands right next to a linked mention (or with
    only "of" between them): it is a part of that name, not a name of its own."""
    ws = p.words(side)
    for other in ments:
        if other is men or not any(p.linked(side, k) and p.kind(side, k, p.partners(side, k)[0])
                                   in _LEXICAL for k in other):
            continue
        lo, hi = (men[-1], other[0]) if men[-1] < other[0] else (other[-1], men[0])
        gap = [ws[x].lower for x in range(lo + 1, hi)]
        if gap in ([], ["of"]):
            return True
    return False


def _number(p: _Pair, dates: tuple[list[list[int]], list[list[int]]]) -> list[_Finding]:
    out = []
    quantities = []  # per side: the runs of number words, and the value of each run
    for side in (0, 1):
        ws = p.words(side)
        runs = _runs(_quantities(ws, dates[side]))
        quantities.append([(run, tuple(number_value(ws[k].text) for k in run)) for run in runs])
    run_of = [{k: r for r, (run, _) in enumerate(q) for k in run} for q in quantities]
    free = [[v for run, v in q if not any(p.linked(side, k) for k in run)]
            + [("1",) for k, w in enumerate(p.words(side))  # "a day" / "one day"
               if w.lower in ("a", "an") and not p.linked(side, k)]
            for side, q in enumerate(quantities)]
    for side in (0, 1):
        for run, value in quantities[side]:
            partners = sorted({x for k in run for x in p.partners(side, k)})
            if not partners:
                if value in free[1 - side]:
                    free[1 - side].remove(value)  # the same quantity, not linked
                    continue
                rule = "dropped" if side == 0 else "added"
                out.append(_found("number", side, run, rule=rule))
                continue
            if side == 1:
                continue  # a linked quantity is compared once, from the base
            # word by word: a figure linked to another value (45 / 50), or to a word that is
            # no quantity there and not the same number (9 / nine is the same)
            changed = [(k, x) for k in run for x in p.partners(0, k)
                       if number_value(p.base[k].text) != number_value(p.deriv[x].text)]
            if changed:
                theirs = {run_of[1].get(x) for _, x in changed}
                part = {k for r in theirs if r is not None for k in quantities[1][r][0]}
                out.append(_Finding("number", set(run), part | set(partners), "changed"))
    # a modifier of a quantity comes or goes ("up to half" -> "half")
    for side in (0, 1):
        ws = p.words(side)
        for run, _ in quantities[side]:
            k = run[0]
            if not p.linked(side, k):
                continue
            mods = _quantity_modifier(ws, k)
            if mods and not any(p.linked(side, x) for x in mods):
                other = p.words(1 - side)
                part = set(p.partners(side, k))
                if _quantity_modifier(other, min(part)):
                    continue  # a modifier on both sides ("about" / "nearly")
                out.append(_found("number", side, [*mods, *run], part, "quantity modifier"))
    return out


def _quantity_modifier(ws: Sequence[Word], k: int) -> list[int]:
    """The words that modify the quantity starting at ``k`` ("up to", "more than", "about"),
    or ``[]``."""
    one = ws[k - 1].lower if k >= 1 else ""
    two = f"{ws[k - 2].lower} {one}" if k >= 2 else ""
    if two in _QUANTIFIER_PAIRS:
        return [k - 2, k - 1]
    return [k - 1] if one in _QUANTIFIERS else []


def _date(p: _Pair, dates: tuple[list[list[int]], list[list[int]]]) -> list[_Finding]:
    out = []
    for side in (0, 1):
        ws = p.words(side)
        for run in dates[side]:
            partners = {x for k in run for x in p.partners(side, k)}
            if not partners:
                rule = "dropped" if side == 0 else "added"
                out.append(_found("date", side, run, rule=rule))
                continue
            if side == 1:
                continue  # a linked date is compared once, from the base
            other = p.words(1 - side)
            changed = [(k, x) for k in run for x in p.partners(side, k)
                       if p.kind(side, k, x) in ("synonym", "substitute")
                       and (_is_date_word(ws[k]) or ws[k].is_numeral)
                       and date_key(ws[k].text) != date_key(other[x].text)
                       and number_value(ws[k].text) != number_value(other[x].text)]
            # a date word left without a counterpart inside a date whose other words are
            # linked, facing the same in the other side's date ("May 3" / "June 3")
            other_runs = [r for r in dates[1 - side] if partners & set(r)]
            lone = [k for k in run if _is_date_word(ws[k]) and not ws[k].is_numeral
                    and not p.linked(side, k)]
            lone_other = [x for r in other_runs for x in r if _is_date_word(other[x])
                          and not other[x].is_numeral and not p.linked(1 - side, x)]
            if changed or lone and lone_other and {date_key(ws[k].text) for k in lone} != {
                    date_key(other[x].text) for x in lone_other}:
                out.append(_Finding("date", set(run), partners | set(lone_other), "changed"))
    return out


#: reporting verbs that attribute whatever their object is ("said the plan would fail");
#: the others attribute only a clause ("warned that ...", "..., he added.")
_SAYING = frozenset({"say", "tell", "report", "according"})


def _cues(ws: Sequence[Word]) -> list[int]:
    """The reporting words of a sentence: a finite reporting verb with its source and a
    reported clause ("officials said", "the ministry stated that", "Clinton writes:"),
    "according to", "reportedly", or "report(s) of"."""
    out = []
    for k, w in enumerate(ws):
        nxt = ws[k + 1].lower if k + 1 < len(ws) else ""
        if w.lower in ("according", "reportedly", "allegedly"):
            out.append(k)
        elif w.lemma == "report" and w.pos == "NOUN" and nxt in ("of", "that", "emerge"):
            out.append(k)
        elif w.pos == "VERB" and w.lemma in ATTRIBUTION_VERBS and w.tag != "VBG" and \
                _source(ws, k) and (w.lemma in _SAYING or nxt in ("that", '"', "'", ",", ".",
                                                                   ":", "")):
            out.append(k)
    return out


def _same_source(p: _Pair, side: int, mine: Sequence[int], theirs: Sequence[int]) -> bool:
    """Whether two sources name the same speaker: a word of one linked to a word of the other,
    the same entity, or a pronoun (which points back to a speaker named before)."""
    ws, other = p.words(side), p.words(1 - side)
    if any(ws[k].person is not None for k in mine) or \
            any(other[x].person is not None for x in theirs):
        return True
    return any(x in p.partners(side, k) or _same_entity(ws[k], other[x])
               for k in mine for x in theirs)


def _attribution(p: _Pair) -> list[_Finding]:
    out = []
    cues = (_cues(p.base), _cues(p.deriv))
    loose = [[k for k in cues[side] if not p.linked(side, k)] for side in (0, 1)]
    for side in (0, 1):
        ws = p.words(side)
        for k in cues[side]:
            source = _source(ws, k)
            if k in loose[side]:
                # reworded ("says Carney" / "Carney added", "according to analysts" / "analysts
                # said") when the other side has a reporting word of the same source
                if any(_same_source(p, side, source, _source(p.words(1 - side), x))
                       for x in loose[1 - side]):
                    continue
                out.append(_found("attribution", side, {k, *source},
                                  rule="dropped" if side == 0 else "added"))
                continue
            if side == 1:
                continue
            # a linked reporting verb: its source, recipient or medium changed?
            part = p.partners(0, k)
            their_source = [x for j in part for x in _source(p.deriv, j)]
            if source and their_source and not _same_source(p, 0, source, their_source):
                out.append(_Finding("attribution", {k, *source}, {*part, *their_source},
                                    "another source"))
                continue
            gone = [x for x in _recipient(ws, k) if ws[x].is_content and not p.linked(0, x)]
            if gone:
                out.append(_Finding("attribution", {k, *gone}, set(part), "recipient dropped"))
    # a headline's source before a colon ("Police: ...")
    for side in (0, 1):
        ws = p.words(side)
        colon = next((k for k, w in enumerate(ws[:6]) if w.text == ":"), None)
        if colon is not None and colon > 0 and \
                all(not p.linked(side, x) and not ws[x].is_numeral and not _is_date_word(ws[x])
                    for x in range(colon)) and \
                any(ws[x].pos in ("PROPN", "NOUN") for x in range(colon)):
            out.append(_found("attribution", side, range(colon + 1), rule="headline source"))
    return out


def _source(ws: Sequence[Word], k: int) -> list[int]:
    """The source of a reporting word: the noun phrase before it ("the ministry said",
    "Rowland's lawyer, said"), after it ("said the ministry", "according to police"); empty
    when none."""
    before: list[int] = []
    x = k - 1
    if ws[k].lower == "according":
        x = -1  # "according to police": the source comes after
    if x >= 0 and ws[x].text == ",":
        x -= 1  # an apposition: "Ross Garber, Rowland's lawyer, said"
    while x >= 0 and k - x <= 5 and not ws[x].is_punct and ws[x].pos in (
            "NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM", "AUX", "ADV", "PART"):
        if ws[x].pos in ("NOUN", "PROPN", "PRON") and not _is_date_word(ws[x]):
            before.append(x)
        x -= 1
    if before:
        return sorted(before)
    after = []
    x = k + 1
    if ws[k].lower == "according" and x < len(ws) and ws[x].lower == "to":
        x += 1
    while x < len(ws) and x - k <= 5 and not ws[x].is_punct and ws[x].pos in (
            "NOUN", "PROPN", "DET", "ADJ"):
        if ws[x].pos in ("NOUN", "PROPN") and not _is_date_word(ws[x]):
            after.append(x)
        x += 1
    return after


def _recipient(ws: Sequence[Word], k: int) -> list[int]:
    """Who was told, or where it was said: the object of "told" ("told Reuters") or a
    prepositional phrase right after the verb ("said in a statement", "said on NBC")."""
    out = []
    x = k + 1
    if ws[k].lemma == "tell":
        while x < len(ws) and x - k <= 4 and ws[x].pos in ("DET", "PROPN", "NOUN", "ADJ",
                                                           "NUM", "PRON"):
            out.append(x)
            x += 1
    elif x < len(ws) and ws[x].lower in ("in", "on", "by", "to", "during", "at"):
        x += 1
        while x < len(ws) and x - k <= 5 and ws[x].pos in ("DET", "PROPN", "NOUN", "ADJ",
                                                           "VERB"):
            out.append(x)
            x += 1
    return out


#: adverbs that link or hedge rather than carry content ("however", "even", "still"): their
#: coming or going is no omission or addition (FLAGS.md: only function words are missing)
_LIGHT = frozenset("""however even still yet also meanwhile moreover furthermore indeed though
although thus therefore instead actually really just only already then again too rather
perhaps certainly nevertheless nonetheless otherwise besides""".split())


def _meaningful(p: _Pair, side: int, k: int) -> bool:
    """A word whose loss or gain is an omission or addition: a content word, not a linking
    adverb, and not a part of a name that is there on both sides ("Trayvon" / "Trayvon
    Martin", "Sean Sundwell" / "Sundwall": the same entity in another form)."""
    ws = p.words(side)
    w = ws[k]
    if not w.is_content or w.lower in _LIGHT:
        return False
    if w.is_entity or w.pos == "PROPN":
        for step in (-1, 1):
            x = k + step
            while 0 <= x < len(ws) and (ws[x].is_entity or ws[x].pos == "PROPN") and \
                    ws[x].text[:1].isupper() == w.text[:1].isupper():
                if p.linked(side, x):
                    return False
                x += step
    return True


def _predicate_slot(p: _Pair, side: int, run: list[int]) -> bool:
    """A predicate replaced by a predicate: the run and the words facing it on the other side
    are each up to three words with a verb or an adjective, and no name, number or date
    ("are registered" / "signed up", "says" / "added", "long" / "lasted")."""
    facing = _facing(p, side, run)
    ws, other = p.words(side), p.words(1 - side)
    words = [k for k in run if not ws[k].is_punct]
    if not facing or len(words) > 3 or len(facing) > 3 or any(p.linked(1 - side, x)
                                                              for x in facing):
        return False

    def predicate(group: Sequence[Word]) -> bool:
        return any(w.pos in ("VERB", "ADJ") for w in group) and not any(
            w.is_entity or w.is_numeral or _is_date_word(w) for w in group)

    return predicate([ws[k] for k in words]) and predicate([other[x] for x in facing])


def _lone_predicate(ws: Sequence[Word], k: int) -> bool:
    """A verb tagged by spaCy that is a predicate, not a participle before its noun
    ("crushing demonstrations": the participle carries content of its own)."""
    w = ws[k]
    nxt = neighbour(ws, k, 1)
    attributive = w.tag in ("VBG", "VBN") and nxt is not None and ws[nxt].pos in ("NOUN",
                                                                                 "PROPN")
    return w.pos == "VERB" and bool(w.tag) and not attributive


def _absorbed_head(p: _Pair, side: int, k: int) -> bool:
    """A lone noun whose modifier is linked: the noun phrase is there in other words ("the
    russian government" / "russia", "two people" / "2", "largest opium-producing region" /
    "largest producer of opium")."""
    ws = p.words(side)
    left = neighbour(ws, k, -1)
    return ws[k].pos == "NOUN" and left is not None and p.linked(side, left) and \
        ws[left].pos in ("ADJ", "NUM", "PROPN", "NOUN") and ws[left].is_content


def _omission_addition(p: _Pair, slot_pronouns: set[tuple[int, ...]]) -> list[_Finding]:
    out = []
    for side in (0, 1):
        ws = p.words(side)
        for run in _runs(k for k in range(len(ws)) if not p.linked(side, k)):
            if any(k in s for s in slot_pronouns for k in run if side == 0) or \
                    any(-1 - k in s for s in slot_pronouns for k in run if side == 1):
                continue
            content = [k for k in run if _meaningful(p, side, k)]
            # a lone verb (tagged by spaCy: the rules guess verbs from "-ed") is most often a
            # predicate said in other words ("says" / "added", "long" / "lasted")
            lone = content[0] if len(content) == 1 else None
            if not content or _predicate_slot(p, side, run) or lone is not None and (
                    _lone_predicate(ws, lone) or _absorbed_head(p, side, lone)):
                continue
            out.append(_found("omission" if side == 0 else "addition", side, run,
                              rule="no counterpart"))
    return out


# --- changes ----------------------------------------------------------------------------------

def _changes(p: _Pair, first_b: int, first_d: int) -> list[tuple[float, Change, set[int],
                                                               set[int]]]:
    """Every change with its order key and its base and derivative word indices."""
    out: list[tuple[float, Change, set[int], set[int]]] = []
    key: float
    units: dict[int, tuple[set[int], set[int], str, float]] = {}
    for i, j, kind, s in p.links:
        if kind == "equal":
            continue
        if kind == "formatting" and _moved_capital(p, i, j, first_b, first_d):
            continue  # a capital that moved with its word
        key = min([i, *p.d2b.get(j, [])])
        unit = units.setdefault(key, (set(), set(), kind, s))
        unit[0].update(p.d2b.get(j, [i]))
        unit[1].update(p.b2d.get(i, [j]))
    for key, (bi, dj, kind, s) in units.items():
        bspan, btext = p.span(0, bi)
        dspan, dtext = p.span(1, dj)
        sim = None if kind in ("formatting", "spelling") and s >= 0.9 else float(s)
        out.append((key, Change(kind, bspan, dspan, btext, dtext, sim), bi, dj))
    for side in (0, 1):
        ws = p.words(side)
        for run in _runs(k for k in range(len(ws)) if not p.linked(side, k)):
            span, text = p.span(side, run)
            if all(ws[k].is_punct for k in run):
                kind = "formatting"
            else:
                kind = "delete" if side == 0 else "insert"
            if side == 0:
                out.append((run[0], Change(kind, span, None, text, ""), set(run), set()))
            else:
                before = [i for x in range(run[0]) for i in p.d2b.get(x, [])]
                key = (max(before) if before else -1) + 0.5
                out.append((key, Change(kind, None, span, "", text), set(), set(run)))
    return out


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
    """Changed spans, flags and their evidence for one pair, from words and their similarity.

    Args:
        base_text, deriv_text: the two sentences (offsets of the words point into them).
        base, deriv: their words (:func:`analyze_words`).
        sim: ``(len(base), len(deriv))`` word cosine (:func:`context_similarity`), or None.
        budget: the word-pair budget of :func:`align_words`; an explanation over it carries
            the note :data:`TOO_LONG`.
    """
    links = align_words(base, deriv, sim, budget=budget)
    notes = (TOO_LONG,) if over_budget(len(base), len(deriv), budget) else ()
    p = _Pair(base_text, deriv_text, base, deriv, links)
    first_b, first_d = _first_word(base), _first_word(deriv)
    gb, gd = _verb_groups(base), _verb_groups(deriv)
    dates = (_time_expressions(base), _time_expressions(deriv))
    pronouns = _pronoun(p)
    slot_pronouns = {(*f.base, *(-1 - x for x in f.deriv)) for f in pronouns
                     if f.rule == "pronoun for a noun phrase"}
    findings = [*_formatting(p), *_spelling(p), *_tense(p, gb, gd), *pronouns,
                *_entity(p, pronouns),
                *_number(p, dates), *_date(p, dates), *_negation(p, gb, gd), *_attribution(p),
                *_omission_addition(p, slot_pronouns)]
    changes = _changes(p, first_b, first_d)
    backed: list[set[str]] = [set() for _ in changes]
    for f in findings:
        for k, (_, _, bi, dj) in enumerate(changes):
            if f.base & bi or f.deriv & dj:
                backed[k].add(f.flag)
    ordered = sorted(((key, replace(c, flags=tuple(x for x in FLAGS if x in backed[k])))
                      for k, (key, c, _, _) in enumerate(changes)), key=lambda kc: kc[0])
    out_changes = [c for _, c in ordered]
    if canonical_text(base_text) != canonical_text(deriv_text) and \
            canon_word(fold(base_text)) == canon_word(fold(deriv_text)) and \
            not any(c.kind == "formatting" for c in out_changes):
        out_changes = _formatting_changes(base_text, deriv_text) + out_changes
        findings.append(_Finding("formatting", set(), set(), "spacing or punctuation"))
    evidence = []
    for f in sorted(findings, key=lambda f: (FLAGS.index(f.flag), min(f.base, default=-1),
                                             min(f.deriv, default=-1))):
        bspan, btext = p.span(0, f.base)
        dspan, dtext = p.span(1, f.deriv)
        if not f.base and not f.deriv:  # the character-level formatting of the whole pair
            fc = next(c for c in out_changes if c.kind == "formatting")
            bspan, btext, dspan, dtext = fc.base_span, fc.base_text, fc.deriv_span, fc.deriv_text
        evidence.append(FlagEvidence(f.flag, bspan, dspan, btext, dtext, f.rule))
    flagset = {f.flag for f in findings}
    flags = tuple(f for f in FLAGS if f in flagset)
    return Explanation(flags, tuple(out_changes), tuple(base), tuple(deriv), tuple(links),
                       notes, tuple(evidence))


# --- many pairs -------------------------------------------------------------------------------

def _side_text(side: Side) -> str:
    return side if isinstance(side, str) else " ".join(side)


def explain_texts(sentences: Iterable[str]) -> list[str]:
    """The texts whose token embeddings (:func:`drift.embed.tokens.token_vectors`)
    :func:`explain_pairs` needs to explain pairs made of these sentences, each side given as
    its sentences: the distinct sentences themselves, in first-seen order. ``drift batch``
    computes them ahead, with the sentence embeddings."""
    return list(dict.fromkeys(sentences))


def _side_words(sides: Sequence[Side], use_spacy: bool, cache: EmbeddingCache | None
                ) -> list[tuple[Word, ...]]:
    """The words of each side; a side given as sentences is tagged one sentence at a time
    (each sentence once, cached), its words joined."""
    flat = [t for s in sides for t in ([s] if isinstance(s, str) else s)]
    tagged = dict(zip(flat, analyze_words(flat, use_spacy=use_spacy, cache=cache)))
    return [tagged[s] if isinstance(s, str) else join_words([tagged[t] for t in s], list(s))
            for s in sides]


def _context_vectors(sides: Sequence[Side], words: Sequence[Sequence[Word] | None], encoder: Any,
                     cache: EmbeddingCache | None) -> list[np.ndarray | None]:
    """Contextual word vectors of each side (None for a side not needed): a side given as
    sentences is embedded sentence by sentence."""
    need = [k for k, w in enumerate(words) if w is not None]
    texts: list[str] = []
    for k in need:
        s = sides[k]
        texts.extend([s] if isinstance(s, str) else s)
    rows = dict(zip(texts, token_vectors(texts, encoder, cache))) if texts else {}
    out: list[np.ndarray | None] = [None] * len(sides)
    for k in need:
        side = sides[k]
        parts = [side] if isinstance(side, str) else list(side)
        joined = join_pieces([rows[t] for t in parts], parts)
        out[k] = pool_words(joined, [(w.start, w.end) for w in words[k] or ()])
    return out


def explain_pairs(pairs: Sequence[tuple[Side, Side]], encoder: Encoder | None,
                  cache: EmbeddingCache | None = None, *, use_spacy: bool = True
                  ) -> list[Explanation]:
    """Explain many (base, derivative) sentence pairs.

    Args:
        pairs: ``(base, derivative)``; a side is a sentence, or the sentences it is made of
            (joined with a space; each sentence's token embeddings are computed alone, so a
            sentence costs one encoding whatever bead it is in).
        encoder: gives the word vectors: its token embeddings in context when it has them
            (sentence-transformers models), else a context-free vector of each content word;
            ``None`` for a purely lexical alignment (forms, lemmas, spellings, frames).
        cache: optional embedding cache.

    Returns:
        one :class:`Explanation` per pair; a pair over :data:`WORD_PAIR_BUDGET` is matched
        without word vectors, by exact form and lemma, and noted :data:`TOO_LONG` (so is a
        pair with a sentence over :data:`SPACY_MAX_CHARS`, tagged by the rules).
    """
    sides = [s for p in pairs for s in p]
    texts = [_side_text(s) for s in sides]
    words = _side_words(sides, use_spacy, cache)
    full = [not over_budget(len(words[2 * k]), len(words[2 * k + 1])) for k in range(len(pairs))]
    needed = [words[i] if full[i // 2] and texts[2 * (i // 2)] != texts[2 * (i // 2) + 1]
              else None for i in range(len(texts))]
    context: list[np.ndarray | None] = [None] * len(texts)
    vectors: dict[str, np.ndarray] = {}
    if encoder is not None and has_tokens(encoder):
        context = _context_vectors(sides, needed, encoder, cache)
    elif encoder is not None:  # only pairs matched in full use word vectors
        vectors = word_vectors((w for w in needed if w is not None), encoder, cache)
    # spaCy tags no sentence over SPACY_MAX_CHARS (known without loading it)
    rule_tagged = use_spacy and tagger_name() != "rules"
    out = []
    for k in range(len(pairs)):
        a, b = texts[2 * k], texts[2 * k + 1]
        wa, wb = words[2 * k], words[2 * k + 1]
        if a == b:  # nothing changed: every word matches itself
            out.append(Explanation((), (), wa, wb, tuple((i, i, "equal", 1.0)
                                                         for i in range(len(wa)))))
            continue
        ca, cb = context[2 * k], context[2 * k + 1]
        if not full[k]:
            sim = None
        elif ca is not None and cb is not None:
            sim = context_similarity(ca, cb)
        else:
            sim = word_similarity(wa, wb, vectors)
        e = explain_words(a, b, wa, wb, sim)
        if rule_tagged and max(len(a), len(b)) > SPACY_MAX_CHARS and TOO_LONG not in e.notes:
            e = replace(e, notes=(*e.notes, TOO_LONG))
        out.append(e)
    return out
