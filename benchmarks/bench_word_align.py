"""drift's word aligner on the MultiMWA monolingual word alignment gold (Lan et al., ACL 2021).

MultiMWA (github chaojiang06/neural-Jacana, folder ``MultiMWA-data``; the repository states no
licence, so the data is not copied into drift: fetch it and pass ``--data``) holds sentence
pairs with hand-made word links in four genres: MTReference (two English translations of one
news sentence, lower-cased, tokenised), Wikipedia (simplification edits), Newsela
(simplified news) and arXiv (revisions of paper sentences). Each line: id, sentence 1, -,
sentence 2, -, -, -, sure links, possible links (``i-j``, 0-based token indices).

drift aligns its own words (``drift.score.words``); each of its words lies inside one token of
the gold (the gold is split at spaces), so a drift link maps to the link between the two
tokens that hold its words. Precision, recall and F1 are over links, against sure and possible
links together, as Lan et al. evaluate (``--sure`` scores against the sure links alone).

Usage (from the repo root)::

    .venv/bin/python benchmarks/bench_word_align.py --data /path/to/MultiMWA-data
    .venv/bin/python benchmarks/bench_word_align.py --data ... --code /tmp/drift-old  # before
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: the sets (file under the data folder); test sets are what the paper reports
SETS = {"MTRef dev": "MultiMWA-MTRef/mtref-dev.tsv", "MTRef test": "MultiMWA-MTRef/mtref-test.tsv",
        "Wiki dev": "MultiMWA-Wiki/wiki-dev.tsv", "Wiki test": "MultiMWA-Wiki/wiki-test.tsv",
        "Newsela test": "MultiMWA-Newsela/newsela-test.tsv",
        "arXiv test": "MultiMWA-arXiv/arxiv-test.tsv"}

Links = set[tuple[int, int]]


def read_set(path: Path) -> list[tuple[list[str], list[str], Links, Links]]:
    """``(tokens 1, tokens 2, sure links, possible links)`` per line."""
    def links(field: str) -> Links:
        return {(int(a), int(b)) for a, b in (p.split("-") for p in field.split())}

    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            out.append((cols[1].split(" "), cols[3].split(" "), links(cols[7]), links(cols[8])))
    return out


def _token_of(words: Sequence, tokens: Sequence[str]) -> list[int]:
    """For each drift word, the index of the gold token that holds it."""
    starts, at = [], 0
    for t in tokens:
        starts.append(at)
        at += len(t) + 1
    import bisect

    return [bisect.bisect_right(starts, w.start) - 1 for w in words]


def predict(pairs: Sequence[tuple[list[str], list[str]]], encoder, cache,
            layer: int | None = None) -> list[Links]:
    """drift's links between gold tokens, for each pair."""
    from drift.score import wordalign
    from drift.score.words import analyze_words

    texts = [" ".join(t) for p in pairs for t in p]
    words = analyze_words(texts)
    sims = []
    if hasattr(wordalign, "context_similarity"):  # contextual token vectors
        from drift.embed.tokens import TOKEN_LAYER, pool_words, token_vectors

        rows = token_vectors(texts, encoder, cache, layer=layer or TOKEN_LAYER)
        vecs = [pool_words(r, [(w.start, w.end) for w in ws]) for r, ws in zip(rows, words)]
        for k in range(len(pairs)):
            sims.append(wordalign.context_similarity(vecs[2 * k], vecs[2 * k + 1]))
    else:  # an older drift: context-free vectors of content words
        vectors = wordalign.word_vectors(words, encoder, cache)
        for k in range(len(pairs)):
            sims.append(wordalign.word_similarity(words[2 * k], words[2 * k + 1], vectors))
    out = []
    for k, (ta, tb) in enumerate(pairs):
        wa, wb = words[2 * k], words[2 * k + 1]
        oa, ob = _token_of(wa, ta), _token_of(wb, tb)
        links = wordalign.align_words(wa, wb, sims[k])
        out.append({(oa[i], ob[j]) for i, j, _, _ in links
                    if not (wa[i].is_punct and ta[oa[i]] != wa[i].text)})
    return out


def score(pred: Sequence[Links], gold: Sequence[Links]) -> tuple[float, float, float]:
    tp = sum(len(p & g) for p, g in zip(pred, gold))
    n_pred, n_gold = sum(map(len, pred)), sum(map(len, gold))
    precision, recall = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the MultiMWA-data folder")
    ap.add_argument("--code", type=Path, help="import drift from this folder instead")
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    ap.add_argument("--sure", action="store_true", help="score against sure links only")
    ap.add_argument("--layer", type=int, help="the transformer layer of the word vectors "
                    "(default: drift's, drift.embed.tokens.TOKEN_LAYER)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.code.resolve() if args.code else REPO))
    import drift
    from drift.embed import EmbeddingCache
    from drift.embed.models import load_encoder

    encoder, cache = load_encoder("minilm"), EmbeddingCache()
    print(f"drift from {Path(drift.__file__).parent}; gold: "
          f"{'sure' if args.sure else 'sure + possible'} links; layer {args.layer or 'default'}\n")
    print("| set | pairs | precision | recall | F1 | seconds |")
    print("|---|---|---|---|---|---|")
    for name in args.sets.split(","):
        data = read_set(args.data / SETS[name])
        t = time.perf_counter()
        pred = predict([(a, b) for a, b, _, _ in data], encoder, cache, args.layer)
        secs = time.perf_counter() - t
        gold = [s if args.sure else s | p for _, _, s, p in data]
        p, r, f = score(pred, gold)
        print(f"| {name} | {len(data)} | {p:.3f} | {r:.3f} | {f:.3f} | {secs:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
