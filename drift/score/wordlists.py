"""The word lists the flag rules read, and one form for each date word and each number.

Reporting verbs (:data:`ATTRIBUTION_VERBS`), the words that make a time expression a date
(:data:`DATE_ANCHORS`), countries and the adjectives of their people (:data:`DEMONYM`), month
and weekday names; :func:`date_key` and :func:`number_value` write a date word or a quantity in
one form, so the same date or quantity written otherwise compares equal.
"""

from __future__ import annotations

from drift.text.normalize import fold

__all__ = ["ATTRIBUTION_WORDS", "ATTRIBUTION_VERBS", "DATE_ANCHORS", "DEMONYM", "DATE_NAMES",
           "date_key", "number_value"]

ATTRIBUTION_WORDS = frozenset("""say said says saying tell told tells report reports reported
reportedly reporting according allege alleged alleges alleging allegedly claim claims claiming
apparently purportedly supposedly quoted quoting cite cited citing sources source""".split())
#: lemmas of verbs that attribute what is said to a source ("officials said", "he told
#: Reuters", "the ministry stated that", "Clinton writes")
ATTRIBUTION_VERBS = frozenset("""say tell report claim allege state announce insist contend
warn add quote cite write confirm declare assert argue testify acknowledge admit deny
note explain""".split())
#: words that make a time expression a date (a point in time) rather than a duration or a
#: quantity: "three weeks ago", "last week", "in April" are dates; "10-60 minutes", "12-month",
#: "two years" are quantities (FLAGS.md: number vs date by the form of the expression)
DATE_ANCHORS = frozenset("""yesterday today tomorrow tonight now soon recently ago last next
this past previous coming early earlier late later mid since until dawn dusk midnight noon
morning afternoon evening night overnight weekend monday tuesday wednesday thursday friday
saturday sunday mon tue tues wed thu thur thurs fri sat sun january february march april may
june july august september october november december jan feb mar apr jun jul aug sep sept oct
nov dec a.m. p.m. am pm spring summer autumn fall winter""".split())
#: countries and the adjectives of their people whose forms share no prefix: the same entity
#: in another form (FLAGS.md: U.S. -> American is no entity change)
_DEMONYMS = ("us usa america american americans", "uk britain british briton britons",
             "china chinese", "france french", "netherlands holland dutch",
             "switzerland swiss", "spain spanish spaniard", "greece greek greeks",
             "turkey turkish turk turks", "poland polish pole poles", "denmark danish dane",
             "sweden swedish swede", "finland finnish finn", "norway norwegian",
             "ireland irish", "wales welsh", "scotland scottish scot scots",
             "philippines filipino filipinos philippine", "thailand thai", "iraq iraqi iraqis",
             "iran iranian iranians", "israel israeli israelis", "kuwait kuwaiti",
             "yemen yemeni", "oman omani", "qatar qatari", "saudi saudis",
             "afghanistan afghan afghans", "pakistan pakistani pakistanis",
             "bangladesh bangladeshi", "kazakhstan kazakh kazakhs", "germany german germans",
             "russia russian russians", "japan japanese", "vietnam vietnamese",
             "lebanon lebanese", "sudan sudanese", "portugal portuguese", "malta maltese",
             "cyprus cypriot", "peru peruvian", "chile chilean", "belarus belarusian",
             "ukraine ukrainian", "europe european europeans", "africa african africans",
             "asia asian asians", "arab arabs arabic", "un u.n. united nations",
             "eu european union")
DEMONYM = {w: k for k, ws in enumerate(_DEMONYMS) for w in ws.split()}
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
DATE_NAMES = frozenset(_MONTHS + _WEEKDAYS)
#: date words that say the same ("in the last four months" / "in the past four months")
_DATE_SYNONYMS = {"past": "last", "previous": "last", "coming": "next", "following": "next"}


def date_key(word: str) -> str:
    """A date word in one form, so an abbreviation is the word it stands for (``Oct.`` /
    ``October``, ``Thurs`` / ``Thursday``); other words as folded.

    >>> date_key("Oct."), date_key("October"), date_key("Thurs"), date_key("1999")
    ('october', 'october', 'thursday', '1999')
    """
    w = fold(word).rstrip(".")
    w = _DATE_SYNONYMS.get(w, w)
    for name in (*_MONTHS, *_WEEKDAYS):
        if len(w) >= 3 and name.startswith(w):
            return name
    return w


_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
          "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12,
          "dozen": 12, "half": 0.5}


def number_value(word: str) -> str:
    """A number word or figure in one canonical form, so the same quantity written otherwise
    compares equal (``10`` / ``ten``, ``1,250`` / ``1250``, ``5%`` / ``5``); the folded word
    when it is not a plain number.

    >>> number_value("1,250"), number_value("ten"), number_value("10"), number_value("4.50")
    ('1250', '10', '10', '4.5')
    """
    w = fold(word).rstrip("%").replace(",", "")
    if w in _UNITS:
        v = _UNITS[w]
        return str(int(v)) if float(v).is_integer() else str(v)
    try:
        v = float(w)
    except ValueError:
        return fold(word)
    return str(int(v)) if v.is_integer() else repr(v)
