//! Integration tests: all compiled into one binary (see STYLE.md).

mod common;
mod cli;
mod fixtures;
