//! Synthetic publisher sites served on loopback, for the tests and `provcheck demo`.
//!
//! Each folder `<dir>/<host>/` is the web site of `<host>`, chosen by the request's Host header.
//! A request path names a file of that folder (`/` and `…/` serve `index.html`; names starting
//! with `_` are never served); in text files `{{origin}}` becomes `http://<host>:<port>`.
//! `<host>/_site.toml` declares special routes, checked first: redirects, status sequences
//! (429 then 200), delays, gzip bombs, content types, files from elsewhere in the fixtures. See
//! `fixtures/sites/README.md`. Real host names are mapped onto the server with `--resolve`, so
//! the fetcher's real path (DNS override, robots.txt, redirects, retries, caps) is exercised.

use std::collections::HashMap;
use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Request, Response};
use serde::Deserialize;

/// One special route of a site.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Exact request path.
    pub path: Option<String>,
    /// Request path prefix.
    pub prefix: Option<String>,
    /// Match only when the (percent-decoded) query string contains this.
    pub query_contains: Option<String>,
    /// Body from a file, relative to the site folder.
    pub file: Option<String>,
    /// Inline body.
    pub body: Option<String>,
    /// Status (default 200).
    pub status: Option<u16>,
    /// Status by hit number; the last repeats.
    #[serde(default)]
    pub statuses: Vec<u16>,
    /// Retry-After header.
    pub retry_after: Option<String>,
    /// Location header.
    pub location: Option<String>,
    /// Content-Type ("none" = no header).
    pub content_type: Option<String>,
    /// Delay before answering, in milliseconds.
    pub delay_ms: Option<u64>,
    /// Serve this many zero bytes gzip-compressed.
    pub gzip_bomb_bytes: Option<usize>,
    /// Serve file bytes untouched (no `{{origin}}` replacement).
    #[serde(default)]
    pub raw_file: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    #[serde(default)]
    route: Vec<Route>,
}

#[derive(Debug)]
struct Site {
    dir: PathBuf,
    routes: Vec<Route>,
}

struct State {
    sites: HashMap<String, Site>,
    port: u16,
    hits: Mutex<HashMap<(String, String), usize>>,
    bombs: Mutex<HashMap<usize, Bytes>>,
}

/// A running fixture server; stops when dropped.
pub struct SiteServer {
    addr: SocketAddr,
    hosts: Vec<String>,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The fixture sites shipped in the repository.
pub fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/sites")
}

fn load_sites(dir: &Path) -> std::io::Result<HashMap<String, Site>> {
    let mut sites = HashMap::new();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        if !entry.file_type()?.is_dir() {
            continue;
        }
        let host = entry.file_name().to_string_lossy().to_ascii_lowercase();
        let site_dir = entry.path();
        let toml_path = site_dir.join("_site.toml");
        let routes = if toml_path.exists() {
            let text = std::fs::read_to_string(&toml_path)?;
            toml::from_str::<SiteFile>(&text)
                .map_err(|e| {
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("{}: {}", toml_path.display(), e.message()),
                    )
                })?
                .route
        } else {
            Vec::new()
        };
        sites.insert(
            host,
            Site {
                dir: site_dir,
                routes,
            },
        );
    }
    Ok(sites)
}

