//! Static token embeddings shipped inside the binary: model2vec's method applied to
//! all-MiniLM-L6-v2 (Apache-2.0, see `assets/static-minilm/PROVENANCE.md` and `LICENSE`).
//!
//! Every wordpiece of the model's vocabulary has one fixed vector (the model's output for the piece
//! alone, PCA-reduced, scaled by a Zipf frequency weight, int8 with a per-row scale). A text's vector
//! is the mean of its wordpiece rows, so no neural network runs here: embedding a sentence costs a
//! tokenization and a few hundred additions. The table is `include_bytes!`'d and parsed once, lazily.
//!
//! The tokenizer is a hand-written BERT WordPiece tokenizer meant to match `bert-base-uncased`
//! (the tokenizer of all-MiniLM-L6-v2): control characters dropped, CJK ideographs split off,
//! lowercase, accents stripped (a table of Latin, Greek and Cyrillic letters instead of full Unicode
//! NFD), split on whitespace and punctuation, greedy longest-match-first wordpieces with `##`
//! continuations, `[UNK]` for a word that cannot be covered (or longer than 100 characters).
//!
//! Table format (`assets/static-minilm/vectors.bin`, little-endian; written by
//! `scripts/distill-static.py`): magic `PVSTATIC`, u32 version (1), u32 rows, u32 dim, u32 byte length
//! of the vocabulary block; the vocabulary (each token in UTF-8 followed by `\n`, in row order); zero
//! padding to a multiple of 4; rows × f32 scale; rows × dim i8 values (value = scale × i8).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The shipped table (see the module documentation for its format).
static SHIPPED: &[u8] = include_bytes!("../assets/static-minilm/vectors.bin");

const MAGIC: &[u8; 8] = b"PVSTATIC";
const VERSION: u32 = 1;
/// bert-base-uncased's `max_input_chars_per_word`: a longer word is one `[UNK]`.
const MAX_WORD_CHARS: usize = 100;

/// A parsed static embedding table: the wordpiece vocabulary and one int8 row per piece.
pub struct StaticVectors {
    dim: usize,
    /// Word-initial pieces: token -> row.
    heads: FxHashMap<&'static str, u32>,
    /// Continuation pieces, keyed without their `##`: piece -> row.
    tails: FxHashMap<&'static str, u32>,
    unk: Option<u32>,
    /// The longest piece of each map, in bytes: a longer stretch of a word is no piece.
    max_head: usize,
    max_tail: usize,
    scales: Vec<f32>,
    rows: &'static [i8],
}

/// Why a table could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub &'static str);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bad static vector table: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

fn read_u32(b: &[u8], at: usize) -> Result<u32, FormatError> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or(FormatError("truncated header"))
}

