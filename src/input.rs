//! Loading an article or a local source file into a [`Document`].
//!
//! Plain text is analysed as is. Markdown keeps its bytes: front matter and markup characters are
//! blanked to spaces, so every offset into the analysed text is also an offset into the file.
//! HTML goes through [`crate::extract`], whose offset map leads back to the file's bytes.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::extract;

/// What kind of file a document came from.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Plain text.
    Text,
    /// Markdown, with optional YAML front matter.
    Markdown,
    /// HTML.
    Html,
    /// PDF: its text layer ([`crate::pdf`]).
    Pdf,
}

/// An article or source ready for analysis.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from (a path as given, or a URL).
    pub origin: String,
    /// File kind.
    pub kind: DocKind,
    /// The decoded file content.
    pub raw: String,
    /// Hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// The text analysed: same byte offsets as `raw` for text and Markdown.
    pub text: String,
    /// Title from front matter, HTML metadata or the first line.
    pub title: Option<String>,
    /// `source:`/`sources:` entries of Markdown front matter.
    pub front_matter_sources: Vec<String>,
    /// HTML metadata, for HTML documents.
    pub html: Option<extract::Extracted>,
    /// For a PDF, the byte offset in `text` where each page starts (page 1 first); else empty.
    pub page_starts: Vec<usize>,
}

impl Document {
    /// Maps a byte span of `text` to a byte span of `raw` (the file as given).
    pub fn raw_span(&self, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        match &self.html {
            Some(e) => e.html_span(span),
            None => span,
        }
    }

    /// The 1-based PDF page a byte offset of `text` falls on (`None` for other kinds).
    pub fn page_of(&self, offset: usize) -> Option<u32> {
        crate::pdf::page_of(&self.page_starts, offset)
    }
}

/// Hex SHA-256 of bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Reads a file with the checks every input gets: exists, is a file, not empty, not too large.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Error> {
    let err = |reason: String| Error::Input {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => err("no such file".into()),
        std::io::ErrorKind::PermissionDenied => err("permission denied".into()),
        _ => err(e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(err("is a directory, not a file".into()));
    }
    if meta.len() > max_bytes {
        return Err(err(format!(
            "is {} bytes, over the limit of {max_bytes} bytes (input.max_bytes)",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(err("is empty".into()));
    }
    Ok(bytes)
}

fn kind_of(path: &Path, bytes: &[u8]) -> DocKind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => return DocKind::Html,
        Some("md" | "markdown" | "mdown") => return DocKind::Markdown,
        _ => {}
    }
    let head: String = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<?xml")
    {
        DocKind::Html
    } else if head.starts_with("---\n") || head.starts_with("---\r\n") {
        DocKind::Markdown
    } else {
        DocKind::Text
    }
}

/// Loads a document from a file.
pub fn load(path: &Path, max_bytes: u64) -> Result<Document, Error> {
    let bytes = read_file(path, max_bytes)?;
    from_bytes(&path.display().to_string(), Some(path), &bytes, None)
}

/// Builds a document from bytes; `path` (if any) decides the kind by extension and names errors.
pub fn from_bytes(
    origin: &str,
    path: Option<&Path>,
    bytes: &[u8],
    content_type: Option<&str>,
) -> Result<Document, Error> {
    let err_path = || path.map_or_else(|| PathBuf::from(origin), Path::to_path_buf);
    let err = |reason: String| Error::Input {
        path: err_path(),
        reason,
    };
    let sniff_path = path.unwrap_or_else(|| Path::new(origin));
    let mut kind = kind_of(sniff_path, bytes);
    if content_type.is_some_and(|c| c.contains("html")) {
        kind = DocKind::Html;
    }
    // A PDF by its magic bytes or its declared type, whatever the extension or a server says.
    if crate::pdf::is_pdf(bytes) || content_type.is_some_and(crate::pdf::is_pdf_type) {
        kind = DocKind::Pdf;
    }
    let sha256 = sha256_hex(bytes);
    if !matches!(kind, DocKind::Html | DocKind::Pdf) && bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(err(
            "looks like a binary file (it contains NUL bytes), not text".into(),
        ));
    }
    match kind {
        DocKind::Pdf => {
            let pdf = crate::pdf::extract(bytes).map_err(err)?;
            Ok(Document {
                origin: origin.to_string(),
                kind,
                sha256,
                bytes: bytes.len() as u64,
                title: pdf.title.clone().or_else(|| {
                    pdf.text
                        .split_whitespace()
                        .take(16)
                        .collect::<Vec<_>>()
                        .join(" ")
                        .into()
                }),
                raw: pdf.text.clone(),
                text: pdf.text,
                front_matter_sources: Vec::new(),
                html: None,
                page_starts: pdf.page_starts,
            })
        }
        DocKind::Html => {
            let raw = extract::decode_html(bytes, content_type);
            if raw.contains('\0') {
                return Err(err(
                    "looks like a binary file (it contains NUL bytes), not HTML".into(),
                ));
            }
            let ex = extract::extract(&raw);
            if ex.text.trim().is_empty() {
                return Err(err("has no readable text in its HTML".into()));
            }
            Ok(Document {
                origin: origin.to_string(),
                kind,
                sha256,
                bytes: bytes.len() as u64,
                text: ex.text.clone(),
                title: ex.title.clone(),
                front_matter_sources: Vec::new(),
                raw,
                html: Some(ex),
                page_starts: Vec::new(),
            })
        }
        DocKind::Text | DocKind::Markdown => {
            let raw = match std::str::from_utf8(bytes) {
                Ok(s) => s.to_string(),
                Err(e) => {
                    return Err(err(format!(
                        "is not valid UTF-8 (invalid byte at offset {}); convert it to UTF-8 first",
                        e.valid_up_to()
                    )))
                }
            };
            let (text, fm_title, sources) = if kind == DocKind::Markdown {
                markdown_text(&raw)
            } else {
                (raw.clone(), None, Vec::new())
            };
            let title = fm_title.or_else(|| {
                text.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(|l| l.chars().take(200).collect())
            });
            Ok(Document {
                origin: origin.to_string(),
                kind,
                sha256,
                bytes: bytes.len() as u64,
                raw,
                text,
                title,
                front_matter_sources: sources,
                html: None,
                page_starts: Vec::new(),
            })
        }
    }
}

