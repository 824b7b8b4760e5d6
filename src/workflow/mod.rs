//! The corpus pull-request workflow around a run: fixing (`--fix`, `--unsafe-fixes`,
//! `--diff`), baselines (`--baseline`) and changed lines only (`--changed-since`,
//! `--changed-lines-from`). These steps need the whole run's findings at once, so they work
//! on a collected [`RunResult`]: first the fixes (each fixed file filtered round by round),
//! then the filters on the files the fixer did not touch.

use crate::document::Document;
use crate::engine::{Engine, RunResult};
use crate::finding::{Applicability, Finding};
use baseline::{Baseline, BaselineFilter};
use changed::ChangedLines;
use fixer::{fix_files, FindingFilter, FixOptions, FixReport};
use std::path::PathBuf;

pub mod baseline;
pub mod changed;
pub mod fixer;
pub mod review;
pub mod udiff;
pub mod write;

/// What a run asks of the workflow.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Apply the safe fixes (re-checking until nothing changes).
    pub fix: bool,
    /// With `fix` or `diff`: the unsafe fixes as well.
    pub unsafe_fixes: bool,
    /// Compute the fixes as a unified diff; write nothing.
    pub diff: bool,
    /// Report only findings that are not in this baseline file.
    pub baseline: Option<PathBuf>,
    /// Report only findings on lines changed since this git revision.
    pub changed_since: Option<String>,
    /// Report only findings on lines added or changed by this unified diff (`-`: stdin).
    pub changed_lines_from: Option<PathBuf>,
}

impl Options {
    /// Whether any workflow step runs (else the findings can be streamed as they come).
    pub fn active(&self) -> bool {
        self.fix || self.unsafe_fixes || self.diff || self.filters_active()
    }

    fn filters_active(&self) -> bool {
        self.baseline.is_some() || self.changed_since.is_some() || self.changed_lines_from.is_some()
    }

    /// The least safe fix applied.
    pub fn min_applicability(&self) -> Applicability {
        if self.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        }
    }
}

/// Every filter of a run, applied in turn: the baseline's first.
pub struct Filters {
    baseline: Option<(PathBuf, BaselineFilter)>,
    rest: Vec<Box<dyn FindingFilter>>,
}

impl FindingFilter for Filters {
    fn filter(&self, doc: &Document, findings: &mut Vec<Finding>) {
        if let Some((_, b)) = &self.baseline {
            b.filter(doc, findings);
        }
        for f in &self.rest {
            f.filter(doc, findings);
        }
    }

    fn filter_edited(&self, doc: &Document, findings: &mut Vec<Finding>, as_read: &Document, edited: &crate::fix::Edited) {
        if let Some((_, b)) = &self.baseline {
            b.filter_edited(doc, findings, as_read, edited);
        }
        for f in &self.rest {
            f.filter_edited(doc, findings, as_read, edited);
        }
    }
}

impl Filters {
    /// The filters `opts` asks for (reads the baseline and the diff).
    pub fn new(opts: &Options) -> Result<Filters, String> {
        let baseline = match &opts.baseline {
            Some(file) => Some((file.clone(), BaselineFilter::new(file, Baseline::load(file)?))),
            None => None,
        };
        let mut rest: Vec<Box<dyn FindingFilter>> = Vec::new();
        if let Some(rev) = &opts.changed_since {
            rest.push(Box::new(ChangedLines::from_git(rev)?));
        }
        if let Some(file) = &opts.changed_lines_from {
            rest.push(Box::new(ChangedLines::from_file(file)?));
        }
        Ok(Filters { baseline, rest })
    }

    /// A warning when the baseline names files of which none was checked (written in another
    /// folder, or naming files since moved): it then hides nothing.
    pub fn baseline_warning(&self, checked: &[&std::path::Path]) -> Option<String> {
        let (file, b) = self.baseline.as_ref()?;
        let unmatched = b.unmatched(checked.iter().copied());
        let named = b.file_count();
        (named > 0 && unmatched.len() == named).then(|| {
            let shown: Vec<String> = unmatched.iter().take(3).map(|p| format!("`{}`", crate::emit::visible(p))).collect();
            format!(
                "the baseline {} names {} ({}{}), none of them among the files checked: it hides no finding (paths in a baseline are relative to its folder)",
                crate::emit::visible(&file.display().to_string()),
                crate::text::plural(named, "file"),
                shown.join(", "),
                if named > 3 { ", …" } else { "" }
            )
        })
    }

