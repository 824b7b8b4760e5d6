//! `digit-in-word`: a digit read for a letter inside a word (`bro1ught`, `Witn6ss`), not a
//! number with a unit (`10th`, `8vo`) nor a code (`B12`).

use super::LexiconCheck;
use crate::finding::{Finding, Fix};
use crate::rule_kinds::rule::RuleMeta;
use crate::text::Case;
use crate::tokenize::{match_case, Token};
use crate::tuning::{CORPUS_ACCEPT, LEADING_DIGIT_MAX_LETTERS, MAX_DIGITS_IN_WORD};

/// Ordinals and units written with digits (`1st`, `10th`, `8vo`, `10s`, `6d`, `5ft`).
pub(super) fn is_number_with_unit(s: &str) -> bool {
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    let rest = &s[digits..];
    UNITS.contains(&rest.to_ascii_lowercase().as_str())
}

/// A time of day run together (`7a.m.`, `11p.m.`): the token and the text after it.
pub(super) fn is_time(s: &str, after: &str) -> bool {
    let digits = s.bytes().take_while(|b| b.is_ascii_digit()).count();
    (1..=2).contains(&digits) && matches!(&s[digits..], "a" | "p" | "A" | "P") && (after.starts_with(".m") || after.starts_with(".M"))
}

/// Ordinal endings and units written after a number.
const UNITS: &[&str] = &[
    "st", "nd", "rd", "th", "d", "s", "l", "lb", "lbs", "ft", "in", "yd", "yds", "mm", "cm", "km", "m", "am", "pm", "vo", "to", "mo", "h",
    "hp", "kg", "g", "oz", "k", "ins", "mi", "deg", "min", "ths", "sec", "hrs", "cwt", "qr", "qrs", "dwt",
];

impl LexiconCheck {
    /// A digit read for a letter inside a word (`bro1ught`, `Witn6ss`), reported with the word
    /// the digits stand for.
    /// In proofread text (not `noisy`) a fix is offered only for a word with one digit: a word
    /// with more digits there is mostly a code or a table cell.
    pub(super) fn digit_in_word(&self, t: &Token, s: &str, meta: &RuleMeta, noisy: bool, out: &mut Vec<Finding>) {
        if is_number_with_unit(s) || s.contains('-') {
            return;
        }
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
        let p = &self.prepared;
        // `1` read for `l` anywhere in a word (`1ittle`, `a11`, `wi11`): the word with `l` is a
        // word. Not a footnote number after a word (`see1`), which is one digit after a word.
        if digits >= 1 && letters >= 1 && s.chars().count() >= 3 && s.chars().all(|c| c.is_alphabetic() || c == '1') {
            let with_l = s.replace('1', "l");
            let marker = digits == 1 && s.ends_with('1') && p.in_dict(&s[..s.len() - 1].to_lowercase(), Case::Lower);
            if !marker && p.in_dict(&with_l.to_lowercase(), Case::Lower) {
                let message = meta.message.replace("{found}", s).replace("{fix}", &with_l);
                let f = Finding::new(&meta.id, meta.severity, t.start, t.end, message)
                    .with_fix(Fix::replace(t.start, t.end, with_l.clone(), meta.applicability(false)))
                    .with_suggestions(vec![with_l]);
                out.push(f);
                return;
            }
        }
        // A word with a digit in it (`bro1ught`, `Witn6ss`), not a number with a letter (the
        // number rules judge those) nor a code (`B12`, `A4`), nor a word with a number run on
        // (`articles1.`, a footnote or list number), nor units (`47deg`, `20min`).
        if letters < 1 || digits > letters.max(1) || digits > MAX_DIGITS_IN_WORD {
            return;
        }
        let chars: Vec<char> = s.chars().collect();
        let inner_digit = chars
            .windows(3)
            .any(|w| w[0].is_alphabetic() && w[1].is_ascii_digit() && (w[2].is_alphabetic() || w[2].is_ascii_digit()))
            && chars.last().is_some_and(|c| c.is_alphabetic());
        let leading_digit =
            chars[0].is_ascii_digit() && chars.iter().skip(1).all(|c| c.is_alphabetic()) && letters <= LEADING_DIGIT_MAX_LETTERS;
        if !inner_digit && !leading_digit {
            return;
        }
        // Map the digits back to the letters they resemble and look for a word.
        let mapped: String = s
            .chars()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'l',
                '5' => 's',
                '6' => 'b',
                '8' => 'b',
                '9' => 'g',
                '4' => 'a',
                '3' => 'e',
                '7' => 't',
                '2' => 'z',
                c => c,
            })
            .collect();
        let lower = mapped.to_lowercase();
        let mut suggestions = Vec::new();
        let alt: String = lower.replace('l', "i");
        for cand in [lower.clone(), lower.replace('1', "i"), alt] {
            if p.in_dict(&cand, Case::Lower) || p.corpus_count(&cand) >= CORPUS_ACCEPT {
                suggestions.push(match_case(s, &cand));
                break;
            }
        }
        if suggestions.is_empty() {
            // A number and a letter or two whose digits read as no word is a numbered item in
            // a proofread text (`9a`, `No. 204b`, `2e partie`), not a digit dropped into `a`.
            if leading_digit && letters <= 2 && !noisy {
                return;
            }
            // A digit dropped in (`bro1ught`): try deleting each digit.
            let del: String = s.chars().filter(|c| !c.is_ascii_digit()).collect();
            if p.in_dict(&del.to_lowercase(), Case::Lower) {
                suggestions.push(del);
            }
        }
        let message = meta
            .message
            .replace("{found}", s)
            .replace("{fix}", suggestions.first().map(String::as_str).unwrap_or("?"));
        let mut f = Finding::new(&meta.id, meta.severity, t.start, t.end, message);
        let offers_fix = noisy || digits == 1;
        if let Some(best) = suggestions.first().filter(|_| offers_fix) {
            f = f.with_fix(Fix::replace(t.start, t.end, best.clone(), meta.applicability(false)));
        }
        f.suggestions = suggestions;
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_units() {
        assert!(is_number_with_unit("10th"));
        assert!(is_number_with_unit("8vo"));
        assert!(!is_number_with_unit("bro1ught"));
        assert!(is_time("7a", ".m. and"));
        assert!(is_time("11p", ".m."));
        assert!(!is_time("7a", " man"));
    }
}
