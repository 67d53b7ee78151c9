//! The `provcheck` command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use provcheck::config::Config;
use provcheck::discover::find_citations;
use provcheck::fetch::{Cache, FetchOptions, Fetcher, ResolveRule};
use provcheck::report::{
    html::Html, json::Json, jsonl::Jsonl, junit::Junit, markdown::Markdown, terminal::Terminal,
    Reporter,
};
use provcheck::{input, Error, ExitCode};

/// mimalloc: the judge makes many small, short-lived allocations (tokens, word lists, diffs),
/// where it measured faster than the system allocator (`cargo bench --bench align`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "cli/demo.rs"]
mod demo;
#[path = "cli/feed.rs"]
mod feed_cmd;

#[derive(Parser, Debug)]
#[command(
    name = "provcheck",
    version,
    about = "Does a news article faithfully represent its cited source?"
)]
struct Cli {
    /// Config file (TOML); every setting optional. Default: built-in settings.
    #[arg(long, global = true, env = "PROVCHECK_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// When to colour terminal output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check every claim and quote of an article against its source(s).
    Verify {
        /// The article: a text, Markdown or HTML file, or an http(s) URL.
        article: String,
        /// A source file or URL; repeat for several. Default: what the article cites.
        #[arg(long = "source", value_name = "FILE|URL")]
        sources: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = VerifyFormat::Terminal)]
        format: VerifyFormat,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        policy: PolicyArgs,
        #[command(flatten)]
        net: NetArgs,
    },
    /// Show the main text and metadata extracted from a page (file or URL).
    Extract {
        /// The page: an HTML, Markdown or text file, or an http(s) URL.
        input: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
        #[command(flatten)]
        net: NetArgs,
    },
    /// List the citations found in an article.
    Citations {
        /// The article.
        article: PathBuf,
    },
    /// Show an article's citations and what each leads to: fetched pages, and for citations that
    /// name only a site, the ranked candidate pages found on it.
    Discover {
        /// The article: a file or an http(s) URL.
        article: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
        #[command(flatten)]
        net: NetArgs,
    },
    /// Verify every article of an RSS/Atom/JSON feed (file or URL), a folder of articles, or a
    /// file of URLs (one per line), concurrently; unchanged articles reuse their results.
    Feed {
        /// The feed, folder or URL list.
        input: String,
        /// Articles in flight at once (default: 2 × cores), on top of the per-host limits.
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = feed_cmd::FeedFormat::Summary)]
        format: feed_cmd::FeedFormat,
        /// Write the output to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only items dated on or after DATE (YYYY-MM-DD); undated items are kept.
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
        /// At most N items (after --since and --shard).
        #[arg(long, value_name = "N")]
        max_items: Option<usize>,
        /// Only shard K of N (1-based), split by a hash of each item's URL or path.
        #[arg(long, value_name = "K/N", value_parser = provcheck::feed::parse_shard)]
        shard: Option<(usize, usize)>,
        /// Re-verify every item, ignoring stored results.
        #[arg(long)]
        no_results_cache: bool,
        #[command(flatten)]
        policy: PolicyArgs,
        #[command(flatten)]
        net: NetArgs,
    },
    /// Print the JSON Schema of the JSON report (also in schema/report.schema.json).
    Schema,
    /// Serve the bundled synthetic publisher sites on loopback and verify the bundled articles
    /// through the real fetch path (no internet needed).
    Demo {
        /// The fixtures folder (with sites/, cases/ and seed/).
        #[arg(long, value_name = "DIR", default_value_os_t = default_fixtures())]
        fixtures: PathBuf,
        /// Print every article's full report, not only the first.
        #[arg(long)]
        full: bool,
        /// Only serve the sites (until interrupted) and print the --resolve flags to reach them.
        #[arg(long)]
        serve: bool,
    },
}

