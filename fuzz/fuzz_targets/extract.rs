//! Extraction never panics on any bytes, and its offset map stays inside the HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = provcheck::extract::decode_html(data, None);
    let e = provcheck::extract::extract(&html);
    if !e.text.is_empty() {
        let span = e.html_span(0..e.text.len());
        assert!(span.start <= span.end && span.end <= html.len());
    }
    // The document path (kind detection, NUL checks) must not panic either.
    let _ = provcheck::input::from_bytes("fuzz.html", None, data, Some("text/html"));
});
