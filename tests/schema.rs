//! The JSON Schema of the report: committed, in step with the types, and true of real reports.

use std::time::Duration;

use crate::common::{provcheck, root};

fn validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(root().join("schema/report.schema.json")).expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema is a valid JSON Schema")
}

fn assert_valid(v: &jsonschema::Validator, report: &serde_json::Value, what: &str) {
    let errors: Vec<String> = v
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{what}: report does not match the schema: {errors:#?}"
    );
}

#[test]
fn committed_schema_matches_the_types() {
    let committed = std::fs::read_to_string(root().join("schema/report.schema.json")).unwrap();
    assert!(
        committed == provcheck::report::json_schema(),
        "schema/report.schema.json is stale: run `cargo run -- schema > schema/report.schema.json`"
    );
    let out = provcheck().arg("schema").output().unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
}

#[test]
fn every_fixture_report_matches_the_schema() {
    let v = validator();
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("fixtures/cases")).unwrap() {
        let dir = entry.unwrap().path();
        let article = ["article.txt", "article.md"]
            .iter()
            .map(|a| dir.join(a))
            .find(|p| p.exists())
            .unwrap();
        let source = ["source.html", "source.txt"]
            .iter()
            .map(|a| dir.join(a))
            .find(|p| p.exists())
            .unwrap();
        let out = provcheck()
            .arg("verify")
            .arg(&article)
            .arg("--source")
            .arg(&source)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_valid(&v, &report, &article.display().to_string());
        n += 1;
    }
    assert!(n >= 7);
    // A report that is not one: the validator does catch a wrong type.
    let mut bad: serde_json::Value = serde_json::from_str(r#"{"schema_version": 1}"#).unwrap();
    bad["statements"] = serde_json::json!("none");
    assert!(!v.is_valid(&bad));
}

#[test]
fn fetched_and_discovered_report_matches_the_schema() {
    let server = provcheck::sites::SiteServer::start(&root().join("fixtures/sites")).unwrap();
    let cache = tempfile::tempdir().unwrap();
    let mut cmd = provcheck();
    cmd.args([
        "verify",
        "fixtures/seed/article.txt",
        "--format",
        "json",
        "--cache-dir",
    ])
    .arg(cache.path())
    .current_dir(root())
    .timeout(Duration::from_secs(60));
    crate::common::resolve_sites(&mut cmd, &server);
    let out = cmd.output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert!(!report["discovery"].as_array().unwrap().is_empty());
    assert_valid(&validator(), &report, "seed with discovery");
}
