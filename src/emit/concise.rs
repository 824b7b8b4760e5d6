//! `concise`: `path:line:col: severity [rule] message`, one finding a line.

use crate::app::RunResult;
use crate::finding::Finding;
use std::io::{self, Write};

pub fn emit(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for file in &result.files {
        emit_file(&file.path, &file.findings, out)?;
    }
    Ok(())
}

/// Writes the findings of one file.
pub fn emit_file(path: &str, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        let fix = match f.suggestions.first() {
            Some(s) if s.is_empty() => " (fix: delete)".to_string(),
            Some(s) => format!(" (fix: `{}`)", s.escape_debug()),
            None => String::new(),
        };
        writeln!(
            out,
            "{path}:{}:{}: {} [{}] {}{fix}",
            f.position.line, f.position.column, f.severity, f.rule, f.message
        )?;
    }
    Ok(())
}
