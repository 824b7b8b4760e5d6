//! Running the engine over many files with bounded memory: the corpus-statistics pass, then the
//! checks, in parallel, with results handed over in input order as they are ready.
//!
//! Files are checked in parallel a few at a time, and each file's result is handed to the
//! caller's sink in input order as soon as it and the files before it are done. One file a
//! thread is always under way; more are started only while the files started and not yet
//! handed over hold at most [`AHEAD_BYTES`] of input. A file that is cut into segments (see `segment`)
//! is checked alone, a few segments at a time, and handed over part by part. So memory holds
//! the findings of a few megabytes of input at a time, however many findings a text has (raw
//! OCR has one in every few words) and whatever the corpus size, and output is identical at
//! any thread count.

use crate::app::{compile_ignores, Engine, FileResult, Input};
use crate::corpus::{CorpusStats, Gathering};
use crate::document::{Document, ReadError};
use crate::finding::Finding;
use crate::rule_kinds::CheckContext;
use crate::segment::{segments, SEGMENT_TARGET, SPLIT_ABOVE};
use crate::timings::{timed, Stage, Work};
use crate::tokenize::{paragraphs, tokens, Token};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Input bytes of the files under way at once (more when one file is larger).
pub const AHEAD_BYTES: u64 = 4 << 20;
/// Files larger than this are checked and reported part by part: those that are cut into
/// segments.
pub const PART_ABOVE: u64 = SPLIT_ABOVE as u64;
/// Decoded documents kept from the statistics pass for the check pass.
pub const CACHE_BYTES: usize = 32 << 20;

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
    fn skipped(e: ReadError) -> Outcome {
        Outcome::Skipped {
            io_error: !matches!(e, ReadError::Binary { .. }),
            message: e.to_string(),
        }
    }
}

type Cached = Option<Result<Document, ReadError>>;

