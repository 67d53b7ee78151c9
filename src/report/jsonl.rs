//! JSON Lines: the report as one compact line, for batch runs and log pipelines (one line per
//! article; `provcheck feed` streams them).

use std::io::{self, Write};

use super::{Report, Reporter};

/// Writes the report as a single JSON line.
pub struct Jsonl;

impl Reporter for Jsonl {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer(&mut *out, report)?;
        out.write_all(b"\n")
    }
}
