//! Extraction speed: every page of a directory of `.html` / `.html.gz` files extracted in turn,
//! single-threaded, in-process, for a few passes. Prints pages/s and the process's peak resident
//! memory (VmHWM). Run with `cargo bench --bench extract -- [DIR] [PASSES]`; `scripts/bench-extract.sh`
//! runs it beside trafilatura on the same pages and prints the ratio.
//! Default DIR: ../shared/eval/extraction/pages (the evaluation pages, not in the repository).

#[path = "util/mod.rs"]
mod util;

use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    // `cargo bench` passes "--bench"; skip flags.
    let args: Vec<String> = util::args();
    let dir = args.first().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/extraction/pages")
    });
    let passes: usize = args.get(1).and_then(|p| p.parse().ok()).unwrap_or(3);
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("bench extract: {}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let bytes = match std::fs::read(&p) {
            Ok(b) => b,
            Err(_) => continue,
        };
        let body = if name.ends_with(".gz") {
            let mut out = Vec::new();
            if flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut out)
                .is_err()
            {
                continue;
            }
            out
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            bytes
        } else {
            continue;
        };
        pages.push((name, body));
    }
    if pages.is_empty() {
        eprintln!(
            "bench extract: no .html or .html.gz pages in {}",
            dir.display()
        );
        std::process::exit(2);
    }
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();
    // Warm-up pass (page cache, allocator), not timed.
    let mut words = 0usize;
    for (_, b) in &pages {
        let html = provcheck::extract::decode_html(b, None);
        words += provcheck::extract::extract(&html)
            .text
            .split_whitespace()
            .count();
    }
    let start = Instant::now();
    for _ in 0..passes {
        for (_, b) in &pages {
            let html = provcheck::extract::decode_html(b, None);
            let e = provcheck::extract::extract(&html);
            std::hint::black_box(&e);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let n = pages.len() * passes;
    println!(
        "provcheck extract: {} pages ({:.1} MB), {passes} passes, {:.3} s, {:.1} pages/s, {:.1} MB/s, peak RSS {:.1} MB, {} words/pass",
        pages.len(),
        bytes as f64 / 1e6,
        secs,
        n as f64 / secs,
        (bytes * passes) as f64 / 1e6 / secs,
        util::peak_rss_mb(),
        words
    );
}
