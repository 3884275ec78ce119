"""Precision and recall of drift's word-level flags on real news pairs labelled by hand.

The dev set (``benchmarks/data/flags_dev/``): 240 STS-B news pairs (MSRpar, headlines,
deft-news; train and dev splits), labelled blind by two annotators with the rules of
``FLAGS.md``. Each (pair, flag) cell is a yes or a no from each annotator; the **gold** is the
cells where they agree (a cell where they disagree is left out of both precision and recall
for that flag). The script prints

* the agreement of the two annotators per flag (Cohen's kappa and raw agreement);
* per flag, drift's precision and recall against the gold, and micro precision and recall
  over all flags; ``--json`` writes the same figures to a file.

drift's flags are those of ``drift pairs`` with its default settings
(:func:`drift.pipeline.pairs.run_pairs`, the bundled all-MiniLM-L6-v2). ``--code DIR``
imports ``drift`` from another checkout (e.g. an older commit unpacked with ``git archive``),
so the same script measures the code before and after a change.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_flags.py [--errors FLAG] [--json OUT]
    git archive ed49d58 drift | tar -x -C /tmp/drift-old
    .venv/bin/python benchmarks/bench_flags.py --code /tmp/drift-old
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "benchmarks" / "data" / "flags_dev"
#: the flags of FLAGS.md, in drift's order
FLAGS = ("formatting", "spelling", "tense", "pronoun", "entity", "number", "date", "negation",
         "attribution", "omission", "addition")


@dataclass(frozen=True)
class DevSet:
    """The labelled pairs.

    Attributes:
        pairs: ``pair id -> (base, derivative)``.
        labels: one ``pair id -> set of flags`` per annotator.
        source: ``pair id -> STS-B file`` (MSRpar, headlines, deft-news).
    """

    pairs: Mapping[int, tuple[str, str]]
    labels: tuple[Mapping[int, frozenset[str]], ...]
    source: Mapping[int, str]

    def gold(self, flag: str) -> dict[int, bool]:
        """``pair -> label`` for the cells of ``flag`` where every annotator agrees."""
        out = {}
        for p in self.pairs:
            votes = {flag in lab[p] for lab in self.labels}
            if len(votes) == 1:
                out[p] = votes.pop()
        return out


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_dev(folder: Path = DATA) -> DevSet:
    """Read ``pairs.jsonl``, ``pairs_meta.jsonl`` and ``labels_a*.jsonl`` of ``folder``."""
    pairs = {d["pair"]: (d["base"], d["derivative"]) for d in _jsonl(folder / "pairs.jsonl")}
    source = {d["pair"]: d["file"] for d in _jsonl(folder / "pairs_meta.jsonl")}
    labels = []
    for path in sorted(folder.glob("labels_a*.jsonl")):
        lab = {d["pair"]: frozenset(d["flags"]) for d in _jsonl(path)}
        if set(lab) != set(pairs):
            raise ValueError(f"{path}: labels for {len(lab)} pairs, {len(pairs)} pairs")
        unknown = {f for fs in lab.values() for f in fs} - set(FLAGS)
        if unknown:
            raise ValueError(f"{path}: unknown flags {sorted(unknown)}; allowed: {FLAGS}")
        labels.append(lab)
    return DevSet(pairs, tuple(labels), source)


def cohen_kappa(x: Sequence[bool], y: Sequence[bool]) -> tuple[float, float]:
    """``(kappa, raw agreement)`` of two annotators' yes/no labels (kappa NaN when both say
    the same thing everywhere and chance agreement is 1).

    >>> cohen_kappa([True, False, True, False], [True, False, False, False])
    (0.5, 0.75)
    """
    n = len(x)
    po = sum(a == b for a, b in zip(x, y)) / n
    pa, pb = sum(x) / n, sum(y) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return ((po - pe) / (1 - pe) if pe < 1 else float("nan")), po


def agreement(dev: DevSet) -> dict[str, dict[str, float]]:
    """Per flag: each annotator's count, kappa, raw agreement and gold positives/negatives."""
    a, b = dev.labels[0], dev.labels[1]
    out = {}
    for flag in FLAGS:
        x = [flag in a[p] for p in dev.pairs]
        y = [flag in b[p] for p in dev.pairs]
        kappa, raw = cohen_kappa(x, y)
        g = dev.gold(flag)
        out[flag] = {"a1": sum(x), "a2": sum(y), "kappa": kappa, "agreement": raw,
                     "gold_yes": sum(g.values()), "gold_no": sum(not v for v in g.values()),
                     "left_out": len(dev.pairs) - len(g)}
    return out


