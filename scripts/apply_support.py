#!/usr/bin/env python3
"""Write fitted support models and align settings (from scripts/calibrate.py) into config.toml and
into the built-in defaults in src/config.rs, so the shipped file and the defaults stay equal.

Usage: python3 scripts/apply_support.py support.toml

Writes align.paraphrase_min_coverage, align.max_missing_run, the [align.support] table (claims
against an article: SupportModel::default) and the [align.support_pair] table (sentence pairs:
SupportModel::pair), and the [align.semantic] weights when the fit has them (SemanticModel::default).
"""
import re, sys, tomllib

t = tomllib.load(open(sys.argv[1], "rb"))["align"]
cfg = open("config.toml").read()
rs = open("src/config.rs").read()
for key in ("paraphrase_min_coverage", "max_missing_run"):
    if key in t:
        cfg = re.sub(rf"\n{key} = [0-9.]+\n", f"\n{key} = {t[key]}\n", cfg)
        rs = re.sub(rf"{key}: [0-9.]+,", f"{key}: {t[key]},", rs)

for table, marker in (("support", "impl Default for SupportModel {"), ("support_pair", "    pub fn pair() -> SupportModel {")):
    if table not in t:
        continue
    w = t[table]
    body = "".join(f"{k} = {v}\n" for k, v in w.items())
    head = f"[align.{table}]\n"
    at = cfg.index(head) + len(head)
    end = re.match(r"(?:[a-z_]+ = [-0-9.e]+\n)+", cfg[at:]).end()
    cfg = cfg[:at] + body + cfg[at + end:]
    start = rs.index(marker)
    open_at = rs.index("SupportModel {\n", rs.index("\n", start)) + len("SupportModel {\n")
    close_at = rs.index("        }\n", open_at)
    fields = "".join(f"            {k}: {float(v)!r},\n" for k, v in w.items())
    rs = rs[:open_at] + fields + rs[close_at:]
if "semantic" in t:
    for k, v in t["semantic"].items():
        cfg = re.sub(rf"(\[align\.semantic\]\n(?:.*\n)*?){k} = [-0-9.e]+\n", rf"\g<1>{k} = {v}\n", cfg, count=1)
        start = rs.index("impl Default for SemanticModel {")
        rs = rs[:start] + re.sub(rf"\n            {k}: [-0-9.e]+,", f"\n            {k}: {float(v)!r},",
                                  rs[start:], count=1)
open("config.toml", "w").write(cfg)
open("src/config.rs", "w").write(rs)
