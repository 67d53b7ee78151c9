//! The diff and alignment engine: judges one article statement against one source text.
//!
//! Pure functions over strings (no I/O, no async). A [`SourceIndex`] is built once per source:
//! its sentences, 1–3 sentence windows, an inverted index of stemmed content words and word
//! bigrams for BM25 retrieval, and the source's own quotations with their speakers. Each claim or
//! quote is then compared only with the few best-ranked windows, so the cost grows with
//! article size plus source size, not their product.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::config::AlignConfig;
use crate::text::{self, is_negation, Quote, Span, Speaker, Token};

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
}

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

/// A semantic similarity between two texts, in [-1, 1] (the cosine of sentence embeddings; see
/// the `semantic` feature). It can only move the support score of a claim that has no
/// disagreement: numbers, names, negation and opposites are never overruled by it.
pub trait Similarity {
    /// How alike `a` and `b` are in meaning; `None` when it cannot be computed.
    fn similarity(&self, a: &str, b: &str) -> Option<f64>;
}

/// A retrieval unit: one to three consecutive source sentences.
#[derive(Debug, Clone)]
struct Window {
    tokens: Range<usize>,
    len: usize,
    /// Index of its first sentence and how many sentences it spans.
    first: usize,
    count: usize,
}

/// A source text prepared for alignment.
#[derive(Debug)]
pub struct SourceIndex {
    text: String,
    tokens: Vec<Token>,
    windows: Vec<Window>,
    /// Windows holding each term, with the term's count there; terms are indexed by
    /// `stem_ids` and `pair_ids`.
    postings: Vec<Vec<(u32, u16)>>,
    stem_ids: HashMap<String, u32>,
    pair_ids: HashMap<(u32, u32), u32>,
    avg_len: f64,
    idf: HashMap<String, f64>,
    max_idf: f64,
    by_norm: HashMap<String, Vec<usize>>,
    quotes: Vec<Quote>,
    stems: HashSet<String>,
    numbers: Vec<f64>,
    /// Token ranges of the sentences.
    sentences: Vec<Range<usize>>,
    /// A number split in two tokens by tokenized text ("30, 000", "31. 8"): its value and stem,
    /// stored at the first token.
    joined: Vec<Option<(f64, String)>>,
    /// For each token, the initials of it and the next word when both are content words of
    /// three letters or more ("los angeles" → "la"): an acronym a claim may use instead.
    initials: Vec<Option<String>>,
    /// Byte offsets of tokens that open a sentence (capitalized for grammar, not as names).
    sentence_initial: HashSet<usize>,
    /// Hashes of every three adjacent words (normalized) of the text.
    trigrams: HashSet<u64>,
}

/// A hash of three adjacent words.
fn trigram_key(w: &[Token]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for t in w {
        t.norm.hash(&mut h);
    }
    h.finish()
}

/// The retrieval terms of a token stretch: the stems of its content words and the pairs of
/// adjacent content words (as pairs of stems).
fn content_terms(tokens: &[Token]) -> (Vec<&str>, Vec<(&str, &str)>) {
    let content: Vec<&str> = tokens
        .iter()
        .filter(|t| !t.stop)
        .map(|t| t.stem.as_str())
        .collect();
    let pairs = content.windows(2).map(|p| (p[0], p[1])).collect();
    (content, pairs)
}