def score_flags(dev: DevSet, predicted: Mapping[int, frozenset[str]]
                ) -> dict[str, dict[str, float]]:
    """Per flag and ``micro``: true/false positives, false negatives, precision, recall over
    the gold cells (a flag that never fires has precision NaN)."""
    out: dict[str, dict[str, float]] = {}
    tot = [0, 0, 0]
    for flag in FLAGS:
        tp = fp = fn = 0
        for p, yes in dev.gold(flag).items():
            hit = flag in predicted[p]
            tp += hit and yes
            fp += hit and not yes
            fn += yes and not hit
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
        out[flag] = _pr(tp, fp, fn)
    out["micro"] = _pr(*tot)
    return out


def _pr(tp: int, fp: int, fn: int) -> dict[str, float]:
    return {"tp": tp, "fp": fp, "fn": fn, "fired": tp + fp,
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan")}


def drift_flags(dev: DevSet, model: str = "minilm") -> tuple[dict[int, frozenset[str]],
                                                             dict[int, dict[str, Any]]]:
    """drift's flags of every pair (``drift pairs`` defaults), and each pair's row."""
    from pairs_compat import run_pairs

    from drift.embed import EmbeddingCache
    from drift.embed.models import load_encoder

    ids = sorted(dev.pairs)
    lines = [f"{dev.pairs[p][0].strip()}\t{dev.pairs[p][1].strip()}\n" for p in ids]
    rows = list(run_pairs(lines, load_encoder(model), EmbeddingCache()))
    return ({p: frozenset(r["flags"]) for p, r in zip(ids, rows)},
            dict(zip(ids, rows)))


def _f(x: float) -> str:
    return "-" if x != x else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--code", type=Path, help="import drift from this folder instead")
    ap.add_argument("--model", default="minilm")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument("--errors", metavar="FLAG", action="append", default=[],
                    help="print the false positives and negatives of FLAG (repeatable)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve() if args.code else REPO))
    import drift  # noqa: F401  (from --code or this checkout)

    dev = load_dev(args.data)
    agree = agreement(dev)
    print(f"{len(dev.pairs)} pairs, {len(dev.labels)} annotators; drift from "
          f"{Path(drift.__file__).parent}\n")
    print("| flag | a1 | a2 | kappa | raw agreement | gold yes | gold no | left out |")
    print("|---|---|---|---|---|---|---|---|")
    for flag, a in agree.items():
        print(f"| {flag} | {a['a1']} | {a['a2']} | {_f(a['kappa'])} | {a['agreement']:.3f} | "
              f"{a['gold_yes']} | {a['gold_no']} | {a['left_out']} |")
    predicted, rows = drift_flags(dev, args.model)
    scores = score_flags(dev, predicted)
    print("\n| flag | gold yes | fired | precision | recall |")
    print("|---|---|---|---|---|")
    for flag, s in scores.items():
        print(f"| {flag} | {s['tp'] + s['fn']} | {s['fired']} | {_f(s['precision'])} | "
              f"{_f(s['recall'])} |")
    for flag in args.errors:
        gold = dev.gold(flag)
        for kind, want, got in (("false positive", False, True), ("false negative", True, False)):
            for p in sorted(gold):
                if gold[p] == want and (flag in predicted[p]) == got:
                    b, d = dev.pairs[p]
                    ev = [(c["base"], c["derivative"]) for c in rows[p]["changes"]
                          if flag in c["flags"]]
                    print(f"\n{flag} {kind}: pair {p}\n  B: {b}\n  D: {d}\n  drift: {ev}")
    if args.json:
        args.json.write_text(json.dumps({"agreement": agree, "scores": scores,
                                         "flags": {p: sorted(f) for p, f in predicted.items()}},
                                        indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
