//! Integration tests: all compiled into one binary (see STYLE.md).

mod cli;
mod common;
mod fixtures;
mod net;
mod schema;