impl SourceIndex {
    /// Indexes a source text.
    pub fn new(text: &str, cfg: &AlignConfig) -> SourceIndex {
        let tokens = text::tokenize(text);
        let sentences = text::sentences(text);
        // Token range of each sentence.
        let mut sent_tokens = Vec::with_capacity(sentences.len());
        let mut t = 0;
        for s in &sentences {
            while t < tokens.len() && tokens[t].span.start < s.start {
                t += 1;
            }
            let start = t;
            while t < tokens.len() && tokens[t].span.end <= s.end {
                t += 1;
            }
            if t > start {
                sent_tokens.push(start..t);
            }
        }
        let mut windows = Vec::new();
        let width = cfg.window_sentences.max(1);
        for i in 0..sent_tokens.len() {
            for w in 1..=width {
                if i + w > sent_tokens.len() {
                    break;
                }
                let range = sent_tokens[i].start..sent_tokens[i + w - 1].end;
                windows.push(Window {
                    len: range.len(),
                    tokens: range,
                    first: i,
                    count: w,
                });
            }
        }
        // Terms are interned: a stem gets an id, a pair of adjacent content stems another.
        let mut stem_ids: HashMap<String, u32> = HashMap::default();
        let mut pair_ids: HashMap<(u32, u32), u32> = HashMap::default();
        let mut term_count = 0u32;
        let content_ids: Vec<Option<u32>> = tokens
            .iter()
            .map(|t| {
                (!t.stop).then(|| {
                    *stem_ids.entry(t.stem.clone()).or_insert_with(|| {
                        term_count += 1;
                        term_count - 1
                    })
                })
            })
            .collect();
        let mut postings: Vec<Vec<(u32, u16)>> = Vec::new();
        let mut tf: HashMap<u32, u16> = HashMap::default();
        for (wi, w) in windows.iter().enumerate() {
            tf.clear();
            let mut prev: Option<u32> = None;
            for id in content_ids[w.tokens.clone()].iter().flatten() {
                *tf.entry(*id).or_default() += 1;
                if let Some(p) = prev {
                    let pair = *pair_ids.entry((p, *id)).or_insert_with(|| {
                        term_count += 1;
                        term_count - 1
                    });
                    *tf.entry(pair).or_default() += 1;
                }
                prev = Some(*id);
            }
            postings.resize_with(term_count as usize, Vec::new);
            for (&term, &n) in &tf {
                postings[term as usize].push((wi as u32, n));
            }
        }
        // Sentence-level document frequency gives the IDF used to weight words.
        let mut df: HashMap<String, usize> = HashMap::default();
        for r in &sent_tokens {
            let set: HashSet<&str> = tokens[r.clone()]
                .iter()
                .filter(|t| !t.stop)
                .map(|t| t.stem.as_str())
                .collect();
            for s in set {
                *df.entry(s.to_string()).or_default() += 1;
            }
        }
        let n = sent_tokens.len().max(1) as f64;
        let idf: HashMap<String, f64> = df
            .into_iter()
            .map(|(k, d)| (k, (1.0 + n / d as f64).ln()))
            .collect();
        let max_idf = (1.0 + n / 0.5).ln();
        let avg_len = if windows.is_empty() {
            1.0
        } else {
            windows.iter().map(|w| w.len as f64).sum::<f64>() / windows.len() as f64
        };
        let mut by_norm: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, t) in tokens.iter().enumerate() {
            by_norm.entry(t.norm.clone()).or_default().push(i);
        }
        let stems = tokens.iter().map(|t| t.stem.clone()).collect();
        let sentence_initial: HashSet<usize> = sent_tokens
            .iter()
            .map(|r| tokens[r.start].span.start)
            .collect();
        let joined = joined_numbers(text, &tokens);
        // In cased text an acronym stands for capitalized words ("Los Angeles", not "a long
        // delay"); text that capitalizes nothing inside its sentences cannot say.
        let mid_capitals = tokens
            .iter()
            .filter(|t| t.capitalized && !sentence_initial.contains(&t.span.start))
            .count();
        let cased = mid_capitals * 50 >= tokens.len().max(1);
        let word = |t: &Token| {
            !t.stop
                && t.norm.len() >= 3
                && t.norm.chars().all(char::is_alphabetic)
                && (t.capitalized || !cased)
        };
        let initials = (0..tokens.len())
            .map(|k| match (tokens.get(k), tokens.get(k + 1)) {
                (Some(a), Some(b)) if word(a) && word(b) => Some(
                    a.norm
                        .chars()
                        .take(1)
                        .chain(b.norm.chars().take(1))
                        .collect(),
                ),
                _ => None,
            })
            .collect();
        let numbers = tokens
            .iter()
            .filter_map(|t| t.number)
            .chain(joined.iter().flatten().map(|j| j.0))
            .collect();
        let trigrams = tokens.windows(3).map(trigram_key).collect();
        SourceIndex {
            trigrams,
            text: text.to_string(),
            quotes: text::quotes(text, cfg.quote_min_words),
            tokens,
            windows,
            postings,
            stem_ids,
            pair_ids,
            avg_len,
            idf,
            max_idf,
            by_norm,
            stems,
            numbers,
            sentences: sent_tokens,
            joined,
            initials,
            sentence_initial,
        }
    }

    /// The indexed text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether claims are judged against this source as a sentence pair (a source of at most
    /// `pair_max_sentences` sentences, with the `support_pair` model).
    pub fn is_pair_source(&self, cfg: &AlignConfig) -> bool {
        self.sentences.len() <= cfg.pair_max_sentences
    }

    /// Top windows for a bag of terms, best first (BM25).
    fn retrieve(&self, tokens: &[Token], k: usize, cfg: &AlignConfig) -> Vec<usize> {
        let n = self.windows.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::default();
        let (stems, pairs) = content_terms(tokens);
        // Known terms, each once, with its weight: pairs of words count half.
        let mut unique: HashMap<u32, f64> = HashMap::default();
        for stem in &stems {
            if let Some(&id) = self.stem_ids.get(*stem) {
                unique.insert(id, 1.0);
            }
        }
        for (a, b) in &pairs {
            if let (Some(&a), Some(&b)) = (self.stem_ids.get(*a), self.stem_ids.get(*b)) {
                if let Some(&id) = self.pair_ids.get(&(a, b)) {
                    unique.insert(id, 0.5);
                }
            }
        }
        let mut unique: Vec<(u32, f64)> = unique.into_iter().collect();
        // A fixed order keeps the floating-point sums, and so the ranking, deterministic.
        unique.sort_by_key(|u| u.0);
        for (term, boost) in unique {
            let list = &self.postings[term as usize];
            let df = list.len() as f64;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(w, tf) in list {
                let tf = tf as f64;
                let len = self.windows[w as usize].len as f64;
                let denom = tf + cfg.bm25_k1 * (1.0 - cfg.bm25_b + cfg.bm25_b * len / self.avg_len);
                *scores.entry(w).or_default() += boost * idf * tf * (cfg.bm25_k1 + 1.0) / denom;
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(k)
            .map(|(w, _)| w as usize)
            .collect()
    }

    /// Weight of a token in coverage: names and numbers count most, rare words more than
    /// common ones; a word absent from the source gets the highest IDF.
    fn weight(&self, t: &Token, first: bool) -> f64 {
        let kind = if t.number.is_some() || (t.capitalized && !first) {
            2.0
        } else {
            1.0
        };
        let idf = self.idf.get(&t.stem).copied().unwrap_or(self.max_idf);
        kind * (0.4 + 0.6 * idf / self.max_idf)
    }

    /// Stems of a token range, with numbers that tokenized text split in two.
    fn stems_of(&self, range: Range<usize>) -> HashSet<&str> {
        let mut set: HashSet<&str> = self.tokens[range.clone()]
            .iter()
            .map(|t| t.stem.as_str())
            .collect();
        for k in range.start..range.end.saturating_sub(1) {
            if let Some((_, stem)) = &self.joined[k] {
                set.insert(stem.as_str());
            }
            if let Some(acronym) = &self.initials[k] {
                set.insert(acronym.as_str());
            }
        }
        set
    }

    /// Numeric values of a token range, joined split numbers included.
    fn numbers_of(&self, range: Range<usize>) -> Vec<f64> {
        let mut out: Vec<f64> = self.tokens[range.clone()]
            .iter()
            .filter_map(|t| t.number)
            .collect();
        for k in range.start..range.end.saturating_sub(1) {
            if let Some((v, _)) = &self.joined[k] {
                out.push(*v);
            }
        }
        out
    }

    fn byte_span(&self, tokens: Range<usize>) -> Span {
        if tokens.is_empty() {
            return 0..0;
        }
        self.tokens[tokens.start].span.start..self.tokens[tokens.end - 1].span.end
    }

    // -----------------------------------------------------------------------------------------
    // Claims
    // -----------------------------------------------------------------------------------------

    /// Judges a claim (a sentence or the non-quoted part of one).
    pub fn judge_claim(&self, claim: &str, cfg: &AlignConfig) -> Judgement {
        self.judge_claim_with(claim, cfg, None)
    }

    /// Judges a claim, with a semantic similarity as one more input when given (then the
    /// `[align.semantic]` models decide instead of the lexical ones).
    pub fn judge_claim_with(
        &self,
        claim: &str,
        cfg: &AlignConfig,
        similarity: Option<&dyn Similarity>,
    ) -> Judgement {
        let tokens = text::tokenize(claim);
        let content: Vec<(usize, &Token)> =
            tokens.iter().enumerate().filter(|(_, t)| !t.stop).collect();
        let unverified = |notes: Vec<String>| Judgement {
            label: Label::Unverified,
            score: 0.0,
            evidence: None,
            diff: Vec::new(),
            notes,
            source_speaker: None,
            features: None,
        };
        if content.is_empty() || self.windows.is_empty() {
            return unverified(vec!["no passage in the source shares its key terms".into()]);
        }
        let candidates = self.retrieve(&tokens, cfg.retrieve_top_k, cfg);
        if candidates.is_empty() {
            return unverified(vec!["no passage in the source shares its key terms".into()]);
        }
        let total_weight: f64 = content.iter().map(|(i, t)| self.weight(t, *i == 0)).sum();
        let claim_norms: Vec<&str> = tokens.iter().map(|t| t.norm.as_str()).collect();

        // Score each candidate window: weighted content coverage and in-order token match.
        let mut best: Option<(f64, f64, f64, usize)> = None; // (combined, cov, ratio, window)
        let coverage = |range: Range<usize>| {
            let stems = self.stems_of(range);
            let covered: f64 = content
                .iter()
                .filter(|(_, t)| stems.contains(t.stem.as_str()) || compound_of(t, &stems))
                .map(|(i, t)| self.weight(t, *i == 0))
                .sum();
            covered / total_weight
        };
        for &wi in &candidates {
            let w = &self.windows[wi];
            let wtoks = &self.tokens[w.tokens.clone()];
            let cov = coverage(w.tokens.clone());
            let wnorms: Vec<&str> = wtoks.iter().map(|t| t.norm.as_str()).collect();
            let matched = matched_count(&claim_norms, &wnorms);
            let ratio = matched as f64 / claim_norms.len().max(1) as f64;
            let combined = 0.6 * cov + 0.4 * ratio;
            if best.is_none_or(|b| combined > b.0) {
                best = Some((combined, cov, ratio, wi));
            }
        }
        let (combined, cov, ratio, wi) = best.expect("candidates is not empty");
        let window = &self.windows[wi];
        let wtoks = &self.tokens[window.tokens.clone()];
        let wnorms: Vec<&str> = wtoks.iter().map(|t| t.norm.as_str()).collect();
        let ops = capture_diff_slices(Algorithm::Myers, &wnorms, &claim_norms);

        // Typed checks on the aligned passage.
        let mut notes = Vec::new();
        let mut conflict = false;
        let mut novel_key = Vec::new();
        // Weight of claim tokens that stand where the passage has a different value: they are
        // aligned (the passage talks about the same thing) but disagree.
        let mut conflict_weight = 0.0;

        // Locality: the best single sentence of the window. A claim whose support needs
        // several sentences may stitch together facts the source keeps apart.
        let (sentence_cov, best_sentence) = (window.first..window.first + window.count)
            .map(|si| (coverage(self.sentences[si].clone()), si))
            .fold((0.0, window.first), |a, b| if b.0 > a.0 { b } else { a });
        let claim_stems: HashSet<&str> = content.iter().map(|(_, t)| t.stem.as_str()).collect();
        let sent_content: Vec<&Token> = self.tokens[self.sentences[best_sentence].clone()]
            .iter()
            .filter(|t| !t.stop)
            .collect();
        let source_coverage = sent_content
            .iter()
            .filter(|t| claim_stems.contains(t.stem.as_str()))
            .count() as f64
            / sent_content.len().max(1) as f64;
        let wpairs: HashSet<(&str, &str)> = wnorms.windows(2).map(|p| (p[0], p[1])).collect();
        let bigram_precision = if claim_norms.len() < 2 {
            1.0
        } else {
            claim_norms
                .windows(2)
                .filter(|p| wpairs.contains(&(p[0], p[1])))
                .count() as f64
                / (claim_norms.len() - 1) as f64
        };

        // Numbers.
        let wnums: Vec<f64> = self.numbers_of(window.tokens.clone());
        let claim_nums: Vec<f64> = tokens.iter().filter_map(|t| t.number).collect();
        for (i, t) in content.iter().map(|(i, t)| (*i, *t)) {
            let Some(v) = t.number else { continue };
            let is_digit = t.norm.starts_with(|c: char| c.is_ascii_digit());
            // "some $65 billion" for $64.7 billion: a rounded figure agrees.
            if wnums
                .iter()
                .any(|&x| same_number(x, v) || rounds_to(x, &t.norm, v))
            {
                continue;
            }
            // Which source number stands where the article's number stands?
            // A number the source states elsewhere is no substitution here: the claim may
            // draw on another passage. A large number (a year, a count) stands for another
            // written in digits, not for "two".
            let elsewhere = self.numbers.iter().any(|&x| same_number(x, v));
            // A source number the claim itself states ("June 25" in both) is accounted for:
            // it cannot be what this number replaced. Counted per occurrence: in "3 suspects
            // held for 3 days", the claim's one "3" leaves the other free.
            let count = |nums: &mut dyn Iterator<Item = f64>, x: f64| {
                nums.filter(|&y| same_number(x, y)).count()
            };
            let free = |s: &Token| {
                s.number.is_some_and(|x| {
                    count(&mut wtoks.iter().filter_map(|t| t.number), x)
                        > count(&mut claim_nums.iter().copied(), x)
                })
            };
            let replaced = replaced_counterpart(&ops, i, wtoks, |s| {
                free(s) && (v < 100.0 || s.norm.starts_with(|c: char| c.is_ascii_digit()))
            });
            if is_digit && !elsewhere {
                if let Some(src) = replaced {
                    conflict = true;
                    conflict_weight += self.weight(t, i == 0);
                    notes.push(format!(
                        "number {} in article, {} in source",
                        t.norm, src.norm
                    ));
                    continue;
                }
                if wtoks.iter().any(free)
                    && replaced_counterpart(&ops, i, wtoks, |_| true).is_some()
                {
                    conflict = true;
                    conflict_weight += self.weight(t, i == 0);
                    let others: Vec<String> = wtoks
                        .iter()
                        .filter(|s| free(s))
                        .map(|s| s.norm.clone())
                        .collect();
                    notes.push(format!(
                        "number {} in article, {} in source",
                        t.norm,
                        others.join(", ")
                    ));
                    continue;
                }
                novel_key.push(t.norm.clone());
            }
        }

        // Negation: a negator governs the next content word. Where the claim and the passage
        // align that word, the other side must negate it too (a negator a few words before it).
        // A negator in an unaligned clause, or in a neighbouring sentence, is no flip.
        let claim_scope = negation_scope(&tokens);
        let src_scope = negation_scope(wtoks);
        let mut neg_added = Vec::new();
        let mut neg_dropped = Vec::new();
        let mut neg_unmatched = Vec::new();
        // Aligned on stems, so "did not approve" meets "approved".
        let wstem_seq: Vec<&str> = wtoks.iter().map(|t| t.stem.as_str()).collect();
        let claim_stem_seq: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
        let stem_ops = capture_diff_slices(Algorithm::Myers, &wstem_seq, &claim_stem_seq);
        for op in &stem_ops {
            if op.tag() != DiffTag::Equal {
                continue;
            }
            for (j, i) in op.old_range().zip(op.new_range()) {
                if tokens[i].stop || is_negation(&tokens[i].norm) {
                    continue;
                }
                if claim_scope[i] && !negated_near(wtoks, j) {
                    neg_added.push(claim[tokens[i].span.clone()].to_string());
                } else if src_scope[j] && !negated_near(&tokens, i) {
                    neg_dropped.push(claim[tokens[i].span.clone()].to_string());
                }
            }
        }
        // A plain negator in the claim ("not", "never") where the whole passage negates nothing
        // at all: the claim denies what the source states, even when the negated word itself
        // was rephrased ("has not shifted" for "has progressed").
        if neg_added.is_empty() && neg_dropped.is_empty() && !wtoks.iter().any(negates_anything) {
            for (i, t) in tokens.iter().enumerate() {
                if claim_scope[i] && !t.stop {
                    let negator = tokens[..i]
                        .iter()
                        .rev()
                        .take(3)
                        .find(|n| is_negation(&n.norm));
                    if negator.is_some_and(|n| is_plain_negator(&n.norm)) {
                        neg_unmatched.push(claim[t.span.clone()].to_string());
                    }
                }
            }
        }
        // A quantifier negation moved to another word ("No Americans were among the casualties"
        // / "None of the casualties was American"): both sides negate only with "no"/"none"
        // words, and as often. A "not" that moved to another verb ("did not resign" / "will not
        // run") stays a flip.
        let quantified = |toks: &[Token]| -> Option<usize> {
            let negators: Vec<&Token> = toks.iter().filter(|t| negates_anything(t)).collect();
            let all_quantifiers = negators.iter().all(|t| {
                matches!(
                    t.norm.as_str(),
                    "no" | "none" | "nobody" | "nothing" | "neither" | "nor"
                )
            });
            (all_quantifiers && !negators.is_empty()).then_some(negators.len())
        };
        let claim_quantified = quantified(&tokens);
        if claim_quantified.is_some() && claim_quantified == quantified(wtoks) {
            neg_added.clear();
            neg_dropped.clear();
        }
        if !neg_added.is_empty() || !neg_dropped.is_empty() || !neg_unmatched.is_empty() {
            conflict = true;
            if !neg_added.is_empty() {
                notes.push(format!(
                    "negation added: the source states \"{}\" positively",
                    neg_added.join(" ")
                ));
            }
            if !neg_unmatched.is_empty() {
                notes.push(format!(
                    "negation added: the article negates \"{}\", the source passage negates nothing",
                    neg_unmatched.join(" ")
                ));
            }
            if !neg_dropped.is_empty() {
                notes.push(format!(
                    "negation dropped: the source negates \"{}\"",
                    neg_dropped.join(" ")
                ));
            }
        }

        // Antonyms: a word replaced by its opposite inside the aligned passage.
        for op in &ops {
            let (tag, o, n) = op.as_tag_tuple();
            if tag != DiffTag::Replace {
                continue;
            }
            for i in n {
                if let Some(src) = wtoks[o.clone()]
                    .iter()
                    .find(|s| text::are_antonyms(&tokens[i].stem, &s.stem))
                {
                    conflict = true;
                    conflict_weight += self.weight(&tokens[i], i == 0);
                    notes.push(format!(
                        "\"{}\" in article, \"{}\" in source",
                        &claim[tokens[i].span.clone()],
                        &self.text[src.span.clone()]
                    ));
                }
            }
        }

        // Names: a capitalized word of the claim that the passage lacks.
        let wstems = self.stems_of(window.tokens.clone());
        for (i, t) in content.iter().map(|(i, t)| (*i, *t)) {
            if !t.capitalized || i == 0 || t.number.is_some() || wstems.contains(t.stem.as_str()) {
                continue;
            }
            // A name stands for a name, a title for a title ("Gov." for "Sen."), a day or month
            // for a day or month. Initials and company suffixes name no one.
            if t.norm.chars().count() < 2 || text::is_company_suffix(&t.norm) {
                continue;
            }
            let date = date_kind(&t.norm);
            let title = text::is_title(&t.norm);
            let replaced = replaced_counterpart(&ops, i, wtoks, |s| {
                s.capitalized
                    && !s.stop
                    && !self.sentence_initial.contains(&s.span.start)
                    && s.norm.chars().count() >= 2
                    && !text::is_company_suffix(&s.norm)
                    && text::is_title(&s.norm) == title
                    && date_kind(&s.norm) == date
            });
            let agrees = |src: &Token| {
                if title {
                    same_title(&t.norm, &src.norm)
                } else {
                    same_name(&t.norm, &src.norm)
                }
            };
            match replaced {
                Some(src) if !self.stems.contains(&t.stem) && !agrees(src) => {
                    conflict = true;
                    conflict_weight += self.weight(t, i == 0);
                    notes.push(format!(
                        "name {} in article, {} in source",
                        &claim[t.span.clone()],
                        &self.text[src.span.clone()]
                    ));
                }
                _ => {
                    // "…, Geer added": who is credited is the speaker check's business, not a
                    // fact of the claim.
                    let attribution = (i.saturating_sub(3)..(i + 4).min(tokens.len()))
                        .any(|k| is_attribution_verb(&tokens[k].norm));
                    if !self.stems.contains(&t.stem) && !attribution {
                        novel_key.push(claim[t.span.clone()].to_string());
                    }
                }
            }
        }

        // Hedges: the source qualifies what the claim states flatly.
        let hedges_dropped = dropped_hedges(&tokens, wtoks, &stem_ops, &self.text);
        if !hedges_dropped.is_empty() {
            notes.push(format!(
                "the source hedges it: \"{}\" dropped",
                dedup(hedges_dropped.clone()).join("\", \"")
            ));
        }
        let overstated = !hedges_dropped.is_empty();

        let missing_toks: Vec<(usize, &Token)> = content
            .iter()
            .filter(|(_, t)| !wstems.contains(t.stem.as_str()) && !compound_of(t, &wstems))
            .map(|(i, t)| (*i, *t))
            .collect();
        let max_weight = 2.0;
        let trigram_precision = if tokens.len() < 3 {
            f64::from(u8::from(
                tokens.iter().all(|t| self.by_norm.contains_key(&t.norm)),
            ))
        } else {
            tokens
                .windows(3)
                .filter(|w| self.trigrams.contains(&trigram_key(w)))
                .count() as f64
                / (tokens.len() - 2) as f64
        };
        // Against the best single sentence: claim words it lacks that the source has elsewhere.
        let sstems = self.stems_of(self.sentences[best_sentence].clone());
        // A sentence that opens with a pronoun ("He immediately ordered ...") takes its subject
        // from the sentence before: the claim naming it there imports nothing.
        let opens_with_pronoun = self.tokens[self.sentences[best_sentence].clone()]
            .iter()
            .take(2)
            .any(|t| {
                matches!(
                    t.norm.as_str(),
                    "he" | "she" | "they" | "his" | "her" | "their"
                )
            });
        // The antecedent: the previous sentence's subject, its words before the first verb of
        // being, having or saying (at most ten), not the whole sentence.
        let antecedent: HashSet<&str> = match best_sentence.checked_sub(1) {
            Some(prev) if opens_with_pronoun => self.tokens[self.sentences[prev].clone()]
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
                .collect(),
            _ => HashSet::default(),
        };
        let mut imported = 0.0;
        for (i, t) in content.iter().map(|(i, t)| (*i, *t)) {
            if sstems.contains(t.stem.as_str())
                || compound_of(t, &sstems)
                || !self.stems.contains(&t.stem)
                || antecedent.contains(t.stem.as_str())
            {
                continue;
            }
            imported += self.weight(t, i == 0);
        }
        let semantic = similarity.and_then(|sim| {
            let sentence = self.byte_span(self.sentences[best_sentence].clone());
            let window_span = self.byte_span(window.tokens.clone());
            let best = sim.similarity(claim, &self.text[sentence]);
            let whole = if window.count > 1 {
                sim.similarity(claim, &self.text[window_span])
            } else {
                None
            };
            best.into_iter().chain(whole).reduce(f64::max)
        });
        let features = ClaimFeatures {
            semantic,
            trigram_precision,
            sentence_imported: imported / total_weight,
            coverage: cov,
            sentence_coverage: sentence_cov,
            ratio,
            density: source_density(&ops),
            inner_edits: inner_edits(&ops),
            sentences: window.count,
            content_words: content.len(),
            novel_key: novel_key.len(),
            conflicts: notes.len(),
            max_missing_weight: missing_toks
                .iter()
                .map(|(i, t)| self.weight(t, *i == 0) / max_weight)
                .fold(0.0, f64::max),
            missing: missing_toks.len(),
            missing_elsewhere: missing_toks
                .iter()
                .filter(|(_, t)| self.stems.contains(&t.stem))
                .count(),
            source_coverage,
            bigram_precision,
            missing_run: content
                .iter()
                .scan(0usize, |run, (_, t)| {
                    let lacking = !wstems.contains(t.stem.as_str()) && !compound_of(t, &wstems);
                    *run = if lacking { *run + 1 } else { 0 };
                    Some(*run)
                })
                .max()
                .unwrap_or(0),
        };
        let missing: Vec<String> = missing_toks
            .iter()
            .map(|(_, t)| claim[t.span.clone()].to_string())
            .collect();
        let evidence = Some(self.byte_span(window.tokens.clone()));
        let diff = diff_parts(&ops, &wnorms, &claim_norms);
        let score = combined.clamp(0.0, 1.0);

        let aligned_cov = (cov + conflict_weight / total_weight).min(1.0);
        // A sentence pair has no hard gates for missing words or new names: whether two
        // sentences say the same thing is the pair model's call (those are among its inputs).
        let pair = self.is_pair_source(cfg);
        let floor = if pair {
            cfg.pair_min_coverage
        } else {
            cfg.paraphrase_min_coverage
        };
        let support = if !pair
            && (features.missing_run >= cfg.max_missing_run
                || features.novel_key >= cfg.max_novel_key)
        {
            f64::NEG_INFINITY
        } else {
            let model = match (features.semantic.is_some(), pair) {
                (false, false) => &cfg.support,
                (false, true) => &cfg.support_pair,
                (true, false) => &cfg.semantic.support,
                (true, true) => &cfg.semantic.support_pair,
            };
            model.bias
                + model
                    .weights()
                    .iter()
                    .zip(features.inputs())
                    .map(|(w, x)| w * x)
                    .sum::<f64>()
        };
        let label = if conflict && aligned_cov >= cfg.contradiction_min_coverage {
            Label::Contradicted
        } else if !conflict
            && !overstated
            && support >= 0.0
            && ratio >= cfg.verbatim_min_ratio
            && inner_edits(&ops) <= 1
            && source_density(&ops) >= cfg.verbatim_min_ratio
            && !has_moved_words(&ops, wtoks, &tokens)
            && cov >= floor
        {
            Label::Verbatim
        } else if !conflict && !overstated && support >= 0.0 && cov >= floor {
            Label::Paraphrase
        } else if cov >= cfg.partial_min_coverage {
            Label::Partial
        } else {
            Label::Unverified
        };
        match label {
            Label::Partial => {
                if !novel_key.is_empty() {
                    notes.push(format!(
                        "not in the source: {}",
                        dedup(novel_key).join(", ")
                    ));
                }
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
                        cov * 100.0,
                        sentence_cov * 100.0,
                        ratio * 100.0
                    ));
                }
            }
            Label::Unverified => {
                notes.clear();
                notes.push("no passage in the source shares its key terms".into());
                if cov > 0.0 {
                    notes.push(format!(
                        "best passage covers {:.0}% of its content words",
                        cov * 100.0
                    ));
                }
            }
            _ => {}
        }
        let keep_evidence = label != Label::Unverified;
        Judgement {
            label,
            score,
            evidence: if keep_evidence { evidence } else { None },
            diff: if label == Label::Contradicted {
                diff
            } else {
                Vec::new()
            },
            notes,
            source_speaker: None,
            features: Some(features),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Quotes
    // -----------------------------------------------------------------------------------------

    /// Judges a direct quote and the speaker the article gives it.
    pub fn judge_quote(
        &self,
        quote: &str,
        speaker: Option<&Speaker>,
        cfg: &AlignConfig,
    ) -> Judgement {
        let segments = quote_segments(quote);
        let q_tokens: Vec<Token> = segments.iter().flat_map(|s| s.tokens.clone()).collect();
        if q_tokens.is_empty() {
            return Judgement {
                label: Label::NotFound,
                score: 0.0,
                evidence: None,
                diff: Vec::new(),
                notes: vec!["the quote has no words to look for".into()],
                source_speaker: None,
                features: None,
            };
        }
        let (label, score, range, diff, mut notes) = if let Some(range) = self.find_exact(&segments)
        {
            (Label::Exact, 1.0, Some(range), Vec::new(), Vec::new())
        } else {
            self.find_fuzzy(&q_tokens, cfg)
        };
        let Some(range) = range else {
            return Judgement {
                label,
                score,
                evidence: None,
                diff,
                notes,
                source_speaker: None,
                features: None,
            };
        };
        let span = self.byte_span(range.clone());
        let source_speaker = self
            .quotes
            .iter()
            .find(|q| q.outer.start <= span.start && span.end <= q.outer.end)
            .and_then(|q| q.speaker.clone())
            .or_else(|| self.speaker_of_repeat(&q_tokens));
        let mut label = label;
        if let (Some(a), Some(s)) = (speaker, &source_speaker) {
            if text::compare_speakers(Some(a), Some(s)) == Some(false) {
                notes.push(format!(
                    "the article gives it to {}, the source to {}",
                    a.name, s.name
                ));
                label = Label::Misattributed;
            }
        }
        Judgement {
            label,
            score,
            evidence: Some(span),
            diff,
            notes,
            source_speaker,
            features: None,
        }
    }

    /// The speaker of another source quotation holding the same words, for a passage the
    /// source repeats without attribution (a pull-quote, a caption, a summary box).
    fn speaker_of_repeat(&self, q: &[Token]) -> Option<Speaker> {
        let norms: Vec<&str> = q.iter().map(|t| t.norm.as_str()).collect();
        self.quotes
            .iter()
            .filter(|sq| sq.speaker.is_some())
            .find_map(|sq| {
                let inside: Vec<&str> = self
                    .tokens
                    .iter()
                    .filter(|t| sq.span.start <= t.span.start && t.span.end <= sq.span.end)
                    .map(|t| t.norm.as_str())
                    .collect();
                let holds = !norms.is_empty()
                    && inside.len() >= norms.len()
                    && inside.windows(norms.len()).any(|w| w == norms.as_slice());
                holds.then(|| sq.speaker.clone()).flatten()
            })
    }

    /// Finds every segment of the quote in order, word for word. Ellipses allow any gap up to
    /// a few hundred words; a bracketed insertion replaces up to four source words.
    fn find_exact(&self, segments: &[Segment]) -> Option<Range<usize>> {
        let first = segments.iter().position(|s| !s.tokens.is_empty())?;
        let seg0 = &segments[first].tokens;
        let starts = self.by_norm.get(&seg0[0].norm)?;
        'start: for &s in starts {
            if !self.matches_at(s, seg0) {
                continue;
            }
            let mut end = s + seg0.len();
            for seg in &segments[first + 1..] {
                if seg.tokens.is_empty() {
                    continue;
                }
                let max_gap = match seg.gap_before {
                    Gap::Ellipsis => 400,
                    Gap::Insertion => 4,
                    Gap::None => 0,
                };
                let found = (end..=end + max_gap).find(|&p| self.matches_at(p, &seg.tokens));
                match found {
                    Some(p) => end = p + seg.tokens.len(),
                    None => continue 'start,
                }
            }
            return Some(s..end);
        }
        None
    }

    fn matches_at(&self, at: usize, seg: &[Token]) -> bool {
        at + seg.len() <= self.tokens.len()
            && seg
                .iter()
                .enumerate()
                .all(|(k, t)| self.tokens[at + k].norm == t.norm)
    }

    /// Local alignment (Smith–Waterman on tokens) against the best-ranked windows.
    #[allow(clippy::type_complexity)]
    fn find_fuzzy(
        &self,
        q: &[Token],
        cfg: &AlignConfig,
    ) -> (Label, f64, Option<Range<usize>>, Vec<DiffPart>, Vec<String>) {
        let not_found = |cov: f64| {
            let mut notes = vec!["no passage in the source resembles it".to_string()];
            if cov > 0.0 {
                notes.push(format!(
                    "closest passage matches {:.0}% of its words",
                    cov * 100.0
                ));
            }
            (Label::NotFound, cov, None, Vec::new(), notes)
        };
        let candidates = self.retrieve(q, cfg.retrieve_top_k, cfg);
        let mut best: Option<(i32, Range<usize>, usize)> = None;
        for wi in candidates {
            let w = &self.windows[wi];
            // Widen by a few tokens so a quote crossing the window edge still aligns.
            let lo = w.tokens.start.saturating_sub(q.len());
            let hi = (w.tokens.end + q.len()).min(self.tokens.len());
            let (score, range, q_range) = smith_waterman(q, &self.tokens[lo..hi]);
            // Extend over quote words left unaligned at either end (a changed first or last
            // word), so the evidence and the diff show what the source says there.
            let start = (lo + range.start).saturating_sub(q_range.start).max(lo);
            let end = (lo + range.end + (q.len() - q_range.end)).min(hi);
            let range = start..end;
            let matched = q_range.len();
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, range, matched));
            }
        }
        let Some((_, range, _)) = best else {
            return not_found(0.0);
        };
        let src = &self.tokens[range.clone()];
        let src_norms: Vec<&str> = src.iter().map(|t| t.norm.as_str()).collect();
        let q_norms: Vec<&str> = q.iter().map(|t| t.norm.as_str()).collect();
        let ops = capture_diff_slices(Algorithm::Myers, &src_norms, &q_norms);
        // Content-weighted share of the quote's words found in order.
        let mut matched_w = 0.0;
        let mut total_w = 0.0;
        let mut matched_n = 0;
        let mut equal = vec![false; q.len()];
        for op in &ops {
            let (tag, _, new) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                for k in new {
                    equal[k] = true;
                }
            }
        }
        for (k, t) in q.iter().enumerate() {
            let w = if t.stop { 0.3 } else { 1.0 };
            total_w += w;
            if equal[k] {
                matched_w += w;
                matched_n += 1;
            }
        }
        let cov = if total_w > 0.0 {
            matched_w / total_w
        } else {
            0.0
        };
        // Words of the source passage the article dropped also count against it.
        let src_extra = src.len().saturating_sub(matched_n);
        let precision = matched_n as f64 / (matched_n + src_extra).max(1) as f64;
        if cov < cfg.altered_min_coverage || matched_n < 4 || precision < 0.5 {
            return not_found(cov);
        }
        // The same words spelled another way ("per cent", "multi-party", "two" for 2): house
        // style, not an alteration of what was said.
        if let Some(variants) = spelling_only(&ops, src, q) {
            let notes = vec![format!(
                "same words, spelled differently: {}",
                variants.join(", ")
            )];
            return (Label::Exact, 1.0, Some(range), Vec::new(), notes);
        }
        let diff = diff_parts(&ops, &src_norms, &q_norms);
        let mut notes = Vec::new();
        let dropped: Vec<&str> = diff
            .iter()
            .filter(|d| d.op == DiffOp::Delete)
            .map(|d| d.text.as_str())
            .collect();
        let added: Vec<&str> = diff
            .iter()
            .filter(|d| d.op == DiffOp::Insert)
            .map(|d| d.text.as_str())
            .collect();
        if !added.is_empty() {
            notes.push(format!("words not in the source: {}", added.join(" / ")));
        }
        if !dropped.is_empty() {
            notes.push(format!(
                "source words changed or dropped: {}",
                dropped.join(" / ")
            ));
        }
        (Label::Altered, cov * precision, Some(range), diff, notes)
    }
}

