#!/usr/bin/env python3
"""Print the main text (the gold extraction) and URL of one dev page:
   python3 scripts/show-page.py ID12   (EVAL_DIR, default ../shared/eval)"""
import json, os, pathlib, sys
want = sys.argv[1]
for l in open(str(pathlib.Path(os.environ.get("EVAL_DIR", "../shared/eval")) / "extraction/expected.jsonl"), encoding="utf-8"):
    d = json.loads(l)
    if d["id"].startswith(want):
        print("URL:", d["url"]); print(); print(d["expected_text"]); break
else:
    sys.exit(f"no page {want}")
