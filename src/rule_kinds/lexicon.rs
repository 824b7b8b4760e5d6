//! `[[lexicon]]`: words that are not words — OCR faults found through the lexicon, the corpus'
//! own vocabulary and the confusion table.
//!
//! ```toml
//! [[lexicon]]
//! id = "ocr/non-word"
//! check = "non-word"          # non-word | digit-in-word
//! message = "`{found}` is not a word; OCR misreading of `{fix}`?"
//! applicability = "safe"      # the most a fix may be; it is safe only when it is certain
//! ```
//!
//! A token is *known* when the lexicon has it (the embedded English list, the user's words and
//! word-list files), when the corpus uses it often (three times or more, unless it is a cheap
//! confusion of a far more frequent word), when it is an inflection of a known word
//! (`Mensheviks` of `Menshevik`), or when it is half of a word hyphenated across a line end.
//!
//! An unknown token is reported at warning when the evidence says it is a fault: the document
//! is raw OCR (many unknown words: the share is measured per document), or a cheap confusion
//! turns it into a frequent word (`nutuber` → `number`), or it mixes digits into letters. Else it
//! is reported at info only — a proofread text is not flooded with every rare word and name. A
//! capitalised token is a fault only when it is one cheap confusion away from a name or word the
//! corpus uses far more often (`Karimyan` beside `Karinyan`). Without a lexicon for the corpus
//! language only corpus evidence is used, so no dictionary noise appears.
//!
//! Candidates are ranked by confusion cost and frequency (corpus first, dictionary second). A fix
//! is safe only when there is exactly one candidate with a clear margin, reached by confusions
//! alone, and the rule allows it; otherwise it is unsafe, with the ranked suggestions.

use super::{Check, CheckContext, LoadCx, Noise, RuleMeta};
use crate::config::Config;
use crate::confusion::{DeleteIndex, Scope};
use crate::corpus::CorpusStats;
use crate::finding::{Applicability, Finding, Fix, Severity};
use crate::lexicon::{word_hash as form_hash, Dictionary, WordClass};
use crate::rule_spec;
use crate::tokenize::{match_case, Token, TokenKind};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::cell::RefCell;
use std::sync::OnceLock;
use toml_edit::Table;

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
    2.5
}
fn default_generic_cost() -> f32 {
    1.6
}

/// Tokens longer than this are not searched for candidates.
pub const MAX_WORD_CHARS: usize = 32;

/// The default share of unknown lower-case words above which a document counts as raw OCR.
pub const NOISY_THRESHOLD: f64 = 0.04;

/// In a document with garble, the share of the noise threshold from which stray marks are
/// reported as in raw OCR.
const GARBLED_RAW_OCR: f64 = 0.25;
/// How many times the corpus must use a form before it is accepted as a word.
const CORPUS_ACCEPT: u64 = 3;

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

#[derive(Default)]
struct Prepared {
    dict: Option<&'static Dictionary>,
    /// Lower-case form (its hash, see `form_hash`) → how often the corpus writes it with a
    /// capital and without.
    lower: FxHashMap<u64, (u32, u32)>,
    user: FxHashSet<String>,
    /// The hashes of the lower-case forms accepted as words: the dictionary's, the user's and
    /// those the corpus uses often (`is_word` in one look-up).
    accepted: FxHashSet<u64>,
    /// The hashes of the lower-case forms the corpus uses often that neither the dictionary
    /// nor the user knows, each with its index in `corpus_only_forms`.
    corpus_only: FxHashMap<u64, u32>,
    /// Those forms, with their suggestions for `corpus-non-word` (searched once per run, when
    /// a document first reports the form).
    corpus_only_forms: Vec<(Box<str>, OnceLock<Vec<String>>)>,
    /// The deletion index of the candidates: the dictionary's and the corpus' frequent forms.
    index: DeleteIndex,
    corpus_tokens: f64,
    /// The verdict on every word form of the corpus, exactly as written, keyed by the form's
    /// 64-bit hash (one look-up per token when checking, no string kept or compared: two of a
    /// corpus' forms share a hash with odds of about 1 in 10^7 for a million forms).
    verdicts: FxHashMap<u64, Verdict>,
    /// The unknown forms (`Verdict::Unknown` indexes this), with their candidates searched
    /// when first needed.
    analyses: Vec<Analysis>,
    /// Forms the corpus uses often that are still cheap confusions of a word it uses far more
    /// often (`nnd` beside `and`, `ihe` beside `the`): repeated OCR faults, not words.
    suspect: FxHashSet<String>,
    /// The share of unknown lower-case words over the whole corpus.
    corpus_noise: f64,
}

/// The candidates of an unknown lower-case form the corpus uses more than once, searched once,
/// when a document first reports it: thoroughly for a proofread text, where the candidates
/// decide whether a form is reported at all; quickly (one edit) for raw OCR, where every
/// unknown form is reported and a thorough search of each would cost more than all the other
/// checks together. (A form used once is searched when it is reported, and not kept.)
#[derive(Debug, Default)]
struct Analysis {
    thorough: OnceLock<Vec<Candidate>>,
    quick: OnceLock<Vec<Candidate>>,
}

/// What the lexicon says about one word form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Known,
    /// Not known; the index of its candidates in `Prepared::analyses`.
    Unknown(u32),
}

pub struct LexiconCheck {
    metas: Vec<(LexiconCheckKind, RuleMeta)>,
    max_cost: f32,
    generic_cost: f32,
    prepared: Prepared,
    /// The frequent words and their OCR misreadings, for `context-word` (built on first use).
    context: OnceLock<super::raw_ocr::ContextIndex>,
    /// The confusion table in force (the packs' and the user's).
    confusions: crate::confusion::ConfusionTable,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut check = LexiconCheck {
        metas: vec![],
        max_cost: default_max_cost(),
        generic_cost: default_generic_cost(),
        prepared: Prepared::default(),
        context: OnceLock::new(),
        confusions: cx.confusions.clone(),
    };
    for table in tables {
        let Some(spec) = cx.parse::<LexiconSpec>(table) else { continue };
        if spec.max_cost.is_nan() || spec.max_cost <= 0.0 || spec.max_cost > 10.0 {
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
        vec![Box::new(check)]
    }
}

/// The dictionary words worth proposing as candidates: common words, frequent ones and very
/// frequent names, of two letters or more.
fn dict_candidates(dict: &'static Dictionary) -> impl Iterator<Item = &'static str> {
    dict.entries()
        .filter(|(w, e)| {
            let useful = match e.class {
                WordClass::Common => true,
                WordClass::FrequencyOnly => e.freq >= 100_000,
                WordClass::Proper => e.freq >= 1_000_000,
            };
            useful && w.chars().count() >= 2
        })
        .map(|(w, _)| w)
}

/// A well-formed Roman numeral (`xiv`, `MDCCC`).
fn is_roman(s: &str) -> bool {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^(?i:m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3}))$").expect("valid regex"));
    !s.is_empty() && re.is_match(s)
}

/// Ordinals and units written with digits (`1st`, `10th`, `8vo`, `10s`, `6d`, `5ft`).
fn is_number_with_unit(s: &str) -> bool {
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let rest = &s[digits..];
    UNITS.contains(&rest.to_ascii_lowercase().as_str())
}

/// Ordinal endings and units written after a number.
const UNITS: &[&str] = &[
    "st", "nd", "rd", "th", "d", "s", "l", "lb", "lbs", "ft", "in", "yd", "yds", "mm", "cm", "km", "m", "am", "pm", "vo", "to", "mo", "h",
    "hp", "kg", "g", "oz", "k", "ins", "mi", "deg", "min", "ths", "sec", "hrs", "cwt", "qr", "qrs", "dwt",
];

/// `case_of(s) == Case::Lower`, in one pass over an ASCII form (no capital anywhere). (A
/// capital A–Z anywhere makes any form other than lower case.)
fn is_lower(s: &str) -> bool {
    for b in s.bytes() {
        if b.is_ascii_uppercase() {
            return false;
        }
        if !b.is_ascii() {
            return case_of(s) == Case::Lower;
        }
    }
    true
}

