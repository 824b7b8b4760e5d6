//! The rule kinds: the engine's closed vocabulary. One kind lives in one file with its TOML
//! spec, validation, check and tests; `KINDS` is the only list that names them.
//!
//! A rule pack is a TOML file with one array of tables per kind (`[[pattern]]`, `[[words]]`,
//! ...). Each kind's `load` parses its tables (reporting every error at its place in the TOML)
//! and returns compiled checks. Nothing compiles per file.

pub use facts::{DocumentFacts, Noise, Verdict};
pub use rule::{check_template, expand, template_refs, Check, CheckContext, Common, CommonSpec, Examples, FlagExample, LoadCx, RuleMeta};
use toml_edit::Table;

pub mod confusion;
pub mod consistency;
pub mod dates;
pub mod facts;
pub mod footnotes;
pub mod lexicon;
mod matcher;
pub mod names;
pub mod number;
pub mod pairs;
pub mod pattern;
pub mod raw_ocr;
pub mod realword;
pub mod repeat;
pub mod rule;
pub mod spelling;
pub mod words;

/// A rule kind's loader: parses one pack's array of tables of this kind.
pub type LoadFn = fn(&[&Table], &mut LoadCx) -> Vec<Box<dyn Check>>;

/// Every rule kind, by its TOML table name. Adding a kind is adding a file and a line here.
pub const KINDS: &[(&str, LoadFn)] = &[
    ("pattern", pattern::load),
    ("words", words::load),
    ("pairs", pairs::load),
    ("repeat", repeat::load),
    ("consistency", consistency::load),
    ("confusion", confusion::load),
    ("lexicon", lexicon::load),
    ("number", number::load),
    ("real-word", realword::load),
    ("dates", dates::load),
    ("footnotes", footnotes::load),
    ("names", names::load),
    ("spelling", spelling::load),
];
