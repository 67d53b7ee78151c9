//! The fetch path end to end: the bundled synthetic sites served on loopback, their real-looking
//! host names mapped onto it with `--resolve`, and the binary fetching, discovering, retrying,
//! refusing and caching as it would on the web.

use std::path::{Path, PathBuf};
use std::time::Duration;

use provcheck::sites::SiteServer;

use crate::common::{provcheck, root};

const GAZETTE: &str = "www.harbourgazette.example";
const BRIDGE: &str = "/news/2025/01/08/quay-street-bridge-repair-budget.html";

struct Net {
    server: SiteServer,
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.stdout, self.stderr))
    }
}

/// Fast politeness and retry settings, the synthetic archive, short timeouts.
const TEST_CONFIG: &str = r#"
[fetch]
timeout_secs = 3.0
connect_timeout_secs = 3.0
retry_base_ms = 50
per_host_min_interval_ms = 0
[[fetch.archives]]
name = "synthetic-archive"
kind = "availability"
url = "http://archive.example/wayback/available?url={url}"
"#;

impl Net {
    fn new() -> Net {
        let server =
            SiteServer::start(&root().join("fixtures/sites")).expect("fixture sites serve");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), TEST_CONFIG).unwrap();
        Net { server, dir }
    }

    fn url(&self, host: &str, path: &str) -> String {
        format!("{}{path}", self.server.origin(host))
    }

    fn article(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// Runs provcheck with the test config, a private cache and every site host resolved.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with_cache(args, &self.dir.path().join("cache"))
    }

    fn run_with_cache(&self, args: &[&str], cache: &Path) -> Run {
        let mut cmd = provcheck();
        cmd.arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args)
            .arg("--cache-dir")
            .arg(cache)
            .timeout(Duration::from_secs(60));
        crate::common::resolve_sites(&mut cmd, &self.server);
        let out = cmd.output().expect("runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `verify ARTICLE --source URL --format json`.
    fn verify_url(&self, url: &str) -> Run {
        let article = root().join("fixtures/cases/bridge-repair-budget/article.txt");
        self.run(&[
            "verify",
            article.to_str().unwrap(),
            "--source",
            url,
            "--format",
            "json",
        ])
    }
}

fn sha256_of(bytes: &[u8]) -> String {
    provcheck::input::sha256_hex(bytes)
}

