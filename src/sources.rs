//! Obtaining the sources of an article: `--source` files and URLs, or what the article cites.
//!
//! Citations become targets: a URL is fetched directly; a bare domain (or a publication name,
//! through the `[publishers]` registry) is searched with [`crate::discover::site`]. A page that
//! looks paywalled or answers 401/402/403/404/410/451 (or not at all) is looked up in the
//! archives of `fetch.archives` before giving up. What could not be obtained is recorded with
//! the reason, never silently dropped.

use serde::Serialize;
use url::Url;

use crate::config::{ArchiveKind, Config};
use crate::discover::site::{find_on_site, ArticleProfile, DiscoveryRecord};
use crate::discover::{find_citations, Citation, CitationKind};
use crate::error::Error;
use crate::fetch::{Expect, FetchError, Fetched, Fetcher};
use crate::input::{self, Document};
use crate::report::{Method, SourceRecord};
use crate::verify::{file_record, PreparedSource};

/// Runs CPU-heavy work (extraction, indexing, alignment) from async code without stalling the
/// runtime: on a multi-threaded tokio runtime the worker hands its other tasks away first
/// (`block_in_place`); elsewhere the work simply runs.
pub fn cpu<R>(f: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// A cited source that could not be obtained.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Unavailable {
    /// The citation as written (or the `--source` value).
    pub cited_as: String,
    /// The URL tried, if any.
    pub url: Option<String>,
    /// Why, in one line.
    pub reason: String,
}

/// Everything obtained for one article.
#[derive(Default)]
pub struct Obtained {
    /// Sources ready for judging.
    pub sources: Vec<PreparedSource>,
    /// Citations that could not be obtained.
    pub unavailable: Vec<Unavailable>,
    /// What site discovery did.
    pub discovery: Vec<DiscoveryRecord>,
}

/// What to obtain.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Url { cited_as: String, url: String },
    Site { cited_as: String, domain: String },
    File { path: String },
    Missing { cited_as: String, reason: String },
}

fn bare_host(h: &str) -> String {
    let h = h.to_ascii_lowercase();
    let h = h.split(':').next().unwrap_or("").to_string();
    h.strip_prefix("www.").map_or(h.clone(), str::to_string)
}

/// Plans what to fetch from `--source` values or, without them, the article's citations.
fn plan(
    explicit: &[String],
    citations: &[Citation],
    base: Option<&Url>,
    cfg: &Config,
) -> Vec<Target> {
    if !explicit.is_empty() {
        return explicit
            .iter()
            .map(|s| {
                if s.starts_with("http://") || s.starts_with("https://") {
                    Target::Url {
                        cited_as: s.clone(),
                        url: s.clone(),
                    }
                } else {
                    Target::File { path: s.clone() }
                }
            })
            .collect();
    }
    // Explicit source lines outrank links and phrases in running text.
    let strong = |c: &&Citation| {
        matches!(
            c.kind,
            CitationKind::OriginalSourceLine
                | CitationKind::SourceLine
                | CitationKind::FrontMatter
                | CitationKind::Via
        )
    };
    let chosen: Vec<&Citation> = if citations.iter().any(|c| strong(&c)) {
        citations.iter().filter(strong).collect()
    } else {
        citations.iter().collect()
    };
    let mut targets: Vec<Target> = Vec::new();
    let mut covered_hosts: Vec<String> = Vec::new();
    // URLs first, so a domain or publication naming the same site adds nothing.
    for c in &chosen {
        if let Some(u) = &c.url {
            let resolved = match base {
                Some(b) => b
                    .join(u)
                    .map(|x| x.to_string())
                    .unwrap_or_else(|_| u.clone()),
                None => u.clone(),
            };
            if targets
                .iter()
                .any(|t| matches!(t, Target::Url { url, .. } if *url == resolved))
            {
                continue;
            }
            if let Some(h) = crate::discover::host_of(&resolved) {
                covered_hosts.push(bare_host(&h));
            }
            targets.push(Target::Url {
                cited_as: c.text.clone(),
                url: resolved,
            });
        }
    }
    for c in &chosen {
        if c.url.is_some() {
            continue;
        }
        let domains: Vec<String> = match (&c.domain, &c.publication) {
            (Some(d), _) => vec![d.clone()],
            (None, Some(p)) => cfg.publisher_domains(p),
            _ => Vec::new(),
        };
        if domains.is_empty() {
            if let Some(p) = &c.publication {
                if !targets
                    .iter()
                    .any(|t| matches!(t, Target::Missing { cited_as, .. } if cited_as == p))
                {
                    targets.push(Target::Missing {
                        cited_as: p.clone(),
                        reason: format!(
                            "\"{p}\" is not in the [publishers] registry; add it to config.toml or pass the page with --source"
                        ),
                    });
                }
            }
            continue;
        }
        if domains
            .iter()
            .any(|d| covered_hosts.contains(&bare_host(d)))
        {
            continue;
        }
        covered_hosts.extend(domains.iter().map(|d| bare_host(d)));
        targets.push(Target::Site {
            cited_as: c.text.clone(),
            domain: domains[0].clone(),
        });
    }
    // A publication is only a weak citation when a source line names another site too.
    let has_real = targets
        .iter()
        .any(|t| matches!(t, Target::Url { .. } | Target::Site { .. }));
    if has_real {
        targets.retain(|t| !matches!(t, Target::Missing { .. }));
    }
    targets.truncate(cfg.fetch.max_sources.max(1));
    targets
}

