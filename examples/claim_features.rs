//! Dumps what the alignment engine measures for each claim of an article, for calibration.
//!
//! Reads JSON lines `{"id": .., "article": .., "source": ..}` on stdin and writes one JSON line
//! per statement: `{"id", "index", "text", "label", "inputs", "features", "pair", "evidence",
//! "notes"}` (`pair`: the source is judged as a sentence pair, with `[align.support_pair]`)
//! (features are null for quotes; evidence is the source passage, null when none). Honours `PROVCHECK_CONFIG`.
//! Used by `scripts/calibrate.py`; see docs/calibration.md.

use std::io::{BufRead, Write};

use provcheck::align::SourceIndex;
use provcheck::config::Config;
use provcheck::report::StatementKind;
use provcheck::verify::find_statements;

fn main() {
    let cfg = match std::env::var_os("PROVCHECK_CONFIG") {
        Some(p) => Config::load(std::path::Path::new(&p)).expect("config loads"),
        None => Config::default(),
    };
    // With `--features semantic` and a model (scripts/fetch-minilm.sh), the similarity of each
    // claim to its passage is measured too, whatever its configured weight, for calibration.
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
        let (article, source) = (
            v["article"].as_str().unwrap(),
            v["source"].as_str().unwrap(),
        );
        let index = SourceIndex::new(source, &cfg.align);
        for (k, f) in find_statements(article, &cfg).iter().enumerate() {
            let j = match f.kind {
                StatementKind::Claim => index.judge_claim_with(&f.text, &cfg.align, similarity),
                StatementKind::Quote => index.judge_quote(&f.text, f.speaker.as_ref(), &cfg.align),
            };
            let row = serde_json::json!({
                "id": v["id"], "index": k, "text": f.text, "label": j.label,
                "inputs": j.features.as_ref().map(|f| f.inputs()), "features": j.features,
                "pair": index.is_pair_source(&cfg.align),
                "evidence": j.evidence.as_ref().map(|e| &index.text()[e.clone()]),
                "notes": j.notes,
            });
            writeln!(out, "{row}").expect("stdout writes");
        }
    }
}
