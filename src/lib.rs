//! scanno: a linter and consistency checker for OCR'd and transcribed plain-text corpora.
//!
//! The library is the whole of scanno but its command line (`src/cli/`, in the binary). The
//! pipeline lives in [`engine`]: inputs → corpus statistics → prepare the checks → each
//! document's facts and checks → post-processing → sinks ([`emit`], or a collected run for
//! [`workflow`]). `docs/ARCHITECTURE.md` is the map.

pub mod calendar;
pub mod config;
pub mod confusion;
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod lexicon;
pub mod markup;
pub mod names_report;
pub mod pack;
pub mod position;
pub mod rule_kinds;
pub mod schema;
pub mod segment;
pub mod text;
pub mod timings;
pub mod tokenize;
pub mod tuning;
pub mod workflow;
