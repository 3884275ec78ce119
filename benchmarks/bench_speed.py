"""Speed of drift's stages on this machine (2 CPU cores): model load, encoding, alignment.

    .venv/bin/python benchmarks/bench_speed.py

Prints a markdown table. Encoding is measured with the embedding cache off (cold) and on
(warm, a re-run); the aligner on random window similarities of growing size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kazakhstan-2022"
NAMES = ["mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    import drift
    from drift.align import align
    from drift.config import AlignConfig
    from drift.embed import EmbeddingCache
    from drift.embed.models import is_available, load_encoder, resolve_model

    rows = []
    encoder, t = timed(lambda: load_encoder("minilm"))
    rows.append(("load all-MiniLM-L6-v2 (bundled)", f"{t:.2f} s", ""))
    docs = [drift.read_document(EXAMPLE / f"{n}.txt") for n in ["base_reuters", *NAMES]]
    with tempfile.TemporaryDirectory() as tmp:
        res, t_cold = timed(lambda: drift.compare_documents(
            docs[0], *docs[1:], encoder=encoder, cache=EmbeddingCache(tmp)))
        n_sent = len(res.base.sentences) + sum(len(d.sentences) for d in res.derivatives)
        rows.append((f"example corpus, 5 articles ({n_sent} sentences, windows 1-3), cold cache",
                     f"{t_cold:.2f} s", ""))
        _, t_warm = timed(lambda: drift.compare_documents(
            docs[0], *docs[1:], encoder=encoder, cache=EmbeddingCache(tmp)))
        rows.append(("same, warm cache (re-run)", f"{t_warm:.2f} s", ""))
    sents = [s.norm for s in res.derivatives[1].sentences] * 16
    _, t = timed(lambda: encoder.encode(sents))
    rows.append((f"encode {len(sents)} sentences", f"{t:.2f} s", f"{len(sents) / t:.0f} sent/s"))
    for alias in ("use-m3", "e5small", "multilingual"):  # extra [multilingual]
        if not is_available(resolve_model(alias)):
            continue
        t0 = time.perf_counter()
        enc = load_encoder(alias)
        enc.encode(sents[:1])  # some encoders read their weights on first use
        t_load = time.perf_counter() - t0
        _, t = timed(lambda enc=enc: enc.encode(sents))
        rows.append((f"encode the same with {alias} (load {t_load:.1f} s)", f"{t:.2f} s",
                     f"{len(sents) / t:.0f} sent/s"))
    rng = np.random.default_rng(0)
    cfg = AlignConfig()
    for n in (100, 300, 1000):
        sims = {(a, b): rng.uniform(0, 1, (n - a + 1, n - b + 1))
                for a in range(1, 4) for b in range(1, 4)}
        _, t = timed(lambda sims=sims, n=n: align(sims, n, n, cfg))
        rows.append((f"align {n} x {n} sentences (DP, 11 bead shapes)", f"{t:.2f} s", ""))
    print("| stage | time | rate |\n|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} |")


if __name__ == "__main__":
    main()
