"""The flag rules on linked words: formatting, spelling, tense, negation and pronoun.

Each rule reads an aligned pair (:class:`drift.score.findings.Pair`) and returns its findings
(:class:`drift.score.findings.Finding`): a linked word written otherwise, a verb group of
another tense or polarity, a pronoun for another person or for a noun.
:func:`drift.score.explain.explain_words` runs them with the rules of
:mod:`drift.score.contentflags`; what each flag means is in :mod:`drift.score.explain`.
"""

from __future__ import annotations

from collections.abc import Sequence

from drift.score.findings import (
    LEXICAL,
    Finding,
    Pair,
    facing_words,
    first_word,
    moved_capital,
    runs_of,
    side_finding,
)
from drift.score.phrases import NEGATORS, VerbGroup
from drift.score.spelling import canon_word
from drift.score.wordalign import acronym_letters
from drift.score.words import Word, neighbour

__all__ = ["find_formatting", "find_spelling", "find_tense", "find_negation", "find_pronoun"]

_POSSESSIVES = frozenset("my our your his her its their".split())
#: pronouns that stand as the subject of a clause
_SUBJECTS = frozenset("i we you he she it they".split())


def find_formatting(p: Pair) -> list[Finding]:
    out = []
    first_b, first_d = first_word(p.base), first_word(p.deriv)
    for i, j, kind, _ in p.links:
        if kind == "formatting":
            a, b = p.base[i], p.deriv[j]
            if moved_capital(p, i, j, first_b, first_d):
                continue
            if a.lower == b.lower and not a.is_punct and not _in_context(p, i, j):
                continue  # a case change where the word stands elsewhere: another use of it
            if _expanded(a, b) or _expanded(b, a):
                continue  # an acronym and its expansion: the same name in another form
            out.append(Finding("formatting", {i}, {j}, "case, punctuation or spacing"))
    # punctuation that comes or goes between two words linked to adjacent words by a lexical
    # link (not punctuation that comes or goes with added or removed words)
    for side in (0, 1):
        ws, other = p.words(side), p.words(1 - side)
        for run in runs_of(k for k, w in enumerate(ws) if w.is_punct and not p.linked(side, k)):
            if any("?" in ws[k].text for k in run):
                continue  # a question mark makes a question: no matter of style
            left, right = neighbour(ws, run[0], -1), neighbour(ws, run[-1], +1)
            ends: list[int | None] = []
            for x, edge in ((left, -1), (right, len(other))):
                if x is None:
                    ends.append(edge)
                    continue
                lex = [y for y in p.partners(side, x) if p.kind(side, x, y) in LEXICAL]
                ends.append(lex[0] if lex else None)
            if None in ends:
                continue
            lo, hi = ends[0], ends[1]
            if lo is None or hi is None or lo >= hi or \
                    any(not other[y].is_punct for y in range(lo + 1, hi)):
                continue  # the words around it are not next to each other on the other side
            out.append(side_finding("formatting", side, run, rule="punctuation"))
    return out


def _expanded(short: Word, long: Word) -> bool:
    """Whether ``short`` is an acronym linked to a word of its expansion (``RPC`` / ``Remote
    Procedure Call``, ``U.S.`` / ``United States``): FLAGS.md's formatting is case, quotes,
    dashes, spacing and punctuation style, not another form of a name."""
    letters = acronym_letters(short)
    return bool(letters) and canon_word(long.lower).upper() != letters


def _in_context(p: Pair, i: int, j: int) -> bool:
    """Whether a neighbour of base word ``i`` is linked to the same neighbour of derivative
    word ``j`` (or both stand at the same edge)."""
    for step in (-1, 1):
        a, b = neighbour(p.base, i, step), neighbour(p.deriv, j, step)
        if a is None and b is None or a is not None and b is not None and \
                b in p.partners(0, a):
            return True
    return False


def find_spelling(p: Pair) -> list[Finding]:
    found: dict[tuple[int, ...], Finding] = {}
    for i, j, kind, _ in p.links:
        if kind == "spelling":
            key = (j,)
            f = found.setdefault(key, Finding("spelling", set(), {j}, "variant spelling"))
            f.base.add(i)
    return list(found.values())


def _linked_groups(p: Pair, gb: dict[int, VerbGroup], gd: dict[int, VerbGroup]
                   ) -> list[tuple[VerbGroup, VerbGroup, str]]:
    """Pairs of verb groups with a word linked across (``is`` / ``has been``: the same verb,
    another form), each once, with the kind of the link between their heads (``""`` when
    the heads are not linked to each other)."""
    out = []
    seen = set()
    for i, j, _, _ in p.links:
        g, h = gb.get(i), gd.get(j)
        if g is None or h is None or (g.head, h.head) in seen:
            continue
        seen.add((g.head, h.head))
        heads = p.kind_of.get((g.head, h.head), "")
        if not heads and not (p.base[g.head].pos == p.deriv[h.head].pos == "AUX"):
            continue  # only a copula or an auxiliary is linked: "is" / "has been"
        out.append((g, h, heads or "inflection"))
    return out


