//! Corpus statistics: what the whole corpus says about itself (vocabulary, years, names),
//! gathered in the same parallel pass as the per-document checks.
//!
//! `CorpusStats` is a commutative monoid: `merge` is associative and commutative and
//! `CorpusStats::default()` is its identity, so statistics computed on shards of a large corpus
//! (`scanno stats`) can be merged in any order with the same result.

use crate::text::starts_sentence;
use crate::tokenize::{Token, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many sample locations are kept per capitalised word form (for related labels).
pub const SAMPLES_PER_FORM: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
pub struct Location {
    /// Shared by every location of a file.
    pub path: std::sync::Arc<str>,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CorpusStats {
    pub files: u64,
    pub tokens: u64,
    /// Counts of each word form exactly as written.
    #[serde(serialize_with = "sorted_map")]
    pub forms: HashMap<String, u64>,
    /// Counts of four-digit numbers read as years.
    pub years: BTreeMap<u32, u64>,
    /// Up to `SAMPLES_PER_FORM` locations of each capitalised form, and of each form with a
    /// hyphen or a non-ASCII letter (the smallest by path and offset, so the choice does not
    /// depend on merge order).
    #[serde(serialize_with = "sorted_map")]
    pub samples: HashMap<String, Vec<Location>>,
    /// How many occurrences of each capitalised form start a sentence (a form that only ever
    /// starts sentences is an ordinary word, not a name).
    #[serde(default, serialize_with = "sorted_map")]
    pub initial: HashMap<String, u64>,
    /// Whether the corpus is written in the lexicon's language, judged from `forms` before the
    /// checks get statistics without them (not part of a statistics file).
    #[serde(skip)]
    pub lexicon_language: Option<bool>,
}

/// The year a four-digit number token counts as.
fn year_of(number: &str) -> Option<u32> {
    (number.len() == 4).then(|| number.parse().ok()).flatten()
}

/// Whether a word form keeps sample locations: a capitalised form (a name), or one with a
/// hyphen or a non-ASCII letter (a spelling the consistency rules compare). (Most forms are
/// plain ASCII: their bytes are looked at before their characters.)
fn sampled(form: &str, capital: bool) -> bool {
    capital || (form.bytes().any(|b| b == b'-' || b >= 0x80) && form.chars().any(|c| c == '-' || (!c.is_ascii() && c.is_alphabetic())))
}

/// Serialises a hash map with its keys sorted, so a statistics file is the same bytes for the
/// same corpus.
fn sorted_map<S: serde::Serializer, V: Serialize>(map: &HashMap<String, V>, s: S) -> Result<S::Ok, S::Error> {
    let sorted: BTreeMap<&String, &V> = map.iter().collect();
    sorted.serialize(s)
}

impl CorpusStats {
    /// Observes one document's tokens (through a [`Gathering`], the one accumulator).
    pub fn observe(&mut self, path: &str, text: &str, tokens: &[Token]) {
        let mut g = Gathering::default();
        g.add_file();
        g.observe_tokens(path, text, tokens.iter().copied());
        self.merge(g.finish());
    }

    /// Merges `other` into `self`.
    pub fn merge(&mut self, mut other: CorpusStats) {
        // Pour the smaller into the larger (merging is commutative).
        if other.forms.len() > self.forms.len() {
            std::mem::swap(self, &mut other);
        }
        self.files += other.files;
        self.tokens += other.tokens;
        for (k, v) in other.forms {
            *self.forms.entry(k).or_default() += v;
        }
        for (k, v) in other.years {
            *self.years.entry(k).or_default() += v;
        }
        for (k, v) in other.initial {
            *self.initial.entry(k).or_default() += v;
        }
        for (k, mut v) in other.samples {
            let e = self.samples.entry(k).or_default();
            e.append(&mut v);
            e.sort();
            e.dedup();
            e.truncate(SAMPLES_PER_FORM);
        }
    }

    /// Occurrences of a form that do not start a sentence.
    pub fn mid_sentence(&self, form: &str) -> u64 {
        self.count(form).saturating_sub(self.initial.get(form).copied().unwrap_or(0))
    }

    /// Count of a form, exactly as written.
    pub fn count(&self, form: &str) -> u64 {
        self.forms.get(form).copied().unwrap_or(0)
    }
}

/// A word form as a key of [`Gathering`]: up to 22 bytes held inline (almost every form), so
/// that a lookup compares the bytes in the table itself, not behind a pointer.
#[derive(Clone, PartialEq, Eq)]
enum FormKey {
    Inline(u8, [u8; 22]),
    Heap(Box<[u8]>),
}

impl FormKey {
    fn new(s: &[u8]) -> FormKey {
        if s.len() <= 22 {
            let mut b = [0u8; 22];
            b[..s.len()].copy_from_slice(s);
            FormKey::Inline(s.len() as u8, b)
        } else {
            FormKey::Heap(s.into())
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            FormKey::Inline(n, b) => &b[..*n as usize],
            FormKey::Heap(b) => b,
        }
    }

    fn into_string(self) -> String {
        // (the bytes of a `&str`)
        String::from_utf8_lossy(self.bytes()).into_owned()
    }
}

impl std::hash::Hash for FormKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.bytes().hash(h)
    }
}

