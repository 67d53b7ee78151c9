//! Markdown for pull-request comments and GitHub step summaries: a verdict line, a summary table,
//! the sources, and every statement the source does not support, with its evidence and why.

use std::io::{self, Write};

use crate::align::{DiffOp, Label};

use super::{Attribution, Report, Reporter, Statement};

/// Markdown report.
pub struct Markdown;

/// Escapes text for a Markdown table cell or inline run.
fn esc(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(flat.len());
    for c in flat.chars() {
        if matches!(
            c,
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '\\'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn diff_text(st: &Statement) -> Option<String> {
    if !st.diff.iter().any(|d| d.op != DiffOp::Equal) {
        return None;
    }
    let parts: Vec<String> = st
        .diff
        .iter()
        .map(|d| match d.op {
            DiffOp::Equal => esc(&d.text),
            DiffOp::Delete => format!("~~{}~~", esc(&d.text)),
            DiffOp::Insert => format!("**{}**", esc(&d.text)),
        })
        .collect();
    Some(parts.join(" "))
}

impl Reporter for Markdown {
    fn write(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let title = r.article.title.as_deref().unwrap_or(&r.article.path);
        let verdict = if r.policy.passed {
            "✅ passed".to_string()
        } else {
            format!("❌ failed: {}", esc(&r.policy.failures.join("; ")))
        };
        writeln!(out, "### provcheck: {}", esc(title))?;
        writeln!(out)?;
        writeln!(
            out,
            "`{}` — {} statements, {:.0}% supported — policy {verdict}",
            esc(&r.article.path).replace('`', "'"),
            r.summary.statements,
            r.summary.supported_share * 100.0
        )?;
        writeln!(out)?;
        let labels: Vec<Label> = Label::ALL.to_vec();
        writeln!(
            out,
            "| {} |",
            labels
                .iter()
                .map(|l| l.as_str().replace('_', "\\_"))
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
        writeln!(out, "|{}", "---:|".repeat(labels.len()))?;
        writeln!(
            out,
            "| {} |",
            labels
                .iter()
                .map(|l| r.summary.counts.get(l).copied().unwrap_or(0).to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        )?;
        writeln!(out)?;
        if !r.sources.is_empty() {
            writeln!(out, "**Sources**")?;
            writeln!(out)?;
            for s in &r.sources {
                let place = s
                    .final_url
                    .as_deref()
                    .or(s.path.as_deref())
                    .unwrap_or("(unknown)");
                let method = serde_json::to_value(s.method)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "- {}: {} ({method}{}, sha256 `{}`)",
                    s.id,
                    esc(place),
                    s.status.map(|c| format!(", HTTP {c}")).unwrap_or_default(),
                    &s.sha256[..s.sha256.len().min(12)]
                )?;
            }
            for u in &r.unavailable {
                writeln!(
                    out,
                    "- unavailable: {} — {}",
                    esc(&u.cited_as),
                    esc(&u.reason)
                )?;
            }
            writeln!(out)?;
        }
        let problems: Vec<&Statement> = Label::BY_SEVERITY
            .iter()
            .filter(|l| !l.is_supported())
            .flat_map(|l| r.statements.iter().filter(move |s| s.label == *l))
            .collect();
        let unconfirmed: Vec<&Statement> = r
            .statements
            .iter()
            .filter(|s| s.label.is_supported() && s.attribution == Some(Attribution::Unknown))
            .collect();
        if !unconfirmed.is_empty() {
            let ids: Vec<&str> = unconfirmed.iter().map(|s| s.id.as_str()).collect();
            writeln!(
                out,
                "Quotes found word for word whose speaker is unconfirmed (the article or the source names nobody): {}",
                ids.join(", ")
            )?;
            writeln!(out)?;
        }
        if problems.is_empty() {
            writeln!(out, "Every statement is supported by the source.")?;
            return Ok(());
        }
        writeln!(out, "**Statements the source does not support**")?;
        writeln!(out)?;
        for st in problems {
            let failing = r.policy.fail_on.contains(&st.label);
            writeln!(
                out,
                "- {} **{}** {} ({}, score {:.2}, bytes {}..{}): {}",
                if failing { "❌" } else { "⚠️" },
                st.label.as_str().replace('_', "\\_"),
                st.id,
                match st.kind {
                    super::StatementKind::Claim => "claim",
                    super::StatementKind::Quote => "quote",
                },
                st.score,
                st.span.start,
                st.span.end,
                esc(&st.text)
            )?;
            if let Some(sp) = &st.speaker {
                let src = st
                    .source_speaker
                    .as_deref()
                    .map(|s| format!("; source: {}", esc(s)))
                    .unwrap_or_default();
                let attr = st
                    .attribution
                    .map(|a| format!(" (attribution: {})", a.as_str()))
                    .unwrap_or_default();
                writeln!(out, "  - speaker in the article: {}{src}{attr}", esc(sp))?;
            }
            for e in &st.evidence {
                writeln!(out, "  - source ({}): {}", e.source, esc(&e.text))?;
            }
            if let Some(d) = diff_text(st) {
                writeln!(out, "  - diff: {d}")?;
            }
            for n in &st.notes {
                writeln!(out, "  - {}", esc(n))?;
            }
        }
        Ok(())
    }
}