fn case_of(s: &str) -> Case {
    if s.is_ascii() {
        let mut letters = s.bytes().filter(u8::is_ascii_alphabetic);
        let Some(first) = letters.next() else { return Case::Lower };
        let (mut upper, mut lower, mut rest) = (0usize, 0usize, 0usize);
        for b in letters {
            rest += 1;
            if b.is_ascii_uppercase() {
                upper += 1;
            } else {
                lower += 1;
            }
        }
        return classify_case(first.is_ascii_uppercase(), upper, lower, rest);
    }
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else { return Case::Lower };
    let (mut upper, mut lower, mut rest) = (0usize, 0usize, 0usize);
    for c in letters {
        rest += 1;
        if c.is_uppercase() {
            upper += 1;
        }
        if c.is_lowercase() {
            lower += 1;
        }
    }
    classify_case(first.is_uppercase(), upper, lower, rest)
}

/// The case pattern of a word from its first letter and the counts of the others.
fn classify_case(first_upper: bool, upper: usize, lower: usize, rest: usize) -> Case {
    if first_upper {
        if upper == rest && rest > 0 {
            Case::Upper
        } else if lower == rest {
            Case::Title
        } else {
            Case::Mixed
        }
    } else if lower == rest {
        Case::Lower
    } else {
        Case::Mixed
    }
}

/// Is a word's case no pattern of writing: letters in the wrong case inside it (`vPalue`,
/// `AssizrS`, `MARRtAGES`, `IWoman`), not a name's (`McLeod`, `DeVries`, `O'Brien`), nor two
/// words run together at a capital (`CoventGarden`, `STOKESLEYFirst`, `followsI`)?
///
/// Each piece between hyphens and apostrophes is split at its case changes (`AssizrS` →
/// `Assizr` `S`; `STOKESLEYFirst` → `STOKESLEY` `First`). A piece is regular when it is one
/// part, or when its parts all read as words in one case pattern each (three letters or more,
/// or a known word of two) and the first is a known word or capitalised; a known word of four
/// letters or more followed by one capital is a word run into an initial or a sentence
/// (`chargesA`).
fn irregular_case(s: &str, known: impl Fn(&str) -> bool) -> bool {
    const NAME_PREFIXES: &[&str] = &["Mc", "Mac", "Van", "Von", "De", "Di", "Da", "La", "Le", "Du", "Fitz", "O", "Æ", "Œ"];
    s.split(|c: char| !c.is_alphabetic()).any(|piece| {
        let letters: Vec<char> = piece.chars().collect();
        if letters.len() < 3 {
            return false;
        }
        // Its parts: a new part at a lower→upper change, and at the last capital of a capital
        // run that a lower-case letter follows.
        let mut starts = vec![0];
        for i in 1..letters.len() {
            let (prev, cur) = (letters[i - 1], letters[i]);
            let next_lower = letters.get(i + 1).is_some_and(|c| c.is_lowercase());
            if (prev.is_lowercase() && cur.is_uppercase()) || (prev.is_uppercase() && cur.is_uppercase() && next_lower) {
                starts.push(i);
            }
        }
        if starts.len() == 1 {
            return false;
        }
        starts.push(letters.len());
        let parts: Vec<String> = starts.windows(2).map(|w| letters[w[0]..w[1]].iter().collect()).collect();
        if NAME_PREFIXES.contains(&parts[0].as_str()) {
            return false;
        }
        let regular = |p: &str| {
            let mut cs = p.chars();
            let first = cs.next().expect("parts are not empty");
            let n = p.chars().count();
            (n >= 3 || (n == 2 && known(p))) && (cs.clone().all(char::is_lowercase) || (first.is_uppercase() && cs.all(char::is_uppercase)))
        };
        if parts.iter().all(|p| regular(p)) && (parts[0].starts_with(char::is_uppercase) || known(&parts[0])) {
            return false;
        }
        let initial = |p: &str| p.chars().count() == 1 && p.starts_with(char::is_uppercase);
        !(parts.len() == 2 && parts[0].chars().count() >= 4 && initial(&parts[1]) && known(&parts[0]))
    })
}

/// The form of a word that the lexicon is asked about: lower case, typewriter apostrophe,
/// round s for the long s.
fn normalise(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.to_lowercase().replace('’', "'").replace('ſ', "s")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Lower,
    Title,
    Upper,
    Mixed,
}

/// Suffixes whose removal gives the stem of an inflected or derived form.
const SUFFIXES: &[&str] = &[
    "'s", "’s", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "ism", "ist", "ists", "ian", "ians", "ite", "ites", "ness", "ment", "ments",
];

impl Prepared {
    fn corpus_count(&self, lower: &str) -> u64 {
        self.lower
            .get(&form_hash(lower))
            .map_or(0, |&(cap, low)| u64::from(cap) + u64::from(low))
    }

    /// Does the corpus write this lower-case form with a capital only?
    fn capitalised(&self, lower: &str) -> bool {
        self.lower.get(&form_hash(lower)).is_some_and(|&(cap, low)| cap > 0 && low == 0)
    }

    /// Is this lower-case form a word of the lexicon (as the given case)?
    fn in_dict(&self, lower: &str, case: Case) -> bool {
        if self.user.contains(lower) {
            return true;
        }
        let Some(d) = self.dict else { return false };
        match d.get(lower) {
            None => false,
            Some(e) => match e.class {
                WordClass::Common | WordClass::FrequencyOnly => true,
                // A proper noun written in lower case is not a word (`ot`, `bo`).
                WordClass::Proper => case != Case::Lower || e.freq >= 1_000_000,
            },
        }
    }

    fn known_plain(&self, lower: &str, case: Case) -> bool {
        self.in_dict(lower, case) || (self.corpus_count(lower) >= CORPUS_ACCEPT && !self.suspect.contains(lower))
    }

    /// Known directly, as an inflection, or as a compound of known parts.
    fn known(&self, lower: &str, case: Case) -> bool {
        let norm: std::borrow::Cow<str> = if lower.contains('’') {
            lower.replace('’', "'").into()
        } else {
            lower.into()
        };
        if self.known_plain(&norm, case) {
            return true;
        }
        for suf in SUFFIXES {
            if let Some(stem) = norm.strip_suffix(suf) {
                if stem.chars().count() >= 3 && (self.known_plain(stem, case) || self.known_plain(&format!("{stem}e"), case)) {
                    return true;
                }
            }
        }
        if norm.contains('-') {
            return norm
                .split('-')
                .all(|p| p.is_empty() || self.known(p, case) || p.chars().count() <= 2);
        }
        // Elided past tenses of older print: `confin'd`, `rais'd`, `occurr'd`.
        if let Some(stem) = norm.strip_suffix("'d") {
            if stem.chars().count() >= 2
                && [format!("{stem}ed"), format!("{stem}d"), format!("{stem}ied")]
                    .iter()
                    .any(|w| self.known_plain(w, case))
            {
                return true;
            }
            if let Some(short) = stem.strip_suffix(|c: char| c.is_alphabetic()) {
                if self.known_plain(&format!("{stem}ed"), case) || self.known_plain(&format!("{short}ed"), case) {
                    return true;
                }
            }
        }
        if let Some((a, b)) = norm.split_once('\'') {
            return self.known_plain(a, case) && matches!(b, "s" | "t" | "ll" | "re" | "ve" | "d" | "m");
        }
        false
    }

    /// Is this form (as written) a word? Judged as `known` does.
    fn judge(&self, form: &str) -> bool {
        self.known(&normalise(form), case_of(form))
    }

    /// The verdict on a form as written: one look-up for a form of the corpus, else judged now.
    fn verdict(&self, form: &str) -> Option<Verdict> {
        self.verdicts.get(&form_hash(form)).copied()
    }

    /// ln of the blended probability of a word (corpus first, dictionary second) that the
    /// corpus uses `count` times and the dictionary gives frequency `freq`.
    fn log_prob_of(&self, count: u64, freq: u64) -> f32 {
        let c = count as f64 / self.corpus_tokens.max(1.0);
        let d = self.dict.map(|d| freq as f64 / d.total).unwrap_or(0.0);
        let p = 0.7 * c + 0.3 * d;
        (p.max(1e-12)).ln() as f32
    }
}

impl LexiconCheck {
    fn meta(&self, kind: LexiconCheckKind) -> Option<&RuleMeta> {
        self.metas.iter().find(|(k, _)| *k == kind).map(|(_, m)| m)
    }

