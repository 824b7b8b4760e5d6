//! `old-new-style`: an Old/New Style pair whose Julian member, converted through the Julian Day
//! Number, is not its Gregorian member; and a pair with no year whose offset fits no century.

use super::{inferred, month_day, DateExpr, DatesCheck, DayStyle, WrittenDate};
use super::{ordinal_suffix, ordinal_word};
use crate::calendar::{convert, is_valid, offset_on, to_jdn, Calendar, Ymd};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_kinds::rule::RuleMeta;
use crate::tuning;

impl DatesCheck {
    /// The `old-new-style` check of one expression (a single date has nothing to check).
    pub(super) fn pair_check(&self, meta: &RuleMeta, text: &str, e: &DateExpr, out: &mut Vec<Finding>) {
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
        if marker.is_none() && !tuning::DATES_UNMARKED_PAIR_GAP_DAYS.contains(&gap.abs()) {
            return;
        }
        if marker.is_some() && gap.abs() > tuning::DATES_PAIR_MAX_GAP_DAYS {
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
        if marker.is_none() && !tuning::DATES_UNMARKED_PAIR_GAP_DAYS.contains(&offset) {
            return;
        }
        if (10..=13).contains(&offset) || offset.abs() > tuning::DATES_PAIR_MAX_GAP_DAYS {
            return;
        }
        let detail = format!(
            "the New Style date is {offset} days after the Old Style one; the calendars differ by 10 to 13 days (13 from 1900 to 2100)"
        );
        out.push(self.finding(meta, *start, *end, &text[*start..*end], detail));
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{checker, run};
    use crate::calendar::CalendarSetting;
    use crate::tokenize::paragraphs;

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
            "The Congress was held from May 13 to June 1 (April 30 to May 19, o. s.), 1907.",
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
}
