//! `[[dates]]`: the dates of historical prose, parsed and checked against the calendars.
//!
//! ```toml
//! [[dates]]
//! id = "dates/old-new-style"
//! check = "old-new-style"      # or "impossible", "weekday", "range"
//! message = "{detail}"         # `{found}` (the date as written) and `{detail}` are filled in
//! ```
//!
//! The parser reads `May 13`, `13 May 1907`, `the twelfth of June`, `June twelfth`,
//! `the twenty-fourth of March, 1910`, numeric ordinals (`2nd`, `25th`, OCR `lst`, `2d`) and
//! abbreviated months (`Sept.`), and pairs of Old and New Style dates in their usual forms:
//! `June twelfth [25th n.s.]`, `May 13 to June 1 (April 30 to May 19, o. s.)`,
//! `9 (22) January 1905`, `January 9/22, 1905`, `Oct. 25 (Nov. 7), 1917`,
//! `December 31, 1917/January 13, 1918`, with the markers `o.s.`, `o. s.`, `O.S.`, `Old Style`,
//! `n.s.`, `N.S.`, `New Style`, `Julian`, `Gregorian`. A marker names the calendar of the
//! bracketed member; unmarked, the second member is taken as New Style (or the first, when
//! only that reading agrees). A date without a year takes the last year written earlier in its
//! paragraph, else earlier in the document; messages say when a year was inferred.
//!
//! Checks (each rule picks one with `check`; all rules of a pack share one parse):
//! - `old-new-style`: the Julian member, converted through the Julian Day Number, must be the
//!   Gregorian member. The suggestion is the consistent day.
//! - `impossible`: `February 30`, `April 31`, and 29 February of a year that is not a leap year
//!   in the calendar of the date: a member's marker, else `calendar` in scanno.toml; with no
//!   calendar configured, only when the year is common in both calendars (29 February 1900 is
//!   a Julian date, not a Gregorian one).
//! - `weekday`: `Sunday, January 9, 1905` must be that weekday under one of the calendars (it
//!   is a Sunday O.S.); a weekday that fits neither is reported.
//! - `range`: a year range that ends before it starts (`1937-1908`); suggestions change one
//!   digit by an OCR digit confusion, ranked by how often the corpus writes the year.
//!
//! Documents are first searched for month names with one Aho-Corasick automaton; only the
//! paragraphs with a month are lexed and parsed, so a document without dates costs one scan.

use super::{Check, CheckContext, LoadCx, RuleMeta};
use crate::calendar::{
    convert, days_in_month, is_leap, is_valid, offset_on, to_jdn, weekday, Calendar, CalendarSetting, Ymd, MONTH_NAMES, WEEKDAYS,
};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;
use toml_edit::Table;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum DateCheckKind {
    OldNewStyle,
    Impossible,
    Weekday,
    Range,
}

rule_spec! {
    pub struct DatesSpec {
        pub check: DateCheckKind,
    }
}

// ---------------------------------------------------------------------------------------------
// The parse
// ---------------------------------------------------------------------------------------------

/// How the day of a date is written, so a suggestion keeps the style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayStyle {
    /// `13`
    Plain,
    /// `25th`, `2nd`
    Suffix,
    /// `twelfth`, `twenty-fourth`
    Word,
}

/// Where the year of a date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum YearSource {
    /// Written with the date.
    Written,
    /// Written once for a pair or range (`Oct. 25 (Nov. 7), 1917`).
    Shared,
    /// The last year written earlier in the paragraph.
    Paragraph,
    /// The last year written earlier in the document.
    Document,
    /// No year anywhere before.
    Unknown,
}

/// One written date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenDate {
    pub start: usize,
    pub end: usize,
    pub month: u32,
    pub day: u32,
    pub day_start: usize,
    pub day_end: usize,
    pub day_style: DayStyle,
    pub year: Option<i32>,
    pub year_source: YearSource,
    /// A weekday written before the date: (0 = Sunday, start, end).
    pub weekday: Option<(usize, usize, usize)>,
    /// The calendar named by a marker (for a pair member: by the pair's marker).
    pub calendar: Option<Calendar>,
}

impl WrittenDate {
    pub fn ymd(&self) -> Option<Ymd> {
        self.year.map(|y| Ymd::new(y, self.month, self.day))
    }
}

