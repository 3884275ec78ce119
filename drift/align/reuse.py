"""Sub-sentence text reuse: which runs of words of a derivative come from where in the base.

The sentence aligner (:mod:`drift.align.dp`) matches whole sentences. Cut-and-paste texts
splice fragments: half a base sentence joined to half of another, a sentence cut in two, a
clause moved into a sentence of the writer's own. Few whole sentences then match one to one,
but runs of the base's words are still there, in order. This module finds them on the words
themselves, as text-reuse tools do (passim's n-gram seeds and local alignment; the Greedy
String Tiling of plagiarism detectors, Wise 1993):

1. **Tiles.** Both documents become one sequence of lower-cased word tokens (punctuation
   dropped). :func:`greedy_tiles` covers them with the longest common runs first: every
   maximal run of at least ``min_tile`` tokens is found through an index of ``min_tile``-grams,
   runs are taken longest first and a token belongs to one tile at most, so a run that was moved
   or repeated is still found, once.
2. **Fragments.** Tiles that follow each other in both texts with at most ``max_gap`` tokens
   between them on each side are chained into one fragment (a local alignment with gaps: a
   lightly edited passage is one fragment with a few words changed). A fragment is kept when it
   matches at least ``min_words`` tokens whose summed specificity (``weights``: 0 for "the", 1
   for a name, see :mod:`drift.score.evidence`) is at least ``min_specific``: stock phrases of a
   topic ("the state of emergency") are not reuse, a sentence's worth of the base's words is.
3. **Quotes.** A fragment most of whose words stand inside quotation marks on both sides is
   marked ``quote``: independent reports of one event quote the same speaker, often in the
   same words, so a shared quotation is shown but not counted as reuse (:class:`Reuse`'s
   shares and totals leave quote fragments out).

Everything here works on strings and numbers: no model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Token", "tokenize_sentences", "greedy_tiles", "Fragment", "Reuse", "find_reuse"]

_WORD = re.compile(r"\w+", re.UNICODE)


class Token(NamedTuple):
    """A word of a document: lower-cased text, its sentence and character span in it, and
    whether it stands inside quotation marks (an odd number of ``"`` before it in its
    sentence; drift's normalised text has straight quotes)."""

    text: str
    sentence: int
    start: int
    end: int
    quoted: bool = False


#: sentences up to this long have their tokens remembered (a base is read against each of its
#: derivatives)
_MEMO_CHARS = 4000


def tokenize_sentences(sentences: Sequence[str]) -> list[Token]:
    """The word tokens (``\\w+``, lower-cased) of every sentence, in order.

    >>> [t.text for t in tokenize_sentences(["It's 2,030 troops.", "Go!"])]
    ['it', 's', '2', '030', 'troops', 'go']
    >>> [t.quoted for t in tokenize_sentences(['He said "we won" today.'])]
    [False, False, True, True, False]
    """
    out: list[Token] = []
    for i, s in enumerate(sentences):
        words = _sentence_tokens(s) if len(s) <= _MEMO_CHARS else _tokens(s)
        out.extend(Token(t, i, a, b, q) for t, a, b, q in words)
    return out


def _tokens(s: str) -> tuple[tuple[str, int, int, bool], ...]:
    out = []
    quotes, pos = 0, 0
    for m in _WORD.finditer(s):  # quotes counted as we go: linear in the sentence
        quotes += s.count('"', pos, m.start())
        pos = m.start()
        out.append((m.group().lower(), m.start(), m.end(), quotes % 2 == 1))
    return tuple(out)


_sentence_tokens = lru_cache(maxsize=2**15)(_tokens)


def greedy_tiles(a: Sequence[int], b: Sequence[int], min_len: int) -> list[tuple[int, int, int]]:
    """Greedy String Tiling of two token-id sequences.

    Repeatedly takes the longest runs ``a[i:i+k] == b[j:j+k]`` (``k >= min_len``) whose tokens
    are in no tile yet; among runs of one length the earliest in ``b``, then in ``a``, first.
    Each round finds every maximal unmarked run through an index of ``min_len``-grams of ``a``,
    and takes those that do not overlap a tile taken before them; runs that did are found
    again, shorter, in the next round.

    Args:
        a, b: token ids (equal ids = equal words).
        min_len: the shortest run that becomes a tile (>= 1).

    Returns:
        ``(i, j, k)`` tiles: ``a[i:i+k] == b[j:j+k]``, sorted by ``j``.

    >>> greedy_tiles([1, 2, 3, 4, 5, 6], [4, 5, 6, 9, 1, 2, 3], 2)
    [(3, 0, 3), (0, 4, 3)]
    """
    if min_len < 1:
        raise ValueError("min_len must be at least 1")
    n, m = len(a), len(b)
    index: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for i in range(n - min_len + 1):
        index[tuple(a[i:i + min_len])].append(i)
    free_a = [True] * n
    free_b = [True] * m
    tiles: list[tuple[int, int, int]] = []
    while True:
        runs = []
        for j in range(m - min_len + 1):
            if not all(free_b[j:j + min_len]):
                continue
            for i in index.get(tuple(b[j:j + min_len]), ()):
                if not all(free_a[i:i + min_len]):
                    continue
                if i > 0 and j > 0 and a[i - 1] == b[j - 1] and free_a[i - 1] and free_b[j - 1]:
                    continue  # not maximal: the run starts earlier
                k = min_len
                while (i + k < n and j + k < m and a[i + k] == b[j + k] and free_a[i + k]
                       and free_b[j + k]):
                    k += 1
                runs.append((-k, j, i))
        if not runs:
            break
        runs.sort()
        taken = 0
        for neg_k, j, i in runs:
            k = -neg_k
            if all(free_a[i:i + k]) and all(free_b[j:j + k]):
                free_a[i:i + k] = [False] * k
                free_b[j:j + k] = [False] * k
                tiles.append((i, j, k))
                taken += 1
        if not taken:
            break
    return sorted(tiles, key=lambda t: (t[1], t[0]))


@dataclass(frozen=True)
class Fragment:
    """A run of the base's words found in the derivative (tiles chained with small gaps).

    Attributes:
        base: ``(first, last + 1)`` token positions in the base.
        derivative: the same in the derivative.
        words: tokens matched word for word (the gaps not counted).
        specific: summed specificity of the matched tokens.
        base_sentences, derivative_sentences: sentences the fragment touches.
        base_spans, derivative_spans: ``(sentence, start, end)`` character spans, one per
            sentence touched, in that sentence's text.
        base_text, derivative_text: the spans' text (`` / `` between sentences).
        quote: most matched words are inside quotation marks on both sides.
    """

    base: tuple[int, int]
    derivative: tuple[int, int]
    words: int
    specific: float
    base_sentences: tuple[int, ...]
    derivative_sentences: tuple[int, ...]
    base_spans: tuple[tuple[int, int, int], ...]
    derivative_spans: tuple[tuple[int, int, int], ...]
    base_text: str = ""
    derivative_text: str = ""
    quote: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"base_sentences": list(self.base_sentences),
                "derivative_sentences": list(self.derivative_sentences),
                "base_spans": [list(s) for s in self.base_spans],
                "derivative_spans": [list(s) for s in self.derivative_spans],
                "words": self.words, "specific": round(self.specific, 2),
                "base_text": self.base_text, "derivative_text": self.derivative_text,
                "quote": self.quote}


