#!/usr/bin/env python3
"""Source-side speaker attribution on dev pages that no AI rewrite uses (issue #14).

Usage:
  python3 scripts/source_attribution_eval.py QUOTES_BIN EVAL_DIR [--labels FILE] [-v]
  python3 scripts/source_attribution_eval.py --make-labels DIR [--labels FILE]

QUOTES_BIN is `cargo build --release --example quotes` (target/release/examples/quotes): it reads
each page as `verify --source` does and lists its quotations with the speaker attribution gives.

The labels (scripts/data/source_speakers.jsonl, written by `--make-labels` from one JSON file of
hand labels per page) give, for every quotation of four or more words in the 67 dev pages of
`EVAL_DIR/extraction` that `airewrites/` does not use, the speaker the page gives it (null: the
page names nobody). A quotation is identified by a hash of its first six words, so the file holds
no article text. A labelled quotation counts as right when attribution found that quotation and
gave it the same person (a shared name token, titles dropped) or, for a null label, nobody.

Prints: the share right over all labelled quotations, over those with a named speaker, over those
with none; how many quotations were not found at all; and the mean of the pages' shares (one long
feature holds 50 of the 186 quotations).
"""
import argparse, gzip, hashlib, json, os, pathlib, re, subprocess, sys, tempfile

from attribution_eval import same  # the same name match as the AI-rewrite attribution measure

DEFAULT_LABELS = pathlib.Path(__file__).resolve().parent / "data/source_speakers.jsonl"


def key_of(text, n=6):
    words = re.findall(r"\w+", (text or "").lower())[:n]
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def is_right(q, speaker):
    """Whether a found quotation `q` (None: not found) has the labelled speaker: the same person
    (a shared name token, titles dropped) or, for a null label, nobody."""
    if q is None:
        return False
    return same(q["speaker"], speaker) if speaker else q["speaker"] is None


def make_labels(src, out):
    rows = []
    for f in sorted(pathlib.Path(src).glob("*.json")):
        for k, lab in enumerate(json.loads(f.read_text(encoding="utf-8"))):
            rows.append({"page": f.stem, "n": k, "key": key_of(lab["first_words"]), "speaker": lab["speaker"]})
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} labelled quotations of {len({r['page'] for r in rows})} pages -> {out}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin", nargs="?")
    ap.add_argument("data_dir", nargs="?", type=pathlib.Path)
    ap.add_argument("--labels", type=pathlib.Path, default=DEFAULT_LABELS)
    ap.add_argument("--make-labels", type=pathlib.Path)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if a.make_labels:
        return make_labels(a.make_labels, a.labels)
    if not (a.bin and a.data_dir):
        ap.error("QUOTES_BIN and EVAL_DIR are required")
    if not (a.bin and os.access(a.bin, os.X_OK)):
        sys.exit(f"source_attribution_eval: {a.bin}: missing or not executable "
                 "(cargo build --release --example quotes)")
    try:
        labels = [json.loads(l) for l in open(a.labels, encoding="utf-8")]
    except (OSError, ValueError) as e:
        sys.exit(f"source_attribution_eval: {a.labels}: {e}")
    pages = sorted({r["page"] for r in labels})
    missing_pages = [p for p in pages if not (a.data_dir / "extraction/pages" / f"{p}.html.gz").is_file()]
    if missing_pages:
        sys.exit(f"source_attribution_eval: {a.data_dir}/extraction/pages: no page {missing_pages[0]}.html.gz")
    found = {}
    with tempfile.TemporaryDirectory() as tmp:
        for p in pages:
            path = pathlib.Path(tmp) / f"{p}.html"
            path.write_bytes(gzip.decompress((a.data_dir / "extraction/pages" / f"{p}.html.gz").read_bytes()))
            run = subprocess.run([a.bin, "--json", str(path)], capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"source_attribution_eval: {a.bin} failed on page {p}: {run.stderr.strip()}")
            out = run.stdout
            found[p] = {}
            for line in out.splitlines():
                q = json.loads(line)
                found[p].setdefault(key_of(q["text"]), q)
    tally = {"named": [0, 0], "none": [0, 0]}
    per_page = {}
    missing = 0
    for r in labels:
        q = found[r["page"]].get(r["key"])
        kind = "named" if r["speaker"] else "none"
        tally[kind][1] += 1
        missing += q is None
        ok = is_right(q, r["speaker"])
        tally[kind][0] += ok
        page = per_page.setdefault(r["page"], [0, 0])
        page[0] += ok
        page[1] += 1
        if a.verbose and not ok:
            got = "not found" if q is None else repr(q["speaker"])
            print(f"  {r['page'][:12]} #{r['n']}: gold {r['speaker']!r}, got {got}", file=sys.stderr)
    right = tally["named"][0] + tally["none"][0]
    total = tally["named"][1] + tally["none"][1]
    share = lambda t: t[0] / t[1] if t[1] else float("nan")
    print(f"source attribution, {len(pages)} pages: right {share([right, total]):.3f} (n={total}); "
          f"named speaker {share(tally['named']):.3f} (n={tally['named'][1]}); "
          f"no speaker {share(tally['none']):.3f} (n={tally['none'][1]}); quotations not found {missing}; "
          f"mean over pages {sum(share(t) for t in per_page.values()) / len(per_page):.3f}")


if __name__ == "__main__":
    main()
