"""Separate page furniture (menus, headline lists, disclaimers...) from an article's body.

Furniture is judged on paragraphs in context, never on physical lines: the text is first
unwrapped (:mod:`drift.text.unwrap`), so a hard-wrapped line that happens to be short, to
start with a capital or to end without a full stop is part of its paragraph. Furniture is
never dropped silently: everything taken out of the article is kept in
:attr:`Document.removed` with the rule that removed it and its lines.

**Signals.** Plain text is stripped only when it shows a signal of page furniture
(:func:`furniture_signals`); prose without one keeps every line (only lines without a letter
or digit, such as ``-----``, are dropped):

``navigation``
    a short paragraph that is a navigation or page word: "Read More", "Share this article",
    "Newsletter", "Related Articles", "No comments:", "Menu", "Advertisement", a media
    player's ``0:00``... (:data:`NAVIGATION`).
``menu``
    three or more short items of words separated by `` | ``, `` • ``, `` · `` or `` » ``
    (``P(A|B)`` is a formula, not a menu).
``date``
    a paragraph that is only a date: at most 5 words, not a sentence, with a year (1800 to
    2099) and another number ("Monday, January 10, 2022", "Mis à jour le 6 janvier 2022").
``credit``
    a picture credit (``PHOTO: AFP``, ``Getty Images``, ``(AP Photo/...)``).
``dateline``
    a wire dateline at the start of a paragraph: a place in capitals, a capitalised agency
    in brackets, a dash ("MOSCOW/ALMATY (BLOOMBERG, AFP) - ").
``repeated``
    the same short paragraph (3 to 20 words) twice or more, such as a headline printed twice.
``link``
    two or more paragraphs that are only a web address or an e-mail address.
``metadata``
    two or more consecutive header fields such as ``From:``, ``Subject:``, ``Title:``,
    ``Author:``, ``Release Date:`` (e-mail and e-book headers).
``signature``
    an e-mail signature delimiter (``--``) near the end.
``gutenberg``
    Project Gutenberg's ``*** START OF`` / ``*** END OF`` markers.
``markup``
    a heading marked up as such (Markdown).

**Rules.** With a signal, these rules remove furniture. The lines of a paragraph are never
judged on their own; a sentence that sits between two paragraphs of prose in its block
(lines without a blank line between), and a paragraph that ends mid-sentence followed in its
block by one that goes on in lower case, are never judged by the shape rules ``header`` to
``teaser`` either:

``header``
    short paragraphs before the first real paragraph (a sentence of at least
    ``LEAD_WORDS`` words, or running text of at least ``PROSE_WORDS``): site names, mottos,
    dates, bylines. One that is itself a sentence of at least ``HEADER_MAX_WORDS`` words and
    not Title Case is kept (a short lead, common in translations). Everything before Project
    Gutenberg's start marker is header too.
``not-a-sentence``
    a paragraph that does not end like a sentence (no ``.``, ``!``, ``?``, ``…`` or a
    closing quote after one): menus, "Read More", headings, captions, "No comments:"; not
    running text that lacks its full stop (at least ``PROSE_WORDS`` words, not Title Case).
``headline-list``
    three or more consecutive paragraphs of one block, most of them title-like (Title Case or
    not sentences): "Related Articles" lists and teasers; two paragraphs in a row that read
    as prose end a list.
``reader-address``
    a paragraph that, outside quotation marks, speaks to the reader ("you", "your") or about
    the page itself ("this page", "our site"): disclaimers, newsletter and comment prompts.
``teaser``
    a paragraph cut off with an ellipsis right after a heading: the lead of another story.
``metadata``, ``signature``, ``footer``
    header fields; an e-mail signature (the delimiter and what follows); Project
    Gutenberg's end marker and what follows.
``navigation``, ``menu``, ``date``, ``caption``, ``link``
    the signals of the same name that no shape rule took (``caption``: a paragraph of at most
    60 words with a picture credit).
``dateline``
    a wire dateline; only the prefix is removed.
``no-words``
    a paragraph without a letter or digit (rules, ornaments), with or without a signal.

**Extracted text** (the main text of an HTML page, as trafilatura gives it) has had its page
furniture removed by an extractor that sees the page's structure, and its subheadings, list
items and captions are the article's own. There no shape rule runs: only the page's title
repeated before the first paragraph that reads as prose goes (``header``), and navigation
lines (``navigation``: "Read more: ...", "Related: ...", "comments").

A text of one line (a sentence or headline given as a string) is never stripped. "No article
found" means that no paragraph reads as prose: when the rules leave no body but some
paragraphs they removed are sentences of at least ``HEADER_MAX_WORDS`` words (or running
text), those are the body.

Sentence ends and word counts work beyond Latin script: ``。！？`` (and the fullwidth ``．！？``),
the Arabic ``؟`` and ``۔``, the Devanagari ``।`` end a sentence, closing CJK brackets may follow;
Chinese and Japanese characters (which are not separated by spaces) count as one word per two
characters (Chinese words average about 1.7 characters).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice

from drift.text.unwrap import LineMap, Paragraph, unwrap

__all__ = ["Removed", "strip_furniture", "strip_paragraphs", "furniture_signals",
           "is_sentence", "is_title_like", "addresses_reader", "words", "LEAD_WORDS",
           "HEADER_MAX_WORDS", "PROSE_WORDS", "SENTENCE_END", "CLOSERS", "NAVIGATION",
           "SHAPE_RULES"]

LEAD_WORDS = 12
HEADER_MAX_WORDS = 6  # a sentence-shaped, not Title Case line this long is never header
PROSE_WORDS = 20  # a paragraph this long, not Title Case, is running text even without a stop
#: the rules that judge a paragraph by its shape (a paragraph of running text is exempt)
SHAPE_RULES = ("header", "not-a-sentence", "headline-list", "reader-address", "teaser")


@dataclass(frozen=True)
class Removed:
    """A piece of the input that is not part of the article body.

    Attributes:
        text: the text as written (the lines of a paragraph joined with a line break).
        reason: the rule that removed it (see the module docstring).
        line: 1-based number of its first line in the text read, or -1 if unknown (HTML).
        last_line: 1-based number of its last line, or -1 if unknown.
    """

    text: str
    reason: str
    line: int = -1
    last_line: int = -1

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "reason": self.reason, "line": self.line,
                "last_line": self.last_line}


# --- line shapes ---------------------------------------------------------------------------

#: sentence-final marks: Latin, CJK (ideographic and fullwidth), Arabic, Urdu, Devanagari,
#: Ethiopic, double marks
SENTENCE_END = ".!?\u2026\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965\u1362" \
    "\u203c\u2047\u2048\u2049"
#: what may follow a sentence-final mark: closing quotes and brackets (CJK ones included)
CLOSERS = "'\"\u2019\u201d)]\u00bb\u300d\u300f\uff09\u3011\u3015\u3009\u300b\uff63"
_END = re.compile(f"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)}]*\\s*$")
_ALNUM = re.compile(r"[^\W_]")
_ELLIPSIS_END = re.compile(r"(\.\.\.|\u2026)['\"\u2019\u201d]?\s*$")
#: Han ideographs, kana (no spaces between words): counted two characters to a word
_CJK = ("\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
        "\U00020000-\U0002fa1f")
_WORD = re.compile(f"[{_CJK}]{{1,2}}|(?![{_CJK}])[^\\W\\d_](?:(?![{_CJK}])[\\w'\u2019.-])*")
_SMALL = {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
          "as", "from", "into", "over", "after", "before", "amid", "is", "are", "was", "be", "its",
          "vs", "via", "than", "that", "up", "out", "off", "about", "under", "who", "how"}
_QUOTED = re.compile(
    r"[\"\u201c\u201e][^\"\u201c\u201d\u201e]*[\"\u201d]|\u2018[^\u2018\u2019]*\u2019")
_READER = re.compile(
    r"\b(you|your|yours|yourself)\b|\b(this|our) (page|site|website|newsletter|article|app)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Z./' -]+(?:/[A-Z][A-Z./' -]+)*"          # MOSCOW/ALMATY
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"            # , Jan 10
    r"\s*\((?=[^)]{2,40}\))[A-Z][A-Za-z.&-]*(?:[ ,/]+[A-Z][A-Za-z.&-]*)*\)"  # (BLOOMBERG, AFP)
    r"\s*[-\u2013\u2014]+\s+"                              # -
)


def words(line: str) -> list[str]:
    """The words of a line, for counting: letters-first runs, and Chinese/Japanese text in
    pieces of two characters.

    >>> words("Police said 40 people"), words("\u5916\u4ea4\u90e8\u53d1\u8a00\u4eba")
    (['Police', 'said', 'people'], ['外交', '部发', '言人'])
    """
    return _WORD.findall(line)


def is_sentence(line: str) -> bool:
    """Does the line end like a sentence (terminal punctuation, maybe a closing quote) and have
    two words or more?

    >>> is_sentence("Read More"), is_sentence("\u5317\u4eac\u5bc6\u5207\u5173\u6ce8\u3002")
    (False, True)
    """
    s = line.strip()
    return bool(_END.search(s[-40:])) and len(list(islice(_WORD.finditer(s), 2))) == 2


def is_title_like(line: str) -> bool:
    """A heading: not a sentence, or most content words capitalised (Title Case)."""
    if not is_sentence(line):
        return True
    ws = [w for w in words(line[:2000]) if w.lower() not in _SMALL]  # a title is short
    if not ws:
        return True
    caps = sum(w[0].isupper() for w in ws[1:])
    return len(ws) > 2 and caps / (len(ws) - 1) >= 0.7


def addresses_reader(line: str) -> bool:
    """Speaks to the reader or about the page, outside quotation marks."""
    return bool(_READER.search(_QUOTED.sub(" ", line)))


# --- signals ------------------------------------------------------------------------------

#: navigation and page words: a paragraph that is one of these (case, punctuation and a
#: leading count ignored) is page furniture
NAVIGATION = frozenset("""
read more|read next|read also|also read|see more|see also|more|more stories|more news|related|
related articles|related stories|related posts|related news|related content|related topics|
you might also like|you may also like|recommended|recommended for you|most read|most popular|
most viewed|trending|trending now|top stories|latest news|editor's picks|share|share this|
share this article|share this story|share this post|share on facebook|share on twitter|tweet|
email|print|copy link|comments|comment|no comments|post a comment|leave a comment|
leave a reply|add a comment|show comments|view comments|newsletter|subscribe|sign up|sign in|
log in|login|register|follow us|menu|home|search|close|skip to content|skip to main content|
back to top|advertisement|sponsored|sponsored content|loading|next|previous|next article|
previous article|next post|previous post|next story|tags|topics|filed under|categories|
category|all rights reserved|privacy policy|terms of use|terms of service|cookie policy|
contact us|about us
""".replace("\n", "").split("|"))
#: navigation words that introduce a link: "Read more: Alibaba poised to ..."
_NAV_PREFIX = re.compile(
    r"\s*\[?(?:read more|read also|also read|read next|see more|see also|related|more|watch|"
    r"listen|tags|topics|filed under|categories)\s*:", re.IGNORECASE)
_NAV_TRIM = re.compile(r"^[\W\d_]+|[\W_]+$")
_MEDIA_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_MENU_SEP = re.compile(r"\s[|\u2022\u00b7\u00bb]\s")
_MENU_ITEM = re.compile(r"[^\W\d_][\w '\u2019&.-]*")  # words, not a formula
_YEAR = re.compile(r"(?<!\d)(?:1[89]\d\d|20\d\d)(?!\d)")
_NUMBER = re.compile(r"\d+")
_CREDIT = re.compile(r"\b(?:photo|photograph|image|picture|foto|credit)s?(?: by)?\s*:\s*\S|"
                     r"\bgetty images\b|\bap photo\b", re.IGNORECASE)
_LINK = re.compile(r"<?(?:https?://|www\.)\S+>?|\S+@\S+\.\w+")
_FIELD = re.compile(r"([A-Z][A-Za-z-]*(?: [A-Za-z-]+){0,2}):[ \t]+\S")
_FIELDS = frozenset("""from|to|cc|bcc|subject|date|sent|reply-to|message-id|newsgroups|
organization|title|author|authors|release date|posting date|last updated|language|
character set encoding|produced by|translator|editor|illustrator|source|url|published|
updated|keywords|byline""".replace("\n", "").split("|"))
_GUTENBERG = re.compile(r"\*{3}\s*(START|END) OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
_SIGNATURE_LINES = 10  # a signature delimiter at most this many lines before the end


@lru_cache(maxsize=64)
def _n_words(text: str) -> int:
    """Words in (the first 2,000 characters of) a paragraph; the signal tests ask in turn."""
    return len(words(text[:2000]))


def _is_navigation(text: str) -> bool:
    if len(text) > 200:
        return False
    if _NAV_PREFIX.match(text):
        return _n_words(text) <= 25
    if _MEDIA_TIME.fullmatch(text.strip()):
        return True
    return _NAV_TRIM.sub("", text).lower() in NAVIGATION and _n_words(text) <= 6


def _is_menu(text: str) -> bool:
    if len(text) > 300 or not _MENU_SEP.search(text) or is_sentence(text):
        return False
    parts = [p.strip() for p in _MENU_SEP.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 and _MENU_ITEM.fullmatch(p)
                                   for p in parts)


def _is_date(text: str) -> bool:
    return (len(text) <= 80 and bool(_YEAR.search(text)) and len(_NUMBER.findall(text)) >= 2
            and _n_words(text) <= 5 and not is_sentence(text))


def _is_credit(text: str) -> bool:
    return len(text) <= 600 and bool(_CREDIT.search(text)) and _n_words(text) <= 60


def _is_dateline(text: str) -> bool:
    m = _DATELINE.match(text[:200])
    return m is not None and len(text) > m.end()


def _is_link(text: str) -> bool:
    return len(text) <= 300 and _LINK.fullmatch(text) is not None


def _field(text: str) -> str | None:
    m = _FIELD.match(text[:100])
    return m.group(1).lower() if m else None


def _metadata(paragraphs: Sequence[Paragraph]) -> set[int]:
    """Indices of runs of two or more header fields (at least two of them known ones)."""
    out: set[int] = set()
    run: list[int] = []
    for i in range(len(paragraphs) + 1):
        f = _field(paragraphs[i].text) if i < len(paragraphs) else None
        if f is not None and not paragraphs[i].wrapped:
            run.append(i)
            continue
        known = sum(_field(paragraphs[j].text) in _FIELDS for j in run)
        if len(run) >= 2 and known >= 2:
            out.update(run)
        run = []
    return out


def _key(text: str) -> str:
    """A paragraph's form for finding repeats: case and spacing ignored."""
    return " ".join(text.casefold().split())


