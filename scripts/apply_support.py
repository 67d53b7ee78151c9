#!/usr/bin/env python3
"""Write a fitted [align.support] table and align.paraphrase_min_coverage (from scripts/calibrate.py) into config.toml and into
SupportModel::default in src/config.rs, so the shipped file and the built-in defaults stay equal.

Usage: python3 scripts/apply_support.py support.toml
"""
import re, sys, tomllib

t = tomllib.load(open(sys.argv[1], "rb"))["align"]
w = t["support"]
floor = t["paraphrase_min_coverage"]
cfg = open("config.toml").read()
cfg = re.sub(r"\nparaphrase_min_coverage = [0-9.]+\n", f"\nparaphrase_min_coverage = {floor}\n", cfg)
body = "".join(f"{k} = {v}\n" for k, v in w.items())
header = ("# Claim support model (a logistic score over what the engine measures; see\n"
          "# docs/calibration.md). Fitted on the dev data by scripts/calibrate.py: a claim with no\n"
          "# disagreement is supported when bias + sum(weight * input) >= 0.\n[align.support]\n")
if "[align.support]" in cfg:
    cfg = re.sub(r"# Claim support model.*?\[align\.support\]\n(?:[a-z_]+ = [-0-9.e]+\n)+", header + body, cfg,
                 flags=re.S)
else:
    cfg = cfg.replace("\n[policy]\n", "\n" + header + body + "\n[policy]\n")
open("config.toml", "w").write(cfg)
rs = open("src/config.rs").read()
rs = re.sub(r"paraphrase_min_coverage: [0-9.]+,", f"paraphrase_min_coverage: {floor},", rs)
start = rs.index("impl Default for SupportModel {")
end = rs.index("\n}\n", start) + 3
fields = "".join(f"            {k}: {float(v)!r},\n" for k, v in w.items())
rs = rs[:start] + ("impl Default for SupportModel {\n    fn default() -> Self {\n        SupportModel {\n"
                   + fields + "        }\n    }\n}\n") + rs[end:]
open("src/config.rs", "w").write(rs)
