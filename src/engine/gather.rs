//! The corpus statistics: one `gather` over the inputs, whose result the engine owns and hands
//! back with the results (fixes re-check by it; `scanno names` and `scanno stats` print it).
//! Documents are observed segment by segment in parallel and folded as they go; the merge is
//! commutative and associative, so statistics files of shards (`scanno stats`) merge to what
//! one run over the whole corpus gathers.

use super::inputs::Input;
use crate::corpus::CorpusStats;
use crate::document::{Document, ReadError};
use crate::markup::{Format, FormatSetting, Markup};
use crate::segment::{segments, SEGMENT_TARGET, SPLIT_ABOVE};
use crate::tokenize::tokens;
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Decoded documents kept from the statistics pass for the check pass.
pub const CACHE_BYTES: usize = 32 << 20;

/// A document decoded by the statistics pass, kept for the checks (`None`: read it again).
pub(crate) type Cached = Option<Result<Document, ReadError>>;

/// The statistics of one document, its segments observed in parallel.
pub fn observe_document(doc: &Document, format: FormatSetting) -> CorpusStats {
    gather_document(doc, format)
}

/// `observe_document`, before the statistics are finished. The document is read as the checks
/// read it: without its markup.
fn gather_document(doc: &Document, format: FormatSetting) -> CorpusStats {
    let segs = segments(&doc.text, SPLIT_ABOVE, SEGMENT_TARGET);
    let markup = Markup::of(&doc.text, Format::of(format, &doc.text));
    let observe_into = |s: &mut CorpusStats, r: &std::ops::Range<usize>| {
        let view = markup.view(&doc.text, r.clone());
        // (samples come in order: a long line's columns are counted once)
        let places = doc.lines().cursor(&doc.text);
        s.observe_placed(&doc.display_path, &view.text, tokens(&view.text), &|a, b| view.range(a, b), &|at| {
            places.line_col(at)
        });
    };
    // Each worker folds its segments into one accumulator: few merges of large maps.
    let mut stats = segs
        .par_iter()
        .fold(CorpusStats::default, |mut acc, r| {
            observe_into(&mut acc, r);
            acc
        })
        .reduce(CorpusStats::default, |mut a, b| {
            a.merge(b);
            a
        });
    stats.add_file();
    stats
}

/// The corpus statistics of `inputs` (files that cannot be read or decoded are left out).
pub fn gather(inputs: &[Input], format: FormatSetting) -> CorpusStats {
    gather_cached(inputs, format, 0).0
}

/// [`gather`], keeping up to `cache_bytes` of decoded documents for a following pass, and besides them
/// the one file larger than `cache_bytes` when there is only one (a run over one large file
/// then reads and decodes it once: it is held anyway while it is checked, and memory stays
/// bounded by the largest file plus the other files' budget).
pub(crate) fn gather_cached(inputs: &[Input], format: FormatSetting, cache_bytes: usize) -> (CorpusStats, Vec<Cached>) {
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
                return CorpusStats::default();
            };
            let s = gather_document(&doc, format);
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
        .reduce(CorpusStats::default, |mut a, b| {
            a.merge(b);
            a
        });
    let mut cached: Vec<Cached> = (0..inputs.len()).map(|_| None).collect();
    for (i, d) in cache.into_inner().unwrap_or_else(|e| e.into_inner()) {
        cached[i] = Some(Ok(d));
    }
    (stats, cached)
}

/// Reads statistics files written by `scanno stats` and merges them. A file that is not a
/// statistics file of this version is an error naming it.
pub fn load_stats(paths: &[std::path::PathBuf]) -> Result<CorpusStats, String> {
    let mut stats = CorpusStats::default();
    for p in paths {
        let bytes = crate::document::read_bounded(p, crate::document::LIST_LIMIT, true)
            .map_err(|e| format!("could not read {}: {e}", p.display()))?;
        stats.merge(CorpusStats::read_file(&bytes).map_err(|e| format!("{}: {e}", p.display()))?);
    }
    Ok(stats)
}
