//! What each extraction rule is worth, measured on both halves of the dev pages (issue 15): a
//! rule counts only if it raises F1 on both halves (pages split by the parity of their id),
//! measured separately. For every rule of `src/extract.rs`, and every boilerplate class word, the
//! pages are extracted with that one rule off and the F1 change on each half is printed; a rule
//! whose removal does not lower F1 on both halves is a candidate for removal.
//!
//! F1 is the benchmark's metric (as `score_extract.py`): `\w+` tokens, 4-token shingle multisets
//! per page, precision and recall averaged over pages, F1 their harmonic mean. The pages are read
//! where they lie (`../shared/eval` by default); nothing is copied.
//!
//! Run: `cargo bench --bench extract_ablation -- [EVAL_DIR]`.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;

use provcheck::extract::{self, Rules};

fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() || c == '_' {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn shingles(s: &str) -> HashMap<Vec<String>, usize> {
    let t = tokens(s);
    let mut m = HashMap::new();
    if t.is_empty() {
        return m;
    }
    for i in 0..t.len().saturating_sub(3).max(1) {
        let end = (i + 4).min(t.len());
        *m.entry(t[i..end].to_vec()).or_default() += 1;
    }
    m
}

/// (tp, fp, fn) normalised per page, as the scorer.
fn triple(expected: &HashMap<Vec<String>, usize>, got: &str) -> (f64, f64, f64) {
    let g = shingles(got);
    let (mut tp, mut fp, mut fneg) = (0.0, 0.0, 0.0);
    for (k, &a) in expected {
        let b = g.get(k).copied().unwrap_or(0);
        tp += a.min(b) as f64;
        fneg += a.saturating_sub(b) as f64;
    }
    for (k, &b) in &g {
        let a = expected.get(k).copied().unwrap_or(0);
        fp += b.saturating_sub(a) as f64;
    }
    let s = tp + fp + fneg;
    if s > 0.0 {
        (tp / s, fp / s, fneg / s)
    } else {
        (tp, fp, fneg)
    }
}

fn f1(ts: &[(f64, f64, f64)]) -> f64 {
    let prec = |&(tp, fp, fneg): &(f64, f64, f64)| {
        if fp == 0.0 && fneg == 0.0 {
            1.0
        } else if tp == 0.0 && fp == 0.0 {
            0.0
        } else {
            tp / (tp + fp)
        }
    };
    let rec = |&(tp, fp, fneg): &(f64, f64, f64)| {
        if fp == 0.0 && fneg == 0.0 {
            1.0
        } else if tp == 0.0 && fneg == 0.0 {
            0.0
        } else {
            tp / (tp + fneg)
        }
    };
    let ps: Vec<f64> = ts.iter().filter(|t| t.0 + t.1 > 0.0).map(prec).collect();
    let rs: Vec<f64> = ts.iter().filter(|t| t.0 + t.2 > 0.0).map(rec).collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (p, r) = (mean(&ps), mean(&rs));
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

struct Page {
    odd: bool,
    html: String,
    expected: HashMap<Vec<String>, usize>,
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .filter(|a| !a.starts_with('-'))
            .unwrap_or_else(|| "../shared/eval".into()),
    );
    let expected = std::fs::read_to_string(dir.join("extraction/expected.jsonl"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut pages = Vec::new();
    for line in expected.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let id = v["id"].as_str().expect("id");
        let gz = std::fs::read(dir.join(format!("extraction/pages/{id}.html.gz"))).expect("page");
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut bytes)
            .expect("gzip");
        let last = id.chars().last().and_then(|c| c.to_digit(16)).unwrap_or(0);
        pages.push(Page {
            odd: last % 2 == 1,
            html: extract::decode_html(&bytes, None),
            expected: shingles(v["expected_text"].as_str().unwrap_or("")),
        });
    }
    let score = |r: Rules| {
        let ts: Vec<(bool, (f64, f64, f64))> = pages
            .iter()
            .map(|p| {
                let text = extract::extract_with_rules(&p.html, r).text;
                (p.odd, triple(&p.expected, &text))
            })
            .collect();
        let half = |odd: bool| {
            f1(&ts
                .iter()
                .filter(|t| t.0 == odd)
                .map(|t| t.1)
                .collect::<Vec<_>>())
        };
        let all: Vec<_> = ts.iter().map(|t| t.1).collect();
        (f1(&all), half(false), half(true))
    };
    // The cost of the two rules added in issue 15, interleaved passes in one run.
    if std::env::args().any(|a| a == "--timing") {
        let without = Rules {
            layout_words: false,
            article_lists: false,
            ..Rules::default()
        };
        let (mut on, mut off) = (0.0, 0.0);
        for _ in 0..5 {
            for (r, acc) in [(Rules::default(), &mut on), (without, &mut off)] {
                let t = std::time::Instant::now();
                for p in &pages {
                    std::hint::black_box(extract::extract_with_rules(&p.html, r));
                }
                *acc += t.elapsed().as_secs_f64();
            }
        }
        println!(
            "timing: all rules {:.3} s, without layout words and article lists {:.3} s ({:+.1} %)",
            on,
            off,
            (on / off - 1.0) * 100.0
        );
        return;
    }
    let base = score(Rules::default());
    println!(
        "all rules: F1 {:.4}, even {:.4}, odd {:.4} ({} pages)",
        base.0,
        base.1,
        base.2,
        pages.len()
    );
    println!("rule off                  dF1      d_even   d_odd    verdict");
    let mut variants: Vec<(String, Rules)> = Vec::new();
    macro_rules! off {
        ($($f:ident),*) => {$(
            variants.push((stringify!($f).to_string(), Rules { $f: false, ..Rules::default() }));
        )*};
    }
    off!(
        microdata,
        eligible,
        climb,
        wrapper,
        merge_twins,
        merge_paragraphs,
        link_lists,
        title_heading,
        br_runs,
        list_item_weight,
        layout_words,
        article_lists,
        comment_like,
        hidden
    );
    for w in extract::boilerplate_words() {
        variants.push((
            format!("word {w:?}"),
            Rules {
                ignore_word: Some(w),
                ..Rules::default()
            },
        ));
    }
    for (name, r) in variants {
        let s = score(r);
        let (d, de, dod) = (base.0 - s.0, base.1 - s.1, base.2 - s.2);
        // Positive = the rule raises F1 there.
        let verdict = if de > 0.0 && dod > 0.0 {
            "raises both"
        } else if de.abs() < 1e-9 && dod.abs() < 1e-9 {
            "no effect"
        } else if de >= 0.0 && dod >= 0.0 {
            "raises one"
        } else {
            "LOWERS one"
        };
        println!("{name:<24} {d:+.4}  {de:+.4}  {dod:+.4}  {verdict}");
    }
}
