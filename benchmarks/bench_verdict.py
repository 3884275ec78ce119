"""Verdict benchmark (issue 9): how often derived texts are called independent and independent
texts derived, per public proxy; and the fit of the p_derived model with leave-one-proxy-out
cross-validation.

    .venv/bin/python benchmarks/bench_verdict.py --ecb-dir /path/to/ECB+          # table
    .venv/bin/python benchmarks/bench_verdict.py --ecb-dir /path/to/ECB+ --fit    # refit

The proxies are described in benchmarks/verdict_proxies.py. English pairs run with the default
model (all-MiniLM-L6-v2), Text+Berg with ``--xl-model`` (default ``use-m3``). Each pair goes
through what ``drift score`` runs: window embeddings, the aligner with margin filtering, pair
labels, copying evidence and the summary (word-level explanations are skipped: no verdict
depends on them). ECB+ is read from ``--ecb-dir`` (the ``ECB+`` folder of github
cltl/ECB-parser); without it the ECB proxies are left out.

``--fit`` fits ``p_derived`` (a logistic model with non-negative weights over
drift.score.evidence.FEATURES; every group of pairs (proxy, kind of generated case, label)
weighs the same) and writes
drift/data/verdict.json. The table's "held out" columns come from models fitted without the
proxy they are counted on (ECB generated and ECB pairs are left out together, as are the two
Text+Berg proxies and the two example proxies: they share texts).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import verdict_proxies as vp  # noqa: E402

from drift.align.calibrate import CROSS_LINGUAL_OVERLAP, vocabulary_overlap  # noqa: E402
from drift.align.windows import align_windows, embed_windows  # noqa: E402
from drift.config import DriftConfig  # noqa: E402
from drift.embed.cache import EmbeddingCache  # noqa: E402
from drift.embed.models import load_encoder  # noqa: E402
from drift.pipeline import make_plan, score_alignment  # noqa: E402
from drift.score.evidence import (  # noqa: E402
    DERIVED_THRESHOLD,
    FEATURES,
    VerdictModel,
    copying_evidence,
)
from drift.score.summary import summarize  # noqa: E402
from drift.text.read import document_from_text  # noqa: E402
from drift.text.segment import segment_paragraphs  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "drift" / "data" / "verdict.json"
#: proxies that share texts are held out together
FOLDS = {"example": "example", "example-gen": "example", "textberg": "textberg",
         "textberg-gen": "textberg", "ecb": "ecb", "ecb-gen": "ecb"}
DIAGNOSTIC = {"ecb-same-event"}


def build_cases(eval_dir: Path, ecb_dir: Path | None) -> list[vp.Case]:
    cases = vp.example_cases() + vp.example_generated()
    tb = eval_dir / "textberg_de_fr"
    cases += vp.textberg_cases(tb) + vp.textberg_generated(tb)
    if ecb_dir is not None:
        cases += vp.ecb_cases(ecb_dir) + vp.ecb_generated(ecb_dir)
    return cases


def run_cases(cases: list[vp.Case], xl_model: str, cache: EmbeddingCache,
              model: VerdictModel | None = None) -> list[dict[str, Any]]:
    """Every case through alignment, evidence and summary; one row each."""
    encoders = {"en": load_encoder("minilm"), "de-fr": load_encoder(xl_model)}
    plans = {lang: make_plan(DriftConfig(model=m, drift="cosine"), encoders[lang])
             for lang, m in (("en", "minilm"), ("de-fr", xl_model))}
    groups: dict[tuple[str, str], list[vp.Case]] = defaultdict(list)
    for c in cases:
        groups[(c.base_id, c.language)].append(c)
    rows = []
    for (_, lang), group in groups.items():
        enc, plan = encoders[lang], plans[lang]
        seg = "lines" if group[0].lines else plan.config.segmenter

        def sents(text: str, seg: str = seg, strip: bool = not group[0].lines) -> list[Any]:
            doc = document_from_text(text, strip=strip)
            return segment_paragraphs(doc.paragraphs, seg)

        base_s = sents(group[0].base)
        deriv_s = [sents(c.derivative) for c in group]
        texts = [[s.norm for s in x] for x in [base_s, *deriv_s]]
        wins = embed_windows(texts, enc, plan.align.max_group, cache)
        for c, ds, dt, w in zip(group, deriv_s, texts[1:], wins[1:]):
            al, _, cal = align_windows(wins[0], w, texts[0], dt, plan.align, plan.calibrates,
                                       plan.margins)
            pairs = score_alignment(al, base_s, ds, plan, None, None, cal)
            other = vocabulary_overlap(texts[0], dt) < CROSS_LINGUAL_OVERLAP
            ev = copying_evidence(texts[0], dt, pairs, list(al.margins), other, model)
            s = summarize(pairs, len(base_s), len(ds), ev)
            rows.append({"proxy": c.proxy, "name": c.name, "derived": c.derived,
                         "features": ev.features, "p_derived": ev.p_derived,
                         "aligned_run": ev.aligned_run, "n_base": len(base_s),
                         "doc_cosine": _doc_cosine(wins[0][1], w[1]),
                         "old_score": 1 - s.coverage + (s.mean_drift or 1.0),
                         "verdict": s.verdict, "kind": s.kind, "coverage": s.coverage,
                         "support": s.support})
    return rows


def _doc_cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of the two documents' mean sentence embeddings (the plain baseline)."""
    va, vb = np.asarray(a, np.float64).mean(0), np.asarray(b, np.float64).mean(0)
    return float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb) + 1e-12))


