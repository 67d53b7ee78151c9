//! Retrieval: the best-ranked source windows for a statement.

use rustc_hash::FxHashMap as HashMap;

use crate::config::AlignConfig;
use crate::text::Token;

use super::index::{content_terms, SourceIndex};

impl SourceIndex {
    /// Top windows for a bag of terms, best first (BM25).
    pub(super) fn retrieve(&self, tokens: &[Token], k: usize, cfg: &AlignConfig) -> Vec<usize> {
        let n = self.windows.len() as f64;
        let mut scores: HashMap<u32, f64> = HashMap::default();
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
            let list = &self.postings[term as usize];
            let df = list.len() as f64;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(w, tf) in list {
                let tf = tf as f64;
                let len = self.windows[w as usize].len as f64;
                let denom = tf + cfg.bm25_k1 * (1.0 - cfg.bm25_b + cfg.bm25_b * len / self.avg_len);
                *scores.entry(w).or_default() += boost * idf * tf * (cfg.bm25_k1 + 1.0) / denom;
            }
        }
        let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(k)
            .map(|(w, _)| w as usize)
            .collect()
    }
}
