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
    /// The `word_hash` of every word: a text's words, hashed once, are looked up without
    /// hashing them again, in a table a quarter the size of `words` (with 140,000 words, a
    /// word not in the lexicon shares a hash with one that is with odds of about 1 in 10^14).
    hashes: rustc_hash::FxHashSet<u64>,
    /// The frequency of every word by its `word_hash` (for the scores of a text's words,
    /// hashed once).
    freqs: FxHashMap<u64, u64>,
    /// Bigram counts by `bigram_key` (no string kept or compared).
    bigrams: FxHashMap<u64, u64>,
    pub total: f64,
    /// Letter trigram counts of the common words (built on first use).
    letters: OnceLock<LetterModel>,
}

/// The key of the bigram `a b`: `bigram_key_of_hashes` of its two words' `word_hash`es.
fn bigram_key(a: &str, b: &str) -> u64 {
    bigram_key_of_hashes(word_hash(a), word_hash(b))
}

// scanno's own word hash, fixed here so that no dependency decides it: a chain of mixing
// steps `h = mix(h, x)` over 64-bit numbers, which are, for a word, its length and then its
// bytes eight at a time (little-endian), and for a bigram, its two words' hashes.

/// The multiplier of every mixing step: odd, from Steele and Vigna, "Computationally easy,
/// spectrally good multipliers for congruential pseudorandom number generators" (2022).
const MIX_K: u64 = 0xf135_7aea_2e62_a9c5;
/// The start of a word's chain (digits of pi).
const WORD_SEED: u64 = 0x243f_6a88_85a3_08d3;
/// The start of a bigram's chain (the next digits of pi).
const BIGRAM_SEED: u64 = 0x1319_8a2e_0370_7344;

/// One step of the chain: `h ^ x` times `MIX_K` as a 128-bit product, its two halves
/// xor-ed together, so that every bit of the result depends on every bit of `h ^ x`.
#[inline]
fn mix(h: u64, x: u64) -> u64 {
    let p = u128::from(h ^ x) * u128::from(MIX_K);
    (p as u64) ^ ((p >> 64) as u64)
}

/// Bytes `at..at + N` of `b` as a little-endian number.
#[inline]
fn read<const N: usize>(b: &[u8], at: usize) -> u64 {
    let mut x = [0u8; 8];
    x[..N].copy_from_slice(&b[at..at + N]);
    u64::from_le_bytes(x)
}

/// The hash of a word, the key of every hash-keyed word table (a text's words are hashed once
/// and looked up by hash). The chain mixes in the word's length, then each 8 bytes but the
/// last 1–8, then those: a word of 8 bytes or more ends with its last 8 (overlapping the
/// previous ones), a shorter one packs its bytes in one number (4–7 bytes: the first 4 and
/// the last 4; 1–3: the first, middle and last). Given the length, the numbers spell the
/// bytes, so two words collide only when the mixing does (odds of about 1 in 2^64 a pair).
/// Fixed: the unit test `word_hashes_are_fixed` pins some values.
#[inline]
pub fn word_hash(word: &str) -> u64 {
    let b = word.as_bytes();
    let n = b.len();
    let mut h = mix(WORD_SEED, n as u64);
    let mut at = 0;
    while n - at > 8 {
        h = mix(h, read::<8>(b, at));
        at += 8;
    }
    let last = match n {
        8.. => read::<8>(b, n - 8),
        4..=7 => read::<4>(b, 0) | (read::<4>(b, n - 4) << 32),
        1..=3 => u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16),
        0 => 0,
    };
    mix(h, last)
}

/// The key of the bigram `a b` from its words' `word_hash`es `a` and `b` (a chain of its own:
/// `a`, then `b`), so a text's words are hashed once however many pairs they are looked up in.
/// (With about 250,000 bigrams, a pair not among them shares a key with one that is with odds
/// of about 1 in 10^14.)
#[inline]
pub fn bigram_key_of_hashes(a: u64, b: u64) -> u64 {
    mix(mix(BIGRAM_SEED, a), b)
}

