"""Alignment benchmark on the Text+Berg de-fr test documents: a markdown table of strict and
lax P/R/F1 and seconds per model (settings: the ``textberg`` preset, tuned on the dev pair
only by benchmarks/tune_align.py)::

    .venv/bin/python benchmarks/bench_align.py --gold-dir ../shared/eval/textberg_de_fr \\
        --models multilingual e5small
"""

from __future__ import annotations

import argparse
import tempfile

from drift.config import DriftConfig
from drift.embed import EmbeddingCache
from drift.embed.models import load_encoder
from drift.evaluate import EvalResult, evaluate_alignment
from drift.pipeline import make_plan


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold-dir", default="../shared/eval/textberg_de_fr")
    ap.add_argument("--models", nargs="+", default=["multilingual"])
    ap.add_argument("--preset", default="textberg")
    ap.add_argument("--split", default="test", choices=["test", "dev"])
    args = ap.parse_args()
    print(EvalResult.HEADER)
    sigs = []
    with tempfile.TemporaryDirectory() as tmp:  # cold cache: seconds include embedding
        cache = EmbeddingCache(tmp)
        for alias in args.models:
            cfg = DriftConfig(model=alias, segmenter="lines", strip_furniture=False,
                              preset=args.preset)
            encoder = load_encoder(alias)
            r = evaluate_alignment(args.gold_dir, make_plan(cfg, encoder), encoder,
                                   split=args.split, cache=cache)
            print(r.row(alias), flush=True)
            sigs.append(r.signature)
        cache.close()
    print()
    for s in sigs:
        print(s)


if __name__ == "__main__":
    main()
