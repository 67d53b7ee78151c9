#!/usr/bin/env python3
"""Fit the claim decision and measure it out of fold on every dev set, in one command.

Usage:
  cargo build --release --example claim_features
  python3 scripts/oof.py ../shared/eval [--write config.toml] [--ablate] [--semantic]

What it does:
1. Runs the judge once (examples/claim_features, in process) on every dev set — claims (QAGS
   CNN/DM, XSum, SummEdits news), paraphrase (MRPC), rewrites (planted edits), airewrites (the AI
   rewrites) — and on the training-only material of EVAL_DIR/train, and keeps per statement the
   decision's inputs, the typed checks' findings and the fixed labels of quotes.
2. Splits the dev items into 5 folds grouped by source article (sha256 of the article id; the
   source text for QAGS/SummEdits, the page id for the rewrites). For each fold it fits the
   logistic regression on the other 4 folds plus all of train/, picks the two thresholds
   (supported, contradicted) on those same folds, and labels the held-out fold.
3. Scores the held-out labels with the scorers' own rules (score_claims.py, score_paraphrase.py,
   score_rewrites.py, score_airewrites.py: the same matching of units to statements by span) and
   prints the out-of-fold table; in-sample numbers (fit on everything) beside them.
4. With --write, writes the model fitted on all folds into the [align.decision] table of the given
   config (the shipped config.toml); with --semantic into [align.semantic.decision] (needs a
   dumper built with --features semantic).
With --ablate, also prints the out-of-fold table with each check's findings ignored, one at a
time: a check stays when it raises out-of-fold numbers on at least two data sets.
Needs numpy and scipy (pip install numpy scipy).
"""
import argparse, collections, gzip, hashlib, json, math, os, pathlib, re, subprocess, sys, tempfile

import numpy as np

SUPPORTED = {"verbatim", "paraphrase", "exact"}
FAILING = {"contradicted", "altered", "misattributed", "not_found"}
VETO = {"unverified", "not_found", "contradicted"}
AIR_ACCEPT = {"faithful": {"verbatim", "paraphrase"}, "changed": {"contradicted"}, "exact": {"exact"},
              "altered": {"altered"}, "misattributed": {"misattributed"}, "fabricated": {"not_found"}}
AIR_KINDS = ["faithful", "changed", "invented", "commentary", "exact", "altered", "misattributed",
             "fabricated"]
CHECKS = ["number", "number_kind", "name", "negation", "antonym", "hedge"]
# Share of the training weight each data set gets (classes balanced within each).
DS_WEIGHT = {"airewrites": 2.0, "rewrites": 1.0, "qags-cnndm": 1.0, "qags-xsum": 0.5,
             "summedits-news": 1.0, "mrpc": 1.0, "train-summedits": 1.0, "train-mrpc": 1.0}
# The AI-rewrite data sets: the eval's own, and more cases of that format (--extra-airewrites).
AIR_SETS = ("airewrites", "airewrites2")
FOLDS = 5


