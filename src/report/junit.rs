//! JUnit XML for CI test tabs: one test suite per article, one test case per statement; a
//! statement whose label the policy fails on is a failure carrying the label, notes and evidence.
//! A source that could not be obtained is an error case. Written with quick-junit.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{Report, Reporter, StatementKind};

/// JUnit XML report.
pub struct Junit;

/// A test case name: id, kind and the first words of the statement.
fn case_name(id: &str, kind: StatementKind, text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = flat.chars().take(80).collect();
    let ell = if flat.chars().count() > 80 { "…" } else { "" };
    let kind = match kind {
        StatementKind::Claim => "claim",
        StatementKind::Quote => "quote",
    };
    format!("{id} {kind}: {short}{ell}")
}

/// Adds one article's suite to a JUnit report (so batch runs can put many in one file).
pub fn add_suite(junit: &mut JunitReport, r: &Report) {
    let mut suite = TestSuite::new(r.article.path.clone());
    for st in &r.statements {
        let status = if r.policy.fail_on.contains(&st.label) {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let mut body = vec![format!("label: {} (score {:.2})", st.label, st.score)];
            if let Some(sp) = &st.speaker {
                body.push(format!("speaker in the article: {sp}"));
            }
            if let Some(sp) = &st.source_speaker {
                body.push(format!("speaker in the source: {sp}"));
            }
            body.extend(st.notes.iter().map(|n| format!("note: {n}")));
            body.extend(
                st.evidence
                    .iter()
                    .map(|e| format!("source ({}): {}", e.source, e.text)),
            );
            if let TestCaseStatus::NonSuccess {
                message,
                ty,
                description,
                ..
            } = &mut s
            {
                *message = Some(
                    format!(
                        "{}: {}",
                        st.label,
                        st.notes.first().cloned().unwrap_or_default()
                    )
                    .into(),
                );
                *ty = Some(st.label.as_str().into());
                *description = Some(body.join("\n").into());
            }
            s
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(case_name(&st.id, st.kind, &st.text), status);
        case.set_classname(r.article.path.clone());
        if !st.label.is_supported() && !r.policy.fail_on.contains(&st.label) {
            case.system_out = Some(format!("{}: {}", st.label, st.notes.join("; ")).into());
        }
        suite.add_test_case(case);
    }
    for u in &r.unavailable {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
        if let TestCaseStatus::NonSuccess { message, ty, .. } = &mut s {
            *message = Some(u.reason.clone().into());
            *ty = Some("source_unavailable".into());
        }
        let mut case = TestCase::new(format!("source: {}", u.cited_as), s);
        case.set_classname(r.article.path.clone());
        suite.add_test_case(case);
    }
    junit.add_test_suite(suite);
}

impl Reporter for Junit {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut junit = JunitReport::new("provcheck");
        add_suite(&mut junit, report);
        let xml = junit.to_string().map_err(io::Error::other)?;
        out.write_all(xml.as_bytes())?;
        if !xml.ends_with('\n') {
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}
