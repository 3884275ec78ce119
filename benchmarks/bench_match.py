"""Benchmark of ``drift match``: quality on a generated corpus with known families, against a
MinHash-LSH baseline (datasketch), and the cost of the candidate stage at 10k-100k articles.

Quality (``--what quality``): a corpus generated from public evaluation sets (``--eval-dir``,
default ``../shared/eval``), written as JSONL with its gold edges:

* **copy**: a base's text with a site masthead and a "Read more" line;
* **edited copy** (kind ``copy`` in the gold): two words changed in two sentences, one sentence
  dropped, one sentence of the site's own added;
* **excerpt**: the first half of the base, plus two sentences of the site's own;
* **rewrite**: every sentence replaced by its STS-B paraphrase (pairs scored 4.0 or more; the
  MSRpar genre, taken from the Microsoft paraphrase corpus, is never used), two neighbouring
  sentences swapped, one dropped, two joined into one;
* **chain**: a copy of an edited copy (one more word changed): its gold source is the edited
  copy, not the base;
* **translation**: DEMETR source sentences (German, French, Spanish, Italian, Polish; ten
  consecutive items an article, each underlying sentence once: the five languages translate
  one pool of English sentences, so an item whose English reference shares half its words
  with one already taken is left out) as the base, its human English translation and its
  machine translation as two derivatives (two siblings that are paraphrases of each other,
  and are not edges); Text+Berg German chunks (twelve gold beads) as the base, the French
  lines of the same beads as the derivative;
* **real news** (``--ecb-dir``, the ``ECB+`` folder of github cltl/ECB-parser; CC BY 3.0
  annotations over news texts that stay with their publishers, so nothing is committed): per
  ECB+ topic, the first article of its first event as a base with copies, edited copies and
  excerpts, and the first article of its second event (another event of the same kind: "Tara
  Reid enters rehab" / "Lindsay Lohan enters rehab") as an **independent same-topic**
  article;
* **independent, same domain**: Text+Berg chunks whose translation is not in the corpus (the
  same Alpine yearbook);
* **digests**: pairs of digests of twelve STS-B headlines, ``k`` of them related one to one
  across the pair (pairs scored 0.5-2.0: "not equivalent, but on the same topic" / "... share
  some details"), the others unrelated headlines, each digest in its own order, ``k`` taking
  4, 8 and 12 in turn. With 4 (a third), two independent digests of one news day: counted as
  **independent**. With 8 or 12 (**stress**, reported apart), one digest's story list is the
  other's by construction (each headline was picked as the counterpart of one in the other),
  which no two independently written articles share.

Bases are built from disjoint sentences. Half the families carry dates (the base earliest);
the others have none, so that roots must be found from content. Ids are given after the
articles are shuffled, so an id says nothing of which article came first. Every article has a
``lang``. The gold is written beside the corpus (``gold.json``: edges, roots, independent and
stress articles, each article's public set in ``origins``). Edges are counted strictly (source
and target right) and as pairs (either way round); see :func:`evaluate`.

Verification time (``--what verify-time``): the whole ``drift match`` run on the quality corpus
(``--work``, made by ``--what quality``) with ``--jobs`` processes for verification, with an
empty embedding cache (``--cold``: everything is encoded, as on a new corpus) or the warm one.

Scale (``--what scale``): the candidate stage (both indexes, neighbours, margins, candidate
ranking) on synthetic articles of 25 sentences with planted copies, at ``--sizes``, each size
in a fresh process (peak memory of that process). Sentence vectors are stand-ins (random unit
vectors around topic centres, 512-d as use-m3's): encoding 2.5 million sentences takes hours
here, so it is measured on a sample (``--what encode``) and extrapolated.

    .venv/bin/python benchmarks/bench_match.py --what quality --work /tmp/drift-bench-match
    .venv/bin/python benchmarks/bench_match.py --what scale --sizes 10000,30000,100000
    .venv/bin/python benchmarks/bench_match.py --what encode
    .venv/bin/python benchmarks/bench_match.py --what candidates --work /tmp/drift-bench-match
    .venv/bin/python benchmarks/bench_match.py --what verify-time --work /tmp/drift-bench-match \
        --jobs 2 --cold

Results go to stdout as JSON lines and to ``benchmarks/results/match_*.json``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import resource
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

#: related headlines in a pair of digests of twelve (one pair of digests for each, in turn)
DIGEST_RELATED = (4, 8, 12)

FILLER = [
    "Readers can send tips to the newsroom by email.",
    "The site publishes local news seven days a week from its offices downtown.",
    "Our correspondents contributed additional reporting from the region.",
    "Subscribers receive the morning briefing before seven o'clock every weekday.",
    "This article was updated with further details after publication.",
    "Comments on this story have been closed by the moderators.",
]


# --- sources ----------------------------------------------------------------------------------

def sts_pairs(eval_dir: Path) -> list[tuple[str, float, str, str]]:
    out = []
    for name in ("sts-train.csv", "sts-dev.csv", "sts-test.csv"):
        for line in (eval_dir / "stsbenchmark" / name).read_text(encoding="utf-8").splitlines():
            f = line.split("\t")
            if len(f) < 7 or f[1] not in ("headlines", "deft-news"):
                continue  # news only (never MSRpar, the Microsoft paraphrase corpus)
            # headlines have no full stop: give every sentence one, as in an article body
            s1, s2 = (t.strip() if t.strip()[-1:] in ".!?\"'" else t.strip() + "."
                      for t in (f[5], f[6]))
            if len(s1.split()) >= 6 and len(s2.split()) >= 6:
                out.append((f[1], float(f[4]), s1, s2))
    return out


def demetr(eval_dir: Path) -> dict[str, list[dict[str, str]]]:
    """DEMETR items by language, each underlying sentence once: the five languages translate
    one pool of English sentences (FLORES, WMT), so an item whose English reference shares
    half its words with one already taken (another language's version of the same sentence,
    or a repeat) is left out; articles built from them would otherwise share a sentence."""
    by_lang: dict[str, dict[int, dict[str, str]]] = defaultdict(dict)
    with gzip.open(eval_dir / "demetr" / "demetr_dev.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            by_lang[r["lang_tag"]].setdefault(int(r["id"]), r)
    taken: list[set[str]] = []
    out: dict[str, list[dict[str, str]]] = {}
    for lang, items in sorted(by_lang.items()):
        keep = []
        for i in sorted(items):
            words = {w.lower() for w in re.findall(r"\w+", items[i]["eng_sent"])}
            if any(len(words & t) >= 0.5 * len(words | t) for t in taken):
                continue
            taken.append(words)
            keep.append(items[i])
        out[lang] = keep
    return out


def textberg_chunks(eval_dir: Path, beads: int = 12) -> list[tuple[list[str], list[str]]]:
    tb = eval_dir / "textberg_de_fr"
    docs = [(tb / "de" / n, tb / "fr" / n, tb / "gold" / n) for n in sorted(
        p.name for p in (tb / "de").iterdir())]
    docs.append((tb / "vecalign_dev" / "dev.de", tb / "vecalign_dev" / "dev.fr",
                 tb / "vecalign_dev" / "dev.defr"))
    out = []
    for de_p, fr_p, gold_p in docs:
        de = de_p.read_text(encoding="utf-8").splitlines()
        fr = fr_p.read_text(encoding="utf-8").splitlines()
        gold = []
        for line in gold_p.read_text(encoding="utf-8").splitlines():
            a, _, b = line.partition(":")
            gold.append((json.loads(a), json.loads(b)))
        gold = [g for g in gold if g[0] and g[1]]
        for s in range(0, len(gold) - beads + 1, beads):
            part = gold[s:s + beads]
            out.append(([de[i] for g in part for i in g[0]], [fr[j] for g in part for j in g[1]]))
    return out


# --- derivations ------------------------------------------------------------------------------

def word_edit(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    cands = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not cands:
        return sentence + " indeed"
    i = rng.choice(cands)
    swap = {"said": "stated", "will": "would", "new": "fresh", "has": "had"}
    words[i] = swap.get(words[i].lower(), words[i][:-1] + ("s" if words[i][-1] != "s" else "e"))
    return " ".join(words)


def article_text(sentences: list[str], masthead: str | None = None) -> str:
    paras = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    head = [masthead] if masthead else []
    tail = ["Read more"] if masthead else []
    return "\n\n".join(head + paras + tail)


def build_corpus(eval_dir: Path, seed: int = 0, families: int = 70, per_base: int = 12,
                 ecb_dir: Path | None = None
                 ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Records (id, text, date?, outlet, lang) and the gold (edges with kinds, roots,
    independent articles, and the ``stress`` articles: related-headline collages)."""
    rng = random.Random(seed)
    pairs = sts_pairs(eval_dir)
    rng.shuffle(pairs)
    used: set[str] = set()

    def fresh(pool: list[tuple[str, float, str, str]], n: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if n <= 0:
            return out
        for _, _, a, b in pool:
            if a in used or b in used:
                continue
            used.update((a, b))
            out.append((a, b))
            if len(out) == n:
                break
        return out

    high = [p for p in pairs if p[1] >= 4.0]
    mid = [p for p in pairs if 0.5 <= p[1] <= 2.0]  # STS: "not equivalent, same topic"
    spare = [p for p in pairs if 2.0 < p[1] < 4.0]
    own = [a for a, _ in fresh(spare, 400)]
    records: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    roots: list[str] = []
    independent: list[str] = []
    stress: list[str] = []
    digests: dict[str, int] = {}
    counter = iter(range(1, 10**6))

    origins: dict[str, str] = {}
    origin = ["sts-b"]  # the public set the articles being added are built from

    def add(text: str, lang: str, outlet: str, date: str | None) -> str:
        rid = f"a{next(counter):05d}"
        origins[rid] = origin[0]
        rec = {"id": rid, "text": text, "lang": lang, "outlet": outlet}
        if date:
            rec["date"] = date
        records.append(rec)
        return rid

    def date_for(dated: bool, day: int) -> str | None:
        return f"2024-03-{day:02d}" if dated else None

    def derive(f: int, base_s: list[str], para: list[str] | None, dated: bool,
               outlet: str) -> None:
        root = add(article_text(base_s), "en", outlet, date_for(dated, 1))
        roots.append(root)
        choices = ["copy", "edited", "excerpt"] + (["rewrite"] if para else [])
        kinds = rng.sample(choices, rng.choice(range(2, len(choices) + 1)))
        for k, kind in enumerate(kinds, 2):
            if kind == "copy":
                rid = add(article_text(base_s, f"Daily {f}"), "en", f"site{k}",
                          date_for(dated, k))
                edges.append({"source": root, "target": rid, "kind": "copy"})
            elif kind == "edited":
                s = list(base_s)
                for i in rng.sample(range(1, len(s)), 2):
                    s[i] = word_edit(s[i], rng)
                del s[rng.randrange(2, len(s) - 1)]
                s.insert(rng.randrange(3, len(s)), own.pop())
                rid = add(article_text(s, f"Courier {f}"), "en", f"site{k}", date_for(dated, k))
                edges.append({"source": root, "target": rid, "kind": "copy"})
                if rng.random() < 0.5:  # a chain: a copy of the edited copy
                    s2 = list(s)
                    i = rng.randrange(1, len(s2))
                    s2[i] = word_edit(s2[i], rng)
                    cid = add(article_text(s2, f"Mirror {f}"), "en", f"site{k + 5}",
                              date_for(dated, k + 10))
                    edges.append({"source": rid, "target": cid, "kind": "chain"})
            elif kind == "excerpt":
                s = base_s[: len(base_s) // 2] + [own.pop(), own.pop()]
                rid = add(article_text(s), "en", f"site{k}", date_for(dated, k))
                edges.append({"source": root, "target": rid, "kind": "excerpt"})
            elif para:
                s = list(para)
                i = rng.randrange(0, len(s) - 1)
                s[i], s[i + 1] = s[i + 1], s[i]
                del s[rng.randrange(len(s))]
                j = rng.randrange(0, len(s) - 1)
                s[j:j + 2] = [s[j].rstrip(".") + ", and " + s[j + 1][0].lower() + s[j + 1][1:]]
                rid = add(article_text(s), "en", f"site{k}", date_for(dated, k))
                edges.append({"source": root, "target": rid, "kind": "rewrite"})

    for f in range(families):
        chosen = fresh(high, per_base)
        if len(chosen) < per_base:
            break
        derive(f, [a for a, _ in chosen], [b for _, b in chosen], f % 2 == 0, f"wire{f % 7}")
    # real news (ECB+): a family on one event, an independent article on another event of the
    # same kind ("Tara Reid enters rehab" / "Lindsay Lohan enters rehab")
    if ecb_dir is not None:
        from verdict_proxies import ecb_topics

        origin[0] = "ecb+"
        for t, (e, p) in enumerate(ecb_topics(ecb_dir).values()):
            derive(1000 + t, e[0][1][:per_base + 6], None, t % 2 == 0, f"ecb-wire{t % 5}")
            independent.append(add(article_text(p[0][1][:per_base + 6]), "en",
                                   f"ecb-paper{t % 5}", date_for(t % 2 == 0, 1)))
    # translations: DEMETR
    origin[0] = "demetr"
    lang_code = {"german": "de", "french": "fr", "spanish": "es", "italian": "it",
                 "polish": "pl"}
    for lang, items in demetr(eval_dir).items():
        for s in range(0, len(items) - 9, 10):
            part = items[s:s + 10]
            dated = (s // 10) % 2 == 0
            root = add(article_text([r["src_sent"] for r in part]), lang_code[lang],
                       f"wire-{lang_code[lang]}", date_for(dated, 1))
            roots.append(root)
            for k, field in ((2, "eng_sent"), (3, "mt_sent")):
                rid = add(article_text([r[field] for r in part]), "en", f"translator{k}",
                          date_for(dated, k))
                edges.append({"source": root, "target": rid, "kind": "translation"})
    # translations and same-domain distractors: Text+Berg
    origin[0] = "text+berg"
    chunks = textberg_chunks(eval_dir)
    rng.shuffle(chunks)
    for n, (de, fr) in enumerate(chunks):
        if n % 3 == 2:  # the German chunk alone, its French version elsewhere not in corpus
            independent.append(add(article_text(de), "de", "alpine-de", None))
            continue
        if n % 3 == 1 and n % 2:
            independent.append(add(article_text(fr), "fr", "alpine-fr", None))
            continue
        dated = n % 2 == 0
        root = add(article_text(de), "de", "alpine-de", date_for(dated, 1))
        roots.append(root)
        rid = add(article_text(fr), "fr", "alpine-fr", date_for(dated, 2))
        edges.append({"source": root, "target": rid, "kind": "translation"})
    # digests of headlines (STS-B pairs scored 0.5-2.0: related, not equivalent): two digests
    # of twelve headlines, ``k`` of them related one to one across the two, the others
    # unrelated headlines (pairs scored below 0.5, or the spare pool, one side each). With a
    # third related they are two independent digests of one news day; with all twelve, each
    # headline of one was picked as the counterpart of one of the other: the story list of the
    # one is the other's by construction, so those are reported apart (stress), not counted as
    # independent.
    origin[0] = "sts-b"
    filler = [p for p in pairs if p[1] < 0.5] + spare
    level = 0
    while True:
        k = DIGEST_RELATED[level % len(DIGEST_RELATED)]
        chosen = fresh(mid, k)
        pads = [a for a, _ in fresh(filler, 2 * (per_base - k))]
        if len(chosen) < k or len(pads) < 2 * (per_base - k):
            break
        level += 1
        side_a = [a for a, _ in chosen] + pads[:per_base - k]
        side_b = [b for _, b in chosen] + pads[per_base - k:]
        rng.shuffle(side_a)
        rng.shuffle(side_b)  # two digests do not tell their stories in the same order
        pair = [add(article_text(side_a), "en", "digest-a", None),
                add(article_text(side_b), "en", "digest-b", None)]
        digests.update({x: k for x in pair})
        (independent if k < per_base // 2 else stress).extend(pair)
    order = list(range(len(records)))
    rng.shuffle(order)
    records = [records[i] for i in order]
    # ids in the shuffled order: an id says nothing of which article came first (drift match
    # breaks a tie it cannot decide by id, and marks that edge's direction unknown)
    new = {r["id"]: f"a{k:05d}" for k, r in enumerate(records, 1)}
    records = [{**r, "id": new[r["id"]]} for r in records]
    return records, {"edges": [{**e, "source": new[e["source"]], "target": new[e["target"]]}
                               for e in edges],
                     "roots": [new[x] for x in roots],
                     "independent": [new[x] for x in independent],
                     "stress": [new[x] for x in stress],
                     "digests": {new[x]: k for x, k in digests.items()},
                     "origins": {new[x]: o for x, o in origins.items()}}


# --- scoring ----------------------------------------------------------------------------------

def evaluate_split(pred_edges: list[tuple[str, str, str]], pred_roots: list[str],
                   gold: dict[str, Any], dated: set[str],
                   directions: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    """:func:`evaluate` over all families, and over dated and undated families apart."""
    out = evaluate(pred_edges, pred_roots, gold, directions)
    for name, keep in (("dated", True), ("undated", False)):
        g_edges = [e for e in gold["edges"] if (e["target"] in dated) == keep]
        members = {x for e in g_edges for x in (e["source"], e["target"])}
        sub = {"edges": g_edges, "roots": [r for r in gold["roots"] if r in members]}
        p_edges = [e for e in pred_edges if e[1] in members or e[0] in members]
        res = evaluate(p_edges, [r for r in pred_roots if r in members], sub, directions)
        out[name] = {k: v for k, v in res.items() if not k.startswith("n_")
                     and not k.endswith("_linked") and k not in ("by_origin", "linked")}
    return out


def _ratio(hits: int, n: int) -> float:
    return round(hits / max(1, n), 4)


def evaluate(pred_edges: list[tuple[str, str, str]], pred_roots: list[str],
             gold: dict[str, Any],
             directions: dict[tuple[str, str], str] | None = None) -> dict[str, Any]:
    """Precision and recall of the edges, and of the roots, and the share of independent
    articles linked to anything.

    Edges are counted two ways: **strict** (``precision``, ``recall``), an edge as written,
    source and target both right, an edge whose direction is marked unknown included as it is
    written; and **pair-level** (``pair_precision``, ``pair_recall``), an edge as an unordered
    pair of articles. ``by_direction`` gives, for each direction mark (``date``, ``content``,
    ``language``, ``unknown``...), the edges with that mark and how many are right as written
    and as pairs. ``by_origin`` gives both counts for the families built from each public set
    (by the target's set)."""
    gold_kind = {(e["source"], e["target"]): e["kind"] for e in gold["edges"]}
    parent = {e["target"]: e["source"] for e in gold["edges"]}

    def ancestors(x: str) -> set[str]:
        out = set()
        while x in parent:
            x = parent[x]
            out.add(x)
        return out

    pred = {(s, t) for s, t, _ in pred_edges}
    tp = pred & set(gold_kind)
    stress = set(gold.get("stress", []))
    clean = {p for p in pred if not set(p) & stress}
    anc_ok = {(s, t) for s, t in pred if s in ancestors(t)}
    und = {frozenset(p) for p in gold_kind}
    pred_und = {frozenset(p) for p in pred}
    out: dict[str, Any] = {
        "edges_predicted": len(pred), "edges_gold": len(gold_kind),
        "precision": _ratio(len(tp), len(pred)),
        "precision_without_stress": _ratio(len(tp & clean), len(clean)),
        "recall": _ratio(len(tp), len(gold_kind)),
        "pair_precision": _ratio(len(pred_und & und), len(pred_und)),
        "pair_recall": _ratio(len(pred_und & und), len(und)),
        "precision_ancestor": _ratio(len(anc_ok), len(pred)),
    }
    for kind in sorted(set(gold_kind.values())):
        g = {p for p, k in gold_kind.items() if k == kind}
        out[f"recall_{kind}"] = _ratio(len(g & pred), len(g))
        out[f"pair_recall_{kind}"] = _ratio(sum(frozenset(p) in pred_und for p in g), len(g))
        out[f"n_{kind}"] = len(g)
    by_pred_kind: dict[str, list[bool]] = defaultdict(list)
    for s, t, k in pred_edges:
        by_pred_kind[k].append((s, t) in gold_kind)
    for k, hits in sorted(by_pred_kind.items()):
        out[f"precision_pred_{k}"] = _ratio(sum(hits), len(hits))
        out[f"n_pred_{k}"] = len(hits)
    if directions is not None:
        marks: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for p in pred:
            row = marks[directions.get(p, "none")]
            row[0] += 1
            row[1] += p in gold_kind
            row[2] += frozenset(p) in und
        out["by_direction"] = {m: {"edges": n, "right_as_written": w, "right_as_pair": a}
                               for m, (n, w, a) in sorted(marks.items())}
    origins = gold.get("origins", {})
    by_origin = {}
    for o in sorted(set(origins.values())):
        g = {p for p in gold_kind if origins.get(p[1]) == o}
        mine = {p for p in pred if origins.get(p[1]) == o}
        if not g and not mine:
            continue
        gu, mu = {frozenset(p) for p in g}, {frozenset(p) for p in mine}
        by_origin[o] = {"gold": len(g), "predicted": len(mine),
                        "precision": _ratio(len(mine & set(gold_kind)), len(mine)),
                        "recall": _ratio(len(g & pred), len(g)),
                        "pair_precision": _ratio(len(mu & und), len(mu)),
                        "pair_recall": _ratio(len(gu & pred_und), len(gu))}
    out["by_origin"] = by_origin
    roots_g, roots_p = set(gold["roots"]), set(pred_roots)
    out["root_precision"] = _ratio(len(roots_g & roots_p), len(roots_p))
    out["root_recall"] = _ratio(len(roots_g & roots_p), len(roots_g))
    linked = {x for p in pred for x in p}
    for name in ("independent", "stress"):
        ind = gold.get(name, [])
        out[f"{name}_linked"] = _ratio(sum(i in linked for i in ind), len(ind))
        out[f"n_{name}"] = len(ind)
    groups: dict[str, list[str]] = defaultdict(list)
    for i in gold.get("independent", []):
        groups[f"independent {origins.get(i, '?')}"].append(i)
    for i, k in gold.get("digests", {}).items():
        groups[f"digests {k} of 12 related"].append(i)
    out["linked"] = {g: {"articles": len(ids), "linked": sum(i in linked for i in ids)}
                     for g, ids in sorted(groups.items())}
    return out


def minhash_baseline(records: list[dict[str, Any]], threshold: float = 0.5, num_perm: int = 128,
                     ngram: int = 5) -> tuple[list[tuple[str, str, str]], list[str], float]:
    """datasketch MinHash-LSH over word n-grams: linked pairs -> families (connected groups),
    root = earliest date, else the longest text, edges root -> member."""
    from datasketch import MinHash, MinHashLSH

    from drift.match.verbatim import WORD

    t = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs = {}
    for r in records:
        toks = WORD.findall(r["text"].lower())
        grams = {" ".join(toks[i:i + ngram]).encode() for i in range(max(1, len(toks) - ngram + 1))}
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch(list(grams))
        sigs[r["id"]] = m
        lsh.insert(r["id"], m)
    parent = {r["id"]: r["id"] for r in records}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for rid, m in sigs.items():
        for other in lsh.query(m):
            if other != rid:
                a, b = find(rid), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for rid in parent:
        groups[find(rid)].append(rid)
    by_id = {r["id"]: r for r in records}
    edges, roots = [], []
    for members in groups.values():
        if len(members) < 2:
            continue
        root = min(members, key=lambda m: (by_id[m].get("date") or "9999",
                                           -len(by_id[m]["text"]), m))
        roots.append(root)
        edges += [(root, m, "copy") for m in members if m != root]
    return edges, roots, time.perf_counter() - t


def run_quality(args: argparse.Namespace) -> dict[str, Any]:
    from drift.config import DriftConfig
    from drift.embed.cache import EmbeddingCache
    from drift.match.config import MatchConfig
    from drift.match.run import DEFAULT_MODEL, match_corpus

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    records, gold = build_corpus(Path(args.eval_dir), seed=args.seed,
                                 ecb_dir=Path(args.ecb_dir) if args.ecb_dir else None)
    corpus = work / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                      encoding="utf-8")
    (work / "gold.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")
    kinds = defaultdict(int)
    for e in gold["edges"]:
        kinds[e["kind"]] += 1
    print(json.dumps({"corpus": str(corpus), "articles": len(records),
                      "gold_edges": dict(kinds), "roots": len(gold["roots"]),
                      "independent": len(gold["independent"]),
                      "stress": len(gold["stress"])}), flush=True)
    cache = EmbeddingCache(work / "cache")
    t = time.perf_counter()
    config = MatchConfig(min_margin=args.min_margin)
    executor = None
    if args.jobs > 1:
        from drift.batch.executors import LocalExecutor
        from drift.match.verify import verify_task

        executor = LocalExecutor(args.jobs, parallel=(verify_task,))
    try:
        result = match_corpus([corpus], config=config,
                              drift_config=DriftConfig(model=DEFAULT_MODEL), cache=cache,
                              executor=executor,
                              progress=lambda line: print(line, file=sys.stderr, flush=True))
    finally:
        if executor is not None:
            executor.close()
    seconds = time.perf_counter() - t
    pred = [(e["source"], e["target"], e["kind"]) for e in result.edges]
    roots = [f["root"] for f in result.families]
    dated = {r["id"] for r in records if r.get("date")}
    directions = {(e["source"], e["target"]): e["direction"] for e in result.edges}
    ours = evaluate_split(pred, roots, gold, dated, directions)
    linked_by: dict[str, int] = defaultdict(int)
    for e in result.edges:
        linked_by[e["linked_by"]] += 1
    ours["linked_by"] = dict(sorted(linked_by.items()))
    ours.update(seconds=round(seconds, 1), stats=result.stats, signature=result.signature)
    # the candidate stage alone: share of gold pairs among the candidates
    cand = {frozenset((c["a"], c["b"])) for c in result.candidates}
    gold_pairs = {frozenset((e["source"], e["target"])) for e in gold["edges"]}
    ours["candidate_recall"] = round(len(cand & gold_pairs) / len(gold_pairs), 4)
    (work / "edges.json").write_text(json.dumps(result.edges, indent=1), encoding="utf-8")
    (work / "candidates.json").write_text(json.dumps(result.candidates, indent=1),
                                          encoding="utf-8")
    b_edges, b_roots, b_sec = minhash_baseline(records)
    base = evaluate_split(b_edges, b_roots, gold, dated)
    base["seconds"] = round(b_sec, 1)
    out = {"articles": len(records), "drift_match": ours, "minhash_lsh": base}
    print(json.dumps(out), flush=True)
    return out


# --- scale ------------------------------------------------------------------------------------

def synthetic_text(n_docs: int, seed: int = 0, sentences: int = 25, vocab: int = 50_000,
                   words: int = 20) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word ids ``(n_docs * sentences, words)`` (Zipf-distributed), and the planted copies:
    a tenth of the articles (second half) copy one of the first half with a word changed."""
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, vocab + 1)
    p /= p.sum()
    toks = rng.choice(vocab, size=(n_docs * sentences, words), p=p).astype(np.int32)
    src = rng.choice(n_docs // 2, n_docs // 10, replace=False)
    dst = n_docs // 2 + np.arange(n_docs // 10)
    for s, t in zip(src, dst):
        toks[t * sentences:(t + 1) * sentences] = toks[s * sentences:(s + 1) * sentences]
        toks[t * sentences, 0] = (toks[t * sentences, 0] + 1) % vocab
    return toks, src, dst


def vector_block(start: int, size: int, d: int, n_topics: int, content: str) -> np.ndarray:
    """Stand-in sentence vectors ``start .. start + size`` (seeded by ``start``): around topic
    centres (``topics``) or plain random (``random``); not yet normalised."""
    rng = np.random.default_rng(10_000 + start)
    block = rng.standard_normal((size, d)).astype(np.float32)
    if content == "topics":
        topics = np.random.default_rng(1).standard_normal((n_topics, d)).astype(np.float32)
        block += 0.6 * topics[rng.integers(0, n_topics, size)]
    return block


def scale_point(n_docs: int, work: Path, content: str, sentences: int = 25,
                d: int = 512, ann: str = "ivf") -> dict[str, Any]:
    """One size, in this process: seconds per stage and the process's peak memory. Vectors
    are made and added in blocks of 10,000 articles, never all in memory."""
    from drift.match.candidates import combine_candidates
    from drift.match.config import MatchConfig
    from drift.match.semantic import SentenceIndex, margin_matches
    from drift.match.verbatim import ShingleIndex

    cfg = MatchConfig()
    toks, src, dst = synthetic_text(n_docs, sentences=sentences)
    copy_of = dict(zip(dst.tolist(), src.tolist()))
    out: dict[str, Any] = {"articles": n_docs, "sentences": n_docs * sentences,
                           "vectors": content, "ann": ann}
    folder = work / f"scale-{n_docs}-{content}"
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    names = np.array([f"w{i}" for i in range(50_000)])
    sh = ShingleIndex(cfg.ngram)
    idx = SentenceIndex(d, folder, cfg.nprobe, ann)
    t_text = t_vec = 0.0
    block_docs = 10_000
    for b0 in range(0, n_docs, block_docs):
        b1 = min(n_docs, b0 + block_docs)
        docs = [[" ".join(names[row]) + "." for row in toks[k * sentences:(k + 1) * sentences]]
                for k in range(b0, b1)]
        t = time.perf_counter()
        sh.add(docs)
        t_text += time.perf_counter() - t
        vecs = vector_block(b0 * sentences, (b1 - b0) * sentences, d, max(1, n_docs // 50),
                            content)
        stored = idx.vectors()
        noise = np.random.default_rng(b0).standard_normal((sentences, d)).astype(np.float32)
        for k in range(b0, b1):
            if k in copy_of:
                s0 = copy_of[k] * sentences
                # the source is in an earlier block (stored) or in this one (not normalised)
                source = np.asarray(stored[s0:s0 + sentences], dtype=np.float32) \
                    if copy_of[k] < b0 else vecs[s0 - b0 * sentences:s0 - b0 * sentences +
                                                 sentences] / np.linalg.norm(
                        vecs[s0 - b0 * sentences:s0 - b0 * sentences + sentences], axis=1,
                        keepdims=True)
                vecs[(k - b0) * sentences:(k - b0 + 1) * sentences] = \
                    source + 0.3 / np.sqrt(d) * noise
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        t = time.perf_counter()
        idx.add(vecs, np.repeat(np.arange(b0, b1), sentences))
        t_vec += time.perf_counter() - t
        del docs, vecs, stored
    out["verbatim_index_s"] = round(t_text, 1)
    out["vector_store_s"] = round(t_vec, 1)
    t = time.perf_counter()
    vp = sh.pairs(cfg.max_df, cfg.min_shared)
    out["verbatim_pairs_s"] = round(time.perf_counter() - t, 1)
    out["verbatim_pairs"] = len(vp)
    del sh
    t = time.perf_counter()
    _ = idx.index
    out["ann_build_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    nb = idx.neighbours(cfg.k)
    out["neighbours_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    m = margin_matches(nb, cfg.min_similarity, cfg.min_margin, cfg.skip)
    cands = combine_candidates(vp, m, idx.owners, min_shared=cfg.min_shared,
                               min_matched=cfg.min_matched, per_document=cfg.per_document)
    out["margins_candidates_s"] = round(time.perf_counter() - t, 1)
    out["sentence_matches"] = len(m.x)
    out["candidates"] = len(cands)
    found = {(int(a), int(b)) for a, b in zip(cands.a, cands.b)}
    out["planted_found"] = round(float(np.mean([(int(min(s, t)), int(max(s, t))) in found
                                                for s, t in zip(src, dst)])), 4)
    out["candidate_stage_s"] = round(sum(v for k, v in out.items() if k.endswith("_s")), 1)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    shutil.rmtree(folder, ignore_errors=True)
    return out


def run_scale(args: argparse.Namespace) -> list[dict[str, Any]]:
    rows = []
    for n in [int(x) for x in args.sizes.split(",")]:
        for content in args.contents.split(","):
            cmd = [sys.executable, __file__, "--what", "scale-point", "--n", str(n),
                   "--content", content, "--work", args.work, "--ann", args.ann]
            res = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if res.returncode != 0:
                print(res.stderr[-2000:], file=sys.stderr)
                continue
            row = json.loads(res.stdout.strip().splitlines()[-1])
            print(json.dumps(row), flush=True)
            rows.append(row)
    return rows


def run_candidates(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The candidate stage alone on the quality corpus (``--work``, made by ``--what
    quality``), with the exact index and with each approximate index forced: the share of
    gold pairs among the candidates, on real sentence vectors."""
    from drift.embed.cache import EmbeddingCache
    from drift.embed.encoder import embed
    from drift.embed.models import load_encoder
    from drift.match import semantic
    from drift.match.candidates import combine_candidates
    from drift.match.config import MatchConfig
    from drift.match.corpus import read_corpus
    from drift.match.run import DEFAULT_MODEL
    from drift.match.verbatim import WORD, ShingleIndex

    work = Path(args.work)
    gold = json.loads((work / "gold.json").read_text(encoding="utf-8"))
    arts = read_corpus([work / "corpus.jsonl"])
    texts = [s for a in arts for s in a.sentences]
    vecs = embed(texts, load_encoder(DEFAULT_MODEL), EmbeddingCache(work / "cache"))
    owners = np.repeat(np.arange(len(arts)), [len(a.sentences) for a in arts])
    ok = np.array([len(WORD.findall(t)) >= 4 for t in texts])
    sh = ShingleIndex(5)
    sh.add([a.sentences for a in arts])
    cfg = MatchConfig()
    vp = sh.pairs(cfg.max_df, cfg.min_shared)
    gold_pairs = {frozenset((e["source"], e["target"])) for e in gold["edges"]}
    rows = []
    for ann, forced in (("exact", False), ("hnsw", True), ("ivf", True)):
        semantic.IVF_FROM = 1000 if forced else 10**9
        idx = semantic.SentenceIndex(vecs.shape[1], None, cfg.nprobe,
                                     "hnsw" if ann == "exact" else ann)
        idx.add(vecs, owners)
        t = time.perf_counter()
        nb = idx.neighbours(cfg.k, ok)
        m = semantic.margin_matches(nb, cfg.min_similarity, cfg.min_margin, cfg.skip)
        c = combine_candidates(vp, m, owners, min_shared=cfg.min_shared,
                               min_matched=cfg.min_matched, per_document=cfg.per_document)
        found = {frozenset((arts[int(a)].id, arts[int(b)].id)) for a, b in zip(c.a, c.b)}
        rows.append({"index": ann, "sentences": len(texts), "sentence_matches": len(m.x),
                     "candidates": len(c), "seconds": round(time.perf_counter() - t, 1),
                     "candidate_recall": round(len(found & gold_pairs) / len(gold_pairs), 4)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def run_verify_time(args: argparse.Namespace) -> dict[str, Any]:
    """The whole run on the quality corpus of ``--work`` (made by ``--what quality``) with
    ``--jobs`` verification processes, from an empty embedding cache (``--cold``) or the warm
    one; seconds per stage and per candidate pair verified. Runs with earlier versions of
    drift too (``--jobs 1``): the figure before verification used several processes."""
    import os
    import shutil

    from drift.config import DriftConfig
    from drift.embed.cache import EmbeddingCache
    from drift.match.config import MatchConfig
    from drift.match.run import DEFAULT_MODEL, match_corpus

    work = Path(args.work)
    folder = work / ("cache-cold" if args.cold else "cache")
    if args.cold:
        shutil.rmtree(folder, ignore_errors=True)
    executor = None
    if args.jobs > 1:
        from drift.batch.executors import LocalExecutor
        from drift.match.verify import verify_task

        executor = LocalExecutor(args.jobs, parallel=(verify_task,))
    load = os.getloadavg()
    t = time.perf_counter()
    try:
        result = match_corpus([work / "corpus.jsonl"], config=MatchConfig(),
                              drift_config=DriftConfig(model=DEFAULT_MODEL),
                              cache=EmbeddingCache(folder), executor=executor)
    finally:
        if executor is not None:
            executor.close()
    seconds = time.perf_counter() - t
    st = result.stats
    out = {"jobs": args.jobs, "cold": bool(args.cold), "articles": st["articles"],
           "candidates": st["candidates"], "seconds": round(seconds, 1),
           "index_s": st["index_s"], "candidates_s": st["candidates_s"],
           "verify_s": st["verify_s"],
           "verify_s_per_candidate_pair": round(st["verify_s"] / max(1, st["candidates"]), 3),
           "families_s": st.get("families_s"), "verified_pairs": st.get("verified_pairs"),
           "verify_encode_s": st.get("verify_encode_s"),
           "verify_pipeline_s": st.get("verify_pipeline_s"),
           "load_before": [round(x, 1) for x in load],
           "load_after": [round(x, 1) for x in os.getloadavg()],
           "edges_sha256": hashlib.sha256(
               json.dumps(result.edges, sort_keys=True).encode()).hexdigest()[:16]}
    if args.cold:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(out), flush=True)
    return out


def run_encode(args: argparse.Namespace) -> list[dict[str, Any]]:
    from drift.embed.models import load_encoder

    pairs = sts_pairs(Path(args.eval_dir))
    texts = list(dict.fromkeys(s for p in pairs for s in p[2:]))[: args.sample]
    rows = []
    for model in args.models.split(","):
        enc = load_encoder(model)
        enc.encode(texts[:64])
        t = time.perf_counter()
        enc.encode(texts)
        sec = time.perf_counter() - t
        rate = len(texts) / sec
        rows.append({"model": model, "sentences": len(texts), "seconds": round(sec, 1),
                     "sentences_per_s": round(rate, 1),
                     "hours_for_2_5M": round(2_500_000 / rate / 3600, 2)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--what", choices=["quality", "scale", "scale-point", "encode",
                                       "candidates", "verify-time"],
                    default="quality")
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--work", default="/tmp/drift-bench-match")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ecb-dir", default=None,
                    help="the ECB+ folder of github cltl/ECB-parser (same-topic news)")
    ap.add_argument("--min-margin", type=float, default=0.1)
    ap.add_argument("--sizes", default="10000,30000,100000")
    ap.add_argument("--contents", default="topics")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--content", default="topics")
    ap.add_argument("--ann", default="ivf", choices=["hnsw", "ivf"])
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--models", default="use-m3,minilm")
    ap.add_argument("--jobs", type=int, default=1, help="verification processes (verify-time)")
    ap.add_argument("--cold", action="store_true",
                    help="verify-time from an empty embedding cache")
    ap.add_argument("--save", default=None, help="write the results to this JSON file")
    args = ap.parse_args()
    if args.what == "scale-point":
        print(json.dumps(scale_point(args.n, Path(args.work), args.content, ann=args.ann)))
        return
    Path(args.work).mkdir(parents=True, exist_ok=True)
    fn = {"quality": run_quality, "scale": run_scale, "encode": run_encode,
          "candidates": run_candidates, "verify-time": run_verify_time}[args.what]
    res = fn(args)
    if args.save:
        Path(args.save).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
