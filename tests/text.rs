//! Text passes on hostile input (issue 15): every pass is linear (timings live in
//! `benches/pathological.rs`, not here); these tests pin that the shortcut taken for unclosed
//! quotation marks finds the same quotes as a full scan.

use provcheck::text;

/// The spans of the quotes found.
fn quote_spans(t: &str) -> Vec<std::ops::Range<usize>> {
    text::quotes(t, 3).into_iter().map(|q| q.span).collect()
}

#[test]
fn issue15_unclosed_marks_do_not_hide_later_quotes() {
    let t = "He wrote “ and never closed it, nor “ this one.\n\
             Then “this is a quote of some words,” she said.\n\
             “Another opening “ without end\n\
             and a new paragraph: “the second quote has five words,” he said.";
    let spans = quote_spans(t);
    let quoted: Vec<&str> = spans.iter().map(|s| &t[s.clone()]).collect();
    assert!(
        quoted
            .iter()
            .any(|q| q.starts_with("this is a quote of some words")),
        "{quoted:?}"
    );
    assert!(
        quoted
            .iter()
            .any(|q| q.starts_with("the second quote has five words")),
        "{quoted:?}"
    );
}

#[test]
fn issue15_many_unclosed_marks_end_in_no_quote_and_no_panic() {
    for unit in [
        "\u{201C}",
        "\u{2018}",
        "\"",
        "\u{201C}\n",
        "\u{201C}a \u{2018}b ",
        "\u{201E}",
    ] {
        let t = unit.repeat(20_000);
        assert!(quote_spans(&t).is_empty(), "{unit:?}");
        let _ = text::sentences(&t);
    }
}
