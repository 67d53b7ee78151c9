//! Numbers, dates, amounts: a value of the claim against the values of its passage.

/// Whether `source` rounded to the precision the article writes `norm` (its value `v`) in gives
/// `v` ("65" for 64.7, "4.6" for 4.62). Whole numbers below 10 are left out: "6" for 6.4 may be
/// rounding, but "3 people" for 3.4 is not a thing, and small counts must match exactly.
pub(in crate::align) fn rounds_to(source: f64, norm: &str, v: f64) -> bool {
    if !norm.starts_with(|c: char| c.is_ascii_digit()) || source.fract() == 0.0 {
        return false;
    }
    let decimals = norm.split_once('.').map_or(0, |(_, d)| {
        d.chars().take_while(char::is_ascii_digit).count()
    });
    if decimals == 0 && v < 10.0 {
        return false;
    }
    let scale = 10f64.powi(decimals as i32);
    same_number((source * scale).round() / scale, v) && !same_number(source, v)
}

pub(in crate::align) fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

use super::super::claim::Aligned;
use super::super::diff::replaced_counterpart;
use super::super::index::{joined_numbers, SourceIndex};
use super::{Check, Finding};
use crate::text::Token;

/// Numbers of the claim against its passage. A number the passage has (or rounds to) agrees; a
/// number the source states elsewhere is no substitution (the claim may draw on another passage).
/// Otherwise the claim disagrees when the diff puts another number in its place, or when the
/// passage has a different value of the same kind (a year for a year, a percentage, an amount of
/// money, a duration, a count of the same thing: "a two-game ban" / "a one-game suspension", "six
/// months later" / "a year later"). A number found nowhere is a novel key.
pub(in crate::align) fn check(
    ix: &SourceIndex,
    al: &Aligned<'_>,
    findings: &mut Vec<Finding>,
    novel: &mut Vec<String>,
) {
    let wnums: Vec<f64> = ix.numbers_of(ix.windows[al.window].tokens.clone());
    let claim_nums: Vec<f64> = al.tokens.iter().filter_map(|t| t.number).collect();
    let claim_values = values(&al.tokens, al.claim);
    let passage_values = values(al.wtoks, &ix.text);
    // "fifty-one" in the claim is one number.
    let joined = joined_numbers(al.claim, &al.tokens);
    let words_joined =
        |k: usize| joined[k].is_some() && al.tokens[k].norm.starts_with(char::is_alphabetic);
    for (i, t) in al.content_tokens() {
        if i > 0 && words_joined(i - 1) {
            continue;
        }
        let number = match &joined[i] {
            Some((v, _)) if words_joined(i) => Some(*v),
            _ => t.number,
        };
        let Some(v) = number.or_else(|| ordinal(&t.norm)) else {
            continue;
        };
        // "some $65 billion" for $64.7 billion: a rounded figure agrees.
        if wnums
            .iter()
            .any(|&x| same_number(x, v) || rounds_to(x, &t.norm, v))
            || passage_values.iter().any(|p| same_number(p.raw, v))
        {
            continue;
        }
        let elsewhere = ix.numbers.iter().any(|&x| same_number(x, v));
        if !elsewhere {
            if let Some(note) = replaced(al, i, v, &claim_nums) {
                findings.push(Finding::new(Check::Number, note));
                continue;
            }
        }
        // The same value of the same kind elsewhere in the source: the claim may draw on
        // another passage.
        let value = claim_values.iter().find(|c| c.at == i);
        let kind_elsewhere = value.is_some_and(|c| {
            ix.values
                .iter()
                .any(|s| same_thing(s, c) && close(s.value, c.value))
        });
        let kind_conflict = value
            .filter(|_| !kind_elsewhere)
            .and_then(|c| same_kind_other(c, &passage_values, &claim_nums));
        if let Some(src) = kind_conflict {
            findings.push(Finding::new(
                Check::NumberKind,
                format!(
                    "number {} in article, {} in source",
                    value_text(al.claim, &al.tokens, i),
                    value_text(&ix.text, al.wtoks, src.at)
                ),
            ));
            continue;
        }
        if elsewhere {
            continue;
        }
        if t.norm.starts_with(|c: char| c.is_ascii_digit()) {
            novel.push(t.norm.to_string());
        }
    }
}

