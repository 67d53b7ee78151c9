//! The verification pipeline: article → statements → judged against each source → report.

use crate::align::{Judgement, Label, SourceIndex};
use crate::config::{Config, Policy};
use crate::discover::{find_citations, is_citation_line};
use crate::input::Document;
use crate::report::{
    round3, ArticleInfo, Attribution, Evidence, PolicyOutcome, Report, SourceRecord, Statement,
    StatementKind, Summary, ToolInfo, SCHEMA_VERSION,
};
use crate::text::{self, Speaker};

/// A statement found in an article, before judging. Spans are into the analysed text.
#[derive(Debug, Clone)]
pub struct Found {
    /// Claim or quote.
    pub kind: StatementKind,
    /// The words judged.
    pub text: String,
    /// Span in the analysed text (the sentence for claims, the quoted words for quotes).
    pub span: std::ops::Range<usize>,
    /// The speaker of a quote.
    pub speaker: Option<Speaker>,
    /// The tokens of a claim's words ([`text::tokenize`] of `text`; empty for a quote), kept
    /// from finding the claim for judging it.
    tokens: Vec<text::Token>,
}

impl Found {
    /// Judges the statement against one source.
    pub fn judge(
        &self,
        index: &SourceIndex,
        cfg: &Config,
        similarity: Option<&dyn crate::align::Similarity>,
    ) -> Judgement {
        match self.kind {
            StatementKind::Claim => {
                index.judge_claim_tokens(&self.text, self.tokens.clone(), &cfg.align, similarity)
            }
            StatementKind::Quote => {
                index.judge_quote(&self.text, self.speaker.as_ref(), &cfg.align)
            }
        }
    }
}