fn assert_failure(run: &Run, code: i32, needle: &str) {
    assert_eq!(run.code, code, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty(), "no report expected: {}", run.stdout);
    assert_eq!(
        run.stderr.trim_end().lines().count(),
        1,
        "one line: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains(needle),
        "{} should say {needle}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn cited_url_is_fetched_and_recorded() {
    let net = Net::new();
    let article = root().join("fixtures/cases/bridge-repair-budget/article.txt");
    let run = net.run(&["verify", article.to_str().unwrap(), "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report = run.json();
    let src = &report["sources"][0];
    assert_eq!(src["method"], "direct");
    assert_eq!(src["status"], 200);
    assert_eq!(src["from_cache"], false);
    // The article cites the page without a port; --resolve HOST:PORT:ADDR sends it to PORT.
    assert_eq!(src["url"], format!("http://{GAZETTE}{BRIDGE}"));
    let served =
        std::fs::read(root().join("fixtures/cases/bridge-repair-budget/source.html")).unwrap();
    assert_eq!(src["sha256"], sha256_of(&served));
    assert_eq!(src["bytes"], served.len());
    // The planted edits are found through the fetched page as through the file.
    assert!(
        report["summary"]["counts"]["contradicted"]
            .as_u64()
            .unwrap()
            >= 1
    );
}

#[test]
fn domain_only_citation_is_discovered_through_sitemap_index_and_news_sitemap() {
    let net = Net::new();
    let text =
        std::fs::read_to_string(root().join("fixtures/cases/bridge-repair-budget/article.txt"))
            .unwrap();
    let text = text.replace(&format!("http://{GAZETTE}{BRIDGE}"), GAZETTE);
    assert!(
        text.ends_with(&format!("Original Source: {GAZETTE}\n"))
            || text.contains(&format!("Original Source: {GAZETTE}"))
    );
    let a = net.article("bridge.txt", &text);
    let run = net.run(&["verify", a.to_str().unwrap(), "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report = run.json();
    let src = &report["sources"][0];
    assert_eq!(src["method"], "discovered");
    assert_eq!(src["final_url"], format!("http://{GAZETTE}{BRIDGE}"));
    let d = &report["discovery"][0];
    let looked: Vec<&str> = d["looked_at"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        looked.iter().any(|l| l.ends_with("/sitemap_index.xml")),
        "{looked:?}"
    );
    assert!(
        looked.iter().any(|l| l.ends_with("/sitemaps/news.xml")),
        "{looked:?}"
    );
    assert!(looked.iter().any(|l| l.ends_with("/rss.xml")), "{looked:?}");
    let cands = d["candidates"].as_array().unwrap();
    let chosen: Vec<&serde_json::Value> = cands.iter().filter(|c| c["chosen"] == true).collect();
    assert_eq!(chosen.len(), 1);
    assert!(chosen[0]["url"].as_str().unwrap().ends_with(BRIDGE));
    // The near-miss decoy (another council road repair) was ranked but not chosen.
    let decoy = cands
        .iter()
        .find(|c| c["url"].as_str().unwrap().contains("hollins-road"))
        .expect("the near-miss decoy is a candidate");
    assert_eq!(decoy["chosen"], false);
    // News sitemap titles are what ranked it.
    assert!(chosen[0]["title"].as_str().is_some());
    // Nothing under the robots-disallowed path was requested.
    assert_eq!(net.server.hits(GAZETTE, "/private/staff-memo.html"), 0);
}

#[test]
fn seed_domain_citation_is_found_on_the_synthetic_stand_in() {
    let net = Net::new();
    let run = net.run(&["discover", "fixtures/seed/article.txt", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = run.json();
    let d = &out["discovery"][0];
    assert_eq!(d["domain"], "www.telegraph.co.uk");
    // https is tried first; the loopback port speaks only http.
    assert_eq!(d["origin"], "http://www.telegraph.co.uk");
    assert!(out["sources"][0]["final_url"]
        .as_str()
        .unwrap()
        .ends_with("/world-news/2025/03/08/putin-offers-to-mediate-trump-iran-talks/"));
    assert!(d["candidates"].as_array().unwrap().len() >= 5);
}

/// Issue 15: rules for :80 (the http fixture server) and :443 (nothing listening) coexist, as in
/// curl; a bare domain tries https on 443, is refused, and is discovered over http on 80.
#[test]
fn issue15_resolve_rules_per_port_discover_a_bare_domain_over_http() {
    let net = Net::new();
    let host = "www.telegraph.co.uk";
    let mut cmd = provcheck();
    cmd.arg("--config")
        .arg(net.dir.path().join("config.toml"))
        .args(["discover", "fixtures/seed/article.txt", "--format", "json"])
        .arg("--cache-dir")
        .arg(net.dir.path().join("cache"))
        // The fixture server cannot listen on 80: curl's --connect-to sends :80 to its port.
        .arg("--connect-to")
        .arg(format!("{host}:80:127.0.0.1:{}", net.server.port()))
        .arg("--resolve")
        .arg(format!("{host}:443:127.0.0.1"))
        .timeout(Duration::from_secs(60));
    let out = cmd.output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let out: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = &out["discovery"][0];
    assert_eq!(d["origin"], format!("http://{host}"));
    assert!(out["sources"][0]["final_url"]
        .as_str()
        .unwrap()
        .ends_with("/world-news/2025/03/08/putin-offers-to-mediate-trump-iran-talks/"));
    // A second rule for the same host did not replace the first: the :80 rule is still used
    // after the :443 one was given.
    assert!(net.server.hits(host, "/robots.txt") >= 1);
}

#[test]
fn unknown_page_on_a_site_is_source_not_found_not_a_wrong_page() {
    let net = Net::new();
    let a = net.article(
        "unrelated.txt",
        "Astronomers in Chile catalogued four hundred new variable stars in the southern sky.\n\
         The survey used a robotic telescope over three winters.\n\
         Original Source: www.harbourgazette.example\n",
    );
    let run = net.run(&["verify", a.to_str().unwrap(), "--format", "json"]);
    assert_failure(&run, 3, "source not found");
    assert!(
        run.stderr.contains("www.harbourgazette.example"),
        "{}",
        run.stderr
    );
}

#[test]
fn redirect_chain_is_followed_and_recorded() {
    let net = Net::new();
    let run = net.verify_url(&net.url(GAZETTE, "/go/bridge"));
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let src = &run.json()["sources"][0];
    assert_eq!(src["final_url"], net.url(GAZETTE, BRIDGE));
    let chain: Vec<&str> = src["redirects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        chain,
        vec![
            net.url(GAZETTE, "/go/bridge"),
            net.url(GAZETTE, "/go/bridge-2")
        ]
    );
}

#[test]
fn redirect_loop_ends_with_a_finding() {
    let net = Net::new();
    let run = net.verify_url(&net.url(GAZETTE, "/loop/a"));
    assert_failure(&run, 3, "more than 10 redirects");
}

#[test]
fn paywalled_page_is_replaced_by_its_archived_copy() {
    let net = Net::new();
    let a = root().join("fixtures/sites/www.harbourgazette.example/_article-harbour-fees.txt");
    let run = net.run(&["verify", a.to_str().unwrap(), "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report = run.json();
    let src = &report["sources"][0];
    assert_eq!(src["method"], "archive");
    assert!(
        src["final_url"]
            .as_str()
            .unwrap()
            .contains("archive.example"),
        "{src}"
    );
    let notes = src["notes"].to_string();
    assert!(
        notes.contains("paywall") && notes.contains("synthetic-archive"),
        "{notes}"
    );
    // The full archived text supports the quote the teaser lacks.
    let exact = report["summary"]["counts"]["exact"].as_u64().unwrap();
    assert!(exact >= 1, "{report}");
}

#[test]
fn hard_paywall_without_archive_is_unavailable() {
    let net = Net::new();
    std::fs::write(
        net.dir.path().join("config.toml"),
        "[fetch]\narchives = []\nper_host_min_interval_ms = 0\n",
    )
    .unwrap();
    let run = net.verify_url(&net.url(GAZETTE, "/news/2025/01/10/ferry-timetable-locked.html"));
    assert_failure(&run, 3, "HTTP 402");
    assert!(
        run.stderr.contains("no archives configured"),
        "{}",
        run.stderr
    );
}

#[test]
fn rate_limited_page_is_retried_after_retry_after() {
    let net = Net::new();
    let path = "/busy/harbour-night-market.html";
    let run = net.verify_url(&net.url(GAZETTE, path));
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert_eq!(run.json()["sources"][0]["status"], 200);
    assert_eq!(net.server.hits(GAZETTE, path), 2, "one 429, then the page");
}

#[test]
fn slow_page_times_out() {
    let net = Net::new();
    // The synthetic archive has no copy of this page, so the timeout is the finding.
    let run = net.verify_url(&net.url(GAZETTE, "/slow/tide-report.html"));
    assert_failure(&run, 3, "timed out after 3 s");
}

#[test]
fn gzip_bomb_is_capped_after_decompression() {
    let net = Net::new();
    let run = net.verify_url(&net.url(GAZETTE, "/bomb.html"));
    assert_failure(&run, 3, "body larger than 10485760 bytes");
}

#[test]
fn windows_1252_without_charset_is_decoded() {
    let net = Net::new();
    let run = net.run(&[
        "extract",
        &net.url(GAZETTE, "/legacy/old-harbour-lamps.html"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("René"), "{}", run.stdout);
    assert!(
        run.stdout.contains('\u{201C}') && run.stdout.contains('\u{2019}'),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{FFFD}'), "{}", run.stdout);
}

#[test]
fn missing_page_is_http_404() {
    let net = Net::new();
    std::fs::write(
        net.dir.path().join("config.toml"),
        "[fetch]\narchives = []\n",
    )
    .unwrap();
    let run = net.verify_url(&net.url(GAZETTE, "/gone.html"));
    assert_failure(&run, 3, "HTTP 404");
}

#[test]
fn robots_txt_is_obeyed() {
    let net = Net::new();
    let path = "/private/staff-memo.html";
    let run = net.verify_url(&net.url(GAZETTE, path));
    assert_failure(&run, 3, "disallowed by the site's robots.txt");
    assert_eq!(net.server.hits(GAZETTE, path), 0);
    assert_eq!(net.server.hits(GAZETTE, "/robots.txt"), 1);
}

#[test]
fn non_html_content_is_unsupported() {
    let net = Net::new();
    let run = net.verify_url(&net.url(GAZETTE, "/files/budget-chart.png"));
    assert_failure(&run, 3, "unsupported content type \"image/png\"");
}

/// Issue 15: a source served as a PDF is read from its text layer; evidence names its page.
#[test]
fn issue15_pdf_source_is_read_and_evidence_names_the_page() {
    let net = Net::new();
    let article = root().join("fixtures/pdf/article.txt");
    let url = net.url(GAZETTE, "/files/annual-report-2024.pdf");
    let run = net.run(&[
        "verify",
        article.to_str().unwrap(),
        "--source",
        &url,
        "--format",
        "json",
    ]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report = run.json();
    let served = std::fs::read(
        root().join("fixtures/sites/www.harbourgazette.example/files/annual-report-2024.pdf"),
    )
    .unwrap();
    assert_eq!(report["sources"][0]["sha256"], sha256_of(&served));
    assert_eq!(report["sources"][0]["content_type"], "application/pdf");
    let dredging = report["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"].as_str().unwrap().contains("Dredging"))
        .expect("the dredging claim");
    assert_eq!(dredging["evidence"][0]["page"], 2, "{dredging}");
    // An article published as PDF: its "Original Source:" line is read and the cited PDF fetched.
    let pdf_article = root().join("fixtures/pdf/article.pdf");
    let run = net.run(&["verify", pdf_article.to_str().unwrap(), "--format", "json"]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["article"]["kind"], "pdf");
    assert_eq!(
        report["sources"][0]["url"],
        "http://www.harbourgazette.example/files/annual-report-2024.pdf"
    );
    let dredging = report["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"].as_str().unwrap().contains("Dredging"))
        .expect("the dredging claim");
    assert_eq!(dredging["label"], "contradicted");
    assert_eq!(dredging["evidence"][0]["page"], 2);
    // A damaged PDF is a finding naming the URL, not a crash.
    let run = net.verify_url(&net.url(GAZETTE, "/files/damaged.pdf"));
    assert_failure(&run, 3, "not a readable PDF");
}

#[test]
fn metadata_and_private_addresses_are_refused() {
    let net = Net::new();
    let a = net.article(
        "meta.txt",
        "The council approved the budget on Tuesday.\nOriginal Source: http://169.254.169.254/latest/meta-data/\n",
    );
    let run = net.run(&["verify", a.to_str().unwrap()]);
    assert_failure(&run, 3, "refused: 169.254.169.254 is a link-local address");
    // A loopback URL not named by --resolve is refused too, and allowed with --allow-private.
    let loopback = format!("http://127.0.0.1:{}{BRIDGE}", net.server.port());
    let run = net.verify_url(&loopback);
    assert_failure(&run, 3, "refused: 127.0.0.1 is a loopback address");
}

#[test]
fn cache_serves_repeat_runs_and_offline_says_what_is_missing() {
    let net = Net::new();
    let url = net.url(GAZETTE, BRIDGE);
    let first = net.verify_url(&url);
    assert_eq!(first.json()["sources"][0]["from_cache"], false);
    let hits = net.server.hits(GAZETTE, BRIDGE);
    let second = net.verify_url(&url);
    assert_eq!(second.json()["sources"][0]["from_cache"], true);
    assert_eq!(
        net.server.hits(GAZETTE, BRIDGE),
        hits,
        "answered from the cache"
    );
    assert_eq!(
        first.json()["sources"][0]["sha256"],
        second.json()["sources"][0]["sha256"]
    );
    // Offline with the warm cache works; with an empty one it names what is missing.
    let article = root().join("fixtures/cases/bridge-repair-budget/article.txt");
    let a = article.to_str().unwrap();
    let run = net.run(&[
        "verify",
        a,
        "--source",
        &url,
        "--offline",
        "--format",
        "json",
    ]);
    assert_eq!(run.json()["sources"][0]["from_cache"], true);
    let empty = net.dir.path().join("empty-cache");
    let run = net.run_with_cache(&["verify", a, "--source", &url, "--offline"], &empty);
    assert_failure(
        &run,
        3,
        "not in the cache, and --offline forbids fetching it",
    );
    assert!(run.stderr.contains(&url), "{}", run.stderr);
}

#[test]
fn demo_runs_every_bundled_article_through_the_fetch_path() {
    let out = provcheck()
        .args(["demo"])
        .timeout(Duration::from_secs(120))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("(discovered, http 200)"), "{stdout}");
    assert!(stdout.contains("(archive, http 200)"), "{stdout}");
    assert!(!stdout.contains("source not obtained"), "{stdout}");
}

#[test]
fn stale_cache_entries_are_revalidated_with_etag() {
    let net = Net::new();
    std::fs::write(
        net.dir.path().join("config.toml"),
        format!("{TEST_CONFIG}\n[cache]\nmax_age_secs = 0\n"),
    )
    .unwrap();
    // A static page of the site (the server gives it an ETag and honours If-None-Match).
    let path = "/news/2025/01/07/hollins-road-pothole-repair-budget.html";
    let url = net.url(GAZETTE, path);
    let first = net.verify_url(&url);
    assert_eq!(
        first.json()["sources"][0]["from_cache"],
        false,
        "{}",
        first.stderr
    );
    let second = net.verify_url(&url);
    // Asked again (max age 0), answered 304, body taken from the cache.
    assert_eq!(net.server.hits(GAZETTE, path), 2);
    let src = &second.json()["sources"][0];
    assert_eq!(src["from_cache"], true);
    assert_eq!(src["sha256"], first.json()["sources"][0]["sha256"]);
}

#[test]
fn article_given_as_a_url_is_fetched() {
    let net = Net::new();
    let url = net.url(GAZETTE, BRIDGE);
    let run = net.run(&["verify", &url, "--source", &url, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(report["article"]["path"], url);
    assert_eq!(report["summary"]["supported_share"], 1.0, "{report}");
}