impl SiteServer {
    /// Serves every site folder under `dir` on 127.0.0.1 (a free port), on its own thread.
    pub fn start(dir: &Path) -> std::io::Result<SiteServer> {
        let sites = load_sites(dir)?;
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let mut hosts: Vec<String> = sites.keys().cloned().collect();
        hosts.sort();
        let state = Arc::new(State {
            sites,
            port: addr.port(),
            hits: Mutex::new(HashMap::new()),
            bombs: Mutex::new(HashMap::new()),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let st = state.clone();
        let thread = std::thread::Builder::new()
            .name("fixture-sites".into())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(_) => return,
                };
                rt.block_on(async move {
                    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                        return;
                    };
                    tokio::pin!(stopped);
                    loop {
                        tokio::select! {
                            _ = &mut stopped => break,
                            accepted = listener.accept() => {
                                let Ok((stream, _)) = accepted else { continue };
                                let st = st.clone();
                                tokio::spawn(async move {
                                    let svc = hyper::service::service_fn(move |req| {
                                        let st = st.clone();
                                        async move { Ok::<_, Infallible>(handle(&st, req).await) }
                                    });
                                    let _ = hyper::server::conn::http1::Builder::new()
                                        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                                        .await;
                                });
                            }
                        }
                    }
                });
                rt.shutdown_background();
            })?;
        Ok(SiteServer {
            addr,
            hosts,
            state,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The loopback port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The host names served.
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// The command-line flags that send every host to the server: `--resolve HOST:PORT:127.0.0.1`
    /// for URLs that name the server's port, and `--connect-to HOST:80:127.0.0.1:PORT` (and the
    /// same for 443, where TLS then fails and discovery falls back to http) for URLs without one.
    pub fn route_args(&self) -> Vec<(&'static str, String)> {
        let port = self.port();
        let mut args = Vec::new();
        for h in &self.hosts {
            args.push(("--resolve", format!("{h}:{port}:127.0.0.1")));
            for default in [80, 443] {
                args.push(("--connect-to", format!("{h}:{default}:127.0.0.1:{port}")));
            }
        }
        args
    }

    /// The rules of [`SiteServer::route_args`], for a [`crate::fetch::Fetcher`] built in process.
    pub fn rules(&self) -> Vec<crate::fetch::ResolveRule> {
        self.route_args()
            .iter()
            .filter_map(|(flag, v)| match *flag {
                "--resolve" => v.parse().ok(),
                _ => crate::fetch::ResolveRule::parse_connect_to(v).ok(),
            })
            .collect()
    }

    /// `http://host:port` of a served host.
    pub fn origin(&self, host: &str) -> String {
        format!("http://{host}:{}", self.port())
    }

    /// How many requests a host's path has had.
    pub fn hits(&self, host: &str, path: &str) -> usize {
        let hits = self.state.hits.lock().unwrap_or_else(|p| p.into_inner());
        hits.get(&(host.to_string(), path.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

impl Drop for SiteServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn content_type_for(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "xml" => "application/xml",
        "rss" => "application/rss+xml",
        "atom" => "application/atom+xml",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    })
}

fn respond(status: u16, headers: &[(&str, String)], body: Bytes) -> Response<Full<Bytes>> {
    let mut b = Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, v.as_str());
    }
    b.body(Full::new(body)).unwrap_or_else(|_| {
        let mut r = Response::new(Full::new(Bytes::from_static(b"bad fixture header\n")));
        *r.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        r
    })
}

fn not_found() -> Response<Full<Bytes>> {
    respond(
        404,
        &[("content-type", "text/plain".to_string())],
        Bytes::from_static(b"not found\n"),
    )
}

fn gzip_zeros(state: &State, n: usize) -> Bytes {
    let mut bombs = state.bombs.lock().unwrap_or_else(|p| p.into_inner());
    bombs
        .entry(n)
        .or_insert_with(|| {
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let block = vec![0u8; 1 << 16];
            let mut left = n;
            while left > 0 {
                let k = left.min(block.len());
                let _ = enc.write_all(&block[..k]);
                left -= k;
            }
            Bytes::from(enc.finish().unwrap_or_default())
        })
        .clone()
}

fn read_body(site: &Site, rel: &str, raw: bool, origin: &str) -> Option<Bytes> {
    let bytes = std::fs::read(site.dir.join(rel)).ok()?;
    if raw {
        return Some(Bytes::from(bytes));
    }
    Some(match String::from_utf8(bytes) {
        Ok(s) => Bytes::from(s.replace("{{origin}}", origin)),
        Err(e) => Bytes::from(e.into_bytes()),
    })
}

async fn handle(state: &State, req: Request<hyper::body::Incoming>) -> Response<Full<Bytes>> {
    let host = req
        .headers()
        .get(hyper::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .rsplit_once(':')
        .map_or_else(
            || {
                req.headers()
                    .get(hyper::header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string()
            },
            |(h, _)| h.to_string(),
        )
        .to_ascii_lowercase();
    let path = req.uri().path().to_string();
    let if_none_match = req
        .headers()
        .get(hyper::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let query: String = url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
        .map(|(k, v)| format!("{k}={v}&"))
        .collect();
    let n = {
        let mut hits = state.hits.lock().unwrap_or_else(|p| p.into_inner());
        let c = hits.entry((host.clone(), path.clone())).or_insert(0);
        *c += 1;
        *c
    };
    let Some(site) = state.sites.get(&host) else {
        return not_found();
    };
    let origin = format!("http://{host}:{}", state.port);
    let route = site.routes.iter().find(|r| {
        (r.path.as_deref() == Some(path.as_str())
            || r.prefix.as_deref().is_some_and(|p| path.starts_with(p)))
            && r.query_contains
                .as_deref()
                .is_none_or(|q| query.contains(q))
    });
    if let Some(r) = route {
        if let Some(ms) = r.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let status = if r.statuses.is_empty() {
            r.status.unwrap_or(200)
        } else {
            r.statuses[(n - 1).min(r.statuses.len() - 1)]
        };
        let mut headers: Vec<(&str, String)> = Vec::new();
        if let Some(v) = &r.retry_after {
            headers.push(("retry-after", v.clone()));
        }
        if let Some(v) = &r.location {
            headers.push(("location", v.replace("{{origin}}", &origin)));
        }
        let ctype = match r.content_type.as_deref() {
            Some("none") => None,
            Some(t) => Some(t.to_string()),
            None => r
                .file
                .as_deref()
                .and_then(|f| content_type_for(Path::new(f)))
                .or(Some("text/html; charset=utf-8"))
                .map(str::to_string),
        };
        if let Some(t) = ctype {
            headers.push(("content-type", t));
        }
        let sequence_error = !r.statuses.is_empty() && !(200..300).contains(&status);
        let body = if sequence_error {
            Bytes::from(format!("status {status}\n"))
        } else if let Some(size) = r.gzip_bomb_bytes {
            headers.push(("content-encoding", "gzip".into()));
            gzip_zeros(state, size)
        } else if let Some(f) = &r.file {
            match read_body(site, f, r.raw_file, &origin) {
                Some(b) => b,
                None => {
                    return respond(
                        500,
                        &[("content-type", "text/plain".into())],
                        Bytes::from(format!("fixture file {f} missing\n")),
                    )
                }
            }
        } else if let Some(b) = &r.body {
            Bytes::from(b.replace("{{origin}}", &origin))
        } else {
            Bytes::new()
        };
        return respond(status, &headers, body);
    }
    let mut rel = path.trim_start_matches('/').to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let forbidden = rel
        .split('/')
        .any(|c| c.is_empty() || c == ".." || c == "." || c.starts_with('_'));
    if forbidden {
        return not_found();
    }
    let file = site.dir.join(&rel);
    match read_body(site, &rel, false, &origin) {
        Some(body) => {
            // Static files carry an ETag and answer a matching If-None-Match with 304.
            let etag = format!("\"{}\"", &crate::input::sha256_hex(&body)[..16]);
            let ct = content_type_for(&file).unwrap_or("application/octet-stream");
            if if_none_match.as_deref() == Some(etag.as_str()) {
                return respond(304, &[("etag", etag)], Bytes::new());
            }
            respond(
                200,
                &[("content-type", ct.to_string()), ("etag", etag)],
                body,
            )
        }
        None => not_found(),
    }
}
