"""Monolingual word alignment: which base words are which derivative words, and which have none.

The aligner links *counterparts* only. A word with no good counterpart stays unaligned (a
null link): it is never forced onto a leftover word. It works in three steps, after SimAlign
(Jalili Sabet et al. 2020: contextual embeddings, a global matching with a distortion prior)
and Sultan et al. (2014: identical words first, words in an aligned frame are counterparts):

1. **Weights.** Every word pair gets a relation (:func:`relation`, in
   :mod:`drift.score.wordrelation` with the candidate pairs): ``equal``, ``formatting`` (case,
   punctuation inside the word), ``inflection`` (same lemma), ``spelling`` (variant spelling),
   or, between words of compatible classes, ``synonym`` / ``substitute`` by the cosine of their
   contextual embeddings (:mod:`drift.embed.tokens`; at least :data:`MATCH`). Its weight is the
   relation's strength minus a distortion prior (``DISTORTION * |i/n - j/m|``) plus a small
   bonus when the neighbours match too.
2. **Global matching.** One-to-one links maximising the summed weight above :data:`MATCH`
   (the Hungarian algorithm, :func:`scipy.optimize.linear_sum_assignment`, on integer
   weights: no float ties). Words below the threshold stay unaligned.
3. **Spans.** A run of words written as one word on the other side (``drug trafficking`` /
   ``drug-trafficking``, ``Al Qaeda`` / ``al-Qaida``, ``1am`` / ``1 a.m.``) or an acronym and its
   expansion (``DNC`` / ``Democratic National Committee``) is linked as one span; and a word
   left alone between two aligned neighbours, facing a word left alone between their
   counterparts, is its counterpart (``in Norway for`` / ``in Portugal for``).

:func:`align_words` returns the links; :class:`~drift.score.explain` turns them into
changes and flags. Measured on the MultiMWA gold (``benchmarks/bench_word_align.py``).

**Budget.** Relating every base word to every derivative word is quadratic, so a pair with
more than :data:`WORD_PAIR_BUDGET` word pairs (e.g. two sentences of 320 words) is matched by
exact form and lemma only (no synonyms, substitutions or spelling variants, no word vectors):
the candidates are found through an index in ``O(n log n)`` and matched greedily.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder, embed
from drift.embed.similarity import cosine_matrix
from drift.score.spelling import canon_word, is_spelling_variant
from drift.score.wordrelation import (
    MATCH,
    STRENGTH,
    SYNONYM,
    anchor_candidates,
    compatible,
    equal_neighbours,
    full_candidates,
    relation,
)
from drift.score.words import Word, neighbour

__all__ = ["word_similarity", "context_similarity", "align_words", "word_vectors",
           "over_budget", "relation", "WORD_PAIR_BUDGET", "SYNONYM", "MATCH", "DISTORTION",
           "WORD_SIM_DECIMALS"]

#: weight of the distortion prior: a link between relative positions ``i/n`` and ``j/m``
#: loses ``DISTORTION * |i/n - j/m|``
DISTORTION = 0.2
#: word similarities are rounded to this many decimals before any comparison: contextual
#: vectors are stored as float16, far coarser than float64 noise
WORD_SIM_DECIMALS = 3
#: bonus of a link whose left and right neighbours are equal words too (Sultan et al.'s
#: context evidence), which places repeated words ("the", "said") on their counterparts
CONTEXT_BONUS = 0.1

#: how much a lexical link's weight falls with its contextual cosine (see :func:`_link_weight`)
LEXICAL_CONTEXT = 1.0

#: largest ``len(base words) * len(derivative words)`` matched in full; beyond it, exact form and
#: lemma anchors only
WORD_PAIR_BUDGET = 100_000

_SCALE = 1000  # weights are compared as integers of 1/_SCALE


def word_similarity(base: Sequence[Word], deriv: Sequence[Word], vectors: dict[str, np.ndarray]
                    ) -> np.ndarray:
    """Cosine of context-free word vectors looked up by ``Word.lower`` (for an encoder without
    token embeddings).

    Returns:
        ``(len(base), len(deriv))`` float64, rounded to :data:`WORD_SIM_DECIMALS`; 1 for
        equal lower-case forms, 0 where a vector is missing.
    """
    if not base or not deriv:
        return np.zeros((len(base), len(deriv)))
    dim = next((v.shape[0] for v in vectors.values()), 0)
    if dim == 0:
        ids: dict[str, int] = {}
        ia = np.array([ids.setdefault(w.lower, len(ids)) for w in base])
        ib = np.array([ids.setdefault(w.lower, len(ids)) for w in deriv])
        return (ia[:, None] == ib[None, :]).astype(np.float64)
    zero = np.zeros(dim, dtype=np.float32)
    va = np.stack([vectors.get(w.lower, zero) for w in base])
    vb = np.stack([vectors.get(w.lower, zero) for w in deriv])
    return np.round(cosine_matrix(va, vb), WORD_SIM_DECIMALS)


def context_similarity(base_vectors: np.ndarray, deriv_vectors: np.ndarray) -> np.ndarray:
    """Cosine of contextual word vectors (:func:`drift.embed.tokens.pool_words`).

    Returns:
        ``(n, m)`` float64 rounded to :data:`WORD_SIM_DECIMALS` (machine-independent).
    """
    return np.round(cosine_matrix(base_vectors, deriv_vectors), WORD_SIM_DECIMALS)


def over_budget(n_base: int, n_deriv: int, budget: int = WORD_PAIR_BUDGET) -> bool:
    """Is a pair of sentences with these word counts too long to match in full?"""
    return n_base * n_deriv > budget


# --- matching -------------------------------------------------------------------------------

def _link_weight(kind: str, strength: float, cos: float | None) -> float:
    """A link's weight before the distortion prior: a lexical relation's strength, lowered
    by half the distance of its contextual cosine from 1 (two equal words in other contexts
    are weaker counterparts: repeated words go where their context matches)."""
    if kind in STRENGTH:
        base = STRENGTH[kind]
        return base if cos is None else base - LEXICAL_CONTEXT * (1.0 - cos)
    return strength


def _hungarian(weight: np.ndarray) -> list[tuple[int, int]]:
    """The one-to-one links of maximal total weight among the cells with weight > 0
    (integer weights; the others are never linked)."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = np.nonzero((weight > 0).any(axis=1))[0], np.nonzero((weight > 0).any(axis=0))[0]
    if not len(rows) or not len(cols):
        return []
    sub = np.maximum(weight[np.ix_(rows, cols)], 0)  # a cell of no weight is no link
    r, c = linear_sum_assignment(sub, maximize=True)
    return sorted((int(rows[i]), int(cols[j])) for i, j in zip(r, c) if sub[i, j] > 0)


