//! Text segmentation never panics, and every span it returns lies on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for s in provcheck::text::sentences(text) {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end) && s.start <= s.end);
    }
    for q in provcheck::text::quotes(text, 4) {
        assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        let _ = q.text(text);
    }
    for t in provcheck::text::tokenize(text) {
        assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
    }
    let cfg = provcheck::config::Config::default();
    let _ = provcheck::verify::find_statements(text, &cfg);
});
