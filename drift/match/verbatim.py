"""The verbatim index: documents that share rare word n-grams, as passim finds text reuse.

Each document becomes the set of its word ``n``-grams (lower-cased ``\\w+`` words), each hashed
to 64 bits with a stable hash (BLAKE2b of each word, combined with a fixed multiplier in
``uint64`` arithmetic: the same on every machine and under every ``PYTHONHASHSEED``). The index
is a list of ``(hash, document)`` rows kept in chunks; adding documents appends a chunk and
never touches the others. Candidate pairs are the documents that share at least
``min_shared`` n-grams, counting only n-grams found in at most ``max_df`` documents: a
stock phrase, a quote carried by every outlet or a site's boilerplate is not evidence of
copying. Pairs come from a sort of all rows by hash, so the cost is ``O(S log S)`` for ``S``
rows plus the pairs of each kept n-gram (at most ``max_df * (max_df - 1) / 2`` each): never
all pairs of documents.

Everything here works on lists of sentences and numpy arrays: no model.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["ShingleIndex", "shingle_hashes", "VerbatimPairs", "WORD"]

WORD = re.compile(r"\w+")
_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio)


class _WordHashes:
    """word -> stable 64-bit hash, remembered (a corpus has far fewer words than tokens)."""

    def __init__(self) -> None:
        self._memo: dict[str, int] = {}

    def __call__(self, words: Sequence[str]) -> np.ndarray:
        memo = self._memo
        out = np.empty(len(words), dtype=np.uint64)
        for i, w in enumerate(words):
            h = memo.get(w)
            if h is None:
                h = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(),
                                   "little")
                if len(memo) < 2_000_000:
                    memo[w] = h
            out[i] = h
        return out


def shingle_hashes(sentences: Sequence[str], n: int = 5,
                   words: _WordHashes | None = None) -> np.ndarray:
    """The distinct hashes of a document's word ``n``-grams, sorted (``uint64``).

    A document shorter than ``n`` words has one shingle: all its words.

    >>> a = shingle_hashes(["The council approved the budget on Monday."], n=3)
    >>> b = shingle_hashes(["the council approved THE budget on monday"], n=3)
    >>> len(a), bool((a == b).all())
    (5, True)
    """
    toks = [w for s in sentences for w in WORD.findall(s.lower())]
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    h = (words or _WordHashes())(toks)
    m = max(1, len(h) - n + 1)
    width = min(n, len(h))
    acc = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(width):
            acc = acc * _MULT + h[j:j + m]
    return np.unique(acc)


@dataclass(frozen=True)
class VerbatimPairs:
    """Document pairs that share rare n-grams.

    Attributes:
        a, b: ``(p,)`` int64 document numbers, ``a < b``, sorted by ``(a, b)``.
        shared: ``(p,)`` how many rare n-grams the two share.
        containment: ``(p,)`` ``shared`` over the smaller document's n-gram count.
    """

    a: np.ndarray
    b: np.ndarray
    shared: np.ndarray
    containment: np.ndarray

    def __len__(self) -> int:
        return len(self.a)


@dataclass
class ShingleIndex:
    """An incremental index of documents' n-gram hashes (see the module docstring).

    Attributes:
        n: words per n-gram.
        chunks: ``(hashes uint64, documents int64)`` pairs of arrays, one per :meth:`add`.
        sizes: n-grams of each document (``sizes[d]``), in document order.
    """

    n: int = 5
    chunks: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._words = _WordHashes()

    @property
    def documents(self) -> int:
        return len(self.sizes)

    def add(self, documents: Sequence[Sequence[str]]) -> None:
        """Append documents (each a list of sentences); they get the next numbers."""
        hashes, owners = [], []
        for doc in documents:
            h = shingle_hashes(doc, self.n, self._words)
            hashes.append(h)
            owners.append(np.full(len(h), len(self.sizes), dtype=np.int64))
            self.sizes.append(len(h))
        if hashes:
            self.chunks.append((np.concatenate(hashes), np.concatenate(owners)))

    def pairs(self, max_df: int = 100, min_shared: int = 3) -> VerbatimPairs:
        """The document pairs sharing at least ``min_shared`` n-grams found in 2 to ``max_df``
        documents."""
        empty = np.zeros(0, dtype=np.int64)
        if not self.chunks:
            return VerbatimPairs(empty, empty, empty, np.zeros(0))
        h = np.concatenate([c[0] for c in self.chunks])
        d = np.concatenate([c[1] for c in self.chunks])
        order = np.lexsort((d, h))
        h, d = h[order], d[order]
        starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
        lengths = np.diff(np.r_[starts, len(h)])
        keys = []
        for length in np.unique(lengths):
            if length < 2 or length > max_df:
                continue
            s = starts[lengths == length]
            block = d[s[:, None] + np.arange(length)[None, :]]  # (runs, length), sorted docs
            i, j = np.triu_indices(int(length), 1)
            keys.append(block[:, i].ravel() * (1 << 31) + block[:, j].ravel())
        if not keys:
            return VerbatimPairs(empty, empty, empty, np.zeros(0))
        uniq, counts = np.unique(np.concatenate(keys), return_counts=True)
        keep = counts >= min_shared
        uniq, counts = uniq[keep], counts[keep]
        a, b = uniq >> 31, uniq & ((1 << 31) - 1)
        sizes = np.asarray(self.sizes, dtype=np.int64)
        smaller = np.maximum(np.minimum(sizes[a], sizes[b]), 1)
        return VerbatimPairs(a, b, counts.astype(np.int64), counts / smaller)

    def save(self, folder: Path) -> list[Path]:
        """Write the chunks not yet on disk as ``shingles-NNNNN.npz`` (existing files are
        never rewritten); returns the files of the index."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for k, (h, d) in enumerate(self.chunks):
            p = folder / f"shingles-{k:05d}.npz"
            if not p.exists():
                tmp = folder / f".{p.name}.tmp"
                with open(tmp, "wb") as fh:
                    np.savez(fh, hashes=h, documents=d)
                tmp.replace(p)
            paths.append(p)
        return paths

    @classmethod
    def load(cls, folder: Path, n: int, sizes: Sequence[int], chunks: int) -> ShingleIndex:
        """The index :meth:`save` wrote (its first ``chunks`` files), with the documents'
        n-gram counts kept in the match state."""
        idx = cls(n=n, sizes=list(sizes))
        for k in range(chunks):
            with np.load(folder / f"shingles-{k:05d}.npz") as z:
                idx.chunks.append((z["hashes"], z["documents"]))
        return idx
