//! HTML → main text and metadata, with a map from text bytes back to HTML bytes.
//!
//! Owns charset decoding (BOM, Content-Type, `<meta>` prescan, detection), main-content
//! selection, and metadata (title, byline, dates, canonical URL, site name, language from
//! JSON-LD, meta tags and `<time>`). Knows nothing of HTTP.
//!
//! Main content: every block's own text is scored as a paragraph (the Readability idea, applied
//! to `<div>`s and `<br>`-separated text as well as `<p>`); the best-scored container outside
//! comment-like containers (or the microdata article body) is chosen, and sibling blocks of an
//! article split by adverts are merged in. Rendering drops boilerplate, hidden elements, link
//! lists and the headline. Each text byte keeps the HTML span it came from. The DOM is walked
//! iteratively, so deeply nested input cannot overflow the stack. Rules are generic: nothing
//! here is keyed to a site or domain.

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
    /// For each byte of `text`, the byte offset in the HTML just after the source of its
    /// character (an entity such as `&pound;` is longer than the character it decodes to).
    /// Every value is a character boundary of the HTML, at most its length.
    #[serde(skip)]
    source_ends: Vec<usize>,
}

impl Extracted {
    /// Maps a byte span of `text` to a byte span of the HTML, from the source of the span's
    /// first character to the end of the source of its last one. The result always lies on
    /// character boundaries inside the HTML; an empty span maps to an empty span.
    pub fn html_span(&self, span: std::ops::Range<usize>) -> std::ops::Range<usize> {
        if self.offsets.is_empty() || span.start >= self.offsets.len() {
            return 0..0;
        }
        let start = self.offsets[span.start];
        if span.end <= span.start {
            return start..start;
        }
        let mut last = (span.end - 1).min(self.offsets.len() - 1);
        // The start of the last character (a span may end after a multi-byte one, e.g. "”").
        while last > 0 && !self.text.is_char_boundary(last) {
            last -= 1;
        }
        let end = match self.source_ends.get(last) {
            Some(&end) => end,
            // Built by hand rather than by `extract`: assume the character appears as itself.
            None => self.offsets[last] + self.text[last..].chars().next().map_or(1, char::len_utf8),
        };
        // Text the parser moved (out of a table, say) can map before the span's start.
        start..end.max(start)
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

/// Class/id words that mark boilerplate containers, dropped when rendering.
const BOILERPLATE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "subscription",
    "promo",
    "promotion",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comment",
    "comments",
    "sidebar",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "cta",
    "donate",
    "widget",
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

/// Class/id words of containers that hold other pages' teasers or readers' text (comments,
/// recommendations, sign-up boxes): a candidate inside one is not the article. Narrower than
/// `BOILERPLATE_WORDS` on purpose: layout words ("sidebar", "banner", "ad") often sit on
/// page-wide wrappers that also hold the article.
const COMMENT_LIKE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "related",
    "recommended",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "footer",
    "newsletter",
    "promo",
    "consent",
    "cookie",
    "cookies",
    "recirc",
    "disqus",
    "more-stories",
    "read-more",
    "readmore",
];

/// Elements that start a new paragraph in the rendered text.
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

/// Elements whose own text (the text not inside a nested one of them) is scored as a paragraph:
/// any block, so text in a bare `<div>` or between `<br>`s counts as well as a `<p>`.
const PARAGRAPH_BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "td",
    "th",
    "tr",
    "table",
    "tbody",
    "dd",
    "dt",
    "dl",
    "figure",
    "header",
    "footer",
    "body",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "center",
    "address",
    "details",
    "summary",
    "fieldset",
];

/// Headings: their text names the article but is not evidence of where its body is.
const HEADING_TAGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Containers dropped when rendering if they are mostly links (lists of related stories; a
/// `<span>` of links inside a paragraph is a hover card or an inline link cluster).
const LINK_LIST_TAGS: &[&str] = &["ul", "ol", "div", "section", "table", "span"];

/// Shortest own text (characters) that counts as a paragraph: labels, datelines and button
/// text are shorter.
const MIN_PARAGRAPH_CHARS: usize = 25;

/// A block whose own text is more than this share links is navigation, not a paragraph.
const MAX_PARAGRAPH_LINK_SHARE: f64 = 0.5;

/// Weight of a list item's paragraph score: lists of teasers would otherwise outscore a short
/// article, while a list inside an article still adds to its container.
const LIST_ITEM_WEIGHT: f64 = 0.5;

/// Share of a paragraph's score credited to its grandparent (the parent gets it all), so a
/// container of paragraphs wrapped one level deeper still scores.
const GRANDPARENT_SHARE: f64 = 0.5;

/// The chosen container moves to its parent while the parent scores more than this many times
/// as much (paragraphs split across sibling containers).
const CLIMB_RATIO: f64 = 1.15;

/// The best candidate outside comment-like containers wins over a higher-scored one inside them
/// when it has at least this share of that score (below it, the class word more likely
/// misfired on the page's only real text).
const ELIGIBLE_MIN_SHARE: f64 = 0.25;

/// A microdata `itemprop="articleBody"` element is the article when it holds at least this share
/// of the chosen container's paragraph mass (publishers mark the body; the mark is sometimes
/// left on a teaser).
const MICRODATA_MIN_SHARE: f64 = 0.5;

/// How many levels (the chosen block and its ancestors) look for sibling blocks to merge, for
/// articles split by ads or widgets into several containers.
const MERGE_LEVELS: usize = 3;

/// A sibling with the same tag and class merges when it carries at least this paragraph mass
/// (one short paragraph), so empty layout twins do not.
const MERGE_MIN_MASS: f64 = 1.0;

/// A plain `<p>` beside the chosen block merges when its own text is at least this long...
const MERGE_PARAGRAPH_MIN_CHARS: usize = 80;

/// ...and less than this share of it is links.
const MERGE_PARAGRAPH_MAX_LINK_SHARE: f64 = 0.25;

/// A container with at least this many links...
const LINK_LIST_MIN_LINKS: usize = 3;

/// ...and at least this share of its text in links is a link list, dropped when rendering.
const LINK_LIST_MIN_SHARE: f64 = 0.7;

/// Switches for measuring what each extraction rule is worth (`benches/extract_ablation.rs`):
/// every rule is on by default, and [`extract`] always runs with the default. Not an API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub microdata: bool,
    pub eligible: bool,
    pub climb: bool,
    pub wrapper: bool,
    pub merge_twins: bool,
    pub merge_paragraphs: bool,
    pub link_lists: bool,
    pub title_heading: bool,
    pub br_runs: bool,
    pub list_item_weight: bool,
    pub layout_words: bool,
    pub article_lists: bool,
    pub comment_like: bool,
    pub hidden: bool,
    /// A boilerplate word treated as an ordinary one.
    pub ignore_word: Option<&'static str>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            microdata: true,
            eligible: true,
            climb: true,
            wrapper: true,
            merge_twins: true,
            merge_paragraphs: true,
            link_lists: true,
            title_heading: true,
            br_runs: true,
            list_item_weight: true,
            layout_words: true,
            article_lists: true,
            comment_like: true,
            hidden: true,
            ignore_word: None,
        }
    }
}

