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
//!
//! The files: `lex` (atoms, ordinal words, month and weekday names), `date` (one date and the
//! calendar markers), `expr` (pairs, ranges and shared years), `parse` (a document's dates and
//! their carried years); the checks `style` (Old/New Style pairs), `days` (impossible dates and
//! weekdays) and `range` (reversed year ranges). The calendar arithmetic is `crate::calendar`'s.

mod date;
mod days;
mod expr;
mod lex;
mod parse;
mod range;
mod style;

pub use date::{DayStyle, WrittenDate, YearSource};
pub use lex::{ordinal_suffix, ordinal_word};
pub use parse::{DateExpr, DateParser};

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::calendar::{convert, is_valid, Calendar, CalendarSetting, Ymd, MONTH_NAMES};
use crate::finding::{Applicability, Finding};
use crate::rule_spec;
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

/// Every `[[dates]]` rule of a run, over one parse of each document.
pub struct DatesCheck {
    rules: Vec<(DateCheckKind, RuleMeta)>,
    calendar: CalendarSetting,
    parser: DateParser,
    /// A year range (`1937-1908`), for the `range` check.
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

/// `May 13`.
fn month_day(m: u32, d: u32) -> String {
    format!("{} {d}", MONTH_NAMES[m as usize - 1])
}

/// `May 13, 1907`.
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
            range: range::year_range(),
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
    crate::rules_in!(rules);

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        self.check_text(cx.text, cx.paragraphs, &cx.corpus.years, out);
    }
}

#[cfg(test)]
mod test_support {
    use super::*;
    use crate::finding::Severity;
    use crate::tokenize::paragraphs;

    pub(super) fn checker(calendar: CalendarSetting) -> DatesCheck {
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

    pub(super) fn run(calendar: CalendarSetting, text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        checker(calendar).check_text(text, &paragraphs(text), &Default::default(), &mut out);
        out.into_iter().map(|f| (f.rule, text[f.start..f.end].to_string())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::run;
    use super::*;

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
