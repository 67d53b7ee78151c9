//! Text analysis: normalization with an offset map, tokens, sentences, direct quotes and speakers.
//!
//! Everything here is a pure function over `&str`: no I/O, no async, no HTML. Every span is a
//! byte range into the text that was passed in, so callers can map findings back to the file.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};

/// A byte range into a text, end exclusive.
pub type Span = Range<usize>;

// ---------------------------------------------------------------------------------------------
// Normalization
// ---------------------------------------------------------------------------------------------

/// Text normalized for comparison, with a map from each byte of `text` back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// Lower-cased text with straight quotes, ASCII dashes, "..." for ellipses and single spaces.
    pub text: String,
    /// `map[i]` is the byte offset in the original text of the character that produced byte `i`.
    pub map: Vec<usize>,
    original_len: usize,
}

impl Normalized {
    /// The original byte span of the normalized byte span `span`.
    pub fn original_span(&self, span: Span) -> Span {
        let start = self
            .map
            .get(span.start)
            .copied()
            .unwrap_or(self.original_len);
        let end = if span.end == 0 {
            start
        } else {
            // End just after the original character that produced the last normalized byte.
            self.map
                .get(span.end)
                .copied()
                .unwrap_or(self.original_len)
                .max(start)
        };
        start..end
    }
}

/// Maps typographic variants to plain ASCII forms; `None` keeps the character as is.
fn fold_typography(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => "'",
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
        | '\u{2033}' => "\"",
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => "-",
        '\u{2026}' => "...",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => " ",
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => "",
        _ => return None,
    })
}

/// Normalizes typography, case and whitespace, keeping a byte map back to `text`.
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let folded: String = match fold_typography(c) {
            Some(s) => s.to_string(),
            None => c.to_lowercase().collect(),
        };
        if folded.chars().all(char::is_whitespace) && !folded.is_empty() {
            if pending_space.is_none() && !out.is_empty() {
                pending_space = Some(i);
            }
            continue;
        }
        if folded.is_empty() {
            continue;
        }
        if let Some(at) = pending_space.take() {
            out.push(' ');
            map.push(at);
        }
        for b in folded.bytes() {
            let _ = b;
            map.push(i);
        }
        out.push_str(&folded);
    }
    Normalized {
        text: out,
        map,
        original_len: text.len(),
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

/// One word or number of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lower-cased, typography-folded form ("don't", "3,000", "u.s"); inline (no allocation)
    /// up to 24 bytes, as nearly every word is.
    pub norm: CompactString,
    /// English stem of `norm` (possessive removed); numbers keep their digits.
    pub stem: CompactString,
    /// Byte span in the text.
    pub span: Span,
    /// The token starts with an upper-case letter.
    pub capitalized: bool,
    /// Numeric value when the token is a number ("3,000" → 3000, "3.5" → 3.5).
    pub number: Option<f64>,
    /// A stop word (function word) carrying little content.
    pub stop: bool,
}

/// The English stem of a word, memoized per thread: news text repeats its words, and stemming
/// is a large share of indexing time. The memo is bounded (cleared when full).
fn stem_cached(word: &str) -> CompactString {
    const MAX_ENTRIES: usize = 1 << 16;
    thread_local! {
        static MEMO: std::cell::RefCell<rustc_hash::FxHashMap<CompactString, CompactString>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(stem) = memo.get(word) {
            return stem.clone();
        }
        if memo.len() >= MAX_ENTRIES {
            memo.clear();
        }
        let stem = CompactString::from(stemmer().stem(word));
        memo.insert(word.into(), stem.clone());
        stem
    })
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// English function words: they are kept for verbatim comparison but carry no content.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "'s",
    "s",
    "t",
    "ve",
    "ll",
    "re",
    "d",
    "m",
    "said",
    "says",
    "say",
    "told",
    "according",
    "mr",
    "mrs",
    "ms",
    "dr",
    "yet",
    "still",
    "even",
    "like",
    "per",
];

/// Whether a lower-cased word is a function word.
pub fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    in_set(&SET, STOP_WORDS, word)
}

/// A word list as a hash set, built on first use (the lists are searched once per word of
/// every text).
type WordSet = rustc_hash::FxHashSet<&'static str>;

fn in_set(set: &'static OnceLock<WordSet>, list: &'static [&'static str], word: &str) -> bool {
    set.get_or_init(|| list.iter().copied().collect())
        .contains(word)
}

fn in_titles(word: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    in_set(&SET, TITLES, word)
}

/// Words that negate or reverse the statement they are in.
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot",
    "denied", "denies", "deny", "refused", "refuses", "failed", "fails", "unable",
];

/// Whether a token negates ("not", "never", "didn't", "failed").
pub fn is_negation(norm: &str) -> bool {
    NEGATIONS.contains(&norm) || norm.ends_with("n't")
}

/// Whether a word hedges what follows: "allegedly", "possible", "is expected to", "formerly",
/// "nearly" ("nearly sank" is not "sank").
/// A claim that drops the hedge states as fact what its source only supposes. Modal verbs
/// ("may", "could") are left out: "could" is as often a past "can" as a supposition.
pub fn is_hedge(norm: &str) -> bool {
    is_hearsay(norm)
        || matches!(
            norm,
            "possible"
                | "possibly"
                | "potential"
                | "potentially"
                | "suspected"
                | "apparently"
                | "likely"
                | "probably"
                | "perhaps"
                | "maybe"
                | "formerly"
                | "former"
                | "expected"
                | "proposed"
                | "nearly"
                | "almost"
        )
}

/// Hedges that pass a statement on from someone else ("reportedly", "allegedly"): a claim that
/// names its own source for the statement ("a report found", "police say") keeps the hedge.
pub fn is_hearsay(norm: &str) -> bool {
    matches!(
        norm,
        "alleged" | "allegedly" | "reportedly" | "purportedly" | "supposedly"
    )
}

