//! Scores text pairs with sentence embeddings (feature `semantic`), for measurement.
//!
//! Reads JSON lines `{"id": .., "a": .., "b": ..}` on stdin and writes one JSON line
//! `{"id", "cos"}` per pair, in input order: the cosine of the all-MiniLM-L6-v2 embeddings of
//! `a` and `b`. Each distinct text is embedded once. The model comes from
//! `$PROVCHECK_MODEL_DIR` or `models/all-MiniLM-L6-v2` (`scripts/fetch-minilm.sh`). Prints the
//! throughput (distinct texts embedded per second, after loading) on stderr.
//!
//! `cargo run --release --features semantic --example semantic_pairs < pairs.jsonl`

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::time::Instant;

use provcheck::semantic::{cosine, default_dir, Embedder};

fn main() -> anyhow::Result<()> {
    let dir = default_dir().ok_or_else(|| {
        anyhow::anyhow!("no model at models/all-MiniLM-L6-v2; run scripts/fetch-minilm.sh")
    })?;
    let embedder = Embedder::load(&dir)?;

    let mut pairs: Vec<(serde_json::Value, usize, usize)> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut intern = |s: &str| -> usize {
        *seen.entry(s.to_string()).or_insert_with(|| {
            texts.push(s.to_string());
            texts.len() - 1
        })
    };
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let text = |k: &str| {
            v[k].as_str()
                .map(str::to_string)
                .ok_or_else(|| anyhow::anyhow!("line without a string {k:?}: {line}"))
        };
        let (a, b) = (text("a")?, text("b")?);
        pairs.push((v["id"].clone(), intern(&a), intern(&b)));
    }

    let start = Instant::now();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let emb = embedder.embed(&refs)?;
    let secs = start.elapsed().as_secs_f64();

    let mut out = std::io::BufWriter::new(std::io::stdout());
    for (id, a, b) in &pairs {
        let row = serde_json::json!({"id": id, "cos": cosine(&emb[*a], &emb[*b])});
        writeln!(out, "{row}")?;
    }
    out.flush()?;
    eprintln!(
        "semantic_pairs: {} pairs, {} distinct texts embedded in {secs:.2} s ({:.1} texts/s)",
        pairs.len(),
        texts.len(),
        texts.len() as f64 / secs.max(1e-9)
    );
    Ok(())
}
