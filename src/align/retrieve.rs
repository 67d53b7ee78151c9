//! Retrieval: the best-ranked source windows for a statement.

use rustc_hash::FxHashMap as HashMap;

use crate::config::AlignConfig;
use crate::text::Token;

use super::index::{content_terms, SourceIndex};

impl SourceIndex {
    /// Top windows for a bag of terms, best first (BM25).
    pub(super) fn retrieve(&self, tokens: &[Token], k: usize, cfg: &AlignConfig) -> Vec<usize> {
        let n = self.windows.len() as f64;
        // Scores by window; `None` for windows no term reached.
        let mut scores: Vec<Option<f64>> = vec![None; self.windows.len()];
        let (stems, pairs) = content_terms(tokens);
        // Known terms, each once, with its weight: pairs of words count half.
        let mut unique: HashMap<u32, f64> = HashMap::default();
        for stem in &stems {
            if let Some(&id) = self.stem_ids.get(*stem) {
                unique.insert(id, 1.0);
            }
        }
        for (a, b) in &pairs {
            if let (Some(&a), Some(&b)) = (self.stem_ids.get(*a), self.stem_ids.get(*b)) {
                if let Some(&id) = self.pair_ids.get(&(a, b)) {
                    unique.insert(id, 0.5);
                }
            }
        }
        let mut unique: Vec<(u32, f64)> = unique.into_iter().collect();
        // A fixed order keeps the floating-point sums, and so the ranking, deterministic.
        unique.sort_by_key(|u| u.0);
        for (term, boost) in unique {
            let list = self.postings.of(term);
            let df = list.len() as f64;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(w, tf) in list {
                let tf = tf as f64;
                let len = self.windows[w as usize].len as f64;
                let denom = tf + cfg.bm25_k1 * (1.0 - cfg.bm25_b + cfg.bm25_b * len / self.avg_len);
                *scores[w as usize].get_or_insert(0.0) +=
                    boost * idf * tf * (cfg.bm25_k1 + 1.0) / denom;
            }
        }
        let mut ranked: Vec<(usize, f64)> = Vec::with_capacity(scores.len());
        ranked.extend((scores.into_iter().enumerate()).filter_map(|(w, s)| s.map(|s| (w, s))));
        top_k(ranked, k)
    }
}

/// The `k` best of scored items, best first; ties go to the lower index. Only the best `k` are
/// sorted.
pub(super) fn top_k<T>(mut scored: Vec<(usize, T)>, k: usize) -> Vec<usize>
where
    T: Copy + Into<f64>,
{
    let order = |a: &(usize, T), b: &(usize, T)| {
        let (x, y): (f64, f64) = (a.1.into(), b.1.into());
        y.total_cmp(&x).then(a.0.cmp(&b.0))
    };
    if k == 0 {
        return Vec::new();
    }
    if scored.len() > k {
        scored.select_nth_unstable_by(k - 1, order);
        scored.truncate(k);
    }
    scored.sort_by(order);
    scored.into_iter().map(|(w, _)| w).collect()
}
