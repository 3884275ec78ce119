"""Sample real news sentence pairs from STS-B train+dev (news genre) for blind flag labelling."""
import csv, json, random, sys
rows = []
for split in ("train", "dev"):
    with open(f"/work/shared/eval/stsbenchmark/sts-{split}.csv", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")[:7]
            if len(f) < 7 or f[0] != "main-news":
                continue
            rows.append({"split": split, "file": f[1], "year": f[2], "sts_id": f[3],
                         "score": float(f[4]), "base": f[5], "derivative": f[6]})
rng = random.Random(20261206)
quota = {"MSRpar": 140, "headlines": 50, "deft-news": 50}
out = []
for file, n in quota.items():
    pool = [r for r in rows if r["file"] == file and r["score"] >= 2.0 and r["base"] != r["derivative"]]
    # stratify by score band
    bands = [(2.0, 3.0), (3.0, 4.0), (4.0, 5.01)]
    per = [n // 3, n // 3, n - 2 * (n // 3)]
    for (lo, hi), k in zip(bands, per):
        cand = [r for r in pool if lo <= r["score"] < hi]
        out += rng.sample(cand, min(k, len(cand)))
rng.shuffle(out)
for i, r in enumerate(out, 1):
    r["pair"] = i
with open("pairs.jsonl", "w", encoding="utf-8") as fh:
    for r in out:
        fh.write(json.dumps({"pair": r["pair"], "base": r["base"], "derivative": r["derivative"]}, ensure_ascii=False) + "\n")
with open("pairs_meta.jsonl", "w", encoding="utf-8") as fh:
    for r in out:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out))
