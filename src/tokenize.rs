//! The tokenizer shared by every word-level rule and by the corpus statistics.
//!
//! A token is a maximal run of letters and digits, joined across an apostrophe (`'` or `’`) or
//! a hyphen that stands between two alphanumerics (`Koba’s`, `courts-martial`). Brackets and
//! punctuation are never part of a token; rules look at the neighbouring characters themselves.

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters only (with inner apostrophes or hyphens).
    Word,
    /// Digits only.
    Number,
    /// Digits and letters mixed (`188i`, `2nd`, `l907`).
    Mixed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

impl Token {
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

#[inline]
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// Iterates over the tokens of `text`, in order.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, pos: 0 }
}

pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut i = self.pos;
        // Skip to the start of a token.
        loop {
            if i >= len {
                self.pos = len;
                return None;
            }
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
                // Runs of ASCII spaces and punctuation, without going round the outer loop.
                while i < len && bytes[i] < 0x80 && !bytes[i].is_ascii_alphanumeric() {
                    i += 1;
                }
            } else {
                let c = self.text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        let start = i;
        let mut letters = false;
        let mut digits = false;
        loop {
            if i >= len {
                break;
            }
            let b = bytes[i];
            // ASCII letters and digits: the common case, decided without decoding.
            if b.is_ascii_alphabetic() {
                letters = true;
                i += 1;
                continue;
            }
            if b.is_ascii_digit() {
                digits = true;
                i += 1;
                continue;
            }
            let (c, w) = if b < 0x80 {
                (b as char, 1)
            } else {
                let c = self.text[i..].chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            };
            if c.is_ascii_digit() {
                digits = true;
                i += w;
            } else if c.is_alphanumeric() {
                if c.is_numeric() {
                    digits = true;
                } else {
                    letters = true;
                }
                i += w;
            } else if is_joiner(c) && i > start {
                // Join only between two alphanumerics.
                let next = self.text[i + w..].chars().next();
                if next.is_some_and(|n| n.is_alphanumeric()) {
                    i += w;
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        self.pos = i;
        let kind = match (letters, digits) {
            (true, false) => TokenKind::Word,
            (false, true) => TokenKind::Number,
            _ => TokenKind::Mixed,
        };
        Some(Token { start, end: i, kind })
    }
}

/// Is `at` the start of a token (no letter or digit before it, nor a joiner that joins one)?
pub fn is_word_boundary_before(text: &str, at: usize) -> bool {
    let mut it = text[..at].chars().rev();
    match it.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if is_joiner(c) => !it.next().is_some_and(|p| p.is_alphanumeric()),
        Some(_) => true,
    }
}

/// Is `at` the end of a token (no letter or digit after it, nor a joiner that joins one)?
pub fn is_word_boundary_after(text: &str, at: usize) -> bool {
    let mut it = text[at..].chars();
    match it.next() {
        None => true,
        Some(c) if c.is_alphanumeric() => false,
        Some(c) if is_joiner(c) => !it.next().is_some_and(|n| n.is_alphanumeric()),
        Some(_) => true,
    }
}

/// Calls `f` with `s` in lower case, without allocating for a short ASCII word (the common
/// case on the hot path of a check).
pub fn with_lowercase<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    const N: usize = 48;
    if s.len() <= N && s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(s);
        }
        let mut buf = [0u8; N];
        let b = &mut buf[..s.len()];
        b.copy_from_slice(s.as_bytes());
        b.make_ascii_lowercase();
        // ASCII in, ASCII out
        return f(std::str::from_utf8(b).unwrap_or(s));
    }
    f(&s.to_lowercase())
}

/// Re-cases `replacement` after the case pattern of `original`: `Tbe`→`The`, `TBE`→`THE`.
pub fn match_case(original: &str, replacement: &str) -> String {
    let mut letters = original.chars().filter(|c| c.is_alphabetic());
    let first = letters.next();
    let rest_upper = original.chars().filter(|c| c.is_alphabetic()).count() > 1
        && original.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    if rest_upper {
        return replacement.to_uppercase();
    }
    if first.is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(f) => f.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

/// Paragraphs: byte ranges of text separated by one or more blank lines.
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let blank = content.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                out.push((s, last_end));
            }
        } else {
            if start.is_none() {
                start = Some(pos);
            }
            last_end = pos + content.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push((s, last_end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokens(s).map(|t| t.text(s)).collect()
    }

    #[test]
    fn joins_apostrophes_and_hyphens() {
        assert_eq!(
            words("Koba’s courts-martial, ’nineties [19071 188i."),
            vec!["Koba’s", "courts-martial", "nineties", "19071", "188i"]
        );
        assert_eq!(words("end- of it's -x"), vec!["end", "of", "it's", "x"]);
    }

    #[test]
    fn kinds() {
        let k: Vec<TokenKind> = tokens("abc 123 12a").map(|t| t.kind).collect();
        assert_eq!(k, vec![TokenKind::Word, TokenKind::Number, TokenKind::Mixed]);
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(match_case("Tbe", "the"), "The");
        assert_eq!(match_case("TBE", "the"), "THE");
        assert_eq!(match_case("tbe", "the"), "the");
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let t = "a b\nc\n\n\r\nd\r\n";
        let p = paragraphs(t);
        assert_eq!(p.iter().map(|&(s, e)| &t[s..e]).collect::<Vec<_>>(), vec!["a b\nc", "d"]);
    }
}
