//! Every tuned number of scanno, named, in one place, each with one line of why: what it
//! trades, and on which data it was measured. A number that decides a finding, its severity or
//! its fix lives here, not inline in a check.
//!
//! Grouped by the part of the pipeline that reads it. "DEV" is the evaluation data of
//! `../shared/eval` (raw OCR newspapers and books); "books" is `../shared/eval/books.py`.

// ----- engine: scheduling and memory -----

// ----- lexicon: candidates, verdicts and severities -----

// ----- dates -----

// ----- other rule kinds -----