/// A date expression: one date, or an Old/New Style pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateExpr {
    Single(WrittenDate),
    /// `first` is the date outside the brackets (or before the slash); `second` the other.
    Pair {
        first: WrittenDate,
        second: WrittenDate,
        /// The calendar a marker names for `second`.
        marker: Option<Calendar>,
        start: usize,
        end: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    /// A number with an ordinal suffix (`25th`).
    Ord,
    Punct(char),
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Atom {
    kind: Kind,
    start: usize,
    end: usize,
    val: u32,
}

fn lex(text: &str, from: usize, to: usize) -> Vec<Atom> {
    let bytes = text.as_bytes();
    let mut atoms = Vec::new();
    let mut i = from;
    while i < to {
        let b = bytes[i];
        let c = if b < 0x80 {
            b as char
        } else {
            text[i..].chars().next().unwrap_or(' ')
        };
        let w = c.len_utf8();
        if c.is_ascii_digit() {
            let s = i;
            while i < to && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &text[s..i];
            let ds = i;
            while i < to && text[i..].chars().next().is_some_and(|c| c.is_alphabetic()) {
                i += text[i..].chars().next().map_or(1, |c| c.len_utf8());
            }
            let suffix = &text[ds..i];
            let val = if digits.len() <= 6 {
                digits.parse().unwrap_or(u32::MAX)
            } else {
                u32::MAX
            };
            let kind = if suffix.is_empty() {
                Kind::Num
            } else if digits.len() <= 2 && matches!(suffix.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th" | "d") {
                Kind::Ord
            } else {
                Kind::Other
            };
            atoms.push(Atom {
                kind,
                start: s,
                end: i,
                val,
            });
        } else if c.is_alphabetic() {
            let s = i;
            while i < to {
                match text[i..].chars().next() {
                    Some(c) if c.is_alphabetic() => i += c.len_utf8(),
                    _ => break,
                }
            }
            if i < to && bytes[i].is_ascii_digit() {
                while i < to && text[i..].chars().next().is_some_and(|c| c.is_alphanumeric()) {
                    i += text[i..].chars().next().map_or(1, |c| c.len_utf8());
                }
                atoms.push(Atom {
                    kind: Kind::Other,
                    start: s,
                    end: i,
                    val: 0,
                });
            } else {
                atoms.push(Atom {
                    kind: Kind::Word,
                    start: s,
                    end: i,
                    val: 0,
                });
            }
        } else if c.is_whitespace() {
            i += w;
        } else {
            atoms.push(Atom {
                kind: Kind::Punct(c),
                start: i,
                end: i + w,
                val: 0,
            });
            i += w;
        }
    }
    atoms
}

const UNIT_ORDINALS: [&str; 19] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

fn unit_ordinal(w: &str) -> Option<u32> {
    if w == "lst" {
        return Some(1);
    }
    UNIT_ORDINALS.iter().position(|o| *o == w).map(|p| p as u32 + 1)
}

/// An ordinal word for a day, as a suggestion (`twenty-fifth`).
pub fn ordinal_word(n: u32) -> String {
    match n {
        1..=19 => UNIT_ORDINALS[n as usize - 1].to_string(),
        20 => "twentieth".to_string(),
        30 => "thirtieth".to_string(),
        21..=29 => format!("twenty-{}", UNIT_ORDINALS[n as usize - 21]),
        31 => "thirty-first".to_string(),
        _ => n.to_string(),
    }
}

pub fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn month_of(word: &str) -> Option<(u32, bool)> {
    // (month, is abbreviation)
    let title = word.chars().next().is_some_and(|c| c.is_uppercase())
        && (word.chars().skip(1).all(|c| c.is_lowercase()) || word.chars().all(|c| c.is_uppercase()));
    if !title {
        return None;
    }
    // (compared without case, as the lower-case form would be: no string made for a word)
    if let Some(p) = MONTH_NAMES.iter().position(|m| m.eq_ignore_ascii_case(word)) {
        return Some((p as u32 + 1, false));
    }
    const ABBREVIATIONS: [(&str, u32); 12] = [
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("sept", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ];
    let (_, m) = ABBREVIATIONS.iter().find(|(a, _)| a.eq_ignore_ascii_case(word))?;
    Some((*m, true))
}

fn weekday_of(word: &str) -> Option<usize> {
    // (as written, or in capitals)
    WEEKDAYS
        .iter()
        .position(|d| *d == word || (d.len() == word.len() && d.bytes().zip(word.bytes()).all(|(a, b)| a.to_ascii_uppercase() == b)))
}

struct Day {
    val: u32,
    style: DayStyle,
    start: usize,
    end: usize,
    next: usize,
}

struct Parser<'a> {
    text: &'a str,
    atoms: Vec<Atom>,
}

impl<'a> Parser<'a> {
    fn word(&self, i: usize) -> Option<&'a str> {
        let a = self.atoms.get(i)?;
        (a.kind == Kind::Word).then(|| &self.text[a.start..a.end])
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.atoms.get(i).is_some_and(|a| a.kind == Kind::Punct(c))
    }

    fn adjacent(&self, i: usize) -> bool {
        i > 0 && i < self.atoms.len() && self.atoms[i - 1].end == self.atoms[i].start
    }

    /// A month name, or an abbreviation with its period: (month, next atom).
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (m, abbr) = month_of(self.word(i)?)?;
        if abbr {
            (self.is_punct(i + 1, '.') && self.adjacent(i + 1)).then_some((m, i + 2))
        } else {
            Some((m, i + 1))
        }
    }

    /// A four-digit year.
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let a = self.atoms.get(i)?;
        if a.kind != Kind::Num || a.end - a.start != 4 || !(1000..=2199).contains(&a.val) {
            return None;
        }
        // Not a number group (`1907,000`) or a decimal.
        if (self.is_punct(i + 1, ',') || self.is_punct(i + 1, '.'))
            && self.adjacent(i + 1)
            && self
                .atoms
                .get(i + 2)
                .is_some_and(|b| b.kind == Kind::Num && b.start == self.atoms[i + 1].end)
        {
            return None;
        }
        Some((a.val as i32, i + 1))
    }

    /// `[,] YEAR` after a date.
    fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        if self.is_punct(i, ',') {
            self.year(i + 1)
        } else {
            self.year(i)
        }
    }

    /// An ordinal written as a word (`twelfth`, `twenty-fourth`, `twenty fourth`).
    fn ordinal_word(&self, i: usize) -> Option<Day> {
        let w = self.word(i)?;
        let a = self.atoms[i];
        // Every ordinal word ends in `st`, `nd`, `rd` or `th`, or is the `twenty` or `thirty` of
        // `twenty fourth`: any other word is passed over without a lower-case copy (and
        // before its letters' case is read).
        let tail = w.len().checked_sub(2).and_then(|k| w.get(k..)).unwrap_or("");
        if !["st", "nd", "rd", "th"].iter().any(|e| tail.eq_ignore_ascii_case(e))
            && !w.eq_ignore_ascii_case("twenty")
            && !w.eq_ignore_ascii_case("thirty")
        {
            return None;
        }
        if !(w.chars().all(|c| c.is_lowercase()) || w.chars().skip(1).all(|c| c.is_lowercase())) {
            return None;
        }
        let lw = w.to_lowercase();
        let day = |val, end, next| Day {
            val,
            style: DayStyle::Word,
            start: a.start,
            end,
            next,
        };
        if let Some(v) = unit_ordinal(&lw) {
            return Some(day(v, a.end, i + 1));
        }
        match lw.as_str() {
            "twentieth" => return Some(day(20, a.end, i + 1)),
            "thirtieth" => return Some(day(30, a.end, i + 1)),
            _ => {}
        }
        for (tens, base) in [("twenty", 20u32), ("thirty", 30)] {
            if let Some(rest) = lw.strip_prefix(tens) {
                let unit = |u: Option<u32>| u.filter(|u| *u <= 9 && (base == 20 || *u == 1));
                if !rest.is_empty() {
                    if let Some(u) = unit(unit_ordinal(rest)) {
                        return Some(day(base + u, a.end, i + 1));
                    }
                    return None;
                }
                // `twenty-fourth` or `twenty fourth`
                let j = if self.is_punct(i + 1, '-') && self.adjacent(i + 1) {
                    i + 2
                } else {
                    i + 1
                };
                let u = unit(self.word(j).and_then(|w| unit_ordinal(&w.to_lowercase())))?;
                return Some(day(base + u, self.atoms[j].end, j + 1));
            }
        }
        None
    }

    /// A day: `13`, `25th`, or an ordinal word.
    fn day(&self, i: usize) -> Option<Day> {
        let a = self.atoms.get(i)?;
        match a.kind {
            Kind::Num if a.end - a.start <= 2 && (1..=31).contains(&a.val) => Some(Day {
                val: a.val,
                style: DayStyle::Plain,
                start: a.start,
                end: a.end,
                next: i + 1,
            }),
            Kind::Ord if (1..=31).contains(&a.val) => Some(Day {
                val: a.val,
                style: DayStyle::Suffix,
                start: a.start,
                end: a.end,
                next: i + 1,
            }),
            Kind::Word => self.ordinal_word(i),
            _ => None,
        }
    }

    fn numeric_day(&self, i: usize) -> Option<Day> {
        self.day(i).filter(|d| d.style != DayStyle::Word)
    }

    fn weekday_before(&self, i: usize) -> Option<(usize, usize, usize)> {
        let mut j = i.checked_sub(1)?;
        if self.is_word(j, "the") {
            j = j.checked_sub(1)?;
        }
        if self.is_punct(j, ',') {
            j = j.checked_sub(1)?;
        }
        let w = self.word(j)?;
        weekday_of(w).map(|d| (d, self.atoms[j].start, self.atoms[j].end))
    }

    fn date(&self, start: usize, end: usize, month: u32, day: &Day, year: Option<i32>, first_atom: usize) -> WrittenDate {
        WrittenDate {
            start,
            end,
            month,
            day: day.val,
            day_start: day.start,
            day_end: day.end,
            day_style: day.style,
            year,
            year_source: if year.is_some() { YearSource::Written } else { YearSource::Unknown },
            weekday: self.weekday_before(first_atom),
            calendar: None,
        }
    }

    /// One date at atom `i`: `M D[, Y]`, `D M[, Y]`, `[the] ORD of M[, Y]`. With `year` false the
    /// trailing year is not read (the caller reads it after a pair).
    fn single(&self, i: usize, year: bool) -> Option<(WrittenDate, usize)> {
        let start = self.atoms.get(i)?.start;
        // M D
        if let Some((m, j)) = self.month(i) {
            let d = self.day(j)?;
            // `May 13:45` or `May 1.5` is not a date.
            if (self.is_punct(d.next, ':') || self.is_punct(d.next, '.')) && self.atoms.get(d.next + 1).is_some_and(|a| a.kind == Kind::Num)
            {
                return None;
            }
            let (y, k) = match year.then(|| self.trailing_year(d.next)).flatten() {
                Some((y, k)) => (Some(y), k),
                None => (None, d.next),
            };
            let end = self.atoms[k - 1].end;
            return Some((self.date(start, end, m, &d, y, i), k));
        }
        // [the] ORD of M
        let j = if self.is_word(i, "the") { i + 1 } else { i };
        if let Some(d) = self.day(j) {
            if d.style != DayStyle::Plain && self.is_word(d.next, "of") {
                if let Some((m, k)) = self.month(d.next + 1) {
                    let (y, k) = match year.then(|| self.trailing_year(k)).flatten() {
                        Some((y, k2)) => (Some(y), k2),
                        None => (None, k),
                    };
                    let end = self.atoms[k - 1].end;
                    return Some((self.date(start, end, m, &d, y, i), k));
                }
            }
        }
        // D M
        let d = self.numeric_day(i)?;
        let (m, k) = self.month(d.next)?;
        let (y, k) = match year.then(|| self.year(k)).flatten() {
            Some((y, k2)) => (Some(y), k2),
            None => (None, k),
        };
        let end = self.atoms[k - 1].end;
        Some((self.date(start, end, m, &d, y, i), k))
    }

    /// `o.s.`, `o. s.`, `O.S.`, `Old Style`, `n.s.`, `N.S.`, `New Style`, `Julian`, `Gregorian`.
    fn marker(&self, i: usize) -> Option<(Calendar, usize)> {
        let w = self.word(i)?;
        let lw = w.to_ascii_lowercase();
        match lw.as_str() {
            "o" | "n" => {
                if !self.is_punct(i + 1, '.') {
                    return None;
                }
                let s = self.word(i + 2)?;
                if !s.eq_ignore_ascii_case("s") || (s == "s") != (w == "o" || w == "n") {
                    return None;
                }
                let next = if self.is_punct(i + 3, '.') { i + 4 } else { i + 3 };
                Some((if lw == "o" { Calendar::Julian } else { Calendar::Gregorian }, next))
            }
            "old" | "new" if self.is_word(i + 1, "style") => {
                Some((if lw == "old" { Calendar::Julian } else { Calendar::Gregorian }, i + 2))
            }
            "julian" if w == "Julian" => Some((Calendar::Julian, i + 1)),
            "gregorian" if w == "Gregorian" => Some((Calendar::Gregorian, i + 1)),
            _ => None,
        }
    }

    /// `[,] marker` inside brackets.
    fn inner_marker(&self, i: usize) -> Option<(Calendar, usize)> {
        if self.is_punct(i, ',') {
            self.marker(i + 1)
        } else {
            self.marker(i)
        }
    }

    /// A date inside a pair: a full date, or a bare day in `month`.
    fn member(&self, i: usize, month: u32) -> Option<(WrittenDate, usize)> {
        if let Some(x) = self.single(i, true) {
            return Some(x);
        }
        let d = self.day(i)?;
        // A bare day must not run on into words (`(12 votes)`).
        let w = self.date(d.start, d.end, month, &d, None, i);
        Some((WrittenDate { weekday: None, ..w }, d.next))
    }

    fn is_range_joiner(&self, i: usize) -> bool {
        self.is_word(i, "to") || self.is_word(i, "till") || self.is_word(i, "until") || self.is_punct(i, '-') || self.is_punct(i, '–')
    }

    /// A date expression at `i`: the expressions found and the next atom.
    fn expr(&self, i: usize) -> Option<(Vec<DateExpr>, usize)> {
        let open_close = |k: usize| -> Option<char> {
            if self.is_punct(k, '(') {
                Some(')')
            } else if self.is_punct(k, '[') {
                Some(']')
            } else {
                None
            }
        };
        // D (D2) M [Y] and D/D2 M [Y]
        if let Some(d1) = self.numeric_day(i) {
            let k = d1.next;
            let close = open_close(k);
            if close.is_some() || (self.is_punct(k, '/') && self.adjacent(k)) {
                if let Some(d2) = self.numeric_day(k + 1) {
                    let mut k2 = d2.next;
                    let mut marker = None;
                    if let Some(c) = close {
                        if let Some((cal, n)) = self.inner_marker(k2) {
                            marker = Some(cal);
                            k2 = n;
                        }
                        if !self.is_punct(k2, c) {
                            return None;
                        }
                        k2 += 1;
                    }
                    if let Some((m, k3)) = self.month(k2) {
                        let (y, k4) = match self.trailing_year(k3) {
                            Some((y, k4)) => (Some(y), k4),
                            None => (None, k3),
                        };
                        let end = self.atoms[k4 - 1].end;
                        let mut first = self.date(d1.start, self.atoms[k3 - 1].end, m, &d1, y, i);
                        let mut second = self.date(d2.start, d2.end, m, &d2, y, k + 1);
                        second.weekday = None;
                        first.year_source = if y.is_some() { YearSource::Shared } else { YearSource::Unknown };
                        second.year_source = first.year_source;
                        return Some((vec![pair(first, second, marker, d1.start, end)], k4));
                    }
                }
            }
        }
        let (first, k) = self.single(i, false)?;
        if let Some(r) = self.tail(first.clone(), k, false, i) {
            return Some(r);
        }
        if let Some((y, k2)) = self.trailing_year(k) {
            let mut first = first;
            first.year = Some(y);
            first.year_source = YearSource::Written;
            first.end = self.atoms[k2 - 1].end;
            if let Some(r) = self.tail(first.clone(), k2, true, i) {
                return Some(r);
            }
            return Some((vec![DateExpr::Single(first)], k2));
        }
        Some((vec![DateExpr::Single(first)], k))
    }

    /// What may follow a date at `k`: a slash pair, a bracketed pair or marker, a range, a marker.
    fn tail(&self, first: WrittenDate, k: usize, has_year: bool, i: usize) -> Option<(Vec<DateExpr>, usize)> {
        let open_close = |k: usize| -> Option<char> {
            if self.is_punct(k, '(') {
                Some(')')
            } else if self.is_punct(k, '[') {
                Some(']')
            } else {
                None
            }
        };
        // DATE/DATE  and  M D/D2, Y
        if self.is_punct(k, '/') {
            if let Some((second, k2)) = self.single(k + 1, true) {
                let start = first.start;
                let end = second.end;
                return Some((vec![pair(first, second, None, start, end)], k2));
            }
            if !has_year && self.adjacent(k) && self.adjacent(k + 1) {
                if let Some(d2) = self.numeric_day(k + 1) {
                    let (y, k3) = match self.trailing_year(d2.next) {
                        Some((y, k3)) => (Some(y), k3),
                        None => (None, d2.next),
                    };
                    let mut first = first;
                    let mut second = self.date(d2.start, d2.end, first.month, &d2, y, k + 1);
                    second.weekday = None;
                    first.year = y;
                    first.year_source = if y.is_some() { YearSource::Shared } else { YearSource::Unknown };
                    second.year_source = first.year_source;
                    let (start, end) = (first.start, self.atoms[k3 - 1].end);
                    return Some((vec![pair(first, second, None, start, end)], k3));
                }
            }
        }
        // DATE (DATE2 [, marker]) [, Y]  and  DATE (o.s.)
        if let Some(close) = open_close(k) {
            if let Some((second, k2)) = self.member(k + 1, first.month) {
                let (marker, k3) = match self.inner_marker(k2) {
                    Some((c, n)) => (Some(c), n),
                    None => (None, k2),
                };
                if self.is_punct(k3, close) {
                    return Some(self.finish_pair(first, second, marker, k3 + 1));
                }
            } else if let Some((cal, k2)) = self.marker(k + 1) {
                if self.is_punct(k2, close) {
                    return Some(self.finish_single(first, Some(cal), k2 + 1));
                }
            }
        }
        // DATE to DATE [(DATE to DATE[, marker])] [, Y]
        if self.is_range_joiner(k) {
            if let Some((mut first_b, k2)) = self.member(k + 1, first.month) {
                if let Some(close) = open_close(k2) {
                    if let Some((second, k3)) = self.member(k2 + 1, first.month) {
                        if self.is_range_joiner(k3) {
                            if let Some((second_b, k4)) = self.member(k3 + 1, second.month) {
                                let (marker, k5) = match self.inner_marker(k4) {
                                    Some((c, n)) => (Some(c), n),
                                    None => (None, k4),
                                };
                                if self.is_punct(k5, close) {
                                    let (a, _) = self.finish_pair(first, second, marker, k5 + 1);
                                    let (b, next) = self.finish_pair(first_b, second_b, marker, k5 + 1);
                                    let span_end = self.atoms[next - 1].end;
                                    let span_start = self.atoms[i].start;
                                    let mut out: Vec<DateExpr> = a.into_iter().chain(b).collect();
                                    for e in out.iter_mut() {
                                        if let DateExpr::Pair { start, end, .. } = e {
                                            *start = span_start;
                                            *end = span_end;
                                        }
                                    }
                                    return Some((out, next));
                                }
                            }
                        }
                    }
                }
                let mut first = first;
                if first.year.is_none() && first_b.year.is_some() {
                    first.year = first_b.year;
                    first.year_source = YearSource::Shared;
                }
                if first_b.year.is_none() && first.year.is_some() {
                    first_b.year = first.year;
                    first_b.year_source = YearSource::Shared;
                }
                return Some((vec![DateExpr::Single(first), DateExpr::Single(first_b)], k2));
            }
        }
        // DATE, O.S.
        if let Some((cal, k2)) = self.inner_marker(k) {
            return Some(self.finish_single(first, Some(cal), k2));
        }
        None
    }

    fn finish_single(&self, mut d: WrittenDate, cal: Option<Calendar>, next: usize) -> (Vec<DateExpr>, usize) {
        let (y, next) = match (d.year, self.trailing_year(next)) {
            (None, Some((y, n))) => (Some(y), n),
            (y, _) => (y, next),
        };
        if d.year.is_none() && y.is_some() {
            d.year = y;
            d.year_source = YearSource::Shared;
        }
        d.calendar = cal;
        (vec![DateExpr::Single(d)], next)
    }

    fn finish_pair(
        &self,
        mut first: WrittenDate,
        mut second: WrittenDate,
        marker: Option<Calendar>,
        next: usize,
    ) -> (Vec<DateExpr>, usize) {
        let (shared, next) = match self.trailing_year(next) {
            Some((y, n)) if first.year.is_none() || second.year.is_none() => (Some(y), n),
            _ => (None, next),
        };
        for d in [&mut first, &mut second] {
            if d.year.is_none() {
                if let Some(y) = shared {
                    d.year = Some(y);
                    d.year_source = YearSource::Shared;
                }
            }
        }
        let end = self.atoms[next - 1].end;
        let start = first.start;
        (vec![pair(first, second, marker, start, end)], next)
    }
}

