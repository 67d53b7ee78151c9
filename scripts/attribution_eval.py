#!/usr/bin/env python3
"""Speaker attribution measured directly on the AI rewrites (issue #14).

Usage: python3 scripts/attribution_eval.py BIN EVAL_DIR [--jobs 2] [--cases DIR] [-v]

Serves each case's page on loopback the way score_airewrites.py does, runs `BIN verify article.txt
--format json --resolve HOST:PORT:127.0.0.1`, matches every quote unit to the quote statement whose
span overlaps it most, and prints two shares:

- article side: of all quote units with a gold `speaker`, the share whose statement `speaker` is that
  person (name match: any shared name token after dropping titles and initials);
- source side: of `exact` units, the share whose `source_speaker` is the unit's speaker; of
  `misattributed` units, the share whose `source_speaker` is a named person other than the unit's
  speaker and named in the unit's `why` (the annotator's note on who the source gives it to).

Reads the eval data only to measure; nothing from it is copied into the repository.
"""
import argparse, collections, gzip, http.server, json, pathlib, re, sys, tempfile, threading, urllib.parse

TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "president",
          "senator", "sen", "rep", "gov", "governor", "mayor", "minister", "prime", "secretary", "chief",
          "the", "former", "coach", "captain", "judge", "rev", "st", "jr", "sr", "of", "and"}


def key(name):
    toks = re.findall(r"[\w'’-]+", (name or "").lower())
    return {t for t in toks if t not in TITLES and len(t) > 1}


def same(a, b):
    ka, kb = key(a), key(b)
    return bool(ka and kb and ka & kb)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bin")
    ap.add_argument("data_dir", type=pathlib.Path)
    ap.add_argument("--cases", type=pathlib.Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    sys.path.insert(0, str(a.data_dir.resolve()))
    import common as C  # noqa: E402

    binp = C.check_bin(a.bin)
    files = sorted((a.cases or a.data_dir / "airewrites").glob("*.json"))
    cases = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    hosts = {}
    for line in open(a.data_dir / "extraction/expected.jsonl", encoding="utf-8"):
        row = json.loads(line)
        hosts[row["id"]] = (urllib.parse.urlsplit(row["url"]).hostname or "example.org").lower()
    pages = {c["id"]: gzip.decompress((a.data_dir / "extraction/pages" / f"{c['id']}.html.gz").read_bytes())
             for c in cases}

    class H(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path.startswith("/news/") and path.endswith(".html") and path[6:-5] in pages:
                body, code, ctype = pages[path[6:-5]], 200, "text/html"
            else:
                body, code, ctype = b"not found\n", 404, "text/plain"
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    port = srv.server_address[1]
    threading.Thread(target=srv.serve_forever, daemon=True).start()

    def run_case(c):
        hp = f"{hosts.get(c['id'], 'example.org')}:{port}"
        article = c["article"].replace("{SOURCE}", f"http://{hp}/news/{c['id']}.html")
        with tempfile.TemporaryDirectory(prefix="provcheck-attr-") as td:
            p = pathlib.Path(td) / "article.txt"
            p.write_text(article, encoding="utf-8")
            return C.run_bin([binp, "verify", str(p), "--format", "json", "--resolve", f"{hp}:127.0.0.1"],
                             timeout=a.timeout, ok_codes=(0, 1), error_codes=(2, 3), cwd=td, parse_json=True)

    try:
        results = C.pmap(run_case, cases, a.jobs, "cases")
    finally:
        srv.shutdown()
    art_ok = art_n = 0
    src = collections.Counter()
    attr = collections.defaultdict(collections.Counter)
    for c, r in zip(cases, results):
        sts = [] if r.failure else C.statements(r.report)
        art = c["article"].encode("utf-8")
        for u in c["units"]:
            if u["kind"] != "quote" or u["gold"] == "skip":
                continue
            at = art.find(u["text"].encode("utf-8"))
            if at < 0:
                continue
            span = (at, at + len(u["text"].encode("utf-8")))
            best, best_ov = None, 0
            for s in sts:
                sp = C.span_of(s)
                if s.get("kind") != "quote" or not sp:
                    continue
                ov = max(0, min(sp[1], span[1]) - max(sp[0], span[0]))
                if ov > best_ov:
                    best, best_ov = s, ov
            got = (best or {}).get("speaker")
            gsrc = (best or {}).get("source_speaker")
            attr[u["gold"]][(best or {}).get("attribution")] += 1
            if u.get("speaker"):
                art_n += 1
                ok = same(got, u["speaker"])
                art_ok += ok
                if not ok and a.verbose:
                    C.log(f"  ARTICLE {c['id'][:12]} want {u['speaker']!r} got {got!r}: {u['text'][:70]}")
            g = u["gold"]
            if g == "exact" and u.get("speaker"):
                ok = same(gsrc, u["speaker"])
            elif g == "misattributed" and u.get("speaker"):
                first = re.split(r"[;(]| not |, not", u.get("why", ""))[0]
                ok = bool(gsrc) and not same(gsrc, u["speaker"]) and bool(key(gsrc) & key(first))
            else:
                continue
            src[g, "n"] += 1
            src[g, "ok"] += ok
            if not ok and a.verbose:
                C.log(f"  SOURCE  {c['id'][:12]} {g} article {u['speaker']!r} source_speaker {gsrc!r}: "
                      f"{u.get('why', '')[:90]}")
    for g, cnt in sorted(attr.items()):
        C.log(f"  attribution field, gold {g}: {dict(cnt)}")
    n = src["exact", "n"] + src["misattributed", "n"]
    ok = src["exact", "ok"] + src["misattributed", "ok"]
    print(f"attribution article_speaker={art_ok / max(art_n, 1):.3f} (n={art_n}) "
          f"source_speaker={ok / max(n, 1):.3f} (n={n}) "
          f"source_exact={src['exact', 'ok'] / max(src['exact', 'n'], 1):.3f} (n={src['exact', 'n']}) "
          f"source_misattributed={src['misattributed', 'ok'] / max(src['misattributed', 'n'], 1):.3f} "
          f"(n={src['misattributed', 'n']})")


if __name__ == "__main__":
    main()
