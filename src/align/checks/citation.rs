//! Citation phrases: "…, as reported by The Telegraph", "according to the Telegraph". They name
//! where the claim comes from, not what it claims, so their words are not judged as content.

use crate::text::Token;

/// Removes the tokens of citation phrases from a claim's tokens: "according to" or "(as)
/// reported by" followed by an optional "the" and one to four capitalized words (a publication or
/// an outlet: the phrase credits the report, it states no fact).
pub(in crate::align) fn drop_citation_phrases(tokens: &mut Vec<Token>) {
    let mut drop = vec![false; tokens.len()];
    for k in 0..tokens.len() {
        let lead = match (tokens.get(k), tokens.get(k + 1)) {
            (Some(a), Some(b)) if a.norm == "according" && b.norm == "to" => 2,
            (Some(a), Some(b)) if a.norm == "reported" && b.norm == "by" => 2,
            _ => continue,
        };
        let mut end = k + lead;
        if tokens.get(end).is_some_and(|t| t.norm == "the") {
            end += 1;
        }
        let names = tokens[end..]
            .iter()
            .take(4)
            .take_while(|t| t.capitalized && t.number.is_none())
            .count();
        if names == 0 {
            continue;
        }
        let start = if k > 0 && tokens[k - 1].norm == "as" {
            k - 1
        } else {
            k
        };
        drop[start..end + names].iter_mut().for_each(|d| *d = true);
    }
    let mut k = 0;
    tokens.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(s: &str) -> String {
        let mut t = crate::text::tokenize(s);
        drop_citation_phrases(&mut t);
        t.iter()
            .map(|t| t.norm.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn citation_phrases_are_not_content() {
        assert_eq!(
            kept("The bridge closed in 2019, as reported by The Harbour Gazette."),
            "the bridge closed in 2019"
        );
        assert_eq!(
            kept("According to the Gazette, the bridge closed in 2019."),
            "the bridge closed in 2019"
        );
        // Not a citation: "according to" a plan, lower-case words.
        assert_eq!(
            kept("The bridge closed according to plan."),
            "the bridge closed according to plan"
        );
    }
}
