//! `scanno review`: walks a person through the findings one at a time, with the context and the
//! ranked candidate corrections, and applies what they accept.
//!
//! It reads whole lines from standard input, so it works the same on a terminal and over a pipe
//! (and can be driven by a script or a test):
//!
//! | answer | what happens |
//! |---|---|
//! | `1` .. `n` | accept candidate n |
//! | `s` or an empty line | skip |
//! | `e` | edit by hand: the next line is the replacement (an empty line cancels) |
//! | `i` | ignore this text for this rule in the whole project (`[[ignore]]` with rule and text) |
//! | `r` | ignore this rule in the whole project (`[[ignore]]` with the rule), after a `y` to confirm |
//! | `q` or end of input | quit; everything accepted so far is written |
//!
//! Each file is read and checked again when the review reaches it, so the offsets are those of
//! the file as it is then, whatever an editor did to it since the run. Accepted edits are
//! written per file when the review moves past it, with the same atomic, encoding-keeping writer
//! as `--fix`, which refuses a file that changed since it was read; on Ctrl-C the edits accepted
//! in the current file are written first ([`write_pending`]). A hand edit that the file's
//! encoding cannot hold is refused when it is typed. `[[ignore]]` entries are appended to
//! `scanno.toml` with `toml_edit`, so its comments and layout stay as they were.

use crate::document::{Document, SourceEncoding};
use crate::engine::{compile_ignores, Engine, RunResult};
use crate::finding::{Edit, Finding, Severity};
use crate::fix::{overlap, valid_edit};
use crate::text::plural;
use crate::workflow::fixer::write_edits;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use toml_edit::{value, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

/// One way to resolve a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub label: String,
    pub note: Option<&'static str>,
    pub edits: Vec<Edit>,
}

/// The candidates of a finding, best first: its fix, then its ranked suggestions.
pub fn candidates(text: &str, f: &Finding) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let whole = |rep: &str| {
        vec![Edit {
            start: f.start,
            end: f.end,
            replacement: rep.to_string(),
        }]
    };
    let label = |rep: &str| {
        if rep.is_empty() {
            "(delete)".to_string()
        } else {
            format!("{rep:?}")
        }
    };
    if let Some(fix) = &f.fix {
        let single = fix.edits.len() == 1 && fix.edits[0].start == f.start && fix.edits[0].end == f.end;
        out.push(Candidate {
            label: if single {
                label(&fix.edits[0].replacement)
            } else {
                fix.title.clone()
            },
            note: Some(fix.applicability.as_str()),
            edits: fix.edits.clone(),
        });
    }
    for s in &f.suggestions {
        let c = Candidate {
            label: label(s),
            note: None,
            edits: whole(s),
        };
        if !out.iter().any(|o| o.edits == c.edits) {
            out.push(c);
        }
    }
    out.retain(|c| c.edits.iter().all(|e| valid_edit(text, e)));
    out
}

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line of a finding (cut to a window of `width` characters around it when longer) and a
/// marker line under the flagged text.
pub fn context_lines(text: &str, start: usize, end: usize, width: usize) -> (String, String) {
    let start = floor(text, start);
    let end = floor(text, end.max(start));
    let line_start = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_end = text[start..].find('\n').map(|i| start + i).unwrap_or(text.len());
    let line_end = if text[..line_end].ends_with('\r') && line_end > start {
        line_end - 1
    } else {
        line_end
    };
    let mark_end = end.min(line_end).max(start);
    // Characters of context on each side of the flagged text.
    let side = width.saturating_sub(text[start..mark_end].chars().count() + 2) / 2;
    let side = side.max(20);
    let from = text[line_start..start]
        .char_indices()
        .rev()
        .nth(side)
        .map(|(i, _)| line_start + i)
        .unwrap_or(line_start);
    let to = text[mark_end..line_end]
        .char_indices()
        .nth(side)
        .map(|(i, _)| mark_end + i)
        .unwrap_or(line_end);
    let pre = if from > line_start { "…" } else { "" };
    let post = if to < line_end { "…" } else { "" };
    let shown = |s: &str| crate::emit::visible(&s.replace('\t', " ")).into_owned();
    let line = format!("{pre}{}{post}", shown(&text[from..to]));
    let pad = pre.chars().count() + shown(&text[from..start]).chars().count();
    let width = shown(&text[start..mark_end]).chars().count().max(1);
    (line, format!("{}{}", " ".repeat(pad), "^".repeat(width)))
}

