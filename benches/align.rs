//! Comparison speed: article–source pairs per second at news sizes (an article of about 800 words
//! against a source of about 1,500 words), single-threaded and in-process, and a scaling run where
//! the source grows ×1, ×2, ×4, ×8 while the article stays the same.
//!
//! A pair is the whole compare stage of `provcheck verify` after fetching and extraction: both
//! documents built from text, the source indexed, every claim and quote of the article found and
//! judged, the report assembled. Extraction has its own bench (`benches/extract.rs`).
//!
//! The texts are the bundled synthetic fixtures (`fixtures/cases/*`): an article is several fixture
//! articles joined and cut to ~800 words, its source the fixture sources joined to ~1,500 words, so a
//! pair holds real matches, paraphrases and planted edits. The longer sources of the scaling run add
//! filler sentences drawn from the fixtures' own vocabulary with a fixed seed (distinct sentences,
//! so retrieval has real work; nothing repeats verbatim).
//!
//! Run: `cargo bench --bench align -- [SECONDS]` (default 5 s of timing per measurement), or
//! `-- passes N` for N untimed passes over the pairs: run the bench binary under
//! `valgrind --tool=callgrind` with 1 and with 4 passes, and the difference over 3 is the
//! instructions of one pass, a figure that does not drift with the machine's load.

#[path = "util/mod.rs"]
mod util;

/// The allocator of the `provcheck` binary, so the bench measures what `verify` runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use provcheck::config::Config;
use provcheck::input::{self, Document};
use provcheck::verify::{self, PreparedSource};

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The main text of every fixture case's article and source, in directory order.
fn fixture_texts(root: &Path) -> (Vec<String>, Vec<String>) {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("bench align: {}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    let mut articles = Vec::new();
    let mut sources = Vec::new();
    for d in dirs {
        let pick = |stem: &str| {
            ["txt", "md", "html"]
                .iter()
                .map(|ext| d.join(format!("{stem}.{ext}")))
                .find(|p| p.exists())
        };
        let (Some(a), Some(s)) = (pick("article"), pick("source")) else {
            continue;
        };
        let load = |p: &Path| {
            input::load(p, 10 << 20)
                .unwrap_or_else(|e| panic!("bench align: {e}"))
                .text
        };
        articles.push(load(&a));
        sources.push(load(&s));
    }
    assert!(
        !articles.is_empty(),
        "bench align: no fixture cases in {}",
        root.display()
    );
    (articles, sources)
}

/// Joins texts from `start` on (wrapping around) until `target` words, cut at a paragraph end.
fn joined(texts: &[String], start: usize, target: usize) -> String {
    let mut out = String::new();
    for k in 0..texts.len() * 4 {
        for para in texts[(start + k) % texts.len()].split("\n\n") {
            if words(&out) >= target {
                return out;
            }
            out.push_str(para.trim());
            out.push_str("\n\n");
        }
    }
    out
}

/// Deterministic filler: distinct sentences of 12–27 words drawn from `vocab`.
fn filler(vocab: &[&str], words_wanted: usize, seed: u64) -> String {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut out = String::new();
    let mut n = 0;
    while n < words_wanted {
        let len = 12 + next() % 16;
        let mut sentence: Vec<String> = (0..len)
            .map(|_| vocab[next() % vocab.len()].to_string())
            .collect();
        let first = &mut sentence[0];
        *first = first
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(first.chars().skip(1))
            .collect();
        out.push_str(&sentence.join(" "));
        out.push_str(if next() % 5 == 0 { ".\n\n" } else { ". " });
        n += len;
    }
    out
}

fn doc(name: &str, text: &str) -> Document {
    input::from_bytes(name, Some(Path::new(name)), text.as_bytes(), None)
        .unwrap_or_else(|e| panic!("bench align: {e}"))
}

/// One pair through the compare stage; returns the number of statements judged.
fn run_pair(article: &str, source: &str, cfg: &Config) -> usize {
    let a = doc("article.txt", article);
    let s = doc("source.txt", source);
    let record = verify::file_record("s1", &s);
    let prepared = [PreparedSource::new(s, record, cfg)];
    let report = verify::verify(&a, &prepared, cfg);
    std::hint::black_box(&report);
    report.statements.len()
}

/// Runs `f` repeatedly for at least `budget` (after one untimed warm-up call); returns seconds per call.
fn time_per_call(budget: Duration, mut f: impl FnMut()) -> f64 {
    f();
    let start = Instant::now();
    let mut calls = 0u64;
    while calls == 0 || start.elapsed() < budget {
        f();
        calls += 1;
    }
    start.elapsed().as_secs_f64() / calls as f64
}

fn main() {
    let args: Vec<String> = util::args();
    let seconds: f64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let budget = Duration::from_secs_f64(seconds);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases");
    let (articles, sources) = fixture_texts(&root);
    let cfg = Config::default();

    // Pairs at news sizes, one per starting case.
    let pairs: Vec<(String, String)> = (0..articles.len())
        .map(|i| (joined(&articles, i, 800), joined(&sources, i, 1500)))
        .collect();
    // `passes N`: N passes over the pairs, untimed, for counting instructions (callgrind gives
    // the same count every run, where wall-clock rounds on a shared machine do not).
    if args.first().map(String::as_str) == Some("passes") {
        let n: usize = match args.get(1).map(|s| s.parse()) {
            None => 1,
            Some(Ok(n)) => n,
            Some(Err(_)) => {
                eprintln!("bench align: passes {}: not a number of passes", args[1]);
                std::process::exit(2);
            }
        };
        let statements: usize = (0..n)
            .flat_map(|_| &pairs)
            .map(|(a, s)| run_pair(a, s, &cfg))
            .sum();
        println!(
            "provcheck align: {n} passes over {} pairs, {statements} statements",
            pairs.len()
        );
        return;
    }
    let mean = |f: fn(&(String, String)) -> usize| {
        pairs.iter().map(f).sum::<usize>() as f64 / pairs.len() as f64
    };
    let statements: usize = pairs.iter().map(|(a, s)| run_pair(a, s, &cfg)).sum();
    let per_pass = time_per_call(budget, || {
        for (a, s) in &pairs {
            run_pair(a, s, &cfg);
        }
    });
    println!(
        "provcheck align: {} pairs (article {:.0} words, source {:.0} words, {:.1} statements per pair), {:.1} pairs/s single-threaded ({:.2} ms/pair)",
        pairs.len(),
        mean(|p| words(&p.0)),
        mean(|p| words(&p.1)),
        statements as f64 / pairs.len() as f64,
        pairs.len() as f64 / per_pass,
        per_pass / pairs.len() as f64 * 1e3,
    );

    // Scaling: the same article against its source grown with filler.
    let all: String = articles.join(" ") + " " + &sources.join(" ");
    let vocab: Vec<&str> = all
        .split_whitespace()
        .filter(|w| {
            w.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '\'')
        })
        .collect();
    let (article, base) = &pairs[0];
    let base_words = words(base);
    let mut first = None;
    for factor in [1usize, 2, 4, 8] {
        let mut source = base.clone();
        if factor > 1 {
            source.push_str("\n\n");
            source.push_str(&filler(&vocab, base_words * (factor - 1), factor as u64));
        }
        let secs = time_per_call(budget / 2, || {
            run_pair(article, &source, &cfg);
        });
        let ratio = secs / *first.get_or_insert(secs);
        println!(
            "provcheck align scaling: source x{factor} ({} words): {:.2} ms/pair, {ratio:.2}x the time of x1",
            words(&source),
            secs * 1e3,
        );
    }
    println!("peak RSS {:.1} MB", util::peak_rss_mb());
}
