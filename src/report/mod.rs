//! The report model and its output formats.
//!
//! `Report` is the public, versioned data model (serialized as JSON); each format is one file
//! implementing [`Reporter`], writing to `&mut dyn Write`. How findings were computed is not
//! this module's business.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use crate::align::{DiffPart, Label};
use crate::discover::Citation;

pub mod html;
pub mod json;
pub mod jsonl;
pub mod junit;
pub mod markdown;
pub mod terminal;

/// Version of the report's JSON layout; bumped on any breaking change.
pub const SCHEMA_VERSION: &str = "1";

/// A byte span, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}

/// The result of verifying one article.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Report {
    /// Layout version of this JSON ("1").
    pub schema_version: String,
    /// The tool that wrote it.
    pub tool: ToolInfo,
    /// When the report was made (RFC 3339, UTC). The only field that varies between runs.
    pub generated_at: String,
    /// The article checked.
    pub article: ArticleInfo,
    /// What the article says its sources are.
    pub citations: Vec<Citation>,
    /// The sources compared against.
    pub sources: Vec<SourceRecord>,
    /// Cited sources that could not be obtained, with the reason.
    pub unavailable: Vec<crate::sources::Unavailable>,
    /// Site searches made for citations that name only a site.
    pub discovery: Vec<crate::discover::site::DiscoveryRecord>,
    /// One finding per claim and per quote, in article order.
    pub statements: Vec<Statement>,
    /// Counts per label.
    pub summary: Summary,
    /// The policy's verdict.
    pub policy: PolicyOutcome,
}

/// Name and version of the tool.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ToolInfo {
    /// "provcheck".
    pub name: String,
    /// The crate version.
    pub version: String,
}

/// The article checked.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct ArticleInfo {
    /// Path or URL as given.
    pub path: String,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its title, when one was found.
    pub title: Option<String>,
    /// Size in bytes.
    pub bytes: u64,
    /// "text", "markdown", "html" or "pdf".
    pub kind: crate::input::DocKind,
}

/// How a source was obtained.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Fetched from the cited URL.
    Direct,
    /// Found on the cited site.
    Discovered,
    /// An archived copy.
    Archive,
    /// A local file given with `--source`.
    File,
}

/// One source compared against.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct SourceRecord {
    /// Identifier used in evidence ("src1").
    pub id: String,
    /// The citation it answers, as written in the article; null for `--source` given by hand.
    pub cited_as: Option<String>,
    /// Local path, for files.
    pub path: Option<String>,
    /// Requested URL, for fetched sources.
    pub url: Option<String>,
    /// URL after redirects.
    pub final_url: Option<String>,
    /// How it was obtained.
    pub method: Method,
    /// HTTP status, for fetched sources.
    pub status: Option<u16>,
    /// When it was fetched (RFC 3339), for fetched sources.
    pub fetched_at: Option<String>,
    /// Body size in bytes.
    pub bytes: u64,
    /// Hex SHA-256 of the body bytes.
    pub sha256: String,
    /// Title of the source page.
    pub title: Option<String>,
    /// Canonical URL the page declares.
    pub canonical_url: Option<String>,
    /// URLs redirected through, the requested one first (empty without redirects).
    pub redirects: Vec<String>,
    /// Content-Type the server gave, for fetched sources.
    pub content_type: Option<String>,
    /// Whether the body came from the local cache, for fetched sources.
    pub from_cache: Option<bool>,
    /// What is worth knowing about how it was obtained (paywall, archive copy, discovery).
    pub notes: Vec<String>,
}

/// Whether a statement is a claim or a direct quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementKind {
    /// A sentence, or the non-quoted part of one.
    Claim,
    /// Words inside quotation marks.
    Quote,
}

/// How the speaker the article gives a quote compares with the speaker the source gives it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Attribution {
    /// The same person (surname, titles and initials aside), or the same role.
    Same,
    /// Two different people: the quote is misattributed.
    Different,
    /// Unconfirmed: the article or the source names nobody for the passage.
    Unknown,
}

impl Attribution {
    /// The word used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribution::Same => "same",
            Attribution::Different => "different",
            Attribution::Unknown => "unknown",
        }
    }
}

/// The finding on one statement.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Statement {
    /// "s1", "s2", … in article order.
    pub id: String,
    /// Claim or quote.
    pub kind: StatementKind,
    /// The statement's text (for a claim with a quote in it, the quote is left out).
    pub text: String,
    /// UTF-8 byte offsets into the article file as given.
    pub span: Span,
    /// The verdict.
    pub label: Label,
    /// Support strength of the best source passage, in [0, 1].
    pub score: f64,
    /// The speaker the article gives a quote; null when unknown or for claims.
    pub speaker: Option<String>,
    /// The speaker the source gives the matched passage, when known.
    pub source_speaker: Option<String>,
    /// Quotes with a source passage: whether the article and the source give it to the same
    /// speaker; null for claims and for quotes not found.
    #[serde(default)]
    pub attribution: Option<Attribution>,
    /// The source passages behind the verdict.
    pub evidence: Vec<Evidence>,
    /// Word diff against the source passage (altered quotes, contradicted claims).
    pub diff: Vec<DiffPart>,
    /// Why, in words.
    pub notes: Vec<String>,
}

/// A source passage.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Evidence {
    /// Source id ("src1").
    pub source: String,
    /// The passage.
    pub text: String,
    /// Byte offsets of the passage in the source's extracted text.
    pub span: Span,
    /// The page of a PDF source the passage starts on (1-based); `null` for other sources.
    #[serde(default)]
    pub page: Option<u32>,
}

/// Counts per label.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Number of statements.
    pub statements: usize,
    /// Statements per label (every label present, zero or not).
    pub counts: BTreeMap<Label, usize>,
    /// Statements labelled verbatim, paraphrase or exact.
    pub supported: usize,
    /// `supported / statements` (1 when there are none).
    pub supported_share: f64,
}

impl Summary {
    /// Counts the statements.
    pub fn of(statements: &[Statement]) -> Summary {
        let mut counts: BTreeMap<Label, usize> = Label::ALL.iter().map(|&l| (l, 0)).collect();
        for s in statements {
            *counts.entry(s.label).or_default() += 1;
        }
        let supported = statements.iter().filter(|s| s.label.is_supported()).count();
        let n = statements.len();
        Summary {
            statements: n,
            counts,
            supported,
            supported_share: if n == 0 {
                1.0
            } else {
                round3(supported as f64 / n as f64)
            },
        }
    }
}

/// The policy's verdict on a report.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct PolicyOutcome {
    /// Whether the run passes.
    pub passed: bool,
    /// What failed it, in words.
    pub failures: Vec<String>,
    /// The labels that fail a run (from `[policy] fail_on` or `--fail-on`).
    pub fail_on: Vec<Label>,
    /// The smallest supported share allowed (0 = off).
    pub min_supported_share: f64,
}

/// The JSON Schema (draft 2020-12) of [`Report`], pretty-printed with a trailing newline. The
/// committed `schema/report.schema.json` is this text; a test keeps the two equal.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(Report);
    schema.insert(
        "$id".into(),
        serde_json::Value::String(format!(
            "https://github.com/provcheck/provcheck/schema/report-v{SCHEMA_VERSION}.schema.json"
        )),
    );
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// Rounds a score to three decimals so reports stay stable and readable.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// An output format.
pub trait Reporter {
    /// Writes one report.
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}
