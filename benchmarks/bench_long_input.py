"""Time and peak memory of the word-level stages on very long sentences (issue 11).

    .venv/bin/python benchmarks/bench_long_input.py [--sizes 1000 2000 4000] [--model minilm]
                                                    [--timeout 300]

Each case runs in its own process (so its peak memory, ``ru_maxrss``, is its own) and is cut
after ``--timeout`` seconds. A case is one pair of sentences of N words made from the
example corpus's words (seeded): the derivative replaces every tenth word and swaps some
neighbours. Measured per size:

* ``explain``: :func:`drift.score.explain.explain_pairs` with the model's word vectors
  (``--model``; ``none`` for a purely lexical matching), spaCy and the model loaded first;
* ``lexical``: :func:`drift.text.lexical.lexical_similarity`;
* ``segment``: nupunkt (drift's splitter) on one line of N words without punctuation.

Prints a markdown table: case, seconds, peak MiB, and the notes of the explanation.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "kazakhstan-2022"


def make_pair(n: int, seed: int = 0) -> tuple[str, str]:
    """A base sentence of ``n`` words and a light rewrite of it."""
    vocab = sorted({w for p in EXAMPLE.glob("*.txt")
                    for w in re.findall(r"[A-Za-z]+", p.read_text(encoding="utf-8"))})
    rng = random.Random(seed)
    base = [rng.choice(vocab) for _ in range(n)]
    deriv = list(base)
    for k in range(0, n, 10):
        deriv[k] = rng.choice(vocab)
    for k in range(5, n - 1, 37):
        deriv[k], deriv[k + 1] = deriv[k + 1], deriv[k]
    return " ".join(base) + ".", " ".join(deriv) + "."


def run_case(stage: str, n: int, model: str) -> dict[str, object]:
    """Run one case in this process; returns seconds, peak MiB and notes."""
    a, b = make_pair(n)
    notes: list[str] = []
    if stage == "explain":
        from drift.score.explain import explain_pairs

        encoder = None
        if model != "none":
            from drift.embed.models import load_encoder

            encoder = load_encoder(model)
            encoder.encode(["warm up"])
        explain_pairs([("Warm up.", "Warm up, again.")], encoder, None)  # loads spaCy
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        e = explain_pairs([(a, b)], encoder, None)[0]
        notes = list(getattr(e, "notes", ()))
    elif stage == "lexical":
        from drift.text.lexical import lexical_similarity

        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        lexical_similarity(a, b)
    elif stage == "segment":
        from drift.text.segment import split_sentences

        line = a.rstrip(".")
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t = time.perf_counter()
        split_sentences(line)
    else:
        raise SystemExit(f"unknown stage {stage}")
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mib": rss / 1024, "extra_mib": (rss - rss0) / 1024,
            "notes": notes, "chars": len(a)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    ap.add_argument("--stages", nargs="+", default=["explain", "lexical", "segment"])
    ap.add_argument("--model", default="minilm", help="encoder for word vectors, or none")
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--case", nargs=2, help=argparse.SUPPRESS)  # internal: STAGE N
    args = ap.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case[0], int(args.case[1]), args.model)))
        return
    print("| stage | words | chars | seconds | peak MiB (process) | added MiB | notes |")
    print("|---|---|---|---|---|---|---|")
    for stage in args.stages:
        for n in args.sizes:
            cmd = [sys.executable, __file__, "--case", stage, str(n), "--model", args.model]
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                                     timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"| {stage} | {n} | | > {args.timeout:.0f} (cut) | | | |", flush=True)
                continue
            except subprocess.CalledProcessError as exc:
                last = (exc.stderr.strip().splitlines() or ["?"])[-1]
                print(f"| {stage} | {n} | | failed: {last} | | | |", flush=True)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"| {stage} | {n} | {r['chars']} | {r['seconds']:.2f} | {r['peak_mib']:.0f} "
                  f"| {r['extra_mib']:.0f} | {' '.join(r['notes']) or '-'} |", flush=True)


if __name__ == "__main__":
    main()
