//! Checks and times src/embed.rs by hand (not run by `cargo test`).
//!
//! `cargo run --release --example embed_tokens < lines.txt` prints the wordpieces of each input line,
//! space-separated, one line per input line (to compare with Python `tokenizers`);
//! `cargo run --release --example embed_tokens -- --bench` times `StaticVectors::text` on a 30-word
//! sentence.

use provcheck::embed::StaticVectors;
use std::io::{BufRead, Write};
use std::time::Instant;

fn main() {
    let start = Instant::now();
    let t = StaticVectors::shipped();
    let parse = start.elapsed();
    if std::env::args().any(|a| a == "--bench") {
        let s = "The city council voted on Tuesday to approve a budget of 12.5 million dollars, \
                 despite objections from residents who said the plan would raise property taxes next year.";
        println!("words: {}", s.split_whitespace().count());
        println!("first call of shipped() (parse): {parse:?}");
        let n = 200_000;
        let start = Instant::now();
        let mut acc = 0f32;
        for _ in 0..n {
            acc += t.text(std::hint::black_box(s))[0];
        }
        let per = start.elapsed() / n;
        println!("text(): {per:?} per call ({acc})");
        return;
    }
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        writeln!(out, "{}", t.tokenize(&line).join(" ")).unwrap();
    }
}
