"""Word alignment of a sentence pair: which base word is which derivative word.

:func:`word_similarity` builds the ``(n_base, n_deriv)`` word similarity matrix from word
vectors (no model: it takes the vectors); :func:`align_words` matches base words to derivative
words one-to-one (greedy on relation strength, ties broken by position, BERTScore-style), so
near-synonyms are near-matches and word order may cross; :func:`word_vectors` gets the vectors
from an encoder (cached).

**Budget.** Matching every base word with every derivative word is quadratic, so a pair with
more than :data:`WORD_PAIR_BUDGET` word pairs (e.g. two sentences of 320 words) is matched by
exact form and lemma only (no synonyms, substitutions or spelling variants, no word vectors),
in ``O(n log n)``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

import numpy as np

from drift.embed.cache import EmbeddingCache
from drift.embed.encoder import Encoder, embed
from drift.score.words import (
    POS_GROUP,
    Word,
    canon_word,
    canonical,
    common_prefix,
    is_spelling_variant,
    variant_key,
)

__all__ = ["word_similarity", "align_words", "word_vectors", "over_budget", "relation",
           "WORD_PAIR_BUDGET", "SYNONYM", "MATCH"]

#: word cosine at or above which two content words are a near-synonym (else a substitution)
SYNONYM = 0.5
#: word cosine at or above which two content words of compatible part of speech may be matched
MATCH = 0.4

#: largest ``len(base words) * len(derivative words)`` matched in full; beyond it, exact form and
#: lemma anchors only (about 0.3 s in full at this size on this machine)
WORD_PAIR_BUDGET = 100_000


def relation(a: Word, b: Word, cos: float) -> tuple[str, float]:
    """How word ``a`` relates to word ``b``: (kind, similarity used for matching)."""
    if a.text == b.text or canonical(a.text) == canonical(b.text):
        return "equal", 1.0
    if a.lower == b.lower or canon_word(a.lower) == canon_word(b.lower) and canon_word(a.lower):
        return "formatting", 0.99
    if a.lemma == b.lemma and a.pos not in ("PUNCT",):
        return "inflection", 0.95
    if a.is_punct or b.is_punct:
        return "none", 0.0
    if not (a.is_number or b.is_number) and is_spelling_variant(a.text, b.text):
        return "spelling", 0.9
    if not a.is_content or not b.is_content:
        return "none", 0.0
    ga, gb = POS_GROUP.get(a.pos, "?"), POS_GROUP.get(b.pos, "?")
    if ga != gb and not (a.is_entity and b.is_entity):
        return "none", 0.0
    if (a.is_entity or b.is_entity) and cos >= MATCH:  # another name is another meaning
        same_root = len(common_prefix(a.lower, b.lower)) >= 5  # Belarus / Belarusian
        return ("synonym" if same_root else "substitute"), cos
    if cos >= SYNONYM:
        return "synonym", cos
    if cos >= MATCH:
        return "substitute", cos
    return "none", 0.0


def word_similarity(base: Sequence[Word], deriv: Sequence[Word], vectors: dict[str, np.ndarray]
                    ) -> np.ndarray:
    """Cosine of word vectors looked up by ``Word.lower``.

    Returns:
        ``(len(base), len(deriv))`` float array; ``S[i, j] = cos(base[i], deriv[j])``, 1 for
        equal lower-case forms, 0 where a vector is missing.
    """
    s = np.zeros((len(base), len(deriv)), dtype=np.float32)
    if not base or not deriv:
        return s
    dim = next((v.shape[0] for v in vectors.values()), 0)
    if dim == 0:
        ids: dict[str, int] = {}
        ia = np.array([ids.setdefault(w.lower, len(ids)) for w in base])
        ib = np.array([ids.setdefault(w.lower, len(ids)) for w in deriv])
        return (ia[:, None] == ib[None, :]).astype(np.float32)
    zero = np.zeros(dim, dtype=np.float32)
    va = np.stack([vectors.get(w.lower, zero) for w in base])
    vb = np.stack([vectors.get(w.lower, zero) for w in deriv])
    return np.clip(va @ vb.T, -1.0, 1.0)


def over_budget(n_base: int, n_deriv: int, budget: int = WORD_PAIR_BUDGET) -> bool:
    """Is a pair of sentences with these word counts too long to match in full?"""
    return n_base * n_deriv > budget


def _anchor_keys(w: Word) -> list[tuple[str, str]]:
    keys = [("f", w.lower)]
    canon = canon_word(w.lower)
    if canon and canon != w.lower:
        keys.append(("c", canon))
    if not w.is_punct and w.lemma and w.lemma != w.lower:
        keys.append(("l", w.lemma))
    return keys


def _anchor_candidates(base: Sequence[Word], deriv: Sequence[Word]) -> list[tuple[int, int]]:
    """Word pairs that share a folded form, a form without punctuation or a lemma; for each base
    word and key, the two derivative words on each side of its relative position (so a word
    repeated many times costs a bounded number of candidates). ``O(n log n)``."""
    index: dict[tuple[str, str], list[int]] = {}
    for j, b in enumerate(deriv):
        for key in _anchor_keys(b):
            index.setdefault(key, []).append(j)
    n, m = len(base), len(deriv)
    out: set[tuple[int, int]] = set()
    for i, a in enumerate(base):
        for key in _anchor_keys(a):
            js = index.get(key)
            if not js:
                continue
            k = bisect.bisect_left(js, i * m / max(n, 1))
            out.update((i, j) for j in js[max(k - 2, 0):k + 2])
    return sorted(out)


def _same(ka: Sequence[object], kb: Sequence[object]) -> np.ndarray:
    """``(len(ka), len(kb))`` bool: ``ka[i] == kb[j]`` (None never equals anything)."""
    ids: dict[object, int] = {}
    keys = [k if k is not None else object() for k in [*ka, *kb]]  # a unique stand-in
    arr = np.array([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)
    return arr[:len(ka), None] == arr[None, len(ka):]




def _full_candidates(base: Sequence[Word], deriv: Sequence[Word], sim: np.ndarray | None
                     ) -> list[tuple[int, int]]:
    """Every word pair :func:`relation` may relate (a superset, in row order): equal
    canonical, folded, punctuation-free or lemma forms; spelling variants' first letter and
    length; content words at cosine >= ``MATCH``. The rest is ``none`` for certain."""
    mask = _same([canonical(w.text) for w in base], [canonical(w.text) for w in deriv])
    mask |= _same([w.lower for w in base], [w.lower for w in deriv])
    mask |= _same([canon_word(w.lower) or None for w in base],
                  [canon_word(w.lower) or None for w in deriv])
    mask |= _same([w.lemma for w in base], [w.lemma for w in deriv])
    va, vb = [variant_key(w) for w in base], [variant_key(w) for w in deriv]
    first = _same([v[0] if len(v) >= 4 else None for v in va],
                  [v[0] if len(v) >= 4 else None for v in vb])
    la, lb = np.array([len(v) for v in va]), np.array([len(v) for v in vb])
    mask |= first & (np.abs(la[:, None] - lb[None, :]) <= 2)
    if sim is not None:
        ca = np.array([w.is_content for w in base], dtype=bool)
        cb = np.array([w.is_content for w in deriv], dtype=bool)
        mask |= ca[:, None] & cb[None, :] & (sim >= MATCH)
    return [(int(i), int(j)) for i, j in zip(*np.nonzero(mask))]


def align_words(base: Sequence[Word], deriv: Sequence[Word], sim: np.ndarray | None,
                *, budget: int = WORD_PAIR_BUDGET) -> list[tuple[int, int, str, float]]:
    """Match base words to derivative words one-to-one, greedily by relation strength.

    Args:
        base, deriv: the words of each sentence.
        sim: ``(len(base), len(deriv))`` word cosine (see :func:`word_similarity`), or None
            (no word vectors: only equal forms, inflections and spelling variants match).
        budget: above ``len(base) * len(deriv) > budget`` (:func:`over_budget`) only words
            sharing a folded form or lemma are candidates (``sim`` is not read), so time and
            memory grow as ``n log n``.

    Returns:
        ``(i, j, kind, similarity)`` for every matched pair, sorted by ``i``; ``kind`` is
        ``equal`` or a change kind. Punctuation is matched only to identical punctuation.
        Among equally strong candidates the one closest to the diagonal wins.
    """
    n, m = len(base), len(deriv)
    if not n or not m:
        return []
    if over_budget(n, m, budget):
        cells = _anchor_candidates(base, deriv)
        sim = None
    else:
        cells = _full_candidates(base, deriv, sim)
    cands = []
    for i, j in cells:
        kind, s = relation(base[i], deriv[j], float(sim[i, j]) if sim is not None else 0.0)
        if kind == "none":
            continue
        pos_pen = abs(i / max(n, 1) - j / max(m, 1))
        cands.append((s - 0.1 * pos_pen, i, j, kind, s))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j, kind, s in cands:
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j, kind, s))
    return sorted(pairs)




def word_vectors(words: Iterable[Sequence[Word]], encoder: Encoder,
                 cache: EmbeddingCache | None = None) -> dict[str, np.ndarray]:
    """Vectors of the distinct content words (lower case) of ``words``, from ``encoder``."""
    vocab = sorted({w.lower for ws in words for w in ws if w.is_content})
    if not vocab:
        return {}
    vecs = embed(vocab, encoder, cache)
    return dict(zip(vocab, vecs))

