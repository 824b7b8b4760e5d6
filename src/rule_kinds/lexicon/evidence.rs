//! The evidence a token's shape and place give (`non-word` and the other checks read it): a
//! Roman numeral, letters in the wrong case, two words joined or run together, a Latin
//! binomial, a long-s reading, a context that reads a candidate as English, quotation marks, a
//! hyphenation sign, a word broken across a line end.

use super::prepare::Prepared;
use crate::lexicon::{Dictionary, WordClass};
use crate::rule_kinds::facts::ENGLISH_MARKERS as FUNCTION_WORDS;
use crate::rule_kinds::rule::CheckContext;
use crate::text::{case_of, spaced_neighbour, Case};
use crate::tokenize::Token;
use std::sync::OnceLock;

/// A well-formed Roman numeral (`xiv`, `MDCCC`), in the older additive forms too (`dcccc`, the
/// numbering of many old books).
pub(super) fn is_roman(s: &str) -> bool {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"^(?i:m{0,4}(cm|cd|d?c{0,4})(xc|xl|l?x{0,4})(ix|iv|v?i{0,3}))$").expect("valid regex"));
    !s.is_empty() && re.is_match(s)
}

/// Is a word's case no pattern of writing: letters in the wrong case inside it (`vPalue`,
/// `AssizrS`, `MARRtAGES`, `IWoman`), not a name's (`McLeod`, `DeVries`, `O'Brien`), nor two
/// words run together at a capital (`CoventGarden`, `STOKESLEYFirst`, `followsI`)?
///
/// Each piece between hyphens and apostrophes is split at its case changes (`AssizrS` →
/// `Assizr` `S`; `STOKESLEYFirst` → `STOKESLEY` `First`). A piece is regular when it is one
/// part, or when its parts all read as words in one case pattern each (three letters or more,
/// or a known word of two) and the first is a known word or capitalised; a known word of four
/// letters or more followed by one capital is a word run into an initial or a sentence
/// (`chargesA`).
pub(super) fn irregular_case(s: &str, known: impl Fn(&str) -> bool) -> bool {
    const NAME_PREFIXES: &[&str] = &["Mc", "Mac", "Van", "Von", "De", "Di", "Da", "La", "Le", "Du", "Fitz", "O", "Æ", "Œ"];
    s.split(|c: char| !c.is_alphabetic()).any(|piece| {
        let letters: Vec<char> = piece.chars().collect();
        if letters.len() < 3 {
            return false;
        }
        // Its parts: a new part at a lower→upper change, and at the last capital of a capital
        // run that a lower-case letter follows.
        let mut starts = vec![0];
        for i in 1..letters.len() {
            let (prev, cur) = (letters[i - 1], letters[i]);
            let next_lower = letters.get(i + 1).is_some_and(|c| c.is_lowercase());
            if (prev.is_lowercase() && cur.is_uppercase()) || (prev.is_uppercase() && cur.is_uppercase() && next_lower) {
                starts.push(i);
            }
        }
        if starts.len() == 1 {
            return false;
        }
        starts.push(letters.len());
        let parts: Vec<String> = starts.windows(2).map(|w| letters[w[0]..w[1]].iter().collect()).collect();
        if NAME_PREFIXES.contains(&parts[0].as_str()) {
            return false;
        }
        let regular = |p: &str| {
            let mut cs = p.chars();
            let first = cs.next().expect("parts are not empty");
            let n = p.chars().count();
            (n >= 3 || (n == 2 && known(p))) && (cs.clone().all(char::is_lowercase) || (first.is_uppercase() && cs.all(char::is_uppercase)))
        };
        if parts.iter().all(|p| regular(p)) && (parts[0].starts_with(char::is_uppercase) || known(&parts[0])) {
            return false;
        }
        let initial = |p: &str| p.chars().count() == 1 && p.starts_with(char::is_uppercase);
        !(parts.len() == 2 && parts[0].chars().count() >= 4 && initial(&parts[1]) && known(&parts[0]))
    })
}

