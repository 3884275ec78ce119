"""``drift batch`` on a generated corpus, measured side by side on this machine (issue 8).

The corpus: 60 bases of 30 news sentences each (the first sentence of each STS-B train pair
from ``headlines``, ``MSRpar`` and ``deft-news``, in file order, 30 a base; CC BY-SA, see
../shared/eval), and six
derivatives of each (360 in all):

* ``copy``: the base with page furniture around it (site name, date, a "Read More" line, a list
  of other headlines);
* ``cut``: paragraphs of three sentences, two dropped and one moved to the end;
* ``edit``: light edits (numbers changed, some words replaced, a comma dropped);
* ``merge``: pairs of sentences joined with "and", and long sentences split at a comma;
* ``excerpt``: the first half of the base and five sentences of another base;
* ``independent``: 30 sentences of the pool that are in no base.

Measured (``--what all``, each run in a fresh process, in this order):

1. **cold**: ``drift batch`` with an empty embedding cache: wall time, texts needed, distinct
   texts, texts encoded, sentences/s end to end, peak memory (RSS of the process);
2. **limit**: the raw ``encode`` throughput of the same distinct texts (the model alone,
   sorted by length), the upper bound of any pipeline;
3. **resumed**: the same command again (every report is done: skipped);
4. **cached**: reports deleted, embedding cache kept (everything is computed again but
   nothing is encoded);
5. **naive**: a ``drift score --out`` process per group with an empty cache (one model load and
   every text encoded again per group), on ``--naive-groups`` groups, scaled to all groups;
6. **dask**: the cold run on a 2-worker Dask LocalCluster (``--workers 2``);
7. **bf16**: ``--precision bf16`` against fp32 on the corpus's distinct sentences: speed, and
   the cosine between each text's two embeddings.

Usage: ``.venv/bin/python benchmarks/bench_batch.py [--eval-dir ../shared/eval]
[--work /tmp/drift-bench-batch] [--what cold,limit,...]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRIFT = [sys.executable, "-m", "drift.cli"]
# Runs the CLI and, at exit, writes the process's own peak RSS (VmHWM of its fresh address space)
# to the file named by DRIFT_BENCH_PEAK. ru_maxrss from wait4 is not used: Linux carries the
# parent's high-water mark across fork + exec, so a child of a benchmark that has loaded a model
# would report at least the benchmark's own size.
_PEAK_WRAPPER = (
    "import atexit, os, re, runpy, sys\n"
    "def _peak():\n"
    "    kb = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
    "    open(os.environ['DRIFT_BENCH_PEAK'], 'w').write(kb)\n"
    "atexit.register(_peak)\n"
    "sys.argv = ['drift', *sys.argv[1:]]\n"
    "runpy.run_module('drift.cli', run_name='__main__')\n"
)
N_BASES, BASE_SENTS = 60, 30


def _pool(eval_dir: Path) -> list[str]:
    seen: dict[str, None] = {}
    for line in (eval_dir / "stsbenchmark" / "sts-train.csv").read_text(
            encoding="utf-8").split("\n"):
        cols = line.split("\t")
        if len(cols) >= 7 and cols[1] in ("headlines", "MSRpar", "deft-news"):
            s = " ".join(cols[5].split())  # the first sentence of a pair only: no paraphrases
            if len(s.split()) >= 5:
                seen.setdefault(s[0].upper() + s[1:] if s[-1] in ".!?\"'" else
                                s[0].upper() + s[1:] + ".")
    return list(seen)


def _paras(sents: list[str], k: int = 3) -> list[str]:
    return [" ".join(sents[i:i + k]) for i in range(0, len(sents), k)]


_NUM = re.compile(r"\d+")
_SWAPS = {"said": "stated", "says": "states", "big": "large", "show": "indicate",
          "help": "assist", "buy": "purchase", "start": "begin", "quick": "fast"}


def _edit(s: str, rng: random.Random) -> str:
    s = _NUM.sub(lambda m: str(int(m.group(0)) + rng.randint(1, 9)), s, count=1)
    s = " ".join(_SWAPS.get(w, w) for w in s.split())
    return s.replace(",", "", 1) if rng.random() < 0.5 else s


def make_corpus(eval_dir: Path, folder: Path, seed: int = 13) -> Path:
    """Write the corpus and its manifest; returns the manifest."""
    rng = random.Random(seed)
    pool = _pool(eval_dir)
    bases = [pool[k * BASE_SENTS:(k + 1) * BASE_SENTS] for k in range(N_BASES)]
    spare = pool[N_BASES * BASE_SENTS:]
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for k, base in enumerate(bases):
        d = folder / f"b{k:02d}"
        d.mkdir(exist_ok=True)
        (d / "base.txt").write_text("\n\n".join(_paras(base)) + "\n", encoding="utf-8")
        paras = _paras(base)
        other = bases[(k + 1) % N_BASES]
        heads = [" ".join(s.split()[:8]).rstrip(".").title() for s in rng.sample(spare, 6)]
        derivs = {
            "copy": ["Daily Wire Online", "Tuesday, 4 March", "", *paras, "Read More", "",
                     "Related Articles", *heads],
            "cut": [p for i, p in enumerate(paras) if i not in (2, 6) and i != 4] + [paras[4]],
            "edit": _paras([_edit(s, rng) for s in base]),
            "merge": _paras([f"{a[:-1]} and {b[0].lower()}{b[1:]}" for a, b in
                             zip(base[0::2], base[1::2])][:8]
                            + [p for s in base[16:] for p in (s.split(", ", 1) if ", " in s
                                                              else [s])]),
            "excerpt": _paras(base[:15] + other[:5]),
            "independent": _paras(rng.sample(spare, BASE_SENTS)),
        }
        files = []
        for name, parts in derivs.items():
            text = "\n\n".join(p for p in parts if p) if name != "copy" else \
                "\n".join(parts)
            (d / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
            files.append(f"b{k:02d}/{name}.txt")
        lines.append({"id": f"b{k:02d}", "base": f"b{k:02d}/base.txt", "derivatives": files})
    manifest = folder / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return manifest


def _tree_rss_kb(pid: int) -> int:
    """Resident memory (KiB) of a process and all its descendants, now."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(x) for x in (task / "children").read_text().split()]
        except (OSError, AttributeError, ValueError):
            continue
    return total


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str, float]:
    """Wall seconds, peak RSS (MiB) of the drift process itself, stdout, and the peak of the
    summed RSS of it and its child processes (scoring processes, Dask workers), sampled every
    0.2 s.

    ``cmd`` starts with :data:`DRIFT`; it is run through :data:`_PEAK_WRAPPER`."""
    import tempfile

    assert cmd[: len(DRIFT)] == DRIFT
    with tempfile.TemporaryDirectory() as tmp:
        peak_file = Path(tmp) / "peak"
        run_env = {**env, "DRIFT_BENCH_PEAK": str(peak_file)}
        t0 = time.perf_counter()
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            proc = subprocess.Popen([sys.executable, "-c", _PEAK_WRAPPER, *cmd[len(DRIFT):]],
                                    env=run_env, stdout=out, stderr=err, text=True)
            tree = 0
            while proc.poll() is None:
                tree = max(tree, _tree_rss_kb(proc.pid))
                time.sleep(0.2)
            secs = time.perf_counter() - t0
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        peak_kb = float(peak_file.read_text()) if peak_file.exists() else float("nan")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr[-2000:]}")
    return secs, peak_kb / 1024, stdout, tree / 1024


