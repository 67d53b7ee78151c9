//! Integration tests: all compiled into one binary (see STYLE.md).

mod cli;
mod common;
mod extract;
mod feed;
mod fixtures;
mod html;
mod net;
mod schema;
#[cfg(feature = "semantic")]
mod semantic;
mod snapshots;
mod text;
