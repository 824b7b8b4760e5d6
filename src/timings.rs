//! `check --timings`: where a run's time goes, printed on standard error after the run.
//!
//! Two views, both measured in the run itself (no sampling, no second run):
//! - the run's **stages** in wall-clock time: the statistics pass (reading, decoding and
//!   counting the corpus, with the lexicon loaded beside it), the checks' preparation, and the
//!   checking with its output;
//! - the **work** of the checking stage, summed over the worker threads: tokenising, each check
//!   (a check is one rule, or a family of rules that share one pass, such as the lexicon's
//!   `ocr/*` rules), post-processing (sorting, positions, ignores), reading the files again and
//!   writing the output.
//!
//! A check's time includes what it asks of the document first (the lexicon's noise measure is
//! counted to the first check that needs it). Timing is off unless asked for: the engine then
//! makes no clock reading.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Work of the checking stage that is not a check's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// Reading and decoding files for the checks (after the statistics pass).
    Read,
    /// Splitting segments into tokens and paragraphs.
    Tokenize,
    /// Sorting findings, positions, ignores, deduplication.
    PostProcess,
    /// Formatting and writing the findings.
    Output,
}

/// The names of `Work`, in its order.
const WORK: [&str; 4] = ["reading and decoding", "tokenising", "post-processing", "output"];

/// Wall-clock stages of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Statistics,
    Prepare,
    Check,
}

/// The names of `Stage`, in its order.
const STAGES: [&str; 3] = ["statistics pass", "preparation", "checking and output"];

/// Time gathered during one run (nanoseconds; updated from any thread).
pub struct Timings {
    started: Instant,
    stages: [AtomicU64; 3],
    work: [AtomicU64; 4],
    /// Per check, in the rule set's order: its label, preparation and check time.
    checks: Vec<(String, AtomicU64, AtomicU64)>,
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

fn secs(n: u64) -> f64 {
    n as f64 / 1e9
}

impl Timings {
    /// Timings for a run of checks with these labels (see `label`).
    pub fn new(labels: Vec<String>) -> Timings {
        Timings {
            started: Instant::now(),
            stages: Default::default(),
            work: Default::default(),
            checks: labels.into_iter().map(|l| (l, AtomicU64::new(0), AtomicU64::new(0))).collect(),
        }
    }

    /// A check's label: its rule when it has one, else its kind and rules (`lexicon: ocr/non-word,
    /// ocr/split-word +5`).
    pub fn label(kind: &str, ids: &[&str]) -> String {
        match ids {
            [] => kind.to_string(),
            [one] => (*one).to_string(),
            [a, b] => format!("{kind}: {a}, {b}"),
            [a, b, rest @ ..] => format!("{kind}: {a}, {b} +{}", rest.len()),
        }
    }

    pub fn add_stage(&self, stage: Stage, d: Duration) {
        self.stages[stage as usize].fetch_add(nanos(d), Ordering::Relaxed);
    }

    pub fn add_work(&self, work: Work, d: Duration) {
        self.work[work as usize].fetch_add(nanos(d), Ordering::Relaxed);
    }

    /// Adds to check `k`'s preparation (`prepare`) or check time.
    pub fn add_check(&self, k: usize, prepare: bool, d: Duration) {
        if let Some((_, p, c)) = self.checks.get(k) {
            if prepare { p } else { c }.fetch_add(nanos(d), Ordering::Relaxed);
        }
    }

    /// The report: stages, then the checking stage's work by item, largest first.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let wall = self.started.elapsed();
        let mut s = String::new();
        let _ = writeln!(s, "timings: {:.2} s wall in all", wall.as_secs_f64());
        let _ = writeln!(s, "  stage (wall-clock)                                   seconds");
        for (name, t) in STAGES.iter().zip(&self.stages) {
            let _ = writeln!(s, "  {name:<52} {:>7.2}", secs(t.load(Ordering::Relaxed)));
        }
        let mut rows: Vec<(String, u64, u64)> = self
            .checks
            .iter()
            .map(|(l, p, c)| (l.clone(), p.load(Ordering::Relaxed), c.load(Ordering::Relaxed)))
            .collect();
        rows.extend(
            WORK.iter()
                .zip(&self.work)
                .map(|(name, t)| (format!("({name})"), 0, t.load(Ordering::Relaxed))),
        );
        rows.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        let total: u64 = rows.iter().map(|r| r.2).sum::<u64>().max(1);
        let _ = writeln!(s, "  work (summed over threads)                 prepare   check   share");
        for (label, p, c) in rows {
            let label: String = if label.chars().count() > 42 {
                label.chars().take(41).chain(['…']).collect()
            } else {
                label
            };
            let prepare = if p > 0 {
                format!("{:>7.2}", secs(p))
            } else {
                "      -".to_string()
            };
            let _ = writeln!(
                s,
                "  {label:<42} {prepare} {:>7.2} {:>6.1} %",
                secs(c),
                100.0 * c as f64 / total as f64
            );
        }
        s
    }
}

/// Runs `f`, adding its time to `add` when timing is on.
pub fn timed<R>(on: Option<&Timings>, add: impl FnOnce(&Timings, Duration), f: impl FnOnce() -> R) -> R {
    match on {
        Some(t) => {
            let start = Instant::now();
            let r = f();
            add(t, start.elapsed());
            r
        }
        None => f(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_the_rules() {
        assert_eq!(
            Timings::label("pattern", &["typography/space-before-period"]),
            "typography/space-before-period"
        );
        assert_eq!(
            Timings::label("lexicon", &["ocr/non-word", "ocr/split-word"]),
            "lexicon: ocr/non-word, ocr/split-word"
        );
        assert_eq!(Timings::label("lexicon", &["a", "b", "c", "d"]), "lexicon: a, b +2");
    }

    #[test]
    fn report_sorts_work_and_sums_shares() {
        let t = Timings::new(vec!["small".into(), "large".into()]);
        t.add_check(0, false, Duration::from_millis(100));
        t.add_check(1, false, Duration::from_millis(300));
        t.add_check(1, true, Duration::from_millis(50));
        t.add_work(Work::Tokenize, Duration::from_millis(100));
        t.add_stage(Stage::Statistics, Duration::from_millis(250));
        let r = t.render();
        let large = r.find("large").unwrap();
        let small = r.find("small").unwrap();
        assert!(large < small, "{r}");
        assert!(r.contains("   0.05    0.30   60.0 %"), "{r}");
        assert!(r.contains("(tokenising)"), "{r}");
        assert!(r.contains("statistics pass") && r.contains("0.25"), "{r}");
        // a check index out of range is ignored
        t.add_check(9, false, Duration::from_secs(1));
        assert!(!t.render().contains("1.00"));
    }
}
