//! `[[pattern]]`: a regular expression with a message, an optional fix template and exceptions.
//!
//! ```toml
//! [[pattern]]
//! id = "typography/space-before-period"
//! message = "space before `$p`"
//! regex = '[\w)\]](?<target> +)(?<p>[.,])(?:[ \n]|$)'
//! fix = ""
//! applicability = "safe"
//! unless = ['^\d']          # skip a match when one of these matches the matched text
//! # a document matching twice or more, at 5 % or more of its periods: all matches at info
//! habit = { min = 2, share = 0.05, of = '\w[ \t]*\.' }
//! ```
//!
//! When the regex has a group named `target`, the finding and its fix cover that group only, so
//! a pattern can look at context without reporting it (the regex crate has no look-around).
//! Fix and message templates use `$1`, `$name`, `${name}`; a template naming a group the regex
//! does not have is a load error at its place in the TOML.
//!
//! `habit`: a document that matches `min` times or more, at a `share` or more of the places
//! the regex `of` matches (the occasions to make the slip), does it by habit, not by slip (a
//! transcription keeping its print's spaced punctuation); there every match is reported at
//! info, so a reader's attention goes to the one-off slips of other documents. Not in raw OCR
//! (a document the lexicon measures as noisy, or whose noise it cannot measure because it is in
//! another language): there the systematic matches are the OCR's faults, not a house style.

use super::{check_template, expand, Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix, Severity};
use crate::rule_spec;
use aho_corasick::{packed, AhoCorasick, Input as AcInput, MatchKind};
use memchr::memmem;
use regex::Regex;
use regex_automata::{meta, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use toml::Spanned;
use toml_edit::Table;

rule_spec! {
    pub struct PatternSpec {
        pub regex: Spanned<String>,
        #[serde(default)]
        pub fix: Option<Spanned<String>>,
        #[serde(default)]
        pub applicability: Option<Applicability>,
        #[serde(default)]
        pub unless: Vec<Spanned<String>>,
        #[serde(default)]
        pub habit: Option<HabitSpec>,
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabitSpec {
    pub min: Spanned<usize>,
    pub share: Spanned<f64>,
    pub of: Spanned<String>,
}

/// When a document's matches are a habit, not a slip.
struct Habit {
    min: usize,
    share: f64,
    of: Matcher,
}

pub struct PatternRule {
    meta: RuleMeta,
    regex: Matcher,
    target: Option<usize>,
    fix: Option<String>,
    unless: Vec<Regex>,
    habit: Option<Habit>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<PatternSpec>(table) else { continue };
        let regex = cx.regex(&spec.regex);
        let unless: Vec<Option<Regex>> = spec.unless.iter().map(|u| cx.regex(u)).collect();
        let mut ok = true;
        if let Some(re) = &regex {
            if let Some(fix) = &spec.fix {
                if let Err(msg) = check_template(re, fix.get_ref()) {
                    cx.error(Some(fix.span()), msg);
                    ok = false;
                }
            }
            if let Err(msg) = check_template(re, &spec.message) {
                cx.error(table.get("message").and_then(|m| m.span()), format!("message: {msg}"));
                ok = false;
            }
        }
        let mut habit = None;
        if let Some(h) = &spec.habit {
            if *h.min.get_ref() < 2 {
                cx.error(Some(h.min.span()), "`habit.min` must be 2 or more");
                ok = false;
            }
            if !(0.0..=1.0).contains(h.share.get_ref()) {
                cx.error(Some(h.share.span()), "`habit.share` must be between 0 and 1");
                ok = false;
            }
            match cx.regex(&h.of) {
                Some(of) => {
                    habit = Some(Habit {
                        min: *h.min.get_ref(),
                        share: *h.share.get_ref(),
                        of: Matcher::new(of),
                    })
                }
                None => ok = false,
            }
        }
        if spec.applicability.is_some() && spec.fix.is_none() {
            cx.error(
                table.get("applicability").and_then(|m| m.span()),
                "`applicability` given but the rule has no `fix`",
            );
            ok = false;
        }
        let applicability = spec.fix.as_ref().map(|_| spec.applicability.unwrap_or(Applicability::Unsafe));
        let meta = cx.meta("pattern", &spec, applicability);
        let (Some(meta), Some(regex), true) = (meta, regex, ok) else {
            continue;
        };
        let Some(unless) = unless.into_iter().collect::<Option<Vec<_>>>() else {
            continue;
        };
        let target = regex.capture_names().position(|n| n == Some("target"));
        out.push(Box::new(PatternRule {
            meta,
            regex: Matcher::new(regex),
            target,
            fix: spec.fix.map(|f| f.into_inner()),
            unless,
            habit,
        }));
    }
    out
}

impl Check for PatternRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let first = out.len();
        self.regex.each_captures(cx.text, |caps| {
            let whole = caps.get(0).expect("group 0 always matches");
            if whole.is_empty() {
                return;
            }
            if self.unless.iter().any(|u| u.is_match(whole.as_str())) {
                return;
            }
            let span = match self.target {
                Some(i) => match caps.get(i) {
                    Some(m) => m,
                    None => return,
                },
                None => whole,
            };
            let message = expand(&self.meta.message, &caps);
            let mut f = Finding::new(&self.meta.id, self.meta.severity, span.start(), span.end(), message);
            if let (Some(t), Some(app)) = (&self.fix, self.meta.fix) {
                let replacement = expand(t, &caps);
                if replacement != span.as_str() {
                    f.suggestions = vec![replacement.clone()];
                    f = f.with_fix(Fix::replace(span.start(), span.end(), replacement, app));
                }
            }
            out.push(f);
        });
        let found = out.len() - first;
        if self
            .habit
            .as_ref()
            .is_some_and(|h| found >= h.min && found as f64 >= h.share * h.of.count(cx.text) as f64)
            && cx.proofread()
        {
            for f in &mut out[first..] {
                f.severity = f.severity.min(Severity::Info);
            }
        }
    }
}

