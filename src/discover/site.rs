//! Finding the cited article on a site when the citation names only the site.
//!
//! "Original Source: www.telegraph.co.uk" gives no page. The site is asked, politely, through the
//! fetcher: robots.txt `Sitemap:` lines and `/sitemap.xml` (sitemap indexes followed, news
//! sitemaps read for their titles and dates), RSS/Atom/JSON feeds linked from the home page,
//! article links on the home page, and a site search template when config names one. Candidates
//! are ranked by how many of their title and URL-slug words occur in the article (and by date);
//! the best few are fetched, extracted and aligned with the article's claims, and the best
//! alignment wins if it clears `discovery.min_score`. Every candidate looked at is recorded.

use std::collections::{BTreeSet, HashSet};

use quick_xml::events::Event;
use serde::Serialize;
use url::Url;

use crate::config::Config;
use crate::fetch::{Expect, FetchError, Fetched, Fetcher};
use crate::input::Document;
use crate::text;

/// A page that might be the cited article.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct Candidate {
    /// Its URL.
    pub url: String,
    /// Title from a news sitemap, feed or link text.
    pub title: Option<String>,
    /// Date from the sitemap or feed (as written there).
    pub date: Option<String>,
    /// Where it was found ("sitemap …", "feed …", "home page", "search").
    pub found_in: String,
    /// Title/slug overlap with the article (0–1), plus a small date bonus.
    pub rank: f64,
    /// Alignment with the article's claims (0–1), when fetched.
    pub score: Option<f64>,
    /// Why it could not be used, when fetching failed.
    pub error: Option<String>,
    /// Whether it was taken as the source.
    pub chosen: bool,
}

/// What discovery did for one domain-only citation.
#[derive(Debug, Clone, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct DiscoveryRecord {
    /// The citation as written.
    pub cited_as: String,
    /// The site searched ("www.telegraph.co.uk").
    pub domain: String,
    /// The origin that answered ("https://www.telegraph.co.uk").
    pub origin: Option<String>,
    /// Sitemaps, feeds and pages read to list candidates.
    pub looked_at: Vec<String>,
    /// Candidates: all that were fetched, then the best-ranked others (at most 25 in all).
    pub candidates: Vec<Candidate>,
    /// The URL chosen, if any.
    pub chosen: Option<String>,
    /// The outcome in words.
    pub outcome: String,
}

/// What discovery needs to know of the article.
pub struct ArticleProfile {
    /// Content-word stems of the article (title weighted in by repetition).
    stems: HashSet<String>,
    /// Claims used to score fetched candidates.
    claims: Vec<String>,
    /// The article's date, when known (YYYY-MM-DD).
    date: Option<chrono::NaiveDate>,
}

impl ArticleProfile {
    /// Builds the profile of an article document.
    pub fn new(doc: &Document, cfg: &Config) -> ArticleProfile {
        let stems: HashSet<String> = text::tokenize(&doc.text)
            .into_iter()
            .filter(|t| !t.stop && t.number.is_none() && t.norm.chars().count() > 2)
            .map(|t| t.stem.to_string())
            .collect();
        let found = crate::verify::find_statements(&doc.text, cfg);
        let claims: Vec<String> = found
            .iter()
            .filter(|f| f.kind == crate::report::StatementKind::Claim)
            .map(|f| f.text.clone())
            .collect();
        // Spread a sample over the whole article when it is long.
        let step = claims.len().div_ceil(40).max(1);
        let claims = claims.into_iter().step_by(step).collect();
        let date = doc
            .html
            .as_ref()
            .and_then(|h| h.published.as_deref())
            .and_then(parse_date);
        ArticleProfile {
            stems,
            claims,
            date,
        }
    }

