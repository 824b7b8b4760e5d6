//! Every tuned number of scanno, named, in one place, each with one line of why: what it
//! trades, and on which data it was measured. A number that decides a finding, its severity or
//! its fix lives here, not inline in a check.
//!
//! Grouped by the part of the pipeline that reads it. "DEV" is the evaluation data of
//! `../shared/eval` (raw OCR newspapers and books); "books" is `../shared/eval/books.py`.

// ----- engine: scheduling and memory -----

// ----- lexicon: candidates, verdicts and severities -----

// ----- dates -----

/// Days between the members of an unmarked pair for it to be read as Old and New Style (the
/// calendars differ by 10 to 13 days; a little either way for a misread day). Chosen by hand.
pub const DATES_UNMARKED_PAIR_GAP_DAYS: std::ops::RangeInclusive<i64> = 6..=20;
/// Days apart beyond which even a marked pair is no Old/New Style pair to check (a misparse,
/// or a range's ends). Chosen by hand.
pub const DATES_PAIR_MAX_GAP_DAYS: i64 = 40;
/// A reversed range's suggested year may lie at most this many years from the other end:
/// a lifetime's or a period's span, not a random digit. Chosen by hand.
pub const DATES_RANGE_FIX_MAX_YEARS: u32 = 10;
/// Suggestions kept for a reversed range, the corpus' most used years first.
pub const DATES_RANGE_MAX_SUGGESTIONS: usize = 3;

// ----- other rule kinds -----

/// `[[consistency]]` default `threshold`: the majority's share before the minority is reported
/// (lower reports documents that mix styles on purpose). Chosen by hand.
pub const CONSISTENCY_THRESHOLD: f64 = 0.8;
/// `[[consistency]]` default `min-majority`: a style seen fewer times is no house style yet.
pub const CONSISTENCY_MIN_MAJORITY: usize = 3;

/// `[[number]]`: fewer four-digit years than this in the corpus and the plausible range is
/// not inferred (1000 to 2100 stands).
pub const NUMBER_MIN_YEARS_TO_INFER: u64 = 5;
/// The rarest one in this many of the corpus' years (half at each end, 2 %) lie outside the
/// inferred plausible range: stray numbers and OCR faults, not the book's period.
pub const NUMBER_RARE_YEARS_ONE_IN: u64 = 50;
/// Years by which the inferred range is widened at each end. Chosen by hand.
pub const NUMBER_YEAR_MARGIN: u32 = 10;
/// Digit confusions combined in one candidate number (`implausible-year`, `letter-in-number`).
pub const NUMBER_MAX_CONFUSIONS: usize = 2;
/// Highest total confusion cost of a candidate year (`implausible-year`). Chosen by hand.
pub const NUMBER_YEAR_MAX_COST: f32 = 2.5;
/// Highest total confusion cost of a letter-free reading (`letter-in-number`): letters read
/// as digits are cheap confusions, so the bar is lower than a year's. Chosen by hand.
pub const NUMBER_LETTERS_MAX_COST: f32 = 2.0;
/// Weight of the log corpus count of a candidate year against its confusion cost: a year the
/// book uses wins over a slightly cheaper one it does not. Chosen by hand.
pub const NUMBER_YEAR_USE_WEIGHT: f32 = 0.5;
/// Candidate years kept as suggestions.
pub const NUMBER_YEAR_MAX_SUGGESTIONS: usize = 5;
/// Readings kept as suggestions for a number with letters.
pub const NUMBER_LETTERS_MAX_SUGGESTIONS: usize = 3;

/// `ocr/stray-mark` and `ocr/stray-letter`: the noise (share of unknown words over the noise
/// threshold) from which a lone `-`, `"`, `,`, `?`, `!` or capital is a speck, not print's own
/// dash, quotation or initial. Chosen by hand.
pub const STRAY_VERY_NOISY: f64 = 2.0;
/// `ocr/context-word`: the noise from which the smaller margin (`CONTEXT_MARGIN_VERY_NOISY`)
/// applies. Chosen by hand.
pub const CONTEXT_VERY_NOISY: f64 = 2.5;
/// The lexicon's bigram list keeps pairs seen at least this often; a pair it lacks was seen less.
pub const BIGRAM_FLOOR: f64 = 6_400_000.0;
/// Bigram counts are on a larger scale than word counts (a bigger corpus): about this factor.
pub const BIGRAM_SCALE: f64 = 60.0;
/// How many of the most frequent words are intended words of the context check.
pub const CONTEXT_TARGETS: usize = 1000;
/// The cost of a plain edit (insert, delete, substitute a letter) in the context check.
pub const CONTEXT_GENERIC_COST: f32 = 2.0;
/// Log-likelihood margin (nats) the intended word must win by, beyond twice its edit cost.
pub const CONTEXT_MARGIN: f64 = 5.0;
/// The margin in a proofread text, where a misreading is rare a priori.
pub const CONTEXT_MARGIN_PROOFREAD: f64 = 8.0;
/// The margin in very raw OCR (unknown words at 2.5 times the noise threshold or more).
pub const CONTEXT_MARGIN_VERY_NOISY: f64 = 3.0;
