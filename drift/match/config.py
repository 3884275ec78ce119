"""The settings of ``drift match``: one frozen dataclass, checked when built, with a signature."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from drift.errors import ConfigError

__all__ = ["MatchConfig"]


@dataclass(frozen=True)
class MatchConfig:
    """How candidates are found (the pipeline's own settings are a :class:`DriftConfig`).

    Attributes:
        ngram: words per n-gram of the verbatim index.
        max_df: an n-gram found in more documents than this is not evidence (boilerplate,
            a quote every outlet carries).
        min_shared: rare n-grams two documents must share to be a verbatim candidate.
        k: nearest sentences of other documents kept per sentence.
        skip: best neighbours left out of a sentence's background (a story copied by up to
            ``skip`` sites does not hide its own copies).
        min_similarity: cosine floor of a sentence match.
        min_margin: margin floor of a sentence match (cosine above the two sentences'
            backgrounds).
        min_words: shorter sentences neither ask nor answer.
        min_matched: sentences matched on each side that make two documents a candidate.
        per_document: candidates kept per document (bounds verification to ``O(n)`` pairs).
        nprobe: inverted lists searched per query (``ann="ivf"``).
        ann: the approximate index above 20,000 sentences, on the first 128 principal axes:
            ``ivf`` (lists of about 1,000 vectors, their centroids in a small graph) or
            ``hnsw`` (a graph over all vectors); see :mod:`drift.match.semantic`.
    """

    ngram: int = 5
    max_df: int = 100
    min_shared: int = 3
    k: int = 10
    skip: int = 4
    min_similarity: float = 0.5
    min_margin: float = 0.1
    min_words: int = 4
    min_matched: int = 2
    per_document: int = 20
    nprobe: int = 8
    ann: str = "ivf"

    def __post_init__(self) -> None:
        ints = {"ngram": (1, 20), "max_df": (2, 1_000_000), "min_shared": (1, 10_000),
                "k": (1, 1000), "skip": (0, 999), "min_words": (0, 100),
                "min_matched": (1, 10_000), "per_document": (1, 100_000), "nprobe": (1, 65536)}
        for name, (lo, hi) in ints.items():
            v = getattr(self, name)
            if not isinstance(v, int) or not lo <= v <= hi:
                raise ConfigError(f"{name} must be a whole number from {lo} to {hi}, got {v!r}")
        if self.ann not in ("hnsw", "ivf"):
            raise ConfigError(f"ann must be hnsw or ivf, got {self.ann!r}")
        if self.skip >= self.k:
            raise ConfigError(f"skip ({self.skip}) must be smaller than k ({self.k})")
        for name in ("min_similarity", "min_margin"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or not -1.0 <= v <= 1.0:
                raise ConfigError(f"{name} must be a number from -1 to 1, got {v!r}")

    def signature(self) -> str:
        """``match:ng5/df100/sh3|ann:ivf/k10/s4/np8|mg:0.50/0.10/w4|cand:2/20``."""
        return (f"match:ng{self.ngram}/df{self.max_df}/sh{self.min_shared}|"
                f"ann:{self.ann}/k{self.k}/s{self.skip}/np{self.nprobe}|"
                f"mg:{self.min_similarity:.2f}/{self.min_margin:.2f}/w{self.min_words}|"
                f"cand:{self.min_matched}/{self.per_document}")

    def index_signature(self) -> str:
        """What the stored index depends on (a change rebuilds it)."""
        return f"ng{self.ngram}/{self.ann}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
