//! Extraction metadata on synthetic pages: each field from JSON-LD (`@graph`, author lists),
//! meta tags, `<time>` elements and the `<title>`; never from script strings; the original
//! publication date over the update.

use crate::common::{provcheck, root};

#[test]
fn metadata_fields_match_the_expected_values() {
    let dir = root().join("fixtures/extract");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let pages = expected.as_object().unwrap();
    assert!(pages.len() >= 3);
    for (page, want) in pages {
        let out = provcheck()
            .arg("extract")
            .arg(dir.join(page))
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{page}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for (field, value) in want.as_object().unwrap() {
            assert_eq!(&got[field], value, "{page}: {field}");
        }
        // The main text is the article, without navigation or scripts.
        let text = got["text"].as_str().unwrap();
        assert!(
            !text.contains("Home News") && !text.contains("Tracking Bot"),
            "{page}: {text}"
        );
        assert!(text.split_whitespace().count() > 20, "{page}: {text}");
    }
}
