//! HTML → main text and metadata, with a map from text bytes back to HTML bytes.
//!
//! Owns charset decoding (BOM, Content-Type, `<meta>` prescan, detection), main-content
//! selection (a paragraph-density score over the DOM, with boilerplate containers dropped),
//! and metadata (title, byline, dates, canonical URL, site name, language from JSON-LD, meta tags
//! and `<time>`). Knows nothing of HTTP. The DOM is walked iteratively, so deeply nested input
//! cannot overflow the stack.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use scraper::{ElementRef, Html, Node, Selector};
use serde::Serialize;

/// Text and metadata extracted from an HTML page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extracted {
    /// Page title (headline).
    pub title: Option<String>,
    /// Author(s) as written.
    pub byline: Option<String>,
    /// Original publication date/time as given by the page.
    pub published: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Publisher's site name.
    pub site_name: Option<String>,
    /// Language code from `<html lang>` or meta tags.
    pub language: Option<String>,
    /// The main text: paragraphs separated by blank lines.
    pub text: String,
    /// For each byte of `text`, the byte offset in the HTML of the character it came from.
    #[serde(skip)]
    pub offsets: Vec<usize>,
}

impl Extracted {
    /// Maps a byte span of `text` to a byte span of the HTML.
    pub fn html_span(&self, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        if self.offsets.is_empty() || span.start >= self.offsets.len() {
            return 0..0;
        }
        let start = self.offsets[span.start];
        let mut last = span.end.saturating_sub(1).min(self.offsets.len() - 1);
        // The start of the last character (a span may end after a multi-byte one, e.g. "”").
        while last > 0 && !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let last_char_len = self.text[last..]
            .chars()
            .next()
            .map_or(1, char::len_utf8)
            .max(1);
        // The last character's HTML bytes: as long as it was in the text (entities aside).
        start..(self.offsets[last] + last_char_len).max(start)
    }
}

// ---------------------------------------------------------------------------------------------
// Charset
// ---------------------------------------------------------------------------------------------

/// Decodes HTML bytes: BOM, then the Content-Type charset, then a `<meta>` prescan, then UTF-8
/// if valid, then detection.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned();
    }
    let declared = content_type
        .and_then(charset_param)
        .or_else(|| meta_charset(bytes));
    if let Some(enc) = declared.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        // A page that declares a legacy charset but is valid UTF-8 is almost always UTF-8.
        if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii() {
            return String::from_utf8_lossy(bytes).into_owned();
        }
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Allow);
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
    })
}

/// The `<meta charset>` or `http-equiv` charset in the first 2 KiB.
fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(2048)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(p) = find_bytes(&lower[from..], b"<meta") {
        let start = from + p;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find_bytes(tag, b"charset=") {
            let v: String = tag[c + 8..]
                .iter()
                .skip_while(|&&b| b == b'"' || b == b'\'' || b == b' ')
                .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                .map(|&b| b as char)
                .collect();
            if !v.is_empty() {
                return Some(v);
            }
        }
        from = end;
    }
    None
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Main content
// ---------------------------------------------------------------------------------------------

/// Elements whose content is never article text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "button",
    "iframe",
    "svg",
    "template",
    "select",
    "figcaption",
    "head",
    "menu",
    "dialog",
    "input",
    "textarea",
    "label",
    "video",
    "audio",
    "canvas",
    "object",
    "embed",
];

/// Class/id words that mark boilerplate containers.
const BOILERPLATE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "cookie",
    "cookies",
    "consent",
    "comment",
    "comments",
    "sidebar",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "caption",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "masthead",
    "signup",
    "sign-up",
    "recirc",
    "recommended",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "toolbar",
    "byline",
    "dateline",
    "tags",
    "author-bio",
    "disclaimer",
    "skip",
    "visually-hidden",
    "sr-only",
    "modal",
    "banner",
    "more-stories",
    "read-more",
    "readmore",
    "pagination",
    "print",
    "credit",
    "credits",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "br",
    "tr",
    "table",
    "pre",
    "header",
    "figure",
    "dd",
    "dt",
    "dl",
    "hr",
];

fn is_boilerplate(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if SKIP_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(
        el.attr("role"),
        Some("navigation" | "complementary" | "contentinfo" | "banner")
    ) {
        return true;
    }
    // Never drop the article container itself for a word in its class list.
    if matches!(name, "article" | "main" | "body" | "html") {
        return false;
    }
    let mut words = el.classes().chain(el.id()).flat_map(|c| {
        c.split(['-', '_', ' '])
            .map(str::to_ascii_lowercase)
            .chain(std::iter::once(c.to_ascii_lowercase()))
    });
    words.any(|w| BOILERPLATE_WORDS.contains(&w.as_str()))
}