/// When every difference between a source passage and a quote is a spelling of the same words
/// (joined or split compounds: "per cent" / "percent", "multi-party" / "multiparty"; a number in
/// digits or in words), the differences as "source / quote"; otherwise `None`.
fn spelling_only(ops: &[similar::DiffOp], old: &[Token], new: &[Token]) -> Option<Vec<String>> {
    let words = |toks: &[Token]| -> String {
        toks.iter()
            .map(|t| t.norm.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // One word written as several: the parts joined give the word, and no part is a function
    // word ("a part" is not "apart", "may be" is not "maybe"); "per cent" is the one exception.
    let split = |one: &Token, parts: &[Token]| {
        let joined: String = parts.iter().map(|t| t.norm.as_str()).collect();
        let plain = |t: &Token| t.norm.chars().all(char::is_alphanumeric);
        parts.len() >= 2
            && parts.iter().all(plain)
            && joined == one.norm.replace('-', "")
            && (parts.iter().all(|t| !t.stop) || words(parts) == "per cent")
    };
    let same = |a: &[Token], b: &[Token]| match (a, b) {
        ([x], [y]) => {
            x.number
                .zip(y.number)
                .is_some_and(|(x, y)| same_number(x, y))
                || (x.norm.contains('-') || y.norm.contains('-'))
                    && x.norm.replace('-', "") == y.norm.replace('-', "")
        }
        ([x], parts) | (parts, [x]) => split(x, parts),
        _ => false,
    };
    let mut variants = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => continue,
            DiffTag::Replace if same(&old[o.clone()], &new[n.clone()]) => {
                variants.push(format!("{} / {}", words(&old[o]), words(&new[n])));
            }
            _ => return None,
        }
    }
    (!variants.is_empty()).then_some(variants)
}

