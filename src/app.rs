//! The pipeline, in the order of DESIGN.md: discover → config and packs → compile → read and scan
//! in parallel (with corpus statistics) → corpus pass → post-process → emit. This is the only
//! module that knows that order.

use crate::config::{Config, IgnoreEntry};
use crate::corpus::CorpusStats;
use crate::document::Document;
use crate::finding::{sort_findings, Finding, Severity};
use crate::pack::{matches_selector, RuleSet};
use crate::tokenize::{tokens, Token};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Rules reported by the engine itself rather than by a pack.
pub const ENGINE_RULES: &[(&str, Severity, &str)] = &[
    (
        "encoding/legacy",
        Severity::Info,
        "The file is not UTF-8; it was decoded from the detected legacy encoding.",
    ),
    (
        "encoding/invalid-utf8",
        Severity::Warning,
        "An invalid byte sequence in a UTF-8 file; it is shown as U+FFFD and fixes never touch it.",
    ),
];

/// A file to check: its path on disk and as shown in output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub display: String,
    pub path: PathBuf,
}

#[derive(Debug)]
pub struct FileResult {
    pub path: String,
    pub findings: Vec<Finding>,
    /// The decoded text, kept when the output needs snippets.
    pub source: Option<Arc<String>>,
    /// A later part of the same file as the result before it (a large file is reported in
    /// parts, in order, so that its findings are not all held at once).
    pub continued: bool,
}

#[derive(Debug, Default)]
pub struct RunResult {
    pub files: Vec<FileResult>,
    /// Files skipped (binary, unreadable), with the reason.
    pub skipped: Vec<String>,
    /// Files that could not be read at all (I/O errors): the run exits 2.
    pub io_errors: usize,
}

impl RunResult {
    /// Adds one file's outcome.
    pub fn push(&mut self, outcome: crate::stream::Outcome) {
        match outcome {
            crate::stream::Outcome::Checked(f) => match self.files.last_mut() {
                Some(last) if f.continued && last.path == f.path => last.findings.extend(f.findings),
                _ => self.files.push(f),
            },
            crate::stream::Outcome::Skipped { message, io_error } => {
                self.skipped.push(message);
                if io_error {
                    self.io_errors += 1;
                }
            }
        }
    }

    pub fn findings(&self) -> impl Iterator<Item = (&str, &Finding)> {
        self.files.iter().flat_map(|f| f.findings.iter().map(move |x| (f.path.as_str(), x)))
    }

    pub fn count(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }
}

