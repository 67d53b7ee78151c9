//! Clauses: a claim that joins a supported statement to an invented one ("…, and the council
//! has since cancelled three bus routes") is only partly supported. Each clause is judged alone
//! against its own best passage (a merged sentence draws on two), and a clause the source does
//! not support keeps the whole claim from being supported.

use crate::text;

/// Where a sentence joins clauses: a comma or semicolon before a conjunction or relative word.
const JOINS: [&str; 8] = [
    ", and ",
    ", but ",
    "; ",
    ", while ",
    ", which ",
    ", although ",
    ", whereas ",
    ", with ",
];

/// The clauses of a claim worth judging alone (each with at least three content words), or
/// nothing when the claim is one clause.
pub(super) fn clauses(claim: &str) -> Vec<&str> {
    let mut cuts: Vec<usize> = JOINS
        .iter()
        .flat_map(|j| claim.match_indices(j).map(|(p, _)| p))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut parts = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([claim.len()]) {
        let part =
            claim[start..cut].trim_matches(|c: char| c == ',' || c == ';' || c.is_whitespace());
        parts.push(part);
        start = cut;
    }
    let content = |s: &str| text::tokenize(s).iter().filter(|t| !t.stop).count();
    // A short piece ("as expected") belongs to the clause after it; a short tail to the one before.
    let mut merged: Vec<&str> = Vec::new();
    let mut begin: Option<usize> = None;
    for part in parts {
        let offset = part.as_ptr() as usize - claim.as_ptr() as usize;
        let b = *begin.get_or_insert(offset);
        let end = offset + part.len();
        if content(&claim[b..end]) >= 3 {
            merged.push(&claim[b..end]);
            begin = None;
        }
    }
    // A short tail joins the clause before it.
    if begin.is_some() {
        if let Some(last) = merged.pop() {
            let start = last.as_ptr() as usize - claim.as_ptr() as usize;
            merged.push(claim[start..].trim_end());
        }
    }
    if merged.len() < 2 {
        return Vec::new();
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::clauses;

    #[test]
    fn a_sentence_splits_at_its_joins_and_short_pieces_stay_with_a_neighbour() {
        assert_eq!(
            clauses("The bridge closed in 2019 after a storm, and the council has since cancelled three bus routes."),
            vec!["The bridge closed in 2019 after a storm", "and the council has since cancelled three bus routes."]
        );
        assert!(clauses("The bridge closed in 2019 after a storm.").is_empty());
        // "but not Sunday" has too few words to stand alone: it joins the clause before it.
        assert_eq!(
            clauses("The bridge reopened to traffic on Friday morning, but not Sunday."),
            Vec::<&str>::new()
        );
        assert_eq!(
            clauses("The bridge reopened on Friday, while the ferry kept running, but not Sunday."),
            vec![
                "The bridge reopened on Friday",
                "while the ferry kept running, but not Sunday."
            ]
        );
    }
}
