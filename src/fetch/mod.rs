//! Fetching pages over HTTP, politely and safely.
//!
//! One [`Fetcher`] per run holds the HTTP client (reqwest with rustls), the on-disk [`Cache`],
//! the robots.txt rules seen so far and a gate per host (at most `per_host_concurrency` requests
//! in flight, and `per_host_min_interval_ms` between request starts). Every request:
//!
//! 1. takes only `http`/`https` URLs and refuses hosts that resolve to loopback, private,
//!    link-local, multicast or metadata addresses, unless `allow_private` is set or a `--resolve`
//!    rule names the host (the check is repeated for every redirect hop and again inside the
//!    DNS resolver, so a name cannot be re-pointed between check and connect);
//! 2. answers from the cache when the entry is fresh, revalidates it with ETag / Last-Modified
//!    when it is stale, and with `--offline` never touches the network;
//! 3. obeys robots.txt (unless `obey_robots = false`);
//! 4. follows at most `max_redirects` redirects itself, recording the chain;
//! 5. retries connection errors, 429 and 5xx with exponential backoff and jitter, honouring
//!    Retry-After (capped);
//! 6. caps the body at `max_body_bytes` after decompression and the whole request at
//!    `timeout_secs`; accepts only the content types the caller expects.

pub mod cache;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderValue};
use url::{Host, Url};

pub use cache::Cache;

use crate::config::FetchConfig;
use crate::input::sha256_hex;

/// What kind of body the caller wants; anything else is "unsupported content type".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An article page: HTML, XHTML or plain text.
    Page,
    /// A sitemap or feed: XML, RSS, Atom, JSON Feed (HTML and text also taken).
    Feed,
    /// robots.txt (any text).
    Robots,
    /// A JSON API answer.
    Json,
}

/// A fetched body and how it was obtained.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The URL asked for.
    pub requested: String,
    /// The URL after redirects.
    pub final_url: Url,
    /// URLs redirected through, the requested one first (empty without redirects).
    pub redirects: Vec<String>,
    /// HTTP status of the final response.
    pub status: u16,
    /// Its Content-Type.
    pub content_type: Option<String>,
    /// The body (decompressed).
    pub body: Vec<u8>,
    /// Hex SHA-256 of the body.
    pub sha256: String,
    /// When the body was fetched from the server (RFC 3339).
    pub fetched_at: String,
    /// Whether the body came from the cache (fresh, revalidated by a 304, or offline).
    pub from_cache: bool,
}

/// Why a URL could not be fetched. Each message is one line naming the URL.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchError {
    /// Not a URL, or not http/https.
    #[error("{url}: {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The host resolves to an address that is not fetched by default.
    #[error("{url}: refused: {reason} (allow it with --resolve or fetch.allow_private = true)")]
    Blocked {
        /// The URL.
        url: String,
        /// Which address and why.
        reason: String,
    },
    /// robots.txt disallows the URL.
    #[error(
        "{url}: disallowed by the site's robots.txt (set fetch.obey_robots = false to ignore it)"
    )]
    Robots {
        /// The URL.
        url: String,
    },
    /// The request took longer than allowed.
    #[error("{url}: timed out after {secs} s")]
    Timeout {
        /// The URL.
        url: String,
        /// The limit.
        secs: f64,
    },
    /// No connection (DNS, refused, TLS).
    #[error("{url}: cannot connect: {reason}")]
    Connect {
        /// The URL.
        url: String,
        /// What failed.
        reason: String,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status}{}", final_note(url, final_url))]
    Status {
        /// The URL asked for.
        url: String,
        /// Where the redirects ended.
        final_url: String,
        /// The status.
        status: u16,
    },
    /// Too many redirects.
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects {
        /// The URL.
        url: String,
        /// The limit.
        max: usize,
    },
    /// The body is larger than allowed (after decompression).
    #[error("{url}: body larger than {limit} bytes (fetch.max_body_bytes)")]
    TooLarge {
        /// The URL.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// A body of a type this tool does not read.
    #[error("{url}: unsupported content type \"{content_type}\"")]
    UnsupportedContentType {
        /// The URL.
        url: String,
        /// The type the server gave.
        content_type: String,
    },
    /// `--offline` and nothing cached.
    #[error("{url}: not in the cache, and --offline forbids fetching it")]
    Offline {
        /// The URL.
        url: String,
    },
    /// The body could not be read.
    #[error("{url}: reading the body failed: {reason}")]
    Body {
        /// The URL.
        url: String,
        /// What failed.
        reason: String,
    },
}