def _repeated(paragraphs: Sequence[Paragraph]) -> set[int]:
    keys = [_key(p.text) if 3 <= len(words(p.text[:400])) <= 20 else "" for p in paragraphs]
    counts = Counter(k for k in keys if k)
    return {i for i, k in enumerate(keys) if k and counts[k] >= 2}


def _signature(paragraphs: Sequence[Paragraph]) -> int | None:
    """Index of an e-mail signature delimiter near the end, or None."""
    if not paragraphs:
        return None
    end = paragraphs[-1].last_line
    for i in range(len(paragraphs) - 1, -1, -1):
        p = paragraphs[i]
        if end - p.first_line > _SIGNATURE_LINES:
            return None
        if p.text in ("--", "-- ") and p.depth == 0:
            return i
    return None


def furniture_signals(paragraphs: Sequence[Paragraph]) -> tuple[str, ...]:
    """The signals of page furniture in a text (see the module docstring), sorted.

    >>> from drift.text.unwrap import unwrap
    >>> furniture_signals(unwrap(["An essay of one paragraph.", "", "Read More"]))
    ('navigation',)
    """
    found: set[str] = set()
    links = 0
    for p in paragraphs:
        t = p.text
        for name, test in (("navigation", _is_navigation), ("menu", _is_menu),
                           ("date", _is_date), ("credit", _is_credit),
                           ("dateline", _is_dateline)):
            if name not in found and test(t):
                found.add(name)
        links += _is_link(t)
        if p.heading:
            found.add("markup")
        if _GUTENBERG.match(t[:100]):
            found.add("gutenberg")
    if links >= 2:  # one address alone is a reference, not a list of links
        found.add("link")
    if _repeated(paragraphs):
        found.add("repeated")
    if _metadata(paragraphs):
        found.add("metadata")
    if _signature(paragraphs) is not None:
        found.add("signature")
    return tuple(sorted(found))


