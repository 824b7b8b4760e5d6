//! The lexicon's preparation, once per run, from the corpus statistics and the configuration:
//! what the corpus writes and how often, which forms are accepted as words, the deletion index
//! of the candidates, the repeated OCR faults, and the verdict on every form of the corpus.

use super::Verdict;
use crate::config::Config;
use crate::confusion::ConfusionTable;
use crate::confusion::{DeleteIndex, Scope};
use crate::corpus::CorpusStats;
use crate::lexicon::{word_hash as form_hash, Dictionary, WordClass};
use crate::text::normalise;
use crate::text::{is_capitalised, Case};
use crate::tuning::{
    CANDIDATE_MIN_FREQ, CORPUS_ACCEPT, FREQUENT_WORD, MAX_WORD_CHARS, NOISE_MIN_WORD_LEN, SUSPECT_MAX_COST, SUSPECT_RATIO,
};
use rayon::prelude::*;

/// Forms judged at a time by `judge_corpus` (in parallel within a chunk): a large vocabulary is
/// not held a second time as judgements.
const JUDGED_CHUNK: usize = 1 << 16;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// A word an unknown form may be a misreading of, with what ranks it.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub word: String,
    pub cost: f32,
    pub score: f32,
    /// Reached with a plain edit, not only named confusions.
    pub generic: bool,
    pub corpus_count: u64,
    pub dict_freq: u64,
    /// The lexicon writes this word with a capital only (months, places, names).
    pub proper: bool,
}

/// What the lexicon knows of a run: built once, from the corpus statistics and the
/// configuration, by `Prepared::new`.
#[derive(Default)]
pub(super) struct Prepared {
    pub(super) dict: Option<&'static Dictionary>,
    /// Lower-case form (its hash, see `form_hash`) → how often the corpus writes it with a
    /// capital and without.
    pub(super) lower: FxHashMap<u64, (u32, u32)>,
    /// The user's words (`[lexicon] words` and the word-list files), in lower case.
    pub(super) user: FxHashSet<String>,
    /// The hashes of the lower-case forms accepted as words: the dictionary's, the user's and
    /// those the corpus uses often (`is_word` in one look-up).
    pub(super) accepted: FxHashSet<u64>,
    /// The hashes of the lower-case forms the corpus uses often that neither the dictionary
    /// nor the user knows, each with its index in `corpus_only_forms`.
    pub(super) corpus_only: FxHashMap<u64, u32>,
    /// Those forms, with their suggestions for `corpus-non-word` (searched once per run, when
    /// a document first reports the form).
    pub(super) corpus_only_forms: Vec<(Box<str>, OnceLock<Vec<String>>)>,
    /// The deletion index of the candidates: the dictionary's and the corpus' frequent forms.
    pub(super) index: DeleteIndex,
    pub(super) corpus_tokens: f64,
    /// The verdict on every word form of the corpus, exactly as written, keyed by the form's
    /// 64-bit hash (one look-up per token when checking, no string kept or compared: two of a
    /// corpus' forms share a hash with odds of about 1 in 10^7 for a million forms).
    pub(super) verdicts: FxHashMap<u64, Verdict>,
    /// The unknown forms (`Verdict::Unknown` indexes this), with their candidates searched
    /// when first needed.
    pub(super) analyses: Vec<Analysis>,
    /// Forms the corpus uses often that are still cheap confusions of a word it uses far more
    /// often (`nnd` beside `and`, `ihe` beside `the`): repeated OCR faults, not words.
    pub(super) suspect: FxHashSet<String>,
    /// The share of unknown lower-case words over the whole corpus.
    pub(super) corpus_noise: f64,
}

/// The candidates of an unknown lower-case form the corpus uses more than once, searched once,
/// when a document first reports it: thoroughly for a proofread text, where the candidates
/// decide whether a form is reported at all; quickly (one edit) for raw OCR, where every
/// unknown form is reported and a thorough search of each would cost more than all the other
/// checks together. (A form used once is searched when it is reported, and not kept.)
#[derive(Debug, Default)]
pub(super) struct Analysis {
    pub(super) thorough: OnceLock<Vec<Candidate>>,
    pub(super) quick: OnceLock<Vec<Candidate>>,
}

