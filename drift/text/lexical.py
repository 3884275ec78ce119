"""Lexical overlap of two texts: the share of word tokens they have in common, in order.

Plain strings in, a number out: no model. ``lexical`` of a pair is the difflib ratio over folded
words, ``2 * matches / (len(a) + len(b))``. difflib is quadratic, so above
:data:`LEXICAL_BUDGET` token pairs the share ignores order (the multiset overlap, an upper
bound of the in-order share, in linear time).
"""

from __future__ import annotations

import difflib
from collections import Counter

import regex

from drift.text.normalize import fold

__all__ = ["lexical_similarity", "tokens", "canonical_tokens", "LEXICAL_BUDGET"]

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


def canonical_tokens(text: str) -> str:
    """The tokens joined by single spaces: two texts that differ only in case, quotes, dashes
    and spacing have the same canonical form."""
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