impl StaticVectors {
    /// The table shipped in the binary, parsed once (std::sync::OnceLock).
    pub fn shipped() -> &'static StaticVectors {
        static TABLE: OnceLock<StaticVectors> = OnceLock::new();
        TABLE.get_or_init(|| {
            StaticVectors::parse(SHIPPED).expect("the shipped static vector table is valid")
        })
    }

    /// Parses a table in the format of the module documentation. The bytes must live for the
    /// whole program (the table borrows its strings and rows from them).
    pub fn parse(b: &'static [u8]) -> Result<StaticVectors, FormatError> {
        if b.len() < 24 || &b[..8] != MAGIC {
            return Err(FormatError("no PVSTATIC magic"));
        }
        if read_u32(b, 8)? != VERSION {
            return Err(FormatError("unknown version"));
        }
        let n = read_u32(b, 12)? as usize;
        let dim = read_u32(b, 16)? as usize;
        let vlen = read_u32(b, 20)? as usize;
        if dim == 0 {
            return Err(FormatError("zero dimension"));
        }
        let vocab = b
            .get(24..24 + vlen)
            .ok_or(FormatError("truncated vocabulary"))?;
        let vocab =
            std::str::from_utf8(vocab).map_err(|_| FormatError("vocabulary is not UTF-8"))?;
        let mut at = 24 + vlen;
        at += (4 - at % 4) % 4;
        let scale_bytes = b
            .get(at..at + 4 * n)
            .ok_or(FormatError("truncated scales"))?;
        let scales: Vec<f32> = scale_bytes
            .chunks_exact(4)
            .map(|s| f32::from_le_bytes([s[0], s[1], s[2], s[3]]))
            .collect();
        at += 4 * n;
        let rows = b
            .get(at..at + n * dim)
            .ok_or(FormatError("truncated rows"))?;
        if b.len() != at + n * dim {
            return Err(FormatError("trailing bytes"));
        }
        // SAFETY: i8 and u8 have the same size and alignment; every bit pattern is a valid i8.
        let rows: &'static [i8] =
            unsafe { std::slice::from_raw_parts(rows.as_ptr().cast::<i8>(), rows.len()) };
        let tokens: Vec<&'static str> = vocab.split_terminator('\n').collect();
        if tokens.len() != n {
            return Err(FormatError("vocabulary size differs from the row count"));
        }
        let mut heads = FxHashMap::default();
        let mut tails = FxHashMap::default();
        let mut unk = None;
        for (i, t) in tokens.into_iter().enumerate() {
            let i = i as u32;
            if t == "[UNK]" {
                unk = Some(i);
            }
            match t.strip_prefix("##") {
                Some(rest) if !rest.is_empty() => tails.insert(rest, i),
                _ => heads.insert(t, i),
            };
        }
        let longest = |m: &FxHashMap<&str, u32>| m.keys().map(|k| k.len()).max().unwrap_or(0);
        Ok(StaticVectors {
            dim,
            max_head: longest(&heads),
            max_tail: longest(&tails),
            heads,
            tails,
            unk,
            scales,
            rows,
        })
    }

    /// Number of dimensions of a vector.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Number of rows (wordpieces) in the table.
    pub fn len(&self) -> usize {
        self.scales.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.scales.is_empty()
    }

    /// Row index of a wordpiece as written in the vocabulary (`"the"`, `"##ing"`, `"[UNK]"`).
    pub fn piece_id(&self, piece: &str) -> Option<u32> {
        match piece.strip_prefix("##") {
            Some(rest) if !rest.is_empty() => self.tails.get(rest).copied(),
            _ => self.heads.get(piece).copied(),
        }
    }

    /// The wordpiece rows of a text (bert-base-uncased tokenization, no `[CLS]`/`[SEP]`);
    /// `[UNK]` is included where a word cannot be covered.
    pub fn piece_ids(&self, text: &str) -> Vec<u32> {
        self.piece_ids_with(text, &PieceCache::default())
    }

    /// The wordpiece rows of a text, as [`StaticVectors::piece_ids`], appended to `out`, each
    /// word split once per `cache`.
    fn piece_ids_cached(&self, text: &str, cache: &mut PieceCache, out: &mut Vec<u32>) {
        let mut buf = String::new();
        pre_tokenize(text, &mut buf, |word| {
            if let Some(p) = cache.get(word) {
                out.extend_from_slice(p);
                return;
            }
            let start = out.len();
            self.wordpiece(word, out);
            cache.insert(word, &out[start..]);
        });
    }

    /// The wordpiece rows of a text, as [`StaticVectors::piece_ids`], taking the pieces of the
    /// words `cache` holds from it.
    fn piece_ids_with(&self, text: &str, cache: &PieceCache) -> Vec<u32> {
        let mut out = Vec::with_capacity(text.len() / 3 + 1);
        let mut buf = String::new();
        pre_tokenize(text, &mut buf, |word| match cache.get(word) {
            Some(p) => out.extend_from_slice(p),
            None => self.wordpiece(word, &mut out),
        });
        out
    }

    /// [`StaticVectors::text`], taking the pieces of the words `cache` holds from it (a
    /// source's cache, for the claims compared with it).
    pub fn text_with(&self, text: &str, cache: &PieceCache) -> Vec<f32> {
        self.mean(&self.piece_ids_with(text, cache))
            .unwrap_or_else(|| vec![0.0; self.dim])
    }

    /// [`StaticVectors::word`], taking the pieces of the words `cache` holds from it.
    pub fn word_with(&self, word: &str, cache: &PieceCache) -> Option<Vec<f32>> {
        self.mean(&self.piece_ids_with(word, cache))
    }

    /// [`StaticVectors::text`], with each word's pieces split once per `cache`.
    pub fn text_cached(&self, text: &str, cache: &mut PieceCache) -> Vec<f32> {
        let mut ids = Vec::with_capacity(text.len() / 3 + 1);
        self.piece_ids_cached(text, cache, &mut ids);
        self.mean(&ids).unwrap_or_else(|| vec![0.0; self.dim])
    }

    /// The wordpieces of a text as strings (`["play", "##ing"]`), for tests and debugging.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let mut names: FxHashMap<u32, String> = FxHashMap::default();
        for (k, v) in &self.heads {
            names.insert(*v, (*k).to_string());
        }
        for (k, v) in &self.tails {
            names.insert(*v, format!("##{k}"));
        }
        self.piece_ids(text)
            .into_iter()
            .map(|i| names[&i].clone())
            .collect()
    }

    /// Greedy longest-match-first WordPiece of one normalised word, appended to `out`.
    fn wordpiece(&self, word: &str, out: &mut Vec<u32>) {
        let unk = |out: &mut Vec<u32>| out.extend(self.unk);
        if word.chars().count() > MAX_WORD_CHARS {
            return unk(out);
        }
        if let Some(&i) = self.heads.get(word) {
            out.push(i);
            return;
        }
        let start_len = out.len();
        let mut start = 0;
        while start < word.len() {
            let (map, longest) = if start == 0 {
                (&self.heads, self.max_head)
            } else {
                (&self.tails, self.max_tail)
            };
            let rest = &word[start..];
            // Longest match first, from the longest piece there is.
            let mut end = rest.len().min(longest);
            while end > 0 && !rest.is_char_boundary(end) {
                end -= 1;
            }
            let found = loop {
                if end == 0 {
                    // No piece is as long as the next character.
                    break None;
                }
                if let Some(&i) = map.get(&rest[..end]) {
                    break Some(i);
                }
                match rest[..end].char_indices().next_back() {
                    Some((j, _)) if j > 0 => end = j,
                    _ => break None,
                }
            };
            match found {
                Some(i) => {
                    out.push(i);
                    start += end;
                }
                None => {
                    out.truncate(start_len);
                    return unk(out);
                }
            }
        }
    }

    /// Adds row `i` to `acc`.
    #[inline(always)]
    fn add_row(&self, i: u32, acc: &mut [f32]) {
        let i = i as usize;
        let s = self.scales[i];
        let row = &self.rows[i * self.dim..(i + 1) * self.dim];
        for (a, &q) in acc.iter_mut().zip(row) {
            *a += s * f32::from(q);
        }
    }

    /// Unit-length mean of the rows `ids` ([UNK] skipped); None when nothing is left.
    fn mean(&self, ids: &[u32]) -> Option<Vec<f32>> {
        let mut acc = vec![0f32; self.dim];
        #[cfg(target_arch = "x86_64")]
        let n = if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU was just checked to have AVX2, the only feature enabled there.
            unsafe { self.sum_rows_avx2(ids, &mut acc) }
        } else {
            self.sum_rows(ids, &mut acc)
        };
        #[cfg(not(target_arch = "x86_64"))]
        let n = self.sum_rows(ids, &mut acc);
        if n == 0 {
            return None;
        }
        let norm = dot(&acc, &acc).sqrt();
        if norm == 0.0 {
            return None;
        }
        acc.iter_mut().for_each(|x| *x /= norm);
        Some(acc)
    }

    /// Adds the rows `ids` ([UNK] skipped) to `acc`; returns how many it added.
    #[inline(always)]
    fn sum_rows(&self, ids: &[u32], acc: &mut [f32]) -> usize {
        let mut n = 0usize;
        for &i in ids {
            if Some(i) != self.unk {
                self.add_row(i, acc);
                n += 1;
            }
        }
        n
    }

    /// [`StaticVectors::sum_rows`] compiled for AVX2 (widening int8 to 32 bits in 256-bit lanes
    /// needs AVX2, not only AVX): each element computed as without it, the same result to the
    /// bit.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sum_rows_avx2(&self, ids: &[u32], acc: &mut [f32]) -> usize {
        self.sum_rows(ids, acc)
    }

    /// Unit-length vector of one word (mean of its wordpieces), None for an empty word.
    ///
    /// Also None when the word has no piece but `[UNK]` (e.g. an unknown script): an unknown
    /// word has no meaning to compare. A "word" with punctuation is tokenized like a text.
    pub fn word(&self, word: &str) -> Option<Vec<f32>> {
        self.word_with(word, &PieceCache::default())
    }

    /// Unit-length vector of a text: mean of its wordpiece rows (the rows already carry the frequency weights).
    ///
    /// `[UNK]` pieces are skipped; a text with no other piece gives the zero vector (whose
    /// [`cosine`] with anything is 0).
    pub fn text(&self, text: &str) -> Vec<f32> {
        self.text_with(text, &PieceCache::default())
    }
}