/// Blanks Markdown syntax to spaces (same byte length) and reads the front matter.
fn markdown_text(raw: &str) -> (String, Option<String>, Vec<String>) {
    let mut text = raw.to_string();
    let mut title = None;
    let mut sources = Vec::new();
    let body_start = raw.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let rest = &raw[body_start..];
    if rest.starts_with("---\n") || rest.starts_with("---\r\n") {
        let after = rest.find('\n').map_or(rest.len(), |p| p + 1);
        if let Some(end_rel) = rest[after..]
            .match_indices('\n')
            .map(|(p, _)| after + p + 1)
            .find(|&line_start| {
                let line = rest[line_start..].lines().next().unwrap_or("");
                line.trim_end() == "---" || line.trim_end() == "..."
            })
        {
            let fm = &rest[after..end_rel];
            let mut in_sources = false;
            for line in fm.lines() {
                let trimmed = line.trim();
                if let Some(item) = trimmed.strip_prefix("- ") {
                    if in_sources {
                        sources.push(unquote(item));
                    }
                    continue;
                }
                in_sources = false;
                if let Some((k, v)) = trimmed.split_once(':') {
                    let key = k.trim().to_ascii_lowercase();
                    let v = v.trim();
                    match key.as_str() {
                        "title" if !v.is_empty() => title = Some(unquote(v)),
                        "source" | "sources" | "original_source" | "source_url" => {
                            if v.is_empty() {
                                in_sources = true;
                            } else if v.starts_with('[') {
                                sources.extend(
                                    v.trim_matches(|c| c == '[' || c == ']')
                                        .split(',')
                                        .map(unquote)
                                        .filter(|s| !s.is_empty()),
                                );
                            } else {
                                sources.push(unquote(v));
                            }
                        }
                        _ => {}
                    }
                }
            }
            let fm_end = body_start
                + end_rel
                + rest[end_rel..]
                    .find('\n')
                    .map_or(rest.len() - end_rel, |p| p + 1);
            blank(&mut text, 0..fm_end);
        }
    }
    blank_markup(&mut text);
    (text, title, sources)
}

fn unquote(s: &str) -> String {
    s.trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim()
        .to_string()
}

/// Replaces a byte range with spaces, keeping newlines (so line structure stays).
fn blank(text: &mut String, range: std::ops::Range<usize>) {
    let replaced: String = text[range.clone()]
        .chars()
        .map(|c| {
            if c == '\n' {
                "\n".to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    text.replace_range(range, &replaced);
}

/// Blanks heading marks, emphasis markers, link targets and list bullets.
fn blank_markup(text: &mut String) {
    let mut ranges = Vec::new();
    let bytes = text.as_bytes();
    let mut line_start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if i == line_start {
            // Leading "#", ">", "-", "*", "+" markers.
            let mut j = i;
            while j < bytes.len() && matches!(bytes[j], b'#' | b'>' | b' ') {
                j += 1;
            }
            if j + 1 < bytes.len() && matches!(bytes[j], b'-' | b'*' | b'+') && bytes[j + 1] == b' '
            {
                j += 1;
            }
            if j > i {
                ranges.push(i..j);
            }
        }
        if b == b'\n' {
            line_start = i + 1;
        }
    }
    // Links: "[text](url)" → " text      ".
    let s = text.as_str();
    for (anchor, _, span) in markdown_links(s) {
        ranges.push(span.start..span.start + 1);
        ranges.push(span.start + 1 + anchor.len()..span.end);
    }
    // Emphasis: "**" and "__".
    for pat in ["**", "__"] {
        for (p, _) in s.match_indices(pat) {
            ranges.push(p..p + 2);
        }
    }
    for r in ranges {
        blank(text, r);
    }
}

/// Links of a Markdown body as (anchor text, URL).
pub fn markdown_links(raw: &str) -> Vec<(String, String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = raw[from..].find("](") {
        let close = from + p;
        if let Some(open) = raw[..close].rfind('[') {
            if let Some(end) = raw[close..].find(')') {
                let url = &raw[close + 2..close + end];
                if !raw[open..close].contains('\n') && !url.contains(char::is_whitespace) {
                    out.push((
                        raw[open + 1..close].to_string(),
                        url.to_string(),
                        open..close + end + 1,
                    ));
                }
            }
        }
        from = close + 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_offsets_and_reads_front_matter() {
        let raw = "---\ntitle: \"Bridge news\"\nsources:\n  - https://a.example/x\n  - b.example\n---\n# Heading\n\nThe **bridge** will [reopen](https://a.example/x) soon.\n";
        let (text, title, sources) = markdown_text(raw);
        assert_eq!(text.len(), raw.len());
        assert_eq!(title.as_deref(), Some("Bridge news"));
        assert_eq!(sources, vec!["https://a.example/x", "b.example"]);
        let at = text.find("bridge").unwrap();
        assert_eq!(&raw[at..at + 6], "bridge");
        assert!(text.contains("The   bridge   will  reopen"));
        assert!(!text.contains("title"));
    }
}
