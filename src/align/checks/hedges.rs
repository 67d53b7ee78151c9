//! Hedges: the source qualifies what the claim states flatly.

use similar::DiffTag;

use crate::text::{self, Token};

use super::names::is_attribution_verb;

/// Hedges of the passage that the claim drops ("possible disciplinary cases", "was formerly
/// associated", "is expected to probe", "nearly sank"): a hedge just before words the claim
/// copies, when the claim hedges nothing in its own words ("may", "was scheduled to") and does
/// not keep the word. "Reportedly" and "allegedly" pass when the claim names who says so ("a
/// report found", "police said"). `ops` is the stem diff of `passage` (old) and `claim` (new).
pub(in crate::align) fn dropped_hedges(
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
    let kept = |h: &Token| {
        claim.iter().any(|t| t.norm == h.norm)
            || (attributed && text::is_hearsay(&h.norm))
            // A word of the same kind: "about 200" or "close to 200" for "nearly 200",
            // "forecast" for "expected".
            || hedge_class(&h.norm)
                .is_some_and(|c| claim.iter().any(|t| hedge_class(&t.norm) == Some(c)))
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
                // "her former label" for "her label" drops a detail, not a supposition.
                && passage[j].norm != "former"
                && !compared(j)
                && !kept(&passage[j])
                && before_copied
        })
        .map(|j| source_text[passage[j].span.clone()].to_string())
        .collect()
}

/// The hedge check: one finding naming the hedges the claim drops.
pub(in crate::align) fn check(
    ix: &super::super::index::SourceIndex,
    al: &super::super::claim::Aligned<'_>,
    findings: &mut Vec<super::Finding>,
) {
    let dropped = dropped_hedges(&al.tokens, al.wtoks, &al.stem_ops, &ix.text);
    if !dropped.is_empty() {
        findings.push(super::Finding::new(
            super::Check::Hedge,
            format!(
                "the source hedges it: \"{}\" dropped",
                super::super::claim::dedup(dropped).join("\", \"")
            ),
        ));
    }
}

/// The kind of qualification a hedge makes: an approximation, an expectation, a possibility
/// or a probability. A claim that qualifies in another word of the same kind keeps the hedge
/// ("close to 150" / "nearly 150", "forecast" / "expected", "seemed to" / "possible").
fn hedge_class(norm: &str) -> Option<u8> {
    match norm {
        "nearly" | "almost" | "about" | "around" | "roughly" | "approximately" | "some"
        | "close" => Some(0),
        "expected" | "expects" | "expect" | "forecast" | "forecasts" | "anticipated"
        | "anticipates" | "projected" | "predicted" | "predicts" | "poised" => Some(1),
        "possible" | "possibly" | "potential" | "potentially" | "seem" | "seems" | "seemed"
        | "appear" | "appears" | "appeared" | "weighing" | "considering" | "may" | "might"
        | "could" => Some(2),
        "likely" | "probably" | "unlikely" | "perhaps" | "maybe" => Some(3),
        _ => None,
    }
}
