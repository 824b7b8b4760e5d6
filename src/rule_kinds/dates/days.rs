//! `impossible` (`February 30`, `April 31`, 29 February of a common year in the date's
//! calendar) and `weekday` (a weekday written before a date that fits the date under neither
//! calendar).

use super::{inferred, ymd_text, DatesCheck, WrittenDate, YearSource};
use crate::calendar::{days_in_month, is_leap, is_valid, to_jdn, weekday, Calendar, Ymd, MONTH_NAMES, WEEKDAYS};
use crate::finding::Finding;
use crate::rule_kinds::rule::RuleMeta;

impl DatesCheck {
    /// The `impossible` check of one date.
    pub(super) fn impossible(&self, meta: &RuleMeta, text: &str, d: &WrittenDate, out: &mut Vec<Finding>) {
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

    /// The `weekday` check of one date; `jdn_by`: the calendar and date to read the weekday
    /// by (a pair's Old Style member), else the date's own calendar or either.
    pub(super) fn weekday_check(
        &self,
        meta: &RuleMeta,
        text: &str,
        d: &WrittenDate,
        jdn_by: Option<(Calendar, Ymd)>,
        out: &mut Vec<Finding>,
    ) {
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
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use crate::calendar::CalendarSetting;

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
}
