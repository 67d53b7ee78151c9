//! `provcheck demo`: the bundled synthetic publisher sites on loopback, and the bundled articles
//! verified through the real fetch path (robots.txt, redirects, discovery, archives, cache).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use provcheck::config::{ArchiveConfig, ArchiveKind, Config};
use provcheck::fetch::{FetchOptions, Fetcher, ResolveRule};
use provcheck::report::{terminal::Terminal, Reporter};
use provcheck::sites::SiteServer;
use provcheck::ExitCode;

/// The articles the demo verifies: the seed (cites only a domain) first, then the fixture cases,
/// then the paywalled story (needs the archive).
fn articles(fixtures: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = vec![fixtures.join("seed/article.txt")];
    let cases = fixtures.join("cases");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&cases)
        .with_context(|| format!("{}: cannot list the fixture cases", cases.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        for name in ["article.txt", "article.md", "article.html"] {
            if d.join(name).exists() {
                out.push(d.join(name));
                break;
            }
        }
    }
    out.push(fixtures.join("sites/www.harbourgazette.example/_article-harbour-fees.txt"));
    Ok(out.into_iter().filter(|p| p.exists()).collect())
}

pub fn run(fixtures: &Path, full: bool, cfg: &Config, color: bool) -> anyhow::Result<ExitCode> {
    let server = SiteServer::start(&fixtures.join("sites"))
        .with_context(|| format!("{}: cannot serve the fixture sites", fixtures.display()))?;
    let mut cfg = cfg.clone();
    // The demo's archive is the synthetic one among the fixture sites.
    cfg.fetch.archives = vec![ArchiveConfig {
        name: "archive.example".into(),
        kind: ArchiveKind::Availability,
        url: "http://archive.example/wayback/available?url={url}".into(),
    }];
    let cache = tempfile::tempdir().context("creating a cache directory for the demo")?;
    let resolve: Vec<ResolveRule> = server.rules();
    let fetcher = Fetcher::new(
        &cfg.fetch,
        &FetchOptions {
            resolve,
            offline: false,
            cache_dir: Some(cache.path().to_path_buf()),
            cache_max_age_secs: cfg.cache.max_age_secs,
        },
    )
    .map_err(anyhow::Error::msg)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let list = articles(fixtures)?;
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "provcheck demo: {} synthetic sites on 127.0.0.1:{} ({}), {} articles\n",
        server.hosts().len(),
        server.port(),
        server.hosts().join(", "),
        list.len()
    )?;
    let mut summary = Vec::new();
    let mut missing = 0;
    for (i, path) in list.iter().enumerate() {
        let doc = provcheck::input::load(path, cfg.input.max_bytes)?;
        let obtained = rt.block_on(provcheck::sources::obtain(&doc, None, &[], &fetcher, &cfg))?;
        let name = path
            .strip_prefix(fixtures)
            .unwrap_or(path)
            .display()
            .to_string();
        if obtained.sources.is_empty() {
            missing += 1;
            let why: Vec<String> = obtained
                .unavailable
                .iter()
                .map(|u| u.reason.clone())
                .collect();
            summary.push(format!("{name}: source not obtained: {}", why.join("; ")));
            continue;
        }
        let report = provcheck::sources::report_for(&doc, obtained, &cfg);
        if i == 0 || full {
            Terminal { color }.write(&report, &mut stdout)?;
            writeln!(stdout)?;
        }
        let src: Vec<String> = report
            .sources
            .iter()
            .map(|s| {
                format!(
                    "{} ({:?}, HTTP {})",
                    s.final_url.as_deref().unwrap_or("?"),
                    s.method,
                    s.status.unwrap_or(0)
                )
                .to_lowercase()
            })
            .collect();
        let counts: Vec<String> = report
            .summary
            .counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(l, n)| format!("{n} {l}"))
            .collect();
        summary.push(format!(
            "{name}\n    source: {}\n    {} statements: {}",
            src.join(", "),
            report.summary.statements,
            counts.join(", ")
        ));
    }
    writeln!(
        stdout,
        "Summary (the articles carry planted edits, so problems are expected):"
    )?;
    for line in &summary {
        writeln!(stdout, "  {line}")?;
    }
    Ok(if missing == 0 {
        ExitCode::Passed
    } else {
        ExitCode::SourceUnavailable
    })
}

/// Serves the fixture sites until the process is interrupted.
pub fn serve(fixtures: &Path) -> anyhow::Result<ExitCode> {
    let server = SiteServer::start(&fixtures.join("sites"))
        .with_context(|| format!("{}: cannot serve the fixture sites", fixtures.display()))?;
    let flags: Vec<String> = server
        .route_args()
        .iter()
        .map(|(flag, r)| format!("{flag} {r}"))
        .collect();
    println!(
        "serving {} synthetic sites on 127.0.0.1:{}; reach them with:",
        server.hosts().len(),
        server.port()
    );
    println!("{}", flags.join(" "));
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
