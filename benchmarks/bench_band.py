"""The banded aligner against the full DP, and its time and memory on long documents.

1. **Same alignments.** Every derivative of the example corpus (default preset, all-MiniLM-L6-v2)
   and every Text+Berg document pair, test and dev (``textberg`` preset, USE-multilingual-v3, one
   sentence a line), aligned with the whole DP table (``mode="full"``) and inside the band
   (``mode="band"``): beads and costs compared.
2. **Long documents.** Synthetic window embeddings with the structure of a rewrite (each
   derivative sentence a noisy copy of a base sentence, with insertions, deletions, merges and
   a moved block), at 2,000 x 2,000 and 10,000 x 10,000 sentences: wall time of
   ``align_windows`` (band; and full at 2,000) and peak memory, each size in a fresh process.
   Also the Text+Berg test documents joined into one long pair.

Usage: ``.venv/bin/python benchmarks/bench_band.py [--eval-dir ../shared/eval] [--skip-long]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drift.align.windows import align_windows, embed_windows  # noqa: E402
from drift.config import AlignConfig, align_preset  # noqa: E402
from drift.embed import EmbeddingCache  # noqa: E402


def _beads(alignment):
    return [(b.base, b.derivative, b.similarity, b.moved) for b in alignment.beads]


def compare_corpus(cache: EmbeddingCache) -> tuple[int, int]:
    from drift.embed.models import load_encoder
    from drift.text.read import read_document
    from drift.text.segment import segment_paragraphs

    ex = ROOT / "examples" / "kazakhstan-2022"
    names = ["base_reuters", "mt_macedonian_blog", "ai_budapest_post",
             "republished_london_daily", "independent_straits_times"]
    docs = [read_document(ex / f"{n}.txt") for n in names]
    sents = [[s.norm for s in segment_paragraphs(d.paragraphs)] for d in docs]
    wins = embed_windows(sents, load_encoder("minilm"), 3, cache)
    from drift.align.margin import MarginConfig

    same = 0
    for k in range(1, len(docs)):
        args = (wins[0], wins[k], sents[0], sents[k], AlignConfig(), False, MarginConfig())
        full = align_windows(*args, mode="full")[0]
        band = align_windows(*args, mode="band")[0]
        ok = (_beads(full) == _beads(band) and full.cost == band.cost
              and full.margins == band.margins)
        same += ok
        print(f"corpus {names[k]}: {'same' if ok else 'DIFFERENT'} ({len(full.beads)} beads, "
              "margins included)")
    return same, len(docs) - 1


def compare_textberg(eval_dir: Path, cache: EmbeddingCache) -> tuple[int, int]:
    from drift.embed.models import load_encoder
    from drift.evaluate.alignment import load_gold_folder

    enc = load_encoder("use-m3")
    cfg = align_preset("textberg")
    docs = load_gold_folder(eval_dir / "textberg_de_fr") + \
        load_gold_folder(eval_dir / "textberg_de_fr", "dev")
    same = 0
    for d in docs:
        wb, wd = embed_windows([d.source, d.target], enc, cfg.max_group, cache)
        full = align_windows(wb, wd, d.source, d.target, cfg, mode="full")[0]
        band = align_windows(wb, wd, d.source, d.target, cfg, mode="band")[0]
        ok = _beads(full) == _beads(band)
        same += ok
        diff = len(set(_beads(full)) ^ set(_beads(band)))
        print(f"textberg {d.name} ({len(d.source)} x {len(d.target)}): "
              f"{'same beads' if ok else f'DIFFERENT ({diff} beads differ)'}; cost "
              f"{full.cost:.6f} full, {band.cost:.6f} band (window statistics from mean "
              "vectors)")
    return same, len(docs)


def synthetic(n: int, seed: int = 0, d: int = 384, k: int = 3):
    """Window embeddings of a base of ``n`` sentences and a rewrite of about ``n`` sentences."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n, d)).astype(np.float32)
    rows = []
    i = 0
    while i < n:
        r = rng.random()
        if r < 0.04:          # omitted
            i += 1
        elif r < 0.08:        # added
            rows.append(rng.normal(size=d))
        elif r < 0.12 and i + 1 < n:  # merged
            rows.append(base[i] + base[i + 1] + 0.8 * rng.normal(size=d))
            i += 2
        else:
            rows.append(base[i] + 0.8 * rng.normal(size=d))
            i += 1
    der = np.array(rows, dtype=np.float32)
    cut = len(der) // 3
    der = np.concatenate([der[:cut], der[cut + 50: cut + 100], der[cut:cut + 50], der[cut + 100:]])

    def windows(x):
        c = np.concatenate([np.zeros((1, d)), np.cumsum(x, 0)])
        out = {}
        for size in range(1, k + 1):
            w = c[size:] - c[:-size]
            out[size] = (w / np.linalg.norm(w, axis=1, keepdims=True)).astype(np.float32)
        return out

    return windows(base), windows(der)


def time_one(n: int, mode: str) -> dict:
    """Align a synthetic n x n pair in this process; peak memory of the process."""
    import scipy.optimize  # noqa: F401  (imported on the first moved sentence: not alignment)

    small = synthetic(40, seed=1)  # warm up: imports (scipy, threadpoolctl) are not alignment
    align_windows(*small, [""] * len(small[0][1]), [""] * len(small[1][1]), AlignConfig(),
                  mode=mode)
    wb, wd = synthetic(n)
    texts = ([""] * len(wb[1]), [""] * len(wd[1]))
    t0 = time.perf_counter()
    al, _, _ = align_windows(wb, wd, *texts, AlignConfig(), mode=mode)
    secs = time.perf_counter() - t0
    # VmHWM: this process's own peak (ru_maxrss would include the parent's, kept across exec)
    status = Path("/proc/self/status").read_text()
    peak = int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM:"))) / 1024
    return {"n": n, "m": len(wd[1]), "mode": mode, "seconds": round(secs, 2),
            "peak_mb": round(peak), "beads": len(al.beads),
            "aligned": sum(bool(b.base and b.derivative) for b in al.beads)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--cache-dir", default=str(ROOT / "benchmarks" / ".cache"))
    ap.add_argument("--skip-long", action="store_true")
    ap.add_argument("--one", nargs=2, metavar=("N", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(time_one(int(args.one[0]), args.one[1])))
        return
    cache = EmbeddingCache(args.cache_dir)
    s1, t1 = compare_corpus(cache)
    s2, t2 = compare_textberg(Path(args.eval_dir), cache)
    print(f"\nsame alignment as the full DP: corpus {s1}/{t1}, Text+Berg {s2}/{t2}\n")
    if args.skip_long:
        return
    print("| sentences | mode | seconds | peak memory (MB) | beads |\n|---|---|---|---|---|")
    for n, mode in [(2000, "full"), (2000, "band"), (10000, "band")]:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), mode],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {r['n']:,} x {r['m']:,} | {r['mode']} | {r['seconds']} | {r['peak_mb']:,} | "
              f"{r['beads']:,} |")


if __name__ == "__main__":
    main()