impl std::borrow::Borrow<[u8]> for FormKey {
    fn borrow(&self) -> &[u8] {
        self.bytes()
    }
}

/// What is gathered about one word form (small: the table is large, and touched at random).
#[derive(Default)]
struct FormTally {
    count: u64,
    /// Occurrences starting a sentence (of a capitalised form).
    initial: u64,
    /// 1 + the index of the form's samples in `Gathering::samples`; 0 for none.
    samples: u32,
}

/// Statistics while they are gathered: the same as [`CorpusStats`], with every per-form count
/// in one table, so that a word is looked up once. Merged like `CorpusStats` (in any order,
/// with the same result) and turned into one by [`Gathering::finish`].
#[derive(Default)]
pub struct Gathering {
    files: u64,
    tokens: u64,
    years: BTreeMap<u32, u64>,
    forms: HashMap<FormKey, FormTally>,
    /// The sample locations of the forms that have some.
    samples: Vec<Vec<Location>>,
}

/// The `FormTally::samples` of the samples at `len - 1`.
fn sample_slot(len: usize) -> u32 {
    u32::try_from(len).expect("fewer than 2^32 sampled forms")
}

impl Gathering {
    /// Counts one more file.
    pub fn add_file(&mut self) {
        self.files += 1;
    }

    /// Observes tokens of a document, in document order, without counting a file: a large
    /// document is observed segment by segment (tokens carry offsets into `text`, the whole
    /// document).
    pub fn observe_tokens(&mut self, path: &str, text: &str, tokens: impl IntoIterator<Item = Token>) {
        self.observe_placed(path, text, tokens, &|s, e| (s, e));
    }

    /// [`Gathering::observe_tokens`] of tokens of a view of the document (its markup taken
    /// out): `place` gives the document range of a token's range in `text`, for the samples.
    pub fn observe_placed(
        &mut self,
        path: &str,
        text: &str,
        tokens: impl IntoIterator<Item = Token>,
        place: &dyn Fn(usize, usize) -> (usize, usize),
    ) {
        let mut shared_path: Option<std::sync::Arc<str>> = None;
        for t in tokens {
            self.tokens += 1;
            let s = t.text(text);
            match t.kind {
                TokenKind::Number => {
                    if let Some(y) = year_of(s) {
                        *self.years.entry(y).or_default() += 1;
                    }
                }
                TokenKind::Word => {
                    let e = match self.forms.get_mut(s.as_bytes()) {
                        Some(e) => e,
                        None => self.forms.entry(FormKey::new(s.as_bytes())).or_default(),
                    };
                    e.count += 1;
                    let capital = s.chars().next().is_some_and(|c| c.is_uppercase());
                    if capital && starts_sentence(text, t.start) {
                        e.initial += 1;
                    }
                    if sampled(s, capital) {
                        if e.samples == 0 {
                            self.samples.push(Vec::new());
                            e.samples = sample_slot(self.samples.len());
                        }
                        let v = &mut self.samples[e.samples as usize - 1];
                        if v.len() < SAMPLES_PER_FORM {
                            let (start, end) = place(t.start, t.end);
                            v.push(Location {
                                path: shared_path.get_or_insert_with(|| path.into()).clone(),
                                start,
                                end,
                            });
                        }
                    }
                }
                TokenKind::Mixed => {}
            }
        }
    }