# --- rules --------------------------------------------------------------------------------

def _title_case(text: str) -> bool:
    ws = [w for w in words(text[:2000]) if w.lower() not in _SMALL]
    return len(ws) > 2 and sum(w[0].isupper() for w in ws[1:]) / (len(ws) - 1) >= 0.7


def _reads_as_prose(p: Paragraph) -> bool:
    """At least ``HEADER_MAX_WORDS`` words, not Title Case, and a sentence or running text
    (joined from several lines)."""
    if len(words(p.text[:2000])) < HEADER_MAX_WORDS or _title_case(p.text):
        return False
    return p.wrapped or is_sentence(p.text)


def _cut_off_prose(p: Paragraph) -> bool:
    """Running text that does not end like a sentence (a paragraph cut off, or one that lacks
    its full stop): at least ``PROSE_WORDS`` words, not Title Case. Menus, headings and
    captions are shorter."""
    return len(words(p.text[:2000])) >= PROSE_WORDS and not _title_case(p.text)


def _cut_off(p: Paragraph) -> bool:
    """Ends mid-sentence: no sentence end (nor a colon) at its end, and not a title."""
    t = p.text
    return not _END.search(t[-16:]) and not t.endswith(":") and len(words(t[-200:])) >= 3 \
        and not _title_case(t)


