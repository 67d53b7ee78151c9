//! Sentence embeddings (feature `semantic`): all-MiniLM-L6-v2 on the CPU, with candle.
//!
//! An [`Embedder`] holds the BERT model and its WordPiece tokenizer, loaded from a directory
//! with `model.safetensors`, `tokenizer.json` and `config.json` (`scripts/fetch-minilm.sh`
//! fetches them; they are never committed, and nothing is downloaded at build or run time).
//! [`Embedder::embed`] does what sentence-transformers does for this model: at most 256 tokens
//! per text, a BERT forward pass over padded batches with an attention mask, the mean of the
//! token vectors under the mask, and L2 normalisation, so the [`cosine`] of two embeddings is
//! their dot product.
//!
//! A high cosine says two texts are about the same thing, not that they agree: a contradiction
//! ("rose" for "fell") scores about as high as a paraphrase. It can only ever be a support
//! signal beside the alignment engine ([`crate::align`]), never a verdict on its own.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use tokenizers::{Tokenizer, TruncationParams};

/// The files an [`Embedder`] loads from its directory.
pub const FILES: [&str; 3] = ["model.safetensors", "tokenizer.json", "config.json"];

/// The length of an embedding of all-MiniLM-L6-v2.
pub const DIM: usize = 384;

/// Tokens per text (with `[CLS]` and `[SEP]`) beyond which it is truncated, as in
/// sentence-transformers' `max_seq_length` for this model.
pub const MAX_TOKENS: usize = 256;

/// Texts per forward pass: bounds the memory of the attention scores (batch × 12 heads × len²).
const BATCH: usize = 32;

/// The model directory's path under the repository, as `scripts/fetch-minilm.sh` fills it.
const REL_DIR: &str = "models/all-MiniLM-L6-v2";

/// A sentence embedder: BERT weights and tokenizer, on the CPU.
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
}

impl Embedder {
    /// Loads the model from `dir` (see [`FILES`]). Fails with one line naming the directory and
    /// the file that is missing or unreadable.
    pub fn load(dir: &Path) -> anyhow::Result<Embedder> {
        for f in FILES {
            if !dir.join(f).is_file() {
                bail!(
                    "no {f} in model directory {} (run scripts/fetch-minilm.sh)",
                    dir.display()
                );
            }
        }
        let path = |f: &str| dir.join(f);
        let config: Config = serde_json::from_str(
            &std::fs::read_to_string(path("config.json"))
                .with_context(|| format!("reading {}", path("config.json").display()))?,
        )
        .with_context(|| format!("parsing {}", path("config.json").display()))?;

        let mut tokenizer = Tokenizer::from_file(path("tokenizer.json"))
            .map_err(|e| anyhow!("loading {}: {e}", path("tokenizer.json").display()))?;
        // tokenizer.json pads and truncates to 128; padding is done per batch in `embed`.
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| anyhow!("tokenizer truncation: {e}"))?;
        tokenizer.with_padding(None);

