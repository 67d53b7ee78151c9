//! PDF → text, page by page, for sources and articles published as PDF (reports, court filings,
//! press releases).
//!
//! Owns detecting a PDF (by content type or the `%PDF-` magic) and reading its text layer with
//! lopdf (pure Rust; each page's decompressed content is bounded by lopdf's limit, so a small
//! compressed stream cannot inflate without end). The text of each page is its lines joined into
//! running text (a hyphen at a line end joined back), pages separated by a blank line; the byte
//! offset where each page starts is kept so evidence can name its page. Must not fetch or analyse.

use std::time::Duration;

/// Longest time text extraction may take before the PDF is given up on: an input the size cap
/// lets through can still be slow to parse.
pub const EXTRACT_TIMEOUT: Duration = Duration::from_secs(30);

/// The name of the thread that reads a PDF; the binary keeps a panic in it off stderr.
pub const THREAD_NAME: &str = "provcheck-pdf";

/// The text layer of a PDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfText {
    /// Page texts joined by blank lines.
    pub text: String,
    /// Byte offset in `text` where each page starts (page 1 first).
    pub page_starts: Vec<usize>,
    /// The document title from its info dictionary, if any.
    pub title: Option<String>,
}

impl PdfText {
    /// The 1-based page a byte offset of `text` falls on.
    pub fn page_of(&self, offset: usize) -> Option<u32> {
        page_of(&self.page_starts, offset)
    }
}

/// The 1-based page of a byte offset, given where each page starts (`None` before page 1 or
/// with no pages).
pub fn page_of(page_starts: &[usize], offset: usize) -> Option<u32> {
    let i = page_starts.partition_point(|&s| s <= offset);
    (i > 0).then_some(i as u32)
}

/// Whether bytes are a PDF: `%PDF-` within the first 1024 bytes, as readers accept it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// Whether a Content-Type names a PDF.
pub fn is_pdf_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim();
    mime.eq_ignore_ascii_case("application/pdf") || mime.eq_ignore_ascii_case("application/x-pdf")
}

/// Reads the text layer of a PDF. The error is the problem in a few words, for a message that
/// names the file or URL: a PDF that does not parse, one that is encrypted, one without text on
/// any page ("no text layer: scanned PDF?"), one that takes longer than [`EXTRACT_TIMEOUT`].
pub fn extract(bytes: &[u8]) -> Result<PdfText, String> {
    extract_within(bytes, EXTRACT_TIMEOUT)
}

/// [`extract`] with another time limit.
pub fn extract_within(bytes: &[u8], limit: Duration) -> Result<PdfText, String> {
    let owned = bytes.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    // A thread, so a parse that runs too long can be left behind, and a panic in the parser on a
    // malformed file ends as an error instead of the run.
    let spawned = std::thread::Builder::new()
        .name(THREAD_NAME.into())
        .spawn(move || {
            let _ = tx.send(read(&owned));
        });
    if spawned.is_err() {
        return Err("cannot start reading the PDF".into());
    }
    match rx.recv_timeout(limit) {
        Ok(result) => result,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "reading its text took over {} s; giving up",
            limit.as_secs()
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err("is a damaged PDF (the reader failed on it)".into())
        }
    }
}

fn read(bytes: &[u8]) -> Result<PdfText, String> {
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| format!("is not a readable PDF ({})", one_line(&e.to_string())))?;
    if doc.is_encrypted() {
        return Err("is an encrypted PDF; its text cannot be read".into());
    }
    let mut out = PdfText {
        title: info_title(&doc),
        ..PdfText::default()
    };
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err("is a PDF with no pages".into());
    }
    let mut any_text = false;
    for (i, page) in pages.iter().enumerate() {
        // A page whose text cannot be read (an odd font, content over lopdf's bound) is empty.
        let raw = doc.extract_text(&[*page]).unwrap_or_default();
        let text = running_text(&raw);
        if i > 0 {
            out.text.push_str("\n\n");
        }
        out.page_starts.push(out.text.len());
        any_text |= text.chars().any(char::is_alphanumeric);
        out.text.push_str(&text);
    }
    if !any_text {
        return Err("has no text layer: scanned PDF? (no page has text; run OCR first)".into());
    }
    Ok(out)
}

/// A line shorter than this share of the page's longest line ends its paragraph (a heading, or
/// the last line of a paragraph), as PDFs keep lines but not paragraphs.
const SHORT_LINE_SHARE: f64 = 0.8;

/// Lines joined into running text: a line-end hyphen between letters is dropped ("inter-\nnal"
/// → "internal"), other line breaks become spaces, and a short line (see `SHORT_LINE_SHARE`)
/// ends a paragraph (a blank line); runs of spaces collapse.
fn running_text(raw: &str) -> String {
    let lines: Vec<String> = raw
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let longest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut out = String::with_capacity(raw.len());
    let mut paragraph_ended = false;
    for line in &lines {
        let joins_hyphen = !paragraph_ended
            && out.ends_with('-')
            && out[..out.len() - 1]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && line.chars().next().is_some_and(char::is_lowercase);
        if joins_hyphen {
            out.pop();
        } else if paragraph_ended {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
        // A line cut at a hyphen goes on, however short.
        paragraph_ended = !line.ends_with('-')
            && (line.chars().count() as f64) < SHORT_LINE_SHARE * longest as f64;
    }
    out
}

/// `/Title` of the document information dictionary.
fn info_title(doc: &lopdf::Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let dict = match info {
        lopdf::Object::Reference(r) => doc.get_dictionary(*r).ok()?,
        lopdf::Object::Dictionary(d) => d,
        _ => return None,
    };
    let title = dict.get(b"Title").ok()?;
    let s = lopdf::decode_text_string(title).ok()?;
    let s = one_line(&s);
    (!s.is_empty()).then_some(s)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_and_content_type() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\xef\xbb\xbf  %PDF-1.4"));
        assert!(!is_pdf(b"<html><body>"));
        assert!(is_pdf_type("application/pdf; qs=0.5"));
        assert!(!is_pdf_type("text/html"));
    }

    #[test]
    fn lines_become_running_text() {
        assert_eq!(
            running_text(
                "Annual report\nThe inter-\nnal report  says that a total of\n\n12 ships called at the port in\nMay. Anglo-\nSaxon ships called at the port too."
            ),
            "Annual report\n\nThe internal report says that a total of 12 ships called at the port in\nMay. Anglo- Saxon ships called at the port too."
                .replace("in\nMay", "in May")
        );
    }

    #[test]
    fn pages_of_offsets() {
        let t = PdfText {
            text: "one\n\ntwo\n\nthree".into(),
            page_starts: vec![0, 5, 10],
            title: None,
        };
        assert_eq!(t.page_of(0), Some(1));
        assert_eq!(t.page_of(4), Some(1));
        assert_eq!(t.page_of(5), Some(2));
        assert_eq!(t.page_of(12), Some(3));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b"%PDF-1.4 garbage"[..],
            b"%PDF-",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog",
        ] {
            assert!(extract(bytes).is_err());
        }
    }
}
