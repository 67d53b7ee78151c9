//! The on-disk cache of fetched pages.
//!
//! Bodies are stored once by their SHA-256 (`bodies/ab/abcd…`); an index file per normalized URL
//! (`index/<sha256 of the URL>.json`) records the response: final URL, redirects, status,
//! content type, validators (ETag, Last-Modified) and when it was stored. Every write goes to a
//! temporary file in the same directory and is renamed into place, so a crash never leaves a
//! half-written entry; a body whose hash no longer matches is ignored.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use url::Url;

use crate::input::sha256_hex;

/// What the index records of one fetched URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The URL requested (normalized).
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// URLs redirected through, in order (the requested URL first).
    pub redirects: Vec<String>,
    /// HTTP status of the final response.
    pub status: u16,
    /// Content-Type of the final response.
    pub content_type: Option<String>,
    /// ETag, for conditional re-fetch.
    pub etag: Option<String>,
    /// Last-Modified, for conditional re-fetch.
    pub last_modified: Option<String>,
    /// When the body was fetched (RFC 3339).
    pub fetched_at: String,
    /// When the entry was last confirmed fresh (Unix seconds).
    pub checked_unix: i64,
    /// Hex SHA-256 of the body.
    pub sha256: String,
    /// Body size in bytes.
    pub bytes: u64,
}

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    max_age_secs: u64,
}

/// The cache key of a URL: fragment dropped, tracking parameters (`utm_*`) removed.
pub fn normalize(url: &Url) -> String {
    let mut u = url.clone();
    u.set_fragment(None);
    if u.query().is_some() {
        let kept: Vec<(String, String)> = u
            .query_pairs()
            .filter(|(k, _)| !k.starts_with("utm_"))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            u.set_query(None);
        } else {
            u.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    u.to_string()
}

impl Cache {
    /// Opens (creating) a cache directory.
    pub fn open(dir: &Path, max_age_secs: u64) -> std::io::Result<Cache> {
        std::fs::create_dir_all(dir.join("index"))?;
        std::fs::create_dir_all(dir.join("bodies"))?;
        Ok(Cache {
            dir: dir.to_path_buf(),
            max_age_secs,
        })
    }

    /// The platform's cache directory for provcheck (`~/.cache/provcheck` on Linux).
    pub fn default_dir() -> PathBuf {
        dirs::cache_dir()
            .unwrap_or_else(std::env::temp_dir)
            .join("provcheck")
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn index_path(&self, key: &str) -> PathBuf {
        self.dir
            .join("index")
            .join(format!("{}.json", sha256_hex(key.as_bytes())))
    }

    fn body_path(&self, sha: &str) -> PathBuf {
        self.dir.join("bodies").join(&sha[..2]).join(sha)
    }

    /// The entry and body stored for a URL key, if present and intact.
    pub fn get(&self, key: &str) -> Option<(Entry, Vec<u8>)> {
        let text = std::fs::read_to_string(self.index_path(key)).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        if entry.url != key || entry.sha256.len() != 64 {
            return None;
        }
        let body = std::fs::read(self.body_path(&entry.sha256)).ok()?;
        (sha256_hex(&body) == entry.sha256).then_some((entry, body))
    }

    /// Whether an entry is young enough to use without asking the server.
    pub fn is_fresh(&self, entry: &Entry) -> bool {
        let age = chrono::Utc::now().timestamp() - entry.checked_unix;
        age >= 0 && (age as u64) < self.max_age_secs
    }

    /// Stores a body and its index entry (atomically).
    pub fn put(&self, key: &str, entry: &Entry, body: &[u8]) -> std::io::Result<()> {
        let bp = self.body_path(&entry.sha256);
        if !bp.exists() {
            write_atomic(&bp, body)?;
        }
        self.touch(key, entry)
    }

    /// Rewrites an index entry (after a 304, with a new check time).
    pub fn touch(&self, key: &str, entry: &Entry) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(entry).map_err(std::io::Error::other)?;
        write_atomic(&self.index_path(key), &json)
    }
}

/// Writes a file through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, body: &[u8]) -> Entry {
        Entry {
            url: key.into(),
            final_url: key.into(),
            redirects: vec![],
            status: 200,
            content_type: Some("text/html".into()),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            fetched_at: "2026-01-01T00:00:00Z".into(),
            checked_unix: chrono::Utc::now().timestamp(),
            sha256: sha256_hex(body),
            bytes: body.len() as u64,
        }
    }

    #[test]
    fn round_trip_and_corruption_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), 60).unwrap();
        let key = normalize(&Url::parse("https://Example.com/a?utm_source=x&id=3#top").unwrap());
        assert_eq!(key, "https://example.com/a?id=3");
        let body = b"<p>hello</p>";
        let e = entry(&key, body);
        cache.put(&key, &e, body).unwrap();
        let (got, b) = cache.get(&key).unwrap();
        assert_eq!(b, body);
        assert!(cache.is_fresh(&got));
        // A body changed on disk no longer matches its hash: treated as absent.
        std::fs::write(cache.body_path(&e.sha256), b"tampered").unwrap();
        assert!(cache.get(&key).is_none());
    }

    #[test]
    fn old_entries_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open(dir.path(), 60).unwrap();
        let mut e = entry("https://example.com/", b"x");
        e.checked_unix -= 120;
        assert!(!cache.is_fresh(&e));
    }
}
