//! Every tuned number of scanno, named, in one place, each with one line of why: what it
//! trades, and on which data it was measured. A number that decides a finding, its severity or
//! its fix lives here, not inline in a check.
//!
//! Grouped by the part of the pipeline that reads it. "DEV" is the evaluation data of
//! `../shared/eval` (raw OCR newspapers and books); "books" is `../shared/eval/books.py`.

// ----- engine: scheduling and memory -----

// ----- lexicon: candidates, verdicts and severities -----
//
// The `[[lexicon]]` kind (`rule_kinds/lexicon/`), the document facts it judges (language,
// noise), and the kinds that read them (`real-word`, `names`, `spelling`). Chosen by hand
// unless a line says otherwise; dictionary frequencies are the embedded list's counts.

// -- rule settings and the candidate search --

/// The default `max-cost` of `[[lexicon]]`: the most confusion cost a candidate may be from
/// an unknown word (higher finds more readings and more wrong ones).
pub const DEFAULT_MAX_COST: f32 = 2.5;
/// The upper bound of `max-cost` (a search beyond it costs time and finds only noise).
pub const MAX_COST_LIMIT: f32 = 10.0;
/// The default `generic-cost`: the cost of one plain edit (not a named confusion), dearer
/// than the cheap confusions so that they rank first.
pub const DEFAULT_GENERIC_COST: f32 = 1.6;
/// Tokens longer than this are not searched for candidates (the search would cost more than it
/// could find).
pub const MAX_WORD_CHARS: usize = 32;
/// A thorough search tries two confusion edits only on words up to this many bytes (the search
/// grows with the square of the length).
pub const TWO_CONFUSIONS_MAX_LEN: usize = 6;
/// A thorough search tries a plain edit after a cheap confusion only on words up to this many
/// bytes.
pub const PLAIN_AFTER_CONFUSION_MAX_LEN: usize = 8;
/// The dearest confusion after which a plain edit is still tried (each start costs a
/// deletion-index probe per letter).
pub const PLAIN_AFTER_CONFUSION_COST: f32 = 0.5;
/// A candidate's score is its cost minus this weight times the ln of its probability: how
/// much frequency may outrank a cheaper edit.
pub const FREQUENCY_WEIGHT: f32 = 0.15;
/// The weight of the corpus' own frequency in a candidate's probability (the corpus knows its
/// names and words better than a general list)...
pub const CORPUS_PROB_WEIGHT: f64 = 0.7;
/// ...and of the dictionary's.
pub const DICT_PROB_WEIGHT: f64 = 0.3;
/// The floor of a candidate's probability (a word neither source knows keeps a finite score).
pub const MIN_PROB: f64 = 1e-12;
/// How many ranked candidates are kept as suggestions.
pub const CANDIDATES_KEPT: usize = 4;

// -- what the lexicon knows --

/// How many times the corpus must use a form before it is accepted as a word (fewer lets
/// repeated faults through; more flags a book's rare names).
pub const CORPUS_ACCEPT: u64 = 3;
/// A frequent word: a dictionary frequency from which a name written in lower case is still a
/// word, a name is proposed as a candidate, a confusion is evidence, a split word is joined in
/// raw OCR, and a fix may be certain.
pub const FREQUENT_WORD: u64 = 1_000_000;
/// The least frequency of a frequency-only dictionary word proposed as a candidate.
pub const CANDIDATE_MIN_FREQ: u64 = 100_000;
/// A frequent corpus form that is one confusion (of at most `SUSPECT_MAX_COST`) from a
/// dictionary word the corpus uses this many times as often is a repeated OCR fault (`ihe`
/// beside `the`), not a word.
pub const SUSPECT_RATIO: u64 = 20;
/// The dearest confusion that makes a frequent corpus form a repeated fault.
pub const SUSPECT_MAX_COST: f32 = 1.0;
/// The shortest stem (in letters) an inflection or derivation is known by.
pub const MIN_STEM_CHARS: usize = 3;

// -- noise and language (document facts) --

