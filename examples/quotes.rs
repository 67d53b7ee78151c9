//! Lists the direct quotations of a text with the speaker attribution finds for each, for
//! inspecting attribution on real prose and for `scripts/source_attribution_eval.py`.
//!
//! `cargo run --release --example quotes < text.txt` prints one line per quote: the speaker
//! (`-` when none; `~` before a carried speaker), the words before the quote and the quote.
//!
//! `cargo run --release --example quotes -- --json FILE...` reads each file as `verify --source`
//! reads a source (HTML is extracted) and prints one JSON line per quotation of at least
//! `align.quote_min_words` words: `{"file", "start", "text", "speaker"}` (`start`: byte offset of
//! the quotation in the extracted text; `speaker`: null when attribution finds none).
//! `--text FILE` prints the extracted text itself.

use std::io::Read;
use std::path::Path;

use provcheck::config::Config;
use provcheck::{input, text};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--json") => args[1..].iter().for_each(|f| json_lines(f)),
        Some("--text") => args[1..].iter().for_each(|f| print!("{}", load(f))),
        _ => plain(),
    }
}

fn load(file: &str) -> String {
    match input::load(Path::new(file), 10 << 20) {
        Ok(doc) => doc.text,
        Err(e) => {
            eprintln!("quotes: {e}");
            std::process::exit(1);
        }
    }
}

fn json_lines(file: &str) {
    let s = load(file);
    for q in text::quotes(&s, Config::default().align.quote_min_words) {
        let row = serde_json::json!({
            "file": file,
            "start": q.span.start,
            "text": q.text(&s),
            "speaker": q.speaker.as_ref().map(|sp| sp.name.clone()),
        });
        println!("{row}");
    }
}

fn plain() {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .expect("stdin is UTF-8 text");
    for q in text::quotes(&s, 4) {
        let who = q.speaker.as_ref().map_or("-".to_string(), |sp| {
            format!("{}{}", if sp.carried { "~" } else { "" }, sp.name)
        });
        let mut from = q.outer.start.saturating_sub(80);
        while !s.is_char_boundary(from) {
            from -= 1;
        }
        let before = s[from..q.outer.start].replace('\n', "¶");
        let mut until = (q.outer.end + 40).min(s.len());
        while !s.is_char_boundary(until) {
            until += 1;
        }
        let after = s[q.outer.end..until].replace('\n', "¶");
        let quote: String = q.text(&s).chars().take(70).collect();
        println!("{who}\t…{before}[{quote}]{after}");
    }
}
