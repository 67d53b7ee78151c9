//! Settings: the `config.toml` schema, its built-in defaults, and loading.
//!
//! Precedence: built-in defaults < the config file (`--config FILE` or `PROVCHECK_CONFIG`) <
//! command-line flags. Every field is optional in the file; unknown keys are an error so a typo
//! never passes silently. The shipped `config.toml` lists every setting with its default, and a
//! test keeps it equal to [`Config::default`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::align::Label;
use crate::error::Error;

/// Largest input file read, in bytes (articles and local sources).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 20 * 1024 * 1024;

/// All settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Reading articles and local source files.
    pub input: InputConfig,
    /// The alignment engine's thresholds.
    pub align: AlignConfig,
    /// What makes a run fail.
    pub policy: Policy,
    /// Fetching sources over HTTP.
    pub fetch: FetchConfig,
    /// The on-disk cache of fetched pages.
    pub cache: CacheConfig,
    /// Finding the article on a site when a citation names only the site.
    pub discovery: DiscoveryConfig,
    /// Publication names → the domains they publish on ("The Telegraph" → telegraph.co.uk).
    #[serde(default = "default_publishers")]
    pub publishers: BTreeMap<String, Vec<String>>,
}

/// The publisher registry shipped in `config.toml` (compiled in).
pub fn default_publishers() -> BTreeMap<String, Vec<String>> {
    #[derive(Deserialize)]
    struct Shipped {
        publishers: BTreeMap<String, Vec<String>>,
    }
    let shipped = include_str!("../config.toml");
    let start = shipped.find("\n[publishers]").unwrap_or(0);
    let end = shipped[start + 1..]
        .find("\n[")
        .map_or(shipped.len(), |p| start + 1 + p);
    toml::from_str::<Shipped>(&shipped[start..end])
        .map(|s| s.publishers)
        .unwrap_or_default()
}

/// Fetching sources over HTTP.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FetchConfig {
    /// The User-Agent header sent with every request.
    pub user_agent: String,
    /// Time allowed to open a connection, in seconds.
    pub connect_timeout_secs: f64,
    /// Time allowed for a whole request, body included, in seconds.
    pub timeout_secs: f64,
    /// Largest body accepted, in bytes, after decompression.
    pub max_body_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Retries after a connection error, a 429 or a 5xx.
    pub max_retries: u32,
    /// First retry delay in milliseconds; doubles each retry, plus jitter.
    pub retry_base_ms: u64,
    /// Longest wait a Retry-After header may ask for, in seconds.
    pub retry_max_wait_secs: f64,
    /// Requests in flight at once per host.
    pub per_host_concurrency: usize,
    /// Minimum time between the starts of two requests to one host, in milliseconds.
    pub per_host_min_interval_ms: u64,
    /// Obey robots.txt.
    pub obey_robots: bool,
    /// Allow fetching from loopback, private, link-local and metadata addresses.
    pub allow_private: bool,
    /// Most sources fetched for one article (citations beyond are ignored).
    pub max_sources: usize,
    /// Archives tried, in order, when a page is paywalled or gone.
    pub archives: Vec<ArchiveConfig>,
}

/// An archive service to try for paywalled or dead pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveConfig {
    /// A name for reports.
    pub name: String,
    /// `availability`: the template answers JSON like the Wayback availability API, naming the
    /// snapshot; `direct`: the template is the archived page itself.
    pub kind: ArchiveKind,
    /// URL template; `{url}` is replaced by the page's URL (percent-encoded for `availability`).
    pub url: String,
}

/// How an archive template is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchiveKind {
    /// JSON naming the closest snapshot (`archived_snapshots.closest.url`).
    Availability,
    /// The template is the archived copy's URL.
    Direct,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: concat!(
                "provcheck/",
                env!("CARGO_PKG_VERSION"),
                " (+https://github.com/provcheck/provcheck)"
            )
            .to_string(),
            connect_timeout_secs: 10.0,
            timeout_secs: 30.0,
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 10,
            max_retries: 3,
            retry_base_ms: 500,
            retry_max_wait_secs: 30.0,
            per_host_concurrency: 2,
            per_host_min_interval_ms: 250,
            obey_robots: true,
            allow_private: false,
            max_sources: 5,
            archives: vec![
                ArchiveConfig {
                    name: "wayback".into(),
                    kind: ArchiveKind::Availability,
                    url: "https://archive.org/wayback/available?url={url}".into(),
                },
                ArchiveConfig {
                    name: "archive.today".into(),
                    kind: ArchiveKind::Direct,
                    url: "https://archive.ph/newest/{url}".into(),
                },
            ],
        }
    }
}

