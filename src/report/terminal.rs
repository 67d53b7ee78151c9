//! Terminal output for a person: statements grouped by label, problems first, altered quotes with
//! their word diff, one summary line at the end. Colour only when asked (the CLI decides from
//! the terminal and NO_COLOR).

use std::io::{self, Write};

use crate::align::{DiffOp, Label};

use super::{Attribution, Report, Reporter, StatementKind};

/// Human-readable report.
pub struct Terminal {
    /// Use ANSI colours.
    pub color: bool,
}

fn color_of(label: Label) -> &'static str {
    match label {
        Label::Contradicted | Label::Misattributed | Label::NotFound => "31", // red
        Label::Altered | Label::Unverified | Label::Partial => "33",          // yellow
        Label::Paraphrase | Label::Verbatim | Label::Exact => "32",           // green
    }
}

impl Terminal {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        s
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

impl Reporter for Terminal {
    fn write(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        let title = r.article.title.as_deref().unwrap_or("(untitled)");
        writeln!(
            out,
            "{}",
            self.paint("1", &format!("provcheck: {}", r.article.path))
        )?;
        writeln!(out, "  title: {}", shorten(title, 100))?;
        for s in &r.sources {
            let loc = s
                .final_url
                .as_deref()
                .or(s.url.as_deref())
                .or(s.path.as_deref())
                .unwrap_or("?");
            let sha: String = s.sha256.chars().take(12).collect();
            writeln!(
                out,
                "  source {}: {} ({:?}, {} bytes, sha256 {sha}…)",
                s.id, loc, s.method, s.bytes
            )?;
        }
        for label in Label::BY_SEVERITY {
            let group: Vec<_> = r.statements.iter().filter(|s| s.label == label).collect();
            if group.is_empty() {
                continue;
            }
            writeln!(out)?;
            let head = format!(
                "{} ({})",
                label.as_str().to_uppercase().replace('_', " "),
                group.len()
            );
            writeln!(
                out,
                "{}",
                self.paint(&format!("1;{}", color_of(label)), &head)
            )?;
            for s in group {
                let kind = match s.kind {
                    StatementKind::Claim => "claim",
                    StatementKind::Quote => "quote",
                };
                let body = match s.kind {
                    StatementKind::Quote => format!("\u{201C}{}\u{201D}", shorten(&s.text, 110)),
                    StatementKind::Claim => shorten(&s.text, 110),
                };
                let speaker = s
                    .speaker
                    .as_deref()
                    .map(|n| format!(" \u{2014} {n}"))
                    .unwrap_or_default();
                let speaker = match (s.attribution, s.source_speaker.as_deref()) {
                    (Some(Attribution::Different), Some(src)) => {
                        format!("{speaker} (source: {src})")
                    }
                    (Some(Attribution::Unknown), _) => {
                        format!("{speaker} (attribution unconfirmed)")
                    }
                    _ => speaker,
                };
                writeln!(
                    out,
                    "  {} {kind} {}{speaker}  [{:.2}, bytes {}..{}]",
                    self.paint("2", &s.id),
                    body,
                    s.score,
                    s.span.start,
                    s.span.end
                )?;
                if !label.is_supported() {
                    for note in &s.notes {
                        writeln!(out, "      note: {note}")?;
                    }
                }
                if !s.diff.is_empty() {
                    let mut line = String::new();
                    for d in &s.diff {
                        let piece = match d.op {
                            DiffOp::Equal => d.text.clone(),
                            DiffOp::Delete => self.paint("31", &format!("[-{}-]", d.text)),
                            DiffOp::Insert => self.paint("32", &format!("{{+{}+}}", d.text)),
                        };
                        if !line.is_empty() {
                            line.push(' ');
                        }
                        line.push_str(&piece);
                    }
                    writeln!(out, "      diff: {line}")?;
                }
                if let Some(e) = s.evidence.first() {
                    if !label.is_supported() || label == Label::Paraphrase {
                        writeln!(
                            out,
                            "      source ({}): {}",
                            e.source,
                            shorten(&e.text, 160)
                        )?;
                    }
                }
            }
        }
        writeln!(out)?;
        let sum = &r.summary;
        let counts: Vec<String> = Label::BY_SEVERITY
            .iter()
            .filter_map(|l| {
                let n = sum.counts.get(l).copied().unwrap_or(0);
                (n > 0).then(|| format!("{n} {}", l.as_str()))
            })
            .collect();
        let verdict = if r.policy.passed {
            self.paint("1;32", "policy passed")
        } else {
            self.paint(
                "1;31",
                &format!("policy FAILED: {}", r.policy.failures.join("; ")),
            )
        };
        writeln!(
            out,
            "{} statements: {} \u{2014} {:.0}% supported \u{2014} {verdict}",
            sum.statements,
            if counts.is_empty() {
                "none".to_string()
            } else {
                counts.join(", ")
            },
            sum.supported_share * 100.0
        )
    }
}