/// The default share of unknown lower-case words above which a document counts as raw OCR
/// (`[ocr] noisy-threshold`).
pub const NOISY_THRESHOLD: f64 = 0.04;
/// Noise (over the threshold) from which an unknown name with no candidate is more likely a
/// fault than a name.
pub const VERY_NOISY: f64 = 2.5;
/// In a document with garble, the share of the noise threshold from which stray marks are
/// reported as in raw OCR.
pub const GARBLED_RAW_OCR: f64 = 0.25;
/// The share of a document's lower-case words that must be garble for its garble to be raw
/// OCR's (one in a thousand): a proofread book's few faults are fewer.
pub const GARBLE_SHARE_OF_RAW_OCR: f64 = 0.001;
/// Only lower-case words of this many bytes or more count in a document's noise (shorter
/// ones are mostly known function words or fragments).
pub const NOISE_MIN_WORD_LEN: usize = 3;
/// A document with fewer counted words than this borrows the corpus' noise, as if it had this
/// many more words at the corpus' share.
pub const NOISE_PRIOR_WORDS: usize = 30;
/// How many tokens, spread over a document, its language is judged on.
pub const LANGUAGE_SAMPLE_TOKENS: usize = 8192;
/// A document with fewer sampled words than this is judged to be in its corpus' language.
pub const LANGUAGE_MIN_WORDS: usize = 40;
/// A corpus with fewer tokens than this is taken to be in the lexicon's language.
pub const LANGUAGE_MIN_CORPUS_TOKENS: u64 = 200;
/// The share of English function words from which a text is English (about a third in
/// English prose, raw OCR included; next to none in French or German).
pub const LANGUAGE_MARKER_SHARE: f64 = 0.08;

/// A line or an italic phrase of an English document is a candidate foreign passage when at
/// most this share of its words are English function words (prose has about a third; a line
/// of verse or a title may have none, so the lexicon share decides too).
pub const FOREIGN_MAX_MARKERS: f64 = 0.1;
/// ... and fewer than this share of its words are words of the lexicon (English verse without
/// function words is nearly all lexicon words; Latin or French has a few loan words) ...
pub const FOREIGN_MAX_KNOWN: f64 = 0.6;
/// ... or at least this share of its words have a letter outside ASCII (a transliteration:
/// `Dáirat al-Mushtabih`; French, German). Such a passage needs no detector to confirm it.
pub const FOREIGN_MIN_ACCENTED: f64 = 0.3;
/// The shortest passage a language detector is asked about (shorter ones it cannot call
/// reliably).
pub const FOREIGN_MIN_CHARS: usize = 24;
/// An italic phrase of at most this many words, none an English function word, with a word
/// the lexicon does not know, is a foreign phrase (longer ones need the detector or accents).
pub const FOREIGN_SHORT_ITALICS: usize = 4;
/// How many words on each side of an unknown word a function word of another language makes
/// it part of a foreign phrase (`ils veulent parler`).
pub const FOREIGN_PHRASE_REACH: usize = 3;

// -- non-word: the severity decision --

/// How many letter sequences English words next to never have make a word garble (one is
/// only odd: a word with one is a fault in a proofread text only with more evidence).
pub const GARBLE_TRIGRAMS: usize = 2;
/// The dearest cheap confusion that is evidence of a fault (`nutuber` → `number`).
pub const CHEAP_CONFUSION_COST: f32 = 1.5;
/// The dearest confusion that makes a capitalised word a misread common word (`Tlie`).
pub const CHEAPEST_CONFUSION_COST: f32 = 1.0;
/// A cheap confusion of a form the corpus writes this many times as often as the unknown word
/// is evidence of a fault.
pub const CONFUSION_CORPUS_RATIO: u64 = 2;
/// A capitalised word is a misreading of a name the corpus writes this many times as often.
pub const NAME_CORPUS_RATIO: u64 = 3;
/// Without a lexicon, a capitalised form is a misreading of a form the corpus writes this many
/// times as often (no dictionary vouches for either: the corpus must be surer).
pub const NAME_VARIANT_CORPUS_RATIO: u64 = 5;
/// One plain edit of a short word from one of the most frequent words (`fom` → `from`) is a
/// fault: the frequency...
pub const MOST_FREQUENT_WORD: u64 = 300_000_000;
/// ...and the longest such word, in letters.
pub const SHORT_WORD_MAX_CHARS: usize = 4;
/// One edit from a word this frequent is evidence enough in a proofread text.
pub const VERY_FREQUENT_WORD: u64 = 10_000_000;
/// A capitalised word at a sentence start one cheap confusion from a word this frequent is a
/// misread common word (`Tlie`).
pub const SENTENCE_WORD_FREQ: u64 = 50_000_000;
/// A capitalised word one cheap confusion from an always-capitalised word this frequent is a
/// fault (`Decemher`)...
pub const PROPER_WORD_FREQ: u64 = 100_000_000;
/// ...when it has at least this many letters.
pub const PROPER_HIT_MIN_CHARS: usize = 5;
/// A fix is certain only when the best candidate's score leads the next one's by this much.
pub const SAFE_FIX_MARGIN: f32 = 2.0;
/// A fix is certain only for a word of at least this many letters.
pub const SAFE_FIX_MIN_CHARS: usize = 4;
/// A longer token is shown shortened to this many characters in the message.
pub const SHOWN_MAX_CHARS: usize = 40;

// -- split-word and digit-in-word --

