//! `[[pairs]]`: brackets and quotation marks, paragraph by paragraph.
//!
//! ```toml
//! [[pairs]]
//! id = "typography/unbalanced"
//! check = "balance"            # or "orientation"
//! message = "..."              # `{open}`, `{close}`, `{found}` are filled in
//! brackets = ["()", "[]", "{}"]
//! quotes = ["“”", "‘’"]
//! straight = ['"']             # quotes that open and close with the same mark
//! multi-paragraph = true       # an open quotation may run on when the next paragraph reopens it
//! ```
//!
//! `balance` reports closers without an opener, openers never closed, and pairs that cross
//! (`( “ ) ”`). `orientation` reports quotes turned the wrong way: `”He` at the start of a
//! paragraph (a safe fix: it can only be an opening quote), `”` after a space before a word,
//! `“` closing a word, and `’Soso` after a space when it opens a quotation. A right single quote
//! between letters or at the head of an elided word (`Koba’s`, `’nineties`, `’tis`) is an
//! apostrophe, never a quote. Orientation is judged before balance, so one wrong mark gives one
//! finding.

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use serde::Deserialize;
use toml_edit::Table;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PairsCheckKind {
    Balance,
    Orientation,
}

rule_spec! {
    pub struct PairsSpec {
        pub check: PairsCheckKind,
        #[serde(default)]
        pub brackets: Vec<String>,
        #[serde(default)]
        pub quotes: Vec<String>,
        #[serde(default)]
        pub straight: Vec<String>,
        #[serde(default = "yes")]
        pub multi_paragraph: bool,
        #[serde(default)]
        pub applicability: Option<Applicability>,
    }
}

fn yes() -> bool {
    true
}

pub struct PairsRule {
    meta: RuleMeta,
    kind: PairsCheckKind,
    brackets: Vec<(char, char)>,
    quotes: Vec<(char, char)>,
    straight: Vec<char>,
    multi_paragraph: bool,
    quote_search: QuoteSearch,
}

fn two_chars(s: &str) -> Option<(char, char)> {
    let mut it = s.chars();
    match (it.next(), it.next(), it.next()) {
        (Some(a), Some(b), None) if a != b => Some((a, b)),
        _ => None,
    }
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<PairsSpec>(table) else { continue };
        let mut ok = true;
        let mut pairs_of = |key: &str, list: &[String], cx: &mut LoadCx| -> Vec<(char, char)> {
            let mut v = Vec::new();
            for s in list {
                match two_chars(s) {
                    Some(p) => v.push(p),
                    None => {
                        cx.error(
                            table.get(key).and_then(|i| i.span()),
                            format!("`{s}` is not a pair of two different characters"),
                        );
                        ok = false;
                    }
                }
            }
            v
        };
        let brackets = pairs_of("brackets", &spec.brackets, cx);
        let quotes = pairs_of("quotes", &spec.quotes, cx);
        let mut straight = Vec::new();
        for s in &spec.straight {
            let mut it = s.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => straight.push(c),
                _ => {
                    cx.error(table.get("straight").and_then(|i| i.span()), format!("`{s}` is not one character"));
                    ok = false;
                }
            }
        }
        let fix = match spec.check {
            PairsCheckKind::Orientation => Some(spec.applicability.unwrap_or(Applicability::Unsafe)),
            PairsCheckKind::Balance => None,
        };
        let Some(meta) = cx.meta("pairs", &spec, fix) else { continue };
        if ok {
            out.push(Box::new(PairsRule {
                meta,
                kind: spec.check,
                brackets,
                quote_search: QuoteSearch::new(&quotes),
                quotes,
                straight,
                multi_paragraph: spec.multi_paragraph,
            }));
        }
    }
    out
}