/// Hedges of the passage that the claim drops ("possible disciplinary cases", "was formerly
/// associated", "is expected to probe", "nearly sank"): a hedge just before words the claim
/// copies, when the claim hedges nothing in its own words ("may", "was scheduled to") and does
/// not keep the word. "Reportedly" and "allegedly" pass when the claim names who says so ("a
/// report found", "police said"). `ops` is the stem diff of `passage` (old) and `claim` (new).
fn dropped_hedges(
    claim: &[Token],
    passage: &[Token],
    ops: &[similar::DiffOp],
    source_text: &str,
) -> Vec<String> {
    // "May" next to a number, or after "in"/"since"/"until", is the month.
    let month = |k: usize| {
        claim[k].norm == "may"
            && (claim.get(k + 1).is_some_and(|t| t.number.is_some())
                || k.checked_sub(1).is_some_and(|p| {
                    claim[p].number.is_some()
                        || matches!(
                            claim[p].norm.as_str(),
                            "in" | "since" | "until" | "by" | "early" | "late" | "mid"
                        )
                }))
    };
    let hedged = claim.iter().enumerate().any(|(k, t)| {
        (text::is_hedge(&t.norm) && !matches!(t.norm.as_str(), "former" | "formerly"))
            || (matches!(
                t.norm.as_str(),
                "may" | "might" | "could" | "would" | "should" | "scheduled" | "planned" | "plans"
            ) && !month(k))
    });
    if hedged {
        return Vec::new();
    }
    let attributed = claim.iter().any(|t| {
        is_attribution_verb(&t.norm)
            || matches!(
                t.stem.as_str(),
                "report" | "alleg" | "accus" | "claim" | "found" | "charg"
            )
    });
    // "About 200" for "nearly 200" keeps the approximation.
    let approximates = claim.iter().any(|t| {
        matches!(
            t.norm.as_str(),
            "about" | "around" | "roughly" | "approximately" | "some" | "almost" | "nearly"
        )
    });
    let kept = |h: &Token| {
        claim.iter().any(|t| t.norm == h.norm)
            || (attributed && text::is_hearsay(&h.norm))
            || (approximates && matches!(h.norm.as_str(), "nearly" | "almost"))
    };
    // Passage words aligned with a content word of the claim.
    let mut aligned = vec![false; passage.len()];
    for op in ops {
        if op.tag() == DiffTag::Equal {
            for (j, i) in op.old_range().zip(op.new_range()) {
                aligned[j] = !claim[i].stop;
            }
        }
    }
    // "Better than expected", "as soon as possible": a comparison, not a hedge.
    let compared = |j: usize| j > 0 && matches!(passage[j - 1].norm.as_str(), "as" | "than");
    (0..passage.len())
        .filter(|&j| {
            let before_copied = (j + 1..(j + 4).min(passage.len())).any(|k| aligned[k]);
            !aligned[j]
                && text::is_hedge(&passage[j].norm)
                && !compared(j)
                && !kept(&passage[j])
                && before_copied
        })
        .map(|j| source_text[passage[j].span.clone()].to_string())
        .collect()
}