impl Engine {
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
                || gather_stats(inputs, CACHE_BYTES),
                || wants_lexicon.then(|| crate::lexicon::Dictionary::for_language(language)),
            );
            cached = docs;
            // Documents are held through the rules' preparation only while the vocabulary is
            // small beside them (under one form in 256 bytes of text kept): the prepared rules
            // grow with the vocabulary, and the documents of a noisy OCR corpus are read again
            // rather than held with them.
            let kept: usize = cached.iter().flatten().flatten().map(|d| d.text.len()).sum();
            if stats.forms.len() > kept / 256 {
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
        let slim = CorpusStats {
            lexicon_language: Some(crate::rule_kinds::lexicon::corpus_in_lexicon_language(&stats)),
            files: stats.files,
            tokens: stats.tokens,
            years: stats.years,
            ..CorpusStats::default()
        };
        (slim, cached)
    }

    /// Runs the pipeline on `inputs`, handing each file's outcome to `sink` in input order.
    pub fn run_each(&mut self, inputs: &[Input], sink: &mut dyn FnMut(Outcome)) {
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
                    Err(e) => sink(Outcome::skipped(e)),
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
    }

    /// Checks `inputs` (none of them checked in parts) in parallel, handing each outcome to
    /// `sink` in input order as soon as it is ready. One file a thread is under way at any
    /// size; more are started only while the files under way, with them, hold at most
    /// [`AHEAD_BYTES`] (`sizes`) and number at most a few a thread.
    fn check_files(
        &self,
        inputs: &[Input],
        sizes: &[u64],
        cached: &mut [Cached],
        stats: &CorpusStats,
        ignores: &[crate::app::CompiledIgnore],
        sink: &mut dyn FnMut(Outcome),
    ) {
        let threads = rayon::current_num_threads().max(1);
        in_order(
            inputs.len(),
            |done, next| may_start(next - done, sizes[done..next].iter().sum(), sizes[next], threads),
            |k| {
                let (doc, input) = (cached[k].take(), &inputs[k]);
                move || match doc.unwrap_or_else(|| self.read(input)) {
                    Ok(d) => Outcome::Checked(self.check_owned(d, stats, ignores)),
                    Err(e) => Outcome::skipped(e),
                }
            },
            |_, outcome| sink(outcome),
        );
    }

    /// Reads and decodes a file for the checks.
    fn read(&self, input: &Input) -> Result<Document, ReadError> {
        timed(
            self.timings.as_ref(),
            |t, d| t.add_work(Work::Read, d),
            || Document::read(&input.path, input.display.clone()),
        )
    }

    /// Checks a document the caller no longer needs (its text moves into the result when the
    /// output needs snippets).
    pub fn check_owned(&self, doc: Document, stats: &CorpusStats, ignores: &[crate::app::CompiledIgnore]) -> FileResult {
        let findings = self.document_findings(&doc, stats, ignores);
        FileResult {
            path: doc.display_path,
            findings,
            source: self.keep_source.then(|| Arc::new(doc.text)),
            continued: false,
        }
    }

    /// Checks a large document part by part (a few segments each, searched in parallel a few
    /// segments ahead), handing each part's findings to `sink` as soon as they are ready:
    /// memory holds the findings of a part and of the segments searched ahead of it (one per
    /// thread), not of the whole file.
    pub fn check_in_parts(
        &self,
        doc: Document,
        stats: &CorpusStats,
        ignores: &[crate::app::CompiledIgnore],
        sink: &mut dyn FnMut(Outcome),
    ) {
        let segs = segments(&doc.text, SPLIT_ABOVE, SEGMENT_TARGET);
        let per_part = rayon::current_num_threads().max(2);
        self.check_parts(&doc, &segs, per_part, stats, ignores, sink);
    }

    /// `check_in_parts` with the segments, and the number of segments in a part, given.
    pub fn check_parts(
        &self,
        doc: &Document,
        segs: &[std::ops::Range<usize>],
        per_part: usize,
        stats: &CorpusStats,
        ignores: &[crate::app::CompiledIgnore],
        sink: &mut dyn FnMut(Outcome),
    ) {
        let source = self.keep_source.then(|| Arc::new(doc.text.clone()));
        let per_part = per_part.max(1);
        // Segments are searched in the pool ahead of the part being post-processed and handed
        // to the sink here, one segment a task: a worker that finishes a segment takes the next
        // one at once, and does not wait at a part's end for a slower segment. (A part's
        // findings are its segments' in order, so parts are the same whatever the schedule.)
        let ahead = per_part.saturating_add(rayon::current_num_threads());
        let mut findings: Vec<Finding> = Vec::new();
        in_order(
            segs.len(),
            |done, next| next - done < ahead,
            |k| {
                let seg = &segs[k];
                move || self.raw_findings(doc, std::slice::from_ref(seg), stats)
            },
            |k, found| {
                if findings.is_empty() {
                    findings = found;
                } else {
                    findings.extend(found);
                }
                // (a part ends at every `per_part`-th segment and at the last)
                if (k + 1) % per_part == 0 || k + 1 == segs.len() {
                    let p = k / per_part;
                    let part = &segs[p * per_part..=k];
                    let findings = self.finish_part(doc, part, std::mem::take(&mut findings), ignores);
                    sink(Outcome::Checked(FileResult {
                        path: doc.display_path.clone(),
                        findings,
                        source: source.clone(),
                        continued: p > 0,
                    }));
                }
            },
        );
    }

    /// Every check over `doc`, segment by segment for a large document; findings in document
    /// offsets, in no particular order (the caller sorts).
    pub fn raw_findings(&self, doc: &Document, segs: &[std::ops::Range<usize>], stats: &CorpusStats) -> Vec<Finding> {
        let run = |range: &std::ops::Range<usize>| -> Vec<Finding> {
            let text = &doc.text[range.clone()];
            // (the token vector of the thread's previous segment is reused: a fresh one is
            // megabytes of memory faulted in, segment after segment)
            let timings = self.timings.as_ref();
            let mut toks: Vec<Token> = TOKENS.with(|b| std::mem::take(&mut *b.borrow_mut()));
            let paras = timed(
                timings,
                |t, d| t.add_work(Work::Tokenize, d),
                || {
                    toks.clear();
                    toks.extend(tokens(text));
                    paragraphs(text)
                },
            );
            let cx = CheckContext::new(&doc.display_path, text, &toks, &paras, stats, &self.config, &self.rules.checks);
            let mut out = Vec::new();
            for (k, check) in self.rules.checks.iter().enumerate() {
                timed(timings, |t, d| t.add_check(k, false, d), || check.check(&cx, &mut out));
            }
            if range.start > 0 {
                for f in &mut out {
                    shift(f, range.start);
                }
            }
            // (kept for the next segment unless an unsplit document made it large: memory a
            // worker holds must not grow with the largest document it ever saw)
            if toks.capacity() <= 1 << 19 {
                TOKENS.with(|b| *b.borrow_mut() = toks);
            }
            out
        };
        if segs.len() == 1 {
            return run(&segs[0]);
        }
        let parts: Vec<Vec<Finding>> = segs.par_iter().map(run).collect();
        parts.into_iter().flatten().collect()
    }
}