    fn as_filter(&self) -> Option<&dyn FindingFilter> {
        (self.baseline.is_some() || !self.rest.is_empty()).then_some(self as &dyn FindingFilter)
    }
}

/// Fixes the files of `result` as `opts` asks (`fix` or `diff`), each fixed file's findings
/// filtered round by round so that only reported findings are fixed.
pub fn fix(engine: &Engine, result: RunResult, opts: &Options, filters: &Filters) -> (RunResult, FixReport) {
    let fix_opts = FixOptions {
        min: opts.min_applicability(),
        write: opts.fix && !opts.diff,
    };
    fix_files(engine, result, fix_opts, filters.as_filter())
}

/// Corpus rounds of `--fix` at most: each judges the files by the statistics of the corpus as
/// the round before left it.
pub const MAX_CORPUS_ROUNDS: usize = 3;

/// `--fix` until the corpus settles: the fixes of a round change the corpus' statistics (its
/// years, its vocabulary), and so what the next check of the corpus finds; the corpus is checked
/// again and fixed again until a round applies nothing, so that a second `--fix` changes nothing
/// (at most [`MAX_CORPUS_ROUNDS`]). `--diff` writes nothing and so has one round, as has a fix of
/// changed lines only.
pub fn fix_corpus(engine: &mut Engine, result: RunResult, opts: &Options, filters: &Filters) -> (RunResult, FixReport) {
    let (mut result, mut report) = fix(engine, result, opts, filters);
    // (changed lines name the lines of the text as the run read it: a later round, which reads
    // the fixed files anew, could not place them)
    let by_place = opts.changed_since.is_some() || opts.changed_lines_from.is_some();
    if opts.diff || !opts.fix || by_place {
        return (result, report);
    }
    let mut applied = report.applied();
    for _ in 1..MAX_CORPUS_ROUNDS {
        if applied == 0 {
            break;
        }
        let inputs: Vec<crate::engine::Input> = result.files.iter().map(|f| f.input.clone()).collect();
        let again = engine.collect(&inputs);
        let (next, more) = fix(engine, again, opts, filters);
        applied = more.applied();
        report.absorb(more);
        // (files skipped by this round were reported by the first)
        result = RunResult {
            skipped: std::mem::take(&mut result.skipped),
            io_errors: result.io_errors + next.io_errors,
            ..next
        };
    }
    (result, report)
}

/// Filters the findings of the files of `result` that `fixed` did not already filter (a
/// report of the fixes, or `None`). Returns the warnings of files that could not be read again.
pub fn filter(result: &mut RunResult, filters: &Filters, fixed: Option<&FixReport>) -> Vec<String> {
    let mut warnings = Vec::new();
    if filters.as_filter().is_none() {
        return warnings;
    }
    let checked: Vec<&std::path::Path> = result.files.iter().map(|f| f.input.path.as_path()).collect();
    warnings.extend(filters.baseline_warning(&checked));
    // (the files the fixer filtered round by round, looked up once each)
    let done: std::collections::BTreeSet<&crate::engine::Input> = fixed
        .iter()
        .flat_map(|r| r.files.iter().filter(|o| o.problem.is_none()).map(|o| &o.input))
        .collect();
    for file in result.files.iter_mut() {
        if done.contains(&file.input) || file.findings.is_empty() {
            continue;
        }
        let doc = match &file.source {
            Some(text) => Document {
                path: file.input.path.clone(),
                ..Document::from_str(file.display(), text)
            },
            None => match Document::read(&file.input.path, file.input.display.clone()) {
                Ok(d) => d,
                Err(e) => {
                    warnings.push(e.to_string());
                    continue;
                }
            },
        };
        filters.filter(&doc, &mut file.findings);
    }
    warnings
}

/// The number of findings of `result` with a fix at least `min` safe.
pub fn count_fixable(result: &RunResult, min: Applicability) -> usize {
    result
        .findings()
        .filter(|(_, f)| f.fix.as_ref().is_some_and(|x| x.applicability >= min))
        .count()
}