/// Words that begin with an apostrophe in English elisions (`’tis`, `’em`, `’nineties`).
fn is_elision(word: &str) -> bool {
    let w = word.to_lowercase();
    matches!(
        w.as_str(),
        "tis"
            | "twas"
            | "twere"
            | "em"
            | "im"
            | "er"
            | "un"
            | "ud"
            | "n"
            | "cause"
            | "bout"
            | "fore"
            | "neath"
            | "tween"
            | "twixt"
            | "til"
            | "till"
            | "round"
            | "gainst"
            | "midst"
            | "mid"
            | "prentice"
            | "possum"
            | "coon"
            | "cello"
            | "s"
            | "t"
            | "d"
            | "ll"
            | "re"
            | "ve"
    ) || (w.ends_with("ties") && w.chars().all(|c| c.is_lowercase()))
        || w.chars().all(|c| c.is_ascii_digit())
}

fn is_open_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '—' | '–' | '“' | '‘' | '"'),
    }
}

/// Classification of a quote mark in context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    Apostrophe,
    Unknown,
}

struct Mark {
    pos: usize,
    ch: char,
    role: Role,
    /// The mark as written is turned the wrong way for its role.
    misoriented: bool,
    /// Paragraph-initial: the fix is certain.
    certain: bool,
}

/// How a rule's quote marks are found in a paragraph (decided once, when the rule is loaded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum QuoteSearch {
    /// The rule has no quote marks.
    Nothing,
    /// Every character starting with one of these bytes, the first bytes of the marks (found
    /// with memchr: a quote mark is rare beside the letters around it).
    FirstBytes(u8, u8, u8),
    /// Every character (the marks start with more than three different bytes).
    EveryChar,
}

impl QuoteSearch {
    fn new(quotes: &[(char, char)]) -> QuoteSearch {
        let mut lead: Vec<u8> = quotes
            .iter()
            .flat_map(|&(o, c)| [o, c])
            .map(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0])
            .collect();
        lead.sort_unstable();
        lead.dedup();
        match lead[..] {
            [] => QuoteSearch::Nothing,
            [a] => QuoteSearch::FirstBytes(a, a, a),
            [a, b] => QuoteSearch::FirstBytes(a, b, b),
            [a, b, c] => QuoteSearch::FirstBytes(a, b, c),
            _ => QuoteSearch::EveryChar,
        }
    }

    /// The characters of `para` that may be quote marks, with their offsets.
    fn candidates(self, para: &str) -> impl Iterator<Item = (usize, char)> + '_ {
        let (all, found) = match self {
            QuoteSearch::Nothing => (None, None),
            // (a first byte of a character is never inside another: each hit starts a character)
            QuoteSearch::FirstBytes(a, b, c) => (
                None,
                Some(memchr::memchr3_iter(a, b, c, para.as_bytes()).filter_map(|i| para[i..].chars().next().map(|ch| (i, ch)))),
            ),
            QuoteSearch::EveryChar => (Some(para.char_indices()), None),
        };
        all.into_iter().flatten().chain(found.into_iter().flatten())
    }
}