/// One regex's matches over a whole text, in `captures_iter` order, skipping the stretches of
/// text that cannot hold a match when the regex's syntax proves it (`Scan`).
pub(crate) struct Matcher {
    regex: Regex,
    scan: Option<Scan>,
    /// For a regex (without a `Scan`) whose every match starts at a line start: the same regex,
    /// asked at each line start whether a match starts there (`LineStarts`).
    line_starts: Option<meta::Regex>,
}

/// The shortcut for a regex whose every match starts at a line start (each branch opens with
/// `(?m)^` or `\A`) and is not empty: `structure/page-number`, a navigation line. Matches
/// start nowhere else, so the leftmost-first match from `p` is the one at the first line start
/// `s >= p` where an anchored search (the same regex, the same haystack: its assertions see
/// the true context) finds one; `captures_at(text, s)` then gives that match with its groups.
/// A line where the regex fails at its first bytes costs a few steps, not a pass over the line.
struct LineStarts;

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
struct Scan {
    literals: Literals,
    bounded: meta::Regex,
    /// `barrier[b]`: byte `b` can be a match's last byte only.
    barrier: [bool; 256],
    /// Bytes searched before the scan judges its own density.
    warmup: usize,
}

impl Matcher {
    /// The regex searched.
    pub(crate) fn regex(&self) -> &Regex {
        &self.regex
    }

    pub(crate) fn new(regex: Regex) -> Matcher {
        Matcher::with(regex, MAX_FREQUENCY, DENSITY_WARMUP)
    }

    fn with(regex: Regex, max_frequency: f64, warmup: usize) -> Matcher {
        let scan = Scan::new(regex.as_str(), max_frequency, warmup);
        let line_starts = if scan.is_none() {
            LineStarts::regex_for(regex.as_str())
        } else {
            None
        };
        Matcher { regex, scan, line_starts }
    }