/// Signs that a fetched page is a paywall teaser, not the article; `None` when it looks whole.
pub fn paywall_signs(doc: &Document, article: &Document) -> Option<String> {
    let words = |s: &str| s.split_whitespace().count();
    let page_words = words(&doc.text);
    let article_words = words(&article.text).max(1);
    let raw = doc.raw.to_ascii_lowercase();
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let mut signs = Vec::new();
    if compact.contains("\"isaccessibleforfree\":false")
        || compact.contains("\"isaccessibleforfree\":\"false\"")
    {
        signs.push("the page declares isAccessibleForFree: false");
    }
    if [
        "class=\"paywall",
        "id=\"paywall",
        "subscribe to continue reading",
        "subscribe to read",
        "to continue reading, subscribe",
        "this article is for subscribers",
        "subscriber-only",
    ]
    .iter()
    .any(|m| raw.contains(m))
    {
        signs.push("paywall markup");
    }
    let short = page_words * 2 < article_words;
    let very_short = page_words * 4 < article_words && page_words < 200;
    if (short && !signs.is_empty()) || very_short {
        Some(format!(
            "looks like a paywall teaser ({}{} words of text against the article's {article_words})",
            if signs.is_empty() {
                String::new()
            } else {
                format!("{}; ", signs.join(", "))
            },
            page_words
        ))
    } else {
        None
    }
}

fn record_of(
    id: &str,
    cited_as: Option<&str>,
    f: &Fetched,
    doc: &Document,
    method: Method,
) -> SourceRecord {
    let mut r = file_record(id, doc);
    r.path = None;
    r.cited_as = cited_as.map(str::to_string);
    r.url = Some(f.requested.clone());
    r.final_url = Some(f.final_url.to_string());
    r.redirects = f.redirects.clone();
    r.method = method;
    r.status = Some(f.status);
    r.fetched_at = Some(f.fetched_at.clone());
    r.bytes = f.body.len() as u64;
    r.sha256 = f.sha256.clone();
    r.content_type = f.content_type.clone();
    r.from_cache = Some(f.from_cache);
    r
}

/// A fetched body as a document (HTML unless the server says otherwise).
pub fn doc_of(f: &Fetched) -> Result<Document, Error> {
    input::from_bytes(
        f.final_url.as_str(),
        None,
        &f.body,
        f.content_type.as_deref().or(Some("text/html")),
    )
}

/// Looks for an archived copy of a URL in the configured archives.
async fn from_archives(
    fetcher: &Fetcher,
    url: &str,
    article: &Document,
) -> Result<(String, Fetched, Document), String> {
    let mut tried = Vec::new();
    for a in &fetcher.config().archives {
        let snapshot = match a.kind {
            ArchiveKind::Direct => a.url.replace("{url}", url),
            ArchiveKind::Availability => {
                let enc: String = url::form_urlencoded::byte_serialize(url.as_bytes()).collect();
                let api = a.url.replace("{url}", &enc);
                let answer = match fetcher.fetch(&api, Expect::Json).await {
                    Ok(f) => f,
                    Err(e) => {
                        tried.push(format!("{}: {e}", a.name));
                        continue;
                    }
                };
                let v: serde_json::Value = match serde_json::from_slice(&answer.body) {
                    Ok(v) => v,
                    Err(e) => {
                        tried.push(format!("{}: unreadable answer ({e})", a.name));
                        continue;
                    }
                };
                let closest = &v["archived_snapshots"]["closest"];
                match closest["url"].as_str() {
                    Some(u) if closest["available"].as_bool() != Some(false) => u.to_string(),
                    _ => {
                        tried.push(format!("{}: no snapshot", a.name));
                        continue;
                    }
                }
            }
        };
        match fetcher.fetch(&snapshot, Expect::Page).await {
            Ok(f) => match cpu(|| doc_of(&f)) {
                Ok(doc) if paywall_signs(&doc, article).is_none() => {
                    return Ok((a.name.clone(), f, doc));
                }
                Ok(_) => tried.push(format!("{}: the archived copy is a teaser too", a.name)),
                Err(e) => tried.push(format!("{}: {e}", a.name)),
            },
            Err(e) => tried.push(format!("{}: {e}", a.name)),
        }
    }
    Err(if tried.is_empty() {
        "no archives configured".into()
    } else {
        tried.join("; ")
    })
}

