//! Batch runs: every article of a feed, a folder or a URL list, verified with bounded concurrency.
//!
//! Items come from an RSS/Atom/JSON Feed (file or URL, parsed with feed-rs), a folder of articles
//! (Markdown, HTML, text) or a text file of URLs. Each item is loaded (or fetched), its sources
//! obtained and the article verified; a bad item becomes an error outcome with its reason and the
//! run goes on. At most `jobs` items are in flight, on top of the fetcher's per-host limits; CPU
//! work runs through [`crate::sources::cpu`] so it never stalls the runtime.
//!
//! Results are cached per article (its sha256, the tool version and a hash of the config) together
//! with the sha256 of every source used: a re-run re-reads the article and its sources (from the
//! HTTP cache when fresh) and reuses the report when nothing changed. Each result is written as
//! soon as its item finishes, so a run killed halfway loses nothing already verified.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::error::Error;
use crate::fetch::{Expect, Fetcher};
use crate::input::{self, sha256_hex};
use crate::report::Report;
use crate::sources::{cpu, load_article, no_source_reason, obtain, report_for};

/// One article of a batch.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Its URL or file path.
    pub id: String,
    /// Title from the feed, when it gives one.
    pub title: Option<String>,
    /// Publication date from the feed (RFC 3339), when it gives one.
    pub date: Option<String>,
    /// Whether `id` is a URL (else a file path).
    pub is_url: bool,
}

/// What became of one item.
#[derive(Debug)]
pub enum Outcome {
    /// The article was verified (or its unchanged result reused).
    Verified {
        /// The item.
        item: Item,
        /// Its report.
        report: Box<Report>,
        /// Whether the report came from the results cache.
        cached: bool,
    },
    /// The item could not be verified.
    Failed {
        /// The item.
        item: Item,
        /// Why, in one line.
        reason: String,
    },
}

impl Outcome {
    /// The item.
    pub fn item(&self) -> &Item {
        match self {
            Outcome::Verified { item, .. } | Outcome::Failed { item, .. } => item,
        }
    }

    /// The JSON Lines object: the full report plus `item` (or `item` and `error`).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Outcome::Verified { item, report, .. } => {
                let mut v = serde_json::to_value(report).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert(
                        "item".into(),
                        serde_json::to_value(item).unwrap_or_default(),
                    );
                }
                v
            }
            Outcome::Failed { item, reason } => serde_json::json!({
                "item": item,
                "error": reason,
            }),
        }
    }
}

/// Which items to take.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only items dated on or after this day (items without a date are kept).
    pub since: Option<chrono::NaiveDate>,
    /// At most this many items (after `since` and `shard`).
    pub max_items: Option<usize>,
    /// `(k, n)`: only the items whose id hashes to shard k of n (1-based k).
    pub shard: Option<(usize, usize)>,
}

/// Parses `K/N` (1 ≤ K ≤ N).
pub fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("--shard \"{s}\": expected K/N with 1 <= K <= N, e.g. 2/4");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// The shard (0-based) an item id falls in: a stable hash of the id, so every machine agrees.
pub fn shard_of(id: &str, n: usize) -> usize {
    let h = sha256_hex(id.as_bytes());
    let v = u64::from_str_radix(&h[..16], 16).unwrap_or(0);
    (v % n as u64) as usize
}

impl Selection {
    /// Applies the selection, keeping the input order.
    pub fn apply(&self, items: Vec<Item>) -> Vec<Item> {
        let mut out: Vec<Item> = items
            .into_iter()
            .filter(
                |it| match (self.since, it.date.as_deref().and_then(item_day)) {
                    (Some(since), Some(day)) => day >= since,
                    _ => true,
                },
            )
            .filter(|it| match self.shard {
                Some((k, n)) => shard_of(&it.id, n) == k - 1,
                None => true,
            })
            .collect();
        if let Some(max) = self.max_items {
            out.truncate(max);
        }
        out
    }
}

fn item_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(s)
        .map(|d| d.date_naive())
        .ok()
        .or_else(|| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok())
}

const ARTICLE_EXTENSIONS: [&str; 6] = ["md", "markdown", "html", "htm", "txt", "text"];

/// Items of a parsed feed (entries with a link), in feed order.
fn feed_items(bytes: &[u8], origin: &str) -> Result<Vec<Item>, String> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| format!("{origin}: not a feed ({e})"))?;
    Ok(feed
        .entries
        .into_iter()
        .filter_map(|e| {
            let link = e.links.first()?.href.clone();
            Some(Item {
                id: link,
                title: e.title.map(|t| t.content),
                date: e.published.or(e.updated).map(|d| d.to_rfc3339()),
                is_url: true,
            })
        })
        .collect())
}

