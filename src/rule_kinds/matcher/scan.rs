//! The scan: searching a regex only in the pieces of text around a literal that every match
//! holds, with the proof (below) that it finds what a search of the whole text finds.

use super::same_regex;
use aho_corasick::{packed, AhoCorasick, Input as AcInput, MatchKind};
use memchr::memmem;
use regex_automata::{meta, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};

/// The shortcut for a regex each of whose matches holds one of a few literals and cannot run
/// over certain ASCII bytes, the barriers (a line feed, for a regex whose matches keep to a line).
///
/// Exactness. `Scan::new` proves from the parsed regex (the same syntax tree `regex` compiles:
/// the same default syntax options) three facts about every match `m = text[s..e]`:
///
/// 1. `m` is not empty (the minimum length is 1 or more), so iterating is plain: `captures_iter`
///    resumes at the previous match's end and no empty-match rule ever applies; the loop
///    `captures_at(text, p)`, `p = end` yields the same matches.
/// 2. a barrier byte in `m` can only be its last byte (`inner_bytes`: the ASCII bytes a match
///    may hold before its last byte; the barriers are the other ASCII bytes). Call a piece of the
///    text a run of non-barrier bytes together with the barrier that ends it: `m` starts in a
///    piece and ends at or before that piece's end.
/// 3. `m` contains one of the literals (`required`): each set comes from literal extraction on a
///    part of the tree (the prefixes of what follows a point in a concatenation joined to the
///    suffixes of what precedes it, or each branch's set for an alternation), so one of its
///    literals is a substring of every match.
///
/// Searching from `p`: let `q` be the leftmost literal occurrence at or after `p`. A match
/// starting at `s >= p` contains an occurrence at some `q' >= s >= p`, so `q' >= q`; by 2 `s`
/// and `q'` are in one piece, so `s` is at or after the start of `q`'s piece. No match starts
/// in `p..start`, `start = max(p, start of q's piece)`, so the leftmost-first match from `p` is
/// the one from `start` (`captures_at` searches the whole haystack from a position: `^`, `$`,
/// `\b`, `\A`, `\z` see the true context). Whether a match starts in `start..piece end` is
/// asked of the same regex (`regex_automata`'s meta engine, which `regex` wraps, built with
/// `regex`'s options) over that range: by 2 every such match ends inside the range, and a
/// range search sees the haystack around it. If none does, no match starts before the piece's
/// end either, and the search goes on from there.
///
/// When the pieces searched turn out to cover most of a text, the scan steps back to searching
/// every position (`captures_at` from the current position: the same matches, by 1).
pub(super) struct Scan {
    literals: Literals,
    bounded: meta::Regex,
    /// `barrier[b]`: byte `b` can be a match's last byte only.
    barrier: [bool; 256],
    /// Bytes searched before the scan judges its own density.
    warmup: usize,
}

/// Below this estimated literal frequency (occurrences per byte of English text, `frequency`)
/// the scan is worth its set-up; above it most pieces would be searched anyway.
pub(super) const MAX_FREQUENCY: f64 = 0.03;
/// What one search of a piece costs beyond its bytes, in bytes of a plain search.
const SEARCH_COST: usize = 64;
/// Bytes searched before the scan judges its own density.
pub(super) const DENSITY_WARMUP: usize = 1 << 14;

impl Scan {
    pub(super) fn new(pattern: &str, max_frequency: f64, warmup: usize) -> Option<Scan> {
        let hir = regex_automata::util::syntax::parse(pattern).ok()?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        let mut inner = [false; 128];
        inner_bytes(&hir, true, &mut inner);
        let mut barrier = [false; 256];
        for b in 0..128 {
            barrier[b] = !inner[b];
        }
        if !barrier.contains(&true) {
            return None;
        }
        let literals = required(&hir)?;
        if frequency(&literals) > max_frequency {
            return None;
        }
        let literals = Literals::new(&literals)?;
        let bounded = same_regex(pattern)?;
        Some(Scan {
            literals,
            bounded,
            barrier,
            warmup,
        })
    }