/// May a file of `size` bytes be started while `under_way` files holding `held` bytes are
/// started and not yet handed over, with `threads` workers? One a thread at any size (so every
/// worker has a file), and up to four a thread (at least eight) while they hold at most
/// [`AHEAD_BYTES`] in all (so a worker that finishes a small file takes the next at once).
fn may_start(under_way: usize, held: u64, size: u64, threads: usize) -> bool {
    under_way < threads || (under_way < (threads * 4).max(8) && held.saturating_add(size) <= AHEAD_BYTES)
}

/// Runs `count` tasks in the pool and hands their results to `take` in order, each as soon as
/// it and those before it are done. `start(k)`, on the calling thread, makes task `k`; it is
/// started while `may_start(done, k)` allows, `done` being the number of results handed over
/// (the task awaited next is always started). A panic in a task is handed over with its result
/// and raised here, not left to end the scope while the result is awaited.
fn in_order<T: Send, F: FnOnce() -> T + Send>(
    count: usize,
    mut may_start: impl FnMut(usize, usize) -> bool,
    mut start: impl FnMut(usize) -> F,
    mut take: impl FnMut(usize, T),
) {
    let (tx, rx) = std::sync::mpsc::channel::<(usize, std::thread::Result<T>)>();
    rayon::in_place_scope(|s| {
        let mut next = 0;
        // (started before the awaited result is handed over: the pool is kept busy meanwhile)
        let mut top_up = |done: usize, next: &mut usize| {
            while *next < count && (*next == done || may_start(done, *next)) {
                let (k, task, tx) = (*next, start(*next), tx.clone());
                s.spawn(move |_| {
                    let _ = tx.send((k, std::panic::catch_unwind(std::panic::AssertUnwindSafe(task))));
                });
                *next += 1;
            }
        };
        let mut ready: FxHashMap<usize, T> = FxHashMap::default();
        for done in 0..count {
            top_up(done, &mut next);
            let result = loop {
                if let Some(r) = ready.remove(&done) {
                    break r;
                }
                let (k, r) = next_result(&rx);
                ready.insert(k, r.unwrap_or_else(|e| std::panic::resume_unwind(e)));
            };
            top_up(done + 1, &mut next);
            take(done, result);
        }
    });
}

/// The next result sent to `rx`. A worker of the pool runs the pool's other tasks while it
/// waits (with one thread, the segments it waits for are among them); another thread waits
/// on the channel, waking every millisecond to look again.
fn next_result<T>(rx: &std::sync::mpsc::Receiver<T>) -> T {
    loop {
        match rx.try_recv() {
            Ok(x) => return x,
            Err(_) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    if let Ok(x) = rx.recv_timeout(std::time::Duration::from_millis(1)) {
                        return x;
                    }
                }
            }
        }
    }
}

