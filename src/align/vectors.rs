//! Meaning, from the static token vectors shipped in the binary (`crate::embed`): a vector per
//! source window for dense retrieval, and soft word alignment (each claim word to its most
//! similar passage word, BERTScore-style) that sees "broker" ≈ "facilitate". Every vector is
//! computed once: the source's words and windows when it is indexed, a claim's words when it is
//! aligned.

use std::borrow::Cow;
use std::ops::Range;

use std::sync::OnceLock;

use crate::embed::{dot, StaticVectors};
use crate::text::Token;

use super::index::{SourceIndex, Window};

/// Unit-length vectors of a text's distinct words and windows.
#[derive(Debug, Default)]
pub(super) struct SourceVectors {
    /// Vector of each distinct word (by the index's word id), computed when first compared:
    /// soft alignment reads only the words of the passages claims align with.
    rows: Vec<OnceLock<Option<Box<[f32]>>>>,
    /// Unit vector of each window.
    windows: Flat,
    /// Unit vector of each sentence.
    sentences: Flat,
    /// The wordpieces of the text's words, split once; a claim compared with the text takes the
    /// pieces of the words it shares with it from here.
    pieces: crate::embed::PieceCache,
}

/// Vectors of one dimension in one allocation, each present or not.
#[derive(Debug, Default)]
struct Flat {
    dim: usize,
    values: Vec<f32>,
    present: Vec<bool>,
}

impl Flat {
    fn new(dim: usize) -> Flat {
        Flat {
            dim,
            ..Flat::default()
        }
    }

    fn push(&mut self, v: Option<&[f32]>) {
        match v {
            Some(v) => self.values.extend_from_slice(&v[..self.dim]),
            None => self.values.resize(self.values.len() + self.dim, 0.0),
        }
        self.present.push(v.is_some());
    }

    fn get(&self, i: usize) -> Option<&[f32]> {
        self.present[i].then(|| &self.values[i * self.dim..(i + 1) * self.dim])
    }
}

impl SourceVectors {
    /// Unit vector of a sentence.
    pub fn sentence(&self, i: usize) -> Option<&[f32]> {
        self.sentences.get(i)
    }
}

impl SourceVectors {
    /// The vectors of a text's tokens, sentences and windows.
    pub fn new(
        text: &str,
        tokens: &[Token],
        words: usize,
        sentences: &[Range<usize>],
        windows: &[Window],
    ) -> Self {
        let vectors = StaticVectors::shipped();
        let mut cache = crate::embed::PieceCache::default();
        let rows = (0..words).map(|_| OnceLock::new()).collect();
        let mut sentence_vectors = Flat::new(vectors.dim());
        for r in sentences {
            let span = tokens[r.start].span.start..tokens[r.end - 1].span.end;
            let v = vectors.text_cached(&text[span], &mut cache);
            sentence_vectors.push(v.iter().any(|x| *x != 0.0).then_some(&v[..]));
        }
        let mut window_vectors = Flat::new(vectors.dim());
        let mut sum = vec![0f32; vectors.dim()];
        for w in windows {
            sum.iter_mut().for_each(|s| *s = 0.0);
            let mut any = false;
            for v in (w.first..w.first + w.count).filter_map(|i| sentence_vectors.get(i)) {
                sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
                any = true;
            }
            if any {
                unit(&mut sum);
            }
            window_vectors.push(any.then_some(&sum[..]));
        }
        SourceVectors {
            rows,
            windows: window_vectors,
            sentences: sentence_vectors,
            pieces: cache,
        }
    }
}

/// Whether a token carries meaning of its own to align (a content word, not a number).
fn is_meaningful(t: &Token) -> bool {
    !t.stop && t.number.is_none()
}

fn unit(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Soft alignment of a claim to a passage: for each side, the weighted mean over its content
/// words of the best cosine to a word of the other side (an identical stem counts 1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct SoftAlignment {
    /// How well the passage covers the claim's words.
    pub precision: f64,
    /// How well the claim covers the passage's words.
    pub recall: f64,
}

/// One side of a soft alignment: a word's stem, its vector and its weight.
struct SoftWord<'t> {
    /// Its stem's id in the source (`None`: a stem the source lacks).
    stem: Option<u32>,
    vector: Option<&'t [f32]>,
    weight: f64,
}

impl SourceIndex {
    /// The unit vector of a word of the source, by word id (`None` where it has none).
    fn row(&self, id: u32, norm: &str) -> Option<&[f32]> {
        self.vectors.rows[id as usize]
            .get_or_init(|| {
                StaticVectors::shipped()
                    .word_with(norm, &self.vectors.pieces)
                    .map(Vec::into_boxed_slice)
            })
            .as_deref()
    }