/// The on-disk cache of fetched pages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Use the cache at all.
    pub enabled: bool,
    /// Cache directory; empty = the platform cache directory (e.g. ~/.cache/provcheck).
    pub dir: String,
    /// A cached page younger than this is used without asking the server, in seconds;
    /// older ones are revalidated with ETag / Last-Modified.
    pub max_age_secs: u64,
}

impl Default for CacheConfig {
    fn default() -> Self {
        CacheConfig {
            enabled: true,
            dir: String::new(),
            max_age_secs: 24 * 3600,
        }
    }
}

/// Finding the article on a site named only by its domain or publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscoveryConfig {
    /// Best-ranked candidates fetched and aligned with the article.
    pub fetch_candidates: usize,
    /// When candidates carry no title or telling URL, up to this many are fetched (newest first).
    pub max_blind_fetches: usize,
    /// Sitemaps and feeds read per site (sitemap indexes included).
    pub max_sitemaps: usize,
    /// Candidate URLs kept from sitemaps and feeds, newest first.
    pub max_candidates: usize,
    /// Smallest alignment score (mean support of the article's claims, 0–1) a page needs to be
    /// taken as the source; below it the source is "not found".
    pub min_score: f64,
    /// A candidate scoring this high ends the search early.
    pub confident_score: f64,
    /// Site search URL templates by domain; `{query}` is replaced by the article's key words.
    pub search: BTreeMap<String, String>,
}

impl Default for DiscoveryConfig {
    fn default() -> Self {
        DiscoveryConfig {
            fetch_candidates: 5,
            max_blind_fetches: 24,
            max_sitemaps: 12,
            max_candidates: 2000,
            min_score: 0.35,
            confident_score: 0.6,
            search: BTreeMap::new(),
        }
    }
}

/// Reading input files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InputConfig {
    /// Largest file read, in bytes.
    pub max_bytes: u64,
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            max_bytes: DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

/// Thresholds and weights of the alignment engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlignConfig {
    /// Candidate source windows compared per statement.
    pub retrieve_top_k: usize,
    /// Largest window, in consecutive source sentences.
    pub window_sentences: usize,
    /// BM25 term-frequency saturation.
    pub bm25_k1: f64,
    /// BM25 length normalization.
    pub bm25_b: f64,
    /// Share of the claim's tokens matched in order for `verbatim`.
    pub verbatim_min_ratio: f64,
    /// Weighted content-word coverage for `paraphrase` (and `verbatim`).
    pub paraphrase_min_coverage: f64,
    /// A claim with this many consecutive content words the passage lacks (an added clause) is
    /// at best `partial`, whatever the support model says.
    pub max_missing_run: usize,
    /// A claim with this many names or numbers the source never mentions (attributions such as
    /// "…, Geer added" left out) is at best `partial`: it adds facts.
    pub max_novel_key: usize,
    /// Coverage an aligned passage needs before a disagreement counts as `contradicted`.
    pub contradiction_min_coverage: f64,
    /// Coverage below which a claim is `unverified` rather than `partial`.
    pub partial_min_coverage: f64,
    /// Quoted passages shorter than this many words are not quotes (scare quotes, titles).
    pub quote_min_words: usize,
    /// Weighted share of a quote's words found in order for `altered` (else `not_found`).
    pub altered_min_coverage: f64,
    /// The claim support model for a claim checked against an article (fitted on dev data by
    /// `scripts/calibrate.py`).
    pub support: SupportModel,
    /// A source of at most this many sentences is compared as a sentence pair, with
    /// `support_pair`: then the question is whether two sentences say the same thing, and what
    /// the source says beyond the claim counts too (in an article it never does).
    pub pair_max_sentences: usize,
    /// The coverage floor for a sentence pair (`paraphrase_min_coverage` for articles); the
    /// missing-run and new-name gates do not apply to pairs.
    pub pair_min_coverage: f64,
    /// The claim support model for a sentence pair (fitted on paraphrase pairs).
    pub support_pair: SupportModel,
    /// How sentence embeddings (the `semantic` build feature) move the support score.
    pub semantic: SemanticModel,
}