fn pair(mut first: WrittenDate, mut second: WrittenDate, marker: Option<Calendar>, start: usize, end: usize) -> DateExpr {
    if let Some(c) = marker {
        second.calendar = Some(c);
        first.calendar = Some(c.other());
    }
    // A member without a year takes its partner's.
    if first.year.is_none() && second.year.is_some() {
        first.year = second.year;
        first.year_source = YearSource::Shared;
    }
    if second.year.is_none() && first.year.is_some() {
        second.year = first.year;
        second.year_source = YearSource::Shared;
    }
    DateExpr::Pair {
        first,
        second,
        marker,
        start,
        end,
    }
}

fn exprs_mut(e: &mut DateExpr) -> Vec<&mut WrittenDate> {
    match e {
        DateExpr::Single(d) => vec![d],
        DateExpr::Pair { first, second, .. } => vec![first, second],
    }
}

/// Month-name prefixes for the prefilter (case-sensitive; the parser checks the whole word).
const MONTH_PREFIXES: [&str; 24] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL",
    "AUG", "SEP", "OCT", "NOV", "DEC",
];

/// The compiled parser: a month prefilter and the year pattern for carried years.
pub struct DateParser {
    months: AhoCorasick,
    year: Regex,
}

impl Default for DateParser {
    fn default() -> Self {
        DateParser::new()
    }
}

