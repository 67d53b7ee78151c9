//! Claims, as stages: align the claim with its best passage (retrieval, then an in-order word
//! diff), run the typed checks on that passage, measure the decision's inputs, decide, explain.

use std::ops::Range;

use similar::{capture_diff_slices, Algorithm};

use crate::config::AlignConfig;
use crate::text::{self, Token};

use super::checks::{self, Check, Finding};
use super::decide::Decision;
use super::diff::{diff_parts, stems_pair_as_words, InOrder};
use super::index::{
    compound_lengths, compound_of, compound_pair, compound_stem, SourceIndex, Stamps,
};
use super::{ClaimFeatures, Judgement, Label, Similarity};

/// A claim aligned with its best source window.
pub(super) struct Aligned<'a> {
    /// The claim as written.
    pub claim: &'a str,
    /// Its tokens (citation phrases removed).
    pub tokens: Vec<Token>,
    /// Indices of its content words.
    pub content: Vec<usize>,
    /// Sum of the content words' weights.
    pub total_weight: f64,
    /// The chosen window.
    pub window: usize,
    /// The window's tokens.
    pub wtoks: &'a [Token],
    /// Word diff of the window (old) and the claim (new), on normalized words.
    pub ops: Vec<similar::DiffOp>,
    /// The same diff on stems ("did not approve" meets "approved").
    pub stem_ops: Vec<similar::DiffOp>,
    /// Weighted content coverage of the window and in-order match ratio.
    pub cov: f64,
    pub ratio: f64,
    /// The best single sentence of the window and its coverage.
    pub best_sentence: usize,
    pub sentence_cov: f64,
    /// The static vectors of the claim's words.
    pub word_vectors: Vec<Option<std::borrow::Cow<'a, [f32]>>>,
    /// Cosine of the static vectors of the claim and its passage (the better of the window and
    /// the best sentence).
    pub static_similarity: f64,
}

/// A claim's words as the source interned them, for matching against many windows.
struct ClaimTerms {
    /// Each token's word id in the source (a fresh id, matching nothing, when the source lacks it).
    norms: Vec<u32>,
    /// Each token's stem id in the source, if the source has the stem.
    stems: Vec<Option<u32>>,
    /// The weight of each content word, in the order of `content`, and their sum.
    weights: Vec<f64>,
    total: f64,
}

impl ClaimTerms {
    fn new(ix: &SourceIndex, tokens: &[Token], content: &[usize]) -> ClaimTerms {
        let weights: Vec<f64> = content
            .iter()
            .map(|&i| ix.weight(&tokens[i], i == 0))
            .collect();
        ClaimTerms {
            total: weights.iter().sum(),
            weights,
            norms: tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    ix.norm_ids
                        .get(t.norm.as_str())
                        .copied()
                        .unwrap_or(u32::MAX - i as u32)
                })
                .collect(),
            stems: tokens
                .iter()
                .map(|t| ix.any_stem_ids.get(t.stem.as_str()).copied())
                .collect(),
        }
    }
}

/// The stems of one token range, as a list and as marks by stem id: which stems a range has
/// is asked once per claim word and candidate, so it is a lookup, not a scan of the list.
struct Marks {
    /// The range's stem ids ([`SourceIndex::stem_ids_of`], with repeats).
    ids: Vec<u32>,
    stems: Stamps,
}

impl Marks {
    fn new(stems: usize) -> Marks {
        Marks {
            ids: Vec::new(),
            stems: Stamps::new(stems),
        }
    }

    /// Makes the stems of `range` the current ones.
    fn mark(&mut self, ix: &SourceIndex, range: Range<usize>) {
        ix.stem_ids_of(range, &mut self.ids);
        self.stems.set(&self.ids);
    }

    fn has(&self, id: u32) -> bool {
        self.stems.contains(id)
    }
}

impl Aligned<'_> {
    /// The content tokens with their index in the claim.
    pub fn content_tokens(&self) -> impl Iterator<Item = (usize, &Token)> {
        self.content.iter().map(|&i| (i, &self.tokens[i]))
    }
}

