"""drift's flags and drift score on DEMETR's perturbed machine translations (dev languages).

DEMETR (Karpinska et al., EMNLP 2022) pairs each machine translation into English
(``mt_sent``) with a copy carrying one known perturbation (``pert_sent``). Only the five dev
languages are read (``demetr_dev.jsonl.gz``: German, French, Spanish, Italian, Polish); the other
five are held out. An item counts when the perturbation applied (``pert_check`` true and the
two sentences differ). Each item is scored as ``drift pairs`` scores a pair (base: the
translation, derivative: the perturbed copy). The script prints

* **recall** per kind of the flag that names it: numbers replaced as ``number`` or ``date``,
  gender as ``pronoun``, named entity replaced or removed as ``entity``, negation as
  ``negation``, tense and aspect as ``tense``, misspelling as ``spelling``;
* the **formatting controls** (final punctuation removed, punctuation added, tokenised, all
  lower case, first letter lower case, two adjacent words swapped): the share of items that
  carry a content flag (any flag but ``formatting`` and ``spelling``);
* **severity**: ROC AUC of the default drift, of ``severity`` where the code has it, and of
  plain cosine (``1 - cosine``) for telling the critical perturbations named in
  :data:`CRITICAL` from the minor ones in :data:`MINOR`; also over all critical against all
  minor kinds.

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_demetr.py [--per-kind 100] [--code DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEMETR = REPO.parent / "shared" / "eval" / "demetr" / "demetr_dev.jsonl.gz"

#: kind -> the flags that name it (any of them counts)
EXPECTED = {
    "critical_id10_numbers_replaced": ("number", "date"),
    "critical_id11_gender": ("pronoun",),
    "critical_id9_ne_replaced": ("entity",),
    "critical_id25_ne_removed": ("entity",),
    "critical_id8_negation": ("negation",),
    "major_id17_tense": ("tense",),
    "major_id18_aspect": ("tense",),
    "minor_id26_misspelled": ("spelling",),
}
#: surface changes that must not carry a content flag
CONTROLS = ("minor_id28_final_punc_removed", "minor_id29_punc_addition", "minor_id30_tokenized",
            "minor_id31_full_lower", "minor_id32_first_lower", "minor_id14_word_swap")
#: flags that are not about content
SURFACE = frozenset({"formatting", "spelling"})
#: changed facts: numbers, gender (pronouns), named entities, negation, antonyms, additions
CRITICAL = ("critical_id10_numbers_replaced", "critical_id11_gender", "critical_id9_ne_replaced",
            "critical_id25_ne_removed", "critical_id8_negation", "critical_id7_antonym",
            "critical_id6_addition")
#: surface changes: punctuation, case, word swap, function words
MINOR = ("minor_id28_final_punc_removed", "minor_id29_punc_addition", "minor_id31_full_lower",
         "minor_id32_first_lower", "minor_id14_word_swap", "minor_id16_function_word")


def load_items(path: Path, per_kind: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """``kind -> [(mt_sent, pert_sent)]`` of the items where the perturbation applied; with
    ``per_kind``, the first ``per_kind`` of each kind and language."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    taken: Counter[tuple[str, str]] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            kind = d["pert_name"]
            if kind.startswith("base") or not d["pert_check"] or d["mt_sent"] == d["pert_sent"]:
                continue
            if per_kind is not None and taken[(kind, d["lang_tag"])] >= per_kind:
                continue
            taken[(kind, d["lang_tag"])] += 1
            out[kind].append((d["mt_sent"].strip(), d["pert_sent"].strip()))
    return dict(out)


def auc(score: Sequence[float], positive: Sequence[bool]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(np.asarray(positive), np.asarray(score)))


def score_items(items: dict[str, list[tuple[str, str]]], model: str = "minilm"
                ) -> dict[str, list[dict[str, Any]]]:
    """``kind -> rows of drift pairs`` (similarity, drift, flags, and severity if present)."""
    from pairs_compat import run_pairs

    from drift.embed import EmbeddingCache
    from drift.embed.models import load_encoder

    encoder, cache = load_encoder(model), EmbeddingCache()
    kinds = sorted(items)
    lines = [f"{a}\t{b}\n" for k in kinds for a, b in items[k]]
    rows = list(run_pairs(lines, encoder, cache, batch=2048))
    out: dict[str, list[dict[str, Any]]] = {}
    at = 0
    for k in kinds:
        out[k] = rows[at:at + len(items[k])]
        at += len(items[k])
    return out


