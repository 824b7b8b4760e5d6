//! The words of dates: the text cut into atoms (words, numbers, ordinals, marks), the ordinal
//! words of days (`twelfth`, `twenty-fourth`, OCR `lst`), and the names of months and weekdays.

use crate::calendar::{MONTH_NAMES, WEEKDAYS};

/// What an atom is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Word,
    Num,
    /// A number with an ordinal suffix (`25th`).
    Ord,
    Punct(char),
    Other,
}

/// A word, a number or a mark of the text, with its byte span and (for a number) its value.
#[derive(Clone, Copy, Debug)]
pub(super) struct Atom {
    pub(super) kind: Kind,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) val: u32,
}

/// The atoms of `text[from..to]` (whitespace separates; a digit run takes its letters along).
pub(super) fn lex(text: &str, from: usize, to: usize) -> Vec<Atom> {
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

pub(super) fn unit_ordinal(w: &str) -> Option<u32> {
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

/// The suffix of a numeric ordinal (`1st`, `22nd`, `13th`).
pub fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// A month name or abbreviation in title case or capitals: (month, is an abbreviation).
pub(super) fn month_of(word: &str) -> Option<(u32, bool)> {
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

/// A weekday name as written or in capitals: 0 = Sunday.
pub(super) fn weekday_of(word: &str) -> Option<usize> {
    // (as written, or in capitals)
    WEEKDAYS
        .iter()
        .position(|d| *d == word || (d.len() == word.len() && d.bytes().zip(word.bytes()).all(|(a, b)| a.to_ascii_uppercase() == b)))
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
