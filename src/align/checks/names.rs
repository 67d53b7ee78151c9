//! Names: people, organisations and places, with the variants newsrooms write.

/// Whether two titles name the same role, one perhaps abbreviated ("Gen." / "General",
/// "Sen." / "Senator", "Rev." / "Reverend").
pub(in crate::align) fn same_title(a: &str, b: &str) -> bool {
    let (x, y) = (a.trim_end_matches('.'), b.trim_end_matches('.'));
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    x == y || (short.len() >= 2 && long.starts_with(short))
}

/// A word without its possessive ("Lacsynski's", "Taiwan’s").
fn without_possessive(s: &str) -> &str {
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("\u{2019}s"))
        .unwrap_or(s)
}

/// A word's letters and digits, lower case ("U.S." → "us", "O'Neill's" → "oneills").
fn letters_of(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A name as `same_name` compares it: no possessive, letters and digits only, lower case
/// ("Taiwan's" → "taiwan").
fn bare(s: &str) -> String {
    letters_of(without_possessive(s))
}

/// Whether two capitalized words can name the same thing: a spelling variant ("Domeq",
/// "Centre"/"Center"), a possessive ("Lacsynski's"), a dotted abbreviation ("F.T." for "FTC"),
/// or one of the common names of the US and the UK. A shorter name is not the same name
/// ("Niger" / "Nigeria", "Paul" / "Paula").
pub(in crate::align) fn same_name(a: &str, b: &str) -> bool {
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
        || same_place(&x, &y)
        || month_abbreviation(&x, &y)
        || state_code(&x).is_some_and(|c| c == y)
        || state_code(&y).is_some_and(|c| c == x)
}

/// The postal code of a US state ("california" → "ca"), as datelines and listings write it.
fn state_code(name: &str) -> Option<&'static str> {
    const STATES: [(&str, &str); 50] = [
        ("alabama", "al"),
        ("alaska", "ak"),
        ("arizona", "az"),
        ("arkansas", "ar"),
        ("california", "ca"),
        ("colorado", "co"),
        ("connecticut", "ct"),
        ("delaware", "de"),
        ("florida", "fl"),
        ("georgia", "ga"),
        ("hawaii", "hi"),
        ("idaho", "id"),
        ("illinois", "il"),
        ("indiana", "in"),
        ("iowa", "ia"),
        ("kansas", "ks"),
        ("kentucky", "ky"),
        ("louisiana", "la"),
        ("maine", "me"),
        ("maryland", "md"),
        ("massachusetts", "ma"),
        ("michigan", "mi"),
        ("minnesota", "mn"),
        ("mississippi", "ms"),
        ("missouri", "mo"),
        ("montana", "mt"),
        ("nebraska", "ne"),
        ("nevada", "nv"),
        ("newhampshire", "nh"),
        ("newjersey", "nj"),
        ("newmexico", "nm"),
        ("newyork", "ny"),
        ("northcarolina", "nc"),
        ("northdakota", "nd"),
        ("ohio", "oh"),
        ("oklahoma", "ok"),
        ("oregon", "or"),
        ("pennsylvania", "pa"),
        ("rhodeisland", "ri"),
        ("southcarolina", "sc"),
        ("southdakota", "sd"),
        ("tennessee", "tn"),
        ("texas", "tx"),
        ("utah", "ut"),
        ("vermont", "vt"),
        ("virginia", "va"),
        ("washington", "wa"),
        ("westvirginia", "wv"),
        ("wisconsin", "wi"),
        ("wyoming", "wy"),
    ];
    STATES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// A month and its abbreviation ("December" / "Dec.", "September" / "Sept.").
fn month_abbreviation(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    date_kind(long) == 2 && short.len() >= 3 && long.starts_with(short)
}

/// Whether one word is the other's people or adjective: a place and its demonym ("China" /
/// "Chinese", "Taiwan" / "Taiwanese", "Germany" / "German", "the Netherlands" / "Dutch"), in
/// either order and either number ("Germans"). The regular forms are built exactly (the place,
/// less a final vowel or "y", plus -n, -an, -ian, -ese, -ish, -i or -ic; or less a final "y"
/// alone: "German"), so "Austria" is not "Australian"; the irregular ones are listed. Both
/// words lower-case, letters only.
pub(in crate::align) fn same_place(a: &str, b: &str) -> bool {
    const IRREGULAR: &[(&str, &str)] = &[
        ("netherlands", "dutch"),
        ("holland", "dutch"),
        ("switzerland", "swiss"),
        ("france", "french"),
        ("spain", "spanish"),
        ("sweden", "swedish"),
        ("denmark", "danish"),
        ("finland", "finnish"),
        ("poland", "polish"),
        ("ireland", "irish"),
        ("scotland", "scottish"),
        ("england", "english"),
        ("wales", "welsh"),
        ("greece", "greek"),
        ("turkey", "turkish"),
        ("norway", "norwegian"),
        ("peru", "peruvian"),
        ("philippines", "filipino"),
        ("thailand", "thai"),
        ("afghanistan", "afghan"),
        ("iceland", "icelandic"),
        ("portugal", "portuguese"),
        ("britain", "british"),
        ("madagascar", "malagasy"),
    ];
    fn one(w: &str) -> Option<&str> {
        w.strip_suffix('s').filter(|w| w.len() >= 4)
    }
    if a == b || a.len() < 4 || b.len() < 4 {
        return false;
    }
    let forms = |place: &str, people: &str| {
        let stems = [
            place,
            place
                .strip_suffix(['a', 'e', 'i', 'o', 'y'])
                .unwrap_or(place),
        ];
        stems.iter().any(|st| {
            people.strip_prefix(st).is_some_and(|rest| {
                matches!(rest, "n" | "an" | "ian" | "ese" | "ish" | "i" | "ic")
                    || (rest.is_empty() && place.ends_with('y') && st.len() < place.len())
            })
        }) || IRREGULAR
            .iter()
            .any(|&(p, d)| one(p).unwrap_or(p) == place && d == people)
    };
    // Either word may be a plural ("Germans"), but "Swiss" is no plural.
    [Some(a), one(a)].into_iter().flatten().any(|x| {
        [Some(b), one(b)]
            .into_iter()
            .flatten()
            .any(|y| x != y && (forms(x, y) || forms(y, x)))
    })
}

/// The letters of a word written in capitals ("US" for "U.S.", "NYC"), when it is one: two to
/// six upper-case letters, dots allowed between them, an "s" of the plural allowed after them
/// ("TVs", "CEOs").
pub(in crate::align) fn acronym(word: &str) -> Option<String> {
    let word = without_possessive(word);
    let word = word
        .strip_suffix('s')
        .filter(|w| w.len() >= 2)
        .unwrap_or(word);
    let letters: String = word.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=6).contains(&n) && letters.chars().all(|c| c.is_ascii_uppercase())).then_some(letters)
}