impl PairsRule {
    fn classify(&self, para: &str, base: usize) -> Vec<Mark> {
        let mut marks = Vec::new();
        // Only quote marks are classified: look at those and their neighbours, not every char.
        let is_quote = |c: char| self.quotes.iter().any(|&(o, cl)| c == o || c == cl);
        for (i, c) in self.quote_search.candidates(para).filter(|&(_, c)| is_quote(c)) {
            let prev = para[..i].chars().next_back();
            let after = &para[i + c.len_utf8()..];
            let next = after.chars().next();
            let next_is_word = next.is_some_and(|n| n.is_alphanumeric());
            let prev_is_word = prev.is_some_and(|p| p.is_alphanumeric());
            for &(o, cl) in &self.quotes {
                let single = o == '‘' || cl == '’';
                if c == o {
                    // An opening mark in closing position: after a word or punctuation, before a space or the end.
                    let closing_pos = prev.is_some_and(|p| !p.is_whitespace() && !is_open_context(Some(p)))
                        && next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']'));
                    if single && prev_is_word && next_is_word {
                        // `Koba‘s`: an apostrophe typed the wrong way.
                        marks.push(Mark {
                            pos: base + i,
                            ch: c,
                            role: Role::Apostrophe,
                            misoriented: true,
                            certain: false,
                        });
                    } else if closing_pos {
                        marks.push(Mark {
                            pos: base + i,
                            ch: c,
                            role: Role::Close,
                            misoriented: true,
                            certain: false,
                        });
                    } else {
                        marks.push(Mark {
                            pos: base + i,
                            ch: c,
                            role: Role::Open,
                            misoriented: false,
                            certain: false,
                        });
                    }
                } else if c == cl {
                    if single && prev_is_word && next_is_word {
                        marks.push(Mark {
                            pos: base + i,
                            ch: c,
                            role: Role::Apostrophe,
                            misoriented: false,
                            certain: false,
                        });
                    } else if is_open_context(prev) && next_is_word {
                        if single {
                            let word: String = after.chars().take_while(|ch| ch.is_alphanumeric()).collect();
                            if is_elision(&word) {
                                marks.push(Mark {
                                    pos: base + i,
                                    ch: c,
                                    role: Role::Apostrophe,
                                    misoriented: false,
                                    certain: false,
                                });
                            } else {
                                // Decided below: an opener only if the quotation closes later.
                                marks.push(Mark {
                                    pos: base + i,
                                    ch: c,
                                    role: Role::Unknown,
                                    misoriented: true,
                                    certain: false,
                                });
                            }
                        } else {
                            marks.push(Mark {
                                pos: base + i,
                                ch: c,
                                role: Role::Open,
                                misoriented: true,
                                certain: prev.is_none(),
                            });
                        }
                    } else if single && prev_is_word {
                        // `boys’` (possessive) or a closing quote: a closer only when a quotation is open.
                        marks.push(Mark {
                            pos: base + i,
                            ch: c,
                            role: Role::Unknown,
                            misoriented: false,
                            certain: false,
                        });
                    } else {
                        marks.push(Mark {
                            pos: base + i,
                            ch: c,
                            role: Role::Close,
                            misoriented: false,
                            certain: false,
                        });
                    }
                }
            }
        }
        // A lower-case `’word` after a space opens a quotation when a closing `’` follows
        // punctuation later in the paragraph (`’business.’`); a capitalised one when any closing
        // `’` follows (`’Hello’ he said`). Else it is an apostrophe: an elision, or the ʿayn of a
        // transliteration (`’Abd al-’Azíz`).
        for k in 0..marks.len() {
            if marks[k].role == Role::Unknown && marks[k].misoriented {
                let ch = marks[k].ch;
                let upper = para[marks[k].pos - base + ch.len_utf8()..].starts_with(char::is_uppercase);
                let closes_later = marks[k + 1..].iter().any(|m| {
                    m.ch == ch && m.role == Role::Close && m.pos > 0 && {
                        let before = para[..m.pos - base].chars().next_back();
                        upper || before.is_some_and(|b| matches!(b, ',' | '.' | '!' | '?' | ';' | ':'))
                    }
                });
                if closes_later {
                    marks[k].role = Role::Open;
                } else {
                    marks[k].role = Role::Apostrophe;
                    marks[k].misoriented = false;
                }
            }
        }
        marks
    }

    fn orientation(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for &(ps, pe) in cx.paragraphs {
            let para = &cx.text[ps..pe];
            if !self.quotes.iter().any(|&(o, c)| para.contains(o) || para.contains(c)) {
                continue;
            }
            for m in self.classify(para, ps) {
                if !m.misoriented {
                    continue;
                }
                let Some(&(o, c)) = self.quotes.iter().find(|&&(o, c)| o == m.ch || c == m.ch) else {
                    continue;
                };
                let (want, what) = match m.role {
                    Role::Open => (o, "opening quotation mark"),
                    Role::Close => (c, "closing quotation mark"),
                    Role::Apostrophe => (c, "apostrophe"),
                    Role::Unknown => continue,
                };
                let applicability = if m.certain {
                    Applicability::Safe
                } else {
                    self.meta.fix.unwrap_or(Applicability::Unsafe)
                };
                let message = self
                    .meta
                    .message
                    .replace("{found}", &m.ch.to_string())
                    .replace("{want}", &want.to_string())
                    .replace("{what}", what);
                let end = m.pos + m.ch.len_utf8();
                out.push(
                    Finding::new(&self.meta.id, self.meta.severity, m.pos, end, message)
                        .with_fix(Fix::replace(m.pos, end, want.to_string(), applicability))
                        .with_suggestions(vec![want.to_string()]),
                );
            }
        }
    }

    fn balance(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let paras = cx.paragraphs;
        // Lines and a forward cursor for the positions named in messages, made on first use.
        let line_index = std::cell::OnceCell::new();
        let mut cursor: Option<crate::position::Cursor<'_>> = None;
        for (pi, &(ps, pe)) in paras.iter().enumerate() {
            let para = &cx.text[ps..pe];
            let interesting = self.brackets.iter().any(|&(o, c)| para.contains(o) || para.contains(c))
                || self.quotes.iter().any(|&(o, c)| para.contains(o) || para.contains(c))
                || self.straight.iter().any(|&s| para.contains(s));
            if !interesting {
                continue;
            }
            // Events in order: (pos, char, is_open, pair index in a combined list)
            let mut events: Vec<(usize, char, bool, char)> = Vec::new();
            let mut bracket_at = |i: usize, c: char| {
                for &(o, cl) in &self.brackets {
                    if c == o {
                        events.push((ps + i, c, true, o));
                    } else if c == cl {
                        events.push((ps + i, c, false, o));
                    }
                }
            };
            if self.brackets.is_empty() {
                // (a rule of quotes alone)
            } else if self.brackets.iter().all(|&(o, c)| o.is_ascii() && c.is_ascii()) {
                // ASCII brackets: scan bytes against a table instead of decoding every char.
                let mut table = [false; 128];
                for &(o, c) in &self.brackets {
                    table[o as usize] = true;
                    table[c as usize] = true;
                }
                for (i, &b) in para.as_bytes().iter().enumerate() {
                    if b < 128 && table[b as usize] {
                        bracket_at(i, b as char);
                    }
                }
            } else {
                for (i, c) in para.char_indices() {
                    bracket_at(i, c);
                }
            }
            // A paragraph that mixes straight and curly double quotes cannot be judged.
            let mixed = self.straight.iter().any(|&s| para.contains(s)) && (para.contains('“') || para.contains('”'));
            for m in self.classify(para, ps) {
                if mixed && matches!(m.ch, '“' | '”') {
                    continue;
                }
                let Some(&(o, _)) = self.quotes.iter().find(|&&(o, c)| o == m.ch || c == m.ch) else {
                    continue;
                };
                match m.role {
                    Role::Open => events.push((m.pos, m.ch, true, o)),
                    Role::Close => events.push((m.pos, m.ch, false, o)),
                    Role::Unknown => events.push((m.pos, m.ch, false, '\0')),
                    Role::Apostrophe => {}
                }
            }
            events.sort_by_key(|e| e.0);
            // Straight quotes: odd count is an unclosed quotation.
            for &s in self.straight.iter().filter(|_| !mixed) {
                let positions: Vec<usize> = para.match_indices(s).map(|(i, _)| ps + i).collect();
                if positions.len() % 2 == 1 {
                    let next_reopens = self.multi_paragraph
                        && paras
                            .get(pi + 1)
                            .is_some_and(|&(ns, ne)| cx.text[ns..ne].trim_start().starts_with(s));
                    if !next_reopens {
                        let p = *positions.last().expect("odd count");
                        out.push(self.finding(p, s, format!("odd number of `{s}` in this paragraph: a quotation is not closed")));
                    }
                }
            }
            let mut stack: Vec<(usize, char, char)> = Vec::new(); // (pos, char, pair opener)
                                                                  // How many of each opener the stack holds: a closer whose opener is not on it is
                                                                  // known at once (a paragraph of 100,000 `(` and then `]`s is not scanned per `]`).
            let mut open: Vec<(char, usize)> = Vec::new();
            let count = |open: &mut Vec<(char, usize)>, key: char| -> usize {
                match open.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, n)) => *n,
                    None => 0,
                }
            };
            let add = |open: &mut Vec<(char, usize)>, key: char, by: isize| match open.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n = n.saturating_add_signed(by),
                None => open.push((key, by.max(0) as usize)),
            };
            for (pos, ch, is_open, key) in events {
                if is_open {
                    stack.push((pos, ch, key));
                    add(&mut open, key, 1);
                    continue;
                }
                if key == '\0' {
                    // Possessive or closing single quote: closes an open single quotation if one is on top.
                    if let Some(&(_, _, k)) = stack.last() {
                        if self.quotes.iter().any(|&(o, c)| o == k && c == ch) {
                            stack.pop();
                            add(&mut open, k, -1);
                        }
                    }
                    continue;
                }
                let at = if count(&mut open, key) == 0 {
                    None
                } else {
                    stack.iter().rposition(|&(_, _, k)| k == key)
                };
                match at {
                    Some(idx) if idx == stack.len() - 1 => {
                        stack.pop();
                        add(&mut open, key, -1);
                    }
                    Some(idx) => {
                        let (ipos, ich, _) = stack[idx + 1];
                        // Where the inner mark opened, as line and column (characters), like
                        // every position shown; the lines are found once per document.
                        let (line, column) = cursor
                            .get_or_insert_with(|| {
                                crate::position::Cursor::new(cx.text, line_index.get_or_init(|| crate::document::LineIndex::new(cx.text)))
                            })
                            .at(ipos);
                        out.push(self.finding(
                            pos,
                            ch,
                            format!("`{ch}` closes `{key}` while `{ich}` opened inside it (line {line}, column {column}) is still open"),
                        ));
                        for &(_, _, k) in &stack[idx..] {
                            add(&mut open, k, -1);
                        }
                        stack.truncate(idx);
                    }
                    None => {
                        out.push(self.finding(pos, ch, format!("`{ch}` has no matching `{key}` in this paragraph")));
                    }
                }
            }
            for (pos, ch, key) in stack {
                let is_quote = self.quotes.iter().any(|&(o, _)| o == key);
                if is_quote && self.multi_paragraph {
                    let next_reopens = paras.get(pi + 1).is_some_and(|&(ns, ne)| {
                        let t = cx.text[ns..ne].trim_start();
                        t.starts_with(ch) || self.quotes.iter().any(|&(o, c)| o == key && t.starts_with(c))
                    });
                    if next_reopens {
                        continue;
                    }
                }
                let close = self
                    .brackets
                    .iter()
                    .chain(self.quotes.iter())
                    .find(|&&(o, _)| o == key)
                    .map(|p| p.1)
                    .unwrap_or(key);
                out.push(self.finding(pos, ch, format!("`{ch}` is never closed by `{close}` in this paragraph")));
            }
        }
    }

    fn finding(&self, pos: usize, ch: char, detail: String) -> Finding {
        let message = self.meta.message.replace("{found}", &ch.to_string()).replace("{detail}", &detail);
        Finding::new(&self.meta.id, self.meta.severity, pos, pos + ch.len_utf8(), message)
    }
}

