//! What the judge measures of a claim against its passage: the inputs of the decision.

use serde::Serialize;

/// What the engine measured when it judged a claim against its best passage. The label is a
/// function of these and the `[align]` thresholds; `scripts/calibrate.py` fits the thresholds
/// on them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ClaimFeatures {
    /// Weighted share of the claim's content words found in the passage.
    pub coverage: f64,
    /// The same share for the best single sentence of the passage.
    pub sentence_coverage: f64,
    /// Share of the claim's words matched in order.
    pub ratio: f64,
    /// Share of the source stretch between the first and last matched word that is matched.
    pub density: f64,
    /// Changed runs inside the matched stretch.
    pub inner_edits: usize,
    /// Sentences in the passage.
    pub sentences: usize,
    /// Content words of the claim.
    pub content_words: usize,
    /// Names and numbers of the claim found nowhere in the source.
    pub novel_key: usize,
    /// Disagreements found (numbers, names, negation, opposites).
    pub conflicts: usize,
    /// Largest weight (0–1 of the heaviest possible) of a claim word the passage lacks.
    pub max_missing_weight: f64,
    /// Claim content words the passage lacks, and of those how many the source has elsewhere.
    pub missing: usize,
    /// Missing words found elsewhere in the source.
    pub missing_elsewhere: usize,
    /// Share of the best sentence's content words that the claim uses (unshared content on the
    /// source side).
    pub source_coverage: f64,
    /// Share of the claim's word pairs (adjacent words) that the passage has as a pair.
    pub bigram_precision: f64,
    /// Longest run of consecutive content words of the claim that the passage lacks (an
    /// added clause, rather than scattered synonyms).
    pub missing_run: usize,
    /// Share of the claim's word triples (three adjacent words) found anywhere in the source:
    /// phrase-level evidence, low when a claim stitches fragments into a sentence the source
    /// never wrote.
    pub trigram_precision: f64,
    /// Weighted share of the claim's content words that the best single sentence lacks but
    /// the source has elsewhere: words imported from another part of the source.
    pub sentence_imported: f64,
    /// Semantic similarity of the claim to its passage (the better of the best sentence and
    /// the window), when a [`Similarity`] was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<f64>,
}

impl ClaimFeatures {
    /// Names of [`ClaimFeatures::inputs`], in order (the `[align.support]` weights).
    pub const INPUTS: [&'static str; 17] = [
        "coverage",
        "sentence_coverage",
        "ratio",
        "density",
        "inner_edits",
        "novel_key",
        "conflict",
        "max_missing_weight",
        "missing_share",
        "missing_elsewhere_share",
        "length",
        "source_coverage",
        "bigram_precision",
        "missing_run",
        "trigram_precision",
        "sentence_imported",
        "semantic",
    ];

    /// The model's inputs, each scaled to about [0, 1].
    pub fn inputs(&self) -> [f64; 17] {
        let n = self.content_words.max(1) as f64;
        [
            self.coverage,
            self.sentence_coverage,
            self.ratio,
            self.density,
            self.inner_edits.min(5) as f64 / 5.0,
            f64::from(u8::from(self.novel_key > 0)),
            f64::from(u8::from(self.conflicts > 0)),
            self.max_missing_weight,
            self.missing as f64 / n,
            self.missing_elsewhere as f64 / n,
            n.ln() / 3.0,
            self.source_coverage,
            self.bigram_precision,
            self.missing_run.min(6) as f64 / 6.0,
            self.trigram_precision,
            self.sentence_imported,
            self.semantic.unwrap_or(0.0),
        ]
    }
}
