"""Separate page furniture (menus, headline lists, disclaimers...) from an article's body.

Furniture is judged on paragraphs in context, never on physical lines: the text is first
unwrapped (:mod:`drift.text.unwrap`), so a hard-wrapped line that happens to be short, to
start with a capital or to end without a full stop is part of its paragraph. Furniture is
never dropped silently: everything taken out of the article is kept in
:attr:`Document.removed` with the rule that removed it and its lines.

**Signals.** Plain text is stripped only when it shows a signal of page furniture
(:func:`furniture_signals`, :mod:`drift.text.signals`: navigation words, a menu, a date, a
picture credit, a dateline, a repeated paragraph, web addresses, header fields, a signature,
Project Gutenberg's markers, a heading marked up as such); prose without one keeps every line
(only lines without a letter or digit, such as ``-----``, are dropped). The shape of a line (a
sentence, a title, words that speak to the reader) is :mod:`drift.text.shapes`.

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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from drift.text.shapes import (
    CLOSERS,
    END_OF_SENTENCE,
    SENTENCE_END,
    addresses_reader,
    is_sentence,
    is_title_like,
    title_case,
    words,
)
from drift.text.signals import (
    DATELINE,
    GUTENBERG,
    NAVIGATION,
    furniture_signals,
    is_credit,
    is_date,
    is_link,
    is_menu,
    is_navigation,
    metadata_fields,
    repeat_key,
    signature_delimiter,
)
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


# --- rules --------------------------------------------------------------------------------

_ALNUM = re.compile(r"[^\W_]")
_ELLIPSIS_END = re.compile(r"(\.\.\.|\u2026)['\"\u2019\u201d]?\s*$")


def _reads_as_prose(p: Paragraph) -> bool:
    """At least ``HEADER_MAX_WORDS`` words, not Title Case, and a sentence or running text
    (joined from several lines)."""
    if len(words(p.text[:2000])) < HEADER_MAX_WORDS or title_case(p.text):
        return False
    return p.wrapped or is_sentence(p.text)


def _cut_off_prose(p: Paragraph) -> bool:
    """Running text that does not end like a sentence (a paragraph cut off, or one that lacks
    its full stop): at least ``PROSE_WORDS`` words, not Title Case. Menus, headings and
    captions are shorter."""
    return len(words(p.text[:2000])) >= PROSE_WORDS and not title_case(p.text)


def _cut_off(p: Paragraph) -> bool:
    """Ends mid-sentence: no sentence end (nor a colon) at its end, and not a title."""
    t = p.text
    return not END_OF_SENTENCE.search(t[-16:]) and not t.endswith(":") \
        and len(words(t[-200:])) >= 3 and not title_case(t)


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
        m = GUTENBERG.match(p.text[:100])
        if m and m.group(1).upper() == "START":
            reason.update({j: "header" for j in range(i + 1)})
        elif m:
            reason.update({j: "footer" for j in range(i, n)})
            break
    for i in metadata_fields(paragraphs):
        reason.setdefault(i, "metadata")
    sig = signature_delimiter(paragraphs)
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
        "navigation": is_navigation, "menu": is_menu, "date": is_date, "caption": is_credit,
        "link": is_link}
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
        key = repeat_key(title) if title else None
        for i in range(first):
            if key and repeat_key(paragraphs[i].text) == key:
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
        m = None if extracted else DATELINE.match(p.text[:200])
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
