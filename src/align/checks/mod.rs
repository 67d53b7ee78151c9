//! The typed checks run on a claim's aligned passage, one file each. Each returns findings
//! with their notes; similarity never overrules them.
//!
//! A new check is one file here, one [`Check`] variant, and a line in [`run`].

pub(super) mod citation;
pub(super) mod hedges;
pub(super) mod names;
pub(super) mod negation;
pub(super) mod numbers;

use serde::Serialize;

use super::claim::Aligned;
use super::index::SourceIndex;

/// Which check produced a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A number the diff aligned with a different number of the passage.
    Number,
    /// A number of the same kind (year, percentage, amount, count of the same thing, duration)
    /// that differs from the passage's, and that the source states nowhere.
    NumberKind,
    /// A name in the slot where the passage has another name.
    Name,
    /// A negation added or dropped on an aligned word.
    Negation,
    /// A word replaced by its opposite.
    Antonym,
    /// The passage hedges what the claim states flatly (not a disagreement: an overstatement).
    Hedge,
}

impl Check {
    /// Every check, in the order of [`run`].
    pub const ALL: [Check; 6] = [
        Check::Number,
        Check::NumberKind,
        Check::Name,
        Check::Negation,
        Check::Antonym,
        Check::Hedge,
    ];

    /// Whether a finding of this check is a disagreement of fact (a contradiction when the
    /// passage is aligned), rather than an overstatement.
    pub fn is_conflict(self) -> bool {
        self != Check::Hedge
    }
}

/// One thing a check found wrong with a claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The check.
    pub check: Check,
    /// Why, in words, naming both values where there are two.
    pub note: String,
}

impl Finding {
    pub(super) fn new(check: Check, note: String) -> Finding {
        Finding { check, note }
    }
}

/// Runs every check on an aligned claim. Returns the findings and the claim's names and numbers
/// that the source never mentions (novel keys, an input of the decision).
pub(super) fn run(ix: &SourceIndex, al: &Aligned<'_>) -> (Vec<Finding>, Vec<String>) {
    let mut findings = Vec::new();
    let mut novel = Vec::new();
    numbers::check(ix, al, &mut findings, &mut novel);
    negation::check(al, &mut findings);
    negation::antonyms(ix, al, &mut findings);
    names::check(ix, al, &mut findings, &mut novel);
    hedges::check(ix, al, &mut findings);
    (findings, novel)
}
