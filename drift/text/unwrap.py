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

**Width.** :func:`wrap_width` finds the width ``W`` a greedy wrapper (``fmt -w``, textwrap,
most mail clients) used: a break between two lines of a block is a *wrap* at width ``W``
when the line is at most ``W`` columns and the next line's first word would not have fitted
(``len(line) + 1 + len(word) > W``). ``W`` is the width that explains the most breaks, with
at most 5% of the lines longer than it; the text is hard-wrapped at ``W`` when it explains
at least 3 breaks and at least 40% of them.

**Joining.** The next line continues the paragraph when

* the line ends in a hyphen after a letter and the next line starts with a letter (see
  below), or
* the line is *full* at the text's width ``W`` (the next word did not fit), or
* the line ends mid-sentence (no ``.!?…:`` at its end) and the next line starts with a
  lower-case letter, or the line ends with a comma, a semicolon or a function word in lower
  case (``the``, ``of``, ``and``, ``der``, ``de``...), or the text is wrapped and the line
  reaches 80% of the text's right margin (ragged wrapping: a line that long is not a
  heading);

and never when the next line is a list item (``-``, ``*``, ``+``, ``•``, ``1.``, ``2)``,
``(a)``, ``b)``; the marker is taken off the text) after a line ending in ``:``, a new item
of the list being read, or any item after a line that is not full; when the next line is
indented deeper than the paragraph's first line (a first-line indent), unless it hangs under
a list item; or when either line has no letter or digit (a rule such as ``-----``).

**Hyphens.** A word broken at a line end is rejoined (``inter-`` / ``national`` ->
``international``), and a compound keeps its hyphen (``well-`` / ``known`` ->
``well-known``), by evidence in this order: the form that occurs more often elsewhere in the
text; the joined form, when it is a known word (:mod:`drift.text.lexicon`); the hyphen, when
both halves are known words; else the joined form (a name broken mid-word: ``Toka-`` /
``yev``). A hyphen before a capital letter or a digit is kept (``anti-`` / ``American``).

Lines are joined with one space; Chinese and Japanese characters on both sides of a break
are joined without one. Time and memory are linear in the text (the width search counts
breaks per width up to 1,000 columns).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from drift.text.lexicon import is_known_word

__all__ = ["LineMap", "Paragraph", "unwrap", "wrap_width", "join_hyphenated",
           "MIN_WIDTH", "MAX_WIDTH"]

#: narrowest and widest wrap width looked for
MIN_WIDTH, MAX_WIDTH = 20, 1000
_MIN_WRAPS = 3         # breaks a width must explain ...
_MIN_SHARE = 0.4       # ... and this share of all breaks
_MAX_OVER = 0.05       # share of lines that may be longer than the width (URLs, long words)
_RAGGED = 0.8          # a line this share of the right margin long that ends mid-sentence wraps

_QUOTE = re.compile(r"[ \t]*((?:>[ \t]?)+)")
_BULLET = re.compile(r"(?:[-*+\u2022\u25e6\u25aa\u2023\u2043\u2219]|\(?\d{1,3}[.)]|\(?[a-z][.)]"
                     r"|\([A-Za-z0-9]{1,3}\))[ \t]+(?=\S)")
_ENDS_SENTENCE = re.compile("[.!?\u2026:\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965"
                            "\u203c\u2047\u2048\u2049][\"'\u2019\u201d)\\]\u00bb\u300d\u300f"
                            "\uff09\u3011]*$")
_TAIL_LETTERS = re.compile(r"[^\W\d_]+$")
_FIRST_LETTERS = re.compile(r"[^\W\d_]+")
_FIRST_WORD = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_ALNUM = re.compile(r"[^\W_]")
_CJK = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\uff66-\uff9f\U00020000-\U0002fa1f]")
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class _Line:
    number: int       # 1-based
    depth: int
    indent: int
    content: str      # stripped, quote markers off (list marker kept)
    width: int        # columns of the line after the quote markers, tabs expanded
    marker: int       # length of the list marker (with its spaces), 0 if none


def _parse(number: int, raw: str) -> _Line:
    depth = 0
    m = _QUOTE.match(raw)
    if m:
        depth = m.group(1).count(">")
        raw = raw[m.end():]
    content = raw.strip()
    body = raw.rstrip().expandtabs(8) if "\t" in raw else raw.rstrip()  # columns, as shown
    b = _BULLET.match(content)
    return _Line(number, depth, len(body) - len(body.lstrip()), content, len(body),
                 b.end() if b else 0)


def _first_word(content: str) -> int:
    """Columns of the first word (a Chinese/Japanese character is a word of its own)."""
    if _CJK.match(content):
        return 1
    m = _FIRST_WORD.match(content)
    return m.end() if m else 0


def _broken_word(content: str) -> str | None:
    """The letters before a hyphen that ends the line (``inter-`` -> ``inter``), else None."""
    if not content.endswith("-"):
        return None
    m = _TAIL_LETTERS.search(content[-64:-1])
    return m.group(0) if m else None


def _breaks(lines: Sequence[_Line]) -> list[tuple[_Line, _Line]]:
    """Pairs of consecutive non-blank lines in one block."""
    return [(a, b) for a, b in zip(lines, lines[1:])
            if a.content and b.content and a.depth == b.depth]