    /// The article's most telling words, for a site search query.
    fn query(&self, limit: usize) -> String {
        let mut words: Vec<&String> = self.stems.iter().filter(|s| s.len() > 4).collect();
        words.sort();
        words
            .into_iter()
            .take(limit)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Words of a URL path that can carry meaning ("putin-offers-to-mediate" → putin, offers, …).
fn slug_words(url: &Url) -> Vec<String> {
    url.path()
        .split(['/', '-', '_', '.', '+'])
        .filter(|w| w.len() > 2 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_ascii_lowercase)
        .filter(|w| {
            !matches!(
                w.as_str(),
                "html" | "htm" | "php" | "aspx" | "www" | "index"
            )
        })
        .collect()
}

/// Title/slug overlap of a candidate with the article, in [0, 1]; `None` when the candidate
/// carries no words to compare.
fn rank_of(profile: &ArticleProfile, url: &Url, title: Option<&str>) -> Option<f64> {
    let mut words: BTreeSet<String> = BTreeSet::new();
    let mut add = |s: &str| {
        for t in text::tokenize(s) {
            if !t.stop && t.number.is_none() && t.norm.chars().count() > 2 {
                words.insert(t.stem.to_string());
            }
        }
    };
    if let Some(t) = title {
        add(t);
    }
    add(&slug_words(url).join(" "));
    // Section names ("world", "news", "politics") say little: a slug of one or two words is weak.
    if words.len() < 3 {
        return None;
    }
    let hit = words.iter().filter(|w| profile.stems.contains(*w)).count();
    Some(hit as f64 / words.len() as f64)
}

/// A URL that cannot be an article page.
fn is_non_article(url: &Url) -> bool {
    let p = url.path().to_ascii_lowercase();
    p == "/"
        || [
            ".xml", ".gz", ".rss", ".atom", ".json", ".jpg", ".jpeg", ".png", ".gif", ".svg",
            ".webp", ".pdf", ".css", ".js", ".mp3", ".mp4", ".zip",
        ]
        .iter()
        .any(|ext| p.ends_with(ext))
}

/// URLs, titles and dates listed by a sitemap (`urls`) or sitemap index (`children`).
#[derive(Debug, Default)]
pub struct SitemapEntries {
    /// (loc, lastmod or publication date, news title).
    pub urls: Vec<(String, Option<String>, Option<String>)>,
    /// (loc, lastmod) of child sitemaps.
    pub children: Vec<(String, Option<String>)>,
}

/// Parses a sitemap or sitemap index (news sitemap extensions read for title and date).
pub fn parse_sitemap(xml: &[u8]) -> SitemapEntries {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().trim_text(true);
    let mut out = SitemapEntries::default();
    let mut buf = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let (mut loc, mut date, mut title) = (None::<String>, None::<String>, None::<String>);
    // Text arrives in pieces (entity references are events of their own): gather it per element.
    let mut text = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if name == "url" || name == "sitemap" {
                    loc = None;
                    date = None;
                    title = None;
                }
                text.clear();
                path.push(name);
            }
            Ok(Event::End(_)) => {
                let value = std::mem::take(&mut text).trim().to_string();
                store(&path, value, &mut loc, &mut date, &mut title);
                if let Some(name) = path.pop() {
                    match name.as_str() {
                        "url" => {
                            if let Some(l) = loc.take() {
                                out.urls.push((l, date.take(), title.take()));
                            }
                        }
                        "sitemap" => {
                            if let Some(l) = loc.take() {
                                out.children.push((l, date.take()));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Ok(c) = t.xml10_content() {
                    text.push_str(&c);
                }
            }
            Ok(Event::CData(t)) => text.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::GeneralRef(r)) => {
                if let Ok(Some(ch)) = r.resolve_char_ref() {
                    text.push(ch);
                } else if let Ok(name) = r.decode() {
                    if let Some(v) = quick_xml::escape::resolve_predefined_entity(&name) {
                        text.push_str(v);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

fn store(
    path: &[String],
    value: String,
    loc: &mut Option<String>,
    date: &mut Option<String>,
    title: &mut Option<String>,
) {
    if value.is_empty() {
        return;
    }
    match path.last().map(String::as_str) {
        Some("loc")
            if path.len() >= 2 && matches!(path[path.len() - 2].as_str(), "url" | "sitemap") =>
        {
            *loc = Some(value)
        }
        Some("publication_date") => *date = Some(value),
        Some("lastmod") if date.is_none() => *date = Some(value),
        Some("title") if path.iter().any(|p| p == "news") => *title = Some(value),
        _ => {}
    }
}

/// Gunzips a `.xml.gz` sitemap body (bounded), or returns it as is.
fn maybe_gunzip(body: Vec<u8>, limit: u64) -> Vec<u8> {
    use std::io::Read;
    if body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        let mut dec = flate2::read::GzDecoder::new(&body[..]).take(limit);
        if dec.read_to_end(&mut out).is_ok() {
            return out;
        }
    }
    body
}

/// Whether `host` belongs to the cited site (same host, or a subdomain of its bare domain).
fn same_site(host: &str, site_host: &str) -> bool {
    let bare = site_host.strip_prefix("www.").unwrap_or(site_host);
    host == site_host || host == bare || host.ends_with(&format!(".{bare}"))
}

struct Gathered {
    candidates: Vec<Candidate>,
    looked_at: Vec<String>,
}

impl Gathered {
    fn add(
        &mut self,
        url: &str,
        title: Option<String>,
        date: Option<String>,
        found_in: &str,
        base: &Url,
    ) {
        let Ok(u) = base.join(url.trim()) else { return };
        if !matches!(u.scheme(), "http" | "https")
            || !same_site(u.host_str().unwrap_or(""), base.host_str().unwrap_or(""))
            || is_non_article(&u)
        {
            return;
        }
        let key = crate::fetch::cache::normalize(&u);
        if let Some(c) = self.candidates.iter_mut().find(|c| c.url == key) {
            if c.title.is_none() {
                c.title = title;
            }
            if c.date.is_none() {
                c.date = date;
            }
            return;
        }
        self.candidates.push(Candidate {
            url: key,
            title: title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")),
            date,
            found_in: found_in.to_string(),
            rank: 0.0,
            score: None,
            error: None,
            chosen: false,
        });
    }
}

/// How long an https origin may lag behind an http one that already answered (a port that
/// speaks plain HTTP can leave a TLS handshake hanging until the connect timeout).
const HTTPS_GRACE: std::time::Duration = std::time::Duration::from_millis(1500);

/// Whether an origin answers at all: its robots.txt, or failing that its home page.
async fn answers(fetcher: &Fetcher, origin: &Url) -> Result<(), FetchError> {
    let robots = fetcher.robots(origin).await;
    if robots.reachable {
        return Ok(());
    }
    match fetcher.fetch(origin.as_str(), Expect::Page).await {
        Ok(_) => Ok(()),
        Err(e) if e.status().is_some() => Ok(()),
        Err(e) => Err(robots.error.clone().unwrap_or(e)),
    }
}

/// Picks the origin that answers: https preferred, http when https does not answer (a bare
/// domain says neither); both are asked at once, so a hanging TLS port costs only a short grace.
/// The `www.` form is tried when the bare name does not answer.
async fn reachable_origin(fetcher: &Fetcher, domain: &str) -> Result<Url, FetchError> {
    let mut hosts = vec![domain.to_string()];
    if !domain.starts_with("www.") && domain.matches('.').count() == 1 {
        hosts.push(format!("www.{domain}"));
    }
    let mut last_err = None;
    for host in &hosts {
        let https = crate::fetch::parse_http_url(&format!("https://{host}/"))?;
        let http = crate::fetch::parse_http_url(&format!("http://{host}/"))?;
        let secure = answers(fetcher, &https);
        let plain = answers(fetcher, &http);
        tokio::pin!(secure, plain);
        let plain_result = tokio::select! {
            r = &mut secure => match r {
                Ok(()) => return Ok(https.clone()),
                Err(_) => plain.await,
            },
            r = &mut plain => match r {
                Ok(()) => match tokio::time::timeout(HTTPS_GRACE, &mut secure).await {
                    Ok(Ok(())) => return Ok(https.clone()),
                    _ => Ok(()),
                },
                Err(e) => match secure.await {
                    Ok(()) => return Ok(https.clone()),
                    Err(_) => Err(e),
                },
            },
        };
        match plain_result {
            Ok(()) => return Ok(http.clone()),
            Err(e) => last_err = Some(e),
        }
    }
    Err(last_err.unwrap_or(FetchError::Connect {
        url: domain.to_string(),
        reason: "no answer over https or http".into(),
    }))
}

/// Lists candidates from sitemaps, feeds, the home page and site search.
async fn gather(
    fetcher: &Fetcher,
    origin: &Url,
    profile: &ArticleProfile,
    cfg: &Config,
) -> Gathered {
    let dcfg = &cfg.discovery;
    let mut g = Gathered {
        candidates: Vec::new(),
        looked_at: Vec::new(),
    };
    // Sitemaps: robots.txt lines first, then the conventional place.
    let robots = fetcher.robots(origin).await;
    let mut queue: Vec<(String, Option<String>)> =
        robots.sitemaps.iter().map(|s| (s.clone(), None)).collect();
    if let Ok(u) = origin.join("/sitemap.xml") {
        queue.push((u.to_string(), None));
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut read = 0usize;
    while !queue.is_empty() && read < dcfg.max_sitemaps {
        let (sm, _) = queue.remove(0);
        if !seen.insert(sm.clone()) {
            continue;
        }
        read += 1;
        let Ok(f) = fetcher.fetch(&sm, Expect::Feed).await else {
            continue;
        };
        g.looked_at.push(sm.clone());
        let body = maybe_gunzip(f.body, fetcher.config().max_body_bytes);
        let entries = parse_sitemap(&body);
        let mut children = entries.children;
        // News sitemaps and the newest first.
        children.sort_by(|a, b| {
            let news = |s: &str| !s.to_ascii_lowercase().contains("news");
            (news(&a.0), std::cmp::Reverse(a.1.clone()))
                .cmp(&(news(&b.0), std::cmp::Reverse(b.1.clone())))
        });
        queue.extend(children);
        for (loc, date, title) in entries.urls {
            g.add(&loc, title, date, &format!("sitemap {sm}"), &f.final_url);
        }
    }
    // The home page: feed links and article links.
    if let Ok(home) = fetcher.fetch(origin.as_str(), Expect::Page).await {
        g.looked_at.push(home.final_url.to_string());
        let html = crate::extract::decode_html(&home.body, home.content_type.as_deref());
        let (feeds, links) = page_links(&html);
        for (href, text) in links {
            let title = (text.split_whitespace().count() >= 3).then_some(text);
            g.add(&href, title, None, "home page", &home.final_url);
        }
        for feed in feeds
            .into_iter()
            .take(dcfg.max_sitemaps.saturating_sub(read).max(1))
        {
            let Ok(feed_url) = home.final_url.join(&feed) else {
                continue;
            };
            let Ok(f) = fetcher.fetch(feed_url.as_str(), Expect::Feed).await else {
                continue;
            };
            g.looked_at.push(feed_url.to_string());
            if let Ok(parsed) = feed_rs::parser::parse(&f.body[..]) {
                for entry in parsed.entries {
                    let Some(link) = entry.links.first() else {
                        continue;
                    };
                    let date = entry.published.or(entry.updated).map(|d| d.to_rfc3339());
                    g.add(
                        &link.href,
                        entry.title.map(|t| t.content),
                        date,
                        &format!("feed {feed_url}"),
                        &f.final_url,
                    );
                }
            }
        }
    }
    // The site's own search, when config gives its URL template.
    let host = origin.host_str().unwrap_or("");
    let template = dcfg
        .search
        .iter()
        .find(|(d, _)| same_site(host, d))
        .map(|(_, t)| t.clone());
    if let Some(t) = template {
        let q: String = url::form_urlencoded::byte_serialize(profile.query(8).as_bytes()).collect();
        let search_url = t.replace("{query}", &q);
        if let Ok(f) = fetcher.fetch(&search_url, Expect::Page).await {
            g.looked_at.push(search_url.clone());
            let html = crate::extract::decode_html(&f.body, f.content_type.as_deref());
            for (href, text) in page_links(&html).1 {
                let title = (text.split_whitespace().count() >= 3).then_some(text);
                g.add(&href, title, None, "site search", &f.final_url);
            }
        }
    }
    g
}

/// Feed links (`<link rel=alternate>` of feed types) and `<a href>` links with their text.
fn page_links(html: &str) -> (Vec<String>, Vec<(String, String)>) {
    let doc = scraper::Html::parse_document(html);
    let feed_sel = scraper::Selector::parse("link[rel~=alternate][href]").expect("valid selector");
    let a_sel = scraper::Selector::parse("a[href]").expect("valid selector");
    let feeds = doc
        .select(&feed_sel)
        .filter(|e| {
            let t = e.value().attr("type").unwrap_or("").to_ascii_lowercase();
            t.contains("rss") || t.contains("atom") || t.contains("feed+json")
        })
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect();
    let links = doc
        .select(&a_sel)
        .filter_map(|e| {
            let href = e.value().attr("href")?.to_string();
            let text = e.text().collect::<String>();
            Some((href, text.split_whitespace().collect::<Vec<_>>().join(" ")))
        })
        .collect();
    (feeds, links)
}

/// How well a fetched page supports the article: the mean alignment score of its claims.
pub fn support_score(profile: &ArticleProfile, doc: &Document, cfg: &Config) -> f64 {
    if profile.claims.is_empty() {
        return 0.0;
    }
    let index = crate::align::SourceIndex::new(&doc.text, &cfg.align);
    let total: f64 = profile
        .claims
        .iter()
        .map(|c| index.judge_claim(c, &cfg.align).score)
        .sum();
    total / profile.claims.len() as f64
}

/// A discovered page: the fetch and its document.
pub struct Found {
    /// The fetch.
    pub fetched: Fetched,
    /// The page as a document.
    pub doc: Document,
    /// Its alignment score.
    pub score: f64,
}

/// Looks for the article on a site named only by its domain (optionally with a port).
pub async fn find_on_site(
    fetcher: &Fetcher,
    cited_as: &str,
    domain: &str,
    profile: &ArticleProfile,
    cfg: &Config,
) -> (DiscoveryRecord, Option<Found>) {
    let mut record = DiscoveryRecord {
        cited_as: cited_as.to_string(),
        domain: domain.to_string(),
        origin: None,
        looked_at: Vec::new(),
        candidates: Vec::new(),
        chosen: None,
        outcome: String::new(),
    };
    let origin = match reachable_origin(fetcher, domain).await {
        Ok(o) => o,
        Err(e) => {
            record.outcome = format!("site not reachable: {e}");
            return (record, None);
        }
    };
    record.origin = Some(origin.as_str().trim_end_matches('/').to_string());
    let gathered = gather(fetcher, &origin, profile, cfg).await;
    record.looked_at = gathered.looked_at;
    let mut cands = gathered.candidates;
    // Rank: title/slug overlap, a little for closeness in date; uninformative ones after.
    let mut informative = Vec::new();
    let mut blind = Vec::new();
    for mut c in cands.drain(..) {
        let Ok(u) = Url::parse(&c.url) else { continue };
        let date_bonus = match (profile.date, c.date.as_deref().and_then(parse_date)) {
            (Some(a), Some(b)) => 0.1 * (-((a - b).num_days().abs() as f64) / 7.0).exp(),
            _ => 0.0,
        };
        match rank_of(profile, &u, c.title.as_deref()) {
            Some(r) => {
                c.rank = crate::report::round3(r + date_bonus);
                informative.push(c);
            }
            None => {
                c.rank = crate::report::round3(date_bonus);
                blind.push(c);
            }
        }
    }
    informative.sort_by(|a, b| b.rank.total_cmp(&a.rank).then(a.url.cmp(&b.url)));
    blind.sort_by(|a, b| {
        b.rank
            .total_cmp(&a.rank)
            .then(b.date.cmp(&a.date))
            .then(a.url.cmp(&b.url))
    });
    let dcfg = &cfg.discovery;
    informative.truncate(dcfg.max_candidates);
    blind.truncate(dcfg.max_candidates.saturating_sub(informative.len()));
    let n_inf = informative.len();
    let mut order: Vec<Candidate> = informative;
    order.extend(blind);
    if order.is_empty() {
        record.outcome =
            "no candidate pages found in the site's sitemaps, feeds or home page".into();
        return (record, None);
    }
    // Which to fetch: the best-ranked few, then (if none convinced) the untitled ones.
    let first = n_inf.min(dcfg.fetch_candidates);
    let plan: Vec<usize> = (0..first)
        .chain((n_inf..order.len()).take(dcfg.max_blind_fetches))
        .collect();
    let mut best: Option<(usize, Found)> = None;
    for (step, &i) in plan.iter().enumerate() {
        if best
            .as_ref()
            .is_some_and(|(_, b)| b.score >= dcfg.confident_score)
        {
            break;
        }
        // Done with the ranked ones and one already clears the bar: stop there.
        if step == first
            && best
                .as_ref()
                .is_some_and(|(_, b)| b.score >= dcfg.min_score)
        {
            break;
        }
        let url = order[i].url.clone();
        match fetcher.fetch(&url, Expect::Page).await {
            Ok(f) => {
                let read = crate::sources::cpu(|| {
                    crate::sources::doc_of(&f).map(|doc| {
                        let score = support_score(profile, &doc, cfg);
                        (doc, score)
                    })
                });
                match read {
                    Ok((doc, score)) => {
                        order[i].score = Some(crate::report::round3(score));
                        if best.as_ref().is_none_or(|(_, b)| score > b.score) {
                            best = Some((
                                i,
                                Found {
                                    fetched: f,
                                    doc,
                                    score,
                                },
                            ));
                        }
                    }
                    Err(e) => order[i].error = Some(e.to_string()),
                }
            }
            Err(e) => order[i].error = Some(e.to_string()),
        }
    }
    let fetched_n = order
        .iter()
        .filter(|c| c.score.is_some() || c.error.is_some())
        .count();
    let result = match best {
        Some((i, found)) if found.score >= dcfg.min_score => {
            order[i].chosen = true;
            record.chosen = Some(found.fetched.final_url.to_string());
            record.outcome = format!(
                "chose {} (score {:.2}) among {} candidates, {} fetched",
                found.fetched.final_url,
                found.score,
                order.len(),
                fetched_n
            );
            Some(found)
        }
        Some((_, found)) => {
            record.outcome = format!(
                "source not found: the best of {fetched_n} fetched candidates scored {:.2}, below discovery.min_score {:.2}",
                found.score, dcfg.min_score
            );
            None
        }
        None => {
            record.outcome = format!(
                "source not found: none of the {fetched_n} candidates fetched could be read"
            );
            None
        }
    };
    // Keep the record readable: fetched candidates first, then the best-ranked others.
    let (mut tried, rest): (Vec<Candidate>, Vec<Candidate>) = order
        .into_iter()
        .partition(|c| c.score.is_some() || c.error.is_some());
    tried.sort_by(|a, b| {
        b.score
            .unwrap_or(-1.0)
            .total_cmp(&a.score.unwrap_or(-1.0))
            .then(a.url.cmp(&b.url))
    });
    let room = 25usize.saturating_sub(tried.len());
    tried.extend(rest.into_iter().take(room));
    record.candidates = tried;
    (record, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_index_and_news_sitemap() {
        let index = br#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://a.example/news.xml</loc><lastmod>2025-01-08</lastmod></sitemap></sitemapindex>"#;
        let e = parse_sitemap(index);
        assert_eq!(
            e.children,
            vec![(
                "https://a.example/news.xml".to_string(),
                Some("2025-01-08".to_string())
            )]
        );
        let news = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://a.example/x</loc><news:news><news:publication><news:name>A</news:name></news:publication>
<news:publication_date>2025-01-08T09:00:00Z</news:publication_date><news:title><![CDATA[Bridge & budget]]></news:title></news:news></url>
<url><loc>https://a.example/y</loc><lastmod>2024-12-01</lastmod></url></urlset>"#;
        let e = parse_sitemap(news);
        assert_eq!(e.urls.len(), 2);
        assert_eq!(e.urls[0].2.as_deref(), Some("Bridge & budget"));
        assert_eq!(e.urls[0].1.as_deref(), Some("2025-01-08T09:00:00Z"));
        assert_eq!(e.urls[1].1.as_deref(), Some("2024-12-01"));
    }

    #[test]
    fn slugs_and_sites() {
        let u = Url::parse("https://x.example/world/2025/03/08/putin-offers-to-mediate/").unwrap();
        assert_eq!(slug_words(&u), vec!["world", "putin", "offers", "mediate"]);
        let h = Url::parse("https://x.example/news/6a72de37e8f9.html").unwrap();
        assert!(slug_words(&h).iter().all(|w| w == "news"));
        assert!(same_site("news.telegraph.co.uk", "www.telegraph.co.uk"));
        assert!(!same_site("evil.example", "www.telegraph.co.uk"));
    }
}