@dataclass(frozen=True)
class Reuse:
    """The reused fragments of one derivative.

    Attributes:
        fragments: kept fragments, in derivative order.
        base_words, derivative_words: token counts of the two documents.
        base_reused, derivative_reused: tokens of each side inside the tiles of kept
            fragments that are not quotes.
        specific: summed specificity of those tokens (as counted in the derivative).
        spliced: derivative sentences holding runs of words (``min_tile`` or more) of two or
            more base sentences.
        cut: base sentences whose runs of words are spread over two or more derivative
            sentences.
    """

    fragments: tuple[Fragment, ...]
    base_words: int
    derivative_words: int
    base_reused: int
    derivative_reused: int
    specific: float
    spliced: tuple[int, ...]
    cut: tuple[int, ...]

    @property
    def base_share(self) -> float:
        """Share of the base's words reused word for word."""
        return self.base_reused / self.base_words if self.base_words else 0.0

    @property
    def derivative_share(self) -> float:
        """Share of the derivative's words taken word for word from the base."""
        return self.derivative_reused / self.derivative_words if self.derivative_words else 0.0

    @property
    def longest(self) -> int:
        """Words matched in the longest fragment that is not a quote (0 when there is none)."""
        return max((f.words for f in self.fragments if not f.quote), default=0)


def _spans(tokens: Sequence[Token], lo: int, hi: int) -> tuple[tuple[int, int, int], ...]:
    out: dict[int, list[int]] = {}
    for t in tokens[lo:hi]:
        if t.sentence in out:
            out[t.sentence][1] = t.end
        else:
            out[t.sentence] = [t.start, t.end]
    return tuple((s, a, b) for s, (a, b) in out.items())


