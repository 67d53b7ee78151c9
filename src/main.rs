//! The `provcheck` command line: a thin layer over the library.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

use provcheck::config::Config;
use provcheck::discover::find_citations;
use provcheck::report::{json::Json, terminal::Terminal, Reporter};
use provcheck::verify::{file_record, verify, PreparedSource};
use provcheck::{input, Error, ExitCode};

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
        /// The article: a text, Markdown or HTML file.
        article: PathBuf,
        /// A source file (text, Markdown or HTML); repeat for several sources.
        #[arg(long = "source", value_name = "FILE")]
        sources: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = VerifyFormat::Terminal)]
        format: VerifyFormat,
        /// Write the report to FILE (atomically) instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show the main text and metadata extracted from an HTML (or text) file.
    Extract {
        /// The page: an HTML, Markdown or text file.
        input: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Text)]
        format: ExtractFormat,
    },
    /// List the citations found in an article.
    Citations {
        /// The article.
        article: PathBuf,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum VerifyFormat {
    Terminal,
    Json,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum ExtractFormat {
    Text,
    Json,
}

fn main() {
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

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cfg = load_config(cli.config.as_deref())?;
    match cli.command {
        Command::Verify {
            article,
            sources,
            format,
            output,
        } => {
            let doc = input::load(&article, cfg.input.max_bytes)?;
            if sources.is_empty() {
                return Err(no_source_error(&doc).into());
            }
            let mut prepared = Vec::new();
            for (i, s) in sources.iter().enumerate() {
                if s.starts_with("http://") || s.starts_with("https://") {
                    return Err(Error::SourceUnavailable(format!(
                        "{s}: this build reads sources from local files only; save the page and pass the file with --source"
                    ))
                    .into());
                }
                let src = input::load(Path::new(s), cfg.input.max_bytes)?;
                let record = file_record(&format!("src{}", i + 1), &src);
                prepared.push(PreparedSource::new(src, record, &cfg));
            }
            let report = verify(&doc, &prepared, &cfg);
            let color = output.is_none() && use_color(cli.color);
            let reporter: Box<dyn Reporter> = match format {
                VerifyFormat::Terminal => Box::new(Terminal { color }),
                VerifyFormat::Json => Box::new(Json),
            };
            let mut buf = Vec::new();
            reporter
                .write(&report, &mut buf)
                .context("rendering the report")?;
            emit(&buf, output.as_deref())?;
            Ok(if report.policy.passed {
                ExitCode::Passed
            } else {
                ExitCode::PolicyFailed
            })
        }
        Command::Extract {
            input: path,
            format,
        } => {
            let doc = input::load(&path, cfg.input.max_bytes)?;
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

/// The error for an article checked without `--source`: names what it cites and what to do.
fn no_source_error(doc: &input::Document) -> Error {
    let cited: Vec<String> = find_citations(doc)
        .iter()
        .map(|c| format!("\"{}\"", c.text))
        .collect();
    if cited.is_empty() {
        Error::SourceUnavailable(format!(
            "{}: no source given and the article cites none; pass the source with --source FILE",
            doc.origin
        ))
    } else {
        Error::SourceUnavailable(format!(
            "{}: no source given; the article cites {}; this build does not fetch sources, so save the cited page and pass it with --source FILE",
            doc.origin,
            cited.join(", ")
        ))
    }
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
