//! Progress of a long run on stderr, when stderr is a terminal: files checked of all, megabytes
//! read, findings so far. A sink in front of the run's own sink; nothing is drawn into a pipe or
//! a CI log, and the bar is cleared before the findings' summary.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use scanno::engine::{Input, Outcome, Sink};
use std::io::IsTerminal;

/// Forwards every outcome to `inner`, counting files and findings on a progress bar.
pub struct Progress<'a, S: Sink> {
    inner: &'a mut S,
    bar: ProgressBar,
    sizes: Vec<u64>,
    next: usize,
    findings: usize,
}

impl<'a, S: Sink> Progress<'a, S> {
    /// A bar for a run over `inputs`; hidden unless `show` and stderr is a terminal.
    pub fn new(inner: &'a mut S, inputs: &[Input], show: bool) -> Progress<'a, S> {
        let visible = show && std::io::stderr().is_terminal();
        let sizes: Vec<u64> = if visible {
            inputs.iter().map(|i| std::fs::metadata(&i.path).map_or(0, |m| m.len())).collect()
        } else {
            Vec::new()
        };
        let bar = if visible {
            let bar = ProgressBar::with_draw_target(Some(sizes.iter().sum()), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{bar:30} {binary_bytes}/{binary_total_bytes} · {msg} · {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress {
            inner,
            bar,
            sizes,
            next: 0,
            findings: 0,
        }
    }

    /// Files started so far, and findings: what the bar's message says.
    pub fn counts(&self) -> (usize, usize) {
        (self.next, self.findings)
    }

    /// Clears the bar (before the summary is written).
    pub fn finish(self) {
        self.bar.finish_and_clear();
    }

    fn started_a_file(&mut self) {
        if let Some(size) = self.sizes.get(self.next) {
            self.bar.inc(*size);
        }
        self.next += 1;
    }
}

impl<S: Sink> Sink for Progress<'_, S> {
    fn outcome(&mut self, outcome: Outcome) {
        match &outcome {
            Outcome::Checked(f) => {
                if !f.continued {
                    self.started_a_file();
                }
                self.findings += f.findings.len();
            }
            Outcome::Skipped { .. } => self.started_a_file(),
        }
        if !self.bar.is_hidden() {
            let (files, findings) = self.counts();
            self.bar.set_message(format!("{files} files · {findings} findings"));
        }
        self.inner.outcome(outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use scanno::engine::FileResult;

    #[test]
    fn every_outcome_reaches_the_inner_sink_and_is_counted() {
        let mut seen = Vec::new();
        let mut inner = |o: Outcome| seen.push(matches!(o, Outcome::Checked(_)));
        let inputs = vec![Input::default(), Input::default()];
        let mut p = Progress::new(&mut inner, &inputs, false);
        let result = |continued: bool| FileResult {
            input: Input::default(),
            findings: vec![scanno::finding::Finding::new("r/x", scanno::finding::Severity::Warning, 0, 1, "m".into()); 3],
            source: None,
            continued,
        };
        p.outcome(Outcome::Checked(result(false)));
        p.outcome(Outcome::Checked(result(true)));
        p.outcome(Outcome::Skipped {
            message: "skipped".into(),
            io_error: false,
        });
        assert_eq!(p.counts(), (2, 6));
        p.finish();
        assert_eq!(seen, vec![true, true, false]);
    }
}