def auc(scores: list[float], labels: list[bool]) -> float | None:
    """ROC AUC of ``scores`` for ``labels`` (ties count one half); None without both labels."""
    pos = [x for x, y in zip(scores, labels) if y]
    neg = [x for x, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _group(r: dict[str, Any]) -> tuple[str, str, bool]:
    kind = r["name"].split(":")[0] if r["proxy"].endswith("-gen") else ""
    return r["proxy"], kind, r["derived"]


def fit(rows: list[dict[str, Any]], l2: float = 0.01) -> VerdictModel:
    """Logistic regression with non-negative weights; each group of pairs (proxy, kind of
    generated case, label) weighs the same."""
    from scipy.optimize import minimize

    X = np.array([[r["features"][f] for f in FEATURES] for r in rows])
    y = np.array([float(r["derived"]) for r in rows])
    groups: dict[tuple[str, str, bool], int] = defaultdict(int)
    for r in rows:
        groups[_group(r)] += 1
    w = np.array([1.0 / groups[_group(r)] for r in rows])
    w = w / w.sum()

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        z = theta[0] + X @ theta[1:]
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        ll = -np.sum(w * (y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
        ll += l2 * np.sum(theta[1:] ** 2)
        g = p - y
        grad = np.concatenate([[np.sum(w * g)], X.T @ (w * g) + 2 * l2 * theta[1:]])
        return float(ll), grad

    theta0 = np.zeros(1 + X.shape[1])
    bounds = [(None, None)] + [(0.0, None)] * X.shape[1]
    res = minimize(loss, theta0, jac=True, bounds=bounds, method="L-BFGS-B")
    theta = np.round(res.x, 4)
    return VerdictModel(float(theta[0]), tuple(float(c) for c in theta[1:]), {})


def counts(rows: list[dict[str, Any]], key: str = "p_derived") -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for r in rows:
        c = out.setdefault(r["proxy"], {"derived": 0, "missed": 0, "independent": 0,
                                         "false": 0})
        called = r[key] >= DERIVED_THRESHOLD
        if r["derived"]:
            c["derived"] += 1
            c["missed"] += not called
        else:
            c["independent"] += 1
            c["false"] += called
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--ecb-dir", type=Path, default=None)
    ap.add_argument("--xl-model", default="use-m3")
    ap.add_argument("--fit", action="store_true", help="refit p_derived, write verdict.json")
    ap.add_argument("--rows", type=Path, default=None, help="write every row as JSON here")
    ap.add_argument("--l2", type=float, default=1e-4)
    args = ap.parse_args()
    cache = EmbeddingCache()
    t0 = time.time()
    cases = build_cases(args.eval_dir, args.ecb_dir)
    rows = run_cases(cases, args.xl_model, cache)
    print(f"{len(rows)} pairs in {time.time() - t0:.0f} s", file=sys.stderr)
    labelled = [r for r in rows if r["proxy"] not in DIAGNOSTIC]
    if args.fit:
        held: dict[int, float] = {}
        for fold in sorted(set(FOLDS.values())):
            train = [r for r in labelled if FOLDS[r["proxy"]] != fold]
            m = fit(train, args.l2)
            for k, r in enumerate(rows):
                if FOLDS.get(r["proxy"], "ecb") == fold:
                    held[k] = m.predict(r["features"])
        for k, r in enumerate(rows):
            r["p_heldout"] = held[k]
        model = fit(labelled, args.l2)
        for r in rows:
            r["p_derived"] = model.predict(r["features"])
        cv = counts(rows, "p_heldout")
        meta = {"fitted_by": "benchmarks/bench_verdict.py --fit", "l2": args.l2,
                "pairs": len(labelled), "held_out": cv,
                "folds": sorted(set(FOLDS.values()))}
        OUT.write_text(json.dumps({"features": list(FEATURES), "intercept": model.intercept,
                                   "coef": list(model.coef), "meta": meta}, indent=1) + "\n",
                       encoding="utf-8")
        print(f"wrote {OUT}: intercept {model.intercept}, coef {model.coef}", file=sys.stderr)
    shipped = counts(rows)
    cv = counts(rows, "p_heldout") if args.fit else {}
    print("| proxy | derived | derived called independent | independent | "
          "independent called derived |" + (" held out: missed / false |" if cv else ""))
    print("|---|---|---|---|---|" + ("---|" if cv else ""))
    for proxy, c in shipped.items():
        extra = f" {cv[proxy]['missed']} / {cv[proxy]['false']} |" if cv else ""
        print(f"| {proxy} | {c['derived']} | {c['missed']} | {c['independent']} | "
              f"{c['false']} |{extra}")
    print("\nROC AUC, derived against independent (English: example, ecb and their generated "
          "cases; cross-lingual: textberg and textberg-gen):")
    for lang, fams in (("English", ("example", "ecb")), ("de-fr", ("textberg",))):
        sel = [r for r in labelled if FOLDS[r["proxy"]] in fams]
        y = [r["derived"] for r in sel]
        res = {"p_derived": auc([r["p_derived"] for r in sel], y),
               "document cosine": auc([r["doc_cosine"] for r in sel], y),
               "-(1 - coverage + mean drift)": auc([-r["old_score"] for r in sel], y)}
        print(f"  {lang} ({len(sel)} pairs): " + ", ".join(
            f"{k} {v:.3f}" for k, v in res.items() if v is not None))
    if args.rows:
        args.rows.write_text(json.dumps(rows, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()