impl DateParser {
    pub fn new() -> DateParser {
        DateParser {
            months: AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostFirst)
                .build(MONTH_PREFIXES)
                .expect("month automaton builds"),
            year: Regex::new(r"(?-u:\b)(?:1[5-9][0-9]{2}|20[0-9]{2})(?-u:\b)").expect("year regex"),
        }
    }

    /// Every date expression of `text`, in order, with carried years filled in.
    pub fn parse(&self, text: &str, paragraphs: &[(usize, usize)]) -> Vec<DateExpr> {
        let mut wanted: Vec<usize> = Vec::new();
        for m in self.months.find_iter(text) {
            let s = m.start();
            if !crate::tokenize::is_word_boundary_before(text, s) {
                continue;
            }
            let word_end = text[s..].find(|c: char| !c.is_alphabetic()).map_or(text.len(), |e| s + e);
            let word = &text[s..word_end];
            let Some((_, abbr)) = month_of(word) else { continue };
            if abbr && !text[word_end..].starts_with('.') {
                continue;
            }
            let p = paragraphs.partition_point(|&(_, e)| e <= s);
            if p < paragraphs.len() && wanted.last() != Some(&p) {
                wanted.push(p);
            }
        }
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut years: Option<Vec<(usize, i32)>> = None;
        let mut out = Vec::new();
        for p in wanted {
            let (ps, pe) = paragraphs[p];
            let parser = Parser {
                text,
                atoms: lex(text, ps, pe),
            };
            let mut para_year: Option<i32> = None;
            let mut i = 0;
            while i < parser.atoms.len() {
                if let Some((mut exprs, next)) = parser.expr(i) {
                    for e in exprs.iter_mut() {
                        let mut last = None;
                        for d in exprs_mut(e) {
                            if d.year.is_some() {
                                last = d.year;
                                continue;
                            }
                            if let Some(y) = para_year {
                                d.year = Some(y);
                                d.year_source = YearSource::Paragraph;
                                continue;
                            }
                            let ys = years.get_or_insert_with(|| {
                                self.year
                                    .find_iter(text)
                                    .filter_map(|m| Some((m.start(), m.as_str().parse().ok()?)))
                                    .collect()
                            });
                            let at = ys.partition_point(|&(pos, _)| pos < ps);
                            if at > 0 {
                                d.year = Some(ys[at - 1].1);
                                d.year_source = YearSource::Document;
                            }
                        }
                        if last.is_some() {
                            para_year = last;
                        }
                        adjust_pair_years(e);
                    }
                    out.extend(exprs);
                    i = next.max(i + 1);
                    continue;
                }
                if let Some((y, _)) = parser.year(i) {
                    if (1500..=2100).contains(&y) {
                        para_year = Some(y);
                    }
                }
                i += 1;
            }
        }
        out
    }
}

