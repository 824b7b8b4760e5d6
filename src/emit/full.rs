//! `full`: miette's graphical report — file name, source snippet, a label on the faulty text,
//! the rule id as the code and the suggested correction as help.
//!
//! Transcriptions often keep a whole paragraph on one line; a snippet shows a window of the
//! line around the finding (with `…` where it is cut), under the real line number.

use super::{visible, visible_lines, FormatWriter, Tally};
use crate::engine::FileResult;
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
    /// Characters that escaping control characters added before the finding (see
    /// [`super::visible`]): the header's column counts the document's characters.
    escaped_extra: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        // miette counts columns in bytes of the window; scanno reports characters of the line.
        let column = match (before, self.text.get(..span.offset())) {
            (0, Some(head)) => match head.rfind('\n') {
                Some(nl) => head[nl + 1..].chars().count(),
                None => (self.first_column + head.get(self.shift..).unwrap_or("").chars().count()).saturating_sub(self.escaped_extra),
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

/// How far (in bytes) the window looks for the ends of the line around a finding: far enough
/// for `CONTEXT_CHARS` characters of up to four bytes. Searching no further keeps rendering a
/// finding independent of the line's length (a document may be one 100 MB line).
const SCAN_BYTES: usize = CONTEXT_CHARS * 4 + 4;

/// Builds the window and the finding's span inside it.
fn window(name: &str, text: &str, f: &Finding) -> (Window, SourceSpan) {
    let start = floor(text, f.start);
    let end = floor(text, f.end.max(start));
    // The line start, if it lies within reach (else the line goes on beyond the window).
    let lo = floor(text, start.saturating_sub(SCAN_BYTES));
    let line_start = match text[lo..start].rfind('\n') {
        Some(i) => Some(lo + i + 1),
        None if lo == 0 => Some(0),
        None => None,
    };
    let hi = floor(text, end.saturating_add(SCAN_BYTES));
    let line_end = match text[end..hi].find('\n') {
        Some(i) => Some(end + i),
        None if hi == text.len() => Some(text.len()),
        None => None,
    };
    let line_end = line_end.map(|e| (if text[..e].ends_with('\r') { e - 1 } else { e }).max(end));
    let back = back_chars(text, start, CONTEXT_CHARS);
    let from = match line_start {
        Some(ls) if back <= ls => ls,
        // Start the window at a word boundary.
        _ => text[back..start]
            .find(' ')
            .map(|i| back + i + 1)
            .filter(|&i| i <= start)
            .unwrap_or(back),
    };
    let cut_before = line_start != Some(from);
    let fwd = fwd_chars(text, end, CONTEXT_CHARS);
    let to = match line_end {
        Some(le) if fwd >= le => le,
        _ => text[end..fwd].rfind(' ').map(|i| end + i).filter(|&i| i >= end).unwrap_or(fwd),
    };
    let cut_after = line_end != Some(to);
    let mut w = String::new();
    let mut offset_shift = 0usize;
    if cut_before {
        w.push('…');
        offset_shift = '…'.len_utf8();
    }
    // Control characters of the document are shown escaped, never sent to the terminal.
    let (before, inside, after) = (
        visible_lines(&text[from..start]),
        visible_lines(&text[start..end]),
        visible_lines(&text[end..to]),
    );
    let escaped_extra = before.chars().count() - text[from..start].chars().count();
    w.push_str(&before);
    w.push_str(&inside);
    w.push_str(&after);
    if cut_after {
        w.push('…');
    }
    // The finding's line is resolved before output; count only for a finding made by hand.
    let first_line = match f.position.line {
        0 => text[..start].bytes().filter(|&b| b == b'\n').count(),
        n => n - 1,
    };
    let span_start = before.len() + offset_shift;
    let span = SourceSpan::from(span_start..span_start + inside.len());
    (
        Window {
            name: visible(name).into_owned(),
            text: w,
            first_line,
            first_column: match (f.position.column, line_start) {
                (0, Some(ls)) => text[ls..from].chars().count(),
                (0, None) => 0,
                (c, _) => (c - 1).saturating_sub(text[from..start].chars().count()),
            },
            shift: offset_shift,
            escaped_extra,
        },
        span,
    )
}

pub fn render(name: &str, text: &str, f: &Finding, handler: &GraphicalReportHandler) -> String {
    render_with(name, text, f, handler, None)
}

/// [`render`], with the lines of `text` when they are known: a related place in the same file
/// is then shown as line:column (one in another file as its line:column there, found when the
/// corpus was gathered).
pub fn render_with(
    name: &str,
    text: &str,
    f: &Finding,
    handler: &GraphicalReportHandler,
    lines: Option<&crate::document::LineIndex>,
) -> String {
    let (src, span) = window(name, text, f);
    let label = if f.end > f.start {
        match f.suggestions.first() {
            Some(s) if !s.is_empty() => format!("→ {}", visible(s)),
            Some(_) => "delete".to_string(),
            None => "here".to_string(),
        }
    } else {
        "here".to_string()
    };
    let mut diag = MietteDiagnostic::new(visible(&f.message).into_owned())
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
        match (&r.path, lines) {
            (None, Some(lines)) => {
                let (line, column) = lines.line_col(text, r.start);
                help.push(format!("{} ({name}:{line}:{column})", r.message));
            }
            (Some(p), _) if r.line.is_some() => {
                help.push(format!("{} ({p}:{}:{})", r.message, r.line.unwrap_or(0), r.column.unwrap_or(0)));
            }
            _ => {
                let p = r.path.as_deref().unwrap_or(name);
                help.push(format!("{} ({p}, byte {})", r.message, r.start));
            }
        }
    }
    if !help.is_empty() {
        diag = diag.with_help(help.iter().map(|h| visible(h).into_owned()).collect::<Vec<_>>().join("\n"));
    }
    let report = miette::Report::new(diag).with_source_code(src);
    let mut out = String::new();
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        out = format!("{}: [{}] {}\n", visible(name), f.rule, visible(&f.message));
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

/// `full`: each finding rendered by miette with its snippet; a summary line last when asked.
pub struct Full {
    pub handler: GraphicalReportHandler,
    pub summary: bool,
}

impl FormatWriter for Full {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        let Some(text) = &file.source else { return Ok(()) };
        // (the lines, found once for the file, when a finding names another place in it)
        let lines = file
            .findings
            .iter()
            .any(|f| f.related.iter().any(|r| r.path.is_none()))
            .then(|| crate::document::LineIndex::new(text));
        for f in &file.findings {
            out.write_all(render_with(file.display(), text, f, &self.handler, lines.as_ref()).as_bytes())?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn end(&mut self, tally: &Tally, out: &mut dyn Write) -> io::Result<()> {
        if self.summary {
            summary(tally.files, &tally.by_severity, tally.safe_fixable, out)?;
        }
        Ok(())
    }
}

/// The closing line: how many findings in how many files, by severity, and how many fixable.
pub fn summary(files: usize, sev: &std::collections::BTreeMap<Severity, usize>, fixable: usize, out: &mut dyn Write) -> io::Result<()> {
    let n: usize = sev.values().sum();
    let parts: Vec<String> = sev
        .iter()
        .rev()
        .map(|(s, c)| format!("{c} {s}{}", if *c == 1 { "" } else { "s" }))
        .collect();
    if n == 0 {
        writeln!(out, "No findings in {} file{}.", files, if files == 1 { "" } else { "s" })?;
    } else {
        writeln!(
            out,
            "Found {n} finding{} in {} file{} ({}); {fixable} fixable with `--fix`.",
            if n == 1 { "" } else { "s" },
            files,
            if files == 1 { "" } else { "s" },
            parts.join(", ")
        )?;
    }
    Ok(())
}