/// The wordpieces of words already split: filled by [`StaticVectors::text_cached`] as a
/// source's sentences are read (they repeat its words), then read by
/// [`StaticVectors::text_with`] and [`StaticVectors::word_with`] for the claims compared with it.
#[derive(Debug, Default)]
pub struct PieceCache {
    /// Each word's pieces, as a stretch of `pieces`.
    words: FxHashMap<compact_str::CompactString, (u32, u32)>,
    pieces: Vec<u32>,
}

impl PieceCache {
    fn get(&self, word: &str) -> Option<&[u32]> {
        self.words
            .get(word)
            .map(|&(at, n)| &self.pieces[at as usize..(at + n) as usize])
    }

    fn insert(&mut self, word: &str, pieces: &[u32]) {
        let at = self.pieces.len() as u32;
        self.pieces.extend_from_slice(pieces);
        self.words.insert(word.into(), (at, pieces.len() as u32));
    }
}

/// Cosine similarity of two vectors (0 when either is zero; the shorter length is used).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let (ab, aa, bb) = (dot(a, b), dot(a, a), dot(b, b));
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        ab / (aa.sqrt() * bb.sqrt())
    }
}

/// Dot product of two vectors (the shorter length is used), summed in eight lanes so that the
/// compiler can use SIMD: a plain left-to-right float sum cannot be reordered, and this runs for
/// every pair of words that soft alignment compares and every window dense retrieval scores.
///
/// Where the CPU has AVX the same eight lanes are one 256-bit register instead of two 128-bit
/// ones: the same multiplications and additions in the same order (no fused multiply-add), so
/// the result is the same to the bit.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx") {
        // SAFETY: the CPU was just checked to have AVX, the only feature `dot_avx` enables.
        return unsafe { dot_avx(a, b) };
    }
    dot_lanes(a, b)
}

/// [`dot_lanes`] compiled for AVX (float multiplications and additions need no more).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn dot_avx(a: &[f32], b: &[f32]) -> f32 {
    dot_lanes(a, b)
}

/// The body of [`dot`]: eight running sums, one per lane, added up at the end.
#[inline(always)]
fn dot_lanes(a: &[f32], b: &[f32]) -> f32 {
    const LANES: usize = 8;
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..LANES {
            acc[k] += x[k] * y[k];
        }
    }
    acc.iter().sum::<f32>() + tail
}

fn in_ranges(c: u32, ranges: &[(u32, u32)]) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// BERT's punctuation: every printable ASCII character that is not a letter or digit, and
/// Unicode category P*.
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    in_ranges(c as u32, PUNCT)
}

/// CJK ideographs, which BERT splits into one token each.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

/// Characters BERT's text cleaning drops: NUL, U+FFFD, controls other than whitespace, format
/// characters (category Cf).
fn is_dropped(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\0' | '\u{FFFD}' => true,
        _ if c.is_control() => true,
        _ if c.is_ascii() => false,
        _ => in_ranges(c as u32, FORMAT) || matches!(c as u32, 0xE0001 | 0xE0020..=0xE007F),
    }
}

