"""The flag rules on content: entity, number, date, attribution, omission and addition.

Each rule reads an aligned pair (:class:`drift.score.findings.Pair`) and returns its findings
(:class:`drift.score.findings.Finding`): a name, a quantity, a date, or a reporting word and
its source that is dropped, added or changed, and content words with no counterpart.
:func:`drift.score.explain.explain_words` runs them with the rules of :mod:`drift.score.flags`;
what each flag means is in :mod:`drift.score.explain`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from drift.score.findings import LEXICAL, Finding, Pair, facing_words, runs_of, side_finding
from drift.score.phrases import DATE_UNITS, is_date_word, mentions, quantity_words, same_entity
from drift.score.wordlists import ATTRIBUTION_VERBS, date_key, number_value
from drift.score.words import Word, neighbour

__all__ = ["find_entity", "find_number", "find_date", "find_attribution",
           "find_omission_addition"]

#: words that change a quantity they stand before ("up to half" -> "half" is a number change)
_QUANTIFIERS = frozenset("about nearly almost approximately roughly around some over under only "
                         "barely exactly estimated".split())
_QUANTIFIER_PAIRS = frozenset({"up to", "more than", "less than", "fewer than", "at least",
                               "at most", "as many", "as much", "no more", "just over",
                               "just under"})


def find_entity(p: Pair, pronouns: Sequence[Finding] = ()) -> list[Finding]:
    out = []
    ments = (mentions(p.base), mentions(p.deriv))
    # a name a pronoun stands for is no dropped name ("Comey said" / "He said": pronoun)
    by_pronoun = ({k for f in pronouns for k in f.base}, {k for f in pronouns for k in f.deriv})
    replaced: set[tuple[int, int]] = set()
    for side in (0, 1):
        ws, other = p.words(side), p.words(1 - side)
        other_ments = ments[1 - side]
        for men in ments[side]:
            if set(men) & by_pronoun[side] or all(_ticker(p, side, k) for k in men):
                continue
            partners = {(k, x) for k in men for x in p.partners(side, k)}
            if any(same_entity(ws[k], other[x]) or p.kind(side, k, x) in (
                    "equal", "formatting", "spelling", "inflection") for k, x in partners):
                continue
            # the same entity in another form elsewhere, unlinked (U.S. / American): each
            # of its names is there
            if any(all(any(same_entity(ws[k], other[x]) for x in om) for k in men)
                   for om in other_ments):
                continue
            if not partners and _extends(p, side, men, ments[side]):
                continue  # more or less of a name that is there: "Mr" Martinez, raghad
                # "saddam hussein", "U.S. Attorney Marcos" Jimenez
            to_names = [(k, x) for k, x in partners if other[x].is_entity]
            if to_names:
                key = (min(k for k, _ in to_names), min(x for _, x in to_names))
                if side == 1:
                    key = (key[1], key[0])
                if key in replaced:
                    continue
                replaced.add(key)
                mine, theirs = set(men), {x for _, x in to_names}
                rule = "another name"
            else:
                mine, theirs = set(men), {x for _, x in partners}
                rule = ("dropped" if side == 0 else "added") if not partners else \
                    ("named by a common noun" if side == 0 else "a name for a common noun")
            out.append(side_finding("entity", side, mine, theirs, rule))
    return out


def _extends(p: Pair, side: int, men: list[int], ments: Sequence[list[int]]) -> bool:
    """Whether a mention with no counterpart stands right next to a linked mention (or with
    only "of" between them): it is a part of that name, not a name of its own."""
    ws = p.words(side)
    for other in ments:
        if other is men or not any(p.linked(side, k) and p.kind(side, k, p.partners(side, k)[0])
                                   in LEXICAL for k in other):
            continue
        lo, hi = (men[-1], other[0]) if men[-1] < other[0] else (other[-1], men[0])
        gap = [ws[x].lower for x in range(lo + 1, hi)]
        if gap in ([], ["of"]):
            return True
    return False


def find_number(p: Pair, dates: tuple[list[list[int]], list[list[int]]]) -> list[Finding]:
    out = []
    quantities = []  # per side: the runs of number words, and the value of each run
    for side in (0, 1):
        ws = p.words(side)
        runs = runs_of(quantity_words(ws, dates[side]))
        quantities.append([(run, tuple(number_value(ws[k].text) for k in run)) for run in runs])
    run_of = [{k: r for r, (run, _) in enumerate(q) for k in run} for q in quantities]
    free = [[v for run, v in q if not any(p.linked(side, k) for k in run)]
            + [("1",) for k, w in enumerate(p.words(side))  # "a day" / "one day"
               if w.lower in ("a", "an") and not p.linked(side, k)]
            for side, q in enumerate(quantities)]
    for side in (0, 1):
        for run, value in quantities[side]:
            partners = sorted({x for k in run for x in p.partners(side, k)})
            if not partners:
                if value in free[1 - side]:
                    free[1 - side].remove(value)  # the same quantity, not linked
                    continue
                rule = "dropped" if side == 0 else "added"
                out.append(side_finding("number", side, run, rule=rule))
                continue
            if side == 1:
                continue  # a linked quantity is compared once, from the base
            # word by word: a figure linked to another value (45 / 50), or to a word that is
            # no quantity there and not the same number (9 / nine is the same)
            changed = [(k, x) for k in run for x in p.partners(0, k)
                       if number_value(p.base[k].text) != number_value(p.deriv[x].text)]
            if changed:
                theirs = {run_of[1].get(x) for _, x in changed}
                part = {k for r in theirs if r is not None for k in quantities[1][r][0]}
                out.append(Finding("number", set(run), part | set(partners), "changed"))
    # a modifier of a quantity comes or goes ("up to half" -> "half")
    for side in (0, 1):
        ws = p.words(side)
        for run, _ in quantities[side]:
            k = run[0]
            if not p.linked(side, k):
                continue
            mods = _quantity_modifier(ws, k)
            if mods and not any(p.linked(side, x) for x in mods):
                other = p.words(1 - side)
                part = set(p.partners(side, k))
                if _quantity_modifier(other, min(part)):
                    continue  # a modifier on both sides ("about" / "nearly")
                out.append(side_finding("number", side, [*mods, *run], part, "quantity modifier"))
    return out


def _quantity_modifier(ws: Sequence[Word], k: int) -> list[int]:
    """The words that modify the quantity starting at ``k`` ("up to", "more than", "about"),
    or ``[]``."""
    one = ws[k - 1].lower if k >= 1 else ""
    two = f"{ws[k - 2].lower} {one}" if k >= 2 else ""
    if two in _QUANTIFIER_PAIRS:
        return [k - 2, k - 1]
    return [k - 1] if one in _QUANTIFIERS else []


def find_date(p: Pair, dates: tuple[list[list[int]], list[list[int]]]) -> list[Finding]:
    out = []
    for side in (0, 1):
        ws = p.words(side)
        for run in dates[side]:
            partners = {x for k in run for x in p.partners(side, k)}
            if not partners:
                rule = "dropped" if side == 0 else "added"
                out.append(side_finding("date", side, run, rule=rule))
                continue
            if side == 1:
                continue  # a linked date is compared once, from the base
            other = p.words(1 - side)
            changed = [(k, x) for k in run for x in p.partners(side, k)
                       if p.kind(side, k, x) in ("synonym", "substitute")
                       and (is_date_word(ws[k]) or ws[k].is_numeral or ws[k].lower in DATE_UNITS)
                       and date_key(ws[k].text) != date_key(other[x].text)
                       and number_value(ws[k].text) != number_value(other[x].text)]
            # a date word left without a counterpart inside a date whose other words are
            # linked, facing the same in the other side's date ("May 3" / "June 3")
            other_runs = [r for r in dates[1 - side] if partners & set(r)]
            lone = [k for k in run if is_date_word(ws[k]) and not ws[k].is_numeral
                    and not p.linked(side, k)]
            lone_other = [x for r in other_runs for x in r if is_date_word(other[x])
                          and not other[x].is_numeral and not p.linked(1 - side, x)]
            if changed or lone and lone_other and {date_key(ws[k].text) for k in lone} != {
                    date_key(other[x].text) for x in lone_other}:
                out.append(Finding("date", set(run), partners | set(lone_other), "changed"))
    return out


#: reporting verbs that attribute whatever their object is ("said the plan would fail");
#: the others attribute only a clause ("warned that ...", "..., he added.")
_SAYING = frozenset({"say", "tell", "report", "according"})


def _cues(ws: Sequence[Word]) -> list[int]:
    """The reporting words of a sentence: a finite reporting verb with its source and a
    reported clause ("officials said", "the ministry stated that", "Clinton writes:"),
    "according to", "reportedly", or "report(s) of"."""
    out = []
    for k, w in enumerate(ws):
        nxt = ws[k + 1].lower if k + 1 < len(ws) else ""
        if w.lower in ("according", "reportedly", "allegedly"):
            out.append(k)
        elif w.lemma == "report" and w.pos == "NOUN" and nxt in ("of", "that", "emerge"):
            out.append(k)
        elif w.pos == "VERB" and w.lemma in ATTRIBUTION_VERBS and w.tag != "VBG" and \
                _source(ws, k) and (w.lemma in _SAYING or nxt in ("that", '"', "'", ",", ".",
                                                                   ":", "")):
            out.append(k)
    return out


def _same_source(p: Pair, side: int, mine: Sequence[int], theirs: Sequence[int]) -> bool:
    """Whether two sources name the same speaker: a word of one linked to a word of the other,
    the same entity, or a pronoun (which points back to a speaker named before)."""
    ws, other = p.words(side), p.words(1 - side)
    if any(ws[k].person is not None for k in mine) or \
            any(other[x].person is not None for x in theirs):
        return True
    return any(x in p.partners(side, k) or same_entity(ws[k], other[x])
               for k in mine for x in theirs)


def find_attribution(p: Pair) -> list[Finding]:
    out = []
    cues = (_cues(p.base), _cues(p.deriv))
    loose = [[k for k in cues[side] if not p.linked(side, k)] for side in (0, 1)]
    for side in (0, 1):
        ws = p.words(side)
        for k in cues[side]:
            source = _source(ws, k)
            if k in loose[side]:
                # reworded ("says Carney" / "Carney added", "according to analysts" / "analysts
                # said") when the other side has a reporting word of the same source
                if any(_same_source(p, side, source, _source(p.words(1 - side), x))
                       for x in loose[1 - side]):
                    continue
                out.append(side_finding("attribution", side, {k, *source},
                                        rule="dropped" if side == 0 else "added"))
                continue
            if side == 1:
                continue
            # a linked reporting verb: its source, recipient or medium changed?
            part = p.partners(0, k)
            their_source = [x for j in part for x in _source(p.deriv, j)]
            if source and their_source and not _same_source(p, 0, source, their_source):
                out.append(Finding("attribution", {k, *source}, {*part, *their_source},
                                   "another source"))
                continue
            gone = [x for x in _recipient(ws, k) if ws[x].is_content and not p.linked(0, x)]
            if gone:
                out.append(Finding("attribution", {k, *gone}, set(part), "recipient dropped"))
    # a headline's source before a colon ("Police: ...")
    for side in (0, 1):
        ws = p.words(side)
        colon = next((k for k, w in enumerate(ws[:6]) if w.text == ":"), None)
        if colon is not None and colon > 0 and \
                all(not p.linked(side, x) and not ws[x].is_numeral and not is_date_word(ws[x])
                    for x in range(colon)) and \
                any(ws[x].pos in ("PROPN", "NOUN") for x in range(colon)):
            out.append(side_finding("attribution", side, range(colon + 1), rule="headline source"))
    return out


def _source(ws: Sequence[Word], k: int) -> list[int]:
    """The source of a reporting word: the noun phrase before it ("the ministry said",
    "Rowland's lawyer, said"), after it ("said the ministry", "according to police"); empty
    when none."""
    before: list[int] = []
    x = k - 1
    if ws[k].lower == "according":
        x = -1  # "according to police": the source comes after
    if x >= 0 and ws[x].text == ",":
        x -= 1  # an apposition: "Ross Garber, Rowland's lawyer, said"
    while x >= 0 and k - x <= 5 and not ws[x].is_punct and ws[x].pos in (
            "NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM", "AUX", "ADV", "PART"):
        if ws[x].pos in ("NOUN", "PROPN", "PRON") and not is_date_word(ws[x]):
            before.append(x)
        x -= 1
    if before:
        return sorted(before)
    after = []
    x = k + 1
    if ws[k].lower == "according" and x < len(ws) and ws[x].lower == "to":
        x += 1
    while x < len(ws) and x - k <= 5 and not ws[x].is_punct and ws[x].pos in (
            "NOUN", "PROPN", "DET", "ADJ"):
        if ws[x].pos in ("NOUN", "PROPN") and not is_date_word(ws[x]):
            after.append(x)
        x += 1
    return after


def _recipient(ws: Sequence[Word], k: int) -> list[int]:
    """Who was told, or where it was said: the object of "told" ("told Reuters") or a
    prepositional phrase right after the verb ("said in a statement", "said on NBC")."""
    out = []
    x = k + 1
    if ws[k].lemma == "tell":
        while x < len(ws) and x - k <= 4 and ws[x].pos in ("DET", "PROPN", "NOUN", "ADJ",
                                                           "NUM", "PRON"):
            out.append(x)
            x += 1
    elif x < len(ws) and ws[x].lower in ("in", "on", "by", "to", "during", "at"):
        x += 1
        while x < len(ws) and x - k <= 5 and ws[x].pos in ("DET", "PROPN", "NOUN", "ADJ",
                                                           "VERB"):
            out.append(x)
            x += 1
    return out


#: adverbs that link or hedge rather than carry content ("however", "even", "still"): their
#: coming or going is no omission or addition (FLAGS.md: only function words are missing)
_LIGHT = frozenset("""however even still yet also meanwhile moreover furthermore indeed though
although thus therefore instead actually really just only already then again too rather
perhaps certainly nevertheless nonetheless otherwise besides""".split())


#: a Reuters instrument code: ``GM.N``, ``.IXIC``
_RIC = re.compile(r"\.?[A-Z]{1,6}(\.[A-Z]{1,2})?")
#: a code with its exchange (``GM.N``, ``VOD.L``), not an abbreviation (``U.S``)
_EXCHANGE = re.compile(r"[A-Z]{2,6}\.[A-Z]{1,2}")


def _ticker(p: Pair, side: int, k: int) -> bool:
    """Whether word ``k`` is a market code written beside the name it codes (``JPY=``,
    ``<.IXIC>``, ``GM.N``): a code for what the text names, not a name or content of its own."""
    w, text = p.words(side)[k], p.text(side)
    if not _RIC.fullmatch(w.text.strip("<>")):
        return False
    after, before = text[w.end:w.end + 1], text[max(0, w.start - 2):w.start]
    return after == "=" or "<" in before and text[w.end:w.end + 2].startswith(">") or \
        bool(_EXCHANGE.fullmatch(w.text))


def _meaningful(p: Pair, side: int, k: int) -> bool:
    """A word whose loss or gain is an omission or addition: a content word, not a linking
    adverb, and not a part of a name that is there on both sides ("Trayvon" / "Trayvon
    Martin", "Sean Sundwell" / "Sundwall": the same entity in another form)."""
    ws = p.words(side)
    w = ws[k]
    if not w.is_content or w.lower in _LIGHT or _ticker(p, side, k):
        return False
    if w.is_entity or w.pos == "PROPN":
        for step in (-1, 1):
            x = k + step
            while 0 <= x < len(ws) and (ws[x].is_entity or ws[x].pos == "PROPN") and \
                    ws[x].text[:1].isupper() == w.text[:1].isupper():
                if p.linked(side, x):
                    return False
                x += step
    return True


def _predicate_slot(p: Pair, side: int, run: list[int]) -> bool:
    """A predicate replaced by a predicate: the run and the words facing it on the other side
    are each up to three words with a verb or an adjective, and no name, number or date
    ("are registered" / "signed up", "says" / "added", "long" / "lasted")."""
    facing = facing_words(p, side, run)
    ws, other = p.words(side), p.words(1 - side)
    words = [k for k in run if not ws[k].is_punct]
    if not facing or len(words) > 3 or len(facing) > 3 or any(p.linked(1 - side, x)
                                                              for x in facing):
        return False

    def predicate(group: Sequence[Word]) -> bool:
        return any(w.pos in ("VERB", "ADJ") for w in group) and not any(
            w.is_entity or w.is_numeral or is_date_word(w) for w in group)

    return predicate([ws[k] for k in words]) and predicate([other[x] for x in facing])


def _lone_predicate(ws: Sequence[Word], k: int) -> bool:
    """A verb tagged by spaCy that is a predicate, not a participle before its noun
    ("crushing demonstrations": the participle carries content of its own)."""
    w = ws[k]
    nxt = neighbour(ws, k, 1)
    attributive = w.tag in ("VBG", "VBN") and nxt is not None and ws[nxt].pos in ("NOUN",
                                                                                 "PROPN")
    return w.pos == "VERB" and bool(w.tag) and not attributive


def _absorbed_head(p: Pair, side: int, k: int) -> bool:
    """A lone noun whose modifier is linked: the noun phrase is there in other words ("the
    russian government" / "russia", "two people" / "2", "largest opium-producing region" /
    "largest producer of opium")."""
    ws = p.words(side)
    left = neighbour(ws, k, -1)
    return ws[k].pos == "NOUN" and left is not None and p.linked(side, left) and \
        ws[left].pos in ("ADJ", "NUM", "PROPN", "NOUN") and ws[left].is_content


def find_omission_addition(p: Pair, slot_pronouns: set[tuple[int, ...]]) -> list[Finding]:
    out = []
    for side in (0, 1):
        ws = p.words(side)
        for run in runs_of(k for k in range(len(ws)) if not p.linked(side, k)):
            if any(k in s for s in slot_pronouns for k in run if side == 0) or \
                    any(-1 - k in s for s in slot_pronouns for k in run if side == 1):
                continue
            content = [k for k in run if _meaningful(p, side, k)]
            # a lone verb (tagged by spaCy: the rules guess verbs from "-ed") is most often a
            # predicate said in other words ("says" / "added", "long" / "lasted")
            lone = content[0] if len(content) == 1 else None
            if not content or _predicate_slot(p, side, run) or lone is not None and (
                    _lone_predicate(ws, lone) or _absorbed_head(p, side, lone)):
                continue
            out.append(side_finding("omission" if side == 0 else "addition", side, run,
                                    rule="no counterpart"))
    return out
