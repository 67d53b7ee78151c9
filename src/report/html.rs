//! HTML output: one self-contained page for an editor to read in a browser.
//!
//! The report carries statements, not the article, so the page shows the article as its
//! statements in order, each highlighted by label, with the source passage, score, notes,
//! speakers and word diff beside it (stacked on phone widths). Above: the article, the verdict,
//! a legend with counts, the sources. Everything is inline (CSS only, no script) and a
//! Content-Security-Policy forbids loading anything, so the file works offline and never
//! phones home. The same report gives the same bytes. Every piece of report text is escaped.

use std::io::{self, Write};

use serde::Serialize;

use crate::align::{DiffOp, Label};

use super::{Attribution, Report, Reporter, SourceRecord, Statement, StatementKind};

/// Writes the report as a self-contained HTML page.
pub struct Html;

/// How a label looks and what it means.
struct Style {
    label: Label,
    /// Highlight behind the statement text (body text colour on top).
    background: &'static str,
    /// Badge background (white text on top) and row border.
    accent: &'static str,
    meaning: &'static str,
}

/// Body text colour.
const TEXT: &str = "#111827";

/// Label colours, chosen for WCAG AA contrast (checked by a test): dark text on the light
/// highlight, white text on the dark accent. Order is `Label::ALL`.
const STYLES: [Style; 9] = [
    Style {
        label: Label::Verbatim,
        background: "#dcfce7",
        accent: "#166534",
        meaning: "Claim the source states in (nearly) the same words.",
    },
    Style {
        label: Label::Paraphrase,
        background: "#ecfccb",
        accent: "#3f6212",
        meaning: "Claim the source states in other words; every number, name and negation agrees.",
    },
    Style {
        label: Label::Exact,
        background: "#ccfbf1",
        accent: "#115e59",
        meaning: "Quote found word for word in the source, given to the same speaker.",
    },
    Style {
        label: Label::Partial,
        background: "#fef9c3",
        accent: "#854d0e",
        meaning: "Claim of which only part is supported by the source.",
    },
    Style {
        label: Label::Altered,
        background: "#ffedd5",
        accent: "#9a3412",
        meaning: "Quote whose closest source passage has words changed, added or dropped.",
    },
    Style {
        label: Label::Contradicted,
        background: "#fee2e2",
        accent: "#991b1b",
        meaning: "Claim whose source passage disagrees on a number, name or negation.",
    },
    Style {
        label: Label::Misattributed,
        background: "#f3e8ff",
        accent: "#6b21a8",
        meaning: "Quote found in the source but given there to a different speaker.",
    },
    Style {
        label: Label::Unverified,
        background: "#e5e7eb",
        accent: "#374151",
        meaning: "Claim that nothing in the source supports.",
    },
    Style {
        label: Label::NotFound,
        background: "#fce7f3",
        accent: "#9d174d",
        meaning: "Quote with no resembling passage in the source.",
    },
];