thread_local! {
    static RULES: std::cell::Cell<Rules> = std::cell::Cell::new(Rules::default());
}

fn rules() -> Rules {
    RULES.with(std::cell::Cell::get)
}

/// [`extract`] with some rules off, for the ablation bench only.
#[doc(hidden)]
pub fn extract_with_rules(html: &str, r: Rules) -> Extracted {
    RULES.with(|c| c.set(r));
    let out = extract(html);
    RULES.with(|c| c.set(Rules::default()));
    out
}

/// All boilerplate words, for the ablation bench.
#[doc(hidden)]
pub fn boilerplate_words() -> &'static [&'static str] {
    BOILERPLATE_WORDS
}

/// Lower-cased class and id words of an element: each whole class/id and its parts split at
/// `-` and `_`.
fn class_words(el: &scraper::node::Element) -> impl Iterator<Item = String> + '_ {
    el.classes().chain(el.id()).flat_map(|c| {
        c.split(['-', '_', ' '])
            .map(str::to_ascii_lowercase)
            .chain(std::iter::once(c.to_ascii_lowercase()))
    })
}

/// Hidden by attribute or by an inline `display:none` / `visibility:hidden` style.
fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    el.attr("style").is_some_and(|s| {
        let s: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// Whether rendering drops this element: a skipped tag, hidden, a navigation landmark, or a
/// class/id word of `BOILERPLATE_WORDS` (unless it holds a `<blockquote>`: an embedded post
/// quoted by the article often sits in a "social" or "widget" container). Words in `layout`
/// are the page's own layout vocabulary (see [`layout_words`]) and mark nothing.
fn is_boilerplate(el: ElementRef<'_>, layout: &[&str]) -> bool {
    let e = el.value();
    let name = e.name();
    if SKIP_TAGS.contains(&name) || is_hidden(e) {
        return true;
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "complementary" | "contentinfo" | "banner")
    ) {
        return true;
    }
    // Never drop the article container itself for a word in its class list.
    if matches!(name, "article" | "main" | "body" | "html") {
        return false;
    }
    let ignored = rules().ignore_word;
    class_words(e).any(|w| {
        BOILERPLATE_WORDS.contains(&w.as_str())
            && !layout.contains(&w.as_str())
            && ignored != Some(w.as_str())
    }) && !el.descendants().any(|d| {
        d.value()
            .as_element()
            .is_some_and(|d| d.name() == "blockquote")
    })
}

/// Whether the element's class/id marks a comment-like container (`COMMENT_LIKE_WORDS`).
fn is_comment_like(el: &scraper::node::Element) -> bool {
    !matches!(el.name(), "article" | "main")
        && class_words(el).any(|w| COMMENT_LIKE_WORDS.contains(&w.as_str()))
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
                i = find_ascii_ci(&bytes[end..], close.as_bytes()).map_or(bytes.len(), |p| end + p);
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

/// The first position of a tag-like `needle` (starting with `<`) in `hay`, ignoring ASCII case,
/// without copying `hay` (a page can have hundreds of scripts).
fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(off) = memchr_lt(&hay[from..]) {
        let p = from + off;
        if hay[p..].len() >= needle.len() && hay[p..p + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(p);
        }
        from = p + 1;
    }
    None
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
    let measures = Measures::of(&doc);
    let scores = Scores::of(&doc, &measures);
    let layout = if rules().layout_words {
        layout_words(&doc, &scores)
    } else {
        Vec::new()
    };
    let roots = choose_roots(&doc, &measures, &scores, &layout);
    let rendered = render_text(&doc, &roots, html, &measures, out.title.as_deref(), &layout);
    out.text = rendered.text;
    out.offsets = rendered.offsets;
    out.source_ends = rendered.ends;
    if out.title.is_none() {
        out.title = first_text(&doc, "h1");
    }
    out
}

/// The own text of a paragraph block: text inside it but not inside a nested block.
#[derive(Debug, Default)]
struct OwnText {
    /// Characters (each text node trimmed).
    chars: usize,
    /// Commas (Latin and CJK), a sign of sentences.
    commas: usize,
    /// Characters inside links.
    link_chars: usize,
    /// `<br>` elements directly in the block.
    brs: usize,
    /// Runs of text between `<br>`s and nested blocks: (characters, commas).
    runs: Vec<(usize, usize)>,
    /// The run being read.
    run: (usize, usize),
}

impl OwnText {
    fn end_run(&mut self) {
        if self.run.0 > 0 {
            self.runs.push(self.run);
        }
        self.run = (0, 0);
    }
}

/// Visible text and links under an element that may be a link list.
#[derive(Debug, Default, Clone, Copy)]
struct LinkStats {
    chars: usize,
    link_chars: usize,
    links: usize,
}

/// What one pass over the DOM learns about its elements. Skipped and hidden subtrees are left
/// out, as rendering leaves them out.
#[derive(Debug, Default)]
struct Measures {
    /// Document order of every element (tree ids follow creation, and the parser moves nodes).
    order: HashMap<NodeId, usize>,
    /// Paragraph blocks in document order.
    blocks: Vec<NodeId>,
    /// Own text of each paragraph block.
    own: HashMap<NodeId, OwnText>,
    /// Text and links under each element of `LINK_LIST_TAGS`.
    links: HashMap<NodeId, LinkStats>,
    /// `<article>` elements in document order.
    articles: Vec<NodeId>,
}

impl Measures {
    /// Measures every element in one iterative pass.
    fn of(doc: &Html) -> Self {
        let mut m = Measures::default();
        let mut skip_depth = 0usize;
        let mut link_depth = 0usize;
        // Open paragraph blocks, innermost last.
        let mut blocks: Vec<NodeId> = Vec::new();
        // Open elements with the link statistics of their subtree so far.
        let mut open: Vec<(NodeId, LinkStats)> = Vec::new();
        for edge in doc.root_element().traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        m.order.insert(node.id(), m.order.len());
                        let name = el.name();
                        if name == "article" {
                            m.articles.push(node.id());
                        }
                        if skip_depth > 0
                            || SKIP_TAGS.contains(&name)
                            || (rules().hidden && is_hidden(el))
                        {
                            skip_depth += 1;
                            continue;
                        }
                        let mut stats = LinkStats::default();
                        if name == "a" {
                            link_depth += 1;
                            stats.links = 1;
                        }
                        open.push((node.id(), stats));
                        if name == "br" {
                            if let Some(b) = blocks.last() {
                                let own = m.own.entry(*b).or_default();
                                own.end_run();
                                own.brs += 1;
                            }
                        }
                        if PARAGRAPH_BLOCKS.contains(&name) {
                            if let Some(b) = blocks.last() {
                                m.own.entry(*b).or_default().end_run();
                            }
                            blocks.push(node.id());
                            m.blocks.push(node.id());
                        }
                    }
                    Node::Text(t) if skip_depth == 0 => {
                        let chars = t.trim().chars().count();
                        if chars == 0 {
                            continue;
                        }
                        if let Some((_, stats)) = open.last_mut() {
                            stats.chars += chars;
                            if link_depth > 0 {
                                stats.link_chars += chars;
                            }
                        }
                        let Some(b) = blocks.last() else {
                            continue;
                        };
                        let commas = t.chars().filter(|c| matches!(c, ',' | '，' | '、')).count();
                        let own = m.own.entry(*b).or_default();
                        own.chars += chars;
                        own.commas += commas;
                        own.run.0 += chars;
                        own.run.1 += commas;
                        if link_depth > 0 {
                            own.link_chars += chars;
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    let Node::Element(el) = node.value() else {
                        continue;
                    };
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let name = el.name();
                    if name == "a" {
                        link_depth = link_depth.saturating_sub(1);
                    }
                    if PARAGRAPH_BLOCKS.contains(&name) {
                        blocks.pop();
                        m.own.entry(node.id()).or_default().end_run();
                        if let Some(b) = blocks.last() {
                            m.own.entry(*b).or_default().end_run();
                        }
                    }
                    if let Some((id, stats)) = open.pop() {
                        // Only what can be a link list is kept (`is_link_list` needs the links).
                        if stats.links >= LINK_LIST_MIN_LINKS && LINK_LIST_TAGS.contains(&name) {
                            m.links.insert(id, stats);
                        }
                        if let Some((_, parent)) = open.last_mut() {
                            parent.chars += stats.chars;
                            parent.link_chars += stats.link_chars;
                            parent.links += stats.links;
                        }
                    }
                }
            }
        }
        m
    }

    fn order(&self, id: NodeId) -> usize {
        self.order.get(&id).copied().unwrap_or(usize::MAX)
    }

    fn own_chars(&self, id: NodeId) -> usize {
        self.own.get(&id).map_or(0, |o| o.chars)
    }
}