/// Combining marks, dropped after the accent fold (input that is already decomposed).
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Lowercase letter with its accents stripped.
fn fold(c: char) -> char {
    let u = c as u32;
    if u < 0xC0 {
        return c;
    }
    match FOLD.binary_search_by_key(&u, |&(from, _)| from) {
        Ok(k) => char::from_u32(FOLD[k].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// BERT normalisation and pre-tokenization: calls `f` with each normalised word (lowercase, accents
/// stripped), punctuation characters and CJK ideographs being words of their own.
fn pre_tokenize(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    buf.clear();
    let flush = |buf: &mut String, f: &mut dyn FnMut(&str)| {
        if !buf.is_empty() {
            f(buf);
            buf.clear();
        }
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(buf, &mut f);
            continue;
        }
        if is_dropped(c) {
            continue;
        }
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase());
            } else {
                flush(buf, &mut f);
                let mut one = [0u8; 4];
                f(c.to_ascii_lowercase().encode_utf8(&mut one));
            }
            continue;
        }
        if is_cjk(c) || is_punct(c) {
            flush(buf, &mut f);
            let mut one = [0u8; 4];
            f(c.encode_utf8(&mut one));
            continue;
        }
        for l in c.to_lowercase() {
            let l = fold(l);
            if !is_combining(l) {
                buf.push(l);
            }
        }
    }
    flush(buf, &mut f);
}

