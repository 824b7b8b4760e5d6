//! Scheduling with bounded memory: files are checked in parallel a few at a time, and each
//! file's result is handed to the sink in input order as soon as it and the files before it
//! are done. One file a thread is always under way; more are started only while the files
//! started and not yet handed over hold at most [`AHEAD_BYTES`] of input. A file that is cut
//! into segments (see `segment`) is checked alone, a few segments at a time, and handed over
//! part by part. So memory holds the findings of a few megabytes of input at a time, however
//! many findings a text has (raw OCR has one in every few words) and whatever the corpus size,
//! and output is identical at any thread count.

use super::gather::Cached;
use super::inputs::Input;
use super::post::CompiledIgnore;
use super::result::{FileResult, Outcome, Sink};
use super::Engine;
use crate::corpus::CorpusStats;
use crate::document::Document;
use crate::finding::Finding;
use crate::segment::{segments, SEGMENT_TARGET, SPLIT_ABOVE};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Input bytes of the files under way at once (more when one file is larger).
pub const AHEAD_BYTES: u64 = 4 << 20;
/// Files larger than this are checked and reported part by part: those that are cut into
/// segments.
pub const PART_ABOVE: u64 = SPLIT_ABOVE as u64;

impl Engine {
    /// Checks `inputs` (none of them checked in parts) in parallel, handing each outcome to
    /// `sink` in input order as soon as it is ready. One file a thread is under way at any
    /// size; more are started only while the files under way, with them, hold at most
    /// [`AHEAD_BYTES`] (`sizes`) and number at most a few a thread.
    pub(crate) fn check_files(
        &self,
        inputs: &[Input],
        sizes: &[u64],
        cached: &mut [Cached],
        stats: &CorpusStats,
        ignores: &[CompiledIgnore],
        sink: &mut dyn Sink,
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
            |_, outcome| sink.outcome(outcome),
        );
    }

    /// Checks a large document part by part (a few segments each, searched in parallel a few
    /// segments ahead), handing each part's findings to `sink` as soon as they are ready:
    /// memory holds the findings of a part and of the segments searched ahead of it (one per
    /// thread), not of the whole file.
    pub fn check_in_parts(&self, doc: Document, stats: &CorpusStats, ignores: &[CompiledIgnore], sink: &mut dyn Sink) {
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
        ignores: &[CompiledIgnore],
        sink: &mut dyn Sink,
    ) {
        let source = self.keep_source.then(|| Arc::new(doc.text.clone()));
        let input = Input::of(doc);
        let markup = self.markup(doc);
        let markup = &markup;
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
                move || self.raw_findings(doc, std::slice::from_ref(seg), markup, stats)
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
                    sink.outcome(Outcome::Checked(FileResult {
                        input: input.clone(),
                        findings,
                        source: source.clone(),
                        continued: p > 0,
                    }));
                }
            },
        );
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
