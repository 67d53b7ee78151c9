//! Quotes: exact search on normalized text, local alignment for altered ones, attribution.

use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::config::AlignConfig;
use crate::text::{self, Speaker, Token};

use super::checks::numbers::same_number;
use super::diff::diff_parts;
use super::index::{SourceIndex, Stamps};
use super::{DiffOp, DiffPart, Judgement, Label};

impl SourceIndex {
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
                findings: Vec::new(),
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
                findings: Vec::new(),
            };
        };
        let span = self.byte_span(range.clone());
        let source_quote = self
            .quotes
            .iter()
            .find(|q| q.outer.start <= span.start && span.end <= q.outer.end);
        let source_speaker = source_quote
            .and_then(|q| q.speaker.clone())
            .or_else(|| self.speaker_of_repeat(&q_tokens));
        let mut label = label;
        if let (Some(a), Some(s)) = (speaker, &source_speaker) {
            let named_nearby = || source_quote.is_some_and(|q| self.names_near(&q.outer, a));
            let different = text::compare_speakers(Some(a), Some(s)) == Some(false)
                || (a.is_name && text::is_anonymous_source(s) && !named_nearby());
            if different {
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
            findings: Vec::new(),
        }
    }

    /// Whether the source names `who` (a key token of the name) from the sentence before a
    /// quotation to the end of the quotation's sentence: the anonymous attribution there may
    /// stand for that person ("X issued a statement. “…,” the statement said").
    fn names_near(&self, outer: &Range<usize>, who: &Speaker) -> bool {
        // The sentence a byte offset falls in (the first one for an offset before them all).
        let sentence = |at: usize| {
            self.sentences
                .iter()
                .rposition(|r| self.byte_span(r.clone()).start <= at)
                .unwrap_or(0)
        };
        let (first, last) = (sentence(outer.start), sentence(outer.end.saturating_sub(1)));
        let (Some(before), Some(end)) = (
            self.sentences.get(first.saturating_sub(1)),
            self.sentences.get(last),
        ) else {
            return false;
        };
        let from = self.byte_span(before.clone()).start;
        let to = self.byte_span(end.clone()).end.max(outer.end);
        let near = text::name_tokens(&self.text[from..to]);
        who.key_tokens().iter().any(|k| near.contains(k))
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
    pub(super) fn find_exact(&self, segments: &[Segment]) -> Option<Range<usize>> {
        let first = segments.iter().position(|s| !s.tokens.is_empty())?;
        let seg0 = &segments[first].tokens;
        let starts = self.positions_of(&seg0[0].norm)?;
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

    pub(super) fn matches_at(&self, at: usize, seg: &[Token]) -> bool {
        at + seg.len() <= self.tokens.len()
            && seg
                .iter()
                .enumerate()
                .all(|(k, t)| self.tokens[at + k].norm == t.norm)
    }

    /// The source stretch that best aligns with the quote (Smith–Waterman against the
    /// best-ranked windows), widened over quote words left unaligned at either end.
    fn best_local_alignment(&self, q: &[Token], cfg: &AlignConfig) -> Option<Range<usize>> {
        let candidates = self.retrieve(q, cfg.retrieve_top_k, cfg);
        // The quote's words as the source's word ids (a fresh id where the source lacks one).
        let q_ids: Vec<u32> = (q.iter().enumerate())
            .map(|(i, t)| {
                (self.norm_ids.get(t.norm.as_str()).copied()).unwrap_or(u32::MAX - i as u32)
            })
            .collect();
        let q_stop: Vec<bool> = q.iter().map(|t| t.stop).collect();
        // The best window by score alone (the first of equals), then its alignment.
        let mut best: Option<(i32, Range<usize>)> = None;
        // Which source words the current window holds.
        let mut held = Stamps::new(self.norm_ids.len());
        for wi in candidates {
            let w = &self.windows[wi];
            // Widen by a few tokens so a quote crossing the window edge still aligns.
            let lo = w.tokens.start.saturating_sub(q.len());
            let hi = (w.tokens.end + q.len()).min(self.tokens.len());
            let s = &self.norm_of[lo..hi];
            if let Some((top, _)) = &best {
                // An alignment matches each quote word at most once, so it scores at most the
                // match gains of the quote words the window has: a window that cannot beat the
                // best so far is not aligned.
                held.set(s);
                let bound: i32 = (q_ids.iter().zip(&q_stop))
                    .filter(|(&id, _)| held.contains(id))
                    .map(|(_, &stop)| sw_match(stop))
                    .sum();
                if bound <= *top {
                    continue;
                }
            }
            let score = smith_waterman_score(&q_ids, &q_stop, s);
            if best.as_ref().is_none_or(|b| score > b.0) {
                best = Some((score, lo..hi));
            }
        }
        let (_, Range { start: lo, end: hi }) = best?;
        let (_, range, q_range) = smith_waterman(&q_ids, &q_stop, &self.norm_of[lo..hi]);
        // Extend over quote words left unaligned at either end (a changed first or last
        // word), so the evidence and the diff show what the source says there.
        let start = (lo + range.start).saturating_sub(q_range.start).max(lo);
        let end = (lo + range.end + (q.len() - q_range.end)).min(hi);
        Some(start..end)
    }

    /// Local alignment (Smith–Waterman on tokens) against the best-ranked windows.
    #[allow(clippy::type_complexity)]
    pub(super) fn find_fuzzy(
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
        let Some(range) = self.best_local_alignment(q, cfg) else {
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
pub(super) fn spelling_only(
    ops: &[similar::DiffOp],
    old: &[Token],
    new: &[Token],
) -> Option<Vec<String>> {
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

/// Smith–Waterman local alignment of quote words against source words (as word ids; `q_stop`
/// marks the quote's function words, which match for less). Returns the best score, the
/// aligned source range and the aligned quote range.
pub(super) fn smith_waterman(
    q: &[u32],
    q_stop: &[bool],
    s: &[u32],
) -> (i32, Range<usize>, Range<usize>) {
    let (n, m) = (q.len(), s.len());
    if n == 0 || m == 0 {
        return (0, 0..0, 0..0);
    }
    let gain = |i: usize, j: usize| sw_gain(q, q_stop, s, i, j);
    let cols = m + 1;
    let mut h = vec![0i32; (n + 1) * cols];
    let mut best = (0i32, 0usize, 0usize);
    for i in 1..=n {
        for j in 1..=m {
            let diag = h[(i - 1) * cols + j - 1] + gain(i, j);
            let up = h[(i - 1) * cols + j] + SW_GAP;
            let left = h[i * cols + j - 1] + SW_GAP;
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
        if v == h[(i - 1) * cols + j - 1] + gain(i, j) {
            i -= 1;
            j -= 1;
        } else if v == h[(i - 1) * cols + j] + SW_GAP {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    (score, j..end, i..q_end)
}

/// What a matched content word adds in [`smith_waterman`].
const SW_MATCH_CONTENT: i32 = 3;
/// What a matched function word adds.
const SW_MATCH_STOP: i32 = 1;
/// What a mismatch costs.
const SW_MISMATCH: i32 = -2;
/// What a gap costs.
const SW_GAP: i32 = -1;

/// What a diagonal step of [`smith_waterman`] from quote word `i` and source word `j`
/// (1-based) adds: a match (less for a function word) or a mismatch.
#[inline]
fn sw_gain(q: &[u32], q_stop: &[bool], s: &[u32], i: usize, j: usize) -> i32 {
    if q[i - 1] == s[j - 1] {
        sw_match(q_stop[i - 1])
    } else {
        SW_MISMATCH
    }
}

/// What matching a quote word adds: less for a function word.
#[inline]
fn sw_match(stop: bool) -> i32 {
    if stop {
        SW_MATCH_STOP
    } else {
        SW_MATCH_CONTENT
    }
}

/// The best score of [`smith_waterman`], from two rows of its table: what ranks the windows,
/// before the one chosen is aligned in full.
pub(super) fn smith_waterman_score(q: &[u32], q_stop: &[bool], s: &[u32]) -> i32 {
    let m = s.len();
    let mut prev = vec![0i32; m + 1];
    let mut cur = vec![0i32; m + 1];
    let mut best = 0;
    for (&word, &stop) in q.iter().zip(q_stop) {
        // What matching this quote word gains, hoisted out of the row.
        let matched = sw_match(stop);
        let mut left = 0i32; // cur[j - 1]
        for j in 1..=m {
            let gain = if s[j - 1] == word {
                matched
            } else {
                SW_MISMATCH
            };
            let v = (prev[j - 1] + gain)
                .max(prev[j] + SW_GAP)
                .max(left + SW_GAP)
                .max(0);
            cur[j] = v;
            left = v;
            best = best.max(v);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    best
}

/// How a quote segment is separated from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gap {
    None,
    /// "…", "...", "[...]": any number of source words left out.
    Ellipsis,
    /// "[the bridge]": the writer's words in place of a few source words.
    Insertion,
}

#[derive(Debug, Clone)]
pub(super) struct Segment {
    gap_before: Gap,
    tokens: Vec<Token>,
}

/// Splits a quote at ellipses and bracketed insertions.
pub(super) fn quote_segments(quote: &str) -> Vec<Segment> {
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