/// A cross-year pair whose members took one year (`December 31 (January 13), 1917`): move the
/// member whose year was not written to the neighbouring year that brings the two together.
fn adjust_pair_years(e: &mut DateExpr) {
    let DateExpr::Pair { first, second, .. } = e else { return };
    let (Some(y1), Some(y2)) = (first.year, second.year) else { return };
    if y1 != y2 || first.month == second.month {
        return;
    }
    let j = |m: u32, d: u32, y: i32| to_jdn(Calendar::Gregorian, Ymd::new(y, m, d.min(28)));
    let move_second = second.year_source > YearSource::Written;
    if !move_second && first.year_source == YearSource::Written {
        return;
    }
    let (target, other) = if move_second { (second, &*first) } else { (first, &*second) };
    let base = j(other.month, other.day, y1);
    let best = [y1 - 1, y1, y1 + 1]
        .into_iter()
        .min_by_key(|&y| (j(target.month, target.day, y) - base).abs())
        .unwrap_or(y1);
    target.year = Some(best);
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

pub struct DatesCheck {
    rules: Vec<(DateCheckKind, RuleMeta)>,
    calendar: CalendarSetting,
    parser: DateParser,
    range: Regex,
    /// The digit misreadings a backwards range is mended with, as `(read, meant)`.
    digit_misreadings: Vec<(u8, u8)>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut rules = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<DatesSpec>(table) else { continue };
        let fix = match spec.check {
            DateCheckKind::OldNewStyle => Some(Applicability::Manual),
            _ => None,
        };
        if let Some(meta) = cx.meta("dates", &spec, fix) {
            rules.push((spec.check, meta));
        }
    }
    if rules.is_empty() {
        return vec![];
    }
    let mut check = DatesCheck::new(rules, cx.config.calendar);
    check.digit_misreadings = crate::confusion::digit_misreadings(&cx.config.ocr.confusions);
    vec![Box::new(check)]
}

fn month_day(m: u32, d: u32) -> String {
    format!("{} {d}", MONTH_NAMES[m as usize - 1])
}

fn ymd_text(x: Ymd) -> String {
    format!("{} {}, {}", MONTH_NAMES[x.m as usize - 1], x.d, x.y)
}

/// A year inferred from the context, said in the message.
fn inferred(d: &WrittenDate) -> String {
    match (d.year_source, d.year) {
        (YearSource::Paragraph | YearSource::Document, Some(y)) => format!(" (year {y} taken from the context)"),
        _ => String::new(),
    }
}

impl DatesCheck {
    pub fn new(rules: Vec<(DateCheckKind, RuleMeta)>, calendar: CalendarSetting) -> DatesCheck {
        DatesCheck {
            rules,
            calendar,
            parser: DateParser::new(),
            range: Regex::new(r"(?-u:\b)(1[0-9]{3}|20[0-9]{2}) ?[-–] ?(1[0-9]{3}|20[0-9]{2})(?-u:\b)").expect("range regex"),
            digit_misreadings: crate::confusion::digit_misreadings(&[]),
        }
    }

    fn rule(&self, kind: DateCheckKind) -> Option<&RuleMeta> {
        self.rules.iter().find(|(k, _)| *k == kind).map(|(_, m)| m)
    }

    fn finding(&self, meta: &RuleMeta, start: usize, end: usize, found: &str, detail: String) -> Finding {
        let message = meta.message.replace("{found}", found).replace("{detail}", &detail);
        Finding::new(&meta.id, meta.severity, start, end, message)
    }

    /// The calendar of a date: its marker, else the calendar in force for its year.
    fn calendar_of(&self, d: &WrittenDate) -> Option<Calendar> {
        d.calendar.or_else(|| d.ymd().and_then(|x| self.calendar.calendar_of(x)))
    }

    fn impossible(&self, meta: &RuleMeta, text: &str, d: &WrittenDate, out: &mut Vec<Finding>) {
        let found = &text[d.start..d.end];
        let name = MONTH_NAMES[d.month as usize - 1];
        let max_any = days_in_month(Calendar::Julian, 2000, d.month);
        if d.day > max_any {
            let detail = format!(
                "{name} {} does not exist: {name} has {} days",
                d.day,
                if d.month == 2 {
                    "28 (29 in a leap year)".to_string()
                } else {
                    max_any.to_string()
                }
            );
            out.push(self.finding(meta, d.start, d.end, found, detail));
            return;
        }
        if d.month != 2 || d.day != 29 || d.year_source > YearSource::Shared {
            return;
        }
        let Some(y) = d.year else { return };
        let cal = self.calendar_of(d);
        let bad = match cal {
            Some(c) => !is_leap(c, y),
            None => !is_leap(Calendar::Julian, y) && !is_leap(Calendar::Gregorian, y),
        };
        if !bad {
            return;
        }
        let detail = match cal {
            Some(c) if is_leap(c.other(), y) => format!(
                "February 29, {y} does not exist in the {} calendar ({}): {y} is a leap year only in the {}",
                c.name(),
                c.style(),
                c.other().name()
            ),
            Some(c) => format!(
                "February 29, {y} does not exist: {y} is not a leap year in the {} calendar",
                c.name()
            ),
            None => format!("February 29, {y} does not exist: {y} is not a leap year"),
        };
        out.push(self.finding(meta, d.start, d.end, found, detail));
    }

