//! `concise`: `path:line:col: severity [rule] message`, one finding a line.

use crate::app::RunResult;
use std::io::{self, Write};

pub fn emit(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for (path, f) in result.findings() {
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
