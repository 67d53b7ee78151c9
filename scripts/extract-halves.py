#!/usr/bin/env python3
"""Extraction F1 on the dev pages overall and on the two halves split by page id parity.

Usage: python3 scripts/extract-halves.py BIN [DATA_DIR] [--save DIR] [--compare DIR]
A rule of `src/extract.rs` counts only if it raises F1 on both halves (measured separately), so
that it generalizes beyond the pages it was fitted on. Uses the scorer's own metric (imports
`score_extract.py` from DATA_DIR's parent); reads the pages at run time, copies nothing.
`--save DIR` keeps each page's output; `--compare DIR` prints the pages whose F1 changed.
"""
import gzip, json, pathlib, statistics, subprocess, sys, tempfile

args = sys.argv[1:]
opts = {}
for k in ("--save", "--compare"):
    if k in args:
        i = args.index(k)
        opts[k] = pathlib.Path(args[i + 1])
        del args[i : i + 2]
binp = args[0]
data = pathlib.Path(args[1] if len(args) > 1 else "../shared/eval")
sys.path.insert(0, str(data.resolve()))
import score_extract as S  # noqa: E402

cases = [json.loads(l) for l in (data / "extraction/expected.jsonl").read_text().splitlines() if l.strip()]
triples, out = {}, {}
with tempfile.TemporaryDirectory() as td:
    for c in cases:
        p = pathlib.Path(td) / f"{c['id']}.html"
        p.write_bytes(gzip.decompress((data / "extraction/pages" / f"{c['id']}.html.gz").read_bytes()))
        r = subprocess.run([binp, "extract", str(p), "--format", "text"], capture_output=True, timeout=60)
        text = r.stdout.decode("utf-8", "replace") if r.returncode == 0 else ""
        out[c["id"]] = text
        triples[c["id"]] = S.tp_fp_fn(c["expected_text"], text)


def f1_of(ids):
    return S.agg([triples[i] for i in ids])["f1"]


def page_f1(i):
    t = triples[i]
    p, r = S.prec(*t), S.rec(*t)
    return 2 * p * r / (p + r) if p + r else 0.0


ids = list(triples)
even = [i for i in ids if int(i, 16) % 2 == 0]
odd = [i for i in ids if int(i, 16) % 2 == 1]
worst = min(ids, key=page_f1)
print(f"F1={f1_of(ids):.4f} even={f1_of(even):.4f} (n={len(even)}) odd={f1_of(odd):.4f} (n={len(odd)}) "
      f"min_page={page_f1(worst):.3f} ({worst[:12]})")
if "--save" in opts:
    opts["--save"].mkdir(parents=True, exist_ok=True)
    for i, t in out.items():
        (opts["--save"] / f"{i}.txt").write_text(t)
    (opts["--save"] / "f1.json").write_text(json.dumps({i: page_f1(i) for i in ids}))
if "--compare" in opts:
    before = json.loads((opts["--compare"] / "f1.json").read_text())
    for i in ids:
        if abs(before.get(i, 0) - page_f1(i)) > 1e-9:
            print(f"  {i[:12]} {'even' if int(i, 16) % 2 == 0 else 'odd '} {before.get(i, 0):.3f} -> {page_f1(i):.3f}")