/// Statuses after which an archived copy is worth trying.
fn archive_worthy(e: &FetchError) -> bool {
    matches!(e.status(), Some(401 | 402 | 403 | 404 | 410 | 451)) || e.is_unreachable()
}

/// Loads an article from a file or an http(s) URL; for a URL, also the base for relative links.
pub async fn load_article(
    arg: &str,
    fetcher: &Fetcher,
    cfg: &Config,
) -> Result<(Document, Option<Url>), Error> {
    if !crate::fetch::is_http_url(arg) {
        let path = std::path::Path::new(arg);
        return Ok((cpu(|| input::load(path, cfg.input.max_bytes))?, None));
    }
    let f = fetcher
        .fetch(arg, Expect::Page)
        .await
        .map_err(|e| Error::Input {
            path: std::path::PathBuf::from(arg),
            reason: format!("cannot fetch the article: {e}"),
        })?;
    let mut doc = cpu(|| doc_of(&f))?;
    doc.origin = arg.to_string();
    Ok((doc, Some(f.final_url)))
}

/// Builds the report of an article from what was obtained, recording what was not (a missing
/// source fails the policy when `policy.fail_on_missing_source`).
pub fn report_for(doc: &Document, obtained: Obtained, cfg: &Config) -> crate::report::Report {
    let mut report = crate::verify::verify(doc, &obtained.sources, cfg);
    report.unavailable = obtained.unavailable;
    report.discovery = obtained.discovery;
    if !report.unavailable.is_empty() && cfg.policy.fail_on_missing_source {
        report.policy.passed = false;
        report.policy.failures.push(format!(
            "{} cited source(s) unavailable",
            report.unavailable.len()
        ));
    }
    report
}

/// The one-line reason an article has no source to compare with.
pub fn no_source_reason(doc: &Document, unavailable: &[Unavailable]) -> String {
    if unavailable.is_empty() {
        format!("{}: the article cites no source", doc.origin)
    } else {
        let why: Vec<String> = unavailable
            .iter()
            .map(|u| format!("\"{}\": {}", u.cited_as, u.reason))
            .collect();
        format!("{}: source not found: {}", doc.origin, why.join("; "))
    }
}

