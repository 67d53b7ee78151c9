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
    /// Candidate windows found by meaning (static vectors), added to the BM25 candidates.
    pub dense_top_k: usize,
    /// Weight of the claim–window similarity when the best candidate is chosen (beside
    /// 0.6 × content coverage + 0.4 × in-order match).
    pub dense_weight: f64,
    /// BM25 term-frequency saturation.
    pub bm25_k1: f64,
    /// BM25 length normalization.
    pub bm25_b: f64,
    /// Share of the claim's tokens matched in order for `verbatim`.
    pub verbatim_min_ratio: f64,
    /// Quoted passages shorter than this many words are not quotes (scare quotes, titles).
    pub quote_min_words: usize,
    /// Weighted share of a quote's words found in order for `altered` (else `not_found`).
    pub altered_min_coverage: f64,
    /// A source of at most this many sentences is compared as a sentence pair (an input of
    /// the decision): then what the source says beyond the claim counts too.
    pub pair_max_sentences: usize,
    /// The learned decision over the claim features (fitted by `scripts/oof.py`).
    pub decision: DecisionModel,
    /// How sentence embeddings (the `semantic` build feature) move the support score.
    pub semantic: SemanticModel,
}

/// The support models used when a sentence-embedding model is loaded (build feature
/// `semantic`, weights from `scripts/fetch-minilm.sh`): the lexical inputs plus the similarity,
/// fitted together out of fold by `scripts/oof.py --semantic`. Disagreements (numbers,
/// names, negation, opposites) still veto support.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SemanticModel {
    /// Directory of the model (model.safetensors, tokenizer.json, config.json); empty = the
    /// `PROVCHECK_MODEL_DIR` environment variable, else `models/all-MiniLM-L6-v2`.
    pub model_dir: String,
    /// The decision with the similarity among its inputs.
    pub decision: DecisionModel,
}

impl SemanticModel {
    /// Whether the similarity has any weight (else the embedding model is not even loaded).
    pub fn enabled(&self) -> bool {
        self.decision
            .weights
            .get("semantic")
            .is_some_and(|w| *w != 0.0)
    }
}

impl Default for SemanticModel {
    fn default() -> Self {
        SemanticModel {
            model_dir: String::new(),
            decision: DecisionModel::shipped(&["align", "semantic", "decision"]),
        }
    }
}

/// The learned decision (logistic regression) over a claim's features: the probability that
/// the source supports the claim is `σ(bias + Σ weight × input)` (inputs as
/// `align::ClaimFeatures::INPUTS`). A claim with no disagreement is supported at `supported` or
/// above; one with a disagreement (number, name, negation, opposite) is `contradicted` when the
/// probability, disagreements aside, reaches `contradicted` (the passage is aligned), else
/// `partial` or `unverified`. Fitted out of fold by `scripts/oof.py` (docs/calibration.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionModel {
    /// Constant term.
    pub bias: f64,
    /// Probability at or above which a claim without disagreement is supported.
    pub supported: f64,
    /// Probability at or above which an unsupported claim is `partial` (else `unverified`).
    pub partial: f64,
    /// Probability at or above which a claim with a disagreement is `contradicted`.
    pub contradicted: f64,
    /// Weight of each input, by name; a missing input weighs 0.
    pub weights: BTreeMap<String, f64>,
}

impl Default for DecisionModel {
    fn default() -> Self {
        DecisionModel::shipped(&["align", "decision"])
    }
}

impl DecisionModel {
    /// The model shipped in `config.toml` (compiled in) at the given table path.
    pub fn shipped(path: &[&str]) -> DecisionModel {
        let shipped: toml::Table =
            toml::from_str(include_str!("../config.toml")).expect("the shipped config.toml parses");
        let mut at = toml::Value::Table(shipped);
        for key in path {
            at = at
                .get(key)
                .cloned()
                .unwrap_or_else(|| panic!("the shipped config.toml has [{}]", path.join(".")));
        }
        // Every field spelled out: `DecisionModel`'s own serde defaults come from here.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Shipped {
            bias: f64,
            supported: f64,
            partial: f64,
            contradicted: f64,
            weights: BTreeMap<String, f64>,
        }
        let s: Shipped = at.try_into().expect("the shipped decision model parses");
        DecisionModel {
            bias: s.bias,
            supported: s.supported,
            partial: s.partial,
            contradicted: s.contradicted,
            weights: s.weights,
        }
    }

    /// The log-odds of support for the given inputs.
    pub fn log_odds(&self, names: &[&str], inputs: &[f64]) -> f64 {
        self.bias
            + names
                .iter()
                .zip(inputs)
                .map(|(n, x)| self.weights.get(*n).copied().unwrap_or(0.0) * x)
                .sum::<f64>()
    }
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            retrieve_top_k: 8,
            window_sentences: 3,
            dense_top_k: 4,
            dense_weight: 0.5,
            bm25_k1: 1.2,
            bm25_b: 0.75,
            verbatim_min_ratio: 0.9,
            quote_min_words: 4,
            altered_min_coverage: 0.6,
            pair_max_sentences: 1,
            decision: DecisionModel::default(),
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
            ("align.altered_min_coverage", a.altered_min_coverage),
            ("align.decision.supported", a.decision.supported),
            ("align.decision.partial", a.decision.partial),
            ("align.decision.contradicted", a.decision.contradicted),
            (
                "align.semantic.decision.supported",
                a.semantic.decision.supported,
            ),
            (
                "align.semantic.decision.partial",
                a.semantic.decision.partial,
            ),
            (
                "align.semantic.decision.contradicted",
                a.semantic.decision.contradicted,
            ),
            (
                "policy.min_supported_share",
                self.policy.min_supported_share,
            ),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(format!("{name} must be between 0 and 1, got {v}"));
            }
        }
        for (table, model) in [
            ("align.decision", &a.decision),
            ("align.semantic.decision", &a.semantic.decision),
        ] {
            let inputs = crate::align::ClaimFeatures::INPUTS;
            if let Some(name) = model.weights.keys().find(|k| !inputs.contains(&k.as_str())) {
                return bad(format!(
                    "{table}.weights.{name}: not an input of the decision (one of {})",
                    inputs.join(", ")
                ));
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
