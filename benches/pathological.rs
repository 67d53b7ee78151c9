//! Linear text passes: 1 MB inputs made of one quotation mark repeated, alternating and nested
//! marks, and one 1 MB "sentence", each through the whole compare stage of `verify` (document
//! built from text, statements found and judged against a short source), as the article and as
//! the source. Issue 15: 1 MB of “ ran for more than 60 s (an unclosed mark was rescanned to the
//! end of its paragraph from every later mark). The budget is 2 s per input on a release build;
//! the bench exits 1 when an input goes over it.
//!
//! Run: `cargo bench --bench pathological`.

use std::time::Instant;

use provcheck::config::Config;
use provcheck::input;
use provcheck::verify::{self, PreparedSource};

const MB: usize = 1_000_000;
const BUDGET_SECS: f64 = 2.0;

/// `unit` repeated to about 1 MB.
fn fill(unit: &str) -> String {
    unit.repeat(MB / unit.len())
}

fn inputs() -> Vec<(&'static str, String)> {
    let half = |open: &str, close: &str| {
        let n = MB / 2 / (open.len() + close.len());
        format!("{}{}", open.repeat(n), close.repeat(n))
    };
    vec![
        ("1 MB of “", fill("\u{201C}")),
        ("1 MB of \"", fill("\"")),
        ("1 MB of ‘", fill("\u{2018}")),
        ("1 MB of ” and ’", fill("\u{201D}\u{2019}")),
        ("alternating “”", fill("\u{201C}\u{201D}")),
        ("alternating “ and \"", fill("\u{201C}\"")),
        (
            "nested “‘ … ’”",
            half("\u{201C}\u{2018}", "\u{2019}\u{201D}"),
        ),
        (
            "nested „« … »“",
            half("\u{201E}\u{00AB}", "\u{00BB}\u{201C}"),
        ),
        ("“ word per line", fill("\u{201C}word\n")),
        ("one 1 MB sentence", fill("word ")),
        (
            "one 1 MB quoted sentence",
            format!("\u{201C}{}\u{201D}", fill("said word ")),
        ),
    ]
}

fn main() {
    let cfg = Config::default();
    let short = "The council approved the budget of 12 million on Tuesday, a spokesperson said.";
    let mut over = 0;
    for (name, text) in inputs() {
        for as_source in [false, true] {
            let started = Instant::now();
            let (a, s) = if as_source {
                (short, text.as_str())
            } else {
                (text.as_str(), short)
            };
            let article =
                input::from_bytes("article.txt", None, a.as_bytes(), None).expect("article builds");
            let source =
                input::from_bytes("source.txt", None, s.as_bytes(), None).expect("source builds");
            let record = verify::file_record("src1", &source);
            let prepared = PreparedSource::new(source, record, &cfg);
            let report = verify::verify(&article, &[prepared], &cfg);
            let secs = started.elapsed().as_secs_f64();
            let role = if as_source { "source " } else { "article" };
            let flag = if secs > BUDGET_SECS {
                over += 1;
                "  OVER BUDGET"
            } else {
                ""
            };
            println!(
                "{name:<26} as {role}: {secs:7.3} s, {} statements{flag}",
                report.statements.len()
            );
        }
    }
    if over > 0 {
        eprintln!("{over} input(s) over the {BUDGET_SECS} s budget");
        std::process::exit(1);
    }
}
