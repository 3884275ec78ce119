"""The comparison form of a text: what is embedded, diffed and matched.

Text is kept exactly as written for display; :func:`normalize` gives the form used for
comparison (Unicode NFKC, straight quotes, one kind of dash, single spaces).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize"]

_TRANS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-",
    "\u2011": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "", "\ufeff": "",
})
_WS = re.compile(r"\s+")
_DASH = re.compile(r"\s+-{1,3}\s+|\s*-{2,3}\s*")


def normalize(text: str) -> str:
    """The comparison form of a text: NFKC, straight quotes, ``-`` dashes, single spaces.

    >>> normalize("Kazakhstan\u2019s  \u201cgarden city\u201d \u2013 or -- not\u2026")
    'Kazakhstan\\'s "garden city" - or - not...'
    """
    text = unicodedata.normalize("NFKC", text).translate(_TRANS)
    text = _DASH.sub(" - ", text)
    return _WS.sub(" ", text).strip()