/// Discovers the files to check under `paths`, sorted. Files named explicitly are always
/// checked; folders are walked respecting `.gitignore` and the config's include/exclude globs.
pub fn discover(paths: &[PathBuf], config: &Config) -> Result<Vec<Input>, String> {
    let include = globset(&config.include)?;
    let exclude = globset(&config.exclude)?;
    let mut out = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(Input {
                display: display_path(root),
                path: root.clone(),
            });
            continue;
        }
        if !root.is_dir() {
            return Err(format!("{}: no such file or directory", root.display()));
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| e.to_string())?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let p = entry.path();
            let rel = p.strip_prefix(root).unwrap_or(p);
            if !include.is_match(rel) || exclude.is_match(rel) || exclude.is_match(p) {
                continue;
            }
            out.push(Input {
                display: display_path(p),
                path: p.to_path_buf(),
            });
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn globset(globs: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| format!("bad glob `{g}`: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

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
    /// Runs the whole pipeline on `inputs` (see `stream` for the order and memory bounds).
    pub fn run(&mut self, inputs: &[Input]) -> RunResult {
        let mut out = RunResult::default();
        self.run_each(inputs, &mut |o| out.push(o));
        out
    }

    /// Checks one decoded document with every rule; findings sorted and positioned.
    pub fn check_document(&self, doc: &Document, stats: &CorpusStats, ignores: &[CompiledIgnore]) -> FileResult {
        FileResult {
            path: doc.display_path.clone(),
            findings: self.document_findings(doc, stats, ignores),
            source: self.keep_source.then(|| Arc::new(doc.text.clone())),
            continued: false,
        }
    }

    /// Every check and the decoding notes of `doc`, post-processed: sorted and positioned.
    pub fn document_findings(&self, doc: &Document, stats: &CorpusStats, ignores: &[CompiledIgnore]) -> Vec<Finding> {
        let segs = crate::segment::segments(&doc.text, crate::segment::SPLIT_ABOVE, crate::segment::SEGMENT_TARGET);
        self.part_findings(doc, &segs, stats, ignores)
    }

    /// The findings of the segments `segs` of `doc` (consecutive, in order) and the decoding
    /// notes inside them, post-processed. No finding crosses a segment, so the parts of a
    /// document give, in order, the same findings as the whole.
    pub fn part_findings(
        &self,
        doc: &Document,
        segs: &[std::ops::Range<usize>],
        stats: &CorpusStats,
        ignores: &[CompiledIgnore],
    ) -> Vec<Finding> {
        let findings = self.raw_findings(doc, segs, stats);
        self.finish_part(doc, segs, findings, ignores)
    }

    /// The post-processing of `part_findings`: the decoding notes inside the segments `segs`
    /// added to their raw `findings`, then filtered, sorted and positioned.
    pub fn finish_part(
        &self,
        doc: &Document,
        segs: &[std::ops::Range<usize>],
        mut findings: Vec<Finding>,
        ignores: &[CompiledIgnore],
    ) -> Vec<Finding> {
        let (from, to) = match (segs.first(), segs.last()) {
            (Some(a), Some(b)) => (a.start, b.end),
            _ => (0, doc.text.len()),
        };
        for note in doc
            .notes
            .iter()
            .filter(|n| from <= n.start && (n.start < to || to == doc.text.len()))
        {
            let sev = ENGINE_RULES
                .iter()
                .find(|(id, _, _)| *id == note.rule)
                .map(|(_, s, _)| *s)
                .unwrap_or(Severity::Info);
            findings.push(Finding::new(note.rule, sev, note.start, note.end, note.message.clone()));
        }
        crate::timings::timed(
            self.timings.as_ref(),
            |t, d| t.add_work(crate::timings::Work::PostProcess, d),
            || self.post_process(doc, &mut findings, ignores),
        );
        findings
    }

    fn post_process(&self, doc: &Document, findings: &mut Vec<Finding>, ignores: &[CompiledIgnore]) {
        let filter = self.engine_rule_filter.as_deref();
        findings.retain(|f| filter.is_none_or(|en| en(&f.rule)));
        // A fix may never touch an invalid sequence (its U+FFFD stands for bytes we cannot re-create).
        if !doc.invalid.is_empty() {
            // The decoding note reports such a U+FFFD: another finding of it alone (a
            // replacement character, a stray mark) would report the same bytes twice.
            let decoded = |at: usize| doc.invalid.binary_search_by_key(&at, |&(p, _, _)| p).is_ok();
            findings.retain(|f| {
                f.rule == "encoding/invalid-utf8"
                    || f.start >= f.end
                    || !doc.text.get(f.start..f.end).is_some_and(|s| {
                        s.char_indices()
                            .all(|(i, c)| c == char::REPLACEMENT_CHARACTER && decoded(f.start + i))
                    })
            });
            for f in findings.iter_mut() {
                let touches = f.fix.as_ref().is_some_and(|fix| {
                    fix.edits
                        .iter()
                        .any(|e| doc.invalid.iter().any(|&(p, _, _)| e.start <= p + 3 && p < e.end.max(e.start + 1)))
                });
                if touches {
                    f.fix = None;
                }
            }
        }
        for f in findings.iter_mut() {
            let setting = self
                .config
                .rules
                .iter()
                .filter(|(k, _)| matches_selector(k, &f.rule))
                .max_by_key(|(k, _)| k.len())
                .and_then(|(_, v)| v.severity());
            if let Some(s) = setting {
                f.severity = s;
            }
        }
        findings.retain(|f| !ignores.iter().any(|ig| ig.matches(&doc.display_path, f, &doc.text)));
        crate::fix::demote_glued_words(&doc.text, findings);
        sort_findings(findings);
        // One fault, one finding: when two rules flag the same text with the same correction,
        // keep the stronger finding (higher severity, then safer fix, then rule order).
        dedupe_same_correction(findings);
        findings.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.rule == b.rule && a.message == b.message);
        crate::position::resolve(&doc.text, doc.lines(), findings);
    }
}

