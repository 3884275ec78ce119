"""Separate page furniture (menus, headline lists, disclaimers...) from an article's body.

Furniture is never dropped silently: every line taken out of the article is kept in
:attr:`Document.removed` with the rule that removed it. The rules look at the *shape* of a line,
not at a list of known strings, so they carry over to unseen pages:

``header``
    short lines before the first real paragraph (the first line with a sentence of at least
    ``LEAD_WORDS`` words): site names, mottos, dates, bylines. A line there that is itself a
    sentence of at least ``HEADER_MAX_WORDS`` words and not Title Case is kept (a short lead,
    common in translations).
``not-a-sentence``
    a line that does not end like a sentence (no ``.``, ``!``, ``?``, ``…`` or a closing quote
    after one): menus, "Read More", headings, captions, "No comments:", ``0:00``.
``headline-list``
    a run of at least three consecutive lines (no blank line between) most of which are
    title-like (Title Case or not sentences): "Related Articles" lists and teasers.
``reader-address``
    a paragraph that, outside quotation marks, speaks to the reader ("you", "your") or about the
    page itself ("this page", "our site"): disclaimers, newsletter and comment prompts.
``teaser``
    a paragraph cut off with an ellipsis right after a heading: the lead of another story.
``dateline``
    a wire dateline at the start of a paragraph ("MOSCOW/ALMATY (BLOOMBERG, AFP) - "); only the
    prefix is removed.

A text of one line (a sentence or headline given as a string) is never stripped. A longer
text that the rules leave without any paragraph is all furniture: :func:`strip_furniture`
returns no body, and the reader says that no article was found.

Sentence ends and word counts work beyond Latin script: ``。！？`` (and the fullwidth ``．！？``),
the Arabic ``؟`` and ``۔``, the Devanagari ``।`` end a sentence, closing CJK brackets may follow;
Chinese and Japanese characters (which are not separated by spaces) count as one word per two
characters (Chinese words average about 1.7 characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Removed", "strip_furniture", "is_sentence", "is_title_like", "addresses_reader",
           "words", "LEAD_WORDS", "HEADER_MAX_WORDS", "SENTENCE_END", "CLOSERS"]

LEAD_WORDS = 12
HEADER_MAX_WORDS = 6  # a sentence-shaped, not Title Case line this long is never header


@dataclass(frozen=True)
class Removed:
    """A piece of the input that is not part of the article body.

    Attributes:
        text: the text as written.
        reason: the rule that removed it (see the module docstring).
        line: 0-based line number in the (extracted) text, or -1 if unknown.
    """

    text: str
    reason: str
    line: int = -1

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "reason": self.reason, "line": self.line}


# --- line shapes ---------------------------------------------------------------------------

#: sentence-final marks: Latin, CJK (ideographic and fullwidth), Arabic, Urdu, Devanagari,
#: Ethiopic, double marks
SENTENCE_END = ".!?\u2026\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965\u1362" \
    "\u203c\u2047\u2048\u2049"
#: what may follow a sentence-final mark: closing quotes and brackets (CJK ones included)
CLOSERS = "'\"\u2019\u201d)]\u00bb\u300d\u300f\uff09\u3011\u3015\u3009\u300b\uff63"
_END = re.compile(f"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)}]*\\s*$")
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
    r"\s*\([A-Za-z ,./&-]{2,40}\)\s*[-\u2013\u2014]+\s+"  # (BLOOMBERG, AFP) -
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
    return bool(_END.search(s)) and len(words(s)) >= 2


def is_title_like(line: str) -> bool:
    """A heading: not a sentence, or most content words capitalised (Title Case)."""
    if not is_sentence(line):
        return True
    ws = [w for w in words(line) if w.lower() not in _SMALL]
    if not ws:
        return True
    caps = sum(w[0].isupper() for w in ws[1:])
    return len(ws) > 2 and caps / (len(ws) - 1) >= 0.7


def addresses_reader(line: str) -> bool:
    """Speaks to the reader or about the page, outside quotation marks."""
    return bool(_READER.search(_QUOTED.sub(" ", line)))


def strip_furniture(lines: list[str]) -> tuple[list[tuple[int, str]], list[Removed]]:
    """Split lines into body paragraphs and removed furniture.

    Args:
        lines: the text's lines, original form (blank lines separate blocks).

    Returns:
        ``(body, removed)``: ``body`` is a list of ``(line number, paragraph text)``; empty
        when every line of a text of two or more lines is furniture.

    Example:
        >>> body, removed = strip_furniture(["Daily News", "", "Menu", "",
        ...     "The minister resigned on Friday after a week of protests in the capital city.",
        ...     "", "Read More"])
        >>> [r.reason for r in removed]
        ['header', 'header', 'not-a-sentence']
    """
    reason: dict[int, str] = {}
    nonblank = [i for i, line in enumerate(lines) if line.strip()]

    # headline lists: runs of >= 3 consecutive non-blank lines, mostly title-like
    run: list[int] = []
    for i in range(len(lines) + 1):
        if i < len(lines) and lines[i].strip():
            run.append(i)
            continue
        if len(run) >= 3 and sum(is_title_like(lines[j]) for j in run) >= 0.5 * len(run):
            for j in run:
                reason[j] = "headline-list"
        run = []

    lead = next((i for i in nonblank if reason.get(i) != "headline-list" and is_sentence(lines[i])
                 and len(words(lines[i])) >= LEAD_WORDS), None)
    if lead is not None:
        for i in nonblank:
            if i >= lead:
                break
            line = lines[i]
            if reason.get(i) != "headline-list" and is_sentence(line) \
                    and not is_title_like(line) and len(words(line)) >= HEADER_MAX_WORDS:
                continue  # a short first paragraph that is a real sentence is the lead's start
            reason[i] = "header"  # before the lead, "header" says more than "headline-list"

    prev_removed_heading = False
    for i in nonblank:
        line = lines[i]
        if i in reason:
            prev_removed_heading = reason[i] != "reader-address"
            continue
        if not is_sentence(line):
            reason[i] = "not-a-sentence"
            prev_removed_heading = True
            continue
        if addresses_reader(line):
            reason[i] = "reader-address"
        elif prev_removed_heading and _ELLIPSIS_END.search(line) and i > (lead or 0):
            reason[i] = "teaser"
        prev_removed_heading = False

    body: list[tuple[int, str]] = []
    removed: list[Removed] = []
    for i in nonblank:
        line = lines[i].strip()
        if i in reason:
            removed.append(Removed(line, reason[i], i))
            continue
        m = _DATELINE.match(line)
        if m and len(line) > m.end():
            removed.append(Removed(m.group(0).strip(), "dateline", i))
            line = line[m.end():]
        body.append((i, line))
    if not body and len(nonblank) == 1:  # one line is a string, not a page: never stripped
        return [(nonblank[0], lines[nonblank[0]].strip())], []
    return body, removed
