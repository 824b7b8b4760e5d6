//! The engine: the one place that knows the order of the pipeline (docs/ARCHITECTURE.md).
//!
//! 1. [`inputs`]: which files (the caller discovers them: [`inputs::discover`]).
//! 2. [`gather`]: the corpus statistics, one pass over every input (or the `--stats` given).
//! 3. prepare: every check once, with the statistics (`Check::prepare`).
//! 4. [`check`]: each document's facts, then every check, in parallel ([`schedule`]: in input
//!    order, with bounded memory).
//! 5. [`post`]: selection, severity overrides, ignores, one finding per fault, positions.
//! 6. sinks: each file's [`FileResult`] handed to a [`Sink`] in input order (an emitter, or a
//!    [`RunResult`] for the workflow steps), with the statistics returned at the end.
//!
//! The engine reads the input files; it writes nothing. Settings come in loaded and validated
//! (`config`, `pack`) and are not changed here.

pub mod check;
pub mod gather;
pub mod inputs;
pub mod post;
pub mod result;
pub mod schedule;

pub use inputs::{discover, Input};
pub use post::{compile_ignores, CompiledIgnore, ENGINE_RULES};
pub use result::{FileResult, Outcome, RunResult, Sink};

use crate::config::Config;
use crate::corpus::CorpusStats;
use crate::document::Document;
use crate::finding::Finding;
use crate::pack::{matches_selector, RuleSet};
use crate::timings::{timed, Stage};
use gather::{gather_cached, Cached, CACHE_BYTES};
use rayon::prelude::*;
use schedule::PART_ABOVE;
use std::sync::Arc;

/// What to run and how.
pub struct Engine {
    pub config: Config,
    pub rules: RuleSet,
    pub keep_source: bool,
    /// Statistics of the whole corpus given with `--stats` (then no first pass is made).
    pub external_stats: Option<CorpusStats>,
    /// Where the run's time goes (`check --timings`); off (no clock read) when `None`.
    pub timings: Option<crate::timings::Timings>,
    engine_rule_filter: Option<RuleFilter>,
}

type RuleFilter = Box<dyn Fn(&str) -> bool + Send + Sync>;

impl Engine {
    /// Applies `select`/`ignore` selectors and the config's `[rules]` settings. Returns the
    /// selectors that match no rule (usage errors).
    pub fn select(&mut self, select: &[String], ignore: &[String]) -> Vec<String> {
        let mut unknown: Vec<String> = select
            .iter()
            .chain(ignore.iter())
            .filter(|s| !self.rules.knows(s) && !ENGINE_RULES.iter().any(|(id, _, _)| matches_selector(s, id)))
            .cloned()
            .collect();
        unknown.dedup();
        let select: Vec<String> = select.iter().chain(self.config.select.iter()).cloned().collect();
        let ignore: Vec<String> = ignore.iter().chain(self.config.ignore_rules.iter()).cloned().collect();
        let settings = self.config.rules.clone();
        let enabled = move |id: &str| -> bool {
            if !select.is_empty() && !select.iter().any(|s| matches_selector(s, id)) {
                return false;
            }
            if ignore.iter().any(|s| matches_selector(s, id)) {
                return false;
            }
            // The most specific `[rules]` entry wins.
            let setting = settings
                .iter()
                .filter(|(k, _)| matches_selector(k, id))
                .max_by_key(|(k, _)| k.len())
                .map(|(_, v)| *v);
            setting != Some(crate::config::RuleSetting::Off)
        };
        self.rules.retain(&enabled);
        self.engine_rule_filter = Some(Box::new(enabled));
        unknown
    }

    pub fn new(config: Config, rules: RuleSet) -> Engine {
        Engine {
            config,
            rules,
            keep_source: false,
            external_stats: None,
            timings: None,
            engine_rule_filter: None,
        }
    }
}

