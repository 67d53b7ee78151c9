//! Claims.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::config::AlignConfig;
use crate::text::{self, is_negation, Token};

use super::diff::*;
use super::hedges::dropped_hedges;
use super::index::{compound_of, trigram_key, SourceIndex};
use super::names::*;
use super::negation::*;
use super::numbers::*;
use super::{ClaimFeatures, Judgement, Label, Similarity};

impl SourceIndex {
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
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::default();
    v.retain(|s| seen.insert(s.to_lowercase()));
    v
}