/// A set of word hashes as a filter: bit `h >> 48` of an 8 KB table is set for each hash `h`
/// of the set. A hash whose bit is clear is not in the set, found with one read that stays in
/// the nearest cache; one whose bit is set may be (and is looked up in the set itself).
pub struct HashFilter {
    bits: Box<[u64]>,
}

impl Default for HashFilter {
    fn default() -> HashFilter {
        HashFilter {
            bits: vec![0u64; 1 << 10].into_boxed_slice(),
        }
    }
}

impl HashFilter {
    pub fn of(hashes: impl IntoIterator<Item = u64>) -> HashFilter {
        let mut f = HashFilter::default();
        for h in hashes {
            let bit = (h >> 48) as usize;
            f.bits[bit >> 6] |= 1 << (bit & 63);
        }
        f
    }

    /// May `h` be in the set? (Yes for every hash of it.)
    #[inline]
    pub fn may_hold(&self, h: u64) -> bool {
        let bit = (h >> 48) as usize;
        self.bits[bit >> 6] & (1 << (bit & 63)) != 0
    }
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
                if let Some((a, b)) = pair.split_once(' ') {
                    bi.insert(bigram_key(a, b), f.parse().unwrap_or(0));
                }
            }
        }
        let hashes = map.keys().map(|w| word_hash(w)).collect();
        let freqs = map.iter().map(|(w, e)| (word_hash(w), e.freq)).collect();
        Dictionary {
            words: map,
            hashes,
            freqs,
            bigrams: bi,
            total: total.max(1.0),
            letters: OnceLock::new(),
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

    /// Is the word whose lower-case form has this `word_hash` in the lexicon?
    pub fn contains_hashed(&self, hash: u64) -> bool {
        self.hashes.contains(&hash)
    }

    /// `freq` of the word whose lower-case form has this `word_hash`.
    pub fn freq_hashed(&self, hash: u64) -> u64 {
        self.freqs.get(&hash).copied().unwrap_or(0)
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
        self.bigrams.get(&bigram_key(a, b)).copied().unwrap_or(0)
    }

    /// Count of the lower-case bigram `a b`, given the two words' `word_hash`.
    pub fn bigram_hashed(&self, a: u64, b: u64) -> u64 {
        self.bigrams.get(&bigram_key_of_hashes(a, b)).copied().unwrap_or(0)
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

    /// How many letter sequences of a lower-case word the language's common words next to
    /// never have: letter trigrams, with the word's start and end as letters, whose last letter
    /// follows the first two in under 0.2 % of the lexicon's words (`wxqhrtz` has `^wx`,
    /// `wxq`, `xqh`). Words hardly ever have one; OCR garble often has several. Parts with
    /// letters outside a–z (foreign words, other scripts) are not judged.
    pub fn implausible_trigrams(&self, lower: &str) -> usize {
        let m = self.letters.get_or_init(|| LetterModel::build(self));
        lower
            .split(|c: char| !c.is_alphabetic() && c != 'ſ')
            .filter(|p| !p.is_empty())
            .map(|part| {
                let codes: Option<Vec<usize>> = std::iter::once(Some(0))
                    .chain(part.chars().map(|c| match c {
                        'a'..='z' => Some(c as usize - 'a' as usize + 1),
                        'ſ' => Some(('s' as usize) - ('a' as usize) + 1),
                        _ => None,
                    }))
                    .chain(std::iter::once(Some(27)))
                    .collect();
                let Some(codes) = codes else { return 0 };
                codes.windows(3).filter(|w| m.implausible(w[0], w[1], w[2])).count()
            })
            .sum()
    }
}

/// Letter trigram counts over a–z plus a word boundary (code 0 before, 27 after a word).
struct LetterModel {
    tri: Vec<u32>,
    /// How often each letter pair starts a trigram.
    pair: Vec<u32>,
}

impl LetterModel {
    const N: usize = 28;

    fn build(d: &Dictionary) -> LetterModel {
        let n = Self::N;
        let mut m = LetterModel {
            tri: vec![0; n * n * n],
            pair: vec![0; n * n],
        };
        for (w, e) in d.entries() {
            if e.class != WordClass::Common || !w.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            let codes: Vec<usize> = std::iter::once(0)
                .chain(w.bytes().map(|b| (b - b'a') as usize + 1))
                .chain(std::iter::once(27))
                .collect();
            for t in codes.windows(3) {
                m.tri[(t[0] * n + t[1]) * n + t[2]] += 1;
                m.pair[t[0] * n + t[1]] += 1;
            }
        }
        m
    }

    /// P(c | a b) below 0.2 %, smoothed (0.1 per letter).
    fn implausible(&self, a: usize, b: usize, c: usize) -> bool {
        let n = Self::N;
        let t = self.tri[(a * n + b) * n + c] as f64 + 0.1;
        let p = self.pair[a * n + b] as f64 + 0.1 * (n - 1) as f64;
        t / p < 0.002
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

    #[test]
    fn bigram_keys_from_word_hashes() {
        let words = [
            "",
            "a",
            "of",
            "the",
            "considerable",
            "wxqhrtz",
            "naïve",
            "a longer word than eight bytes",
        ];
        for a in words {
            for b in words {
                assert_eq!(bigram_key_of_hashes(word_hash(a), word_hash(b)), bigram_key(a, b), "{a} {b}");
            }
        }
        let d = Dictionary::for_language("en").unwrap();
        assert_eq!(d.bigram_hashed(word_hash("of"), word_hash("the")), d.bigram("of", "the"));
    }

    /// A change of `word_hash` or of the bigram key shows here (each branch of the word hash:
    /// no byte, 1–3, 4–7, exactly 8, and longer words).
    #[test]
    fn word_hashes_are_fixed() {
        let pinned = [
            ("", 0xf474_2d8a_ba4f_0326),
            ("a", 0xdbfc_5d0b_44ed_848d),
            ("of", 0x1352_19ce_fb74_704f),
            ("the", 0xfe3a_8946_12bd_23f1),
            ("naïve", 0xcd40_a487_549f_6168),
            ("strength", 0x3442_34c9_ff9d_86f8),
            ("considerable", 0xa91c_4096_466c_cdae),
            ("a longer word than eight bytes", 0x0fec_33c0_12c8_2ec9),
        ];
        for (w, h) in pinned {
            assert_eq!(word_hash(w), h, "{w}");
        }
        assert_eq!(bigram_key("of", "the"), 0x70f1_cc09_22dc_1599);
    }

    /// No two words of the embedded lexicon share a hash and no two of its bigrams a key, so
    /// the hash-keyed tables answer for them exactly as the tables of strings would.
    #[test]
    fn lexicon_hashes_and_bigram_keys_are_distinct() {
        let d = Dictionary::for_language("en").unwrap();
        assert_eq!(d.hashes.len(), d.words.len());
        assert_eq!(d.freqs.len(), d.words.len());
        let pairs: rustc_hash::FxHashSet<&str> = BIGRAMS_EN.lines().filter_map(|l| Some(l.split_once('\t')?.0)).collect();
        assert_eq!(d.bigrams.len(), pairs.len());
        // A pair and its reverse, and a word doubled, have keys of their own.
        assert_ne!(bigram_key("of", "the"), bigram_key("the", "of"));
        assert_ne!(bigram_key("the", "the"), bigram_key("a", "a"));
    }

    #[test]
    fn garble_has_implausible_trigrams_and_words_have_none() {
        let d = Dictionary::for_language("en").expect("English lexicon");
        for w in ["the", "considerable", "people", "strength", "rhythm", "through", "Mensheviks"] {
            assert_eq!(d.implausible_trigrams(&w.to_lowercase()), 0, "{w}");
        }
        for w in ["wxqhrtz", "tbqxmle", "pfkzv"] {
            assert!(d.implausible_trigrams(w) >= 2, "{w}");
        }
        // Parts with letters outside a–z are not judged; a long s counts as `s`.
        assert_eq!(d.implausible_trigrams("xqzç"), 0);
        assert_eq!(d.implausible_trigrams("ſome"), 0);
    }
}
