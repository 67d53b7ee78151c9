//! Citations: what an article says its source is.
//!
//! Finds "Original Source: …", "Source: …", "Via …", "(via X)", "as reported by X", "according
//! to X" (when X is a publication), links in HTML and Markdown bodies, and front matter. Knows
//! nothing of report formats or HTTP.

use serde::Serialize;

pub mod site;

use crate::input::{DocKind, Document};
use crate::report::Span;

/// How the article cites a source.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CitationKind {
    /// A line "Original Source: X".
    OriginalSourceLine,
    /// A line "Source: X".
    SourceLine,
    /// "Via X" or "(via X)".
    Via,
    /// "as reported by X".
    AsReportedBy,
    /// "according to X", X a publication.
    AccordingTo,
    /// A hyperlink in the body.
    Link,
    /// `source:`/`sources:` in Markdown front matter.
    FrontMatter,
}

/// One citation of a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Citation {
    /// How it is cited.
    pub kind: CitationKind,
    /// The cited thing as written ("www.telegraph.co.uk", "The Telegraph").
    pub text: String,
    /// A full URL, when the citation gives one.
    pub url: Option<String>,
    /// A host name, when the citation gives one (from a URL or a bare domain).
    pub domain: Option<String>,
    /// A publication name, when the citation names one.
    pub publication: Option<String>,
    /// Byte span of the citation in the article file (absent for front matter).
    pub span: Option<Span>,
}

/// Words that end a publication's name ("The Daily Telegraph", "Reuters").
const PUBLICATION_WORDS: &[&str] = &[
    "times",
    "post",
    "news",
    "journal",
    "telegraph",
    "guardian",
    "herald",
    "tribune",
    "gazette",
    "chronicle",
    "independent",
    "observer",
    "express",
    "mail",
    "mirror",
    "sun",
    "standard",
    "reuters",
    "bloomberg",
    "bbc",
    "cnn",
    "nbc",
    "cbs",
    "abc",
    "ap",
    "afp",
    "npr",
    "economist",
    "atlantic",
    "politico",
    "axios",
    "insider",
    "wire",
    "press",
    "review",
    "magazine",
    "today",
    "star",
    "globe",
    "record",
    "daily",
    "weekly",
    "courier",
    "examiner",
    "bulletin",
    "dispatch",
    "inquirer",
    "sentinel",
    "register",
    "monitor",
    "network",
    "radio",
    "tv",
    "television",
    "agency",
    "online",
    "fox",
    "wsj",
    "ft",
    "verge",
    "wired",
    "vox",
    "slate",
    "salon",
];

/// Whether a capitalized phrase looks like a publication rather than a person.
fn looks_like_publication(name: &str) -> bool {
    let last = name
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    PUBLICATION_WORDS.contains(&last.as_str()) || looks_like_domain(name)
}

/// "www.telegraph.co.uk", "example.com:8080", "https://…".
fn looks_like_domain(s: &str) -> bool {
    let s = s.trim();
    if s.starts_with("http://") || s.starts_with("https://") {
        return true;
    }
    let host = s.split(['/', ':']).next().unwrap_or("");
    host.contains('.')
        && !host.contains(' ')
        && host
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// Host of a URL or bare domain ("https://www.x.com/a" → "www.x.com", "x.com:8080" → "x.com:8080").
pub fn host_of(s: &str) -> Option<String> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s);
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

fn make(kind: CitationKind, text: &str, span: Option<Span>) -> Citation {
    let text = text
        .trim()
        .trim_end_matches(['.', ',', ';', ')', ':'])
        .trim()
        .to_string();
    let is_url = text.starts_with("http://") || text.starts_with("https://");
    let is_domain = looks_like_domain(&text);
    Citation {
        kind,
        url: is_url.then(|| text.clone()),
        domain: if is_domain { host_of(&text) } else { None },
        publication: (!is_domain).then(|| text.clone()),
        text,
        span,
    }
}