/// Accented lowercase letter -> its base letter (Unicode NFD with the combining marks dropped),
/// for Latin, Greek and Cyrillic; generated with Python's unicodedata (Unicode 14).
const FOLD: &[(u32, u32)] = &[
    (0x00E0, 0x0061),
    (0x00E1, 0x0061),
    (0x00E2, 0x0061),
    (0x00E3, 0x0061),
    (0x00E4, 0x0061),
    (0x00E5, 0x0061),
    (0x00E7, 0x0063),
    (0x00E8, 0x0065),
    (0x00E9, 0x0065),
    (0x00EA, 0x0065),
    (0x00EB, 0x0065),
    (0x00EC, 0x0069),
    (0x00ED, 0x0069),
    (0x00EE, 0x0069),
    (0x00EF, 0x0069),
    (0x00F1, 0x006E),
    (0x00F2, 0x006F),
    (0x00F3, 0x006F),
    (0x00F4, 0x006F),
    (0x00F5, 0x006F),
    (0x00F6, 0x006F),
    (0x00F9, 0x0075),
    (0x00FA, 0x0075),
    (0x00FB, 0x0075),
    (0x00FC, 0x0075),
    (0x00FD, 0x0079),
    (0x00FF, 0x0079),
    (0x0101, 0x0061),
    (0x0103, 0x0061),
    (0x0105, 0x0061),
    (0x0107, 0x0063),
    (0x0109, 0x0063),
    (0x010B, 0x0063),
    (0x010D, 0x0063),
    (0x010F, 0x0064),
    (0x0113, 0x0065),
    (0x0115, 0x0065),
    (0x0117, 0x0065),
    (0x0119, 0x0065),
    (0x011B, 0x0065),
    (0x011D, 0x0067),
    (0x011F, 0x0067),
    (0x0121, 0x0067),
    (0x0123, 0x0067),
    (0x0125, 0x0068),
    (0x0129, 0x0069),
    (0x012B, 0x0069),
    (0x012D, 0x0069),
    (0x012F, 0x0069),
    (0x0135, 0x006A),
    (0x0137, 0x006B),
    (0x013A, 0x006C),
    (0x013C, 0x006C),
    (0x013E, 0x006C),
    (0x0144, 0x006E),
    (0x0146, 0x006E),
    (0x0148, 0x006E),
    (0x014D, 0x006F),
    (0x014F, 0x006F),
    (0x0151, 0x006F),
    (0x0155, 0x0072),
    (0x0157, 0x0072),
    (0x0159, 0x0072),
    (0x015B, 0x0073),
    (0x015D, 0x0073),
    (0x015F, 0x0073),
    (0x0161, 0x0073),
    (0x0163, 0x0074),
    (0x0165, 0x0074),
    (0x0169, 0x0075),
    (0x016B, 0x0075),
    (0x016D, 0x0075),
    (0x016F, 0x0075),
    (0x0171, 0x0075),
    (0x0173, 0x0075),
    (0x0175, 0x0077),
    (0x0177, 0x0079),
    (0x017A, 0x007A),
    (0x017C, 0x007A),
    (0x017E, 0x007A),
    (0x01A1, 0x006F),
    (0x01B0, 0x0075),
    (0x01CE, 0x0061),
    (0x01D0, 0x0069),
    (0x01D2, 0x006F),
    (0x01D4, 0x0075),
    (0x01D6, 0x0075),
    (0x01D8, 0x0075),
    (0x01DA, 0x0075),
    (0x01DC, 0x0075),
    (0x01DF, 0x0061),
    (0x01E1, 0x0061),
    (0x01E3, 0x00E6),
    (0x01E7, 0x0067),
    (0x01E9, 0x006B),
    (0x01EB, 0x006F),
    (0x01ED, 0x006F),
    (0x01EF, 0x0292),
    (0x01F0, 0x006A),
    (0x01F5, 0x0067),
    (0x01F9, 0x006E),
    (0x01FB, 0x0061),
    (0x01FD, 0x00E6),
    (0x01FF, 0x00F8),
    (0x0201, 0x0061),
    (0x0203, 0x0061),
    (0x0205, 0x0065),
    (0x0207, 0x0065),
    (0x0209, 0x0069),
    (0x020B, 0x0069),
    (0x020D, 0x006F),
    (0x020F, 0x006F),
    (0x0211, 0x0072),
    (0x0213, 0x0072),
    (0x0215, 0x0075),
    (0x0217, 0x0075),
    (0x0219, 0x0073),
    (0x021B, 0x0074),
    (0x021F, 0x0068),
    (0x0227, 0x0061),
    (0x0229, 0x0065),
    (0x022B, 0x006F),
    (0x022D, 0x006F),
    (0x022F, 0x006F),
    (0x0231, 0x006F),
    (0x0233, 0x0079),
    (0x0374, 0x02B9),
    (0x0390, 0x03B9),
    (0x03AC, 0x03B1),
    (0x03AD, 0x03B5),
    (0x03AE, 0x03B7),
    (0x03AF, 0x03B9),
    (0x03B0, 0x03C5),
    (0x03CA, 0x03B9),
    (0x03CB, 0x03C5),
    (0x03CC, 0x03BF),
    (0x03CD, 0x03C5),
    (0x03CE, 0x03C9),
    (0x03D3, 0x03D2),
    (0x03D4, 0x03D2),
    (0x0439, 0x0438),
    (0x0450, 0x0435),
    (0x0451, 0x0435),
    (0x0453, 0x0433),
    (0x0457, 0x0456),
    (0x045C, 0x043A),
    (0x045D, 0x0438),
    (0x045E, 0x0443),
    (0x0477, 0x0475),
    (0x04C2, 0x0436),
    (0x04D1, 0x0430),
    (0x04D3, 0x0430),
    (0x04D7, 0x0435),
    (0x04DB, 0x04D9),
    (0x04DD, 0x0436),
    (0x04DF, 0x0437),
    (0x04E3, 0x0438),
    (0x04E5, 0x0438),
    (0x04E7, 0x043E),
    (0x04EB, 0x04E9),
    (0x04ED, 0x044D),
    (0x04EF, 0x0443),
    (0x04F1, 0x0443),
    (0x04F3, 0x0443),
    (0x04F5, 0x0447),
    (0x04F9, 0x044B),
    (0x1E01, 0x0061),
    (0x1E03, 0x0062),
    (0x1E05, 0x0062),
    (0x1E07, 0x0062),
    (0x1E09, 0x0063),
    (0x1E0B, 0x0064),
    (0x1E0D, 0x0064),
    (0x1E0F, 0x0064),
    (0x1E11, 0x0064),
    (0x1E13, 0x0064),
    (0x1E15, 0x0065),
    (0x1E17, 0x0065),
    (0x1E19, 0x0065),
    (0x1E1B, 0x0065),
    (0x1E1D, 0x0065),
    (0x1E1F, 0x0066),
    (0x1E21, 0x0067),
    (0x1E23, 0x0068),
    (0x1E25, 0x0068),
    (0x1E27, 0x0068),
    (0x1E29, 0x0068),
    (0x1E2B, 0x0068),
    (0x1E2D, 0x0069),
    (0x1E2F, 0x0069),
    (0x1E31, 0x006B),
    (0x1E33, 0x006B),
    (0x1E35, 0x006B),
    (0x1E37, 0x006C),
    (0x1E39, 0x006C),
    (0x1E3B, 0x006C),
    (0x1E3D, 0x006C),
    (0x1E3F, 0x006D),
    (0x1E41, 0x006D),
    (0x1E43, 0x006D),
    (0x1E45, 0x006E),
    (0x1E47, 0x006E),
    (0x1E49, 0x006E),
    (0x1E4B, 0x006E),
    (0x1E4D, 0x006F),
    (0x1E4F, 0x006F),
    (0x1E51, 0x006F),
    (0x1E53, 0x006F),
    (0x1E55, 0x0070),
    (0x1E57, 0x0070),
    (0x1E59, 0x0072),
    (0x1E5B, 0x0072),
    (0x1E5D, 0x0072),
    (0x1E5F, 0x0072),
    (0x1E61, 0x0073),
    (0x1E63, 0x0073),
    (0x1E65, 0x0073),
    (0x1E67, 0x0073),
    (0x1E69, 0x0073),
    (0x1E6B, 0x0074),
    (0x1E6D, 0x0074),
    (0x1E6F, 0x0074),
    (0x1E71, 0x0074),
    (0x1E73, 0x0075),
    (0x1E75, 0x0075),
    (0x1E77, 0x0075),
    (0x1E79, 0x0075),
    (0x1E7B, 0x0075),
    (0x1E7D, 0x0076),
    (0x1E7F, 0x0076),
    (0x1E81, 0x0077),
    (0x1E83, 0x0077),
    (0x1E85, 0x0077),
    (0x1E87, 0x0077),
    (0x1E89, 0x0077),
    (0x1E8B, 0x0078),
    (0x1E8D, 0x0078),
    (0x1E8F, 0x0079),
    (0x1E91, 0x007A),
    (0x1E93, 0x007A),
    (0x1E95, 0x007A),
    (0x1E96, 0x0068),
    (0x1E97, 0x0074),
    (0x1E98, 0x0077),
    (0x1E99, 0x0079),
    (0x1E9B, 0x017F),
    (0x1EA1, 0x0061),
    (0x1EA3, 0x0061),
    (0x1EA5, 0x0061),
    (0x1EA7, 0x0061),
    (0x1EA9, 0x0061),
    (0x1EAB, 0x0061),
    (0x1EAD, 0x0061),
    (0x1EAF, 0x0061),
    (0x1EB1, 0x0061),
    (0x1EB3, 0x0061),
    (0x1EB5, 0x0061),
    (0x1EB7, 0x0061),
    (0x1EB9, 0x0065),
    (0x1EBB, 0x0065),
    (0x1EBD, 0x0065),
    (0x1EBF, 0x0065),
    (0x1EC1, 0x0065),
    (0x1EC3, 0x0065),
    (0x1EC5, 0x0065),
    (0x1EC7, 0x0065),
    (0x1EC9, 0x0069),
    (0x1ECB, 0x0069),
    (0x1ECD, 0x006F),
    (0x1ECF, 0x006F),
    (0x1ED1, 0x006F),
    (0x1ED3, 0x006F),
    (0x1ED5, 0x006F),
    (0x1ED7, 0x006F),
    (0x1ED9, 0x006F),
    (0x1EDB, 0x006F),
    (0x1EDD, 0x006F),
    (0x1EDF, 0x006F),
    (0x1EE1, 0x006F),
    (0x1EE3, 0x006F),
    (0x1EE5, 0x0075),
    (0x1EE7, 0x0075),
    (0x1EE9, 0x0075),
    (0x1EEB, 0x0075),
    (0x1EED, 0x0075),
    (0x1EEF, 0x0075),
    (0x1EF1, 0x0075),
    (0x1EF3, 0x0079),
    (0x1EF5, 0x0079),
    (0x1EF7, 0x0079),
    (0x1EF9, 0x0079),
    (0x1F00, 0x03B1),
    (0x1F01, 0x03B1),
    (0x1F02, 0x03B1),
    (0x1F03, 0x03B1),
    (0x1F04, 0x03B1),
    (0x1F05, 0x03B1),
    (0x1F06, 0x03B1),
    (0x1F07, 0x03B1),
    (0x1F10, 0x03B5),
    (0x1F11, 0x03B5),
    (0x1F12, 0x03B5),
    (0x1F13, 0x03B5),
    (0x1F14, 0x03B5),
    (0x1F15, 0x03B5),
    (0x1F20, 0x03B7),
    (0x1F21, 0x03B7),
    (0x1F22, 0x03B7),
    (0x1F23, 0x03B7),
    (0x1F24, 0x03B7),
    (0x1F25, 0x03B7),
    (0x1F26, 0x03B7),
    (0x1F27, 0x03B7),
    (0x1F30, 0x03B9),
    (0x1F31, 0x03B9),
    (0x1F32, 0x03B9),
    (0x1F33, 0x03B9),
    (0x1F34, 0x03B9),
    (0x1F35, 0x03B9),
    (0x1F36, 0x03B9),
    (0x1F37, 0x03B9),
    (0x1F40, 0x03BF),
    (0x1F41, 0x03BF),
    (0x1F42, 0x03BF),
    (0x1F43, 0x03BF),
    (0x1F44, 0x03BF),
    (0x1F45, 0x03BF),
    (0x1F50, 0x03C5),
    (0x1F51, 0x03C5),
    (0x1F52, 0x03C5),
    (0x1F53, 0x03C5),
    (0x1F54, 0x03C5),
    (0x1F55, 0x03C5),
    (0x1F56, 0x03C5),
    (0x1F57, 0x03C5),
    (0x1F60, 0x03C9),
    (0x1F61, 0x03C9),
    (0x1F62, 0x03C9),
    (0x1F63, 0x03C9),
    (0x1F64, 0x03C9),
    (0x1F65, 0x03C9),
    (0x1F66, 0x03C9),
    (0x1F67, 0x03C9),
    (0x1F70, 0x03B1),
    (0x1F71, 0x03B1),
    (0x1F72, 0x03B5),
    (0x1F73, 0x03B5),
    (0x1F74, 0x03B7),
    (0x1F75, 0x03B7),
    (0x1F76, 0x03B9),
    (0x1F77, 0x03B9),
    (0x1F78, 0x03BF),
    (0x1F79, 0x03BF),
    (0x1F7A, 0x03C5),
    (0x1F7B, 0x03C5),
    (0x1F7C, 0x03C9),
    (0x1F7D, 0x03C9),
    (0x1F80, 0x03B1),
    (0x1F81, 0x03B1),
    (0x1F82, 0x03B1),
    (0x1F83, 0x03B1),
    (0x1F84, 0x03B1),
    (0x1F85, 0x03B1),
    (0x1F86, 0x03B1),
    (0x1F87, 0x03B1),
    (0x1F90, 0x03B7),
    (0x1F91, 0x03B7),
    (0x1F92, 0x03B7),
    (0x1F93, 0x03B7),
    (0x1F94, 0x03B7),
    (0x1F95, 0x03B7),
    (0x1F96, 0x03B7),
    (0x1F97, 0x03B7),
    (0x1FA0, 0x03C9),
    (0x1FA1, 0x03C9),
    (0x1FA2, 0x03C9),
    (0x1FA3, 0x03C9),
    (0x1FA4, 0x03C9),
    (0x1FA5, 0x03C9),
    (0x1FA6, 0x03C9),
    (0x1FA7, 0x03C9),
    (0x1FB0, 0x03B1),
    (0x1FB1, 0x03B1),
    (0x1FB2, 0x03B1),
    (0x1FB3, 0x03B1),
    (0x1FB4, 0x03B1),
    (0x1FB6, 0x03B1),
    (0x1FB7, 0x03B1),
    (0x1FBE, 0x03B9),
    (0x1FC2, 0x03B7),
    (0x1FC3, 0x03B7),
    (0x1FC4, 0x03B7),
    (0x1FC6, 0x03B7),
    (0x1FC7, 0x03B7),
    (0x1FD0, 0x03B9),
    (0x1FD1, 0x03B9),
    (0x1FD2, 0x03B9),
    (0x1FD3, 0x03B9),
    (0x1FD6, 0x03B9),
    (0x1FD7, 0x03B9),
    (0x1FE0, 0x03C5),
    (0x1FE1, 0x03C5),
    (0x1FE2, 0x03C5),
    (0x1FE3, 0x03C5),
    (0x1FE4, 0x03C1),
    (0x1FE5, 0x03C1),
    (0x1FE6, 0x03C5),
    (0x1FE7, 0x03C5),
    (0x1FF2, 0x03C9),
    (0x1FF3, 0x03C9),
    (0x1FF4, 0x03C9),
    (0x1FF6, 0x03C9),
    (0x1FF7, 0x03C9),
];

