#!/usr/bin/env python3
"""Run provcheck on the claim and paraphrase dev sets and dump each report's statements.

Usage: python3 scripts/dump_reports.py BIN EVAL_DIR OUT.jsonl [--set claims|paraphrase] [--limit N]
       [--jobs 2]
One JSON line per case: id, set, origin, gold (1 = supported / paraphrase), and the statements
(label, score, notes). Used for error analysis; honours
PROVCHECK_CONFIG like the scorers.
"""
import argparse, json, pathlib, sys

ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("eval_dir")
ap.add_argument("out")
ap.add_argument("--set", default="claims", choices=["claims", "paraphrase"])
ap.add_argument("--limit", type=int)
ap.add_argument("--jobs", type=int, default=2)
a = ap.parse_args()
sys.path.insert(0, str(pathlib.Path(a.eval_dir).resolve()))
import common as C  # noqa: E402

ed = pathlib.Path(a.eval_dir)
if a.set == "claims":
    cases = C.read_jsonl(ed / "claims.jsonl", a.limit)
    pairs = [(c["claim"], c["source"]) for c in cases]
    gold = [int(c["label"] == "supported") for c in cases]
    origin = [c["origin"] for c in cases]
else:
    cases = C.read_jsonl(ed / "paraphrase.jsonl", a.limit)
    pairs = [(c["a"], c["b"]) for c in cases]
    gold = [int(c["label"]) for c in cases]
    origin = ["mrpc"] * len(cases)
binp = C.check_bin(a.bin)
res = C.pmap(lambda p: C.verify_pair(binp, p[0], p[1]), pairs, a.jobs, a.set)
with open(a.out, "w") as f:
    for c, g, o, r, p in zip(cases, gold, origin, res, pairs):
        st = [] if r.failure else [
            {"label": s.get("label"), "score": s.get("score"), "text": s.get("text"),
             "notes": s.get("notes"),
             "evidence": [e.get("text") for e in s.get("evidence") or []]}
            for s in C.statements(r.report)]
        f.write(json.dumps({"id": c["id"], "set": a.set, "origin": o, "gold": g,
                            "failure": bool(r.failure), "statements": st,
                            "claim": p[0]}) + "\n")
