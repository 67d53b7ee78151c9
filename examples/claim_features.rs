//! Dumps what the judge measures for each statement of an article, for fitting the decision.
//!
//! Reads JSON lines on stdin, each `{"id", "article", "source"}` (texts) or `{"id", "article",
//! "source_path"}` (a source file, HTML or text, read as `verify --source` reads it), and writes
//! one JSON line per statement: `{"id", "index", "kind", "span", "text", "label", "score",
//! "inputs", "features", "findings", "notes", "evidence"}`. `span` is the statement's byte span in
//! the article; `inputs` (in the order of `ClaimFeatures::INPUTS`), `features` and `findings`
//! are null/empty for quotes. Honours `PROVCHECK_CONFIG`. Used by `scripts/oof.py`.

use std::io::{BufRead, Write};

use provcheck::config::Config;
use provcheck::verify::{find_statements, PreparedSource};

fn main() {
    let cfg = match std::env::var_os("PROVCHECK_CONFIG") {
        Some(p) => Config::load(std::path::Path::new(&p)).expect("config loads"),
        None => Config::default(),
    };
    // With `--features semantic` and a model (scripts/fetch-minilm.sh), the similarity of each
    // claim to its passage is measured too, whatever its configured weight, for fitting.
    #[cfg(feature = "semantic")]
    let similarity = {
        let dir = provcheck::semantic::default_dir().expect("a model directory");
        provcheck::semantic::CachedSimilarity::new(
            provcheck::semantic::Embedder::load(&dir).expect("the model loads"),
        )
    };
    #[cfg(feature = "semantic")]
    let similarity = Some(&similarity as &dyn provcheck::align::Similarity);
    #[cfg(not(feature = "semantic"))]
    let similarity: Option<&dyn provcheck::align::Similarity> = None;
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin reads");
        let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
        let article = provcheck::input::from_bytes(
            "article.txt",
            None,
            v["article"].as_str().expect("an article").as_bytes(),
            None,
        )
        .expect("the article reads");
        let source = match v["source_path"].as_str() {
            Some(p) => provcheck::input::load(std::path::Path::new(p), cfg.input.max_bytes)
                .expect("the source reads"),
            None => provcheck::input::from_bytes(
                "source.txt",
                None,
                v["source"].as_str().expect("a source").as_bytes(),
                None,
            )
            .expect("the source reads"),
        };
        let record = provcheck::verify::file_record("src1", &source);
        let src = PreparedSource::new(source, record, &cfg);
        for (k, f) in find_statements(&article.text, &cfg).iter().enumerate() {
            let j = f.judge(&src.index, &cfg, similarity);
            let span = article.raw_span(f.span.clone());
            let row = serde_json::json!({
                "id": v["id"], "index": k, "kind": f.kind, "span": [span.start, span.end],
                "text": f.text, "label": j.label, "score": j.score,
                "inputs": j.features.as_ref().map(|f| f.inputs()), "features": j.features,
                "findings": j.findings, "notes": j.notes,
                "evidence": j.evidence.as_ref().map(|e| &src.index.text()[e.clone()]),
            });
            writeln!(out, "{row}").expect("stdout writes");
        }
    }
}
