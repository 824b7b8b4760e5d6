//! `[[confusion]]`: entries of the OCR confusion table (data for the lexicon, year and
//! real-word rules, not a rule of its own).
//!
//! ```toml
//! [[confusion]]
//! scope = "word"             # word | num | punct
//! cost = 0.7                 # −ln of relative plausibility: lower is likelier
//! pairs = ["rn>m", "m>rn"]   # observed>intended
//! ```
//!
//! Users re-weight or add confusions in `scanno.toml` under `[ocr] confusions`.

use super::rule::{Check, LoadCx};
use crate::confusion::{Confusion, Scope};
use serde::Deserialize;
use toml_edit::Table;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfusionSpec {
    pub scope: Scope,
    pub cost: f32,
    pub pairs: Vec<String>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    for table in tables {
        let Some(spec) = cx.parse::<ConfusionSpec>(table) else { continue };
        let span = table.get("pairs").and_then(|p| p.span());
        if !(spec.cost.is_finite() && spec.cost >= 0.0) {
            cx.error(table.get("cost").and_then(|p| p.span()), "cost must be a number ≥ 0");
            continue;
        }
        for p in &spec.pairs {
            match p.split_once('>') {
                Some((from, to)) if !from.is_empty() && from != to => {
                    cx.confusions.upsert(Confusion {
                        from: from.to_string(),
                        to: to.to_string(),
                        cost: spec.cost,
                        scope: spec.scope,
                    });
                }
                _ => cx.error(span.clone(), format!("`{p}` is not `observed>intended` with two different sides")),
            }
        }
    }
    vec![]
}
