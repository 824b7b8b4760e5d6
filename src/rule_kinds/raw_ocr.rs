//! Checks of the lexicon kind that only make sense in raw OCR: stray marks and letters left by
//! specks on the page, and dictionary words that the context says are misreadings of a far
//! likelier word. They run only in documents the lexicon check measures as raw OCR (many
//! unknown words), except a lone lower-case letter, which is a fault in any prose.
//!
//! `noise` is the document's share of unknown words divided by the noise threshold: 1 or more is
//! raw OCR.

use super::rule::{CheckContext, RuleMeta};
use crate::confusion::{ConfusionTable, Scope};
use crate::finding::{Applicability, Finding, Fix};
use crate::lexicon::{Dictionary, WordClass};
use crate::tokenize::{match_case, Token, TokenKind};
use crate::tuning::{
    self, BIGRAM_FLOOR, BIGRAM_SCALE, CONTEXT_GENERIC_COST, CONTEXT_MARGIN, CONTEXT_MARGIN_PROOFREAD, CONTEXT_MARGIN_VERY_NOISY,
    CONTEXT_TARGETS,
};
use rayon::prelude::*;
use regex_automata::{meta, Anchored, Input};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Marks that may stand alone between words in ordinary print: sentence punctuation (its
/// spacing is the typography rules' business), dashes, the ellipsis, the ampersand, reference
/// marks.
fn allowed_alone(piece: &str) -> bool {
    matches!(
        piece,
        "," | "."
            | "?"
            | "!"
            | "*"
            | "&"
            | "—"
            | "–"
            | "―"
            | "--"
            | "---"
            | "..."
            | "…"
            | "¬"
            | "§"
            | "¶"
            | "†"
            | "‡"
            | "%"
            | "$"
            | "#"
            | "+"
            | "="
            | "/"
            | "×"
    ) || piece.chars().all(|c| matches!(c, '—' | '–' | '-')) && piece.chars().count() >= 2
        || piece.chars().all(|c| c == '.') && piece.len() >= 3
}

/// Would `typography/space-before-period` report this lone `.`? Asked of that rule's own regex,
/// as `rules/typography.toml` defines it (one definition): a match anchored at the character
/// before the spaces that precede the `.` (the regex's `target` is those spaces, then the `.`).
fn space_before_period(text: &str, start: usize) -> bool {
    static RULE: OnceLock<Option<meta::Regex>> = OnceLock::new();
    let Some(rule) = RULE.get_or_init(|| {
        let pack: toml::Table = toml::from_str(include_str!("../../rules/typography.toml")).ok()?;
        let regex = pack
            .get("pattern")?
            .as_array()?
            .iter()
            .find(|p| p.get("id").and_then(|i| i.as_str()) == Some("typography/space-before-period"))?
            .get("regex")?
            .as_str()?;
        super::matcher::same_regex(regex)
    }) else {
        return false;
    };
    let pre = &text[..start];
    let trimmed = pre.trim_end_matches([' ', '\t']);
    let Some(c) = trimmed.chars().next_back().filter(|_| trimmed.len() < pre.len()) else {
        return false;
    };
    let at = trimmed.len() - c.len_utf8();
    rule.is_match(Input::new(text).range(at..).anchored(Anchored::Yes))
}

/// Is this `.` part of a spaced ellipsis (`. . .`)?
fn spaced_ellipsis(text: &str, start: usize, end: usize) -> bool {
    text[..start].trim_end().ends_with('.') || text[end..].trim_start().starts_with('.')
}

/// Specks: marks that are never part of running text.
fn is_speck(c: char) -> bool {
    matches!(
        c,
        '•' | '■' | '|' | '_' | '~' | '^' | '\\' | '«' | '»' | '¦' | '¡' | '¿' | '<' | '>' | '°' | '·'
    )
}

/// Two marks where one belongs (`,.`, `..` but not the ellipsis; `.;` and `.:` end abbreviations).
const DOUBLED: &[&str] = &[",.", ",,", "..", ";,", ",;", ":.", ";.", ",:", ":,", ";;", "::", ",'.", ".'."];

/// Words that begin with an apostrophe in older print and dialect (`'tis`, `'em`).
const ELISIONS: &[&str] = &[
    "tis", "twas", "twere", "twill", "em", "till", "til", "bout", "neath", "gainst", "cause", "mid", "midst", "tween", "twixt", "round",
    "un", "ave", "ere", "ome", "im", "er", "s", "n", "ll", "re", "ve", "d", "t", "m",
];

/// The whitespace-separated pieces of a gap, with their offsets.
fn pieces(gap: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = gap.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if !c.is_whitespace() {
                break;
            }
            rest.next();
        }
        let &(start, _) = rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if c.is_whitespace() {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        Some((start, &gap[start..end]))
    })
}

