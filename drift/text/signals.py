"""Signals of page furniture: what in a text shows that it holds more than an article.

Plain text is stripped by the rules of :mod:`drift.text.furniture` only when it shows a signal
of page furniture (:func:`furniture_signals`); prose without one keeps every line (only lines
without a letter or digit, such as ``-----``, are dropped):

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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from drift.text.shapes import is_sentence, words
from drift.text.unwrap import Paragraph

__all__ = ["furniture_signals", "NAVIGATION", "DATELINE", "GUTENBERG", "is_navigation",
           "is_menu", "is_date", "is_credit", "is_link", "metadata_fields", "repeat_key",
           "signature_delimiter"]

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
GUTENBERG = re.compile(r"\*{3}\s*(START|END) OF (?:THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
_SIGNATURE_LINES = 10  # a signature delimiter at most this many lines before the end
DATELINE = re.compile(
    r"^[A-Z][A-Z./' -]+(?:/[A-Z][A-Z./' -]+)*"          # MOSCOW/ALMATY
    r"(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"            # , Jan 10
    r"\s*\((?=[^)]{2,40}\))[A-Z][A-Za-z.&-]*(?:[ ,/]+[A-Z][A-Za-z.&-]*)*\)"  # (BLOOMBERG, AFP)
    r"\s*[-\u2013\u2014]+\s+"                              # -
)


@lru_cache(maxsize=64)
def _n_words(text: str) -> int:
    """Words in (the first 2,000 characters of) a paragraph; the signal tests ask in turn."""
    return len(words(text[:2000]))


def is_navigation(text: str) -> bool:
    if len(text) > 200:
        return False
    if _NAV_PREFIX.match(text):
        return _n_words(text) <= 25
    if _MEDIA_TIME.fullmatch(text.strip()):
        return True
    return _NAV_TRIM.sub("", text).lower() in NAVIGATION and _n_words(text) <= 6


def is_menu(text: str) -> bool:
    if len(text) > 300 or not _MENU_SEP.search(text) or is_sentence(text):
        return False
    parts = [p.strip() for p in _MENU_SEP.split(text) if p.strip()]
    return len(parts) >= 3 and all(len(p.split()) <= 4 and _MENU_ITEM.fullmatch(p)
                                   for p in parts)


def is_date(text: str) -> bool:
    return (len(text) <= 80 and bool(_YEAR.search(text)) and len(_NUMBER.findall(text)) >= 2
            and _n_words(text) <= 5 and not is_sentence(text))


def is_credit(text: str) -> bool:
    return len(text) <= 600 and bool(_CREDIT.search(text)) and _n_words(text) <= 60


def _is_dateline(text: str) -> bool:
    m = DATELINE.match(text[:200])
    return m is not None and len(text) > m.end()


def is_link(text: str) -> bool:
    return len(text) <= 300 and _LINK.fullmatch(text) is not None


def _field(text: str) -> str | None:
    m = _FIELD.match(text[:100])
    return m.group(1).lower() if m else None


def metadata_fields(paragraphs: Sequence[Paragraph]) -> set[int]:
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


def repeat_key(text: str) -> str:
    """A paragraph's form for finding repeats: case and spacing ignored."""
    return " ".join(text.casefold().split())


def _repeated(paragraphs: Sequence[Paragraph]) -> set[int]:
    keys = [repeat_key(p.text) if 3 <= len(words(p.text[:400])) <= 20 else "" for p in paragraphs]
    counts = Counter(k for k in keys if k)
    return {i for i, k in enumerate(keys) if k and counts[k] >= 2}


def signature_delimiter(paragraphs: Sequence[Paragraph]) -> int | None:
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
        for name, test in (("navigation", is_navigation), ("menu", is_menu),
                           ("date", is_date), ("credit", is_credit),
                           ("dateline", _is_dateline)):
            if name not in found and test(t):
                found.add(name)
        links += is_link(t)
        if p.heading:
            found.add("markup")
        if GUTENBERG.match(t[:100]):
            found.add("gutenberg")
    if links >= 2:  # one address alone is a reference, not a list of links
        found.add("link")
    if _repeated(paragraphs):
        found.add("repeated")
    if metadata_fields(paragraphs):
        found.add("metadata")
    if signature_delimiter(paragraphs) is not None:
        found.add("signature")
    return tuple(sorted(found))
