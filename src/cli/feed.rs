//! `provcheck feed INPUT`: every article of a feed, folder or URL list, verified concurrently;
//! progress on stderr, results streamed (JSON Lines) or summarised (text, Markdown, JUnit).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;

use provcheck::config::Config;
use provcheck::feed::{self, Outcome, Results, Selection};
use provcheck::fetch::Fetcher;
use provcheck::report::junit::add_suite;
use provcheck::ExitCode;

/// Output formats of a batch run.
#[derive(Copy, Clone, Debug, clap::ValueEnum, PartialEq, Eq)]
pub enum FeedFormat {
    /// A line per item as it finishes, then totals (for CI logs).
    Summary,
    /// One JSON object per item (the full report plus `item`, or `item` and `error`), streamed.
    Jsonl,
    /// A run summary for pull-request comments and step summaries.
    Markdown,
    /// JUnit XML: a test suite per article.
    Junit,
}

pub struct FeedRun {
    pub input: String,
    pub jobs: usize,
    pub format: FeedFormat,
    pub output: Option<PathBuf>,
    pub selection: Selection,
    pub results_cache: bool,
}

/// Totals of a run.
#[derive(Default)]
struct Totals {
    items: usize,
    passed: usize,
    policy_failed: usize,
    errors: usize,
    cached: usize,
    statements: usize,
    counts: std::collections::BTreeMap<String, usize>,
}

fn label_line(o: &Outcome) -> String {
    match o {
        Outcome::Verified {
            item,
            report,
            cached,
        } => format!(
            "{} {}: {} statements, {:.0}% supported{}{}",
            if report.policy.passed { "PASS" } else { "FAIL" },
            item.id,
            report.summary.statements,
            report.summary.supported_share * 100.0,
            if report.policy.passed {
                String::new()
            } else {
                format!(" — {}", report.policy.failures.join("; "))
            },
            if *cached {
                " (unchanged, from the results cache)"
            } else {
                ""
            }
        ),
        Outcome::Failed { item, reason } => format!("ERROR {}: {reason}", item.id),
    }
}