impl Engine {
    /// Runs the pipeline on `inputs`, handing each file's outcome to `sink` in input order.
    /// Returns the corpus statistics the run judged by (the counts and years the checks read;
    /// the vocabulary lives on in the prepared rules).
    pub fn run(&mut self, inputs: &[Input], sink: &mut dyn Sink) -> Arc<CorpusStats> {
        let (stats, mut cached) = self.prepare_corpus(inputs);
        let started = std::time::Instant::now();
        let ignores = compile_ignores(&self.config.ignore);
        // (each file's size read once)
        let sizes: Vec<u64> = inputs
            .iter()
            .map(|i| std::fs::metadata(&i.path).map(|m| m.len()).unwrap_or(0))
            .collect();
        let mut i = 0;
        while i < inputs.len() {
            if sizes[i] > PART_ABOVE {
                // A large file alone, part by part.
                let input = &inputs[i];
                match cached[i].take().unwrap_or_else(|| self.read(input)) {
                    Ok(d) => self.check_in_parts(d, &stats, &ignores, sink),
                    Err(e) => sink.outcome(Outcome::skipped(e)),
                }
                i += 1;
                continue;
            }
            let mut j = i;
            while j < inputs.len() && sizes[j] <= PART_ABOVE {
                j += 1;
            }
            self.check_files(&inputs[i..j], &sizes[i..j], &mut cached[i..j], &stats, &ignores, sink);
            i = j;
        }
        if let Some(t) = &self.timings {
            t.add_stage(Stage::Check, started.elapsed());
        }
        Arc::new(stats)
    }

    /// Runs the pipeline on `inputs` and collects every result.
    pub fn collect(&mut self, inputs: &[Input]) -> RunResult {
        let mut out = RunResult::default();
        let stats = self.run(inputs, &mut out);
        out.stats = stats;
        out
    }

    /// The corpus statistics of a run: the `--stats` files given (which describe the whole
    /// corpus), else a first pass over `inputs` when a check needs them. Rules are prepared
    /// with them. Returns the statistics and the documents kept from the pass.
    pub fn prepare_corpus(&mut self, inputs: &[Input]) -> (CorpusStats, Vec<Cached>) {
        let needs_corpus = self.rules.checks.iter().any(|c| c.needs_corpus());
        let timings = self.timings.as_ref();
        let started = std::time::Instant::now();
        let mut cached: Vec<Cached> = (0..inputs.len()).map(|_| None).collect();
        let stats = if let Some(s) = &self.external_stats {
            s.clone()
        } else if needs_corpus {
            // The lexicon (which the lexicon check's preparation needs first) is parsed while
            // the statistics are gathered, on another worker: a large file is read and decoded
            // by one thread before its statistics are gathered in parallel.
            let wants_lexicon = self.rules.checks.iter().any(|c| c.rules().iter().any(|m| m.kind == "lexicon"));
            let language = &self.config.language;
            let ((stats, docs), _) = rayon::join(
                || gather_cached(inputs, self.config.format, CACHE_BYTES),
                || wants_lexicon.then(|| crate::lexicon::Dictionary::for_language(language)),
            );
            cached = docs;
            // Documents are held through the rules' preparation only while the vocabulary is
            // small beside them (under one form in 256 bytes of text kept): the prepared rules
            // grow with the vocabulary, and the documents of a noisy OCR corpus are read again
            // rather than held with them.
            let kept: usize = cached.iter().flatten().flatten().map(|d| d.text.len()).sum();
            if stats.distinct_forms() > kept / 256 {
                cached.iter_mut().for_each(|c| *c = None);
            }
            stats
        } else {
            return (CorpusStats::default(), cached);
        };
        if let Some(t) = timings {
            t.add_stage(Stage::Statistics, started.elapsed());
        }
        // (each check prepares itself alone: in parallel)
        let config = &self.config;
        let started = std::time::Instant::now();
        self.rules.checks.par_iter_mut().enumerate().for_each(|(k, c)| {
            timed(timings, |t, d| t.add_check(k, true, d), || c.prepare(&stats, config));
        });
        if let Some(t) = timings {
            t.add_stage(Stage::Prepare, started.elapsed());
        }
        // The checks read only the counts and the years; the vocabulary lives on in the
        // prepared rules.
        let in_language = crate::rule_kinds::facts::corpus_in_lexicon_language(&stats);
        (stats.without_forms(in_language), cached)
    }
}

/// Checks a string as one document with the given engine, judged by its own statistics (used
/// by rule examples and tests).
pub fn check_text(engine: &Engine, path: &str, text: &str) -> Vec<Finding> {
    let doc = Document::from_str(path, text);
    let stats = gather::observe_document(&doc, engine.config.format);
    engine.check_document(&doc, &stats, &[]).findings
}

/// Prepares the engine's checks with the statistics of `text` alone.
pub fn prepare_for_text(engine: &mut Engine, text: &str) {
    let stats = gather::observe_document(&Document::from_str("example.txt", text), engine.config.format);
    for c in engine.rules.checks.iter_mut() {
        c.prepare(&stats, &engine.config);
    }
}