thread_local! {
    /// A worker's token vector, kept from one segment to the next.
    static TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Moves a finding found in a segment to its place in the whole document.
fn shift(f: &mut Finding, by: usize) {
    f.start += by;
    f.end += by;
    if let Some(fix) = &mut f.fix {
        for e in &mut fix.edits {
            e.start += by;
            e.end += by;
        }
    }
    for r in &mut f.related {
        if r.path.is_none() {
            r.start += by;
            r.end += by;
        }
    }
}

/// The statistics of one document, its segments observed in parallel.
pub fn observe_document(doc: &Document) -> CorpusStats {
    gather_document(doc).finish()
}

/// `observe_document`, before the statistics are finished.
fn gather_document(doc: &Document) -> Gathering {
    let segs = segments(&doc.text, SPLIT_ABOVE, SEGMENT_TARGET);
    let observe_into = |s: &mut Gathering, r: &std::ops::Range<usize>| {
        let base = r.start;
        let toks = tokens(&doc.text[r.clone()]).map(|t| Token {
            start: t.start + base,
            end: t.end + base,
            kind: t.kind,
        });
        s.observe_tokens(&doc.display_path, &doc.text, toks);
    };
    // Each worker folds its segments into one accumulator: few merges of large maps.
    let mut stats = segs
        .par_iter()
        .fold(Gathering::default, |mut acc, r| {
            observe_into(&mut acc, r);
            acc
        })
        .reduce(Gathering::default, |mut a, b| {
            a.merge(b);
            a
        });
    stats.add_file();
    stats
}

/// The corpus statistics of `inputs` (files that cannot be read or decoded are left out),
/// keeping up to `cache_bytes` of decoded documents for a following pass, and besides them
/// the one file larger than `cache_bytes` when there is only one (a run over one large file
/// then reads and decodes it once: it is held anyway while it is checked, and memory stays
/// bounded by the largest file plus the other files' budget).
pub fn gather_stats(inputs: &[Input], cache_bytes: usize) -> (CorpusStats, Vec<Cached>) {
    let budget = AtomicUsize::new(cache_bytes);
    let cache: Mutex<Vec<(usize, Document)>> = Mutex::new(Vec::new());
    let sole_large = if cache_bytes > 0 {
        let mut large = inputs
            .iter()
            .enumerate()
            .filter(|(_, i)| std::fs::metadata(&i.path).is_ok_and(|m| m.len() > cache_bytes as u64))
            .map(|(k, _)| k);
        match (large.next(), large.next()) {
            (Some(k), None) => Some(k),
            _ => None,
        }
    } else {
        None
    };
    // Folded as it goes: no per-file statistics are held until the end.
    let stats = inputs
        .par_iter()
        .enumerate()
        .map(|(i, input)| {
            let Ok(doc) = Document::read(&input.path, input.display.clone()) else {
                return Gathering::default();
            };
            let s = gather_document(&doc);
            let size = doc.text.len();
            if sole_large == Some(i)
                || budget
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| left.checked_sub(size))
                    .is_ok()
            {
                cache.lock().unwrap_or_else(|e| e.into_inner()).push((i, doc));
            }
            s
        })
        .reduce(Gathering::default, |mut a, b| {
            a.merge(b);
            a
        })
        .finish();
    let mut cached: Vec<Cached> = (0..inputs.len()).map(|_| None).collect();
    for (i, d) in cache.into_inner().unwrap_or_else(|e| e.into_inner()) {
        cached[i] = Some(Ok(d));
    }
    (stats, cached)
}

/// Reads statistics files written by `scanno stats` and merges them.
pub fn load_stats(paths: &[std::path::PathBuf]) -> Result<CorpusStats, String> {
    let mut stats = CorpusStats::default();
    for p in paths {
        let file = std::fs::File::open(p).map_err(|e| format!("could not read {}: {e}", p.display()))?;
        let s: CorpusStats = serde_json::from_reader(std::io::BufReader::new(file))
            .map_err(|e| format!("{}: not a scanno statistics file: {e}", p.display()))?;
        stats.merge(s);
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_under_way_are_bounded_by_bytes_and_count() {
        const MB: u64 = 1 << 20;
        // one file a thread, whatever its size
        assert!(may_start(0, 0, 3 * MB, 1));
        assert!(may_start(1, 3 * MB, 3 * MB, 2));
        assert!(may_start(2, 30 * MB, 10 * MB, 3));
        // beyond that, only within the byte budget
        assert!(!may_start(2, 3 * MB, 3 * MB, 2));
        assert!(!may_start(1, AHEAD_BYTES, 1, 1));
        assert!(may_start(2, 2 * MB, 2 * MB, 2));
        assert!(!may_start(2, 2 * MB, 2 * MB + 1, 2));
        // and a few files a thread
        assert!(may_start(7, 7, 1, 2));
        assert!(!may_start(8, 8, 1, 2));
        assert!(may_start(15, 15, 1, 4));
        assert!(!may_start(16, 16, 1, 4));
        // (sizes that would overflow are refused, not wrapped)
        assert!(!may_start(1, u64::MAX, 2, 1));
    }
}