/// Deepest element nesting handed to the HTML parser. html5ever's tree builder is quadratic in
/// nesting depth, so deeper tags are blanked to spaces first (their text stays, and every byte
/// offset stays valid).
pub const MAX_NESTING: usize = 256;

/// Elements that never have children or a closing tag.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Blanks the tags of elements nested deeper than `max_depth` (same byte length, so offsets into
/// the result are offsets into `html`). Returns `None` when nothing is that deep.
pub fn flatten_deep_nesting(html: &str, max_depth: usize) -> Option<String> {
    let bytes = html.as_bytes();
    let mut stack: Vec<(String, bool)> = Vec::new(); // (tag name, blanked)
    let mut blank: Vec<std::ops::Range<usize>> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr_lt(&bytes[i..]) {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| start + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = rest.find('>').map_or(bytes.len(), |e| start + e + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        let name: String = html[name_start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            i = start + 1;
            continue;
        }
        let end = tag_end(bytes, name_start + name.len());
        if closing {
            if let Some(pos) = stack.iter().rposition(|(n, _)| *n == name) {
                if stack[pos].1 {
                    blank.push(start..end);
                }
                stack.truncate(pos);
            }
        } else {
            let self_closing = end >= 2 && bytes[end - 2] == b'/';
            if !VOID_TAGS.contains(&name.as_str()) && !self_closing {
                let deep = stack.len() >= max_depth;
                if deep {
                    blank.push(start..end);
                }
                stack.push((name.clone(), deep));
            }
            // Raw text: skip to the closing tag so "<" inside scripts is not read as a tag.
            if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
                let close = format!("</{name}");
                let lower_rest = html[end..].to_ascii_lowercase();
                i = lower_rest.find(&close).map_or(bytes.len(), |p| end + p);
                continue;
            }
        }
        i = end;
    }
    if blank.is_empty() {
        return None;
    }
    let mut out = html.as_bytes().to_vec();
    for r in blank {
        for b in &mut out[r] {
            *b = b' ';
        }
    }
    // Only ASCII tag bytes were replaced by ASCII spaces, so the result is still UTF-8.
    String::from_utf8(out).ok()
}

fn memchr_lt(hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == b'<')
}

/// The byte after the `>` that ends a tag, skipping quoted attribute values.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Extracts main text and metadata from an HTML document.
pub fn extract(html: &str) -> Extracted {
    let flattened = flatten_deep_nesting(html, MAX_NESTING);
    let html = flattened.as_deref().unwrap_or(html);
    let doc = Html::parse_document(html);
    let mut out = metadata(&doc);
    let root = choose_container(&doc);
    let (text, offsets) = render_text(&doc, root, html);
    out.text = text;
    out.offsets = offsets;
    if out.title.is_none() {
        out.title = first_text(&doc, "h1");
    }
    out
}

/// Picks the element whose paragraphs carry the article: each paragraph scores its parent
/// fully and its grandparent half, by length and commas (the Readability idea).
fn choose_container(doc: &Html) -> NodeId {
    let body = Selector::parse("body").expect("valid selector");
    let root = doc
        .select(&body)
        .next()
        .map_or(doc.root_element().id(), |b| b.id());
    let p_sel = Selector::parse("p, pre, blockquote, td").expect("valid selector");
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    for p in doc.select(&p_sel) {
        if ancestors_boilerplate(p) {
            continue;
        }
        let text: String = p.text().collect();
        let len = text.trim().chars().count();
        if len < 25 {
            continue;
        }
        let s = 1.0 + text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        if let Some(parent) = p.parent() {
            *scores.entry(parent.id()).or_default() += s;
            if let Some(gp) = parent.parent() {
                *scores.entry(gp.id()).or_default() += s / 2.0;
            }
        }
    }
    let Some((&best, &best_score)) = scores
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
    else {
        return root;
    };
    // Climb while the parent holds clearly more article text (paragraphs split across
    // sibling containers).
    let mut node = best;
    let mut score = best_score;
    while let Some(parent) = doc.tree.get(node).and_then(|n| n.parent()) {
        let ps = scores.get(&parent.id()).copied().unwrap_or(0.0);
        if ps > score * 1.15 && parent.value().is_element() {
            node = parent.id();
            score = ps;
        } else {
            break;
        }
    }
    node
}

