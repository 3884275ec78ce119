"""Benchmark the drift score against plain cosine on STS Benchmark and PAWS-Wiki.

Prints a markdown table: set, split, metric, plain cosine, drift score.

* STS-B: Spearman correlation of ``-drift`` (and of cosine) with the gold score (0-5).
* PAWS-Wiki: ROC AUC of ``drift`` (and of ``-cosine``) for telling non-paraphrases (label 0)
  from paraphrases (label 1).

All pairs of every split are used (``SAMPLE`` can limit a split to a fixed random sample).

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_pairs.py [--eval-dir ../shared/eval] [--model minilm]

Features are computed once per split and kept in ``benchmarks/.cache/`` (delete it after
changing :mod:`drift.score.explain`); sentence and word embeddings go to the drift embedding cache.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drift.embed import EmbeddingCache  # noqa: E402
from drift.score import lexical_similarity  # noqa: E402
from drift.score.driftscore import DriftModel, feature_matrix, load_drift_model, pair_similarities  # noqa: E402
from drift.score.explain import explain_pairs  # noqa: E402

log = logging.getLogger("drift")
#: fixed random samples (seed 0) of the larger splits; all other splits are used whole
SAMPLE: dict[tuple[str, str], int] = {}


def load_split(eval_dir: Path, name: str, split: str) -> tuple[list[tuple[str, str]], np.ndarray]:
    """``(pairs, gold)``: STS gold score 0-5, or PAWS label (1 = paraphrase)."""
    pairs, gold = [], []
    if name == "sts":
        path = eval_dir / "stsbenchmark" / f"sts-{split}.csv"
        with path.open(encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")[:7]
                if len(cols) == 7:
                    pairs.append((cols[5].strip(), cols[6].strip()))
                    gold.append(float(cols[4]))
    else:
        path = eval_dir / "paws_wiki" / f"{split}.tsv"
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) == 4 and row[3] in ("0", "1"):
                    pairs.append((row[1].strip(), row[2].strip()))
                    gold.append(float(row[3]))
    limit = SAMPLE.get((name, split))
    if limit and len(pairs) > limit:  # a fixed sample keeps the run to minutes on 2 CPU cores
        keep = np.sort(np.random.default_rng(0).choice(len(pairs), limit, replace=False))
        pairs, gold = [pairs[k] for k in keep], [gold[k] for k in keep]
    return pairs, np.asarray(gold)


def _explain_version() -> str:
    src = (REPO / "drift" / "explain.py").read_bytes()
    return hashlib.sha256(src).hexdigest()[:10]


def split_features(eval_dir: Path, name: str, split: str, encoder, cache: EmbeddingCache
                   ) -> tuple[np.ndarray, np.ndarray]:
    """``(X, gold)``: ``X`` is ``(n, len(FEATURES))`` (see :func:`feature_matrix`), cached."""
    pairs, gold = load_split(eval_dir, name, split)
    out = (REPO / "benchmarks" / ".cache"
           / f"{name}-{split}-{len(pairs)}-{encoder.name}-{_explain_version()}.npz")
    if out.exists():
        return np.load(out)["x"], gold
    t = time.time()
    sims = pair_similarities(pairs, encoder, cache)
    lex = [lexical_similarity(a, b) for a, b in pairs]
    expl = []
    for k in range(0, len(pairs), 1000):
        expl.extend(explain_pairs(pairs[k:k + 1000], encoder, cache))
    x = feature_matrix(sims, lex, expl)
    out.parent.mkdir(exist_ok=True)
    np.savez(out, x=x)
    log.warning("%s %s: %d pairs in %.0f s", name, split, len(pairs), time.time() - t)
    return x, gold


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(positive, score))


def evaluate(model: DriftModel, data: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]
             ) -> list[tuple[str, str, str, float, float]]:
    """Rows ``(set, split, metric, cosine, drift)``."""
    rows = []
    for (name, split), (x, gold) in data.items():
        cos, drift = x[:, 0], model.score(x)
        if name == "sts":
            rows.append(("STS-B", split, "Spearman vs gold", spearman(cos, gold),
                         spearman(-drift, gold)))
        else:
            rows.append(("PAWS-Wiki", split, "ROC AUC non-paraphrase", auc(-cos, gold == 0),
                         auc(drift, gold == 0)))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--model", default="minilm")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from drift.embed.models import load_encoder

    encoder = load_encoder(args.model)
    cache = EmbeddingCache()
    data = {(n, s): split_features(args.eval_dir, n, s, encoder, cache)
            for n, s in (("sts", "dev"), ("sts", "test"), ("paws", "dev"), ("paws", "test"))}
    model = load_drift_model()
    print(f"model: {encoder.name}; drift score: {model.meta.get('name', 'driftscore')}, "
          f"trained on {model.meta.get('trained_on', '?')}: dev rows are in-sample for it\n")
    print("| set | split | metric | plain cosine | drift score |")
    print("|---|---|---|---|---|")
    for name, split, metric, c, d in evaluate(model, data):
        print(f"| {name} | {split} | {metric} | {c:.3f} | {d:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
