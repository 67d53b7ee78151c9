//! Negation and opposites on aligned predicates.

use crate::text::{is_negation, Token};

/// For each token, whether it is the first content word after a negator ("not approved",
/// "failed to win", "never allowed").
/// "not", "never", "no one", "didn't": a negator that only denies (not "failed", "refused").
pub(in crate::align) fn is_plain_negator(norm: &str) -> bool {
    matches!(
        norm,
        "no" | "not" | "never" | "none" | "nobody" | "nothing" | "neither" | "nor" | "cannot"
    ) || norm.ends_with("n't")
}

/// Whether a source token says something negative: a negator, or a verb or word of refusal,
/// lack or unlikelihood that a rewrite may render with "not".
pub(in crate::align) fn negates_anything(t: &Token) -> bool {
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

pub(in crate::align) fn negation_scope(toks: &[Token]) -> Vec<bool> {
    let mut out = vec![false; toks.len()];
    for (k, t) in toks.iter().enumerate() {
        if !is_negation(&t.norm) && !yet_to(toks, k) {
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
        if let Some(target) = (k + 1..(k + 4).min(toks.len()))
            .find(|&m| !toks[m].stop && toks[m].number.is_none() && !is_negation(&toks[m].norm))
        {
            out[target] = true;
        }
    }
    out
}

/// Whether a negator stands within the four words before token `at` or the two after it ("not
/// found" and "found no evidence" both negate "found"). A word of refusal, failure or lack counts
/// when it governs what follows ("declined to comment" for "no comment", "failure to determine",
/// "lack of evidence"), not as a noun or a verb of its own ("lifted the ban", "the attempt
/// failed").
pub(in crate::align) fn negated_near(toks: &[Token], at: usize) -> bool {
    (at.saturating_sub(4)..(at + 3).min(toks.len())).any(|k| {
        let t = &toks[k];
        let governs = || {
            toks.get(k + 1)
                .is_some_and(|n| matches!(n.norm.as_str(), "to" | "of" | "comment"))
        };
        k != at
            && (is_plain_negator(&t.norm)
                || yet_to(toks, k)
                || t.norm == "without"
                || (negates_anything(t) && governs()))
    })
}

/// "has yet to be confirmed", "have yet to commit": not done so far, a negation.
fn yet_to(toks: &[Token], k: usize) -> bool {
    toks[k].norm == "yet" && toks.get(k + 1).is_some_and(|n| n.norm == "to")
}

use similar::DiffTag;

use super::super::claim::Aligned;
use super::super::index::SourceIndex;
use super::{Check, Finding};

/// Negation: a negator governs the next content word. Where the claim and the passage align
/// that word, the other side must negate it too (a negator a few words before it). A negator in
/// an unaligned clause, or in a neighbouring sentence, is no flip.
pub(in crate::align) fn check(al: &Aligned<'_>, findings: &mut Vec<Finding>) {
    let (tokens, wtoks) = (&al.tokens, al.wtoks);
    let claim_scope = negation_scope(tokens);
    let src_scope = negation_scope(wtoks);
    let (mut added, mut dropped) = (Vec::new(), Vec::new());
    for op in &al.stem_ops {
        if op.tag() != DiffTag::Equal {
            continue;
        }
        for (j, i) in op.old_range().zip(op.new_range()) {
            if tokens[i].stop || is_negation(&tokens[i].norm) {
                continue;
            }
            if claim_scope[i] && !negated_near(wtoks, j) {
                added.push(al.claim[tokens[i].span.clone()].to_string());
            } else if src_scope[j] && !negated_near(tokens, i) {
                dropped.push(al.claim[tokens[i].span.clone()].to_string());
            }
        }
    }
    let unmatched = if added.is_empty() && dropped.is_empty() {
        unmatched_negations(al, &claim_scope)
    } else {
        Vec::new()
    };
    // A quantifier negation moved to another word ("No Americans were among the casualties" /
    // "None of the casualties was American"): both sides negate only with "no"/"none" words,
    // and as often. A "not" that moved to another verb stays a flip.
    let claim_quantified = quantified(tokens);
    if claim_quantified.is_some() && claim_quantified == quantified(wtoks) {
        added.clear();
        dropped.clear();
    }
    if balanced(al) {
        added.clear();
        dropped.clear();
    }
    type Note = fn(&str) -> String;
    let notes: [(&[String], Note); 3] = [
        (&added, |w| {
            format!("negation added: the source states \"{w}\" positively")
        }),
        (&unmatched, |w| {
            format!(
                "negation added: the article negates \"{w}\", the source passage negates nothing"
            )
        }),
        (&dropped, |w| {
            format!("negation dropped: the source negates \"{w}\"")
        }),
    ];
    for (words, note) in notes {
        if !words.is_empty() {
            findings.push(Finding::new(Check::Negation, note(&words.join(" "))));
        }
    }
}

/// A plain negator in the claim ("not", "never") where the whole passage negates nothing at
/// all: the claim denies what the source states, even when the negated word itself was
/// rephrased ("has not shifted" for "has progressed").
fn unmatched_negations(al: &Aligned<'_>, claim_scope: &[bool]) -> Vec<String> {
    if al.wtoks.iter().any(negates_anything) {
        return Vec::new();
    }
    let tokens = &al.tokens;
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if claim_scope[i] && !t.stop {
            let negator = tokens[..i]
                .iter()
                .rev()
                .take(3)
                .find(|n| is_negation(&n.norm));
            // "not clear" for "unclear", "not legal" for "illegal": the passage negates the
            // word by a prefix.
            let by_prefix = || {
                al.wtoks.iter().any(|s| {
                    s.stem.len() > t.stem.len() && crate::text::prefix_opposites(&t.stem, &s.stem)
                })
            };
            if negator.is_some_and(|n| is_plain_negator(&n.norm)) && !by_prefix() {
                out.push(al.claim[t.span.clone()].to_string());
            }
        }
    }
    out
}

/// Whether the claim and the stretch of the passage it aligns with (first to last aligned
/// word, at most twice the claim's length) negate as often, one negator or more each, in other
/// words: the rewrite put the negation on another word ("exposed him to nothing unusual" /
/// "didn't expose him to anything unusual", "none of them had done so" / "they hadn't done
/// it").
fn balanced(al: &Aligned<'_>) -> bool {
    let claim = negators(&al.tokens);
    if claim.is_empty() {
        return false;
    }
    let equal = al
        .stem_ops
        .iter()
        .filter(|op| op.tag() == DiffTag::Equal)
        .map(|op| op.old_range());
    let (lo, hi) = equal.fold((usize::MAX, 0), |(lo, hi), r| {
        (lo.min(r.start), hi.max(r.end))
    });
    // A passage stretch much longer than the claim holds negations of its own.
    if lo >= hi || hi - lo > 2 * al.tokens.len() {
        return false;
    }
    let source = negators(&al.wtoks[lo..hi]);
    // The same negators on both sides is the same negation in the same words: whether it sits
    // on the same word is for the scope check to say.
    claim.len() == source.len() && claim != source
}

/// The negators of a text ([`negates_anything`]), sorted.
fn negators(toks: &[Token]) -> Vec<&str> {
    let mut words: Vec<&str> = toks
        .iter()
        .filter(|t| negates_anything(t))
        .map(|t| t.norm.as_str())
        .collect();
    words.sort_unstable();
    words
}

/// How many negators a text has, when every one of them is a "no"/"none" word.
fn quantified(toks: &[Token]) -> Option<usize> {
    let negators: Vec<&Token> = toks.iter().filter(|t| negates_anything(t)).collect();
    let all_quantifiers = negators.iter().all(|t| {
        matches!(
            t.norm.as_str(),
            "no" | "none" | "nobody" | "nothing" | "neither" | "nor"
        )
    });
    (all_quantifiers && !negators.is_empty()).then_some(negators.len())
}

/// For "before" / "after", whether both sides put the same event after the word, its next two
/// content words ("left before the vote began" / "left after the vote began"): a rewrite that
/// turns the order around ("after he hid her, the officers left" for "he hid her before the
/// officers arrived") says the same thing. Other opposites need nothing more.
pub(in crate::align) fn same_event_after(
    claim: &[Token],
    i: usize,
    passage: &[Token],
    j: usize,
) -> bool {
    if !matches!(claim[i].norm.as_str(), "before" | "after") {
        return true;
    }
    let next = |toks: &[Token], k: usize| {
        toks[k + 1..]
            .iter()
            .filter(|t| !t.stop)
            .take(2)
            .map(|t| t.stem.clone())
            .collect::<Vec<_>>()
    };
    next(claim, i) == next(passage, j)
}

/// Antonyms: a word replaced by its opposite inside the aligned passage.
pub(in crate::align) fn antonyms(ix: &SourceIndex, al: &Aligned<'_>, findings: &mut Vec<Finding>) {
    for op in &al.ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag != DiffTag::Replace {
            continue;
        }
        for i in n {
            // "yet to commit" for "uncommitted", "not unusual" for "usual": the opposite under
            // a negation on one side only says the same.
            let negated = negated_near(&al.tokens, i);
            if let Some(src) = o.clone().find(|&j| {
                crate::text::are_antonyms(&al.tokens[i].stem, &al.wtoks[j].stem)
                    && negated == negated_near(al.wtoks, j)
                    && same_event_after(&al.tokens, i, al.wtoks, j)
            }) {
                let src = &al.wtoks[src];
                findings.push(Finding::new(
                    Check::Antonym,
                    format!(
                        "\"{}\" in article, \"{}\" in source",
                        &al.claim[al.tokens[i].span.clone()],
                        &ix.text[src.span.clone()]
                    ),
                ));
            }
        }
    }
}
