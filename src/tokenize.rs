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
    Tokens {
        text,
        pos: 0,
        block: usize::MAX,
        masks: BlockMasks::default(),
    }
}

pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    /// The start of the 64-byte block whose masks are in `masks` (`usize::MAX`: none yet).
    block: usize,
    masks: BlockMasks,
}

/// A block of up to 64 bytes of text, one bit a byte: its ASCII letters, its ASCII digits, and
/// the bytes of its tokens (letters, digits and the ASCII joiners between two of them). Kept
/// only for a block of ASCII bytes alone (`ascii`): in any other block a token may hold a
/// letter of many bytes, and it is read character by character.
#[derive(Default, Clone, Copy)]
struct BlockMasks {
    ascii: bool,
    /// The block's length (64 but at the end of the text).
    len: usize,
    letters: u64,
    digits: u64,
    token: u64,
}

/// The kind of a token that has letters, digits, or both.
fn kind_of(letters: bool, digits: bool) -> TokenKind {
    match (letters, digits) {
        (true, false) => TokenKind::Word,
        (false, true) => TokenKind::Number,
        _ => TokenKind::Mixed,
    }
}

/// `x` in every byte of a word.
const fn splat(x: u8) -> u64 {
    (x as u64) * 0x0101_0101_0101_0101
}

/// The high bit of each byte of `flags` (bytes whose test holds have it set), gathered into the
/// low 8 bits: byte `i` to bit `i`. (The multiplier moves byte `i`'s bit to bit 56 + `i`, and
/// no two products overlap: nothing carries.)
fn movemask(flags: u64) -> u64 {
    (((flags >> 7) & splat(1)).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

impl BlockMasks {
    /// The masks of `bytes` (at most 64). Each test is made on eight bytes at once: with every
    /// byte below 0x80, adding a constant below 0x80 to each byte carries into no other byte,
    /// and the sum's high bit says whether the byte reached a bound.
    fn of(bytes: &[u8]) -> BlockMasks {
        let mut m = BlockMasks {
            ascii: true,
            len: bytes.len(),
            ..BlockMasks::default()
        };
        let high = splat(0x80);
        let mut joiners = 0u64;
        for (w, chunk) in bytes.chunks(8).enumerate() {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            let v = u64::from_le_bytes(word);
            if v & high != 0 {
                m.ascii = false;
                return m;
            }
            // letters: `v | 0x20` in `a..=z`
            let folded = v | splat(0x20);
            let letters = folded.wrapping_add(splat(0x80 - b'a')) & !folded.wrapping_add(splat(0x7F - b'z')) & high;
            let digits = v.wrapping_add(splat(0x80 - b'0')) & !v.wrapping_add(splat(0x7F - b'9')) & high;
            // (a byte is not `c` when `byte ^ c` is at least 1)
            let not = |c: u8| (v ^ splat(c)).wrapping_add(splat(0x7F)) & high;
            let joiner = !(not(b'\'') & not(b'-')) & high;
            m.letters |= movemask(letters) << (8 * w);
            m.digits |= movemask(digits) << (8 * w);
            joiners |= movemask(joiner) << (8 * w);
        }
        let alnum = m.letters | m.digits;
        // a joiner between two letters or digits of the block
        m.token = alnum | (joiners & (alnum << 1) & (alnum >> 1));
        m
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    /// In a block of ASCII text, the next token is read from the block's masks: its start is
    /// the first token byte at or after the position (a position is never inside a token), its
    /// end the first byte after it that is none. A token that may run on past its block (its
    /// end is the block's last byte or beyond, which a joiner there may depend on) and any
    /// token in a block with other bytes is read byte by byte (`next_by_bytes`), as is the whole
    /// of a text without the block masks.
    fn next(&mut self) -> Option<Token> {
        let len = self.text.len();
        loop {
            if self.pos >= len {
                self.pos = len;
                return None;
            }
            let b = self.pos & !63;
            if b != self.block {
                self.block = b;
                self.masks = BlockMasks::of(&self.text.as_bytes()[b..len.min(b + 64)]);
            }
            let m = self.masks;
            if !m.ascii {
                return self.next_by_bytes();
            }
            let ahead = m.token & (!0u64 << (self.pos - b));
            if ahead == 0 {
                // no token starts in the rest of the block
                self.pos = b + m.len;
                continue;
            }
            let s = ahead.trailing_zeros() as usize;
            let e = (!m.token & (!0u64 << s)).trailing_zeros() as usize;
            if e + 1 >= m.len {
                return self.next_by_bytes();
            }
            let span = ((1u64 << e) - 1) & (!0u64 << s);
            self.pos = b + e;
            return Some(Token {
                start: b + s,
                end: b + e,
                kind: kind_of(m.letters & span != 0, m.digits & span != 0),
            });
        }
    }
}

impl Tokens<'_> {
    /// The next token, read byte by byte (a character of several bytes decoded).
    fn next_by_bytes(&mut self) -> Option<Token> {
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
        Some(Token {
            start,
            end: i,
            kind: kind_of(letters, digits),
        })
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
    use proptest::prelude::*;

    /// The tokens as read byte by byte alone.
    fn by_bytes(text: &str) -> Vec<Token> {
        let mut t = tokens(text);
        std::iter::from_fn(|| t.next_by_bytes()).collect()
    }

    #[test]
    fn movemask_gathers_each_byte() {
        for bits in 0u32..256 {
            let flags = (0..8).filter(|i| bits & (1 << i) != 0).fold(0u64, |f, i| f | (0x80 << (8 * i)));
            assert_eq!(movemask(flags | splat(0x01)), u64::from(bits));
        }
    }

    #[test]
    fn block_tokens_equal_byte_tokens_at_block_edges() {
        // every token end, joiner and text end at and around the 64-byte edges
        for pad in 55..70 {
            for tail in [
                "ab-cd", "ab'cd", "ab-", "ab--cd", "a1", "12", "x-1", "ab ", "ab’cd", "é", "ab", "-ab", "ab.-cd",
            ] {
                let text = format!("{}{tail} end", "w ".repeat(pad / 2) + &"z".repeat(pad % 2));
                assert_eq!(tokens(&text).collect::<Vec<_>>(), by_bytes(&text), "{text:?}");
                let cut = format!("{}{tail}", "w ".repeat(pad / 2) + &"z".repeat(pad % 2));
                assert_eq!(tokens(&cut).collect::<Vec<_>>(), by_bytes(&cut), "{cut:?}");
            }
        }
    }

    proptest! {
        // The masks of a block read the tokens that reading byte by byte reads, whatever the
        // text (ASCII letters, digits, joiners, punctuation, spaces; letters and marks of
        // several bytes, which send a block to the byte reading).
        #[test]
        fn block_tokens_equal_byte_tokens(text in "([a-zA-Z0-9'\\- .,\n]{0,90}|[a-z0-9'’\\- é.\n]{0,20}|[A-Za-z]{60,70}){1,6}") {
            prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), by_bytes(&text));
        }

        #[test]
        fn block_tokens_equal_byte_tokens_in_any_text(text in "\\PC{0,300}") {
            prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), by_bytes(&text));
        }
    }

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
