//! `json`: scanno's versioned JSON (version 1). The shape is fixed; the evaluation scorer reads it.

use crate::app::RunResult;
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub path: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub fix: &'a Option<crate::finding::Fix>,
    pub suggestions: &'a [String],
    /// Secondary locations (for consistency rules: the dominant spelling, possibly in other
    /// files; `path` is null for the finding's own file).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub related: &'a [crate::finding::Related],
}

impl<'a> JsonFinding<'a> {
    pub fn new(path: &'a str, f: &'a Finding) -> JsonFinding<'a> {
        JsonFinding {
            path,
            rule: &f.rule,
            severity: f.severity,
            message: &f.message,
            start: f.start,
            end: f.end,
            line: f.position.line,
            column: f.position.column,
            end_line: f.position.end_line,
            end_column: f.position.end_column,
            fix: &f.fix,
            suggestions: &f.suggestions,
            related: &f.related,
        }
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    by_severity: BTreeMap<&'static str, usize>,
}

pub fn emit(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let findings: Vec<JsonFinding> = result.findings().map(|(p, f)| JsonFinding::new(p, f)).collect();
    let mut by_severity: BTreeMap<&'static str, usize> = [("error", 0), ("warning", 0), ("info", 0)].into_iter().collect();
    for (s, n) in super::by_severity(result) {
        by_severity.insert(s.as_str(), n);
    }
    let o = Output {
        version: 1,
        summary: Summary {
            files: result.files.len(),
            findings: findings.len(),
            by_severity,
        },
        findings,
    };
    serde_json::to_writer_pretty(&mut *out, &o)?;
    writeln!(out)
}
