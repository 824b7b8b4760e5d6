//! Splitting a large document into segments that are checked in parallel.
//!
//! A single large file (a whole library concatenated, a newspaper run) must still keep every
//! core busy, and the per-document working set (tokens, paragraphs) must not grow with the
//! file. A document longer than [`SPLIT_ABOVE`] bytes is cut into segments of about
//! [`SEGMENT_TARGET`] bytes, each ending just after a blank line, so that no paragraph is
//! split. Each segment is checked as if it were a document of its own, and the findings'
//! offsets are shifted back into the whole document.
//!
//! What this means for rules:
//! - Rules that work within a paragraph (pairs, patterns, words, repeat) see exactly what
//!   they would see unsplit.
//! - Rules that count over the whole document (`consistency`, the majority style) count per
//!   segment: in a file larger than `SPLIT_ABOVE` the majority is judged section by section.
//! - Where a text has no blank line for a long stretch, the cut falls at a line end, and on a
//!   single enormous line after a space (a pattern anchored at a line start may then see a
//!   segment start as one). Such cuts are rare and deterministic: the same input gives the
//!   same segments at any thread count.

use std::ops::Range;

/// Documents longer than this are split.
pub const SPLIT_ABOVE: usize = 3 << 20;
/// The size segments aim at.
pub const SEGMENT_TARGET: usize = 1 << 20;
/// How far past the target a cut may look for a blank line, then a line end.
const LOOKAHEAD: usize = 256 << 10;

/// Splits `text` into consecutive byte ranges covering all of it (one range when the text is
/// no longer than `split_above`). Every range starts and ends on a character boundary.
pub fn segments(text: &str, split_above: usize, target: usize) -> Vec<Range<usize>> {
    let len = text.len();
    if len <= split_above.max(1) {
        return std::iter::once(0..len).collect();
    }
    let target = target.max(1);
    let mut out = Vec::with_capacity(len / target + 1);
    let mut pos = 0;
    while len - pos > target + target / 2 {
        let cut = cut_after(text, pos + target);
        out.push(pos..cut);
        pos = cut;
    }
    if pos < len {
        out.push(pos..len);
    }
    out
}

/// The cut point at or after `want` (and after at least one byte of the segment).
fn cut_after(text: &str, want: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = (want + LOOKAHEAD).min(bytes.len());
    // 1. After a blank line (a line holding only spaces, tabs or a CR).
    let mut first_line_end = None;
    let mut i = want;
    while i < limit {
        let Some(nl) = memchr(b'\n', &bytes[i..limit]) else { break };
        let nl = i + nl;
        first_line_end.get_or_insert(nl + 1);
        let next_start = nl + 1;
        let next_end = memchr(b'\n', &bytes[next_start..limit]).map(|j| next_start + j);
        match next_end {
            Some(e) if bytes[next_start..e].iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r')) => return e + 1,
            Some(_) => i = next_start,
            None => break,
        }
    }
    // 2. After a line end.
    if let Some(e) = first_line_end {
        return e;
    }
    // 3. After a space, else at a character boundary.
    if let Some(sp) = memchr(b' ', &bytes[want..limit]) {
        return want + sp + 1;
    }
    let mut c = want.min(bytes.len());
    while !text.is_char_boundary(c) {
        c += 1;
    }
    c
}

#[inline]
fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check_cover(text: &str, segs: &[Range<usize>]) {
        assert_eq!(segs.first().map(|r| r.start), Some(0));
        assert_eq!(segs.last().map(|r| r.end), Some(text.len()));
        for w in segs.windows(2) {
            assert_eq!(w[0].end, w[1].start);
        }
        for r in segs {
            assert!(r.start < r.end || text.is_empty());
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
    }

    #[test]
    fn cuts_after_blank_lines() {
        let para = "word ".repeat(30) + "\n" + &"more ".repeat(20) + "\n\n";
        let text = para.repeat(100);
        let segs = segments(&text, 1000, 500);
        check_cover(&text, &segs);
        assert!(segs.len() > 3);
        for r in &segs[..segs.len() - 1] {
            assert!(text[..r.end].ends_with("\n\n"), "{r:?}");
        }
    }

    #[test]
    fn falls_back_to_line_ends_and_spaces() {
        let text = "abc def\n".repeat(1000);
        let segs = segments(&text, 100, 50);
        check_cover(&text, &segs);
        assert!(segs[..segs.len() - 1].iter().all(|r| text[..r.end].ends_with('\n')));
        let one_line = "é ab ".repeat(1000);
        let segs = segments(&one_line, 100, 50);
        check_cover(&one_line, &segs);
        let no_space = "é".repeat(1000);
        check_cover(&no_space, &segments(&no_space, 100, 50));
    }

    proptest! {
        #[test]
        fn segments_cover_the_text(text in "[a-cé \n\r\t]{0,400}", above in 1usize..100, target in 1usize..60) {
            let segs = segments(&text, above, target);
            check_cover(&text, &segs);
        }
    }
}
