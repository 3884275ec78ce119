"""Split article paragraphs into sentences.

The default splitter is nupunkt (Punkt with a large abbreviation model, zero dependencies).
Measured on the bundled corpus it keeps quoted sentences apart where pysbd glues a closing
quote to the next sentence (``... from outside," he said. "The measures ...`` stays two
sentences); both handle Mr/Dr/Jan./U.S., ``d'etat".``, dashes and ellipses. ``lines`` takes
input that is already one sentence per line (evaluation sets).

Neither splitter ends a sentence at the Chinese/Japanese ``。！？`` (or the fullwidth ``．``,
the halfwidth ``｡``), the Arabic ``؟`` and ``۔`` or the Devanagari ``।``: drift splits after
them itself, outside brackets and quotes (``「行こう！」と彼は言った。`` is one sentence), with
any closing bracket kept on the sentence. Sentences are cut out of the paragraph, so each
sentence's text is found in its paragraph as written.

Time: nupunkt splits a 265,000-character line without punctuation in 0.1 s; pysbd is
quadratic on long text (0.7 s for 10,000 characters, 169 s for 265,000), so a paragraph
longer than :data:`PYSBD_MAX_CHARS` is split by nupunkt instead, with a warning
(``benchmarks/bench_long_input.py``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from drift.config import SEGMENTERS
from drift.errors import ConfigError
from drift.text.normalize import normalize
from drift.text.unwrap import LineMap

log = logging.getLogger("drift")

#: pysbd takes about 0.7 s for a paragraph this long (quadratic); longer ones go to nupunkt
PYSBD_MAX_CHARS = 10_000

_HAS_WORD = re.compile(r"\w")
#: sentence ends that nupunkt and pysbd do not split at (CJK, Arabic, Urdu, Devanagari...)
_EXTRA_END = frozenset("\u3002\uff01\uff1f\uff0e\uff61\u061f\u06d4\u0964\u0965\u1362"
                       "\u203c\u2047\u2048\u2049")
_OPEN = "\u300c\u300e\uff08\u3010\u3014\u3008\u300a\u201c("
_CLOSE = "\u300d\u300f\uff09\u3011\u3015\u3009\u300b\u201d)"
_CLOSE_AFTER = frozenset(_CLOSE + "\"'\u2019\u00bb\uff63")

__all__ = ["Sentence", "split_sentences", "segment_paragraphs", "PYSBD_MAX_CHARS"]


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article.

    Attributes:
        text: as written (for display).
        norm: comparison form (:func:`drift.text.read.normalize`): what is embedded and diffed.
        paragraph: 0-based index of the body paragraph it came from.
        lines: first and last line of the input it spans (1-based, inclusive), or None where
            unknown (HTML, or paragraphs given without line maps).
    """

    text: str
    norm: str
    paragraph: int
    lines: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def _pysbd():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _split_extra(text: str, start: int, end: int, *, brackets: bool = True
                 ) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` after the sentence ends of :data:`_EXTRA_END` that are outside
    brackets; returns ``(start, end)`` spans (whitespace between sentences left out)."""
    if not any(c in _EXTRA_END for c in text[start:end]):
        return [(start, end)]
    cuts: list[int] = []
    depth = 0
    i = start
    while i < end:
        c = text[i]
        if brackets and c in _OPEN:
            depth += 1
        elif brackets and c in _CLOSE:
            depth = max(depth - 1, 0)
        elif c in _EXTRA_END and depth == 0:
            while i + 1 < end and (text[i + 1] in _EXTRA_END or text[i + 1] in _CLOSE_AFTER):
                i += 1
            cuts.append(i + 1)
        i += 1
    if brackets and depth:  # an unbalanced bracket: split without them
        return _split_extra(text, start, end, brackets=False)
    spans = []
    for a, b in zip([start, *cuts], [*cuts, end]):
        piece = text[a:b]
        lead, trail = len(piece) - len(piece.lstrip()), len(piece) - len(piece.rstrip())
        if b - trail > a + lead:
            spans.append((a + lead, b - trail))
    return spans


def _locate(text: str, parts: Sequence[str]) -> list[tuple[int, int]] | None:
    """Spans of the splitter's ``parts`` in ``text``, in order; None if one is not found."""
    spans = []
    pos = 0
    for p in parts:
        p = p.strip()
        if not p:
            continue
        k = text.find(p, pos)
        if k < 0:
            return None
        spans.append((k, k + len(p)))
        pos = k + len(p)
    return spans


def split_sentences(text: str, method: str = "nupunkt") -> list[str]:
    """Split one paragraph into sentences (original text, stripped).

    With ``method="lines"`` every non-blank line (split at ``\n`` only) is one sentence, as
    written: line numbers among the non-blank lines are sentence numbers, the convention of
    gold alignment files. The other splitters glue a stray ``.`` or quote to the sentence
    before it.

    >>> split_sentences('from outside," he said. "The measures worked." Mr. Smith left.')
    ['from outside," he said.', '"The measures worked."', 'Mr. Smith left.']
    >>> split_sentences("\u5317\u4eac\u53d1\u58f0\u3002\u5c40\u52bf\u7d27\u5f20\uff01")
    ['北京发声。', '局势紧张！']
    """
    if method == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    parts: list[str]
    if method == "nupunkt":
        import nupunkt

        parts = [str(p) for p in nupunkt.sent_tokenize(text)]
    elif method == "pysbd" and len(text) > PYSBD_MAX_CHARS:
        log.warning("a paragraph of %d characters is split by nupunkt, not pysbd (pysbd is "
                    "quadratic on long text)", len(text))
        return split_sentences(text, "nupunkt")
    elif method == "pysbd":
        parts = [str(p) for p in _pysbd().segment(text)]
    else:
        raise ConfigError(f"unknown segmenter {method!r}; allowed: {', '.join(SEGMENTERS)}")
    located = _locate(text, parts)
    if located is None:  # the splitter changed the text: glue its parts as they are
        out: list[str] = []
        for p in (p.strip() for p in parts):
            if not p:
                continue
            if out and not _HAS_WORD.search(p):
                out[-1] = f"{out[-1]} {p}"
            else:
                out.append(p)
        return out
    spans: list[tuple[int, int]] = []
    for a, b in located:
        for s, e in _split_extra(text, a, b):
            if spans and not _HAS_WORD.search(text[s:e]):
                spans[-1] = (spans[-1][0], e)  # a stray '.' or quote: glue to the one before
            else:
                spans.append((s, e))
    return [text[s:e] for s, e in spans]


def segment_paragraphs(paragraphs: Sequence[str], method: str = "nupunkt",
                       line_maps: Sequence[LineMap] = ()) -> list[Sentence]:
    """Split body paragraphs into :class:`Sentence` objects, keeping the paragraph index.

    With ``method="lines"`` every non-blank line is one sentence, whatever its punctuation
    (one whose comparison form is empty is compared as written). ``line_maps`` (one per
    paragraph, :attr:`drift.text.read.Document.line_maps`) give each sentence the input lines
    it spans.

    >>> from drift.text.unwrap import unwrap
    >>> ps = unwrap(["The council met on Tuesday. It voted to fund a", "bridge. Work starts soon."])
    >>> [(s.text, s.lines) for s in segment_paragraphs([p.text for p in ps], "nupunkt",
    ...                                                [p.map for p in ps])]
    [('The council met on Tuesday.', (1, 1)), ('It voted to fund a bridge.', (1, 2)), \
('Work starts soon.', (2, 2))]
    """
    out: list[Sentence] = []
    for k, para in enumerate(paragraphs):
        lmap = line_maps[k] if k < len(line_maps) else None
        pos = 0
        for s in split_sentences(para, method):
            lines = None
            start = para.find(s, pos)
            if start >= 0:
                pos = start + len(s)
                lines = lmap.span(start, pos) if lmap is not None else None
            norm = normalize(s)
            if norm:
                out.append(Sentence(s, norm, k, lines))
            elif method == "lines":
                out.append(Sentence(s, s, k, lines))
    return out
