"""The shape of a line of text: its words, and whether it is a sentence or a title.

:func:`words`, :func:`is_sentence`, :func:`is_title_like`, :func:`title_case` and
:func:`addresses_reader` (it speaks to the reader) are what the signals and the rules of page
furniture (:mod:`drift.text.signals`, :mod:`drift.text.furniture`) judge a paragraph by.

Sentence ends and word counts work beyond Latin script: ``。！？`` (and the fullwidth ``．！？``),
the Arabic ``؟`` and ``۔``, the Devanagari ``।`` end a sentence, closing CJK brackets may follow;
Chinese and Japanese characters (which are not separated by spaces) count as one word per two
characters (Chinese words average about 1.7 characters).
"""

from __future__ import annotations

import re
from itertools import islice

__all__ = ["words", "is_sentence", "is_title_like", "title_case", "addresses_reader",
           "SENTENCE_END", "CLOSERS", "END_OF_SENTENCE"]

#: sentence-final marks: Latin, CJK (ideographic and fullwidth), Arabic, Urdu, Devanagari,
#: Ethiopic, double marks
SENTENCE_END = ".!?\u2026\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965\u1362" \
    "\u203c\u2047\u2048\u2049"
#: what may follow a sentence-final mark: closing quotes and brackets (CJK ones included)
CLOSERS = "'\"\u2019\u201d)]\u00bb\u300d\u300f\uff09\u3011\u3015\u3009\u300b\uff63"
#: a sentence-final mark at the end of a line, closing quotes and spaces after it
END_OF_SENTENCE = re.compile(f"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)}]*\\s*$")
#: Han ideographs, kana (no spaces between words): counted two characters to a word
_CJK = ("\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
        "\U00020000-\U0002fa1f")
_WORD = re.compile(f"[{_CJK}]{{1,2}}|(?![{_CJK}])[^\\W\\d_](?:(?![{_CJK}])[\\w'\u2019.-])*")
_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
          "as", "from", "into", "over", "after", "before", "amid", "is", "are", "was", "be", "its",
          "vs", "via", "than", "that", "up", "out", "off", "about", "under", "who", "how"}
_QUOTED = re.compile(
    r"[\"\u201c\u201e][^\"\u201c\u201d\u201e]*[\"\u201d]|\u2018[^\u2018\u2019]*\u2019")
_READER = re.compile(
    r"\b(you|your|yours|yourself)\b|\b(this|our) (page|site|website|newsletter|article|app)\b",
    re.IGNORECASE,
)


def words(line: str) -> list[str]:
    """The words of a line, for counting: letters-first runs, and Chinese/Japanese text in
    pieces of two characters.

    >>> words("Police said 40 people"), words("\u5916\u4ea4\u90e8\u53d1\u8a00\u4eba")
    (['Police', 'said', 'people'], ['外交', '部发', '言人'])
    """
    return _WORD.findall(line)


def is_sentence(line: str) -> bool:
    """Does the line end like a sentence (terminal punctuation, maybe a closing quote) and have
    two words or more?

    >>> is_sentence("Read More"), is_sentence("\u5317\u4eac\u5bc6\u5207\u5173\u6ce8\u3002")
    (False, True)
    """
    s = line.strip()
    return bool(END_OF_SENTENCE.search(s[-40:])) and len(list(islice(_WORD.finditer(s), 2))) == 2


def is_title_like(line: str) -> bool:
    """A heading: not a sentence, or most content words capitalised (Title Case)."""
    if not is_sentence(line):
        return True
    ws = [w for w in words(line[:2000]) if w.lower() not in _SMALL]  # a title is short
    if not ws:
        return True
    caps = sum(w[0].isupper() for w in ws[1:])
    return len(ws) > 2 and caps / (len(ws) - 1) >= 0.7


def title_case(text: str) -> bool:
    ws = [w for w in words(text[:2000]) if w.lower() not in _SMALL]
    return len(ws) > 2 and sum(w[0].isupper() for w in ws[1:]) / (len(ws) - 1) >= 0.7


def addresses_reader(line: str) -> bool:
    """Speaks to the reader or about the page, outside quotation marks."""
    return bool(_READER.search(_QUOTED.sub(" ", line)))