/// A paragraph's score: one, plus its commas, plus a point per 100 characters up to three (the
/// Readability formula).
fn paragraph_score(chars: usize, commas: usize) -> f64 {
    1.0 + commas as f64 + (chars as f64 / 100.0).min(3.0)
}

/// Paragraph scores summed per element.
#[derive(Debug, Default)]
struct Scores {
    /// What picks the container: each paragraph scores the element it is credited to fully and
    /// that element's parent by `GRANDPARENT_SHARE`.
    score: HashMap<NodeId, f64>,
    /// Undecayed: every paragraph inside an element, at any depth (how much article an element
    /// holds, for the microdata and sibling tests).
    mass: HashMap<NodeId, f64>,
    /// Each scored paragraph block (or `<br>`-separated container) and its paragraph score.
    paragraphs: HashMap<NodeId, f64>,
}

impl Scores {
    fn of(doc: &Html, m: &Measures) -> Self {
        let mut s = Scores::default();
        let lists = article_lists(doc, &m.articles);
        for &id in &m.blocks {
            if !lists.is_empty() && rules().article_lists && in_article_list(doc, id, &lists) {
                continue;
            }
            let (Some(own), Some(el)) = (m.own.get(&id), doc.tree.get(id)) else {
                continue;
            };
            let Some(name) = el.value().as_element().map(|e| e.name()) else {
                continue;
            };
            if own.chars == 0 || HEADING_TAGS.contains(&name) || name == "body" {
                continue;
            }
            if own.link_chars as f64 > MAX_PARAGRAPH_LINK_SHARE * own.chars as f64 {
                continue;
            }
            let long_runs = || own.runs.iter().filter(|r| r.0 >= MIN_PARAGRAPH_CHARS);
            if rules().br_runs && own.brs > 0 && long_runs().count() >= 2 {
                // Paragraphs separated by `<br>`: this block is their container.
                for &(chars, commas) in long_runs() {
                    s.credit(doc, id, id, paragraph_score(chars, commas));
                }
            } else if own.chars >= MIN_PARAGRAPH_CHARS {
                let weight = if name == "li" && rules().list_item_weight {
                    LIST_ITEM_WEIGHT
                } else {
                    1.0
                };
                if let Some(parent) = el.parent() {
                    let score = weight * paragraph_score(own.chars, own.commas);
                    s.credit(doc, id, parent.id(), score);
                }
            }
        }
        s
    }

