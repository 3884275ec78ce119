"""Benchmark the drift scores against plain cosine on STS Benchmark, PAWS-Wiki and SICK.

Prints a markdown table: set, split, metric, plain cosine, combined drift.

* STS-B: Spearman correlation of ``-drift`` (and of cosine) with the gold score (0-5).
* PAWS-Wiki: ROC AUC of ``drift`` (and of ``-cosine``) for telling non-paraphrases (label 0)
  from paraphrases (label 1).
* SICK: Spearman with relatedness (1-5) and ROC AUC of contradiction vs entailment; and the
  ``negation`` flag's recall and precision on SICK (:func:`negation_flag_report`).

All pairs of every split are used. This module also holds the data layer of
``benchmarks/train_driftscore.py`` and ``benchmarks/lodo.py``: :func:`load_set` reads a split
(STS-B rows keep their ``file`` column as the source), :func:`set_features` computes the
feature matrix of :mod:`drift.score.driftscore` once per split and keeps it in
``benchmarks/.cache/`` (keyed by the sources of ``explain.py`` and ``driftscore.py`` and the
encoders), sentence and word embeddings go to the drift embedding cache.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_pairs.py [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import pickle
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from drift.embed import EmbeddingCache  # noqa: E402
from drift.score.driftscore import (  # noqa: E402
    feature_matrix,
    load_drift_model,
    pair_similarities,
)
from drift.score.explain import Explanation, explain_pairs  # noqa: E402
from drift.text.lexical import lexical_similarity, tokens  # noqa: E402

log = logging.getLogger("drift")
CACHE = REPO / "benchmarks" / ".cache"
#: the second encoder of the drift score (feature ``similarity2``)
SECOND_MODEL = "use-m3"


@dataclass(frozen=True)
class PairSet:
    """One split of an evaluation set.

    Attributes:
        name: ``sts``, ``paws`` or ``sick``; split: ``train``, ``dev``, ``test``, ``trial``.
        pairs: ``(sentence 1, sentence 2)``.
        gold: ``(n,)`` STS score 0-5, PAWS label (1 = paraphrase) or SICK relatedness 1-5.
        source: ``(n,)`` STS-B ``file`` column (MSRpar, headlines, ...); else the set's name.
        entail: ``(n,)`` SICK entailment label (ENTAILMENT, NEUTRAL, CONTRADICTION); else "".
    """

    name: str
    split: str
    pairs: list[tuple[str, str]]
    gold: np.ndarray
    source: np.ndarray
    entail: np.ndarray

    def subset(self, mask: np.ndarray) -> PairSet:
        idx = np.flatnonzero(mask)
        return PairSet(self.name, self.split, [self.pairs[k] for k in idx], self.gold[idx],
                       self.source[idx], self.entail[idx])


def load_set(eval_dir: Path, name: str, split: str) -> PairSet:
    """Read one split of STS-B (``sts``), PAWS-Wiki (``paws``), SICK 2014 (``sick``) or DEMETR
    (``demetr``, split ``dev``: the perturbations of :data:`bench_demetr.CRITICAL`, gold 1, and
    :data:`bench_demetr.MINOR`, gold 0; ``source`` is the kind)."""
    pairs, gold, source, entail = [], [], [], []
    if name == "sts":
        path = eval_dir / "stsbenchmark" / f"sts-{split}.csv"
        with path.open(encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")[:7]
                if len(cols) == 7:
                    pairs.append((cols[5].strip(), cols[6].strip()))
                    gold.append(float(cols[4]))
                    source.append(cols[1])
                    entail.append("")
    elif name == "paws":
        path = eval_dir / "paws_wiki" / f"{split}.tsv"
        with path.open(encoding="utf-8") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) == 4 and row[3] in ("0", "1"):
                    pairs.append((row[1].strip(), row[2].strip()))
                    gold.append(float(row[3]))
                    source.append("paws")
                    entail.append("")
    elif name == "sick":
        path = eval_dir / "sick2014" / f"SICK_{split}.txt"
        with path.open(encoding="utf-8-sig") as f:
            for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 5 and row[0] != "pair_ID":
                    pairs.append((row[1].strip(), row[2].strip()))
                    gold.append(float(row[3]))
                    source.append("sick")
                    entail.append(row[4].strip())
    elif name == "demetr":
        from bench_demetr import CRITICAL, MINOR, load_items

        items = load_items(eval_dir / "demetr" / f"demetr_{split}.jsonl.gz")
        for kind in (*CRITICAL, *MINOR):
            for a, b in items.get(kind, []):
                pairs.append((a, b))
                gold.append(float(kind in CRITICAL))
                source.append(kind)
                entail.append("")
    else:
        raise ValueError(f"unknown set {name!r}: sts, paws, sick or demetr")
    return PairSet(name, split, pairs, np.asarray(gold, dtype=np.float64),
                   np.asarray(source, dtype=object), np.asarray(entail, dtype=object))


def load_split(eval_dir: Path, name: str, split: str) -> tuple[list[tuple[str, str]], np.ndarray]:
    """``(pairs, gold)`` of :func:`load_set`."""
    s = load_set(eval_dir, name, split)
    return s.pairs, s.gold


#: the modules of drift/score/ whose code makes an explanation (the cache key of explanations)
_EXPLAIN_SOURCES = ("explain.py", "wordalign.py", "words.py", "severity.py", "changes.py",
                    "contentflags.py", "findings.py", "flags.py", "phrases.py", "spacymodel.py",
                    "spelling.py", "wordlists.py", "wordrelation.py")


def _source_hash(*names: str) -> str:
    h = hashlib.sha256()
    for n in names:
        h.update((REPO / "drift" / "score" / n).read_bytes())
    return h.hexdigest()[:10]


def set_explanations(s: PairSet, encoder, cache: EmbeddingCache) -> list[Explanation]:
    """The explanations of every pair of ``s`` (pickled in ``benchmarks/.cache``)."""
    key = _source_hash(*_EXPLAIN_SOURCES)
    out = CACHE / f"expl-{s.name}-{s.split}-{len(s.pairs)}-{encoder.name}-{key}.pkl"
    if out.exists():
        with out.open("rb") as f:
            return pickle.load(f)
    t = time.time()
    expl: list[Explanation] = []
    for k in range(0, len(s.pairs), 1000):
        expl.extend(explain_pairs(s.pairs[k:k + 1000], encoder, cache))
    CACHE.mkdir(exist_ok=True)
    with out.open("wb") as f:
        pickle.dump(expl, f, protocol=pickle.HIGHEST_PROTOCOL)
    log.warning("%s %s: explained %d pairs in %.0f s", s.name, s.split, len(s.pairs),
                time.time() - t)
    return expl


def set_cosines(s: PairSet, encoder, cache: EmbeddingCache) -> np.ndarray:
    """``(n,)`` plain cosine of each pair under ``encoder`` (cached)."""
    out = CACHE / f"cos-{s.name}-{s.split}-{len(s.pairs)}-{encoder.name}.npy"
    if out.exists():
        return np.load(out)
    t = time.time()
    sims = pair_similarities(s.pairs, encoder, cache)
    CACHE.mkdir(exist_ok=True)
    np.save(out, sims)
    log.warning("%s %s: %s cosines of %d pairs in %.0f s", s.name, s.split, encoder.name,
                len(s.pairs), time.time() - t)
    return sims


def set_features(s: PairSet, encoder, cache: EmbeddingCache, second=None) -> np.ndarray:
    """``(n, len(FEATURES))`` (see :func:`feature_matrix`), cached; ``second`` is the encoder of
    ``similarity2`` (default: :data:`SECOND_MODEL`)."""
    from drift.embed.models import load_encoder

    second = second or load_encoder(SECOND_MODEL)
    key = _source_hash(*_EXPLAIN_SOURCES, "driftscore.py")
    out = CACHE / f"feat-{s.name}-{s.split}-{len(s.pairs)}-{encoder.name}-{second.name}-{key}.npy"
    if out.exists():
        return np.load(out)
    sims = set_cosines(s, encoder, cache)
    sims2 = set_cosines(s, second, cache)
    lex = [lexical_similarity(a, b) for a, b in s.pairs]
    x = feature_matrix(sims, lex, set_explanations(s, encoder, cache), sims2)
    CACHE.mkdir(exist_ok=True)
    np.save(out, x)
    return x


def split_features(eval_dir: Path, name: str, split: str, encoder, cache: EmbeddingCache
                   ) -> tuple[np.ndarray, np.ndarray]:
    """``(X, gold)`` of one split (:func:`set_features`)."""
    s = load_set(eval_dir, name, split)
    return set_features(s, encoder, cache), s.gold


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(a, b).statistic)


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(positive, score))


def set_metrics(s: PairSet, drift: np.ndarray) -> dict[str, float]:
    """The metrics of a drift score on one set (higher is better for each).

    ``spearman``: Spearman of ``-drift`` with the STS score or SICK relatedness; ``auc``: ROC AUC
    of drift for a PAWS non-paraphrase; ``ce_auc``: ROC AUC of drift for a SICK contradiction
    against an entailment (neutral pairs left out).
    """
    if s.name == "paws":
        return {"auc": auc(drift, s.gold == 0)}
    if s.name == "demetr":
        return {"severity_auc": auc(drift, s.gold == 1)}
    out = {"spearman": spearman(-drift, s.gold)}
    if s.name == "sick":
        ce = np.isin(s.entail, ["CONTRADICTION", "ENTAILMENT"])
        out["ce_auc"] = auc(drift[ce], s.entail[ce] == "CONTRADICTION")
    return out


#: words that make a sentence negated for :func:`negation_flag_report` (besides any ``n't``)
NEGATORS = frozenset("no not never nobody none nothing neither nor cannot without".split())


def _negated(text: str) -> bool:
    return any(t in NEGATORS or t.endswith("n't") for t in tokens(text.replace("\u2019", "'")))


def negation_flag_report(s: PairSet, explanations: Sequence[Explanation]) -> dict[str, float]:
    """The ``negation`` flag against SICK's labels.

    ``gold``: CONTRADICTION pairs where one sentence is negated and the other is not (a word of
    :data:`NEGATORS` or ``n't``); ``recall``: share of them flagged; ``precision``: share of
    flagged pairs labelled CONTRADICTION; ``polarity_precision``: share of flagged pairs where
    one side is negated and the other not.
    """
    flagged = np.array(["negation" in e.flags for e in explanations])
    differs = np.array([_negated(a) != _negated(b) for a, b in s.pairs])
    contra = s.entail == "CONTRADICTION"
    gold = contra & differs
    return {"pairs": len(s.pairs), "contradictions": int(contra.sum()), "gold": int(gold.sum()),
            "flagged": int(flagged.sum()),
            "recall": float((flagged & gold).sum() / max(gold.sum(), 1)),
            "precision": float((flagged & contra).sum() / max(flagged.sum(), 1)),
            "polarity_precision": float((flagged & differs).sum() / max(flagged.sum(), 1))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--model", default="minilm")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from drift.embed.models import load_encoder

    encoder = load_encoder(args.model)
    cache = EmbeddingCache()
    model = load_drift_model()
    print(f"model: {encoder.name}; drift score: {model.meta.get('name', 'driftscore')}, "
          f"trained on {model.meta.get('trained_on', '?')}\n")
    print("| set | split | metric | plain cosine | combined drift |")
    print("|---|---|---|---|---|")
    for name, split in (("sts", "dev"), ("sts", "test"), ("paws", "dev"), ("paws", "test"),
                        ("sick", "train"), ("sick", "trial")):
        s = load_set(args.eval_dir, name, split)
        x = set_features(s, encoder, cache)
        cos, drift = set_metrics(s, 1 - x[:, 0]), set_metrics(s, model.score(x))
        for metric in cos:
            print(f"| {name} | {split} | {metric} | {cos[metric]:.3f} | {drift[metric]:.3f} |")
    print("\nnegation flag on SICK (gold: contradictions where one side is negated):\n")
    print("| split | pairs | contradictions | gold | flagged | recall | precision (contradiction) "
          "| precision (polarity differs) |")
    print("|---|---|---|---|---|---|---|---|")
    for split in ("train", "trial"):
        s = load_set(args.eval_dir, "sick", split)
        r = negation_flag_report(s, set_explanations(s, encoder, cache))
        print(f"| {split} | {r['pairs']} | {r['contradictions']} | {r['gold']} | {r['flagged']} | "
              f"{r['recall']:.3f} | {r['precision']:.3f} | {r['polarity_precision']:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
