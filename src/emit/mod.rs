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

/// One pretty-printed JSON document written as a run goes: the document is laid out by
/// serde_json with [`ArrayStream::PLACEHOLDER`] as the one item of the array the findings go
/// in, and the findings are written into that array one by one, each in serde_json's pretty
/// layout indented to the array's depth. The bytes are those of the whole document
/// pretty-printed at once, and memory holds one finding's JSON, not every finding's.
pub struct ArrayStream {
    /// The document up to the array's `[`.
    head: String,
    /// The indent of the array's items.
    indent: String,
    /// The document after the placeholder (a newline, the array's `]`, the rest, a newline).
    tail: String,
    items: usize,
}

impl ArrayStream {
    /// The placeholder item (it must come before any other text that could hold it: a control
    /// character is escaped wherever it appears, so it only matches itself or a string with
    /// the same escape in it).
    pub const PLACEHOLDER: &'static str = "\u{1}scanno: the findings\u{1}";

    /// The stream for `doc`, whose array holds [`Self::PLACEHOLDER`] (`None` if it holds
    /// none).
    pub fn new(doc: &serde_json::Value) -> Option<ArrayStream> {
        let text = serde_json::to_string_pretty(doc).ok()? + "\n";
        let placeholder = serde_json::to_string(Self::PLACEHOLDER).ok()?;
        let at = text.find(&placeholder)?;
        let line_start = text[..at].rfind('\n')?;
        Some(ArrayStream {
            head: text[..line_start].to_string(),
            indent: text[line_start + 1..at].to_string(),
            tail: text[at + placeholder.len()..].to_string(),
            items: 0,
        })
    }

    pub fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.head.as_bytes())
    }

    /// Writes one item of the array.
    pub fn item(&mut self, value: &impl serde::Serialize, out: &mut dyn Write) -> io::Result<()> {
        let one = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        out.write_all(if self.items == 0 { b"\n" } else { b",\n" })?;
        for (i, line) in one.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(self.indent.as_bytes())?;
            out.write_all(line.as_bytes())?;
        }
        self.items += 1;
        Ok(())
    }

    /// Closes the array and writes the rest of the document.
    pub fn end(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.items > 0 {
            return out.write_all(self.tail.as_bytes());
        }
        // (an empty array is written `[]`)
        let close = self.tail.find(']').unwrap_or(0);
        out.write_all(b"]")?;
        out.write_all(&self.tail.as_bytes()[close + 1..])
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    /// The document with `items` in the array `at` depth `depth`, and its layout with the
    /// placeholder there.
    fn docs(items: Vec<Value>, depth: usize) -> (Value, Value) {
        let mut full = Value::Array(items);
        let mut held = json!([ArrayStream::PLACEHOLDER]);
        for d in 0..depth {
            full = json!({ "before": d, "list": full, "zafter": { "k": ["v", d] } });
            held = json!({ "before": d, "list": held, "zafter": { "k": ["v", d] } });
        }
        (full, held)
    }

    fn streamed(items: &[Value], held: &Value) -> String {
        let mut stream = ArrayStream::new(held).expect("placeholder");
        let mut out = Vec::new();
        stream.begin(&mut out).unwrap();
        for v in items {
            stream.item(v, &mut out).unwrap();
        }
        stream.end(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn item() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<String>().prop_map(Value::String),
            any::<i64>().prop_map(|n| json!(n)),
            (any::<String>(), any::<String>(), proptest::collection::vec(any::<u8>(), 0..3))
                .prop_map(|(a, b, v)| json!({ "message": a, "fix": { "text": b, "edits": v }, "empty": [] })),
        ]
    }

    proptest! {
        /// The streamed bytes are the whole document's, pretty-printed at once, at any depth,
        /// for an empty array too.
        #[test]
        fn streamed_array_is_the_pretty_document(items in proptest::collection::vec(item(), 0..5), depth in 0usize..4) {
            let (full, held) = docs(items.clone(), depth);
            prop_assert_eq!(streamed(&items, &held), serde_json::to_string_pretty(&full).unwrap() + "\n");
        }
    }

    #[test]
    fn a_layout_without_the_placeholder_has_no_stream() {
        assert!(ArrayStream::new(&json!({ "list": [] })).is_none());
        assert!(ArrayStream::new(&json!({ "list": ["scanno: the findings"] })).is_none());
    }
}
