//! provcheck: does a news article faithfully represent its cited source?
//!
//! The library turns an article and its source(s) into a [`report::Report`]: every claim and
//! every direct quote of the article, labelled against the source with a score, evidence and
//! notes. The binary (`src/main.rs`) is a thin command-line layer over it.
//!
//! ```
//! use provcheck::{config::Config, input, verify};
//!
//! let cfg = Config::default();
//! let article = input::from_bytes("article.txt", None,
//!     "The council approved the budget of 12 million on Tuesday.".as_bytes(), None).unwrap();
//! let source = input::from_bytes("source.txt", None,
//!     "On Tuesday the council approved the budget of 15 million.".as_bytes(), None).unwrap();
//! let record = verify::file_record("src1", &source);
//! let prepared = verify::PreparedSource::new(source, record, &cfg);
//! let report = verify::verify(&article, &[prepared], &cfg);
//! assert_eq!(report.statements[0].label.as_str(), "contradicted");
//! ```

pub mod align;
pub mod config;
pub mod discover;
pub mod embed;
pub mod error;
pub mod extract;
pub mod feed;
pub mod fetch;
pub mod input;
pub mod pdf;
pub mod report;
#[cfg(feature = "semantic")]
pub mod semantic;
pub mod sites;
pub mod sources;
pub mod text;
pub mod verify;

pub use error::{Error, ExitCode};