    /// Drives a search: `found(at, known)` runs the regex from `at` and returns its match's end,
    /// or `None` when there is no match; `known` is that match's span when the piece search has
    /// found it already (it found the leftmost-first match from `at`, by 2 and the argument
    /// above: a range search prefers among the same matches as a search without an end).
    pub(super) fn run(&self, text: &str, mut found: impl FnMut(usize, Option<(usize, usize)>) -> Option<usize>) {
        let bytes = text.as_bytes();
        let mut p = 0;
        let mut searched = 0;
        while p < bytes.len() {
            if searched > self.warmup && searched * 2 > p {
                // most of the text was searched piece by piece: search it all, from `p`
                while let Some(end) = found(p, None) {
                    p = end;
                }
                return;
            }
            let Some(q) = self.literals.find(bytes, p) else { return };
            let start = bytes[p..q].iter().rposition(|&b| self.barrier[b as usize]).map_or(p, |i| p + i + 1);
            let end = bytes[q..]
                .iter()
                .position(|&b| self.barrier[b as usize])
                .map_or(bytes.len(), |i| q + i + 1);
            searched += end - start + SEARCH_COST;
            match self.bounded.find(Input::new(text).range(start..end)) {
                Some(m) => {
                    // (the regex finds this same match from its start, by the argument above;
                    // were it ever not to, the search goes on after it rather than stop the run)
                    let next = found(m.start(), Some((m.start(), m.end())));
                    debug_assert_eq!(next, Some(m.end()));
                    p = next.unwrap_or(m.end()).max(m.end());
                }
                None => p = end,
            }
        }
    }
}