/// Does the token stand in the document's italics?
fn in_emphasis(emphasis: &[std::ops::Range<usize>], t: &Token) -> bool {
    let k = emphasis.partition_point(|r| r.end < t.end);
    emphasis.get(k).is_some_and(|r| r.start <= t.start && t.end <= r.end)
}

/// Is this a letter token that reads as a word (letters only)?
fn is_word(t: &Token) -> bool {
    t.kind == TokenKind::Word
}

/// Stray marks and letters: a lone mark between words (`;`, `"`, `•`, `-`), a mark glued to the
/// front of a word (`.very`, `-the`, `'usual`), a speck glued to its end (`made•`), a mark inside
/// a word (`Element.ry`); and a lone lower-case letter other than `a` (`t`, `e`, `n`).
pub fn stray_marks(cx: &CheckContext<'_>, mark: Option<&RuleMeta>, letter: Option<&RuleMeta>, noise: f64, out: &mut Vec<Finding>) {
    let noisy = noise >= 1.0;
    // A lone `-` or `"` is a dash or a spaced quotation mark in much print: only in very raw OCR.
    let very_noisy = noise >= tuning::STRAY_VERY_NOISY;
    let text = cx.text;
    let toks = cx.tokens;
    let bytes = text.as_bytes();
    if let Some(meta) = letter {
        for (i, t) in toks.iter().enumerate() {
            if t.end - t.start != 1 || t.kind != TokenKind::Word {
                continue;
            }
            let c = bytes[t.start];
            let before_ws = t.start == 0 || bytes[t.start - 1].is_ascii_whitespace();
            let after_ws = t.end == bytes.len() || bytes[t.end].is_ascii_whitespace();
            if !before_ws || !after_ws {
                continue;
            }
            // (a letter of another language's phrase — `Porto e Braga` — or set in italics — a
            // label, `(_b_)`, or a letter named, `the _f_` — is no fragment)
            if cx.foreign(i) || in_emphasis(cx.emphasis, t) {
                continue;
            }
            let next_lower = toks.get(i + 1).is_some_and(|n| is_word(n) && bytes[n.start].is_ascii_lowercase());
            if c.is_ascii_uppercase() {
                // In very raw OCR, a capital standing alone before a lower-case word (not `A`,
                // `I`, `O`, nor an initial, which has its point).
                if !very_noisy || matches!(c, b'A' | b'I' | b'O') || !next_lower {
                    continue;
                }
            } else if !c.is_ascii_lowercase() || c == b'a' || c == b'v' {
                continue;
            } else if !noisy {
                // In running prose: a word on each side (not a list, formula or table).
                let prose = |j: Option<usize>| j.is_some_and(|j| is_word(&toks[j]));
                if !prose(i.checked_sub(1)) || !prose((i + 1 < toks.len()).then_some(i + 1)) {
                    continue;
                }
            }
            let s = &text[t.start..t.end];
            let message = meta.message.replace("{found}", s);
            out.push(Finding::new(&meta.id, meta.severity, t.start, t.end, message));
        }
    }
    let Some(meta) = mark else { return };
    if !noisy {
        return;
    }
    let mut push = |start: usize, end: usize, spaced: Option<usize>| {
        let found = &text[start..end];
        let message = meta.message.replace("{found}", found);
        match spaced {
            // `word ;`: the finding is the space, as for a space before a period (the mark may
            // belong to the word), and the fix deletes it.
            // (the same correction as `typography/space-before-semicolon`'s: the engine keeps one)
            Some(ws) => out.push(Finding::new(&meta.id, meta.severity, ws, start, message).with_fix(Fix::replace(
                ws,
                start,
                String::new(),
                Applicability::Unsafe,
            ))),
            None => out.push(Finding::new(&meta.id, meta.severity, start, end, message)),
        }
    };
    // The gaps between tokens (and before the first and after the last).
    for g in 0..=toks.len() {
        let gap_start = if g == 0 { 0 } else { toks[g - 1].end };
        let gap_end = if g == toks.len() { text.len() } else { toks[g].start };
        if gap_end <= gap_start {
            continue;
        }
        let gap = &text[gap_start..gap_end];
        if gap == " " || gap == "\n" {
            continue;
        }
        let prev = (g > 0).then(|| toks[g - 1]);
        let next = (g < toks.len()).then(|| toks[g]);
        for (off, piece) in pieces(gap) {
            // Lost text (U+FFFD) is the replacement-character rule's to report.
            if piece.contains(char::REPLACEMENT_CHARACTER) {
                continue;
            }
            let start = gap_start + off;
            let end = start + piece.len();
            let touches_prev = start == gap_start && prev.is_some();
            let touches_next = end == gap_end && next.is_some();
            match (touches_prev, touches_next) {
                (false, false) => {
                    // Sentence punctuation alone: in very raw OCR a speck; a lone `.` that is no
                    // space before a period (the typography rules report that) in raw OCR.
                    let punct_speck = match piece {
                        "," | "?" | "!" => very_noisy,
                        "." => !space_before_period(text, start) && !spaced_ellipsis(text, start, end),
                        _ => false,
                    };
                    if (very_noisy || !matches!(piece, "-" | "\""))
                        && (punct_speck || !allowed_alone(piece))
                        && !piece.chars().any(|c| matches!(c, '(' | ')' | '[' | ']' | '“' | '”' | '‘' | '’'))
                    {
                        // `;` or `:` set apart from the word before it on the same line
                        let spaced = (matches!(piece, ";" | ":")
                            && prev.is_some_and(|p| p.kind == TokenKind::Word)
                            && text[gap_start..start].bytes().all(|b| b == b' ' || b == b'\t'))
                        .then_some(gap_start);
                        push(start, end, spaced);
                    }
                }
                (false, true) => {
                    let (Some(n), Some(first)) = (next, piece.chars().next()) else {
                        continue;
                    };
                    if n.kind != TokenKind::Word {
                        continue;
                    }
                    let word = &text[n.start..n.end];
                    let lower_word = word.starts_with(|c: char| c.is_lowercase());
                    let stray = if piece.chars().all(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?') || is_speck(c)) {
                        // `.very`, `:the`, `•nd` (not `...and`, an ellipsis)
                        !piece.starts_with("..") || piece.chars().any(is_speck)
                    } else if piece == "-" {
                        // `-the`, `-The` at the start of a word: a dash or a speck
                        very_noisy
                    } else if piece == "'" && first == '\'' {
                        // `'usual`: not an elision (`'tis`) nor a quotation in single quotes
                        let lw = word.to_lowercase();
                        let quoted = text[n.end..].starts_with('\'');
                        lower_word && !quoted && !ELISIONS.contains(&lw.as_str())
                    } else {
                        false
                    };
                    if stray {
                        push(start, end, None);
                    }
                }
                (true, false) => {
                    // a speck glued to the end of a word (`made•`, `ascent»`), or a doubled mark
                    // (`vulgar,.`, `them..`)
                    let bare = piece.trim_end_matches(['\'', '"', '’', '”']);
                    if prev.is_some_and(|p| p.kind == TokenKind::Word) && (piece.chars().any(is_speck) || DOUBLED.contains(&bare)) {
                        push(start, end, None);
                    }
                }
                (true, true) => {
                    // a mark inside a word: `Element.ry`, `ar.ii`, `day,at`
                    let (Some(p), Some(n)) = (prev, next) else { continue };
                    if !is_word(&p) || !is_word(&n) {
                        continue;
                    }
                    let (ps, ns) = (&text[p.start..p.end], &text[n.start..n.end]);
                    let inner = piece.chars().any(is_speck)
                        || (matches!(piece, "." | "," | ";" | ":")
                            && ps.chars().count() >= 2
                            && ns.chars().count() >= 2
                            && ps.chars().last().is_some_and(|c| c.is_lowercase())
                            && ns.chars().all(|c| c.is_lowercase()));
                    if inner {
                        push(start, end, None);
                    }
                }
            }
        }
    }
}

