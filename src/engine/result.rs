//! What the engine hands to its sinks: each file's findings, in input order, and the files it
//! could not check. A result carries its input (display name and real path), so no sink has
//! to look a file up by the name it shows.

use super::inputs::Input;
use crate::corpus::CorpusStats;
use crate::finding::Finding;
use std::sync::Arc;

/// The findings of one file (or of one part of a large file).
#[derive(Debug)]
pub struct FileResult {
    /// The file: as shown in output, and its path on disk.
    pub input: Input,
    pub findings: Vec<Finding>,
    /// The decoded text, kept when the output needs snippets.
    pub source: Option<Arc<String>>,
    /// A later part of the same file as the result before it (a large file is reported in
    /// parts, in order, so that its findings are not all held at once).
    pub continued: bool,
}

impl FileResult {
    /// The file's name as output shows it.
    pub fn display(&self) -> &str {
        &self.input.display
    }
}

/// What happened to one input file.
#[derive(Debug)]
pub enum Outcome {
    Checked(FileResult),
    /// Skipped (binary) or unreadable (`io_error`: the run exits 2).
    Skipped {
        message: String,
        io_error: bool,
    },
}

impl Outcome {
    /// A file that could not be checked: a binary file is skipped with a note, anything else
    /// is an I/O error.
    pub(crate) fn skipped(e: crate::document::ReadError) -> Outcome {
        Outcome::Skipped {
            io_error: !matches!(e, crate::document::ReadError::Binary { .. }),
            message: e.to_string(),
        }
    }
}

/// Where the engine hands each file's outcome, in input order, as soon as it and the files
/// before it are done: an emitter writing output, or a [`RunResult`] collecting it. A closure
/// taking an [`Outcome`] is a sink too.
pub trait Sink {
    fn outcome(&mut self, outcome: Outcome);
}

impl<F: FnMut(Outcome)> Sink for F {
    fn outcome(&mut self, outcome: Outcome) {
        self(outcome)
    }
}

/// A whole run's results, collected (for the workflow steps that need every finding at once:
/// fixes, baselines, changed lines, review).
#[derive(Debug, Default)]
pub struct RunResult {
    pub files: Vec<FileResult>,
    /// Files skipped (binary, unreadable), with the reason.
    pub skipped: Vec<String>,
    /// Files that could not be read at all (I/O errors): the run exits 2.
    pub io_errors: usize,
    /// The corpus statistics the run judged by (the counts and years the checks read), for
    /// re-checking fixed text by the same corpus.
    pub stats: Arc<CorpusStats>,
}

impl Sink for RunResult {
    fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Checked(f) => match self.files.last_mut() {
                Some(last) if f.continued && last.input == f.input => last.findings.extend(f.findings),
                _ => self.files.push(f),
            },
            Outcome::Skipped { message, io_error } => {
                self.skipped.push(message);
                if io_error {
                    self.io_errors += 1;
                }
            }
        }
    }
}

impl RunResult {
    /// Every finding with the name of its file.
    pub fn findings(&self) -> impl Iterator<Item = (&str, &Finding)> {
        self.files.iter().flat_map(|f| f.findings.iter().map(move |x| (f.display(), x)))
    }

    pub fn count(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }
}
