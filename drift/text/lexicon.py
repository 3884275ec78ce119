"""The word frequencies drift ships: ``drift/data/background.tsv.gz``.

One table of about 57,000 word forms, each with its highest Zipf frequency (log10 of
occurrences per billion words) over English, German, French, Italian, Spanish, Portuguese,
Dutch, Russian and Macedonian, from wordfreq 3.1.1 (data CC BY-SA 4.0; made by
``benchmarks/make_background.py``); only forms of Zipf 4.0 or more (about one in 100,000
words) are listed. The reader uses it to tell a word broken at a line end (``inter-`` /
``national``) from a compound (``well-`` / ``known``); the scorer to weigh rare words.
"""

from __future__ import annotations

import gzip
import importlib.resources
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

__all__ = ["zipf_table", "is_known_word"]


@lru_cache(maxsize=1)
def zipf_table() -> Mapping[str, float]:
    """Lower-cased word form -> Zipf frequency (read once, read-only).

    >>> zipf_table()["international"] > 5 and "wellknown" not in zipf_table()
    True
    """
    raw = importlib.resources.files("drift.data").joinpath("background.tsv.gz").read_bytes()
    table = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if line and not line.startswith("#"):
            word, z = line.split("\t")
            table[word] = float(z)
    return MappingProxyType(table)


def is_known_word(word: str) -> bool:
    """Is ``word`` (any case) in :func:`zipf_table`?

    >>> is_known_word("National"), is_known_word("wellknown")
    (True, False)
    """
    return word.lower() in zipf_table()
