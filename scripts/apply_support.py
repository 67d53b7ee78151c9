#!/usr/bin/env python3
"""Write fitted support models and align settings (from scripts/calibrate.py) into config.toml and
into the built-in defaults in src/config.rs, so the shipped file and the defaults stay equal.

Usage: python3 scripts/apply_support.py support.toml

Writes align.paraphrase_min_coverage, align.max_missing_run, align.pair_min_coverage, the [align.support] table (claims
against an article: SupportModel::default) and the [align.support_pair] table (sentence pairs:
SupportModel::pair), and, from a --semantic fit, [align.semantic.support] and
[align.semantic.support_pair] (SupportModel::semantic, SupportModel::semantic_pair).
"""
import re, sys, tomllib

t = tomllib.load(open(sys.argv[1], "rb"))["align"]
cfg = open("config.toml").read()
rs = open("src/config.rs").read()
for key in ("paraphrase_min_coverage", "max_missing_run", "pair_min_coverage"):
    if key in t:
        cfg = re.sub(rf"\n{key} = [0-9.]+\n", f"\n{key} = {t[key]}\n", cfg)
        rs = re.sub(rf"{key}: [0-9.]+,", f"{key}: {t[key]},", rs)

TABLES = (
    ("support", "impl Default for SupportModel {"),
    ("support_pair", "    pub fn pair() -> SupportModel {"),
    ("semantic.support", "    pub fn semantic() -> SupportModel {"),
    ("semantic.support_pair", "    pub fn semantic_pair() -> SupportModel {"),
)
for table, marker in TABLES:
    w = t
    for part in table.split("."):
        w = w.get(part, {}) if isinstance(w, dict) else {}
    if not w or not all(isinstance(v, (int, float)) for v in w.values()):
        continue
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
open("config.toml", "w").write(cfg)
open("src/config.rs", "w").write(rs)