/// Lists the items of a batch input: a feed (file or URL), a folder, or a file of URLs.
pub async fn list_items(input: &str, fetcher: &Fetcher) -> Result<Vec<Item>, Error> {
    let err = |reason: String| Error::Input {
        path: PathBuf::from(input),
        reason,
    };
    if crate::fetch::is_http_url(input) {
        let f = fetcher
            .fetch(input, Expect::Feed)
            .await
            .map_err(|e| err(format!("cannot fetch the feed: {e}")))?;
        return feed_items(&f.body, input).map_err(err);
    }
    let path = Path::new(input);
    if path.is_dir() {
        let mut files = Vec::new();
        let mut stack = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let entries = std::fs::read_dir(&dir).map_err(|e| err(e.to_string()))?;
            for entry in entries.flatten() {
                let p = entry.path();
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with('.') || name.starts_with('_') {
                    continue;
                }
                if p.is_dir() {
                    stack.push(p);
                } else if p
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                {
                    files.push(p);
                }
            }
        }
        files.sort();
        if files.is_empty() {
            return Err(err(
                "is a folder with no articles (.md, .html, .txt) in it".into()
            ));
        }
        return Ok(files
            .into_iter()
            .map(|p| Item {
                id: p.display().to_string(),
                title: None,
                date: None,
                is_url: false,
            })
            .collect());
    }
    let bytes = input::read_file(path, 64 * 1024 * 1024)?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_string();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') || trimmed.starts_with('{') {
        return feed_items(&bytes, input).map_err(err);
    }
    // A list of URLs, one per line; blank lines and "#" comments skipped.
    let text = String::from_utf8(bytes).map_err(|_| err("is not UTF-8 text".into()))?;
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if !crate::fetch::is_http_url(l) {
            return Err(err(format!(
                "line {}: \"{l}\" is not an http(s) URL (a URL list has one URL per line)",
                n + 1
            )));
        }
        items.push(Item {
            id: l.to_string(),
            title: None,
            date: None,
            is_url: true,
        });
    }
    Ok(items)
}

/// A hash of everything that changes results: the tool version and the whole config.
pub fn config_hash(cfg: &Config) -> String {
    let json = serde_json::to_string(cfg).unwrap_or_default();
    sha256_hex(format!("{}\n{json}", env!("CARGO_PKG_VERSION")).as_bytes())
}

/// A stored result: the sources it was computed from, and the report.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// (where to re-read the source: final URL or path, its sha256, whether it is a URL).
    sources: Vec<(String, String, bool)>,
    report: serde_json::Value,
}

/// The results cache of batch runs (one file per article key).
#[derive(Debug, Clone)]
pub struct Results {
    dir: PathBuf,
    config_hash: String,
}

impl Results {
    /// Opens (creating) `dir`.
    pub fn open(dir: &Path, cfg: &Config) -> std::io::Result<Results> {
        std::fs::create_dir_all(dir)?;
        Ok(Results {
            dir: dir.to_path_buf(),
            config_hash: config_hash(cfg),
        })
    }

    fn path(&self, article_sha: &str) -> PathBuf {
        let key = sha256_hex(format!("{article_sha}\n{}", self.config_hash).as_bytes());
        self.dir.join(format!("{key}.json"))
    }

    fn load(&self, article_sha: &str) -> Option<Stored> {
        let text = std::fs::read_to_string(self.path(article_sha)).ok()?;
        serde_json::from_str(&text).ok()
    }

    fn store(&self, article_sha: &str, report: &Report) -> std::io::Result<()> {
        let sources = report
            .sources
            .iter()
            .map(|s| match (&s.final_url, &s.path) {
                (Some(u), _) => (u.clone(), s.sha256.clone(), true),
                (None, Some(p)) => (p.clone(), s.sha256.clone(), false),
                (None, None) => (String::new(), s.sha256.clone(), false),
            })
            .collect();
        let stored = Stored {
            sources,
            report: serde_json::to_value(report).map_err(std::io::Error::other)?,
        };
        let bytes = serde_json::to_vec(&stored).map_err(std::io::Error::other)?;
        crate::fetch::cache::write_atomic(&self.path(article_sha), &bytes)
    }
}