def _parse(stdout: str) -> dict[str, float]:
    m = re.search(r"(\d+) groups scored, (\d+) already done, (\d+) failed \((\d+) sentences in "
                  r"([\d.]+) s; (\d+) of (\d+) distinct texts encoded; the groups needed "
                  r"(\d+)\)", stdout)
    if not m:
        raise SystemExit(f"unexpected batch output: {stdout}")
    keys = ["done", "skipped", "failed", "sentences", "seconds", "encoded", "distinct", "needed"]
    return dict(zip(keys, map(float, m.groups())))


def distinct_texts(manifest: Path) -> dict[str, list[str]]:
    """The distinct texts a cold batch encodes, per encoder name (as the batch plans them)."""
    sys.path.insert(0, str(ROOT))
    from drift.batch.manifest import read_manifest
    from drift.config import DriftConfig
    from drift.embed.models import load_encoder
    from drift.pipeline import embedding_needs, make_plan, segment
    from drift.score.driftscore import second_encoder
    from drift.text.read import read_document, read_documents

    plan = make_plan(DriftConfig(), load_encoder("minilm", lazy=True))
    main_t: dict[str, None] = {}
    pair_t: dict[str, None] = {}
    for g in read_manifest(manifest):
        docs = [read_document(g.base), *(d for p in g.derivatives for d in read_documents(p))]
        needs = embedding_needs(plan, [segment(d, plan) for d in docs])
        main_t.update(dict.fromkeys(needs["model"]))
        pair_t.update(dict.fromkeys(needs.get("second", [])))
    out = {plan.model.name: list(main_t)}
    enc2 = second_encoder()
    if enc2 is not None:
        out[enc2.name] = list(pair_t)
    return out


def limit(manifest: Path) -> dict[str, float]:
    """Raw encode time of the distinct texts, model loading excluded."""
    from drift.embed.models import load_encoder
    from drift.score.driftscore import second_encoder

    texts = distinct_texts(manifest)
    total = 0.0
    n = 0
    for enc in [load_encoder("minilm"), second_encoder()]:
        if enc is None:
            continue
        batch = sorted(texts[enc.name], key=len)
        enc.encode(batch[:64])  # warm up
        t0 = time.perf_counter()
        enc.encode(batch)
        total += time.perf_counter() - t0
        n += len(batch)
    return {"texts": n, "seconds": total, "rate": n / total}