/// The capitalized name starting at `s` ("The Telegraph reported" → "The Telegraph").
fn leading_name(s: &str) -> Option<&str> {
    let s = s.strip_prefix("the ").unwrap_or(s);
    let mut end = 0;
    let mut words = 0;
    for (i, w) in split_words_with_pos(s) {
        let first = w.chars().next()?;
        let joins = first.is_uppercase()
            || (words > 0 && matches!(w, "of" | "the" | "and" | "de" | "&"))
            || (words == 0 && looks_like_domain(w));
        if !joins || (i > end + 1 && words > 0) {
            break;
        }
        end = i + w.len();
        words += 1;
        if w.ends_with([',', '.', ';', ':']) && !looks_like_domain(w) {
            break;
        }
        if words >= 6 {
            break;
        }
    }
    let name = s[..end].trim_end_matches([',', '.', ';', ':']);
    let name = name
        .trim_end_matches(" of")
        .trim_end_matches(" the")
        .trim_end_matches(" and");
    (!name.is_empty()).then_some(name)
}

fn split_words_with_pos(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(' ')
        .scan(0usize, |pos, w| {
            let at = *pos;
            *pos += w.len() + 1;
            Some((at, w))
        })
        .filter(|(_, w)| !w.is_empty())
}

/// Finds the citations of an article.
pub fn find_citations(doc: &Document) -> Vec<Citation> {
    let mut out: Vec<Citation> = Vec::new();
    for s in &doc.front_matter_sources {
        out.push(make(CitationKind::FrontMatter, s, None));
    }
    let text = &doc.text;
    // Line-based markers.
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        let lower = trimmed.to_ascii_lowercase();
        for (prefix, kind) in [
            ("original source:", CitationKind::OriginalSourceLine),
            ("original source -", CitationKind::OriginalSourceLine),
            ("source:", CitationKind::SourceLine),
            ("sources:", CitationKind::SourceLine),
            ("via:", CitationKind::Via),
            ("via ", CitationKind::Via),
        ] {
            if lower.starts_with(prefix) && trimmed.len() < 300 {
                let value = &trimmed[prefix.len()..];
                let v_start =
                    line_start + lead + prefix.len() + (value.len() - value.trim_start().len());
                for part in value.split([',', ';']) {
                    let p = part.trim();
                    if p.is_empty() {
                        continue;
                    }
                    let off = value.find(p).unwrap_or(0);
                    let start = v_start + off - (value.len() - value.trim_start().len());
                    out.push(make(
                        kind,
                        p,
                        Some(doc.raw_span(start..start + p.len()).into()),
                    ));
                }
                break;
            }
        }
        line_start += line.len();
    }
    // Phrases in running text. ASCII lower-casing keeps byte offsets equal to the text's.
    let lower = text.to_ascii_lowercase();
    for (phrase, kind) in [
        ("as reported by ", CitationKind::AsReportedBy),
        ("according to ", CitationKind::AccordingTo),
        ("(via ", CitationKind::Via),
        ("first reported by ", CitationKind::AsReportedBy),
        ("as first reported by ", CitationKind::AsReportedBy),
    ] {
        for (p, _) in lower.match_indices(phrase) {
            let after = &text[p + phrase.len()..];
            let line = after.lines().next().unwrap_or("");
            if let Some(name) = leading_name(line) {
                if kind == CitationKind::AccordingTo && !looks_like_publication(name) {
                    continue;
                }
                let start = p + phrase.len();
                let c = make(
                    kind,
                    name,
                    Some(doc.raw_span(start..start + name.len()).into()),
                );
                if !out.iter().any(|o| o.text == c.text && o.kind == c.kind) {
                    out.push(c);
                }
            }
        }
    }
    // Links.
    match doc.kind {
        DocKind::Markdown => {
            for (anchor, url, span) in crate::input::markdown_links(&doc.raw) {
                if url.starts_with("http://") || url.starts_with("https://") {
                    let mut c = make(CitationKind::Link, &url, Some(span.into()));
                    c.publication = Some(anchor).filter(|a| !a.trim().is_empty());
                    out.push(c);
                }
            }
        }
        DocKind::Html => {
            let html = scraper::Html::parse_document(&doc.raw);
            let sel = scraper::Selector::parse("a[href]").expect("valid selector");
            // Only links inside the extracted article text count (not navigation).
            for a in html.select(&sel) {
                let href = a.attr("href").unwrap_or("").trim();
                let anchor: String = a
                    .text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                // Relative links count when the page says where it lives (its canonical URL).
                let base = doc
                    .html
                    .as_ref()
                    .and_then(|h| h.canonical_url.as_deref())
                    .and_then(|c| url::Url::parse(c).ok());
                let absolute = match &base {
                    Some(b) if !href.starts_with('#') && !href.starts_with("mailto:") => {
                        b.join(href).map(|u| u.to_string()).unwrap_or_default()
                    }
                    _ => href.to_string(),
                };
                let href = absolute.as_str();
                if !(href.starts_with("http://") || href.starts_with("https://"))
                    || anchor.len() < 2
                {
                    continue;
                }
                if !doc.text.contains(&anchor) {
                    continue;
                }
                let mut c = make(CitationKind::Link, href, None);
                c.publication = Some(anchor);
                if !out.iter().any(|o| o.url.as_deref() == Some(href)) {
                    out.push(c);
                }
            }
        }
        DocKind::Text | DocKind::Pdf => {
            for (p, _) in text.match_indices("http") {
                let rest = &text[p..];
                if !(rest.starts_with("http://") || rest.starts_with("https://")) {
                    continue;
                }
                let url = rest
                    .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | ')'))
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(['.', ',', ';']);
                if out.iter().any(|o| o.url.as_deref() == Some(url)) {
                    continue;
                }
                out.push(make(
                    CitationKind::Link,
                    url,
                    Some((p..p + url.len()).into()),
                ));
            }
        }
    }
    out
}

