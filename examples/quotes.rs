//! Lists the direct quotations of a text with the speaker attribution finds for each, for
//! inspecting attribution on real prose.
//!
//! `cargo run --release --example quotes < text.txt` prints one line per quote: the speaker
//! (`-` when none; `~` before a carried speaker), the words before the quote and the quote.

use std::io::Read;

use provcheck::text;

fn main() {
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
