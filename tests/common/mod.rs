//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `provcheck` command running the binary built for these tests.
pub fn provcheck() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("provcheck").expect("binary built");
    // Never the user's cache: a fresh directory per test process.
    let cache = std::env::temp_dir().join(format!("provcheck-test-cache-{}", std::process::id()));
    cmd.env_remove("PROVCHECK_CONFIG")
        .env("NO_COLOR", "1")
        .env("PROVCHECK_CACHE_DIR", cache);
    cmd
}

/// Runs `verify --format json` and parses the report.
pub fn verify_json(article: &Path, sources: &[&Path]) -> (i32, serde_json::Value) {
    let mut cmd = provcheck();
    cmd.arg("verify").arg(article).args(["--format", "json"]);
    for s in sources {
        cmd.arg("--source").arg(s);
    }
    let out = cmd.output().expect("runs");
    let code = out.status.code().expect("exit code");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: stdout is not JSON ({e}); stderr: {}",
            article.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

/// Points every host of a fixture site server at it (`--resolve` for its port, `--connect-to`
/// for 80 and 443).
pub fn resolve_sites(cmd: &mut assert_cmd::Command, server: &provcheck::sites::SiteServer) {
    for (flag, r) in server.route_args() {
        cmd.arg(flag).arg(r);
    }
}