    fn weekday_check(&self, meta: &RuleMeta, text: &str, d: &WrittenDate, jdn_by: Option<(Calendar, Ymd)>, out: &mut Vec<Finding>) {
        let Some((wd, ws, _)) = d.weekday else { return };
        if d.year_source > YearSource::Paragraph {
            return;
        }
        let Some(x) = d.ymd() else { return };
        let (x, candidates): (Ymd, Vec<(Calendar, i64)>) = match jdn_by {
            Some((c, os)) => (os, vec![(c, to_jdn(c, os))]),
            None => (
                x,
                match d.calendar {
                    Some(c) if is_valid(c, x) => vec![(c, to_jdn(c, x))],
                    Some(_) => vec![],
                    None => [Calendar::Julian, Calendar::Gregorian]
                        .into_iter()
                        .filter(|c| is_valid(*c, x))
                        .map(|c| (c, to_jdn(c, x)))
                        .collect(),
                },
            ),
        };
        if candidates.is_empty() || candidates.iter().any(|&(_, j)| weekday(j) == wd) {
            return;
        }
        let was: Vec<String> = candidates
            .iter()
            .map(|&(c, j)| format!("a {} {}", WEEKDAYS[weekday(j)], c.style()))
            .collect();
        let detail = format!("{} was {}, not a {}{}", ymd_text(x), was.join(" and "), WEEKDAYS[wd], inferred(d));
        let found = &text[ws..d.end];
        let mut f = self.finding(meta, ws, d.end, found, detail);
        // A year carried from the context may be the wrong one (`the 4th of January next`):
        // then the weekday is only a hint.
        if !matches!(d.year_source, YearSource::Written | YearSource::Shared) {
            f.severity = f.severity.min(crate::finding::Severity::Info);
        }
        let mut sugg: Vec<String> = candidates.iter().map(|&(_, j)| WEEKDAYS[weekday(j)].to_string()).collect();
        sugg.dedup();
        f.suggestions = sugg;
        out.push(f);
    }

    fn pair_check(&self, meta: &RuleMeta, text: &str, e: &DateExpr, out: &mut Vec<Finding>) {
        let DateExpr::Pair {
            first,
            second,
            marker,
            start,
            end,
        } = e
        else {
            return;
        };
        let found = &text[*start..*end];
        // Orientations to try: (O.S. member, N.S. member).
        let orientations: Vec<(&WrittenDate, &WrittenDate)> = match marker {
            Some(Calendar::Julian) => vec![(second, first)],
            Some(Calendar::Gregorian) => vec![(first, second)],
            None => vec![(first, second), (second, first)],
        };
        let (Some(y1), Some(y2)) = (first.year, second.year) else {
            return self.pair_without_year(meta, text, e, out);
        };
        let a = Ymd::new(y1, first.month, first.day);
        let b = Ymd::new(y2, second.month, second.day);
        // An unmarked pair must look like one: 6 to 20 days apart.
        let gap = to_jdn(Calendar::Gregorian, b) - to_jdn(Calendar::Gregorian, a);
        if marker.is_none() && !(6..=20).contains(&gap.abs()) {
            return;
        }
        if marker.is_some() && gap.abs() > 40 {
            return;
        }
        for (k, &(os, ns)) in orientations.iter().enumerate() {
            let (Some(o), Some(n)) = (os.ymd(), ns.ymd()) else { return };
            if !is_valid(Calendar::Julian, o) || !is_valid(Calendar::Gregorian, n) {
                // An impossible member is the `impossible` rule's to report.
                if k == 0 {
                    return;
                }
                continue;
            }
            if convert(Calendar::Julian, o) == n {
                return;
            }
        }
        // Report against the first orientation (the marked or conventional reading).
        let (os, ns) = orientations[0];
        let (Some(o), Some(n)) = (os.ymd(), ns.ymd()) else { return };
        let expected = convert(Calendar::Julian, o);
        let d = offset_on(o);
        let written = to_jdn(Calendar::Gregorian, n) - to_jdn(Calendar::Julian, o);
        let mut detail = format!(
            "{} O.S. is {} N.S. ({d} days later in {}), not {}",
            month_day(o.m, o.d),
            month_day(expected.m, expected.d),
            o.y,
            month_day(n.m, n.d)
        );
        if (10..=13).contains(&written) && written != d {
            detail.push_str(&format!("; {written} days is the offset of another century"));
        }
        detail.push_str(&inferred(os));
        let mut f = self.finding(meta, *start, *end, found, detail);
        // The suggestion rewrites the N.S. member's day, keeping its style.
        if expected.m == ns.month {
            let day = match ns.day_style {
                DayStyle::Plain => expected.d.to_string(),
                DayStyle::Suffix => format!("{}{}", expected.d, ordinal_suffix(expected.d)),
                DayStyle::Word => ordinal_word(expected.d),
            };
            f.suggestions = vec![day.clone()];
            f = f.with_fix(Fix::replace(ns.day_start, ns.day_end, day, Applicability::Manual));
        } else {
            f.suggestions = vec![month_day(expected.m, expected.d)];
        }
        out.push(f);
    }

    /// A pair with no year anywhere before it: report only an offset that fits no century
    /// from the calendar reform to 2100 (10 to 13 days).
    fn pair_without_year(&self, meta: &RuleMeta, text: &str, e: &DateExpr, out: &mut Vec<Finding>) {
        let DateExpr::Pair {
            first,
            second,
            marker,
            start,
            end,
        } = e
        else {
            return;
        };
        if (first.month == 2 && first.day == 29) || (second.month == 2 && second.day == 29) {
            return;
        }
        // Day numbers in a common year.
        let doy = |d: &WrittenDate| to_jdn(Calendar::Gregorian, Ymd::new(1901, d.month, d.day));
        let mut diff = doy(second) - doy(first);
        if diff > 182 {
            diff -= 365;
        } else if diff < -182 {
            diff += 365;
        }
        let offset = match marker {
            Some(Calendar::Julian) => -diff,
            Some(Calendar::Gregorian) => diff,
            None => diff.abs(),
        };
        if marker.is_none() && !(6..=20).contains(&offset) {
            return;
        }
        if (10..=13).contains(&offset) || offset.abs() > 40 {
            return;
        }
        let detail = format!(
            "the New Style date is {offset} days after the Old Style one; the calendars differ by 10 to 13 days (13 from 1900 to 2100)"
        );
        out.push(self.finding(meta, *start, *end, &text[*start..*end], detail));
    }

