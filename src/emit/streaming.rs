//! Streaming output: every format is written file by file, in input order, while later files
//! are still being checked. Only counts are kept for the summary and the exit code, so memory
//! does not grow with the corpus. `json` is written the same way, its summary last; `sarif` and
//! `rdjson`, single documents, are written around the array of their findings (see
//! [`super::ArrayStream`]).

use super::{EmitContext, Format};
use crate::app::{Engine, FileResult, Input};
use crate::config::FailOn;
use crate::finding::{Applicability, Severity};
use crate::stream::Outcome;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Whether a format is written file by file.
pub fn streams(format: Format) -> bool {
    matches!(
        format,
        Format::Full | Format::Concise | Format::Github | Format::Jsonl | Format::Json | Format::Sarif | Format::Rdjson
    )
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

    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.by_severity.keys().any(|&s| fail_on.fails(s))
    }
}

/// The formats written as one document around the findings, mid-way.
#[derive(Default)]
pub struct Documents {
    pub json: super::json::JsonStream,
    /// (made for a `sarif` run: it holds the rules' metadata)
    pub sarif: Option<super::sarif::SarifStream>,
    pub rdjson: super::rdjson::RdjsonStream,
}

impl Documents {
    /// The document's start, before any file (a per-file format has none).
    fn begin(&mut self, format: Format, cx: &EmitContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        match format {
            Format::Json => self.json.begin(out),
            Format::Sarif => self.sarif.insert(super::sarif::SarifStream::new(cx)).begin(out),
            Format::Rdjson => self.rdjson.begin(out),
            _ => Ok(()),
        }
    }
}

/// Writes one file's findings.
pub fn emit_file(
    format: Format,
    file: &FileResult,
    handler: &miette::GraphicalReportHandler,
    docs: &mut Documents,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Full => {
            let Some(text) = &file.source else { return Ok(()) };
            for f in &file.findings {
                out.write_all(super::full::render(&file.path, text, f, handler).as_bytes())?;
                writeln!(out)?;
            }
            Ok(())
        }
        Format::Jsonl => super::jsonl::emit_file(&file.path, &file.findings, out),
        Format::Json => docs.json.file(&file.path, &file.findings, out),
        Format::Sarif => match &mut docs.sarif {
            Some(sarif) => sarif.file(&file.path, &file.findings, out),
            None => Ok(()),
        },
        Format::Rdjson => docs.rdjson.file(file, out),
        Format::Concise => super::concise::emit_file(&file.path, &file.findings, out),
        Format::Github => super::github::emit_file(&file.path, &file.findings, out),
    }
}

/// Runs `engine` over `inputs`, writing each file's findings as soon as it and every file
/// before it are checked. `summary`: the `full` format's closing line. Warnings about skipped
/// files go to stderr. Returns the tally and the first write error (after which output stops
/// but the run's tally is still complete).
pub fn run(
    engine: &mut Engine,
    inputs: &[Input],
    format: Format,
    cx: &EmitContext<'_>,
    summary: bool,
    out: &mut dyn Write,
) -> (Tally, io::Result<()>) {
    let handler = super::full::handler(cx.color, cx.width);
    let mut tally = Tally::default();
    let mut docs = Documents::default();
    let mut written: io::Result<()> = docs.begin(format, cx, out);
    let timing = engine.timings.is_some();
    let mut output = std::time::Duration::ZERO;
    engine.run_each(inputs, &mut |o| match o {
        Outcome::Checked(file) => {
            tally.add(&file);
            if written.is_ok() {
                let started = timing.then(std::time::Instant::now);
                written = emit_file(format, &file, &handler, &mut docs, out);
                output += started.map(|s| s.elapsed()).unwrap_or_default();
            }
        }
        Outcome::Skipped { message, io_error } => {
            eprintln!("warning: {message}");
            if io_error {
                tally.io_errors += 1;
            }
        }
    });
    if written.is_ok() {
        written = match format {
            Format::Json => docs.json.end(tally.files, &tally.by_severity, out),
            Format::Sarif => docs.sarif.as_ref().map_or(Ok(()), |s| s.end(out)),
            Format::Rdjson => docs.rdjson.end(out),
            _ => Ok(()),
        };
    }
    if summary && written.is_ok() {
        written = super::full::summary(tally.files, &tally.by_severity, tally.safe_fixable, out);
    }
    if written.is_ok() {
        written = out.flush();
    }
    if let Some(t) = &engine.timings {
        t.add_work(crate::timings::Work::Output, output);
    }
    (tally, written)
}