/// Policy overrides (over `[policy]` in the config file).
#[derive(clap::Args, Debug, Clone, Default)]
struct PolicyArgs {
    /// Labels that fail the run, comma-separated (e.g. contradicted,altered,not_found); "none" for
    /// none. Overrides policy.fail_on.
    #[arg(long = "fail-on", value_name = "LABEL,...", value_delimiter = ',')]
    fail_on: Option<Vec<String>>,
    /// Fail when fewer than this share (0-1) of statements are supported. Overrides
    /// policy.min_supported_share.
    #[arg(long = "min-supported", value_name = "SHARE")]
    min_supported: Option<f64>,
}

impl PolicyArgs {
    /// Applies the flags to the config's policy.
    fn apply(&self, cfg: &mut Config) -> anyhow::Result<()> {
        if let Some(labels) = &self.fail_on {
            let mut out = Vec::new();
            for l in labels
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty() && *l != "none")
            {
                let label = provcheck::align::Label::parse(l).ok_or_else(|| {
                    let all: Vec<&str> = provcheck::align::Label::ALL
                        .iter()
                        .map(|l| l.as_str())
                        .collect();
                    anyhow::anyhow!(
                        "--fail-on: unknown label \"{l}\" (labels: {})",
                        all.join(", ")
                    )
                })?;
                out.push(label);
            }
            cfg.policy.fail_on = out;
        }
        if let Some(share) = self.min_supported {
            if !(0.0..=1.0).contains(&share) {
                anyhow::bail!("--min-supported: must be between 0 and 1, got {share}");
            }
            cfg.policy.min_supported_share = share;
        }
        Ok(())
    }
}

/// Network settings shared by the commands that fetch.
#[derive(clap::Args, Debug, Clone, Default)]
struct NetArgs {
    /// Connect to HOST on PORT at ADDR instead of resolving it, like curl: the rule covers that
    /// host and port only (a URL without a port uses 80 or 443); the host may then be on a private
    /// or loopback address. Repeatable.
    #[arg(long = "resolve", value_name = "HOST:PORT:ADDR")]
    resolve: Vec<String>,
    /// Connect to HOST on PORT at ADDR on PORT2 instead, like curl (ADDR an IP address; PORT 80
    /// or 443 when PORT2 differs). Repeatable.
    #[arg(long = "connect-to", value_name = "HOST:PORT:ADDR:PORT2")]
    connect_to: Vec<String>,
    /// Cache directory (default: the platform cache dir, e.g. ~/.cache/provcheck).
    #[arg(long, value_name = "DIR", env = "PROVCHECK_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Do not read or write the cache.
    #[arg(long, conflicts_with = "offline")]
    no_cache: bool,
    /// Use only the cache; never touch the network.
    #[arg(long)]
    offline: bool,
    /// Allow fetching from loopback, private and link-local addresses.
    #[arg(long)]
    allow_private: bool,
}

fn default_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum VerifyFormat {
    /// Grouped by label, for a person at a terminal.
    Terminal,
    /// The report model (see schema/report.schema.json).
    Json,
    /// The same, on one line (JSON Lines).
    Jsonl,
    /// One self-contained page: the article's statements beside their source passages.
    Html,
    /// For pull-request comments and CI step summaries.
    Markdown,
    /// JUnit XML: a test case per statement.
    Junit,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ExtractFormat {
    Text,
    Json,
}

fn main() {
    // A panic of the PDF reader on a damaged file becomes a one-line error (`pdf::extract`
    // reports it); keep the parser's panic message off stderr. Other panics print as usual.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some(provcheck::pdf::THREAD_NAME) {
            default_hook(info);
        }
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                process::exit(0);
            }
            eprintln!("provcheck: {}", one_line_clap_error(&e));
            process::exit(ExitCode::Usage as i32);
        }
    };
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let code = e
                .downcast_ref::<Error>()
                .map_or(ExitCode::Usage, Error::exit_code);
            eprintln!("provcheck: error: {}", one_line(&format!("{e:#}")));
            code
        }
    };
    process::exit(code as i32);
}