fn final_note(url: &str, final_url: &str) -> String {
    if url == final_url || final_url.is_empty() {
        String::new()
    } else {
        format!(" (after redirects to {final_url})")
    }
}

impl FetchError {
    /// The HTTP status, for status errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the host could not be reached at all (as opposed to answering badly).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            FetchError::Connect { .. } | FetchError::Timeout { .. }
        )
    }
}

/// A curl-style address rule: a connection to HOST on PORT goes to ADDR (on `to_port`) instead of
/// wherever DNS says, and HOST may then be private. Like curl, a rule covers its host *and port*
/// only: rules for several ports of one host coexist, and a URL without a port uses its scheme's
/// default port (80, 443) and the rule for that port, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveRule {
    /// Host name (lower case).
    pub host: String,
    /// The port of the URL (its scheme's default when the URL has none) the rule applies to.
    pub port: u16,
    /// The address connected to.
    pub addr: IpAddr,
    /// The port connected to: `port` for `--resolve`; another one only for `--connect-to`.
    pub to_port: u16,
}

impl ResolveRule {
    /// Parses curl's `--connect-to HOST:PORT:ADDR:PORT2` (ADDR an IP address; `[...]` for IPv6).
    /// Only the default ports 80 and 443 can be sent to another port: a URL that names its port
    /// keeps it (the HTTP stack connects to the port the URL names).
    pub fn parse_connect_to(s: &str) -> Result<Self, String> {
        let bad = |why: &str| format!("--connect-to \"{s}\": {why}");
        let shape = "expected HOST:PORT:ADDR:PORT2, e.g. example.com:80:127.0.0.1:8080";
        let (head, to_port) = s.rsplit_once(':').ok_or_else(|| bad(shape))?;
        let to_port: u16 = to_port.parse().map_err(|_| bad(shape))?;
        let rule = parse_rule(head).ok_or_else(|| bad(shape))?;
        if to_port != rule.port && rule.port != 80 && rule.port != 443 {
            return Err(bad(
                "only ports 80 and 443 can be sent to another port (a URL that names its port keeps it)",
            ));
        }
        Ok(ResolveRule { to_port, ..rule })
    }

    /// Whether the rule applies to a URL.
    pub fn applies_to(&self, url: &Url) -> bool {
        url.host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case(&self.host))
            && url.port_or_known_default() == Some(self.port)
    }
}

/// `HOST:PORT:ADDR` into a rule connecting to PORT.
fn parse_rule(s: &str) -> Option<ResolveRule> {
    let mut parts = s.splitn(3, ':');
    let host = parts.next().filter(|h| !h.is_empty())?;
    let port = parts.next().and_then(|p| p.parse().ok())?;
    let addr = parts
        .next()
        .map(|a| a.trim_start_matches('[').trim_end_matches(']'))
        .and_then(|a| a.parse().ok())?;
    Some(ResolveRule {
        host: host.to_ascii_lowercase(),
        port,
        addr,
        to_port: port,
    })
}

impl std::str::FromStr for ResolveRule {
    type Err = String;

    /// curl's `--resolve HOST:PORT:ADDR`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_rule(s).ok_or_else(|| {
            format!("--resolve \"{s}\": expected HOST:PORT:ADDR, e.g. example.com:443:127.0.0.1")
        })
    }
}

/// Run-time options beside the config file.
#[derive(Debug, Clone, Default)]
pub struct FetchOptions {
    /// `--resolve` and `--connect-to` rules (a later rule for the same host and port wins).
    pub resolve: Vec<ResolveRule>,
    /// Cache only; no network.
    pub offline: bool,
    /// The cache directory (`None` = no cache).
    pub cache_dir: Option<std::path::PathBuf>,
    /// Max age of cache entries, in seconds.
    pub cache_max_age_secs: u64,
}

