//! `json`: scanno's versioned JSON (version 1). The shape is fixed; the evaluation scorer reads it.

use super::{FormatWriter, Tally};
use crate::engine::FileResult;
use crate::finding::{Finding, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

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

/// `json` written as the run goes: the findings of each file as soon as it is checked, the
/// summary last, in serde_json's pretty layout of `{version, findings, summary}`.
#[derive(Default)]
pub struct JsonStream {
    findings: usize,
}

impl FormatWriter for JsonStream {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        write!(out, "{{\n  \"version\": 1,\n  \"findings\": [")
    }

    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        for f in &file.findings {
            let one = serde_json::to_string_pretty(&JsonFinding::new(file.display(), f)).map_err(io::Error::other)?;
            out.write_all(if self.findings == 0 { b"\n" } else { b",\n" })?;
            for (i, line) in one.lines().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                write!(out, "    {line}")?;
            }
            self.findings += 1;
        }
        Ok(())
    }

    fn end(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let files = tally.files;
        let mut by_severity: BTreeMap<&'static str, usize> = [("error", 0), ("warning", 0), ("info", 0)].into_iter().collect();
        for (s, n) in &tally.by_severity {
            by_severity.insert(s.as_str(), *n);
        }
        let summary = Summary {
            files,
            findings: self.findings,
            by_severity,
        };
        let text = serde_json::to_string_pretty(&summary).map_err(io::Error::other)?;
        if self.findings == 0 {
            write!(out, "],\n  \"summary\": ")?;
        } else {
            write!(out, "\n  ],\n  \"summary\": ")?;
        }
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                write!(out, "\n  ")?;
            }
            out.write_all(line.as_bytes())?;
        }
        writeln!(out, "\n}}")
    }
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    by_severity: BTreeMap<&'static str, usize>,
}