/// Appends an `[[ignore]]` entry to the config file (created if missing), keeping the rest of
/// the file as it is.
pub fn append_ignore(config: &Path, rule: &str, text: Option<&str>) -> Result<(), String> {
    let old = match std::fs::read(config) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("could not read {}: {e}", config.display())),
    };
    let src = String::from_utf8(old.clone().unwrap_or_default()).map_err(|_| format!("{} is not UTF-8", config.display()))?;
    let mut doc: DocumentMut = src.parse().map_err(|e| format!("{}: {e}", config.display()))?;
    match doc.get_mut("ignore") {
        None => {
            doc.insert("ignore", Item::ArrayOfTables(ArrayOfTables::new()));
        }
        Some(Item::ArrayOfTables(_)) => {}
        Some(Item::Value(Value::Array(_))) => {}
        Some(_) => return Err(format!("{}: `ignore` is not a list of tables", config.display())),
    }
    match doc.get_mut("ignore") {
        Some(Item::ArrayOfTables(a)) => {
            let mut t = Table::new();
            t.insert("rule", value(rule));
            if let Some(x) = text {
                t.insert("text", value(x));
            }
            a.push(t);
        }
        Some(Item::Value(Value::Array(a))) => {
            let mut t = InlineTable::new();
            t.insert("rule", rule.into());
            if let Some(x) = text {
                t.insert("text", x.into());
            }
            a.push(t);
        }
        _ => unreachable!("`ignore` was made a list above"),
    }
    let new = doc.to_string();
    match old {
        Some(old) => crate::workflow::fixer::write_atomic(config, &old, new.as_bytes()).map_err(|e| format!("{}: {e}", config.display())),
        None => std::fs::write(config, new).map_err(|e| format!("could not write {}: {e}", config.display())),
    }
}

/// What a review did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub accepted: usize,
    pub edited: usize,
    pub skipped: usize,
    pub ignored: usize,
    pub files_written: usize,
    pub errors: usize,
}

/// What a review shows.
#[derive(Clone, Copy, Debug)]
pub struct ReviewOptions {
    /// Findings below this severity are not shown.
    pub min_severity: Severity,
    /// Characters of a line shown around a finding (the terminal's width).
    pub width: usize,
}

impl Default for ReviewOptions {
    fn default() -> Self {
        ReviewOptions {
            min_severity: Severity::Info,
            width: 100,
        }
    }
}

/// The edits accepted in the file under review and not yet written.
struct Pending {
    doc: Arc<Document>,
    bytes: Arc<Vec<u8>>,
    edits: Vec<Edit>,
}

static PENDING: Mutex<Option<Pending>> = Mutex::new(None);

fn set_pending(p: Option<Pending>) {
    *PENDING.lock().unwrap_or_else(|e| e.into_inner()) = p;
}

/// Writes the edits accepted in the file under review (for a Ctrl-C handler, before the process
/// ends): what a person accepted is not lost. Returns what it did, to be printed.
pub fn write_pending() -> Option<String> {
    let p = PENDING.lock().unwrap_or_else(|e| e.into_inner()).take()?;
    if p.edits.is_empty() {
        return None;
    }
    Some(match write_edits(&p.doc, &p.bytes, &p.edits) {
        Ok(()) => format!("wrote {} (the edits accepted before the interrupt)", p.doc.display_path),
        Err(e) => format!("error: {}: {e}", p.doc.display_path),
    })
}

/// Whether the file's encoding can hold `text` (a hand edit): a legacy single-byte encoding
/// holds only its own characters.
fn encodable(doc: &Document, text: &str) -> bool {
    match doc.encoding {
        SourceEncoding::Legacy(enc) => !enc.encode(text).2,
        _ => true,
    }
}

enum Answer {
    Accept(usize),
    Skip,
    Edit(String),
    IgnoreText,
    IgnoreRule,
    Quit,
}

const HELP: &str =
    "  1..n accept that candidate · s skip · e edit by hand · i ignore this text for this rule · r ignore this rule · q quit";

/// Writes `prompt` and reads one line (without its line break); `None` at the end of input.
fn prompt_line<R: BufRead, W: Write>(input: &mut R, out: &mut W, prompt: &str) -> io::Result<Option<String>> {
    write!(out, "{prompt}")?;
    out.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        writeln!(out)?;
        return Ok(None);
    }
    line.truncate(line.trim_end_matches(['\n', '\r']).len());
    Ok(Some(line))
}