/// Whether an address is one a fetch must not reach by default.
pub fn is_forbidden_ip(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            if v4.is_loopback() {
                Some("loopback address")
            } else if v4.is_private() {
                Some("private address")
            } else if v4.is_link_local() {
                Some("link-local address (cloud metadata lives here)")
            } else if v4.is_multicast() || v4.is_broadcast() {
                Some("multicast or broadcast address")
            } else if v4.is_unspecified() || o[0] == 0 {
                Some("unspecified address")
            } else if o[0] == 100 && (64..128).contains(&o[1]) {
                Some("shared (carrier-grade NAT) address")
            } else if o[0] == 192 && o[1] == 0 && o[2] == 0 {
                Some("IETF protocol address")
            } else {
                None
            }
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_forbidden_ip(IpAddr::V4(v4));
            }
            let s = v6.segments();
            if v6.is_loopback() {
                Some("loopback address")
            } else if v6.is_unspecified() {
                Some("unspecified address")
            } else if v6.is_multicast() {
                Some("multicast address")
            } else if s[0] & 0xfe00 == 0xfc00 {
                Some("unique-local (private) address")
            } else if s[0] & 0xffc0 == 0xfe80 {
                Some("link-local address")
            } else {
                None
            }
        }
    }
}

/// The DNS resolver given to reqwest: system lookup, with forbidden addresses refused.
struct GuardedResolver {
    allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let kept: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| allow_private || is_forbidden_ip(a.ip()).is_none())
                .collect();
            if kept.is_empty() {
                return Err(
                    format!("{host} resolves only to addresses that are not fetched").into(),
                );
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// What robots.txt says for one origin.
#[derive(Debug)]
pub struct RobotsInfo {
    rules: Option<texting_robots::Robot>,
    disallow_all: bool,
    /// `Sitemap:` lines.
    pub sitemaps: Vec<String>,
    /// Whether the origin answered at all (any HTTP status).
    pub reachable: bool,
    /// Why it could not be reached, when it could not.
    pub error: Option<FetchError>,
}

impl RobotsInfo {
    /// Whether a URL of this origin may be fetched.
    pub fn allowed(&self, url: &Url) -> bool {
        if self.disallow_all {
            return false;
        }
        self.rules.as_ref().is_none_or(|r| r.allowed(url.as_str()))
    }
}

struct HostGate {
    slots: Arc<tokio::sync::Semaphore>,
    next_start: Mutex<Instant>,
}

/// The HTTP fetcher of one run.
pub struct Fetcher {
    client: reqwest::Client,
    /// One client per port that has rules, with those rules as address overrides: reqwest's
    /// overrides are per host name only, so per-port rules need one override set per port.
    port_clients: HashMap<u16, reqwest::Client>,
    cfg: FetchConfig,
    cache: Option<Cache>,
    offline: bool,
    rules: Vec<ResolveRule>,
    gates: Mutex<HashMap<String, Arc<HostGate>>>,
    robots: Mutex<HashMap<String, Arc<tokio::sync::OnceCell<Arc<RobotsInfo>>>>>,
    warnings: Vec<String>,
}

fn origin_key(url: &Url) -> String {
    format!(
        "{}://{}:{}",
        url.scheme(),
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// Whether a command-line or feed value names an http(s) URL (rather than a file).
pub fn is_http_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// Parses a URL and checks its scheme.
pub fn parse_http_url(s: &str) -> Result<Url, FetchError> {
    let url = Url::parse(s.trim()).map_err(|e| FetchError::BadUrl {
        url: s.to_string(),
        reason: format!("not a valid URL ({e})"),
    })?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(url),
        "http" | "https" => Err(FetchError::BadUrl {
            url: s.to_string(),
            reason: "URL has no host".into(),
        }),
        other => Err(FetchError::BadUrl {
            url: s.to_string(),
            reason: format!("only http and https URLs are fetched, not {other}:"),
        }),
    }
}

fn content_type_ok(expect: Expect, ct: Option<&str>, body_head: &[u8]) -> bool {
    let Some(ct) = ct else {
        // No type given: take it if it looks like text (or is a PDF).
        return !body_head.contains(&0)
            || (expect == Expect::Page && crate::pdf::is_pdf(body_head));
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let page = matches!(
        mime.as_str(),
        "text/html"
            | "application/xhtml+xml"
            | "text/plain"
            | "text/markdown"
            | "text/x-markdown"
            | ""
    );
    // A PDF is a page (its text layer is read), also when served as a download.
    let pdf = crate::pdf::is_pdf_type(&mime) || crate::pdf::is_pdf(body_head);
    match expect {
        Expect::Page => page || pdf,
        Expect::Robots => true,
        Expect::Json => mime.contains("json") || mime.starts_with("text/"),
        Expect::Feed => {
            page || mime.contains("xml") || mime.contains("json") || mime.starts_with("text/")
        }
    }
}

/// A jitter in `0..max_ms` milliseconds, without a random-number dependency.
fn jitter_ms(max_ms: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    if max_ms == 0 {
        return 0;
    }
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(Instant::now().elapsed().as_nanos());
    h.finish() % max_ms
}

/// Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date).
fn retry_after_secs(headers: &HeaderMap) -> Option<f64> {
    let v = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return Some(secs.max(0.0));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs =
        (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_milliseconds() as f64 / 1000.0;
    Some(secs.max(0.0))
}

/// Whether a reqwest error is worth retrying: connection failures, but not TLS or DNS refusals.
fn retryable(e: &reqwest::Error) -> bool {
    if !e.is_connect() || e.is_timeout() {
        return false;
    }
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::InvalidData {
                return false; // a TLS handshake with a server that does not speak TLS
            }
        }
        let text = s.to_string();
        if text.contains("not fetched") || text.contains("failed to lookup") {
            return false;
        }
        src = s.source();
    }
    true
}

/// The innermost useful message of an error chain, on one line.
fn error_text(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        let t = s.to_string();
        if !parts.contains(&t) {
            parts.push(t);
        }
        src = s.source();
    }
    let text = if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Fetcher {
    /// Builds the fetcher of a run.
    pub fn new(cfg: &FetchConfig, opts: &FetchOptions) -> Result<Fetcher, String> {
        let builder = || {
            reqwest::Client::builder()
                .user_agent(cfg.user_agent.clone())
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs_f64(cfg.connect_timeout_secs))
                .timeout(Duration::from_secs_f64(cfg.timeout_secs))
                .no_proxy()
                .dns_resolver(Arc::new(GuardedResolver {
                    allow_private: cfg.allow_private,
                }))
        };
        let build = |b: reqwest::ClientBuilder| {
            b.build()
                .map_err(|e| format!("cannot set up the HTTP client: {e}"))
        };
        let client = build(builder())?;
        let mut by_port: HashMap<u16, Vec<&ResolveRule>> = HashMap::new();
        for r in &opts.resolve {
            by_port.entry(r.port).or_default().push(r);
        }
        let mut port_clients = HashMap::new();
        for (port, rules) in by_port {
            let mut b = builder();
            for r in rules {
                // The override's port is used for a URL without a port (port 80 or 443 here);
                // a URL that names its port connects to it, which is `port` itself.
                b = b.resolve(&r.host, SocketAddr::new(r.addr, r.to_port));
            }
            port_clients.insert(port, build(b)?);
        }
        // A cache that cannot be opened costs speed, not correctness: run without it, and say so.
        let mut warnings = Vec::new();
        let cache = match &opts.cache_dir {
            Some(dir) => match Cache::open(dir, opts.cache_max_age_secs) {
                Ok(c) => Some(c),
                Err(e) if opts.offline => {
                    return Err(format!(
                        "cache directory {}: {e} (needed by --offline)",
                        dir.display()
                    ))
                }
                Err(e) => {
                    warnings.push(format!(
                        "cache directory {}: {e}; running without the cache",
                        dir.display()
                    ));
                    None
                }
            },
            None => None,
        };
        Ok(Fetcher {
            client,
            port_clients,
            cfg: cfg.clone(),
            cache,
            offline: opts.offline,
            rules: opts.resolve.clone(),
            gates: Mutex::new(HashMap::new()),
            robots: Mutex::new(HashMap::new()),
            warnings,
        })
    }

    /// Problems met while setting up that did not stop the run (an unusable cache directory).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The settings in use.
    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// Whether the fetcher works from the cache only.
    pub fn offline(&self) -> bool {
        self.offline
    }

    /// The client whose address overrides are the rules for the URL's port.
    fn client_for(&self, url: &Url) -> &reqwest::Client {
        if self.rules.iter().any(|r| r.applies_to(url)) {
            if let Some(c) = url
                .port_or_known_default()
                .and_then(|p| self.port_clients.get(&p))
            {
                return c;
            }
        }
        &self.client
    }

    /// Refuses URLs whose host is (or resolves to) a forbidden address.
    async fn guard(&self, url: &Url) -> Result<(), FetchError> {
        if self.cfg.allow_private {
            return Ok(());
        }
        let blocked = |ip: IpAddr, why: &str| FetchError::Blocked {
            url: url.to_string(),
            reason: format!("{ip} is a {why}"),
        };
        if self.rules.iter().any(|r| r.applies_to(url)) {
            return Ok(());
        }
        match url.host() {
            Some(Host::Ipv4(ip)) => match is_forbidden_ip(IpAddr::V4(ip)) {
                Some(why) => Err(blocked(IpAddr::V4(ip), why)),
                None => Ok(()),
            },
            Some(Host::Ipv6(ip)) => match is_forbidden_ip(IpAddr::V6(ip)) {
                Some(why) => Err(blocked(IpAddr::V6(ip), why)),
                None => Ok(()),
            },
            Some(Host::Domain(d)) => {
                let port = url.port_or_known_default().unwrap_or(80);
                let addrs =
                    tokio::net::lookup_host((d, port))
                        .await
                        .map_err(|e| FetchError::Connect {
                            url: url.to_string(),
                            reason: format!("cannot resolve {d}: {e}"),
                        })?;
                for a in addrs {
                    if let Some(why) = is_forbidden_ip(a.ip()) {
                        return Err(FetchError::Blocked {
                            url: url.to_string(),
                            reason: format!("{d} resolves to {}, a {why}", a.ip()),
                        });
                    }
                }
                Ok(())
            }
            None => Err(FetchError::BadUrl {
                url: url.to_string(),
                reason: "URL has no host".into(),
            }),
        }
    }

    /// Waits for a slot on the URL's host: bounded concurrency and a minimum interval.
    async fn host_slot(&self, url: &Url) -> tokio::sync::OwnedSemaphorePermit {
        let key = format!(
            "{}:{}",
            url.host_str().unwrap_or(""),
            url.port_or_known_default().unwrap_or(0)
        );
        let gate = {
            let mut gates = self.gates.lock().unwrap_or_else(|p| p.into_inner());
            gates
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(HostGate {
                        slots: Arc::new(tokio::sync::Semaphore::new(
                            self.cfg.per_host_concurrency.max(1),
                        )),
                        next_start: Mutex::new(Instant::now()),
                    })
                })
                .clone()
        };
        let permit = gate
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphores are never closed");
        let start = {
            let mut next = gate.next_start.lock().unwrap_or_else(|p| p.into_inner());
            let at = (*next).max(Instant::now());
            *next = at + Duration::from_millis(self.cfg.per_host_min_interval_ms);
            at
        };
        tokio::time::sleep_until(start.into()).await;
        permit
    }

    /// One request with retries on connection errors, 429 and 5xx. Holds a host slot per attempt.
    async fn send(
        &self,
        url: &Url,
        validators: Option<(&Option<String>, &Option<String>)>,
    ) -> Result<reqwest::Response, FetchError> {
        let mut attempt = 0u32;
        loop {
            let permit = self.host_slot(url).await;
            let mut req = self.client_for(url).get(url.clone()).header(
                header::ACCEPT,
                HeaderValue::from_static(
                    "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                ),
            );
            if let Some((etag, modified)) = validators {
                if let Some(e) = etag {
                    req = req.header(header::IF_NONE_MATCH, e.as_str());
                }
                if let Some(m) = modified {
                    req = req.header(header::IF_MODIFIED_SINCE, m.as_str());
                }
            }
            let result = req.send().await;
            drop(permit);
            let wait = match &result {
                Ok(resp) => {
                    let s = resp.status().as_u16();
                    if s == 429 || (500..600).contains(&s) {
                        Some(retry_after_secs(resp.headers()))
                    } else {
                        None
                    }
                }
                Err(e) if retryable(e) => Some(None),
                Err(_) => None,
            };
            match wait {
                Some(after) if attempt < self.cfg.max_retries => {
                    let backoff_ms = self.cfg.retry_base_ms.saturating_mul(1 << attempt.min(16));
                    let ms = match after {
                        Some(secs) => (secs.min(self.cfg.retry_max_wait_secs) * 1000.0) as u64,
                        None => backoff_ms + jitter_ms(backoff_ms / 2 + 1),
                    };
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                }
                _ => {
                    return result.map_err(|e| {
                        if e.is_timeout() {
                            FetchError::Timeout {
                                url: url.to_string(),
                                secs: self.cfg.timeout_secs,
                            }
                        } else if e.is_connect() || e.is_request() {
                            FetchError::Connect {
                                url: url.to_string(),
                                reason: error_text(&e),
                            }
                        } else {
                            FetchError::Body {
                                url: url.to_string(),
                                reason: error_text(&e),
                            }
                        }
                    })
                }
            }
        }
    }

    /// What robots.txt says for the URL's origin (fetched once per run, cached on disk).
    pub async fn robots(&self, url: &Url) -> Arc<RobotsInfo> {
        let key = origin_key(url);
        let cell = {
            let mut map = self.robots.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(key).or_default().clone()
        };
        cell.get_or_init(|| async {
            let mut robots_url = url.clone();
            robots_url.set_path("/robots.txt");
            robots_url.set_query(None);
            robots_url.set_fragment(None);
            let info = match Box::pin(self.fetch_inner(&robots_url, Expect::Robots)).await {
                Ok(f) => {
                    let rules =
                        texting_robots::Robot::new(&robot_token(&self.cfg.user_agent), &f.body)
                            .ok();
                    RobotsInfo {
                        sitemaps: rules
                            .as_ref()
                            .map(|r| r.sitemaps.clone())
                            .unwrap_or_default(),
                        rules,
                        disallow_all: false,
                        reachable: true,
                        error: None,
                    }
                }
                // No robots.txt (4xx): everything allowed. A server error: nothing is (RFC 9309).
                Err(e) => {
                    let status = e.status();
                    RobotsInfo {
                        rules: None,
                        disallow_all: self.cfg.obey_robots && status.is_some_and(|s| s >= 500),
                        sitemaps: Vec::new(),
                        reachable: status.is_some() || matches!(e, FetchError::Robots { .. }),
                        error: Some(e),
                    }
                }
            };
            Arc::new(info)
        })
        .await
        .clone()
    }

    /// Fetches a URL (cache, robots.txt, redirects, retries, caps).
    pub async fn fetch(&self, url: &str, expect: Expect) -> Result<Fetched, FetchError> {
        let url = parse_http_url(url)?;
        if self.cfg.obey_robots && !self.offline {
            let robots = self.robots(&url).await;
            if !robots.allowed(&url) {
                return Err(FetchError::Robots {
                    url: url.to_string(),
                });
            }
        }
        self.fetch_inner(&url, expect).await
    }

    async fn fetch_inner(&self, url: &Url, expect: Expect) -> Result<Fetched, FetchError> {
        let key = cache::normalize(url);
        let cached = self.cache.as_ref().and_then(|c| c.get(&key));
        if let (Some(cache), Some((entry, body))) = (&self.cache, &cached) {
            if self.offline || cache.is_fresh(entry) {
                return Ok(from_entry(entry, body.clone()));
            }
        }
        if self.offline {
            return Err(FetchError::Offline {
                url: url.to_string(),
            });
        }
        let mut current = url.clone();
        let mut redirects: Vec<String> = Vec::new();
        loop {
            self.guard(&current).await?;
            let validators = match (&cached, redirects.is_empty()) {
                (Some((e, _)), true) => Some((&e.etag, &e.last_modified)),
                _ => None,
            };
            let mut resp = self.send(&current, validators).await?;
            let status = resp.status();
            if status.is_redirection() && status != reqwest::StatusCode::NOT_MODIFIED {
                let Some(loc) = resp
                    .headers()
                    .get(header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                else {
                    return Err(FetchError::Status {
                        url: url.to_string(),
                        final_url: current.to_string(),
                        status: status.as_u16(),
                    });
                };
                let next = current.join(loc).map_err(|e| FetchError::BadUrl {
                    url: loc.to_string(),
                    reason: format!("bad redirect from {current} ({e})"),
                })?;
                redirects.push(current.to_string());
                if redirects.len() > self.cfg.max_redirects {
                    return Err(FetchError::TooManyRedirects {
                        url: url.to_string(),
                        max: self.cfg.max_redirects,
                    });
                }
                let next = parse_http_url(next.as_str())?;
                if self.cfg.obey_robots
                    && expect != Expect::Robots
                    && !self.robots(&next).await.allowed(&next)
                {
                    return Err(FetchError::Robots {
                        url: next.to_string(),
                    });
                }
                current = next;
                continue;
            }
            if status == reqwest::StatusCode::NOT_MODIFIED {
                if let (Some(cache), Some((entry, body))) = (&self.cache, &cached) {
                    let mut entry = entry.clone();
                    entry.checked_unix = chrono::Utc::now().timestamp();
                    // A failed index write only costs a re-fetch later.
                    let _ = cache.touch(&key, &entry);
                    return Ok(from_entry(&entry, body.clone()));
                }
            }
            if !status.is_success() {
                return Err(FetchError::Status {
                    url: url.to_string(),
                    final_url: current.to_string(),
                    status: status.as_u16(),
                });
            }
            let header_str = |name: header::HeaderName| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let content_type = header_str(header::CONTENT_TYPE);
            let etag = header_str(header::ETAG);
            let last_modified = header_str(header::LAST_MODIFIED);
            let limit = self.cfg.max_body_bytes;
            if resp.content_length().is_some_and(|n| n > limit) {
                return Err(FetchError::TooLarge {
                    url: current.to_string(),
                    limit,
                });
            }
            let mut body: Vec<u8> = Vec::new();
            loop {
                match resp.chunk().await {
                    Ok(Some(chunk)) => {
                        if body.len() as u64 + chunk.len() as u64 > limit {
                            return Err(FetchError::TooLarge {
                                url: current.to_string(),
                                limit,
                            });
                        }
                        body.extend_from_slice(&chunk);
                        if body.len() <= chunk.len()
                            && !content_type_ok(
                                expect,
                                content_type.as_deref(),
                                &body[..body.len().min(512)],
                            )
                        {
                            break;
                        }
                    }
                    Ok(None) => break,
                    Err(e) if e.is_timeout() => {
                        return Err(FetchError::Timeout {
                            url: current.to_string(),
                            secs: self.cfg.timeout_secs,
                        })
                    }
                    Err(e) => {
                        return Err(FetchError::Body {
                            url: current.to_string(),
                            reason: error_text(&e),
                        })
                    }
                }
            }
            if !content_type_ok(
                expect,
                content_type.as_deref(),
                &body[..body.len().min(512)],
            ) {
                return Err(FetchError::UnsupportedContentType {
                    url: current.to_string(),
                    content_type: content_type.unwrap_or_else(|| "(none, binary body)".into()),
                });
            }
            let sha256 = sha256_hex(&body);
            let fetched_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            if let Some(cache) = &self.cache {
                let entry = cache::Entry {
                    url: key.clone(),
                    final_url: current.to_string(),
                    redirects: redirects.clone(),
                    status: status.as_u16(),
                    content_type: content_type.clone(),
                    etag,
                    last_modified,
                    fetched_at: fetched_at.clone(),
                    checked_unix: chrono::Utc::now().timestamp(),
                    sha256: sha256.clone(),
                    bytes: body.len() as u64,
                };
                // The cache is an optimisation: a failed write must not fail the run.
                let _ = cache.put(&key, &entry, &body);
            }
            return Ok(Fetched {
                requested: url.to_string(),
                final_url: current,
                redirects,
                status: status.as_u16(),
                content_type,
                body,
                sha256,
                fetched_at,
                from_cache: false,
            });
        }
    }
}

fn from_entry(entry: &cache::Entry, body: Vec<u8>) -> Fetched {
    Fetched {
        requested: entry.url.clone(),
        final_url: Url::parse(&entry.final_url)
            .or_else(|_| Url::parse(&entry.url))
            .unwrap_or_else(|_| Url::parse("http://invalid.invalid/").expect("constant URL")),
        redirects: entry.redirects.clone(),
        status: entry.status,
        content_type: entry.content_type.clone(),
        sha256: entry.sha256.clone(),
        body,
        fetched_at: entry.fetched_at.clone(),
        from_cache: true,
    }
}

/// The product token robots.txt groups are matched against ("provcheck").
fn robot_token(user_agent: &str) -> String {
    user_agent
        .split(['/', ' '])
        .next()
        .filter(|t| !t.is_empty())
        .unwrap_or("provcheck")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_addresses() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.100.100.200",
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
        ] {
            assert!(is_forbidden_ip(ip.parse().unwrap()).is_some(), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"] {
            assert!(is_forbidden_ip(ip.parse().unwrap()).is_none(), "{ip}");
        }
    }

    #[test]
    fn resolve_rules_parse_like_curl() {
        let r: ResolveRule = "News.Example:8080:127.0.0.1".parse().unwrap();
        assert_eq!(r.host, "news.example");
        assert_eq!(r.port, 8080);
        let r6: ResolveRule = "a.example:443:[::1]".parse().unwrap();
        assert_eq!(r6.addr, "::1".parse::<IpAddr>().unwrap());
        let err = "a.example:notaport:1.2.3.4"
            .parse::<ResolveRule>()
            .unwrap_err();
        assert!(err.contains("HOST:PORT:ADDR"), "{err}");
    }

    #[test]
    fn resolve_rules_apply_to_their_host_and_port_only() {
        // issue 15: curl's form for a site with http on 80 and nothing on 443.
        let http: ResolveRule = "www.telegraph.co.uk:80:127.0.0.1".parse().unwrap();
        let https: ResolveRule = "www.telegraph.co.uk:443:127.0.0.2".parse().unwrap();
        let url = |s: &str| Url::parse(s).unwrap();
        assert!(http.applies_to(&url("http://www.telegraph.co.uk/news")));
        assert!(http.applies_to(&url("http://WWW.telegraph.co.uk:80/")));
        assert!(!http.applies_to(&url("https://www.telegraph.co.uk/")));
        assert!(https.applies_to(&url("https://www.telegraph.co.uk/")));
        assert!(!https.applies_to(&url("http://www.telegraph.co.uk/")));
        assert!(!http.applies_to(&url("http://www.telegraph.co.uk:8080/")));
        assert!(!http.applies_to(&url("http://telegraph.co.uk/")));
    }

    #[test]
    fn connect_to_rules_parse_like_curl() {
        let r = ResolveRule::parse_connect_to("Site.Example:80:127.0.0.1:8080").unwrap();
        assert_eq!(
            (r.host.as_str(), r.port, r.to_port),
            ("site.example", 80, 8080)
        );
        let r6 = ResolveRule::parse_connect_to("site.example:443:[::1]:8443").unwrap();
        assert_eq!(r6.addr, "::1".parse::<IpAddr>().unwrap());
        assert_eq!(r6.to_port, 8443);
        let same = ResolveRule::parse_connect_to("site.example:8080:127.0.0.1:8080").unwrap();
        assert_eq!(same.to_port, 8080);
        for bad in [
            "site.example:80:127.0.0.1",
            "site.example:80:localhost:8080",
            "x:8080:127.0.0.1:9090",
        ] {
            let err = ResolveRule::parse_connect_to(bad).unwrap_err();
            assert!(err.starts_with("--connect-to"), "{err}");
        }
    }

    #[test]
    fn content_types() {
        assert!(content_type_ok(
            Expect::Page,
            Some("text/html; charset=utf-8"),
            b""
        ));
        // Issue 15: PDFs are pages, by type or by magic.
        assert!(content_type_ok(Expect::Page, Some("application/pdf"), b""));
        assert!(content_type_ok(
            Expect::Page,
            Some("application/octet-stream"),
            b"%PDF-1.7\n"
        ));
        assert!(!content_type_ok(
            Expect::Page,
            Some("image/png"),
            b"\x89PNG"
        ));
        assert!(!content_type_ok(
            Expect::Feed,
            Some("application/pdf"),
            b"%PDF-1.7"
        ));
        assert!(content_type_ok(
            Expect::Feed,
            Some("application/rss+xml"),
            b""
        ));
        assert!(!content_type_ok(Expect::Page, None, b"%PDF\0\0"));
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after_secs(&h), Some(2.0));
        h.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after_secs(&h), Some(0.0));
    }

    #[test]
    fn robots_token_is_the_product_name() {
        assert_eq!(robot_token("provcheck/0.1.0 (+https://x)"), "provcheck");
    }
}
