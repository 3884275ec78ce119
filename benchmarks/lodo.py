"""Leave-one-dataset-out evaluation of the combined drift score against plain cosine.

Sources (never a test split): STS-B train+dev split by its ``file`` column (MSRpar, MSRvid,
headlines, images, deft-forum, deft-news, answers-forums, track5.en-en), PAWS-Wiki dev, SICK
train and SICK trial. For each source the drift model is fitted on all the other sources with
the settings of ``benchmarks/train_driftscore.py`` (inputs, set weights, regularisation) and
scored on the left-out one, against plain all-MiniLM-L6-v2 cosine:

* STS-B sources and SICK: Spearman of ``-drift`` with the gold score (relatedness for SICK);
* PAWS-Wiki dev: ROC AUC of drift for a non-paraphrase;
* SICK: also ROC AUC of drift for a contradiction against an entailment (``C-vs-E``).

``rescaled`` drift is a decreasing function of cosine for one model, so its Spearman and AUC
equal plain cosine's on every row.

Usage (from the repo root; features are cached in ``benchmarks/.cache``)::

    .venv/bin/python benchmarks/lodo.py [--eval-dir ../shared/eval]
    .venv/bin/python benchmarks/lodo.py --sweep-paws 0,0.01,0.02,0.03,0.04   # the trade-off
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_pairs import PairSet, load_set, set_features, set_metrics  # noqa: E402
from train_driftscore import SETTINGS, Settings, fit_sources  # noqa: E402

#: the STS-B ``file`` values of train+dev, each one source
STS_SOURCES = ("MSRpar", "MSRvid", "headlines", "images", "deft-forum", "deft-news",
               "answers-forums", "track5.en-en")


@dataclass(frozen=True)
class Source:
    """One left-out unit: its pairs and their features ``(n, len(FEATURES))``."""

    name: str
    data: PairSet
    x: np.ndarray


def load_sources(eval_dir: Path, encoder, cache) -> list[Source]:
    """The sources of the leave-one-dataset-out table, in table order."""
    tr, dv = (load_set(eval_dir, "sts", sp) for sp in ("train", "dev"))
    sts = PairSet("sts", "train+dev", tr.pairs + dv.pairs, np.concatenate([tr.gold, dv.gold]),
                  np.concatenate([tr.source, dv.source]), np.concatenate([tr.entail, dv.entail]))
    x = np.vstack([set_features(tr, encoder, cache), set_features(dv, encoder, cache)])
    out = [Source(f"STS-B {src}", sts.subset(sts.source == src), x[sts.source == src])
           for src in STS_SOURCES]
    for name, split, label in (("paws", "dev", "PAWS-Wiki dev"), ("sick", "train", "SICK train"),
                               ("sick", "trial", "SICK trial"),
                               ("demetr", "dev", "DEMETR dev")):
        s = load_set(eval_dir, name, split)
        out.append(Source(label, s, set_features(s, encoder, cache)))
    return out


def lodo_rows(sources: Sequence[Source], settings: Settings = SETTINGS
              ) -> list[tuple[str, int, str, float, float]]:
    """``(source, pairs, metric, cosine, combined)`` for every left-out source and metric."""
    rows = []
    for k, held in enumerate(sources):
        model = fit_sources([s for j, s in enumerate(sources) if j != k], settings)
        cos = set_metrics(held.data, 1.0 - held.x[:, 0])
        comb = set_metrics(held.data, model.score(held.x))
        for metric in cos:
            rows.append((held.name, len(held.data.pairs), metric, cos[metric], comb[metric]))
    return rows


METRIC_NAMES = {"spearman": "Spearman", "auc": "ROC AUC", "ce_auc": "C-vs-E AUC",
                "severity_auc": "critical-vs-minor AUC"}


def print_table(rows: Sequence[tuple[str, int, str, float, float]]) -> None:
    print("| left-out source | pairs | metric | plain cosine | combined | gain |")
    print("|---|---|---|---|---|---|")
    for name, n, metric, c, d in rows:
        print(f"| {name} | {n:,} | {METRIC_NAMES[metric]} | {c:.3f} | {d:.3f} | {d - c:+.3f} |")
    gains = np.array([d - c for *_, c, d in rows])
    print(f"| **mean of {len(rows)} rows** | | | | | **{gains.mean():+.3f}** |")
    print(f"\nworst row {gains.min():+.3f}; rows below cosine by more than 0.005: "
          f"{int((gains < -0.005).sum())}")


def paws_sweep(sources: Sequence[Source], weights: Sequence[float],
               settings: Settings = SETTINGS) -> None:
    """The trade-off that fixes the PAWS weight: for each weight, the table's mean and worst
    gain, and the ROC AUC on the odd rows of PAWS-Wiki dev of a model fitted on the other
    sources and the even rows (no test split)."""
    from bench_pairs import auc

    paws = next(s for s in sources if s.data.name == "paws")
    even = np.arange(len(paws.data.pairs)) % 2 == 0
    half = Source("PAWS-Wiki dev even rows", paws.data.subset(even), paws.x[even])
    rest = [s for s in sources if s is not paws and s.name != "SICK trial"]
    odd_cos = auc(-paws.x[~even, 0], paws.data.gold[~even] == 0)
    print("| PAWS weight | mean gain | worst row | PAWS dev odd rows AUC (cosine "
          f"{odd_cos:.3f}) |")
    print("|---|---|---|---|")
    for w in weights:
        st = replace(settings, weights={**settings.weights, "paws": w})
        rows = lodo_rows(sources, st)
        gains = [d - c for *_, c, d in rows]
        k = int(np.argmin(gains))
        m = fit_sources([*rest, half], st)
        a = auc(m.score(paws.x[~even]), paws.data.gold[~even] == 0)
        print(f"| {w:g} | {np.mean(gains):+.3f} | {rows[k][0]} {gains[k]:+.3f} | {a:.3f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=REPO.parent / "shared" / "eval")
    ap.add_argument("--sweep-paws", default="",
                    help="comma-separated PAWS weights: print the trade-off table instead")
    ap.add_argument("--inputs", default="",
                    help="comma-separated model inputs instead of the shipped settings' ones")
    ap.add_argument("--paws-weight", type=float, default=None,
                    help="the PAWS weight instead of the shipped settings' one")
    args = ap.parse_args(argv)
    settings = SETTINGS
    if args.inputs:
        settings = replace(settings, inputs=tuple(args.inputs.split(",")))
    if args.paws_weight is not None:
        settings = replace(settings, weights={**settings.weights, "paws": args.paws_weight})
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    from drift.embed import EmbeddingCache
    from drift.embed.models import load_encoder

    sources = load_sources(args.eval_dir, load_encoder("minilm"), EmbeddingCache())
    if args.sweep_paws:
        paws_sweep(sources, [float(w) for w in args.sweep_paws.split(",")], settings)
    else:
        print_table(lodo_rows(sources, settings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