/// Is a word two known words of three letters or more joined (`coalheaver`, `newsvenders`)?
pub(super) fn joined_words(lower: &str, known: impl Fn(&str) -> bool) -> bool {
    (3..lower.len().saturating_sub(2)).filter(|&k| lower.is_char_boundary(k)).any(|k| {
        let (a, b) = lower.split_at(k);
        known(a) && known(b)
    })
}

/// Is a word the second name of a Latin binomial: after a capitalised word, with a Latin
/// ending (`Loxia bifasciata`, `Passer montanus`)?
pub(super) fn binomial(cx: &CheckContext<'_>, t: &Token, lower: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "us", "um", "a", "ae", "is", "ii", "i", "es", "ensis", "oides", "ata", "ica", "ix", "on",
    ];
    if !ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    let before = cx.text[..t.start].trim_end_matches([' ', '\t', '\n', '\r']);
    let word: &str = &before[before
        .rfind(|c: char| !c.is_alphabetic())
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8))..];
    word.chars().count() >= 3 && case_of(word) == Case::Title
}

/// Two words run together (`onthe`, `daughterof`): the split into two common words, one of them
/// an English function word, that the bigram list attests as a pair (not a word doubled, `ofof`;
/// not a compound of two content words, `printshop`).
pub(super) fn run_together(lower: &str, dict: &Dictionary) -> Option<String> {
    let common = |w: &str| dict.get(w).is_some_and(|e| e.class == WordClass::Common);
    (2..lower.len().saturating_sub(1))
        .filter(|&k| lower.is_char_boundary(k))
        .filter_map(|k| {
            let (a, b) = lower.split_at(k);
            if a == b || !common(a) || !common(b) || !(FUNCTION_WORDS.contains(&a) || FUNCTION_WORDS.contains(&b)) {
                return None;
            }
            let c = dict.bigram(a, b);
            (c > 0).then(|| (c, format!("{a} {b}")))
        })
        .max_by_key(|x| x.0)
        .map(|x| x.1)
}

/// In print with the long s, an `f` that is a misread `ſ`: the word with one `f` read as `s` is
/// known (`faid`, `difcontented`); the reading is given with `ſ`, as the text writes it.
pub(super) fn long_s_reading(lower: &str, known: impl Fn(&str) -> bool) -> Option<String> {
    lower.match_indices('f').find_map(|(i, _)| {
        let with_s = format!("{}s{}", &lower[..i], &lower[i + 1..]);
        known(&with_s).then(|| format!("{}ſ{}", &lower[..i], &lower[i + 1..]))
    })
}

/// Do both neighbours of token `t` (words set off by spaces only) form pairs with `word` that
/// the bigram list attests?
pub(super) fn context_fits(cx: &CheckContext<'_>, t: &Token, word: &str, dict: &Dictionary) -> bool {
    let Ok(i) = cx.tokens.binary_search_by_key(&t.start, |x| x.start) else {
        return false;
    };
    match (
        spaced_neighbour(cx.text, cx.tokens, i, true),
        spaced_neighbour(cx.text, cx.tokens, i, false),
    ) {
        (Some(p), Some(n)) => dict.bigram(&p, word) > 0 && dict.bigram(word, &n) > 0,
        _ => false,
    }
}

/// Is the token alone in quotation marks (“practico,”)?
pub(super) fn is_quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after: String = text[end..].chars().take(2).collect();
    matches!(before, Some('“' | '‘' | '"'))
        && (after.starts_with(['”', '’', '"']) || after.chars().nth(1).is_some_and(|c| matches!(c, '”' | '’' | '"')))
}

