"""The English reference of drift/calibrate.py: median and robust spread (1.4826 x MAD) of the
sentence similarities of all-MiniLM-L6-v2 between the example corpus' base and its
derivatives, read and segmented as ``drift score`` reads them::

    .venv/bin/python benchmarks/calibration_reference.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from drift.embed.models import load_encoder
from drift.text.read import read_document
from drift.text.segment import segment_paragraphs

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "kazakhstan-2022"
NAMES = ["mt_macedonian_blog", "ai_budapest_post", "republished_london_daily",
         "independent_straits_times"]


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    enc = load_encoder("minilm")

    def sentences(name: str) -> list[str]:
        doc = read_document(EXAMPLE / f"{name}.txt")
        return [s.norm for s in segment_paragraphs(doc.paragraphs, "nupunkt")]

    base = enc.encode(sentences("base_reuters"))
    rows = []
    for name in NAMES:
        sims = base @ enc.encode(sentences(name)).T
        u = float(np.median(sims))
        r = 1.4826 * float(np.median(np.abs(sims - u)))
        rows.append((u, r))
        print(f"{name:28s} median {u:.3f}  robust spread {r:.3f}")
    u, r = np.mean(rows, axis=0)
    print(f"{'mean':28s} median {u:.3f}  robust spread {r:.3f}")


if __name__ == "__main__":
    main()