    /// The unit vector of a source token (`None` for function words, numbers and words
    /// without one).
    fn token_vector(&self, k: usize) -> Option<&[f32]> {
        let t = &self.tokens[k];
        is_meaningful(t).then(|| self.row(self.norm_of[k], &t.norm))?
    }

    /// The unit vectors of a claim's words (`None` where the word has none or is not
    /// aligned); words the source has share its vectors.
    pub(super) fn word_vectors(&self, tokens: &[Token]) -> Vec<Option<Cow<'_, [f32]>>> {
        tokens
            .iter()
            .map(|t| {
                if !is_meaningful(t) {
                    return None;
                }
                match self.norm_ids.get(t.norm.as_str()) {
                    Some(&id) => self.row(id, &t.norm).map(Cow::Borrowed),
                    None => StaticVectors::shipped()
                        .word_with(&t.norm, &self.vectors.pieces)
                        .map(Cow::Owned),
                }
            })
            .collect()
    }

    /// The static vector of a claim's text ([`StaticVectors::text`]).
    pub(super) fn text_vector(&self, text: &str) -> Vec<f32> {
        StaticVectors::shipped().text_with(text, &self.vectors.pieces)
    }

    /// Unit vector of a window.
    pub(super) fn window_vector(&self, window: usize) -> Option<&[f32]> {
        self.vectors.windows.get(window)
    }

    /// The windows most similar in meaning to a claim vector, best first.
    pub(super) fn dense_retrieve(&self, claim: &[f32], k: usize) -> Vec<usize> {
        if k == 0 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, f32)> = Vec::with_capacity(self.windows.len());
        scored.extend(
            (0..self.windows.len())
                .filter_map(|w| self.window_vector(w).map(|v| (w, dot(claim, v)))),
        );
        super::retrieve::top_k(scored, k)
    }

    /// Soft alignment of a claim (its tokens and their [`word_vectors`]) with its passage:
    /// precision against the window's words, recall of the best sentence's words (a part of
    /// the window), from one table of word similarities.
    pub(super) fn soft_align(
        &self,
        claim: &[Token],
        claim_vectors: &[Option<Cow<'_, [f32]>>],
        window: Range<usize>,
        sentence: Range<usize>,
    ) -> SoftAlignment {
        let a: Vec<SoftWord<'_>> = claim
            .iter()
            .zip(claim_vectors)
            .filter(|(t, _)| is_meaningful(t))
            .map(|(t, v)| SoftWord {
                stem: self.any_stem_ids.get(t.stem.as_str()).copied(),
                vector: v.as_deref(),
                weight: self.weight(t, false),
            })
            .collect();
        let positions: Vec<usize> = window.filter(|&k| is_meaningful(&self.tokens[k])).collect();
        let b: Vec<SoftWord<'_>> = positions
            .iter()
            .map(|&k| SoftWord {
                stem: Some(self.stem_of[k]),
                vector: self.token_vector(k),
                weight: self.weight(&self.tokens[k], false),
            })
            .collect();
        // sim[i * b.len() + j]: claim word i against window word j.
        let mut sim: Vec<f64> = Vec::with_capacity(a.len() * b.len());
        for x in &a {
            sim.extend(b.iter().map(|y| similarity(x, y)));
        }
        let row = |i: usize| &sim[i * b.len()..(i + 1) * b.len()];
        let weighted_mean = |pairs: &mut dyn Iterator<Item = (f64, f64)>| {
            let (mut total, mut sum) = (0.0, 0.0);
            for (w, v) in pairs {
                total += w;
                sum += w * v;
            }
            if total == 0.0 {
                0.0
            } else {
                sum / total
            }
        };
        let precision = weighted_mean(
            &mut a
                .iter()
                .enumerate()
                .map(|(i, x)| (x.weight, row(i).iter().copied().fold(0.0, f64::max))),
        );
        let recall = weighted_mean(
            &mut b
                .iter()
                .enumerate()
                .filter(|(j, _)| sentence.contains(&positions[*j]))
                .map(|(j, y)| {
                    let best = (0..a.len()).map(|i| row(i)[j]).fold(0.0, f64::max);
                    (y.weight, best)
                }),
        );
        SoftAlignment { precision, recall }
    }
}

/// How alike two words are: 1 for the same stem, else the cosine of their vectors (at least 0).
fn similarity(x: &SoftWord<'_>, y: &SoftWord<'_>) -> f64 {
    if x.stem.is_some() && x.stem == y.stem {
        return 1.0;
    }
    match (x.vector, y.vector) {
        (Some(u), Some(v)) => f64::from(dot(u, v)).max(0.0),
        _ => 0.0,
    }
}
