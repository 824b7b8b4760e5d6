//! The matcher of the kinds that run a rule's regex over whole documents (`[[pattern]]`,
//! `[[consistency]]`): one regex's matches over a text, exactly as `captures_iter` finds them,
//! searched only where a match can lie — at line starts (`LineStarts`), or in the pieces of
//! text around a literal every match holds (`scan::Scan`).

mod scan;

use regex::Regex;
use regex_automata::{meta, Input};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};
use scan::{Scan, DENSITY_WARMUP, MAX_FREQUENCY};

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
pub(super) fn same_regex(pattern: &str) -> Option<meta::Regex> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every `[[pattern]]` regex and `habit.of` of the bundled rule files.
    fn bundled() -> Vec<String> {
        let mut out = Vec::new();
        for file in [
            include_str!("../../../rules/typography.toml"),
            include_str!("../../../rules/structure.toml"),
            include_str!("../../../rules/ocr.toml"),
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