fn ask<R: BufRead, W: Write>(input: &mut R, out: &mut W, n: usize) -> io::Result<Answer> {
    loop {
        let choices = if n > 0 { format!("[1-{n}] accept, ") } else { String::new() };
        let prompt = format!("{choices}[s]kip, [e]dit, [i]gnore text, ignore [r]ule, [q]uit, [?] > ");
        let Some(line) = prompt_line(input, out, &prompt)? else {
            return Ok(Answer::Quit);
        };
        let a = line.trim();
        match a {
            "" | "s" | "S" => return Ok(Answer::Skip),
            "q" | "Q" => return Ok(Answer::Quit),
            "i" | "I" => return Ok(Answer::IgnoreText),
            "r" | "R" => {
                let Some(yes) = prompt_line(input, out, "ignore this rule in the whole project? [y/N] > ")? else {
                    return Ok(Answer::Quit);
                };
                if matches!(yes.trim(), "y" | "Y" | "yes") {
                    return Ok(Answer::IgnoreRule);
                }
                writeln!(out, "  not ignored")?;
            }
            "e" | "E" => {
                let Some(rep) = prompt_line(input, out, "replacement (empty line cancels) > ")? else {
                    return Ok(Answer::Quit);
                };
                if rep.is_empty() {
                    continue;
                }
                return Ok(Answer::Edit(rep));
            }
            "?" | "h" | "help" => writeln!(out, "{HELP}")?,
            _ => match a.parse::<usize>() {
                Ok(k) if k >= 1 && k <= n => return Ok(Answer::Accept(k - 1)),
                _ => writeln!(out, "  not an answer: {a:?}\n{HELP}")?,
            },
        }
    }
}

/// Where `[[ignore]]` entries go: the config in use, else `scanno.toml` in the working folder.
pub fn config_target(engine: &Engine) -> PathBuf {
    engine
        .config
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(crate::config::FILE_NAME))
}

