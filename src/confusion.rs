//! OCR character confusions and candidate generation.
//!
//! A confusion says that OCR output `from` often stands for the intended text `to`, at a cost
//! (−ln of its relative plausibility: lower is likelier). Candidates for a suspicious token
//! are found by a bounded search over confusion edits (at most two), and, for tokens that are
//! not words at all, by one plain edit (insert, delete, substitute) looked up through a
//! deletion index of the vocabulary, so the search costs a few hundred hash look-ups per token.

use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};
use std::hash::Hasher;

/// Where a confusion may apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Inside alphabetic tokens.
    Word,
    /// Inside numeric tokens.
    Num,
    /// At bracket and digit boundaries.
    Punct,
}

/// One confusion: OCR output `from` stands for the intended `to` at `cost`, inside `scope`.
// (read from `scanno.toml` through its checked form, `config::ConfusionSetting`)
#[derive(Clone, Debug, PartialEq, schemars::JsonSchema)]
#[schemars(try_from = "crate::config::ConfusionSetting")]
pub struct Confusion {
    pub from: String,
    pub to: String,
    pub cost: f32,
    pub scope: Scope,
}

/// The confusion table of a run (built-in `[[confusion]]` entries plus the user's overrides).
#[derive(Clone, Debug, Default)]
pub struct ConfusionTable {
    pub entries: Vec<Confusion>,
    /// Entry indices by the first byte of `from`, so that a search looks only at the entries
    /// that can match at a position.
    by_first: Vec<Vec<usize>>,
}