    /// Merges `other` into `self` (as [`CorpusStats::merge`]).
    pub fn merge(&mut self, mut other: Gathering) {
        if other.forms.len() > self.forms.len() {
            std::mem::swap(self, &mut other);
        }
        self.files += other.files;
        self.tokens += other.tokens;
        for (k, v) in other.years {
            *self.years.entry(k).or_default() += v;
        }
        for (k, mut v) in other.forms {
            let theirs = match v.samples {
                0 => None,
                i => Some(std::mem::take(&mut other.samples[i as usize - 1])),
            };
            let e = match self.forms.get_mut(k.bytes()) {
                None => {
                    v.samples = 0;
                    self.forms.entry(k).or_insert(v)
                }
                Some(e) => {
                    e.count += v.count;
                    e.initial += v.initial;
                    e
                }
            };
            if let Some(mut theirs) = theirs {
                if e.samples == 0 {
                    self.samples.push(Vec::new());
                    e.samples = sample_slot(self.samples.len());
                }
                let mine = &mut self.samples[e.samples as usize - 1];
                mine.append(&mut theirs);
                mine.sort();
                mine.dedup();
                mine.truncate(SAMPLES_PER_FORM);
            }
        }
    }

    /// The statistics gathered.
    pub fn finish(self) -> CorpusStats {
        let mut stats = CorpusStats {
            files: self.files,
            tokens: self.tokens,
            years: self.years,
            ..CorpusStats::default()
        };
        stats.forms.reserve(self.forms.len());
        let mut samples = self.samples;
        for (k, v) in self.forms {
            let form = k.into_string();
            if v.initial > 0 {
                stats.initial.insert(form.clone(), v.initial);
            }
            if v.samples > 0 {
                stats
                    .samples
                    .insert(form.clone(), std::mem::take(&mut samples[v.samples as usize - 1]));
            }
            stats.forms.insert(form, v.count);
        }
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokens;
    use proptest::prelude::*;

    fn stats_of(path: &str, text: &str) -> CorpusStats {
        let toks: Vec<Token> = tokens(text).collect();
        let mut s = CorpusStats::default();
        s.observe(path, text, &toks);
        s
    }

    proptest! {
        #[test]
        fn merge_is_order_independent(texts in proptest::collection::vec("[A-Za-z0-9 .éè-]{0,40}", 1..6)) {
            let parts: Vec<CorpusStats> = texts.iter().enumerate().map(|(i, t)| stats_of(&format!("f{i}"), t)).collect();
            let mut fwd = CorpusStats::default();
            for p in parts.iter().cloned() { fwd.merge(p); }
            let mut rev = CorpusStats::default();
            for p in parts.iter().rev().cloned() { rev.merge(p); }
            // associativity: merge pairs first
            let mut pairs = CorpusStats::default();
            for chunk in parts.chunks(2) {
                let mut c = CorpusStats::default();
                for p in chunk.iter().cloned() { c.merge(p); }
                pairs.merge(c);
            }
            prop_assert_eq!(&fwd, &rev);
            prop_assert_eq!(&fwd, &pairs);
        }
    }

    proptest! {
        #[test]
        fn gathering_gives_the_same_statistics(texts in proptest::collection::vec("[A-Za-z0-9 .éè-]{0,40}", 1..6)) {
            let mut merged = CorpusStats::default();
            let mut gathered = Gathering::default();
            for (i, t) in texts.iter().enumerate() {
                merged.merge(stats_of(&format!("f{i}"), t));
                let mut g = Gathering::default();
                g.add_file();
                g.observe_tokens(&format!("f{i}"), t, tokens(t));
                gathered.merge(g);
            }
            prop_assert_eq!(gathered.finish(), merged);
        }
    }

    #[test]
    fn gathering_keeps_long_forms() {
        let text = "Incomprehensibilities-of-the-Long-Form and Incomprehensibilities-of-the-Long-Form.";
        let mut g = Gathering::default();
        g.observe_tokens("a", text, tokens(text));
        let s = g.finish();
        assert_eq!(s.count("Incomprehensibilities-of-the-Long-Form"), 2, "{:?}", s.forms);
        assert_eq!(s.tokens, 3);
    }

    #[test]
    fn counts_years_and_forms() {
        let s = stats_of("a", "In 1907 Koba and Koba met; 12 men.");
        assert_eq!(s.count("Koba"), 2);
        assert_eq!(s.years.get(&1907), Some(&1));
        assert_eq!(s.samples["Koba"].len(), 2);
        assert_eq!(s.initial.get("In"), Some(&1));
        assert_eq!(s.mid_sentence("Koba"), 2);
        let s = stats_of("a", "the régime and courts-martial. Régime");
        assert!(s.samples.contains_key("régime") && s.samples.contains_key("courts-martial"));
        assert_eq!(s.initial.get("Régime"), Some(&1));
    }
}