    /// Ranked candidates for an unknown lower-case form (none for a token too long to be a
    /// word: the search would cost more than it could find).
    fn candidates(&self, p: &Prepared, lower: &str, confusions: &crate::confusion::ConfusionTable, thorough: bool) -> Vec<Candidate> {
        if lower.chars().count() > MAX_WORD_CHARS {
            return Vec::new();
        }
        let mut found: FxHashMap<String, (f32, bool)> = FxHashMap::default();
        let mut consider = |w: &str, cost: f32, generic: bool| match found.get_mut(w) {
            Some(e) if cost < e.0 => *e = (cost, generic),
            Some(_) => {}
            None => {
                found.insert(w.to_string(), (cost, generic));
            }
        };
        let is_word = |w: &str| p.accepted.contains(&form_hash(w));
        // Two confusion edits for words of ordinary length, one for long ones (the search grows
        // with the square of the length).
        let depth = if thorough && lower.len() <= 6 { 2 } else { 1 };
        // One plain edit, alone or after one cheap confusion (only after the cheapest
        // confusions: each start costs a deletion-index probe per letter).
        let mut starts: Vec<(String, f32)> = vec![(lower.to_string(), 0.0)];
        let start_cost = if thorough && lower.len() <= 8 {
            0.5f32.min(self.max_cost - self.generic_cost)
        } else {
            -1.0
        };
        confusions.expand_each(lower, Scope::Word, depth, self.max_cost, &mut |w, c| {
            if is_word(w) {
                consider(w, c, false);
            }
            if c <= start_cost {
                match starts.iter_mut().find(|(s, _)| s == w) {
                    Some(e) => e.1 = e.1.min(c),
                    None => starts.push((w.to_string(), c)),
                }
            }
        });
        for (s, c) in starts {
            let cost = c + self.generic_cost;
            p.index.each_within_one(&s, |w| consider(w, cost, true));
        }
        let mut out: Vec<Candidate> = found
            .into_iter()
            .filter(|(w, _)| w != lower && !is_inflection_of(lower, w))
            .map(|(w, (cost, generic))| {
                // (one look-up in each table)
                let corpus_count = p.corpus_count(&w);
                let entry = p.dict.and_then(|d| d.get(&w));
                let dict_freq = entry.map_or(0, |e| e.freq);
                let score = cost - 0.15 * p.log_prob_of(corpus_count, dict_freq);
                let proper = entry.is_some_and(|e| e.class == WordClass::Proper);
                Candidate {
                    corpus_count,
                    dict_freq,
                    proper,
                    word: w,
                    cost,
                    score,
                    generic,
                }
            })
            .collect();
        out.sort_by(|a, b| a.score.total_cmp(&b.score).then_with(|| a.word.cmp(&b.word)));
        out.truncate(4);
        // (kept for the run in the caches of analysed and repeated forms: not with the room of
        // every word considered)
        out.shrink_to_fit();
        out
    }
}

/// `a` and `b` differ only by an inflection (`value`/`values`, `walk`/`walked`).
fn is_inflection_of(a: &str, b: &str) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match l.strip_prefix(s) {
        Some(rest) => matches!(rest, "s" | "es" | "ed" | "d" | "ing" | "y" | "'s" | "’s" | "er" | "ly"),
        None => false,
    }
}

impl Check for LexiconCheck {
    fn rules(&self) -> Vec<&RuleMeta> {
        self.metas.iter().map(|(_, m)| m).collect()
    }

    fn retain(&mut self, enabled: &dyn Fn(&str) -> bool) -> bool {
        self.metas.retain(|(_, m)| enabled(&m.id));
        !self.metas.is_empty()
    }

    fn needs_corpus(&self) -> bool {
        true
    }

    fn prepare(&mut self, corpus: &CorpusStats, config: &Config) {
        let mut p = Prepared {
            dict: Dictionary::for_language(&config.language),
            ..Prepared::default()
        };
        // Counts by lower-case form, kept by hash: only the frequent forms keep their text.
        for (form, &n) in &corpus.forms {
            let e = p.lower.entry(normal_hash(form)).or_default();
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            if form.chars().next().is_some_and(|c| c.is_uppercase()) {
                e.0 = e.0.saturating_add(n);
            } else {
                e.1 = e.1.saturating_add(n);
            }
        }
        let mut frequent: Vec<String> = corpus
            .forms
            .keys()
            .filter(|f| {
                p.lower
                    .get(&normal_hash(f))
                    .is_some_and(|&(cap, low)| u64::from(cap) + u64::from(low) >= CORPUS_ACCEPT)
            })
            .map(|f| normalise(f))
            .collect();
        frequent.sort_unstable();
        frequent.dedup();
        p.corpus_tokens = corpus.tokens as f64;
        for w in &config.lexicon.words {
            p.user.insert(w.to_lowercase());
        }
        for f in &config.lexicon.files {
            let path = config.base_dir().join(f);
            if let Ok(text) = std::fs::read_to_string(&path) {
                for line in text.lines() {
                    let w = line.trim();
                    if !w.is_empty() && !w.starts_with('#') {
                        p.user.insert(w.to_lowercase());
                    }
                }
            }
        }
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
        // Repeated OCR faults: frequent non-dictionary forms one cheap confusion from a
        // dictionary word the corpus uses twenty times as often.
        if p.dict.is_some() {
            let candidates: Vec<(&String, u64)> = frequent_unknown
                .iter()
                .filter(|w| w.len() <= MAX_WORD_CHARS && w.chars().all(char::is_alphabetic))
                .map(|w| (*w, p.corpus_count(w)))
                .collect();
            let suspect: Vec<String> = candidates
                .par_iter()
                .filter(|(w, n)| {
                    self.confusions
                        .expand(w, Scope::Word, 1, 1.0)
                        .iter()
                        .any(|(c, _)| p.in_dict(c, Case::Lower) && p.corpus_count(c) >= 20 * n)
                })
                .map(|(w, _)| (*w).clone())
                .collect();
            p.suspect = suspect.into_iter().collect();
        }
        // The verdict on every form of the corpus, and the candidates of every unknown one,
        // computed once per corpus, in parallel.
        let forms: Vec<&String> = corpus.forms.keys().collect();
        // Each form: its hash, the hash of its lower-case form, whether it is known, whether
        // it is analysed if not (its lower-case form is used twice or more), and its count if
        // it is a lower-case word of three letters or more. (Read in parallel; the verdicts are
        // then filed in the forms' order.)
        let judged: Vec<(u64, u64, bool, bool, Option<u64>)> = forms
            .into_par_iter()
            .map(|form| {
                let known = p.judge(form);
                let lower = normal_hash(form);
                let analysed = !known && p.lower.get(&lower).is_some_and(|&(cap, low)| u64::from(cap) + u64::from(low) >= 2);
                let counted =
                    (form.len() >= 3 && form.chars().all(|c| c.is_lowercase())).then(|| corpus.forms.get(form).copied().unwrap_or(0));
                (form_hash(form), lower, known, analysed, counted)
            })
            .collect();
        let mut unknown_lower: FxHashMap<u64, u32> = FxHashMap::default();
        let mut verdicts: FxHashMap<u64, Verdict> = FxHashMap::with_capacity_and_hasher(judged.len(), Default::default());
        // The corpus' share of unknown lower-case words (of three letters or more), as a
        // document measures its own noise.
        let (mut lower_total, mut lower_unknown) = (0u64, 0u64);
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
        if p.dict.is_some() && lower_total > 0 {
            p.corpus_noise = lower_unknown as f64 / lower_total as f64;
        }
        p.analyses = (0..unknown_lower.len()).map(|_| Analysis::default()).collect();
        p.verdicts = verdicts;
        self.prepared = p;
    }

