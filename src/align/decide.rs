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
}

impl Decision {
    /// Decides a claim from its features and findings. A supported claim that copies its
    /// passage word for word is `verbatim`, else `paraphrase`.
    pub fn of(model: &DecisionModel, features: &ClaimFeatures, findings: &[Finding]) -> Decision {
        let z = model.log_odds(&ClaimFeatures::INPUTS, &features.inputs());
        let p = 1.0 / (1.0 + (-z).exp());
        let conflict = findings.iter().any(|f| f.check.is_conflict());
        let overstated = findings.iter().any(|f| f.check == Check::Hedge);
        let label = if conflict && p >= model.contradicted {
            Label::Contradicted
        } else if !conflict && !overstated && p >= model.supported {
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
        Decision { label, score: p }
    }
}
