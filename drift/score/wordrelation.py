"""Step 1 of the word aligner: which word pairs may be counterparts, and how two words relate.

:func:`relation` says how a base word relates to a derivative word (``equal``, ``formatting``,
``inflection``, ``spelling``, or by their contextual cosine ``synonym`` / ``substitute``, or
``none``) and how strongly; :func:`full_candidates` and :func:`anchor_candidates` find the pairs
it may relate without relating every pair; :func:`equal_neighbours` is the context evidence of
a pair. :mod:`drift.score.wordalign` weighs and matches them.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence

import numpy as np

from drift.score.spelling import (
    canon_word,
    common_prefix,
    is_spelling_variant,
    is_typo,
    variant_key,
)
from drift.score.wordlists import number_value
from drift.score.words import POS_GROUP, Word, canonical, neighbour

__all__ = ["relation", "compatible", "full_candidates", "anchor_candidates",
           "equal_neighbours", "SYNONYM", "MATCH", "STRENGTH"]

#: contextual word cosine at or above which two different words are near-synonyms (else a
#: substitution of another meaning)
SYNONYM = 0.6
#: contextual word cosine at or above which two different words may be counterparts
MATCH = 0.4
#: strength of each lexical relation (a link's weight before the distortion prior)
STRENGTH = {"equal": 1.0, "formatting": 0.99, "inflection": 0.95, "spelling": 0.9}


def _word_class(w: Word) -> str:
    """``P`` punctuation, ``R`` pronoun, ``N``/``V``/``A`` content (``Q`` number), ``F``
    function word."""
    if w.is_punct:
        return "P"
    if w.is_pronoun:
        return "R"
    if w.is_content:
        if w.is_number:
            return "Q"
        return POS_GROUP.get(w.pos, "N")
    return "F"


#: determiners a possessive pronoun may stand for (``the visit`` / ``his visit``)
_DETERMINERS = frozenset("the a an this that these those".split())
_POSSESSIVES = frozenset("my our your his her its their".split())


def compatible(a: Word, b: Word) -> bool:
    """Whether two different words may be counterparts: two content words (of any part of
    speech: ``signing`` / ``signed``, ``darkness`` / ``dark``), two function words, two
    pronouns, a possessive and a determiner (``the visit`` / ``his visit``), or a pronoun and a
    noun (a pronoun that replaces a name: ``Comey`` / ``he``); never punctuation, never a
    content word and a function word."""
    ca, cb = _word_class(a), _word_class(b)
    if "P" in (ca, cb):
        return False
    if ca == cb == "R":
        # a possessive stands for a possessive, a personal pronoun for a personal one
        # ("her" is both)
        kinds = {w.lower in _POSSESSIVES - {"her"} for w in (a, b) if w.lower != "her"}
        return len(kinds) < 2
    if ca == cb or ca in "NVAQ" and cb in "NVAQ":
        return True
    if {ca, cb} == {"R", "N"}:
        return True
    if {ca, cb} == {"R", "F"}:
        pron, other = (a, b) if ca == "R" else (b, a)
        return pron.lower in _POSSESSIVES and other.lower in _DETERMINERS
    return False


#: punctuation marks that are one mark in another style (quotes, dashes)
_PUNCT_STYLE = str.maketrans({c: '"' for c in "\u201c\u201d\u201e\u00ab\u00bb\u2033"} |
                             {c: "'" for c in "\u2018\u2019\u201a\u2039\u203a\u2032`"} |
                             {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})


def _other_value(a: Word, b: Word) -> bool:
    """Two figures of the same digits but another value (``12`` / ``1.2``): not one number
    written otherwise (``1,250`` / ``1250`` is)."""
    if not (a.lower[:1].isdigit() and b.lower[:1].isdigit()):
        return False
    va, vb = number_value(a.text), number_value(b.text)
    return va is not None and vb is not None and va != vb


def relation(a: Word, b: Word, cos: float) -> tuple[str, float]:
    """How word ``a`` relates to word ``b``: (kind, strength); ``cos`` is their contextual
    cosine (rounded). ``none`` when they cannot be counterparts."""
    if a.text == b.text or canonical(a.text) == canonical(b.text):
        return "equal", 1.0
    if a.lower == b.lower or canon_word(a.lower) == canon_word(b.lower) and canon_word(a.lower) \
            and not _other_value(a, b):
        return "formatting", 0.99
    if a.is_punct or b.is_punct:
        if a.is_punct and b.is_punct and \
                a.lower.translate(_PUNCT_STYLE) == b.lower.translate(_PUNCT_STYLE):
            return "formatting", 0.99
        return "none", 0.0
    known = _known()
    if a.lemma != b.lemma and _stem(a) != _stem(b) and (
            a.lower not in known or b.lower not in known) and is_typo(a.text, b.text):
        return "spelling", 0.9  # "consideres" is no form of "consider"
    if a.lemma == b.lemma or _stem(a) == _stem(b):
        return "inflection", 0.95
    if not (a.is_numeral or b.is_numeral) and (
            is_spelling_variant(a.text, b.text) or a.lemma != a.lower and b.lemma != b.lower
            and is_spelling_variant(a.lemma, b.lemma)):  # recognizes / recognise
        return "spelling", 0.9
    if cos < MATCH or not compatible(a, b):
        return "none", 0.0
    if a.is_entity or b.is_entity:  # another name is another meaning
        same_root = len(common_prefix(a.lower, b.lower)) >= 5  # Belarus / Belarusian
        return ("synonym" if same_root else "substitute"), cos
    return ("synonym" if cos >= SYNONYM else "substitute"), cos


def _known() -> Mapping[str, float]:
    """The common words of :func:`drift.text.lexicon.zipf_table` (loaded once)."""
    from drift.text.lexicon import zipf_table

    return zipf_table()


def _stem(w: Word) -> str:
    """The lemma without a possessive ending (``March's`` is ``March`` + ``'s``)."""
    return w.lemma.removesuffix("'s").removesuffix("'")
# --- candidates ---------------------------------------------------------------------------

def _anchor_keys(w: Word) -> list[tuple[str, str]]:
    keys = [("f", w.lower)]
    canon = canon_word(w.lower)
    if canon and canon != w.lower:
        keys.append(("c", canon))
    if not w.is_punct and w.lemma and w.lemma != w.lower:
        keys.append(("l", w.lemma))
    return keys


def anchor_candidates(base: Sequence[Word], deriv: Sequence[Word]) -> list[tuple[int, int]]:
    """Word pairs that share a folded form, a form without punctuation or a lemma; for each base
    word and key, the two derivative words on each side of its relative position (so a word
    repeated many times costs a bounded number of candidates). ``O(n log n)``."""
    index: dict[tuple[str, str], list[int]] = {}
    for j, b in enumerate(deriv):
        for key in _anchor_keys(b):
            index.setdefault(key, []).append(j)
    n, m = len(base), len(deriv)
    out: set[tuple[int, int]] = set()
    for i, a in enumerate(base):
        for key in _anchor_keys(a):
            js = index.get(key)
            if not js:
                continue
            k = bisect.bisect_left(js, i * m / max(n, 1))
            out.update((i, j) for j in js[max(k - 2, 0):k + 2])
    return sorted(out)


def _same(ka: Sequence[object], kb: Sequence[object]) -> np.ndarray:
    """``(len(ka), len(kb))`` bool: ``ka[i] == kb[j]`` (None never equals anything)."""
    ids: dict[object, int] = {}
    keys = [k if k is not None else object() for k in [*ka, *kb]]  # a unique stand-in
    arr = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    return arr[:len(ka), None] == arr[None, len(ka):]


def full_candidates(base: Sequence[Word], deriv: Sequence[Word], sim: np.ndarray | None
                     ) -> np.ndarray:
    """``(n, m)`` bool: every word pair :func:`relation` may relate (a superset): equal
    canonical, folded, punctuation-free or lemma forms; spelling variants' first letter and
    length; non-punctuation words at cosine >= ``MATCH``. The rest is ``none`` for certain."""
    mask = _same([canonical(w.text) for w in base], [canonical(w.text) for w in deriv])
    mask |= _same([w.lower for w in base], [w.lower for w in deriv])
    mask |= _same([canon_word(w.lower) or None for w in base],
                  [canon_word(w.lower) or None for w in deriv])
    mask |= _same([w.lemma for w in base], [w.lemma for w in deriv])
    mask |= _same([_stem(w) for w in base], [_stem(w) for w in deriv])
    mask |= _same([w.lower.translate(_PUNCT_STYLE) if w.is_punct else None for w in base],
                  [w.lower.translate(_PUNCT_STYLE) if w.is_punct else None for w in deriv])
    va, vb = [variant_key(w) for w in base], [variant_key(w) for w in deriv]
    first = _same([v[0] if len(v) >= 4 else None for v in va],
                  [v[0] if len(v) >= 4 else None for v in vb])
    la, lb = np.array([len(v) for v in va]), np.array([len(v) for v in vb])
    mask |= first & (np.abs(la[:, None] - lb[None, :]) <= 2)
    for i, j in _typo_candidates(base, deriv):
        mask[i, j] = True
    if sim is not None:
        pa = np.array([not w.is_punct for w in base], dtype=bool)
        pb = np.array([not w.is_punct for w in deriv], dtype=bool)
        mask |= pa[:, None] & pb[None, :] & (sim >= MATCH)
    return mask


def _typo_candidates(base: Sequence[Word], deriv: Sequence[Word]) -> list[tuple[int, int]]:
    """Pairs of a word that is no common word (:func:`drift.text.lexicon.zipf_table`) and a word
    of the other side it may be a misspelling of (``vell`` / ``well``, ``Yuo`` / ``You``): the
    few unknown words are compared with every word, ``O((u_a + u_b) * (n + m))``."""
    from drift.text.lexicon import zipf_table

    known = zipf_table()

    def unknown(words: Sequence[Word], k: int) -> bool:
        # a capitalized word inside the sentence is a name, not a misspelled common word
        w = words[k]
        return w.lower.isalpha() and w.lower not in known and \
            (not w.text[:1].isupper() or neighbour(words, k, -1) is None)

    out = [(i, j) for i in range(len(base)) if unknown(base, i)
           for j, b in enumerate(deriv) if not b.is_punct and is_typo(base[i].text, b.text)]
    out += [(i, j) for j in range(len(deriv)) if unknown(deriv, j)
            for i, a in enumerate(base) if not a.is_punct and is_typo(a.text, deriv[j].text)]
    return out

def equal_neighbours(base: Sequence[Word], deriv: Sequence[Word]) -> np.ndarray:
    """``(n, m)`` in {0, 0.5, 1}: how many of the two neighbours (left, right) of base word ``i``
    and derivative word ``j`` are equal words (sentence edges count as equal)."""
    n, m = len(base), len(deriv)
    lb = [canonical(w.lower) for w in base]
    ld = [canonical(w.lower) for w in deriv]
    left = _same(["^", *lb[:-1]], ["^", *ld[:-1]])
    right = _same([*lb[1:], "$"], [*ld[1:], "$"])
    return (left.astype(np.float64) + right) / 2 if n and m else np.zeros((n, m))
