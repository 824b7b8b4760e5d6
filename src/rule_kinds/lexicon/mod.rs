//! `[[lexicon]]`: words that are not words — OCR faults found through the lexicon, the corpus'
//! own vocabulary and the confusion table.
//!
//! ```toml
//! [[lexicon]]
//! id = "ocr/non-word"
//! check = "non-word"          # one of the seven checks below
//! message = "`{found}` is not a word; OCR misreading of `{fix}`?"
//! applicability = "safe"      # the most a fix may be; it is safe only when it is certain
//! ```
//!
//! The seven checks (`check = ...`):
//! - `non-word` (`non_word.rs`): a word the lexicon does not know, with its likeliest readings.
//! - `digit-in-word` (`digit_in_word.rs`): a digit read for a letter inside a word (`bro1ught`).
//! - `split-word` (`split_word.rs`): a word split by a space or a stray hyphen (`consider able`).
//! - `stray-mark` (`raw_ocr_checks.rs`): in raw OCR, a mark between or glued to words (`•`).
//! - `stray-letter` (`raw_ocr_checks.rs`): a lone lower-case letter between words (`t`).
//! - `context-word` (`raw_ocr_checks.rs`): in raw OCR, a word the context reads as a misreading
//!   of a frequent word (`bad` → `had`).
//! - `corpus-non-word` (`raw_ocr_checks.rs`): in raw OCR, a form only the corpus' repetitions
//!   vouch for (`thoy`, `aro`).
//!
//! A token is *known* (`verdict.rs`) when the lexicon has it (the embedded English list, the
//! user's words and word-list files), when the corpus uses it often (three times or more,
//! unless it is a cheap confusion of a far more frequent word), when it is an inflection of a
//! known word (`Mensheviks` of `Menshevik`), or when it is half of a word hyphenated across a
//! line end. What is known is prepared once per run from the corpus statistics
//! (`prepare.rs`).
//!
//! An unknown token is reported at warning when the evidence says it is a fault: the document
//! is raw OCR (many unknown words: the share is measured per document, `noise.rs`), or a cheap
//! confusion turns it into a frequent word (`nutuber` → `number`), or it mixes digits into
//! letters. Else it is reported at info only — a proofread text is not flooded with every rare
//! word and name. A capitalised token is a fault only when it is one cheap confusion away from a
//! name or word the corpus uses far more often (`Karimyan` beside `Karinyan`). Without a lexicon
//! for the corpus language only corpus evidence is used, so no dictionary noise appears.
//!
//! Candidates (`candidates.rs`) are ranked by confusion cost and frequency (corpus first,
//! dictionary second). A fix is safe only when there is exactly one candidate with a clear
//! margin, reached by confusions alone, and the rule allows it; otherwise it is unsafe, with the
//! ranked suggestions.

use super::facts::Noise;
use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::config::Config;
use crate::corpus::CorpusStats;
use crate::finding::{Applicability, Finding};
use crate::rule_spec;
use crate::text::{case_of, Case};
use crate::tokenize::TokenKind;
use crate::tuning::{DEFAULT_GENERIC_COST, DEFAULT_MAX_COST, MAX_COST_LIMIT};
use prepare::Candidate;
use prepare::Prepared;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::cell::RefCell;
use std::sync::OnceLock;
use toml_edit::Table;

mod candidates;
mod digit_in_word;
mod evidence;
mod noise;
mod non_word;
mod prepare;
mod raw_ocr_checks;
mod split_word;
mod verdict;
mod word_lists;

pub use super::facts::Verdict;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum LexiconCheckKind {
    NonWord,
    DigitInWord,
    SplitWord,
    /// Raw OCR: a stray mark between or glued to words (`;`, `•`, `.very`).
    StrayMark,
    /// A lone lower-case letter between words (`t`, `e`).
    StrayLetter,
    /// Raw OCR: a word the context says is a misreading of a frequent word (`bad` → `had`).
    ContextWord,
    /// Raw OCR: a form absent from the lexicon that only the corpus' own repetitions vouch for
    /// (`thoy`, `aro`): a repeated OCR fault.
    CorpusNonWord,
}

rule_spec! {
    pub struct LexiconSpec {
        pub check: LexiconCheckKind,
        #[serde(default)]
        pub applicability: Option<Applicability>,
        #[serde(default = "default_max_cost")]
        pub max_cost: f32,
        #[serde(default = "default_generic_cost")]
        pub generic_cost: f32,
    }
}

fn default_max_cost() -> f32 {
    DEFAULT_MAX_COST
}
fn default_generic_cost() -> f32 {
    DEFAULT_GENERIC_COST
}