    fn noise(&self, cx: &CheckContext<'_>) -> Option<Noise> {
        let p = &self.prepared;
        if p.dict.is_none() || !looks_like_lexicon_language(cx) {
            return Some(Noise::Unmeasurable);
        }
        let verdicts = self.token_verdicts(cx);
        Some(Noise::Measured(self.noise_ratio(cx, |i| verdicts[i] == Verdict::Known)))
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let p = &self.prepared;
        let text = cx.text;
        let toks = cx.tokens;
        let verdicts = self.token_verdicts(cx);
        if p.dict.is_some() && !looks_like_lexicon_language(cx) {
            // A document in another language than the lexicon's: no dictionary judgements.
            for (t, v) in toks.iter().zip(verdicts.iter()) {
                let s = t.text(text);
                match t.kind {
                    TokenKind::Mixed => {
                        if let Some(meta) = self.meta(LexiconCheckKind::DigitInWord) {
                            self.digit_in_word(cx, t, s, meta, out);
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
            return;
        }
        // How noisy is this document (measured once; a rule may have asked already)?
        let measure = || match p.dict {
            Some(_) => Noise::Measured(self.noise_ratio(cx, |i| verdicts[i] == Verdict::Known)),
            None => Noise::Unmeasurable,
        };
        let noise = match cx.noise.get_or_init(measure) {
            Noise::Measured(r) => *r,
            _ => 0.0,
        };
        let noisy = p.dict.is_some() && noise >= 1.0;
        // So noisy that an unknown name with no candidate is more likely a fault than a name.
        let very_noisy = noisy && noise >= 2.5;
        let digit_meta = self.meta(LexiconCheckKind::DigitInWord);
        let word_meta = self.meta(LexiconCheckKind::NonWord);
        let mut joined = vec![false; toks.len()];
        if let Some(meta) = self.meta(LexiconCheckKind::SplitWord) {
            self.split_words(cx, meta, noisy, &verdicts, &mut joined, out);
        }
        // The candidates of forms used once, searched for a neighbour's sake before their own.
        let searched: RefCell<FxHashMap<usize, Vec<Candidate>>> = RefCell::default();
        self.raw_ocr(cx, if p.dict.is_some() { noise } else { 0.0 }, &verdicts, &joined, &searched, out);
        for (i, t) in toks.iter().enumerate() {
            if joined[i] {
                continue;
            }
            let s = t.text(text);
            match t.kind {
                TokenKind::Mixed => {
                    if let Some(meta) = digit_meta {
                        self.digit_in_word(cx, t, s, meta, out);
                    }
                }
                TokenKind::Word => {
                    let Verdict::Unknown(a) = verdicts[i] else { continue };
                    if let Some(meta) = word_meta {
                        if is_roman(s) {
                            continue;
                        }
                        if hyphenated_at_line_end(text, toks, i, p) {
                            continue;
                        }
                        let fresh;
                        let search = || self.candidates(p, &normalise(s), &self.confusions, !noisy);
                        let cands: &[Candidate] = match p.analyses.get(a as usize) {
                            _ if p.dict.is_none() || s.chars().count() < 2 => &[],
                            Some(an) if noisy => an.quick.get_or_init(search),
                            Some(an) => an.thorough.get_or_init(search),
                            None => {
                                fresh = searched.borrow_mut().remove(&i).unwrap_or_else(search);
                                &fresh
                            }
                        };
                        self.non_word(cx, t, s, meta, cands, noisy, very_noisy, out);
                    }
                }
                TokenKind::Number => {}
            }
        }
    }
}

/// `form_hash(&normalise(form))` (the lexicon's `word_hash`, the key of every hash-keyed table:
/// `Prepared::verdicts`, the context index), without allocating for an ASCII form.
fn normal_hash(form: &str) -> u64 {
    if form.is_ascii() {
        crate::tokenize::with_lowercase(form, form_hash)
    } else {
        form_hash(&normalise(form))
    }
}

/// `Verdict::Unknown` of a form outside the corpus statistics: its candidates are searched
/// when it is reported.
const UNANALYSED: u32 = u32::MAX;

/// The most frequent English words that other languages do not share.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "to", "is", "that", "was", "he", "for", "it", "with", "his", "be", "at", "by", "this", "had", "not", "are", "but",
    "from", "or", "have", "they", "which", "one", "you", "were", "her", "all", "she", "there", "would", "their", "we", "him", "been",
    "has", "when", "who", "will", "more", "if", "out", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only",
    "other", "some", "could", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "our", "over", "me", "after",
    "also", "did", "should",
];

/// Is the document written in the lexicon's language (English)? Judged by the share of its
/// words that are frequent English function words: about a third in English prose, raw OCR
/// included, and next to none in French or German. A document too short to judge is judged as
/// its corpus is.
pub fn looks_like_lexicon_language(cx: &CheckContext<'_>) -> bool {
    *cx.lexicon_language.get_or_init(|| judge_language(cx))
}

fn judge_language(cx: &CheckContext<'_>) -> bool {
    if !matches!(
        cx.config.language.as_str(),
        "en" | "en-US" | "en-GB" | "en_US" | "en_GB" | "english"
    ) {
        return true;
    }
    let (mut words, mut marks) = (0usize, 0usize);
    // A share is measured as well on a few thousand tokens spread over the text.
    let step = (cx.tokens.len() / 8192).max(1);
    for t in cx.tokens.iter().step_by(step).filter(|t| t.kind == TokenKind::Word) {
        let s = t.text(cx.text);
        if s.len() > 6 {
            words += 1;
            continue;
        }
        words += 1;
        static MARKERS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
        let markers = MARKERS.get_or_init(|| ENGLISH_MARKERS.iter().copied().collect());
        if crate::tokenize::with_lowercase(s, |l| markers.contains(l)) {
            marks += 1;
        }
    }
    if words < 40 {
        // Too short to judge alone: as the corpus is.
        return corpus_in_lexicon_language(cx.corpus);
    }
    marks as f64 >= 0.08 * words as f64
}

/// Is the corpus, by the same measure, written in the lexicon's language? A corpus too small to
/// judge is given the benefit of the doubt.
pub fn corpus_in_lexicon_language(corpus: &CorpusStats) -> bool {
    if let Some(judged) = corpus.lexicon_language {
        return judged;
    }
    if corpus.tokens < 200 {
        return true;
    }
    let count = |w: &str| corpus.forms.get(w).copied().unwrap_or(0);
    let marks: u64 = ENGLISH_MARKERS
        .iter()
        .map(|m| {
            let mut title = m.to_string();
            title[..1].make_ascii_uppercase();
            count(m) + count(&title)
        })
        .sum();
    marks as f64 >= 0.08 * corpus.tokens as f64
}

/// Is a word two known words of three letters or more joined (`coalheaver`, `newsvenders`)?
fn joined_words(lower: &str, known: impl Fn(&str) -> bool) -> bool {
    (3..lower.len().saturating_sub(2)).filter(|&k| lower.is_char_boundary(k)).any(|k| {
        let (a, b) = lower.split_at(k);
        known(a) && known(b)
    })
}

/// Is a word the second name of a Latin binomial: after a capitalised word, with a Latin
/// ending (`Loxia bifasciata`, `Passer montanus`)?
fn binomial(cx: &CheckContext<'_>, t: &Token, lower: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "us", "um", "a", "ae", "is", "ii", "i", "es", "ensis", "oides", "ata", "ica", "ix", "on",
    ];
    if !ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    let before = cx.text[..t.start].trim_end_matches([' ', '\t', '\n', '\r']);
    let word: &str = &before[before
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8))..];
    word.chars().count() >= 3 && case_of(word) == Case::Title
}

/// Two words run together (`onthe`, `daughterof`): the split into two common words, one of them
/// an English function word, that the bigram list attests as a pair (not a word doubled, `ofof`;
/// not a compound of two content words, `printshop`).
fn run_together(lower: &str, dict: &Dictionary) -> Option<String> {
    let common = |w: &str| dict.get(w).is_some_and(|e| e.class == WordClass::Common);
    (2..lower.len().saturating_sub(1))
        .filter(|&k| lower.is_char_boundary(k))
        .filter_map(|k| {
            let (a, b) = lower.split_at(k);
            if a == b || !common(a) || !common(b) || !(ENGLISH_MARKERS.contains(&a) || ENGLISH_MARKERS.contains(&b)) {
                return None;
            }
            let c = dict.bigram(a, b);
            (c > 0).then(|| (c, format!("{a} {b}")))
        })
        .max_by_key(|x| x.0)
        .map(|x| x.1)
}