pub fn run(
    rt: &tokio::runtime::Runtime,
    args: FeedRun,
    fetcher: Fetcher,
    cfg: Config,
    cache_dir: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let fetcher = Arc::new(fetcher);
    let items = rt.block_on(feed::list_items(&args.input, &fetcher))?;
    let listed = items.len();
    let items = args.selection.apply(items);
    let results = match (&cache_dir, args.results_cache) {
        (Some(dir), true) => Some(
            Results::open(&dir.join("results"), &cfg)
                .with_context(|| format!("results cache in {}", dir.display()))?,
        ),
        _ => None,
    };
    let total = items.len();
    let quiet_progress = std::env::var_os("CI").is_some() || !std::io::stderr().is_terminal();
    let bar = if quiet_progress {
        indicatif::ProgressBar::hidden()
    } else {
        let b = indicatif::ProgressBar::new(total as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} items ({per_sec}, eta {eta}) {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    };
    eprintln!(
        "provcheck feed: {} of {listed} items selected from {}, {} at a time",
        total, args.input, args.jobs
    );
    // Streamed output: standard output, or a temporary file next to -o renamed at the end.
    let mut tmp = match &args.output {
        Some(p) => {
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            Some(
                tempfile::NamedTempFile::new_in(&dir)
                    .with_context(|| format!("cannot write {}", p.display()))?,
            )
        }
        None => None,
    };
    let mut totals = Totals::default();
    let mut junit = quick_junit::Report::new("provcheck");
    let mut failing: Vec<String> = Vec::new();
    let started = Instant::now();
    let mut last_note = Instant::now();
    let mut write_err: Option<std::io::Error> = None;
    let cfg = Arc::new(cfg);
    rt.block_on(feed::run(
        items,
        args.jobs,
        fetcher.clone(),
        cfg.clone(),
        results,
        |o| {
            totals.items += 1;
            match &o {
                Outcome::Verified { report, cached, .. } => {
                    totals.cached += usize::from(*cached);
                    totals.statements += report.summary.statements;
                    for (l, n) in &report.summary.counts {
                        *totals.counts.entry(l.to_string()).or_default() += n;
                    }
                    if report.policy.passed {
                        totals.passed += 1;
                    } else {
                        totals.policy_failed += 1;
                    }
                    add_suite(&mut junit, report);
                }
                Outcome::Failed { item, reason } => {
                    totals.errors += 1;
                    let mut suite = quick_junit::TestSuite::new(item.id.clone());
                    let mut status = quick_junit::TestCaseStatus::non_success(
                        quick_junit::NonSuccessKind::Error,
                    );
                    if let quick_junit::TestCaseStatus::NonSuccess { message, .. } = &mut status {
                        *message = Some(reason.clone().into());
                    }
                    suite.add_test_case(quick_junit::TestCase::new("article", status));
                    junit.add_test_suite(suite);
                }
            }
            let line = label_line(&o);
            if !line.starts_with("PASS") {
                failing.push(line.clone());
            }
            let out_line = match args.format {
                FeedFormat::Jsonl => Some(format!("{}\n", o.to_json())),
                FeedFormat::Summary => Some(format!("{line}\n")),
                _ => None,
            };
            if let Some(text) = out_line {
                let res = match tmp.as_mut() {
                    Some(f) => f.write_all(text.as_bytes()),
                    None => {
                        let mut so = std::io::stdout().lock();
                        so.write_all(text.as_bytes()).and_then(|_| so.flush())
                    }
                };
                if let Err(e) = res {
                    if e.kind() != std::io::ErrorKind::BrokenPipe {
                        write_err.get_or_insert(e);
                    }
                }
            }
            bar.inc(1);
            if quiet_progress
                && (last_note.elapsed() >= Duration::from_secs(10) || totals.items == total)
            {
                last_note = Instant::now();
                eprintln!(
                    "provcheck feed: {}/{total} items, {} failed, {} errors, {:.1} items/s",
                    totals.items,
                    totals.policy_failed,
                    totals.errors,
                    totals.items as f64 / started.elapsed().as_secs_f64().max(1e-3)
                );
            }
        },
    ));
    bar.finish_and_clear();
    if let Some(e) = write_err {
        anyhow::bail!("writing the results: {e}");
    }
    let secs = started.elapsed().as_secs_f64();
    let totals_line = format!(
        "{} items: {} passed, {} failed the policy, {} errors ({} unchanged, reused); {} statements; {:.1} s, {:.1} items/s",
        totals.items,
        totals.passed,
        totals.policy_failed,
        totals.errors,
        totals.cached,
        totals.statements,
        secs,
        totals.items as f64 / secs.max(1e-3)
    );
    let tail = match args.format {
        FeedFormat::Summary => format!("{totals_line}\n"),
        FeedFormat::Jsonl => String::new(),
        FeedFormat::Markdown => markdown(&args.input, &totals, &failing, &totals_line),
        FeedFormat::Junit => junit.to_string().context("rendering JUnit XML")?,
    };
    match (tmp, &args.output) {
        (Some(mut f), Some(p)) => {
            f.write_all(tail.as_bytes())?;
            f.as_file().sync_all()?;
            f.persist(p)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {}", p.display(), e.error))?;
        }
        _ => {
            let mut so = std::io::stdout().lock();
            let _ = so.write_all(tail.as_bytes()).and_then(|_| so.flush());
        }
    }
    if args.format != FeedFormat::Summary {
        eprintln!("provcheck feed: {totals_line}");
    }
    Ok(if totals.errors > 0 && cfg.policy.fail_on_missing_source {
        ExitCode::SourceUnavailable
    } else if totals.policy_failed > 0 {
        ExitCode::PolicyFailed
    } else {
        ExitCode::Passed
    })
}

fn markdown(input: &str, t: &Totals, failing: &[String], totals_line: &str) -> String {
    let mut s = String::new();
    let verdict = if t.policy_failed == 0 && t.errors == 0 {
        "✅"
    } else {
        "❌"
    };
    s.push_str(&format!(
        "### provcheck feed: {verdict} `{input}`\n\n{totals_line}\n\n"
    ));
    s.push_str("| items | passed | failed | errors | reused |\n|---:|---:|---:|---:|---:|\n");
    s.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n\n",
        t.items, t.passed, t.policy_failed, t.errors, t.cached
    ));
    if !t.counts.is_empty() {
        let labels: Vec<&String> = t.counts.keys().collect();
        s.push_str(&format!(
            "| {} |\n",
            labels
                .iter()
                .map(|l| l.replace('_', "\\_"))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        s.push_str(&format!("|{}\n", "---:|".repeat(labels.len())));
        s.push_str(&format!(
            "| {} |\n\n",
            labels
                .iter()
                .map(|l| t.counts[*l].to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    if !failing.is_empty() {
        s.push_str("**Items that failed or could not be checked**\n\n");
        for f in failing {
            s.push_str(&format!("- {}\n", f.replace('|', "\\|")));
        }
    }
    s
}