/// Numbers that tokenized text splits up ("30, 000" for 30,000; "53, 193, 914"; "31. 8" for
/// 31.8): for each first token, the joined value and stem. Only a 1–3 digit group followed by
/// groups of exactly three digits (thousands) and/or a short digit group after a point
/// (decimals) is joined, so "in 2019, 500 people" stays two numbers.
fn joined_numbers(text: &str, tokens: &[Token]) -> Vec<Option<(f64, String)>> {
    let digits = |t: &Token| !t.norm.is_empty() && t.norm.bytes().all(|b| b.is_ascii_digit());
    let between = |x: &Token, y: &Token| text[x.span.end..y.span.start].trim_end().to_string();
    let mut out = vec![None; tokens.len()];
    let mut k = 0;
    while k < tokens.len() {
        let a = &tokens[k];
        if !digits(a) || a.norm.len() > 3 {
            k += 1;
            continue;
        }
        let mut stem = a.norm.clone();
        let mut end = k;
        while let Some(b) = tokens.get(end + 1) {
            if digits(b) && b.norm.len() == 3 && between(&tokens[end], b) == "," {
                stem.push_str(&b.norm);
                end += 1;
            } else {
                break;
            }
        }
        if let Some(b) = tokens.get(end + 1) {
            if digits(b) && b.norm.len() <= 2 && between(&tokens[end], b) == "." {
                stem.push('.');
                stem.push_str(&b.norm);
                end += 1;
            }
        }
        if end == k {
            k += 1;
            continue;
        }
        if let Ok(v) = stem.parse::<f64>() {
            // "31. 8 million": the multiplier was applied to the last part.
            let last = &tokens[end];
            let plain: f64 = last.norm.parse().unwrap_or(1.0);
            let scale = match last.number {
                Some(n) if plain > 0.0 && !same_number(n, plain) => n / plain,
                _ => 1.0,
            };
            out[k] = Some((v * scale, stem));
        }
        k = end + 1;
    }
    out
}

/// Whether `source` rounded to the precision the article writes `norm` (its value `v`) in gives
/// `v` ("65" for 64.7, "4.6" for 4.62). Whole numbers below 10 are left out: "6" for 6.4 may be
/// rounding, but "3 people" for 3.4 is not a thing, and small counts must match exactly.
fn rounds_to(source: f64, norm: &str, v: f64) -> bool {
    if !norm.starts_with(|c: char| c.is_ascii_digit()) || source.fract() == 0.0 {
        return false;
    }
    let decimals = norm.split_once('.').map_or(0, |(_, d)| {
        d.chars().take_while(char::is_ascii_digit).count()
    });
    if decimals == 0 && v < 10.0 {
        return false;
    }
    let scale = 10f64.powi(decimals as i32);
    same_number((source * scale).round() / scale, v) && !same_number(source, v)
}

/// Whether two titles name the same role, one perhaps abbreviated ("Gen." / "General",
/// "Sen." / "Senator", "Rev." / "Reverend").
fn same_title(a: &str, b: &str) -> bool {
    let (x, y) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    x == y || (short.len() >= 2 && long.starts_with(short))
}

/// Whether two capitalized words can name the same thing: a spelling variant ("Domeq",
/// "Centre"/"Center"), a possessive ("Lacsynski's"), a dotted abbreviation ("F.T." for "FTC"),
/// or one of the common names of the US and the UK. A shorter name is not the same name
/// ("Niger" / "Nigeria", "Paul" / "Paula").
fn same_name(a: &str, b: &str) -> bool {
    let bare = |s: &str| -> String {
        let s = s
            .strip_suffix("'s")
            .or_else(|| s.strip_suffix("\u{2019}s"))
            .unwrap_or(s);
        s.chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let (x, y) = (bare(a), bare(b));
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    let dotted = a.contains('.') || b.contains('.');
    let country = |s: &str| match s {
        "us" | "america" | "american" | "americans" => Some(1),
        "uk" | "britain" | "british" | "briton" | "britons" => Some(2),
        _ => None,
    };
    x == y
        || spelling_variant(&x, &y)
        || (dotted
            && short.len() >= 2
            && long.len() <= short.len() + 1
            && long.starts_with(short.as_str()))
        || country(&x).is_some_and(|c| country(&y) == Some(c))
}

/// Two spellings of one name ("Domecq" / "Domeq", "Centre" / "Center"): one letter added,
/// dropped or changed, or two neighbouring letters swapped, in a word of five letters or more.
fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let longest = a.len().max(b.len());
    let swapped = a.len() == b.len()
        && prefix + suffix + 2 == longest
        && a[prefix] == b[prefix + 1]
        && a[prefix + 1] == b[prefix];
    prefix + suffix + 1 >= longest || swapped
}

fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::default();
    v.retain(|s| seen.insert(s.to_lowercase()));
    v
}

/// Number of tokens of `new` that an in-order diff matches in `old`.
/// Words of `new` matched in order in `old`: the length of their longest common subsequence
/// (what a minimal word diff keeps equal). A row-by-row dynamic program: the claim is short, and
/// this runs for every candidate window, where building a full diff costs several times more.
fn matched_count(new: &[&str], old: &[&str]) -> usize {
    if new.is_empty() || old.is_empty() {
        return 0;
    }
    let mut row = vec![0u32; new.len() + 1];
    for o in old {
        let mut diag = 0u32; // row[j - 1] of the previous line
        for (j, n) in new.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if o == n { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[new.len()] as usize
}

/// The source token that the diff replaced with the article token at `new_index`, when it
/// satisfies `pred` (a number for a number, a name for a name).
fn replaced_counterpart<'a>(
    ops: &[similar::DiffOp],
    new_index: usize,
    old: &'a [Token],
    pred: impl Fn(&Token) -> bool,
) -> Option<&'a Token> {
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Replace && n.contains(&new_index) {
            return old[o].iter().find(|t| pred(t));
        }
    }
    None
}

/// For each token, whether it is the first content word after a negator ("not approved",
/// "failed to win", "never allowed").
/// "not", "never", "no one", "didn't": a negator that only denies (not "failed", "refused").
fn is_plain_negator(norm: &str) -> bool {
    matches!(
        norm,
        "no" | "not" | "never" | "none" | "nobody" | "nothing" | "neither" | "nor" | "cannot"
    ) || norm.ends_with("n't")
}

/// Whether a source token says something negative: a negator, or a verb or word of refusal,
/// lack or unlikelihood that a rewrite may render with "not".
fn negates_anything(t: &Token) -> bool {
    is_negation(&t.norm)
        || matches!(
            t.stem.as_str(),
            "declin"
                | "fail"
                | "failur"
                | "refus"
                | "reject"
                | "unlik"
                | "lack"
                | "absenc"
                | "absent"
                | "refrain"
                | "avoid"
                | "halt"
                | "stop"
                | "ceas"
                | "deni"
                | "ban"
                | "prohibit"
                | "forbid"
        )
}