def sha(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def fold_of(group):
    return int(sha(group), 16) % FOLDS


def load_cases(ed, tmp, extra=None):
    """Every case: a job for the dumper plus what scoring needs; `extra` is a folder of more
    AI-rewrite cases in the airewrites format (the data set `airewrites2`)."""
    cases = []
    for line in open(ed / "claims.jsonl", encoding="utf-8"):
        c = json.loads(line)
        cases.append(dict(id=c["id"], ds=c["origin"], group=sha(c["source"]), article=c["claim"],
                          source=c["source"], gold=int(c["label"] == "supported")))
    for line in open(ed / "paraphrase.jsonl", encoding="utf-8"):
        c = json.loads(line)
        cases.append(dict(id=c["id"], ds="mrpc", group=c["id"], article=c["a"], source=c["b"],
                          gold=int(c["label"])))
    for line in open(ed / "train/claims_summedits_other.jsonl", encoding="utf-8"):
        c = json.loads(line)
        cases.append(dict(id=c["id"], ds="train-summedits", group=None, article=c["claim"],
                          source=c["source"], gold=int(c["label"] == "supported")))
    for line in open(ed / "train/paraphrase_mrpc_train_rest.jsonl", encoding="utf-8"):
        c = json.loads(line)
        cases.append(dict(id=c["id"], ds="train-mrpc", group=None, article=c["a"], source=c["b"],
                          gold=int(c["label"])))

    def page(pid):
        p = tmp / f"{pid}.html"
        if not p.exists():
            gz = ed / "extraction/pages" / f"{pid}.html.gz"
            if not gz.exists():  # a short id (the extra set's) names the page it begins
                found = sorted((ed / "extraction/pages").glob(f"{pid}*.html.gz"))
                if len(found) != 1:
                    sys.exit(f"oof.py: no page {pid} in {ed / 'extraction/pages'}")
                gz = found[0]
            p.write_bytes(gzip.decompress(gz.read_bytes()))
        return str(p)

    air_dirs = [("airewrites", "air-", ed / "airewrites")]
    if extra is not None:
        if not extra.is_dir():
            sys.exit(f"oof.py: {extra}: no such folder of AI-rewrite cases")
        air_dirs.append(("airewrites2", "air2-", extra))
    for ds, prefix, d in air_dirs:
        for f in sorted(d.glob("*.json")):
            c = json.loads(f.read_text(encoding="utf-8"))
            art = c["article"].replace("{SOURCE}", f"http://www.example.org/news/{c['id']}.html")
            units = []
            b = c["article"].encode("utf-8")
            for u in c["units"]:
                at = b.find(u["text"].encode("utf-8"))
                if u["gold"] == "skip" or at < 0:
                    continue
                # Spans before the last line are the same after filling {SOURCE}.
                units.append(dict(kind=u["kind"], gold=u["gold"], span=(at, at + len(u["text"].encode("utf-8")))))
            cases.append(dict(id=prefix + c["id"], ds=ds, group=c["id"], article=art,
                              source_path=page(c["id"]), units=units))
    for line in open(ed / "rewrites/cases.jsonl", encoding="utf-8"):
        c = json.loads(line)
        art = c["article_template"].replace("{SOURCE}", f"http://{c['host']}{c['source_path_on_server']}")
        plants = [dict(kind=p["kind"], skind=p["statement_kind"], accept=set(p["accept"]),
                       span=(p["target_span"]["start"], p["target_span"]["end"])) for p in c["plants"]]
        cases.append(dict(id="rw-" + c["id"], ds="rewrites", group=c["id"], article=art,
                          source_path=page(c["id"]), plants=plants))
    return cases


def dump(example, cases, env):
    jobs = "".join(json.dumps({"id": c["id"], "article": c["article"],
                               **({"source_path": c["source_path"]} if "source_path" in c else
                                  {"source": c["source"]})}) + "\n" for c in cases)
    out = subprocess.run([example], input=jobs, capture_output=True, text=True, check=True, env=env).stdout
    rows = collections.defaultdict(list)
    for line in out.splitlines():
        r = json.loads(line)
        rows[r["id"]].append(r)
    return rows


def overlap(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def best_statement(sts, kind, span):
    best, best_ov = None, 0
    for k, s in enumerate(sts):
        if s["kind"] != kind:
            continue
        ov = overlap(s["span"], span)
        if ov > best_ov:
            best, best_ov = k, ov
    return best


class Data:
    """Statements as arrays, and per case the indices scoring needs."""

    def __init__(self, cases, rows):
        X, checks, verb, fixed, train_y, case_of = [], [], [], [], [], []
        self.cases = cases
        for ci, c in enumerate(cases):
            sts = rows.get(c["id"], [])
            c["stmts"] = list(range(len(X), len(X) + len(sts)))
            gold_by_stmt = {}
            if c["ds"] in AIR_SETS:
                c["unit_stmt"] = []
                for u in c["units"]:
                    k = best_statement(sts, u["kind"], u["span"])
                    c["unit_stmt"].append(None if k is None else c["stmts"][k])
                    if k is not None and u["kind"] == "claim":
                        g = {"faithful": 1, "invented": 0, "commentary": 0}.get(u["gold"])
                        if g is not None:
                            gold_by_stmt[k] = g
            elif c["ds"] == "rewrites":
                c["plant_stmt"] = []
                for p in c["plants"]:
                    k = best_statement(sts, p["skind"], p["span"])
                    c["plant_stmt"].append(None if k is None else c["stmts"][k])
                    if k is not None and p["skind"] == "claim":
                        g = {"verbatim": 1, "fabricated_claim": 0}.get(p["kind"])
                        if g is not None:
                            gold_by_stmt[k] = g
            for k, s in enumerate(sts):
                is_claim = s["kind"] == "claim" and s["inputs"] is not None
                X.append(s["inputs"] if is_claim else [0.0] * len(NAMES))
                checks.append({f["check"] for f in s["findings"]})
                verb.append(bool(s["features"] and s["features"].get("verbatim_copy")))
                fixed.append(None if is_claim else s["label"])
                if not is_claim:
                    train_y.append(None)
                elif c["ds"] in AIR_SETS or c["ds"] == "rewrites":
                    train_y.append(gold_by_stmt.get(k))
                else:
                    train_y.append(c["gold"])
                case_of.append(ci)
        self.X = np.array(X, dtype=float)
        self.checks = checks
        self.verb = np.array(verb)
        self.fixed = fixed
        self.train_y = train_y
        self.case_of = np.array(case_of)
        self.ds = np.array([cases[i]["ds"] for i in case_of]) if case_of else np.array([])
        self.fold = np.array([-1 if cases[i]["group"] is None else fold_of(cases[i]["group"]) for i in case_of])

    def labels(self, p, supported, contradicted, partial, ignore=()):
        out = []
        for i, fx in enumerate(self.fixed):
            if fx is not None:
                out.append(fx)
                continue
            found = self.checks[i] - set(ignore)
            conflict = bool(found - {"hedge"})
            if conflict and p[i] >= contradicted:
                out.append("contradicted")
            elif not conflict and "hedge" not in found and p[i] >= supported:
                out.append("verbatim" if self.verb[i] else "paraphrase")
            elif p[i] >= partial:
                out.append("partial")
            else:
                out.append("unverified")
        return out


def bacc(gold, pred):
    pos = [p for g, p in zip(gold, pred) if g == 1]
    neg = [p for g, p in zip(gold, pred) if g == 0]
    if not pos or not neg:
        return float("nan")
    return 0.5 * (sum(pos) / len(pos) + sum(1 - p for p in neg) / len(neg))


def score(data, labels, case_ids):
    """The scorers' numbers for the given cases (indices into data.cases)."""
    by = collections.defaultdict(list)
    for ci in case_ids:
        by[data.cases[ci]["ds"]].append(ci)
    res = {}
    for ds in ("qags-cnndm", "qags-xsum", "summedits-news"):
        if ds in by:
            g, p = [], []
            for ci in by[ds]:
                labs = [labels[i] for i in data.cases[ci]["stmts"]]
                g.append(data.cases[ci]["gold"])
                p.append(int(bool(labs) and all(l in SUPPORTED for l in labs)))
            res[f"claims_{ds}"] = bacc(g, p)
    if "mrpc" in by:
        right = 0
        for ci in by["mrpc"]:
            labs = [labels[i] for i in data.cases[ci]["stmts"]]
            p = int(any(l in SUPPORTED for l in labs) and not any(l in VETO for l in labs))
            right += p == data.cases[ci]["gold"]
        res["mrpc_acc"] = right / len(by["mrpc"])
    if "rewrites" in by:
        right, total = collections.Counter(), collections.Counter()
        genuine = alarms = 0
        for ci in by["rewrites"]:
            c = data.cases[ci]
            for p, si in zip(c["plants"], c["plant_stmt"]):
                lab = labels[si] if si is not None else None
                total[p["kind"]] += 1
                right[p["kind"]] += lab in p["accept"]
                if p["kind"] in ("verbatim", "exact_quote"):
                    genuine += 1
                    alarms += lab is not None and lab not in SUPPORTED
        accs = {k: right[k] / total[k] for k in total}
        res["rewrites_macro"] = sum(accs.values()) / len(accs)
        res["rewrites_number_change"] = accs.get("number_change", float("nan"))
        res["rewrites_false_alarm"] = alarms / max(genuine, 1)
    for ds, pre in (("airewrites", "air"), ("airewrites2", "air2")):
        if ds in by:
            res.update(score_air(data, labels, by[ds], pre))
    return res


def score_air(data, labels, case_ids, pre):
    """score_airewrites.py's numbers for AI-rewrite cases, keys prefixed with `pre`."""
    res = {}
    right, total = collections.Counter(), collections.Counter()
    genuine = alarms = flagged = flagged_true = 0
    for ci in case_ids:
        c = data.cases[ci]
        for u, si in zip(c["units"], c["unit_stmt"]):
            g = u["gold"]
            lab = labels[si] if si is not None else "<missed>"
            acc = AIR_ACCEPT.get(g)
            ok = (lab not in SUPPORTED and si is not None) if acc is None else lab in acc
            total[g] += 1
            right[g] += ok
            if g in ("faithful", "exact"):
                genuine += 1
                alarms += lab in FAILING
            if si is not None and lab not in SUPPORTED:
                flagged += 1
                flagged_true += g not in ("faithful", "exact")
    accs = {k: right[k] / total[k] for k in AIR_KINDS if total[k]}
    res[f"{pre}_macro"] = sum(accs.values()) / len(accs)
    for k in ("faithful", "changed", "invented", "commentary"):
        res[f"{pre}_{k}"] = accs.get(k, float("nan"))
    res[f"{pre}_false_alarm"] = alarms / max(genuine, 1)
    res[f"{pre}_flag_precision"] = flagged_true / max(flagged, 1)
    if pre != "air":
        for k in ("exact", "altered", "misattributed"):
            res[f"{pre}_{k}"] = accs.get(k, float("nan"))
    return res


def objective(r):
    """One number to choose thresholds by: the targets' metrics, the product's genre double."""
    keys = ["claims_qags-cnndm", "claims_qags-xsum", "claims_summedits-news", "mrpc_acc", "rewrites_macro"]
    v = sum(r[k] for k in keys if k in r and not math.isnan(r[k]))
    # The AI-rewrite sets count as one genre: their terms are averaged by training weight.
    air = shares = 0.0
    for ds, pre in (("airewrites", "air"), ("airewrites2", "air2")):
        share = DS_WEIGHT.get(ds, 0.0)
        if share and f"{pre}_faithful" in r:
            shares += share
            air += share * (r[f"{pre}_faithful"] + r[f"{pre}_changed"] + 0.5 * (r[f"{pre}_invented"]
                            + r[f"{pre}_commentary"]) + r[f"{pre}_flag_precision"] - 4 * r[f"{pre}_false_alarm"])
    return v + air / max(shares, 1e-9) - 4 * r.get("rewrites_false_alarm", 0)


# The direction each input may push support, from what it measures (+1 more support, -1 less,
# 0 either): a fitted weight of the wrong sign is a fit to one data set's quirks, so the fit is
# bounded to these signs.
SIGNS = {"coverage": 1, "sentence_coverage": 1, "ratio": 1, "density": 1, "inner_edits": 0,
         "novel_key": -1, "max_missing_weight": -1, "missing_share": -1, "missing_elsewhere_share": -1,
         "length": 0, "source_coverage": 1, "bigram_precision": 1, "missing_run": -1,
         "trigram_precision": 1, "sentence_imported": -1, "pair": 0, "pair_source_coverage": 1,
         "pair_ratio": 1, "semantic": 1, "static_similarity": 1, "soft_precision": 1,
         "soft_recall": 1, "commentary": -1}


def fit_lr(X, y, w, l2=1.0):
    """Weighted L2 logistic regression on standardized inputs, each weight bounded to the sign of
    SIGNS (L-BFGS-B); returns (bias, weights) on the raw inputs."""
    from scipy.optimize import minimize
    mu, sd = X.mean(0), X.std(0)
    sd[sd < 1e-9] = 1.0
    Z = np.hstack([np.ones((len(X), 1)), (X - mu) / sd])

    def f(beta):
        z = Z @ beta
        loss = (w * (np.logaddexp(0, z) - y * z)).sum() + 0.5 * l2 * (beta[1:] ** 2).sum()
        p = 1 / (1 + np.exp(-z))
        g = Z.T @ (w * (p - y))
        g[1:] += l2 * beta[1:]
        return loss, g

    bounds = [(None, None)]
    for n in NAMES:
        sign = SIGNS.get(n, 0)
        bounds.append((0.0, None) if sign > 0 else (None, 0.0) if sign < 0 else (None, None))
    beta = minimize(f, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B", bounds=bounds).x
    wraw = beta[1:] / sd
    return beta[0] - (wraw * mu).sum(), wraw


def train_rows(data, mask):
    idx = [i for i in np.nonzero(mask)[0]
           if data.train_y[i] is not None and DS_WEIGHT.get(data.ds[i], 1.0) > 0]
    y = np.array([data.train_y[i] for i in idx], dtype=float)
    ds = data.ds[idx]
    w = np.zeros(len(idx))
    for d in set(ds):
        for cls in (0, 1):
            m = (ds == d) & (y == cls)
            if m.any():
                w[m] = DS_WEIGHT.get(d, 1.0) * 0.5 / m.sum()
    w *= len(idx) / w.sum()
    return data.X[idx], y, w


def probs(data, bias, wts):
    return 1 / (1 + np.exp(-(bias + data.X @ wts)))


# The inputs that come from the static vectors (zeroed for the lexical tier).
LEXICAL_DROP = ["static_similarity", "soft_precision", "soft_recall", "coverage_x_similarity",
                "similarity_squared"]


def choose(data, bias, wts, cases, ignore=()):
    """The thresholds (supported, contradicted) that maximize the objective on `cases`."""
    p = probs(data, bias, wts)
    best = None
    for s in np.arange(0.20, 0.71, 0.05):
        for c in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5):
            r = score(data, data.labels(p, s, c, 0.25, ignore), cases)
            o = objective(r)
            if best is None or o > best[0] + 1e-12:
                best = (o, round(float(s), 2), c)
    return best[1:]


def run_folds(data, ignore=()):
    """Out-of-fold labels for every dev case, and the per-fold models."""
    labels = [None] * len(data.fixed)
    dev_cases = [i for i, c in enumerate(data.cases) if c["group"] is not None]
    for k in range(FOLDS):
        train_mask = data.fold != k
        X, y, w = train_rows(data, train_mask)
        bias, wts = fit_lr(X, y, w)
        p = probs(data, bias, wts)
        tr_cases = [i for i in dev_cases if fold_of(data.cases[i]["group"]) != k]
        s, c = choose(data, bias, wts, tr_cases, ignore)
        labs = data.labels(p, s, c, 0.25, ignore)
        for i in np.nonzero(data.fold == k)[0]:
            labels[i] = labs[i]
    return labels, dev_cases


def fmt(r):
    return " ".join(f"{k}={v:.3f}" for k, v in r.items())


def write_model(path, table, bias, wts, s, c, partial=0.25):
    text = pathlib.Path(path).read_text(encoding="utf-8")
    body = (f"[{table}]\nbias = {bias:.3f}\nsupported = {s}\npartial = {partial}\ncontradicted = {c}\n"
            "\n"
            f"[{table}.weights]\n" + "".join(f"{n} = {v:.3f}\n" for n, v in zip(NAMES, wts)
                                              if round(v, 3) != 0.0) + "\n")
    pat = re.compile(r"\[" + re.escape(table) + r"\]\n.*?(?=\n\[(?!" + re.escape(table) + r"\.weights\]))",
                     re.S)
    new, n = pat.subn(body.rstrip("\n") + "\n", text, count=1)
    if n != 1:
        sys.exit(f"oof.py: no [{table}] table in {path}")
    tmp = pathlib.Path(str(path) + ".tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, path)


NAMES = []
# The second AI-rewrite set, written for this project from other dev pages (scripts/data/README.md).
EXTRA_DIR = pathlib.Path(__file__).resolve().parent / "data/airewrites2"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", type=pathlib.Path)
    ap.add_argument("--example", default="target/release/examples/claim_features")
    ap.add_argument("--write", help="config.toml to write the model fitted on everything into")
    ap.add_argument("--semantic", action="store_true", help="write [align.semantic.decision]")
    ap.add_argument("--ablate", action="store_true", help="out-of-fold table without each check")
    ap.add_argument("--lexical", action="store_true",
                    help="the lexical tier: no dense retrieval, no static-vector inputs (for the side-by-side table)")
    ap.add_argument("--extra-airewrites", type=pathlib.Path, metavar="DIR", default=EXTRA_DIR,
                    help="more AI-rewrite cases (airewrites format, pages of EVAL_DIR/extraction), "
                         "scored out of fold as the set air2 (default: scripts/data/airewrites2)")
    ap.add_argument("--no-extra", action="store_true", help="leave the extra AI-rewrite set out")
    ap.add_argument("--air-weight", type=float, default=2.0, help="training weight of airewrites (default 2)")
    ap.add_argument("--extra-weight", type=float, default=0.0,
                    help="training weight of the extra set (airewrites has 2; default 0: scored, not fitted on)")
    a = ap.parse_args()
    DS_WEIGHT["airewrites2"] = a.extra_weight
    DS_WEIGHT["airewrites"] = a.air_weight
    global NAMES
    src = pathlib.Path(__file__).resolve().parent.parent / "src/align/features.rs"
    block = re.search(r"INPUTS: \[&'static str; \d+\] = \[(.*?)\];", src.read_text(), re.S).group(1)
    NAMES = re.findall(r'"(\w+)"', block)
    with tempfile.TemporaryDirectory(prefix="provcheck-oof-") as td:
        cases = load_cases(a.eval_dir, pathlib.Path(td), None if a.no_extra else a.extra_airewrites)
        print(f"oof: {len(cases)} cases; running the judge", file=sys.stderr)
        cfg = pathlib.Path(td) / "config.toml"
        shipped = (pathlib.Path(__file__).resolve().parent.parent / "config.toml").read_text()
        if a.lexical:
            shipped = re.sub(r"(?m)^dense_top_k = .*$", "dense_top_k = 0", shipped)
            shipped = re.sub(r"(?m)^dense_weight = .*$", "dense_weight = 0.0", shipped)
        cfg.write_text(shipped)
        rows = dump(a.example, cases, dict(os.environ, PROVCHECK_CONFIG=str(cfg)))
    data = Data(cases, rows)
    if a.lexical:
        for n in LEXICAL_DROP:
            data.X[:, NAMES.index(n)] = 0.0
    labels, dev_cases = run_folds(data)
    oof = score(data, labels, dev_cases)
    X, y, w = train_rows(data, np.ones(len(data.fixed), dtype=bool))
    bias, wts = fit_lr(X, y, w)
    p = probs(data, bias, wts)
    s, c = choose(data, bias, wts, dev_cases)
    ins = score(data, data.labels(p, s, c, 0.25), dev_cases)
    print("out-of-fold: " + fmt(oof))
    print("in-sample:   " + fmt(ins))
    print(f"model (all folds): supported={s} contradicted={c} bias={bias:.3f} "
          + " ".join(f"{n}={v:.3f}" for n, v in zip(NAMES, wts)))
    if a.ablate:
        for chk in CHECKS:
            labs, _ = run_folds(data, ignore=(chk,))
            r = score(data, labs, dev_cases)
            diff = {k: r[k] - oof[k] for k in oof}
            print(f"without {chk:12s}: " + " ".join(f"{k}={v:+.3f}" for k, v in diff.items()))
    if a.write:
        write_model(a.write, "align.semantic.decision" if a.semantic else "align.decision", bias, wts, s, c)
        print(f"oof: wrote the model into {a.write}", file=sys.stderr)


if __name__ == "__main__":
    main()
