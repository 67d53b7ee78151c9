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

/// Hostile pages end in text or a clear one-line error, never a panic or a stack overflow.
#[test]
fn deep_huge_and_non_utf8_pages() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let out = provcheck().arg("extract").arg(&p).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !stderr.contains("panicked") && !stderr.contains("overflow"),
            "{name}: {stderr}"
        );
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        )
    };
    // 100,000 nested elements.
    let deep = format!(
        "<html><body>{}<p>Text at the bottom of a very deep page.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let (code, text, _) = run("deep.html", deep.as_bytes());
    assert_eq!(code, Some(0));
    assert!(text.contains("Text at the bottom"), "{text}");
    // A page of about 19 MB (under the 20 MiB input limit).
    let para = "<p>The harbour board met again on Thursday and agreed the new mooring fees for the summer.</p>\n";
    let big = format!(
        "<html><body><article>{}</article></body></html>",
        para.repeat(19_000_000 / para.len())
    );
    let (code, text, _) = run("big.html", big.as_bytes());
    assert_eq!(code, Some(0));
    assert!(text.starts_with("The harbour board met again"));
    // Shift_JIS without any charset declaration: detected and decoded.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(
        "<html><body><article><p>港の新しい係留料金が木曜日に決まりました。夏から適用されます。</p></article></body></html>",
    );
    let (code, text, _) = run("sjis.html", &sjis);
    assert_eq!(code, Some(0));
    assert!(text.contains("係留料金"), "{text}");
    // Malformed markup.
    let (code, _, stderr) = run("broken.html", b"<html><body><p>Unclosed <b><i>tags <table><td>cell</p></div></span>& stray <<< >>></body>");
    assert!(
        code == Some(0) || stderr.trim().lines().count() == 1,
        "{stderr}"
    );
}

/// Issue 15: pages built with WordPress page builders (synthetic, `fixtures/builders/`) give their
/// article text, and not their sidebar, share or footer widgets, even when every block of the
/// page sits in a container named "widget".
#[test]
fn issue15_page_builder_pages_extract_the_article_not_the_widgets() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "elementor.html",
            &[
                "Harbour pilots in Lanport have agreed a new night shift rota",
                "said Tomas Brevik",
                "no pilot was free to bring them into the inner basin.",
            ],
            &[
                "independent community newspaper",
                "Winter ferry timetable",
                "Share this story",
                "All rights reserved",
                "Mira Castell",
            ],
        ),
        (
            "divi.html",
            &[
                "Apple growers in the Tessel valley have installed six wind machines",
                "see whether the fans make a difference.",
            ],
            &[
                "has reported on farming",
                "Dairy prices",
                "Share this story",
                "coffee",
            ],
        ),
        (
            "wpbakery.html",
            &[
                "central library will stay open until ten in the evening",
                "said librarian Agnes Moore",
                "can be booked online a week in advance.",
            ],
            &[
                "depends on readers like you",
                "Bus route 12",
                "Registered as a newspaper",
            ],
        ),
        (
            "gutenberg.html",
            &[
                "Volunteers counted 412 swifts over Aldwick's old town",
                "more than 300 of them in the streets around the market square.",
                "when the young birds leave the nests",
            ],
            &[
                "More from the Herald",
                "Market square to close",
                "printed on recycled paper",
            ],
        ),
    ];
    for (page, wanted, unwanted) in cases {
        let out = provcheck()
            .arg("extract")
            .arg(root().join("fixtures/builders").join(page))
            .args(["--format", "text"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{page}: {stderr}");
        let text = String::from_utf8_lossy(&out.stdout);
        for w in *wanted {
            assert!(text.contains(w), "{page}: missing {w:?} in\n{text}");
        }
        for u in *unwanted {
            assert!(!text.contains(u), "{page}: widget text {u:?} in\n{text}");
        }
    }
}
