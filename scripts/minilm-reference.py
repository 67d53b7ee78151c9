"""Reference all-MiniLM-L6-v2 cosines in plain numpy (float64), to check src/semantic.rs.

Usage: python3 scripts/minilm-reference.py [MODEL_DIR] < pairs.jsonl > ref.jsonl
Same input and output as examples/semantic_pairs.rs: JSON lines {"id", "a", "b"} in, {"id", "cos"}
out, so the two outputs can be compared line by line. Needs numpy, tokenizers and safetensors
from PyPI (no torch). Embeds each text on its own (no padding) as sentence-transformers does:
at most 256 tokens, BERT, the mean of the token vectors, L2 normalisation.
"""

import json
import math
import sys

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

DIR = sys.argv[1] if len(sys.argv) > 1 else "models/all-MiniLM-L6-v2"
W = load_file(f"{DIR}/model.safetensors")
CFG = json.load(open(f"{DIR}/config.json"))
TOK = Tokenizer.from_file(f"{DIR}/tokenizer.json")
TOK.enable_truncation(256)
TOK.no_padding()
ERF = np.vectorize(math.erf)


def linear(x, name):
    return x @ W[f"{name}.weight"].T.astype(np.float64) + W[f"{name}.bias"]


def layer_norm(x, name, eps=CFG["layer_norm_eps"]):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * W[f"{name}.weight"] + W[f"{name}.bias"]


def embed(text):
    ids = np.array(TOK.encode(text).ids)
    n, heads = len(ids), CFG["num_attention_heads"]
    d = CFG["hidden_size"] // heads
    x = (
        W["embeddings.word_embeddings.weight"][ids]
        + W["embeddings.position_embeddings.weight"][:n]
        + W["embeddings.token_type_embeddings.weight"][0]
    ).astype(np.float64)
    x = layer_norm(x, "embeddings.LayerNorm")
    for i in range(CFG["num_hidden_layers"]):
        p = f"encoder.layer.{i}"
        q, k, v = (
            linear(x, f"{p}.attention.self.{m}").reshape(n, heads, d).transpose(1, 0, 2)
            for m in ("query", "key", "value")
        )
        s = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        ctx = (s / s.sum(-1, keepdims=True) @ v).transpose(1, 0, 2).reshape(n, -1)
        x = layer_norm(x + linear(ctx, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm")
        h = linear(x, f"{p}.intermediate.dense")
        h = 0.5 * h * (1.0 + ERF(h / math.sqrt(2.0)))
        x = layer_norm(x + linear(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
    e = x.mean(0)
    return e / np.linalg.norm(e)


for line in sys.stdin:
    if line.strip():
        pair = json.loads(line)
        print(json.dumps({"id": pair["id"], "cos": float(embed(pair["a"]) @ embed(pair["b"]))}))