/// Clap's multi-line usage errors folded into one line.
fn one_line_clap_error(e: &clap::Error) -> String {
    let rendered = e.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments").to_string();
    let extra: Vec<&str> = lines
        .filter(|l| l.starts_with("[possible values") || l.starts_with("tip:"))
        .collect();
    if extra.is_empty() {
        first
    } else {
        format!("{first} {}", extra.join(" "))
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn load_config(path: Option<&Path>) -> Result<Config, Error> {
    match path {
        Some(p) => Config::load(p),
        None => Ok(Config::default()),
    }
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// In a build with the `semantic` feature, says once on stderr when the embedding model could not
/// be loaded (the claims were then judged on the lexical signals alone).
fn warn_if_semantic_off() {
    #[cfg(feature = "semantic")]
    if let Some(Err(e)) = provcheck::semantic::status() {
        eprintln!("provcheck: semantic signal off, lexical models used: {e}");
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cfg = load_config(cli.config.as_deref())?;
    match cli.command {
        Command::Verify {
            article,
            sources,
            format,
            output,
            policy,
            net,
        } => {
            let (cfg, rt, fetcher) = checking(cfg, &policy, &net)?;
            let (doc, base) =
                rt.block_on(provcheck::sources::load_article(&article, &fetcher, &cfg))?;
            let obtained = rt.block_on(provcheck::sources::obtain(
                &doc,
                base.as_ref(),
                &sources,
                &fetcher,
                &cfg,
            ))?;
            if obtained.sources.is_empty() {
                return Err(no_source_error(&doc, &obtained.unavailable).into());
            }
            let report = provcheck::sources::report_for(&doc, obtained, &cfg);
            warn_if_semantic_off();
            let color = output.is_none() && use_color(cli.color);
            let reporter: Box<dyn Reporter> = match format {
                VerifyFormat::Terminal => Box::new(Terminal { color }),
                VerifyFormat::Json => Box::new(Json),
                VerifyFormat::Jsonl => Box::new(Jsonl),
                VerifyFormat::Html => Box::new(Html),
                VerifyFormat::Markdown => Box::new(Markdown),
                VerifyFormat::Junit => Box::new(Junit),
            };
            let mut buf = Vec::new();
            reporter
                .write(&report, &mut buf)
                .context("rendering the report")?;
            emit(&buf, output.as_deref())?;
            Ok(exit_code_of(&report, &cfg))
        }
        Command::Extract {
            input: path,
            format,
            net,
        } => {
            let doc = if provcheck::fetch::is_http_url(&path) {
                let rt = runtime()?;
                let fetcher = make_fetcher(&cfg, &net)?;
                rt.block_on(provcheck::sources::load_article(&path, &fetcher, &cfg))?
                    .0
            } else {
                input::load(Path::new(&path), cfg.input.max_bytes)?
            };
            let mut out = Vec::new();
            match format {
                ExtractFormat::Text => {
                    out.extend_from_slice(doc.text.trim().as_bytes());
                    out.push(b'\n');
                }
                ExtractFormat::Json => {
                    let meta = doc.html.clone().unwrap_or_default();
                    let value = serde_json::json!({
                        "path": doc.origin,
                        "kind": doc.kind,
                        "sha256": doc.sha256,
                        "title": doc.title,
                        "byline": meta.byline,
                        "published": meta.published,
                        "canonical_url": meta.canonical_url,
                        "site_name": meta.site_name,
                        "language": meta.language,
                        "text": doc.text.trim(),
                    });
                    serde_json::to_writer_pretty(&mut out, &value)?;
                    out.push(b'\n');
                }
            }
            emit(&out, None)?;
            Ok(ExitCode::Passed)
        }
        Command::Discover {
            article,
            format,
            net,
        } => {
            let rt = runtime()?;
            let fetcher = make_fetcher(&cfg, &net)?;
            let (doc, base) =
                rt.block_on(provcheck::sources::load_article(&article, &fetcher, &cfg))?;
            let obtained = rt.block_on(provcheck::sources::obtain(
                &doc,
                base.as_ref(),
                &[],
                &fetcher,
                &cfg,
            ))?;
            let citations = find_citations(&doc);
            let records: Vec<_> = obtained.sources.iter().map(|s| s.record.clone()).collect();
            let mut out = Vec::new();
            match format {
                ExtractFormat::Json => {
                    let value = serde_json::json!({
                        "article": doc.origin,
                        "citations": citations,
                        "sources": records,
                        "unavailable": obtained.unavailable,
                        "discovery": obtained.discovery,
                    });
                    serde_json::to_writer_pretty(&mut out, &value)?;
                    out.push(b'\n');
                }
                ExtractFormat::Text => {
                    write_discovery_text(&mut out, &doc, &citations, &records, &obtained)?;
                }
            }
            emit(&out, None)?;
            Ok(if records.is_empty() {
                ExitCode::SourceUnavailable
            } else {
                ExitCode::Passed
            })
        }
        Command::Feed {
            input,
            jobs,
            format,
            output,
            since,
            max_items,
            shard,
            no_results_cache,
            policy,
            net,
        } => {
            let (cfg, rt, fetcher) = checking(cfg, &policy, &net)?;
            let cache_dir = cache_dir(&cfg, &net);
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            let code = feed_cmd::run(
                &rt,
                feed_cmd::FeedRun {
                    input,
                    jobs: jobs.unwrap_or(2 * cores).max(1),
                    format,
                    output,
                    selection: provcheck::feed::Selection {
                        since,
                        max_items,
                        shard,
                    },
                    results_cache: !no_results_cache,
                },
                fetcher,
                cfg,
                cache_dir,
            );
            warn_if_semantic_off();
            code
        }
        Command::Schema => {
            emit(provcheck::report::json_schema().as_bytes(), None)?;
            Ok(ExitCode::Passed)
        }
        Command::Demo {
            fixtures,
            full,
            serve,
        } => {
            if serve {
                demo::serve(&fixtures)
            } else {
                demo::run(&fixtures, full, &cfg, use_color(cli.color))
            }
        }
        Command::Citations { article } => {
            let doc = input::load(&article, cfg.input.max_bytes)?;
            let citations = find_citations(&doc);
            let mut out = Vec::new();
            serde_json::to_writer_pretty(&mut out, &citations)?;
            out.push(b'\n');
            emit(&out, None)?;
            Ok(ExitCode::Passed)
        }
    }
}

/// The error for an article none of whose sources could be obtained: names each and why.
fn no_source_error(
    doc: &input::Document,
    unavailable: &[provcheck::sources::Unavailable],
) -> Error {
    let reason = provcheck::sources::no_source_reason(doc, unavailable);
    let hint = if unavailable.is_empty() {
        "pass one with --source FILE|URL"
    } else {
        "a saved copy can be given with --source FILE|URL"
    };
    Error::SourceUnavailable(format!("{reason} ({hint})"))
}

/// What `verify` and `feed` start from: the config with the command line's policy applied, a
/// runtime and a fetcher.
fn checking(
    mut cfg: Config,
    policy: &PolicyArgs,
    net: &NetArgs,
) -> anyhow::Result<(Config, tokio::runtime::Runtime, Fetcher)> {
    policy.apply(&mut cfg)?;
    let rt = runtime()?;
    let fetcher = make_fetcher(&cfg, net)?;
    Ok((cfg, rt, fetcher))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// The cache directory of a run: `--cache-dir`, else `cache.dir`, else the platform's; none with
/// `--no-cache` or `cache.enabled = false`.
fn cache_dir(cfg: &Config, net: &NetArgs) -> Option<PathBuf> {
    if net.no_cache || !cfg.cache.enabled {
        return None;
    }
    Some(
        net.cache_dir
            .clone()
            .or_else(|| (!cfg.cache.dir.is_empty()).then(|| PathBuf::from(&cfg.cache.dir)))
            .unwrap_or_else(Cache::default_dir),
    )
}

/// The fetcher for a run: config, flags, cache directory.
fn make_fetcher(cfg: &Config, net: &NetArgs) -> anyhow::Result<Fetcher> {
    let mut fcfg = cfg.fetch.clone();
    if net.allow_private {
        fcfg.allow_private = true;
    }
    let mut resolve = Vec::new();
    for r in &net.resolve {
        resolve.push(r.parse::<ResolveRule>().map_err(anyhow::Error::msg)?);
    }
    for r in &net.connect_to {
        resolve.push(ResolveRule::parse_connect_to(r).map_err(anyhow::Error::msg)?);
    }
    let cache_dir = cache_dir(cfg, net);
    if cache_dir.is_none() && net.offline {
        anyhow::bail!(
            "--offline needs the cache, but the cache is off (--no-cache or cache.enabled = false)"
        );
    }
    let opts = FetchOptions {
        resolve,
        offline: net.offline,
        cache_dir,
        cache_max_age_secs: cfg.cache.max_age_secs,
    };
    let fetcher = Fetcher::new(&fcfg, &opts).map_err(anyhow::Error::msg)?;
    for w in fetcher.warnings() {
        eprintln!("provcheck: warning: {w}");
    }
    Ok(fetcher)
}

fn exit_code_of(report: &provcheck::report::Report, cfg: &Config) -> ExitCode {
    if !report.unavailable.is_empty() && cfg.policy.fail_on_missing_source {
        ExitCode::SourceUnavailable
    } else if report.policy.passed {
        ExitCode::Passed
    } else {
        ExitCode::PolicyFailed
    }
}

fn write_discovery_text(
    out: &mut Vec<u8>,
    doc: &input::Document,
    citations: &[provcheck::discover::Citation],
    records: &[provcheck::report::SourceRecord],
    obtained: &provcheck::sources::Obtained,
) -> std::io::Result<()> {
    writeln!(out, "{}", doc.origin)?;
    writeln!(out, "citations:")?;
    if citations.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for c in citations {
        writeln!(out, "  {:?}: {}", c.kind, c.text)?;
    }
    for d in &obtained.discovery {
        writeln!(
            out,
            "site search for \"{}\" on {} ({}):",
            d.cited_as,
            d.domain,
            d.origin.as_deref().unwrap_or("unreachable")
        )?;
        for l in &d.looked_at {
            writeln!(out, "  read {l}")?;
        }
        for c in &d.candidates {
            let score = c.score.map_or("     -".to_string(), |s| format!("{s:6.3}"));
            writeln!(
                out,
                "  {} rank {:5.3} score {} {}{}{}",
                if c.chosen { "*" } else { " " },
                c.rank,
                score,
                c.url,
                c.title
                    .as_deref()
                    .map(|t| format!("  \"{t}\""))
                    .unwrap_or_default(),
                c.error
                    .as_deref()
                    .map(|e| format!("  [{e}]"))
                    .unwrap_or_default()
            )?;
        }
        writeln!(out, "  {}", d.outcome)?;
    }
    writeln!(out, "sources:")?;
    for r in records {
        writeln!(
            out,
            "  {} {:?} {} (HTTP {}, {} bytes, sha256 {})",
            r.id,
            r.method,
            r.final_url.as_deref().or(r.path.as_deref()).unwrap_or("?"),
            r.status.map_or("-".into(), |s| s.to_string()),
            r.bytes,
            &r.sha256[..12.min(r.sha256.len())]
        )?;
    }
    for u in &obtained.unavailable {
        writeln!(out, "  unavailable \"{}\": {}", u.cited_as, u.reason)?;
    }
    Ok(())
}

/// Writes output to a file atomically (temp file + rename), or to standard output.
fn emit(bytes: &[u8], path: Option<&Path>) -> Result<(), Error> {
    match path {
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Output {
                    path: PathBuf::from("<stdout>"),
                    reason: e.to_string(),
                }),
                _ => Ok(()),
            }
        }
        Some(p) => {
            let fail = |reason: String| Error::Output {
                path: p.to_path_buf(),
                reason,
            };
            let dir = match p.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| fail(e.to_string()))?;
            tmp.write_all(bytes).map_err(|e| fail(e.to_string()))?;
            tmp.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
            tmp.persist(p).map_err(|e| fail(e.error.to_string()))?;
            Ok(())
        }
    }
}