/// Reviews the findings of `result`, reading answers from `input` and writing to `out`.
pub fn review<R: BufRead, W: Write>(
    engine: &Engine,
    result: &RunResult,
    config: &Path,
    opts: ReviewOptions,
    input: &mut R,
    out: &mut W,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let shown = |f: &Finding| f.severity >= opts.min_severity;
    let total: usize = result.files.iter().map(|f| f.findings.iter().filter(|x| shown(x)).count()).sum();
    let ignores = compile_ignores(&engine.config.ignore);
    let mut index = 0;
    let mut ignored: Vec<(String, Option<String>)> = Vec::new();
    'files: for (file_index, file) in result.files.iter().enumerate() {
        let listed = file.findings.iter().filter(|x| shown(x)).count();
        if listed == 0 {
            continue;
        }
        let path = file.input.path.clone();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                writeln!(out, "error: could not read {}: {e}", crate::emit::visible(file.display()))?;
                summary.errors += 1;
                index += listed;
                continue;
            }
        };
        let doc = match Document::from_bytes(path.clone(), file.input.display.clone(), &bytes) {
            Ok(d) => d,
            Err(e) => {
                writeln!(out, "error: {e}")?;
                summary.errors += 1;
                index += listed;
                continue;
            }
        };
        // The file as it is now, checked again: an editor may have changed it since the run.
        let findings: Vec<Finding> = if file.source.as_deref().is_some_and(|s| *s == doc.text) {
            file.findings.iter().filter(|x| shown(x)).cloned().collect()
        } else {
            let fresh: Vec<Finding> = engine
                .check_document(&doc, &result.stats, &ignores)
                .findings
                .into_iter()
                .filter(|x| shown(x))
                .collect();
            if fresh.len() != listed {
                writeln!(
                    out,
                    "\n{} changed since it was checked; checked again: {}",
                    crate::emit::visible(file.display()),
                    plural(fresh.len(), "finding")
                )?;
            }
            fresh
        };
        let doc = Arc::new(doc);
        let bytes = Arc::new(bytes);
        let mut accepted: Vec<Edit> = Vec::new();
        let mut quit = false;
        for (k, f) in findings.iter().enumerate() {
            index += 1;
            let flagged = doc.text.get(f.start..f.end).unwrap_or("").to_string();
            let is_ignored = ignored
                .iter()
                .any(|(r, t)| *r == f.rule && t.as_ref().is_none_or(|t| *t == flagged));
            let cands = candidates(&doc.text, f);
            let stale = |edits: &[Edit]| edits.iter().any(|e| accepted.iter().any(|a| overlap(a, e)));
            let own = Edit {
                start: f.start,
                end: f.end,
                replacement: String::new(),
            };
            if is_ignored || stale(std::slice::from_ref(&own)) || !valid_edit(&doc.text, &own) {
                continue;
            }
            let p = doc.position(f.start, f.end);
            writeln!(
                out,
                "\n[{index}/{total}] {}:{}:{}: {} [{}] {}",
                crate::emit::visible(file.display()),
                p.line,
                p.column,
                f.severity,
                f.rule,
                crate::emit::visible(&f.message)
            )?;
            let (line, marks) = context_lines(&doc.text, f.start, f.end, opts.width.saturating_sub(9));
            let gutter = format!("{:>6} | ", p.line);
            writeln!(out, "{gutter}{line}")?;
            writeln!(out, "{:>6} | {marks}", "")?;
            if cands.is_empty() {
                writeln!(out, "  (no candidate correction)")?;
            }
            for (i, c) in cands.iter().enumerate() {
                match c.note {
                    Some(n) => writeln!(out, "  {}) {}  ({n} fix)", i + 1, crate::emit::visible(&c.label))?,
                    None => writeln!(out, "  {}) {}", i + 1, crate::emit::visible(&c.label))?,
                }
            }
            let mut answer = ask(input, out, cands.len())?;
            // A hand edit the file's encoding cannot hold is refused now, not when writing.
            while let Answer::Edit(rep) = &answer {
                if encodable(&doc, rep) {
                    break;
                }
                writeln!(out, "  {rep:?} cannot be written in {}; type another", doc.encoding.name())?;
                answer = ask(input, out, cands.len())?;
            }
            match answer {
                Answer::Accept(k) => {
                    if stale(&cands[k].edits) {
                        writeln!(out, "  overlaps a change already accepted; skipped")?;
                        summary.skipped += 1;
                    } else {
                        accepted.extend(cands[k].edits.iter().cloned());
                        summary.accepted += 1;
                        writeln!(out, "  accepted {}", crate::emit::visible(&cands[k].label))?;
                    }
                }
                Answer::Edit(rep) => {
                    writeln!(out, "  replaced with {:?}", crate::emit::visible(&rep))?;
                    accepted.push(Edit {
                        start: f.start,
                        end: f.end,
                        replacement: rep,
                    });
                    summary.edited += 1;
                }
                Answer::Skip => {
                    writeln!(out, "  skipped")?;
                    summary.skipped += 1;
                }
                a @ (Answer::IgnoreText | Answer::IgnoreRule) => {
                    let text = matches!(a, Answer::IgnoreText).then(|| flagged.clone());
                    match append_ignore(config, &f.rule, text.as_deref()) {
                        Ok(()) => {
                            let what = match &text {
                                Some(t) => format!("{t:?} for {}", f.rule),
                                None => f.rule.clone(),
                            };
                            writeln!(out, "  added [[ignore]] {what} to {}", config.display())?;
                            // The findings still to come that the entry hides, counted so that the
                            // reader sees what one keystroke did.
                            let same = |x: &&Finding| {
                                x.rule == f.rule && text.as_ref().is_none_or(|t| doc.text.get(x.start..x.end) == Some(t.as_str()))
                            };
                            let mut hidden = findings[k + 1..].iter().filter(same).count();
                            if text.is_none() {
                                hidden += result.files[file_index + 1..]
                                    .iter()
                                    .flat_map(|r| r.findings.iter())
                                    .filter(|x| shown(x) && x.rule == f.rule)
                                    .count();
                            }
                            writeln!(
                                out,
                                "  {} to come no longer shown{}",
                                plural(hidden, "finding"),
                                if text.is_some() { " in this file" } else { "" }
                            )?;
                            ignored.push((f.rule.clone(), text));
                            summary.ignored += 1;
                        }
                        Err(e) => {
                            writeln!(out, "  error: {e}")?;
                            summary.errors += 1;
                        }
                    }
                }
                Answer::Quit => {
                    quit = true;
                }
            }
            set_pending(Some(Pending {
                doc: doc.clone(),
                bytes: bytes.clone(),
                edits: accepted.clone(),
            }));
            if quit {
                break;
            }
        }
        set_pending(None);
        if !accepted.is_empty() {
            match write_edits(&doc, &bytes, &accepted) {
                Ok(()) => {
                    summary.files_written += 1;
                    writeln!(out, "wrote {}", crate::emit::visible(file.display()))?;
                }
                Err(e) => {
                    summary.errors += 1;
                    writeln!(out, "error: {}: {e}", crate::emit::visible(file.display()))?;
                }
            }
        }
        if quit {
            break 'files;
        }
    }
    Ok(summary)
}