/// The support models used when a sentence-embedding model is loaded (build feature
/// `semantic`, weights from `scripts/fetch-minilm.sh`): the lexical inputs plus the similarity,
/// fitted together on dev data by `scripts/calibrate.py --semantic`. Disagreements (numbers,
/// names, negation, opposites) still veto support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SemanticModel {
    /// Directory of the model (model.safetensors, tokenizer.json, config.json); empty = the
    /// `PROVCHECK_MODEL_DIR` environment variable, else `models/all-MiniLM-L6-v2`.
    pub model_dir: String,
    /// The model for claims against an article.
    pub support: SupportModel,
    /// The model for sentence pairs.
    pub support_pair: SupportModel,
}

impl SemanticModel {
    /// Whether the similarity has any weight (else the embedding model is not even loaded).
    pub fn enabled(&self) -> bool {
        self.support.semantic != 0.0 || self.support_pair.semantic != 0.0
    }
}

impl Default for SemanticModel {
    fn default() -> Self {
        SemanticModel {
            model_dir: String::new(),
            support: SupportModel::semantic(),
            support_pair: SupportModel::semantic_pair(),
        }
    }
}

/// A logistic model over what the engine measures for a claim (see
/// `align::ClaimFeatures::inputs`): a claim without disagreement is supported (`verbatim` or
/// `paraphrase`) when `bias + Σ weight × input ≥ 0`. The defaults were fitted on the dev data
/// by `scripts/calibrate.py` (docs/calibration.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SupportModel {
    /// Constant term.
    pub bias: f64,
    /// Weighted share of the claim's content words in the passage.
    pub coverage: f64,
    /// The same share for the best single sentence of the passage.
    pub sentence_coverage: f64,
    /// Share of the claim's words matched in order.
    pub ratio: f64,
    /// Share of the matched source stretch that is matched (low when words are gathered).
    pub density: f64,
    /// Changed runs inside the matched stretch (0–5, scaled to 0–1).
    pub inner_edits: f64,
    /// 1 when a name or number of the claim is nowhere in the source.
    pub novel_key: f64,
    /// 1 when a number, name, negation or opposite disagrees (too weakly aligned to contradict).
    pub conflict: f64,
    /// Heaviest claim word the passage lacks (names and numbers weigh most).
    pub max_missing_weight: f64,
    /// Share of the claim's content words the passage lacks.
    pub missing_share: f64,
    /// Share of the claim's content words the passage lacks but the source has elsewhere.
    pub missing_elsewhere_share: f64,
    /// ln(content words) / 3.
    pub length: f64,
    /// Share of the best sentence's content words the claim uses.
    pub source_coverage: f64,
    /// Share of the claim's adjacent word pairs the passage has as a pair.
    pub bigram_precision: f64,
    /// Longest run of consecutive claim content words the passage lacks (0–6, scaled to 0–1).
    pub missing_run: f64,
    /// Share of the claim's three-word sequences found anywhere in the source.
    pub trigram_precision: f64,
    /// Weighted share of claim words the best sentence lacks but the source has elsewhere.
    pub sentence_imported: f64,
    /// Sentence-embedding similarity of the claim and its passage (only in the
    /// `[align.semantic]` models; 0 in the lexical ones).
    pub semantic: f64,
}

