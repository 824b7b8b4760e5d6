//! `scanno names`: every name of the corpus with its spellings, counts and where they occur —
//! a proofreader's frequency view of the names, in text or JSON.

use crate::corpus::Location;
use crate::document::Document;
use crate::engine::{gather::gather, Input};
use crate::rule_kinds::names::{self, NameGroup, Relation};
use serde::Serialize;
use std::collections::BTreeMap;

/// A place a spelling occurs, resolved to line and column for output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VariantReport {
    pub form: String,
    pub count: u64,
    pub relation: Relation,
    /// Reported by `names/minority-spelling` (or `names/configured-variant`).
    pub reported: bool,
    pub places: Vec<Place>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameReport {
    pub name: String,
    pub count: u64,
    pub total: u64,
    pub configured: bool,
    pub places: Vec<Place>,
    pub variants: Vec<VariantReport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub version: u32,
    pub files: u64,
    pub names: Vec<NameReport>,
}

/// Gathers the corpus statistics of `inputs` and builds the report.
pub fn build(inputs: &[Input], config: &crate::config::Config, variants_only: bool) -> Report {
    let stats = gather(inputs, config.format);
    let groups: Vec<NameGroup> = names::discover(&stats, config)
        .into_iter()
        .filter(|g| !variants_only || !g.variants.is_empty())
        .collect();
    // Resolve sample locations to lines, reading each file once.
    let mut wanted: BTreeMap<String, Vec<Location>> = BTreeMap::new();
    let samples = |form: &str| names::samples_of(&stats, form, crate::corpus::SAMPLES_PER_FORM);
    for g in &groups {
        for l in samples(&g.name).into_iter().chain(g.variants.iter().flat_map(|v| samples(&v.form))) {
            wanted.entry(l.path.to_string()).or_default().push(l);
        }
    }
    let by_display: BTreeMap<&str, &Input> = inputs.iter().map(|i| (i.display.as_str(), i)).collect();
    let mut places: BTreeMap<Location, Place> = BTreeMap::new();
    for (path, locs) in wanted {
        let doc = by_display
            .get(path.as_str())
            .and_then(|i| Document::read(&i.path, i.display.clone()).ok());
        for l in locs {
            let (line, column) = match &doc {
                Some(d) if l.end <= d.text.len() => {
                    let p = d.position(l.start, l.end);
                    (p.line, p.column)
                }
                _ => (0, 0),
            };
            places.insert(
                l.clone(),
                Place {
                    path: l.path.to_string(),
                    line,
                    column,
                    start: l.start,
                    end: l.end,
                },
            );
        }
    }
    let place_list = |form: &str| -> Vec<Place> { samples(form).iter().filter_map(|l| places.get(l).cloned()).collect() };
    let names = groups
        .iter()
        .map(|g| NameReport {
            name: g.name.clone(),
            count: g.count,
            total: g.total(),
            configured: g.configured,
            places: place_list(&g.name),
            variants: g
                .variants
                .iter()
                .map(|v| VariantReport {
                    form: v.form.clone(),
                    count: v.count,
                    relation: v.relation,
                    reported: v.reported || v.relation == Relation::Configured,
                    places: place_list(&v.form),
                })
                .collect(),
        })
        .collect();
    Report {
        version: 1,
        files: stats.files,
        names,
    }
}

fn place_text(places: &[Place], count: u64) -> String {
    let mut s: Vec<String> = places.iter().map(|p| format!("{}:{}:{}", p.path, p.line, p.column)).collect();
    if count > places.len() as u64 {
        s.push("…".to_string());
    }
    s.join(", ")
}

/// The text listing: one line per name, its variants indented below it.
pub fn render_text(report: &Report) -> String {
    let width = report
        .names
        .iter()
        .flat_map(|n| std::iter::once(n.name.chars().count()).chain(n.variants.iter().map(|v| v.form.chars().count() + 2)))
        .max()
        .unwrap_or(4)
        .min(32);
    let mut out = String::new();
    for n in &report.names {
        let pad = width.saturating_sub(n.name.chars().count());
        out.push_str(&format!(
            "{}{} {:>6}  {}{}\n",
            n.name,
            " ".repeat(pad),
            n.count,
            place_text(&n.places, n.count),
            if n.configured { "  (canonical, scanno.toml)" } else { "" }
        ));
        for v in &n.variants {
            let pad = width.saturating_sub(v.form.chars().count() + 2);
            let verdict = if v.reported { "reported" } else { "not reported" };
            out.push_str(&format!(
                "  {}{} {:>6}  {}  [{}; {verdict}]\n",
                v.form,
                " ".repeat(pad),
                v.count,
                place_text(&v.places, v.count),
                v.relation.describe()
            ));
        }
    }
    let with = report.names.iter().filter(|n| !n.variants.is_empty()).count();
    let reported: usize = report.names.iter().map(|n| n.variants.iter().filter(|v| v.reported).count()).sum();
    out.push_str(&format!(
        "\n{} names listed from {} files; {with} with variant spellings, {reported} spellings reported\n",
        report.names.len(),
        report.files
    ));
    out
}
