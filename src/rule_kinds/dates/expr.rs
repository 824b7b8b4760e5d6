//! Date expressions: what may follow a date — an Old/New Style pair (`9 (22) January 1905`,
//! `January 9/22, 1905`, `Oct. 25 (Nov. 7), 1917`, `December 31, 1917/January 13, 1918`), a
//! range with its pair (`May 13 to June 1 (April 30 to May 19, o. s.)`), a marker, a shared year.

use super::date::{or_at, Day, Parser, WrittenDate, YearSource};
use super::parse::DateExpr;
use crate::calendar::Calendar;

impl Parser<'_> {
    /// The bracket that closes one opening at atom `k` (`(` or `[`).
    fn closing(&self, k: usize) -> Option<char> {
        if self.is_punct(k, '(') {
            Some(')')
        } else if self.is_punct(k, '[') {
            Some(']')
        } else {
            None
        }
    }

    /// Two days of one month (`9 (22) January`, `January 9/22`): `first`, and the second
    /// member made of the day `d2` at atom `at`; both take `year`, written once for the two.
    fn day_pair(&self, mut first: WrittenDate, d2: &Day, at: usize, year: Option<i32>) -> (WrittenDate, WrittenDate) {
        let mut second = self.date(d2.start, d2.end, first.month, d2, year, at);
        second.weekday = None;
        first.year = year;
        first.year_source = if year.is_some() { YearSource::Shared } else { YearSource::Unknown };
        second.year_source = first.year_source;
        (first, second)
    }

    /// A date expression at `i`: the expressions found and the next atom.
    pub(super) fn expr(&self, i: usize) -> Option<(Vec<DateExpr>, usize)> {
        // D (D2) M [Y] and D/D2 M [Y]
        if let Some(d1) = self.numeric_day(i) {
            let k = d1.next;
            let close = self.closing(k);
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
                        let (y, k4) = or_at(self.trailing_year(k3), k3);
                        let end = self.atoms[k4 - 1].end;
                        let first = self.date(d1.start, self.atoms[k3 - 1].end, m, &d1, y, i);
                        let (first, second) = self.day_pair(first, &d2, k + 1, y);
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
    pub(super) fn tail(&self, first: WrittenDate, k: usize, has_year: bool, i: usize) -> Option<(Vec<DateExpr>, usize)> {
        // DATE/DATE  and  M D/D2, Y
        if self.is_punct(k, '/') {
            if let Some((second, k2)) = self.single(k + 1, true) {
                let start = first.start;
                let end = second.end;
                return Some((vec![pair(first, second, None, start, end)], k2));
            }
            if !has_year && self.adjacent(k) && self.adjacent(k + 1) {
                if let Some(d2) = self.numeric_day(k + 1) {
                    let (y, k3) = or_at(self.trailing_year(d2.next), d2.next);
                    let (first, second) = self.day_pair(first, &d2, k + 1, y);
                    let (start, end) = (first.start, self.atoms[k3 - 1].end);
                    return Some((vec![pair(first, second, None, start, end)], k3));
                }
            }
        }
        // DATE (DATE2 [, marker]) [, Y]  and  DATE (o.s.)
        if let Some(close) = self.closing(k) {
            if let Some((second, k2)) = self.member(k + 1, first.month) {
                let (marker, k3) = or_at(self.inner_marker(k2), k2);
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
                if let Some(close) = self.closing(k2) {
                    if let Some((second, k3)) = self.member(k2 + 1, first.month) {
                        if self.is_range_joiner(k3) {
                            if let Some((second_b, k4)) = self.member(k3 + 1, second.month) {
                                let (marker, k5) = or_at(self.inner_marker(k4), k4);
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
                share_years(&mut first, &mut first_b);
                return Some((vec![DateExpr::Single(first), DateExpr::Single(first_b)], k2));
            }
        }
        // DATE, O.S.
        if let Some((cal, k2)) = self.inner_marker(k) {
            return Some(self.finish_single(first, Some(cal), k2));
        }
        None
    }

    pub(super) fn finish_single(&self, mut d: WrittenDate, cal: Option<Calendar>, next: usize) -> (Vec<DateExpr>, usize) {
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

    pub(super) fn finish_pair(
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

/// A member without a year takes its partner's.
fn share_years(a: &mut WrittenDate, b: &mut WrittenDate) {
    if a.year.is_none() && b.year.is_some() {
        a.year = b.year;
        a.year_source = YearSource::Shared;
    }
    if b.year.is_none() && a.year.is_some() {
        b.year = a.year;
        b.year_source = YearSource::Shared;
    }
}

fn pair(mut first: WrittenDate, mut second: WrittenDate, marker: Option<Calendar>, start: usize, end: usize) -> DateExpr {
    if let Some(c) = marker {
        second.calendar = Some(c);
        first.calendar = Some(c.other());
    }
    share_years(&mut first, &mut second);
    DateExpr::Pair {
        first,
        second,
        marker,
        start,
        end,
    }
}