impl SourceIndex {
    /// Judges a claim (a sentence or the non-quoted part of one).
    pub fn judge_claim(&self, claim: &str, cfg: &AlignConfig) -> Judgement {
        self.judge_claim_with(claim, cfg, None)
    }

    /// Judges a claim, with a semantic similarity as one more input when given (then the
    /// `[align.semantic.decision]` model decides instead of `[align.decision]`).
    pub fn judge_claim_with(
        &self,
        claim: &str,
        cfg: &AlignConfig,
        similarity: Option<&dyn Similarity>,
    ) -> Judgement {
        self.judge_claim_tokens(claim, text::tokenize(claim), cfg, similarity)
    }

    /// [`SourceIndex::judge_claim_with`], given the claim's tokens, which must be
    /// [`text::tokenize`] of `claim` (the pipeline has them from finding the claim).
    pub(crate) fn judge_claim_tokens(
        &self,
        claim: &str,
        mut tokens: Vec<Token>,
        cfg: &AlignConfig,
        similarity: Option<&dyn Similarity>,
    ) -> Judgement {
        checks::citation::drop_citation_phrases(&mut tokens);
        let Some(al) = self.align_claim(claim, tokens, cfg) else {
            return unverified(vec!["no passage in the source shares its key terms".into()]);
        };
        let (findings, novel) = checks::run(self, &al);
        let mut features = self.measure(&al, &novel, similarity, cfg);
        features.verbatim_copy = self.verbatim_copy(&al, cfg);
        let decision = Decision::of(model_of(cfg, &features), &features, &findings);
        self.explain(&al, &features, findings, novel, decision)
    }

