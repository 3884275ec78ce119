"""Phrases of one sentence that the flag rules compare.

Verb groups (:func:`verb_groups`: auxiliaries with their verb, their tense, aspect, modal and
polarity), date and time expressions (:func:`time_expressions`), quantities
(:func:`quantity_words`) and named-entity mentions (:func:`mentions`), found on the words of
one sentence (:func:`drift.score.words.analyze_words`); :func:`same_entity` says when two names
are the same entity in another form (``U.S.`` / ``American``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from drift.score.spelling import canon_word, common_prefix
from drift.score.wordlists import DATE_ANCHORS, DATE_NAMES, DEMONYM, date_key
from drift.score.words import Word, neighbour
from drift.text.lexicon import zipf_table

__all__ = ["VerbGroup", "verb_groups", "time_expressions", "is_date_word", "quantity_words",
           "mentions", "same_entity", "NEGATORS"]

#: negation words outside verb groups (a determiner, a pronoun, a preposition)
NEGATORS = frozenset("not no never none nobody nothing neither nor without cannot "
                     "nowhere".split())
#: a quantity as written: a figure (``2,030``, ``4.5``, ``9/32``, ``20th``, ``5%``, ``10-60``) or a
#: number word; not a name with a figure in it (``F-35``, ``G7``, ``COVID-19``)
_QUANTITY_FORM = re.compile(r"[$£€]?\d[\d,.:/-]*(%|st|nd|rd|th|s)?|[a-z]+(-[a-z]+)?")
#: a clock time, a decade or a year (1800-2099)
_TIME_FORM = re.compile(r"\d{1,2}:\d\d([ap]\.?m\.?)?|\d{1,2}[ap]\.?m\.?|'?\d0s|(1[89]|20)\d\ds?")


@dataclass
class VerbGroup:
    """A verb group: auxiliaries and the verb they go with (``has not been found``)."""

    words: list[int]
    head: int
    finite: bool
    signature: tuple[str, str, bool, bool]  # tense, modal, perfect, progressive
    negated: bool


#: verbs whose infinitive complement is negated ("failed to meet" is "did not meet")
_NEGATING_VERBS = frozenset({"fail", "refuse", "decline"})


def verb_groups(words: Sequence[Word]) -> dict[int, VerbGroup]:
    """Each word of a verb group -> its group. A group is a run of auxiliaries and verbs, with
    the negations and adverbs between them (``will not rise``, ``has already been found``);
    its head is its last verb (its last auxiliary when it has no verb). A group is negated by
    a negation inside it, by a negation word between it and the previous group within its
    clause (``Neither OLAF nor the prosecutors have``, ``had nothing to do``), or as the
    infinitive of "fail", "refuse" or "decline"."""
    out: dict[int, VerbGroup] = {}
    n = len(words)
    k = 0
    prev_end, prev_head = -1, -1
    while k < n:
        if words[k].pos not in ("AUX", "VERB"):
            k += 1
            continue
        start = end = k
        j = k + 1
        while j < n:
            w = words[j]
            if w.pos in ("AUX", "VERB") and not (words[end].pos == "VERB" and w.pos == "VERB"):
                end = j
                j += 1
            elif (w.lower in ("not", "n't", "never") or w.pos == "ADV" or w.is_punct) and \
                    words[end].pos == "AUX" and \
                    any(x.pos in ("AUX", "VERB") for x in words[j + 1:j + 3]):
                j += 1
            else:
                break
        idx = list(range(start, end + 1))
        verbs = [i for i in idx if words[i].pos == "VERB"]
        head = verbs[-1] if verbs else idx[-1]
        infinitive = start > 0 and words[start - 1].lower == "to"
        tense, modal, finite = "", "", False
        for i in idx:
            w = words[i]
            if w.pos not in ("AUX", "VERB"):
                continue
            if w.tag == "MD" or w.lower in ("will", "shall", "'ll", "would", "can", "could",
                                             "may", "might", "must", "should"):
                modal_word = w.lower.replace("'ll", "will")
                if modal_word in ("will", "shall"):
                    tense = "future"
                else:
                    modal = modal_word
                    tense = tense or "modal"
                finite = True
                break
            t = w.tense
            if t in ("past", "present", "future"):
                tense, finite = t, True
                break
        finite = finite and not infinitive
        lemmas = [words[i].lemma for i in idx]
        perfect = any(lm == "have" and any(words[x].tag == "VBN" for x in idx[p + 1:])
                      for p, lm in enumerate(lemmas))
        progressive = any(words[x].tag == "VBG" and any(lm == "be" for lm in lemmas[:q])
                          for q, x in enumerate(idx))
        before = range(prev_end + 1, start)
        clause = [x for x in before
                  if not any(words[y].text in (",", ";", ":") for y in range(x, start))]
        negated = any(words[i].is_negation for i in idx) \
            or any(words[x].lower in NEGATORS for x in clause) \
            or infinitive and prev_end == start - 2 and words[prev_head].lemma in _NEGATING_VERBS
        group = VerbGroup(idx, head, finite, (tense, modal, perfect, progressive), negated)
        for i in idx:
            out[i] = group
        prev_end, prev_head = end, head
        k = end + 1
    return out


def time_expressions(words: Sequence[Word]) -> list[list[int]]:
    """Runs of words that name a date or a time (``in April``, ``last week``, ``three weeks
    ago``, ``1999``, ``Monday``, ``1am``). A time expression of spaCy's (DATE, TIME) that has no
    date word is a duration or a quantity, not a date (``10-60 minutes``, ``12-month``)."""
    out: list[list[int]] = []
    k = 0
    n = len(words)
    while k < n:
        w = words[k]
        if w.ent in ("DATE", "TIME"):
            j = k
            while j + 1 < n and (words[j + 1].ent in ("DATE", "TIME") or words[j + 1].is_punct
                                 and j + 2 < n and words[j + 2].ent in ("DATE", "TIME")):
                j += 1
            run = [i for i in range(k, j + 1) if not words[i].is_punct]
            if any(is_date_word(words[i]) and dated(words, i) for i in run):
                out.append(run)
            k = j + 1
            continue
        if is_date_word(w) and dated(words, k):
            out.append([k])
        elif w.is_numeral and any(is_date_word(words[x]) and dated(words, x)
                                  and (not words[x].is_numeral or words[x].lower in _CLOCK)
                                  for x in (neighbour(words, k, -1), neighbour(words, k, 1))
                                  if x is not None):
            out.append([k])  # "Aug. 15", "11.30 am"
        k += 1
    return out


#: date words that name a time only beside a date or a figure ("last week", "since 1999",
#: "early 2020", "11 am"); alone they are other words ("next to", "this deal", "his last three
#: starts", "I am")
_RELATIVE = frozenset("last next this past previous coming early late mid since until".split())
_CLOCK = frozenset("am pm a.m. p.m.".split())
#: the words a relative date word goes with ("last week", "next Monday", "since March")
DATE_UNITS = frozenset("""day days week weeks weekend weekends month months year years decade
decades century quarter season night nights morning afternoon evening hour hours minute
minutes yesterday today tomorrow tonight""".split())
_YEAR = re.compile(r"(1[89]|20)\d\d(s)?")


def dated(words: Sequence[Word], k: int) -> bool:
    """Whether the date word ``words[k]`` names a time here: a relative word (``last``,
    ``next``, ``this``, ``since``, ``early``...) only before a time unit, a day or month name
    or a year, past any figures between (``last three weeks``); ``am`` / ``pm`` only after a
    figure; every other date word always."""
    low = words[k].lower.removesuffix("'s")
    if low in _CLOCK:
        prev = neighbour(words, k, -1)
        return prev is not None and words[prev].lower[:1].isdigit()
    if low not in _RELATIVE:
        return True
    x = neighbour(words, k, 1)
    while x is not None and words[x].is_numeral and not _YEAR.fullmatch(words[x].lower):
        x = neighbour(words, x, 1)
    if x is None:
        return False
    nxt = words[x].lower.removesuffix("'s")
    return nxt in DATE_UNITS or bool(_YEAR.fullmatch(nxt)) or date_key(nxt) in DATE_NAMES


def is_date_word(w: Word) -> bool:
    low = w.lower.removesuffix("'s")
    if low in DATE_ANCHORS:
        # "may" the modal, "march" the verb, "sun" the noun are no dates
        return not (low in ("may", "march", "sun", "sat", "wed", "fall", "mar", "jan") and
                    not w.text[:1].isupper()) and not (low == "may" and w.tag == "MD")
    return bool(_TIME_FORM.fullmatch(low.replace(" ", "")))


def quantity_words(words: Sequence[Word], dates: Sequence[Sequence[int]]) -> list[int]:
    """Words that are numbers and not part of a date expression."""
    in_date = {i for run in dates for i in run}
    return [k for k, w in enumerate(words) if w.is_numeral and k not in in_date
            and not (w.lower == "one" and w.pos in ("PRON", "NOUN"))
            and _QUANTITY_FORM.fullmatch(w.lower)
            and w.ent not in ("ORG", "PRODUCT", "EVENT", "FAC", "WORK_OF_ART", "LAW")]


def mentions(words: Sequence[Word]) -> list[list[int]]:
    """Named entity mentions: runs of entity words of one type (``Donald Trump``). A proper
    noun spaCy's recogniser missed counts too (``Werth``, ``Thomas Cook Financial
    Services``), except in a headline written in title case, where every word looks like one."""
    alpha = [w for w in words if w.text[:1].isalpha()]
    title = sum(w.text[:1].isupper() for w in alpha) > 0.5 * len(alpha)

    known = zipf_table()

    def name(w: Word) -> bool:
        return w.is_entity or not title and w.pos == "PROPN" and w.text[:1].isupper() \
            and not is_date_word(w) and w.person is None and w.lower not in known

    out: list[list[int]] = []
    for k, w in enumerate(words):
        if not name(w):
            continue
        if out and out[-1][-1] == k - 1 and (words[k - 1].ent == w.ent or not w.ent):
            out[-1].append(k)
        else:
            out.append([k])
    return out


def same_entity(a: Word, b: Word) -> bool:
    """The same entity in another form: equal or variant spelling, one name the start of the
    other (Belarus / Belarusian), a country and its people (U.S. / American)."""
    ka, kb = canon_word(a.lower.removesuffix("'s")), canon_word(b.lower.removesuffix("'s"))
    if not ka or not kb:
        return False
    parts_a = {canon_word(x) for x in a.lower.removesuffix("'s").split("-")}
    parts_b = {canon_word(x) for x in b.lower.removesuffix("'s").split("-")}
    if ka in parts_b or kb in parts_a:
        return True  # Ex-Virginia / Virginia's
    short, long = sorted((ka, kb), key=len)
    if long.startswith(short) and (len(short) >= 4 or len(short) >= 3 and short[0] != "u") \
            or long.endswith(short) and len(short) >= 5:
        return True  # Belarus / Belarusian, Gen. / General, Berkeley / California-Berkeley
    if len(common_prefix(ka, kb)) >= 5:
        return True
    da, db = DEMONYM.get(a.lower.rstrip(".")), DEMONYM.get(b.lower.rstrip("."))
    da = DEMONYM.get(ka, da) if da is None else da
    db = DEMONYM.get(kb, db) if db is None else db
    return da is not None and da == db
