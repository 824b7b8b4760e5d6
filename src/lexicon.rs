//! The embedded English lexicon: word frequencies and bigram counts built from SCOWL and the
//! SymSpell lists (see `data/LICENSES.md`), parsed once on first use.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

static WORDS_EN: &str = include_str!("../data/en-words.txt");
static BIGRAMS_EN: &str = include_str!("../data/en-bigrams.txt");

/// Where a dictionary word comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordClass {
    /// Written in lower case in the word lists: a common word.
    Common,
    /// Only capitalised in the word lists: a proper noun.
    Proper,
    /// Only in the frequency list.
    FrequencyOnly,
}

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub freq: u64,
    pub class: WordClass,
}

pub struct Dictionary {
    words: FxHashMap<&'static str, Entry>,
    bigrams: FxHashMap<&'static str, u64>,
    pub total: f64,
}

impl Dictionary {
    fn parse(words: &'static str, bigrams: &'static str) -> Dictionary {
        let mut map = FxHashMap::with_capacity_and_hasher(140_000, Default::default());
        let mut total = 0.0;
        for line in words.lines() {
            let mut it = line.split('\t');
            let (Some(w), Some(f), Some(c)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let freq: u64 = f.parse().unwrap_or(0);
            total += freq as f64;
            let class = match c {
                "l" => WordClass::Common,
                "c" => WordClass::Proper,
                _ => WordClass::FrequencyOnly,
            };
            map.insert(w, Entry { freq, class });
        }
        let mut bi = FxHashMap::with_capacity_and_hasher(250_000, Default::default());
        for line in bigrams.lines() {
            if let Some((pair, f)) = line.split_once('\t') {
                bi.insert(pair, f.parse().unwrap_or(0));
            }
        }
        Dictionary {
            words: map,
            bigrams: bi,
            total: total.max(1.0),
        }
    }

    /// The dictionary of a language, if scanno has one.
    pub fn for_language(lang: &str) -> Option<&'static Dictionary> {
        static EN: OnceLock<Dictionary> = OnceLock::new();
        match lang {
            "en" | "en-US" | "en-GB" | "en_US" | "en_GB" | "english" => Some(EN.get_or_init(|| Dictionary::parse(WORDS_EN, BIGRAMS_EN))),
            _ => None,
        }
    }

    /// Looks up a lower-case word.
    pub fn get(&self, lower: &str) -> Option<Entry> {
        self.words.get(lower).copied()
    }

    pub fn contains(&self, lower: &str) -> bool {
        self.words.contains_key(lower)
    }

    /// Frequency of a lower-case word (0 when absent or unknown).
    pub fn freq(&self, lower: &str) -> u64 {
        self.words.get(lower).map(|e| e.freq).unwrap_or(0)
    }

    /// Count of the lower-case bigram `a b`.
    pub fn bigram(&self, a: &str, b: &str) -> u64 {
        let n = a.len() + b.len() + 1;
        if n <= 64 {
            // The key on the stack: no allocation per look-up.
            let mut buf = [0u8; 64];
            buf[..a.len()].copy_from_slice(a.as_bytes());
            buf[a.len()] = b' ';
            buf[a.len() + 1..n].copy_from_slice(b.as_bytes());
            let key = std::str::from_utf8(&buf[..n]).unwrap_or_default();
            return self.bigrams.get(key).copied().unwrap_or(0);
        }
        let mut key = String::with_capacity(n);
        key.push_str(a);
        key.push(' ');
        key.push_str(b);
        self.bigrams.get(key.as_str()).copied().unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Every word with its entry (in no particular order).
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, Entry)> + '_ {
        self.words.iter().map(|(w, e)| (*w, *e))
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_lexicon_loads() {
        let d = Dictionary::for_language("en").unwrap();
        assert!(d.len() > 100_000);
        assert!(d.freq("the") > d.freq("number"));
        assert!(d.contains("number"));
        assert!(!d.contains("nutuber"));
        assert!(d.bigram("of", "the") > 0);
        assert!(Dictionary::for_language("fr").is_none());
    }
}
