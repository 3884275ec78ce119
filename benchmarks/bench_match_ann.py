"""Pick the approximate-nearest-neighbour library of ``drift match`` by measurement.

Vectors stand in for sentence embeddings: unit vectors around topic centres (same-topic
sentences are closer than unrelated ones), with planted near-copies (cosine about 0.9) that a
good index must return. Each library builds an index over ``--n`` vectors and answers ``k``
nearest neighbours for ``--queries`` of them; recall is measured against the exact answer.

    .venv/bin/python benchmarks/bench_match_ann.py --n 200000 --queries 20000

Prints one JSON object per library (build and query seconds, recall@k of the exact neighbours
and of the planted copies, memory of the index).
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np


def make_vectors(n: int, d: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``(n, d)`` float32 unit rows in topics, and for each row its planted copy (or -1)."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((max(1, n // 200), d)).astype(np.float32)
    x = topics[rng.integers(0, len(topics), n)] * 0.6 + rng.standard_normal((n, d)).astype(
        np.float32)
    copy = np.full(n, -1)
    src = rng.choice(n // 2, n // 10, replace=False)
    dst = n // 2 + np.arange(n // 10)
    x[dst] = x[src] + 0.35 * rng.standard_normal((len(src), d)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    copy[src] = dst
    return x, copy


def exact(x: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    out = []
    for s in range(0, len(q), 2048):
        sims = x[q[s:s + 2048]] @ x.T
        out.append(np.argsort(-sims, axis=1, kind="stable")[:, :k])
    return np.vstack(out)


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found, truth)]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--d", type=int, default=512)
    ap.add_argument("--queries", type=int, default=20_000)
    ap.add_argument("--k", type=int, default=8)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    x, copy = make_vectors(args.n, args.d)
    rng = np.random.default_rng(1)
    q = np.sort(rng.choice(args.n // 2, args.queries, replace=False))
    truth = exact(x, q, args.k)
    planted = copy[q]
    k = args.k

    def report(name: str, build: float, query: float, ids: np.ndarray, mem: int) -> None:
        hit = float(np.mean([p in row for p, row in zip(planted, ids) if p >= 0]))
        print(json.dumps({"library": name, "n": args.n, "build_s": round(build, 1),
                          "query_s": round(query, 1), "recall_at_k": round(recall(ids, truth), 4),
                          "planted_copy_found": round(hit, 4), "index_mb": mem >> 20}),
              flush=True)

    import hnswlib

    t = time.perf_counter()
    idx = hnswlib.Index(space="ip", dim=args.d)
    idx.init_index(max_elements=args.n, M=16, ef_construction=80, random_seed=0)
    idx.set_num_threads(args.threads)
    idx.add_items(x, np.arange(args.n))
    b = time.perf_counter() - t
    idx.set_ef(48)
    t = time.perf_counter()
    ids, _ = idx.knn_query(x[q], k=k)
    report("hnswlib M16 ef80/48", b, time.perf_counter() - t, ids, args.n * (args.d * 4 + 16 * 8))

    import faiss

    faiss.omp_set_num_threads(args.threads)
    t = time.perf_counter()
    fi = faiss.IndexHNSWFlat(args.d, 16, faiss.METRIC_INNER_PRODUCT)
    fi.hnsw.efConstruction = 80
    fi.add(x)
    b = time.perf_counter() - t
    fi.hnsw.efSearch = 48
    t = time.perf_counter()
    _, ids = fi.search(x[q], k)
    report("faiss HNSWFlat M16 ef80/48", b, time.perf_counter() - t, ids,
           args.n * (args.d * 4 + 16 * 8))
    t = time.perf_counter()
    nlist = int(4 * np.sqrt(args.n))
    quant = faiss.IndexFlatIP(args.d)
    fq = faiss.IndexIVFScalarQuantizer(quant, args.d, nlist, faiss.ScalarQuantizer.QT_8bit,
                                       faiss.METRIC_INNER_PRODUCT)
    fq.cp.seed = 0
    fq.train(x[rng.choice(args.n, min(args.n, 50 * nlist), replace=False)])
    fq.add(x)
    b = time.perf_counter() - t
    fq.nprobe = 8
    t = time.perf_counter()
    _, ids = fq.search(x[q], k)
    report(f"faiss IVF{nlist},SQ8 nprobe8", b, time.perf_counter() - t, ids, args.n * args.d)

    from usearch.index import Index

    for dtype in ("f32", "i8"):
        t = time.perf_counter()
        ui = Index(ndim=args.d, metric="ip", dtype=dtype, connectivity=16, expansion_add=80,
                   expansion_search=48)
        ui.add(np.arange(args.n), x, threads=args.threads)
        b = time.perf_counter() - t
        t = time.perf_counter()
        res = ui.search(x[q], k, threads=args.threads)
        report(f"usearch {dtype} M16 ef80/48", b, time.perf_counter() - t,
               np.asarray(res.keys), ui.memory_usage)


if __name__ == "__main__":
    main()