/// In print with the long s, an `f` that is a misread `ſ`: the word with one `f` read as `s` is
/// known (`faid`, `difcontented`); the reading is given with `ſ`, as the text writes it.
fn long_s_reading(lower: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    lower.match_indices('f').find_map(|(i, _)| {
        let with_s = format!("{}s{}", &lower[..i], &lower[i + 1..]);
        known(&with_s).then(|| format!("{}ſ{}", &lower[..i], &lower[i + 1..]))
    })
}

/// Do both neighbours of token `t` (words set off by spaces only) form pairs with `word` that
/// the bigram list attests?
fn context_fits(cx: &CheckContext<'_>, t: &Token, word: &str, dict: &Dictionary) -> bool {
    let toks = cx.tokens;
    let Ok(i) = toks.binary_search_by_key(&t.start, |x| x.start) else {
        return false;
    };
    let spaced = |a: &Token, b: &Token| cx.text[a.end..b.start].bytes().all(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t'));
    let form = |j: usize| -> Option<String> {
        let n = &toks[j];
        (n.kind == TokenKind::Word).then(|| n.text(cx.text).to_lowercase())
    };
    let prev = (i > 0 && spaced(&toks[i - 1], t)).then(|| form(i - 1)).flatten();
    let next = (i + 1 < toks.len() && spaced(t, &toks[i + 1])).then(|| form(i + 1)).flatten();
    match (prev, next) {
        (Some(p), Some(n)) => dict.bigram(&p, word) > 0 && dict.bigram(word, &n) > 0,
        _ => false,
    }
}

/// Is the token at the start of a sentence (after `.`, `!`, `?`, a paragraph break or an
/// opening quote)?
fn sentence_initial(text: &str, start: usize) -> bool {
    let before = &text[..start];
    for (i, c) in before.char_indices().rev() {
        if c.is_whitespace() || matches!(c, '“' | '‘' | '"' | '\'' | '(' | '[' | '—') {
            if c == '\n' && before[..i].trim_end_matches([' ', '\t', '\r', '“', '‘', '"', '(']).ends_with('\n') {
                return true;
            }
            continue;
        }
        if matches!(c, '!' | '?' | ':' | '…') {
            return true;
        }
        if c == '.' {
            // Not after a title or an initial: `Mr. Laing`, `J. Smith`.
            let word: String = before[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let abbrev = word.chars().count() == 1
                || matches!(
                    word.as_str(),
                    "Mr" | "Mrs"
                        | "Ms"
                        | "Dr"
                        | "St"
                        | "Messrs"
                        | "Rev"
                        | "Capt"
                        | "Col"
                        | "Gen"
                        | "Lieut"
                        | "Sgt"
                        | "Pte"
                        | "Ptes"
                        | "Esq"
                        | "Co"
                        | "No"
                        | "Vol"
                        | "p"
                        | "pp"
                        | "Hon"
                        | "Prof"
                        | "Mt"
                        | "Ft"
                        | "Jr"
                        | "Sr"
                        | "Wm"
                        | "Jas"
                        | "Chas"
                        | "Geo"
                        | "Thos"
                        | "Jno"
                        | "Jos"
                );
            return !abbrev;
        }
        return false;
    }
    true
}

/// Is the token alone in quotation marks (“practico,”)?
fn is_quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after: String = text[end..].chars().take(2).collect();
    matches!(before, Some('“' | '‘' | '"'))
        && (after.starts_with(['”', '’', '"']) || after.chars().nth(1).is_some_and(|c| matches!(c, '”' | '’' | '"')))
}

/// Is this token a piece of a word broken by a hyphenation sign `¬` (`impor¬ tant`,
/// `gar¬⏎den`)? Transcriptions mark a line-end hyphen with `¬`, in the line or at its end;
/// a piece whose halves do not join into a known word may still be a name or a rare word.
fn next_to_hyphenation_sign(text: &str, start: usize, end: usize) -> bool {
    text[end..].starts_with('¬') || text[..start].trim_end_matches([' ', '\t', '\r', '\n']).ends_with('¬')
}

/// Is this token half of a word hyphenated across a line end (`pro-` / `perty`) whose halves
/// joined make a known word?
fn hyphenated_at_line_end(text: &str, toks: &[Token], i: usize, p: &Prepared) -> bool {
    let t = toks[i];
    let after = &text[t.end..];
    let joined = |a: &Token, b: &Token| -> bool {
        let w = format!("{}{}", a.text(text), b.text(text)).to_lowercase();
        p.known(&w, Case::Lower) || p.known(&format!("{}-{}", a.text(text), b.text(text)).to_lowercase(), Case::Lower)
    };
    let breaks = |gap: &str| {
        let g = gap.trim_start_matches([' ', '\t']);
        (g.starts_with("-\n") || g.starts_with("-\r\n") || g.starts_with('¬') || g.starts_with('\u{AD}')) && gap.trim().len() <= 3
    };
    if i + 1 < toks.len() && breaks(&after[..toks[i + 1].start - t.end]) && joined(&t, &toks[i + 1]) {
        return true;
    }
    if i > 0 {
        let prev = toks[i - 1];
        if breaks(&text[prev.end..t.start]) && joined(&prev, &t) {
            return true;
        }
    }
    false
}

impl LexiconCheck {
    /// The verdict on each token of the document (`Known` for a token that is no word): one
    /// look-up for a form of the corpus statistics; another form (text changed by a fix,
    /// statistics of another corpus) is judged now. Made once per document, whether the noise
    /// measure or the check asks first (kept in the context for the check that made them: a
    /// second lexicon check, from another pack, makes its own).
    fn token_verdicts<'c>(&self, cx: &'c CheckContext<'_>) -> std::borrow::Cow<'c, [Verdict]> {
        let p = &self.prepared;
        let make = || -> Vec<Verdict> {
            cx.tokens
                .iter()
                .map(|t| {
                    if t.kind != TokenKind::Word {
                        return Verdict::Known;
                    }
                    let s = t.text(cx.text);
                    p.verdict(s)
                        .unwrap_or_else(|| if p.judge(s) { Verdict::Known } else { Verdict::Unknown(UNANALYSED) })
                })
                .collect()
        };
        let me = self as *const LexiconCheck as usize;
        match cx.lexicon_verdicts.get_or_init(|| (me, make())) {
            (owner, v) if *owner == me => std::borrow::Cow::Borrowed(v),
            _ => std::borrow::Cow::Owned(make()),
        }
    }

    /// How noisy a document is: its share of unknown lower-case words of three letters or more
    /// (`known` says whether word token `i` is known), divided by the noise threshold. Short
    /// documents borrow the corpus' noise level.
    fn noise_ratio(&self, cx: &CheckContext<'_>, known: impl Fn(usize) -> bool) -> f64 {
        let (mut lower_words, mut unknown_lower) = (0usize, 0usize);
        for (i, t) in cx.tokens.iter().enumerate() {
            if t.kind == TokenKind::Word && t.end - t.start >= 3 && is_lower(t.text(cx.text)) {
                lower_words += 1;
                if !known(i) {
                    unknown_lower += 1;
                }
            }
        }
        let threshold = cx.config.ocr.noisy_threshold.unwrap_or(NOISY_THRESHOLD);
        let noise = if lower_words >= 30 {
            unknown_lower as f64 / lower_words as f64
        } else {
            (unknown_lower as f64 + 30.0 * self.prepared.corpus_noise) / (lower_words as f64 + 30.0)
        };
        noise / threshold
    }

    /// The checks of raw OCR (`stray-mark`, `stray-letter`, `context-word`).
    ///
    /// `noise` is the document's share of unknown words over the noise threshold: 1 or more is
    /// raw OCR.
    #[allow(clippy::too_many_arguments)]
    fn raw_ocr(
        &self,
        cx: &CheckContext<'_>,
        noise: f64,
        verdicts: &[Verdict],
        joined: &[bool],
        searched: &RefCell<FxHashMap<usize, Vec<Candidate>>>,
        out: &mut Vec<Finding>,
    ) {
        let (mark, letter) = (self.meta(LexiconCheckKind::StrayMark), self.meta(LexiconCheckKind::StrayLetter));
        if mark.is_some() || letter.is_some() {
            // A document with garble (an unknown lower-case word made of letter sequences no
            // English word has) is raw OCR at a lower share of unknown words too: its stray
            // marks are specks.
            let marks_noise = if (GARBLED_RAW_OCR..1.0).contains(&noise) && self.lower_garble(cx) {
                1.0
            } else {
                noise
            };
            super::raw_ocr::stray_marks(cx, mark, letter, marks_noise, out);
        }
        if let (Some(meta), Some(dict)) = (self.meta(LexiconCheckKind::ContextWord), self.prepared.dict) {
            let index = self
                .context
                .get_or_init(|| super::raw_ocr::ContextIndex::build(dict, &self.confusions));
            // A neighbour that is no word is read as its best candidate.
            let p = &self.prepared;
            let thorough = noise < 1.0;
            // (each neighbour searched once per document: an analysed form keeps its candidates,
            // a form used once keeps them in `searched`)
            let guess = |j: usize| -> Option<String> {
                let Verdict::Unknown(a) = verdicts[j] else { return None };
                let s = cx.tokens[j].text(cx.text);
                let search = || self.candidates(p, &normalise(s), &self.confusions, thorough);
                let best = |c: &[Candidate]| c.first().map(|c| c.word.clone());
                match p.analyses.get(a as usize) {
                    Some(an) if thorough => best(an.thorough.get_or_init(search)),
                    Some(an) => best(an.quick.get_or_init(search)),
                    // (kept for the token's own finding)
                    None => best(searched.borrow_mut().entry(j).or_insert_with(search)),
                }
            };
            super::raw_ocr::context_words(cx, meta, index, dict, noise, joined, &guess, out);
        }
        if let Some(meta) = self.meta(LexiconCheckKind::CorpusNonWord) {
            self.corpus_non_words(cx, meta, noise, joined, out);
        }
    }

    /// In raw OCR, a lower-case form that the lexicon lacks (nor has its stem) and that is
    /// known only because the corpus repeats it: in a noisy corpus the same misreading recurs
    /// (`thoy`, `aro`, `fromn`).
    fn corpus_non_words(&self, cx: &CheckContext<'_>, meta: &RuleMeta, noise: f64, joined: &[bool], out: &mut Vec<Finding>) {
        let p = &self.prepared;
        if p.dict.is_none() || noise < 1.0 {
            return;
        }
        let text = cx.text;
        let search = |s: &str| -> Vec<String> { self.candidates(p, s, &self.confusions, false).into_iter().map(|c| c.word).collect() };
        let mut fresh: Vec<String>;
        for (i, t) in cx.tokens.iter().enumerate() {
            if joined[i] || t.kind != TokenKind::Word || t.end - t.start < 3 || t.end - t.start > MAX_WORD_CHARS {
                continue;
            }
            let s = t.text(text);
            // (one look-up: the frequent forms of the corpus that the lexicon lacks)
            let Some(&k) = p.corpus_only.get(&form_hash(s)) else { continue };
            if !s.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            if is_roman(s) || hyphenated_at_line_end(text, cx.tokens, i, p) {
                continue;
            }
            let stem_known = SUFFIXES.iter().any(|suf| {
                s.strip_suffix(suf)
                    .is_some_and(|stem| stem.len() >= 3 && (p.in_dict(stem, Case::Lower) || p.in_dict(&format!("{stem}e"), Case::Lower)))
            });
            if stem_known {
                continue;
            }
            // (raw OCR: the quick search, as for the other unknown words of the document;
            // a repeated form is searched once per run)
            let suggestions: &[String] = match &p.corpus_only_forms[k as usize] {
                (form, found) if **form == *s => found.get_or_init(|| search(s)),
                _ => {
                    fresh = search(s);
                    &fresh
                }
            };
            let suggestions = suggestions.to_vec();
            let message = match suggestions.first() {
                Some(b) => meta.message.replace("{found}", s).replace("{fix}", b),
                None => format!("`{s}` is not a known word, though the corpus repeats it"),
            };
            let mut f = Finding::new(&meta.id, meta.severity, t.start, t.end, message);
            if let Some(b) = suggestions.first() {
                f = f.with_fix(Fix::replace(t.start, t.end, b.clone(), meta.applicability(false)));
            }
            f.suggestions = suggestions;
            out.push(f);
        }
    }

    /// A word split in two by a space (`consider able`, `re main`) or by a hyphen left from a
    /// line break (`pro- perty`).
    fn split_words(
        &self,
        cx: &CheckContext<'_>,
        meta: &RuleMeta,
        noisy: bool,
        verdicts: &[Verdict],
        joined: &mut [bool],
        out: &mut Vec<Finding>,
    ) {
        let p = &self.prepared;
        let Some(dict) = p.dict else { return };
        let toks = cx.tokens;
        let text = cx.text;
        let mut j = String::new();
        let mut i = 0;
        while i + 1 < toks.len() {
            let (a, b) = (toks[i], toks[i + 1]);
            i += 1;
            if a.kind != TokenKind::Word || b.kind != TokenKind::Word {
                continue;
            }
            let gap = &text[a.end..b.start];
            let hyphen = gap == "- " || gap == "-  ";
            if gap != " " && !hyphen {
                continue;
            }
            let both_known = verdicts[i - 1] == Verdict::Known && verdicts[i] == Verdict::Known;
            let (sa, sb) = (a.text(text), b.text(text));
            // Two words side by side are joined only in raw OCR, and only when the second is
            // long enough: most pairs of a text are dismissed here without a look-up.
            if both_known && !hyphen && (!noisy || sb.len() < 3 || sa.len() < 2) {
                continue;
            }
            if sa.contains(['-', '\'', '’'])
                || sb.contains(['-', '\'', '’'])
                || case_of(sb) != Case::Lower
                || matches!(case_of(sa), Case::Mixed | Case::Upper)
            {
                continue;
            }
            j.clear();
            if sa.is_ascii() {
                j.extend(sa.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                j.push_str(&sa.to_lowercase());
            }
            j.push_str(sb);
            let j_known = dict.get(&j).is_some_and(|e| e.class != WordClass::Proper)
                && (dict.freq(&j) >= 100_000 || p.corpus_count(&j) >= CORPUS_ACCEPT);
            if !j_known && !hyphen {
                continue;
            }
            let (la, lb) = (sa.to_lowercase(), sb.to_lowercase());
            let (ka, kb) = (p.known(&la, Case::Lower), p.known(&lb, Case::Lower));
            let replacement = if j_known {
                let evidence = if hyphen {
                    // `pro- perty`: a hyphen followed by a space inside a word
                    true
                } else if !ka || !kb {
                    // `re main`, `mea sures`: a part that is no word
                    !(ka && kb) && la.chars().count() >= 2 && lb.chars().count() >= 2
                } else {
                    // both parts words (`consider able`): only in raw OCR, and only when the
                    // joined word is frequent and the pair is not
                    noisy && dict.freq(&j) >= 1_000_000 && dict.bigram(&la, &lb) == 0 && la.len() >= 2 && lb.len() >= 3
                };
                evidence.then(|| match_case(sa, &j))
            } else if hyphen && ka && kb {
                // `well- known`: a compound whose hyphen lost its second half's attachment
                let h = format!("{la}-{lb}");
                dict.contains(&h).then(|| match_case(sa, &format!("{sa}-{sb}").to_lowercase()))
            } else {
                None
            };
            let Some(rep) = replacement else {
                // A hyphen and a space inside a line that neither half nor the join explains
                // (`Lon- don`, `Detective- sergeant`), unless it is a suspended hyphen (`pre- and
                // post-war`): reported with both readings, for a person to choose.
                if hyphen
                    && !matches!(lb.as_str(), "and" | "or" | "nor" | "to" | "but")
                    && la.chars().count() >= 2
                    && lb.chars().count() >= 2
                {
                    let found = &text[a.start..b.end];
                    let readings = vec![match_case(sa, &j), format!("{sa}-{sb}")];
                    let message = format!(
                        "`{found}`: a hyphen and a space inside a line; a word broken at a line end (`{}`)?",
                        readings[0]
                    );
                    out.push(Finding::new(&meta.id, meta.severity, a.start, b.end, message).with_suggestions(readings));
                    joined[i - 1] = true;
                    joined[i] = true;
                    i += 1;
                }
                continue;
            };
            joined[i - 1] = true;
            joined[i] = true;
            out.push(meta.replacement(a.start, b.end, &text[a.start..b.end], rep));
            i += 1;
        }
    }

    fn digit_in_word(&self, cx: &CheckContext<'_>, t: &Token, s: &str, meta: &RuleMeta, out: &mut Vec<Finding>) {
        if is_number_with_unit(s) || s.contains('-') {
            return;
        }
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
        // A word with a digit in it (`bro1ught`, `Witn6ss`), not a number with a letter (the
        // number rules judge those) nor a code (`B12`, `A4`), nor a word with a number run on
        // (`articles1.`, a footnote or list number), nor units (`47deg`, `20min`).
        if letters < 1 || digits > letters.max(1) || digits > 2 {
            return;
        }
        let chars: Vec<char> = s.chars().collect();
        let inner_digit = chars
            .windows(3)
            .any(|w| w[0].is_alphabetic() && w[1].is_ascii_digit() && (w[2].is_alphabetic() || w[2].is_ascii_digit()))
            && chars.last().is_some_and(|c| c.is_alphabetic());
        let leading_digit = chars[0].is_ascii_digit() && chars.iter().skip(1).all(|c| c.is_alphabetic()) && letters <= 3;
        if !inner_digit && !leading_digit {
            return;
        }
        let p = &self.prepared;
        // Map the digits back to the letters they resemble and look for a word.
        let mapped: String = s
            .chars()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'l',
                '5' => 's',
                '6' => 'b',
                '8' => 'b',
                '9' => 'g',
                '4' => 'a',
                '3' => 'e',
                '7' => 't',
                '2' => 'z',
                c => c,
            })
            .collect();
        let lower = mapped.to_lowercase();
        let mut suggestions = Vec::new();
        let alt: String = lower.replace('l', "i");
        for cand in [lower.clone(), lower.replace('1', "i"), alt] {
            if p.in_dict(&cand, Case::Lower) || p.corpus_count(&cand) >= CORPUS_ACCEPT {
                suggestions.push(match_case(s, &cand));
                break;
            }
        }
        if suggestions.is_empty() {
            // A digit dropped in (`bro1ught`): try deleting each digit.
            let del: String = s.chars().filter(|c| !c.is_ascii_digit()).collect();
            if p.in_dict(&del.to_lowercase(), Case::Lower) {
                suggestions.push(del);
            }
        }
        let message = meta
            .message
            .replace("{found}", s)
            .replace("{fix}", suggestions.first().map(String::as_str).unwrap_or("?"));
        let mut f = Finding::new(&meta.id, meta.severity, t.start, t.end, message);
        if let Some(best) = suggestions.first() {
            f = f.with_fix(Fix::replace(t.start, t.end, best.clone(), meta.applicability(false)));
        }
        f.suggestions = suggestions;
        let _ = cx;
        out.push(f);
    }

    #[allow(clippy::too_many_arguments)]
    fn non_word(
        &self,
        cx: &CheckContext<'_>,
        t: &Token,
        s: &str,
        meta: &RuleMeta,
        cands: &[Candidate],
        noisy: bool,
        very_noisy: bool,
        out: &mut Vec<Finding>,
    ) {
        let p = &self.prepared;
        let n = s.chars().count();
        if n < 2 {
            return;
        }
        let case = case_of(s);
        let lower = normalise(s);
        if p.dict.is_none() {
            // No lexicon for this language: only corpus evidence (a capitalised form one cheap
            // confusion from a far more frequent one).
            if case == Case::Title {
                self.name_variant(t, s, meta, out);
            }
            return;
        }
        let best = cands.first();
        let own = p.corpus_count(&lower);
        // A single word in quotation marks is often a foreign or special term (“practico”).
        let quoted = is_quoted(cx.text, t.start, t.end);
        let confusion_hit = !quoted
            && best.is_some_and(|b| {
                (!b.generic && b.cost <= 1.5 && (b.dict_freq >= 1_000_000 || b.corpus_count >= CORPUS_ACCEPT.max(2 * own)))
                    // one plain edit from one of the most frequent words (`fom` → `from`)
                    || (b.dict_freq >= 300_000_000 && n <= 4)
            });
        // A piece of a word broken at a hyphenation sign is not a word by itself.
        let fragment = next_to_hyphenation_sign(cx.text, t.start, t.end);
        // A word whose only difference from a known one is an accent is a spelling (`naïve`,
        // `café`), for `spelling/diacritics` to judge, not a misreading.
        let accented = !s.is_ascii() && best.is_some_and(|b| b.word == super::names::fold(&lower));
        // Letter sequences English words next to never have (`wxqhrtz`, `pfkzv`): garble.
        let dict = p.dict.expect("checked above");
        let implausible = dict.implausible_trigrams(&lower);
        let garbled = !quoted && implausible >= 2;
        let severity = match case {
            _ if fragment || accented => Severity::Info,
            Case::Lower => {
                // one edit from a very frequent word is evidence enough in a proofread text
                let frequent_hit = !quoted && best.is_some_and(|b| b.dict_freq >= 10_000_000);
                // Print with the long s is older than standard spelling (`publick`, `antient`):
                // there an edit away from a word is no evidence, only garble is.
                let old_spelling = !noisy && cx.long_s();
                // One letter sequence no word has (`stotiott`, `rtorived`, `cbhutry`), in a word
                // that is not two known words joined (`coalheaver`), the second name of a Latin
                // binomial (`Loxia bifasciata`), a hyphenated word, a word in italics
                // (`_musique_`) nor one beside an apostrophe (a dialect's elision, `'zactly`).
                let odd = !quoted
                    && !fragment
                    && s.is_ascii()
                    && !s.contains(['\'', '-'])
                    && !cx.text[..t.start].ends_with(['\'', '’', '_'])
                    && !cx.text[t.end..].starts_with(['\'', '’', '_'])
                    && implausible == 1
                    && !joined_words(&lower, |w| p.known(w, Case::Lower))
                    && !binomial(cx, t, &lower);
                if noisy || garbled || odd || ((confusion_hit || frequent_hit) && !old_spelling) {
                    meta.severity
                } else {
                    Severity::Info
                }
            }
            Case::Title | Case::Upper => {
                // A name is not an unknown word: only a cheap confusion of a far more frequent
                // form of the corpus, or of a very common word, is a fault.
                let name_hit = best
                    .is_some_and(|b| !b.generic && b.cost <= 1.5 && b.corpus_count >= CORPUS_ACCEPT.max(3 * own) && p.capitalised(&b.word));
                // A capitalised common word misread at the start of a sentence (`Tlie`).
                let word_hit =
                    sentence_initial(cx.text, t.start) && best.is_some_and(|b| !b.generic && b.cost <= 1.0 && b.dict_freq >= 50_000_000);
                // In raw OCR a capitalised form the corpus uses once or twice is as suspect as any.
                // A plain edit (no named confusion) of a form the corpus writes twice is more
                // likely a second mention of a rare name (`Pemberton`, `Fawley`) than a fault;
                // so is one of a document whose unknown lower-case words are all plausible
                // (no garble): its noise is names and foreign words, not OCR.
                let plain = best.is_some_and(|b| b.generic);
                let noisy_hit =
                    noisy && (own == 1 || (own == 2 && !plain)) && (best.is_some() || very_noisy) && (!plain || self.lower_garble(cx));
                // A cheap confusion of a frequent word that is always capitalised (`Decemher`).
                let proper_hit = n >= 5 && best.is_some_and(|b| !b.generic && b.cost <= 1.0 && b.proper && b.dict_freq >= 100_000_000);
                // In raw OCR, a capitalised form made of letter sequences no word has.
                let garbled_hit = noisy && garbled;
                if name_hit || word_hit || noisy_hit || proper_hit || garbled_hit {
                    meta.severity
                } else {
                    Severity::Info
                }
            }
            Case::Mixed => {
                // (a capitalised one is a name such as `Ivanovo-Voznesensk` or `McLACHLAN`;
                // letters in the wrong case inside a word are a misreading: `vPalue`, `AssizrS`)
                let irregular = !quoted
                    && irregular_case(s, |w| {
                        let w = normalise(w);
                        p.known(&w, Case::Lower) && (w.len() > 2 || dict.freq(&w) >= 1_000_000)
                    });
                if noisy || irregular || (garbled && !s.starts_with(char::is_uppercase)) {
                    meta.severity
                } else {
                    Severity::Info
                }
            }
        };
        // More evidence a proofread text may give: the context reads the best candidate as
        // English (both neighbours form pairs with it that the bigram list attests); two words
        // run together (`onthe`); in print with the long s, an `f` that is a misread `ſ`.
        let plain_token = !quoted && !fragment && s.is_ascii();
        let fits = severity < meta.severity
            && matches!(case, Case::Lower | Case::Mixed)
            && plain_token
            && !accented
            && (noisy || !cx.long_s())
            && best.is_some_and(|b| context_fits(cx, t, &b.word, dict));
        let long_s_word = (plain_token && case != Case::Upper && cx.long_s())
            .then(|| long_s_reading(&lower, |w| p.known(w, Case::Lower)))
            .flatten();
        let joined = (plain_token && case == Case::Lower).then(|| run_together(&lower, dict)).flatten();
        let reading = long_s_word.or(joined);
        let severity = if reading.is_some() || fits { meta.severity } else { severity };
        let mut suggestions: Vec<String> = cands.iter().map(|c| match_case(s, &c.word)).collect();
        if let Some(w) = &reading {
            let w = match_case(s, w);
            suggestions.retain(|x| *x != w);
            suggestions.insert(0, w);
        }
        // A very long token is shown shortened.
        let shown: std::borrow::Cow<str> = if n > 40 {
            s.chars().take(40).chain(std::iter::once('…')).collect::<String>().into()
        } else {
            s.into()
        };
        let message = match suggestions.first() {
            Some(b) => meta.message.replace("{found}", &shown).replace("{fix}", b),
            None => format!("`{shown}` is not a known word"),
        };
        let mut f = Finding::new(&meta.id, severity, t.start, t.end, message);
        if reading.is_some() {
            f = f.with_fix(Fix::replace(t.start, t.end, suggestions[0].clone(), meta.applicability(false)));
        } else if let Some(b) = best {
            let second = cands.get(1).map(|c| c.score).unwrap_or(f32::INFINITY);
            let certain = !b.generic
                && case == Case::Lower
                && second - b.score >= 2.0
                && b.dict_freq >= 1_000_000
                && n >= 4
                && severity >= Severity::Warning;
            f = f.with_fix(Fix::replace(t.start, t.end, suggestions[0].clone(), meta.applicability(certain)));
        }
        f.suggestions = suggestions;
        out.push(f);
    }

    /// Is some unknown lower-case word of this document garble (judged once per document)?
    fn lower_garble(&self, cx: &CheckContext<'_>) -> bool {
        *cx.lower_garble.get_or_init(|| {
            let p = &self.prepared;
            let Some(dict) = p.dict else { return false };
            cx.tokens.iter().any(|t| {
                if t.kind != TokenKind::Word || t.end - t.start < 3 {
                    return false;
                }
                let s = t.text(cx.text);
                if case_of(s) != Case::Lower {
                    return false;
                }
                let known = match p.verdict(s) {
                    Some(v) => v == Verdict::Known,
                    None => p.judge(s),
                };
                !known && dict.implausible_trigrams(&normalise(s)) >= 2
            })
        })
    }

    /// Without a lexicon: a capitalised form one cheap confusion from a far more frequent one.
    fn name_variant(&self, t: &Token, s: &str, meta: &RuleMeta, out: &mut Vec<Finding>) {
        let p = &self.prepared;
        if s.len() > MAX_WORD_CHARS {
            return;
        }
        let lower = s.to_lowercase();
        let own = p.corpus_count(&lower);
        let best = self
            .confusions
            .expand(&lower, Scope::Word, 1, 1.5)
            .into_iter()
            .filter(|(w, _)| p.corpus_count(w) >= CORPUS_ACCEPT.max(5 * own))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((w, _)) = best {
            out.push(meta.replacement(t.start, t.end, s, match_case(s, &w)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_units_and_roman_numerals() {
        assert!(is_number_with_unit("10th"));
        assert!(is_number_with_unit("8vo"));
        assert!(!is_number_with_unit("bro1ught"));
        assert!(is_roman("xiv"));
        assert!(is_roman("MDCCC"));
        assert!(!is_roman("mixed"));
        assert!(!is_roman("iiii"));
    }

    #[test]
    fn two_known_words_joined() {
        let known = |w: &str| ["coal", "heaver", "news", "venders", "the"].contains(&w);
        assert!(joined_words("coalheaver", known));
        assert!(joined_words("newsvenders", known));
        assert!(!joined_words("harbcaur", known));
        // (parts of three letters or more)
        assert!(!joined_words("thex", known));
    }

    #[test]
    fn letters_in_the_wrong_case() {
        let known = |w: &str| ["charges", "follows", "following", "covent", "garden", "on"].contains(&w.to_lowercase().as_str());
        for w in [
            "vPalue",
            "AssizrS",
            "MARRtAGES",
            "IWoman",
            "eSening",
            "goverDor",
            "RhOBBING",
            "M'VCarthy",
            "JVe",
            "WhAt",
        ] {
            assert!(irregular_case(w, known), "{w}");
        }
        for w in [
            "McLeod",
            "MacDonald",
            "DeVries",
            "O'Brien",
            "CoventGarden",
            "STOKESLEYFirst",
            "chargesA",
            "followsI",
            "Koba",
            "USSR",
            "Ivanovo-Voznesensk",
            "McLACHLAN",
            "OElenschlaeger",
            "followingOn",
        ] {
            assert!(!irregular_case(w, known), "{w}");
        }
    }

    #[test]
    fn cases() {
        assert_eq!(case_of("abc"), Case::Lower);
        assert_eq!(case_of("Abc"), Case::Title);
        assert_eq!(case_of("ABC"), Case::Upper);
        assert_eq!(case_of("aBc"), Case::Mixed);
    }

    proptest::proptest! {
        /// The one-pass lower-case test agrees with `case_of`, ASCII or not.
        #[test]
        fn is_lower_is_case_of_lower(s in "[aBzZéÉßſ'’-]{0,8}") {
            proptest::prop_assert_eq!(is_lower(&s), case_of(&s) == Case::Lower, "{}", s);
        }
    }

    #[test]
    fn a_corpus_language_is_judged_by_its_function_words() {
        let stats = |text: &str| {
            let mut s = CorpusStats::default();
            let toks: Vec<Token> = crate::tokenize::tokens(text).collect();
            s.observe("doc.txt", text, &toks);
            s
        };
        let english = "The men of the town were at the door when he came, and they said that it was not the time for it. ".repeat(20);
        let german = "Der Rath hat die Sitzung um zehn Uhr eröffnet und über die neuen Gesetze gesprochen, danach gingen alle. ".repeat(20);
        assert!(corpus_in_lexicon_language(&stats(&english)));
        assert!(!corpus_in_lexicon_language(&stats(&german)));
        // Too small to judge: the benefit of the doubt.
        assert!(corpus_in_lexicon_language(&stats("Der Rath hat beschlossen.")));
        // Judged once, before the vocabulary is dropped.
        let judged = CorpusStats {
            lexicon_language: Some(false),
            ..stats(&english)
        };
        assert!(!corpus_in_lexicon_language(&judged));
    }

    #[test]
    fn words_run_together_and_long_s_readings() {
        let dict = Dictionary::for_language("en").expect("the English lexicon");
        assert_eq!(run_together("onthe", dict).as_deref(), Some("on the"));
        assert_eq!(run_together("daughterof", dict).as_deref(), Some("daughter of"));
        assert_eq!(run_together("ofof", dict), None);
        assert_eq!(run_together("printshop", dict), None);
        assert_eq!(run_together("xqzvkt", dict), None);
        let known = |w: &str| matches!(w, "said" | "discontented");
        assert_eq!(long_s_reading("faid", known).as_deref(), Some("ſaid"));
        assert_eq!(long_s_reading("difcontented", known).as_deref(), Some("diſcontented"));
        assert_eq!(long_s_reading("fable", known), None);
    }

    #[test]
    fn inflections_are_not_corrections() {
        assert!(is_inflection_of("value", "values"));
        assert!(is_inflection_of("walked", "walk"));
        assert!(!is_inflection_of("valnes", "values"));
    }
}