fn negation_scope(toks: &[Token]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    for (k, t) in toks.iter().enumerate() {
        if !is_negation(&t.norm) {
            continue;
        }
        // "failed to win" negates "win"; "the attempt failed and ..." negates nothing after it.
        let needs_to = matches!(
            t.norm.as_str(),
            "failed" | "fails" | "unable" | "refused" | "refuses"
        );
        if needs_to && toks.get(k + 1).is_none_or(|n| n.norm != "to") {
            continue;
        }
        if let Some(target) =
            (k + 1..(k + 4).min(toks.len())).find(|&m| !toks[m].stop && !is_negation(&toks[m].norm))
        {
            out[target] = true;
        }
    }
    out
}

/// Whether a word is part of a compound the passage uses, or the other way round ("girls" in
/// "schoolgirls", "workaround" for "work-around"). Short words are left out: "on" is in
/// everything.
fn compound_of(t: &Token, stems: &HashSet<&str>) -> bool {
    let w = t.stem.as_str();
    if t.number.is_some() || w.len() < 4 {
        return false;
    }
    // One word must begin or end the other, and the rest be a word of its own (4+ letters),
    // so "port" does not match "support".
    let part = |long: &str, short: &str| {
        long.len() >= short.len() + 4 && (long.starts_with(short) || long.ends_with(short))
    };
    stems
        .iter()
        .any(|s| s.len() >= 4 && (part(s, w) || part(w, s)))
}

/// Whether a negator stands within the four words before token `at` or the two after it ("not
/// found" and "found no evidence" both negate "found"). A word of refusal, failure or lack counts
/// when it governs what follows ("declined to comment" for "no comment", "failure to determine",
/// "lack of evidence"), not as a noun or a verb of its own ("lifted the ban", "the attempt
/// failed").
fn negated_near(toks: &[Token], at: usize) -> bool {
    (at.saturating_sub(4)..(at + 3).min(toks.len())).any(|k| {
        let t = &toks[k];
        let governs = || {
            toks.get(k + 1)
                .is_some_and(|n| matches!(n.norm.as_str(), "to" | "of" | "comment"))
        };
        k != at
            && (is_plain_negator(&t.norm)
                || t.norm == "without"
                || (negates_anything(t) && governs()))
    })
}

/// Share of the source stretch between the first and last matched token that is matched: a
/// claim whose words are scattered over several sentences is no verbatim copy.
fn source_density(ops: &[similar::DiffOp]) -> f64 {
    let eq: Vec<Range<usize>> = ops
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range())
        .collect();
    match (eq.first(), eq.last()) {
        (Some(a), Some(b)) if b.end > a.start => {
            eq.iter().map(|r| r.len()).sum::<usize>() as f64 / (b.end - a.start) as f64
        }
        _ => 0.0,
    }
}

/// Number of changed runs strictly inside the matched stretch (moved or replaced words).
fn inner_edits(ops: &[similar::DiffOp]) -> usize {
    let first = ops.iter().position(|op| op.tag() == DiffTag::Equal);
    let last = ops.iter().rposition(|op| op.tag() == DiffTag::Equal);
    match (first, last) {
        (Some(a), Some(b)) if b > a => ops[a..b]
            .iter()
            .filter(|op| op.tag() != DiffTag::Equal)
            .count(),
        _ => 0,
    }
}

/// Whether content words the claim inserts are ones the diff deleted elsewhere: a reordering,
/// which is a paraphrase rather than a verbatim copy.
fn has_moved_words(ops: &[similar::DiffOp], old: &[Token], new: &[Token]) -> bool {
    let mut deleted = HashSet::default();
    let mut inserted = HashSet::default();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            deleted.extend(old[o].iter().filter(|t| !t.stop).map(|t| t.norm.as_str()));
        }
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            inserted.extend(new[n].iter().filter(|t| !t.stop).map(|t| t.norm.as_str()));
        }
    }
    inserted.intersection(&deleted).next().is_some()
}

/// Verbs that credit a statement to someone ("said", "told", "according").
fn is_attribution_verb(norm: &str) -> bool {
    matches!(
        norm,
        "said" | "says" | "say" | "added" | "told" | "according" | "stated" | "explained" | "noted"
    )
}

/// Days and months: capitalized, but dates rather than names. The kind (1 = weekday,
/// 2 = month, 0 = neither) keeps "July 3" from standing for "next Thursday".
fn date_kind(norm: &str) -> u8 {
    match norm {
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => 1,
        "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august"
        | "september" | "october" | "november" | "december" | "jan" | "feb" | "mar" | "apr"
        | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec" => 2,
        _ => 0,
    }
}

fn diff_parts(ops: &[similar::DiffOp], old: &[&str], new: &[&str]) -> Vec<DiffPart> {
    let mut out: Vec<DiffPart> = Vec::new();
    let mut push = |op: DiffOp, words: &[&str]| {
        if words.is_empty() {
            return;
        }
        let text = words.join(" ");
        match out.last_mut() {
            Some(last) if last.op == op => {
                last.text.push(' ');
                last.text.push_str(&text);
            }
            _ => out.push(DiffPart { op, text }),
        }
    };
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(DiffOp::Equal, &new[n]),
            DiffTag::Delete => push(DiffOp::Delete, &old[o]),
            DiffTag::Insert => push(DiffOp::Insert, &new[n]),
            DiffTag::Replace => {
                push(DiffOp::Delete, &old[o]);
                push(DiffOp::Insert, &new[n]);
            }
        }
    }
    out
}

