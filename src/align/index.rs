//! The source index: tokens, sentences, 1–3 sentence windows, BM25 postings, numbers.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use compact_str::CompactString;

use crate::config::AlignConfig;
use crate::text::{self, Quote, Span, Token};

use super::checks::numbers::same_number;

/// A retrieval unit: one to three consecutive source sentences.
#[derive(Debug, Clone)]
pub(super) struct Window {
    pub(super) tokens: Range<usize>,
    pub(super) len: usize,
    /// Index of its first sentence and how many sentences it spans.
    pub(super) first: usize,
    pub(super) count: usize,
}

/// A source text prepared for alignment.
#[derive(Debug)]
pub struct SourceIndex {
    pub(super) text: String,
    pub(super) tokens: Vec<Token>,
    pub(super) windows: Vec<Window>,
    /// Windows holding each term, with the term's count there; terms are indexed by
    /// `stem_ids` and `pair_ids`.
    pub(super) postings: Postings,
    pub(super) stem_ids: HashMap<CompactString, u32>,
    pub(super) pair_ids: HashMap<(u32, u32), u32>,
    pub(super) avg_len: f64,
    /// Sentence-level IDF by stem id (`any_stem_ids`), for stems of content words.
    pub(super) idf: Vec<Option<f64>>,
    pub(super) max_idf: f64,
    /// Positions of each word, by word id (`norm_ids`).
    pub(super) positions: Vec<Vec<usize>>,
    pub(super) quotes: Vec<Quote>,
    /// Stem ids below this are stems of tokens (the rest: joined numbers, acronyms).
    pub(super) token_stems: u32,
    pub(super) numbers: Vec<f64>,
    /// Token ranges of the sentences.
    pub(super) sentences: Vec<Range<usize>>,
    /// A number split in two tokens by tokenized text ("30, 000", "31. 8"): its value and stem,
    /// stored at the first token.
    pub(super) joined: Vec<Option<(f64, String)>>,
    /// For each token, the initials of it and the next word when both are content words of
    /// three letters or more ("los angeles" → "la"): an acronym a claim may use instead.
    pub(super) initials: Vec<Option<String>>,
    /// Byte offsets of tokens that open a sentence (capitalized for grammar, not as names).
    pub(super) sentence_initial: HashSet<usize>,
    /// Static vectors of the words, sentences and windows.
    pub(super) vectors: super::vectors::SourceVectors,
    /// Every number of the text with what it counts (years, amounts, durations, ...).
    pub(super) values: Vec<super::checks::numbers::Value>,
    /// Hashes of every three adjacent words (normalized) of the text.
    pub(super) trigrams: HashSet<u64>,
    /// Interned words: the id of each token's normalized form, and the ids by word.
    pub(super) norm_of: Vec<u32>,
    pub(super) norm_ids: HashMap<CompactString, u32>,
    /// Interned stems: each token's stem, the stems a token adds to a range that goes on past it
    /// (a joined number, an acronym; see [`SourceIndex::stems_of`]), and the ids by stem.
    pub(super) stem_of: Vec<u32>,
    pub(super) extra_stems: Vec<[Option<u32>; 2]>,
    pub(super) any_stem_ids: HashMap<CompactString, u32>,
    /// The stems by id (the inverse of `any_stem_ids`), and their lengths in bytes.
    pub(super) stem_strs: Vec<CompactString>,
    pub(super) stem_lens: Vec<u32>,
}

/// Each term's windows with the term's count there, in window order, all in one array.
#[derive(Debug, Default)]
pub(super) struct Postings {
    /// Where each term's list starts in `entries` (one more than there are terms).
    starts: Vec<u32>,
    entries: Vec<(u32, u16)>,
}

impl Postings {
    /// The windows holding a term, with its count there.
    pub(super) fn of(&self, term: u32) -> &[(u32, u16)] {
        let t = term as usize;
        &self.entries[self.starts[t] as usize..self.starts[t + 1] as usize]
    }

