//! Corpus statistics: what the whole corpus says about itself (vocabulary, years, names),
//! gathered in the same parallel pass as the per-document checks.
//!
//! `CorpusStats` is a commutative monoid: `merge` is associative and commutative and
//! `CorpusStats::default()` is its identity, so statistics computed on shards of a large corpus
//! (`scanno stats`) can be merged in any order with the same result.

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

/// Does the word at `at` start a sentence: nothing before it but opening quotes and brackets
/// since the start of the text, a blank line, or a `.`, `!`, `?`, `:` or `…`?
pub fn starts_sentence(text: &str, at: usize) -> bool {
    let mut newlines = 0;
    for c in text[..at].chars().rev() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            }
            ' ' | '\t' | '\r' | '“' | '‘' | '"' | '\'' | '(' | '[' | '”' | '’' | '—' | '–' => {}
            '.' | '!' | '?' | ':' | '…' => return true,
            _ => return false,
        }
    }
    true
}

/// Serialises a hash map with its keys sorted, so a statistics file is the same bytes for the
/// same corpus.
fn sorted_map<S: serde::Serializer, V: Serialize>(map: &HashMap<String, V>, s: S) -> Result<S::Ok, S::Error> {
    let sorted: BTreeMap<&String, &V> = map.iter().collect();
    sorted.serialize(s)
}

impl CorpusStats {
    /// Observes one document's tokens.
    pub fn observe(&mut self, path: &str, text: &str, tokens: &[Token]) {
        self.files += 1;
        self.observe_tokens(path, text, tokens.iter().copied());
    }

    /// Observes tokens of a document without counting a file: a large document is observed
    /// segment by segment (tokens carry offsets into `text`, the whole document).
    pub fn observe_tokens(&mut self, path: &str, text: &str, tokens: impl IntoIterator<Item = Token>) {
        let mut shared_path: Option<std::sync::Arc<str>> = None;
        for t in tokens {
            self.tokens += 1;
            let s = t.text(text);
            match t.kind {
                TokenKind::Number => {
                    if s.len() == 4 {
                        if let Ok(y) = s.parse::<u32>() {
                            *self.years.entry(y).or_default() += 1;
                        }
                    }
                }
                TokenKind::Word => {
                    if let Some(c) = self.forms.get_mut(s) {
                        *c += 1;
                    } else {
                        self.forms.insert(s.to_string(), 1);
                    }
                    let capital = s.chars().next().is_some_and(|c| c.is_uppercase());
                    if capital && starts_sentence(text, t.start) {
                        *self.initial.entry(s.to_string()).or_default() += 1;
                    }
                    if capital || s.chars().any(|c| c == '-' || (!c.is_ascii() && c.is_alphabetic())) {
                        // No allocation once a form has its samples.
                        let v = match self.samples.get_mut(s) {
                            Some(v) => v,
                            None => self.samples.entry(s.to_string()).or_default(),
                        };
                        if v.len() < SAMPLES_PER_FORM {
                            v.push(Location {
                                path: shared_path.get_or_insert_with(|| path.into()).clone(),
                                start: t.start,
                                end: t.end,
                            });
                        }
                    }
                }
                TokenKind::Mixed => {}
            }
        }
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
