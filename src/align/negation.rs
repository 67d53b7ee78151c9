//! Negation and opposites on aligned predicates.

use crate::text::{is_negation, Token};

/// For each token, whether it is the first content word after a negator ("not approved",
/// "failed to win", "never allowed").
/// "not", "never", "no one", "didn't": a negator that only denies (not "failed", "refused").
pub(super) fn is_plain_negator(norm: &str) -> bool {
    matches!(
        norm,
        "no" | "not" | "never" | "none" | "nobody" | "nothing" | "neither" | "nor" | "cannot"
    ) || norm.ends_with("n't")
}

/// Whether a source token says something negative: a negator, or a verb or word of refusal,
/// lack or unlikelihood that a rewrite may render with "not".
pub(super) fn negates_anything(t: &Token) -> bool {
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

pub(super) fn negation_scope(toks: &[Token]) -> Vec<bool> {
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

/// Whether a negator stands within the four words before token `at` or the two after it ("not
/// found" and "found no evidence" both negate "found"). A word of refusal, failure or lack counts
/// when it governs what follows ("declined to comment" for "no comment", "failure to determine",
/// "lack of evidence"), not as a noun or a verb of its own ("lifted the ban", "the attempt
/// failed").
pub(super) fn negated_near(toks: &[Token], at: usize) -> bool {
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