impl ConfusionTable {
    /// Adds or re-weights a confusion (the same `from`, `to` and scope replaces the old cost).
    pub fn upsert(&mut self, c: Confusion) {
        if let Some(e) = self
            .entries
            .iter_mut()
            .find(|e| e.from == c.from && e.to == c.to && e.scope == c.scope)
        {
            e.cost = c.cost;
        } else {
            self.entries.push(c);
        }
        self.by_first = vec![Vec::new(); 256];
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(&b) = e.from.as_bytes().first() {
                self.by_first[b as usize].push(i);
            }
        }
    }

    /// Every string reachable from `word` by at most `depth` confusion edits of `scope`, with
    /// total cost at most `max_cost`; the cheapest cost for each string, without `word` itself.
    pub fn expand(&self, word: &str, scope: Scope, depth: usize, max_cost: f32) -> Vec<(String, f32)> {
        let mut best: FxHashMap<String, f32> = FxHashMap::default();
        self.expand_each(word, scope, depth, max_cost, &mut |s, c| match best.get_mut(s) {
            Some(e) => *e = e.min(c),
            None => {
                best.insert(s.to_string(), c);
            }
        });
        let mut v: Vec<(String, f32)> = best.into_iter().collect();
        v.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
        v
    }

    /// Calls `visit` with every string reachable from `word` by at most `depth` confusion edits
    /// of `scope` within `max_cost`, and its cost (a string reached twice may be visited twice,
    /// never `word` itself). Only the strings that are edited further are allocated: the last
    /// edit is made in a reused buffer, so a search is mostly hash look-ups.
    pub fn expand_each(&self, word: &str, scope: Scope, depth: usize, max_cost: f32, visit: &mut dyn FnMut(&str, f32)) {
        let mut seen: FxHashMap<String, f32> = FxHashMap::default();
        let mut frontier: Vec<(String, f32)> = vec![(word.to_string(), 0.0)];
        let mut buf = String::new();
        for level in 0..depth {
            let last = level + 1 == depth;
            let mut next = Vec::new();
            for (s, cost) in &frontier {
                let bytes = s.as_bytes();
                for at in 0..bytes.len() {
                    if !s.is_char_boundary(at) {
                        continue;
                    }
                    let Some(bucket) = self.by_first.get(bytes[at] as usize) else {
                        continue;
                    };
                    for &ci in bucket {
                        let c = &self.entries[ci];
                        if c.scope != scope || !bytes[at..].starts_with(c.from.as_bytes()) {
                            continue;
                        }
                        let nc = cost + c.cost;
                        if nc > max_cost {
                            continue;
                        }
                        buf.clear();
                        buf.push_str(&s[..at]);
                        buf.push_str(&c.to);
                        buf.push_str(&s[at + c.from.len()..]);
                        if buf == word {
                            continue;
                        }
                        visit(&buf, nc);
                        if !last {
                            match seen.get_mut(buf.as_str()) {
                                Some(e) if *e <= nc => {}
                                Some(e) => {
                                    *e = nc;
                                    next.push((buf.clone(), nc));
                                }
                                None => {
                                    seen.insert(buf.clone(), nc);
                                    next.push((buf.clone(), nc));
                                }
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
    }
}

/// Digit-for-digit misreadings of OCR (`3`↔`8`, `0`↔`3`, …), tried both ways on a year range
/// that runs backwards (`1937-1908`).
const DIGIT_PAIRS: [(u8, u8); 8] = [
    (b'3', b'8'),
    (b'5', b'6'),
    (b'0', b'6'),
    (b'0', b'9'),
    (b'1', b'7'),
    (b'0', b'3'),
    (b'1', b'5'),
    (b'0', b'8'),
];

/// Letters OCR reads for digits that may stand inside a misread number (`19l7`, `I9O5`).
const DIGIT_LETTERS: &str = "ilIoOSBZzg|";

/// A user's confusion of scope `num` from one character to one digit.
fn one_char_to_digit(c: &Confusion) -> Option<(char, u8)> {
    let mut from = c.from.chars();
    match (from.next(), from.next(), c.to.as_bytes()) {
        (Some(f), None, &[t]) if c.scope == Scope::Num && t.is_ascii_digit() => Some((f, t)),
        _ => None,
    }
}

/// The digit misreadings in force, as `(read, meant)`: `DIGIT_PAIRS` both ways, then the
/// user's `[ocr] confusions` of scope `num` from one digit to another.
pub fn digit_misreadings(user: &[Confusion]) -> Vec<(u8, u8)> {
    let mut out: Vec<(u8, u8)> = DIGIT_PAIRS.iter().flat_map(|&(a, b)| [(a, b), (b, a)]).collect();
    for (f, t) in user.iter().filter_map(one_char_to_digit) {
        if f.is_ascii_digit() && !out.contains(&(f as u8, t)) {
            out.push((f as u8, t));
        }
    }
    out
}

/// The letters that may stand for digits inside a number: `DIGIT_LETTERS`, then the `from`
/// of the user's `[ocr] confusions` of scope `num` from one letter to one digit.
pub fn digit_letters(user: &[Confusion]) -> Vec<char> {
    let mut out: Vec<char> = DIGIT_LETTERS.chars().collect();
    for (f, _) in user.iter().filter_map(one_char_to_digit) {
        if !f.is_ascii_digit() && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// Every string made from the digits `s` by one of `misreadings` at one place.
pub fn digit_variants(s: &str, misreadings: &[(u8, u8)]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, &b) in s.as_bytes().iter().enumerate() {
        for &(read, meant) in misreadings {
            if b == read {
                let mut v = s.as_bytes().to_vec();
                v[i] = meant;
                if let Ok(v) = String::from_utf8(v) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// The hash of `a` followed by `b`: a word with one character cut out, built on the stack
/// (the hash depends only on the joined bytes, wherever the cut is).
fn hash_parts(a: &str, b: &str) -> u64 {
    let n = a.len() + b.len();
    let mut h = FxHasher::default();
    if n <= 64 {
        let mut buf = [0u8; 64];
        buf[..a.len()].copy_from_slice(a.as_bytes());
        buf[a.len()..n].copy_from_slice(b.as_bytes());
        h.write(&buf[..n]);
    } else {
        let mut joined = Vec::with_capacity(n);
        joined.extend_from_slice(a.as_bytes());
        joined.extend_from_slice(b.as_bytes());
        h.write(&joined);
    }
    h.finish()
}

/// A SymSpell-style deletion index: every word is filed under itself and each string made by
/// deleting one of its characters, so the words within one edit of a token are found by
/// looking up the token and its own one-character deletions.
///
/// Built in one go and compact: one sorted array of 8-byte entries (the key's upper 32 hash
/// bits over the word's id), with a directory by the top bits of the hash sized to about one
/// entry a slot, so a look-up costs two memory reads. Two keys that share their upper 32 bits
/// only cost a wasted comparison: every word found is checked by edit distance.
#[derive(Default)]
pub struct DeleteIndex {
    words: Vec<Box<str>>,
    /// `(hash >> 32) << 32 | id`, sorted.
    entries: Vec<u64>,
    /// `dir[b]..dir[b + 1]`: the entries whose top `dir_bits` bits are `b`.
    dir: Vec<u32>,
    dir_bits: u32,
}

impl DeleteIndex {
    pub fn new() -> DeleteIndex {
        DeleteIndex::default()
    }

    /// The index of `words` (each filed once, in the order given; at most 2^32 words).
    pub fn build<'a>(words: impl IntoIterator<Item = &'a str>) -> DeleteIndex {
        use rayon::prelude::*;
        let mut idx = DeleteIndex::default();
        let words: Vec<&str> = words.into_iter().take(usize::try_from(1u64 << 32).unwrap_or(usize::MAX)).collect();
        idx.words = words.iter().map(|&w| w.into()).collect();
        // (the keys of each word hashed, and sorted, in parallel)
        let mut entries: Vec<u64> = words
            .par_iter()
            .enumerate()
            .flat_map_iter(|(id, &word)| {
                let file = move |h: u64| (h & !0xFFFF_FFFF) | id as u64;
                std::iter::once(file(hash_parts(word, ""))).chain(
                    word.char_indices()
                        .map(move |(i, c)| file(hash_parts(&word[..i], &word[i + c.len_utf8()..]))),
                )
            })
            .collect();
        entries.par_sort_unstable();
        entries.dedup();
        // About one entry a directory slot.
        let bits = (usize::BITS - entries.len().leading_zeros()).clamp(4, 24);
        let mut dir = vec![0u32; (1 << bits) + 1];
        for &e in &entries {
            dir[(e >> (64 - bits)) as usize + 1] += 1;
        }
        for b in 1..dir.len() {
            dir[b] += dir[b - 1];
        }
        idx.entries = entries;
        idx.dir = dir;
        idx.dir_bits = bits;
        idx
    }

    /// Calls `f` with the id of each word filed under key hash `h`.
    fn run(&self, h: u64, f: &mut impl FnMut(u32)) {
        if self.entries.is_empty() {
            return;
        }
        let b = (h >> (64 - self.dir_bits)) as usize;
        let high = h >> 32;
        for &e in &self.entries[self.dir[b] as usize..self.dir[b + 1] as usize] {
            if e >> 32 == high {
                f(e as u32);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Calls `f` once with each word at edit distance exactly one from `token` (insert,
    /// delete, substitute).
    pub fn each_within_one<'s>(&'s self, token: &str, mut f: impl FnMut(&'s str)) {
        let mut ids: Vec<u32> = Vec::new();
        if self.entries.is_empty() {
            return;
        }
        // The keys: the token and its deletions. Their directory slots and then their entries
        // are fetched ahead of use (each is a cache miss in a large index), then scanned.
        let mut keys = [0u64; 40];
        let n = token.chars().count() + 1;
        if n <= keys.len() {
            keys[0] = hash_parts(token, "");
            for (k, (i, c)) in token.char_indices().enumerate() {
                keys[k + 1] = hash_parts(&token[..i], &token[i + c.len_utf8()..]);
            }
            let keys = &keys[..n];
            let slot = |h: u64| (h >> (64 - self.dir_bits)) as usize;
            for &h in keys {
                prefetch(&self.dir[slot(h)]);
            }
            for &h in keys {
                if let Some(e) = self.entries.get(self.dir[slot(h)] as usize) {
                    prefetch(e);
                }
            }
            for &h in keys {
                self.run(h, &mut |id| ids.push(id));
            }
        } else {
            let mut probe = |h: u64| self.run(h, &mut |id| ids.push(id));
            probe(hash_parts(token, ""));
            for (i, c) in token.char_indices() {
                probe(hash_parts(&token[..i], &token[i + c.len_utf8()..]));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        for i in ids {
            let w = &*self.words[i as usize];
            if w != token && edit_distance_at_most_one(token, w) {
                f(w);
            }
        }
    }

    /// The words at edit distance exactly one from `token`.
    pub fn within_one(&self, token: &str) -> Vec<&str> {
        let mut out = Vec::new();
        self.each_within_one(token, |w| out.push(w));
        out
    }
}

/// Asks for the cache line holding `x` ahead of its use (a hint only).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults, and `x` is a valid reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((x as *const T).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Whether two strings differ by at most one insertion, deletion or substitution.
pub fn edit_distance_at_most_one(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return within_one_of(a.as_bytes(), b.as_bytes());
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    within_one_of(&a, &b)
}

fn within_one_of<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if l.len() - s.len() > 1 {
        return false;
    }
    let prefix = s.iter().zip(l.iter()).take_while(|(x, y)| x == y).count();
    if s.len() == l.len() {
        s[prefix + 1.min(s.len() - prefix)..] == l[prefix + 1.min(l.len() - prefix)..]
    } else {
        s[prefix..] == l[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> ConfusionTable {
        let mut t = ConfusionTable::default();
        for (f, to, c) in [
            ("rn", "m", 0.7),
            ("tu", "m", 1.2),
            ("li", "h", 1.0),
            ("h", "b", 0.8),
            ("b", "h", 0.9),
            ("n", "u", 1.0),
        ] {
            t.upsert(Confusion {
                from: f.into(),
                to: to.into(),
                cost: c,
                scope: Scope::Word,
            });
        }
        t
    }

    #[test]
    fn expands_by_confusions() {
        let t = table();
        let e = t.expand("nutuber", Scope::Word, 2, 2.5);
        assert!(e.iter().any(|(s, _)| s == "number"), "{e:?}");
        let e = t.expand("Decemher", Scope::Word, 1, 2.5);
        assert!(e
            .iter()
            .any(|(s, c)| s == "Decemher".replace("h", "b").as_str() && (*c - 0.8).abs() < 1e-6));
        let e = t.expand("tlie", Scope::Word, 2, 2.5);
        assert!(e.iter().any(|(s, _)| s == "the"));
    }

    #[test]
    fn upsert_reweights() {
        let mut t = table();
        t.upsert(Confusion {
            from: "rn".into(),
            to: "m".into(),
            cost: 0.1,
            scope: Scope::Word,
        });
        assert_eq!(t.entries.iter().filter(|c| c.from == "rn").count(), 1);
        assert_eq!(t.expand("rnay", Scope::Word, 1, 1.0)[0], ("may".to_string(), 0.1));
    }

    #[test]
    fn deletion_index_finds_one_edit() {
        let d = DeleteIndex::build(["values", "value", "number", "the", "december"]);
        let mut r = d.within_one("valnes");
        r.sort();
        assert_eq!(r, vec!["values"]);
        assert_eq!(d.within_one("numbr"), vec!["number"]);
        assert_eq!(d.within_one("numbers"), vec!["number"]);
        assert!(d.within_one("xyz").is_empty());
        // a deletion anywhere in the word meets the same key
        assert_eq!(d.within_one("alues"), vec!["values"]);
        assert_eq!(d.within_one("vlues"), vec!["values"]);
    }

    #[test]
    fn distance_one() {
        assert!(edit_distance_at_most_one("valnes", "values"));
        assert!(edit_distance_at_most_one("abc", "abcd"));
        assert!(edit_distance_at_most_one("abc", "bc"));
        assert!(!edit_distance_at_most_one("abc", "cab"));
        assert!(!edit_distance_at_most_one("ab", "abcd"));
        assert!(edit_distance_at_most_one("", "a"));
    }
}
