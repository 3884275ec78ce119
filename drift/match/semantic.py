"""The embedding index: each sentence's nearest sentences in other documents, kept on a margin.

Sentence vectors (unit rows from the project's encoders) are stored as float16 rows in one
append-only file and indexed with faiss: an exact inner-product index below ``IVF_FROM``
vectors; above, on the vectors' first 128 principal axes (:func:`_pca`), by default an
inverted file (``ann="ivf"``: lists of about ``IVF_LIST`` vectors, whose centroids are found
through a small HNSW graph, ``nprobe`` lists searched), so that a query costs the same
whatever the corpus size and the whole search grows as ``n log n``; or (``ann="hnsw"``) a
graph over all vectors. faiss was picked by measurement against hnswlib and usearch
(``benchmarks/bench_match_ann.py``), and these settings at 250,000 sentences
(``benchmarks/bench_match.py --what scale``; docs/match.md): the graph over 8-bit codes of all
512 dimensions took 144 s to build and 386 s to search, the inverted file with ``2 sqrt(n)``
lists grew as ``n^1.5``. The index is built on one thread, so the same vectors give the same
index; searches use the cores available (each query is answered on its own, so the answer
does not depend on how many). Adding sentences appends rows to the file and to the index; the
index is rebuilt only when the corpus has grown 16-fold since it was built (its principal
axes and lists would no longer fit).

**Neighbours and margins.** Each sentence gets its ``k`` nearest sentences of other documents;
their cosines are recomputed in float64 from the stored rows and rounded to 1e-4, so what is
kept depends neither on the quantisation nor on the CPU's kernels, and ties are broken by the
sentence number. As LASER's bitext mining and :mod:`drift.align.margin` do, a match counts
when it stands out from the sentence's own background: ``margin = s - (b(x) + b(y)) / 2``,
where ``b(x)`` is the mean cosine of ``x``'s neighbours at ranks ``skip + 1 .. k`` (the first
``skip`` are left out of the background, so that a story copied by a few sites does not hide
its own copies). A match needs ``s >= min_similarity`` and ``margin >= min_margin``; sentences
of fewer than ``min_words`` words neither ask nor answer ("He said.").

Everything here works on arrays; encoding happens elsewhere (:mod:`drift.match.run`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from drift._optional import import_optional

__all__ = ["SentenceIndex", "Neighbours", "SentenceMatches", "margin_matches", "IVF_FROM",
           "search_chunk", "ANN_KINDS"]

#: below this many vectors the index is exact (faiss IndexFlatIP)
IVF_FROM = 20_000
#: the approximate indexes: a graph (HNSW over 8-bit codes) or an inverted file (IVF, SQ8)
ANN_KINDS = ("hnsw", "ivf")
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 16, 40, 48
#: the approximate indexes work on the vectors' first principal axes (:func:`_pca`)
HNSW_DIMS = 128
#: vectors per inverted list (``ann="ivf"``)
IVF_LIST = 1000
_GROWTH = 16


def _faiss() -> Any:
    faiss = import_optional("faiss", "match", "drift match")
    faiss.omp_set_num_threads(1)  # builds on one thread: the same index on every run
    return faiss


@dataclass(frozen=True)
class Neighbours:
    """Each sentence's nearest sentences in other documents.

    Attributes:
        ids: ``(n, k)`` int64 sentence numbers, -1 where there are fewer than ``k``.
        sims: ``(n, k)`` float64 cosines (rounded to 1e-4; nan where ``ids`` is -1), each row
            in decreasing order, ties by sentence number.
    """

    ids: np.ndarray
    sims: np.ndarray


@dataclass(frozen=True)
class SentenceMatches:
    """Sentence pairs of two documents that stand out (:func:`margin_matches`).

    Attributes:
        x, y: ``(m,)`` sentence numbers (``x`` asked, ``y`` is among its neighbours).
        sim, margin: ``(m,)`` their cosine and margin.
    """

    x: np.ndarray
    y: np.ndarray
    sim: np.ndarray
    margin: np.ndarray


class SentenceIndex:
    """Sentence vectors of a corpus, stored and indexed (see the module docstring).

    Args:
        dim: the vectors' dimension.
        folder: where the vectors and the index live (None: in memory only).
        nprobe: lists searched per query (inverted-file index only).

    Attributes:
        owners: ``(n,)`` int64 document number of each sentence.
        trained_at: vectors in the index when it was (re)built.
    """

    def __init__(self, dim: int, folder: Path | None = None, nprobe: int = 8,
                 ann: str = "ivf"):
        if ann not in ANN_KINDS:
            raise ValueError(f"unknown index {ann!r}; allowed: {', '.join(ANN_KINDS)}")
        self.dim = int(dim)
        self.folder = folder
        self.nprobe = nprobe
        self.ann = ann
        self.owners = np.zeros(0, dtype=np.int64)
        self.trained_at = 0
        self._mem = np.zeros((0, self.dim), dtype=np.float16)
        self._index: Any = None

    # --- storage ---------------------------------------------------------------------------
    @property
    def size(self) -> int:
        return len(self.owners)

    def vectors(self) -> np.ndarray:
        """``(n, dim)`` float16 rows (a read-only memory map when the index has a folder)."""
        if self.folder is None or self.size == 0:
            return self._mem
        return np.memmap(self.folder / "vectors.f16", dtype=np.float16, mode="r",
                         shape=(self.size, self.dim))

    def add(self, vectors: np.ndarray, owners: Sequence[int] | np.ndarray) -> None:
        """Append ``(m, dim)`` unit rows belonging to documents ``owners`` (``(m,)``)."""
        v = np.asarray(vectors, dtype=np.float32)
        if v.ndim != 2 or v.shape[1] != self.dim or len(v) != len(owners):
            raise ValueError(f"expected ({len(owners)}, {self.dim}) vectors, got {v.shape}")
        rows = v.astype(np.float16)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / "vectors.f16"
            with open(path, "ab") as fh:
                fh.truncate(self.size * self.dim * 2)  # rows a killed run left are dropped
                fh.seek(0, 2)
                fh.write(rows.tobytes())
        else:
            self._mem = np.vstack([self._mem, rows])
        self.owners = np.concatenate([self.owners, np.asarray(owners, dtype=np.int64)])
        if self._index is not None and self.size <= _GROWTH * max(self.trained_at, 1):
            self._index.add(rows.astype(np.float32))
        else:
            self._index = None  # (re)built on the next search

    # --- the faiss index -------------------------------------------------------------------
    def _build(self) -> Any:
        faiss = _faiss()
        n = self.size
        vecs = self.vectors()
        if n < IVF_FROM:
            index = faiss.IndexFlatIP(self.dim)
        elif self.ann == "hnsw":
            dims = min(self.dim, HNSW_DIMS)
            graph = faiss.IndexHNSWFlat(dims, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            graph.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index = faiss.IndexPreTransform(_pca(vecs, dims), graph)
        else:
            # lists of about IVF_LIST vectors, found through a graph of their centroids: the
            # cost of a query does not grow with the corpus (beyond the graph's log n)
            dims = min(self.dim, HNSW_DIMS)
            nlist = max(1, n // IVF_LIST)
            quantizer = faiss.IndexHNSWFlat(dims, 32, faiss.METRIC_INNER_PRODUCT)
            ivf = faiss.IndexIVFFlat(quantizer, dims, nlist, faiss.METRIC_INNER_PRODUCT)
            ivf.cp.seed = 0
            ivf.cp.niter = 10
            ivf.cp.max_points_per_centroid = 40
            ivf.nprobe = self.nprobe
            index = faiss.IndexPreTransform(_pca(vecs, dims), ivf)
            step = max(1, n // (40 * nlist))  # an evenly spaced sample: no random state
            index.train(np.asarray(vecs[::step], dtype=np.float32))
        for s in range(0, n, 65536):
            index.add(np.asarray(vecs[s:s + 65536], dtype=np.float32))
        self.trained_at = n
        return index

    @property
    def index(self) -> Any:
        """The faiss index (built on first use)."""
        if self._index is None:
            self._index = self._build()
        return self._index

    def serialized(self) -> np.ndarray:
        """The faiss index as bytes (uint8), for workers (:func:`search_chunk`)."""
        return np.asarray(_faiss().serialize_index(self.index))

    def save(self) -> dict[str, Any]:
        """Write the index beside the vectors; returns the state to keep (counts, owners are
        kept by the caller)."""
        if self.folder is None:
            raise ValueError("an index without a folder cannot be saved")
        faiss = _faiss()
        tmp = self.folder / ".faiss.index.tmp"
        faiss.write_index(self.index, str(tmp))
        tmp.replace(self.folder / "faiss.index")
        return {"dim": self.dim, "size": self.size, "trained_at": self.trained_at,
                "nprobe": self.nprobe, "ann": self.ann}

    @classmethod
    def load(cls, folder: Path, state: dict[str, Any], owners: np.ndarray) -> SentenceIndex:
        idx = cls(int(state["dim"]), folder, int(state.get("nprobe", 8)),
                  str(state.get("ann", "ivf")))
        idx.owners = np.asarray(owners, dtype=np.int64)[: int(state["size"])]
        idx.trained_at = int(state["trained_at"])
        path = folder / "faiss.index"
        if path.exists() and idx.size:
            index = _faiss().read_index(str(path))
            if index.ntotal == idx.size:
                idx._index = index
        return idx

    # --- search ----------------------------------------------------------------------------
    def neighbours(self, k: int = 10, min_words: Sequence[bool] | np.ndarray | None = None,
                   chunk: int = 2048,
                   mapper: Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
                   | None = None) -> Neighbours:
        """Each sentence's ``k`` nearest sentences of other documents (see the module
        docstring).

        Args:
            k: neighbours kept per sentence.
            min_words: ``(n,)`` bool, which sentences take part (None: all).
            chunk: queries per task.
            mapper: ``mapper(fn, items)`` runs the tasks (an executor's ``map``; results may
                come in any order); None runs them here.
        """
        n = self.size
        ids = np.full((n, k), -1, dtype=np.int64)
        sims = np.full((n, k), np.nan)
        if n == 0:
            return Neighbours(ids, sims)
        ok = np.ones(n, dtype=bool) if min_words is None else np.asarray(min_words, dtype=bool)
        if mapper is None:  # here: the index itself, no serialised copy
            blob, digest = np.zeros(0, dtype=np.uint8), f"local-{id(self.index)}"
            _INDEX_MEMO.clear()
            _INDEX_MEMO[digest] = self.index
        else:
            blob = self.serialized()
            digest = hashlib.sha256(blob.tobytes()).hexdigest()[:16]
        vecs = self.vectors()
        # the largest document bounds how many neighbours can be its own (a few more are
        # asked for; a sentence whose own document crowds them out gets fewer than k)
        own = int(np.bincount(self.owners).max()) if n else 0
        search_k = min(n, k + min(own, k) + 4)
        def tasks() -> Iterable[tuple[int, np.ndarray, str, np.ndarray, np.ndarray, int, int]]:
            for s in range(0, n, chunk):  # made as they are asked for: bounded memory
                q = np.flatnonzero(ok[s:s + chunk]) + s
                if len(q):
                    yield (s, blob, digest, q, np.asarray(vecs[q], dtype=np.float32),
                           search_k, self.nprobe)

        run = mapper or (lambda fn, items: map(fn, items))
        try:
            for q, found in run(search_chunk, tasks()):
                self._fill(q, found, ok, vecs, ids, sims, k)
        finally:
            if mapper is None:
                _INDEX_MEMO.clear()
        return Neighbours(ids, sims)

    def _fill(self, q: np.ndarray, found: np.ndarray, ok: np.ndarray, vecs: np.ndarray,
              ids: np.ndarray, sims: np.ndarray, k: int) -> None:
        owners = self.owners
        flat = found.ravel()
        valid = flat >= 0
        cand = np.where(valid, flat, 0)
        keep = valid & ok[cand] & (owners[cand] != np.repeat(owners[q], found.shape[1]))
        rows = np.repeat(np.arange(len(q)), found.shape[1])[keep]
        cand = cand[keep]
        exact = _exact_cosines(vecs, q, rows, cand)
        order = np.lexsort((cand, -exact, rows))
        rows, cand, exact = rows[order], cand[order], exact[order]
        first = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
        rank = np.arange(len(rows)) - np.repeat(first, np.diff(np.r_[first, len(rows)]))
        take = rank < k
        ids[q[rows[take]], rank[take]] = cand[take]
        sims[q[rows[take]], rank[take]] = exact[take]


def _pca(vecs: np.ndarray, dims: int) -> Any:
    """A faiss linear map onto the ``dims`` principal axes of the stored vectors (from an
    evenly spaced sample of at most 100,000 rows, in float64; each axis's sign fixed so that
    its largest component is positive). The graph is searched in this smaller space, which
    makes it several times faster to build and search; cosines are then recomputed in full
    (:func:`_exact_cosines`)."""
    faiss = _faiss()
    d = vecs.shape[1]
    step = max(1, len(vecs) // 100_000)
    x = np.asarray(vecs[::step], dtype=np.float64)
    x = x - x.mean(axis=0)
    _, axes = np.linalg.eigh(x.T @ x / max(1, len(x) - 1))
    axes = axes[:, ::-1][:, :dims]  # (d, dims), largest variance first
    signs = np.sign(axes[np.abs(axes).argmax(axis=0), np.arange(dims)])
    axes = axes * np.where(signs == 0, 1.0, signs)
    lt = faiss.LinearTransform(d, dims, False)
    faiss.copy_array_to_vector(np.ascontiguousarray(axes.T, dtype=np.float32).ravel(), lt.A)
    lt.is_trained = True
    return lt


def _exact_cosines(vecs: np.ndarray, q: np.ndarray, rows: np.ndarray, cand: np.ndarray,
                   block: int = 16384) -> np.ndarray:
    """Cosines of query ``q[rows[i]]`` and sentence ``cand[i]`` in float64 from the stored
    rows, rounded to 1e-4 (the same on every CPU). Candidate rows are read in sorted order
    and in blocks, so memory stays bounded and a memory-mapped file is read forwards."""
    queries = np.asarray(vecs[q], dtype=np.float32)  # float16 -> float32 is exact
    out = np.empty(len(cand))
    for s in range(0, len(cand), block):
        c = cand[s:s + block]
        uniq, inverse = np.unique(c, return_inverse=True)
        other = np.asarray(vecs[uniq], dtype=np.float32)
        # products of float16 values are exact in float64, and so is their sum to ~1e-16
        out[s:s + block] = np.einsum("ij,ij->i", queries[rows[s:s + block]], other[inverse],
                                     dtype=np.float64)
    return np.round(out, 4)


_INDEX_MEMO: dict[str, Any] = {}


def search_chunk(task: tuple[int, np.ndarray, str, np.ndarray, np.ndarray, int, int]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Search one chunk of queries (a task for a worker): ``(query numbers, (q, k) ids)``.

    The worker keeps the last index it deserialised (keyed by its digest), as a batch worker
    keeps its model; a search in this process finds the index itself there."""
    _, blob, digest, q, vecs, k, nprobe = task
    faiss = _faiss()
    index = _INDEX_MEMO.get(digest)
    if index is None:
        _INDEX_MEMO.clear()
        index = faiss.deserialize_index(blob)
        _INDEX_MEMO[digest] = index
    graph = faiss.downcast_index(index.index) if hasattr(index, "chain") else index
    if hasattr(graph, "nprobe"):
        graph.nprobe = nprobe
    if hasattr(graph, "hnsw"):
        graph.hnsw.efSearch = max(HNSW_EF_SEARCH, k)
    import os

    faiss.omp_set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or 0)
                              or len(os.sched_getaffinity(0)))
    try:
        _, found = index.search(vecs, k)
    finally:
        faiss.omp_set_num_threads(1)
    return q, found


