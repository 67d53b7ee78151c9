//! `provcheck feed`: a synthetic aggregator's RSS feed on loopback (seven rewrites citing other
//! synthetic sites, plus a 500, binary junk and an uncited item), folders, URL lists, sharding,
//! the results cache and the output formats.

use std::path::Path;
use std::time::Duration;

use provcheck::sites::SiteServer;

use crate::common::{provcheck, root};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn feed(server: &SiteServer, cache: &Path, args: &[&str]) -> Run {
    let mut cmd = provcheck();
    cmd.arg("feed")
        .args(args)
        .arg("--cache-dir")
        .arg(cache)
        .timeout(Duration::from_secs(120));
    crate::common::resolve_sites(&mut cmd, server);
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn lines(run: &Run) -> Vec<serde_json::Value> {
    run.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn sites() -> SiteServer {
    SiteServer::start(&root().join("fixtures/sites")).expect("fixture sites")
}

#[test]
fn rss_feed_items_are_verified_and_bad_items_isolated() {
    let server = sites();
    let cache = tempfile::tempdir().unwrap();
    let url = format!("{}/rss.xml", server.origin("www.aggregator.example"));
    let run = feed(
        &server,
        cache.path(),
        &[&url, "--format", "jsonl", "--jobs", "4"],
    );
    // Some items could not be checked: exit 3 (policy.fail_on_missing_source).
    assert_eq!(run.code, 3, "{}", run.stderr);
    let objs = lines(&run);
    assert_eq!(objs.len(), 10, "one line per item");
    let errors: Vec<&serde_json::Value> =
        objs.iter().filter(|o| o.get("error").is_some()).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let reason = |needle: &str| {
        errors
            .iter()
            .find(|e| e["item"]["id"].as_str().unwrap().contains(needle))
            .map(|e| e["error"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("no error for {needle}"))
    };
    assert!(reason("server-error").contains("HTTP 500"));
    assert!(reason("garbage").contains("binary"));
    assert!(reason("no-citation").contains("cites no source"));
    for o in objs.iter().filter(|o| o.get("error").is_none()) {
        assert_eq!(o["schema_version"], "1");
        assert_eq!(o["sources"][0]["method"], "direct");
        assert!(o["item"]["date"].as_str().unwrap().starts_with("2025-09-"));
        assert!(
            o["summary"]["counts"]["contradicted"].as_u64().unwrap() >= 1,
            "planted edits found"
        );
    }
}

#[test]
fn rerun_reuses_unchanged_results_and_redoes_changed_articles() {
    let server = sites();
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    for case in [
        "bridge-repair-budget",
        "robotics-team-title",
        "wind-farm-approval",
    ] {
        std::fs::copy(
            root().join(format!("fixtures/cases/{case}/article.txt")),
            dir.path().join(format!("{case}.txt")),
        )
        .unwrap();
    }
    let d = dir.path().to_str().unwrap();
    // A run stopped after one item (like a killed run) keeps that item's result.
    let first = feed(&server, cache.path(), &[d, "--max-items", "1"]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    let second = feed(&server, cache.path(), &[d]);
    assert_eq!(
        second.stdout.matches("from the results cache").count(),
        1,
        "{}",
        second.stdout
    );
    let third = feed(&server, cache.path(), &[d]);
    assert_eq!(
        third.stdout.matches("from the results cache").count(),
        3,
        "{}",
        third.stdout
    );
    assert!(
        third.stdout.contains("3 unchanged, reused"),
        "{}",
        third.stdout
    );
    // An edited article is verified again; the others are reused.
    let p = dir.path().join("wind-farm-approval.txt");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("wind", "Wind", 1)).unwrap();
    let fourth = feed(&server, cache.path(), &[d]);
    assert_eq!(
        fourth.stdout.matches("from the results cache").count(),
        2,
        "{}",
        fourth.stdout
    );
    // A different policy is a different config: nothing reused.
    let fifth = feed(&server, cache.path(), &[d, "--fail-on", "none"]);
    assert_eq!(fifth.code, 0, "{}", fifth.stderr);
    assert_eq!(fifth.stdout.matches("from the results cache").count(), 0);
}

#[test]
fn url_lists_shards_and_formats() {
    let server = sites();
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let origin = server.origin("www.aggregator.example");
    let list: String = [
        "bridge-repair-budget.txt",
        "ferry-strike.md",
        "museum-coin-theft.txt",
        "robotics-team-title.txt",
    ]
    .iter()
    .map(|s| format!("{origin}/stories/{s}\n"))
    .collect();
    let list_path = dir.path().join("urls.txt");
    std::fs::write(&list_path, format!("# stories to check\n{list}")).unwrap();
    let lp = list_path.to_str().unwrap();
    // Shards 1/2 and 2/2 together cover the list exactly once.
    let mut seen = Vec::new();
    for shard in ["1/2", "2/2"] {
        let run = feed(
            &server,
            cache.path(),
            &[lp, "--shard", shard, "--format", "jsonl"],
        );
        seen.extend(
            lines(&run)
                .into_iter()
                .map(|o| o["item"]["id"].as_str().unwrap().to_string()),
        );
    }
    seen.sort();
    let mut want: Vec<String> = list.lines().map(str::to_string).collect();
    want.sort();
    assert_eq!(seen, want);
    // JUnit and Markdown for the whole run, written atomically with -o.
    let xml = dir.path().join("run.xml");
    let run = feed(
        &server,
        cache.path(),
        &[lp, "--format", "junit", "-o", xml.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let xml = std::fs::read_to_string(&xml).unwrap();
    assert_eq!(xml.matches("<testsuite ").count(), 4, "{xml}");
    assert!(xml.contains("type=\"contradicted\""));
    let run = feed(&server, cache.path(), &[lp, "--format", "markdown"]);
    assert!(
        run.stdout.starts_with("### provcheck feed: ❌"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("| 4 | 0 | 4 | 0 |"), "{}", run.stdout);
    // Not a URL list: a one-line error naming the line.
    std::fs::write(&list_path, "not a url\n").unwrap();
    let run = feed(&server, cache.path(), &[lp]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.trim().lines().count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("line 1"), "{}", run.stderr);
}