def _in_context(paragraphs: Sequence[Paragraph]) -> set[int]:
    """Sentences that sit inside a run of prose (the paragraphs before and after them in
    their block read as prose), and paragraphs that continue a sentence (one ends
    mid-sentence, the next goes on in lower case): the shape rules never judge them."""
    n = len(paragraphs)
    prose = [_reads_as_prose(p) for p in paragraphs]
    out: set[int] = set()
    for i in range(n):
        prev = i > 0 and paragraphs[i - 1].block == paragraphs[i].block
        nxt = i + 1 < n and paragraphs[i + 1].block == paragraphs[i].block
        if prev and nxt and prose[i - 1] and prose[i + 1] and is_sentence(paragraphs[i].text):
            out.add(i)
        if nxt and _cut_off(paragraphs[i]) and paragraphs[i + 1].text[:1].islower():
            out.update((i, i + 1))
    return out


def _structure(paragraphs: Sequence[Paragraph], reason: dict[int, str]) -> None:
    """Project Gutenberg's markers, header fields, an e-mail signature."""
    n = len(paragraphs)
    for i, p in enumerate(paragraphs):
        m = _GUTENBERG.match(p.text[:100])
        if m and m.group(1).upper() == "START":
            reason.update({j: "header" for j in range(i + 1)})
        elif m:
            reason.update({j: "footer" for j in range(i, n)})
            break
    for i in _metadata(paragraphs):
        reason.setdefault(i, "metadata")
    sig = _signature(paragraphs)
    if sig is not None:
        for j in range(sig, n):
            reason.setdefault(j, "signature")


