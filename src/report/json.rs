//! JSON output: the report model as is, pretty-printed, keys in a fixed order.

use std::io::{self, Write};

use super::{Report, Reporter};

/// Writes the report as JSON.
pub struct Json;

impl Reporter for Json {
    fn write(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    }
}