def find_tense(p: Pair, gb: dict[int, VerbGroup], gd: dict[int, VerbGroup]) -> list[Finding]:
    out = []
    for g, h, heads in _linked_groups(p, gb, gd):
        if heads not in LEXICAL and heads != "synonym":
            continue  # another verb: another event
        if g.finite and h.finite and g.signature != h.signature:
            rule = f"{_describe(g.signature)} -> {_describe(h.signature)}"
            out.append(Finding("tense", set(g.words), set(h.words), rule))
    return out


def _describe(sig: tuple[str, str, bool, bool]) -> str:
    tense, modal, perfect, progressive = sig
    parts = [modal or tense] + (["perfect"] if perfect else []) + \
        (["progressive"] if progressive else [])
    return " ".join(x for x in parts if x)


def find_negation(p: Pair, gb: dict[int, VerbGroup], gd: dict[int, VerbGroup]) -> list[Finding]:
    out = []
    for g, h, heads in _linked_groups(p, gb, gd):
        # the same verb on both sides; another verb may say the negation in its own words
        # ("would not stop" / "would continue": an antonym is close in meaning to the
        # word vectors, so only a verb linked to itself counts)
        if g.negated != h.negated and heads in LEXICAL:
            out.append(Finding("negation", set(g.words), set(h.words),
                               "negated" if h.negated else "negation removed"))
    for i, j, _, _ in p.links:
        if {p.base[i].lower, p.deriv[j].lower} == {"with", "without"}:
            out.append(Finding("negation", {i}, {j}, "with / without"))
    # a negation word with no counterpart, outside verb groups, before a linked word
    for side, groups in ((0, gb), (1, gd)):
        ws = p.words(side)
        other = p.words(1 - side)
        for k, w in enumerate(ws):
            if w.lower not in NEGATORS or p.linked(side, k) or k in groups:
                continue
            head = next((x for x in range(k + 1, min(k + 4, len(ws)))
                         if ws[x].is_content), None)
            if head is None or not p.linked(side, head):
                continue  # a negation of wholly new or removed content
            partner = p.partners(side, head)[0]
            if p.kind(side, head, partner) not in LEXICAL:
                continue  # another word may carry the negation in its meaning
            near = range(max(partner - 3, 0), partner)
            if any(other[x].is_negation for x in near):
                continue
            out.append(side_finding("negation", side, {k, head}, {partner},
                                    "negation removed" if side == 0 else "negated"))
    return out


def find_pronoun(p: Pair) -> list[Finding]:
    out = []
    for i, j, _, _ in p.links:
        a, b = p.base[i], p.deriv[j]
        pa, pb = a.person, b.person
        if pa is not None and pb is not None:
            if pa != pb:
                out.append(Finding("pronoun", {i}, {j}, "another pronoun"))
        elif (pa is not None and b.is_content and b.pos in ("NOUN", "PROPN")) or \
                (pb is not None and a.is_content and a.pos in ("NOUN", "PROPN")):
            out.append(Finding("pronoun", {i}, {j}, "pronoun for a noun"))
    # a noun phrase and a pronoun in the same slot between linked words ("The council
    # approved" / "They approved"; "We had" / "Microsoft had", the name moved there;
    # "Prosecutors did ... and asked" / "They asked", the subject); not a clause that comes
    # with a pronoun in it, not a possessive for an article ("the visit" / "his visit")
    for side in (0, 1):
        ws, other = p.words(side), p.words(1 - side)
        for k, w in enumerate(ws):
            if w.person is None or p.linked(side, k) or w.lower in _POSSESSIVES:
                continue
            facing = facing_words(p, side, [k])
            if w.lower.split("'")[0] in _SUBJECTS:
                lead = []
                for x in facing:
                    if other[x].pos in ("VERB", "AUX"):
                        break
                    lead.append(x)
                facing = lead if len(lead) < len(facing) else facing
            if not (facing and _noun_phrase([other[x] for x in facing])) and \
                    w.lower.split("'")[0] in _SUBJECTS:
                facing = _subject_of_partner(p, side, k)
            if facing and _noun_phrase([other[x] for x in facing]):
                out.append(side_finding("pronoun", side, {k}, facing, "pronoun for a noun phrase"))
    return out


def _subject_of_partner(p: Pair, side: int, k: int) -> list[int]:
    """For a subject pronoun right before a linked verb ("..., it said"), the unlinked noun
    phrase right before that verb's counterpart ("The bank also said"), or ``[]``."""
    ws, other = p.words(side), p.words(1 - side)
    verb = neighbour(ws, k, 1)
    if verb is None or ws[verb].pos not in ("VERB", "AUX") or not p.linked(side, verb):
        return []
    x = p.partners(side, verb)[0] - 1
    subject: list[int] = []
    while x >= 0 and not other[x].is_punct and other[x].pos in ("NOUN", "PROPN", "DET", "ADJ",
                                                                 "ADV"):
        if p.linked(1 - side, x) and other[x].is_content:
            return []
        subject.insert(0, x)
        x -= 1
    return [x for x in subject if other[x].pos != "ADV"]


def _noun_phrase(words: Sequence[Word]) -> bool:
    """A short noun phrase: up to four words, a noun among them, no verb and no pronoun."""
    return 0 < len(words) <= 4 and any(w.pos in ("NOUN", "PROPN") for w in words) and \
        not any(w.pos in ("VERB", "AUX") or w.person is not None for w in words)