def bf16(manifest: Path) -> dict[str, float]:
    import numpy as np

    from drift.embed.models import load_encoder

    texts = sorted(distinct_texts(manifest)[load_encoder("minilm", lazy=True).name], key=len)
    texts = [t for t in texts if " " in t][:4000]
    out = {}
    vecs = {}
    for prec in ("fp32", "bf16"):
        enc = load_encoder("minilm", precision=prec, device="cpu")
        enc.encode(texts[:64])
        t0 = time.perf_counter()
        vecs[prec] = enc.encode(texts)
        out[f"{prec}_rate"] = len(texts) / (time.perf_counter() - t0)
    cos = np.sum(vecs["fp32"].astype(np.float64) * vecs["bf16"], axis=1)
    out.update(texts=len(texts), mean_cos=float(cos.mean()), min_cos=float(cos.min()),
               p01_cos=float(np.quantile(cos, 0.01)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--work", default="/tmp/drift-bench-batch")
    ap.add_argument("--what", default="cold,limit,resumed,cached,naive,dask,bf16")
    ap.add_argument("--naive-groups", type=int, default=12)
    args = ap.parse_args()
    what = set(args.what.split(","))
    work = Path(args.work)
    if work.exists():
        shutil.rmtree(work)
    manifest = make_corpus(Path(args.eval_dir), work / "corpus")
    import os

    base_env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def env(cache: str) -> dict[str, str]:
        return {**base_env, "DRIFT_CACHE_DIR": str(work / cache)}

    batch = [*DRIFT, "-q", "batch", str(manifest)]
    res: dict[str, dict] = {}
    if "cold" in what:
        secs, peak, out, tree = _timed([*batch, "--out", str(work / "out")], env("cache"))
        res["cold"] = {**_parse(out), "wall": secs, "peak_mib": peak, "tree_peak_mib": tree}
        print("cold", res["cold"], flush=True)
    if "limit" in what:
        res["limit"] = limit(manifest)
        print("limit", res["limit"], flush=True)
    if "resumed" in what:
        secs, peak, out, tree = _timed([*batch, "--out", str(work / "out")], env("cache"))
        res["resumed"] = {**_parse(out), "wall": secs, "peak_mib": peak, "tree_peak_mib": tree}
        print("resumed", res["resumed"], flush=True)
    if "cached" in what:
        secs, peak, out, tree = _timed([*batch, "--out", str(work / "out2")], env("cache"))
        res["cached"] = {**_parse(out), "wall": secs, "peak_mib": peak, "tree_peak_mib": tree}
        print("cached", res["cached"], flush=True)
        secs, peak, out, tree = _timed([*batch, "--out", str(work / "out3"), "--jobs", "1"],
                                       env("cache"))
        res["cached_jobs1"] = {**_parse(out), "wall": secs, "peak_mib": peak,
                               "tree_peak_mib": tree}
        print("cached, --jobs 1", res["cached_jobs1"], flush=True)
    if "naive" in what:
        lines = manifest.read_text().splitlines()[: args.naive_groups]
        t0 = time.perf_counter()
        for k, line in enumerate(lines):
            g = json.loads(line)
            cmd = [*DRIFT, "-q", "score", str(manifest.parent / g["base"]),
                   *(str(manifest.parent / d) for d in g["derivatives"]),
                   "--out", str(work / "naive" / g["id"])]
            subprocess.run(cmd, env=env(f"naive-cache-{k}"), check=True, capture_output=True)
        secs = time.perf_counter() - t0
        res["naive"] = {"groups": len(lines), "wall": secs,
                        "per_group": secs / len(lines), "all_groups": secs / len(lines) * N_BASES}
        print("naive", res["naive"], flush=True)
    if "dask" in what:
        secs, peak, out, tree = _timed([*batch, "--out", str(work / "out-dask"), "--workers",
                                        "2"], env("cache-dask"))
        res["dask"] = {**_parse(out), "wall": secs, "peak_mib": peak, "tree_peak_mib": tree}
        print("dask", res["dask"], flush=True)
        if (work / "out" / "summary.csv").exists():
            same = (work / "out" / "summary.csv").read_bytes() == \
                (work / "out-dask" / "summary.csv").read_bytes()
            res["dask"]["same_summary"] = same
            print("dask summary equal to the local one:", same)
    if "bf16" in what:
        res["bf16"] = bf16(manifest)
        print("bf16", res["bf16"], flush=True)
    (work / "results.json").write_text(json.dumps(res, indent=1))
    print(f"\nresults: {work / 'results.json'}")


if __name__ == "__main__":
    main()