    /// Credits a paragraph of `origin` to `container` and its ancestors.
    fn credit(&mut self, doc: &Html, origin: NodeId, container: NodeId, score: f64) {
        *self.paragraphs.entry(origin).or_default() += score;
        if origin != container {
            *self.mass.entry(origin).or_default() += score;
        }
        let mut level = 0;
        let mut node = doc.tree.get(container);
        while let Some(n) = node.filter(|n| n.value().is_element()) {
            *self.mass.entry(n.id()).or_default() += score;
            match level {
                0 => *self.score.entry(n.id()).or_default() += score,
                1 => *self.score.entry(n.id()).or_default() += score * GRANDPARENT_SHARE,
                _ => {}
            }
            level += 1;
            node = n.parent();
        }
    }

    fn score(&self, id: NodeId) -> f64 {
        self.score.get(&id).copied().unwrap_or(0.0)
    }

    fn mass(&self, id: NodeId) -> f64 {
        self.mass.get(&id).copied().unwrap_or(0.0)
    }
}

/// `<article>` elements holding at least this many `<article>`s hold a list of related items.
const ARTICLE_LIST_MIN: usize = 2;

/// The `<article>`s that hold several `<article>`s. In HTML, an article nested in an article is
/// related to it (its comments, "you may also like" teasers): several of them are a list, and
/// their paragraphs are not the article's text.
fn article_lists(doc: &Html, articles: &[NodeId]) -> Vec<NodeId> {
    let mut inner: HashMap<NodeId, usize> = HashMap::new();
    if articles.len() <= ARTICLE_LIST_MIN {
        return Vec::new();
    }
    for a in articles.iter().filter_map(|&id| doc.tree.get(id)) {
        for outer in a
            .ancestors()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "article")
        {
            *inner.entry(outer.id()).or_default() += 1;
        }
    }
    inner
        .into_iter()
        .filter(|&(_, n)| n >= ARTICLE_LIST_MIN)
        .map(|(id, _)| id)
        .collect()
}

/// Whether a block sits in an `<article>` inside one of `lists`.
fn in_article_list(doc: &Html, id: NodeId, lists: &[NodeId]) -> bool {
    let Some(node) = doc.tree.get(id) else {
        return false;
    };
    let mut in_article = node
        .value()
        .as_element()
        .is_some_and(|e| e.name() == "article");
    for a in node.ancestors() {
        if in_article && lists.contains(&a.id()) {
            return true;
        }
        if a.value()
            .as_element()
            .is_some_and(|e| e.name() == "article")
        {
            in_article = true;
        }
    }
    false
}

