//! Settings: the `config.toml` schema, its built-in defaults, and loading.
//!
//! Precedence: built-in defaults < the config file (`--config FILE` or `PROVCHECK_CONFIG`) <
//! command-line flags. Every field is optional in the file; unknown keys are an error so a typo
//! never passes silently. The shipped `config.toml` lists every setting with its default, and a
//! test keeps it equal to [`Config::default`].

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::align::Label;
use crate::error::Error;

/// Largest input file read, in bytes (articles and local sources).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 20 * 1024 * 1024;

/// All settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Reading articles and local source files.
    pub input: InputConfig,
    /// The alignment engine's thresholds.
    pub align: AlignConfig,
    /// What makes a run fail.
    pub policy: Policy,
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
    /// Coverage an aligned passage needs before a disagreement counts as `contradicted`.
    pub contradiction_min_coverage: f64,
    /// Coverage below which a claim is `unverified` rather than `partial`.
    pub partial_min_coverage: f64,
    /// Quoted passages shorter than this many words are not quotes (scare quotes, titles).
    pub quote_min_words: usize,
    /// Weighted share of a quote's words found in order for `altered` (else `not_found`).
    pub altered_min_coverage: f64,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            retrieve_top_k: 8,
            window_sentences: 3,
            bm25_k1: 1.2,
            bm25_b: 0.75,
            verbatim_min_ratio: 0.9,
            paraphrase_min_coverage: 0.75,
            contradiction_min_coverage: 0.6,
            partial_min_coverage: 0.5,
            quote_min_words: 4,
            altered_min_coverage: 0.6,
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

impl Config {
    /// Parses a config file's text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, Error> {
        let cfg: Config = toml::from_str(text).map_err(|e| Error::Config {
            path: origin.to_path_buf(),
            reason: e.message().to_string(),
        })?;
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
        if self.input.max_bytes == 0 {
            return bad("input.max_bytes must be at least 1".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_config_matches_defaults() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("config.toml");
        let cfg = Config::load(&path).expect("config.toml parses");
        assert_eq!(cfg, Config::default());
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