fn dedupe_same_correction(findings: &mut Vec<Finding>) {
    // (the correction: the first suggestion, or the fix's replacement when there is none)
    fn correction(f: &Finding) -> Option<&str> {
        f.suggestions.first().map(String::as_str).or_else(|| {
            f.fix
                .as_ref()
                .and_then(|x| (x.edits.len() == 1).then(|| x.edits[0].replacement.as_str()))
        })
    }
    fn key(f: &Finding) -> (usize, usize, Option<&str>) {
        (f.start, f.end, correction(f))
    }
    let strength = |f: &Finding| (f.severity, f.fix.as_ref().map(|x| x.applicability));
    let mut drop = vec![false; findings.len()];
    let mut i = 0;
    while i < findings.len() {
        // the run of findings with this span (sorted by start, end)
        let mut j = i + 1;
        while j < findings.len() && findings[j].start == findings[i].start && findings[j].end == findings[i].end {
            j += 1;
        }
        for a in i..j {
            if drop[a] || correction(&findings[a]).is_none() {
                continue;
            }
            for b in a + 1..j {
                if !drop[b] && key(&findings[a]) == key(&findings[b]) {
                    // keep the stronger of the two
                    if strength(&findings[b]) > strength(&findings[a]) {
                        drop[a] = true;
                        break;
                    }
                    drop[b] = true;
                }
            }
        }
        i = j;
    }
    // A finding without a fix inside a fixed finding that starts at the same place reports the
    // same fault (`[` never closed, inside `[19071` → `[1907]`).
    for a in 0..findings.len() {
        if drop[a] || findings[a].fix.is_some() {
            continue;
        }
        let covered = findings
            .iter()
            .enumerate()
            .skip(a.saturating_sub(8))
            .take(17)
            .any(|(b, g)| b != a && !drop[b] && g.fix.is_some() && g.start == findings[a].start && g.end >= findings[a].end);
        if covered {
            drop[a] = true;
        }
    }
    let mut k = 0;
    findings.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// An `[[ignore]]` entry, compiled.
pub struct CompiledIgnore {
    path: Option<GlobSet>,
    rule: Option<String>,
    text: Option<String>,
}

impl CompiledIgnore {
    fn matches(&self, path: &str, f: &Finding, text: &str) -> bool {
        self.path.as_ref().is_none_or(|g| g.is_match(path))
            && self.rule.as_ref().is_none_or(|r| matches_selector(r, &f.rule))
            && self.text.as_ref().is_none_or(|t| text.get(f.start..f.end) == Some(t.as_str()))
    }
}

pub fn compile_ignores(entries: &[IgnoreEntry]) -> Vec<CompiledIgnore> {
    entries
        .iter()
        .map(|e| CompiledIgnore {
            path: e.path.as_ref().and_then(|p| globset(std::slice::from_ref(p)).ok()),
            rule: e.rule.clone(),
            text: e.text.clone(),
        })
        .collect()
}

/// Checks a string as one document with the given engine (used by rule examples and tests).
pub fn check_text(engine: &Engine, path: &str, text: &str) -> Vec<Finding> {
    let doc = Document::from_str(path, text);
    let mut stats = CorpusStats::default();
    let toks: Vec<Token> = tokens(text).collect();
    stats.observe(path, text, &toks);
    engine.check_document(&doc, &stats, &[]).findings
}

pub fn prepare_for_text(engine: &mut Engine, text: &str) {
    let mut stats = CorpusStats::default();
    let toks: Vec<Token> = tokens(text).collect();
    stats.observe("example.txt", text, &toks);
    for c in engine.rules.checks.iter_mut() {
        c.prepare(&stats, &engine.config);
    }
}