/// A word as the context scores read it: its `lexicon::word_hash` and its dictionary frequency
/// (at least 1).
#[derive(Clone, Copy)]
struct Side {
    h: u64,
    f: f64,
}

/// Frequent words and the dictionary words OCR makes of them: observed form → (intended word,
/// cost). Built once per run from the dictionary and the confusion table.
pub struct ContextIndex {
    targets: Vec<&'static str>,
    /// Each target's hash and frequency, as the scores read them.
    sides: Vec<Side>,
    /// By the hash of the observed form (`lexicon::word_hash`): no string kept or compared.
    by_observed: FxHashMap<u64, Vec<(u32, f32)>>,
    /// The hashes of the observed forms as a filter: a test in the nearest cache that turns
    /// most words away before `by_observed` is probed.
    observed: crate::lexicon::HashFilter,
}

impl ContextIndex {
    /// May the word of this hash be an observed form? (No when it is not; yes for every
    /// observed form and a few others.)
    #[inline]
    fn may_observe(&self, h: u64) -> bool {
        self.observed.may_hold(h)
    }

    pub fn build(dict: &'static Dictionary, confusions: &ConfusionTable) -> ContextIndex {
        let mut common: Vec<(&'static str, u64)> = dict
            .entries()
            .filter(|(w, e)| e.class == WordClass::Common && w.len() <= 8 && w.bytes().all(|b| b.is_ascii_lowercase()))
            .map(|(w, e)| (w, e.freq))
            .collect();
        common.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        common.truncate(CONTEXT_TARGETS);
        let reversed: Vec<(&str, &str, f32)> = confusions
            .entries
            .iter()
            .filter(|c| c.scope == Scope::Word && !c.to.is_empty())
            .map(|c| (c.to.as_str(), c.from.as_str(), c.cost))
            .collect();
        let is_word = |w: &str| match dict.get(w) {
            None => false,
            Some(e) => e.class != WordClass::Proper || e.freq >= 1_000_000,
        };
        let targets: Vec<&'static str> = common.iter().map(|(w, _)| *w).collect();
        // What OCR may make of each target, in parallel: (observed word, target, cost).
        let found: Vec<Vec<(String, u32, f32)>> = targets
            .par_iter()
            .enumerate()
            .map(|(ti, &target)| {
                let mut seen: FxHashMap<String, f32> = FxHashMap::default();
                // Confusions read backwards (intermediate forms need not be words).
                let depth = if target.len() <= 6 { 2 } else { 1 };
                let mut frontier: Vec<(String, f32)> = vec![(target.to_string(), 0.0)];
                let mut expanded: FxHashMap<String, f32> = FxHashMap::default();
                for _ in 0..depth {
                    let mut next = Vec::new();
                    for (s, cost) in &frontier {
                        for &(from, to, c) in &reversed {
                            let nc = cost + c;
                            if nc > CONTEXT_GENERIC_COST {
                                continue;
                            }
                            for (at, _) in s.match_indices(from) {
                                let mut t = String::with_capacity(s.len() + to.len());
                                t.push_str(&s[..at]);
                                t.push_str(to);
                                t.push_str(&s[at + from.len()..]);
                                if t == target || expanded.get(&t).is_some_and(|&e| e <= nc) {
                                    continue;
                                }
                                expanded.insert(t.clone(), nc);
                                if is_word(&t) {
                                    let e = seen.entry(t.clone()).or_insert(f32::INFINITY);
                                    *e = e.min(nc);
                                }
                                next.push((t, nc));
                            }
                        }
                    }
                    frontier = next;
                }
                // One plain edit: only words are kept.
                let b = target.as_bytes();
                let mut buf: Vec<u8> = Vec::with_capacity(b.len() + 1);
                let mut edit = |buf: &[u8]| {
                    if let Ok(t) = std::str::from_utf8(buf) {
                        if !t.is_empty() && t != target && is_word(t) {
                            let e = seen.entry(t.to_string()).or_insert(f32::INFINITY);
                            *e = e.min(CONTEXT_GENERIC_COST);
                        }
                    }
                };
                for i in 0..=b.len() {
                    for c in b'a'..=b'z' {
                        buf.clear();
                        buf.extend_from_slice(&b[..i]);
                        buf.push(c);
                        buf.extend_from_slice(&b[i..]);
                        edit(&buf);
                        if i < b.len() && b[i] != c {
                            buf.clear();
                            buf.extend_from_slice(b);
                            buf[i] = c;
                            edit(&buf);
                        }
                    }
                    if i < b.len() {
                        buf.clear();
                        buf.extend_from_slice(&b[..i]);
                        buf.extend_from_slice(&b[i + 1..]);
                        edit(&buf);
                    }
                }
                let mut v: Vec<(String, u32, f32)> = seen.into_iter().map(|(o, c)| (o, ti as u32, c)).collect();
                v.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                v
            })
            .collect();
        let mut by_observed: FxHashMap<u64, Vec<(u32, f32)>> = FxHashMap::default();
        for (o, ti, c) in found.into_iter().flatten() {
            by_observed.entry(crate::lexicon::word_hash(&o)).or_default().push((ti, c));
        }
        let sides = targets
            .iter()
            .map(|w| Side {
                h: crate::lexicon::word_hash(w),
                f: dict.freq(w).max(1) as f64,
            })
            .collect();
        let observed = crate::lexicon::HashFilter::of(by_observed.keys().copied());
        ContextIndex {
            targets,
            sides,
            by_observed,
            observed,
        }
    }
}

/// Dictionary words that the context says are misreadings (`bad` for `had`, `tho` for `the`,
/// `hut` for `but`): in raw OCR, a word whose neighbours, by the lexicon's bigram counts,
/// strongly prefer a frequent word one OCR confusion or one plain edit away.
///
/// A neighbour that is itself no word is read as its best candidate (`guess`), and a second pass
/// reads the neighbours the first pass corrected as corrected (`wonld bo tho day`).
#[allow(clippy::too_many_arguments)]
pub fn context_words(
    cx: &CheckContext<'_>,
    meta: &RuleMeta,
    index: &ContextIndex,
    dict: &'static Dictionary,
    noise: f64,
    skip: &[bool],
    guess: &dyn Fn(usize) -> Option<String>,
    out: &mut Vec<Finding>,
) {
    // A proofread text: only a lower-case word between two words of the lexicon that attest
    // it beside neither, an intended word attested beside both, and a wider margin.
    let proofread = noise < 1.0;
    let text = cx.text;
    let toks = cx.tokens;
    let spaced = |a: &Token, b: &Token| {
        text[a.end..b.start]
            .bytes()
            .all(|c| c == b' ' || c == b'\n' || c == b'\r' || c == b'\t')
    };
    // The lower-case form of each neighbour as the context check reads it.
    let form = |j: usize| -> Option<String> {
        let t = &toks[j];
        let s = &text[t.start..t.end];
        if t.kind != TokenKind::Word {
            return None;
        }
        match guess(j) {
            // (in a proofread text a neighbour that is no word is no evidence: `en masse`)
            Some(_) if proofread => None,
            Some(g) => Some(g),
            None => (s.is_ascii() && s.len() <= 16).then(|| s.to_ascii_lowercase()),
        }
    };
    let freq = |h: u64| dict.freq_hashed(h).max(1) as f64;
    // A word as the scores read it: its `word_hash` and frequency, each found once.
    let side = |w: &str| {
        let h = crate::lexicon::word_hash(w);
        Side { h, f: freq(h) }
    };
    // The log count of the pair `a b` whose bigram count `c` has been looked up.
    let pair_of = |c: u64, a: Side, b: Side| -> f64 {
        if c > 0 {
            (c as f64).ln()
        } else {
            // Not in the list: at most its floor, at most what independence predicts.
            (BIGRAM_SCALE * a.f * b.f / dict.total).clamp(1.0, BIGRAM_FLOOR * 0.5).ln()
        }
    };
    // In very raw OCR (the lexicon's `very noisy`) a misreading is likelier a priori.
    let margin = if noise >= tuning::CONTEXT_VERY_NOISY {
        CONTEXT_MARGIN_VERY_NOISY
    } else if proofread {
        CONTEXT_MARGIN_PROOFREAD
    } else {
        CONTEXT_MARGIN
    };
    // The intended word for the observed word (`oh`: the `word_hash` of its lower-case form)
    // between the neighbours `ps` and `ns`, if the context demands it; `own` is the bigram
    // count of the observed word after `ps` and before `ns` (0 for a missing neighbour) when
    // the caller knows it, else it is looked up. (Each pair is looked up once: a candidate's
    // counts give its score and, for the best, its attestation.)
    let judge_sides =
        |oh: u64, cands: &[(u32, f32)], ps: Option<Side>, ns: Option<Side>, own: Option<(u64, u64)>| -> Option<&'static str> {
            if ps.is_none() && ns.is_none() {
                return None;
            }
            // (the counts of a word after `ps` and before `ns`)
            let counts = |h: u64| {
                (
                    ps.map_or(0, |p| dict.bigram_hashed(p.h, h)),
                    ns.map_or(0, |n| dict.bigram_hashed(h, n.h)),
                )
            };
            let own = own.unwrap_or_else(|| counts(oh));
            // A word the bigram list attests with every neighbour it has is left alone (most
            // words of a text).
            let (after_prev, before_next) = (ps.is_none() || own.0 > 0, ns.is_none() || own.1 > 0);
            if after_prev && before_next {
                return None;
            }
            // (in a proofread text both neighbours must be words of the lexicon)
            if proofread
                && (after_prev
                    || ps.is_none_or(|p| !dict.contains_hashed(p.h))
                    || before_next
                    || ns.is_none_or(|n| !dict.contains_hashed(n.h)))
            {
                return None;
            }
            // A word's score from its counts after `ps` and before `ns`.
            let score = |x: Side, (after, before): (u64, u64)| -> f64 {
                let mut v = 0.0;
                if let Some(p) = ps {
                    v += pair_of(after, p, x);
                }
                if let Some(n) = ns {
                    v += pair_of(before, x, n);
                }
                if ps.is_some() && ns.is_some() {
                    v -= x.f.ln();
                }
                v
            };
            let own_score = score(Side { h: oh, f: freq(oh) }, own);
            let (best, cost, best_score, (after, before)) = cands
                .iter()
                .map(|&(ti, c)| {
                    let x = index.sides[ti as usize];
                    let k = counts(x.h);
                    (index.targets[ti as usize], c, score(x, k), k)
                })
                .max_by(|a, b| (a.2 - f64::from(a.1)).total_cmp(&(b.2 - f64::from(b.1))).then_with(|| b.0.cmp(a.0)))?;
            if best_score - own_score - 2.0 * f64::from(cost) < margin {
                return None;
            }
            // The intended word must be attested beside a neighbour, not only likelier alone; a
            // plain edit needs both neighbours.
            let (beside, before) = (ps.is_some() && after > 0, ns.is_some() && before > 0);
            if !(beside || before) || (cost >= CONTEXT_GENERIC_COST && (ps.is_none() || ns.is_none())) {
                return None;
            }
            // In a proofread text, beside both neighbours.
            if proofread && !(beside && before) {
                return None;
            }
            Some(best)
        };
    // The same between the neighbours `prev` and `next` as the context check reads them.
    let judge = |oh: u64, cands: &[(u32, f32)], prev: Option<&str>, next: Option<&str>| -> Option<&'static str> {
        judge_sides(oh, cands, prev.map(side), next.map(side), None)
    };
    // Does the check look at token `i`? Its candidates and the `word_hash` of its lower-case
    // form if so. (Decided again where needed rather than kept: in proofread text most tokens
    // are looked at.)
    // The `word_hash` of a plain word's lower-case form (an ASCII word of at most 16 letters,
    // as `form` and `plainly_attested` read a neighbour), 0 for any other token: read from the
    // document's lower-case hashes, made once for all checks. (A form whose hash is 0 would
    // read as no plain word: odds of 1 in 2^64.)
    let lower = cx.lower_hashes();
    let plain_hash = |j: usize| -> u64 {
        let t = &toks[j];
        if t.end - t.start <= 16 && text.as_bytes()[t.start..t.end].is_ascii() {
            lower[j]
        } else {
            0
        }
    };
    let look = |i: usize| -> Option<(&[(u32, f32)], u64)> {
        // (most tokens are no observed word: passed over at one bit of a small table)
        if !index.may_observe(lower[i]) {
            return None;
        }
        let t = &toks[i];
        if skip[i] || t.kind != TokenKind::Word || t.end - t.start > 12 {
            return None;
        }
        let s = &text.as_bytes()[t.start..t.end];
        // Lower case or a capital first letter only.
        if !s.is_ascii() || s.iter().skip(1).any(u8::is_ascii_uppercase) {
            return None;
        }
        // (in a proofread text: not an initial, an abbreviation, a piece of a hyphenated or
        // elided word: before `.`, `-`, `¬`, `'` or `’`)
        if proofread
            && (s.len() < 2
                || s[0].is_ascii_uppercase()
                || matches!(
                    text.as_bytes()[t.end..],
                    [b'.' | b'-' | b'\'', ..] | [0xC2, 0xAC, ..] | [0xE2, 0x80, 0x99, ..]
                ))
        {
            return None;
        }
        // (nor a word of a foreign passage, nor one the author uses as a habit: `ye`, nor a
        // rare word of four letters or more, whose absence from the bigram list says nothing
        // of its neighbours: `loth`, `ardor`, `plash` — a rare real word is not replaced by a
        // common one)
        if proofread
            && (cx.foreign(i)
                || cx.habitual(i)
                || (t.end - t.start >= tuning::CONTEXT_RARE_MIN_CHARS && dict.freq_hashed(lower[i]) < tuning::FREQUENT_WORD))
        {
            return None;
        }
        // (looked up without allocating: most tokens are not looked at; a plain word, so its
        // hash is its lower-case form's)
        let h = lower[i];
        index.by_observed.get(&h).map(|cands| (cands.as_slice(), h))
    };
    let prev_of = |i: usize| (i > 0 && spaced(&toks[i - 1], &toks[i])).then(|| i - 1);
    let next_of = |i: usize| (i + 1 < toks.len() && spaced(&toks[i], &toks[i + 1])).then_some(i + 1);
    // In a proofread text, what `judge` would turn down at once, decided without searching
    // or allocating: a missing neighbour, one that is no plain dictionary word, or one that
    // the bigram list attests beside the observed word (most tokens, at one look-up).
    // (`h` is the `word_hash` of the observed word's lower-case form: the pairs are looked up
    // by the words' hashes)
    // (the word before first: most tokens are attested after it, and the word after is not read)
    let plainly_attested = |i: usize, h: u64| -> bool {
        let Some(hp) = prev_of(i).map(plain_hash).filter(|&hp| hp != 0) else {
            return true;
        };
        if dict.bigram_hashed(hp, h) > 0 {
            return true;
        }
        let Some(hn) = next_of(i).map(plain_hash).filter(|&hn| hn != 0) else {
            return true;
        };
        !dict.contains_hashed(hp) || dict.bigram_hashed(h, hn) > 0 || !dict.contains_hashed(hn)
    };
    // In raw OCR, the first tests of `judge` (no neighbour, or every neighbour attests the
    // observed word) read from the hashes: a neighbour that is a word is its hashed lower-case form, one that is
    // no word its best candidate (searched as `form` would). Most tokens end here, without
    // a string made.
    let attested_raw = |i: usize, h: u64| -> bool {
        let side = |j: Option<usize>| -> Option<Option<u64>> {
            let j = j?;
            if toks[j].kind != TokenKind::Word {
                return Some(None);
            }
            Some(match guess(j) {
                Some(g) => Some(crate::lexicon::word_hash(&g)),
                None => Some(plain_hash(j)).filter(|&h| h != 0),
            })
        };
        let (p, n) = (side(prev_of(i)).flatten(), side(next_of(i)).flatten());
        p.is_none_or(|hp| dict.bigram_hashed(hp, h) > 0) && n.is_none_or(|hn| dict.bigram_hashed(h, hn) > 0)
    };
    let mut fixed: FxHashMap<usize, &'static str> = FxHashMap::default();
    for i in 0..toks.len() {
        let Some((cands, h)) = look(i) else { continue };
        if proofread {
            if plainly_attested(i, h) {
                continue;
            }
            // Both neighbours are plain words of the lexicon (their sides read from their
            // hashes, as `form` would read them) and neither pair is in the list. A neighbour
            // that is no word (`guess` finds it a candidate) is no evidence.
            let (Some(p), Some(n)) = (prev_of(i), next_of(i)) else { continue };
            if guess(p).is_some() || guess(n).is_some() {
                continue;
            }
            let at = |j: usize| {
                let h = plain_hash(j);
                Side { h, f: freq(h) }
            };
            if let Some(best) = judge_sides(h, cands, Some(at(p)), Some(at(n)), Some((0, 0))) {
                fixed.insert(i, best);
            }
            continue;
        }
        if attested_raw(i, h) {
            continue;
        }
        let prev = prev_of(i).and_then(form);
        let next = next_of(i).and_then(form);
        if let Some(best) = judge(h, cands, prev.as_deref(), next.as_deref()) {
            fixed.insert(i, best);
        }
    }
    // Second pass: with the first pass' corrections as neighbours.
    let mut second: Vec<(usize, &'static str)> = Vec::new();
    // (the tokens beside a correction, in order)
    let mut beside: Vec<usize> = fixed
        .keys()
        .flat_map(|&j| [j.wrapping_sub(1), j + 1])
        .filter(|&i| i < toks.len())
        .collect();
    beside.sort_unstable();
    beside.dedup();
    for i in beside {
        if fixed.contains_key(&i) {
            continue;
        }
        let Some((cands, h)) = look(i) else { continue };
        let (p, n) = (prev_of(i), next_of(i));
        let pf = p.and_then(|j| fixed.get(&j).copied());
        let nf = n.and_then(|j| fixed.get(&j).copied());
        if pf.is_none() && nf.is_none() {
            continue;
        }
        let prev = pf.map(str::to_string).or_else(|| p.and_then(form));
        let next = nf.map(str::to_string).or_else(|| n.and_then(form));
        if let Some(best) = judge(h, cands, prev.as_deref(), next.as_deref()) {
            second.push((i, best));
        }
    }
    fixed.extend(second);
    let mut found: Vec<(usize, &'static str)> = fixed.into_iter().collect();
    found.sort_unstable();
    for (i, best) in found {
        let t = &toks[i];
        let s = &text[t.start..t.end];
        out.push(meta.replacement(t.start, t.end, s, match_case(s, best)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::confusion::Confusion;

    /// The lone `.` that `typography/space-before-period` reports, asked of the rule's regex.
    #[test]
    fn space_before_period_is_the_rules() {
        for (text, at, reported) in [
            ("motives . Most", 8, true),
            ("motives .\nMost", 8, true),
            ("(Stopani) . He", 10, true),
            ("the end .", 8, true),
            ("so on . . . until", 6, false),
            ("so on .. until", 6, false),
            ("word .x", 5, false),
            (" . x", 1, false),
            ("a\t. b", 2, true),
        ] {
            assert_eq!(space_before_period(text, at), reported, "{text:?}");
        }
    }

    #[test]
    fn every_observed_form_may_be_observed() {
        let dict = Dictionary::for_language("en").expect("the English lexicon");
        let mut confusions = ConfusionTable::default();
        for (from, to) in [("rn", "m"), ("h", "b"), ("e", "o"), ("li", "h")] {
            confusions.upsert(Confusion {
                from: from.into(),
                to: to.into(),
                cost: 0.5,
                scope: Scope::Word,
            });
        }
        let index = ContextIndex::build(dict, &confusions);
        assert!(index.by_observed.len() > 1000);
        assert!(index.by_observed.keys().all(|&h| index.may_observe(h)));
        // and most other words are turned away
        let others: Vec<u64> = dict
            .entries()
            .map(|(w, _)| crate::lexicon::word_hash(w))
            .filter(|h| !index.by_observed.contains_key(h))
            .collect();
        let passed = others.iter().filter(|&&h| index.may_observe(h)).count();
        assert!(passed * 4 < others.len(), "{passed} of {}", others.len());
    }
}