/// Two pieces are joined into a dictionary word at least this frequent (or one the corpus
/// uses often).
pub const SPLIT_JOIN_MIN_FREQ: u64 = 100_000;
/// A word with more digits than this is a code or a number, not a misread word.
pub const MAX_DIGITS_IN_WORD: usize = 2;
/// A leading digit is a misread letter only before at most this many letters (`5ome`).
pub const LEADING_DIGIT_MAX_LETTERS: usize = 3;

// -- real-word --

/// The bytes of text on each side of a word its `left` and `right` patterns see.
pub const REAL_WORD_WINDOW: usize = 80;
/// Only words of at most this many bytes are looked up as observed words (every pair's
/// observed word is short).
pub const REAL_WORD_MAX_LEN: usize = 12;
/// The default `ratio` of a bigram pair: the intended word's bigram score must be this many
/// times the observed word's.
pub const REAL_WORD_DEFAULT_RATIO: f64 = 50.0;
/// The least bigram score of the intended word for a bigram pair to fire.
pub const REAL_WORD_MIN_BIGRAM: f64 = 100_000.0;
/// Added to the observed word's bigram score, so that an unattested pair is not infinitely
/// unlikely.
pub const REAL_WORD_BIGRAM_SMOOTHING: f64 = 1000.0;

// -- names and spelling --

/// A corpus of more files than this is a collection of separate documents (newspaper issues),
/// where a variant whose majority is only in other documents is reported at info.
pub const LARGE_COLLECTION_FILES: u64 = 50;
/// A minority spelling is reported when the majority is used at least this often...
pub const MINORITY_MIN_MAJORITY: u64 = 2;
/// ...and this many times as often as it.
pub const MINORITY_RATIO: u64 = 2;
/// For a name one OCR confusion from the majority spelling, the majority must be used at least
/// this often and this many times as often (an OCR relation is weaker evidence).
pub const OCR_MINORITY_RATIO: u64 = 3;
/// Names shorter than this (folded, in letters) are not related by OCR confusions (too many
/// short names are one confusion apart).
pub const OCR_NAME_MIN_CHARS: usize = 5;

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
/// A word a proofread document writes this often (in any case) is the author's form, not a
/// misreading, ...
pub const AUTHORS_FORM_REPEATS: u32 = 2;
/// ... and this often even when it is the cheapest confusion of a frequent word (`purty`) ...
pub const AUTHORS_FORM_SURE_REPEATS: u32 = 3;
/// A shorter form is the author's only when the document writes it this often (a dialect's `na`).
pub const AUTHORS_FORM_SHORT_REPEATS: u32 = 5;
/// ... when it has at least this many letters (short misreadings of frequent words recur:
/// `bo`, `iu`, `tbe`).
pub const AUTHORS_FORM_MIN_CHARS: usize = 4;

/// In a proofread text, `context-word` leaves alone a real word of at least this many letters
/// that is not a frequent word (`FREQUENT_WORD`).
pub const CONTEXT_RARE_MIN_CHARS: usize = 4;

/// `footnotes/space-before-marker`: above this share of spaced markers (to attached ones) the
/// spacing is a habit of the document, and the fix is no longer safe.
pub const SPACED_MARKERS_HABIT: f64 = 0.05;
/// ... when there are at least this many of them.
pub const SPACED_MARKERS_HABIT_MIN: usize = 3;

/// A real word a document uses at least this often, ...
pub const HABIT_MIN_USES: u32 = 5;
/// ... at this many times its rate in English, is the author's habit (`ye` in a book of old
/// speech), not a misreading of a likelier word.
pub const HABIT_RATE: f64 = 10.0;

/// The margin in a proofread text, where a misreading is rare a priori.
pub const CONTEXT_MARGIN_PROOFREAD: f64 = 8.0;
/// The margin in very raw OCR (unknown words at 2.5 times the noise threshold or more).
pub const CONTEXT_MARGIN_VERY_NOISY: f64 = 3.0;

/// `ocr/non-word` in proofread text: words looked at on each side of an unknown word for other
/// unknown lower-case ones, and how many make it part of a passage the lexicon cannot read (a
/// transliteration, a phrase of another language). On the seed-1 books of `books.py`, two such
/// neighbours within three words marked 16 % of the false warnings and none of the misreadings
/// found; one marked 32 % and 1 % (and, on DEV, the clustered words of a damaged line).
pub const UNKNOWN_NEIGHBOUR_WORDS: usize = 3;
pub const UNKNOWN_NEIGHBOURS: usize = 2;

/// `ocr/real-word` bigram pairs in proofread text: how many times more frequent than the
/// observed word the intended one must be (`tho`/`the`, `arid`/`and`, `bis`/`his` are; `bear`/
/// `hear`, `car`/`ear`, `modem`/`modern` are not, and fire only in raw OCR). On the seed-1 books
/// of `books.py`, `bear` → `hear` was 73 of the 101 false real-word warnings, and no misreading.
pub const REAL_WORD_PROOFREAD_RATIO: u64 = 100;
