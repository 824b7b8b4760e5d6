//! Text helpers shared by the corpus statistics and the rule kinds, one definition each: case
//! folding, where a sentence starts, word classes, and a word's neighbours. A rule kind that
//! needs one of these reads it here, never from another kind.

use crate::tokenize::{Token, TokenKind};

// ----- case folding -----

/// Folds one lower-case letter with a diacritic to its base letter(s).
fn fold_char(c: char, out: &mut String) {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ĕ' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ĭ' => "i",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ŏ' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' | 'ŭ' => "u",
        'ý' | 'ÿ' => "y",
        'ś' | 'š' | 'ş' | 'ŝ' => "s",
        'ź' | 'ž' | 'ż' => "z",
        'ł' => "l",
        'ř' | 'ŕ' => "r",
        'ť' | 'ţ' => "t",
        'ğ' | 'ĝ' | 'ģ' => "g",
        'ķ' => "k",
        'ļ' | 'ľ' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(base);
}

/// Lower case with diacritics removed: `Kotè` → `kote`, `régime` → `regime`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            if l.is_ascii() {
                out.push(l);
            } else if !is_combining(l) {
                fold_char(l, &mut out);
            }
        }
    }
    out
}

/// A combining diacritical mark (U+0300–U+036F), dropped by `fold`.
fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F)
}

// ----- word classes -----

/// An apostrophe or a mark transcriptions use for one (`'`, `’`, `ʼ`, `ʹ`, `ʺ`, `` ` ``, `‘`).
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | 'ʹ' | 'ʺ' | '`' | '‘')
}

/// Does the word begin with a capital letter?
pub fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The case pattern of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// No capital (`word`; a form without letters too).
    Lower,
    /// A capital, then lower case (`Word`; a single capital too).
    Title,
    /// Capitals only, two letters or more (`WORD`).
    Upper,
    /// Anything else (`wOrd`, `McLeod`).
    Mixed,
}

/// The case pattern of a word (letters only are looked at).
pub fn case_of(s: &str) -> Case {
    if s.is_ascii() {
        let mut letters = s.bytes().filter(u8::is_ascii_alphabetic);
        let Some(first) = letters.next() else { return Case::Lower };
        let (mut upper, mut lower, mut rest) = (0usize, 0usize, 0usize);
        for b in letters {
            rest += 1;
            if b.is_ascii_uppercase() {
                upper += 1;
            } else {
                lower += 1;
            }
        }
        return classify_case(first.is_ascii_uppercase(), upper, lower, rest);
    }
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else { return Case::Lower };
    let (mut upper, mut lower, mut rest) = (0usize, 0usize, 0usize);
    for c in letters {
        rest += 1;
        if c.is_uppercase() {
            upper += 1;
        }
        if c.is_lowercase() {
            lower += 1;
        }
    }
    classify_case(first.is_uppercase(), upper, lower, rest)
}

/// The case pattern of a word from its first letter and the counts of the others.
fn classify_case(first_upper: bool, upper: usize, lower: usize, rest: usize) -> Case {
    if first_upper {
        if upper == rest && rest > 0 {
            Case::Upper
        } else if lower == rest {
            Case::Title
        } else {
            Case::Mixed
        }
    } else if lower == rest {
        Case::Lower
    } else {
        Case::Mixed
    }
}

/// `case_of(s) == Case::Lower`, in one pass over an ASCII form (no capital anywhere). (A
/// capital A–Z anywhere makes any form other than lower case.)
pub fn is_lower(s: &str) -> bool {
    for b in s.bytes() {
        if b.is_ascii_uppercase() {
            return false;
        }
        if !b.is_ascii() {
            return case_of(s) == Case::Lower;
        }
    }
    true
}

// ----- sentences -----
//
// Two definitions of "this word starts a sentence" are in use, and they differ on purpose of
// their readers (making them one would change findings):
// - `starts_sentence` is the corpus statistics' count of capitalised forms at a sentence start
//   (a form that only ever starts sentences is a word, not a name). Any full stop ends a
//   sentence, even after `Mr` or an initial, and closing quotes and dashes are looked through
//   (`end.” The`, `so — Then`).
// - `starts_sentence_not_after_abbreviation` is the lexicon's test of a capitalised misreading
//   of a common word (`Tlie`): there `Mr. Laing` or `J. Smith` must not make a name look
//   sentence-initial, so a full stop after a title or an initial does not count, and a closing
//   quote or an en dash before the word says it is not at a start.

/// Does the word at `at` start a sentence: nothing before it but opening quotes and brackets
/// since the start of the text, a blank line, or a `.`, `!`, `?`, `:` or `…` (closing quotes,
/// dashes and spaces between)? (See the note above on the two definitions.)
pub fn starts_sentence(text: &str, at: usize) -> bool {
    let mut newlines = 0;
    for c in text[..at].chars().rev() {
        match c {
            '\n' => {
                newlines += 1;
                if newlines >= 2 {
                    return true;
                }
            }
            ' ' | '\t' | '\r' | '“' | '‘' | '"' | '\'' | '(' | '[' | '”' | '’' | '—' | '–' => {}
            '.' | '!' | '?' | ':' | '…' => return true,
            _ => return false,
        }
    }
    true
}

/// Titles and abbreviations a full stop follows inside a sentence (`Mr. Laing`, `No. 4`).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "St", "Messrs", "Rev", "Capt", "Col", "Gen", "Lieut", "Sgt", "Pte", "Ptes", "Esq", "Co", "No", "Vol", "p",
    "pp", "Hon", "Prof", "Mt", "Ft", "Jr", "Sr", "Wm", "Jas", "Chas", "Geo", "Thos", "Jno", "Jos",
];