    fn range_check(&self, meta: &RuleMeta, text: &str, corpus_years: &std::collections::BTreeMap<u32, u64>, out: &mut Vec<Finding>) {
        for c in self.range.captures_iter(text) {
            let m = c.get(0).expect("group 0");
            // Part of a longer number (`12,1937-1908`) or of a date (`1937-1908-12`): skip.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            if before.is_some_and(|ch| ch == ',' || ch == '.' || ch == '-' || ch == '/')
                || after.is_some_and(|ch| {
                    ch == '-' || ch == '/' || (ch == ',' && text[m.end() + 1..].starts_with(|x: char| x.is_ascii_digit()))
                })
            {
                continue;
            }
            let (a, b) = (&c[1], &c[2]);
            let (ya, yb): (u32, u32) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
            if ya <= yb {
                continue;
            }
            let sep = &text[c.get(1).expect("g1").end()..c.get(2).expect("g2").start()];
            let mut cands: Vec<(u64, u32, String)> = Vec::new();
            for v in crate::confusion::digit_variants(a, &self.digit_misreadings) {
                let y: u32 = v.parse().unwrap_or(0);
                if y <= yb && yb - y <= 10 {
                    cands.push((corpus_years.get(&y).copied().unwrap_or(0), yb - y, format!("{v}{sep}{b}")));
                }
            }
            for v in crate::confusion::digit_variants(b, &self.digit_misreadings) {
                let y: u32 = v.parse().unwrap_or(0);
                if y >= ya && y - ya <= 10 {
                    cands.push((corpus_years.get(&y).copied().unwrap_or(0), y - ya, format!("{a}{sep}{v}")));
                }
            }
            cands.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
            cands.dedup_by(|x, y| x.2 == y.2);
            let detail = format!("the range {a}{sep}{b} ends before it starts");
            let mut f = self.finding(meta, m.start(), m.end(), m.as_str(), detail);
            f.suggestions = cands.into_iter().map(|c| c.2).take(3).collect();
            out.push(f);
        }
    }

    /// Checks a text with its paragraphs; used by `check` and by tests.
    pub fn check_text(
        &self,
        text: &str,
        paragraphs: &[(usize, usize)],
        corpus_years: &std::collections::BTreeMap<u32, u64>,
        out: &mut Vec<Finding>,
    ) {
        if let Some(meta) = self.rule(DateCheckKind::Range) {
            self.range_check(meta, text, corpus_years, out);
        }
        let exprs = self.parser.parse(text, paragraphs);
        for e in &exprs {
            if let Some(meta) = self.rule(DateCheckKind::Impossible) {
                match e {
                    DateExpr::Single(d) => self.impossible(meta, text, d, out),
                    DateExpr::Pair { first, second, marker, .. } => {
                        // Unmarked: the conventional reading (second N.S.) unless the other one agrees.
                        let (mut a, mut b) = (first.clone(), second.clone());
                        if marker.is_none() {
                            let (cf, cs) = self.unmarked_orientation(first, second);
                            a.calendar = Some(cf);
                            b.calendar = Some(cs);
                        }
                        self.impossible(meta, text, &a, out);
                        self.impossible(meta, text, &b, out);
                    }
                }
            }
            if let Some(meta) = self.rule(DateCheckKind::OldNewStyle) {
                self.pair_check(meta, text, e, out);
            }
            if let Some(meta) = self.rule(DateCheckKind::Weekday) {
                match e {
                    DateExpr::Single(d) => self.weekday_check(meta, text, d, None, out),
                    DateExpr::Pair { first, second, marker, .. } => {
                        let (cf, _) = match marker {
                            Some(c) => (c.other(), *c),
                            None => self.unmarked_orientation(first, second),
                        };
                        let os = if cf == Calendar::Julian { first } else { second };
                        if let Some(o) = os.ymd().filter(|o| is_valid(Calendar::Julian, *o)) {
                            self.weekday_check(meta, text, first, Some((Calendar::Julian, o)), out);
                        }
                    }
                }
            }
        }
    }

    /// The calendars of an unmarked pair's members: (first, second).
    fn unmarked_orientation(&self, first: &WrittenDate, second: &WrittenDate) -> (Calendar, Calendar) {
        if let (Some(a), Some(b)) = (first.ymd(), second.ymd()) {
            if is_valid(Calendar::Julian, b) && is_valid(Calendar::Gregorian, a) && convert(Calendar::Julian, b) == a {
                return (Calendar::Gregorian, Calendar::Julian);
            }
        }
        (Calendar::Julian, Calendar::Gregorian)
    }
}

impl Check for DatesCheck {
    fn rules(&self) -> Vec<&RuleMeta> {
        self.rules.iter().map(|(_, m)| m).collect()
    }

