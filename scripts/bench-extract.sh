#!/usr/bin/env bash
# Extraction speed, provcheck beside trafilatura (Python) on the same pages in the same run.
# Usage: scripts/bench-extract.sh [PAGES_DIR] [PASSES]
# Default PAGES_DIR: ../shared/eval/extraction/pages. trafilatura 2.0.0 is installed with pip into a
# venv under target/bench-venv on first use. Both run single-threaded, in-process, after one
# untimed warm-up pass; the ratio is provcheck pages/s over trafilatura pages/s.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${1:-../shared/eval/extraction/pages}"
PASSES="${2:-3}"
VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "trafilatura==2.0.0" "lxml_html_clean"
fi
cargo build --release --bench extract -q 2>/dev/null || cargo bench --bench extract --no-run -q
ours=$(cargo bench -q --bench extract -- "$DIR" "$PASSES" 2>/dev/null | grep '^provcheck extract')
echo "$ours"
theirs=$("$VENV/bin/python" - "$DIR" "$PASSES" <<'PY'
import gzip, pathlib, resource, sys, time
import trafilatura
d, passes = pathlib.Path(sys.argv[1]), int(sys.argv[2])
pages = []
for p in sorted(d.iterdir()):
    if p.name.endswith(".gz"):
        pages.append(gzip.decompress(p.read_bytes()))
    elif p.suffix in (".html", ".htm"):
        pages.append(p.read_bytes())
for b in pages:  # warm-up
    trafilatura.extract(b)
t = time.perf_counter()
for _ in range(passes):
    for b in pages:
        trafilatura.extract(b)
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"trafilatura 2.0.0: {len(pages)} pages, {passes} passes, {secs:.3f} s, {len(pages)*passes/secs:.1f} pages/s, peak RSS {rss:.1f} MB")
PY
)
echo "$theirs"
python3 - "$ours" "$theirs" <<'PY'
import re, sys
a = float(re.search(r"([\d.]+) pages/s", sys.argv[1]).group(1))
b = float(re.search(r"([\d.]+) pages/s", sys.argv[2]).group(1))
print(f"ratio: provcheck is {a/b:.1f}x trafilatura's pages/s")
PY