/// Layout and typography; the label rules are appended from [`STYLES`].
const CSS: &str = "\
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#111827;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;overflow-wrap:break-word}
main,header.page,footer.page{max-width:78rem;margin:0 auto;padding:0 1rem}
header.page{padding-top:1rem}
h1{font-size:1.6rem;margin:.5rem 0}
h2{font-size:1.3rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:2px solid #d1d5db}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
a{color:#1d4ed8}
nav.toc ul{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;min-width:0}
code,.hash{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.hash,.url{overflow-wrap:anywhere;word-break:break-all}
.muted{color:#4b5563}
.na{color:#4b5563}
.verdict{border:2px solid;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.verdict p{margin:0}
.verdict ul{margin:.5rem 0 0;padding-left:1.25rem}
.verdict.pass{border-color:#166534;background:#dcfce7}
.verdict.fail{border-color:#991b1b;background:#fee2e2}
.verdict strong{font-size:1.1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #d1d5db;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f3f4f6}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.badge{display:inline-block;color:#fff;border-radius:.25rem;padding:0 .4rem;font-size:.85rem;font-weight:600;letter-spacing:.02em;white-space:nowrap}
ol.statements{list-style:none;margin:0;padding:0}
.cols{display:none}
.row{border-left:.375rem solid #6b7280;border-bottom:1px solid #e5e7eb;padding:.75rem 0 .75rem .75rem;display:grid;grid-template-columns:minmax(0,1fr);gap:.5rem}
.row>div{min-width:0}
.meta{margin:0 0 .25rem;font-size:.9rem;color:#4b5563}
.meta .sid{font-weight:600}
p.text{margin:0;font-size:1.05rem}
mark{color:#111827;padding:.05rem .2rem;border-radius:.2rem;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.src .heading{margin:0 0 .25rem;font-size:.9rem;font-weight:600;color:#374151}
blockquote{margin:0 0 .5rem;padding:.25rem .75rem;border-left:3px solid #9ca3af;background:#f9fafb}
blockquote p{margin:0}
blockquote footer{font-size:.85rem;color:#4b5563}
.none{font-style:italic;color:#4b5563;margin:0 0 .5rem}
dl.speakers{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 .75rem;margin:0 0 .5rem;font-size:.95rem}
dl.speakers dt{color:#374151}
dl.speakers dd{margin:0;font-weight:600}
dd.attribution-unknown{color:#92400e}
dd.attribution-different{color:#b91c1c}
.differs{text-decoration:underline wavy #991b1b}
.diff{margin:0 0 .5rem;padding:.25rem .5rem;background:#f9fafb;border:1px dashed #9ca3af}
.diff .key{display:block;font-size:.85rem;color:#4b5563}
del{background:#fee2e2;color:#7f1d1d;text-decoration:line-through 2px}
ins{background:#dcfce7;color:#14532d;text-decoration:underline 2px}
ul.notes{margin:0;padding-left:1.25rem;font-size:.95rem;list-style:disc}
.vh{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
footer.page{margin:2rem auto;color:#4b5563;font-size:.9rem}
@media (max-width:47.99rem){
table.cards thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
table.cards tr{border:1px solid #d1d5db;border-radius:.375rem;margin:0 0 .75rem;padding:.25rem .5rem}
table.cards td{border:0;padding:.2rem 0;display:grid;grid-template-columns:7.5rem minmax(0,1fr);gap:.5rem}
table.cards td::before{content:attr(data-th);font-weight:600}
table.cards th[scope=row]{display:block;border:0;padding:.2rem 0;background:none;font-size:1.05rem}
table.cards th[scope=row]::before{content:\"Source \"}
#legend thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
#legend,#legend tbody,#legend tfoot,#legend caption{display:block}
#legend tr{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:.15rem .5rem;border:1px solid #d1d5db;border-top:0;padding:.4rem .5rem}
#legend tbody tr:first-child{border-top:1px solid #d1d5db}
#legend th,#legend td{display:block;border:0;padding:0}
#legend td.meaning{grid-column:1/-1;grid-row:2}
#legend td.num::before{content:attr(data-th) \": \";color:#4b5563}
.row{padding-left:.5rem}
.src{border-top:1px dashed #d1d5db;padding-top:.5rem}
}
@media (min-width:48rem){
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;font-weight:600;color:#374151;padding:0 0 .25rem 1.125rem;border-bottom:2px solid #d1d5db}
.row{grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem}
}
@media print{.row{break-inside:avoid}a{color:inherit}}
";

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A value's name as in the JSON report ("original_source_line").
fn json_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// "—" for a missing value, marked up so it reads as "none".
const NA: &str = "<span class=\"na\" title=\"none\">\u{2014}</span>";

fn opt_text(v: Option<&str>) -> String {
    v.map_or_else(|| NA.to_string(), escape)
}

/// A URL as a link when it is http(s) (never `javascript:` and the like), else as text.
fn url(u: Option<&str>) -> String {
    match u {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => format!(
            "<a class=\"url\" href=\"{0}\" rel=\"noopener noreferrer nofollow\">{0}</a>",
            escape(u)
        ),
        Some(u) => format!("<span class=\"url\">{}</span>", escape(u)),
        None => NA.to_string(),
    }
}

fn kind_name(k: StatementKind) -> &'static str {
    match k {
        StatementKind::Claim => "claim",
        StatementKind::Quote => "quote",
    }
}

fn badge(label: Label) -> String {
    format!("<span class=\"badge badge-{0}\">{0}</span>", label.as_str())
}

fn label_css() -> String {
    let mut css = String::new();
    for s in &STYLES {
        let l = s.label.as_str();
        css.push_str(&format!(
            ".label-{l}{{background:{bg};color:{TEXT}}}\n.badge-{l}{{background:{ac}}}\n.row-{l}{{border-left-color:{ac}}}\n",
            bg = s.background,
            ac = s.accent,
        ));
    }
    css
}

fn head(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let title = format!("provcheck report: {}", r.article.path);
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"{} {}\">\n<title>{}</title>\n<style>\n{CSS}{}</style>\n</head>\n<body>\n",
        escape(&r.tool.name),
        escape(&r.tool.version),
        escape(&title),
        label_css()
    )
}

fn header(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let a = &r.article;
    writeln!(out, "<header class=\"page\">\n<h1>provcheck report</h1>")?;
    writeln!(
        out,
        "<dl class=\"facts\">\n<dt>Article</dt><dd><code class=\"url\">{}</code></dd>\n\
         <dt>Title</dt><dd>{}</dd>\n<dt>SHA-256</dt><dd><code class=\"hash\">{}</code></dd>\n\
         <dt>Size</dt><dd>{} bytes, {}</dd>\n</dl>",
        escape(&a.path),
        opt_text(a.title.as_deref()),
        escape(&a.sha256),
        a.bytes,
        escape(&json_name(&a.kind)),
    )?;
    let p = &r.policy;
    let sum = &r.summary;
    let (class, verdict) = if p.passed {
        ("pass", "Policy passed")
    } else {
        ("fail", "Policy failed")
    };
    writeln!(
        out,
        "<div class=\"verdict {class}\">\n<p><strong>{verdict}</strong> \u{2014} \
         {} of {} statement{} supported ({:.0}%).</p>",
        sum.supported,
        sum.statements,
        if sum.statements == 1 { "" } else { "s" },
        sum.supported_share * 100.0
    )?;
    let fail_on: Vec<&str> = p.fail_on.iter().map(|l| l.as_str()).collect();
    let min_share = if p.min_supported_share > 0.0 {
        format!("{:.0}%", p.min_supported_share * 100.0)
    } else {
        "off".to_string()
    };
    writeln!(
        out,
        "<p class=\"muted\">Fails on: {}; minimum supported share: {min_share}.</p>",
        if fail_on.is_empty() {
            "no label".to_string()
        } else {
            fail_on.join(", ")
        }
    )?;
    if !p.failures.is_empty() {
        writeln!(out, "<ul>")?;
        for f in &p.failures {
            writeln!(out, "<li>{}</li>", escape(f))?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</div>")?;
    let mut toc = vec![
        ("summary", "Summary and legend"),
        ("sources", "Sources"),
        ("statements", "Statements"),
    ];
    if !r.discovery.is_empty() {
        toc.push(("discovery", "Site search"));
    }
    writeln!(out, "<nav class=\"toc\" aria-label=\"Contents\"><ul>")?;
    for (id, name) in toc {
        writeln!(out, "<li><a href=\"#{id}\">{name}</a></li>")?;
    }
    writeln!(out, "</ul></nav>\n</header>")
}

fn summary(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<section id=\"summary\" aria-labelledby=\"summary-h\">\n<h2 id=\"summary-h\">Summary and legend</h2>\n\
         <div class=\"scroll\"><table id=\"legend\">\n<caption>What each label means, and how many statements have it</caption>\n\
         <thead><tr><th scope=\"col\">Label</th><th scope=\"col\">Meaning</th><th scope=\"col\">Statements</th></tr></thead>\n<tbody>"
    )?;
    for s in &STYLES {
        let n = r.summary.counts.get(&s.label).copied().unwrap_or(0);
        writeln!(
            out,
            "<tr data-label=\"{l}\"><th scope=\"row\">{}</th><td class=\"meaning\">{}</td>\
             <td class=\"num\" data-th=\"Statements\">{n}</td></tr>",
            badge(s.label),
            escape(s.meaning),
            l = s.label.as_str(),
        )?;
    }
    writeln!(
        out,
        "</tbody>\n<tfoot><tr><th scope=\"row\">All</th><td class=\"meaning\">Supported (verbatim, paraphrase, \
         exact): {} ({:.1}%)</td><td class=\"num\" data-th=\"Statements\">{}</td></tr></tfoot>\n</table></div>",
        r.summary.supported,
        r.summary.supported_share * 100.0,
        r.summary.statements
    )?;
    writeln!(
        out,
        "<p class=\"muted\">In word diffs, <del>struck-through words</del> are the source's and \
         <ins>underlined words</ins> the article's.</p>\n</section>"
    )
}

/// One cell of a table that turns into a card on phone widths.
fn cell(th: &str, body: &str) -> String {
    format!("<td data-th=\"{}\">{body}</td>", escape(th))
}

fn source_row(s: &SourceRecord) -> String {
    let mut loc = match (&s.url, &s.path) {
        (Some(u), _) => url(Some(u)),
        (None, Some(p)) => format!("<code class=\"url\">{}</code>", escape(p)),
        (None, None) => NA.to_string(),
    };
    if let Some(t) = &s.title {
        loc.push_str(&format!("<br><span class=\"muted\">{}</span>", escape(t)));
    }
    let mut fin = url(s.final_url.as_deref());
    if !s.redirects.is_empty() {
        let chain: Vec<String> = s.redirects.iter().map(|u| url(Some(u))).collect();
        fin.push_str(&format!(
            "<br><span class=\"muted\">redirected from</span> {}",
            chain.join(" \u{2192} ")
        ));
    }
    let notes = if s.notes.is_empty() {
        NA.to_string()
    } else {
        let items: Vec<String> = s
            .notes
            .iter()
            .map(|n| format!("<li>{}</li>", escape(n)))
            .collect();
        format!("<ul class=\"notes\">{}</ul>", items.concat())
    };
    let cells = [
        cell("Cited as", &opt_text(s.cited_as.as_deref())),
        cell("URL or path", &loc),
        cell("Final URL", &fin),
        cell("Method", &escape(&json_name(&s.method))),
        cell(
            "HTTP status",
            &s.status.map_or_else(|| NA.to_string(), |c| c.to_string()),
        ),
        cell("Fetched", &opt_text(s.fetched_at.as_deref())),
        cell(
            "SHA-256",
            &format!("<code class=\"hash\">{}</code>", escape(&s.sha256)),
        ),
        cell(
            "From cache",
            match s.from_cache {
                Some(true) => "yes",
                Some(false) => "no",
                None => NA,
            },
        ),
        cell("Notes", &notes),
    ];
    format!(
        "<tr id=\"source-{0}\"><th scope=\"row\" data-th=\"ID\">{0}</th>{1}</tr>\n",
        escape(&s.id),
        cells.concat()
    )
}

fn sources(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<section id=\"sources\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>"
    )?;
    if r.sources.is_empty() {
        writeln!(
            out,
            "<p class=\"none\">No source could be compared against.</p>"
        )?;
    } else {
        write!(
            out,
            "<table class=\"cards sources\">\n<thead><tr><th scope=\"col\">ID</th>"
        )?;
        for h in [
            "Cited as",
            "URL or path",
            "Final URL",
            "Method",
            "HTTP status",
            "Fetched",
            "SHA-256",
            "From cache",
            "Notes",
        ] {
            write!(out, "<th scope=\"col\">{h}</th>")?;
        }
        writeln!(out, "</tr></thead>\n<tbody>")?;
        for s in &r.sources {
            out.write_all(source_row(s).as_bytes())?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    writeln!(out, "<h3>Unavailable sources</h3>")?;
    if r.unavailable.is_empty() {
        writeln!(
            out,
            "<p class=\"none\">None: every cited source was obtained.</p>"
        )?;
    } else {
        writeln!(out, "<ul class=\"unavailable\">")?;
        for u in &r.unavailable {
            let at = u
                .url
                .as_deref()
                .map(|x| format!(" ({})", url(Some(x))))
                .unwrap_or_default();
            writeln!(
                out,
                "<li><strong>{}</strong>{at}: {}</li>",
                escape(&u.cited_as),
                escape(&u.reason)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    if !r.citations.is_empty() {
        writeln!(
            out,
            "<h3>Citations in the article</h3>\n<ul class=\"citations\">"
        )?;
        for c in &r.citations {
            let at = c
                .span
                .map(|s| format!(", bytes {}\u{2013}{}", s.start, s.end))
                .unwrap_or_default();
            writeln!(
                out,
                "<li><span class=\"url\">{}</span> <span class=\"muted\">({}{at})</span></li>",
                escape(&c.text),
                escape(&json_name(&c.kind))
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(out, "</section>")
}

/// The article side of a statement: its text highlighted by label.
fn article_side(r: &Report, s: &Statement) -> String {
    let l = s.label.as_str();
    let id = escape(&s.id);
    let mut within = String::new();
    if s.kind == StatementKind::Quote {
        // A quote inside a sentence: say which claim holds the rest of it.
        if let Some(c) = r.statements.iter().find(|c| {
            c.kind == StatementKind::Claim
                && c.span.start <= s.span.start
                && s.span.end <= c.span.end
        }) {
            within = format!(" \u{00B7} in <a href=\"#{0}\">{0}</a>", escape(&c.id));
        }
    }
    let text = match s.kind {
        StatementKind::Quote => format!("\u{201C}{}\u{201D}", escape(&s.text)),
        StatementKind::Claim => escape(&s.text),
    };
    let speaker = match (s.kind, &s.speaker) {
        (StatementKind::Quote, Some(n)) => {
            format!(" <span class=\"muted\">\u{2014} {}</span>", escape(n))
        }
        _ => String::new(),
    };
    format!(
        "<div class=\"art\">\n<p class=\"meta\"><a class=\"sid\" href=\"#{id}\">{id}</a> {kind} {badge}{within} \
         \u{00B7} bytes {start}\u{2013}{end}</p>\n\
         <p class=\"text\"><mark id=\"{id}\" class=\"label-{l}\" data-label=\"{l}\">{text}</mark>{speaker}</p>\n</div>\n",
        kind = kind_name(s.kind),
        badge = badge(s.label),
        start = s.span.start,
        end = s.span.end,
    )
}

/// The source side of a statement: passage, score, speakers, diff, notes.
fn source_side(s: &Statement) -> String {
    let mut h = String::from("<div class=\"src\">\n");
    let sources: Vec<String> = s
        .evidence
        .iter()
        .map(|e| format!("<a href=\"#source-{0}\">{0}</a>", escape(&e.source)))
        .collect();
    h.push_str(&format!(
        "<p class=\"heading\">{} \u{00B7} score {:.2}</p>\n",
        if sources.is_empty() {
            "No source passage".to_string()
        } else {
            format!("Source {}", sources.join(", "))
        },
        s.score
    ));
    for e in &s.evidence {
        h.push_str(&format!(
            "<blockquote><p>{}</p><footer>{}, bytes {}\u{2013}{} of its text</footer></blockquote>\n",
            escape(&e.text),
            escape(&e.source),
            e.span.start,
            e.span.end
        ));
    }
    if s.kind == StatementKind::Quote {
        let differs = s.label == Label::Misattributed;
        let who = |n: &Option<String>| {
            let v = opt_text(n.as_deref());
            if differs {
                format!("<span class=\"differs\">{v}</span>")
            } else {
                v
            }
        };
        h.push_str(&format!(
            "<dl class=\"speakers\"><dt>Article gives it to</dt><dd>{}</dd>",
            who(&s.speaker)
        ));
        // Without a passage there is no source speaker to compare with.
        if !s.evidence.is_empty() {
            h.push_str(&format!(
                "<dt>Source gives it to</dt><dd>{}</dd>",
                who(&s.source_speaker)
            ));
        }
        if let Some(a) = s.attribution {
            let says = match a {
                Attribution::Same => "same speaker",
                Attribution::Different => "different speakers",
                Attribution::Unknown => "unconfirmed",
            };
            h.push_str(&format!(
                "<dt>Attribution</dt><dd class=\"attribution-{}\">{says}</dd>",
                a.as_str()
            ));
        }
        h.push_str("</dl>\n");
    }
    if !s.diff.is_empty() {
        h.push_str(
            "<p class=\"diff\"><span class=\"key\">Word diff, source \u{2192} article</span>",
        );
        let parts: Vec<String> = s
            .diff
            .iter()
            .map(|d| match d.op {
                DiffOp::Equal => escape(&d.text),
                DiffOp::Delete => format!(
                    "<del><span class=\"vh\">source: </span>{}</del>",
                    escape(&d.text)
                ),
                DiffOp::Insert => format!(
                    "<ins><span class=\"vh\">article: </span>{}</ins>",
                    escape(&d.text)
                ),
            })
            .collect();
        h.push_str(&parts.join(" "));
        h.push_str("</p>\n");
    }
    if !s.notes.is_empty() {
        h.push_str("<ul class=\"notes\">");
        for n in &s.notes {
            h.push_str(&format!("<li>{}</li>", escape(n)));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</div>\n");
    h
}

fn statements(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "<section id=\"statements\" aria-labelledby=\"statements-h\">\n\
         <h2 id=\"statements-h\">Statements</h2>\n\
         <p class=\"muted\">The article's claims and quotes in article order, each beside the source \
         passage behind its label.</p>"
    )?;
    if r.statements.is_empty() {
        return writeln!(
            out,
            "<p class=\"none\">The article has no statements to check.</p>\n</section>"
        );
    }
    writeln!(
        out,
        "<div class=\"cols\" aria-hidden=\"true\"><span>Article</span><span>Source</span></div>\n\
         <ol class=\"statements\">"
    )?;
    for s in &r.statements {
        write!(
            out,
            "<li class=\"row row-{}\">\n{}{}</li>\n",
            s.label.as_str(),
            article_side(r, s),
            source_side(s)
        )?;
    }
    writeln!(out, "</ol>\n</section>")
}

fn discovery(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    if r.discovery.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<section id=\"discovery\" aria-labelledby=\"discovery-h\">\n<h2 id=\"discovery-h\">Site search</h2>"
    )?;
    for d in &r.discovery {
        writeln!(
            out,
            "<h3>{}{}</h3>\n<dl class=\"facts\">\
             <dt>Outcome</dt><dd>{}</dd><dt>Chosen</dt><dd>{}</dd><dt>Origin</dt><dd>{}</dd></dl>",
            escape(&d.domain),
            if d.cited_as == d.domain {
                String::new()
            } else {
                format!(
                    " <span class=\"muted\">(cited as {})</span>",
                    escape(&d.cited_as)
                )
            },
            escape(&d.outcome),
            url(d.chosen.as_deref()),
            url(d.origin.as_deref()),
        )?;
        if !d.looked_at.is_empty() {
            writeln!(
                out,
                "<details><summary>Looked at {} sitemap, feed or page URL{}</summary><ul>",
                d.looked_at.len(),
                if d.looked_at.len() == 1 { "" } else { "s" }
            )?;
            for u in &d.looked_at {
                writeln!(out, "<li>{}</li>", url(Some(u)))?;
            }
            writeln!(out, "</ul></details>")?;
        }
        if !d.candidates.is_empty() {
            writeln!(
                out,
                "<div class=\"scroll\"><table>\n<caption>Candidates</caption>\n<thead><tr>\
                 <th scope=\"col\">URL</th><th scope=\"col\">Title</th><th scope=\"col\">Date</th>\
                 <th scope=\"col\">Found in</th><th scope=\"col\">Rank</th><th scope=\"col\">Score</th>\
                 <th scope=\"col\">Chosen</th><th scope=\"col\">Error</th></tr></thead>\n<tbody>"
            )?;
            for c in &d.candidates {
                writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.2}</td>\
                     <td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                    url(Some(&c.url)),
                    opt_text(c.title.as_deref()),
                    opt_text(c.date.as_deref()),
                    escape(&c.found_in),
                    c.rank,
                    c.score
                        .map_or_else(|| NA.to_string(), |x| format!("{x:.2}")),
                    if c.chosen { "yes" } else { "no" },
                    opt_text(c.error.as_deref()),
                )?;
            }
            writeln!(out, "</tbody>\n</table></div>")?;
        }
    }
    writeln!(out, "</section>")
}

impl Reporter for Html {
    fn write(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        head(r, out)?;
        header(r, out)?;
        writeln!(out, "<main>")?;
        summary(r, out)?;
        sources(r, out)?;
        statements(r, out)?;
        discovery(r, out)?;
        writeln!(out, "</main>")?;
        writeln!(
            out,
            "<footer class=\"page\"><p>Made by {} {} at {} (report schema {}).</p></footer>\n</body>\n</html>",
            escape(&r.tool.name),
            escape(&r.tool.version),
            escape(&r.generated_at),
            escape(&r.schema_version)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::{input, verify};

    fn render(article: &str, source: &str) -> (Report, String) {
        let cfg = Config::default();
        let article = input::from_bytes("article.txt", None, article.as_bytes(), None).unwrap();
        let source = input::from_bytes("source.txt", None, source.as_bytes(), None).unwrap();
        let record = verify::file_record("src1", &source);
        let prepared = verify::PreparedSource::new(source, record, &cfg);
        let report = verify::verify(&article, &[prepared], &cfg);
        let mut out = Vec::new();
        Html.write(&report, &mut out).unwrap();
        (report, String::from_utf8(out).unwrap())
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            escape(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
        let (_, html) = render(
            "The <script>alert(1)</script> council & mayor approved the \"plan\" on Tuesday.",
            "The council approved the plan on Tuesday.",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("council &amp; mayor"));
    }

    #[test]
    fn every_statement_has_its_id_and_label() {
        let (report, html) = render(
            "The council approved the budget of 12 million on Tuesday. \
             Mayor Ann Lee said: \u{201C}We will fix the bridge this year.\u{201D} \
             A petition about cycle lanes was launched.",
            "On Tuesday the council approved the budget of 15 million. \
             \u{201C}We will fix the bridge this year,\u{201D} said Mayor Ann Lee.",
        );
        assert!(report.statements.len() >= 3, "{:?}", report.statements);
        for s in &report.statements {
            let l = s.label.as_str();
            let want = format!(
                "<mark id=\"{}\" class=\"label-{l}\" data-label=\"{l}\">",
                s.id
            );
            assert!(html.contains(&want), "missing {want}");
        }
        for l in Label::ALL {
            assert!(
                html.contains(&format!("<tr data-label=\"{l}\">")),
                "legend lacks {l}"
            );
        }
        // Same report, same bytes.
        let mut again = Vec::new();
        Html.write(&report, &mut again).unwrap();
        assert_eq!(String::from_utf8(again).unwrap(), html);
    }

    #[test]
    fn shows_fetched_sources_unavailable_and_discovery() {
        use crate::discover::site::{Candidate, DiscoveryRecord};
        use crate::report::Method;
        use crate::sources::Unavailable;

        let (mut report, _) = render(
            "The council approved the budget of 12 million on Tuesday.",
            "On Tuesday the council approved the budget of 15 million.",
        );
        let mut fetched = report.sources[0].clone();
        fetched.id = "src2".into();
        fetched.cited_as = Some("www.gazette.example".into());
        fetched.path = None;
        fetched.url = Some("http://gazette.example/a?x=1&y=2".into());
        fetched.final_url = Some("https://www.gazette.example/a".into());
        fetched.redirects = vec!["http://gazette.example/a?x=1&y=2".into()];
        fetched.method = Method::Discovered;
        fetched.status = Some(200);
        fetched.fetched_at = Some("2025-01-09T10:00:00Z".into());
        fetched.from_cache = Some(true);
        fetched.notes = vec!["found by searching the site".into()];
        report.sources.push(fetched);
        report.unavailable.push(Unavailable {
            cited_as: "The <Times>".into(),
            url: Some("javascript:alert(1)".into()),
            reason: "HTTP 404".into(),
        });
        report.discovery.push(DiscoveryRecord {
            cited_as: "www.gazette.example".into(),
            domain: "www.gazette.example".into(),
            origin: Some("https://www.gazette.example".into()),
            looked_at: vec!["https://www.gazette.example/sitemap.xml".into()],
            candidates: vec![Candidate {
                url: "https://www.gazette.example/a".into(),
                title: Some("Council & budget".into()),
                date: Some("2025-01-08".into()),
                found_in: "sitemap".into(),
                rank: 0.8,
                score: Some(0.9),
                error: None,
                chosen: true,
            }],
            chosen: Some("https://www.gazette.example/a".into()),
            outcome: "chose the best-scoring candidate".into(),
        });
        let mut out = Vec::new();
        Html.write(&report, &mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        for want in [
            "<tr id=\"source-src2\">",
            "<td data-th=\"HTTP status\">200</td>",
            "<td data-th=\"Fetched\">2025-01-09T10:00:00Z</td>",
            "<td data-th=\"From cache\">yes</td>",
            "<td data-th=\"Method\">discovered</td>",
            "href=\"http://gazette.example/a?x=1&amp;y=2\"",
            "redirected from",
            "<strong>The &lt;Times&gt;</strong>",
            "HTTP 404",
            "<section id=\"discovery\"",
            "Council &amp; budget",
            "chose the best-scoring candidate",
        ] {
            assert!(html.contains(want), "missing {want}");
        }
        // Only http(s) URLs become links.
        assert!(!html.contains("href=\"javascript:"));
    }

    /// WCAG relative luminance of "#rrggbb".
    fn luminance(hex: &str) -> f64 {
        let c = |i: usize| {
            let v = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn label_colours_meet_wcag_aa() {
        assert_eq!(
            STYLES.iter().map(|s| s.label).collect::<Vec<_>>(),
            Label::ALL.to_vec()
        );
        for s in &STYLES {
            let text = contrast(TEXT, s.background);
            let badge = contrast("#ffffff", s.accent);
            assert!(text >= 4.5, "{}: text on highlight {text:.2}", s.label);
            assert!(badge >= 4.5, "{}: badge text {badge:.2}", s.label);
        }
    }
}
