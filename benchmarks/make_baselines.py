"""Compute drift/data/baselines.json: per-model rescaling baselines (see drift.score.rescale).

    .venv/bin/python benchmarks/make_baselines.py minilm multilingual e5small
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from drift.embed.models import load_encoder
from drift.score.rescale import baseline_from_embeddings, read_sample

OUT = Path(__file__).resolve().parent.parent / "drift" / "data" / "baselines.json"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("models", nargs="+", help="model aliases")
    args = ap.parse_args()
    rows = read_sample()
    table = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    for alias in args.models:
        enc = load_encoder(alias)
        flat = [t for row in rows for t in row]
        emb = enc.encode(flat).reshape(len(rows), len(rows[0]), -1)
        b = baseline_from_embeddings(enc.name, np.asarray(emb))
        table[enc.name] = b.to_dict()
        print(f"{alias:14s} {enc.name:45s} unrelated {b.unrelated:.3f}  "
              f"translated {b.translated:.3f}")
    OUT.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
