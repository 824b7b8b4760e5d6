//! `[[consistency]]`: one document should follow one style; occurrences of a minority style are
//! reported against the document's own majority (spaced against closed dashes, for example).
//!
//! ```toml
//! [[consistency]]
//! id = "typography/dash-style"
//! message = "{found}; this document mostly uses {majority} ({majority-count} to {count})"
//! threshold = 0.8            # share the majority must reach before the minority is reported
//! min-majority = 3           # and the least number of majority occurrences
//! variants = [
//!   { name = "spaced dash", regex = '(?<a>\w) (?:—|–) (?<b>\w)', replacement = '$a — $b' },
//!   { name = "closed dash", regex = '(?<a>\w)—(?<b>\w)', replacement = '$a—$b' },
//! ]
//! ```
//!
//! The fix rewrites a minority occurrence with the majority variant's `replacement`, expanded
//! against the minority match (so every group a replacement names must exist in every variant).
//! Counting is per document (for a very large file, per section of it).

use super::rule::{check_template, expand, Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use serde::Deserialize;
use toml::Spanned;
use toml_edit::Table;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantSpec {
    pub name: String,
    pub regex: Spanned<String>,
    #[serde(default)]
    pub replacement: Option<Spanned<String>>,
}

rule_spec! {
    pub struct ConsistencySpec {
        pub variants: Vec<VariantSpec>,
        #[serde(default = "default_threshold")]
        pub threshold: f64,
        #[serde(default = "default_min")]
        pub min_majority: usize,
        #[serde(default)]
        pub applicability: Option<Applicability>,
    }
}

fn default_threshold() -> f64 {
    crate::tuning::CONSISTENCY_THRESHOLD
}
fn default_min() -> usize {
    crate::tuning::CONSISTENCY_MIN_MAJORITY
}

struct Variant {
    name: String,
    /// (searched only where a match can lie: see `matcher::Matcher`)
    regex: super::matcher::Matcher,
    replacement: Option<String>,
}

pub struct ConsistencyRule {
    meta: RuleMeta,
    variants: Vec<Variant>,
    threshold: f64,
    min_majority: usize,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<ConsistencySpec>(table) else { continue };
        let mut ok = true;
        if spec.variants.len() < 2 {
            cx.error(
                table.get("variants").and_then(|v| v.span()),
                "a consistency rule needs at least two variants",
            );
            ok = false;
        }
        if !(0.5..=1.0).contains(&spec.threshold) {
            cx.error(
                table.get("threshold").and_then(|v| v.span()),
                "threshold must be between 0.5 and 1.0",
            );
            ok = false;
        }
        let mut variants = Vec::new();
        for v in &spec.variants {
            if let Some(re) = cx.regex(&v.regex) {
                variants.push(Variant {
                    name: v.name.clone(),
                    regex: super::matcher::Matcher::new(re),
                    replacement: v.replacement.as_ref().map(|r| r.get_ref().clone()),
                });
            } else {
                ok = false;
            }
        }
        if ok {
            for v in &spec.variants {
                if let Some(rep) = &v.replacement {
                    for other in &variants {
                        if let Err(msg) = check_template(other.regex.regex(), rep.get_ref()) {
                            cx.error(Some(rep.span()), format!("{msg} (variant `{}`)", other.name));
                            ok = false;
                        }
                    }
                }
            }
        }
        let has_fix = spec.variants.iter().any(|v| v.replacement.is_some());
        let app = has_fix.then(|| spec.applicability.unwrap_or(Applicability::Unsafe));
        let Some(meta) = cx.meta("consistency", &spec, app) else { continue };
        if ok {
            out.push(Box::new(ConsistencyRule {
                meta,
                variants,
                threshold: spec.threshold,
                min_majority: spec.min_majority,
            }));
        }
    }
    out
}

impl Check for ConsistencyRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let counts: Vec<usize> = self.variants.iter().map(|v| v.regex.count(cx.text)).collect();
        let total: usize = counts.iter().sum();
        let Some((maj, &maj_count)) = counts.iter().enumerate().max_by_key(|&(i, c)| (*c, usize::MAX - i)) else {
            return;
        };
        if total == maj_count || maj_count < self.min_majority || (maj_count as f64) < self.threshold * total as f64 {
            return;
        }
        let majority = &self.variants[maj];
        for (i, v) in self.variants.iter().enumerate() {
            if i == maj || counts[i] == 0 {
                continue;
            }
            v.regex.each_captures(cx.text, |caps| {
                let m = caps.get(0).expect("group 0");
                let message = self
                    .meta
                    .message
                    .replace("{found}", &v.name)
                    .replace("{majority}", &majority.name)
                    .replace("{majority-count}", &maj_count.to_string())
                    .replace("{count}", &counts[i].to_string());
                let mut f = Finding::new(&self.meta.id, self.meta.severity, m.start(), m.end(), message);
                if let (Some(rep), Some(app)) = (&majority.replacement, self.meta.fix) {
                    let r = expand(rep, &caps);
                    f.suggestions = vec![r.clone()];
                    f = f.with_fix(Fix::replace(m.start(), m.end(), r, app));
                }
                out.push(f);
            });
        }
    }
}
