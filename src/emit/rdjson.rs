//! `rdjson`: the Reviewdog Diagnostic Format (JSON). Positions are 1-based lines and 1-based
//! columns counted in UTF-8 bytes, as the format asks. A fix's edits (or, without a fix, the
//! first candidate correction) become `suggestions`, which reviewdog posts as suggested changes.

use super::FormatWriter;
use crate::document::LineIndex;
use crate::engine::FileResult;
use crate::finding::{Finding, Severity};
use serde_json::{json, Value};
use std::io::{self, Write};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// Line and byte column (both 1-based) of a byte offset.
fn position(text: &str, lines: &LineIndex, offset: usize) -> Value {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (line, _) = lines.line_col(text, offset);
    let column = offset - lines.line_start(line) + 1;
    json!({ "line": line, "column": column })
}

fn range(text: &str, lines: &LineIndex, start: usize, end: usize) -> Value {
    json!({ "start": position(text, lines, start), "end": position(text, lines, end) })
}

fn diagnostic(path: &str, f: &Finding, source: Option<(&str, &LineIndex)>) -> Value {
    let loc_range = match source {
        Some((text, lines)) => range(text, lines, f.start, f.end),
        // Without the text, fall back to the character columns of the finding.
        None => json!({
            "start": { "line": f.position.line, "column": f.position.column },
            "end": { "line": f.position.end_line, "column": f.position.end_column },
        }),
    };
    let mut suggestions = Vec::new();
    if let Some((text, lines)) = source {
        match &f.fix {
            Some(fix) => {
                for e in &fix.edits {
                    suggestions.push(json!({ "range": range(text, lines, e.start, e.end), "text": e.replacement }));
                }
            }
            None => {
                if let Some(s) = f.suggestions.first() {
                    suggestions.push(json!({ "range": loc_range.clone(), "text": s }));
                }
            }
        }
    }
    let mut d = json!({
        "message": f.message,
        "location": { "path": path, "range": loc_range },
        "severity": severity(f.severity),
        "code": { "value": f.rule },
    });
    if !suggestions.is_empty() {
        d["suggestions"] = Value::Array(suggestions);
    }
    d
}

/// `rdjson` written as the run goes (see [`super::ArrayStream`]): each file's diagnostics as
/// it is checked. The parts of a large file share its text, whose line index is made once.
pub struct RdjsonStream {
    array: super::ArrayStream,
    lines: Option<(std::sync::Arc<String>, LineIndex)>,
}

impl Default for RdjsonStream {
    fn default() -> RdjsonStream {
        let doc = json!({
            "source": { "name": "scanno" },
            "diagnostics": [super::ArrayStream::PLACEHOLDER],
        });
        RdjsonStream {
            array: super::ArrayStream::new(&doc).expect("the rdjson layout holds the placeholder"),
            lines: None,
        }
    }
}

impl FormatWriter for RdjsonStream {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.array.begin(out)
    }

    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        if file.findings.is_empty() {
            return Ok(());
        }
        let source = match &file.source {
            Some(text) => {
                if !matches!(&self.lines, Some((t, _)) if std::sync::Arc::ptr_eq(t, text)) {
                    self.lines = Some((text.clone(), LineIndex::new(text)));
                }
                self.lines.as_ref().map(|(t, l)| (t.as_str(), l))
            }
            None => None,
        };
        for f in &file.findings {
            self.array.item(&diagnostic(file.display(), f, source), out)?;
        }
        Ok(())
    }

    fn end(&mut self, _: &super::Tally, out: &mut dyn Write) -> io::Result<()> {
        self.array.end(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{FileResult, Input, RunResult};
    use crate::finding::{Applicability, Fix};
    use std::sync::Arc;

    #[test]
    fn byte_columns_and_suggestions() {
        let text = "één tbe x\n";
        let s = text.find("tbe").unwrap();
        let f = Finding::new("ocr/known-scanno", Severity::Warning, s, s + 3, "scanno".into()).with_fix(Fix::replace(
            s,
            s + 3,
            "the",
            Applicability::Safe,
        ));
        let result = RunResult {
            files: vec![FileResult {
                input: Input {
                    display: "a.txt".into(),
                    path: "a.txt".into(),
                },
                findings: vec![f],
                source: Some(Arc::new(text.to_string())),
                continued: false,
            }],
            ..RunResult::default()
        };
        let mut out = Vec::new();
        super::super::write_all(&mut RdjsonStream::default(), &result, &mut out).1.unwrap();
        let v: Value = serde_json::from_slice(&out).unwrap();
        let d = &v["diagnostics"][0];
        assert_eq!(d["location"]["range"]["start"], json!({ "line": 1, "column": 7 }));
        assert_eq!(d["suggestions"][0]["text"], "the");
        assert_eq!(d["suggestions"][0]["range"]["end"], json!({ "line": 1, "column": 10 }));
        assert_eq!(d["severity"], "WARNING");
    }
}
