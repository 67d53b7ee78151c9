//! Names: people, organisations and places, with the variants newsrooms write.

/// Whether two titles name the same role, one perhaps abbreviated ("Gen." / "General",
/// "Sen." / "Senator", "Rev." / "Reverend").
pub(in crate::align) fn same_title(a: &str, b: &str) -> bool {
    let (x, y) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    x == y || (short.len() >= 2 && long.starts_with(short))
}

/// Whether two capitalized words can name the same thing: a spelling variant ("Domeq",
/// "Centre"/"Center"), a possessive ("Lacsynski's"), a dotted abbreviation ("F.T." for "FTC"),
/// or one of the common names of the US and the UK. A shorter name is not the same name
/// ("Niger" / "Nigeria", "Paul" / "Paula").
pub(in crate::align) fn same_name(a: &str, b: &str) -> bool {
    let bare = |s: &str| -> String {
        let s = s
            .strip_suffix("'s")
            .or_else(|| s.strip_suffix("\u{2019}s"))
            .unwrap_or(s);
        s.chars().filter(|c| c.is_alphanumeric()).collect()
    };
    let (x, y) = (bare(a), bare(b));
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    let dotted = a.contains('.') || b.contains('.');
    let country = |s: &str| match s {
        "us" | "america" | "american" | "americans" => Some(1),
        "uk" | "britain" | "british" | "briton" | "britons" => Some(2),
        _ => None,
    };
    x == y
        || spelling_variant(&x, &y)
        || (dotted
            && short.len() >= 2
            && long.len() <= short.len() + 1
            && long.starts_with(short.as_str()))
        || country(&x).is_some_and(|c| country(&y) == Some(c))
}

/// Two spellings of one name ("Domecq" / "Domeq", "Centre" / "Center"): one letter added,
/// dropped or changed, or two neighbouring letters swapped, in a word of five letters or more.
pub(in crate::align) fn spelling_variant(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let longest = a.len().max(b.len());
    let swapped = a.len() == b.len()
        && prefix + suffix + 2 == longest
        && a[prefix] == b[prefix + 1]
        && a[prefix + 1] == b[prefix];
    prefix + suffix + 1 >= longest || swapped
}

/// Verbs that credit a statement to someone ("said", "told", "according").
pub(in crate::align) fn is_attribution_verb(norm: &str) -> bool {
    matches!(
        norm,
        "said" | "says" | "say" | "added" | "told" | "according" | "stated" | "explained" | "noted"
    )
}

/// Days and months: capitalized, but dates rather than names. The kind (1 = weekday,
/// 2 = month, 0 = neither) keeps "July 3" from standing for "next Thursday".
pub(in crate::align) fn date_kind(norm: &str) -> u8 {
    match norm {
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" => 1,
        "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august"
        | "september" | "october" | "november" | "december" | "jan" | "feb" | "mar" | "apr"
        | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec" => 2,
        _ => 0,
    }
}

use super::super::claim::Aligned;
use super::super::diff::replaced_counterpart;
use super::super::index::SourceIndex;
use super::{Check, Finding};
use crate::text;

/// Names: a capitalized word of the claim that the passage lacks. It disagrees when the diff
/// puts a different name of the same sort (a name for a name, a title for a title, a month for a
/// month) in its place and the source never uses the claim's word; a name the source never
/// mentions is a novel key, unless it credits a statement ("…, Geer added": who is credited is
/// the speaker check's business).
pub(in crate::align) fn check(
    ix: &SourceIndex,
    al: &Aligned<'_>,
    findings: &mut Vec<Finding>,
    novel: &mut Vec<String>,
) {
    let wstems = ix.stems_of(ix.windows[al.window].tokens.clone());
    for (i, t) in al.content_tokens() {
        if !t.capitalized || i == 0 || t.number.is_some() || wstems.contains(t.stem.as_str()) {
            continue;
        }
        // Initials and company suffixes name no one.
        if t.norm.chars().count() < 2 || text::is_company_suffix(&t.norm) {
            continue;
        }
        let date = date_kind(&t.norm);
        let title = text::is_title(&t.norm);
        let replaced = replaced_counterpart(&al.ops, i, al.wtoks, |s| {
            s.capitalized
                && !s.stop
                && !ix.sentence_initial.contains(&s.span.start)
                && s.norm.chars().count() >= 2
                && !text::is_company_suffix(&s.norm)
                && text::is_title(&s.norm) == title
                && date_kind(&s.norm) == date
        });
        let agrees = |src: &text::Token| {
            if title {
                same_title(&t.norm, &src.norm)
            } else {
                same_name(&t.norm, &src.norm)
            }
        };
        let known = ix.has_stem(&t.stem);
        match replaced {
            Some(src) if !known && !agrees(src) => findings.push(Finding::new(
                Check::Name,
                format!(
                    "name {} in article, {} in source",
                    &al.claim[t.span.clone()],
                    &ix.text[src.span.clone()]
                ),
            )),
            _ => {
                let tokens = &al.tokens;
                let attribution = (i.saturating_sub(3)..(i + 4).min(tokens.len()))
                    .any(|k| is_attribution_verb(&tokens[k].norm));
                if !known && !attribution {
                    novel.push(al.claim[t.span.clone()].to_string());
                }
            }
        }
    }
}