/// Is this token a piece of a word broken by a hyphenation sign `¬` (`impor¬ tant`,
/// `gar¬⏎den`)? Transcriptions mark a line-end hyphen with `¬`, in the line or at its end;
/// a piece whose halves do not join into a known word may still be a name or a rare word.
pub(super) fn next_to_hyphenation_sign(text: &str, start: usize, end: usize) -> bool {
    text[end..].starts_with('¬') || text[..start].trim_end_matches([' ', '\t', '\r', '\n']).ends_with('¬')
}

/// Is this token half of a word hyphenated across a line end (`pro-` / `perty`) whose halves
/// joined make a known word?
pub(super) fn hyphenated_at_line_end(text: &str, toks: &[Token], i: usize, p: &Prepared) -> bool {
    let t = toks[i];
    let after = &text[t.end..];
    let joined = |a: &Token, b: &Token| -> bool {
        let w = format!("{}{}", a.text(text), b.text(text)).to_lowercase();
        p.known(&w, Case::Lower) || p.known(&format!("{}-{}", a.text(text), b.text(text)).to_lowercase(), Case::Lower)
    };
    let breaks = |gap: &str| {
        let g = gap.trim_start_matches([' ', '\t']);
        (g.starts_with("-\n") || g.starts_with("-\r\n") || g.starts_with('¬') || g.starts_with('\u{AD}')) && gap.trim().len() <= 3
    };
    if i + 1 < toks.len() && breaks(&after[..toks[i + 1].start - t.end]) && joined(&t, &toks[i + 1]) {
        return true;
    }
    if i > 0 {
        let prev = toks[i - 1];
        if breaks(&text[prev.end..t.start]) && joined(&prev, &t) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        assert!(is_roman("xiv"));
        assert!(is_roman("MDCCC"));
        assert!(is_roman("dccccxcviii"));
        assert!(!is_roman("mixed"));
        assert!(!is_roman("iiii"));
    }

    #[test]
    fn two_known_words_joined() {
        let known = |w: &str| ["coal", "heaver", "news", "venders", "the"].contains(&w);
        assert!(joined_words("coalheaver", known));
        assert!(joined_words("newsvenders", known));
        assert!(!joined_words("harbcaur", known));
        // (parts of three letters or more)
        assert!(!joined_words("thex", known));
    }

    #[test]
    fn letters_in_the_wrong_case() {
        let known = |w: &str| ["charges", "follows", "following", "covent", "garden", "on"].contains(&w.to_lowercase().as_str());
        for w in [
            "vPalue",
            "AssizrS",
            "MARRtAGES",
            "IWoman",
            "eSening",
            "goverDor",
            "RhOBBING",
            "M'VCarthy",
            "JVe",
            "WhAt",
        ] {
            assert!(irregular_case(w, known), "{w}");
        }
        for w in [
            "McLeod",
            "MacDonald",
            "DeVries",
            "O'Brien",
            "CoventGarden",
            "STOKESLEYFirst",
            "chargesA",
            "followsI",
            "Koba",
            "USSR",
            "Ivanovo-Voznesensk",
            "McLACHLAN",
            "OElenschlaeger",
            "followingOn",
        ] {
            assert!(!irregular_case(w, known), "{w}");
        }
    }

    #[test]
    fn words_run_together_and_long_s_readings() {
        let dict = Dictionary::for_language("en").expect("the English lexicon");
        assert_eq!(run_together("onthe", dict).as_deref(), Some("on the"));
        assert_eq!(run_together("daughterof", dict).as_deref(), Some("daughter of"));
        assert_eq!(run_together("ofof", dict), None);
        assert_eq!(run_together("printshop", dict), None);
        assert_eq!(run_together("xqzvkt", dict), None);
        let known = |w: &str| matches!(w, "said" | "discontented");
        assert_eq!(long_s_reading("faid", known).as_deref(), Some("ſaid"));
        assert_eq!(long_s_reading("difcontented", known).as_deref(), Some("diſcontented"));
        assert_eq!(long_s_reading("fable", known), None);
    }
}