/// A search for the leftmost occurrence of any of a set of literals, by the fastest means the
/// set allows.
enum Literals {
    One(memmem::Finder<'static>),
    Bytes2(u8, u8),
    Bytes3(u8, u8, u8),
    /// single bytes, more than Teddy takes (16)
    ByteSet(Box<[bool; 256]>),
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Literals {
    fn new(set: &[Vec<u8>]) -> Option<Literals> {
        Some(match set {
            [one] => Literals::One(memmem::Finder::new(one).into_owned()),
            [a, b] if a.len() == 1 && b.len() == 1 => Literals::Bytes2(a[0], b[0]),
            [a, b, c] if a.len() == 1 && b.len() == 1 && c.len() == 1 => Literals::Bytes3(a[0], b[0], c[0]),
            _ if set.len() > 16 && set.iter().all(|l| l.len() == 1) => {
                let mut table = Box::new([false; 256]);
                set.iter().for_each(|l| table[l[0] as usize] = true);
                Literals::ByteSet(table)
            }
            _ => match packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .builder()
                .extend(set)
                .build()
            {
                Some(teddy) => Literals::Packed(teddy),
                None => Literals::Automaton(AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(set).ok()?),
            },
        })
    }

    /// Where the leftmost occurrence at or after `from` starts.
    fn find(&self, hay: &[u8], from: usize) -> Option<usize> {
        let rest = &hay[from..];
        let at = match self {
            Literals::One(f) => f.find(rest),
            Literals::Bytes2(a, b) => memchr::memchr2(*a, *b, rest),
            Literals::Bytes3(a, b, c) => memchr::memchr3(*a, *b, *c, rest),
            Literals::ByteSet(table) => rest.iter().position(|&b| table[b as usize]),
            Literals::Packed(s) => return s.find_in(hay, aho_corasick::Span::from(from..hay.len())).map(|m| m.start()),
            Literals::Automaton(ac) => return ac.find(AcInput::new(hay).span(from..hay.len())).map(|m| m.start()),
        };
        at.map(|i| from + i)
    }
}

/// Marks in `inner` the ASCII bytes a match of `h` may hold other than as the whole match's
/// last byte; `last`: a match of `h` ends the whole match. (A byte of a multi-byte character is
/// never ASCII, so a character class in last place marks nothing.) Erring towards marking is
/// safe: fewer barriers.
fn inner_bytes(h: &Hir, last: bool, inner: &mut [bool; 128]) {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(l) => {
            let body = if last { &l.0[..l.0.len().saturating_sub(1)] } else { &l.0[..] };
            for &b in body.iter().filter(|b| b.is_ascii()) {
                inner[b as usize] = true;
            }
        }
        HirKind::Class(_) if last => {}
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges().iter().filter(|r| r.start().is_ascii()) {
                (r.start() as usize..=(r.end() as usize).min(127)).for_each(|b| inner[b] = true);
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges().iter().filter(|r| r.start().is_ascii()) {
                (r.start() as usize..=(r.end() as usize).min(127)).for_each(|b| inner[b] = true);
            }
        }
        HirKind::Capture(c) => inner_bytes(&c.sub, last, inner),
        HirKind::Repetition(r) => inner_bytes(&r.sub, last && r.max.is_some_and(|m| m <= 1), inner),
        HirKind::Alternation(subs) => subs.iter().for_each(|s| inner_bytes(s, last, inner)),
        HirKind::Concat(subs) => {
            // the last part that can match something ends the match; the ones after it match
            // only the empty string (look-around), the ones before it may end before its end
            let k = subs.iter().rposition(|s| s.properties().maximum_len() != Some(0));
            for (i, s) in subs.iter().enumerate() {
                inner_bytes(s, last && Some(i) == k, inner);
            }
        }
    }
}

/// Literals one of which every match of `h` contains: the rarest such set found (`frequency`).
fn required(h: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut sets = vec![extract(h, ExtractKind::Prefix), extract(h, ExtractKind::Suffix)];
    match h.kind() {
        HirKind::Capture(c) => sets.push(required(&c.sub)),
        HirKind::Repetition(r) if r.min >= 1 => sets.push(required(&r.sub)),
        HirKind::Alternation(subs) => {
            // every branch's own set, together
            sets.push(subs.iter().map(required).collect::<Option<Vec<_>>>().map(|each| each.concat()));
        }
        HirKind::Concat(subs) => {
            for (i, s) in subs.iter().enumerate() {
                sets.push(required(s));
                if i > 0 {
                    // a match is a match of `subs[..i]` then one of `subs[i..]`: it contains the
                    // first's suffix followed by the second's prefix
                    let (Some(ends), Some(starts)) = (
                        extract(&Hir::concat(subs[..i].to_vec()), ExtractKind::Suffix),
                        extract(&Hir::concat(subs[i..].to_vec()), ExtractKind::Prefix),
                    ) else {
                        continue;
                    };
                    if ends.len() * starts.len() <= MAX_LITERALS * MAX_LITERALS {
                        sets.push(Some(
                            ends.iter()
                                .flat_map(|a| starts.iter().map(move |b| [a.as_slice(), b].concat()))
                                .collect(),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    sets.into_iter()
        .flatten()
        .map(minimize)
        .filter(|s| !s.is_empty() && s.len() <= MAX_LITERALS && s.iter().all(|l| !l.is_empty()))
        .min_by(|a, b| frequency(a).total_cmp(&frequency(b)))
}

/// The same requirement with fewer literals: one containing another is dropped (a text holding
/// it holds the other).
fn minimize(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    set.dedup();
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for l in set {
        if !kept.iter().any(|k| memchr::memmem::find(&l, k).is_some()) {
            kept.push(l);
        }
    }
    kept
}

/// Most literals in a required set.
const MAX_LITERALS: usize = 64;

/// The literals that every match of `h` starts (`Prefix`) or ends (`Suffix`) with, if finite and
/// none is empty.
fn extract(h: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(kind).limit_class(MAX_LITERALS).extract(h);
    let lits: Vec<Vec<u8>> = seq.literals()?.iter().map(|l| l.as_bytes().to_vec()).collect();
    (!lits.is_empty() && lits.iter().all(|l| !l.is_empty())).then_some(lits)
}

/// A rough count of a literal set's occurrences per byte of English prose, to choose between
/// sets and to judge whether the scan is worth it (it has no bearing on exactness).
fn frequency(literals: &[Vec<u8>]) -> f64 {
    literals
        .iter()
        .map(|l| {
            l.iter()
                .map(|&b| match b {
                    b' ' => 0.16,
                    b'e' | b't' => 0.1,
                    b'a'..=b'z' => 0.06,
                    b'\n' => 0.015,
                    b'.' | b',' => 0.01,
                    b'A'..=b'Z' => 0.005,
                    b'0'..=b'9' => 0.002,
                    0x80.. => 0.002,
                    0x21..=0x7e => 0.002,
                    _ => 0.0001,
                })
                .product::<f64>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_patterns_scan() {
        let scans = |p: &str| Scan::new(p, f64::INFINITY, 0).is_some();
        // barriers and a required literal: scanned
        assert!(scans(r"(?m)[\p{L}\p{N})\]”’](?<target>[ \t]+)\.(?:[ \t]+[^. \t]|[ \t]*\r?$)"));
        assert!(scans(r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]"));
        assert!(scans(r"a\n"));
        assert!(scans(r"\n[ \t]*a"));
        assert!(scans(r"a\s+b"));
        // an empty match, no literal, no barrier: not scanned
        assert!(!scans(r"a*"));
        assert!(!scans(r"\p{L}+"));
        assert!(!scans(r"(?s)a.b"));
        assert!(!scans(r"(?s)x.+"));
        assert!(!scans(r"[\x00-\x7F]+x"));
    }

    fn barriers(p: &str) -> String {
        let mut inner = [false; 128];
        inner_bytes(&regex_automata::util::syntax::parse(p).unwrap(), true, &mut inner);
        (0..128u8)
            .filter(|&b| !inner[b as usize] && (b == b'\n' || b.is_ascii_graphic()))
            .map(char::from)
            .collect()
    }

    fn literals(p: &str) -> Vec<String> {
        required(&regex_automata::util::syntax::parse(p).unwrap())
            .unwrap()
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect()
    }

    #[test]
    fn analysis() {
        // a match's last byte may be a barrier; what comes before it may not
        assert_eq!(
            barriers(r"[a-z]+\n"),
            "\n!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`{|}~"
        );
        assert_eq!(barriers(r"(?m)^[ \t]*[0-9]{1,3}[ \t]*(?:\r?\n|\z)"), barriers(r"[0-9 \t]+\n"));
        assert!(barriers(r"a\.$").contains('.') && !barriers(r"a\.(?:b|$)").contains('.'));
        assert!(!barriers(r"a\n?b").contains('\n') && barriers(r"ab\n?").contains('\n'));
        assert!(!barriers(r"(?:a\n)+").contains('\n') && barriers(r"(?:a\n)?").contains('\n'));
        assert_eq!(barriers(r"(?s).x"), "");
        // the rarest literals every match holds
        assert_eq!(literals(r"\w[ \t]+\."), ["\t.", " ."]);
        assert_eq!(literals(r"\p{Ll}{2}(?:[,;:][,.;:]|\.\.)(?:[^.]|$)").len(), 13);
        assert_eq!(
            literals(r"(?m)^(?:[0-9]{1,3}|-[0-9]{1,3}-|(?i:page) [0-9]{1,4})$"),
            ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        );
        assert_eq!(literals(r"[\x{200B}\x{2060}]x?"), ["\u{200B}", "\u{2060}"]);
        assert_eq!(
            minimize(vec![b"ab".to_vec(), b"b".to_vec(), b"cbc".to_vec(), b"c".to_vec()]),
            [b"b".to_vec(), b"c".to_vec()]
        );
    }
}