        let device = Device::Cpu;
        let weights = std::fs::read(path("model.safetensors"))
            .with_context(|| format!("reading {}", path("model.safetensors").display()))?;
        let vb = VarBuilder::from_buffered_safetensors(weights, DTYPE, &device)
            .with_context(|| format!("parsing {}", path("model.safetensors").display()))?;
        let model = BertModel::load(vb, &config)
            .with_context(|| format!("loading BERT from {}", dir.display()))?;
        Ok(Embedder {
            model,
            tokenizer,
            device,
        })
    }

    /// One unit-length embedding of [`DIM`] numbers per text, in order. Texts are embedded in
    /// batches of similar token length, so the result does not depend on how they are batched
    /// (up to float rounding).
    pub fn embed(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
        let mut ids: Vec<Vec<u32>> = Vec::with_capacity(texts.len());
        for t in texts {
            let enc = self
                .tokenizer
                .encode(*t, true)
                .map_err(|e| anyhow!("tokenizing: {e}"))?;
            ids.push(enc.get_ids().to_vec());
        }
        // Shortest first, so that each batch pads little.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let rows: Vec<&[u32]> = chunk.iter().map(|&i| ids[i].as_slice()).collect();
            for (&i, e) in chunk.iter().zip(self.embed_batch(&rows)?) {
                out[i] = e;
            }
        }
        Ok(out)
    }

    /// The forward pass over one batch of token ids, padded on the right to the longest.
    fn embed_batch(&self, rows: &[&[u32]]) -> anyhow::Result<Vec<Vec<f32>>> {
        let (n, len) = (rows.len(), rows.iter().map(|r| r.len()).max().unwrap_or(0));
        let mut ids = vec![0u32; n * len];
        let mut mask = vec![0u32; n * len];
        for (k, r) in rows.iter().enumerate() {
            ids[k * len..k * len + r.len()].copy_from_slice(r);
            mask[k * len..k * len + r.len()].fill(1);
        }
        let ids = Tensor::from_vec(ids, (n, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (n, len), &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?; // (n, len, DIM)
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (n, len, 1)
        let sum = hidden.broadcast_mul(&mask)?.sum(1)?; // (n, DIM)
        let mean = sum.broadcast_div(&mask.sum(1)?)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        Ok(mean.broadcast_div(&norm)?.to_vec2::<f32>()?)
    }
}

/// The cosine similarity of two vectors; 0 when either is all zeros.
pub use crate::embed::cosine;

/// Where the model is expected: `$PROVCHECK_MODEL_DIR` when set (whether or not it exists),
/// else `models/all-MiniLM-L6-v2` under the current directory or under the crate's source
/// directory, whichever exists first; `None` when neither does.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PROVCHECK_MODEL_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    [
        PathBuf::from(REL_DIR),
        Path::new(env!("CARGO_MANIFEST_DIR")).join(REL_DIR),
    ]
    .into_iter()
    .find(|d| d.is_dir())
}

/// An [`Embedder`] as the alignment engine's [`Similarity`](crate::align::Similarity), with the
/// embeddings of texts already seen kept (a source sentence is compared with many claims).
pub struct CachedSimilarity {
    embedder: Embedder,
    cache: std::sync::Mutex<rustc_hash::FxHashMap<String, std::sync::Arc<Vec<f32>>>>,
}

impl CachedSimilarity {
    /// Wraps an embedder.
    pub fn new(embedder: Embedder) -> CachedSimilarity {
        CachedSimilarity {
            embedder,
            cache: std::sync::Mutex::new(rustc_hash::FxHashMap::default()),
        }
    }

    fn embedding(&self, text: &str) -> Option<std::sync::Arc<Vec<f32>>> {
        const MAX_ENTRIES: usize = 1 << 14;
        if let Some(e) = self.cache.lock().ok()?.get(text) {
            return Some(e.clone());
        }
        let e = std::sync::Arc::new(self.embedder.embed(&[text]).ok()?.pop()?);
        let mut cache = self.cache.lock().ok()?;
        if cache.len() >= MAX_ENTRIES {
            cache.clear();
        }
        cache.insert(text.to_string(), e.clone());
        Some(e)
    }
}

impl crate::align::Similarity for CachedSimilarity {
    fn similarity(&self, a: &str, b: &str) -> Option<f64> {
        Some(f64::from(cosine(&self.embedding(a)?, &self.embedding(b)?)))
    }
}

/// The process's similarity for `cfg`, loaded once (by the first caller's `model_dir`; later
/// calls share it whatever their configuration says): `None` when the `[align.semantic]` models
/// give it no weight or the model cannot be loaded (then claims are judged on the lexical signals alone,
/// and [`status`] says why).
pub fn shared(cfg: &crate::config::SemanticModel) -> Option<&'static CachedSimilarity> {
    if !cfg.enabled() {
        return None;
    }
    SHARED
        .get_or_init(|| {
            let dir = if cfg.model_dir.is_empty() {
                default_dir().ok_or_else(|| {
                    format!("no model directory ({REL_DIR} or $PROVCHECK_MODEL_DIR); run scripts/fetch-minilm.sh")
                })?
            } else {
                PathBuf::from(&cfg.model_dir)
            };
            Embedder::load(&dir)
                .map(CachedSimilarity::new)
                .map_err(|e| format!("{e:#}"))
        })
        .as_ref()
        .ok()
}

/// Whether the shared model loaded, and if not, why (after [`shared`] was called).
pub fn status() -> Option<Result<(), String>> {
    SHARED
        .get()
        .map(|r| r.as_ref().map(|_| ()).map_err(Clone::clone))
}

static SHARED: std::sync::OnceLock<Result<CachedSimilarity, String>> = std::sync::OnceLock::new();
