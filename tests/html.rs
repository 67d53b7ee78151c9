//! The HTML report in a real browser: headless Chromium renders a fixture case's report; the
//! DOM must hold every statement, the diff, the sources' hashes and the legend, load nothing from
//! the network, and screenshots are taken at phone and desktop widths (for a person to look at).
//!
//! Without Chromium the test is skipped with a loud message, except on CI (`CI` set), where it
//! fails: install the Debian package `chromium` there. `PROVCHECK_CHROMIUM` may name the browser.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use provcheck::config::Config;
use provcheck::input;
use provcheck::report::html::Html;
use provcheck::report::{Report, Reporter};
use provcheck::verify::{file_record, verify, PreparedSource};

use crate::common::root;

const CASE: &str = "fixtures/cases/bridge-repair-budget";

/// Longest a browser run may take before it is killed.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

/// A fixture case's report, as `provcheck verify` makes it.
fn seed_report() -> Report {
    let cfg = Config::default();
    let case = root().join(CASE);
    let article = input::load(&case.join("article.txt"), cfg.input.max_bytes).expect("article");
    let source = input::load(&case.join("source.html"), cfg.input.max_bytes).expect("source");
    let record = file_record("src1", &source);
    let prepared = PreparedSource::new(source, record, &cfg);
    verify(&article, &[prepared], &cfg)
}

/// Chromium's path, if installed. `PROVCHECK_CHROMIUM` names another browser binary (and, set to
/// a path that does not exist, shows what happens without one).
fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROVCHECK_CHROMIUM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let fallback = PathBuf::from("/usr/bin/chromium");
    fallback.is_file().then_some(fallback)
}

/// Runs headless Chromium on `page` with `extra` flags and a fresh profile; returns its stdout.
/// Panics (with Chromium's stderr) on failure or after [`BROWSER_TIMEOUT`].
fn chromium(browser: &Path, page: &Path, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().expect("temp dir");
    let logs = tempfile::tempdir().expect("temp dir");
    // Output goes to files, not pipes: a full pipe would block the browser while we wait.
    let (stdout, stderr) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(File::create(&stdout).expect("stdout file"))
        .stderr(File::create(&stderr).expect("stderr file"))
        .spawn()
        .unwrap_or_else(|e| panic!("{}: cannot start: {e}", browser.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium {extra:?} still running after {BROWSER_TIMEOUT:?}, killed; stderr:\n{}",
                fs::read_to_string(&stderr).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "chromium {extra:?} failed ({status}); stderr:\n{}",
        fs::read_to_string(&stderr).unwrap_or_default()
    );
    fs::read_to_string(&stdout).expect("chromium stdout")
}

/// The opening tags of `name` elements in `dom` (lower-case serialization, as Chromium writes).
fn tags<'a>(dom: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    dom.match_indices(&open)
        .filter(|(i, _)| {
            // `<link` but not `<linkfoo`.
            dom[i + open.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == '>' || c == '/' || c.is_whitespace())
        })
        .map(|(i, _)| {
            let end = dom[i..].find('>').map_or(dom.len(), |e| i + e + 1);
            &dom[i..end]
        })
        .collect()
}

#[test]
fn html_report_renders_in_chromium() {
    let report = seed_report();
    let dir = root().join("target/html-report");
    fs::create_dir_all(&dir).expect("target/html-report");
    let page = dir.join("bridge-repair-budget.html");
    let mut bytes = Vec::new();
    Html.write(&report, &mut bytes).expect("renders");
    fs::write(&page, &bytes).expect("writes the page");

    let Some(browser) = find_chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromium not found (looked at PROVCHECK_CHROMIUM, chromium and chromium-browser on \
                 PATH, /usr/bin/chromium): on CI install the Debian package `chromium` \
                 (apt-get install -y chromium)"
            );
        }
        // Straight to the process's stderr: `eprintln!` would be captured by the test harness.
        let _ = writeln!(
            std::io::stderr(),
            "\n\n*** html_report_renders_in_chromium SKIPPED: chromium not installed ***\n\
             *** install the Debian package `chromium` to run it (CI requires it)   ***\n\
             *** the report was still written to {} ***\n",
            page.display()
        );
        return;
    };

    let dom = chromium(&browser, &page, &["--dump-dom"]);
    assert!(dom.contains("<html lang=\"en\""), "no document in:\n{dom}");

    // Every statement is an element with its id and label class.
    assert!(report.statements.len() >= 10, "{:?}", report.statements);
    for s in &report.statements {
        let id = format!("id=\"{}\"", s.id);
        let class = format!("label-{}", s.label.as_str());
        let tag = tags(&dom, "mark")
            .into_iter()
            .find(|t| t.contains(&id))
            .unwrap_or_else(|| panic!("no element with {id} in the DOM"));
        assert!(tag.contains(&class), "{} lacks {class}: {tag}", s.id);
    }

    // The altered quote shows its word diff.
    let altered = report
        .statements
        .iter()
        .find(|s| s.label.as_str() == "altered")
        .expect("the seed article has an altered quote");
    let at = dom
        .find(&format!("id=\"{}\"", altered.id))
        .expect("altered quote");
    let item_end = dom[at..].find("</li>").map_or(dom.len(), |e| at + e);
    let item = &dom[at..item_end];
    assert!(item.contains("<del>") && item.contains("<ins>"), "{item}");
    assert!(
        item.contains("afternoon") && item.contains("morning"),
        "{item}"
    );

    // The sources table shows the hash.
    let table_at = dom.find("class=\"cards sources\"").expect("sources table");
    let table = &dom[table_at..];
    let table = &table[..table.find("</table>").expect("table end")];
    for s in &report.sources {
        assert!(table.contains(&s.sha256), "{} hash missing", s.id);
    }

    // The legend lists all nine labels.
    let legend_at = dom.find("id=\"legend\"").expect("legend");
    let legend = &dom[legend_at..];
    let legend = &legend[..legend.find("</table>").expect("legend end")];
    for l in provcheck::align::Label::ALL {
        assert!(
            legend.contains(&format!("data-label=\"{l}\"")) && legend.contains(l.as_str()),
            "legend lacks {l}"
        );
    }

    // Self-contained: nothing loaded from the network.
    for name in ["link", "script", "img"] {
        for t in tags(&dom, name) {
            assert!(
                !t.contains("src=\"http://")
                    && !t.contains("src=\"https://")
                    && !t.contains("href=\"http://")
                    && !t.contains("href=\"https://"),
                "external resource: {t}"
            );
        }
    }

    // Screenshots at phone and desktop widths, for a person to look at.
    for (name, size) in [("phone", "390,1600"), ("desktop", "1280,1600")] {
        let png = dir.join(format!("bridge-{name}.png"));
        let _ = fs::remove_file(&png);
        chromium(
            &browser,
            &page,
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size={size}"),
            ],
        );
        let len = fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
        assert!(len > 0, "{} missing or empty", png.display());
    }
}
