//! Baselines: today's findings written to a file, so that `check --baseline FILE` reports only
//! the findings that are new. An old corpus can adopt scanno without fixing every old finding
//! first.
//!
//! A finding's fingerprint is its file, its rule, the flagged text and a few words of
//! normalised context on each side — never its line or offset — so entries survive lines being
//! inserted or removed elsewhere in the file. The same fingerprint can occur several times; the
//! baseline counts them, and only the occurrences beyond the count are reported.

use crate::document::Document;
use crate::finding::Finding;
use crate::workflow::fixer::FindingFilter;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The default baseline file name.
pub const DEFAULT_FILE: &str = ".scanno-baseline.json";
/// Words of context kept on each side of a finding.
pub const CONTEXT_WORDS: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the baseline file's folder, with `/` separators.
    pub path: String,
    pub rule: String,
    /// The flagged text.
    pub text: String,
    /// Words around the flagged text, whitespace collapsed, `…` marking the finding.
    pub context: String,
    /// How many findings have this fingerprint.
    pub count: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

type Key = (String, String, String, String);

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The normalised context of a finding: up to `CONTEXT_WORDS` whitespace-separated words before
/// and after it on its own line (looking at most a few hundred bytes away). Lines inserted or
/// removed elsewhere, even right above, leave it unchanged.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let start = floor(text, start);
    let end = floor(text, end.max(start));
    let from = floor(text, start.saturating_sub(200));
    let before = &text[from..start];
    let before = before.rfind('\n').map(|i| &before[i + 1..]).unwrap_or(before);
    // A finding that takes its line break with it (a deleted line) has no context after it.
    let after = if text[start..end].ends_with('\n') {
        ""
    } else {
        let a = &text[end..floor(text, end + 200)];
        a.find('\n').map(|i| &a[..i]).unwrap_or(a)
    };
    let mut b: Vec<&str> = before.split_whitespace().rev().take(CONTEXT_WORDS).collect();
    b.reverse();
    let a: Vec<&str> = after.split_whitespace().take(CONTEXT_WORDS).collect();
    format!("{} … {}", b.join(" "), a.join(" "))
}

/// The flagged text, whitespace collapsed (a finding may span a line break).
fn flagged(text: &str, start: usize, end: usize) -> String {
    let s = floor(text, start);
    let e = floor(text, end.max(s));
    text[s..e].split_whitespace().collect::<Vec<_>>().join(" ")
}

fn key(path: &str, text: &str, f: &Finding) -> Key {
    (
        path.to_string(),
        f.rule.clone(),
        flagged(text, f.start, f.end),
        context(text, f.start, f.end),
    )
}

/// The path of a file relative to `base` (the baseline file's folder) when it is under it.
pub fn relative_to(base: &Path, file: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| std::env::current_dir().map(|d| d.join(p)).unwrap_or(p.to_path_buf()));
    let (b, f) = (abs(base), abs(file));
    match f.strip_prefix(&b) {
        Ok(rel) => crate::engine::inputs::display_path(rel),
        Err(_) => crate::engine::inputs::display_path(file),
    }
}

impl Baseline {
    /// Builds a baseline from each file's text and findings. `base` is the folder the baseline
    /// file will be in.
    pub fn build<'a>(base: &Path, files: impl IntoIterator<Item = (&'a Path, &'a str, &'a [Finding])>) -> Baseline {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for (path, text, findings) in files {
            let rel = relative_to(base, path);
            for f in findings {
                *counts.entry(key(&rel, text, f)).or_default() += 1;
            }
        }
        Baseline {
            version: 1,
            findings: counts
                .into_iter()
                .map(|((path, rule, text, context), count)| Entry {
                    path,
                    rule,
                    text,
                    context,
                    count,
                })
                .collect(),
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a baseline serialises");
        s.push('\n');
        s
    }

    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::document::read_bounded_text(path, crate::document::LIST_LIMIT, true)
            .map_err(|e| format!("could not read baseline {}: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| format!("{}: not a scanno baseline: {e}", path.display()))?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }
}

/// `--baseline FILE` as a filter: drops the findings the baseline accounts for.
pub struct BaselineFilter {
    base: PathBuf,
    counts: BTreeMap<Key, usize>,
}

impl BaselineFilter {
    pub fn new(file: &Path, baseline: Baseline) -> BaselineFilter {
        let base = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        let mut counts = BTreeMap::new();
        for e in baseline.findings {
            *counts.entry((e.path, e.rule, e.text, e.context)).or_default() += e.count;
        }
        BaselineFilter { base, counts }
    }
}

impl FindingFilter for BaselineFilter {
    fn filter(&self, doc: &Document, findings: &mut Vec<Finding>) {
        let rel = relative_to(&self.base, &doc.path);
        let mut used: BTreeMap<Key, usize> = BTreeMap::new();
        findings.retain(|f| {
            let k = key(&rel, &doc.text, f);
            let allowed = self.counts.get(&k).copied().unwrap_or(0);
            let n = used.entry(k).or_default();
            *n += 1;
            *n > allowed
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn context_ignores_line_numbers_and_spacing() {
        let a = "one two three tbe four five six\n";
        let b = "new line\n\none  two three tbe four five six\nmore\n";
        assert_eq!(context(a, 14, 17), context(b, b.find("tbe").unwrap(), b.find("tbe").unwrap() + 3));
    }

    #[test]
    fn counts_duplicates() {
        let text = "a b c tbe d e f\n".repeat(3);
        let text = text.as_str();
        let doc = Document::from_str("a.txt", text);
        let all: Vec<Finding> = text
            .match_indices("tbe")
            .map(|(i, _)| Finding::new("ocr/x", Severity::Warning, i, i + 3, "m".into()))
            .collect();
        let b = Baseline::build(Path::new("."), [(Path::new("a.txt"), text, &all[..2])]);
        assert_eq!(b.findings.len(), 1);
        assert_eq!(b.findings[0].count, 2);
        let filter = BaselineFilter::new(Path::new(DEFAULT_FILE), b);
        let mut f = all.clone();
        filter.filter(&doc, &mut f);
        assert_eq!(f.len(), 1);
    }
}
