//! Fixing files on disk: read the bytes once, fix in rounds (`fix::fix_in_rounds`), then write
//! atomically with the file's encoding, BOM and line endings ([`super::write`]: owner, mode and
//! attributes kept, changed files refused), or print a unified diff instead.
//!
//! A file that changed on disk after it was read is not overwritten: the other writer's change
//! is kept and the file is reported as skipped.

use crate::corpus::CorpusStats;
use crate::document::{Document, SourceEncoding};
use crate::engine::{compile_ignores, CompiledIgnore, Engine, FileResult, Input, RunResult};
use crate::finding::{Applicability, Edit, Finding};
use crate::fix::{fix_in_rounds, splice, Edited, SpliceError};
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// Drops the findings a run should not report (baseline, changed lines): applied to every
/// round's findings, so that only reported findings are fixed.
pub trait FindingFilter: Sync {
    fn filter(&self, doc: &Document, findings: &mut Vec<Finding>);

    /// Filters the findings of `doc`, the text that the fix rounds `edited` made from `as_read`
    /// (the text the run checked). A filter by place looks at where each finding was in
    /// `as_read`; by default the findings of `doc` are filtered as they are.
    fn filter_edited(&self, doc: &Document, findings: &mut Vec<Finding>, as_read: &Document, edited: &Edited) {
        let _ = (as_read, edited);
        self.filter(doc, findings);
    }
}

pub use super::write::{write_atomic, WriteError};

/// What `--fix`, `--diff` and `--unsafe-fixes` ask for.
#[derive(Clone, Copy, Debug)]
pub struct FixOptions {
    pub min: Applicability,
    /// Write the fixed files (`--fix`); otherwise only compute (for `--diff`).
    pub write: bool,
}

/// What happened to one file.
#[derive(Debug, Default)]
pub struct FileOutcome {
    /// The file.
    pub input: Input,
    pub applied: usize,
    pub rounds: usize,
    pub converged: bool,
    pub written: bool,
    /// A problem that stopped the file from being fixed or written (its findings are those of
    /// the run, and nothing of it counts as applied).
    pub problem: Option<String>,
    /// Something worth saying about a file that was fixed (a round that stopped early).
    pub note: Option<String>,
    /// The unified diff (only computed when not writing).
    pub diff: Vec<u8>,
}

#[derive(Debug, Default)]
pub struct FixReport {
    pub files: Vec<FileOutcome>,
}

impl FixReport {
    pub fn applied(&self) -> usize {
        self.files.iter().filter(|f| f.problem.is_none()).map(|f| f.applied).sum()
    }

    pub fn files_changed(&self) -> usize {
        self.files.iter().filter(|f| f.applied > 0 && f.problem.is_none()).count()
    }

    /// Adds the outcomes of a later round: a file fixed again sums its fixes and rounds, and
    /// keeps a problem or note of either round.
    pub fn absorb(&mut self, later: FixReport) {
        for o in later.files {
            match self.files.iter_mut().find(|f| f.input == o.input) {
                Some(f) => {
                    if o.problem.is_none() {
                        f.applied += o.applied;
                    }
                    f.rounds += o.rounds;
                    f.converged = o.converged;
                    f.written |= o.written;
                    f.problem = f.problem.take().or(o.problem);
                    f.note = o.note.or(f.note.take());
                    f.diff.extend(o.diff);
                }
                None => self.files.push(o),
            }
        }
    }
}

/// The path of a file as it appears in a diff: relative to the working directory when it is
/// under it, with `/` separators.
pub fn diff_path(display: &str) -> String {
    let p = Path::new(display);
    if p.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rel) = p.strip_prefix(&cwd) {
                return rel.to_string_lossy().replace('\\', "/");
            }
        }
    }
    display.replace('\\', "/")
}

/// Fixes the files of `result` that have fixes at or above `opts.min`; their findings are
/// replaced by the findings that remain after fixing. Files without such fixes are not touched.
/// Fixed text is checked again by the statistics the run judged by.
pub fn fix_files(engine: &Engine, mut result: RunResult, opts: FixOptions, filter: Option<&dyn FindingFilter>) -> (RunResult, FixReport) {
    let ignores = compile_ignores(&engine.config.ignore);
    let stats = result.stats.clone();
    let has_fix = |f: &FileResult| {
        f.findings
            .iter()
            .any(|x| x.fix.as_ref().is_some_and(|fx| fx.applicability >= opts.min))
    };
    let outcomes: Vec<Option<OneFixed>> = result
        .files
        .par_iter()
        .map(|file| {
            if !has_fix(file) {
                return None;
            }
            Some(fix_one(engine, file, opts, filter, &stats, &ignores))
        })
        .collect();
    let mut report = FixReport::default();
    for (file, outcome) in result.files.iter_mut().zip(outcomes) {
        if let Some((o, findings, source)) = outcome {
            if o.problem.is_none() {
                file.findings = findings;
                if file.source.is_some() {
                    file.source = source;
                }
            }
            report.files.push(o);
        }
    }
    (result, report)
}

