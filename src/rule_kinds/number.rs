//! `[[number]]`: numbers that OCR misread — letters inside numbers (`188i`, `l907`) and years
//! outside the corpus' plausible range that a digit confusion brings back into it (`5907`).
//!
//! ```toml
//! [[number]]
//! id = "ocr/implausible-year"
//! check = "year"               # year | letters
//! message = "`{found}` is not a plausible year here; `{fix}`?"
//! ```
//!
//! The plausible years come from `scanno.toml` (`years = [1850, 1950]`) or, by default, from the
//! corpus' own years: the range that holds all but the rarest 2 % of its four-digit numbers
//! between 1000 and 2100, widened by ten years. Candidates are made with the `num` confusions of
//! the confusion table (`5`→`1`, `3`↔`8`, `i`/`l`→`1`, `O`→`0`, …) and ranked by cost and by
//! how often the corpus uses the candidate year. A four-digit number out of range is reported
//! only when it reads as a year (after a month, a day, `in`, `of`, `since` …, or in brackets)
//! and a cheap confusion gives a year the corpus uses, so counts (`5907 men`) and round numbers
//! are left alone.

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::config::{Config, YearsSetting};
use crate::confusion::Scope;
use crate::corpus::CorpusStats;
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use crate::tokenize::TokenKind;
use crate::tuning;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml_edit::Table;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NumberCheckKind {
    Year,
    Letters,
}

rule_spec! {
    pub struct NumberSpec {
        pub check: NumberCheckKind,
        #[serde(default)]
        pub applicability: Option<Applicability>,
    }
}

pub struct NumberRule {
    meta: RuleMeta,
    kind: NumberCheckKind,
    range: (u32, u32),
    years: BTreeMap<u32, u64>,
    /// Whether the range is the user's own (`years = [a, b]`), not inferred.
    configured: bool,
    /// The confusion table in force (the packs' and the user's).
    confusions: crate::confusion::ConfusionTable,
    /// The letters that may stand for digits inside a number.
    digit_letters: Vec<char>,
    /// Each of those letters with the digits the confusion table reads it as, and their cost
    /// (found once, at load).
    letter_digits: Vec<(char, Vec<(char, f32)>)>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<NumberSpec>(table) else { continue };
        let app = spec.applicability.unwrap_or(Applicability::Unsafe);
        let Some(meta) = cx.meta("number", &spec, Some(app)) else {
            continue;
        };
        let digit_letters = crate::confusion::digit_letters(&cx.config.ocr.confusions);
        let letter_digits = digit_letters
            .iter()
            .map(|&c| {
                let digits = cx
                    .confusions
                    .expand(c.encode_utf8(&mut [0; 4]), Scope::Num, 1, tuning::NUMBER_LETTERS_MAX_COST)
                    .into_iter()
                    .filter_map(|(d, cost)| {
                        let mut it = d.chars();
                        match (it.next(), it.next()) {
                            (Some(d), None) if d.is_ascii_digit() => Some((d, cost)),
                            _ => None,
                        }
                    })
                    .collect();
                (c, digits)
            })
            .collect();
        out.push(Box::new(NumberRule {
            meta,
            kind: spec.check,
            range: (1000, 2100),
            configured: false,
            years: BTreeMap::new(),
            confusions: cx.confusions.clone(),
            digit_letters,
            letter_digits,
        }));
    }
    out
}