/// Non-ASCII punctuation (general category P*) in the BMP, as inclusive ranges; generated with
/// Python's unicodedata (Unicode 14).
const PUNCT: &[(u32, u32)] = &[
    (0x00A1, 0x00A1),
    (0x00A7, 0x00A7),
    (0x00AB, 0x00AB),
    (0x00B6, 0x00B7),
    (0x00BB, 0x00BB),
    (0x00BF, 0x00BF),
    (0x037E, 0x037E),
    (0x0387, 0x0387),
    (0x055A, 0x055F),
    (0x0589, 0x058A),
    (0x05BE, 0x05BE),
    (0x05C0, 0x05C0),
    (0x05C3, 0x05C3),
    (0x05C6, 0x05C6),
    (0x05F3, 0x05F4),
    (0x0609, 0x060A),
    (0x060C, 0x060D),
    (0x061B, 0x061B),
    (0x061D, 0x061F),
    (0x066A, 0x066D),
    (0x06D4, 0x06D4),
    (0x0700, 0x070D),
    (0x07F7, 0x07F9),
    (0x0830, 0x083E),
    (0x085E, 0x085E),
    (0x0964, 0x0965),
    (0x0970, 0x0970),
    (0x09FD, 0x09FD),
    (0x0A76, 0x0A76),
    (0x0AF0, 0x0AF0),
    (0x0C77, 0x0C77),
    (0x0C84, 0x0C84),
    (0x0DF4, 0x0DF4),
    (0x0E4F, 0x0E4F),
    (0x0E5A, 0x0E5B),
    (0x0F04, 0x0F12),
    (0x0F14, 0x0F14),
    (0x0F3A, 0x0F3D),
    (0x0F85, 0x0F85),
    (0x0FD0, 0x0FD4),
    (0x0FD9, 0x0FDA),
    (0x104A, 0x104F),
    (0x10FB, 0x10FB),
    (0x1360, 0x1368),
    (0x1400, 0x1400),
    (0x166E, 0x166E),
    (0x169B, 0x169C),
    (0x16EB, 0x16ED),
    (0x1735, 0x1736),
    (0x17D4, 0x17D6),
    (0x17D8, 0x17DA),
    (0x1800, 0x180A),
    (0x1944, 0x1945),
    (0x1A1E, 0x1A1F),
    (0x1AA0, 0x1AA6),
    (0x1AA8, 0x1AAD),
    (0x1B5A, 0x1B60),
    (0x1B7D, 0x1B7E),
    (0x1BFC, 0x1BFF),
    (0x1C3B, 0x1C3F),
    (0x1C7E, 0x1C7F),
    (0x1CC0, 0x1CC7),
    (0x1CD3, 0x1CD3),
    (0x2010, 0x2027),
    (0x2030, 0x2043),
    (0x2045, 0x2051),
    (0x2053, 0x205E),
    (0x207D, 0x207E),
    (0x208D, 0x208E),
    (0x2308, 0x230B),
    (0x2329, 0x232A),
    (0x2768, 0x2775),
    (0x27C5, 0x27C6),
    (0x27E6, 0x27EF),
    (0x2983, 0x2998),
    (0x29D8, 0x29DB),
    (0x29FC, 0x29FD),
    (0x2CF9, 0x2CFC),
    (0x2CFE, 0x2CFF),
    (0x2D70, 0x2D70),
    (0x2E00, 0x2E2E),
    (0x2E30, 0x2E4F),
    (0x2E52, 0x2E5D),
    (0x3001, 0x3003),
    (0x3008, 0x3011),
    (0x3014, 0x301F),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x30A0, 0x30A0),
    (0x30FB, 0x30FB),
    (0xA4FE, 0xA4FF),
    (0xA60D, 0xA60F),
    (0xA673, 0xA673),
    (0xA67E, 0xA67E),
    (0xA6F2, 0xA6F7),
    (0xA874, 0xA877),
    (0xA8CE, 0xA8CF),
    (0xA8F8, 0xA8FA),
    (0xA8FC, 0xA8FC),
    (0xA92E, 0xA92F),
    (0xA95F, 0xA95F),
    (0xA9C1, 0xA9CD),
    (0xA9DE, 0xA9DF),
    (0xAA5C, 0xAA5F),
    (0xAADE, 0xAADF),
    (0xAAF0, 0xAAF1),
    (0xABEB, 0xABEB),
    (0xFD3E, 0xFD3F),
    (0xFE10, 0xFE19),
    (0xFE30, 0xFE52),
    (0xFE54, 0xFE61),
    (0xFE63, 0xFE63),
    (0xFE68, 0xFE68),
    (0xFE6A, 0xFE6B),
    (0xFF01, 0xFF03),
    (0xFF05, 0xFF0A),
    (0xFF0C, 0xFF0F),
    (0xFF1A, 0xFF1B),
    (0xFF1F, 0xFF20),
    (0xFF3B, 0xFF3D),
    (0xFF3F, 0xFF3F),
    (0xFF5B, 0xFF5B),
    (0xFF5D, 0xFF5D),
    (0xFF5F, 0xFF65),
];

