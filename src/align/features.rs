//! What the judge measures of a claim against its passage: the inputs of the decision.

use rustc_hash::FxHashSet as HashSet;
use serde::Serialize;

use crate::config::AlignConfig;

use super::claim::Aligned;
use super::diff::{inner_edits, source_density};
use super::index::{compound_of, trigram_key, SourceIndex};
use super::Similarity;

/// What the engine measured when it judged a claim against its best passage. The label is a
/// function of these, the checks' findings and the `[align.decision]` model, which
/// `scripts/oof.py` fits.
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
    /// Largest weight (0–1 of the heaviest possible) of a claim word the passage lacks.
    pub max_missing_weight: f64,
    /// Claim content words the passage lacks.
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
    /// Cosine of the static vectors of the claim and its passage (window or best sentence).
    pub static_similarity: f64,
    /// Soft word alignment: weighted mean over the claim's content words of the best cosine to a
    /// word of the passage (an identical stem counts 1).
    pub soft_precision: f64,
    /// The same for the best sentence's content words against the claim's.
    pub soft_recall: f64,
    /// Words of evaluation or framing the source never uses ("pivotal", "underscores",
    /// "landscape"): the commentary a rewriter adds.
    pub commentary: usize,
    /// The source is judged as a sentence pair (at most `pair_max_sentences` sentences).
    pub pair: bool,
    /// The claim copies its passage: nearly all its words in order, at most one edit, nothing
    /// moved (a supported copy is `verbatim`; not an input).
    pub verbatim_copy: bool,
    /// Semantic similarity of the claim to its passage (the better of the best sentence and
    /// the window), when a [`Similarity`] was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub semantic: Option<f64>,
}

impl ClaimFeatures {
    /// Names of [`ClaimFeatures::inputs`], in order (the `[align.decision.weights]` keys).
    pub const INPUTS: [&'static str; 26] = [
        "coverage",
        "sentence_coverage",
        "ratio",
        "density",
        "inner_edits",
        "novel_key",
        "max_missing_weight",
        "missing_share",
        "missing_elsewhere_share",
        "length",
        "source_coverage",
        "bigram_precision",
        "missing_run",
        "trigram_precision",
        "sentence_imported",
        "pair",
        "pair_source_coverage",
        "pair_ratio",
        "static_similarity",
        "soft_precision",
        "soft_recall",
        "coverage_x_similarity",
        "coverage_squared",
        "similarity_squared",
        "commentary",
        "semantic",
    ];

    /// The decision's inputs, each scaled to about [0, 1], in the order of [`Self::INPUTS`].
    pub fn inputs(&self) -> [f64; 26] {
        let n = self.content_words.max(1) as f64;
        let pair = f64::from(u8::from(self.pair));
        [
            self.coverage,
            self.sentence_coverage,
            self.ratio,
            self.density,
            self.inner_edits.min(5) as f64 / 5.0,
            self.novel_key.min(3) as f64 / 3.0,
            self.max_missing_weight,
            self.missing as f64 / n,
            self.missing_elsewhere as f64 / n,
            n.ln() / 3.0,
            self.source_coverage,
            self.bigram_precision,
            self.missing_run.min(6) as f64 / 6.0,
            self.trigram_precision,
            self.sentence_imported,
            pair,
            pair * self.source_coverage,
            pair * self.ratio,
            self.static_similarity,
            self.soft_precision,
            self.soft_recall,
            // Curvature: how support grows with overlap and meaning differs by regime
            // (near-copies, paraphrases).
            self.coverage * self.static_similarity,
            self.coverage * self.coverage,
            self.static_similarity * self.static_similarity,
            self.commentary.min(3) as f64 / 3.0,
            self.semantic.unwrap_or(0.0),
        ]
    }
}

impl SourceIndex {
    /// Measures the decision's inputs for an aligned claim.
    pub(super) fn measure(
        &self,
        al: &Aligned<'_>,
        novel: &[String],
        similarity: Option<&dyn Similarity>,
        cfg: &AlignConfig,
    ) -> ClaimFeatures {
        let window = &self.windows[al.window];
        let wstems = self.stems_of(window.tokens.clone());
        let lacking =
            |t: &crate::text::Token| !wstems.contains(t.stem.as_str()) && !compound_of(t, &wstems);
        let missing: Vec<(usize, &crate::text::Token)> =
            al.content_tokens().filter(|(_, t)| lacking(t)).collect();
        let soft = self.soft_align(
            &al.tokens,
            &al.word_vectors,
            window.tokens.clone(),
            self.sentences[al.best_sentence].clone(),
        );
        ClaimFeatures {
            coverage: al.cov,
            sentence_coverage: al.sentence_cov,
            ratio: al.ratio,
            density: source_density(&al.ops),
            inner_edits: inner_edits(&al.ops),
            sentences: window.count,
            content_words: al.content.len(),
            novel_key: novel.len(),
            max_missing_weight: missing
                .iter()
                .map(|(i, t)| self.weight(t, *i == 0) / 2.0)
                .fold(0.0, f64::max),
            missing: missing.len(),
            missing_elsewhere: missing
                .iter()
                .filter(|(_, t)| self.has_stem(&t.stem))
                .count(),
            source_coverage: self.source_coverage(al),
            bigram_precision: bigram_precision(al),
            missing_run: al
                .content_tokens()
                .scan(0usize, |run, (_, t)| {
                    *run = if lacking(t) { *run + 1 } else { 0 };
                    Some(*run)
                })
                .max()
                .unwrap_or(0),
            trigram_precision: self.trigram_precision(al),
            sentence_imported: self.sentence_imported(al),
            static_similarity: al.static_similarity,
            soft_precision: soft.precision,
            soft_recall: soft.recall,
            commentary: al
                .content_tokens()
                .filter(|(_, t)| is_framing(&t.stem) && !self.has_stem(&t.stem))
                .count(),
            pair: self.is_pair_source(cfg),
            verbatim_copy: false,
            semantic: similarity.and_then(|sim| self.similarity_of(al, sim)),
        }
    }