    /// From (term, window, count) triples in window order: a counting sort by term keeps
    /// each list in window order.
    fn from_triples(terms: usize, triples: &[(u32, u32, u16)]) -> Postings {
        let mut starts = vec![0u32; terms + 1];
        for &(t, _, _) in triples {
            starts[t as usize + 1] += 1;
        }
        for t in 0..terms {
            starts[t + 1] += starts[t];
        }
        let mut next = starts.clone();
        let mut entries = vec![(0u32, 0u16); triples.len()];
        for &(t, w, n) in triples {
            let at = &mut next[t as usize];
            entries[*at as usize] = (w, n);
            *at += 1;
        }
        Postings { starts, entries }
    }
}

/// One set at a time of a source's ids (word or stem ids), as marks by id: which ids the set
/// holds is a lookup, and a new set needs no clearing (its marks carry a new stamp).
pub(super) struct Stamps {
    seen: Vec<u32>,
    stamp: u32,
}

impl Stamps {
    /// Marks for ids below `ids`.
    pub(super) fn new(ids: usize) -> Stamps {
        Stamps {
            seen: vec![0; ids],
            stamp: 0,
        }
    }

    /// Makes `ids` the current set.
    pub(super) fn set(&mut self, ids: &[u32]) {
        self.stamp += 1;
        for &id in ids {
            self.seen[id as usize] = self.stamp;
        }
    }

    /// Whether the current set holds `id` (an id past the source's holds nothing).
    pub(super) fn contains(&self, id: u32) -> bool {
        self.stamp > 0 && self.seen.get(id as usize) == Some(&self.stamp)
    }
}

/// Room for the distinct words of running text (about half its tokens), so that the index's
/// maps do not rehash while it is built.
fn distinct_words_hint(tokens: &[Token]) -> usize {
    tokens.len() / 2 + 16
}

/// Interns strings as dense ids.
fn intern(ids: &mut HashMap<CompactString, u32>, s: &str) -> u32 {
    if let Some(&id) = ids.get(s) {
        return id;
    }
    let id = ids.len() as u32;
    ids.insert(s.into(), id);
    id
}

/// A hash of three adjacent words.
pub(super) fn trigram_key(w: &[Token]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    for t in w {
        t.norm.hash(&mut h);
    }
    h.finish()
}

