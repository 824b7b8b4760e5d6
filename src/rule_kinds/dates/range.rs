//! `range`: a year range that ends before it starts (`1937-1908`); the suggestions change one
//! digit by an OCR digit confusion, ranked by how often the corpus writes the year.

use super::DatesCheck;
use crate::finding::Finding;
use crate::rule_kinds::rule::RuleMeta;
use crate::tuning;
use regex::Regex;

/// A range of two four-digit years (1000 to 2099) joined by a hyphen or an en dash.
pub(super) fn year_range() -> Regex {
    Regex::new(r"(?-u:\b)(1[0-9]{3}|20[0-9]{2}) ?[-–] ?(1[0-9]{3}|20[0-9]{2})(?-u:\b)").expect("range regex")
}

impl DatesCheck {
    /// The `range` check of a text.
    pub(super) fn range_check(
        &self,
        meta: &RuleMeta,
        text: &str,
        corpus_years: &std::collections::BTreeMap<u32, u64>,
        out: &mut Vec<Finding>,
    ) {
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
                if y <= yb && yb - y <= tuning::DATES_RANGE_FIX_MAX_YEARS {
                    cands.push((corpus_years.get(&y).copied().unwrap_or(0), yb - y, format!("{v}{sep}{b}")));
                }
            }
            for v in crate::confusion::digit_variants(b, &self.digit_misreadings) {
                let y: u32 = v.parse().unwrap_or(0);
                if y >= ya && y - ya <= tuning::DATES_RANGE_FIX_MAX_YEARS {
                    cands.push((corpus_years.get(&y).copied().unwrap_or(0), y - ya, format!("{a}{sep}{v}")));
                }
            }
            cands.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
            cands.dedup_by(|x, y| x.2 == y.2);
            let detail = format!("the range {a}{sep}{b} ends before it starts");
            let mut f = self.finding(meta, m.start(), m.end(), m.as_str(), detail);
            f.suggestions = cands.into_iter().map(|c| c.2).take(tuning::DATES_RANGE_MAX_SUGGESTIONS).collect();
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::checker;
    use crate::calendar::CalendarSetting;
    use crate::tokenize::paragraphs;

    #[test]
    fn reversed_ranges() {
        let mut out = Vec::new();
        let years = [(1907u32, 5u64)].into_iter().collect();
        let t = "the committee of 1937-1908. Lived 1878-1918.";
        checker(CalendarSetting::Unknown).check_text(t, &paragraphs(t), &years, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].suggestions[0], "1907-1908");
    }
}