/// Pairs of opposites: a claim that puts one where its source has the other reverses it. A
/// small generic list (directions, comparisons, outcomes), compared by stem.
const ANTONYMS: &[(&str, &str)] = &[
    ("increase", "decrease"),
    ("increase", "reduce"),
    ("rise", "fall"),
    ("rose", "fell"),
    ("risen", "fallen"),
    ("raise", "lower"),
    ("gain", "loss"),
    ("gained", "lost"),
    ("up", "down"),
    ("higher", "lower"),
    ("highest", "lowest"),
    ("high", "low"),
    ("more", "less"),
    ("more", "fewer"),
    ("most", "least"),
    ("larger", "smaller"),
    ("largest", "smallest"),
    ("bigger", "smaller"),
    ("biggest", "smallest"),
    ("above", "below"),
    ("before", "after"),
    ("earlier", "later"),
    ("first", "last"),
    ("win", "lose"),
    ("won", "lost"),
    ("winner", "loser"),
    ("victory", "defeat"),
    ("success", "failure"),
    ("successful", "unsuccessful"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("support", "oppose"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("legal", "illegal"),
    ("guilty", "innocent"),
    ("convicted", "acquitted"),
    ("alive", "dead"),
    ("rich", "poor"),
    ("older", "younger"),
    ("oldest", "youngest"),
    ("strong", "weak"),
    ("stronger", "weaker"),
    ("positive", "negative"),
    ("better", "worse"),
    ("best", "worst"),
    ("good", "bad"),
    ("buy", "sell"),
    ("bought", "sold"),
    ("buyer", "seller"),
    ("import", "export"),
    ("open", "close"),
    ("opened", "closed"),
    ("start", "end"),
    ("begin", "end"),
    ("enter", "leave"),
    ("arrive", "depart"),
    ("include", "exclude"),
    ("agree", "disagree"),
    ("like", "dislike"),
    ("love", "hate"),
    ("hire", "fire"),
    ("north", "south"),
    ("east", "west"),
    ("male", "female"),
    ("man", "woman"),
    ("men", "women"),
    ("boy", "girl"),
    ("husband", "wife"),
    ("son", "daughter"),
    ("father", "mother"),
    ("brother", "sister"),
    ("public", "private"),
    ("domestic", "foreign"),
    ("majority", "minority"),
    ("maximum", "minimum"),
    ("inside", "outside"),
    ("true", "false"),
    ("easy", "difficult"),
    ("safe", "dangerous"),
    ("early", "late"),
    ("fast", "slow"),
    ("cheap", "expensive"),
    ("temporary", "permanent"),
    ("full", "empty"),
    ("peace", "war"),
    ("friend", "enemy"),
    ("confirm", "deny"),
    ("present", "absent"),
    ("minor", "major"),
    ("young", "old"),
    ("younger", "older"),
    ("new", "old"),
    ("voluntary", "mandatory"),
    ("voluntary", "compulsory"),
    ("optional", "mandatory"),
    ("secret", "public"),
    ("secretly", "publicly"),
    ("add", "remove"),
    ("expand", "shrink"),
    ("strengthen", "weaken"),
    ("attack", "defend"),
    ("lift", "impose"),
    ("permit", "prohibit"),
    ("hot", "cold"),
    ("wet", "dry"),
    ("long", "short"),
    ("longer", "shorter"),
    ("wide", "narrow"),
    ("deep", "shallow"),
    ("heavy", "light"),
    ("always", "never"),
    ("all", "none"),
    ("same", "different"),
    ("top", "bottom"),
    ("upper", "lower"),
    ("past", "future"),
    ("previous", "next"),
    ("borrow", "lend"),
    ("give", "take"),
    ("send", "receive"),
    ("push", "pull"),
    ("supporter", "opponent"),
    ("ally", "enemy"),
    ("surplus", "deficit"),
    ("profit", "loss"),
    ("growth", "decline"),
    ("expansion", "contraction"),
    ("inflation", "deflation"),
    ("plaintiff", "defendant"),
    ("employer", "employee"),
    ("landlord", "tenant"),
    ("predecessor", "successor"),
    ("happy", "sad"),
    ("praise", "criticize"),
    ("praise", "criticise"),
    ("reward", "punish"),
    ("benefit", "harm"),
    ("help", "hurt"),
    ("join", "leave"),
    ("open", "shut"),
    ("rural", "urban"),
    ("ancient", "modern"),
    ("simple", "complex"),
    ("increase", "cut"),
    ("boost", "cut"),
    // Stemmed apart from their base, so the prefix rule cannot see them.
    ("possible", "impossible"),
    ("possibly", "impossibly"),
];

/// Prefixes that negate the word they are put on ("usual" / "unusual", "legal" / "illegal").
const NEGATING_PREFIXES: &[&str] = &["un", "non-", "non", "in", "im", "il", "ir", "dis"];

/// Words that merely begin like a negated word ("discover" is no "not cover").
const FALSE_NEGATED: &[&str] = &[
    "discov",
    "disclos",
    "discount",
    "dispos",
    "discharg",
    "display",
    "dispatch",
    "dissolv",
    "impress",
    "impos",
    "import",
    "improv",
    "inform",
    "insight",
    "invest",
    "instruct",
    "inhabit",
    "insist",
    "intend",
    "instal",
    "involv",
    "inflam",
    "infect",
    "insur",
    "intern",
    "interest",
    "index",
    "indic",
    "insert",
    "inflat",
    "impact",
    "imped",
    "implement",
    "impli",
    "implic",
    "intens",
    "insul",
    "invent",
    "invit",
    "unit",
    "union",
    "univers",
    "under",
    "until",
];

/// Whether one stem is the other with a negating prefix ("surpris" / "unsurpris").
pub fn prefix_opposites(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    if short.chars().count() < 4 || FALSE_NEGATED.iter().any(|f| long.starts_with(f)) {
        return false;
    }
    NEGATING_PREFIXES.iter().any(|p| {
        long.strip_prefix(p).is_some_and(|rest| {
            rest == short && (matches!(*p, "un" | "non" | "non-") || short.chars().count() >= 5)
        })
    })
}

/// Whether two stems are opposites ("rose" / "fell", "increas" / "decreas"), from the list of
/// pairs or a negating prefix ("legal" / "illegal").
pub fn are_antonyms(a: &str, b: &str) -> bool {
    if a != b && prefix_opposites(a, b) {
        return true;
    }
    // Each stem with the stems of its opposites (looked up by `a` without a copy: this runs for
    // every pair of words a claim's diff replaces).
    static OPPOSITES: OnceLock<rustc_hash::FxHashMap<String, Vec<String>>> = OnceLock::new();
    let opposites = OPPOSITES.get_or_init(|| {
        let mut map: rustc_hash::FxHashMap<String, Vec<String>> = Default::default();
        for (x, y) in ANTONYMS {
            let (x, y) = (
                stemmer().stem(x).into_owned(),
                stemmer().stem(y).into_owned(),
            );
            map.entry(x.clone()).or_default().push(y.clone());
            map.entry(y).or_default().push(x);
        }
        map
    });
    a != b && opposites.get(a).is_some_and(|o| o.iter().any(|y| y == b))
}

/// Number words that a rewrite may spell out instead of using digits.
fn number_word(word: &str) -> Option<f64> {
    Some(match word {
        "zero" => 0.0,
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "thirteen" => 13.0,
        "fourteen" => 14.0,
        "fifteen" => 15.0,
        "sixteen" => 16.0,
        "seventeen" => 17.0,
        "eighteen" => 18.0,
        "nineteen" => 19.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "sixty" => 60.0,
        "seventy" => 70.0,
        "eighty" => 80.0,
        "ninety" => 90.0,
        "hundred" => 100.0,
        "dozen" => 12.0,
        _ => return None,
    })
}

fn multiplier(word: &str) -> Option<f64> {
    Some(match word {
        "thousand" | "k" => 1e3,
        "million" | "millions" | "m" | "mn" => 1e6,
        "billion" | "billions" | "bn" | "b" => 1e9,
        "trillion" | "trillions" | "tn" => 1e12,
        _ => return None,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`')
}

/// The characters of a text with their byte offsets, allocated once (a text has at most as
/// many characters as bytes; collecting grows the table several times).
fn char_table(text: &str) -> Vec<(usize, char)> {
    let mut chars = Vec::with_capacity(text.len());
    chars.extend(text.char_indices());
    chars
}

/// Splits a text into word and number tokens with their byte spans.
///
/// Apostrophes inside words are kept ("don't", "Iran's"), hyphens split ("US-Iran" → "us",
/// "iran"), digits keep their separators ("3,000,000", "3.5"), "%" becomes "percent", and a
/// number followed by "million"/"bn"/… carries the multiplied value on the number token.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars = char_table(text);
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c == '%' {
            tokens.push(make_token(text, start..start + 1, "percent".into(), false));
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            i += 1;
            continue;
        }
        let mut j = i;
        let numeric = c.is_ascii_digit();
        while j < chars.len() {
            let (_, cj) = chars[j];
            if is_word_char(cj) {
                j += 1;
                continue;
            }
            let next_is = |pred: fn(char) -> bool| chars.get(j + 1).is_some_and(|&(_, n)| pred(n));
            if numeric && matches!(cj, ',' | '.') && next_is(|n| n.is_ascii_digit()) {
                j += 1;
                continue;
            }
            if !numeric && is_apostrophe(cj) && next_is(char::is_alphabetic) && j > i {
                j += 1;
                continue;
            }
            // Dotted abbreviations: "U.S.", "p.m." stay one token ("u.s", "p.m").
            if !numeric
                && cj == '.'
                && j - i == 1
                && next_is(char::is_alphabetic)
                && chars
                    .get(j + 2)
                    .is_some_and(|&(_, n)| n == '.' || !n.is_alphanumeric())
            {
                j += 2;
                continue;
            }
            break;
        }
        let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
        let raw = &text[start..end];
        let norm: CompactString = if raw.is_ascii() && !raw.contains('`') {
            let mut norm = CompactString::from(raw);
            norm.make_ascii_lowercase();
            norm
        } else {
            raw.chars()
                .map(|ch| if is_apostrophe(ch) { '\'' } else { ch })
                .flat_map(char::to_lowercase)
                .collect()
        };
        let capitalized = raw.chars().next().is_some_and(char::is_uppercase);
        tokens.push(make_token(text, start..end, norm, capitalized));
        i = j;
    }
    apply_multipliers(&mut tokens);
    tokens
}

fn make_token(_text: &str, span: Span, norm: CompactString, capitalized: bool) -> Token {
    let number = parse_number(&norm);
    // Plain negators carry no content of their own: the negation check compares them.
    let stop = number.is_none()
        && (is_stop_word(&norm)
            || matches!(norm.as_str(), "not" | "no" | "never" | "nor" | "neither")
            || norm.ends_with("n't"));
    let stem = if number.is_some() {
        norm.replace(',', "").into()
    } else {
        let base = norm
            .strip_suffix("'s")
            .or_else(|| norm.strip_suffix('\''))
            .unwrap_or(&norm);
        stem_cached(base)
    };
    Token {
        norm,
        stem,
        span,
        capitalized,
        number,
        stop,
    }
}

fn parse_number(norm: &str) -> Option<f64> {
    if norm.starts_with(|c: char| c.is_ascii_digit()) {
        // "1990s", "5th", "3m", "2bn": digits first, then a short suffix.
        let digits: String = norm
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        let rest = &norm[norm
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
            .map_or(norm.len(), |(p, _)| p)..];
        let value: f64 = digits.parse().ok()?;
        return match rest {
            "" | "s" | "st" | "nd" | "rd" | "th" => Some(value),
            other => multiplier(other).map(|m| value * m).or(Some(value)),
        };
    }
    number_word(norm)
}

/// "3 million" → the "3" token carries 3e6; "three million" likewise.
fn apply_multipliers(tokens: &mut [Token]) {
    for k in 1..tokens.len() {
        if let Some(m) = multiplier(&tokens[k].norm) {
            if tokens[k].norm.len() > 2 {
                if let Some(v) = tokens[k - 1].number {
                    if v < 1000.0 {
                        tokens[k - 1].number = Some(v * m);
                        // The multiplier word itself is part of the number, not a separate value.
                        tokens[k].stop = true;
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------------------------

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "approx", "apr", "aug", "av", "ave", "bros", "capt", "cmdr", "co", "col", "corp", "cpl",
    "dec", "dept", "dr", "est", "feb", "fig", "fr", "ft", "gen", "gov", "hon", "inc", "jan", "jr",
    "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "no", "nos", "nov",
    "oct", "op", "prof", "pt", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "sr",
    "st", "supt", "vs",
];

/// Words that commonly open a sentence: after "U.S." or "p.m." they mean the sentence ended.
const SENTENCE_STARTERS: &[&str] = &[
    "a",
    "after",
    "an",
    "and",
    "but",
    "he",
    "her",
    "his",
    "i",
    "in",
    "it",
    "its",
    "meanwhile",
    "officials",
    "on",
    "she",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "when",
    "while",
    "yet",
];

fn is_open_quote(c: char) -> bool {
    matches!(c, '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{2018}')
}

fn is_close_mark(c: char) -> bool {
    matches!(
        c,
        '\u{201D}' | '\u{2019}' | '\u{00BB}' | '"' | '\'' | ')' | ']' | '\u{201C}'
    )
}

/// Splits text into sentences: byte spans trimmed of surrounding whitespace.
///
/// A line break always ends a sentence. ".", "!", "?" and "…" end one when followed by white space
/// and a capital, digit or opening quote, except after abbreviations ("Mr.", "Jan. 5"), initials
/// ("John F. Kerr"), inside a quotation, or after "U.S."/"p.m." unless a typical sentence opener
/// follows.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let chars = char_table(text);
    let mut start = 0usize;
    let mut depth: i32 = 0; // curly/guillemet quotation depth
    let mut straight_open = false;
    let mut i = 0;
    let push = |out: &mut Vec<Span>, s: usize, e: usize| {
        let piece = &text[s..e];
        let trimmed_start = s + (piece.len() - piece.trim_start().len());
        let trimmed_end = e - (piece.len() - piece.trim_end().len());
        if trimmed_end > trimmed_start {
            out.push(trimmed_start..trimmed_end);
        }
    };
    while i < chars.len() {
        let (pos, c) = chars[i];
        match c {
            '\n' | '\r' => {
                push(&mut out, start, pos);
                start = pos + c.len_utf8();
                depth = 0;
                straight_open = false;
            }
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => depth += 1,
            '\u{2018}' if i == 0 || chars[i - 1].1.is_whitespace() => depth += 1,
            '\u{201D}' | '\u{00BB}' => depth = (depth - 1).max(0),
            '\u{2019}'
                if depth > 0 && !chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphabetic()) =>
            {
                depth = (depth - 1).max(0)
            }
            '"' => straight_open = !straight_open,
            '.' | '!' | '?' | '\u{2026}' => {
                // Consume a run of terminal punctuation and closing marks.
                let mut j = i + 1;
                let mut d = depth;
                let mut so = straight_open;
                while j < chars.len() {
                    let cj = chars[j].1;
                    if matches!(cj, '.' | '!' | '?' | '\u{2026}') {
                        j += 1;
                    } else if is_close_mark(cj) {
                        match cj {
                            '"' => so = !so,
                            '\u{201D}' | '\u{00BB}' | '\u{2019}' => d = (d - 1).max(0),
                            _ => {}
                        }
                        j += 1;
                    } else {
                        break;
                    }
                }
                let end_pos = chars.get(j).map_or(text.len(), |&(p, _)| p);
                let followed_ok = match chars.get(j) {
                    None => true,
                    Some(&(_, w)) if w.is_whitespace() => {
                        let mut k = j;
                        while k < chars.len() && chars[k].1.is_whitespace() && chars[k].1 != '\n' {
                            k += 1;
                        }
                        match chars.get(k) {
                            None => true,
                            Some(&(_, n)) => {
                                n == '\n'
                                    || n.is_uppercase()
                                    || n.is_ascii_digit()
                                    || is_open_quote(n)
                                    || n == '"'
                                    || n == '('
                            }
                        }
                    }
                    _ => false,
                };
                if followed_ok && d == 0 && !so && !is_abbreviation_stop(text, &chars, i, j) {
                    push(&mut out, start, end_pos);
                    start = end_pos;
                    depth = 0;
                    straight_open = false;
                    i = j;
                    continue;
                }
                depth = d;
                straight_open = so;
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    push(&mut out, start, text.len());
    out
}

/// Whether the period at `chars[i]` belongs to an abbreviation and does not end the sentence.
fn is_abbreviation_stop(text: &str, chars: &[(usize, char)], i: usize, j: usize) -> bool {
    if chars[i].1 != '.' {
        return false;
    }
    // The word before the period (letters and inner periods).
    let mut k = i;
    while k > 0 && (chars[k - 1].1.is_alphanumeric() || chars[k - 1].1 == '.') {
        k -= 1;
    }
    let word = &text[chars[k].0..chars[i].0];
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    let next_word = next_word_lower(text, chars, j);
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "No. 5" but "said no. The" — "no" only abbreviates before a digit.
        if lower == "no" || lower == "nos" {
            return next_word.chars().next().is_some_and(|c| c.is_ascii_digit());
        }
        return true;
    }
    // A single capital letter: an initial ("John F. Kerr").
    let mut wc = word.chars();
    if let (Some(first), None) = (wc.next(), wc.next()) {
        if first.is_uppercase() {
            return true;
        }
    }
    // Dotted abbreviations ("U.S.", "p.m.", "a.m."): the sentence goes on unless a typical
    // opener follows.
    if word.contains('.') || matches!(lower.as_str(), "a.m" | "p.m") {
        return !SENTENCE_STARTERS.contains(&next_word.as_str());
    }
    false
}

fn next_word_lower(text: &str, chars: &[(usize, char)], mut j: usize) -> String {
    while j < chars.len() && !chars[j].1.is_alphanumeric() {
        j += 1;
    }
    let start = chars.get(j).map_or(text.len(), |&(p, _)| p);
    let rest = &text[start..];
    rest.chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------------------------

/// A direct quotation found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// From the first to the last character inside the marks (multi-paragraph quotes included).
    pub span: Span,
    /// The quoted text pieces (one per paragraph of a multi-paragraph quote).
    pub parts: Vec<Span>,
    /// Span of the whole quotation including its marks.
    pub outer: Span,
    /// The speaker the text gives, if any.
    pub speaker: Option<Speaker>,
}

impl Quote {
    /// The quoted words, paragraphs joined by a space.
    pub fn text(&self, text: &str) -> String {
        self.parts
            .iter()
            .map(|p| text[p.clone()].trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Who a quotation is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    /// The attribution as written ("Dmitry Peskov", "An Iranian official").
    pub name: String,
    /// A proper name (capitalized head word), not a role such as "an official".
    pub is_name: bool,
    /// Taken from an earlier attribution through a pronoun ("he said").
    pub carried: bool,
}

/// The name tokens of a text: lower-cased, titles, initials and possessives removed.
pub fn name_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .map(|w| {
            let w = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            w.strip_suffix("'s")
                .or_else(|| w.strip_suffix("\u{2019}s"))
                .map_or(w.clone(), str::to_string)
        })
        .filter(|w| {
            !w.is_empty() && !in_titles(w) && w.chars().filter(|c| c.is_alphanumeric()).count() > 1
        })
        .collect()
}

impl Speaker {
    /// Name tokens used for comparison: lower-cased, titles, initials and possessives removed.
    pub fn key_tokens(&self) -> Vec<String> {
        name_tokens(&self.name)
    }

    /// Whether two speakers can be the same person: the same surname (last name token), or the
    /// name tokens of one all in the other ("Mr Trump" = "Donald Trump", "J. Smith" = "John
    /// Smith", "Big Machine" = "Big Machine Records"), while "Tom Reyes" is not "Tom Lopez" and
    /// "Amar Singh" is not "Singh Jabar".
    pub fn same_person(&self, other: &Speaker) -> bool {
        same_keys(&self.key_tokens(), &other.key_tokens())
    }
}

/// [`Speaker::same_person`] on the two names' [`Speaker::key_tokens`].
fn same_keys(a: &[String], b: &[String]) -> bool {
    let (Some(sa), Some(sb)) = (a.last(), b.last()) else {
        return true;
    };
    let within = |x: &[String], y: &[String]| x.iter().all(|t| y.contains(t));
    sa == sb || within(a, b) || within(b, a)
}

const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "senator",
    "sen",
    "rep",
    "gov",
    "governor",
    "mayor",
    "minister",
    "prime",
    "secretary",
    "chief",
    "general",
    "gen",
    "judge",
    "justice",
    "rev",
    "father",
    "the",
    "former",
    "deputy",
    "foreign",
    "st",
    "jr",
    "sr",
    "captain",
    "capt",
    "officer",
    "detective",
    "inspector",
    "coach",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
];

/// Titles ("Rev", "Gen", "Senator"): capitalized, but a role rather than a name.
pub fn is_title(norm: &str) -> bool {
    in_titles(norm) || matches!(norm, "reverend" | "adm" | "admiral")
}

/// Company suffixes ("Corp", "Inc"): capitalized, but they name no one by themselves.
pub fn is_company_suffix(norm: &str) -> bool {
    matches!(
        norm,
        "corp" | "corporation" | "inc" | "co" | "ltd" | "llc" | "plc"
    )
}

/// Quotation marks that open a quotation, with their closing counterpart.
fn closing_for(open: char) -> Option<char> {
    Some(match open {
        '\u{201C}' => '\u{201D}',
        '\u{201E}' => '\u{201C}',
        '\u{00AB}' => '\u{00BB}',
        '\u{2018}' => '\u{2019}',
        '"' => '"',
        _ => return None,
    })
}

/// Finds direct quotations of at least `min_words` words, with their speakers.
///
/// Handles “…”, "…", ‘…’, «…», „…“, and quotations running over several paragraphs where each
/// paragraph reopens the quotation. Shorter quoted terms (scare quotes, titles) are skipped.
pub fn quotes(text: &str, min_words: usize) -> Vec<Quote> {
    quotes_in(text, &sentences(text), min_words)
}

/// [`quotes`], given the text's [`sentences`].
pub fn quotes_in(text: &str, sentences: &[Span], min_words: usize) -> Vec<Quote> {
    let chars = char_table(text);
    let mut found = Vec::new();
    // Where the last scan of each opening mark ran out of paragraph without its closing mark: a
    // later opening of that mark before there runs out at the same place, so it is not rescanned
    // (1 MB of unclosed “ would otherwise be quadratic).
    let mut unclosed: Vec<(char, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        let Some(close) = closing_for(c) else {
            i += 1;
            continue;
        };
        if unclosed.iter().any(|&(m, until)| m == c && i < until) {
            i += 1;
            continue;
        }
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        if c == '\u{2018}' && prev.is_some_and(char::is_alphanumeric) {
            i += 1;
            continue;
        }
        if c == '"' && prev.is_some_and(char::is_alphanumeric) {
            i += 1;
            continue;
        }
        let mut ran_out = None;
        match scan_quote(&chars, text, i, c, close, &mut ran_out) {
            Some((parts, outer_end, next_i)) => {
                let words: usize = parts
                    .iter()
                    .map(|p: &Span| text[p.clone()].split_whitespace().count())
                    .sum();
                if words >= min_words {
                    let span = parts[0].start..parts[parts.len() - 1].end;
                    found.push(Quote {
                        span,
                        parts,
                        outer: pos..outer_end,
                        speaker: None,
                    });
                }
                i = next_i;
            }
            None => {
                if let Some(until) = ran_out {
                    unclosed.retain(|&(m, _)| m != c);
                    unclosed.push((c, until));
                }
                i += 1
            }
        }
    }
    attribute_speakers(text, sentences, &mut found);
    found
}

/// Scans from an opening mark at `chars[i]` to its closing mark. Returns the content parts, the
/// byte end of the closing mark, and the index to resume scanning at. When the paragraph (or
/// the text) ends first, `ran_out` gets the char index where the scan stopped.
fn scan_quote(
    chars: &[(usize, char)],
    text: &str,
    i: usize,
    open: char,
    close: char,
    ran_out: &mut Option<usize>,
) -> Option<(Vec<Span>, usize, usize)> {
    let mut parts = Vec::new();
    let mut part_start = chars.get(i + 1).map_or(text.len(), |&(p, _)| p);
    let mut j = i + 1;
    // A straight pair opened inside a curly quotation and not yet closed.
    let mut straight_open = false;
    while j < chars.len() {
        let (p, c) = chars[j];
        // Two single marks closing a double one (“…’’ or “…''), as some sites type it.
        if (open == '\u{201C}' || open == '"')
            && (c == '\u{2019}' || c == '\'')
            && chars.get(j + 1).is_some_and(|&(_, n)| n == c)
        {
            parts.push(part_start..p);
            return Some((parts, p + 2 * c.len_utf8(), j + 2));
        }
        // Marks typed in two styles: “…" and "…”, as hand-edited pages mix them. A straight
        // mark closes a curly opening only where a closing mark stands (after a word or
        // punctuation, before a space, punctuation or the end) and no straight pair is open
        // inside it (“I loved "Heat" as a kid,”).
        if open == '\u{201C}' && c == '"' {
            let after_word = !chars[j - 1].1.is_whitespace();
            let before_gap = chars
                .get(j + 1)
                .is_none_or(|&(_, n)| n.is_whitespace() || ",.;:!?)".contains(n));
            if after_word && before_gap && !straight_open && j > i + 1 {
                parts.push(part_start..p);
                return Some((parts, p + 1, j + 1));
            }
            straight_open = !straight_open;
        }
        let mixed_close = open == '"' && c == '\u{201D}';
        if (c == close || mixed_close)
            && (close != '\u{2019}' || !chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphabetic()))
        {
            if close == '"' && j == i + 1 {
                return None;
            }
            parts.push(part_start..p);
            return Some((parts, p + c.len_utf8(), j + 1));
        }
        if c == '\n' {
            // A multi-paragraph quotation reopens with the same mark at the next paragraph.
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k < chars.len() && chars[k].1 == open && close != '"' {
                let end = text[part_start..p].trim_end().len() + part_start;
                parts.push(part_start..end);
                part_start = chars.get(k + 1).map_or(text.len(), |&(q, _)| q);
                j = k + 1;
                continue;
            }
            *ran_out = Some(j);
            return None;
        }
        // Straight quotes and single quotes must not run away over long stretches.
        if (open == '"' || open == '\u{2018}') && p - chars[i].0 > 2000 {
            return None;
        }
        j += 1;
    }
    *ran_out = Some(j);
    None
}

/// Reporting verbs in forms that do not follow the regular endings, and the bare forms safe to
/// read as reporting before or after a quotation ("they say", "analysts note").
const SPEECH_FORMS: &[&str] = &[
    "said", "says", "say", "told", "tells", "tell", "wrote", "writes", "write", "written", "put",
    "read", "reads", "add", "note", "warn", "argue", "explain", "insist", "ask", "quip",
];

/// Reporting verbs by their base form; "-s", "-ed", "-ing" forms are recognised from these
/// ("quipped", "replied", "stating").
const SPEECH_LEMMAS: &[&str] = &[
    "say",
    "state",
    "tell",
    "add",
    "note",
    "explain",
    "assert",
    "argue",
    "warn",
    "write",
    "declare",
    "insist",
    "remark",
    "comment",
    "continue",
    "emphasize",
    "emphasise",
    "claim",
    "stress",
    "recall",
    "acknowledge",
    "admit",
    "announce",
    "reply",
    "respond",
    "observe",
    "concede",
    "predict",
    "tweet",
    "post",
    "urge",
    "ask",
    "suggest",
    "confirm",
    "indicate",
    "describe",
    "answer",
    "conclude",
    "reiterate",
    "caution",
    "boast",
    "joke",
    "complain",
    "maintain",
    "muse",
    "shout",
    "exclaim",
    "quip",
    "contend",
    "counter",
    "allege",
    "order",
    "command",
    "reassure",
    "implore",
    "vow",
    "pledge",
    "promise",
    "proclaim",
    "affirm",
    "testify",
    "recount",
    "cry",
    "yell",
    "scream",
    "whisper",
    "plead",
    "lament",
    "retort",
    "interject",
    "elaborate",
    "summarize",
    "summarise",
    "mention",
    "reason",
    "advise",
    "admonish",
    "demand",
    "snap",
    "sigh",
    "chant",
    "concur",
    "reflect",
    "begin",
    "call",
    "point",
    "tell",
];

/// Whether `w` (lower case) is a reporting verb: "said", "stating", "quipped", "replied".
fn is_speech_verb(w: &str) -> bool {
    static FORMS: OnceLock<WordSet> = OnceLock::new();
    if in_set(&FORMS, SPEECH_FORMS, w) {
        return true;
    }
    static LEMMAS: OnceLock<WordSet> = OnceLock::new();
    let lemma = |s: &str| in_set(&LEMMAS, SPEECH_LEMMAS, s);
    for suffix in ["ing", "ed", "es", "s", "d"] {
        let Some(stem) = w.strip_suffix(suffix) else {
            continue;
        };
        if stem.len() < 2 {
            continue;
        }
        if suffix != "d" && lemma(stem) {
            return true;
        }
        if suffix == "d" && stem.ends_with('e') && lemma(stem) {
            return true;
        }
        if matches!(suffix, "ing" | "ed") {
            if lemma(&compact_str::format_compact!("{stem}e")) {
                return true;
            }
            // A doubled final consonant: "quipped", "admitting".
            let b = stem.as_bytes();
            if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && lemma(&stem[..stem.len() - 1]) {
                return true;
            }
        }
        // "replied", "cries".
        if matches!(suffix, "ed" | "es") {
            if let Some(s) = stem.strip_suffix('i') {
                if lemma(&compact_str::format_compact!("{s}y")) {
                    return true;
                }
            }
        }
    }
    false
}

/// A reporting verb at `words[k]`, phrasal ones included ("went on", "goes on").
fn speech_at(words: &[Word<'_>], k: usize) -> bool {
    let w = words[k].lower.as_ref();
    // "United States Attorney": a capitalized word inside a phrase is a name, not a verb.
    if k > 0 && is_cap_word(&words[k]) {
        return false;
    }
    if w == "on" && k > 0 {
        return matches!(
            words[k - 1].lower.as_ref(),
            "went" | "goes" | "go" | "going"
        );
    }
    // "made clear that …", "making clear".
    if w == "clear" && k > 0 {
        return matches!(
            words[k - 1].lower.as_ref(),
            "made" | "make" | "makes" | "making"
        );
    }
    // A passive ("It was said that", "has been described") names no speaker.
    if k > 0
        && matches!(
            words[k - 1].lower.as_ref(),
            "was" | "is" | "were" | "are" | "been" | "be" | "being"
        )
        && !w.ends_with("ing")
    {
        return false;
    }
    // "called" and "pointed" report speech only with a particle ("called on", "pointed out").
    if matches!(
        w,
        "called" | "calling" | "pointed" | "pointing" | "began" | "begins"
    ) {
        return false;
    }
    is_speech_verb(w)
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it"];

/// Words that are capitalized at a sentence start but are not names.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "at",
    "but",
    "and",
    "as",
    "when",
    "while",
    "after",
    "before",
    "however",
    "his",
    "her",
    "their",
    "our",
    "its",
    "there",
    "then",
    "meanwhile",
    "also",
    "according",
    "speaking",
    "asked",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "still",
    "so",
    "yet",
    "now",
    "here",
    "if",
    "for",
    "with",
    "from",
    "by",
    "of",
    "to",
    "one",
    "another",
    "some",
    "many",
    "most",
    "both",
    "each",
    "all",
    "no",
    "not",
    "what",
    "why",
    "how",
    "who",
    "where",
    "which",
    "such",
    "instead",
    "indeed",
    "overall",
    "separately",
    "elsewhere",
    "finally",
    "first",
    "second",
    "last",
    "next",
    "during",
    "despite",
    "since",
    "until",
    "although",
    "though",
    "because",
    "or",
    "nor",
    "my",
    "your",
    "me",
    "him",
    "them",
    "us",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Determiners that open a role phrase ("the coach", "a spokesman for the ministry").
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "his", "her", "their", "its", "our", "one", "another",
];

/// Role nouns of the people news quotes: a role phrase headed by one of these ("the coach",
/// "the prime minister") refers back to the last person given that role.
const ROLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "coach",
    "manager",
    "captain",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "executive",
    "ceo",
    "officer",
    "commissioner",
    "commander",
    "governor",
    "senator",
    "mayor",
    "attorney",
    "lawyer",
    "analyst",
    "economist",
    "professor",
    "scientist",
    "researcher",
    "author",
    "founder",
    "chief",
    "head",
    "leader",
    "administrator",
    "representative",
    "ambassador",
    "prosecutor",
    "judge",
    "official",
    "adviser",
    "advisor",
    "strategist",
    "editor",
    "reporter",
    "singer",
    "guitarist",
    "actor",
    "actress",
    "player",
    "striker",
    "quarterback",
    "goalkeeper",
    "star",
    "owner",
    "superintendent",
    "teacher",
    "doctor",
    "physician",
    "principal",
    "sheriff",
    "sergeant",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "general",
    "inspector",
    "detective",
    "investor",
    "candidate",
    "congressman",
    "congresswoman",
    "lawmaker",
    "legislator",
    "speaker",
    "scholar",
    "expert",
    "fellow",
    "partner",
    "vp",
    "cfo",
    "coo",
    "cto",
    "boss",
    "dean",
    "pastor",
    "bishop",
    "pope",
    "rabbi",
    "imam",
    "mother",
    "father",
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "spokesmen",
    "agent",
    "trainer",
    "pitcher",
    "guard",
    "forward",
    "defender",
    "midfielder",
    "winger",
    "driver",
    "rider",
    "chairperson",
    "founder",
    "astronaut",
    "engineer",
    "designer",
    "architect",
    "patient",
    "victim",
    "witness",
    "suspect",
    "negotiator",
    "envoy",
    "diplomat",
    "activist",
    "organizer",
    "organiser",
    "campaigner",
    "commentator",
    "columnist",
    "historian",
    "lecturer",
    "surgeon",
    "nurse",
    "pilot",
    "colonel",
    "curator",
    "coordinator",
    "consultant",
    "counsel",
    "prosecutors",
    "mp",
    "mep",
    "councillor",
];

/// Words of organisations rather than people: a name holding one is not "he" or "she".
const ORG_WORDS: &[&str] = &[
    "ministry",
    "office",
    "department",
    "commission",
    "committee",
    "party",
    "council",
    "agency",
    "association",
    "union",
    "company",
    "group",
    "bank",
    "university",
    "institute",
    "house",
    "court",
    "police",
    "army",
    "news",
    "times",
    "post",
    "journal",
    "reporter",
    "records",
    "productions",
    "securities",
    "equities",
    "coalition",
    "foundation",
    "board",
    "government",
    "federation",
    "league",
    "club",
    "network",
    "service",
    "services",
    "fund",
    "trust",
];

/// Whether a lower-cased word is one of [`NOT_NAMES`].
fn is_not_name(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    in_set(&SET, NOT_NAMES, w)
}

fn is_honorific(w: &str) -> bool {
    matches!(
        w,
        "mr" | "mrs" | "ms" | "miss" | "dr" | "prof" | "sir" | "dame" | "lord" | "lady" | "rev"
    )
}

fn is_role_word(w: &str) -> bool {
    static ROLES: OnceLock<WordSet> = OnceLock::new();
    in_set(&ROLES, ROLE_WORDS, w) || in_titles(w) && !matches!(w, "the" | "former" | "foreign")
}

/// A word-level view of a slice of text used for attribution patterns.
struct Word<'a> {
    raw: &'a str,
    /// `raw` lower-cased (borrowed when it already is).
    lower: std::borrow::Cow<'a, str>,
    /// Punctuation between this word and the next (",", ":", "").
    trail: &'a str,
}

/// A word lower-cased, without a copy when it already is (most words of running text).
fn lowercase(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.is_ascii() {
        if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            raw.to_ascii_lowercase().into()
        } else {
            raw.into()
        }
    } else {
        raw.to_lowercase().into()
    }
}

fn words_of(s: &str) -> Vec<Word<'_>> {
    let b = s.as_bytes();
    // The character at byte `p` (a character boundary), ASCII read directly: attribution reads
    // every stretch of a text this way, several times.
    let char_at = |p: usize| -> Option<char> {
        match b.get(p) {
            None => None,
            Some(&c) if c < 0x80 => Some(c as char),
            Some(_) => s[p..].chars().next(),
        }
    };
    let alnum_at = |p: usize| char_at(p).is_some_and(char::is_alphanumeric);
    let next_alnum = |mut p: usize| {
        while let Some(c) = char_at(p) {
            if c.is_alphanumeric() {
                return Some(p);
            }
            p += c.len_utf8();
        }
        None
    };
    let mut out = Vec::with_capacity(s.len() / 5 + 1);
    let mut start = next_alnum(0);
    while let Some(ws) = start {
        // A word goes on over letters and digits, and over '.', '-' or an apostrophe between two
        // of them ("U.S.", "US-Iran", "don't").
        let mut we = ws;
        while let Some(c) = char_at(we) {
            let n = c.len_utf8();
            if c.is_alphanumeric()
                || ((c == '.' || c == '-' || is_apostrophe(c)) && alnum_at(we + n))
            {
                we += n;
            } else {
                break;
            }
        }
        start = next_alnum(we);
        let raw = &s[ws..we];
        out.push(Word {
            raw,
            lower: lowercase(raw),
            trail: s[we..start.unwrap_or(s.len())].trim(),
        });
    }
    out
}

fn is_cap_word(w: &Word<'_>) -> bool {
    w.raw.chars().next().is_some_and(char::is_uppercase)
}

/// A capitalized word that can be part of a name.
fn is_name_word(w: &Word<'_>) -> bool {
    is_cap_word(w) && (!is_not_name(&w.lower) || is_acronym(w))
}

/// An all-capitals word of two or more letters ("US", "UK", "NASA"): a name even when its
/// lower-case form is a function word ("us").
fn is_acronym(w: &Word<'_>) -> bool {
    w.raw.chars().count() >= 2 && w.raw.chars().all(|c| c.is_uppercase() || c == '.')
}

fn is_possessive(w: &Word<'_>) -> bool {
    w.lower.ends_with("'s") || w.lower.ends_with("\u{2019}s")
}

fn joins_next(w: &Word<'_>) -> bool {
    w.trail.is_empty() || w.trail == "."
}

fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "de" | "van" | "von" | "al" | "bin" | "da" | "del" | "la" | "le" | "di"
    )
}

fn phrase(words: &[Word<'_>]) -> String {
    words.iter().map(|w| w.raw).collect::<Vec<_>>().join(" ")
}

/// The person named by the capitalized run `words[start..=end]`, without a leading title, role
/// or possessive ("US Trade Representative Robert Lighthizer" is "Robert Lighthizer";
/// "Labour's Keir Starmer" is "Keir Starmer").
fn name_of_run(words: &[Word<'_>], start: usize, end: usize) -> Speaker {
    let mut from = start;
    for (k, w) in words.iter().enumerate().take(end).skip(start) {
        // Honorifics stay in the name as written ("Dr Priya Anand"); they are ignored when
        // names are compared.
        let honorific = is_honorific(&w.lower);
        if (is_role_word(&w.lower) && !honorific) || is_possessive(w) || is_company_suffix(&w.lower)
        {
            from = k + 1;
        }
    }
    Speaker {
        name: phrase(&words[from..=end]),
        is_name: true,
        carried: false,
    }
}

/// The end of the capitalized run starting at `start` (initials and particles included).
fn run_end(words: &[Word<'_>], start: usize) -> usize {
    let mut end = start;
    while end + 1 < words.len()
        && joins_next(&words[end])
        && !is_possessive(&words[end])
        && (is_name_word(&words[end + 1])
            || (is_particle(&words[end + 1].lower) && words.get(end + 2).is_some_and(is_name_word)))
    {
        end += 1;
    }
    end
}

/// A noun phrase read forwards from `words[start]`: a pronoun, a name (after up to four
/// lower-case role words: "veteran industry analyst Ken Doctor"), or a role phrase ("the
/// mayor", "an officer"). Returns the speaker and the index of the phrase's last word.
fn np_forward(words: &[Word<'_>], start: usize) -> Option<(Speaker, usize)> {
    let first = words.get(start)?;
    if PRONOUNS.contains(&first.lower.as_ref()) {
        return Some((
            Speaker {
                name: first.lower.to_string(),
                is_name: false,
                carried: false,
            },
            start,
        ));
    }
    let det = DETERMINERS.contains(&first.lower.as_ref());
    let mut k = start + usize::from(det);
    // Lower-case modifiers before a name: "the 14th-ranked Schwartzman", "study lead author
    // Lucas Paganini", "veteran industry analyst Ken Doctor"; and a capitalized run before a
    // role and another run: "Thunder coach Billy Donovan", "NASA's Steve Clarke".
    let mut skipped = 0;
    while k < words.len() && skipped < 5 {
        let w = &words[k];
        if is_name_word(w) {
            let end = run_end(words, k);
            let mut m = end + 1;
            while m < words.len()
                && m - end <= 3
                && joins_next(&words[m - 1])
                && !is_name_word(&words[m])
                && is_modifier(&words[m])
            {
                m += 1;
            }
            let later = joins_next(&words[m - 1]) && words.get(m).is_some_and(is_name_word);
            let roles_between = m > end + 1 && (end + 1..m).all(|r| is_role_word(&words[r].lower));
            if later && (roles_between || is_possessive(&words[end])) {
                k = m;
                skipped += 1;
                continue;
            }
            if is_possessive(&words[end]) {
                // "Swift's representative": a role, not the person named.
                break;
            }
            return Some((name_of_run(words, k, end), end));
        }
        if !joins_next(w) || !is_modifier(w) {
            break;
        }
        k += 1;
        skipped += 1;
    }
    if det {
        // A role: up to four words after the determiner, ending at a role or at punctuation.
        let mut end = start;
        while end + 1 < words.len() && end - start < 4 && words[end].trail.is_empty() {
            let next = &words[end + 1];
            if is_speech_verb(&next.lower) || is_aux(&next.lower) {
                break;
            }
            end += 1;
            if is_role_word(&words[end].lower)
                && !words[end + 1..]
                    .first()
                    .is_some_and(|n| is_role_word(&n.lower))
            {
                break;
            }
        }
        if end > start {
            return Some((
                Speaker {
                    name: phrase(&words[start..=end]),
                    is_name: false,
                    carried: false,
                },
                end,
            ));
        }
    }
    None
}

/// Auxiliaries and adverbs between a subject and its reporting verb ("Lopez has also said").
fn is_aux(w: &str) -> bool {
    matches!(
        w,
        "has"
            | "had"
            | "have"
            | "also"
            | "later"
            | "then"
            | "once"
            | "previously"
            | "further"
            | "again"
            | "recently"
            | "earlier"
            | "reportedly"
            | "was"
            | "is"
            | "were"
            | "are"
            | "would"
            | "will"
            | "could"
            | "might"
            | "may"
            | "can"
            | "did"
            | "does"
            | "publicly"
            | "repeatedly"
            | "simply"
            | "just"
            | "likewise"
            | "similarly"
            | "quickly"
            | "soon"
            | "went"
            | "goes"
            | "go"
            | "finally"
            | "subsequently"
            | "separately"
            | "flatly"
            | "only"
            | "even"
            | "still"
            | "frequently"
            | "often"
            | "immediately"
            | "promptly"
    ) || (w.ends_with("ly") && w.len() > 4)
}

/// A lower-case word that can stand before a name in a noun phrase ("analyst", "veteran",
/// "14th-ranked"): not a function word, verb or auxiliary.
fn is_modifier(w: &Word<'_>) -> bool {
    let l = w.lower.as_ref();
    !is_cap_word(w)
        && !is_not_name(l)
        && !DETERMINERS.contains(&l)
        && !is_speech_verb(l)
        && !is_aux(l)
        && !matches!(l, "who" | "which" | "that" | "and" | "or" | "is" | "was")
        || is_role_word(l)
}

/// The noun phrase that ends at `words[end]` (inclusive), read backwards: a run of name words,
/// or a short role phrase ("an Iranian official").
fn subject_before(words: &[Word<'_>], end: usize) -> Option<Speaker> {
    let last = &words[end];
    if PRONOUNS.contains(&last.lower.as_ref()) {
        return Some(Speaker {
            name: last.lower.to_string(),
            is_name: false,
            carried: false,
        });
    }
    if is_possessive(last) {
        return None;
    }
    if is_name_word(last) {
        let mut start = end;
        while start > 0 {
            let prev = &words[start - 1];
            if joins_next(prev)
                && !is_possessive(prev)
                && (is_name_word(prev) || is_particle(&prev.lower))
            {
                start -= 1;
            } else {
                break;
            }
        }
        return Some(name_of_run(words, start, end));
    }
    // A role: up to four words back to a determiner ("the ministry's spokesman").
    let mut start = end;
    let lo = end.saturating_sub(4);
    while start > lo && words[start - 1].trail.is_empty() {
        start -= 1;
        if DETERMINERS.contains(&words[start].lower.as_ref()) {
            return Some(Speaker {
                name: phrase(&words[start..=end]),
                is_name: false,
                carried: false,
            });
        }
    }
    None
}

/// A name phrase starting at `words[start]` and read forwards ("said Maria Lopez, the mayor",
/// "says veteran analyst Ken Doctor", "said the mayor").
fn name_after(words: &[Word<'_>], start: usize) -> Option<Speaker> {
    np_forward(words, start).map(|(s, _)| s)
}

/// Index of the first word after an appositive opened by a comma after `words[end]`
/// ("Lopez, a spokesperson for the ministry, said": from "Lopez" to "said").
fn skip_appositive(words: &[Word<'_>], end: usize) -> usize {
    if words[end].trail != "," {
        return end + 1;
    }
    let mut m = end + 1;
    while m < words.len() && m - end < 16 {
        if words[m].trail == "," {
            return m + 1;
        }
        if !words[m].trail.is_empty() && words[m].trail != "." && words[m].trail != "-" {
            break;
        }
        m += 1;
    }
    end + 1
}

/// Finds the attribution in the text around one quotation: `before` runs from the start of the
/// quote's sentence to the quote, `after` from the quote to the end of its sentence. `known`
/// holds the lower-cased words the whole text capitalizes inside sentences (names).
fn attribution(before: &str, after: &str, known: &HashSet<String>) -> Option<Speaker> {
    attribution_after(after).or_else(|| attribution_before(before, known))
}

/// After the quote: “…,” said Lopez / “…,” Lopez said / “…,” Jack Buser, director for games at
/// Google, tells … / “…” announced in October, said Scissors / “…,” she added.
fn attribution_after(after: &str) -> Option<Speaker> {
    let aw = words_of(after);
    let first = aw.first()?;
    if speech_at(&aw, 0) {
        if let Some(s) = name_after(&aw, 1) {
            return Some(s);
        }
    }
    // A subject at the start, maybe with an appositive, then auxiliaries, then the verb.
    if let Some((s, end)) = np_forward(&aw, 0) {
        let mut j = skip_appositive(&aw, end);
        while j < aw.len() && is_aux(&aw[j].lower) && aw[j - 1].trail.is_empty() {
            j += 1;
        }
        if j < aw.len() && speech_at(&aw, j) && (j == end + 1 || aw[j - 1].trail == ",") {
            // "the museum's curator, Dr. Felix Amundsen, said": the name in apposition.
            if !s.is_name && j > end + 1 {
                if let Some((n, ne)) = np_forward(&aw, end + 1) {
                    if n.is_name && aw[ne].trail == "," {
                        return Some(n);
                    }
                }
            }
            return Some(s);
        }
        let _ = first;
    }
    // The verb a few words on: "Lopez, 52, said", "announced in October, said Scissors".
    for v in 1..aw.len().min(14) {
        if speech_at(&aw, v) {
            if aw[v - 1].trail == "," {
                if let Some(s) = name_after(&aw, v + 1).filter(|s| s.is_name) {
                    return Some(s);
                }
            }
            if v < 9 {
                let mut e = v - 1;
                while e > 0 && is_aux(&aw[e].lower) {
                    e -= 1;
                }
                if let Some(s) = subject_before(&aw, e) {
                    return Some(s);
                }
            }
        }
        let t = aw[v - 1].trail;
        if !t.is_empty() && t != "," && t != "." && t != "-" {
            break;
        }
    }
    None
}

/// Before the quote: "Lopez said: “", "according to Lopez, “", "Lopez, a spokesperson for the
/// ministry, said “", "Lopez told reporters: “", "Pouncey struck a similar tone, saying, “",
/// "In a statement, McDonald conveyed his enthusiasm, declaring, “".
fn attribution_before(before: &str, known: &HashSet<String>) -> Option<Speaker> {
    let bw = words_of(before);
    let n = bw.len();
    // The first reporting verb of the clause leading to the quote is the one whose subject
    // speaks: in "Pompeo said that after consultation Washington had concluded …, “…”" the
    // words are Pompeo's.
    let lo = n.saturating_sub(40);
    // A verb with a "that" clause ("Pompeo said that …") comes first; then the verbs nearest
    // the quote.
    let that_clause = (lo..n).find(|&k| {
        speech_at(&bw, k)
            && bw[k].trail.is_empty()
            && bw.get(k + 1).is_some_and(|w| w.lower == "that")
    });
    let order = that_clause.into_iter().chain((lo..n).rev().take(16));
    for k in order {
        let w = &bw[k];
        if w.lower == "to" && k > 0 && bw[k - 1].lower == "according" {
            return name_after(&bw, k + 1).or_else(|| {
                bw.get(k + 1).map(|_| Speaker {
                    name: phrase(&bw[k + 1..]),
                    is_name: false,
                    carried: false,
                })
            });
        }
        if !speech_at(&bw, k) {
            continue;
        }
        // "said Lopez: “" (verb first); not "told Reuters", whose object is the listener.
        let inverted = || {
            if matches!(
                w.lower.as_ref(),
                "told" | "tells" | "telling" | "tell" | "asked" | "urging" | "urged"
            ) {
                return None;
            }
            name_after(&bw, k + 1).filter(|s| s.is_name)
        };
        if k == 0 {
            if let Some(s) = inverted() {
                return Some(s);
            }
            continue;
        }
        // A participle ("…, asserting, “…”") belongs to the sentence's subject.
        if w.lower.ends_with("ing") && bw[k - 1].trail.contains(',') {
            if let Some(s) = sentence_subject(&bw, known) {
                return Some(s);
            }
            continue;
        }
        // Skip auxiliaries and a short appositive between commas: "Lopez, a spokesperson for
        // Y, has said".
        let mut subj_end = k - 1;
        while subj_end > 0 && is_aux(&bw[subj_end].lower) && bw[subj_end - 1].trail.is_empty() {
            subj_end -= 1;
        }
        // A comma before a company suffix belongs to the company's name ("Dräger, Inc.,").
        let comma_at =
            |m: usize| bw[m - 1].trail.ends_with(',') && !is_company_suffix(&bw[m].lower);
        if bw[subj_end].trail.ends_with(',') {
            let mut m = subj_end;
            while m > 0 && !comma_at(m) && subj_end - m < 14 {
                m -= 1;
            }
            let clean = bw[m..=subj_end].iter().all(|x| !is_speech_verb(&x.lower));
            if m > 0 && comma_at(m) && clean {
                // "The curator, Dr. Felix Amundsen, said": the name in apposition to a role.
                let role = subject_before(&bw, m - 1).filter(|r| !r.is_name);
                let named = np_forward(&bw, m).filter(|(n, ne)| n.is_name && *ne == subj_end);
                if let (Some(_), Some((n, _))) = (role, named) {
                    return Some(n);
                }
                subj_end = m - 1;
            }
        }
        if let Some(s) = subject_before(&bw, subj_end) {
            let plausible = !s.is_name
                || s.name.contains(' ')
                || known.contains(&s.name.to_lowercase())
                || subj_end + 1 == k;
            if plausible {
                return Some(s);
            }
        }
        if let Some(s) = inverted() {
            return Some(s);
        }
        // The sentence subject: "Dmitry Peskov, spokesperson for the Kremlin, emphasized
        // …, asserting, “…”".
        if let Some(s) = sentence_subject(&bw, known) {
            return Some(s);
        }
    }
    None
}

/// Whether a sentence-initial phrase up to a comma is an introduction ("In a statement,",
/// "Speaking on Tuesday,", "Looking ahead,") rather than the subject.
fn is_intro_word(w: &Word<'_>) -> bool {
    let l = w.lower.as_ref();
    (is_not_name(l) && !PRONOUNS.contains(&l) && !DETERMINERS.contains(&l) && !is_acronym(w))
        || l.ends_with("ing")
        || matches!(
            l,
            "amid" | "under" | "over" | "throughout" | "following" | "addressing"
        )
}

/// The subject that opens a sentence, after an introductory phrase ("Dmitry Peskov, the
/// spokesman, …"; "In a tweet on Monday, Noem …"; "He …").
fn sentence_subject(words: &[Word<'_>], known: &HashSet<String>) -> Option<Speaker> {
    let mut start = 0;
    for _ in 0..2 {
        let w = words.get(start)?;
        if !is_intro_word(w) {
            break;
        }
        let comma = (start..words.len().min(start + 16)).find(|&m| words[m].trail.contains(','))?;
        start = comma + 1;
    }
    let (s, end) = np_forward(words, start)?;
    // A single capitalized word opening a sentence is a name only when the text capitalizes it
    // elsewhere too ("Lopez"), not a common noun ("Critics").
    if s.is_name && !s.name.contains(' ') && !known.contains(&s.name.to_lowercase()) {
        return None;
    }
    // "Web of Angels was …", "Bank of England said": a title or an institution, not a person.
    let of_name = words[end].trail.is_empty()
        && words
            .get(end + 1)
            .is_some_and(|w| matches!(w.lower.as_ref(), "of" | "for"))
        && words.get(end + 2).is_some_and(is_name_word);
    if of_name {
        return None;
    }
    Some(s)
}

/// The last named subject of a reporting verb in a stretch of text ("Dunmore said the …").
fn last_reported_speaker(stretch: &str) -> Option<Speaker> {
    reported_speaker_in(&words_of(stretch))
}

/// [`last_reported_speaker`] on the words of a sentence.
fn reported_speaker_in(words: &[Word<'_>]) -> Option<Speaker> {
    (1..words.len()).rev().find_map(|k| {
        // A participle ("…, saying she …") has the sentence's subject, read elsewhere.
        if !speech_at(words, k) || words[k].lower.ends_with("ing") {
            return None;
        }
        let mut subj_end = k - 1;
        while subj_end > 0 && is_aux(&words[subj_end].lower) && words[subj_end - 1].trail.is_empty()
        {
            subj_end -= 1;
        }
        // "Lopez, the mayor, said": skip the appositive.
        if words[subj_end].trail == "," {
            let mut m = subj_end;
            while m > 0 && words[m - 1].trail != "," && subj_end - m < 14 {
                m -= 1;
            }
            if m == 0 || words[m - 1].trail != "," {
                return None;
            }
            subj_end = m - 1;
        }
        subject_before(words, subj_end).filter(|s| s.is_name)
    })
}

/// Whether a named speaker can be "he" or "she": not an acronym, not an organisation.
fn is_person(s: &Speaker) -> bool {
    s.is_name
        && s.name
            .chars()
            .filter(|c| c.is_alphabetic())
            .any(char::is_lowercase)
        && !s
            .key_tokens()
            .iter()
            .any(|t| ORG_WORDS.contains(&t.as_str()) || is_company_suffix(t))
}

/// What the text tells so far about who is who: the people and organisations that were the
/// subject of a sentence or a speaker, most recent last, and the role words the text gave to
/// names ("President Trump", "Scissors, a China scholar", "coach Billy Donovan").
#[derive(Default)]
struct Cast {
    subjects: Vec<Speaker>,
    /// The key tokens of each subject (computed once per mention).
    subject_keys: Vec<Vec<String>>,
    roles: Vec<(String, Speaker)>,
    /// Surnames of people: names of two or more words, or given a title or a role.
    people: HashSet<String>,
}

impl Cast {
    fn mention(&mut self, s: &Speaker) {
        let keys = s.key_tokens();
        if let Some(at) = self.subject_keys.iter().position(|k| same_keys(k, &keys)) {
            let old = self.subjects.remove(at);
            let old_keys = self.subject_keys.remove(at);
            // Keep the fuller name ("Billy Donovan" over "Donovan").
            if old.name.len() >= s.name.len() {
                self.subjects.push(old);
                self.subject_keys.push(old_keys);
            } else {
                self.subjects.push(s.clone());
                self.subject_keys.push(keys);
            }
        } else {
            self.subjects.push(s.clone());
            self.subject_keys.push(keys);
        }
    }

    /// Records the subjects of the sentences of a stretch and the roles given to names in it.
    fn read(&mut self, stretch: &str, known: &HashSet<String>) {
        for sent in sentences(stretch) {
            let words = words_of(&stretch[sent.clone()]);
            if let Some(s) = sentence_subject(&words, known).filter(|s| s.is_name) {
                self.mention(&s);
            }
            // Reported speech ("Dunmore said the council would …") names who a following
            // pronoun refers to.
            if let Some(s) = reported_speaker_in(&words) {
                self.mention(&s);
            }
            let mut k = 0;
            while k < words.len() {
                if !is_name_word(&words[k]) {
                    k += 1;
                    continue;
                }
                let end = run_end(&words, k);
                let s = name_of_run(&words, k, end);
                // Role words directly before the name or inside its run ("Thunder coach Billy
                // Donovan", "President Trump"), not across a verb ("the president said that
                // China").
                let mut first = k;
                while first > 0
                    && k - first < 3
                    && joins_next(&words[first - 1])
                    && (is_role_word(&words[first - 1].lower)
                        || is_modifier(&words[first - 1])
                        || is_name_word(&words[first - 1]))
                {
                    first -= 1;
                }
                let mut roles: Vec<String> = (first..end)
                    .filter(|&m| is_role_word(&words[m].lower))
                    .map(|m| words[m].lower.to_string())
                    .collect();
                if words[end].trail == "," {
                    let stop = skip_appositive(&words, end);
                    roles.extend(
                        (end + 1..stop.min(end + 8))
                            .filter(|&m| is_role_word(&words[m].lower))
                            .map(|m| words[m].lower.to_string()),
                    );
                }
                let titled = (k..end).any(|m| is_role_word(&words[m].lower));
                if !roles.is_empty() || titled || (end > k && is_person(&s)) {
                    if let Some(surname) = s.key_tokens().last() {
                        self.people.insert(surname.clone());
                    }
                }
                if !is_possessive(&words[end]) {
                    for r in roles {
                        self.roles.push((r, s.clone()));
                    }
                }
                k = end + 1;
            }
        }
    }

    /// A person the text has introduced by full name, title or role.
    fn is_person(&self, s: &Speaker) -> bool {
        is_person(s)
            && s.key_tokens()
                .last()
                .is_some_and(|t| self.people.contains(t))
    }

    /// The person a pronoun or role phrase refers to: "he"/"she" the last person, "they" or
    /// "it" the last organisation, "the coach" the last person called a coach, "the label" the
    /// last organisation.
    fn resolve(&self, s: &Speaker) -> Option<Speaker> {
        let head = s.name.rsplit(' ').next().unwrap_or("").to_lowercase();
        let found = match head.as_str() {
            "he" | "she" => self.subjects.iter().rev().find(|n| self.is_person(n)),
            "they" | "it" => self.subjects.iter().rev().find(|n| !self.is_person(n)),
            _ if is_role_word(&head) => self
                .roles
                .iter()
                .rev()
                .find(|(r, _)| *r == head)
                .map(|(_, n)| n),
            _ => None,
        };
        found.map(|n| Speaker {
            carried: true,
            ..n.clone()
        })
    }
}

/// The lower-cased words a text capitalizes after the first word of a sentence: names, as
/// opposed to common words capitalized only at a sentence start.
fn capitalized_inside(text: &str, sents: &[Span]) -> HashSet<String> {
    let mut known = HashSet::default();
    for sent in sents {
        let words = words_of(&text[sent.clone()]);
        for (k, w) in words.iter().enumerate().skip(1) {
            let after_colon = words[k - 1].trail.ends_with(':');
            if is_name_word(w) && !after_colon && w.raw.chars().skip(1).any(char::is_lowercase) {
                known.insert(w.lower.to_string());
            }
        }
    }
    known
}

/// Attributes each quote to a speaker from the sentence around it; carries a named speaker
/// through pronouns and roles ("He further noted", "the coach said") to the last person who
/// fits, and over a quotation continued after its attribution ("“…,” Lopez said. “…”").
fn attribute_speakers(text: &str, sents: &[Span], found: &mut [Quote]) {
    if found.is_empty() {
        return;
    }
    let known = capitalized_inside(text, sents);
    let mut cast = Cast::default();
    let mut last_end = 0usize;
    for idx in 0..found.len() {
        let q = found[idx].clone();
        // The text from the start of the quote's sentence (or the previous quote) to the quote,
        // and from the quote to the end of its sentence (or the next quote).
        let sent_start = sents
            .iter()
            .filter(|s| s.start <= q.outer.start)
            .map(|s| s.start)
            .next_back()
            .unwrap_or(0)
            .max(last_end);
        let next_quote = found.get(idx + 1).map_or(text.len(), |n| n.outer.start);
        let sent_end = sents
            .iter()
            .find(|s| s.end >= q.outer.end)
            .map_or(text.len(), |s| s.end)
            .min(next_quote)
            .max(q.outer.end);
        let before = &text[sent_start..q.outer.start];
        let mut after = &text[q.outer.end..sent_end];
        // “…!” Trump tweeted on Monday. — a quote closing its own sentence, its attribution in
        // the short sentence after it (not a lead-in to the next quote).
        if after.trim().is_empty() && !text[q.outer.end..].starts_with(['\n', '\r']) {
            let next_end = sents
                .iter()
                .find(|s| s.start >= q.outer.end)
                .map_or(text.len(), |s| s.end)
                .max(q.outer.end);
            let next = &text[q.outer.end..next_end.min(next_quote)];
            // The sentence must end before the next quote opens: otherwise it leads into it.
            if next_end <= next_quote && words_of(next).len() <= 10 && !next.contains('\n') {
                after = next;
            }
        }
        let between = &text[last_end.min(q.outer.start)..q.outer.start];
        cast.read(between, &known);
        // "“… like.” He then cautioned, “…”": words after a closed sentence that lead into the
        // next quotation attribute that one, not this one.
        let closed = text[q.span.clone()].trim_end().ends_with(['.', '!', '?']);
        let leads_on =
            q.outer.end + after.len() == next_quote && after.trim_end().ends_with([',', ':']);
        let mut speaker = if closed && leads_on {
            attribution_before(before, &known)
        } else {
            attribution(before, after, &known)
        };
        if let Some(s) = &speaker {
            // "he"/"she" first looks for a person named as a subject earlier in the same
            // paragraph ("Omar asked …, saying …. She added, “…”").
            let here = if matches!(s.name.as_str(), "he" | "she") {
                let head = &text[..sent_start.max(last_end).min(q.outer.start)];
                let par = head.rfind('\n').map_or(0, |p| p + 1).max(last_end);
                paragraph_subject(&head[par.min(head.len())..], &known)
            } else {
                None
            };
            if let Some(h) = here {
                // Called "he" or "she": a person from now on.
                if let Some(surname) = h.key_tokens().last() {
                    cast.people.insert(surname.clone());
                }
                speaker = Some(Speaker { carried: true, ..h });
            } else if !s.is_name {
                // "they" / "it" is first the named subject of the sentence just before the
                // quote's ("Big Machine denied it. “…,” they said"; a singular "they": "Kym
                // Lino, a spokesperson, confirmed … “…,” they said"), then the last organisation.
                let previous = matches!(s.name.as_str(), "they" | "it")
                    .then(|| previous_subject(text, sents, sent_start, &known))
                    .flatten();
                if let Some(p) = previous {
                    speaker = Some(Speaker { carried: true, ..p });
                } else if let Some(r) = cast.resolve(s) {
                    speaker = Some(r);
                } else if PRONOUNS.contains(&s.name.as_str()) {
                    speaker = None;
                }
            }
        }
        // A paragraph that is only a quotation, right after a paragraph reporting what someone
        // said ("Erekat said the decision …"): the speaker was introduced there.
        let opens_paragraph = text[..q.outer.start]
            .trim_end_matches([' ', '\t'])
            .ends_with('\n');
        if speaker.is_none() && opens_paragraph {
            let head = text[..q.outer.start].trim_end();
            let para_start = head
                .rfind('\n')
                .map_or(0, |p| p + 1)
                .max(last_end.min(head.len()));
            if let Some(s) = last_reported_speaker(&head[para_start..]) {
                speaker = Some(Speaker { carried: true, ..s });
            }
        }
        // A quotation continued after its attribution, in the same paragraph or the next:
        // nothing but the attribution of the previous quote stands between them.
        if speaker.is_none() && idx > 0 {
            if let Some(prev) = found[idx - 1].speaker.clone() {
                if continues(between, &prev) {
                    speaker = Some(Speaker {
                        carried: true,
                        ..prev
                    });
                }
            }
        }
        if let Some(s) = &speaker {
            if s.is_name {
                cast.mention(s);
            }
        }
        cast.read(after, &known);
        found[idx].speaker = speaker;
        last_end = q.outer.end;
    }
}

/// The named subject (of the sentence or of a reporting verb in it) of the sentence that ends
/// right before `start`, in the same paragraph or the one before.
fn previous_subject(
    text: &str,
    sents: &[Span],
    start: usize,
    known: &HashSet<String>,
) -> Option<Speaker> {
    let prev = sents.iter().rev().find(|s| s.end <= start)?;
    if text[prev.end..start].matches('\n').count() > 2 {
        return None;
    }
    let words = words_of(&text[prev.clone()]);
    sentence_subject(&words, known)
        .filter(|s| s.is_name)
        .or_else(|| reported_speaker_in(&words))
}

/// The last person named as the subject of a sentence or of a reporting verb in `par`.
fn paragraph_subject(par: &str, known: &HashSet<String>) -> Option<Speaker> {
    let mut last = None;
    for sent in sentences(par) {
        let words = words_of(&par[sent.clone()]);
        if let Some(s) = sentence_subject(&words, known).filter(is_person) {
            last = Some(s);
        }
        if let Some(s) = last_reported_speaker(&par[sent]).filter(is_person) {
            last = Some(s);
        }
    }
    last
}

/// Whether the text between two quotations leaves the second to the first one's speaker: a
/// few words naming nobody else (", Mayer said. ", "," she said.\n\n").
fn continues(between: &str, prev: &Speaker) -> bool {
    if between.matches('\n').count() > 2 {
        return false;
    }
    let words = words_of(between);
    if words.is_empty() {
        return true;
    }
    // The words must be the previous quote's attribution, not a lead-in to this one ("It was
    // said that: “…”", "Reyes replied, “…”").
    // A long attribution ("Will Moy, chief executive of …, told the BBC.") must name the
    // previous speaker; a short one must name nobody else.
    if words.len() > 24
        || between.trim_end().ends_with([':', ','])
        || attribution_after(between).is_none()
    {
        return false;
    }
    let keys = prev.key_tokens();
    let names_nobody_else = words
        .iter()
        .all(|w| !is_name_word(w) || keys.iter().any(|k| **k == *w.lower));
    (names_nobody_else && words.len() <= 12)
        || attribution_after(between).is_some_and(|s| s.is_name && s.same_person(prev))
}

/// How the speaker the article gives a quote compares with the one the source gives it: `Some(true)`
/// the same person (by surname, titles and initials aside) or the same role ("an officer"),
/// `Some(false)` two different named people, `None` when either side names nobody.
pub fn compare_speakers(article: Option<&Speaker>, source: Option<&Speaker>) -> Option<bool> {
    let (a, s) = (article?, source?);
    if a.is_name && s.is_name {
        return Some(a.same_person(s));
    }
    if !a.is_name && !s.is_name {
        let head = |x: &Speaker| x.name.rsplit(' ').next().unwrap_or("").to_lowercase();
        let (ha, hs) = (head(a), head(s));
        if !PRONOUNS.contains(&ha.as_str()) && ha == hs {
            return Some(true);
        }
    }
    None
}

/// Whether a source's attribution gives a quotation to nobody that a name could stand for: an
/// anonymous member of the public ("one user quipped", "a reader wrote") or a document ("the
/// description on the website reads", "a statement said"). An article that gives those words to
/// a named person names someone the source does not, unless the source names that person beside
/// the quotation (the caller checks; "X issued a statement: …").
pub fn is_anonymous_source(s: &Speaker) -> bool {
    const INDEFINITE: &[&str] = &["a", "an", "one", "another", "some"];
    const PUBLIC: &[&str] = &[
        "user",
        "fan",
        "commenter",
        "reader",
        "viewer",
        "follower",
        "poster",
        "tweeter",
        "resident",
        "person",
        "someone",
        "observer",
    ];
    const DETERMINERS: &[&str] = &["a", "an", "the", "its", "their", "one", "another"];
    const DOCUMENTS: &[&str] = &[
        "description",
        "statement",
        "website",
        "report",
        "letter",
        "post",
        "review",
        "release",
        "caption",
        "notice",
        "memo",
        "filing",
        "document",
        "page",
        "message",
    ];
    if s.is_name {
        return false;
    }
    let words: Vec<String> = s
        .name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    let public = INDEFINITE.contains(&first.as_str())
        && words.len() <= 3
        && PUBLIC.contains(&last.trim_end_matches('s'));
    let document = DETERMINERS.contains(&first.as_str())
        && words
            .iter()
            .skip(1)
            .take(2)
            .any(|w| DOCUMENTS.contains(&w.as_str()));
    public || document
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negating_prefixes_make_opposites_but_not_lookalikes() {
        let stem = |w: &str| stemmer().stem(w).into_owned();
        for (a, b) in [
            ("surprising", "unsurprising"),
            ("legal", "illegal"),
            ("possible", "impossible"),
            ("binding", "non-binding"),
            ("accurate", "inaccurate"),
            ("agree", "disagree"),
        ] {
            assert!(are_antonyms(&stem(a), &stem(b)), "{a} / {b}");
        }
        for (a, b) in [
            ("cover", "discover"),
            ("form", "inform"),
            ("press", "impress"),
            ("close", "disclose"),
            ("sight", "insight"),
            ("count", "discount"),
            ("voluntary", "voluntary"),
        ] {
            assert!(!are_antonyms(&stem(a), &stem(b)), "{a} / {b}");
        }
        assert!(are_antonyms(&stem("voluntary"), &stem("mandatory")));
    }

    fn sents(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|s| &text[s]).collect()
    }

    #[test]
    fn normalize_maps_back_to_original_bytes() {
        let text = "He said \u{201C}It\u{2019}s  done\u{2026}\u{201D}";
        let n = normalize(text);
        assert_eq!(n.text, "he said \"it's done...\"");
        let at = n.text.find("done").unwrap();
        let span = n.original_span(at..at + 4);
        assert_eq!(&text[span], "done");
    }

    #[test]
    fn sentences_keep_abbreviations_together() {
        let text = "Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5 in the U.S. capital. Growth was 3.5 percent. \
                    John F. Kerr agreed. In the U.S. The vote failed.";
        assert_eq!(
            sents(text),
            vec![
                "Mr. Smith met Dr. Jones at 3 p.m. on Jan. 5 in the U.S. capital.",
                "Growth was 3.5 percent.",
                "John F. Kerr agreed.",
                "In the U.S.",
                "The vote failed."
            ]
        );
    }

    #[test]
    fn sentences_do_not_split_inside_quotes() {
        let text = "She said: \u{201C}We tried. It failed.\u{201D} Then she left.";
        assert_eq!(
            sents(text),
            vec![
                "She said: \u{201C}We tried. It failed.\u{201D}",
                "Then she left."
            ]
        );
        let text = "\"We tried. It failed,\" he said. Then she left.";
        assert_eq!(
            sents(text),
            vec!["\"We tried. It failed,\" he said.", "Then she left."]
        );
    }

    #[test]
    fn line_breaks_end_sentences() {
        assert_eq!(
            sents("Headline here\n\nBody text."),
            vec!["Headline here", "Body text."]
        );
    }

    #[test]
    fn tokens_carry_numbers_and_stems() {
        let t = tokenize(
            "Sales rose 10% to $3 million, or 3,000,000 dollars; Iran's U.S. talks didn't",
        );
        let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert!(norms.contains(&"percent"));
        assert!(norms.contains(&"u.s"));
        assert!(norms.contains(&"didn't"));
        let three = t.iter().find(|t| t.norm == "3").unwrap();
        assert_eq!(three.number, Some(3e6));
        let big = t.iter().find(|t| t.norm == "3,000,000").unwrap();
        assert_eq!(big.number, Some(3e6));
        let iran = t.iter().find(|t| t.norm == "iran's").unwrap();
        assert_eq!(iran.stem, "iran");
        assert!(is_negation("didn't"));
    }

    #[test]
    fn quotes_need_four_words_and_find_speakers() {
        let text = "The mayor called it a \u{201C}historic step\u{201D} for the town. \
                    \u{201C}We will rebuild the bridge by May,\u{201D} said Maria Lopez. \
                    She further noted: \u{201C}The money is already in the budget.\u{201D}";
        let q = quotes(text, 4);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].speaker.as_ref().unwrap().name, "Maria Lopez");
        let carried = q[1].speaker.as_ref().unwrap();
        assert_eq!(carried.name, "Maria Lopez");
        assert!(carried.carried);
    }

    #[test]
    fn attribution_patterns() {
        let cases = [
            ("Maria Lopez said: \u{201C}We will rebuild the bridge soon.\u{201D}", Some("Maria Lopez")),
            ("According to Maria Lopez, \u{201C}we will rebuild the bridge soon.\u{201D}", Some("Maria Lopez")),
            ("Ahmed Karimi, a spokesperson for the ministry, said \u{201C}we will rebuild the bridge soon.\u{201D}", Some("Ahmed Karimi")),
            ("Lopez told reporters: \u{201C}We will rebuild the bridge soon.\u{201D}", Some("Lopez")),
            ("\u{201C}We will rebuild the bridge soon,\u{201D} Lopez said.", Some("Lopez")),
            ("An Iranian official stated, \u{201C}We will rebuild the bridge soon.\u{201D}", Some("An Iranian official")),
            ("It was said that: \u{201C}We will rebuild the bridge soon.\u{201D}", None),
        ];
        for (text, want) in cases {
            let q = quotes(text, 4);
            assert_eq!(q.len(), 1, "{text}");
            assert_eq!(
                q[0].speaker.as_ref().map(|s| s.name.as_str()),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn multi_paragraph_quote() {
        let text = "Lopez said: \u{201C}The first part goes on here.\n\n\u{201C}And the second part ends here.\u{201D}\n\nNext.";
        let q = quotes(text, 4);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].parts.len(), 2);
        assert_eq!(
            q[0].text(text),
            "The first part goes on here. And the second part ends here."
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let text = "Iran\u{2019}s leaders didn\u{2019}t say \u{2018}we will never negotiate with them\u{2019} at all.";
        let q = quotes(text, 4);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].text(text), "we will never negotiate with them");
    }

    /// The speaker attribution finds for the one (or the `n`th) quotation of a text.
    fn who(text: &str, n: usize) -> Option<String> {
        let q = quotes(text, 4);
        q.get(n)
            .and_then(|q| q.speaker.as_ref())
            .map(|s| s.name.clone())
    }

    #[test]
    fn quotation_marks_typed_in_two_styles_pair_up() {
        // A curly opening closed by a straight mark, and the other way round.
        let text = "\u{201C}Forty years of harbour work,\" he said, \"have taught me patience \
                    above all.\u{201D}\n\nMaria Lopez chairs the board.";
        let q = quotes(text, 4);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].text(text), "Forty years of harbour work,");
        assert_eq!(q[1].text(text), "have taught me patience above all.");
        // A straight pair inside a curly quotation stays inside it.
        let text = "\u{201C}I watched \"Harbour Lights\" every week as a child,\u{201D} Maria \
                    Lopez said.";
        let q = quotes(text, 4);
        assert_eq!(q.len(), 1);
        assert_eq!(
            q[0].text(text),
            "I watched \"Harbour Lights\" every week as a child,"
        );
        assert_eq!(who(text, 0).as_deref(), Some("Maria Lopez"));
        // A straight mark opening a word inside a curly quotation closes nothing.
        let text = "\u{201C}We call it \"the old pier every single time,\u{201D} Lopez said.";
        assert_eq!(quotes(text, 4).len(), 1);
    }

    const Q: &str = "\u{201C}We will reopen the old harbour next spring.\u{201D}";
    const Q2: &str = "\u{201C}The money for the works is already in the budget.\u{201D}";

    #[test]
    fn a_company_suffix_in_an_appositive_names_no_one() {
        // "Dräger, Inc.," is one name inside the appositive; the speaker is before it.
        let text = format!(
            "Ines Okafor, senior vice president of sales for Harbour Lines, Inc., says: {Q}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Ines Okafor"));
        let text = format!("Ines Okafor, chief executive of Harbour Lines Ltd., said {Q}");
        assert_eq!(who(&text, 0).as_deref(), Some("Ines Okafor"));
    }

    #[test]
    fn ai_framing_gives_the_clause_subject() {
        let cases = [
            format!("Okafor struck a similar tone of resolve, saying, {Q}"),
            format!("Okafor added, {Q}"),
            format!("Okafor expressed enthusiasm for the plan, stating, {Q}"),
            format!("Okafor added that {Q}"),
            format!("Okafor went on, {Q}"),
            format!("Okafor has likewise made clear that she wants {Q}"),
            format!("Okafor further remarked, {Q}"),
            format!("Okafor quipped, {Q}"),
            format!("In a statement on Friday, Okafor conveyed his relief, declaring, {Q}"),
            format!("Speaking on Tuesday, Okafor told reporters, {Q}"),
            format!("Okafor told The Evening Courier, {Q}"),
            format!("Okafor, who chairs the port board, explained, {Q}"),
        ];
        for c in &cases {
            let text = format!("Harbour chief Ines Okafor met the council. {c}");
            assert_eq!(who(&text, 0).as_deref(), Some("Okafor"), "{c}");
        }
        let text = format!(
            "Lev Arnaud, spokesperson for the port authority, emphasized the need for speed, asserting, {Q}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Lev Arnaud"));
        // A title or a role before the name is not part of it.
        let text = format!("US Harbour Envoy Ines Okafor has made clear that she wants {Q}");
        assert_eq!(who(&text, 0).as_deref(), Some("Ines Okafor"));
        let text = format!("Port Commissioner Ines Okafor welcomed the vote, stating, {Q}");
        assert_eq!(who(&text, 0).as_deref(), Some("Ines Okafor"));
        let text = format!("Rovers coach Tomas Berg praised his side, saying, {Q}");
        assert_eq!(who(&text, 0).as_deref(), Some("Tomas Berg"));
        // A common noun opening a sentence is no name.
        let text = format!("Critics were unimpressed, saying, {Q}");
        assert_eq!(who(&text, 0), None);
    }

    #[test]
    fn news_conventions_after_the_quote() {
        let q = "\u{201C}We will reopen the old harbour next spring,\u{201D}";
        let cases = [
            (format!("{q} Berg said."), "Berg"),
            (
                format!("{q} said Tomas Berg, the club's captain."),
                "Tomas Berg",
            ),
            (
                format!("{q} says veteran harbour analyst Tomas Berg."),
                "Tomas Berg",
            ),
            (
                format!("{q} Tomas Berg, the club's captain, told the Courier."),
                "Tomas Berg",
            ),
            (format!("{q} the 34-year-old Berg said."), "Berg"),
            (
                format!("{q} announced in May, said Tomas Berg."),
                "Tomas Berg",
            ),
        ];
        for (text, want) in &cases {
            assert_eq!(who(text, 0).as_deref(), Some(*want), "{text}");
        }
    }

    #[test]
    fn pronouns_and_roles_carry_to_the_last_person_who_fits() {
        // "he" after a paragraph break goes to the last person named.
        let text = format!(
            "Rovers coach Tomas Berg spoke after the match.\n\n{} he said.",
            "\u{201C}We will reopen the old harbour next spring,\u{201D}"
        );
        let q = quotes(&text, 4);
        let s = q[0].speaker.as_ref().unwrap();
        assert_eq!((s.name.as_str(), s.carried), ("Tomas Berg", true));
        // "the coach" goes to the person called a coach, not to the last name.
        let text = format!(
            "Rovers coach Tomas Berg praised the crowd. Striker Ada Moss scored twice. The coach added, {Q}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Tomas Berg"));
        // A pronoun after a quote goes to that quote's speaker, not to an earlier subject.
        let text = format!(
            "Rovers coach Tomas Berg spoke. Ada Moss, the owner, left early. The coach said that the club \u{201C}will reopen the old harbour next spring.\u{201D} He then cautioned, {Q2}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Tomas Berg"));
        assert_eq!(who(&text, 1).as_deref(), Some("Tomas Berg"));
        // A role nobody was given stays a role.
        let text = format!("Tomas Berg scored twice. The mayor added, {Q}");
        assert_eq!(who(&text, 0).as_deref(), Some("The mayor"));
        // Never across an intervening named speaker.
        let text = format!(
            "Tomas Berg spoke first. {Q2} Berg said. Ada Moss, the club's owner, took the floor. She added, {Q}"
        );
        assert_eq!(who(&text, 1).as_deref(), Some("Ada Moss"));
        // "It was said that" names nobody.
        assert_eq!(
            who(&format!("Tomas Berg left. It was said that: {Q}"), 0),
            None
        );
    }

    #[test]
    fn they_and_it_are_first_the_subject_of_the_sentence_before() {
        // An organisation of two words without an organisation word ("Silver Tide", a
        // label), named in the paragraph before: a person's name by its form.
        let text = format!(
            "The council met on Monday. Silver Tide has denied any wrongdoing.\n\n{} they said in a statement.",
            "\u{201C}At no point did we agree to close the old harbour,\u{201D}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Silver Tide"));
        // A singular "they": the person of the sentence before, not an organisation named
        // earlier.
        let text = format!(
            "The Harbour Trust opened an inquiry in May.\n\nAda Moss, a spokesperson for the council, confirmed the closure on Friday. {} they said in an email.",
            "\u{201C}We will reopen the old harbour next spring,\u{201D}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Ada Moss"));
        // With no named subject just before, the last organisation.
        let text = format!(
            "The Harbour Trust opened an inquiry in May.\n\nThe works were delayed by rain. {} it said.",
            "\u{201C}We will reopen the old harbour next spring,\u{201D}"
        );
        assert_eq!(who(&text, 0).as_deref(), Some("Harbour Trust"));
    }

    #[test]
    fn a_quote_continued_after_its_attribution_keeps_the_speaker() {
        let text = "\u{201C}We will reopen the old harbour,\u{201D} Tomas Berg said. \u{201C}The money is already in the budget.\u{201D}\n\n\
                    \u{201C}And the work starts in May,\u{201D} Berg told the Courier.\n\n\u{201C}Nobody will lose a berth.\u{201D}";
        let q = quotes(text, 4);
        let names: Vec<Option<&str>> = q
            .iter()
            .map(|q| q.speaker.as_ref().map(|s| s.name.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                Some("Tomas Berg"),
                Some("Tomas Berg"),
                Some("Berg"),
                Some("Berg")
            ]
        );
        // A quote closing its own sentence, attributed in the next short one.
        let text = "\u{201C}We will reopen the old harbour next spring!\u{201D} Berg tweeted on Monday. \u{201C}The money is already in the budget.\u{201D}";
        let q = quotes(text, 4);
        assert_eq!(q[0].speaker.as_ref().map(|s| s.name.as_str()), Some("Berg"));
        assert_eq!(q[1].speaker.as_ref().map(|s| s.name.as_str()), Some("Berg"));
        // A speaker introduced in the paragraph before a quote paragraph.
        let text =
            format!("Ada Moss said the board would vote on Friday.\n\n{Q}\n\nThe vote is open.");
        assert_eq!(who(&text, 0).as_deref(), Some("Ada Moss"));
        // A long attribution naming the same person; two single marks closing a double one.
        let text = "\u{201C}We will reopen the old harbour,\u{2019}\u{2019} Tomas Berg, the chief executive of the regional harbour trust in the north, told the Courier. \u{201C}The money is already in the budget.\u{201D}";
        let q = quotes(text, 4);
        assert_eq!(q.len(), 2);
        assert_eq!(
            q[1].speaker.as_ref().map(|s| s.name.as_str()),
            Some("Tomas Berg")
        );
        // A lead-in to the next quote is not the previous quote's attribution.
        let text = format!("{Q2} Tomas Berg said.\n\nIt was said that: {Q}");
        assert_eq!(who(&text, 1), None);
    }

    #[test]
    fn speakers_compare_by_surname_titles_and_initials() {
        let sp = |n: &str| Speaker {
            name: n.into(),
            is_name: true,
            carried: false,
        };
        let role = |n: &str| Speaker {
            name: n.into(),
            is_name: false,
            carried: false,
        };
        assert!(sp("Mr Berg").same_person(&sp("Tomas Berg")));
        assert!(sp("Dr. T. Berg").same_person(&sp("Tomas Berg")));
        assert!(sp("Harbour Board").same_person(&sp("Harbour Board Trust")));
        assert!(!sp("Tomas Berg").same_person(&sp("Tomas Moss")));
        assert!(!sp("Amar Singh").same_person(&sp("Singh Jabar")));
        assert_eq!(
            compare_speakers(Some(&sp("Berg")), Some(&sp("Ada Moss"))),
            Some(false)
        );
        assert_eq!(
            compare_speakers(Some(&sp("Berg")), Some(&role("a spokesman"))),
            None
        );
        assert_eq!(
            compare_speakers(Some(&role("an officer")), Some(&role("an officer"))),
            Some(true)
        );
        assert_eq!(compare_speakers(Some(&sp("Berg")), None), None);
    }

    #[test]
    fn speech_verbs_in_every_form() {
        for w in [
            "said",
            "says",
            "stating",
            "quipped",
            "replied",
            "admitting",
            "tweeted",
            "urging",
            "exclaimed",
            "cautions",
        ] {
            assert!(is_speech_verb(w), "{w}");
        }
        for w in ["bed", "sing", "states-", "harbour", "seed"] {
            assert!(!is_speech_verb(w), "{w}");
        }
    }
}
