//! Emitters: one output format per file, all fed the same sorted findings.

use crate::app::RunResult;
use crate::finding::Severity;
use crate::rule_kinds::RuleMeta;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod jsonl;
pub mod rdjson;
pub mod sarif;
pub mod streaming;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette report: file, snippet, label, rule id, suggested fix (default on a terminal)
    Full,
    /// `path:line:col: severity [rule] message`, one per line
    Concise,
    /// scanno's JSON (version 1)
    Json,
    /// one JSON finding a line, streamed file by file
    Jsonl,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// SARIF 2.1.0
    Sarif,
    /// Reviewdog Diagnostic Format (JSON), with fixes as suggestions
    Rdjson,
}

/// What emitters need besides the findings.
pub struct EmitContext<'a> {
    pub rules: &'a [&'a RuleMeta],
    pub color: bool,
    pub width: usize,
}

pub fn emit(format: Format, result: &RunResult, cx: &EmitContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Full => full::emit(result, cx, out),
        Format::Concise => concise::emit(result, out),
        Format::Json => json::emit(result, out),
        Format::Jsonl => jsonl::emit(result, out),
        Format::Github => github::emit(result, out),
        Format::Sarif => sarif::emit(result, cx, out),
        Format::Rdjson => rdjson::emit(result, out),
    }
}

/// Counts by severity, for summaries.
pub fn by_severity(result: &RunResult) -> BTreeMap<Severity, usize> {
    let mut m = BTreeMap::new();
    for (_, f) in result.findings() {
        *m.entry(f.severity).or_default() += 1;
    }
    m
}

/// `--statistics`: findings per rule, most frequent first.
pub fn statistics(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: BTreeMap<&str, (usize, usize, Severity)> = BTreeMap::new();
    for (_, f) in result.findings() {
        let e = counts.entry(f.rule.as_str()).or_insert((0, 0, f.severity));
        e.0 += 1;
        if f.fix.is_some() {
            e.1 += 1;
        }
        e.2 = e.2.max(f.severity);
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
    writeln!(out, "{:>6}  {:<w$}  {:<8}  {:>7}", "count", "rule", "severity", "fixable")?;
    for (rule, (n, fixable, sev)) in &rows {
        writeln!(out, "{n:>6}  {rule:<w$}  {:<8}  {fixable:>7}", sev.as_str())?;
    }
    let total: usize = rows.iter().map(|r| r.1 .0).sum();
    writeln!(out, "{total:>6}  {:<w$}", "total")?;
    Ok(())
}