/// The retrieval terms of a token stretch: the stems of its content words and the pairs of
/// adjacent content words (as pairs of stems).
pub(super) fn content_terms(tokens: &[Token]) -> (Vec<&str>, Vec<(&str, &str)>) {
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
        let sent_tokens = sentence_ranges(&tokens, &sentences);
        let windows = make_windows(&sent_tokens, cfg.window_sentences.max(1));
        let (stem_ids, pair_ids, postings) = bm25_postings(&tokens, &windows);
        let avg_len = if windows.is_empty() {
            1.0
        } else {
            windows.iter().map(|w| w.len as f64).sum::<f64>() / windows.len() as f64
        };
        let sentence_initial: HashSet<usize> = sent_tokens
            .iter()
            .map(|r| tokens[r.start].span.start)
            .collect();
        let joined = joined_numbers(text, &tokens);
        let initials = acronym_initials(&tokens, &sentence_initial);
        let numbers = tokens
            .iter()
            .filter_map(|t| t.number)
            .chain(joined.iter().flatten().map(|j| j.0))
            .collect();
        let trigrams = tokens.windows(3).map(trigram_key).collect();
        let distinct = distinct_words_hint(&tokens);
        let mut norm_ids = HashMap::with_capacity_and_hasher(distinct, Default::default());
        let norm_of: Vec<u32> = tokens
            .iter()
            .map(|t| intern(&mut norm_ids, &t.norm))
            .collect();
        let vectors = super::vectors::SourceVectors::new(
            text,
            &tokens,
            norm_ids.len(),
            &sent_tokens,
            &windows,
        );
        let mut positions = vec![Vec::new(); norm_ids.len()];
        for (i, &id) in norm_of.iter().enumerate() {
            positions[id as usize].push(i);
        }
        let mut any_stem_ids = HashMap::with_capacity_and_hasher(distinct, Default::default());
        let stem_of: Vec<u32> = tokens
            .iter()
            .map(|t| intern(&mut any_stem_ids, &t.stem))
            .collect();
        let token_stems = any_stem_ids.len() as u32;
        let (idf, max_idf) = sentence_idf(&tokens, &stem_of, token_stems, &sent_tokens);
        let extra_stems = (0..tokens.len())
            .map(|k| {
                [
                    joined[k].as_ref().map(|j| intern(&mut any_stem_ids, &j.1)),
                    initials[k].as_ref().map(|a| intern(&mut any_stem_ids, a)),
                ]
            })
            .collect();
        let mut stem_strs = vec![CompactString::default(); any_stem_ids.len()];
        for (s, &id) in &any_stem_ids {
            stem_strs[id as usize] = s.clone();
        }
        SourceIndex {
            stem_lens: stem_strs.iter().map(|s| s.len() as u32).collect(),
            stem_strs,
            norm_of,
            norm_ids,
            stem_of,
            extra_stems,
            any_stem_ids,
            vectors,
            values: super::checks::numbers::values(&tokens, text),
            trigrams,
            text: text.to_string(),
            quotes: text::quotes_in(text, &sentences, cfg.quote_min_words),
            tokens,
            windows,
            postings,
            stem_ids,
            pair_ids,
            avg_len,
            idf,
            max_idf,
            positions,
            token_stems,
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
    /// `pair_max_sentences` sentences, where the decision's `pair` inputs apply).
    pub fn is_pair_source(&self, cfg: &AlignConfig) -> bool {
        self.sentences.len() <= cfg.pair_max_sentences
    }

    /// Weight of a token in coverage: names and numbers count most, rare words more than
    /// common ones; a word absent from the source gets the highest IDF.
    pub(super) fn weight(&self, t: &Token, first: bool) -> f64 {
        let kind = if t.number.is_some() || (t.capitalized && !first) {
            2.0
        } else {
            1.0
        };
        let idf = self
            .any_stem_ids
            .get(t.stem.as_str())
            .and_then(|&id| self.idf.get(id as usize).copied().flatten())
            .unwrap_or(self.max_idf);
        kind * (0.4 + 0.6 * idf / self.max_idf)
    }

    /// Whether a token of the source has this stem.
    pub(super) fn has_stem(&self, stem: &str) -> bool {
        self.any_stem_ids
            .get(stem)
            .is_some_and(|&id| id < self.token_stems)
    }

    /// Whether the source has this (normalized) word.
    pub(super) fn has_word(&self, norm: &str) -> bool {
        self.norm_ids.contains_key(norm)
    }

    /// Positions of a (normalized) word in the source.
    pub(super) fn positions_of(&self, norm: &str) -> Option<&[usize]> {
        self.norm_ids
            .get(norm)
            .map(|&id| self.positions[id as usize].as_slice())
    }

    /// A stem by its id (`any_stem_ids`).
    pub(super) fn stem_str(&self, id: u32) -> &str {
        &self.stem_strs[id as usize]
    }

    /// Stems of a token range, with numbers that tokenized text split in two.
    pub(super) fn stems_of(&self, range: Range<usize>) -> HashSet<&str> {
        self.stem_strs_of(range).collect()
    }

    /// The interned stems of a token range, as [`SourceIndex::stems_of`] gives them (with
    /// repeats), into `out`.
    pub(super) fn stem_ids_of(&self, range: Range<usize>, out: &mut Vec<u32>) {
        out.clear();
        out.extend_from_slice(&self.stem_of[range.clone()]);
        for k in range.start..range.end.saturating_sub(1) {
            out.extend(self.extra_stems[k].iter().flatten());
        }
    }

    /// The words of a token range as [`SourceIndex::stems_of`] gives them (with repeats).
    pub(super) fn stem_strs_of(&self, range: Range<usize>) -> impl Iterator<Item = &str> {
        let extra = (range.start..range.end.saturating_sub(1)).flat_map(|k| {
            self.joined[k]
                .as_ref()
                .map(|j| j.1.as_str())
                .into_iter()
                .chain(self.initials[k].as_deref())
        });
        self.tokens[range.clone()]
            .iter()
            .map(|t| t.stem.as_str())
            .chain(extra)
    }

    /// Numeric values of a token range, joined split numbers included.
    pub(super) fn numbers_of(&self, range: Range<usize>) -> Vec<f64> {
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

    pub(super) fn byte_span(&self, tokens: Range<usize>) -> Span {
        if tokens.is_empty() {
            return 0..0;
        }
        self.tokens[tokens.start].span.start..self.tokens[tokens.end - 1].span.end
    }
}

/// The token range of each sentence (sentences without tokens left out).
fn sentence_ranges(tokens: &[Token], sentences: &[Span]) -> Vec<Range<usize>> {
    // Token range of each sentence.
    let mut sent_tokens = Vec::with_capacity(sentences.len());
    let mut t = 0;
    for s in sentences {
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
    sent_tokens
}

/// Every window of 1 to `width` consecutive sentences.
fn make_windows(sent_tokens: &[Range<usize>], width: usize) -> Vec<Window> {
    let mut windows = Vec::new();
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
    windows
}

/// Interned BM25 terms (content stems and adjacent pairs of them) and their postings per window.
#[allow(clippy::type_complexity)]
fn bm25_postings(
    tokens: &[Token],
    windows: &[Window],
) -> (
    HashMap<CompactString, u32>,
    HashMap<(u32, u32), u32>,
    Postings,
) {
    // Terms are interned: a stem gets an id, a pair of adjacent content stems another.
    let distinct = distinct_words_hint(tokens);
    let mut stem_ids: HashMap<CompactString, u32> =
        HashMap::with_capacity_and_hasher(distinct, Default::default());
    let mut pair_ids: HashMap<(u32, u32), u32> =
        HashMap::with_capacity_and_hasher(distinct, Default::default());
    let mut term_count = 0u32;
    let content_ids: Vec<Option<u32>> = tokens
        .iter()
        .map(|t| {
            (!t.stop).then(|| match stem_ids.get(t.stem.as_str()) {
                Some(&id) => id,
                None => {
                    stem_ids.insert(t.stem.clone(), term_count);
                    term_count += 1;
                    term_count - 1
                }
            })
        })
        .collect();
    let mut triples: Vec<(u32, u32, u16)> = Vec::new();
    // The terms of one window, sorted: each run of one term is its count there.
    let mut terms: Vec<u32> = Vec::new();
    for (wi, w) in windows.iter().enumerate() {
        terms.clear();
        let mut prev: Option<u32> = None;
        for id in content_ids[w.tokens.clone()].iter().flatten() {
            terms.push(*id);
            if let Some(p) = prev {
                let pair = *pair_ids.entry((p, *id)).or_insert_with(|| {
                    term_count += 1;
                    term_count - 1
                });
                terms.push(pair);
            }
            prev = Some(*id);
        }
        terms.sort_unstable();
        for run in terms.chunk_by(|a, b| a == b) {
            let n = run.len().min(u16::MAX as usize) as u16;
            triples.push((run[0], wi as u32, n));
        }
    }
    let postings = Postings::from_triples(term_count as usize, &triples);
    (stem_ids, pair_ids, postings)
}

/// Sentence-level inverse document frequency of each token stem (by id; `None` for stems of
/// function words only), and the highest possible.
fn sentence_idf(
    tokens: &[Token],
    stem_of: &[u32],
    stems: u32,
    sent_tokens: &[Range<usize>],
) -> (Vec<Option<f64>>, f64) {
    // Sentence-level document frequency gives the IDF used to weight words.
    let mut df = vec![0usize; stems as usize];
    // The last sentence that counted each stem.
    let mut seen = vec![usize::MAX; stems as usize];
    for (si, r) in sent_tokens.iter().enumerate() {
        for k in r.clone().filter(|&k| !tokens[k].stop) {
            let id = stem_of[k] as usize;
            if seen[id] != si {
                seen[id] = si;
                df[id] += 1;
            }
        }
    }
    let n = sent_tokens.len().max(1) as f64;
    let idf = df
        .into_iter()
        .map(|d| (d > 0).then(|| (1.0 + n / d as f64).ln()))
        .collect();
    let max_idf = (1.0 + n / 0.5).ln();
    (idf, max_idf)
}

/// For each token, the initials of it and the next word when both can form an acronym.
fn acronym_initials(tokens: &[Token], sentence_initial: &HashSet<usize>) -> Vec<Option<String>> {
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
    initials
}

/// Numbers that tokenized text splits up ("30, 000" for 30,000; "53, 193, 914"; "31. 8" for
/// 31.8): for each first token, the joined value and stem. Only a 1–3 digit group followed by
/// groups of exactly three digits (thousands) and/or a short digit group after a point
/// (decimals) is joined, so "in 2019, 500 people" stays two numbers.
pub(super) fn joined_numbers(text: &str, tokens: &[Token]) -> Vec<Option<(f64, String)>> {
    let digits = |t: &Token| !t.norm.is_empty() && t.norm.bytes().all(|b| b.is_ascii_digit());
    let between = |x: &Token, y: &Token| text[x.span.end..y.span.start].trim_end().to_string();
    let mut out = vec![None; tokens.len()];
    let mut k = 0;
    while k < tokens.len() {
        let a = &tokens[k];
        // "fifty-one": tens and units in words.
        if let (Some(tens), Some(b)) = (a.number, tokens.get(k + 1)) {
            let word = |t: &Token| t.norm.chars().all(char::is_alphabetic);
            let units = b
                .number
                .filter(|u| (1.0..=9.0).contains(u) && u.fract() == 0.0);
            if let Some(u) = units.filter(|_| {
                word(a) && word(b) && tens % 10.0 == 0.0 && (20.0..=90.0).contains(&tens)
            }) {
                if text[a.span.end..b.span.start].trim() == "-" {
                    out[k] = Some((tens + u, format!("{}", tens + u)));
                    k += 2;
                    continue;
                }
            }
        }
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
            out[k] = Some((v * scale, stem.to_string()));
        }
        k = end + 1;
    }
    out
}

/// Whether a word is part of a compound the passage uses, or the other way round ("girls" in
/// "schoolgirls", "workaround" for "work-around"). Short words are left out: "on" is in
/// everything.
pub(super) fn compound_of(t: &Token, stems: &HashSet<&str>) -> bool {
    compound_in(t, stems.iter().copied())
}

/// [`compound_of`] over any list of stems.
pub(super) fn compound_in<'s>(t: &Token, mut stems: impl Iterator<Item = &'s str>) -> bool {
    let Some(w) = compound_stem(t) else {
        return false;
    };
    stems.any(|s| compound_lengths(s.len(), w.len()) && compound_pair(s, w))
}

/// The stem of a token that can be part of a compound: a word (not a number) of 4 letters or
/// more.
pub(super) fn compound_stem(t: &Token) -> Option<&str> {
    let w = t.stem.as_str();
    (t.number.is_none() && w.len() >= 4).then_some(w)
}

/// Whether stems of these lengths can be a word and a compound of it: both of 4 letters or
/// more, one at least 4 longer than the other (what [`compound_pair`] needs).
#[inline]
pub(super) fn compound_lengths(a: usize, b: usize) -> bool {
    a >= 4 && b >= 4 && (a >= b + 4 || b >= a + 4)
}

/// Whether one stem begins or ends the other and the rest is a word of its own (4+ letters), so
/// "port" does not match "support".
pub(super) fn compound_pair(a: &str, b: &str) -> bool {
    let part = |long: &str, short: &str| {
        long.len() >= short.len() + 4 && (long.starts_with(short) || long.ends_with(short))
    };
    part(a, b) || part(b, a)
}
