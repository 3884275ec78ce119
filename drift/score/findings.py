"""The aligned pair as the flag rules read it, and what a rule finds.

:class:`Pair` holds the words of both sides of a sentence pair and their links (which word is
which word's counterpart: :func:`drift.score.wordalign.align_words`); each rule of
:mod:`drift.score.flags` and :mod:`drift.score.contentflags` returns :class:`Finding` objects:
the flag, the words of each side that justify it and the rule that fired. The helpers here are
shared by several rules and by :mod:`drift.score.changes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from drift.score.words import Word, neighbour

__all__ = ["Pair", "Finding", "side_finding", "first_word", "runs_of", "facing_words",
           "moved_capital", "LEXICAL"]

#: link kinds that relate a word to itself (written otherwise)
LEXICAL = frozenset({"equal", "formatting", "inflection", "spelling"})


@dataclass
class Pair:
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
class Finding:
    flag: str
    base: set[int]
    deriv: set[int]
    rule: str


def side_finding(flag: str, side: int, mine: Iterable[int], theirs: Iterable[int] = (),
                 rule: str = "") -> Finding:
    """A finding from the words of one side (``mine``) and of the other (``theirs``)."""
    mine, theirs = set(mine), set(theirs)
    return Finding(flag, mine if side == 0 else theirs, theirs if side == 0 else mine, rule)


def first_word(words: Sequence[Word]) -> int:
    return next((k for k, w in enumerate(words) if not w.is_punct), -1)


def runs_of(idx: Iterable[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for i in sorted(idx):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def facing_words(p: Pair, side: int, run: list[int]) -> list[int]:
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


def moved_capital(p: Pair, i: int, j: int, first_b: int, first_d: int) -> bool:
    """A capital that changed only because its word moved to or from the sentence start."""
    a, b = p.base[i], p.deriv[j]
    return (i == first_b) != (j == first_d) and a.text[1:] == b.text[1:] \
        and a.text[:1].lower() == b.text[:1].lower()
