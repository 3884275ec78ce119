"""Per-pair time of the explanation stage (words, word vectors, alignment, flags).

Two realistic workloads: the aligned pairs of the example corpus (``examples/kazakhstan-2022``,
the base against its four derivatives, as ``drift score`` explains them: each side its
sentences) and 1,000 STS-B pairs (the first 1,000 of ``sts-train.csv``: news, captions and
forums). Each workload is explained three times in this process:

* **cold**: an empty embedding cache and empty memos: tagging, the word vectors (token
  embeddings, or word embeddings for an older drift) and alignment;
* **cached**: the embeddings on disk, the memos empty (what a rerun in a new process does);
* **warm**: everything in memory (a second call in the same process).

The model is loaded before timing. ``--code DIR`` imports drift from another checkout, so the
same script measures the code before a change (``git archive REV drift | tar -x -C DIR``).

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_explain.py [--code DIR] [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "kazakhstan-2022"


def corpus_pairs() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The aligned pairs of the example corpus, each side as its sentences."""
    from drift.api import compare
    from drift.config import DriftConfig

    files = sorted(p for p in EXAMPLE.glob("*.txt") if p.name != "base_reuters.txt")
    result = compare(EXAMPLE / "base_reuters.txt", *files, config=DriftConfig(drift="cosine"),
                     cache=False)
    base = [s.text for s in result.base.sentences]
    out = []
    for d in result.derivatives:
        sents = [s.text for s in d.sentences]
        for p in d.pairs:
            if p.base and p.derivative and p.similarity is not None and \
                    d.summary.kind != "translation":
                out.append((tuple(base[i] for i in p.base), tuple(sents[j] for j in p.derivative)))
    return out


def sts_pairs(eval_dir: Path, n: int = 1000) -> list[tuple[str, str]]:
    out = []
    with (eval_dir / "stsbenchmark" / "sts-train.csv").open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")[:7]
            if len(cols) == 7:
                out.append((cols[5].strip(), cols[6].strip()))
            if len(out) == n:
                break
    return out


def _clear() -> None:
    """Empty every in-process memo of the explanation stage (that this drift has)."""
    from drift.score import words

    words.clear_word_cache()
    try:
        from drift.embed.tokens import clear_token_memo
    except ImportError:  # an older drift
        return
    clear_token_memo()


def time_workload(name: str, pairs: list, encoder, joined: bool) -> None:
    from drift.embed import EmbeddingCache
    from drift.score.explain import explain_pairs

    if joined:  # an older drift takes each side as one text
        pairs = [tuple(" ".join(s) if not isinstance(s, str) else s for s in p) for p in pairs]
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        _clear()
        t = time.perf_counter()
        explain_pairs(pairs, encoder, EmbeddingCache(tmp))
        times["cold"] = time.perf_counter() - t
        _clear()
        t = time.perf_counter()
        explain_pairs(pairs, encoder, EmbeddingCache(tmp))
        times["cached"] = time.perf_counter() - t
        t = time.perf_counter()
        explain_pairs(pairs, encoder, EmbeddingCache(tmp))
        times["warm"] = time.perf_counter() - t
    for stage, secs in times.items():
        per = 1000 * secs / len(pairs)
        print(f"| {name} | {len(pairs):,} | {stage} | {secs:.2f} | {per:.1f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--code", type=Path, help="import drift from this folder instead")
    ap.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--n", type=int, default=1000, help="STS-B pairs")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve() if args.code else REPO))
    import drift
    from drift.embed.models import load_encoder
    from drift.score import explain

    encoder = load_encoder("minilm")
    joined = not hasattr(explain, "explain_texts")
    corpus = corpus_pairs()
    print(f"drift from {Path(drift.__file__).parent}\n")
    print("| workload | pairs | run | seconds | ms per pair |")
    print("|---|---|---|---|---|")
    time_workload("example corpus, aligned pairs", corpus, encoder, joined)
    time_workload("STS-B train, first pairs", sts_pairs(args.eval_dir, args.n), encoder, joined)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