def _supported(links: list[tuple[int, int]], rel: dict[tuple[int, int], tuple[str, float]],
               base: Sequence[Word], deriv: Sequence[Word]) -> list[tuple[int, int]]:
    """The links, less those between two different words of cosine below :data:`SYNONYM`
    that no context supports (Sultan et al.: context evidence). A weak link stands when the
    word before or after it is linked to the word before or after its counterpart by a link
    that stands, or when both stand at the same edge of their sentences; a strong link (a
    lexical relation, a synonym) always stands. ``quarter`` / ``percent`` in unrelated clauses
    goes; ``It`` / ``She`` before ``backed`` / ``supported`` stays, and so does ``said`` /
    ``added`` after ``Page`` / ``He`` at the start."""
    pair = dict(links)
    weak = {i for i, j in links if rel[(i, j)][0] in ("synonym", "substitute")
            and rel[(i, j)][1] < SYNONYM}
    standing = {i for i, _ in links if i not in weak}

    def supports(i: int | None, j: int | None) -> bool:
        if i is None or j is None:
            return i is None and j is None  # the same edge of both sentences
        return i in standing and pair.get(i) == j

    changed = True
    while changed:
        changed = False
        for i in sorted(weak - standing):
            j = pair[i]
            if supports(neighbour(base, i, -1), neighbour(deriv, j, -1)) or \
                    supports(neighbour(base, i, +1), neighbour(deriv, j, +1)):
                standing.add(i)
                changed = True
    return [(i, j) for i, j in links if i in standing]


