//! `full`: miette's graphical report — file name, source snippet, a label on the faulty text,
//! the rule id as the code and the suggested correction as help.
//!
//! Transcriptions often keep a whole paragraph on one line; a snippet shows a window of the
//! line around the finding (with `…` where it is cut), under the real line number.

use super::EmitContext;
use crate::app::RunResult;
use crate::finding::{Finding, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use std::io::{self, Write};

/// Characters of context kept on each side of a finding in a long line.
const CONTEXT_CHARS: usize = 60;

/// A window of a document: its text, the line number of its first line and the byte offset of
/// its start in the document.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    first_line: usize,
    /// Characters of the first line cut off before the window (its 0-based column), and the
    /// bytes of the `…` that stands for them, so that the header shows the document's column.
    first_column: usize,
    shift: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        // miette counts columns in bytes of the window; scanno reports characters of the line.
        let column = match (before, self.text.get(..span.offset())) {
            (0, Some(head)) => match head.rfind('\n') {
                Some(nl) => head[nl + 1..].chars().count(),
                None => self.first_column + head.get(self.shift..).unwrap_or("").chars().count(),
            },
            _ => inner.column(),
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count(),
        )))
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0)
}

fn fwd_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map(|(i, _)| from + i).unwrap_or(text.len())
}

/// Builds the window and the finding's span inside it.
fn window(name: &str, text: &str, f: &Finding) -> (Window, SourceSpan) {
    let start = floor(text, f.start);
    let end = floor(text, f.end.max(start));
    let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[end..].find('\n').map(|i| end + i).unwrap_or(text.len());
    let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    let line_end = line_end.max(end);
    let from = back_chars(text, start, CONTEXT_CHARS).max(line_start);
    let from = if from > line_start {
        // Start the window at a word boundary.
        text[from..start]
            .find(' ')
            .map(|i| from + i + 1)
            .filter(|&i| i <= start)
            .unwrap_or(from)
    } else {
        from
    };
    let to = fwd_chars(text, end, CONTEXT_CHARS).min(line_end);
    let to = if to < line_end {
        text[end..to].rfind(' ').map(|i| end + i).filter(|&i| i >= end).unwrap_or(to)
    } else {
        to
    };
    let mut w = String::new();
    let mut offset_shift = 0usize;
    if from > line_start {
        w.push('…');
        offset_shift = '…'.len_utf8();
    }
    w.push_str(&text[from..to]);
    if to < line_end {
        w.push('…');
    }
    let first_line = text[..line_start].bytes().filter(|&b| b == b'\n').count();
    let span_start = start - from + offset_shift;
    let span = SourceSpan::from(span_start..span_start + (end - start));
    (
        Window {
            name: name.to_string(),
            text: w,
            first_line,
            first_column: text[line_start..from].chars().count(),
            shift: offset_shift,
        },
        span,
    )
}

pub fn render(name: &str, text: &str, f: &Finding, handler: &GraphicalReportHandler) -> String {
    let (src, span) = window(name, text, f);
    let label = if f.end > f.start {
        match f.suggestions.first() {
            Some(s) if !s.is_empty() => format!("→ {s}"),
            Some(_) => "delete".to_string(),
            None => "here".to_string(),
        }
    } else {
        "here".to_string()
    };
    let mut diag = MietteDiagnostic::new(f.message.clone())
        .with_code(f.rule.clone())
        .with_severity(match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        });
    diag = diag.with_label(LabeledSpan::new_primary_with_span(Some(label), span));
    let mut help = Vec::new();
    if let Some(fix) = &f.fix {
        help.push(format!("fix ({}): {}", fix.applicability.as_str(), fix.title));
    }
    if f.suggestions.len() > 1 {
        help.push(format!("candidates: {}", f.suggestions.join(", ")));
    }
    for r in &f.related {
        let p = r.path.as_deref().unwrap_or(name);
        help.push(format!("{} ({p}, byte {})", r.message, r.start));
    }
    if !help.is_empty() {
        diag = diag.with_help(help.join("\n"));
    }
    let report = miette::Report::new(diag).with_source_code(src);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{name}: [{}] {}\n", f.rule, f.message);
    }
    out
}

pub fn handler(color: bool, width: usize) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(1)
        .with_links(false)
}

pub fn emit(result: &RunResult, cx: &EmitContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let handler = handler(cx.color, cx.width);
    for file in &result.files {
        let Some(text) = &file.source else { continue };
        for f in &file.findings {
            out.write_all(render(&file.path, text, f, &handler).as_bytes())?;
            writeln!(out)?;
        }
    }
    let n = result.count();
    let sev = super::by_severity(result);
    let parts: Vec<String> = sev
        .iter()
        .rev()
        .map(|(s, c)| format!("{c} {s}{}", if *c == 1 { "" } else { "s" }))
        .collect();
    let fixable = result
        .findings()
        .filter(|(_, f)| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == crate::finding::Applicability::Safe)
        })
        .count();
    if n == 0 {
        writeln!(
            out,
            "No findings in {} file{}.",
            result.files.len(),
            if result.files.len() == 1 { "" } else { "s" }
        )?;
    } else {
        writeln!(
            out,
            "Found {n} finding{} in {} file{} ({}); {fixable} fixable with `--fix`.",
            if n == 1 { "" } else { "s" },
            result.files.len(),
            if result.files.len() == 1 { "" } else { "s" },
            parts.join(", ")
        )?;
    }
    Ok(())
}