pub struct LexiconCheck {
    metas: Vec<(LexiconCheckKind, RuleMeta)>,
    max_cost: f32,
    generic_cost: f32,
    /// The words of the configuration's word-list files (`[lexicon] files`), read at load.
    listed_words: Vec<String>,
    prepared: Prepared,
    /// The frequent words and their OCR misreadings, for `context-word` (built in `prepare`).
    context: OnceLock<super::raw_ocr::ContextIndex>,
    /// The confusion table in force (the packs' and the user's).
    confusions: crate::confusion::ConfusionTable,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut check = LexiconCheck {
        metas: vec![],
        max_cost: default_max_cost(),
        generic_cost: default_generic_cost(),
        listed_words: vec![],
        prepared: Prepared::default(),
        context: OnceLock::new(),
        confusions: cx.confusions.clone(),
    };
    for table in tables {
        let Some(spec) = cx.parse::<LexiconSpec>(table) else { continue };
        if spec.max_cost.is_nan() || spec.max_cost <= 0.0 || spec.max_cost > MAX_COST_LIMIT {
            cx.error(table.get("max-cost").and_then(|i| i.span()), "max-cost must be in (0, 10]");
            continue;
        }
        if spec.generic_cost.is_nan() || spec.generic_cost <= 0.0 {
            cx.error(table.get("generic-cost").and_then(|i| i.span()), "generic-cost must be > 0");
            continue;
        }
        let app = spec.applicability.unwrap_or(Applicability::Unsafe);
        let Some(meta) = cx.meta("lexicon", &spec, Some(app)) else {
            continue;
        };
        if spec.check == LexiconCheckKind::NonWord {
            check.max_cost = spec.max_cost;
            check.generic_cost = spec.generic_cost;
        }
        check.metas.push((spec.check, meta));
    }
    if check.metas.is_empty() {
        vec![]
    } else {
        check.listed_words = word_lists::read(cx);
        vec![Box::new(check)]
    }
}

impl LexiconCheck {
    /// The context-word index, built if it is not yet: `prepare` builds it before any document
    /// is checked; a check without one (no `prepare`) builds its own rather than wait on another
    /// thread's build, which could be its own, suspended by its parallel work. (`set` waits on
    /// another thread only while that one moves its built index in.)
    fn context_index(&self, dict: &'static crate::lexicon::Dictionary) -> &super::raw_ocr::ContextIndex {
        if let Some(index) = self.context.get() {
            return index;
        }
        let _ = self.context.set(super::raw_ocr::ContextIndex::build(dict, &self.confusions));
        self.context.get().expect("the index was just set")
    }

    fn meta(&self, kind: LexiconCheckKind) -> Option<&RuleMeta> {
        self.metas.iter().find(|(k, _)| *k == kind).map(|(_, m)| m)
    }

    /// The verdict on each token of the document (`Known` for a token that is no word, and for
    /// a word of a passage in another language: no English word to judge): one look-up for a
    /// form of the corpus statistics; another form (text changed by a fix, statistics of
    /// another corpus) is judged now. A fact of the document, made once, whether the noise
    /// measure or the check asks first.
    fn token_verdicts<'c>(&self, cx: &'c CheckContext<'_>) -> &'c [Verdict] {
        let p = &self.prepared;
        cx.lexicon_verdicts(|| {
            cx.tokens
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    // (a foreign phrase is judged once the noise is known: `check`)
                    if t.kind == TokenKind::Word && cx.passage(i) != crate::rule_kinds::facts::Passage::Foreign {
                        p.verdict_on(t.text(cx.text))
                    } else {
                        Verdict::Known
                    }
                })
                .collect()
        })
    }
}

impl Check for LexiconCheck {
    crate::rules_in!(metas);

    fn needs_corpus(&self) -> bool {
        true
    }

    fn prepare(&mut self, corpus: &CorpusStats, config: &Config) {
        self.prepared = Prepared::new(corpus, config, &self.listed_words, &self.confusions);
        // The context index is built here, before any document is checked: built on first use
        // inside the parallel checks, its own parallel work could take another document's
        // check onto the building thread, which would then wait for the index it is building.
        if let (Some(_), Some(dict)) = (self.meta(LexiconCheckKind::ContextWord), self.prepared.dict) {
            self.context_index(dict);
        }
    }

