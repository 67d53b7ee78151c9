//! The diff and alignment engine: judges one article statement against one source text.
//!
//! Pure functions over strings (no I/O, no async). A [`SourceIndex`] is built once per source:
//! its sentences, 1–3 sentence windows, an inverted index of stemmed content words and word
//! bigrams for BM25 retrieval, and the source's own quotations with their speakers. Each claim or
//! quote is then compared only with the few best-ranked windows, so the cost grows with
//! article size plus source size, not their product.

mod checks;
mod claim;
mod decide;
mod diff;
mod features;
mod index;
mod quote;
mod retrieve;
mod vectors;

pub use checks::{Check, Finding};

pub use features::ClaimFeatures;
pub use index::SourceIndex;

use serde::{Deserialize, Serialize};

use crate::text::{Span, Speaker};

/// The verdict on one statement.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// A claim the source states in (nearly) the same words.
    Verbatim,
    /// A claim the source states in other words, with every number, name and negation agreeing.
    Paraphrase,
    /// A claim of which only part is supported.
    Partial,
    /// A claim whose aligned source passage disagrees on a number, name or negation.
    Contradicted,
    /// A claim nothing in the source supports.
    Unverified,
    /// A quote found word for word in the source.
    Exact,
    /// A quote whose closest source passage has words changed, added or dropped.
    Altered,
    /// A quote found in the source but given there to a different speaker.
    Misattributed,
    /// A quote with no resembling passage in the source.
    NotFound,
}

impl Label {
    /// All labels, in report order.
    pub const ALL: [Label; 9] = [
        Label::Verbatim,
        Label::Paraphrase,
        Label::Exact,
        Label::Partial,
        Label::Altered,
        Label::Contradicted,
        Label::Misattributed,
        Label::Unverified,
        Label::NotFound,
    ];

    /// Every label, what needs a look first: disagreements, then the unsupported, then the
    /// supported. Reports list findings in this order.
    pub const BY_SEVERITY: [Label; 9] = [
        Label::Contradicted,
        Label::Misattributed,
        Label::Altered,
        Label::NotFound,
        Label::Unverified,
        Label::Partial,
        Label::Paraphrase,
        Label::Verbatim,
        Label::Exact,
    ];

    /// The label's name as written in reports and config ("not_found").
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Verbatim => "verbatim",
            Label::Paraphrase => "paraphrase",
            Label::Partial => "partial",
            Label::Contradicted => "contradicted",
            Label::Unverified => "unverified",
            Label::Exact => "exact",
            Label::Altered => "altered",
            Label::Misattributed => "misattributed",
            Label::NotFound => "not_found",
        }
    }

    /// Parses a label name.
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s.trim())
    }

    /// Whether the label means the source supports the statement.
    pub fn is_supported(self) -> bool {
        matches!(self, Label::Verbatim | Label::Paraphrase | Label::Exact)
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a word-level diff between a source passage and the article's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DiffPart {
    /// `equal`, `delete` (in the source, dropped by the article) or `insert` (added by the article).
    pub op: DiffOp,
    /// The words of this step, space-joined.
    pub text: String,
}

/// Kind of a diff step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    /// Same words on both sides.
    Equal,
    /// Words in the source that the article dropped or replaced.
    Delete,
    /// Words in the article that the source does not have there.
    Insert,
}

/// The result of judging one statement.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// The verdict.
    pub label: Label,
    /// Support strength of the best source passage, in [0, 1].
    pub score: f64,
    /// Byte span of the best passage in the source text, if one was aligned.
    pub evidence: Option<Span>,
    /// Word diff against the passage (altered quotes, contradicted claims).
    pub diff: Vec<DiffPart>,
    /// Why, in words.
    pub notes: Vec<String>,
    /// The speaker the source gives the passage (quotes).
    pub source_speaker: Option<Speaker>,
    /// The measurements behind a claim's label (for calibration and debugging).
    pub features: Option<ClaimFeatures>,
    /// What the typed checks found wrong with a claim (numbers, names, negation, opposites,
    /// dropped hedges), each with its note.
    pub findings: Vec<Finding>,
}

/// A semantic similarity between two texts, in [-1, 1] (the cosine of sentence embeddings; see
/// the `semantic` feature). It can only move the support score of a claim that has no
/// disagreement: numbers, names, negation and opposites are never overruled by it.
pub trait Similarity {
    /// How alike `a` and `b` are in meaning; `None` when it cannot be computed.
    fn similarity(&self, a: &str, b: &str) -> Option<f64>;
}

#[cfg(test)]
mod tests;