    /// Retrieves the candidate windows and aligns the claim with the best of them.
    fn align_claim<'a>(
        &'a self,
        claim: &'a str,
        tokens: Vec<Token>,
        cfg: &AlignConfig,
    ) -> Option<Aligned<'a>> {
        let content: Vec<usize> = (0..tokens.len()).filter(|&i| !tokens[i].stop).collect();
        if content.is_empty() || self.windows.is_empty() {
            return None;
        }
        // Lexical (BM25) and dense candidates, each window once.
        let claim_vector = self.text_vector(claim);
        let mut candidates = self.retrieve(&tokens, cfg.retrieve_top_k, cfg);
        for w in self.dense_retrieve(&claim_vector, cfg.dense_top_k) {
            if !candidates.contains(&w) {
                candidates.push(w);
            }
        }
        let terms = ClaimTerms::new(self, &tokens, &content);
        let total_weight = terms.total;
        let similarity = |w: usize| {
            self.window_vector(w)
                .map_or(0.0, |v| f64::from(crate::embed::cosine(&claim_vector, v)))
        };
        let mut marks = Marks::new(self.stem_strs.len());
        let (cov, ratio, window) = self.best_candidate(
            &tokens,
            &content,
            &terms,
            &candidates,
            &similarity,
            &mut marks,
            cfg,
        )?;
        let w = &self.windows[window];
        let wtoks = &self.tokens[w.tokens.clone()];
        // The diffs compare interned ids: the same equalities as the words, cheaper to test.
        let ops = capture_diff_slices(
            Algorithm::Myers,
            &self.norm_of[w.tokens.clone()],
            &terms.norms,
        );
        let cstems: Vec<u32> = (terms.stems.iter().enumerate())
            .map(|(i, s)| s.unwrap_or(u32::MAX - i as u32))
            .collect();
        // The diff only compares for equality: where stems are equal just where words are, it
        // is the same diff.
        let range = w.tokens.clone();
        let stem_ops = if stems_pair_as_words(
            (&self.norm_of[range.clone()], &self.stem_of[range]),
            (&terms.norms, &cstems),
        ) {
            ops.clone()
        } else {
            capture_diff_slices(Algorithm::Myers, &self.stem_of[w.tokens.clone()], &cstems)
        };
        // Locality: the best single sentence of the window. A claim whose support needs
        // several sentences may stitch together facts the source keeps apart.
        let (sentence_cov, best_sentence) = (w.first..w.first + w.count)
            .map(|si| {
                let range = self.sentences[si].clone();
                (
                    self.coverage(&tokens, &content, &terms, range, &mut marks),
                    si,
                )
            })
            .fold((0.0, w.first), |a, b| if b.0 > a.0 { b } else { a });
        let sentence_similarity = self
            .vectors
            .sentence(best_sentence)
            .map_or(0.0, |v| f64::from(crate::embed::cosine(&claim_vector, v)));
        Some(Aligned {
            word_vectors: self.word_vectors(&tokens),
            static_similarity: similarity(window).max(sentence_similarity),
            claim,
            tokens,
            content,
            total_weight,
            window,
            wtoks,
            ops,
            stem_ops,
            cov,
            ratio,
            best_sentence,
            sentence_cov,
        })
    }

    /// The candidate window that best combines weighted content coverage, in-order word match
    /// and similarity of meaning (the first of equals), with its coverage and match ratio.
    #[allow(clippy::too_many_arguments)]
    fn best_candidate(
        &self,
        tokens: &[Token],
        content: &[usize],
        terms: &ClaimTerms,
        candidates: &[usize],
        similarity: &dyn Fn(usize) -> f64,
        marks: &mut Marks,
        cfg: &AlignConfig,
    ) -> Option<(f64, f64, usize)> {
        let in_order = InOrder::new(&terms.norms, self.norm_ids.len());
        let mut best: Option<(f64, f64, f64, usize)> = None; // (combined, cov, ratio, window)
        for &wi in candidates {
            let w = &self.windows[wi];
            let cov = self.coverage(tokens, content, terms, w.tokens.clone(), marks);
            let ratio =
                in_order.count(&self.norm_of[w.tokens.clone()]) as f64 / tokens.len() as f64;
            let combined = 0.6 * cov + 0.4 * ratio + cfg.dense_weight * similarity(wi);
            if best.is_none_or(|b| combined > b.0) {
                best = Some((combined, cov, ratio, wi));
            }
        }
        best.map(|(_, cov, ratio, wi)| (cov, ratio, wi))
    }

    /// Weighted share of the claim's content words that a token range of the source has (its
    /// stems or a compound of them), with `marks` as scratch space.
    fn coverage(
        &self,
        tokens: &[Token],
        content: &[usize],
        terms: &ClaimTerms,
        range: Range<usize>,
        marks: &mut Marks,
    ) -> f64 {
        marks.mark(self, range);
        let covered: f64 = content
            .iter()
            .zip(&terms.weights)
            .filter(|(&i, _)| {
                terms.stems[i].is_some_and(|id| marks.has(id))
                    || self.compound_among(&tokens[i], &marks.ids)
            })
            .map(|(_, w)| w)
            .sum();
        covered / terms.total
    }

    /// Whether a claim word is a compound of one of the stems `ids` of the source, or the other
    /// way round ([`super::index::compound_in`]); the lengths, kept by id, rule most stems out
    /// before their letters are read.
    fn compound_among(&self, t: &Token, ids: &[u32]) -> bool {
        let Some(w) = compound_stem(t) else {
            return false;
        };
        ids.iter().any(|&id| {
            compound_lengths(self.stem_lens[id as usize] as usize, w.len())
                && compound_pair(self.stem_str(id), w)
        })
    }

    /// Whether the claim copies its passage: nearly all its words in order, at most one edit,
    /// densely matched, nothing moved.
    fn verbatim_copy(&self, al: &Aligned<'_>, cfg: &AlignConfig) -> bool {
        use super::diff::{has_moved_words, inner_edits, source_density};
        al.ratio >= cfg.verbatim_min_ratio
            && inner_edits(&al.ops) <= 1
            && source_density(&al.ops) >= cfg.verbatim_min_ratio
            && !has_moved_words(&al.ops, al.wtoks, &al.tokens)
    }

    /// The judgement: label, score, evidence, the diff of a contradicted claim, and notes that
    /// say why (never two that disagree).
    fn explain(
        &self,
        al: &Aligned<'_>,
        features: &ClaimFeatures,
        findings: Vec<Finding>,
        novel: Vec<String>,
        decision: Decision,
    ) -> Judgement {
        let label = decision.label;
        let features = features.clone();
        let notes = match label {
            Label::Contradicted => conflict_notes(&findings),
            Label::Partial => partial_notes(al, &features, &findings, novel, self),
            Label::Unverified => unverified_notes(&features),
            _ => findings
                .iter()
                .filter(|f| f.check == Check::Hedge)
                .map(|f| f.note.clone())
                .collect(),
        };
        let window = &self.windows[al.window];
        let diff = if label == Label::Contradicted {
            let wnorms: Vec<&str> = al.wtoks.iter().map(|t| t.norm.as_str()).collect();
            let cnorms: Vec<&str> = al.tokens.iter().map(|t| t.norm.as_str()).collect();
            diff_parts(&al.ops, &wnorms, &cnorms)
        } else {
            Vec::new()
        };
        Judgement {
            label,
            score: decision.score,
            evidence: (label != Label::Unverified).then(|| self.byte_span(window.tokens.clone())),
            diff,
            notes,
            source_speaker: None,
            features: Some(features),
            findings,
        }
    }
}