def _width(lines: Sequence[_Line]) -> int | None:
    breaks = [(a, b) for a, b in _breaks(lines) if not b.marker]
    widths = [ln.width for ln in lines if ln.content]
    if len(breaks) < _MIN_WRAPS:
        return None
    top = MAX_WIDTH + 2
    support = [0] * (top + 1)
    for a, b in breaks:  # a wrap at W: a.width <= W <= a.width + len(first word of b)
        lo, hi = a.width, a.width + _first_word(b.content)
        if lo <= MAX_WIDTH:
            support[lo] += 1
            support[min(hi, MAX_WIDTH) + 1] -= 1
    longer = [0] * (top + 1)  # longer[W]: lines wider than W
    for w in widths:
        longer[min(w, top) - 1 if w > 0 else 0] += 1
    for w in range(top - 1, -1, -1):
        longer[w] += longer[w + 1]
    best, best_w, run = 0, None, 0
    allowed = _MAX_OVER * len(widths)
    for w in range(MAX_WIDTH + 1):
        run += support[w]
        if w >= MIN_WIDTH and run > best and longer[w] <= allowed:
            best, best_w = run, w
    if best < _MIN_WRAPS or best < _MIN_SHARE * len(breaks):
        return None
    return best_w


def wrap_width(lines: Sequence[str]) -> int | None:
    """The width the text was hard-wrapped at by a greedy wrapper, or None if it was not (see
    the module docstring). Quote markers are not counted.

    >>> import textwrap
    >>> text = "The council voted on Tuesday to fund a new bridge across the river. " * 4
    >>> wrap_width(textwrap.wrap(text, 60)), wrap_width(["Home", "News", "Sport", "About"])
    (60, None)
    """
    return _width([_parse(k, ln) for k, ln in enumerate(lines, 1)])


def _margin(lines: Sequence[_Line]) -> int:
    """The right margin: the 90th percentile width of lines followed by another line."""
    ws = sorted(a.width for a, _ in _breaks(lines))
    return ws[int(0.9 * (len(ws) - 1))] if ws else 0


class _Words:
    """Word counts of the whole text, made when the first broken word needs them."""

    def __init__(self, lines: Sequence[_Line]):
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
                    count: Callable[[str], int | None] | None = None) -> bool:
    """Is ``head-`` at a line end and ``tail`` on the next line one word broken in two (True:
    join as ``headtail``) rather than a compound (False: keep ``head-tail``)?

    ``count(form)`` gives how often a form occurs elsewhere in the text (None: nowhere).

    >>> join_hyphenated("inter", "national"), join_hyphenated("well", "known")
    (True, False)
    >>> join_hyphenated("Toka", "yev"), join_hyphenated("co", "operate", {"co-operate": 2}.get)
    (True, False)
    """
    joined, compound = head + tail, f"{head}-{tail}"
    if count is not None:
        n_joined, n_compound = count(joined) or 0, count(compound) or 0
        if n_joined != n_compound:
            return n_joined > n_compound
    if is_known_word(joined):
        return True
    return not (is_known_word(head) and is_known_word(tail))


def _ends_mid_sentence(content: str) -> bool:
    return not _ENDS_SENTENCE.search(content[-16:])


def _continues(a: _Line, b: _Line, first: _Line, width: int | None, margin: int,
               wrapped: bool) -> bool:
    """Does line ``b`` continue the paragraph that began at ``first`` and ends with ``a``?"""
    if not (_ALNUM.search(a.content) and _ALNUM.search(b.content)):
        return False
    item_col = first.indent + first.marker
    hangs = first.marker and b.indent == item_col and not b.marker
    if b.indent > a.indent and not hangs:
        return False  # a first-line indent (or a deeper one) starts a new paragraph
    full = width is not None and a.width <= width < a.width + 1 + _first_word(b.content)
    if b.marker:
        same_list = first.marker and b.indent == first.indent
        if a.content.endswith(":") or same_list or not full:
            return False
    if full or (_broken_word(a.content) and b.content[0].isalpha()):
        return True
    if not _ends_mid_sentence(a.content):
        return False
    last = a.content[-32:].rsplit(None, 1)[-1]
    if last[-1] in ",;" or last in FUNCTION_WORDS:  # "Results Are In" is a title's end
        return True
    if b.content[0].islower() and (wrapped or len(a.content[:200].split()) >= 4):
        return True
    return wrapped and a.width >= _RAGGED * margin


def _piece(ln: _Line) -> str:
    return ln.content[ln.marker:] if ln.marker else ln.content


def _join(group: Sequence[_Line], words: _Words) -> tuple[str, LineMap]:
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
                if piece[0].islower() and tail and join_hyphenated(head, tail.group(0),
                                                                   words.count):
                    parts[-1] = prev[:-1]
                    size -= 1
            elif not (_CJK.match(prev[-1]) and _CJK.match(piece)):
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
                             item=bool(_BULLET.match(text))))
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
    parsed = [_parse(k, ln) for k, ln in enumerate(lines, 1)]
    width = _width(parsed)
    breaks = _breaks(parsed)
    lowered = sum(1 for a, b in breaks if b.content[0].islower() and
                  _ends_mid_sentence(a.content))
    wrapped = width is not None or (lowered >= _MIN_WRAPS and lowered >= 0.3 * len(breaks))
    margin = _margin(parsed) if wrapped else 0
    heads = set(headings)
    words = _Words(parsed)
    out: list[Paragraph] = []
    block = -1
    group: list[_Line] = []

    def flush() -> None:
        if group:
            text, lmap = _join(group, words)
            out.append(Paragraph(text, lmap, tuple(ln.content for ln in group), block,
                                 group[0].depth, bool(group[0].marker),
                                 group[0].number in heads))
            group.clear()

    prev: _Line | None = None
    for ln in parsed:
        if not ln.content:
            flush()
            prev = None
            continue
        if prev is None or prev.depth != ln.depth:
            flush()
            block += 1
        elif not (group and prev.number not in heads and ln.number not in heads
                  and _continues(prev, ln, group[0], width, margin, wrapped)):
            flush()
        group.append(ln)
        prev = ln
    flush()
    return out
