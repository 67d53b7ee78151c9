//! The command line: bad input, the seed article, determinism, several sources, output files.

use std::io::Write;

use crate::common::{provcheck, root, verify_json};

const CASE: &str = "fixtures/cases/bridge-repair-budget";

/// A statement's span as (start, end).
fn span_of(s: &serde_json::Value) -> (usize, usize) {
    let at = |k: &str| s["span"][k].as_u64().expect("span offset") as usize;
    (at("start"), at("end"))
}

/// Runs provcheck and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = provcheck()
        .args(args)
        .current_dir(root())
        .output()
        .expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts a clean usage/input error: the exit code, one line on stderr naming `what`, and no
/// panic or report.
fn assert_one_line_error(args: &[&str], code: i32, what: &str, problem: &str) {
    let (got, stdout, stderr) = run(args);
    assert_eq!(got, code, "{args:?}: stderr {stderr}");
    assert!(
        stdout.is_empty(),
        "{args:?}: no report expected, got {stdout}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{args:?}: one line expected: {stderr}"
    );
    assert!(
        stderr.contains(what),
        "{args:?}: {stderr} should name {what}"
    );
    assert!(
        stderr.contains(problem),
        "{args:?}: {stderr} should say {problem}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_inputs_are_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
    let source = format!("{CASE}/source.html");

    assert_one_line_error(
        &["verify", &p("missing.txt"), "--source", &source],
        2,
        "missing.txt",
        "no such file",
    );

    std::fs::write(p("empty.txt"), "").unwrap();
    assert_one_line_error(
        &["verify", &p("empty.txt"), "--source", &source],
        2,
        "empty.txt",
        "is empty",
    );

    assert_one_line_error(
        &["verify", &p(""), "--source", &source],
        2,
        &p(""),
        "is a directory",
    );

    std::fs::write(p("binary.txt"), [0x7f, b'E', b'L', b'F', 0, 0, 1, 2, 3]).unwrap();
    assert_one_line_error(
        &["verify", &p("binary.txt"), "--source", &source],
        2,
        "binary.txt",
        "binary",
    );

    std::fs::write(
        p("latin1.txt"),
        b"The caf\xe9 opened on Tuesday in the town centre.",
    )
    .unwrap();
    assert_one_line_error(
        &["verify", &p("latin1.txt"), "--source", &source],
        2,
        "latin1.txt",
        "not valid UTF-8",
    );

    // A 50 MB file is over the default 20 MiB limit: refused before it is read.
    let big = std::fs::File::create(p("big.txt")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    assert_one_line_error(
        &["verify", &p("big.txt"), "--source", &source],
        2,
        "big.txt",
        "over the limit",
    );

    // A bad source file is named too.
    assert_one_line_error(
        &[
            "verify",
            &format!("{CASE}/article.txt"),
            "--source",
            &p("nope.html"),
        ],
        2,
        "nope.html",
        "no such file",
    );

    assert_one_line_error(
        &[
            "verify",
            &format!("{CASE}/article.txt"),
            "--source",
            &source,
            "--format",
            "yaml",
        ],
        2,
        "yaml",
        "possible values",
    );

    std::fs::write(
        p("bad.toml"),
        "[align]\nverbatim_min_ratio = 0.9\nshiny = true\n",
    )
    .unwrap();
    assert_one_line_error(
        &[
            "--config",
            &p("bad.toml"),
            "verify",
            &format!("{CASE}/article.txt"),
            "--source",
            &source,
        ],
        2,
        "bad.toml",
        "shiny",
    );
}

#[test]
fn seed_article_names_its_citations_and_exits_3_without_a_source() {
    // Offline with an empty cache: the cited site cannot be searched, and the error says so.
    let empty = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run(&[
        "verify",
        "fixtures/seed/article.txt",
        "--offline",
        "--cache-dir",
        empty.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("www.telegraph.co.uk"), "{stderr}");
    assert!(stderr.contains("--offline"), "{stderr}");
    assert!(stderr.contains("--source"), "{stderr}");

    let (code, stdout, _) = run(&["citations", "fixtures/seed/article.txt"]);
    assert_eq!(code, 0);
    let citations: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let kinds: Vec<&str> = citations
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"original_source_line") && kinds.contains(&"as_reported_by"),
        "{kinds:?}"
    );
}

#[test]
fn seed_article_with_a_source_file_runs() {
    let article = root().join("fixtures/seed/article.txt");
    let source = root().join("fixtures/seed/source-synthetic.html");
    let (code, report) = verify_json(&article, &[&source]);
    assert!(code == 0 || code == 1);
    let statements = report["statements"].as_array().unwrap();
    assert!(statements.len() >= 15, "{} statements", statements.len());
    // Both quotes of the seed are in the synthetic source word for word, with their speakers.
    let quotes: Vec<&serde_json::Value> =
        statements.iter().filter(|s| s["kind"] == "quote").collect();
    assert_eq!(quotes.len(), 2);
    for q in &quotes {
        assert_eq!(q["label"], "exact", "{q}");
    }
    assert_eq!(quotes[1]["speaker"], "Dmitry Peskov");
    // Citations are listed in the report too.
    let cited: Vec<&str> = report["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert!(
        cited.contains(&"www.telegraph.co.uk") && cited.contains(&"The Telegraph"),
        "{cited:?}"
    );
    // Spans are byte offsets into the article file.
    let bytes = std::fs::read(&article).unwrap();
    for s in statements {
        let (a, b) = span_of(s);
        let slice = std::str::from_utf8(&bytes[a..b]).expect("span on char boundaries");
        if s["kind"] == "quote" {
            assert_eq!(slice, s["text"].as_str().unwrap());
        }
    }
}

#[test]
fn json_is_deterministic_apart_from_generated_at() {
    let article = root().join(CASE).join("article.txt");
    let source = root().join(CASE).join("source.html");
    let strip = |mut v: serde_json::Value| {
        v.as_object_mut()
            .unwrap()
            .remove("generated_at")
            .expect("generated_at present");
        serde_json::to_string(&v).unwrap()
    };
    let (_, a) = verify_json(&article, &[&source]);
    let (_, b) = verify_json(&article, &[&source]);
    assert_eq!(strip(a.clone()), strip(b));
    assert_eq!(a["schema_version"], "1");
    let sha = a["sources"][0]["sha256"].as_str().unwrap();
    assert_eq!(
        sha,
        provcheck::input::sha256_hex(&std::fs::read(&source).unwrap())
    );
    assert_eq!(
        a["summary"]["statements"].as_u64().unwrap() as usize,
        a["statements"].as_array().unwrap().len()
    );
}

#[test]
fn several_sources_and_atomic_output_file() {
    let dir = tempfile::tempdir().unwrap();
    // The article cites one story; a second, unrelated source must not hurt its labels.
    let other = dir.path().join("other.txt");
    let mut f = std::fs::File::create(&other).unwrap();
    writeln!(f, "A completely different story about a regional cheese festival.\n\nJudges tasted 140 cheeses over two days.").unwrap();
    let out = dir.path().join("report.json");
    let (code, _, stderr) = run(&[
        "verify",
        &format!("{CASE}/article.txt"),
        "--source",
        other.to_str().unwrap(),
        "--source",
        &format!("{CASE}/source.html"),
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        code, 1,
        "the case has planted edits, so the default policy fails: {stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(report["sources"].as_array().unwrap().len(), 2);
    let verbatim_from_src2 = report["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["label"] == "verbatim")
        .all(|s| s["evidence"][0]["source"] == "src2");
    assert!(verbatim_from_src2);
    // No temporary files are left next to the report.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");
}

#[test]
fn terminal_report_groups_labels_and_ends_with_a_summary() {
    let (code, stdout, _) = run(&[
        "verify",
        &format!("{CASE}/article.txt"),
        "--source",
        &format!("{CASE}/source.html"),
    ]);
    assert_eq!(code, 1);
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");
    let contradicted = stdout.find("CONTRADICTED").expect("contradicted group");
    let verbatim = stdout.find("VERBATIM").expect("verbatim group");
    assert!(contradicted < verbatim, "problems come first");
    assert!(
        stdout.contains("diff:") && stdout.contains("{+morning+}"),
        "altered quote shows its diff"
    );
    let last = stdout.trim_end().lines().last().unwrap();
    assert!(
        last.contains("statements:") && last.contains("policy FAILED"),
        "{last}"
    );

    let (_, coloured, _) = run(&[
        "--color",
        "always",
        "verify",
        &format!("{CASE}/article.txt"),
        "--source",
        &format!("{CASE}/source.html"),
    ]);
    assert!(coloured.contains("\u{1b}[31m"), "colour when asked");
}

#[test]
fn extract_prints_main_text_and_metadata() {
    let (code, stdout, _) = run(&[
        "extract",
        &format!("{CASE}/source.html"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["text"].as_str().unwrap().contains("Quay Street bridge"));
    assert!(
        !v["text"].as_str().unwrap().contains("Related"),
        "asides dropped"
    );
    assert!(v["canonical_url"].as_str().unwrap().starts_with("https://"));
}

#[test]
fn html_article_spans_point_into_the_html_file() {
    // A page checked against itself: everything is supported, and each quote's span is the
    // quote's bytes in the HTML file.
    let page = root().join(CASE).join("source.html");
    let (code, report) = verify_json(&page, &[&page]);
    assert_eq!(code, 0, "{report}");
    let html = std::fs::read_to_string(&page).unwrap();
    let statements = report["statements"].as_array().unwrap();
    assert!(statements.len() >= 10);
    let mut quotes = 0;
    for s in statements {
        assert!(
            ["verbatim", "exact"].contains(&s["label"].as_str().unwrap()),
            "{s}"
        );
        if s["kind"] == "quote" {
            quotes += 1;
            let (a, b) = span_of(s);
            let text = s["text"].as_str().unwrap();
            let decoded = html[a..b]
                .replace("&rsquo;", "\u{2019}")
                .replace("&amp;", "&");
            assert_eq!(decoded, text);
        }
    }
    assert!(quotes >= 3);
}

#[test]
fn policy_flags_override_the_config() {
    let article = format!("{CASE}/article.txt");
    let source = format!("{CASE}/source.html");
    let base = [
        "verify",
        article.as_str(),
        "--source",
        source.as_str(),
        "--format",
        "json",
    ];
    // Default policy: planted edits fail the run.
    let (code, stdout, _) = run(&base);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["policy"]["fail_on"].as_array().unwrap().len(), 4);
    // No failing labels: passes.
    let mut args = base.to_vec();
    args.extend(["--fail-on", "none"]);
    let (code, stdout, _) = run(&args);
    assert_eq!(code, 0, "{stdout}");
    // ...unless too few statements are supported.
    args.extend(["--min-supported", "0.99"]);
    let (code, stdout, _) = run(&args);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(report["policy"]["failures"][0]
        .as_str()
        .unwrap()
        .contains("supported share"));
    // Only the listed labels fail.
    let mut only = base.to_vec();
    only.extend(["--fail-on", "misattributed"]);
    let (_, stdout, _) = run(&only);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report["policy"]["failures"],
        serde_json::json!(["1 misattributed"])
    );
    assert_one_line_error(
        &[&base[..], &["--min-supported", "2"]].concat(),
        2,
        "--min-supported",
        "between 0 and 1",
    );
}

#[test]
fn markdown_junit_and_jsonl_formats() {
    let article = format!("{CASE}/article.txt");
    let source = format!("{CASE}/source.html");
    let base = [
        "verify",
        article.as_str(),
        "--source",
        source.as_str(),
        "--format",
    ];
    let (_, md, _) = run(&[&base[..], &["markdown"]].concat());
    assert!(md.starts_with("### provcheck:"), "{md}");
    assert!(
        md.contains("**contradicted**") && md.contains("| verbatim |"),
        "{md}"
    );
    let (_, xml, _) = run(&[&base[..], &["junit"]].concat());
    assert!(
        xml.contains("<testsuite name=\"fixtures/cases/bridge-repair-budget/article.txt\""),
        "{xml}"
    );
    assert!(xml.contains("type=\"contradicted\""), "{xml}");
    let (_, jsonl, _) = run(&[&base[..], &["jsonl"]].concat());
    assert_eq!(jsonl.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(jsonl.trim()).unwrap();
    assert_eq!(v["schema_version"], "1");
}

/// Issue 15: PDF sources and articles (synthetic, `fixtures/pdf/`): text from the text layer,
/// evidence with its page, a PDF without text a one-line error naming the file.
#[test]
fn issue15_pdf_files_as_source_and_as_article() {
    let dir = root().join("fixtures/pdf");
    let (code, report) = verify_json(&dir.join("article.txt"), &[&dir.join("report.pdf")]);
    assert_eq!(code, 1, "the planted number change fails the policy");
    let statements = report["statements"].as_array().unwrap();
    let dredging = statements
        .iter()
        .find(|s| s["text"].as_str().unwrap().contains("Dredging"))
        .expect("the dredging claim");
    assert_eq!(dredging["label"], "contradicted");
    assert_eq!(dredging["evidence"][0]["page"], 2);
    assert!(dredging["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("3.2 million euros"));
    let ships = statements
        .iter()
        .find(|s| s["text"].as_str().unwrap().contains("1,240 ship calls"))
        .expect("the ships claim");
    assert_eq!(ships["label"], "verbatim");
    assert_eq!(ships["evidence"][0]["page"], 1);

    // The PDF as the article: its statements are read from its text.
    let (_, report) = verify_json(&dir.join("report.pdf"), &[&dir.join("article.txt")]);
    assert_eq!(report["article"]["kind"], "pdf");
    assert!(report["statements"].as_array().unwrap().len() >= 5);

    // No text layer: one line naming the file and the problem.
    let out = provcheck()
        .arg("verify")
        .arg(dir.join("article.txt"))
        .arg("--source")
        .arg(dir.join("scanned.pdf"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("scanned.pdf") && stderr.contains("no text layer: scanned PDF?"),
        "{stderr}"
    );

    // A damaged PDF: one line, no panic message.
    let tmp = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(dir.join("report.pdf")).unwrap();
    for (name, cut) in [("head.pdf", 600), ("half.pdf", bytes.len() / 2)] {
        let p = tmp.path().join(name);
        std::fs::write(&p, &bytes[..cut]).unwrap();
        let out = provcheck()
            .arg("verify")
            .arg(dir.join("article.txt"))
            .arg("--source")
            .arg(&p)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0..=2)), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(stderr.trim_end().lines().count() <= 1, "{name}: {stderr}");
    }
}
