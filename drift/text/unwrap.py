"""Join hard-wrapped lines into paragraphs, keeping the line numbers of every piece.

A line is not a unit of layout in plain text: e-mails, mailing-list archives, Project
Gutenberg and many news archives are hard-wrapped at 60 to 80 columns, so a paragraph is a
run of lines, and a short line may be the end of a sentence or the middle of one.
:func:`unwrap` turns lines into :class:`Paragraph` objects before any furniture rule or
sentence split sees them; each paragraph keeps a :class:`LineMap` from its text back to the
lines of the input.

**Blocks.** Blank lines separate blocks; so does a change of e-mail quote depth (``>``,
``> >``, ``>>``: the markers are taken off the text, a line of only markers is blank). A
Markdown heading is a paragraph of its own.

**Width.** :func:`wrap_width` (:mod:`drift.text.wrapwidth`) finds the width ``W`` a greedy
wrapper (``fmt -w``, textwrap, most mail clients) used, if one did; the rules below read it.

**Joining.** The next line continues the paragraph when

* the line ends in a hyphen after a letter or digit and the next line starts with one
  (see below), or
* the line is *full* at the text's width ``W`` (the next word did not fit), or ends
  mid-sentence, reaches 80% of ``W`` and is not in Title Case (a line broken by hand in
  text a wrapper made), or
* the line ends mid-sentence (no ``.!?…:`` at its end) and the next line starts with a
  lower-case letter, or the line ends with a comma, a semicolon or a function word in lower
  case (``the``, ``of``, ``and``, ``der``, ``de``...), or the text is wrapped raggedly (by
  hand: no width ``W``, but at least 2 and 25% of the breaks are mid-sentence before a
  lower-case letter) and the line reaches 60% of the right margin (the 90th percentile of
  line widths: a line that long is not a heading), unless both lines are in Title Case (a
  headline list); or the line does not end a sentence and the next line is only the
  punctuation that ends it, or both are Chinese or Japanese. An initial or a title
  (``Harry S.``, ``U.S.``, ``Dr.``), or an article (``The``), at the end of a line is
  mid-sentence;

and never when the next line is a list item (``-``, ``*``, ``+``, ``•``, ``1.``, ``2)``,
``(a)``, ``b)``; the marker is taken off the text) after a line ending in ``:``, a new item
of the list being read, or any item after a line that is not full (or, raggedly wrapped,
long and ending mid-sentence); when the next line is indented deeper than the line before
(a first-line indent), unless it hangs under a list item; when both lines are at the indent
that starts the text's paragraphs (where first lines are indented deeper than the next: a
one-line paragraph); or when either line has no letter or digit (a rule such as
``-----``), unless it is sentence punctuation (``.``, ``'' ,``) at a wrap. A line that ends
with a dash written without spaces (``Palm--``) goes on without a space (``Palm--and``).

**Hyphens.** A word broken at a line end is rejoined (``inter-`` / ``national`` ->
``international``), and a compound keeps its hyphen (``well-`` / ``known`` ->
``well-known``), by evidence in this order (:func:`join_hyphenated`): the hyphen, when a
greedy wrapper had to break there (it breaks only at hyphens that are in the text: ``key-`` /
``board`` at a full line); the form that occurs more often elsewhere in the text; the
joined form, when it is a known word (:mod:`drift.text.lexicon`); the hyphen, when both
halves are known words; else the joined form (a hand or a typesetter broke a name:
``Toka-`` / ``yev``). A hyphen before a capital letter or a digit, or in a chain (``Jürg-`` /
``von-Känel``), is kept, and one before a conjunction is a suspended hyphen (``Süd-`` /
``und Nordkorea`` -> ``Süd- und Nordkorea``). A hyphen between digits or before a capital
is kept without a space (``7-`` / ``2`` -> ``7-2``).

Lines are joined with one space; Chinese and Japanese characters on both sides of a break
are joined without one (and such a line that does not end a sentence always goes on). Time
and memory are linear in the text (the width search counts breaks per width up to 1,000
columns).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from drift.text.lexicon import is_known_word
from drift.text.wrapwidth import (
    BULLET,
    CJK,
    MAX_WIDTH,
    MIN_WIDTH,
    Line,
    detect_width,
    ends_mid_sentence,
    first_word_width,
    parse_line,
    right_margin,
    wrap_width,
)

__all__ = ["LineMap", "Paragraph", "unwrap", "wrap_width", "join_hyphenated",
           "MIN_WIDTH", "MAX_WIDTH"]

_RAGGED = 0.6          # a line this share of the right margin long that ends mid-sentence wraps
_NEAR_FULL = 0.8       # ... or this share of the wrap width
_TAIL_LETTERS = re.compile(r"[^\W\d_]+$")
_FIRST_LETTERS = re.compile(r"[^\W\d_]+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ALNUM = re.compile(r"[^\W_]")
#: a line of sentence punctuation only (``.``, ``'' ,``): the end of a sentence wrapped apart
_PUNCTUATION = re.compile(r"[.,;:!?'\"`\u2019\u201d\u00bb)\]\u2026 ]{1,12}")
#: words after which a sentence does not end (English, German, French, Spanish, Italian)
FUNCTION_WORDS = frozenset("""
a an the and or but nor of in on at to for by with from into onto upon over under as than
that which who whom whose is are was were be been being has have had its their his her our
my your this these those not no very such if when while because after before about between
through during without within against among per via
der die das den dem des ein eine einen einem einer und oder zu von mit für im auf aus bei
nach über unter vor dass
le la les un une des du et ou à au aux en pour par avec que qui sur dans
el los las y o del con por para una
il lo gli di da nel nella della che
""".split())
_CLOSED_DASH = re.compile(r"[^\W\d_]--$")
_HYPHEN_BREAK = re.compile(r"[^\W_]-$")  # "7-" / "2", "well-" / "known"
#: articles that start a sentence: a line never ends with one
_ARTICLES = frozenset("The An Der Die Das Ein Eine Le La Les Un Une El Los Las Il Lo Gli".split())
#: conjunctions after a suspended hyphen ("pre- and post-war", "Süd- und Nordkorea")
SUSPENDED = frozenset("and or nor to und oder bis sowie bzw et ou y o e en".split())


@dataclass(frozen=True, slots=True)
class LineMap:
    """Where each physical line's piece starts in a paragraph's text.

    Attributes:
        lines: 1-based line number in the input of each piece, in order.
        starts: offset in the paragraph text where each piece starts (``starts[0] == 0``).
    """

    lines: tuple[int, ...]
    starts: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The first and last input line of ``text[start:end]`` (1-based, inclusive).

        >>> LineMap((3, 4, 5), (0, 20, 41)).span(10, 30)
        (3, 4)
        """
        first = bisect_right(self.starts, start) - 1
        last = bisect_right(self.starts, max(end - 1, start)) - 1
        return self.lines[max(first, 0)], self.lines[max(last, 0)]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the input: one or more lines joined.

    Attributes:
        text: the paragraph as one line (quote markers, list markers and line-end hyphens of
            broken words taken off, lines joined with a space).
        map: where each line's piece starts in ``text``.
        written: each line's text as written (without quote markers and indentation).
        block: index of the block the paragraph is in (blocks are separated by blank lines
            and by changes of quote depth).
        depth: e-mail quote depth (0 for text that is not quoted).
        item: it starts with a list marker.
        heading: it is marked up as a heading (Markdown).
    """

    text: str
    map: LineMap
    written: tuple[str, ...]
    block: int
    depth: int = 0
    item: bool = False
    heading: bool = False

    @property
    def first_line(self) -> int:
        """1-based line number of its first line."""
        return self.map.lines[0]

    @property
    def last_line(self) -> int:
        """1-based line number of its last line."""
        return self.map.lines[-1]

    @property
    def wrapped(self) -> bool:
        """Was it joined from more than one line (running text)?"""
        return len(self.map.lines) > 1


def _broken_word(content: str) -> str | None:
    """The letters before a hyphen that ends the line (``inter-`` -> ``inter``), else None."""
    if not content.endswith("-"):
        return None
    m = _TAIL_LETTERS.search(content[-64:-1])
    return m.group(0) if m else None


class _Words:
    """Word counts of the whole text, made when the first broken word needs them."""

    def __init__(self, lines: Sequence[Line]):
        self._lines = lines
        self._counts: Counter[str] | None = None

    def count(self, form: str) -> int:
        if self._counts is None:
            self._counts = Counter()
            for ln in self._lines:
                for w in _WORD.findall(ln.content):
                    self._counts[w.lower()] += 1
                    if "-" in w:
                        self._counts.update(p.lower() for p in w.split("-"))
        return self._counts[form.lower()]


def join_hyphenated(head: str, tail: str,
                    count: Callable[[str], int | None] | None = None, *,
                    forced: bool = False) -> bool:
    """Is ``head-`` at a line end and ``tail`` on the next line one word broken in two (True:
    join as ``headtail``) rather than a compound (False: keep ``head-tail``)?

    Args:
        head, tail: the letters before the hyphen and at the start of the next line.
        count: how often a form occurs elsewhere in the text (None: nowhere).
        forced: a greedy wrapper had to break there (the next word did not fit); such a
            wrapper breaks only at hyphens that are in the text, so the hyphen is kept.

    >>> join_hyphenated("inter", "national"), join_hyphenated("well", "known")
    (True, False)
    >>> join_hyphenated("Toka", "yev"), join_hyphenated("key", "board", forced=True)
    (True, False)
    >>> join_hyphenated("inter", "national", {"inter-national": 2}.get)
    False
    """
    if forced:
        return False
    joined, compound = head + tail, f"{head}-{tail}"
    if count is not None:
        n_joined, n_compound = count(joined) or 0, count(compound) or 0
        if n_joined != n_compound:
            return n_joined > n_compound
    if is_known_word(joined):
        return True
    return not (is_known_word(head) and is_known_word(tail))


def _title_case(content: str) -> bool:
    """Every word capitalised, function words aside (a headline in Title Case)."""
    ws = [w for w in _FIRST_LETTERS.findall(content[:300]) if w.lower() not in FUNCTION_WORDS]
    return len(ws) > 2 and all(w[0].isupper() for w in ws)


def _continues(a: Line, b: Line, first: Line, width: int | None, margin: int,
               wrapped: bool, ragged_block: bool) -> bool:
    """Does line ``b`` continue the paragraph that began at ``first`` and ends with ``a``?"""
    words_a, words_b = bool(_ALNUM.search(a.content)), bool(_ALNUM.search(b.content))
    if not (words_a or _PUNCTUATION.fullmatch(a.content)) \
            or not (words_b or _PUNCTUATION.fullmatch(b.content)):
        return False  # a rule or an ornament (-----, * * *) stands alone
    item_col = first.indent + first.marker
    hangs = first.marker and b.indent == item_col and not b.marker
    if b.indent > a.indent and not hangs:
        return False  # a first-line indent (or a deeper one) starts a new paragraph
    full = width is not None and a.width <= width < a.width + 1 + first_word_width(b.content)
    mid = words_a and ends_mid_sentence(a.content)
    if width is None:  # wrapped by hand; a headline list is two Title Case lines
        ragged = ragged_block and mid and a.width >= _RAGGED * margin \
            and not (_title_case(a.content) and _title_case(b.content))
    else:  # a greedy wrapper's line that stops short: a headline is in Title Case
        ragged = mid and a.width >= _NEAR_FULL * width and not _title_case(a.content)
    if b.marker:
        same_list = first.marker and b.indent == first.indent
        if a.content.endswith(":") or same_list or not (full or ragged):
            return False
    if full or (_HYPHEN_BREAK.search(a.content[-2:]) and b.content[0].isalnum()):
        return True
    if not mid:
        return False
    if CJK.match(a.content[-1]) and CJK.match(b.content):
        return True  # Chinese and Japanese wrap anywhere
    if not words_b:
        return True  # the punctuation that ends the sentence
    last = a.content[-32:].rsplit(None, 1)[-1]
    if last[-1] in ",;" or last in FUNCTION_WORDS or last in _ARTICLES:
        return True  # lower case only: "Results Are In" is a title's end
    if b.content[0].islower() and (wrapped or len(a.content[:200].split()) >= 4):
        return True
    return ragged


def _piece(ln: Line) -> str:
    return ln.content[ln.marker:] if ln.marker else ln.content


def _join(group: Sequence[Line], words: _Words, width: int | None) -> tuple[str, LineMap]:
    parts: list[str] = []
    starts = []
    size = 0
    for k, ln in enumerate(group):
        piece = _piece(ln) if k == 0 else ln.content
        if k:
            prev = parts[-1]
            head = _broken_word(prev)
            if head and piece[0].isalpha():
                tail = _FIRST_LETTERS.match(piece)
                word = first_word_width(piece)
                chained = tail is not None and piece[tail.end():tail.end() + 1] == "-"
                forced = width is not None and group[k - 1].width + word > width
                if tail and tail.group(0) in SUSPENDED:  # "Süd- und Nordkorea"
                    parts.append(" ")
                    size += 1
                elif piece[0].islower() and tail and not chained and join_hyphenated(
                        head, tail.group(0), words.count, forced=forced):
                    parts[-1] = prev[:-1]
                    size -= 1
            elif not (CJK.match(prev[-1]) and CJK.match(piece)
                      or (_HYPHEN_BREAK.search(prev[-2:]) and piece[0].isalnum())
                      or (_CLOSED_DASH.search(prev[-3:]) and piece[0].isalpha())):
                parts.append(" ")
                size += 1
        starts.append(size)
        parts.append(piece)
        size += len(piece)
    return "".join(parts), LineMap(tuple(ln.number for ln in group), tuple(starts))


def _as_lines(lines: Sequence[str]) -> list[Paragraph]:
    """Every non-blank line a paragraph, as it is (only its ends stripped)."""
    out = []
    block, blank = -1, True
    for k, raw in enumerate(lines, 1):
        text = raw.strip()
        if not text:
            blank = True
            continue
        block += blank
        blank = False
        out.append(Paragraph(text, LineMap((k,), (0,)), (text,), block,
                             item=bool(BULLET.match(text))))
    return out


def unwrap(lines: Sequence[str], *, join: bool = True,
           headings: Collection[int] = ()) -> list[Paragraph]:
    """Paragraphs of ``lines`` (see the module docstring).

    Args:
        lines: the text's lines (blank lines separate blocks).
        join: join wrapped lines; False makes every non-blank line a paragraph as it is
            (quote and list markers kept): text whose lines are already paragraphs, such as
            an HTML extractor's output, or one sentence a line.
        headings: 1-based numbers of lines marked up as headings (each is its own paragraph).

    Returns:
        The paragraphs in order (blank lines give none).

    Example:
        >>> ps = unwrap(["Daily News", "", "The council voted on Tuesday to fund an inter-",
        ...              "national bridge, the mayor said.", "> Quoted reply here."])
        >>> [(p.text, p.map.lines, p.depth) for p in ps]  # doctest: +NORMALIZE_WHITESPACE
        [('Daily News', (1,), 0),
         ('The council voted on Tuesday to fund an international bridge, the mayor said.',
          (3, 4), 0), ('Quoted reply here.', (5,), 1)]
    """
    if not join:
        return _as_lines(lines)
    parsed = [parse_line(k, ln) for k, ln in enumerate(lines, 1)]
    width = detect_width(parsed)
    blocks: list[list[Line]] = []
    for ln in parsed:
        if not ln.content:
            continue
        if not blocks or blocks[-1][-1].number != ln.number - 1 or blocks[-1][-1].depth != ln.depth:
            blocks.append([])
        blocks[-1].append(ln)
    lowered = [sum(b.content[0].islower() and ends_mid_sentence(a.content)
                   for a, b in zip(bl, bl[1:])) for bl in blocks]
    n_breaks = [len(bl) - 1 for bl in blocks]
    wrapped = width is not None or (sum(lowered) >= 2 and sum(lowered) >= 0.25 * sum(n_breaks))
    margin = right_margin(parsed) if wrapped else 0
    first_indent = _first_line_indent(blocks)
    heads = set(headings)
    words = _Words(parsed)
    out: list[Paragraph] = []
    for k, bl in enumerate(blocks):
        # hand-wrapped prose: some lines go on in lower case (a headline list does not)
        ragged = width is None and wrapped
        group = [bl[0]]
        for a, b in zip(bl, bl[1:]):
            if a.number in heads or b.number in heads \
                    or (a.indent == b.indent == first_indent and not a.marker) \
                    or not _continues(a, b, group[0], width, margin, wrapped, ragged):
                out.append(_paragraph(group, words, width, k, heads))
                group = []
            group.append(b)
        out.append(_paragraph(group, words, width, k, heads))
    return out


def _first_line_indent(blocks: Sequence[Sequence[Line]]) -> int | None:
    """The indent that starts a paragraph where paragraphs are marked by indenting their
    first line deeper than the next (two or more times, always by the same), else None."""
    events: Counter[tuple[int, int]] = Counter()
    for bl in blocks:
        for k in range(len(bl) - 1):
            before, a, b = bl[k - 1] if k else None, bl[k], bl[k + 1]
            hangs = before is not None and before.marker \
                and a.indent == before.indent + before.marker
            if a.indent > b.indent and not (a.marker or b.marker or hangs) \
                    and (before is None or before.indent < a.indent):
                events[(a.indent, b.indent)] += 1
    if len({first for first, _ in events}) != 1 or sum(events.values()) < 2:
        return None
    return next(iter(events))[0]


def _paragraph(group: Sequence[Line], words: _Words, width: int | None, block: int,
               heads: Collection[int]) -> Paragraph:
    if len(group) == 1:
        text, lmap = _piece(group[0]), LineMap((group[0].number,), (0,))
    else:
        text, lmap = _join(group, words, width)
    return Paragraph(text, lmap, tuple(ln.content for ln in group), block, group[0].depth,
                     bool(group[0].marker), group[0].number in heads)