/// Picks the elements that hold the article, in document order: the best-scored container
/// (outside comment-like containers), or the microdata article body; then sibling blocks of
/// the same kind, for articles split into several containers.
fn choose_roots(doc: &Html, m: &Measures, scores: &Scores, layout: &[&str]) -> Vec<NodeId> {
    let body_sel = Selector::parse("body").expect("valid selector");
    let body = doc
        .select(&body_sel)
        .next()
        .map_or(doc.root_element().id(), |b| b.id());
    let mut ranked: Vec<(NodeId, f64)> = scores
        .score
        .iter()
        .filter(|(id, _)| **id != body)
        .map(|(id, s)| (*id, *s))
        .collect();
    // Best first; the earlier element on a tie.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(m.order(a.0).cmp(&m.order(b.0))));
    let Some(&(mut top, top_score)) = ranked.first() else {
        return vec![body];
    };
    if let Some(&(eligible, score)) = ranked
        .iter()
        .find(|(id, _)| is_eligible(doc, *id, body, layout))
    {
        if rules().eligible && score >= ELIGIBLE_MIN_SHARE * top_score {
            top = eligible;
        }
    }

    let microdata = Selector::parse(r#"[itemprop~="articleBody"]"#).expect("valid selector");
    if let Some(marked) = doc
        .select(&microdata)
        .max_by(|a, b| scores.mass(a.id()).total_cmp(&scores.mass(b.id())))
    {
        if rules().microdata && scores.mass(marked.id()) >= MICRODATA_MIN_SHARE * scores.mass(top) {
            return vec![marked.id()];
        }
    }

    let element = |id: NodeId| doc.tree.get(id).and_then(ElementRef::wrap);
    let parent_of = |id: NodeId| {
        element(id)
            .and_then(|e| e.parent())
            .and_then(ElementRef::wrap)
            .filter(|p| p.id() != body)
    };
    let mut chosen = top;
    while let Some(parent) = parent_of(chosen) {
        if rules().climb && scores.score(parent.id()) > CLIMB_RATIO * scores.score(chosen) {
            chosen = parent.id();
        } else {
            break;
        }
    }
    // Wrappers with nothing else in them stand for their only child.
    while let Some(parent) = parent_of(chosen) {
        let children = parent.children().filter(|c| c.value().is_element()).count();
        if rules().wrapper && children == 1 && m.own_chars(parent.id()) < MIN_PARAGRAPH_CHARS {
            chosen = parent.id();
        } else {
            break;
        }
    }

    // Split articles: siblings of the chosen block (or of its ancestors) with the same tag and
    // class, and plain paragraphs beside it, never leaving an <article> or <main>.
    let mut roots = vec![chosen];
    let mut block = chosen;
    for level in 0..MERGE_LEVELS {
        let Some(b) = element(block) else { break };
        if block == body || matches!(b.value().name(), "article" | "main" | "body" | "html") {
            break;
        }
        let Some(parent) = parent_of(block) else {
            break;
        };
        for sibling in parent.children().filter_map(ElementRef::wrap) {
            if sibling.id() == block || is_boilerplate(sibling, layout) {
                continue;
            }
            let twin = rules().merge_twins
                && sibling.value().name() == b.value().name()
                && sibling.value().attr("class").unwrap_or("")
                    == b.value().attr("class").unwrap_or("")
                && scores.mass(sibling.id()) >= MERGE_MIN_MASS;
            let paragraph = rules().merge_paragraphs
                && level == 0
                && sibling.value().name() == "p"
                && m.own.get(&sibling.id()).is_some_and(|o| {
                    o.chars >= MERGE_PARAGRAPH_MIN_CHARS
                        && (o.link_chars as f64) < MERGE_PARAGRAPH_MAX_LINK_SHARE * o.chars as f64
                });
            if twin || paragraph {
                roots.push(sibling.id());
            }
        }
        block = parent.id();
    }
    roots.sort_by_key(|id| m.order(*id));
    roots
}

/// A boilerplate word under which at least this share of the page's paragraph mass sits is the
/// page's layout vocabulary, not a mark of boilerplate.
const LAYOUT_WORD_MIN_SHARE: f64 = 0.5;

/// The `BOILERPLATE_WORDS` that this page puts around most of its text. Page builders wrap every
/// block, the article's paragraphs included, in containers named "widget" (Elementor's
/// `elementor-widget`, Divi's widget areas) and the like: a word on the ancestors of most
/// paragraphs cannot tell the article from its boilerplate, so on this page it tells nothing.
fn layout_words(doc: &Html, scores: &Scores) -> Vec<&'static str> {
    let total: f64 = scores.paragraphs.values().sum();
    if total <= 0.0 {
        return Vec::new();
    }
    // Only elements holding paragraphs matter, and their ancestors hold them too: the mass under
    // a word is the mass of the outermost such elements carrying it.
    let words_of = |id: NodeId| -> Vec<&'static str> {
        let mut words = Vec::new();
        let Some(el) = doc.tree.get(id).and_then(|n| n.value().as_element()) else {
            return words;
        };
        // `<body>` and `<html>` classes describe the page, not a container in it; words of
        // comment-like containers keep their meaning (a long thread is still no article).
        if matches!(el.name(), "body" | "html") {
            return words;
        }
        for c in el.classes().chain(el.id()) {
            for part in c.split(['-', '_', ' ']).chain(std::iter::once(c)) {
                let known = |list: &[&'static str]| {
                    list.iter().copied().find(|b| b.eq_ignore_ascii_case(part))
                };
                if known(COMMENT_LIKE_WORDS).is_some() {
                    continue;
                }
                if let Some(b) = known(BOILERPLATE_WORDS) {
                    if !words.contains(&b) {
                        words.push(b);
                    }
                }
            }
        }
        words
    };
    let carriers: HashMap<NodeId, Vec<&'static str>> = scores
        .mass
        .keys()
        .map(|&id| (id, words_of(id)))
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut under: HashMap<&'static str, f64> = HashMap::new();
    for (&id, words) in &carriers {
        let Some(node) = doc.tree.get(id) else {
            continue;
        };
        for &w in words {
            let outermost = !node
                .ancestors()
                .any(|a| carriers.get(&a.id()).is_some_and(|aw| aw.contains(&w)));
            if outermost {
                *under.entry(w).or_default() += scores.mass(id);
            }
        }
    }
    let mut words: Vec<&'static str> = under
        .into_iter()
        .filter(|&(_, mass)| mass >= LAYOUT_WORD_MIN_SHARE * total)
        .map(|(w, _)| w)
        .collect();
    words.sort_unstable();
    words
}

/// A candidate container that may hold the article: not boilerplate itself and not inside a
/// comment-like container.
fn is_eligible(doc: &Html, id: NodeId, body: NodeId, layout: &[&str]) -> bool {
    let Some(el) = doc.tree.get(id).and_then(ElementRef::wrap) else {
        return false;
    };
    !is_boilerplate(el, layout)
        && !(rules().comment_like
            && (is_comment_like(el.value())
                || el
                    .ancestors()
                    .take_while(|a| a.id() != body)
                    .filter_map(|a| a.value().as_element())
                    .any(is_comment_like)))
}