/// The diff's counterpart of the claim's digit number at `i`: a passage number in its place that
/// the claim does not itself state. A large number (a year, a count) stands for another written
/// in digits, not for "two".
fn replaced(al: &Aligned<'_>, i: usize, v: f64, claim_nums: &[f64]) -> Option<String> {
    let t = &al.tokens[i];
    if !t.norm.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // A source number the claim itself states ("June 25" in both) is accounted for; counted
    // per occurrence: in "3 suspects held for 3 days", the claim's one "3" leaves the other free.
    let count =
        |nums: &mut dyn Iterator<Item = f64>, x: f64| nums.filter(|&y| same_number(x, y)).count();
    let free = |s: &Token| {
        s.number.is_some_and(|x| {
            count(&mut al.wtoks.iter().filter_map(|t| t.number), x)
                > count(&mut claim_nums.iter().copied(), x)
        })
    };
    if let Some(src) = replaced_counterpart(&al.ops, i, al.wtoks, |s| {
        free(s) && (v < 100.0 || s.norm.starts_with(|c: char| c.is_ascii_digit()))
    }) {
        return Some(format!(
            "number {} in article, {} in source",
            t.norm, src.norm
        ));
    }
    if al.wtoks.iter().any(free) && replaced_counterpart(&al.ops, i, al.wtoks, |_| true).is_some() {
        let others: Vec<String> = al
            .wtoks
            .iter()
            .filter(|s| free(s))
            .map(|s| s.norm.to_string())
            .collect();
        return Some(format!(
            "number {} in article, {} in source",
            t.norm,
            others.join(", ")
        ));
    }
    None
}

/// What a number counts.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::align) enum Kind {
    /// A calendar year (1800–2100 in four digits).
    Year,
    /// A percentage or percentage points.
    Percent,
    /// An amount of money (a currency sign or name).
    Money,
    /// A length of time, in days.
    Duration,
    /// A count of the thing named by the word after it (its stem).
    Count(String),
    /// An ordinal of the thing after it ("third quarter").
    Ordinal(String),
    /// A share: "7 of 10", "seven out of ten", "11 of their last 13".
    OutOf(u64),
    /// An age ("43-year-old").
    Age,
}

/// A number of a text with its kind and value (durations in days).
#[derive(Debug, Clone)]
pub(in crate::align) struct Value {
    at: usize,
    kind: Kind,
    value: f64,
    /// The number as stated (for durations, before conversion to days).
    raw: f64,
    /// For a count, the stems of up to three content words after it in its clause ("eleven
    /// paint finishes": paint, finish), so that "thirteen different finishes" counts the same.
    things: Vec<compact_str::CompactString>,
}

fn ordinal(norm: &str) -> Option<f64> {
    const WORDS: [&str; 10] = [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    WORDS
        .iter()
        .position(|w| *w == norm)
        .map(|p| p as f64 + 1.0)
}

fn days(stem: &str) -> Option<f64> {
    Some(match stem {
        "year" => 365.0,
        "month" => 30.0,
        "week" => 7.0,
        "day" => 1.0,
        "hour" => 1.0 / 24.0,
        "decad" => 3650.0,
        _ => return None,
    })
}

/// The numbers of a token stretch, with what each counts.
pub(in crate::align) fn values(toks: &[Token], text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let (raw, is_ordinal) = match (t.number, ordinal(&t.norm)) {
            (Some(v), _) => (v, t.norm.ends_with("th") || t.norm.ends_with("rd")),
            (None, Some(v)) => (v, true),
            // "a year later", "an hour": one unit of time.
            (None, None) if matches!(t.norm.as_str(), "a" | "an") => {
                match toks.get(i + 1).and_then(|n| days(&n.stem)) {
                    Some(d) => {
                        out.push(Value {
                            at: i,
                            kind: Kind::Duration,
                            value: d,
                            raw: 1.0,
                            things: Vec::new(),
                        });
                        continue;
                    }
                    None => continue,
                }
            }
            _ => continue,
        };
        let unit = unit_after(toks, i);
        let before = text[..t.span.start].trim_end();
        let old = |k: usize| toks.get(k).is_some_and(|n| n.norm == "old");
        let kind = if let Some(m) = out_of(toks, i) {
            Kind::OutOf(m)
        } else if days(&unit).is_some() && (old(i + 2) || old(i + 3)) {
            Kind::Age
        } else if t.norm.len() == 4
            && t.norm.bytes().all(|b| b.is_ascii_digit())
            && (1800.0..=2100.0).contains(&raw)
        {
            Kind::Year
        } else if matches!(unit.as_str(), "percent" | "per" | "percentag") {
            Kind::Percent
        } else if before.ends_with(['$', '£', '€', '¥'])
            || matches!(unit.as_str(), "dollar" | "pound" | "euro" | "yuan" | "yen")
        {
            Kind::Money
        } else if let Some(d) = days(&unit) {
            out.push(Value {
                at: i,
                kind: Kind::Duration,
                value: raw * d,
                raw,
                things: Vec::new(),
            });
            continue;
        } else if is_ordinal {
            Kind::Ordinal(unit)
        } else {
            Kind::Count(unit)
        };
        let things = match kind {
            Kind::Count(_) => things_after(toks, text, i),
            _ => Vec::new(),
        };
        out.push(Value {
            at: i,
            kind,
            value: raw,
            raw,
            things,
        });
    }
    out
}

