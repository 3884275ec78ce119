"""Spelling variants and misspellings: is one word another spelling of the other?

:func:`is_spelling_variant` (``Massimov`` / ``Masimov``, ``colour`` / ``color``,
``al-Zubaidi`` / ``Zubaidi``) and :func:`is_typo` (a common word and a non-word one edit away:
``wrote`` / ``wroet``), on the optimal string alignment distance. :func:`canon_word` (the letters
and digits of a word) and :func:`common_prefix` (``Belarus`` / ``Belarusian``) serve the word
aligner and the entity rule too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from drift.score.wordlists import DATE_NAMES, date_key
from drift.score.words import Word
from drift.text.normalize import fold

__all__ = ["is_spelling_variant", "is_typo", "canon_word", "common_prefix", "variant_key"]

#: words longer than this are never spelling variants (the edit distance is quadratic)
_MAX_VARIANT_LEN = 64


def _edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from ``a`` to ``b`` (optimal
    string alignment distance: ``wroet`` / ``wrote`` is one edit)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, prev2[j - 2] + 1)
            cur.append(d)
        prev2, prev = prev, cur
    return prev[-1]


#: the Arabic article written before a name (``al-Zubaidi`` / ``Zubaidi``)
_ARTICLE = re.compile(r"^(al|el)-", re.IGNORECASE)


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def canon_word(w: str) -> str:
    """The letters and digits of ``w`` (``U.S.`` -> ``US``, ``drug-trafficking`` ->
    ``drugtrafficking``)."""
    return _NON_WORD.sub("", w)


@lru_cache(maxsize=2**17)
def is_spelling_variant(a: str, b: str) -> bool:
    """Two different spellings of one name or word (Massimov/Masimov, colour/color,
    theatre/theater, towards/toward, al-Zubaidi/Zubaidi; ``wroet`` for ``wrote``).

    Not a spelling: another word that shares the start (Russia/Russian, possibly/possible,
    Belgian/Belgium: the ending differs), two weekday or month names (Tuesday/Thursday).

    >>> is_spelling_variant("Kassym-Jomart", "Kasim-Jomart"), is_spelling_variant("cat", "car")
    (True, False)
    """
    if _ARTICLE.match(a) and canon_word(fold(_ARTICLE.sub("", a))) == canon_word(fold(b)) or \
            _ARTICLE.match(b) and canon_word(fold(_ARTICLE.sub("", b))) == canon_word(fold(a)):
        return True
    if is_typo(a, b):
        return True
    a_cap, b_cap = a[:1].isupper(), b[:1].isupper()
    a, b = (canon_word(fold(w).removesuffix("'s").replace("'", "")) for w in (a, b))
    if abs(len(a) - len(b)) > 2 or max(len(a), len(b)) > _MAX_VARIANT_LEN:
        return False  # more than two edits apart, or too long to compare in bounded time
    if a == b or min(len(a), len(b)) < 4 or a[0] != b[0] or a.isdigit() or b.isdigit():
        return False
    if a.startswith(b) or b.startswith(a):  # Russia / Russian: another word, not a spelling
        short, long = sorted((a, b), key=len)
        return long == short + "s" and short.endswith("ward")  # toward / towards
    if date_key(a) in DATE_NAMES and date_key(b) in DATE_NAMES:
        return False
    if len(a) == len(b) and a[-1] != b[-1] and a[-2:] != b[-2:][::-1]:
        return False  # another ending, not a letter swapped: possibly / possible
    d = _edit_distance(a, b)
    if d == 1:
        return True
    # two edits only for names (Kassym / Kasim, Kazakhstan / Kazkahstan)
    return d == 2 and min(len(a), len(b)) >= 5 and a_cap and b_cap


@lru_cache(maxsize=2**17)
def is_typo(a: str, b: str) -> bool:
    """A word and a misspelling of it: one is a common word (Zipf 4 or more in one of nine
    languages, :func:`drift.text.lexicon.zipf_table`), the other is not, and they are one edit
    apart (a swap of two letters is one edit; two edits for a word of four letters or more
    written with as many letters, give or take one).

    >>> is_typo("from", "frome"), is_typo("wrote", "wroet"), is_typo("possible", "possibly")
    (True, True, False)
    """
    from drift.text.lexicon import zipf_table

    if a[:1].isupper() and b[:1].isupper() or abs(len(a) - len(b)) > 2:
        return False  # two names (Belgian / Belgium): is_spelling_variant judges them
    known = zipf_table()
    a, b = a.lower(), b.lower()
    if (a in known) == (b in known):  # the common case first: two words, or two non-words
        return False
    a, b = fold(a), fold(b)
    if a == b or min(len(a), len(b)) < 3 or abs(len(a) - len(b)) > 2 or \
            max(len(a), len(b)) > _MAX_VARIANT_LEN or not (a.isalpha() and b.isalpha()) \
            or (a in known) == (b in known):
        return False
    d = _edit_distance(a, b)
    # two edits for a word of four letters or more written with as many letters, give or
    # take one (yersa / years, sucessfull / successful), not a longer word (protesters /
    # protests)
    return d == 1 or d == 2 and min(len(a), len(b)) >= 4 and abs(len(a) - len(b)) <= 1


def common_prefix(a: str, b: str) -> str:
    k = 0
    while k < min(len(a), len(b)) and a[k] == b[k]:
        k += 1
    return a[:k]


def variant_key(w: Word) -> str:
    """The form :func:`is_spelling_variant` compares."""
    return canon_word(fold(w.text).removesuffix("'s").replace("'", ""))