/// Whether a paragraph sits in navigation, an aside, a footer or hidden markup. Class words
/// are not consulted here: page-wide wrappers often carry words like "advertisement".
fn ancestors_boilerplate(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(|n| n.value().as_element())
        .any(|e| {
            SKIP_TAGS.contains(&e.name())
                || e.attr("hidden").is_some()
                || e.attr("aria-hidden") == Some("true")
        })
}

/// Walks the chosen subtree in document order (iteratively), emitting text with paragraph
/// breaks and recording each text byte's HTML offset.
fn render_text(doc: &Html, root: NodeId, html: &str) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut offsets: Vec<usize> = Vec::new();
    let Some(root) = doc.tree.get(root) else {
        return (text, offsets);
    };
    let mut skip_depth = 0usize;
    let mut cursor = 0usize; // search position in the raw HTML
    let mut pending_break = false;
    let mut pending_space = false;
    let root_id = root.id();
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    if skip_depth > 0 || (node.id() != root_id && is_boilerplate(el)) {
                        skip_depth += 1;
                        continue;
                    }
                    if BLOCK_TAGS.contains(&el.name()) {
                        pending_break = true;
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    let s: &str = t;
                    if s.trim().is_empty() {
                        if !s.is_empty() {
                            pending_space = true;
                        }
                        continue;
                    }
                    // Where each character of this text node sits in the raw HTML.
                    let (raw_offsets, next) = locate_text(html, cursor, s);
                    cursor = next;
                    for (k, (_, c)) in s.char_indices().enumerate() {
                        let raw = raw_offsets[k];
                        if c.is_whitespace() {
                            pending_space = true;
                            continue;
                        }
                        if pending_break && !text.is_empty() {
                            text.push_str("\n\n");
                            offsets.extend([raw, raw]);
                        } else if pending_space && !text.is_empty() && !text.ends_with('\n') {
                            text.push(' ');
                            offsets.push(raw);
                        }
                        pending_break = false;
                        pending_space = false;
                        text.push(c);
                        offsets.extend(std::iter::repeat_n(raw, c.len_utf8()));
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 && node.id() != root_id {
                        skip_depth -= 1;
                        continue;
                    }
                    if BLOCK_TAGS.contains(&el.name()) {
                        pending_break = true;
                    }
                }
            }
        }
    }
    (text, offsets)
}

/// Finds a decoded text node in the raw HTML at or after `cursor`, character by character:
/// entities ("&rsquo;", "&#8217;") and CR LF line ends are matched to the character they decode
/// to. Returns each character's byte offset in `html` and the position after the node.
fn locate_text(html: &str, cursor: usize, node: &str) -> (Vec<usize>, usize) {
    let cursor = cursor.min(html.len());
    // Anchor on the longest plain prefix (characters that appear in the HTML as themselves).
    let plain: String = node
        .chars()
        .take_while(|c| c.is_ascii() && !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r'))
        .take(48)
        .collect();
    let start = if plain.trim().is_empty() {
        // The node starts with an entity or non-ASCII text: it begins right after a tag, with
        // its first character or an entity.
        let first = node.chars().next().unwrap_or(' ');
        html[cursor..]
            .match_indices('>')
            .map(|(p, _)| cursor + p + 1)
            .take(256)
            .find(|&p| html[p..].starts_with(first) || html[p..].starts_with('&'))
            .unwrap_or(cursor)
    } else {
        match html[cursor..].find(&plain) {
            Some(p) => cursor + p,
            None => {
                let n = node.chars().count();
                return (vec![cursor; n], cursor);
            }
        }
    };
    let bytes = html.as_bytes();
    let mut out = Vec::with_capacity(node.len());
    let mut p = start;
    for c in node.chars() {
        if p >= bytes.len() {
            out.push(bytes.len());
            continue;
        }
        if bytes[p] == b'\r' && c == '\n' {
            p += 1;
            if bytes.get(p) == Some(&b'\n') {
                out.push(p);
                p += 1;
                continue;
            }
            out.push(p - 1);
            continue;
        }
        if html[p..].starts_with(c) && !(c != '&' && bytes[p] == b'&') {
            out.push(p);
            p += c.len_utf8();
            continue;
        }
        if bytes[p] == b'&' {
            // An entity: up to ';' within a short distance.
            let end = html[p..]
                .char_indices()
                .take(40)
                .find(|&(_, ch)| ch == ';' || ch.is_whitespace() || ch == '<')
                .map_or(p + 1, |(k, ch)| if ch == ';' { p + k + 1 } else { p + k });
            out.push(p);
            p = end.max(p + 1);
            continue;
        }
        // Unexpected: keep the position (a character the parser added or changed).
        out.push(p);
    }
    (out, p)
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|s| {
        let sel = Selector::parse(s).ok()?;
        doc.select(&sel)
            .find_map(|e| {
                e.attr("content")
                    .or_else(|| e.attr("href"))
                    .or_else(|| e.attr("datetime"))
            })
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    })
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    let sel = Selector::parse(selector).ok()?;
    doc.select(&sel)
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// JSON-LD objects of the page (top level, arrays and `@graph` flattened).
fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).expect("valid selector");
    let mut out = Vec::new();
    for s in doc.select(&sel) {
        let raw: String = s.text().collect();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(raw.trim()) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(a) => stack.extend(a),
                serde_json::Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    out.push(serde_json::Value::Object(o));
                }
                _ => {}
            }
        }
    }
    out
}

