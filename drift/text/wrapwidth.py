"""The width a greedy wrapper hard-wrapped a text at, and its lines as a wrapper sees them.

A :class:`Line` is one input line with its e-mail quote depth, indent, width in columns and list
marker (:func:`parse_line`); :mod:`drift.text.unwrap` joins the lines of a paragraph.

**Width.** :func:`wrap_width` finds the width ``W`` a greedy wrapper (``fmt -w``, textwrap,
most mail clients) used: a break between two lines of a block is a *wrap* at width ``W``
when the line is at most ``W`` columns and the next line's first word would not have fitted
(``len(line) + 1 + len(word) > W``). ``W`` is the width that explains the most breaks, with
at most 5% of the lines longer than it; the text is hard-wrapped at ``W`` when it explains
at least 3 breaks, at least 40% of them and at least 70% of the breaks after a line that
ends mid-sentence (in text wrapped by hand, many lines end mid-sentence well before ``W``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Line", "parse_line", "wrap_width", "detect_width", "right_margin",
           "first_word_width", "ends_mid_sentence", "MIN_WIDTH", "MAX_WIDTH", "BULLET", "CJK"]

#: narrowest and widest wrap width looked for
MIN_WIDTH, MAX_WIDTH = 20, 1000
_MIN_WRAPS = 3         # breaks a width must explain ...
_MIN_SHARE = 0.4       # ... and this share of all breaks
_MIN_MID_SHARE = 0.7   # ... and of the breaks in mid-sentence
_MAX_OVER = 0.05       # share of lines that may be longer than the width (URLs, long words)
_QUOTE = re.compile(r"[ \t]*((?:>[ \t]?)+)")
#: a list marker and the spaces after it (``-``, ``*``, ``\u2022``, ``1.``, ``2)``, ``(a)``, ``b)``)
BULLET = re.compile(r"(?:[-*+\u2022\u25e6\u25aa\u2023\u2043\u2219]|\(?\d{1,3}[.)]|\(?[a-z][.)]"
                    r"|\([A-Za-z0-9]{1,3}\))[ \t]+(?=\S)")
_ENDS_SENTENCE = re.compile("[.!?\u2026:\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965"
                            "\u203c\u2047\u2048\u2049][\"'\u2019\u201d)\\]\u00bb\u300d\u300f"
                            "\uff09\u3011]*$")
#: a line that ends with an initial or a title ("Harry S.", "U.S.", "Mr.") ends mid-sentence
_INITIAL = re.compile(r"(?:^|[\s(])(?:(?:[A-Z]\.)*[A-Z]|Mr|Mrs|Ms|Dr|St|Prof|Gen|Sen|Rep|Gov|"
                      r"Capt|Lt|Col|Sgt|Rev|Hon|Mme|Mlle|Hr)\.$")
_FIRST_WORD = re.compile(r"[^ \t]+")  # as wrappers split: a no-break space binds
#: a Chinese or Japanese character (Han ideographs, kana)
CJK = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                 "\uff66-\uff9f\U00020000-\U0002fa1f]")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the input as a wrapper sees it (:func:`parse_line`)."""

    number: int       # 1-based
    depth: int
    indent: int
    content: str      # stripped, quote markers off (list marker kept)
    width: int        # columns of the line after the quote markers, tabs expanded
    marker: int       # length of the list marker (with its spaces), 0 if none


def parse_line(number: int, raw: str) -> Line:
    """Line ``number`` (1-based) of the input: its quote markers taken off, its indent, width
    and list marker."""
    depth = 0
    m = _QUOTE.match(raw)
    if m:
        depth = m.group(1).count(">")
        raw = raw[m.end():]
    content = raw.strip()
    body = raw.rstrip().expandtabs(8) if "\t" in raw else raw.rstrip()  # columns, as shown
    b = BULLET.match(content)
    return Line(number, depth, len(body) - len(body.lstrip()), content, len(body),
                b.end() if b else 0)


def first_word_width(content: str) -> int:
    """Columns of the first word (a Chinese/Japanese character is a word of its own)."""
    if CJK.match(content):
        return 1
    m = _FIRST_WORD.match(content)
    return m.end() if m else 0


def ends_mid_sentence(content: str) -> bool:
    tail = content[-16:]
    return not _ENDS_SENTENCE.search(tail) or bool(_INITIAL.search(tail))


def _breaks(lines: Sequence[Line]) -> list[tuple[Line, Line]]:
    """Pairs of consecutive non-blank lines in one block."""
    return [(a, b) for a, b in zip(lines, lines[1:])
            if a.content and b.content and a.depth == b.depth]


def detect_width(lines: Sequence[Line]) -> int | None:
    breaks = [(a, b) for a, b in _breaks(lines) if not b.marker]
    widths = [ln.width for ln in lines if ln.content]
    if len(breaks) < _MIN_WRAPS:
        return None
    top = MAX_WIDTH + 2
    support = [0] * (top + 1)
    for a, b in breaks:  # a wrap at W: a.width <= W <= a.width + len(first word of b)
        lo, hi = a.width, a.width + first_word_width(b.content)
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
    if best_w is None or best < _MIN_WRAPS or best < _MIN_SHARE * len(breaks):
        return None
    mids = [(a, b) for a, b in breaks if ends_mid_sentence(a.content)]
    wraps = sum(a.width <= best_w < a.width + 1 + first_word_width(b.content) for a, b in mids)
    if len(mids) >= _MIN_WRAPS and wraps < _MIN_MID_SHARE * len(mids):
        return None  # ragged: many lines end mid-sentence well before the width
    return best_w


def wrap_width(lines: Sequence[str]) -> int | None:
    """The width the text was hard-wrapped at by a greedy wrapper, or None if it was not (see
    the module docstring). Quote markers are not counted.

    >>> import textwrap
    >>> text = "The council voted on Tuesday to fund a new bridge across the river. " * 4
    >>> wrap_width(textwrap.wrap(text, 60)), wrap_width(["Home", "News", "Sport", "About"])
    (60, None)
    """
    return detect_width([parse_line(k, ln) for k, ln in enumerate(lines, 1)])


def right_margin(lines: Sequence[Line]) -> int:
    """The right margin: the 90th percentile width of lines followed by another line."""
    ws = sorted(a.width for a, _ in _breaks(lines))
    return ws[int(0.9 * (len(ws) - 1))] if ws else 0