    /// Calls `each` with every match of `captures_iter(text)`, in order.
    pub(crate) fn each_captures<'t>(&self, text: &'t str, mut each: impl FnMut(regex::Captures<'t>)) {
        if let Some(anchored) = &self.line_starts {
            return LineStarts::run(anchored, text, |at| {
                let caps = self.regex.captures_at(text, at)?;
                let end = caps.get(0).expect("group 0 always matches").end();
                each(caps);
                Some(end)
            });
        }
        match &self.scan {
            None => self.regex.captures_iter(text).for_each(each),
            Some(scan) => scan.run(text, |at, _| {
                let caps = self.regex.captures_at(text, at)?;
                let end = caps.get(0).expect("group 0 always matches").end();
                each(caps);
                Some(end)
            }),
        }
    }

    /// `find_iter(text).count()`.
    pub(crate) fn count(&self, text: &str) -> usize {
        if let Some(anchored) = &self.line_starts {
            let mut n = 0;
            LineStarts::run(anchored, text, |at| {
                n += 1;
                Some(self.regex.find_at(text, at)?.end())
            });
            return n;
        }
        match &self.scan {
            None => self.regex.find_iter(text).count(),
            Some(scan) => {
                let mut n = 0;
                scan.run(text, |at, known| {
                    let end = match known {
                        Some((_, end)) => end,
                        None => self.regex.find_at(text, at)?.end(),
                    };
                    n += 1;
                    Some(end)
                });
                n
            }
        }
    }
}

impl LineStarts {
    fn regex_for(pattern: &str) -> Option<meta::Regex> {
        fn at_line_start(h: &Hir) -> bool {
            match h.kind() {
                HirKind::Look(regex_syntax::hir::Look::StartLF | regex_syntax::hir::Look::Start) => true,
                HirKind::Capture(c) => at_line_start(&c.sub),
                HirKind::Concat(v) => v.first().is_some_and(at_line_start),
                HirKind::Alternation(v) => v.iter().all(at_line_start),
                _ => false,
            }
        }
        let hir = regex_automata::util::syntax::parse(pattern).ok()?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) || !at_line_start(&hir) {
            return None;
        }
        // (a regex whose matches open with one of a few literals is searched fast already: its
        // literals are looked for first, as `regex` does)
        let mut prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
        prefixes.optimize_for_prefix_by_preference();
        if prefixes
            .literals()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|x| !x.as_bytes().is_empty()))
        {
            return None;
        }
        same_regex(pattern)
    }

    /// Calls `found(s)` at each line start `s` where a match starts, in order; `found` returns
    /// the match's end (the search goes on from there) or `None` to stop.
    fn run(anchored: &meta::Regex, text: &str, mut found: impl FnMut(usize) -> Option<usize>) {
        let bytes = text.as_bytes();
        let mut p = 0;
        while p < bytes.len() {
            let s = if p == 0 || bytes[p - 1] == b'\n' {
                p
            } else {
                match memchr::memchr(b'\n', &bytes[p..]) {
                    Some(i) => p + i + 1,
                    None => return,
                }
            };
            if s >= bytes.len() {
                return;
            }
            if anchored.is_match(Input::new(text).range(s..).anchored(regex_automata::Anchored::Yes)) {
                let Some(end) = found(s) else { return };
                // (a match is not empty: `end > s`)
                p = end.max(s + 1);
            } else {
                p = s + 1;
            }
        }
    }
}

/// `pattern` built by `regex_automata`'s meta engine as `regex` builds it (the same syntax,
/// the same match semantics), for searches `regex` does not offer (a range, an anchor).
fn same_regex(pattern: &str) -> Option<meta::Regex> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .match_kind(regex_automata::MatchKind::LeftmostFirst)
                .utf8_empty(true),
        )
        .syntax(regex_automata::util::syntax::Config::new().utf8(true))
        .build(pattern)
        .ok()
}