/// Whether every source a stored result used is unchanged (re-read through the HTTP cache).
async fn unchanged(stored: &Stored, fetcher: &Fetcher) -> bool {
    for (place, sha, is_url) in &stored.sources {
        let now = if *is_url {
            match fetcher.fetch(place, Expect::Page).await {
                Ok(f) => f.sha256,
                Err(_) => return false,
            }
        } else {
            match std::fs::read(place) {
                Ok(b) => sha256_hex(&b),
                Err(_) => return false,
            }
        };
        if &now != sha {
            return false;
        }
    }
    !stored.sources.is_empty()
}

/// Verifies one item (or reuses its unchanged result).
pub async fn process(
    item: Item,
    fetcher: &Fetcher,
    cfg: &Config,
    results: Option<&Results>,
) -> Outcome {
    let (doc, base) = match load_article(&item.id, fetcher, cfg).await {
        Ok(d) => d,
        Err(e) => {
            return Outcome::Failed {
                item,
                reason: e.to_string(),
            }
        }
    };
    if let Some(stored) = results.and_then(|r| r.load(&doc.sha256)) {
        if unchanged(&stored, fetcher).await {
            if let Ok(report) = serde_json::from_value::<Report>(stored.report) {
                return Outcome::Verified {
                    item,
                    report: Box::new(report),
                    cached: true,
                };
            }
        }
    }
    let obtained = match obtain(&doc, base.as_ref(), &[], fetcher, cfg).await {
        Ok(o) => o,
        Err(e) => {
            return Outcome::Failed {
                item,
                reason: e.to_string(),
            }
        }
    };
    if obtained.sources.is_empty() {
        let reason = no_source_reason(&doc, &obtained.unavailable);
        return Outcome::Failed { item, reason };
    }
    let report = cpu(|| report_for(&doc, obtained, cfg));
    if let Some(r) = results {
        // A failed write only costs a re-run later.
        let _ = r.store(&doc.sha256, &report);
    }
    Outcome::Verified {
        item,
        report: Box::new(report),
        cached: false,
    }
}

/// Runs every item with at most `jobs` in flight; `on_done` sees each outcome as it finishes.
pub async fn run(
    items: Vec<Item>,
    jobs: usize,
    fetcher: Arc<Fetcher>,
    cfg: Arc<Config>,
    results: Option<Results>,
    mut on_done: impl FnMut(Outcome),
) {
    let results = results.map(Arc::new);
    let mut pending = items.into_iter();
    let mut set = tokio::task::JoinSet::new();
    // Which item each task runs, so even a task that panicked is reported under its item.
    let mut running: std::collections::HashMap<tokio::task::Id, Item> =
        std::collections::HashMap::new();
    loop {
        while set.len() < jobs.max(1) {
            let Some(item) = pending.next() else { break };
            let (f, c, r) = (fetcher.clone(), cfg.clone(), results.clone());
            let copy = item.clone();
            let handle = set.spawn(async move { process(item, &f, &c, r.as_deref()).await });
            running.insert(handle.id(), copy);
        }
        match set.join_next_with_id().await {
            Some(Ok((id, outcome))) => {
                running.remove(&id);
                on_done(outcome);
            }
            Some(Err(e)) => {
                // A panicking item must not take the run down; it is reported like any failure.
                let item = running.remove(&e.id()).unwrap_or(Item {
                    id: "(unknown item)".into(),
                    title: None,
                    date: None,
                    is_url: false,
                });
                on_done(Outcome::Failed {
                    item,
                    reason: format!("internal error: {e}"),
                });
            }
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_partition_the_items() {
        let items: Vec<Item> = (0..200)
            .map(|i| Item {
                id: format!("https://news.example/{i}"),
                title: None,
                date: None,
                is_url: true,
            })
            .collect();
        let mut seen = 0;
        for k in 1..=4 {
            let sel = Selection {
                shard: Some((k, 4)),
                ..Selection::default()
            };
            let part = sel.apply(items.clone());
            assert!(part.len() > 20, "shard {k} has {}", part.len());
            seen += part.len();
        }
        assert_eq!(seen, 200);
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        assert!(parse_shard("0/4").is_err() && parse_shard("5/4").is_err());
    }

    #[test]
    fn since_keeps_undated_items() {
        let mk = |d: Option<&str>| Item {
            id: "x".into(),
            title: None,
            date: d.map(str::to_string),
            is_url: true,
        };
        let sel = Selection {
            since: chrono::NaiveDate::from_ymd_opt(2025, 1, 8),
            ..Selection::default()
        };
        let kept = sel.apply(vec![
            mk(Some("2025-01-07T10:00:00+00:00")),
            mk(Some("2025-01-08T00:00:00+00:00")),
            mk(None),
        ]);
        assert_eq!(kept.len(), 2);
    }
}