impl SupportModel {
    /// The weights in the order of `align::ClaimFeatures::INPUTS`.
    pub fn weights(&self) -> [f64; 17] {
        [
            self.coverage,
            self.sentence_coverage,
            self.ratio,
            self.density,
            self.inner_edits,
            self.novel_key,
            self.conflict,
            self.max_missing_weight,
            self.missing_share,
            self.missing_elsewhere_share,
            self.length,
            self.source_coverage,
            self.bigram_precision,
            self.missing_run,
            self.trigram_precision,
            self.sentence_imported,
            self.semantic,
        ]
    }
}

impl Default for SupportModel {
    fn default() -> Self {
        SupportModel {
            bias: -0.859,
            coverage: 0.0,
            sentence_coverage: 0.0,
            ratio: 0.215,
            density: 0.474,
            inner_edits: -0.008,
            novel_key: -0.508,
            conflict: 0.0,
            max_missing_weight: -0.019,
            missing_share: -0.026,
            missing_elsewhere_share: -1.156,
            length: 0.889,
            source_coverage: 0.26,
            bigram_precision: 0.006,
            missing_run: -0.324,
            trigram_precision: 0.0,
            sentence_imported: -0.436,
            semantic: 0.0,
        }
    }
}

impl SupportModel {
    /// The fitted weights for sentence pairs (`[align.support_pair]`).
    pub fn pair() -> SupportModel {
        SupportModel {
            bias: -0.933,
            coverage: 0.0,
            sentence_coverage: 1.058,
            ratio: 1.285,
            density: 0.271,
            inner_edits: 0.0,
            novel_key: -0.25,
            conflict: 0.0,
            max_missing_weight: -0.577,
            missing_share: -0.274,
            missing_elsewhere_share: -0.541,
            length: -0.567,
            source_coverage: 2.202,
            bigram_precision: 0.399,
            missing_run: -0.895,
            trigram_precision: 0.0,
            sentence_imported: -0.262,
            semantic: 0.0,
        }
    }

    /// The fitted weights with the similarity, claims against an article
    /// (`[align.semantic.support]`).
    pub fn semantic() -> SupportModel {
        SupportModel {
            bias: -1.535,
            coverage: 0.024,
            sentence_coverage: 0.0,
            ratio: 0.196,
            density: 0.509,
            inner_edits: 0.0,
            novel_key: -1.17,
            conflict: 0.0,
            max_missing_weight: 0.0,
            missing_share: 0.0,
            missing_elsewhere_share: -0.971,
            length: 1.015,
            source_coverage: 0.188,
            bigram_precision: 0.0,
            missing_run: -0.06,
            trigram_precision: 0.0,
            sentence_imported: -1.648,
            semantic: 1.036,
        }
    }

    /// The fitted weights with the similarity, sentence pairs (`[align.semantic.support_pair]`).
    pub fn semantic_pair() -> SupportModel {
        SupportModel {
            bias: -1.479,
            coverage: 0.08,
            sentence_coverage: 0.017,
            ratio: 0.311,
            density: 0.0,
            inner_edits: 0.0,
            novel_key: -0.321,
            conflict: 0.0,
            max_missing_weight: 0.0,
            missing_share: -0.917,
            missing_elsewhere_share: -0.365,
            length: 0.054,
            source_coverage: 1.205,
            bigram_precision: 0.38,
            missing_run: -0.342,
            trigram_precision: 0.732,
            sentence_imported: -0.208,
            semantic: 1.456,
        }
    }
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            retrieve_top_k: 8,
            window_sentences: 3,
            bm25_k1: 1.2,
            bm25_b: 0.75,
            verbatim_min_ratio: 0.9,
            paraphrase_min_coverage: 0.5,
            max_missing_run: 5,
            max_novel_key: 2,
            contradiction_min_coverage: 0.6,
            partial_min_coverage: 0.5,
            quote_min_words: 4,
            altered_min_coverage: 0.6,
            support: SupportModel::default(),
            pair_max_sentences: 1,
            pair_min_coverage: 0.0,
            support_pair: SupportModel::pair(),
            semantic: SemanticModel::default(),
        }
    }
}