fn ld_is_article(v: &serde_json::Value) -> bool {
    let t = &v["@type"];
    let is = |s: &str| s.contains("Article") || s == "Report" || s == "BlogPosting";
    match t {
        serde_json::Value::String(s) => is(s),
        serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).any(is),
        _ => false,
    }
}

fn ld_names(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(String::from),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(ld_names).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

/// Splits "Headline | Site" when the page's `<h1>` is the headline part: (headline, site).
fn title_without_site(title: &str, h1: Option<&str>) -> (String, Option<String>) {
    if let Some(h) = h1.filter(|h| !h.is_empty()) {
        for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
            if let Some((head, site)) = title.rsplit_once(sep) {
                if head.trim().eq_ignore_ascii_case(h.trim()) {
                    return (head.trim().to_string(), Some(site.trim().to_string()));
                }
            }
        }
    }
    (title.to_string(), None)
}

/// A `<time>` that marks an update rather than the first publication.
fn is_update_marker(e: &ElementRef<'_>) -> bool {
    ["class", "itemprop", "id"].iter().any(|a| {
        e.attr(a).is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("updat") || v.contains("modif") || v.contains("edited")
        })
    })
}

/// The publication date from `<time>` elements: one marked as published first, then any not
/// marked as an update.
fn time_published(doc: &Html) -> Option<String> {
    let sel = Selector::parse("time[datetime]").expect("valid selector");
    let times: Vec<ElementRef<'_>> = doc.select(&sel).collect();
    let marked = times.iter().find(|e| {
        e.attr("pubdate").is_some()
            || ["class", "itemprop"].iter().any(|a| {
                e.attr(a)
                    .is_some_and(|v| v.to_ascii_lowercase().contains("publish"))
            })
    });
    marked
        .or_else(|| times.iter().find(|e| !is_update_marker(e)))
        .and_then(|e| e.attr("datetime"))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// "By Jane Roe" → "Jane Roe".
fn clean_byline(s: String) -> String {
    let t = s.trim();
    for p in ["By ", "by ", "BY "] {
        if let Some(rest) = t.strip_prefix(p) {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

fn metadata(doc: &Html) -> Extracted {
    let ld = json_ld(doc);
    let h1 = first_text(doc, "h1");
    let article = ld.iter().find(|v| ld_is_article(v));
    let ld_str = |key: &str| {
        article
            .and_then(|a| a.get(key))
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let title = ld_str("headline")
        .or_else(|| {
            meta_content(
                doc,
                &[
                    r#"meta[property="og:title"]"#,
                    r#"meta[name="twitter:title"]"#,
                ],
            )
        })
        .or_else(|| {
            let t = first_text(doc, "title")?;
            Some(title_without_site(&t, h1.as_deref()).0)
        });
    let byline = article
        .and_then(|a| a.get("author"))
        .and_then(ld_names)
        .or_else(|| {
            meta_content(
                doc,
                &[
                    r#"meta[name="author"]"#,
                    r#"meta[property="article:author"]"#,
                ],
            )
        })
        .or_else(|| {
            first_text(
                doc,
                r#"[rel="author"], [itemprop="author"], .byline, .author"#,
            )
        });
    let published = ld_str("datePublished")
        .or_else(|| {
            meta_content(
                doc,
                &[
                    r#"meta[property="article:published_time"]"#,
                    r#"meta[name="pubdate"]"#,
                    r#"meta[name="publishdate"]"#,
                    r#"meta[itemprop="datePublished"]"#,
                    r#"meta[name="date"]"#,
                    r#"meta[name="dc.date"]"#,
                    r#"meta[name="dcterms.created"]"#,
                    r#"time[itemprop="datePublished"]"#,
                ],
            )
        })
        .or_else(|| time_published(doc));
    let canonical_url = meta_content(
        doc,
        &[r#"link[rel="canonical"]"#, r#"meta[property="og:url"]"#],
    );
    let site_name = meta_content(doc, &[r#"meta[property="og:site_name"]"#])
        .or_else(|| {
            ld.iter()
                .find_map(|v| v.get("publisher").and_then(ld_names))
        })
        .or_else(|| {
            let t = first_text(doc, "title")?;
            title_without_site(&t, h1.as_deref()).1
        });
    let language = doc
        .root_element()
        .attr("lang")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| {
            meta_content(
                doc,
                &[
                    r#"meta[http-equiv="content-language"]"#,
                    r#"meta[property="og:locale"]"#,
                ],
            )
        });
    Extracted {
        title,
        byline: byline.map(clean_byline).filter(|b| !b.is_empty()),
        published,
        canonical_url,
        site_name,
        language,
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Bridge to reopen | Gazette</title>
<meta name="author" content="Jane Roe"><meta property="article:published_time" content="2026-03-02T10:00:00Z">
<link rel="canonical" href="https://gazette.example/news/bridge.html"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge to reopen</h1>
<p>The harbour bridge will reopen in May after repairs costing &pound;4.2 million, officials said.</p>
<p>“We will finish before the summer season starts,” said Maria Lopez, the mayor of the town.</p>
<div class="share-bar">Share on social media now please</div>
<figure><img src="x.jpg"><figcaption>The bridge in 2019, before the storm damaged it.</figcaption></figure>
</article><aside><h2>Related stories</h2><p>Another story about something else entirely, with commas, and more.</p></aside>
<footer>Copyright Gazette</footer></body></html>"#;

    #[test]
    fn main_text_without_boilerplate() {
        let e = extract(PAGE);
        assert!(
            e.text.starts_with("Bridge to reopen\n\nThe harbour bridge"),
            "{}",
            e.text
        );
        assert!(e.text.contains("said Maria Lopez"));
        for junk in [
            "Home",
            "Share on",
            "figcaption",
            "before the storm",
            "Related",
            "Copyright",
        ] {
            assert!(!e.text.contains(junk), "{junk} in {}", e.text);
        }
        assert_eq!(e.title.as_deref(), Some("Bridge to reopen"));
        assert_eq!(e.site_name.as_deref(), Some("Gazette"));
        assert_eq!(e.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(e.published.as_deref(), Some("2026-03-02T10:00:00Z"));
        assert_eq!(
            e.canonical_url.as_deref(),
            Some("https://gazette.example/news/bridge.html")
        );
        assert_eq!(e.language.as_deref(), Some("en"));
    }

    #[test]
    fn spans_ending_in_a_multibyte_character_map_back() {
        // Found by the extraction fuzz target: the last byte of "”" is not a char boundary.
        let html =
            "<html><body><article><p>She said \u{201C}yes\u{201D}</p></article></body></html>";
        let e = extract(html);
        let span = e.html_span(0..e.text.len());
        assert!(
            html[span.clone()].ends_with('\u{201D}'),
            "{:?}",
            &html[span]
        );
    }

    #[test]
    fn offsets_point_into_the_html() {
        let e = extract(PAGE);
        let at = e.text.find("Maria Lopez").unwrap();
        let span = e.html_span(at..at + "Maria Lopez".len());
        assert_eq!(&PAGE[span], "Maria Lopez");
    }

    #[test]
    fn charset_from_meta_and_detection() {
        let mut bytes = b"<html><head><meta charset=\"windows-1252\"></head><body><p>caf".to_vec();
        bytes.push(0xE9);
        bytes.extend_from_slice(b" au lait</p></body></html>");
        assert!(decode_html(&bytes, None).contains("caf\u{e9} au lait"));
        assert!(decode_html(&bytes, Some("text/html; charset=windows-1252")).contains("caf\u{e9}"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = format!(
            "<html><body>{}<p>deep text here</p>{}</body></html>",
            "<div>".repeat(3000),
            "</div>".repeat(3000)
        );
        let e = extract(&html);
        assert!(e.text.contains("deep text here"));
        let at = e.text.find("deep").unwrap();
        assert_eq!(&html[e.html_span(at..at + 4)], "deep");
    }

    #[test]
    fn flattening_keeps_byte_length_and_shallow_pages() {
        let page = "<html><body><script>if (a<b) {}</script><p>x</p></body></html>";
        assert_eq!(flatten_deep_nesting(page, 4), None);
        let deep = "<div><div><div><p>t</p></div></div></div>";
        let flat = flatten_deep_nesting(deep, 2).unwrap();
        assert_eq!(flat.len(), deep.len());
        assert_eq!(
            flat,
            "<div><div>     <p>t</p>      </div></div>".replace("<p>t</p>", "   t    ")
        );
    }
}
