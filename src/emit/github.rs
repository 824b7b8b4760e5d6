//! `github`: GitHub Actions workflow commands, one annotation per finding.

use super::FormatWriter;
use crate::engine::FileResult;
use crate::finding::{Finding, Severity};
use std::io::{self, Write};

/// Escapes the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    // Line breaks are the command's own escapes; any other control character is shown.
    super::visible(&s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")).into_owned()
}

/// Escapes a property value (`file=`, `title=`) of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `github`: one workflow command a finding.
pub struct Github;

impl FormatWriter for Github {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        emit_file(file.display(), &file.findings, out)
    }
}

/// Writes the findings of one file.
pub fn emit_file(path: &str, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut msg = f.message.clone();
        match f.suggestions.first().map(String::as_str) {
            Some("") => msg.push_str(" (suggestion: delete)"),
            Some(s) => msg.push_str(&format!(" (suggestion: {s})")),
            None => {}
        }
        let p = f.position;
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(path),
            p.line,
            p.column,
            p.end_line,
            p.end_column,
            escape_property(&format!("scanno {}", f.rule)),
            escape_data(&msg)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("a%b\nc\r"), "a%25b%0Ac%0D");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
        // A line break or an escape in a name or a message cannot start a command of its own.
        assert_eq!(
            escape_property("evil\n::error file=x::INJECTED\u{1b}[2J.txt"),
            "evil%0A%3A%3Aerror file=x%3A%3AINJECTED\\u{1b}[2J.txt"
        );
    }
}