/// Whether a sentence is a citation line rather than a statement ("Original Source: …").
pub fn is_citation_line(sentence: &str) -> bool {
    let lower = sentence.trim().to_lowercase();
    [
        "original source",
        "source:",
        "sources:",
        "via:",
        "read more:",
        "image:",
        "photo:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        crate::input::from_bytes("a.txt", None, text.as_bytes(), None).unwrap()
    }

    #[test]
    fn seed_style_citations() {
        let d = doc("Putin offered talks, as reported by The Telegraph. More text.\nOriginal Source: www.telegraph.co.uk\n");
        let c = find_citations(&d);
        assert!(c.iter().any(|c| c.kind == CitationKind::OriginalSourceLine
            && c.domain.as_deref() == Some("www.telegraph.co.uk")));
        let rep = c
            .iter()
            .find(|c| c.kind == CitationKind::AsReportedBy)
            .unwrap();
        assert_eq!(rep.publication.as_deref(), Some("The Telegraph"));
        let span = rep.span.unwrap();
        assert_eq!(&d.raw[span.start..span.end], "The Telegraph");
    }

    #[test]
    fn citation_spans_survive_non_ascii_text_before_them() {
        // "İ" lower-cases to three bytes: Unicode lower-casing would shift every later offset.
        let d = doc("İSTANBUL — Talks resumed, as reported by The Harbour Gazette.");
        let c = find_citations(&d);
        let span = c[0].span.unwrap();
        assert_eq!(&d.raw[span.start..span.end], "The Harbour Gazette");
    }

    #[test]
    fn according_to_a_person_is_not_a_citation() {
        let d = doc("According to Maria Lopez, the bridge will reopen. According to the Harbour Gazette, it won't.");
        let c = find_citations(&d);
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].publication.as_deref(), Some("Harbour Gazette"));
    }
}