/// Lower-cased, whitespace-collapsed text.
fn collapse_lower(s: &str) -> String {
    collapse(s).to_lowercase()
}

/// An `<h1>`/`<h2>` that repeats the page title (the headline is metadata, not body text): the
/// same text, or one a prefix of the other and the heading at least half as long.
fn is_title_heading(el: ElementRef<'_>, title: Option<&str>) -> bool {
    let Some(title) = title.filter(|_| matches!(el.value().name(), "h1" | "h2")) else {
        return false;
    };
    let heading = collapse_lower(&el.text().collect::<String>());
    let title = collapse_lower(title);
    !heading.is_empty()
        && (title.starts_with(&heading) || heading.starts_with(&title))
        && heading.len() * 2 >= title.len()
}

/// A container that is mostly links (related stories, tag lists).
fn is_link_list(m: &Measures, id: NodeId) -> bool {
    m.links.get(&id).is_some_and(|s| {
        s.links >= LINK_LIST_MIN_LINKS
            && s.chars > 0
            && s.link_chars as f64 >= LINK_LIST_MIN_SHARE * s.chars as f64
    })
}

/// Rendered main text with, per text byte, the HTML span of its character.
#[derive(Debug, Default)]
struct Rendered {
    text: String,
    offsets: Vec<usize>,
    ends: Vec<usize>,
}

