//! `concise`: `path:line:col: severity [rule] message`, one finding a line.

use super::FormatWriter;
use crate::engine::FileResult;
use crate::finding::Finding;
use std::io::{self, Write};

/// `concise`: one line a finding, nothing before or after.
pub struct Concise;

impl FormatWriter for Concise {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        emit_file(file.display(), &file.findings, out)
    }
}

/// Writes the findings of one file.
pub fn emit_file(path: &str, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    let path = super::visible(path);
    for f in findings {
        // A suggestion is called a fix only when the finding has one (`--fix` could apply it).
        let what = if f.fix.is_some() { "fix" } else { "suggestion" };
        let fix = match f.suggestions.first() {
            Some(s) if s.is_empty() => format!(" ({what}: delete)"),
            Some(s) => format!(" ({what}: `{}`)", s.escape_debug()),
            None => String::new(),
        };
        writeln!(
            out,
            "{path}:{}:{}: {} [{}] {}{fix}",
            f.position.line,
            f.position.column,
            f.severity,
            f.rule,
            super::visible(&f.message)
        )?;
    }
    Ok(())
}
