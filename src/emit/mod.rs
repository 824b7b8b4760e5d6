//! Emitters: one output format per file, each a [`FormatWriter`] fed the same sorted findings
//! file by file, in input order. The [`Emitter`] is the sink the engine hands each file's
//! result to: it writes the file at once and keeps only the counts the summary and the exit
//! code need, so memory does not grow with the corpus. `json` puts its summary last; `sarif`
//! and `rdjson`, single documents, are written around the array of their findings (see
//! [`ArrayStream`]), byte for byte as if the whole document were printed at once.

use crate::engine::{FileResult, Outcome, RunResult, Sink};
use crate::finding::{Applicability, Severity};
use crate::rule_kinds::rule::RuleMeta;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub mod concise;
pub mod full;
pub mod github;
pub mod json;
pub mod jsonl;
pub mod rdjson;
pub mod sarif;
pub mod statistics;

/// Text from a document or a file name made safe to print in a terminal or a CI log: control
/// characters (escape sequences, carriage returns, line breaks, ...) and the bidirectional
/// overrides that reorder what a reader sees are shown as escapes (`\u{1b}`), so a document
/// cannot move the cursor, retitle the terminal or start a workflow command of its own. A tab
/// stays a tab.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    shown(s, false)
}

/// [`visible`] for text shown as lines (a snippet): its line breaks (`\n`, `\r\n`) stay.
pub fn visible_lines(s: &str) -> std::borrow::Cow<'_, str> {
    shown(s, true)
}

fn shown(s: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char, next: Option<char>| {
        let kept = c == '\t' || (lines && (c == '\n' || (c == '\r' && next == Some('\n'))));
        (c.is_control() && !kept) || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let mut chars = s.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        if hidden(c, chars.peek().copied()) {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(s.len() + 8);
                o.push_str(&s[..at]);
                o
            });
            o.push_str(&c.escape_unicode().to_string());
        } else if let Some(o) = &mut out {
            o.push(c);
        }
        at += c.len_utf8();
    }
    match out {
        Some(o) => std::borrow::Cow::Owned(o),
        None => std::borrow::Cow::Borrowed(s),
    }
}

/// The output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl Format {
    /// Every format: its name on the command line and what it writes.
    pub const ALL: &'static [(Format, &'static str, &'static str)] = &[
        (
            Format::Full,
            "full",
            "miette report: file, snippet, label, rule id, suggested fix (default on a terminal)",
        ),
        (Format::Concise, "concise", "`path:line:col: severity [rule] message`, one per line"),
        (Format::Json, "json", "scanno's JSON (version 1)"),
        (Format::Jsonl, "jsonl", "one JSON finding a line, streamed file by file"),
        (Format::Github, "github", "GitHub Actions workflow commands (annotations)"),
        (Format::Sarif, "sarif", "SARIF 2.1.0"),
        (
            Format::Rdjson,
            "rdjson",
            "Reviewdog Diagnostic Format (JSON), with fixes as suggestions",
        ),
    ];

    /// Whether the format shows source snippets (the engine then keeps each file's text).
    pub fn needs_source(self) -> bool {
        matches!(self, Format::Full | Format::Rdjson)
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .iter()
            .find(|(_, name, _)| *name == s)
            .map(|(f, _, _)| *f)
            .ok_or_else(|| format!("unknown format `{s}`"))
    }
}

/// What emitters need besides the findings.
pub struct EmitContext<'a> {
    pub rules: &'a [&'a RuleMeta],
    pub color: bool,
    pub width: usize,
}

/// One output format: what it writes before the first file, for each file (or part of a
/// large file), and after the last.
pub trait FormatWriter: Send {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()>;
    fn end(&mut self, _tally: &Tally, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// The writer of `format`. `summary`: the `full` format's closing line.
pub fn writer(format: Format, cx: &EmitContext<'_>, summary: bool) -> Box<dyn FormatWriter> {
    match format {
        Format::Full => Box::new(full::Full {
            handler: full::handler(cx.color, cx.width),
            summary,
        }),
        Format::Concise => Box::new(concise::Concise),
        Format::Json => Box::<json::JsonStream>::default(),
        Format::Jsonl => Box::new(jsonl::Jsonl),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::SarifStream::new(cx)),
        Format::Rdjson => Box::<rdjson::RdjsonStream>::default(),
    }
}

/// What the summary line and the exit code need.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub files: usize,
    pub by_severity: BTreeMap<Severity, usize>,
    pub safe_fixable: usize,
    pub io_errors: usize,
}

impl Tally {
    pub fn add(&mut self, file: &FileResult) {
        self.files += usize::from(!file.continued);
        for f in &file.findings {
            *self.by_severity.entry(f.severity).or_default() += 1;
            if f.fix.as_ref().is_some_and(|x| x.applicability == Applicability::Safe) {
                self.safe_fixable += 1;
            }
        }
    }

    /// Whether a finding at or above `min` was counted.
    pub fn any_at_least(&self, fails: impl Fn(Severity) -> bool) -> bool {
        self.by_severity.keys().any(|&s| fails(s))
    }
}

/// The sink that writes each file's findings as the engine hands them over. Warnings about
/// skipped files go to stderr. After a write error output stops, but the tally stays complete.
pub struct Emitter<'a> {
    writer: Box<dyn FormatWriter>,
    out: &'a mut dyn Write,
    tally: Tally,
    written: io::Result<()>,
    /// Time spent writing (`--timings`), when measured.
    pub spent: Option<std::time::Duration>,
}

impl<'a> Emitter<'a> {
    pub fn new(mut writer: Box<dyn FormatWriter>, out: &'a mut dyn Write) -> Emitter<'a> {
        let written = writer.begin(out);
        Emitter {
            writer,
            out,
            tally: Tally::default(),
            written,
            spent: None,
        }
    }

    /// Ends the output; returns the tally and the first write error.
    pub fn finish(mut self) -> (Tally, io::Result<()>) {
        if self.written.is_ok() {
            self.written = self.writer.end(&self.tally, self.out);
        }
        if self.written.is_ok() {
            self.written = self.out.flush();
        }
        (self.tally, self.written)
    }
}

impl Sink for Emitter<'_> {
    fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Checked(file) => {
                self.tally.add(&file);
                if self.written.is_ok() {
                    let started = self.spent.is_some().then(std::time::Instant::now);
                    self.written = self.writer.file(&file, self.out);
                    if let (Some(spent), Some(started)) = (&mut self.spent, started) {
                        *spent += started.elapsed();
                    }
                }
            }
            Outcome::Skipped { message, io_error } => {
                eprintln!("warning: {message}");
                if io_error {
                    self.tally.io_errors += 1;
                }
            }
        }
    }
}

/// Writes a collected run's findings with `writer` (the skipped files were reported when the
/// run collected them). Returns the tally and the first write error.
pub fn write_all(writer: &mut dyn FormatWriter, result: &RunResult, out: &mut dyn Write) -> (Tally, io::Result<()>) {
    let mut tally = Tally::default();
    result.files.iter().for_each(|f| tally.add(f));
    tally.io_errors = result.io_errors;
    let written = (|| {
        writer.begin(out)?;
        for file in &result.files {
            writer.file(file, out)?;
        }
        writer.end(&tally, out)?;
        out.flush()
    })();
    (tally, written)
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
