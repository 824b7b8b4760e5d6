//! scanno: a linter and consistency checker for OCR'd and transcribed plain-text corpora.
//!
//! The pipeline (see `app`): discover files → load config and rule packs → compile rules once →
//! read, decode and check documents in parallel while gathering corpus statistics → corpus-wide
//! checks → post-process (severity, suppressions) → emit in the chosen format.

pub mod app;
pub mod baseline;
pub mod calendar;
pub mod changed;
pub mod cli;
pub mod config;
pub mod confusion;
pub mod corpus;
pub mod diagnostic;
pub mod document;
pub mod emit;
pub mod finding;
pub mod fix;
pub mod fixer;
pub mod lexicon;
pub mod names_report;
pub mod pack;
pub mod position;
pub mod review;
pub mod rule_kinds;
pub mod schema;
pub mod segment;
pub mod shard;
pub mod stream;
pub mod text;
pub mod timings;
pub mod tokenize;
pub mod tuning;
pub mod udiff;
pub mod workflow;
