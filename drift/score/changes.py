"""The changed spans of an aligned pair (:class:`Change`), each with its kind.

:func:`pair_changes` turns the word links of a pair (:class:`drift.score.findings.Pair`) into
changes: linked words written otherwise, base words with no counterpart, derivative words with
no counterpart; :func:`formatting_changes` finds the character-level changes of two texts that
differ only in formatting. :func:`drift.score.explain.explain_words` adds the flags each change
backs.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from drift.score.findings import Pair, moved_capital, runs_of

__all__ = ["CHANGE_KINDS", "Change", "pair_changes", "formatting_changes"]

CHANGE_KINDS = ("formatting", "spelling", "inflection", "synonym", "substitute", "delete",
                "insert")


@dataclass(frozen=True)
class Change:
    """One changed span of an aligned pair.

    Attributes:
        kind: one of :data:`CHANGE_KINDS`.
        base_span, deriv_span: ``(start, end)`` character offsets in the base / derivative
            sentence; ``None`` on the side where nothing is (insert / delete).
        base_text, deriv_text: the spans' text (``""`` when absent).
        similarity: contextual word cosine of the two sides; None for insert / delete.
        flags: the flags this change backs.
    """

    kind: str
    base_span: tuple[int, int] | None
    deriv_span: tuple[int, int] | None
    base_text: str
    deriv_text: str
    similarity: float | None = None
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "base": self.base_text, "derivative": self.deriv_text,
            "base_span": list(self.base_span) if self.base_span else None,
            "deriv_span": list(self.deriv_span) if self.deriv_span else None,
            "similarity": None if self.similarity is None else round(float(self.similarity), 4),
            "flags": list(self.flags),
        }


def pair_changes(p: Pair, first_b: int, first_d: int) -> list[tuple[float, Change, set[int],
                                                                    set[int]]]:
    """Every change with its order key and its base and derivative word indices."""
    out: list[tuple[float, Change, set[int], set[int]]] = []
    key: float
    units: dict[int, tuple[set[int], set[int], str, float]] = {}
    for i, j, kind, s in p.links:
        if kind == "equal":
            continue
        if kind == "formatting" and moved_capital(p, i, j, first_b, first_d):
            continue  # a capital that moved with its word
        key = min([i, *p.d2b.get(j, [])])
        unit = units.setdefault(key, (set(), set(), kind, s))
        unit[0].update(p.d2b.get(j, [i]))
        unit[1].update(p.b2d.get(i, [j]))
    for key, (bi, dj, kind, s) in units.items():
        bspan, btext = p.span(0, bi)
        dspan, dtext = p.span(1, dj)
        sim = None if kind in ("formatting", "spelling") and s >= 0.9 else float(s)
        out.append((key, Change(kind, bspan, dspan, btext, dtext, sim), bi, dj))
    for side in (0, 1):
        ws = p.words(side)
        for run in runs_of(k for k in range(len(ws)) if not p.linked(side, k)):
            span, text = p.span(side, run)
            if all(ws[k].is_punct for k in run):
                kind = "formatting"
            else:
                kind = "delete" if side == 0 else "insert"
            if side == 0:
                out.append((run[0], Change(kind, span, None, text, ""), set(run), set()))
            else:
                before = [i for x in range(run[0]) for i in p.d2b.get(x, [])]
                key = (max(before) if before else -1) + 0.5
                out.append((key, Change(kind, None, span, "", text), set(), set(run)))
    return out


def formatting_changes(base_text: str, deriv_text: str,
                       max_cells: int = 1_000_000) -> list[Change]:
    """Character-level changes between two texts that differ only in formatting; the common
    prefix and suffix are trimmed first, and a middle too long to diff is one change."""
    k = 0
    while k < min(len(base_text), len(deriv_text)) and base_text[k] == deriv_text[k]:
        k += 1
    e = 0
    while (e < min(len(base_text), len(deriv_text)) - k
           and base_text[-1 - e] == deriv_text[-1 - e]):
        e += 1
    a_mid, b_mid = base_text[k:len(base_text) - e], deriv_text[k:len(deriv_text) - e]
    ops: Sequence[tuple[str, int, int, int, int]]
    if len(a_mid) * len(b_mid) > max_cells:
        ops = [("replace", 0, len(a_mid), 0, len(b_mid))]
    else:
        ops = difflib.SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_opcodes()
    out = []
    for op, a0, a1, b0, b1 in ops:
        if op != "equal":
            a0, a1, b0, b1 = a0 + k, a1 + k, b0 + k, b1 + k
            out.append(Change("formatting", (a0, a1) if a1 > a0 else None,
                              (b0, b1) if b1 > b0 else None, base_text[a0:a1],
                              deriv_text[b0:b1], None, ("formatting",)))
    return out