/// Walks the chosen subtrees in document order (iteratively), emitting text with paragraph
/// breaks and recording each text byte's HTML span. The search position in the HTML carries
/// over from one subtree to the next.
fn render_text(
    doc: &Html,
    roots: &[NodeId],
    html: &str,
    m: &Measures,
    title: Option<&str>,
    layout: &[&str],
) -> Rendered {
    let mut out = Rendered::default();
    // Search position in the raw HTML: from the `<body>` tag, so that text repeated in the
    // head (a meta description, JSON-LD) is not taken for the body's.
    let mut cursor = body_start(html);
    let mut pending_break;
    let mut pending_space = false;
    for &root_id in roots {
        let Some(root) = doc.tree.get(root_id) else {
            continue;
        };
        pending_break = true;
        let mut skip_depth = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => match node.value() {
                    Node::Element(el) => {
                        let dropped = || {
                            let e = ElementRef::wrap(node).expect("an element node");
                            is_boilerplate(e, layout)
                                || (rules().title_heading && is_title_heading(e, title))
                                || (rules().link_lists && is_link_list(m, e.id()))
                        };
                        if skip_depth > 0 || (node.id() != root_id && dropped()) {
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
                        let (spans, next) = locate_text(html, cursor, s);
                        cursor = cursor.max(next);
                        for (c, (raw, raw_end)) in s.chars().zip(spans) {
                            if c.is_whitespace() {
                                pending_space = true;
                                continue;
                            }
                            // Breaks and spaces map to an empty span before the next character.
                            if pending_break && !out.text.is_empty() {
                                out.text.push_str("\n\n");
                                out.offsets.extend([raw, raw]);
                                out.ends.extend([raw, raw]);
                            } else if pending_space
                                && !out.text.is_empty()
                                && !out.text.ends_with('\n')
                            {
                                out.text.push(' ');
                                out.offsets.push(raw);
                                out.ends.push(raw);
                            }
                            pending_break = false;
                            pending_space = false;
                            out.text.push(c);
                            out.offsets.extend(std::iter::repeat_n(raw, c.len_utf8()));
                            out.ends.extend(std::iter::repeat_n(raw_end, c.len_utf8()));
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
    }
    out
}

/// The byte offset of the `<body` tag, or 0.
fn body_start(html: &str) -> usize {
    html.as_bytes()
        .windows(5)
        .position(|w| w.eq_ignore_ascii_case(b"<body"))
        .unwrap_or(0)
}

/// Lengths of the plain prefix a text node is looked for by, longest first: a long prefix is
/// specific; a shorter one is tried only when the longer one is nowhere in the HTML (the parser
/// changed the text early on), and each place found is checked against the whole node.
const ANCHOR_PREFIX_CHARS: [usize; 3] = [48, 12, 4];

/// How many places in the HTML a text node is tried at before settling for the best partial
/// match (a paragraph often appears first in a meta description or in JSON-LD).
const MAX_ANCHOR_TRIES: usize = 8;

/// Finds a decoded text node in the raw HTML, character by character: entities ("&rsquo;",
/// "&#8217;") and CR LF line ends are matched to the character they decode to. Tries the places
/// where the node's start appears from `cursor` on, then before it (text the parser moved, e.g.
/// out of a table), and keeps the first that matches the whole node (else the closest).
/// Returns each character's HTML span and the position after the node; text not found maps to
/// an empty span at `cursor`. Every position is a character boundary of `html`.
fn locate_text(html: &str, cursor: usize, node: &str) -> (Vec<(usize, usize)>, usize) {
    let cursor = cursor.min(html.len());
    // Anchor on the longest plain prefix (characters that appear in the HTML as themselves).
    let plain: String = node
        .chars()
        .take_while(|c| c.is_ascii() && !matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r'))
        .take(ANCHOR_PREFIX_CHARS[0])
        .collect();
    let mut best: Option<TextMatch> = None;
    if plain.trim().is_empty() {
        // The node starts with an entity or non-ASCII text: it begins right after a tag, with
        // its first character or an entity.
        let first = node.chars().next().unwrap_or(' ');
        let anchors = html[cursor..]
            .match_indices('>')
            .map(|(p, _)| cursor + p + 1)
            .take(256)
            .filter(|&p| html[p..].starts_with(first) || html[p..].starts_with('&'));
        if let Some(found) = best_match(html, node, anchors, &mut best) {
            return found;
        }
    } else {
        // Shorter prefixes when the parser changed the text early on (a dropped NUL).
        let mut tried = "";
        for len in ANCHOR_PREFIX_CHARS {
            let prefix = &plain[..plain.len().min(len)];
            if prefix == tried || prefix.trim().is_empty() {
                continue;
            }
            tried = prefix;
            let after = html[cursor..]
                .match_indices(prefix)
                .map(|(p, _)| cursor + p);
            let before = html[..cursor].match_indices(prefix).map(|(p, _)| p);
            if let Some(found) = best_match(html, node, after.chain(before), &mut best) {
                return found;
            }
            if best.is_some() {
                break;
            }
        }
    }
    match best {
        Some(m) => (m.spans, m.next),
        None => (vec![(cursor, cursor); node.chars().count()], cursor),
    }
}

/// Tries a text node at up to `MAX_ANCHOR_TRIES` start positions, lazily (most nodes match
/// fully at the first): the spans and end of the first full match, else `None` with the closest
/// partial match so far kept in `best`.
fn best_match(
    html: &str,
    node: &str,
    anchors: impl Iterator<Item = usize>,
    best: &mut Option<TextMatch>,
) -> Option<(Vec<(usize, usize)>, usize)> {
    for start in anchors.take(MAX_ANCHOR_TRIES) {
        let m = match_text(html, start, node);
        if m.misses == 0 {
            return Some((m.spans, m.next));
        }
        if best.as_ref().is_none_or(|b| m.misses < b.misses) {
            *best = Some(m);
        }
    }
    None
}

/// A text node matched against the HTML from one start position.
struct TextMatch {
    /// Each character's HTML span.
    spans: Vec<(usize, usize)>,
    /// The position after the node.
    next: usize,
    /// Characters that did not match.
    misses: usize,
}

/// Matches a text node against the HTML from `start`.
fn match_text(html: &str, start: usize, node: &str) -> TextMatch {
    let bytes = html.as_bytes();
    let mut out = Vec::with_capacity(node.len());
    let mut misses = 0;
    let mut p = start;
    for c in node.chars() {
        if c == '\u{FFFD}' && bytes.get(p) == Some(&0) {
            // The parser replaces some NUL characters...
            out.push((p, p + 1));
            p += 1;
            continue;
        }
        // ...and drops the others from text.
        while bytes.get(p) == Some(&0) && c != '\0' {
            p += 1;
        }
        if p >= bytes.len() {
            out.push((bytes.len(), bytes.len()));
            misses += 1;
            continue;
        }
        if bytes[p] == b'\r' && c == '\n' {
            let end = if bytes.get(p + 1) == Some(&b'\n') {
                p + 2
            } else {
                p + 1
            };
            out.push((p, end));
            p = end;
            continue;
        }
        if bytes[p] == b'&' && (c != '&' || is_ampersand_entity(&html[p..])) {
            // An entity: up to ';' within a short distance.
            let end = html[p..]
                .char_indices()
                .take(40)
                .find(|&(_, ch)| ch == ';' || ch.is_whitespace() || ch == '<')
                .map_or(p + 1, |(k, ch)| if ch == ';' { p + k + 1 } else { p + k });
            out.push((p, end));
            p = end;
            continue;
        }
        if html[p..].starts_with(c) {
            out.push((p, p + c.len_utf8()));
            p += c.len_utf8();
            continue;
        }
        // Unexpected (a character the parser added or changed): the HTML character here,
        // without moving on.
        let here = html[p..].chars().next().map_or(0, char::len_utf8);
        out.push((p, p + here));
        misses += 1;
    }
    TextMatch {
        spans: out,
        next: p,
        misses,
    }
}

/// Whether the HTML at an `&` is an entity for `&` itself ("&amp;", "&#38;", "&#x26;").
fn is_ampersand_entity(at: &str) -> bool {
    let at = at.as_bytes();
    [&b"&amp"[..], b"&#38", b"&#x26"]
        .iter()
        .any(|e| at.len() >= e.len() && at[..e.len()].eq_ignore_ascii_case(e))
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
        // The headline repeats the title: it is metadata, not body text.
        assert!(e.text.starts_with("The harbour bridge"), "{}", e.text);
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

    /// Every sub-span of the text maps to a span inside the HTML, on character boundaries.
    fn assert_spans_in_bounds(html: &str) {
        let e = extract(html);
        assert!(!e.text.is_empty(), "no text from {html:?}");
        let bounds: Vec<usize> = (0..=e.text.len())
            .filter(|&i| e.text.is_char_boundary(i))
            .collect();
        for &i in &bounds {
            for &j in &bounds {
                let span = e.html_span(i..j);
                assert!(
                    span.start <= span.end
                        && span.end <= html.len()
                        && html.is_char_boundary(span.start)
                        && html.is_char_boundary(span.end),
                    "{i}..{j} -> {span:?} in {html:?}"
                );
            }
        }
    }

    #[test]
    fn html_span_stays_inside_the_html_when_the_parser_moves_text() {
        // Found by the extraction fuzz target: text after a table's rows is moved before the
        // table, so the search position reached the end of the HTML before the cell's text
        // was mapped, and the whole-text span ended one byte past the HTML.
        let html = "<table><tr><td>cell text</td></tr>stray text";
        let e = extract(html);
        assert_eq!(e.text, "stray text\n\ncell text");
        let span = e.html_span(0..e.text.len());
        assert!(span.end <= html.len(), "{span:?}");
        // The moved text is still found where it is.
        let at = e.text.find("cell").unwrap();
        assert_eq!(&html[e.html_span(at..at + 9)], "cell text");
        assert_spans_in_bounds(html);
        assert_spans_in_bounds("<table><tr><td>caf\u{e9} &pound;5</td></tr>x \u{201c}y\u{201d}");
        assert_spans_in_bounds("<p>a\0b &amp c &#1; d\r\ne &notanentity; \u{1F600}</p>");
        // The parser drops a NUL from text: what follows it still maps back.
        let html = "<p>Harbour\0 lamps &amp; posts shine again after a restoration</p>";
        let e = extract(html);
        let at = e.text.find("posts").unwrap();
        assert_eq!(&html[e.html_span(at..at + 5)], "posts");
    }

    #[test]
    fn entities_map_to_their_source_and_head_text_is_not_taken_for_the_body() {
        let html = r#"<html><head><meta name="description" content="The mayor said the bridge will reopen in May."></head>
<body><p>The mayor said the bridge will reopen in May. Fish &amp; chips cost &pound;5.</p></body></html>"#;
        let e = extract(html);
        let body = html.find("<body").unwrap();
        let at = e.text.find("reopen").unwrap();
        let span = e.html_span(at..at + "reopen".len());
        assert!(span.start > body, "{span:?} is in the head");
        assert_eq!(&html[span], "reopen");
        let at = e.text.find("& chips").unwrap();
        assert_eq!(&html[e.html_span(at..at + "& chips".len())], "&amp; chips");
        let at = e.text.find('\u{a3}').unwrap();
        assert_eq!(&html[e.html_span(at..at + 3)], "&pound;5");
    }

    /// A paragraph of `n` sentences with commas, long enough to score.
    fn para(topic: &str, n: usize) -> String {
        (0..n)
            .map(|i| format!("The {topic}, said officials on day {i}, would go ahead as planned. "))
            .collect()
    }

    #[test]
    fn text_in_divs_and_between_line_breaks_counts_as_paragraphs() {
        let html = format!(
            "<html><body><div class=\"list\"><p>{}</p><p>{}</p></div>\
             <div id=\"story\">{}<br><br>{}<br><br>{}</div></body></html>",
            "A short teaser about the weekend markets",
            "Another teaser about the new bus timetable",
            para("harbour wall repair", 2),
            para("lamp restoration", 2),
            para("council grant", 2)
        );
        let e = extract(&html);
        assert!(e.text.contains("lamp restoration"), "{}", e.text);
        assert!(e.text.contains("council grant"), "{}", e.text);
        assert!(!e.text.contains("teaser"), "{}", e.text);
    }

    #[test]
    fn comment_sections_are_not_the_article() {
        let comments: String = (0..4)
            .map(|i| format!("<p>{}</p>", para(&format!("reader view {i}"), 2)))
            .collect();
        let html = format!(
            "<html><body><div class=\"entry\"><p>{}</p><p>{}</p></div>\
             <section class=\"comments\"><div class=\"thread\">{comments}</div></section>\
             </body></html>",
            para("bridge closure", 2),
            para("detour", 2)
        );
        let e = extract(&html);
        assert!(e.text.contains("bridge closure") && e.text.contains("detour"));
        assert!(!e.text.contains("reader view"), "{}", e.text);
    }

    #[test]
    fn the_microdata_article_body_is_preferred() {
        let html = format!(
            "<html><body><div itemprop=\"articleBody\"><p>{}</p>\
             <div class=\"inner\"><p>{}</p><p>{}</p></div></div></body></html>",
            para("opening paragraph", 1),
            para("second part", 2),
            para("third part", 2)
        );
        let e = extract(&html);
        assert!(e.text.starts_with("The opening paragraph"), "{}", e.text);
        assert!(e.text.contains("third part"));
    }

    #[test]
    fn an_article_split_by_an_advert_is_merged() {
        let html = format!(
            "<html><body><div class=\"wrap\"><div class=\"text-block\"><p>{}</p><p>{}</p></div>\
             <div class=\"ad-slot\">Advertisement</div>\
             <div class=\"text-block\"><p>{}</p></div></div></body></html>",
            para("first half", 2),
            para("middle", 2),
            para("second half", 2)
        );
        let e = extract(&html);
        assert!(e.text.contains("first half") && e.text.contains("second half"));
        assert!(!e.text.contains("Advertisement"), "{}", e.text);
    }

    #[test]
    fn rendering_drops_hidden_text_link_lists_and_the_headline_but_keeps_embedded_posts() {
        let html = format!(
            "<html><head><title>Harbour lamps shine again</title></head><body><article>\
             <h1>Harbour lamps shine again</h1><p>{}</p>\
             <p style=\"display: none\">Hidden text for screen scrapers only.</p>\
             <div class=\"social-embed\"><blockquote>Embedded post: the lamps are back!</blockquote></div>\
             <ul><li><a href=\"/a\">Story one</a></li><li><a href=\"/b\">Story two</a></li>\
             <li><a href=\"/c\">Story three</a></li></ul>\
             <div class=\"donate-box\">Please donate to keep us going.</div><p>{}</p>\
             </article></body></html>",
            para("restoration", 2),
            para("switch-on", 2)
        );
        let e = extract(&html);
        assert!(e.text.starts_with("The restoration"), "{}", e.text);
        assert!(e.text.contains("Embedded post"), "{}", e.text);
        for junk in ["Hidden text", "Story one", "Please donate", "Harbour lamps"] {
            assert!(!e.text.contains(junk), "{junk} in {}", e.text);
        }
    }
}
