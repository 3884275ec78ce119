"""The comparison form of a text: what is embedded, diffed and matched.

Text is kept exactly as written for display; :func:`normalize` gives the form used for
comparison (Unicode NFKC, straight quotes, one kind of dash, single spaces, no invisible
characters). :func:`fold` is the same idea for one word, and :func:`split_lines` is the one
place drift splits text into lines.

Line breaks: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line. ``str.splitlines()`` also breaks
at U+2028 (line separator), U+2029 (paragraph separator), NEL (U+0085), form feed, vertical
tab and the file/group/record separators; drift reads all of those as spaces (a JSONL record
or a sentence with a raw U+2028 in it stays one record, one line).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "fold", "split_lines", "strip_invisible", "INVISIBLE", "SPACE_LIKE"]

#: characters with no width that do not change a word: zero-width space, non-joiner, joiner,
#: word joiner, soft hyphen, byte-order mark (dropped from the comparison form)
INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff"
#: characters that ``str.splitlines()`` treats as line breaks but drift reads as spaces
SPACE_LIKE = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

_DROP = {ord(c): None for c in INVISIBLE}
_TRANS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-",
    "\u2011": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", **dict.fromkeys(INVISIBLE, ""),
})
_WS = re.compile(r"\s+")
_DASH = re.compile(r"\s+-{1,3}\s+|\s*-{2,3}\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def strip_invisible(text: str) -> str:
    """``text`` without the zero-width characters of :data:`INVISIBLE`.

    >>> strip_invisible("Kazakh\\u200dstan")
    'Kazakhstan'
    """
    return text.translate(_DROP)


def normalize(text: str) -> str:
    """The comparison form of a text: NFKC, straight quotes, ``-`` dashes, single spaces, no
    zero-width characters (:data:`INVISIBLE`).

    >>> normalize("Kazakhstan\u2019s  \u201cgarden city\u201d \u2013 or -- not\u2026")
    'Kazakhstan\\'s "garden city" - or - not...'
    >>> normalize("cafe\\u0301 in Kazakh\\u200dstan") == normalize("caf\\u00e9 in Kazakhstan")
    True
    """
    text = unicodedata.normalize("NFKC", text.translate(_DROP)).translate(_TRANS)
    text = _DASH.sub(" - ", text)
    return _WS.sub(" ", text).strip()


def fold(word: str) -> str:
    """The comparison form of one word: zero-width characters dropped, NFKC (so a letter and
    its combining accent are one character), curly apostrophe straightened, lower case.

    >>> fold("Cafe\\u0301") == fold("caf\\u00e9"), fold("Kazakh\\u200dstan"), fold("Russia\\u2019s")
    (True, 'kazakhstan', "russia's")
    """
    return unicodedata.normalize("NFKC", word.translate(_DROP)).replace("\u2019", "'").lower()


def split_lines(text: str) -> list[str]:
    """Split text into lines at ``\\n``, ``\\r\\n`` and ``\\r`` only (see the module docstring).

    >>> split_lines("a\\u2028b\\r\\nc\\rd\\x0ce\\n")
    ['a\\u2028b', 'c', 'd\\x0ce', '']
    """
    return _LINE_BREAK.split(text)
