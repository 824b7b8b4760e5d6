//! Finding and parsing the dates of a text: the written date and the date expression (one
//! date, or an Old/New Style pair), the month prefilter that passes over paragraphs without a
//! month, and the years carried to a date written without one.

use super::date::{Parser, WrittenDate, YearSource};
use super::lex::{lex, month_of};
use crate::calendar::{to_jdn, Calendar, Ymd};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::paragraphs;

    fn parse(text: &str) -> Vec<DateExpr> {
        DateParser::new().parse(text, &paragraphs(text))
    }

    fn md(d: &WrittenDate) -> (u32, u32, Option<i32>) {
        (d.month, d.day, d.year)
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
    }
}
