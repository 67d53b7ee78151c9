//! The decision: one learned model (logistic regression, `[align.decision]`) over the claim's
//! features, with the typed checks' findings as vetoes. Similarity never overrules a check.

use crate::config::DecisionModel;

use super::checks::{Check, Finding};
use super::{ClaimFeatures, Label};

/// A claim's label and score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Decision {
    pub label: Label,
    /// The model's probability that the source supports the claim, disagreements aside.
    pub score: f64,
    /// The clause (of `ClaimFeatures::clause_inputs`) that kept a claim from being supported.
    pub weak_clause: Option<usize>,
}

impl Decision {
    /// Decides a claim from its features and findings. A supported claim that copies its
    /// passage word for word is `verbatim`, else `paraphrase`.
    pub fn of(model: &DecisionModel, features: &ClaimFeatures, findings: &[Finding]) -> Decision {
        let z = model.log_odds(&ClaimFeatures::INPUTS, &features.inputs());
        let p = 1.0 / (1.0 + (-z).exp());
        let conflict = findings.iter().any(|f| f.check.is_conflict());
        // A clause the source does not support, judged alone.
        let weak_clause = features
            .clause_inputs
            .iter()
            .map(|x| 1.0 / (1.0 + (-model.log_odds(&ClaimFeatures::INPUTS, x)).exp()))
            .position(|q| q < model.clause);
        let overstated = findings.iter().any(|f| f.check == Check::Hedge);
        let label = if conflict && p >= model.contradicted {
            Label::Contradicted
        } else if !conflict && !overstated && p >= model.supported && weak_clause.is_none() {
            if features.verbatim_copy {
                Label::Verbatim
            } else {
                Label::Paraphrase
            }
        } else if p >= model.partial {
            Label::Partial
        } else {
            Label::Unverified
        };
        let weak_clause = weak_clause.filter(|_| label == Label::Partial && p >= model.supported);
        Decision {
            label,
            score: p,
            weak_clause,
        }
    }
}
