//! Snapshot tests (insta) of the terminal, Markdown and JUnit reports on every fixture case.
//! Volatile fields (the generation time) are fixed before rendering; file sources have no fetch
//! times or cache paths. Review changes with `cargo insta review` (or INSTA_UPDATE=always).

use std::path::Path;

use provcheck::config::Config;
use provcheck::report::{junit::Junit, markdown::Markdown, terminal::Terminal, Report, Reporter};
use provcheck::verify::{file_record, verify, PreparedSource};

fn case_report(case: &str) -> Report {
    let cfg = Config::default();
    let dir = Path::new("fixtures/cases").join(case);
    let pick = |names: &[&str]| {
        names
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{case}: missing {names:?}"))
    };
    let article =
        provcheck::input::load(&pick(&["article.txt", "article.md"]), cfg.input.max_bytes).unwrap();
    let source =
        provcheck::input::load(&pick(&["source.html", "source.txt"]), cfg.input.max_bytes).unwrap();
    let record = file_record("src1", &source);
    let mut report = verify(&article, &[PreparedSource::new(source, record, &cfg)], &cfg);
    report.generated_at = "[generated_at]".into();
    report
}

fn render(reporter: &dyn Reporter, report: &Report) -> String {
    let mut out = Vec::new();
    reporter.write(report, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

const CASES: [&str; 7] = [
    "bridge-repair-budget",
    "ferry-strike",
    "flood-defences-grant",
    "maternity-unit-closure",
    "museum-coin-theft",
    "robotics-team-title",
    "wind-farm-approval",
];

#[test]
fn terminal_markdown_and_junit_snapshots() {
    // Run from the package root so paths in the reports are the same on every machine.
    assert!(
        Path::new("fixtures/cases").is_dir(),
        "tests run from the package root"
    );
    for case in CASES {
        let report = case_report(case);
        insta::assert_snapshot!(
            format!("{case}.terminal"),
            render(&Terminal { color: false }, &report)
        );
        insta::assert_snapshot!(format!("{case}.markdown"), render(&Markdown, &report));
        insta::assert_snapshot!(format!("{case}.junit"), render(&Junit, &report));
    }
}