    /// Share of the best sentence's content words that the claim uses.
    fn source_coverage(&self, al: &Aligned<'_>) -> f64 {
        let claim_stems: HashSet<&str> =
            al.content_tokens().map(|(_, t)| t.stem.as_str()).collect();
        let sent_content: Vec<_> = self.tokens[self.sentences[al.best_sentence].clone()]
            .iter()
            .filter(|t| !t.stop)
            .collect();
        sent_content
            .iter()
            .filter(|t| claim_stems.contains(t.stem.as_str()))
            .count() as f64
            / sent_content.len().max(1) as f64
    }

    /// Share of the claim's word triples found anywhere in the source.
    fn trigram_precision(&self, al: &Aligned<'_>) -> f64 {
        let tokens = &al.tokens;
        if tokens.len() < 3 {
            return f64::from(u8::from(tokens.iter().all(|t| self.has_word(&t.norm))));
        }
        tokens
            .windows(3)
            .filter(|w| self.trigrams.contains(&trigram_key(w)))
            .count() as f64
            / (tokens.len() - 2) as f64
    }

    /// Weighted share of the claim's content words that the best single sentence lacks but the
    /// source has elsewhere. A sentence that opens with a pronoun ("He immediately ordered ...")
    /// takes its subject from the sentence before: the claim naming it there imports nothing.
    fn sentence_imported(&self, al: &Aligned<'_>) -> f64 {
        let sstems = self.stems_of(self.sentences[al.best_sentence].clone());
        let antecedent = self.antecedent(al.best_sentence);
        let imported: f64 = al
            .content_tokens()
            .filter(|(_, t)| {
                !(sstems.contains(t.stem.as_str())
                    || compound_of(t, &sstems)
                    || !self.has_stem(&t.stem)
                    || antecedent.contains(t.stem.as_str()))
            })
            .map(|(i, t)| self.weight(t, i == 0))
            .sum();
        imported / al.total_weight
    }

    /// The antecedent of a sentence opening with a pronoun: the previous sentence's subject, its
    /// words before the first verb of being, having or saying (at most ten).
    fn antecedent(&self, sentence: usize) -> HashSet<&str> {
        let opens_with_pronoun = self.tokens[self.sentences[sentence].clone()]
            .iter()
            .take(2)
            .any(|t| {
                matches!(
                    t.norm.as_str(),
                    "he" | "she" | "they" | "his" | "her" | "their"
                )
            });
        let Some(prev) = sentence.checked_sub(1).filter(|_| opens_with_pronoun) else {
            return HashSet::default();
        };
        self.tokens[self.sentences[prev].clone()]
            .iter()
            .take(10)
            .take_while(|t| {
                !matches!(
                    t.norm.as_str(),
                    "is" | "was"
                        | "were"
                        | "are"
                        | "has"
                        | "have"
                        | "had"
                        | "will"
                        | "would"
                        | "said"
                        | "says"
                        | "can"
                        | "could"
                )
            })
            .map(|t| t.stem.as_str())
            .collect()
    }

    /// The similarity of the claim to its best sentence, or to the whole window when that is
    /// higher.
    fn similarity_of(&self, al: &Aligned<'_>, sim: &dyn Similarity) -> Option<f64> {
        let window = &self.windows[al.window];
        let sentence = self.byte_span(self.sentences[al.best_sentence].clone());
        let best = sim.similarity(al.claim, &self.text[sentence]);
        let whole = if window.count > 1 {
            sim.similarity(al.claim, &self.text[self.byte_span(window.tokens.clone())])
        } else {
            None
        };
        best.into_iter().chain(whole).reduce(f64::max)
    }
}

/// Stems of words that evaluate or frame rather than report: what a rewriter's commentary is
/// made of ("marks a pivotal moment", "underscores the stakes", "reshaping the landscape").
fn is_framing(stem: &str) -> bool {
    matches!(
        stem,
        "pivot"
            | "underscor"
            | "highlight"
            | "testament"
            | "landmark"
            | "mileston"
            | "implic"
            | "landscap"
            | "reshap"
            | "evolut"
            | "crucial"
            | "notabl"
            | "unpreced"
            | "signific"
            | "broader"
            | "pois"
            | "nostalg"
            | "legaci"
            | "deepen"
            | "spotlight"
            | "showcas"
            | "resili"
            | "profound"
            | "transform"
            | "uncertainti"
            | "intrigu"
            | "captiv"
            | "vital"
            | "paramount"
    )
}

/// Share of the claim's word pairs that the passage has as a pair.
fn bigram_precision(al: &Aligned<'_>) -> f64 {
    let wpairs: HashSet<(&str, &str)> = al
        .wtoks
        .windows(2)
        .map(|p| (p[0].norm.as_str(), p[1].norm.as_str()))
        .collect();
    if al.tokens.len() < 2 {
        return 1.0;
    }
    al.tokens
        .windows(2)
        .filter(|p| wpairs.contains(&(p[0].norm.as_str(), p[1].norm.as_str())))
        .count() as f64
        / (al.tokens.len() - 1) as f64
}