def _headline_lists(paragraphs: Sequence[Paragraph], reason: dict[int, str],
                    exempt: set[int], candidates: set[int]) -> None:
    """Runs of >= 3 consecutive paragraphs of one block, mostly title-like; two or more
    paragraphs in a row that read as prose end a run."""
    n = len(paragraphs)
    prose = [_reads_as_prose(p) for p in paragraphs]
    pairs = [i for i in range(n - 1) if prose[i] and prose[i + 1]
             and paragraphs[i].block == paragraphs[i + 1].block]
    stretch = set(pairs) | {i + 1 for i in pairs}
    run: list[int] = []
    for i in range(n + 1):
        if i < n and i not in stretch and run \
                and paragraphs[i].block == paragraphs[run[-1]].block:
            run.append(i)
            continue
        if len(run) >= 3 and sum(is_title_like(paragraphs[j].text) for j in run) \
                >= 0.5 * len(run):
            for j in run:
                if j not in exempt and j in candidates:
                    reason.setdefault(j, "headline-list")
        run = [i] if i < n and i not in stretch else []


def _shape_rules(paragraphs: Sequence[Paragraph], reason: dict[int, str], exempt: set[int],
                 candidates: set[int]) -> None:
    """The rules ``header`` to ``teaser`` on the paragraphs in ``candidates``."""
    _headline_lists(paragraphs, reason, exempt, candidates)
    texts = [p.text for p in paragraphs]
    lead = next((i for i, t in enumerate(texts) if reason.get(i) != "headline-list"
                 and ((is_sentence(t) and len(words(t[:2000])) >= LEAD_WORDS)
                      or _cut_off_prose(paragraphs[i]))), None)
    if lead is not None:
        for i in range(lead):
            t, listed = texts[i], reason.get(i) == "headline-list"
            if i in exempt or i not in candidates or (i in reason and not listed):
                continue
            if not listed and is_sentence(t) and not is_title_like(t) \
                    and len(words(t[:2000])) >= HEADER_MAX_WORDS:
                continue  # a short first paragraph that is a real sentence is the lead's start
            reason[i] = "header"  # before the lead, "header" says more than "headline-list"
    prev_removed_heading = False
    for i, t in enumerate(texts):
        if i in reason:
            prev_removed_heading = reason[i] != "reader-address"
            continue
        if i in exempt or i not in candidates:
            prev_removed_heading = False
            continue
        if not is_sentence(t):
            if _cut_off_prose(paragraphs[i]):
                prev_removed_heading = False
                continue
            reason[i] = "not-a-sentence"
            prev_removed_heading = True
            continue
        if addresses_reader(t):
            reason[i] = "reader-address"
        elif prev_removed_heading and _ELLIPSIS_END.search(t[-8:]) and i > (lead or 0):
            reason[i] = "teaser"
        prev_removed_heading = False