/// Whether the capitalized words of `toks` from `at` on spell `letters` by their initials ("New York City" for "NYC", "United States" for "US"); "of", "and" and "the" may
/// stand between them ("Bank of America").
pub(in crate::align) fn spells(letters: &str, toks: &[text::Token], at: usize) -> bool {
    let mut want = letters.chars().peekable();
    for t in &toks[at..] {
        let Some(&c) = want.peek() else { break };
        if t.capitalized && t.norm.starts_with(c.to_ascii_lowercase()) {
            want.next();
        } else if !(matches!(t.norm.as_str(), "of" | "and" | "the") && want.peek().is_some()) {
            return false;
        }
    }
    want.peek().is_none()
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
        if names_in_window(ix, al, i) {
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

/// Whether the passage writes the claim's capitalized word `i` another way: dotted or not
/// ("U.S." / "US"), as a place for its people or the reverse ("Dutch" / "Netherlands"), as an
/// acronym for the words it spells or the reverse ("NYC" / "New York City").
fn names_in_window(ix: &SourceIndex, al: &Aligned<'_>, i: usize) -> bool {
    let t = &al.tokens[i];
    let word = &al.claim[t.span.clone()];
    // The possessive stays, so a page that drops the apostrophe ("ONeills") still matches.
    let (claim_bare, claim_acronym) = (letters_of(word), acronym(word));
    // Where the run of capitalized claim words that ends at `i` starts.
    let start = (0..=i)
        .rev()
        .take_while(|&k| al.tokens[k].capitalized)
        .last()
        .unwrap_or(i);
    al.wtoks.iter().enumerate().any(|(j, s)| {
        if !s.capitalized {
            return false;
        }
        let src = &ix.text[s.span.clone()];
        let src_bare = letters_of(src);
        (src_bare == claim_bare && claim_bare.len() >= 2)
            || same_place(&claim_bare, &src_bare)
            || claim_acronym
                .as_deref()
                .is_some_and(|l| acronym(src).as_deref() == Some(l) || spells(l, al.wtoks, j))
            || acronym(src)
                .is_some_and(|l| (start..=i).any(|k| spells(&l, &al.tokens, k) && k + l.len() > i))
    })
}