/// What makes a run fail (exit code 1 or 3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Any statement with one of these labels fails the run.
    pub fail_on: Vec<Label>,
    /// The share of supported statements below which the run fails (0 = off).
    pub min_supported_share: f64,
    /// A cited source that could not be obtained fails the run (exit 3).
    pub fail_on_missing_source: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            fail_on: vec![
                Label::Contradicted,
                Label::Altered,
                Label::Misattributed,
                Label::NotFound,
            ],
            min_supported_share: 0.0,
            fail_on_missing_source: true,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            input: InputConfig::default(),
            align: AlignConfig::default(),
            policy: Policy::default(),
            fetch: FetchConfig::default(),
            cache: CacheConfig::default(),
            discovery: DiscoveryConfig::default(),
            publishers: default_publishers(),
        }
    }
}

impl Config {
    /// The domains a publication name maps to (case and a leading "The " ignored).
    pub fn publisher_domains(&self, name: &str) -> Vec<String> {
        let key = |s: &str| {
            let s = s.trim().to_lowercase();
            s.strip_prefix("the ").map_or(s.clone(), str::to_string)
        };
        let want = key(name);
        let mut out: Vec<String> = Vec::new();
        for (_, domains) in self.publishers.iter().filter(|(k, _)| key(k) == want) {
            for d in domains {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
        }
        out
    }

    /// Parses a config file's text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, Error> {
        let bad = |reason: String| Error::Config {
            path: origin.to_path_buf(),
            reason,
        };
        let de = toml::Deserializer::parse(text).map_err(|e| bad(syntax_error(&e, text)))?;
        // serde_path_to_error records the key being read when serde fails, which toml's own
        // message ("invalid type: string \"three\", expected usize") does not name.
        let cfg: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let msg = plain_serde_message(e.inner().message());
            bad(if key.is_empty() || key == "." {
                msg
            } else {
                format!("{key}: {msg}")
            })
        })?;
        let mut cfg = cfg;
        // A `[publishers]` table in a user's file adds to the shipped registry.
        for (name, domains) in default_publishers() {
            cfg.publishers.entry(name).or_insert(domains);
        }
        cfg.validate(origin)?;
        Ok(cfg)
    }

    /// Reads and parses a config file.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Config::from_toml(&text, path)
    }

    fn validate(&self, origin: &Path) -> Result<(), Error> {
        let bad = |reason: String| {
            Err(Error::Config {
                path: origin.to_path_buf(),
                reason,
            })
        };
        let a = &self.align;
        for (name, v) in [
            ("align.verbatim_min_ratio", a.verbatim_min_ratio),
            ("align.paraphrase_min_coverage", a.paraphrase_min_coverage),
            (
                "align.contradiction_min_coverage",
                a.contradiction_min_coverage,
            ),
            ("align.partial_min_coverage", a.partial_min_coverage),
            ("align.altered_min_coverage", a.altered_min_coverage),
            (
                "policy.min_supported_share",
                self.policy.min_supported_share,
            ),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!("{name} must be between 0 and 1, got {v}"));
            }
        }
        if a.retrieve_top_k == 0 || a.window_sentences == 0 {
            return bad(
                "align.retrieve_top_k and align.window_sentences must be at least 1".into(),
            );
        }
        let f = &self.fetch;
        if f.timeout_secs <= 0.0 || f.connect_timeout_secs <= 0.0 {
            return bad(
                "fetch.timeout_secs and fetch.connect_timeout_secs must be positive".into(),
            );
        }
        if f.max_body_bytes == 0 || f.per_host_concurrency == 0 {
            return bad(
                "fetch.max_body_bytes and fetch.per_host_concurrency must be at least 1".into(),
            );
        }
        if f.user_agent.trim().is_empty() {
            return bad("fetch.user_agent must not be empty".into());
        }
        for a in &f.archives {
            if !a.url.contains("{url}") {
                return bad(format!(
                    "fetch.archives \"{}\": url must contain {{url}}",
                    a.name
                ));
            }
        }
        if !(0.0..=1.0).contains(&self.discovery.min_score) {
            return bad("discovery.min_score must be between 0 and 1".into());
        }
        if self.input.max_bytes == 0 {
            return bad("input.max_bytes must be at least 1".into());
        }
        Ok(())
    }
}