/// The plausible range of years: configured, or inferred from the corpus' own years.
pub fn plausible_years(config: &Config, years: &BTreeMap<u32, u64>) -> (u32, u32) {
    if let YearsSetting::Range([a, b]) = config.years {
        return (a, b);
    }
    let in_range: Vec<(u32, u64)> = years
        .iter()
        .filter(|(y, _)| (1000..=2100).contains(*y))
        .map(|(y, n)| (*y, *n))
        .collect();
    let total: u64 = in_range.iter().map(|(_, n)| n).sum();
    if total < tuning::NUMBER_MIN_YEARS_TO_INFER {
        return (1000, 2100);
    }
    let cut = total / tuning::NUMBER_RARE_YEARS_ONE_IN;
    let mut acc = 0;
    let mut lo = in_range[0].0;
    for (y, n) in &in_range {
        acc += n;
        if acc > cut / 2 {
            lo = *y;
            break;
        }
    }
    acc = 0;
    let mut hi = in_range[in_range.len() - 1].0;
    for (y, n) in in_range.iter().rev() {
        acc += n;
        if acc > cut / 2 {
            hi = *y;
            break;
        }
    }
    (
        lo.saturating_sub(tuning::NUMBER_YEAR_MARGIN).max(1000),
        (hi + tuning::NUMBER_YEAR_MARGIN).min(2100),
    )
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const YEAR_WORDS: &[&str] = &[
    "in", "of", "since", "until", "till", "by", "from", "to", "year", "summer", "winter", "spring", "autumn", "about", "before", "after",
    "during", "early", "late",
];

/// The last `n` words of `before`, last first, in lower case.
fn last_words(before: &str, n: usize) -> Vec<String> {
    before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

/// Does the text before a number make it read as a year?
fn reads_as_year(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let trimmed = before.trim_end_matches([' ', ',', '\t']);
    if trimmed.ends_with(['[', '(']) || trimmed.ends_with("o. s.)") || trimmed.ends_with("n. s.)") || trimmed.ends_with(')') {
        return true;
    }
    // the last word, and a month within the last few words
    let words = last_words(trimmed, 4);
    match words.first() {
        Some(w) if YEAR_WORDS.contains(&w.as_str()) || MONTHS.contains(&w.as_str()) => true,
        Some(w) if w.chars().all(|c| c.is_ascii_digit()) && w.len() <= 2 => words.iter().skip(1).any(|w| MONTHS.contains(&w.as_str())),
        _ => words.iter().take(3).any(|w| MONTHS.contains(&w.as_str())),
    }
}

/// A stricter reading of [`reads_as_year`] for a number no reading of which the corpus uses:
/// after `in`, `since`, `until`, `year`, a month, or in brackets (`of 5887` may be a count).
fn reads_surely_as_year(text: &str, start: usize) -> bool {
    let trimmed = text[..start].trim_end_matches([' ', ',', '\t']);
    if trimmed.ends_with(['[', '(']) {
        return true;
    }
    let words = last_words(trimmed, 3);
    let strong = ["in", "since", "until", "till", "year", "during"];
    words.first().is_some_and(|w| strong.contains(&w.as_str())) || words.iter().any(|w| MONTHS.contains(&w.as_str()))
}

impl NumberRule {
    /// Candidate numbers for `token` by digit confusions, ranked: (number, cost, corpus count).
    fn candidates(&self, token: &str) -> Vec<(String, f32, u64)> {
        let mut out: Vec<(String, f32, u64)> = self
            .confusions
            .expand(token, Scope::Num, tuning::NUMBER_MAX_CONFUSIONS, tuning::NUMBER_YEAR_MAX_COST)
            .into_iter()
            .filter(|(s, _)| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .filter_map(|(s, c)| {
                let y: u32 = s.parse().ok()?;
                (self.range.0..=self.range.1)
                    .contains(&y)
                    .then(|| (s, c, self.years.get(&y).copied().unwrap_or(0)))
            })
            .collect();
        // Corpus use first (a year the book uses), then confusion cost.
        out.sort_by(|a, b| {
            let sa = a.1 - tuning::NUMBER_YEAR_USE_WEIGHT * ((a.2 + 1) as f32).ln();
            let sb = b.1 - tuning::NUMBER_YEAR_USE_WEIGHT * ((b.2 + 1) as f32).ln();
            sa.total_cmp(&sb).then_with(|| a.0.cmp(&b.0))
        });
        out.truncate(tuning::NUMBER_YEAR_MAX_SUGGESTIONS);
        out
    }

    /// Ranks the letter-free readings of a number with letters; `true` when the first is the
    /// only possible one. A reading of four digits is a year: the plausible years (configured
    /// or the corpus' own range) come first, by how often the corpus uses them, and the reading
    /// is certain only when exactly one of them is plausible (`1S9S` in a corpus of the 1890s
    /// may be 1895 or 1898: not certain; a year outside the range is never certain). Another
    /// number is never certain.
    fn rank_readings(&self, mut readings: Vec<(String, f32)>, reads_as_a_year: bool) -> (Vec<String>, bool) {
        let year = |r: &str| r.len() == 4 && r.parse::<u32>().is_ok_and(|y| (self.range.0..=self.range.1).contains(&y));
        let used = |r: &str| r.parse::<u32>().ok().and_then(|y| self.years.get(&y).copied()).unwrap_or(0);
        let year_shaped = readings.first().is_some_and(|r| r.0.len() == 4);
        // Years out of range: the nearest to it first (`1S4S` in the 1880s is rather 1848 or
        // 1845 than 1545).
        let distance = |r: &str| match r.parse::<u32>() {
            Ok(y) if r.len() == 4 => self.range.0.saturating_sub(y).max(y.saturating_sub(self.range.1)),
            _ => 0,
        };
        readings.sort_by(|a, b| {
            year(&b.0)
                .cmp(&year(&a.0))
                .then(used(&b.0).cmp(&used(&a.0)))
                .then(distance(&a.0).cmp(&distance(&b.0)))
                .then(a.1.total_cmp(&b.1))
                .then_with(|| a.0.cmp(&b.0))
        });
        // Another number is never certain: `15i.` and `100I.` are shillings and pounds as often
        // as 151 and 1001.
        // Without a range of its own (too few years in the corpus, none configured) every year
        // from 1000 to 2100 is plausible, and no reading of one is certain.
        let range_known = self.configured || self.range != (1000, 2100);
        // And the text must read it as a year (`in 188i`, `May 19O5`, `[l907]`): `£1o00.` is
        // an amount.
        // A round hundred (`1o00`) is an amount as often as a year.
        let certain = year_shaped
            && range_known
            && reads_as_a_year
            && readings.iter().filter(|r| year(&r.0)).count() == 1
            && readings.first().is_some_and(|r| !r.0.ends_with("00"));
        readings.truncate(tuning::NUMBER_LETTERS_MAX_SUGGESTIONS);
        (readings.into_iter().map(|r| r.0).collect(), certain)
    }

    fn year(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for t in cx.tokens.iter().filter(|t| t.kind == TokenKind::Number) {
            let s = t.text(cx.text);
            if s.len() != 4 || s.ends_with("00") {
                continue;
            }
            let Ok(y) = s.parse::<u32>() else { continue };
            if (self.range.0..=self.range.1).contains(&y) || !reads_as_year(cx.text, t.start) {
                continue;
            }
            // not part of a larger number (`5,907`, `59.07`)
            let prev = cx.text[..t.start].chars().next_back();
            if prev.is_some_and(|c| matches!(c, ',' | '.' | '/' | '-'))
                && cx.text[..t.start].chars().rev().nth(1).is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            // Before an era (`4004 B.C.`) a number is no year of this calendar.
            let after = cx.text[t.end..].trim_start_matches([' ', '\u{a0}']);
            if ["B.C", "BC", "B. C", "A.M", "A.U.C", "b.c"].iter().any(|e| after.starts_with(e)) {
                continue;
            }
            let all = self.candidates(s);
            let used: Vec<&(String, f32, u64)> = all.iter().filter(|c| c.2 >= 1).collect();
            // A year the corpus itself uses is the reading. Without one the number is still no
            // year of this text when the range is the user's own, or when no text of the past
            // can mean it (after 2100): reported with the readings in range, if any.
            let cands: Vec<&(String, f32, u64)> = if !used.is_empty() {
                used
            } else if self.configured || (y > 2100 && reads_surely_as_year(cx.text, t.start)) {
                all.iter().collect()
            } else {
                continue;
            };
            let mut f = match cands.first() {
                Some(best) => Finding::new(
                    &self.meta.id,
                    self.meta.severity,
                    t.start,
                    t.end,
                    self.meta.message.replace("{found}", s).replace("{fix}", &best.0),
                )
                .with_fix(Fix::replace(t.start, t.end, best.0.clone(), self.meta.applicability(false))),
                None => Finding::new(
                    &self.meta.id,
                    self.meta.severity,
                    t.start,
                    t.end,
                    format!(
                        "`{s}` is not a plausible year here (the plausible years are {} to {})",
                        self.range.0, self.range.1
                    ),
                ),
            };
            f.suggestions = cands.iter().map(|c| c.0.clone()).collect();
            out.push(f);
        }
    }

    fn letters(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        for t in cx.tokens.iter().filter(|t| t.kind == TokenKind::Mixed) {
            let s = t.text(cx.text);
            if s.len() > 12 {
                continue;
            }
            let digits = s.bytes().filter(|b| b.is_ascii_digit()).count();
            let letters: Vec<char> = s.chars().filter(|c| !c.is_ascii_digit()).collect();
            // Two or more digits and one or two letters that OCR confuses with digits.
            if digits < 2 || letters.is_empty() || letters.len() > 2 || !letters.iter().all(|c| self.digit_letters.contains(c)) {
                continue;
            }
            // A leading letter other than `l`, `I`, `O` makes a code (`B12`, `S20`), not a number.
            let first = s.chars().next().unwrap_or('0');
            if !(first.is_ascii_digit() || ("lIO".contains(first) && digits >= 3)) {
                continue;
            }
            // `100l.` is pounds, not a misread `1001`.
            if s.ends_with('l') && s[..s.len() - 1].bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            // Readings that map each letter to a digit it is confused with and keep the digits
            // as printed (a digit-for-digit confusion on top would be a guess).
            let mut mapped: Vec<(String, f32)> = vec![(String::new(), 0.0)];
            for c in s.chars() {
                let own = [(c, 0.0)];
                let options: &[(char, f32)] = if c.is_ascii_digit() {
                    &own
                } else {
                    self.letter_digits.iter().find(|(l, _)| *l == c).map_or(&[], |(_, d)| d.as_slice())
                };
                mapped = mapped
                    .iter()
                    .flat_map(|(r, cost)| {
                        options.iter().filter_map(move |(d, dc)| {
                            let total = cost + dc;
                            (total <= tuning::NUMBER_LETTERS_MAX_COST).then(|| (format!("{r}{d}"), total))
                        })
                    })
                    .collect();
            }
            let (suggestions, certain) = self.rank_readings(mapped, reads_surely_as_year(cx.text, t.start));
            let fix = suggestions.first().cloned();
            let message = self
                .meta
                .message
                .replace("{found}", s)
                .replace("{fix}", fix.as_deref().unwrap_or("?"));
            let mut f = Finding::new(&self.meta.id, self.meta.severity, t.start, t.end, message);
            if let Some(fx) = fix {
                f = f.with_fix(Fix::replace(t.start, t.end, fx, self.meta.applicability(certain)));
            }
            f.suggestions = suggestions;
            out.push(f);
        }
    }
}

impl Check for NumberRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn needs_corpus(&self) -> bool {
        true
    }

    fn prepare(&mut self, corpus: &CorpusStats, config: &Config) {
        self.range = plausible_years(config, &corpus.years);
        self.configured = matches!(config.years, YearsSetting::Range(_));
        self.years = corpus.years.clone();
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        match self.kind {
            NumberCheckKind::Year => self.year(cx, out),
            NumberCheckKind::Letters => self.letters(cx, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infers_range_from_corpus_years() {
        let mut years = BTreeMap::new();
        for y in 1895..1925 {
            years.insert(y, 10);
        }
        years.insert(5907, 1);
        let cfg = Config::default();
        assert_eq!(plausible_years(&cfg, &years), (1885, 1934));
        let cfg = Config {
            years: YearsSetting::Range([1700, 1800]),
            ..Config::default()
        };
        assert_eq!(plausible_years(&cfg, &years), (1700, 1800));
    }

    #[test]
    fn year_context() {
        assert!(reads_as_year("the congress of May 19, o. s.), ", 32));
        assert!(reads_as_year("It happened in ", 15));
        assert!(reads_as_year("on 12 June ", 11));
        assert!(!reads_as_year("there were ", 11));
    }
}
