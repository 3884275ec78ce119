"""Explainable drift: the changed word spans of an aligned pair and the flags they justify.

Built on :mod:`drift.score.words` (words and tags) and :mod:`drift.score.wordalign` (which word
is which word's counterpart, and which words have none); the flag rules are
:mod:`drift.score.flags` and :mod:`drift.score.contentflags` (on :mod:`drift.score.findings` and
:mod:`drift.score.phrases`), the changed spans :mod:`drift.score.changes`:

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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder
from drift.embed.tokens import has_tokens, join_pieces, pool_words, token_vectors
from drift.score.changes import CHANGE_KINDS, Change, formatting_changes, pair_changes
from drift.score.contentflags import (
    find_attribution,
    find_date,
    find_entity,
    find_number,
    find_omission_addition,
)
from drift.score.findings import Finding, Pair, first_word
from drift.score.flags import (
    find_formatting,
    find_negation,
    find_pronoun,
    find_spelling,
    find_tense,
)
from drift.score.phrases import time_expressions, verb_groups
from drift.score.spelling import canon_word
from drift.score.wordalign import (
    WORD_PAIR_BUDGET,
    align_words,
    context_similarity,
    over_budget,
    word_similarity,
    word_vectors,
)
from drift.score.wordlists import number_value
from drift.score.words import (
    SPACY_MAX_CHARS,
    Word,
    analyze_words,
    canonical_text,
    join_words,
    tagger_name,
)
from drift.text.normalize import fold

__all__ = ["FLAGS", "CHANGE_KINDS", "Change", "FlagEvidence", "Explanation", "explain_words",
           "explain_pairs", "explain_texts", "TOO_LONG"]
FLAGS = ("formatting", "spelling", "tense", "pronoun", "entity", "number", "date", "negation",
         "attribution", "omission", "addition")
#: the note of an explanation made within the budget's fallback
TOO_LONG = "explain:too-long"

Side = str | Sequence[str]


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
    p = Pair(base_text, deriv_text, base, deriv, links)
    first_b, first_d = first_word(base), first_word(deriv)
    gb, gd = verb_groups(base), verb_groups(deriv)
    dates = (time_expressions(base), time_expressions(deriv))
    pronouns = find_pronoun(p)
    slot_pronouns = {(*f.base, *(-1 - x for x in f.deriv)) for f in pronouns
                     if f.rule == "pronoun for a noun phrase"}
    findings = [*find_formatting(p), *find_spelling(p), *find_tense(p, gb, gd), *pronouns,
                *find_entity(p, pronouns),
                *find_number(p, dates), *find_date(p, dates), *find_negation(p, gb, gd),
                *find_attribution(p),
                *find_omission_addition(p, slot_pronouns)]
    changes = pair_changes(p, first_b, first_d)
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
            _figures(base_text) == _figures(deriv_text) and \
            not any(c.kind == "formatting" for c in out_changes):
        out_changes = formatting_changes(base_text, deriv_text) + out_changes
        findings.append(Finding("formatting", set(), set(), "spacing or punctuation"))
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


_FIGURE = re.compile(r"\d[\d.,]*\d|\d")


def _figures(text: str) -> list[str]:
    """The values of the figures of a text (``12`` and ``1.2`` differ, ``1,250`` and ``1250``
    do not)."""
    return [number_value(t) for t in _FIGURE.findall(text)]


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