def margin_matches(nb: Neighbours, min_similarity: float = 0.5, min_margin: float = 0.1,
                   skip: int = 4) -> SentenceMatches:
    """The neighbour pairs that stand out on both counts (see the module docstring).

    Args:
        nb: every sentence's neighbours (:meth:`SentenceIndex.neighbours`).
        min_similarity: cosine floor.
        min_margin: margin floor (cosine units).
        skip: best neighbours left out of each sentence's background.

    Returns:
        The matches, sorted by ``(x, y)``.
    """
    sims = nb.sims
    n, k = sims.shape
    tail = sims[:, min(skip, k - 1):] if k else sims
    with np.errstate(invalid="ignore"):
        filled = np.where(np.isnan(tail), 0.0, tail)  # a missing neighbour counts as cosine 0
    background = np.round(filled.mean(axis=1) if k else np.zeros(n), 4)
    x = np.repeat(np.arange(n), k)
    y = nb.ids.ravel()
    s = sims.ravel()
    valid = y >= 0
    x, y, s = x[valid], y[valid], s[valid]
    m = np.round(s - (background[x] + background[y]) / 2, 4)
    keep = (s >= min_similarity) & (m >= min_margin)
    x, y, s, m = x[keep], y[keep], s[keep], m[keep]
    order = np.lexsort((y, x))
    return SentenceMatches(x[order], y[order], s[order], m[order])
