//! Runs the real binary on every synthetic fixture case and checks every gold label.
//!
//! Each case in fixtures/cases/ has a source, a rewrite with planted edits, and gold.json listing
//! the statement each edit produced and its expected label. A gold entry is matched to the
//! report's statements of the same kind whose span overlaps the entry's text; the largest
//! overlap decides (the way ../shared/eval's scorer matches plants).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::common::{root, verify_json};

#[derive(Deserialize)]
struct Gold {
    article: String,
    source: String,
    statements: Vec<GoldStatement>,
}

#[derive(Deserialize)]
struct GoldStatement {
    kind: String,
    find: String,
    expected: String,
    edit: String,
    /// A label the judge is known to miss, and why: reported, not failed. When the judge gets
    /// it right the test fails until the entry is removed, so the list stays true.
    #[serde(default)]
    known_miss: Option<String>,
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[test]
fn every_gold_label_on_the_fixture_cases() {
    let cases_dir = root().join("fixtures/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&cases_dir)
        .expect("fixtures/cases exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.join("gold.json").exists())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 6,
        "at least 6 fixture cases, found {}",
        cases.len()
    );

    let mut per_label: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut known = Vec::new();
    for case in &cases {
        let gold: Gold =
            serde_json::from_str(&std::fs::read_to_string(case.join("gold.json")).unwrap())
                .unwrap_or_else(|e| panic!("{}: bad gold.json: {e}", case.display()));
        let article_path = case.join(&gold.article);
        let article = std::fs::read_to_string(&article_path).unwrap();
        let (code, report) = verify_json(&article_path, &[Path::new(&case.join(&gold.source))]);
        assert!(code == 0 || code == 1, "{}: exit {code}", case.display());
        let statements = report["statements"].as_array().expect("statements array");
        for g in &gold.statements {
            let start = article.find(&g.find).unwrap_or_else(|| {
                panic!("{}: gold text not in article: {}", case.display(), g.find)
            });
            let want = (start, start + g.find.len());
            let best = statements
                .iter()
                .filter(|s| s["kind"] == g.kind.as_str())
                .map(|s| {
                    let span = (
                        s["span"]["start"].as_u64().unwrap() as usize,
                        s["span"]["end"].as_u64().unwrap() as usize,
                    );
                    (overlap(span, want), s)
                })
                .filter(|(o, _)| *o > 0)
                .max_by_key(|(o, _)| *o)
                .map(|(_, s)| s);
            let got = best.map_or("missed".to_string(), |s| {
                s["label"].as_str().unwrap().to_string()
            });
            let entry = per_label.entry(g.expected.clone()).or_default();
            entry.1 += 1;
            if let Some(why) = &g.known_miss {
                let case_name = case.file_name().unwrap().to_string_lossy().to_string();
                if got == g.expected {
                    failures.push(format!(
                        "{case_name}: {:?} is listed as a known miss but now gets {got}: \
                         remove its known_miss",
                        g.find.chars().take(70).collect::<String>()
                    ));
                } else {
                    known.push(format!(
                        "{case_name}: expected {}, got {got} ({why})",
                        g.expected
                    ));
                }
            } else if got == g.expected {
                entry.0 += 1;
            } else {
                let notes = best.map(|s| s["notes"].to_string()).unwrap_or_default();
                failures.push(format!(
                    "{}: {} {:?}: expected {}, got {got} ({}) notes {notes}",
                    case.file_name().unwrap().to_string_lossy(),
                    g.kind,
                    g.find.chars().take(70).collect::<String>(),
                    g.expected,
                    g.edit
                ));
            }
        }
    }
    println!("per-label accuracy on {} fixture cases:", cases.len());
    for (label, (ok, n)) in &per_label {
        println!("  {label:<14} {ok}/{n}");
    }
    println!("known misses ({}):", known.len());
    for k in &known {
        println!("  {k}");
    }
    assert!(
        known.len() <= 7,
        "at most 7 known misses may be listed, found {}",
        known.len()
    );
    assert!(
        failures.is_empty(),
        "{} gold labels missed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