/// One file's outcome, its remaining findings and its fixed text.
type OneFixed = (FileOutcome, Vec<Finding>, Option<Arc<String>>);

fn fix_one(
    engine: &Engine,
    file: &FileResult,
    opts: FixOptions,
    filter: Option<&dyn FindingFilter>,
    stats: &CorpusStats,
    ignores: &[CompiledIgnore],
) -> OneFixed {
    let path = file.input.path.as_path();
    let mut outcome = FileOutcome {
        input: file.input.clone(),
        ..FileOutcome::default()
    };
    let original = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            outcome.problem = Some(format!("could not read: {e}"));
            return (outcome, file.findings.clone(), None);
        }
    };
    let doc = match Document::from_bytes(path.to_path_buf(), file.display().to_string(), &original) {
        Ok(d) => d,
        Err(e) => {
            outcome.problem = Some(e.to_string());
            return (outcome, file.findings.clone(), None);
        }
    };
    // The findings of the run were made from the file as it was then; check it again as it is
    // now, so that offsets are right even if it changed in between.
    let mut first = engine.check_document(&doc, stats, ignores).findings;
    if let Some(flt) = filter {
        flt.filter(&doc, &mut first);
    }
    // Later rounds check the fixed text; a filter by place (changed lines) judges each finding
    // by where it was in the text as read, through the edits made since.
    let as_read = filter.map(|_| Document::from_str(&doc.display_path, &doc.text));
    let edited = std::cell::RefCell::new(Edited::default());
    let check = |d: &Document, edits: &[Edit]| -> Vec<Finding> {
        let mut f = engine.check_document(d, stats, ignores).findings;
        if let (Some(flt), Some(as_read)) = (filter, &as_read) {
            let mut edited = edited.borrow_mut();
            edited.push(edits);
            flt.filter_edited(d, &mut f, as_read, &edited);
        }
        f
    };
    let utf16 = matches!(doc.encoding, SourceEncoding::Utf16Le | SourceEncoding::Utf16Be);
    let original_text = if utf16 { doc.text.clone() } else { String::new() };
    let fixed = fix_in_rounds(doc, original.clone(), first, opts.min, &check);
    outcome.applied = fixed.applied;
    outcome.rounds = fixed.rounds;
    outcome.converged = fixed.converged;
    if let Some(e) = &fixed.error {
        outcome.note = Some(format!("fixing stopped after {} round(s): {e}", fixed.rounds));
    } else if !fixed.converged {
        outcome.note = Some(format!("fixes did not settle after {} rounds", fixed.rounds));
    }
    if fixed.bytes != original {
        if opts.write {
            match write_atomic(path, &original, &fixed.bytes) {
                Ok(()) => outcome.written = true,
                Err(e) => {
                    outcome.problem = Some(e.to_string());
                    outcome.applied = 0;
                    return (outcome, file.findings.clone(), None);
                }
            }
        } else if utf16 {
            // A diff of UTF-16 bytes is unreadable and `patch` cannot apply it: show the text.
            outcome.diff =
                crate::workflow::udiff::unified_diff(&diff_path(file.display()), original_text.as_bytes(), fixed.doc.text.as_bytes());
            outcome.note = Some(format!(
                "{}: the diff shows the decoded text; use --fix to change this file",
                fixed.doc.encoding.name()
            ));
        } else {
            outcome.diff = crate::workflow::udiff::unified_diff(&diff_path(file.display()), &original, &fixed.bytes);
        }
    }
    let source = Some(Arc::new(fixed.doc.text.clone()));
    (outcome, fixed.findings, source)
}

/// Applies chosen edits (from `scanno review`) to one file: splice into the original bytes and
/// write atomically. `expected` are the bytes the edits were chosen against.
pub fn write_edits(doc: &Document, expected: &[u8], edits: &[Edit]) -> Result<(), String> {
    let mut edits = edits.to_vec();
    edits.sort();
    let (bytes, _) = splice(doc, expected, &edits).map_err(|e: SpliceError| e.to_string())?;
    if bytes == expected {
        return Ok(());
    }
    write_atomic(&doc.path, expected, &bytes).map_err(|e| e.to_string())
}