/// The decision model for a claim: with a similarity measured, the semantic tier's.
fn model_of<'c>(
    cfg: &'c AlignConfig,
    features: &ClaimFeatures,
) -> &'c crate::config::DecisionModel {
    match features.semantic {
        Some(_) => &cfg.semantic.decision,
        None => &cfg.decision,
    }
}

fn unverified(notes: Vec<String>) -> Judgement {
    Judgement {
        label: Label::Unverified,
        score: 0.0,
        evidence: None,
        diff: Vec::new(),
        notes,
        source_speaker: None,
        features: None,
        findings: Vec::new(),
    }
}

fn conflict_notes(findings: &[Finding]) -> Vec<String> {
    dedup(
        findings
            .iter()
            .filter(|f| f.check.is_conflict())
            .map(|f| f.note.clone())
            .collect(),
    )
}

fn partial_notes(
    al: &Aligned<'_>,
    features: &ClaimFeatures,
    findings: &[Finding],
    novel: Vec<String>,
    ix: &SourceIndex,
) -> Vec<String> {
    let mut notes: Vec<String> = findings.iter().map(|f| f.note.clone()).collect();
    if !novel.is_empty() {
        notes.push(format!("not in the source: {}", dedup(novel).join(", ")));
    }
    let wstems = ix.stems_of(ix.windows[al.window].tokens.clone());
    let missing: Vec<String> = al
        .content_tokens()
        .filter(|(_, t)| !wstems.contains(t.stem.as_str()) && !compound_of(t, &wstems))
        .map(|(_, t)| al.claim[t.span.clone()].to_string())
        .collect();
    if !missing.is_empty() {
        notes.push(format!(
            "words without support in the passage: {}",
            dedup(missing).join(", ")
        ));
    }
    if notes.is_empty() {
        notes.push(format!(
            "the passage supports it only loosely: {:.0}% of its content words \
             ({:.0}% in one sentence), {:.0}% of its words in order",
            features.coverage * 100.0,
            features.sentence_coverage * 100.0,
            features.ratio * 100.0
        ));
    }
    notes
}

fn unverified_notes(features: &ClaimFeatures) -> Vec<String> {
    if features.coverage < 0.2 {
        vec!["no passage in the source shares its key terms".into()]
    } else {
        vec![format!(
            "no passage in the source supports it: the closest covers {:.0}% of its content words",
            features.coverage * 100.0
        )]
    }
}

pub(super) fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = rustc_hash::FxHashSet::default();
    v.retain(|s| seen.insert(s.to_lowercase()));
    v
}