/// Non-ASCII format characters (category Cf) in the BMP, removed like control characters.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<String> {
        StaticVectors::shipped().tokenize(text)
    }

    #[test]
    fn header_and_table() {
        let b = SHIPPED;
        assert_eq!(&b[..8], MAGIC);
        assert_eq!(read_u32(b, 8).unwrap(), VERSION);
        let t = StaticVectors::shipped();
        assert_eq!(read_u32(b, 12).unwrap() as usize, t.len());
        assert_eq!(read_u32(b, 16).unwrap() as usize, t.dim());
        assert_eq!(t.dim(), 128);
        assert!(t.len() > 29_000 && t.len() < 30_522, "{}", t.len());
        assert!(t.piece_id("[UNK]").is_some());
        assert!(t.piece_id("[unused0]").is_none() && t.piece_id("[PAD]").is_none());
        assert!(t.piece_id("the").is_some() && t.piece_id("##ing").is_some());
        assert!(StaticVectors::parse(b"PVSTATIC").is_err());
        assert!(StaticVectors::parse(&SHIPPED[..SHIPPED.len() - 1]).is_err());
    }

    /// Expected pieces checked by hand against the Python `tokenizers` library with
    /// all-MiniLM-L6-v2's tokenizer.json (bert-base-uncased's vocabulary), padding off.
    #[test]
    fn wordpieces_match_bert_base_uncased() {
        let cases: &[(&str, &[&str])] = &[
            ("playing", &["playing"]),
            ("unaffable", &["una", "##ffa", "##ble"]),
            ("tokenization", &["token", "##ization"]),
            ("Zürich's", &["zurich", "'", "s"]),
            ("naïve façade", &["naive", "facade"]),
            ("U.S.-led", &["u", ".", "s", ".", "-", "led"]),
            ("Ångström", &["ang", "##strom"]),
            ("COVID-19", &["co", "##vid", "-", "19"]),
            ("$12.5bn", &["$", "12", ".", "5", "##bn"]),
            ("€30", &["€", "##30"]),
            ("“quoted”", &["“", "quoted", "”"]),
            (
                "Müller-Lüdenscheidt",
                &["muller", "-", "lu", "##den", "##sche", "##id", "##t"],
            ),
            ("e\u{301}cole", &["ecole"]),
            ("soft\u{ad}hyphen", &["soft", "##hy", "##ph", "##en"]),
            ("Москва́", &["м", "##о", "##с", "##к", "##в", "##а"]),
            ("東京都", &["東", "京", "都"]),
            ("zzqxv", &["z", "##z", "##q", "##x", "##v"]),
        ];
        for (text, want) in cases {
            assert_eq!(pieces(text), *want, "{text}");
        }
        assert_eq!(pieces(&"a".repeat(101)), ["[UNK]"]);
        assert!(pieces(" \t\n").is_empty());
    }

    #[test]
    fn similar_words_are_closer() {
        let t = StaticVectors::shipped();
        let w = |s: &str| t.word(s).unwrap();
        let cos = |a: &str, b: &str| cosine(&w(a), &w(b));
        assert!(
            cos("reluctant", "hesitant") > 0.5,
            "{}",
            cos("reluctant", "hesitant")
        );
        assert!(cos("reluctant", "hesitant") > cos("reluctant", "banana") + 0.3);
        assert!(cos("said", "stated") > cos("said", "banana") + 0.3);
        assert!(cos("car", "vehicle") > cos("car", "banana") + 0.3);
        // Not every synonym pair: "offered"/"proposed" is 0.15 and "offered"/"banana" 0.16 in the
        // shipped table (a token's vector taken alone is a weak word sense); a phrase does better.
        assert!(
            cosine(&t.text("offered a deal"), &t.text("proposed a deal"))
                > cosine(&t.text("offered a deal"), &t.text("banana a deal"))
        );
        assert!(t.word("").is_none() && t.word("  ").is_none());
        let norm: f32 = w("offered").iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    #[test]
    fn text_vectors() {
        let t = StaticVectors::shipped();
        let a = t.text("The council approved the budget on Tuesday.");
        let b = t.text("On Tuesday the city council passed the budget.");
        let c = t.text("Bananas are rich in potassium and grow in the tropics.");
        assert_eq!(a.len(), t.dim());
        assert!(cosine(&a, &b) > cosine(&a, &c));
        assert!(t.text("").iter().all(|&x| x == 0.0));
        assert_eq!(cosine(&t.text(""), &a), 0.0);
    }
}