impl Check for PairsRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        match self.kind {
            PairsCheckKind::Orientation => self.orientation(cx, out),
            PairsCheckKind::Balance => self.balance(cx, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The candidates hold every quote mark of the text, wherever its first byte is shared
        /// (curly quotes all start with 0xE2) and however many first bytes the marks have.
        #[test]
        fn candidates_hold_every_quote(text in "[a-z “”‘’\"'«»„‚é€\n]{0,60}") {
            let sets: [&[(char, char)]; 7] = [
                &[],
                &[('“', '”')],
                &[('“', '”'), ('‘', '’')],
                &[('“', '”'), ('"', '"')],
                &[('«', '»'), ('‚', '‘')],
                &[('“', '”'), ('"', '"'), ('\'', '\'')],
                &[('“', '”'), ('"', '"'), ('\'', '\''), ('«', '»')],
            ];
            for quotes in sets {
                let is_quote = |c: char| quotes.iter().any(|&(o, cl)| c == o || c == cl);
                let want: Vec<(usize, char)> = text.char_indices().filter(|&(_, c)| is_quote(c)).collect();
                let got: Vec<(usize, char)> = QuoteSearch::new(quotes).candidates(&text).filter(|&(_, c)| is_quote(c)).collect();
                prop_assert_eq!(got, want, "{:?}", quotes);
            }
        }
    }
}
