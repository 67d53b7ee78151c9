//! The library's error type. A failure on one statement or source is data in the report; these
//! errors are for what stops a run: unreadable input, a bad config, no source to compare with.

use std::path::PathBuf;

/// What stopped a run. Each message names the file or citation and says what to do next.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An article or source file that cannot be used.
    #[error("{}: {reason}", path.display())]
    Input {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A config file that cannot be read or parsed.
    #[error("config {}: {reason}", path.display())]
    Config {
        /// The config file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The article's source could not be obtained.
    #[error("{0}")]
    SourceUnavailable(String),
    /// Writing the report failed.
    #[error("cannot write {}: {reason}", path.display())]
    Output {
        /// Where the report was going.
        path: PathBuf,
        /// Why it failed.
        reason: String,
    },
}

/// Process exit codes, documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitCode {
    /// The policy passed.
    Passed = 0,
    /// The policy failed (a failing label, or too few supported statements).
    PolicyFailed = 1,
    /// Usage, input or config error.
    Usage = 2,
    /// A source could not be obtained.
    SourceUnavailable = 3,
}

impl Error {
    /// The exit code this error ends a run with.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::SourceUnavailable(_) => ExitCode::SourceUnavailable,
            _ => ExitCode::Usage,
        }
    }
}
