"""``drift batch`` on a GPU next to the same batch on the CPU of the same machine (issue 8).

Run from the repo root on a machine with a GPU::

    OUT=/tmp/gpu python benchmarks/bench_gpu.py MANIFEST

with MANIFEST the corpus of ``benchmarks/bench_batch.py`` (``--work DIR`` makes it in
``DIR/corpus/manifest.jsonl``). It measures the raw encoding rate of the batch's distinct texts
(GPU fp32, GPU bf16 at batch 256 and 1024, CPU fp32) and their cosine agreement with CPU fp32,
then runs ``drift batch --drift rescaled`` cold and cached on the GPU (cached also with
``--jobs 1``), cold with bf16, and cold on the CPU, and compares the summaries. A second
argument picks the parts: ``encode``, ``batch`` or ``encode,batch`` (default). Results go to
``$OUT/gpu_check.json``. ``rescaled`` keeps
the check to one encoder (the combined score's second encoder, USE, runs on the CPU anyway).
"""
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, "benchmarks")
import numpy as np  # noqa: E402
import torch  # noqa: E402

OUT = Path(os.environ.get("OUT", "."))
M = Path(sys.argv[1])
PARTS = set((sys.argv[2] if len(sys.argv) > 2 else "encode,batch").split(","))
res: dict = {"torch": torch.__version__, "cuda": torch.cuda.is_available(),
             "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
             "cores": len(os.sched_getaffinity(0))}
print(res, flush=True)


def save():
    (OUT / "gpu_check.json").write_text(json.dumps(res, indent=1))


def batch(name, extra, cache):
    env = {**os.environ, "DRIFT_CACHE_DIR": f"/tmp/cache-{cache}"}
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "drift.cli", "-v", "batch", str(M), "--out",
                        f"/tmp/out-{name}", "--drift", "rescaled", *extra],
                       env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    lines = [x for x in (p.stdout + p.stderr).splitlines()
             if "scored" in x or "device" in x.lower() or "cuda" in x.lower() or "error" in x]
    res[f"batch_{name}"] = {"rc": p.returncode, "wall": wall, "lines": lines[-6:]}
    print(name, res[f"batch_{name}"], flush=True)
    if p.returncode not in (0, 1):
        print(p.stderr[-3000:], flush=True)
    save()


def summary(name):
    with open(f"/tmp/out-{name}/summary.csv", newline="") as f:
        return {(r["id"], r["derivative"]): r for r in csv.DictReader(f)}


def compare(a, b):
    sa, sb = summary(a), summary(b)
    same_verdict = sum(sa[k]["verdict"] == sb[k]["verdict"] and sa[k]["kind"] == sb[k]["kind"]
                       for k in sa)
    def num(x):
        return float(x) if x not in ("", None) else float("nan")

    diffs = {c: float(np.nanmax([abs(num(sa[k][c]) - num(sb[k][c])) for k in sa]))
             for c in ("coverage", "mean_drift", "max_drift", "p_derived")}
    res[f"compare_{a}_{b}"] = {"rows": len(sa), "same_verdict_and_kind": same_verdict,
                               "max_abs_diff": diffs}
    print(a, b, res[f"compare_{a}_{b}"], flush=True)
    save()


# 1. raw encoding rate of the batch's distinct sentence texts
from drift.batch.manifest import read_manifest  # noqa: E402
from drift.config import DriftConfig  # noqa: E402
from drift.embed.models import load_encoder  # noqa: E402
from drift.pipeline import embedding_needs, make_plan, segment  # noqa: E402
from drift.text.read import read_document, read_documents  # noqa: E402

main_t: dict = {}
PLAN = make_plan(DriftConfig(), load_encoder("minilm", lazy=True))
for g in read_manifest(M):
    docs = [read_document(g.base), *(d for p in g.derivatives for d in read_documents(p))]
    main_t.update(dict.fromkeys(embedding_needs(PLAN, [segment(d, PLAN) for d in docs])["model"]))
texts = sorted(main_t, key=len)
res["texts"] = len(texts)
if "encode" not in PARTS:
    texts = []
vecs = {}
RUNS = [("cuda", "fp32", None), ("cuda", "bf16", None), ("cuda", "bf16", 1024),
        ("cpu", "fp32", None)]
for dev, prec, bs in RUNS if texts else []:
    enc = load_encoder("minilm", device=dev, precision=prec)
    enc.batch_size = bs or enc.batch_size
    dev = f"{dev}{bs or ''}"
    enc.encode(texts[:256])
    if dev.startswith("cuda"):
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    vecs[(dev, prec)] = enc.encode(texts)
    dt = time.perf_counter() - t0
    res[f"encode_{dev}_{prec}"] = {"seconds": dt, "rate": len(texts) / dt}
    print(dev, prec, res[f"encode_{dev}_{prec}"], flush=True)
    save()
ref = vecs[("cpu", "fp32")].astype(np.float64) if texts else None
for key in [("cuda", "fp32"), ("cuda", "bf16"), ("cuda1024", "bf16")] if texts else []:
    cos = np.sum(ref * vecs[key], axis=1)
    res[f"cos_cpu_vs_{key[0]}_{key[1]}"] = {"mean": float(cos.mean()), "min": float(cos.min())}
print({k: v for k, v in res.items() if k.startswith("cos")}, flush=True)
save()

# 2. drift batch end to end: GPU (auto), its cached rerun, bf16, and the same on CPU
if "batch" not in PARTS:
    raise SystemExit(0)
batch("gpu", [], "gpu")
batch("gpu-cached", [], "gpu")
batch("gpu-cached-jobs1", ["--jobs", "1"], "gpu")
batch("gpu-bf16", ["--precision", "bf16"], "bf16")
batch("cpu", ["--device", "cpu"], "cpu")
compare("gpu", "cpu")
compare("gpu-bf16", "cpu")
for name in ("gpu", "cpu"):
    (OUT / f"summary-{name}.csv").write_bytes(Path(f"/tmp/out-{name}/summary.csv").read_bytes())
save()
