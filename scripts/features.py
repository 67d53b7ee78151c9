#!/usr/bin/env python3
"""Dump the engine's claim features for the dev claim and paraphrase sets.

Usage: python3 scripts/features.py EVAL_DIR OUT.jsonl [--example target/release/examples/claim_features]
Writes one JSON line per statement with the case's id, set, origin and gold label (1 = supported
or paraphrase) added. Build the dumper first: cargo build --release --example claim_features.
"""
import argparse, json, pathlib, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("eval_dir")
ap.add_argument("out")
ap.add_argument("--example", default="target/release/examples/claim_features")
a = ap.parse_args()
ed = pathlib.Path(a.eval_dir)
cases = []
for line in open(ed / "claims.jsonl"):
    c = json.loads(line)
    cases.append({"id": c["id"], "set": "claims", "origin": c["origin"],
                  "gold": int(c["label"] == "supported"), "article": c["claim"], "source": c["source"]})
for line in open(ed / "paraphrase.jsonl"):
    c = json.loads(line)
    cases.append({"id": c["id"], "set": "paraphrase", "origin": "mrpc", "gold": int(c["label"]),
                  "article": c["a"], "source": c["b"]})
inp = "".join(json.dumps({"id": c["id"], "article": c["article"], "source": c["source"]}) + "\n" for c in cases)
out = subprocess.run([a.example], input=inp, capture_output=True, text=True, check=True).stdout
meta = {c["id"]: c for c in cases}
with open(a.out, "w") as f:
    for line in out.splitlines():
        r = json.loads(line)
        m = meta[r["id"]]
        r.update(set=m["set"], origin=m["origin"], gold=m["gold"])
        f.write(json.dumps(r) + "\n")
# Cases with no statement at all are kept as a row without features (always unsupported).
seen = {json.loads(l)["id"] for l in out.splitlines()}
with open(a.out, "a") as f:
    for c in cases:
        if c["id"] not in seen:
            f.write(json.dumps({"id": c["id"], "index": -1, "label": None, "features": None,
                                "set": c["set"], "origin": c["origin"], "gold": c["gold"]}) + "\n")
