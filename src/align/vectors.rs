//! Meaning, from the static token vectors shipped in the binary (`crate::embed`): a vector per
//! source sentence for dense retrieval, and soft word alignment (each claim word to its most
//! similar passage word, BERTScore-style) that sees "broker" ≈ "facilitate".

use std::ops::Range;

use crate::embed::{cosine, StaticVectors};
use crate::text::Token;

use super::index::SourceIndex;

fn unit(mut v: Vec<f32>) -> Vec<f32> {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    v
}

/// Soft alignment of a claim to a passage: for each side, the weighted mean over its content
/// words of the best cosine to a word of the other side (an identical stem counts 1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct SoftAlignment {
    /// How well the passage covers the claim's words.
    pub precision: f64,
    /// How well the claim covers the passage sentence's words.
    pub recall: f64,
}

impl SourceIndex {
    /// Unit vector of a window: the normalized sum of its sentences' vectors.
    pub(super) fn window_vector(&self, window: usize) -> Option<Vec<f32>> {
        let w = &self.windows[window];
        let mut sum = vec![0f32; StaticVectors::shipped().dim()];
        let mut any = false;
        for v in self.sentence_vectors[w.first..w.first + w.count]
            .iter()
            .flatten()
        {
            sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
            any = true;
        }
        any.then(|| unit(sum))
    }

    /// The windows most similar in meaning to a claim vector, best first.
    pub(super) fn dense_retrieve(&self, claim: &[f32], k: usize) -> Vec<usize> {
        let mut scored: Vec<(usize, f32)> = (0..self.windows.len())
            .filter_map(|w| self.window_vector(w).map(|v| (w, cosine(claim, &v))))
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.into_iter().take(k).map(|(w, _)| w).collect()
    }

    /// Soft alignment of a claim's content words with a token range of the source.
    pub(super) fn soft_align(&self, claim: &[Token], range: Range<usize>) -> SoftAlignment {
        let a = self.soft_side(claim);
        let b = self.soft_side(&self.tokens[range]);
        SoftAlignment {
            precision: soft_mean(&a, &b),
            recall: soft_mean(&b, &a),
        }
    }

    /// The content words of a stretch with their vectors and weights.
    fn soft_side<'t>(&self, toks: &'t [Token]) -> Vec<SoftWord<'t>> {
        let vectors = StaticVectors::shipped();
        toks.iter()
            .filter(|t| !t.stop && t.number.is_none())
            .map(|t| SoftWord {
                token: t,
                vector: vectors.word(&t.norm),
                weight: self.weight(t, false),
            })
            .collect()
    }
}

struct SoftWord<'t> {
    token: &'t Token,
    vector: Option<Vec<f32>>,
    weight: f64,
}

/// Weighted mean over `xs` of each word's best similarity to a word of `other`.
fn soft_mean(xs: &[SoftWord<'_>], other: &[SoftWord<'_>]) -> f64 {
    let best = |x: &SoftWord<'_>| {
        other
            .iter()
            .map(|y| {
                if x.token.stem == y.token.stem {
                    1.0
                } else {
                    match (&x.vector, &y.vector) {
                        (Some(u), Some(v)) => f64::from(cosine(u, v)).max(0.0),
                        _ => 0.0,
                    }
                }
            })
            .fold(0.0, f64::max)
    };
    let total: f64 = xs.iter().map(|x| x.weight).sum();
    if total == 0.0 {
        return 0.0;
    }
    xs.iter().map(|x| x.weight * best(x)).sum::<f64>() / total
}