def _text(sentences: Sequence[str], spans: Sequence[tuple[int, int, int]]) -> str:
    return " / ".join(sentences[s][a:b] for s, a, b in spans)


def find_reuse(base: Sequence[str], derivative: Sequence[str],
               weights: Callable[[str], float], *, min_tile: int = 3, max_gap: int = 4,
               min_words: int = 6, min_specific: float = 2.0) -> Reuse:
    """Fragments of the base reused word for word in the derivative (see the module docstring).

    Args:
        base, derivative: sentences (normalised text; spans refer to these strings).
        weights: specificity of a lower-cased token, in ``[0, 1]``.
        min_tile: shortest common run of tokens that counts (``min_tile``-gram seeds).
        max_gap: tokens allowed between chained tiles on each side.
        min_words, min_specific: a fragment is kept when it matches at least this many tokens
            of at least this summed specificity.

    Returns:
        the :class:`Reuse`.

    >>> from drift.score.evidence import specificity
    >>> r = find_reuse(["Troops from Russia landed in Almaty on Friday night.", "Shops shut."],
    ...                ["Shops shut early. Russian troops landed in Almaty on Friday night."],
    ...                specificity)
    >>> r.fragments[0].derivative_spans, r.fragments[0].words
    (((0, 33, 65),), 6)
    """
    tb, td = tokenize_sentences(base), tokenize_sentences(derivative)
    ids: dict[str, int] = {}
    a = [ids.setdefault(t.text, len(ids)) for t in tb]
    b = [ids.setdefault(t.text, len(ids)) for t in td]
    tiles = greedy_tiles(a, b, min_tile)
    # chain tiles: monotone in both texts, small gaps (tiles are sorted by derivative position)
    chains: list[list[tuple[int, int, int]]] = []
    for tile in tiles:
        i, j, _ = tile
        for ch in reversed(chains[-8:]):
            pi, pj, pk = ch[-1]
            if 0 <= i - (pi + pk) <= max_gap and 0 <= j - (pj + pk) <= max_gap:
                ch.append(tile)
                break
        else:
            chains.append([tile])
    fragments = []
    links: dict[tuple[int, int], int] = defaultdict(int)  # (deriv sentence, base sentence) -> words
    reused_a: set[int] = set()
    reused_b: set[int] = set()
    specific = 0.0
    for ch in chains:
        pos_b = [j + x for _, j, k in ch for x in range(k)]
        pos_a = [i + x for i, _, k in ch for x in range(k)]
        spec = sum(weights(td[p].text) for p in pos_b)
        if len(pos_b) < min_words or spec < min_specific:
            continue
        lo_a, hi_a = ch[0][0], max(i + k for i, _, k in ch)
        lo_b, hi_b = ch[0][1], ch[-1][1] + ch[-1][2]
        spans_a, spans_b = _spans(tb, lo_a, hi_a), _spans(td, lo_b, hi_b)
        quoted = sum(tb[pa].quoted and td[pb].quoted for pa, pb in zip(pos_a, pos_b))
        fragments.append(Fragment(
            base=(lo_a, hi_a), derivative=(lo_b, hi_b), words=len(pos_b), specific=spec,
            base_sentences=tuple(sorted({tb[p].sentence for p in pos_a})),
            derivative_sentences=tuple(sorted({td[p].sentence for p in pos_b})),
            base_spans=spans_a, derivative_spans=spans_b,
            base_text=_text(base, spans_a), derivative_text=_text(derivative, spans_b),
            quote=2 * quoted > len(pos_b)))
        for pa, pb in zip(pos_a, pos_b):
            links[(td[pb].sentence, tb[pa].sentence)] += 1
        if fragments[-1].quote:
            continue
        reused_a.update(pos_a)
        reused_b.update(pos_b)
        specific += spec
    from_base: dict[int, set[int]] = defaultdict(set)
    to_deriv: dict[int, set[int]] = defaultdict(set)
    for (j, i), words in links.items():
        if words >= min_tile:  # a run of the base sentence's words in this derivative sentence
            from_base[j].add(i)
            to_deriv[i].add(j)
    return Reuse(
        fragments=tuple(fragments), base_words=len(tb), derivative_words=len(td),
        base_reused=len(reused_a), derivative_reused=len(reused_b), specific=specific,
        spliced=tuple(sorted(j for j, s in from_base.items() if len(s) > 1)),
        cut=tuple(sorted(i for i, s in to_deriv.items() if len(s) > 1)),
    )