def report(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The figures of the module docstring."""
    res: dict[str, Any] = {"recall": {}, "controls": {}, "severity": {}}
    for kind, want in EXPECTED.items():
        rs = rows.get(kind, [])
        hit = sum(bool(set(want) & set(r["flags"])) for r in rs)
        flagged = Counter(f for r in rs for f in r["flags"])
        res["recall"][kind] = {"items": len(rs), "recall": hit / max(len(rs), 1),
                               "flags": dict(flagged.most_common())}
    for kind in CONTROLS:
        rs = rows.get(kind, [])
        bad = [r for r in rs if set(r["flags"]) - SURFACE]
        res["controls"][kind] = {"items": len(rs), "content_flag": len(bad) / max(len(rs), 1),
                                 "flags": dict(Counter(f for r in bad for f in r["flags"]
                                                       if f not in SURFACE).most_common())}
    for name, pos, neg in (("named", CRITICAL, MINOR),
                           ("all", [k for k in rows if k.startswith("critical")],
                            [k for k in rows if k.startswith("minor")])):
        rs = [(r, True) for k in pos for r in rows.get(k, [])] + \
             [(r, False) for k in neg for r in rows.get(k, [])]
        y = [p for _, p in rs]
        fig = {"critical": sum(y), "minor": len(y) - sum(y),
               "drift": auc([r["drift"] for r, _ in rs], y),
               "cosine": auc([1 - r["similarity"] for r, _ in rs], y)}
        if all("severity" in r for r, _ in rs):
            fig["severity"] = auc([r["severity"] for r, _ in rs], y)
        res["severity"][name] = fig
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEMETR)
    ap.add_argument("--code", type=Path, help="import drift from this folder instead")
    ap.add_argument("--per-kind", type=int, help="at most this many items per kind and language")
    ap.add_argument("--json", type=Path, help="write the figures (and every row) to this file")
    ap.add_argument("--examples", metavar="KIND", action="append", default=[],
                    help="print the items of KIND that missed their flag (controls: that "
                         "carry a content flag)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve() if args.code else REPO))
    import drift

    items = load_items(args.data, args.per_kind)
    rows = score_items(items)
    res = report(rows)
    print(f"DEMETR dev languages, {sum(map(len, items.values()))} items; drift from "
          f"{Path(drift.__file__).parent}\n")
    for head, part, share in (("| kind | items | recall | flags raised |", "recall", "recall"),
                              ("\n| control | items | with a content flag | which |",
                               "controls", "content_flag")):
        print(head)
        print("|---|---|---|---|")
        for kind, r in res[part].items():
            top = ", ".join(f"{f} {n}" for f, n in list(r["flags"].items())[:5])
            name = f"{kind} ({'/'.join(EXPECTED[kind])})" if kind in EXPECTED else kind
            print(f"| {name} | {r['items']} | {r[share]:.3f} | {top} |")
    print("\n| critical vs minor | critical | minor | AUC drift | AUC severity | AUC cosine |")
    print("|---|---|---|---|---|---|")
    for name, r in res["severity"].items():
        sev = f"{r['severity']:.3f}" if "severity" in r else "-"
        print(f"| {name} | {r['critical']} | {r['minor']} | {r['drift']:.3f} | {sev} | "
              f"{r['cosine']:.3f} |")
    for kind in args.examples:
        want = set(EXPECTED.get(kind, ()))
        for r in rows.get(kind, []):
            miss = not (want & set(r["flags"])) if want else bool(set(r["flags"]) - SURFACE)
            if miss:
                ch = [(c["base"], c["derivative"], c["flags"]) for c in r["changes"]]
                print(f"\n{kind}:\n  B: {r['base']}\n  D: {r['derivative']}\n  {r['flags']} {ch}")
    if args.json:
        args.json.write_text(json.dumps({"figures": res, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