def _signal_rules(paragraphs: Sequence[Paragraph], reason: dict[int, str],
                  rules: Sequence[str]) -> None:
    tests: dict[str, Callable[[str], bool]] = {
        "navigation": _is_navigation, "menu": _is_menu, "date": _is_date, "caption": _is_credit,
        "link": _is_link}
    for i, p in enumerate(paragraphs):
        if i in reason:
            continue
        for name in rules:
            if tests[name](p.text):
                reason[i] = name
                break


def _removed(p: Paragraph, reason: str) -> Removed:
    return Removed("\n".join(p.written), reason, p.first_line, p.last_line)


def strip_paragraphs(paragraphs: Sequence[Paragraph], *, extracted: bool = False,
                     title: str | None = None) -> tuple[list[Paragraph], list[Removed]]:
    """Split paragraphs into the article's body and removed furniture (see the module
    docstring).

    Args:
        paragraphs: the text's paragraphs (:func:`drift.text.unwrap.unwrap`).
        extracted: the text is an HTML extractor's main text: only ``title`` repeated before
            the first paragraph of prose and navigation lines are removed.
        title: the page's title (HTML metadata), for ``extracted`` text.

    Returns:
        ``(body, removed)``: the body paragraphs (a dateline prefix taken off), in order, and
        the removed pieces in reading order; ``body`` is empty when no paragraph reads as
        prose.
    """
    n = len(paragraphs)
    if sum(len(p.map.lines) for p in paragraphs) <= 1:  # one line is a string, not a page
        return list(paragraphs), []
    reason: dict[int, str] = {}
    if extracted:
        first = next((i for i, p in enumerate(paragraphs) if _reads_as_prose(p)), n)
        key = _key(title) if title else None
        for i in range(first):
            if key and _key(paragraphs[i].text) == key:
                reason[i] = "header"
        _signal_rules(paragraphs, reason, ("navigation",))
    elif furniture_signals(paragraphs):
        _structure(paragraphs, reason)
        _shape_rules(paragraphs, reason, _in_context(paragraphs), set(range(n)))
        _signal_rules(paragraphs, reason, ("navigation", "menu", "date", "caption", "link"))
    for i, p in enumerate(paragraphs):
        if i not in reason and not extracted and not _ALNUM.search(p.text):
            reason[i] = "no-words"
    if len(reason) == n:  # nothing left: what reads as prose is the article
        for i, p in enumerate(paragraphs):
            if reason[i] in SHAPE_RULES and _reads_as_prose(p):
                del reason[i]
    body: list[Paragraph] = []
    removed: list[Removed] = []
    for i, p in enumerate(paragraphs):
        if i in reason:
            removed.append(_removed(p, reason[i]))
            continue
        m = None if extracted else _DATELINE.match(p.text[:200])
        if m and len(p.text) > m.end():
            removed.append(Removed(m.group(0).strip(), "dateline", p.first_line,
                                   p.first_line))
            p = _cut(p, m.end())
        body.append(p)
    return body, removed


def _cut(p: Paragraph, k: int) -> Paragraph:
    """``p`` without its first ``k`` characters."""
    starts = tuple(max(s - k, 0) for s in p.map.starts)
    return replace(p, text=p.text[k:], map=LineMap(p.map.lines, starts))


def strip_furniture(lines: Sequence[str], *, extracted: bool = False
                    ) -> tuple[list[tuple[int, str]], list[Removed]]:
    """Unwrap lines and split them into body paragraphs and removed furniture.

    Args:
        lines: the text's lines, original form (blank lines separate blocks).
        extracted: see :func:`strip_paragraphs` (the lines are not unwrapped either).

    Returns:
        ``(body, removed)``: ``body`` is a list of ``(first line, paragraph text)`` with
        1-based line numbers; empty when no paragraph reads as prose.

    Example:
        >>> body, removed = strip_furniture(["Daily News", "", "Menu", "",
        ...     "The minister resigned on Friday after a week of protests in the capital city.",
        ...     "", "Read More"])
        >>> [(r.reason, r.line) for r in removed]
        [('header', 1), ('header', 3), ('not-a-sentence', 7)]
    """
    body, removed = strip_paragraphs(unwrap(lines, join=not extracted), extracted=extracted)
    return [(p.first_line, p.text) for p in body], removed