def _greedy(cands: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """One-to-one links taken strongest first (``(weight, i, j)``; ties: lower ``i``, then
    lower ``j``): the budget's fallback, ``O(k log k)``."""
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for _, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return sorted(out)


#: words an acronym's expansion may hold that give it no letter
_LINKERS = frozenset({"of", "and", "the", "for", "&"})


def _edit_distance_1(a: str, b: str) -> bool:
    """Whether two names differ by at most one letter, case aside (``Al-Qaeda`` /
    ``al-Qaida``)."""
    a, b = canon_word(a.lower()), canon_word(b.lower())
    if abs(len(a) - len(b)) > 1:
        return False
    return a == b or is_spelling_variant(a, b)


def acronym_letters(word: Word) -> str:
    """The letters of an acronym (``DNC``, ``U.N.``), or ``""``."""
    letters = canon_word(word.text)
    return letters if 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha() else ""


def _span_links(base: Sequence[Word], deriv: Sequence[Word], taken_a: set[int],
                taken_b: set[int]) -> list[tuple[list[int], list[int], str]]:
    """Runs of unlinked words on one side that are one unlinked word on the other: the same
    letters (``drug trafficking`` / ``drug-trafficking``, ``1am`` / ``1 a.m.``: ``formatting``), a
    spelling variant of them (``Al Qaeda`` / ``al-Qaida``: ``spelling``), or an acronym and its
    expansion (``DNC`` / ``Democratic National Committee``: ``formatting``). Updates the taken
    sets."""
    out: list[tuple[list[int], list[int], str]] = []
    for flip in (False, True):
        side_a, side_b = (deriv, base) if flip else (base, deriv)
        ta, tb = (taken_b, taken_a) if flip else (taken_a, taken_b)
        free = [j for j, w in enumerate(side_b) if j not in tb and not w.is_punct]
        by_letters: dict[str, int] = {}
        by_acronym: dict[str, int] = {}
        for f in free:
            by_letters.setdefault(canon_word(side_b[f].lower), f)
            if acronym_letters(side_b[f]):
                by_acronym.setdefault(acronym_letters(side_b[f]), f)
        # a run is worth extending while its letters begin one of the free words
        prefixes = {key[:n] for key in by_letters for n in range(1, len(key) + 1)}
        hyphened = [f for f in free if "-" in side_b[f].text]
        canon = [canon_word(w.lower) for w in side_a]
        for start in range(len(side_a)):
            if start in ta or side_a[start].is_punct:
                continue
            run: list[int] = []
            for end in range(start, min(start + 6, len(side_a))):
                if end in ta:
                    break
                if side_a[end].is_punct:
                    continue
                if not canon[end]:
                    break
                run.append(end)
                if len(run) < 2:
                    continue
                letters = "".join(canon[k] for k in run)
                j: int | None = by_letters.get(letters)
                kind = "formatting"
                if j is None and hyphened and len(run) == 2 and \
                        all(side_a[k].text[:1].isupper() for k in run):
                    # a name written as two words and as one hyphenated word, spelled
                    # otherwise (Al Qaeda / al-Qaida)
                    joined = "-".join(side_a[k].text for k in run)
                    kind, j = "spelling", next(
                        (f for f in hyphened if f not in tb and
                         _edit_distance_1(joined, side_b[f].text)), None)
                if j is None and by_acronym:
                    heads = [k for k in run if side_a[k].lower not in _LINKERS]
                    if all(side_a[k].text[:1].isupper() for k in heads) \
                            and side_a[run[0]].lower not in _LINKERS:
                        kind = "formatting"
                        j = by_acronym.get("".join(side_a[k].text[0] for k in heads))
                if j is None and letters not in prefixes and not by_acronym and \
                        not hyphened:
                    break  # no longer run can match either
                if j is None or j in tb:
                    continue
                out.append(([j], run, kind) if flip else (run, [j], kind))
                ta.update(run)
                tb.add(j)
                break
    return out


def align_words(base: Sequence[Word], deriv: Sequence[Word], sim: np.ndarray | None,
                *, budget: int = WORD_PAIR_BUDGET) -> list[tuple[int, int, str, float]]:
    """Link base words to their counterparts in the derivative (see the module docstring).

    Args:
        base, deriv: the words of each sentence.
        sim: ``(len(base), len(deriv))`` word cosine (:func:`context_similarity`, or
            :func:`word_similarity` for an encoder without token embeddings), or None (no
            word vectors: only equal forms, inflections, spellings and words in an aligned
            frame are linked).
        budget: above ``len(base) * len(deriv) > budget`` (:func:`over_budget`) only words
            sharing a folded form or lemma are candidates (``sim`` is not read), matched
            greedily, so time and memory grow as ``n log n``.

    Returns:
        ``(i, j, kind, similarity)`` for every link, sorted; ``kind`` is ``equal`` or a change
        kind (``formatting``, ``spelling``, ``inflection``, ``synonym``, ``substitute``). A span
        link is one tuple per word of the run, each with the span's kind. A word in no tuple
        has no counterpart. Punctuation is linked only to identical punctuation.
    """
    n, m = len(base), len(deriv)
    if not n or not m:
        return []
    rel: dict[tuple[int, int], tuple[str, float]] = {}
    spans: list[tuple[list[int], list[int], str]] = []
    if over_budget(n, m, budget):
        cands = []
        for i, j in anchor_candidates(base, deriv):
            kind, s = relation(base[i], deriv[j], 0.0)
            if kind != "none":
                rel[(i, j)] = (kind, s)
                pen = DISTORTION * abs(i / n - j / m)
                cands.append((int(round((s - pen) * _SCALE)), i, j))
        links = _greedy(cands)
        spans = _span_links(base, deriv, {i for i, _ in links}, {j for _, j in links})
    else:
        # a run written as one word on the other side first (``part - time`` / ``part-time``):
        # word by word, its first word would take the one word as a near-synonym
        taken_a: set[int] = set()
        taken_b: set[int] = set()
        spans = _span_links(base, deriv, taken_a, taken_b)
        mask = full_candidates(base, deriv, sim)
        mask[sorted(taken_a), :] = False
        mask[:, sorted(taken_b)] = False
        ctx = equal_neighbours(base, deriv)
        weight = np.zeros((n, m), dtype=np.int64)
        for i, j in zip(*np.nonzero(mask)):
            i, j = int(i), int(j)
            kind, s = relation(base[i], deriv[j], float(sim[i, j]) if sim is not None else 0.0)
            if kind == "none":
                continue
            rel[(i, j)] = (kind, s)
            w = _link_weight(kind, s, float(sim[i, j]) if sim is not None else None) \
                - DISTORTION * abs(i / n - j / m) + CONTEXT_BONUS * ctx[i, j] - MATCH
            weight[i, j] = max(int(round(w * _SCALE)), 1)
        links = _supported(_hungarian(weight), rel, base, deriv)
    out = [(i, j, *rel[(i, j)]) for i, j in links]
    for run_a, run_b, kind in spans:
        s = STRENGTH[kind]
        out.extend((i, j, kind, s) for i in run_a for j in run_b)
    out.extend(_frame_links(base, deriv, out, sim))
    return sorted(out)


def _frame_links(base: Sequence[Word], deriv: Sequence[Word],
                 links: Sequence[tuple[int, int, str, float]], sim: np.ndarray | None
                 ) -> list[tuple[int, int, str, float]]:
    """A word left alone between two linked neighbours (or a sentence edge), facing a word
    left alone between their counterparts, is its counterpart (Sultan et al.'s context
    evidence): ``to Norway for`` / ``to Portugal for``, ``employs 1,250 workers`` /
    ``employs 900 workers``. Punctuation does not count as a word here."""
    lo: dict[int, int] = {}
    hi: dict[int, int] = {}
    for i, j, _, _ in links:
        lo[i] = min(lo.get(i, j), j)
        hi[i] = max(hi.get(i, j), j)
    taken_b = {j for _, j, _, _ in links}
    n, m = len(base), len(deriv)
    out = []
    for i in range(n):
        if i in lo or base[i].is_punct:
            continue
        left = i - 1 if i - 1 in lo else neighbour(base, i, -1)
        right = i + 1 if i + 1 in lo else neighbour(base, i, +1)
        if left is not None and left not in lo or right is not None and right not in lo:
            continue
        jl = -1 if left is None else hi[left]
        jr = m if right is None else lo[right]
        il, ir = -1 if left is None else left, n if right is None else right
        inner = [j for j in range(jl + 1, jr) if not deriv[j].is_punct]
        if len(inner) != 1 or inner[0] in taken_b or not compatible(base[i], deriv[inner[0]]) \
                or any(not base[k].is_punct and k != i for k in range(il + 1, ir)):
            continue
        j = inner[0]
        cos = float(sim[i, j]) if sim is not None else 0.0
        kind, strength = relation(base[i], deriv[j], max(cos, MATCH))
        if kind not in STRENGTH:
            strength = cos
        out.append((i, j, kind, strength))
        taken_b.add(j)
    return out


def word_vectors(words: Iterable[Sequence[Word]], encoder: Encoder,
                 cache: EmbeddingCache | None = None) -> dict[str, np.ndarray]:
    """Context-free vectors of the distinct content words (lower case) of ``words``, each
    embedded alone with ``encoder``: for an encoder without token embeddings."""
    vocab = sorted({w.lower for ws in words for w in ws if w.is_content})
    if not vocab:
        return {}
    vecs = embed(vocab, encoder, cache)
    return dict(zip(vocab, vecs))