/// The stems of up to three content words after token `i`, within its clause (up to a comma,
/// a colon or the sentence's end), past multipliers.
fn things_after(toks: &[Token], text: &str, i: usize) -> Vec<compact_str::CompactString> {
    let mut out = Vec::new();
    let mut end = toks[i].span.end;
    for t in toks[i + 1..].iter().take(6) {
        if text
            .get(end..t.span.start)
            .is_none_or(|gap| gap.contains([',', ';', ':', '.', '(', '\u{2014}']))
        {
            break;
        }
        end = t.span.end;
        if !t.stop && t.number.is_none() && !is_multiplier(&t.norm) {
            out.push(t.stem.clone());
            if out.len() == 3 {
                break;
            }
        }
    }
    out
}

/// Whether two values count the same kind of thing: the same kind, and for counts the same
/// first word after them or a word in common among the next three ("eleven paint finishes" /
/// "thirteen different finishes").
fn same_thing(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Count(x), Kind::Count(y)) => x == y || a.things.iter().any(|t| b.things.contains(t)),
        (x, y) => x == y,
    }
}

/// "7 of 10", "seven out of ten", "11 of their last 13": the whole (M) after the part.
fn out_of(toks: &[Token], i: usize) -> Option<u64> {
    let mut k = i + 1;
    if toks.get(k).is_some_and(|t| t.norm == "out") {
        k += 1;
    }
    if toks.get(k).is_none_or(|t| t.norm != "of") {
        return None;
    }
    let whole = toks[k + 1..]
        .iter()
        .take(3)
        .find_map(|t| t.number)
        .filter(|m| m.fract() == 0.0 && *m >= 2.0 && *m < 1e6)?;
    Some(whole as u64)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.05 * a.abs().max(b.abs())
}

/// A word that scales the number before it, or the "out" of "out of": not what is counted.
fn is_multiplier(norm: &str) -> bool {
    matches!(
        norm,
        "million" | "billion" | "thousand" | "trillion" | "bn" | "m" | "out"
    )
}

/// The stem of the first content word after token `i`, past multipliers and "out of".
fn unit_after(toks: &[Token], i: usize) -> String {
    toks[i + 1..]
        .iter()
        .take(4)
        .find(|t| !t.stop && t.number.is_none() && !is_multiplier(&t.norm))
        .map_or_else(String::new, |t| t.stem.to_string())
}

/// A passage value of the claim value's kind that differs from it and that the claim does not
/// itself state. A count needs the same counted thing ("seven out of ten companies").
fn same_kind_other<'a>(c: &Value, passage: &'a [Value], claim_nums: &[f64]) -> Option<&'a Value> {
    let named = |k: &Kind| match k {
        Kind::Count(u) | Kind::Ordinal(u) => !u.is_empty(),
        Kind::Age => false,
        _ => true,
    };
    if !named(&c.kind) {
        return None;
    }
    passage.iter().find(|p| {
        same_thing(p, c)
            && !close(p.value, c.value)
            && !claim_nums.iter().any(|&x| same_number(x, p.raw))
    })
}

/// A number as written, with the unit word after it when there is one ("six months").
fn value_text(text: &str, toks: &[Token], i: usize) -> String {
    let t = &toks[i];
    match toks.get(i + 1) {
        Some(n) if days(&n.stem).is_some() || n.norm == "percent" => {
            text[t.span.start..n.span.end].to_string()
        }
        _ => text[t.span.clone()].to_string(),
    }
}