/// Obtains every source of an article.
pub async fn obtain(
    article: &Document,
    base: Option<&Url>,
    explicit: &[String],
    fetcher: &Fetcher,
    cfg: &Config,
) -> Result<Obtained, Error> {
    let citations = find_citations(article);
    let targets = plan(explicit, &citations, base, cfg);
    let mut out = Obtained::default();
    let mut profile: Option<ArticleProfile> = None;
    for target in targets {
        let id = format!("src{}", out.sources.len() + 1);
        match target {
            Target::File { path } => {
                let doc = input::load(std::path::Path::new(&path), cfg.input.max_bytes)?;
                let record = file_record(&id, &doc);
                out.sources
                    .push(cpu(|| PreparedSource::new(doc, record, cfg)));
            }
            Target::Missing { cited_as, reason } => out.unavailable.push(Unavailable {
                cited_as,
                url: None,
                reason,
            }),
            Target::Url { cited_as, url } => {
                let cited = (!explicit.contains(&cited_as)).then_some(cited_as.as_str());
                match fetcher.fetch(&url, Expect::Page).await {
                    Ok(f) => match cpu(|| doc_of(&f)) {
                        Ok(doc) => {
                            let mut record = record_of(&id, cited, &f, &doc, Method::Direct);
                            let mut chosen = (doc, record.clone());
                            if let Some(signs) = paywall_signs(&chosen.0, article) {
                                match from_archives(fetcher, &url, article).await {
                                    Ok((name, af, adoc)) => {
                                        record = record_of(&id, cited, &af, &adoc, Method::Archive);
                                        record.url = Some(url.clone());
                                        record
                                            .notes
                                            .push(format!("{url} {signs}; used the {name} copy"));
                                        chosen = (adoc, record);
                                    }
                                    Err(why) => {
                                        chosen.1.notes.push(format!(
                                            "{signs}; no archived copy ({why}); compared with the teaser"
                                        ));
                                    }
                                }
                            }
                            out.sources
                                .push(cpu(|| PreparedSource::new(chosen.0, chosen.1, cfg)));
                        }
                        Err(e) => out.unavailable.push(Unavailable {
                            cited_as: cited_as.clone(),
                            url: Some(url.clone()),
                            reason: e.to_string(),
                        }),
                    },
                    Err(e) if archive_worthy(&e) && !fetcher.offline() => {
                        match from_archives(fetcher, &url, article).await {
                            Ok((name, af, adoc)) => {
                                let mut record = record_of(&id, cited, &af, &adoc, Method::Archive);
                                record.url = Some(url.clone());
                                record.notes.push(format!("{e}; used the {name} copy"));
                                out.sources
                                    .push(cpu(|| PreparedSource::new(adoc, record, cfg)));
                            }
                            Err(why) => out.unavailable.push(Unavailable {
                                cited_as: cited_as.clone(),
                                url: Some(url.clone()),
                                reason: format!("{e}; no archived copy ({why})"),
                            }),
                        }
                    }
                    Err(e) => out.unavailable.push(Unavailable {
                        cited_as: cited_as.clone(),
                        url: Some(url.clone()),
                        reason: e.to_string(),
                    }),
                }
            }
            Target::Site { cited_as, domain } => {
                let profile = profile.get_or_insert_with(|| ArticleProfile::new(article, cfg));
                let (record, found) = find_on_site(fetcher, &cited_as, &domain, profile, cfg).await;
                match found {
                    Some(found) => {
                        let mut r = record_of(
                            &id,
                            Some(&cited_as),
                            &found.fetched,
                            &found.doc,
                            Method::Discovered,
                        );
                        r.notes.push(record.outcome.clone());
                        out.sources
                            .push(cpu(|| PreparedSource::new(found.doc, r, cfg)));
                    }
                    None => out.unavailable.push(Unavailable {
                        cited_as: cited_as.clone(),
                        url: record.origin.clone(),
                        reason: format!("{domain}: {}", record.outcome),
                    }),
                }
                out.discovery.push(record);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        input::from_bytes("a.txt", None, text.as_bytes(), None).unwrap()
    }

    #[test]
    fn plan_prefers_source_lines_and_maps_publications() {
        let cfg = Config::default();
        let d = doc("Putin offered talks, as reported by The Telegraph.\nOriginal Source: www.telegraph.co.uk\n");
        let t = plan(&[], &find_citations(&d), None, &cfg);
        assert_eq!(
            t,
            vec![Target::Site {
                cited_as: "www.telegraph.co.uk".into(),
                domain: "www.telegraph.co.uk".into()
            }]
        );
        let d = doc("Putin offered talks, as reported by The Telegraph.\n");
        let t = plan(&[], &find_citations(&d), None, &cfg);
        assert_eq!(
            t,
            vec![Target::Site {
                cited_as: "The Telegraph".into(),
                domain: "telegraph.co.uk".into()
            }]
        );
        let d = doc("Talks resumed, as reported by the Harbour Bugle.\n");
        let t = plan(&[], &find_citations(&d), None, &cfg);
        assert!(matches!(&t[0], Target::Missing { reason, .. } if reason.contains("[publishers]")));
    }

    #[test]
    fn teaser_pages_are_recognised() {
        let article = doc(&"The council approved the repair budget on Tuesday. ".repeat(40));
        let teaser = input::from_bytes(
            "t.html",
            None,
            b"<html><body><article><p>The council approved the repair budget on Tuesday.</p><div class=\"paywall\">Subscribe to continue reading</div></article></body></html>",
            Some("text/html"),
        )
        .unwrap();
        assert!(paywall_signs(&teaser, &article).is_some());
        assert!(paywall_signs(&article, &article).is_none());
    }
}