/// `Verdict::Unknown` of a form outside the corpus statistics: its candidates are searched
/// when it is reported.
pub(super) const UNANALYSED: u32 = u32::MAX;

/// The dictionary words worth proposing as candidates: common words, frequent ones and very
/// frequent names, of two letters or more.
fn dict_candidates(dict: &'static Dictionary) -> impl Iterator<Item = &'static str> {
    dict.entries()
        .filter(|(w, e)| {
            let useful = match e.class {
                WordClass::Common => true,
                WordClass::FrequencyOnly => e.freq >= CANDIDATE_MIN_FREQ,
                WordClass::Proper => e.freq >= FREQUENT_WORD,
            };
            useful && w.chars().count() >= 2
        })
        .map(|(w, _)| w)
}

/// `form_hash(&normalise(form))` (the lexicon's `word_hash`, the key of every hash-keyed table:
/// `Prepared::verdicts`, the context index), without allocating for an ASCII form.
pub(super) fn normal_hash(form: &str) -> u64 {
    if form.is_ascii() {
        crate::tokenize::with_lowercase(form, form_hash)
    } else {
        form_hash(&normalise(form))
    }
}

impl Prepared {
    /// Prepares the lexicon of a run: `corpus` its statistics, `listed_words` the words of the
    /// configuration's word-list files (read at load).
    pub(super) fn new(corpus: &CorpusStats, config: &Config, listed_words: &[String], confusions: &ConfusionTable) -> Prepared {
        let mut p = Prepared {
            dict: Dictionary::for_language(&config.language),
            ..Prepared::default()
        };
        // Counts by lower-case form, kept by hash: only the frequent forms keep their text.
        for (form, n) in corpus.forms() {
            let e = p.lower.entry(normal_hash(form)).or_default();
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            if is_capitalised(form) {
                e.0 = e.0.saturating_add(n);
            } else {
                e.1 = e.1.saturating_add(n);
            }
        }
        let mut frequent: Vec<String> = corpus
            .forms()
            .map(|(f, _)| f)
            .filter(|f| {
                p.lower
                    .get(&normal_hash(f))
                    .is_some_and(|&(cap, low)| u64::from(cap) + u64::from(low) >= CORPUS_ACCEPT)
            })
            .map(normalise)
            .collect();
        frequent.sort_unstable();
        frequent.dedup();
        p.corpus_tokens = corpus.tokens as f64;
        for w in &config.lexicon.words {
            p.user.insert(w.to_lowercase());
        }
        p.user.extend(listed_words.iter().cloned());
        // One deletion index of the dictionary's candidate words and the corpus' frequent forms.
        let mut indexed: Vec<&str> = p.dict.into_iter().flat_map(dict_candidates).collect();
        indexed.extend(frequent.iter().filter(|w| w.chars().count() >= 3).map(String::as_str));
        indexed.sort_unstable();
        indexed.dedup();
        p.index = DeleteIndex::build(indexed);
        // The frequent forms that neither the dictionary nor the user knows.
        let frequent_unknown: Vec<&String> = frequent.iter().filter(|w| !p.in_dict(w, Case::Lower)).collect();
        p.corpus_only = frequent_unknown.iter().enumerate().map(|(i, w)| (form_hash(w), i as u32)).collect();
        p.corpus_only_forms = frequent_unknown.iter().map(|w| (w.as_str().into(), OnceLock::new())).collect();
        // The accepted forms, by hash (`in_dict` decides for the dictionary's).
        if let Some(d) = p.dict {
            let accepted: Vec<u64> = d
                .entries()
                .filter(|(w, _)| p.in_dict(w, Case::Lower))
                .map(|(w, _)| form_hash(w))
                .collect();
            p.accepted.extend(accepted);
        }
        p.accepted.extend(p.user.iter().map(|w| form_hash(w)));
        p.accepted.extend(
            p.lower
                .iter()
                .filter(|(_, &(cap, low))| u64::from(cap) + u64::from(low) >= CORPUS_ACCEPT)
                .map(|(&h, _)| h),
        );
        if p.dict.is_some() {
            p.suspect = p.repeated_faults(&frequent_unknown, confusions);
        }
        p.judge_corpus(corpus);
        p
    }

    /// Repeated OCR faults: frequent non-dictionary forms one cheap confusion from a
    /// dictionary word the corpus uses `SUSPECT_RATIO` times as often.
    fn repeated_faults(&self, frequent_unknown: &[&String], confusions: &ConfusionTable) -> FxHashSet<String> {
        let candidates: Vec<(&String, u64)> = frequent_unknown
            .iter()
            .filter(|w| w.len() <= MAX_WORD_CHARS && w.chars().all(char::is_alphabetic))
            .map(|w| (*w, self.corpus_count(w)))
            .collect();
        let suspect: Vec<String> = candidates
            .par_iter()
            .filter(|(w, n)| {
                confusions
                    .expand(w, Scope::Word, 1, SUSPECT_MAX_COST)
                    .iter()
                    .any(|(c, _)| self.in_dict(c, Case::Lower) && self.corpus_count(c) >= SUSPECT_RATIO * n)
            })
            .map(|(w, _)| (*w).clone())
            .collect();
        suspect.into_iter().collect()
    }

    /// The verdict on every form of the corpus, the analyses of the unknown ones (candidates
    /// searched when first needed), and the corpus' share of unknown lower-case words: computed
    /// once per corpus, in parallel.
    fn judge_corpus(&mut self, corpus: &CorpusStats) {
        let p = &*self;
        let mut unknown_lower: FxHashMap<u64, u32> = FxHashMap::default();
        let mut verdicts: FxHashMap<u64, Verdict> = FxHashMap::with_capacity_and_hasher(corpus.distinct_forms(), Default::default());
        // The corpus' share of unknown lower-case words (of three letters or more), as a
        // document measures its own noise.
        let (mut lower_total, mut lower_unknown) = (0u64, 0u64);
        // Each form: its hash, the hash of its lower-case form, whether it is known, whether
        // it is analysed if not (its lower-case form is used twice or more), and its count if
        // it is a lower-case word of three letters or more. (Judged in parallel a chunk at a
        // time, so that a large vocabulary is not held twice; the verdicts are filed in the
        // forms' order.)
        let mut forms = corpus.forms();
        let mut chunk: Vec<(&str, u64)> = Vec::with_capacity(JUDGED_CHUNK);
        loop {
            chunk.clear();
            chunk.extend(forms.by_ref().take(JUDGED_CHUNK));
            if chunk.is_empty() {
                break;
            }
            let judged: Vec<(u64, u64, bool, bool, Option<u64>)> = chunk
                .par_iter()
                .map(|&(form, count)| {
                    let known = p.judge(form);
                    let lower = normal_hash(form);
                    let analysed = !known && p.lower.get(&lower).is_some_and(|&(cap, low)| u64::from(cap) + u64::from(low) >= 2);
                    let counted = (form.len() >= NOISE_MIN_WORD_LEN && form.chars().all(|c| c.is_lowercase())).then_some(count);
                    (form_hash(form), lower, known, analysed, counted)
                })
                .collect();
            for (hash, lower, known, analysed, counted) in judged {
                if let Some(n) = counted {
                    lower_total += n;
                    if !known {
                        lower_unknown += n;
                    }
                }
                let v = if known {
                    Verdict::Known
                } else if analysed {
                    let next = unknown_lower.len() as u32;
                    Verdict::Unknown(*unknown_lower.entry(lower).or_insert(next))
                } else {
                    Verdict::Unknown(UNANALYSED)
                };
                verdicts.insert(hash, v);
            }
        }
        if self.dict.is_some() && lower_total > 0 {
            self.corpus_noise = lower_unknown as f64 / lower_total as f64;
        }
        self.analyses = (0..unknown_lower.len()).map(|_| Analysis::default()).collect();
        self.verdicts = verdicts;
    }
}