/// Below this estimated literal frequency (occurrences per byte of English text, `frequency`)
/// the scan is worth its set-up; above it most pieces would be searched anyway.
const MAX_FREQUENCY: f64 = 0.03;
/// What one search of a piece costs beyond its bytes, in bytes of a plain search.
const SEARCH_COST: usize = 64;
/// Bytes searched before the scan judges its own density.
const DENSITY_WARMUP: usize = 1 << 14;

impl Scan {
    fn new(pattern: &str, max_frequency: f64, warmup: usize) -> Option<Scan> {
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
    fn run(&self, text: &str, mut found: impl FnMut(usize, Option<(usize, usize)>) -> Option<usize>) {
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
    use proptest::prelude::*;

    /// Every `[[pattern]]` regex and `habit.of` of the bundled rule files.
    fn bundled() -> Vec<String> {
        let mut out = Vec::new();
        for file in [
            include_str!("../../rules/typography.toml"),
            include_str!("../../rules/structure.toml"),
            include_str!("../../rules/ocr.toml"),
        ] {
            let doc: toml::Table = toml::from_str(file).unwrap();
            for p in doc.get("pattern").and_then(|p| p.as_array()).into_iter().flatten() {
                out.push(p["regex"].as_str().unwrap().to_string());
                if let Some(of) = p.get("habit").and_then(|h| h.get("of")) {
                    out.push(of.as_str().unwrap().to_string());
                }
            }
        }
        assert!(out.len() >= 10);
        out
    }

    /// Patterns whose scan (or refusal of it) is easy to get wrong.
    const TRICKY: &[&str] = &[
        r"\bab\b",
        r"(?m)^ab$",
        r"(?m)^a.$",
        r"a\n",
        r"b\z",
        r"\Ab",
        r"(?m)a$",
        r"a$",
        r"[ \t]+\.",
        r"\.\n?",
        r"a[^b]",
        r"(?m)^\d+\s*$",
        r"\n[ \t]*a",
        r"a\s+b",
        r"(?:ab|b\n)c?",
        r"(?m)^(?:a|b\r?\n)(?:$|x)",
        r"é+\b",
        r"\p{Lu}\.",
        r"(?i)last:",
        r"ab*?",
        r"a*",
        r"(?s)a.b",
        r"[^a]b",
        // (by line starts: no rare literal, every branch at a line start)
        r"(?m)^\p{L}+",
        r"(?m)^[ab]+\n?|\A[ \t]*b",
        r"(?m)^(?<t>[ \t]*[ab]+)(?:\r?\n|\z)",
        r"(?m)^[ab]*",
        r"(?m)^$",
        r"(?m)^\s+",
    ];

    type Found = Vec<Vec<Option<(usize, usize)>>>;

    fn plain(re: &Regex, text: &str) -> (Found, usize) {
        let caps = re
            .captures_iter(text)
            .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
            .collect();
        (caps, re.find_iter(text).count())
    }

    fn fast(m: &Matcher, text: &str) -> (Found, usize) {
        let mut caps = Vec::new();
        m.each_captures(text, |c| caps.push(c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect()));
        (caps, m.count(text))
    }

    /// Compares the matcher against `captures_iter` / `find_iter` on `text` for every pattern,
    /// with the scan forced on wherever the syntax allows it, with and without stepping back to
    /// the full search early.
    fn same_everywhere(text: &str) {
        for p in bundled().iter().map(String::as_str).chain(TRICKY.iter().copied()) {
            let re = Regex::new(p).unwrap();
            let want = plain(&re, text);
            for m in [
                Matcher::new(re.clone()),
                Matcher::with(re.clone(), f64::INFINITY, usize::MAX),
                Matcher::with(re.clone(), f64::INFINITY, 3),
            ] {
                assert_eq!(fast(&m, text), want, "pattern {p:?} on {text:?}");
            }
        }
    }

    #[test]
    fn which_patterns_go_by_line_starts() {
        let by_lines = |p: &str| LineStarts::regex_for(p).is_some();
        assert!(by_lines(
            r"(?m)^(?<target>[ \t]*(?i:next|back)(?:[ \t]+(?i:next|back)){2,}[ \t]*(?:\r?\n|\z))"
        ));
        assert!(by_lines(r"(?m)^[a-z]+|\A\d"));
        assert!(by_lines(r"(?m)^\s+"));
        // a literal opening is searched for by `regex` itself
        assert!(!by_lines(r"(?m)^[-—–] ?\p{Lu}"));
        assert!(!by_lines(r"(?m)^a|\Ab"));
        // a branch that starts anywhere, an empty match, a CRLF-mode anchor: not by line starts
        assert!(!by_lines(r"(?m)^a|b"));
        assert!(!by_lines(r"(?m)^[ab]*"));
        assert!(!by_lines(r"(?m)^$"));
        assert!(!by_lines(r"(?mR)^a"));
        assert!(!by_lines(r"a(?m)^"));
        // a bundled rule with no rare literal goes by line starts (`structure/navigation-line`)
        let bundled = bundled();
        assert!(bundled
            .iter()
            .any(|p| p.contains("previous") && Matcher::new(Regex::new(p).unwrap()).line_starts.is_some()));
    }

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

    /// `SCANNO_PATTERN_BENCH=FILE cargo test --release --lib pattern_timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn pattern_timing() {
        let text = std::fs::read_to_string(std::env::var("SCANNO_PATTERN_BENCH").unwrap()).unwrap();
        let segs: Vec<&str> = text
            .as_bytes()
            .chunks(1 << 20)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        let (mut tp, mut tf) = (0.0, 0.0);
        for p in bundled() {
            let re = Regex::new(&p).unwrap();
            let m = Matcher::new(re.clone());
            let t = std::time::Instant::now();
            let a: usize = segs.iter().map(|s| re.find_iter(s).count()).sum();
            let plain = t.elapsed().as_secs_f64() * 1e3;
            let t = std::time::Instant::now();
            let b: usize = segs.iter().map(|s| m.count(s)).sum();
            let fast = t.elapsed().as_secs_f64() * 1e3;
            assert_eq!(a, b);
            tp += plain;
            tf += fast;
            eprintln!("{plain:8.1} {fast:8.1} ms {a:8} {}", &p[..p.len().min(60)]);
        }
        eprintln!("{tp:8.1} {tf:8.1} ms total");
    }

    #[test]
    fn edges() {
        for text in [
            "",
            "\n",
            "a",
            "ab",
            "ab\n",
            "\nab",
            "a\n\nb",
            "x ab .\nab\r\n",
            "word .\nword .",
            "word ,\n, x ;\t: y",
            "last updated: today\r\nLast Modified on : x",
            "\n42\n- 7 -\npage 12\n1907\n",
            "return top next\nback home up\r\n",
            "the cat' sat\n\nthe dog’ ran",
            "[18971 [1897l]",
            "waggon,, them.. x...",
            "\u{7}\u{0}\u{FFFD}\u{FEFF}é.é .É. é\n",
            "aaa\nb\nb\nab\nbc",
        ] {
            same_everywhere(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn same_as_captures_iter(parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", "b", "c", "x", "é", "É", "B", "1", "42", " ", " ", "\t", "\n", "\n", "\r\n", ".", ",", ";", ":", "'", "’", "‘", "[", "]", "-",
            "—", "\u{FFFD}", "\u{200B}", "\u{7}", "page", "Last updated", "return", "top", "next", "1897", "l", "..", " .", "ab",
        ]), 0..40)) {
            same_everywhere(&parts.concat());
        }
    }
}