/// A TOML syntax error on one line: the message and the line it is on.
fn syntax_error(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim().trim_end_matches('.').to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {msg}")
        }
        None => msg,
    }
}

/// serde's "invalid type: string \"three\", expected usize" in a reader's words:
/// "expected an integer, found the string \"three\"". Other messages pass unchanged.
fn plain_serde_message(msg: &str) -> String {
    let msg = msg.trim();
    let Some(rest) = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
    else {
        return msg.to_string();
    };
    let Some((found, expected)) = rest.rsplit_once(", expected ") else {
        return msg.to_string();
    };
    let found = match found.split_once(' ') {
        Some(("string", v)) => format!("the string {v}"),
        Some(("integer", v)) => format!("the integer {}", v.trim_matches('`')),
        Some(("floating", v)) => format!(
            "the number {}",
            v.trim_start_matches("point ").trim_matches('`')
        ),
        Some(("boolean", v)) => format!("the boolean {}", v.trim_matches('`')),
        _ => match found {
            "sequence" => "an array".to_string(),
            "map" => "a table".to_string(),
            other => other.to_string(),
        },
    };
    let expected = match expected.trim() {
        "usize" | "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "an integer"
        }
        "f32" | "f64" => "a number",
        "a boolean" | "bool" => "a boolean (true or false)",
        "a string" | "a borrowed string" | "string" => "a string",
        "a sequence" => "an array",
        e if e.starts_with("struct ") || e == "a map" => "a table",
        e => e,
    };
    format!("expected {expected}, found {found}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue15_type_errors_name_the_key_and_the_expected_type() {
        let err = Config::from_toml(
            "[align]\nwindow_sentences = \"three\"\n",
            Path::new("x.toml"),
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "config x.toml: align.window_sentences: expected an integer, found the string \"three\""
        );
        let err =
            Config::from_toml("[fetch]\ntimeout_secs = true\n", Path::new("x.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "config x.toml: fetch.timeout_secs: expected a number, found the boolean true"
        );
        let err = Config::from_toml("[fetch]\nobey_robots = 1\n", Path::new("x.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "config x.toml: fetch.obey_robots: expected a boolean (true or false), found the integer 1"
        );
        let err = Config::from_toml("align = 3\n", Path::new("x.toml")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "config x.toml: align: expected a table, found the integer 3"
        );
        let err =
            Config::from_toml("[align]\nwindow_sentences = \n", Path::new("x.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("config x.toml: line 2: "), "{msg}");
        assert_eq!(msg.lines().count(), 1, "{msg}");
    }

    #[test]
    fn shipped_config_matches_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
        let cfg = Config::load(&path).expect("config.toml parses");
        assert_eq!(cfg, Config::default());
    }

    #[test]
    fn publisher_registry_covers_major_outlets() {
        let cfg = Config::default();
        let outlets: std::collections::BTreeSet<&Vec<String>> = cfg.publishers.values().collect();
        assert!(outlets.len() >= 50, "{} distinct outlets", outlets.len());
        assert_eq!(
            cfg.publisher_domains("the telegraph"),
            vec!["telegraph.co.uk"]
        );
        assert_eq!(cfg.publisher_domains("Reuters"), vec!["reuters.com"]);
        // A user's [publishers] table adds to the shipped one.
        let user = Config::from_toml(
            "[publishers]\n\"Harbour Gazette\" = [\"harbourgazette.example\"]\n",
            Path::new("x.toml"),
        )
        .unwrap();
        assert_eq!(
            user.publisher_domains("The Harbour Gazette"),
            vec!["harbourgazette.example"]
        );
        assert_eq!(user.publisher_domains("Reuters"), vec!["reuters.com"]);
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = Config::from_toml("[align]\nbogus = 1\n", Path::new("x.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("x.toml") && msg.contains("bogus"), "{msg}");
    }

    #[test]
    fn out_of_range_threshold_is_an_error() {
        let err = Config::from_toml("[align]\nverbatim_min_ratio = 2.0\n", Path::new("x.toml"))
            .unwrap_err();
        assert!(err.to_string().contains("verbatim_min_ratio"));
    }
}