    fn noise(&self, cx: &CheckContext<'_>) -> Option<Noise> {
        if self.prepared.dict.is_none() || !cx.lexicon_language() {
            return Some(Noise::Unmeasurable);
        }
        Some(self.measured_noise(cx))
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let p = &self.prepared;
        let text = cx.text;
        let toks = cx.tokens;
        let verdicts = self.token_verdicts(cx);
        if p.dict.is_some() && !cx.lexicon_language() {
            self.check_foreign(cx, verdicts, out);
            return;
        }
        // How noisy is this document (measured once; a rule may have asked already)?
        let noise = match cx.noise_or(|| {
            if p.dict.is_some() {
                self.measured_noise(cx)
            } else {
                Noise::Unmeasurable
            }
        }) {
            Noise::Measured(r) => r,
            _ => 0.0,
        };
        let noisy = p.dict.is_some() && noise >= 1.0;
        let digit_meta = self.meta(LexiconCheckKind::DigitInWord);
        let word_meta = self.meta(LexiconCheckKind::NonWord);
        let mut joined = vec![false; toks.len()];
        if let Some(meta) = self.meta(LexiconCheckKind::SplitWord) {
            self.split_words(cx, meta, noisy, verdicts, &mut joined, out);
        }
        // The candidates of forms used once, searched for a neighbour's sake before their own.
        let searched: RefCell<FxHashMap<usize, Vec<Candidate>>> = RefCell::default();
        self.raw_ocr(cx, if p.dict.is_some() { noise } else { 0.0 }, verdicts, &joined, &searched, out);
        for (i, t) in toks.iter().enumerate() {
            if joined[i] {
                continue;
            }
            let s = t.text(text);
            match t.kind {
                TokenKind::Mixed => {
                    if let Some(meta) = digit_meta.filter(|_| !digit_in_word::is_time(s, &text[t.end..])) {
                        self.digit_in_word(t, s, meta, noisy, out);
                    }
                }
                TokenKind::Word => {
                    let Verdict::Unknown(a) = verdicts[i] else { continue };
                    if !noisy && cx.foreign(i) {
                        continue;
                    }
                    if let Some(meta) = word_meta {
                        if evidence::is_roman(s) || evidence::hyphenated_at_line_end(text, toks, i, p) {
                            continue;
                        }
                        let fresh;
                        let search = || self.candidates(&crate::text::normalise(s), &self.confusions, !noisy);
                        let cands: &[Candidate] = match p.analyses.get(a as usize) {
                            _ if p.dict.is_none() || s.chars().count() < 2 => &[],
                            Some(an) if noisy => an.quick.get_or_init(search),
                            Some(an) => an.thorough.get_or_init(search),
                            None => {
                                fresh = searched.borrow_mut().remove(&i).unwrap_or_else(search);
                                &fresh
                            }
                        };
                        self.non_word(cx, t, i, s, meta, cands, noise, out);
                    }
                }
                TokenKind::Number => {}
            }
        }
    }
}

impl LexiconCheck {
    /// A document in another language than the lexicon's: no dictionary judgements, only the
    /// digits in words and the capitalised forms one cheap confusion from a far more frequent
    /// one.
    fn check_foreign(&self, cx: &CheckContext<'_>, verdicts: &[Verdict], out: &mut Vec<Finding>) {
        for (t, v) in cx.tokens.iter().zip(verdicts.iter()) {
            let s = t.text(cx.text);
            match t.kind {
                TokenKind::Mixed => {
                    if let Some(meta) = self.meta(LexiconCheckKind::DigitInWord) {
                        self.digit_in_word(t, s, meta, false, out);
                    }
                }
                TokenKind::Word if *v != Verdict::Known && case_of(s) == Case::Title => {
                    if let Some(meta) = self.meta(LexiconCheckKind::NonWord) {
                        self.name_variant(t, s, meta, out);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule_kinds::rule::{Check, RuleMeta};

    /// The context index is built while the rules prepare, not on first use inside the parallel
    /// checks, where the building thread could take on another document's check (its parallel
    /// work lets it) and wait for the index it is itself building: a run that never ended.
    #[test]
    fn the_context_index_is_built_before_any_document_is_checked() {
        let meta = RuleMeta {
            id: "ocr/context-word".into(),
            kind: "lexicon",
            pack: "ocr".into(),
            severity: crate::finding::Severity::Warning,
            message: "`{found}`".into(),
            description: String::new(),
            examples: Default::default(),
            fix: Some(Applicability::Unsafe),
        };
        let mut check = LexiconCheck {
            metas: vec![(LexiconCheckKind::ContextWord, meta)],
            max_cost: default_max_cost(),
            generic_cost: default_generic_cost(),
            listed_words: vec![],
            prepared: Prepared::default(),
            context: OnceLock::new(),
            confusions: crate::confusion::ConfusionTable::default(),
        };
        assert!(check.context.get().is_none());
        check.prepare(&CorpusStats::default(), &Config::default());
        assert!(check.context.get().is_some(), "prepared without its context index");
    }
}