/// Finds the claims and quotes of an article text.
pub fn find_statements(text: &str, cfg: &Config) -> Vec<Found> {
    let sentences = text::sentences(text);
    let quotes = text::quotes_in(text, &sentences, cfg.align.quote_min_words);
    let mut out: Vec<Found> = Vec::new();
    for q in &quotes {
        out.push(Found {
            kind: StatementKind::Quote,
            text: q.text(text),
            span: q.span.clone(),
            speaker: q.speaker.clone(),
            tokens: Vec::new(),
        });
    }
    for s in sentences {
        let sentence = &text[s.clone()];
        if is_citation_line(sentence) {
            continue;
        }
        // The non-quoted part of the sentence.
        let inside: Vec<&text::Quote> = quotes
            .iter()
            .filter(|q| q.outer.start < s.end && q.outer.end > s.start)
            .collect();
        let mut pieces = Vec::new();
        let mut at = s.start;
        for q in &inside {
            if q.outer.start > at {
                pieces.push(&text[at..q.outer.start]);
            }
            at = at.max(q.outer.end);
        }
        if at < s.end {
            pieces.push(&text[at..s.end]);
        }
        let claim = pieces
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let speaker_words: Vec<String> = inside
            .iter()
            .filter_map(|q| q.speaker.as_ref())
            .flat_map(|sp| {
                sp.name
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        let tokens = text::tokenize(&claim);
        let content = tokens
            .iter()
            .filter(|t| {
                !t.stop
                    && !speaker_words.iter().any(|w| *w == t.norm)
                    && !is_reporting_word(&t.norm)
            })
            .count();
        let needed = if inside.is_empty() { 2 } else { 3 };
        if content < needed {
            continue;
        }
        out.push(Found {
            kind: StatementKind::Claim,
            text: claim,
            span: s,
            speaker: None,
            tokens,
        });
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// Verbs and fillers of attribution that carry no claim of their own.
fn is_reporting_word(w: &str) -> bool {
    matches!(
        w,
        "stated"
            | "added"
            | "noted"
            | "asserting"
            | "asserted"
            | "explained"
            | "continued"
            | "further"
            | "reporters"
            | "spokesperson"
            | "spokesman"
            | "spokeswoman"
            | "statement"
            | "interview"
            | "saying"
            | "adding"
            | "noting"
            | "wrote"
            | "declared"
            | "insisted"
            | "emphasized"
            | "emphasised"
            | "remarked"
            | "commented"
            | "argued"
            | "warned"
            | "claimed"
            | "official"
            | "officials"
    )
}

/// A source ready for judging.
pub struct PreparedSource {
    /// The record that goes into the report.
    pub record: SourceRecord,
    /// The source document.
    pub doc: Document,
    /// Its alignment index.
    pub index: SourceIndex,
}

impl PreparedSource {
    /// Indexes a source document.
    pub fn new(doc: Document, record: SourceRecord, cfg: &Config) -> PreparedSource {
        let index = SourceIndex::new(&doc.text, &cfg.align);
        PreparedSource { record, doc, index }
    }
}

/// The report record of a source read from a local file.
pub fn file_record(id: &str, doc: &Document) -> SourceRecord {
    SourceRecord {
        id: id.to_string(),
        cited_as: None,
        path: Some(doc.origin.clone()),
        url: None,
        final_url: None,
        method: crate::report::Method::File,
        status: None,
        fetched_at: None,
        bytes: doc.bytes,
        sha256: doc.sha256.clone(),
        title: doc.title.clone(),
        canonical_url: doc.html.as_ref().and_then(|h| h.canonical_url.clone()),
        redirects: Vec::new(),
        content_type: None,
        from_cache: None,
        notes: Vec::new(),
    }
}

fn better(a: &Judgement, b: &Judgement) -> bool {
    (a.label.is_supported(), a.score) > (b.label.is_supported(), b.score)
}

/// Judges every statement of the article against the sources and builds the report.
pub fn verify(article: &Document, sources: &[PreparedSource], cfg: &Config) -> Report {
    let found = find_statements(&article.text, cfg);
    #[cfg(feature = "semantic")]
    let similarity =
        crate::semantic::shared(&cfg.align.semantic).map(|s| s as &dyn crate::align::Similarity);
    #[cfg(not(feature = "semantic"))]
    let similarity: Option<&dyn crate::align::Similarity> = None;
    let mut statements = Vec::with_capacity(found.len());
    for (n, f) in found.iter().enumerate() {
        let mut best: Option<(usize, Judgement)> = None;
        for (si, src) in sources.iter().enumerate() {
            let j = f.judge(&src.index, cfg, similarity);
            if best.as_ref().is_none_or(|(_, b)| better(&j, b)) {
                best = Some((si, j));
            }
        }
        let (label, score, evidence, diff, mut notes, source_speaker) = match best {
            Some((si, j)) => {
                let src = &sources[si];
                let evidence = j
                    .evidence
                    .clone()
                    .map(|span| Evidence {
                        source: src.record.id.clone(),
                        text: src.index.text()[span.clone()].to_string(),
                        page: src.doc.page_of(span.start),
                        span: span.into(),
                    })
                    .into_iter()
                    .collect();
                (
                    j.label,
                    j.score,
                    evidence,
                    j.diff,
                    j.notes,
                    j.source_speaker,
                )
            }
            None => {
                let label = match f.kind {
                    StatementKind::Claim => Label::Unverified,
                    StatementKind::Quote => Label::NotFound,
                };
                (
                    label,
                    0.0,
                    Vec::new(),
                    Vec::new(),
                    vec!["no source to compare with".into()],
                    None,
                )
            }
        };
        let attribution = attribution_of(f, label, source_speaker.as_ref());
        if attribution == Some(Attribution::Unknown) && label == Label::Exact {
            notes.push(match (&f.speaker, &source_speaker) {
                (None, _) => "attribution unconfirmed: the article names no speaker".into(),
                _ => "attribution unconfirmed: the source names no speaker for this passage".into(),
            });
        }
        statements.push(Statement {
            id: format!("s{}", n + 1),
            kind: f.kind,
            text: f.text.clone(),
            span: article.raw_span(f.span.clone()).into(),
            label,
            score: round3(score),
            speaker: f.speaker.as_ref().map(|s| s.name.clone()),
            source_speaker: source_speaker.map(|s| s.name),
            attribution,
            evidence,
            diff,
            notes,
        });
    }
    let summary = Summary::of(&statements);
    let policy = evaluate_policy(&cfg.policy, &summary);
    Report {
        schema_version: SCHEMA_VERSION.to_string(),
        tool: ToolInfo {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        article: ArticleInfo {
            path: article.origin.clone(),
            sha256: article.sha256.clone(),
            title: article.title.clone(),
            bytes: article.bytes,
            kind: article.kind,
        },
        citations: find_citations(article),
        sources: sources.iter().map(|s| s.record.clone()).collect(),
        unavailable: Vec::new(),
        discovery: Vec::new(),
        statements,
        summary,
        policy,
    }
}

/// Applies the policy to a report's summary.
pub fn evaluate_policy(policy: &Policy, summary: &Summary) -> PolicyOutcome {
    let mut failures = Vec::new();
    for label in &policy.fail_on {
        let n = summary.counts.get(label).copied().unwrap_or(0);
        if n > 0 {
            failures.push(format!("{n} {label}"));
        }
    }
    if policy.min_supported_share > 0.0 && summary.supported_share < policy.min_supported_share {
        failures.push(format!(
            "supported share {:.2} below {:.2}",
            summary.supported_share, policy.min_supported_share
        ));
    }
    PolicyOutcome {
        passed: failures.is_empty(),
        failures,
        fail_on: policy.fail_on.clone(),
        min_supported_share: policy.min_supported_share,
    }
}

/// Whether the article and the source give a found quote to the same speaker.
fn attribution_of(f: &Found, label: Label, source: Option<&Speaker>) -> Option<Attribution> {
    if f.kind != StatementKind::Quote || label == Label::NotFound {
        return None;
    }
    if label == Label::Misattributed {
        return Some(Attribution::Different);
    }
    Some(match text::compare_speakers(f.speaker.as_ref(), source) {
        Some(true) => Attribution::Same,
        Some(false) => Attribution::Different,
        None => Attribution::Unknown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_skip_bare_attributions_and_citation_lines() {
        let text = "Maria Lopez said: \u{201C}We will rebuild the bridge before summer.\u{201D}\n\n\
                    The council approved the budget on Tuesday.\n\nOriginal Source: www.gazette.example\n";
        let found = find_statements(text, &Config::default());
        let kinds: Vec<StatementKind> = found.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, vec![StatementKind::Quote, StatementKind::Claim]);
        assert_eq!(found[1].text, "The council approved the budget on Tuesday.");
    }
}
