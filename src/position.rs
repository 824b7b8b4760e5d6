//! Line and column of many byte offsets in one forward pass.
//!
//! Counting the characters from the line start for each finding is quadratic on a document
//! that is one enormous line (a whole newspaper issue often is): a million findings on a
//! 100 MB line would count 10^14 characters. Here the offsets are sorted once and a cursor
//! moves forward through the text, so resolving k offsets costs O(n + k log k).

use crate::document::LineIndex;
use crate::finding::{Finding, Position};

/// A cursor that turns byte offsets, given in non-decreasing order, into 1-based (line,
/// column-in-characters) pairs.
pub struct Cursor<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    line: usize,
    byte: usize,
    col: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, lines: &'a LineIndex) -> Cursor<'a> {
        Cursor {
            text,
            lines,
            line: 1,
            byte: 0,
            col: 1,
        }
    }

    /// The position of `offset` (clamped to the text, moved back to a character boundary).
    /// Offsets before the previous one are resolved from their line start.
    pub fn at(&mut self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset);
        if line != self.line || offset < self.byte {
            self.line = line;
            self.byte = self.lines.line_start(line);
            self.col = 1;
        }
        self.col += count_chars(&self.text.as_bytes()[self.byte..offset]);
        self.byte = offset;
        (self.line, self.col)
    }
}

/// Characters in a slice of valid UTF-8: bytes that do not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Fills in `position` of every finding, in one forward pass over `text`.
pub fn resolve(text: &str, lines: &LineIndex, findings: &mut [Finding]) {
    // (offset, finding index, is end)
    let mut offsets: Vec<(usize, usize, bool)> = Vec::with_capacity(findings.len() * 2);
    for (i, f) in findings.iter().enumerate() {
        offsets.push((f.start, i, false));
        offsets.push((f.end, i, true));
    }
    offsets.sort_unstable();
    let mut cursor = Cursor::new(text, lines);
    for (offset, i, is_end) in offsets {
        let (line, col) = cursor.at(offset);
        let p: &mut Position = &mut findings[i].position;
        if is_end {
            p.end_line = line;
            p.end_column = col;
        } else {
            p.line = line;
            p.column = col;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn cursor_agrees_with_line_col(text in "[ab\u{e9}\u{1F600}\r\n]{0,60}", mut offsets in proptest::collection::vec(0usize..70, 0..20)) {
            let idx = LineIndex::new(&text);
            offsets.sort();
            let mut c = Cursor::new(&text, &idx);
            for o in offsets {
                prop_assert_eq!(c.at(o), idx.line_col(&text, o));
            }
        }
    }
}