    fn retain(&mut self, enabled: &dyn Fn(&str) -> bool) -> bool {
        self.rules.retain(|(_, m)| enabled(&m.id));
        !self.rules.is_empty()
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        self.check_text(cx.text, cx.paragraphs, &cx.corpus.years, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::tokenize::paragraphs;
    use proptest::prelude::*;

    /// Month and weekday names read as by their lower- and upper-case copies.
    fn month_by_copy(word: &str) -> Option<(u32, bool)> {
        let title = word.chars().next().is_some_and(|c| c.is_uppercase())
            && (word.chars().skip(1).all(|c| c.is_lowercase()) || word.chars().all(|c| c.is_uppercase()));
        if !title {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        if let Some(p) = MONTH_NAMES.iter().position(|m| m.eq_ignore_ascii_case(&lower)) {
            return Some((p as u32 + 1, false));
        }
        let abbreviations = ["jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
        match abbreviations.iter().position(|a| !a.is_empty() && *a == lower) {
            Some(p) => Some((p as u32 + 1, true)),
            None => (lower == "sept").then_some((9, true)),
        }
    }

    fn weekday_by_copy(word: &str) -> Option<usize> {
        WEEKDAYS.iter().position(|d| *d == word || d.to_ascii_uppercase() == word)
    }

    fn name_like() -> impl Strategy<Value = String> {
        let names: Vec<String> = MONTH_NAMES
            .iter()
            .chain(WEEKDAYS.iter())
            .map(|s| s.to_string())
            .chain(["Jan", "Sept", "Sep", "Dec", "May", "Ma", "Junee", "Sept", "K"].map(String::from))
            .collect();
        (
            proptest::sample::select(names),
            proptest::collection::vec(any::<bool>(), 12),
            "[a-zA-ZéÉ]{0,3}",
        )
            .prop_map(|(n, upper, junk)| {
                let cased: String = n
                    .chars()
                    .zip(upper.iter().cycle())
                    .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c.to_ascii_lowercase() })
                    .collect();
                if junk.len() % 2 == 0 {
                    cased
                } else {
                    format!("{cased}{junk}")
                }
            })
    }

    proptest! {
        #[test]
        fn names_are_read_as_their_copies_read(word in name_like()) {
            prop_assert_eq!(month_of(&word), month_by_copy(&word));
            prop_assert_eq!(weekday_of(&word), weekday_by_copy(&word));
        }
    }

    /// Every ordinal word of a day, in the cases print uses, is read as that day (and so
    /// passes the ordinal's ending test).
    #[test]
    fn ordinal_words_of_every_day() {
        let mut forms: Vec<(String, Option<u32>)> = Vec::new();
        for n in 1..=31 {
            let w = ordinal_word(n);
            forms.push((crate::tokenize::match_case("Xx", &w), Some(n)));
            forms.push((w, Some(n)));
        }
        // (the other ways the parser reads: a space for the hyphen, run together, `lst`
        // misread for `1st`; and capitals, which it does not read)
        for (form, n) in [
            ("twenty fourth", Some(24)),
            ("twentyfirst", Some(21)),
            ("Thirty-first", Some(31)),
            ("lst", Some(1)),
            ("TWENTIETH", None),
            ("fourteen", None),
        ] {
            forms.push((form.to_string(), n));
        }
        for (form, n) in forms {
            let text = format!("on the {form} of May 1907");
            let p = Parser {
                text: &text,
                atoms: lex(&text, 0, text.len()),
            };
            let first = form.split(['-', ' ']).next().unwrap_or("");
            let i = p.atoms.iter().position(|a| &text[a.start..a.end] == first).unwrap();
            assert_eq!(p.day(i).map(|d| d.val), n, "{form}");
        }
    }

    fn parse(text: &str) -> Vec<DateExpr> {
        DateParser::new().parse(text, &paragraphs(text))
    }

    fn md(d: &WrittenDate) -> (u32, u32, Option<i32>) {
        (d.month, d.day, d.year)
    }

    fn checker(calendar: CalendarSetting) -> DatesCheck {
        let meta = |k: &str| RuleMeta {
            id: format!("dates/{k}"),
            kind: "dates",
            pack: "dates".into(),
            severity: Severity::Warning,
            message: "{detail}".into(),
            description: String::new(),
            examples: Default::default(),
            fix: None,
        };
        DatesCheck::new(
            vec![
                (DateCheckKind::OldNewStyle, meta("old-new-style")),
                (DateCheckKind::Impossible, meta("impossible")),
                (DateCheckKind::Weekday, meta("weekday")),
                (DateCheckKind::Range, meta("range")),
            ],
            calendar,
        )
    }

    fn run(calendar: CalendarSetting, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        checker(calendar).check_text(text, &paragraphs(text), &Default::default(), &mut out);
        out.into_iter().map(|f| (f.rule, text[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn single_forms() {
        let e = parse("On May 13 and on 13 May 1907, the twelfth of June, June twelfth, the twenty-fourth of March, 1910, Sept. 2nd, the 25th of May.");
        let got: Vec<_> = e
            .iter()
            .map(|e| match e {
                DateExpr::Single(d) => md(d),
                _ => panic!("pair"),
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (5, 13, None),
                (5, 13, Some(1907)),
                (6, 12, Some(1907)),
                (6, 12, Some(1907)),
                (3, 24, Some(1910)),
                (9, 2, Some(1910)),
                (5, 25, Some(1910))
            ]
        );
    }

    #[test]
    fn pair_forms() {
        let cases = [
            (
                "occurred on June twelfth [25th n.s.] in 1907",
                (6, 12),
                (6, 25),
                Some(Calendar::Gregorian),
            ),
            ("9 (22) January 1905", (1, 9), (1, 22), None),
            ("January 9/22, 1905", (1, 9), (1, 22), None),
            ("Oct. 25 (Nov. 7), 1917", (10, 25), (11, 7), None),
            ("December 31, 1917/January 13, 1918", (12, 31), (1, 13), None),
            ("on March 1 (February 17, Old Style), 1900", (3, 1), (2, 17), Some(Calendar::Julian)),
        ];
        for (text, a, b, marker) in cases {
            let e = parse(text);
            assert_eq!(e.len(), 1, "{text}: {e:?}");
            let DateExpr::Pair {
                first, second, marker: mk, ..
            } = &e[0]
            else {
                panic!("{text}: {e:?}")
            };
            assert_eq!(
                ((first.month, first.day), (second.month, second.day), *mk),
                (a, b, marker),
                "{text}"
            );
        }
    }

    #[test]
    fn range_pairs() {
        let t = "The Congress was held from May 13 to June 1 (April 30 to May 19, o. s.), 1907.";
        let e = parse(t);
        assert_eq!(e.len(), 2, "{e:?}");
        let DateExpr::Pair { first, second, marker, .. } = &e[1] else {
            panic!()
        };
        assert_eq!(
            (md(first), md(second), *marker),
            ((6, 1, Some(1907)), (5, 19, Some(1907)), Some(Calendar::Julian))
        );
        assert!(run(CalendarSetting::Unknown, t).is_empty());
    }

    #[test]
    fn consistent_pairs_are_clean_and_wrong_offsets_reported() {
        for t in [
            "In 1907 it happened on June twelfth [25th n.s.].",
            "9 (22) January 1905",
            "January 9/22, 1905",
            "Oct. 25 (Nov. 7), 1917",
            "December 31, 1917/January 13, 1918",
            "February 29 (March 13), 1900",
            "February 16 (28), 1900",
            "February 18 (March 1), 1800",
        ] {
            assert!(
                run(CalendarSetting::Unknown, t).is_empty(),
                "{t}: {:?}",
                run(CalendarSetting::Unknown, t)
            );
        }
        let t = "9 (21) January 1905";
        assert_eq!(run(CalendarSetting::Unknown, t), vec![("dates/old-new-style".into(), t.into())]);
        let mut out = Vec::new();
        checker(CalendarSetting::Unknown).check_text(t, &paragraphs(t), &Default::default(), &mut out);
        assert_eq!(out[0].suggestions, vec!["22"]);
    }

    #[test]
    fn impossible_and_weekday() {
        assert_eq!(
            run(CalendarSetting::Unknown, "on February 30, 1907"),
            vec![("dates/impossible".into(), "February 30, 1907".into())]
        );
        assert!(run(CalendarSetting::Unknown, "on February 29, 1900").is_empty());
        assert_eq!(run(CalendarSetting::Gregorian, "on February 29, 1900").len(), 1);
        assert!(run(CalendarSetting::Julian, "on February 29, 1900").is_empty());
        assert!(run(CalendarSetting::Unknown, "Sunday, January 9, 1905").is_empty());
        assert_eq!(run(CalendarSetting::Unknown, "Friday, January 9, 1905")[0].0, "dates/weekday");
    }

    #[test]
    fn reversed_ranges() {
        let mut out = Vec::new();
        let years = [(1907u32, 5u64)].into_iter().collect();
        let t = "the committee of 1937-1908. Lived 1878-1918.";
        checker(CalendarSetting::Unknown).check_text(t, &paragraphs(t), &years, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].suggestions[0], "1907-1908");
    }

    #[test]
    fn not_dates() {
        for t in [
            "May we go? He may 12 times.",
            "March 8 members marched",
            "in March 1917 and the 1st of the month",
            "Mary 12 and Marx 3",
            "June 5 (2) votes",
            "At May 13:45",
        ] {
            assert!(run(CalendarSetting::Unknown, t).is_empty(), "{t}");
        }
    }
}
