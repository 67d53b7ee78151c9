//! Sentence embeddings (feature `semantic`). The tests that need the all-MiniLM-L6-v2 weights
//! skip, with a note on stderr, when `scripts/fetch-minilm.sh` has not been run.

use std::path::PathBuf;

use provcheck::semantic::{cosine, default_dir, Embedder, DIM};

use crate::common::root;

/// The model, or `None` (after saying so) when its weights are absent.
fn embedder() -> Option<Embedder> {
    let dir: PathBuf = default_dir().unwrap_or_else(|| root().join("models/all-MiniLM-L6-v2"));
    if !dir.join("model.safetensors").is_file() {
        eprintln!(
            "skipped: no model at {}; run scripts/fetch-minilm.sh",
            dir.display()
        );
        return None;
    }
    Some(Embedder::load(&dir).expect("the model loads"))
}

#[test]
fn load_names_the_directory_and_the_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = Embedder::load(dir.path())
        .err()
        .expect("an empty directory fails")
        .to_string();
    assert!(err.contains("model.safetensors"), "{err}");
    assert!(err.contains(&dir.path().display().to_string()), "{err}");
    assert!(!err.contains('\n'), "one line: {err}");
}

#[test]
fn cosine_of_simple_vectors() {
    assert!((cosine(&[1.0, 0.0], &[2.0, 0.0]) - 1.0).abs() < 1e-6);
    assert!(cosine(&[1.0, 0.0], &[0.0, 3.0]).abs() < 1e-6);
    assert!((cosine(&[1.0, 1.0], &[-1.0, -1.0]) + 1.0).abs() < 1e-6);
    assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
}

#[test]
fn paraphrases_score_above_unrelated_sentences() {
    let Some(model) = embedder() else { return };
    let texts = [
        "The city council approved the new budget on Tuesday.",
        "On Tuesday the council passed the city's new budget.",
        "Heavy rain flooded several villages in the north of the country.",
        "", // empty text: [CLS] [SEP] only
    ];
    let emb = model.embed(&texts).unwrap();
    assert_eq!(emb.len(), texts.len());
    for e in &emb {
        assert_eq!(e.len(), DIM);
        let norm = e.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "unit length, got {norm}");
    }
    let (para, unrelated) = (cosine(&emb[0], &emb[1]), cosine(&emb[0], &emb[2]));
    assert!(para > 0.7, "paraphrase {para}");
    assert!(
        para > unrelated + 0.3,
        "paraphrase {para}, unrelated {unrelated}"
    );

    // Padding and the attention mask: a text alone embeds as it does beside longer ones.
    let alone = model.embed(&texts[1..2]).unwrap();
    assert!(cosine(&alone[0], &emb[1]) > 0.9999);
    assert!(model.embed(&[]).unwrap().is_empty());
}

#[test]
fn a_missing_model_falls_back_to_the_lexical_models_and_says_so() {
    let empty = tempfile::tempdir().unwrap();
    let case = root().join("fixtures/cases/bridge-repair-budget");
    let out = crate::common::provcheck()
        .env("PROVCHECK_MODEL_DIR", empty.path())
        .arg("verify")
        .arg(case.join("article.txt"))
        .arg("--source")
        .arg(case.join("source.html"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // A report all the same (exit 1: the planted edits fail the default policy).
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!report["statements"].as_array().unwrap().is_empty());
    let warning: Vec<&str> = stderr.lines().filter(|l| l.contains("semantic")).collect();
    assert_eq!(warning.len(), 1, "{stderr}");
    assert!(warning[0].contains("lexical models used"), "{stderr}");
    assert!(warning[0].contains("no model.safetensors"), "{stderr}");
    assert!(
        warning[0].contains(&empty.path().display().to_string()),
        "{stderr}"
    );
}
