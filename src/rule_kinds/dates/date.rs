//! One date: the grammar of a single date (`May 13`, `13 May 1907`, `the twelfth of June`,
//! `June twelfth`), its day, year and the weekday written before it, and the Old/New Style
//! markers (`o.s.`, `N.S.`, `Old Style`, `Julian`, ...).

use super::lex::{month_of, unit_ordinal, weekday_of, Atom, Kind};
use crate::calendar::{Calendar, Ymd};

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

/// `found`'s value and next atom, else nothing and `at`: an optional part of a date.
pub(super) fn or_at<T>(found: Option<(T, usize)>, at: usize) -> (Option<T>, usize) {
    found.map_or((None, at), |(v, next)| (Some(v), next))
}

/// A day as written: its value, style and span, and the atom after it.
pub(super) struct Day {
    pub(super) val: u32,
    pub(super) style: DayStyle,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) next: usize,
}

/// The atoms of one paragraph, read date by date.
pub(super) struct Parser<'a> {
    pub(super) text: &'a str,
    pub(super) atoms: Vec<Atom>,
}

impl<'a> Parser<'a> {
    pub(super) fn word(&self, i: usize) -> Option<&'a str> {
        let a = self.atoms.get(i)?;
        (a.kind == Kind::Word).then(|| &self.text[a.start..a.end])
    }

    pub(super) fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i).is_some_and(|x| x.eq_ignore_ascii_case(w))
    }

    pub(super) fn is_punct(&self, i: usize, c: char) -> bool {
        self.atoms.get(i).is_some_and(|a| a.kind == Kind::Punct(c))
    }

    pub(super) fn adjacent(&self, i: usize) -> bool {
        i > 0 && i < self.atoms.len() && self.atoms[i - 1].end == self.atoms[i].start
    }

    /// A month name, or an abbreviation with its period: (month, next atom).
    pub(super) fn month(&self, i: usize) -> Option<(u32, usize)> {
        let (m, abbr) = month_of(self.word(i)?)?;
        if abbr {
            (self.is_punct(i + 1, '.') && self.adjacent(i + 1)).then_some((m, i + 2))
        } else {
            Some((m, i + 1))
        }
    }

    /// A four-digit year.
    pub(super) fn year(&self, i: usize) -> Option<(i32, usize)> {
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
    pub(super) fn trailing_year(&self, i: usize) -> Option<(i32, usize)> {
        if self.is_punct(i, ',') {
            self.year(i + 1)
        } else {
            self.year(i)
        }
    }

    /// An ordinal written as a word (`twelfth`, `twenty-fourth`, `twenty fourth`).
    pub(super) fn ordinal_word(&self, i: usize) -> Option<Day> {
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
    pub(super) fn day(&self, i: usize) -> Option<Day> {
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

    pub(super) fn numeric_day(&self, i: usize) -> Option<Day> {
        self.day(i).filter(|d| d.style != DayStyle::Word)
    }

    pub(super) fn weekday_before(&self, i: usize) -> Option<(usize, usize, usize)> {
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

    pub(super) fn date(&self, start: usize, end: usize, month: u32, day: &Day, year: Option<i32>, first_atom: usize) -> WrittenDate {
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
    pub(super) fn single(&self, i: usize, year: bool) -> Option<(WrittenDate, usize)> {
        let start = self.atoms.get(i)?.start;
        // M D
        if let Some((m, j)) = self.month(i) {
            let d = self.day(j)?;
            // `May 13:45` or `May 1.5` is not a date.
            if (self.is_punct(d.next, ':') || self.is_punct(d.next, '.')) && self.atoms.get(d.next + 1).is_some_and(|a| a.kind == Kind::Num)
            {
                return None;
            }
            let (y, k) = or_at(year.then(|| self.trailing_year(d.next)).flatten(), d.next);
            let end = self.atoms[k - 1].end;
            return Some((self.date(start, end, m, &d, y, i), k));
        }
        // [the] ORD of M
        let j = if self.is_word(i, "the") { i + 1 } else { i };
        if let Some(d) = self.day(j) {
            if d.style != DayStyle::Plain && self.is_word(d.next, "of") {
                if let Some((m, k)) = self.month(d.next + 1) {
                    let (y, k) = or_at(year.then(|| self.trailing_year(k)).flatten(), k);
                    let end = self.atoms[k - 1].end;
                    return Some((self.date(start, end, m, &d, y, i), k));
                }
            }
        }
        // D M
        let d = self.numeric_day(i)?;
        let (m, k) = self.month(d.next)?;
        let (y, k) = or_at(year.then(|| self.year(k)).flatten(), k);
        let end = self.atoms[k - 1].end;
        Some((self.date(start, end, m, &d, y, i), k))
    }

    /// `o.s.`, `o. s.`, `O.S.`, `Old Style`, `n.s.`, `N.S.`, `New Style`, `Julian`, `Gregorian`.
    pub(super) fn marker(&self, i: usize) -> Option<(Calendar, usize)> {
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
    pub(super) fn inner_marker(&self, i: usize) -> Option<(Calendar, usize)> {
        if self.is_punct(i, ',') {
            self.marker(i + 1)
        } else {
            self.marker(i)
        }
    }

    /// A date inside a pair: a full date, or a bare day in `month`.
    pub(super) fn member(&self, i: usize, month: u32) -> Option<(WrittenDate, usize)> {
        if let Some(x) = self.single(i, true) {
            return Some(x);
        }
        let d = self.day(i)?;
        // A bare day must not run on into words (`(12 votes)`).
        let w = self.date(d.start, d.end, month, &d, None, i);
        Some((WrittenDate { weekday: None, ..w }, d.next))
    }

    pub(super) fn is_range_joiner(&self, i: usize) -> bool {
        self.is_word(i, "to") || self.is_word(i, "till") || self.is_word(i, "until") || self.is_punct(i, '-') || self.is_punct(i, '–')
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::{lex, ordinal_word};
    use super::*;

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
}