/// Is the token at `start` at the start of a sentence: after `!`, `?`, `:`, `…`, a full stop
/// that does not follow a title or an initial (`Mr. Laing`, `J. Smith`), a paragraph break or
/// the start of the text, with only spaces, opening quotes, brackets and em dashes between? (See
/// the note above on the two definitions.)
pub fn starts_sentence_not_after_abbreviation(text: &str, start: usize) -> bool {
    let before = &text[..start];
    for (i, c) in before.char_indices().rev() {
        if c.is_whitespace() || matches!(c, '“' | '‘' | '"' | '\'' | '(' | '[' | '—') {
            if c == '\n' && before[..i].trim_end_matches([' ', '\t', '\r', '“', '‘', '"', '(']).ends_with('\n') {
                return true;
            }
            continue;
        }
        if matches!(c, '!' | '?' | ':' | '…') {
            return true;
        }
        if c == '.' {
            let word: String = before[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let abbrev = word.chars().count() == 1 || ABBREVIATIONS.contains(&word.as_str());
            return !abbrev;
        }
        return false;
    }
    true
}

// ----- neighbours -----

/// The lower-case word token right before (`before`) or after token `i`, if only spaces,
/// tabs and line breaks separate them.
pub fn spaced_neighbour(text: &str, tokens: &[Token], i: usize, before: bool) -> Option<String> {
    let (a, b) = if before {
        if i == 0 {
            return None;
        }
        (tokens[i - 1], tokens[i])
    } else {
        if i + 1 >= tokens.len() {
            return None;
        }
        (tokens[i], tokens[i + 1])
    };
    if !text[a.end..b.start].bytes().all(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t')) {
        return None;
    }
    let other = if before { a } else { b };
    (other.kind == TokenKind::Word).then(|| other.text(text).to_lowercase())
}

/// `once`, `2 times`, … (how often the corpus writes a form, in the messages).
pub fn times(n: u64) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}

/// The form of a word that the lexicon is asked about: lower case, typewriter apostrophe,
/// round s for the long s.
pub fn normalise(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.to_lowercase().replace('’', "'").replace('ſ', "s")
}

/// `a` and `b` differ only by an inflection (`value`/`values`, `walk`/`walked`).
pub fn is_inflection_of(a: &str, b: &str) -> bool {
    let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match l.strip_prefix(s) {
        Some(rest) => matches!(rest, "s" | "es" | "ed" | "d" | "ing" | "y" | "'s" | "’s" | "er" | "ly"),
        None => false,
    }
}

/// `1 file`, `2 files`; `1 entry`, `2 entries`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("{n} {word}");
    }
    match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections_are_not_corrections() {
        assert!(is_inflection_of("value", "values"));
        assert!(is_inflection_of("walked", "walk"));
        assert!(!is_inflection_of("valnes", "values"));
    }

    #[test]
    fn folding_drops_diacritics_and_case() {
        assert_eq!(fold("Kotè"), "kote");
        assert_eq!(fold("régime"), "regime");
        assert_eq!(fold("Straße"), "strasse");
        // (a combining accent is dropped)
        assert_eq!(fold("e\u{301}lite"), "elite");
    }

    #[test]
    fn cases() {
        assert_eq!(case_of("abc"), Case::Lower);
        assert_eq!(case_of("Abc"), Case::Title);
        assert_eq!(case_of("ABC"), Case::Upper);
        assert_eq!(case_of("aBc"), Case::Mixed);
        assert!(is_capitalised("Élan") && !is_capitalised("élan") && !is_capitalised(""));
    }

    proptest::proptest! {
        /// The one-pass lower-case test agrees with `case_of`, ASCII or not.
        #[test]
        fn is_lower_is_case_of_lower(s in "[aBzZéÉßſ'’-]{0,8}") {
            proptest::prop_assert_eq!(is_lower(&s), case_of(&s) == Case::Lower, "{}", s);
        }
    }

    /// The two definitions of a sentence start agree on the plain cases and differ where their
    /// doc comments say.
    #[test]
    fn the_two_sentence_starts() {
        let both = |text: &str, word: &str| {
            let at = text.find(word).expect("the word is in the text");
            (starts_sentence(text, at), starts_sentence_not_after_abbreviation(text, at))
        };
        assert_eq!(both("The end. Then", "Then"), (true, true));
        assert_eq!(both("Then", "Then"), (true, true));
        assert_eq!(both("one\n\n“Then", "Then"), (true, true));
        assert_eq!(both("and Then", "Then"), (false, false));
        assert_eq!(both("Where? Then", "Then"), (true, true));
        // A title or an initial: a sentence start to the corpus counts only.
        assert_eq!(both("saw Mr. Laing", "Laing"), (true, false));
        assert_eq!(both("saw J. Smith", "Smith"), (true, false));
        // A closing quote or an en dash is looked through by the corpus counts only.
        assert_eq!(both("he said.” Then", "Then"), (true, false));
        assert_eq!(both("end. – Then", "Then"), (true, false));
    }

    #[test]
    fn neighbours_across_spaces_only() {
        let text = "of the, cat  sat";
        let toks: Vec<Token> = crate::tokenize::tokens(text).collect();
        assert_eq!(spaced_neighbour(text, &toks, 1, true).as_deref(), Some("of"));
        assert_eq!(spaced_neighbour(text, &toks, 1, false), None);
        assert_eq!(spaced_neighbour(text, &toks, 2, false).as_deref(), Some("sat"));
        assert_eq!(spaced_neighbour(text, &toks, 0, true), None);
        assert_eq!(spaced_neighbour(text, &toks, 3, false), None);
    }

    #[test]
    fn counts_in_words() {
        assert_eq!(times(1), "once");
        assert_eq!(times(3), "3 times");
    }
}