/// Smith–Waterman local alignment of quote tokens against source tokens. Returns the best
/// score, the aligned source token range and the aligned quote token range.
fn smith_waterman(q: &[Token], s: &[Token]) -> (i32, Range<usize>, Range<usize>) {
    const MATCH_CONTENT: i32 = 3;
    const MATCH_STOP: i32 = 1;
    const MISMATCH: i32 = -2;
    const GAP: i32 = -1;
    let (n, m) = (q.len(), s.len());
    if n == 0 || m == 0 {
        return (0, 0..0, 0..0);
    }
    let cols = m + 1;
    let mut h = vec![0i32; (n + 1) * cols];
    let mut best = (0i32, 0usize, 0usize);
    for i in 1..=n {
        for j in 1..=m {
            let same = q[i - 1].norm == s[j - 1].norm;
            let diag = h[(i - 1) * cols + j - 1]
                + if same {
                    if q[i - 1].stop {
                        MATCH_STOP
                    } else {
                        MATCH_CONTENT
                    }
                } else {
                    MISMATCH
                };
            let up = h[(i - 1) * cols + j] + GAP;
            let left = h[i * cols + j - 1] + GAP;
            let v = diag.max(up).max(left).max(0);
            h[i * cols + j] = v;
            if v > best.0 {
                best = (v, i, j);
            }
        }
    }
    // Trace back to where the local alignment starts.
    let (score, mut i, mut j) = best;
    let end = j;
    let q_end = i;
    while i > 0 && j > 0 && h[i * cols + j] > 0 {
        let v = h[i * cols + j];
        let same = q[i - 1].norm == s[j - 1].norm;
        let diag_gain = if same {
            if q[i - 1].stop {
                MATCH_STOP
            } else {
                MATCH_CONTENT
            }
        } else {
            MISMATCH
        };
        if v == h[(i - 1) * cols + j - 1] + diag_gain {
            i -= 1;
            j -= 1;
        } else if v == h[(i - 1) * cols + j] + GAP {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    (score, j..end, i..q_end)
}

/// How a quote segment is separated from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    /// "…", "...", "[...]": any number of source words left out.
    Ellipsis,
    /// "[the bridge]": the writer's words in place of a few source words.
    Insertion,
}

#[derive(Debug, Clone)]
struct Segment {
    gap_before: Gap,
    tokens: Vec<Token>,
}

/// Splits a quote at ellipses and bracketed insertions.
fn quote_segments(quote: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut gap = Gap::None;
    let mut rest = quote;
    loop {
        let next = [
            rest.find("[...]").map(|p| (p, 5, Gap::Ellipsis)),
            rest.find("[\u{2026}]")
                .map(|p| (p, "[\u{2026}]".len(), Gap::Ellipsis)),
            rest.find("...").map(|p| (p, 3, Gap::Ellipsis)),
            rest.find(". . .").map(|p| (p, 5, Gap::Ellipsis)),
            rest.find('\u{2026}')
                .map(|p| (p, '\u{2026}'.len_utf8(), Gap::Ellipsis)),
            rest.find('[').map(|p| {
                let len = rest[p..].find(']').map_or(1, |e| e + 1);
                (p, len, Gap::Insertion)
            }),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|&(p, len, _)| (p, std::cmp::Reverse(len)));
        match next {
            Some((p, len, g)) => {
                segments.push(Segment {
                    gap_before: gap,
                    tokens: text::tokenize(&rest[..p]),
                });
                gap = g;
                rest = &rest[p + len..];
            }
            None => {
                segments.push(Segment {
                    gap_before: gap,
                    tokens: text::tokenize(rest),
                });
                break;
            }
        }
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "The council approved the \u{00A3}4.2 million budget on Tuesday. \
        \u{201C}We will rebuild the harbour bridge before the summer season starts,\u{201D} said Maria Lopez, the mayor. \
        Council member Tom Reyes disagreed. \u{201C}The town cannot afford another loan this year,\u{201D} Reyes said. \
        Repairs will cost 12 workers six months. The bridge was closed in 2019 after a storm.";

    #[test]
    fn matched_count_is_what_a_minimal_diff_keeps() {
        let texts = [
            "the council approved the budget on tuesday after a long debate",
            "on tuesday the council approved a budget",
            "budget the the council tuesday approved debate long a after",
            "",
            "a b a b a b c",
            "b a b a c c a",
        ];
        for a in texts {
            for b in texts {
                let a: Vec<&str> = a.split_whitespace().collect();
                let b: Vec<&str> = b.split_whitespace().collect();
                let myers: usize = capture_diff_slices(Algorithm::Myers, &b, &a)
                    .iter()
                    .filter(|op| op.tag() == DiffTag::Equal)
                    .map(|op| op.new_range().len())
                    .sum();
                assert_eq!(matched_count(&a, &b), myers, "{a:?} vs {b:?}");
            }
        }
    }

    /// A similarity that says the same of every pair.
    struct Fixed(f64);
    impl Similarity for Fixed {
        fn similarity(&self, _: &str, _: &str) -> Option<f64> {
            Some(self.0)
        }
    }

    #[test]
    fn semantic_models_decide_with_a_similarity_but_never_overrule_a_disagreement() {
        let (s, mut cfg) = idx();
        cfg.semantic.support = cfg.support.clone();
        cfg.semantic.support.semantic = 50.0;
        cfg.semantic.support.bias -= 25.0;
        let claim = "Repairs of the bridge will take six months of work by a dozen workers.";
        let plain = s.judge_claim(claim, &cfg);
        let low = s.judge_claim_with(claim, &cfg, Some(&Fixed(0.0)));
        let high = s.judge_claim_with(claim, &cfg, Some(&Fixed(1.0)));
        assert_eq!(plain.features.as_ref().unwrap().semantic, None);
        assert_eq!(high.features.as_ref().unwrap().semantic, Some(1.0));
        assert!(!low.label.is_supported(), "{:?}", low.label);
        assert!(high.label.is_supported(), "{:?}", high.label);
        // A changed number stays a contradiction however alike the sentences are.
        let changed = "The bridge was closed in 2017 after a storm.";
        let j = s.judge_claim_with(changed, &cfg, Some(&Fixed(1.0)));
        assert_eq!(j.label, Label::Contradicted);
    }

    #[test]
    fn a_number_the_claim_also_states_is_no_counterpart_for_another() {
        // "2004" is new, but the only number near it (9) is the claim's own date; a changed
        // date still is a substitution.
        agrees_then_flips(
            "His pickup was found May 9, abandoned without its plates in Dover, Del.",
            "His 2004 Ranger was found May 9, abandoned without its plates in Dover, Del.",
            "His pickup was found May 19, abandoned without its plates in Dover, Del.",
        );
    }

    #[test]
    fn titles_initials_and_company_suffixes_are_not_names_that_disagree() {
        let cfg = AlignConfig::default();
        let s = SourceIndex::new(
            "Harbour Lines Inc shares rose on Friday, said Paula J. Ortega, the Rev. Ortega's aide.",
            &cfg,
        );
        let j = s.judge_claim(
            "Harbour Lines Corp shares rose on Friday, said Paula Ortega, the Reverend Ortega's aide.",
            &cfg,
        );
        assert!(
            !j.notes.iter().any(|n| n.starts_with("name ")),
            "{:?}",
            j.notes
        );
        // A month does not stand for a weekday ("July 3" for "next Thursday").
        let s = SourceIndex::new("The hearing is set for next Thursday in Dover.", &cfg);
        let j = s.judge_claim("The hearing is set for July 3 in Dover.", &cfg);
        assert!(
            !j.notes.iter().any(|n| n.starts_with("name ")),
            "{:?}",
            j.notes
        );
        // A weekday for a weekday is a change.
        let j = s.judge_claim("The hearing is set for next Monday in Dover.", &cfg);
        assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
        // A title stands for a title: abbreviated it agrees, another one does not.
        agrees_then_flips(
            "The plan was backed by Sen. Alma Ortega at a hearing in Dover on Tuesday.",
            "The plan was backed by Senator Alma Ortega at a hearing in Dover on Tuesday.",
            "The plan was backed by Gov. Alma Ortega at a hearing in Dover on Tuesday.",
        );
    }

    /// Judged against `source`, `agrees` is no contradiction and `flips` is one.
    fn agrees_then_flips(source: &str, agrees: &str, flips: &str) {
        let cfg = AlignConfig::default();
        let s = SourceIndex::new(source, &cfg);
        let j = s.judge_claim(agrees, &cfg);
        assert_ne!(j.label, Label::Contradicted, "{agrees}: {:?}", j.notes);
        let j = s.judge_claim(flips, &cfg);
        assert_eq!(j.label, Label::Contradicted, "{flips}: {:?}", j.notes);
    }

    #[test]
    fn a_refusal_counts_as_the_negation_it_paraphrases() {
        agrees_then_flips(
            "Her lawyer, Tom Reyes, said he had no comment on the ruling.",
            "Her lawyer, Tom Reyes, declined to comment on the ruling.",
            "Her lawyer, Tom Reyes, said he had a comment on the ruling.",
        );
    }

    #[test]
    fn a_claim_that_drops_the_sources_hedge_is_not_supported() {
        let cfg = AlignConfig::default();
        let s = SourceIndex::new(
            "The inspectors are reviewing possible safety breaches at three plants in Ohio. \
             The former mayor allegedly approved the permits without a vote, residents said.",
            &cfg,
        );
        let hedge_notes = |claim: &str| -> Vec<String> {
            let j = s.judge_claim(claim, &cfg);
            j.notes
                .into_iter()
                .filter(|n| n.contains("hedges"))
                .collect()
        };
        let j = s.judge_claim(
            "The inspectors are reviewing safety breaches at three plants in Ohio.",
            &cfg,
        );
        assert_eq!(j.label, Label::Partial, "{:?}", j.notes);
        let notes =
            hedge_notes("The inspectors are reviewing safety breaches at three plants in Ohio.");
        assert!(notes.iter().any(|n| n.contains("possible")), "{notes:?}");
        // Kept in other words, the doubt is no overstatement.
        let notes = hedge_notes(
            "The inspectors are reviewing safety breaches that may have occurred at three plants in Ohio.",
        );
        assert!(notes.is_empty(), "{notes:?}");
        // "Allegedly" passed on by naming who says so.
        let notes =
            hedge_notes("Residents said the former mayor approved the permits without a vote.");
        assert!(notes.is_empty(), "{notes:?}");
        let notes = hedge_notes("The former mayor approved the permits without a vote.");
        assert!(notes.iter().any(|n| n.contains("allegedly")), "{notes:?}");
        // "As expected" compares; it does not hedge.
        let s = SourceIndex::new(
            "Sales at the harbour shops, as expected, rose sharply over the summer months.",
            &cfg,
        );
        let j = s.judge_claim(
            "Sales at the harbour shops rose sharply over the summer months.",
            &cfg,
        );
        assert!(
            !j.notes.iter().any(|n| n.contains("hedges")),
            "{:?}",
            j.notes
        );
        // "Nearly sank" is not "sank".
        let s = SourceIndex::new(
            "The ferry nearly sank in the storm off Dover on Monday night.",
            &cfg,
        );
        let j = s.judge_claim(
            "The ferry sank in the storm off Dover on Monday night.",
            &cfg,
        );
        assert!(!j.label.is_supported(), "{:?} {:?}", j.label, j.notes);
        // The month is no modal; an approximation for an approximation is kept.
        let s = SourceIndex::new(
            "The ferry nearly sank in May, with nearly 200 passengers on board.",
            &cfg,
        );
        let j = s.judge_claim("The ferry sank in May, with 200 passengers on board.", &cfg);
        assert!(
            j.notes.iter().any(|n| n.contains("hedges")),
            "{:?}",
            j.notes
        );
        let j = s.judge_claim(
            "The ferry nearly sank in May, with about 200 passengers on board.",
            &cfg,
        );
        assert!(
            !j.notes.iter().any(|n| n.contains("hedges")),
            "{:?}",
            j.notes
        );
    }

    #[test]
    fn a_negation_that_moved_to_another_word_is_no_flip() {
        agrees_then_flips(
            "None of the injured were children, said Lt. Maria Okafor, a fire department spokeswoman.",
            "No children were among the injured, said Lt. Maria Okafor, a fire department spokeswoman.",
            "Children were among the injured, said Lt. Maria Okafor, a fire department spokeswoman.",
        );
    }

    #[test]
    fn a_negation_elsewhere_in_the_passage_does_not_excuse_a_flip() {
        agrees_then_flips(
            "The mayor resigned on Monday. He said he did not regret it.",
            "The mayor resigned on Monday.",
            "The mayor did not resign on Monday.",
        );
        // "ban" is what was lifted, not a negator.
        agrees_then_flips(
            "The council lifted the parking ban on Friday after a long debate.",
            "The council lifted the parking ban on Friday.",
            "The council did not lift the parking ban on Friday.",
        );
        // A repeated number: the other "3" is still a counterpart.
        agrees_then_flips(
            "The 3 suspects were held for 3 days in the county jail.",
            "The 3 suspects were held for 3 days in the county jail.",
            "The 3 suspects were held for 5 days in the county jail.",
        );
    }

    #[test]
    fn failed_negates_only_what_it_failed_to_do() {
        agrees_then_flips(
            "The union said the plan to extend opening hours failed in the spring. \
             The managers would strip staff of their overtime rights, the union said.",
            "The plan to extend opening hours failed and would strip staff of their overtime rights.",
            "The managers failed to strip staff of their overtime rights, the union said.",
        );
    }

    #[test]
    fn an_acronym_of_two_adjacent_words_is_found() {
        let cfg = AlignConfig::default();
        let s = SourceIndex::new(
            "The plane landed at Los Angeles airport on Thursday after a long delay.",
            &cfg,
        );
        let j = s.judge_claim(
            "The plane landed at the LA airport on Thursday after a long delay.",
            &cfg,
        );
        assert_eq!(j.features.unwrap().missing, 0);
        // Lower-case words ("a long delay") make no acronym in cased text.
        let j = s.judge_claim(
            "The plane landed at the LD airport on Thursday after a long delay.",
            &cfg,
        );
        assert_eq!(j.features.unwrap().missing, 1);
    }

    #[test]
    fn a_negated_claim_against_a_passage_that_negates_nothing_is_contradicted() {
        let cfg = AlignConfig::default();
        let s = SourceIndex::new(
            "The agency says the drone project has progressed to the delivery phase. \
             Officials expect the first flights in the spring.",
            &cfg,
        );
        let j = s.judge_claim(
            "The agency says the drone project has not moved to the delivery phase.",
            &cfg,
        );
        assert!(!j.label.is_supported(), "{:?}", j.label);
        assert!(
            j.notes.iter().any(|n| n.contains("negates nothing")),
            "{:?}",
            j.notes
        );
        // The same rephrasing without the negator is no disagreement.
        let j = s.judge_claim(
            "The agency says the drone project has moved to the delivery phase.",
            &cfg,
        );
        assert!(
            j.notes.iter().all(|n| !n.contains("negat")),
            "{:?}",
            j.notes
        );
    }

    #[test]
    fn phrase_and_sentence_inputs_see_a_subject_taken_from_another_sentence() {
        let cfg = AlignConfig::default();
        let s = SourceIndex::new(
            "Governor Jerry Brown has said the water system will need to be examined. \
             Delta farmer Rudy Mussi says he has senior water rights.",
            &cfg,
        );
        let copied = s.judge_claim(
            "Delta farmer Rudy Mussi says he has senior water rights.",
            &cfg,
        );
        let f = copied.features.unwrap();
        assert_eq!(f.trigram_precision, 1.0);
        assert_eq!(f.sentence_imported, 0.0);
        let stitched = s.judge_claim("Jerry Brown says he has senior water rights.", &cfg);
        let f = stitched.features.unwrap();
        assert!(f.trigram_precision < 1.0, "{f:?}");
        assert!(f.sentence_imported > 0.2, "{f:?}");
        // A pronoun that opens the sentence stands for the subject of the one before.
        let s = SourceIndex::new(
            "The new harbour master was surprised by the state of the piers. \
             He ordered a full survey of the docks within a week.",
            &cfg,
        );
        let resolved = s.judge_claim(
            "The new harbour master ordered a full survey of the docks within a week.",
            &cfg,
        );
        assert_eq!(resolved.features.unwrap().sentence_imported, 0.0);
        // Only the subject: a detail stitched in from the rest of that sentence is imported.
        let stitched = s.judge_claim(
            "The new harbour master ordered a full survey of the piers within a week.",
            &cfg,
        );
        assert!(stitched.features.unwrap().sentence_imported > 0.0);
    }

    #[test]
    fn a_one_sentence_source_is_judged_with_the_pair_model() {
        let mut cfg = AlignConfig::default();
        let sentence = "The council approved the harbour bridge budget on Tuesday.";
        let pair = SourceIndex::new(sentence, &cfg);
        let article = SourceIndex::new(SOURCE, &cfg);
        assert!(pair.is_pair_source(&cfg));
        assert!(!article.is_pair_source(&cfg));
        let claim = "On Tuesday the council approved the budget.";
        assert!(pair.judge_claim(claim, &cfg).label.is_supported());
        // The pair model alone decides for the one-sentence source.
        cfg.support_pair.bias = -100.0;
        assert!(!pair.judge_claim(claim, &cfg).label.is_supported());
        cfg.pair_max_sentences = 0;
        assert!(pair.judge_claim(claim, &cfg).label.is_supported());
    }

    fn idx() -> (SourceIndex, AlignConfig) {
        let cfg = AlignConfig::default();
        (SourceIndex::new(SOURCE, &cfg), cfg)
    }

    #[test]
    fn verbatim_and_paraphrase() {
        let (s, cfg) = idx();
        assert_eq!(
            s.judge_claim("The bridge was closed in 2019 after a storm.", &cfg)
                .label,
            Label::Verbatim
        );
        assert_eq!(
            s.judge_claim("After a storm, the bridge was closed in 2019.", &cfg)
                .label,
            Label::Paraphrase
        );
    }

    #[test]
    fn changed_number_and_negation_contradict() {
        let (s, cfg) = idx();
        let j = s.judge_claim("The bridge was closed in 2017 after a storm.", &cfg);
        assert_eq!(j.label, Label::Contradicted);
        assert!(
            j.notes[0].contains("2017") && j.notes[0].contains("2019"),
            "{:?}",
            j.notes
        );
        let j = s.judge_claim(
            "The council did not approve the \u{00A3}4.2 million budget on Tuesday.",
            &cfg,
        );
        assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
    }

    #[test]
    fn split_numbers_opposites_and_negation_scope() {
        let cfg = AlignConfig::default();
        // Tokenized text writes 30,000 as "30, 000" and 31.8 as "31. 8".
        let s = SourceIndex::new(
            "it has been around 30, 000 years since the ancestors of modern humans wiped out the neanderthals . \
             by 2030 that figure is expected to surge to 31. 8 million sufferers .",
            &cfg,
        );
        let j = s.judge_claim(
            "It has been around 30,000 years since the ancestors of modern humans wiped out the neanderthals.",
            &cfg,
        );
        assert!(j.label.is_supported(), "{:?} {:?}", j.label, j.notes);
        let j = s.judge_claim(
            "By 2030 that figure is expected to surge to 31.8 million sufferers.",
            &cfg,
        );
        assert!(j.label.is_supported(), "{:?} {:?}", j.label, j.notes);
        // Several thousands groups: "$ 12, 480, 305".
        let s = SourceIndex::new(
            "the pair won $ 12, 480, 305 in the lottery draw on friday .",
            &cfg,
        );
        let joined: Vec<f64> = s.joined.iter().flatten().map(|j| j.0).collect();
        assert_eq!(joined, vec![12_480_305.0]);
        let j = s.judge_claim(
            "The pair won $12,480,305 in the lottery draw on Friday.",
            &cfg,
        );
        assert_ne!(j.label, Label::Contradicted, "{:?}", j.notes);

        let (s, cfg) = idx();
        let j = s.judge_claim("The bridge was opened in 2019 after a storm.", &cfg);
        assert_eq!(j.label, Label::Contradicted, "{:?}", j.notes);
        assert!(j
            .notes
            .iter()
            .any(|n| n.contains("opened") && n.contains("closed")));
        // "found no" and "not found" say the same thing.
        let s = SourceIndex::new(
            "The authorities have not found any evidence of poison in the water.",
            &cfg,
        );
        let j = s.judge_claim(
            "The authorities have found no evidence of poison in the water.",
            &cfg,
        );
        assert_ne!(j.label, Label::Contradicted, "{:?}", j.notes);
    }

    #[test]
    fn rounded_numbers_and_spelling_variants_agree() {
        assert!(rounds_to(64.7, "65", 65.0));
        assert!(rounds_to(4.62, "4.6", 4.6));
        assert!(!rounds_to(12.0, "15", 15.0));
        assert!(!rounds_to(6.4, "6", 6.0));
        assert!(spelling_variant("domecq", "domeq"));
        assert!(spelling_variant("centre", "center"));
        assert!(!spelling_variant("centre", "certne"));
        assert!(!spelling_variant("lopez", "reyes"));
        for (a, b) in [
            ("centre", "center"),
            ("lacsynski's", "laczynski"),
            ("ftc", "f.t"),
            ("uk", "britain"),
            ("u.s", "american"),
        ] {
            assert!(same_name(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("lopez", "reyes"),
            ("uk", "american"),
            ("al", "alvarez"),
            ("ohio", "iowa"),
            ("niger", "nigeria"),
            ("paul", "paula"),
            ("u.s", "ussr"),
        ] {
            assert!(!same_name(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn invented_claim_is_unverified() {
        let (s, cfg) = idx();
        let j = s.judge_claim(
            "Scientists discovered a new species of frog in the rainforest.",
            &cfg,
        );
        assert_eq!(j.label, Label::Unverified);
    }

    #[test]
    fn quotes_exact_altered_missing_misattributed() {
        let (s, cfg) = idx();
        let lopez = Speaker {
            name: "Maria Lopez".into(),
            is_name: true,
            carried: false,
        };
        let reyes = Speaker {
            name: "Tom Reyes".into(),
            is_name: true,
            carried: false,
        };
        let q = "We will rebuild the harbour bridge before the summer season starts";
        assert_eq!(s.judge_quote(q, Some(&lopez), &cfg).label, Label::Exact);
        assert_eq!(
            s.judge_quote(q, Some(&reyes), &cfg).label,
            Label::Misattributed
        );
        let ellipsis = "We will rebuild the harbour bridge \u{2026} starts";
        assert_eq!(
            s.judge_quote(ellipsis, Some(&lopez), &cfg).label,
            Label::Exact
        );
        let bracket = "[The town] cannot afford another loan this year";
        assert_eq!(
            s.judge_quote(bracket, Some(&reyes), &cfg).label,
            Label::Exact
        );
        let bracket = "The town cannot afford another [bank] loan this year";
        assert_eq!(
            s.judge_quote(bracket, Some(&reyes), &cfg).label,
            Label::Exact
        );
        let altered = s.judge_quote(
            "We will rebuild the harbour bridge after the summer season starts",
            Some(&lopez),
            &cfg,
        );
        assert_eq!(altered.label, Label::Altered);
        assert!(altered
            .diff
            .iter()
            .any(|d| d.op == DiffOp::Insert && d.text == "after"));
        let missing = s.judge_quote(
            "Our scientists have found nothing unusual in the water samples today",
            Some(&lopez),
            &cfg,
        );
        assert_eq!(missing.label, Label::NotFound);
    }

    #[test]
    fn a_quote_spelled_another_way_is_exact_and_a_changed_word_is_not() {
        let cfg = AlignConfig::default();
        let judge = |source: &str, quote: &str| {
            SourceIndex::new(source, &cfg).judge_quote(quote, None, &cfg)
        };
        let source =
            "\"About 40 per cent of the members of the city council will retire within the \
                      next two years,\" said Ana Ruiz.";
        let j = judge(
            source,
            "About 40 percent of the members of the city council will retire within the next 2 years",
        );
        assert_eq!(j.label, Label::Exact, "{:?}", j.notes);
        assert!(j.notes[0].contains("per cent / percent"), "{:?}", j.notes);
        let j = judge(
            source,
            "About 40 percent of the members of the city council will retire within the next 3 years",
        );
        assert_eq!(j.label, Label::Altered, "{:?}", j.notes);
        // Joined words that mean something else are a change ("the rapist" / "therapist").
        let j = judge(
            "\"He said the therapist had seen the boy twice before the hearing,\" said Ana Ruiz.",
            "He said the rapist had seen the boy twice before the hearing",
        );
        assert_eq!(j.label, Label::Altered, "{:?}", j.notes);
        let j = judge(
            "\"Our town council, multi-party since the last election, will meet again next spring,\" \
             she said.",
            "Our town council, multiparty since the last election, will meet again next spring",
        );
        assert_eq!(j.label, Label::Exact, "{:?}", j.notes);
    }
}
