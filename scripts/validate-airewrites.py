#!/usr/bin/env python3
"""Check AI-rewrite case files against their page (EVAL_DIR, default ../shared/eval):
   python3 scripts/validate-airewrites.py scripts/data/airewrites2/ID12.json ...
Exit 1 when a file has an error; each error on its own line."""
import json, os, pathlib, re, sys
PAGES = {}
for l in open(str(pathlib.Path(os.environ.get("EVAL_DIR", "../shared/eval")) / "extraction/expected.jsonl"), encoding="utf-8"):
    d = json.loads(l); PAGES[d["id"][:12]] = d["expected_text"]
GOLD = {"claim": {"faithful", "changed", "invented", "commentary", "skip"},
        "quote": {"exact", "altered", "misattributed", "fabricated"}}
def norm(s):
    s = re.sub(r"[“”„‟″]", '"', s); s = re.sub(r"[‘’‚‛′]", "'", s)
    s = s.replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", " ", s).strip().lower()
bad = 0
for path in sys.argv[1:]:
    errs = []
    try:
        d = json.load(open(path, encoding="utf-8"))
    except OSError as e:
        print(f"{path}: cannot read: {e.strerror}"); bad += 1; continue
    except ValueError as e:
        print(f"{path}: not JSON: {e}"); bad += 1; continue
    pid = d.get("id", "")[:12]
    if not path.endswith(pid + ".json") or pid not in PAGES: errs.append("id must be the 12-char page id and the file name")
    art = d.get("article", ""); src = norm(PAGES.get(pid, ""))
    if not art.rstrip().endswith("Original Source: {SOURCE}"): errs.append("article must end with the line 'Original Source: {SOURCE}'")
    pos = 0; counts = {}
    for i, u in enumerate(d.get("units", [])):
        k, g, t = u.get("kind"), u.get("gold"), u.get("text", "")
        counts[g] = counts.get(g, 0) + 1
        if k not in GOLD or g not in GOLD[k]: errs.append(f"unit {i}: bad kind/gold {k}/{g}")
        if not u.get("why"): errs.append(f"unit {i}: no why")
        j = art.find(t, pos) if t else -1
        if j < 0: errs.append(f"unit {i}: text not found in article after previous unit: {t[:60]!r}")
        else: pos = j + len(t)
        if k == "quote":
            if not u.get("speaker") and g != "fabricated": errs.append(f"unit {i}: quote without speaker")
            inside = norm(t).rstrip(".,!?;: ")
            if g in ("exact", "misattributed") and inside not in src: errs.append(f"unit {i}: {g} quote not verbatim in the source text: {t[:60]!r}")
            if g in ("altered", "fabricated") and inside in src: errs.append(f"unit {i}: {g} quote IS verbatim in the source")
            if '"' in t or "“" in t or "”" in t: errs.append(f"unit {i}: quote unit text must be the words inside the marks, without the marks")
        if k == "claim" and g == "faithful" and ("“" in t or '"' in t): errs.append(f"unit {i}: a sentence holding a quotation must be scored by its quote unit only")
    print(f"{path}: {'OK' if not errs else 'ERRORS'} {dict(sorted(counts.items()))}")
    for e in errs: print("   ", e)
    bad += bool(errs)
sys.exit(1 if bad else 0)
