//! Applying fixes: choosing non-overlapping edits, splicing them into a document's original
//! bytes (so that nothing outside the edits changes), and re-checking until nothing changes.
//!
//! The file-level work (reading, atomic writing, diffs) lives in `fixer`; this module is pure.

use crate::document::{decode, Document, SourceEncoding};
use crate::finding::{Applicability, Edit, Finding, Fix};

/// The edits made to a text so far, round by round, to find where a place of the text as it is
/// now was in the text as it was first read (for filters by place: changed lines).
#[derive(Debug, Default)]
pub struct Edited {
    /// Each round's edits, sorted, in offsets of the text before that round.
    rounds: Vec<Vec<Edit>>,
}

impl Edited {
    pub fn push(&mut self, edits: &[Edit]) {
        self.rounds.push(edits.to_vec());
    }

    pub fn is_empty(&self) -> bool {
        self.rounds.is_empty()
    }

    /// Where `offset` of the current text was in the original text: text an edit wrote maps to
    /// the edit's place (its start, or its end for `end`).
    pub fn origin(&self, mut offset: usize, end: bool) -> usize {
        for edits in self.rounds.iter().rev() {
            // Walk the edits in order, tracking where each one starts in the newer text.
            let mut shift: isize = 0;
            let mut mapped = None;
            for e in edits {
                let new_start = (e.start as isize + shift) as usize;
                let new_end = new_start + e.replacement.len();
                if offset < new_start {
                    break;
                }
                if offset < new_end {
                    mapped = Some(if end { e.end } else { e.start });
                    break;
                }
                shift += e.replacement.len() as isize - (e.end - e.start) as isize;
            }
            offset = mapped.unwrap_or_else(|| (offset as isize - shift).max(0) as usize);
        }
        offset
    }
}

/// How many fix rounds run on one file before giving up (a fix that keeps producing new fixes).
pub const MAX_ROUNDS: usize = 10;

/// Chooses the edits of the fixes at or above `min`, skipping any fix whose edits overlap an
/// edit already accepted, or that is not valid for `text` (the caller re-checks and retries the
/// skipped ones in a later round). Fixes are taken in order of their first edit, all edits of a
/// fix or none. Returns the accepted edits sorted by position, and the number of fixes accepted
/// and skipped.
pub fn choose_edits<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>, min: Applicability) -> (Vec<Edit>, usize, usize) {
    let mut fixes: Vec<&Fix> = fixes
        .into_iter()
        .filter(|f| f.applicability >= min && !f.edits.is_empty())
        .collect();
    fixes.sort_by_key(|f| f.edits.iter().map(|e| (e.start, e.end)).min());
    let mut accepted = Accepted::default();
    let (mut applied, mut skipped) = (0, 0);
    for fix in fixes {
        let valid = fix.edits.iter().all(|e| valid_edit(text, e)) && !self_overlapping(&fix.edits);
        if !valid || fix.edits.iter().any(|e| accepted.conflicts(e)) {
            skipped += 1;
            continue;
        }
        // A fix that changes nothing is not counted as applied.
        if fix.edits.iter().all(|e| text[e.start..e.end] == e.replacement) {
            continue;
        }
        for e in &fix.edits {
            accepted.spans.insert((e.start, e.end));
        }
        accepted.edits.extend(fix.edits.iter().cloned());
        applied += 1;
    }
    let mut edits = accepted.edits;
    edits.sort();
    (edits, applied, skipped)
}

/// The edits accepted so far, with their spans ordered for the conflict test: a test looks at
/// the few spans that can touch an edit, not at every span (choosing among 200,000 fixes takes
/// time in proportion, not its square).
#[derive(Default)]
struct Accepted {
    edits: Vec<Edit>,
    spans: std::collections::BTreeSet<(usize, usize)>,
}

impl Accepted {
    /// Whether `e` conflicts with an accepted edit ([`overlap`]). The accepted spans do not
    /// conflict with each other, so only those starting inside `e` and those with the last start
    /// before it can reach it.
    fn conflicts(&self, e: &Edit) -> bool {
        let hits = |&(start, end): &(usize, usize)| {
            overlap(
                &Edit {
                    start,
                    end,
                    replacement: String::new(),
                },
                e,
            )
        };
        if self.spans.range((e.start, 0)..=(e.end, usize::MAX)).any(hits) {
            return true;
        }
        let Some(&(before, _)) = self.spans.range(..(e.start, 0)).next_back() else {
            return false;
        };
        self.spans.range((before, 0)..(e.start, 0)).any(hits)
    }
}

/// Whether two edits conflict: their ranges intersect, or both insert at the same place, or one
/// inserts strictly inside the other's range.
pub fn overlap(a: &Edit, b: &Edit) -> bool {
    if a.start == a.end || b.start == b.end {
        if a.start == a.end && b.start == b.end {
            return a.start == b.start;
        }
        let (ins, rng) = if a.start == a.end { (a, b) } else { (b, a) };
        return rng.start < ins.start && ins.start < rng.end;
    }
    a.start < b.end && b.start < a.end
}

fn self_overlapping(edits: &[Edit]) -> bool {
    edits.iter().enumerate().any(|(i, a)| edits[i + 1..].iter().any(|b| overlap(a, b)))
}

pub fn valid_edit(text: &str, e: &Edit) -> bool {
    e.start <= e.end && e.end <= text.len() && text.is_char_boundary(e.start) && text.is_char_boundary(e.end)
}

/// Applies sorted, non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in edits {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Applies the fixes of `findings` at or above `min` to `text`. Edits that overlap an edit
/// already accepted are skipped (the caller re-checks and retries them in a later round).
/// Returns the new text, the number of fixes applied and the number skipped.
pub fn apply_fixes(text: &str, findings: &[Finding], min: Applicability) -> (String, usize, usize) {
    let (edits, applied, skipped) = choose_edits(text, findings.iter().filter_map(|f| f.fix.as_ref()), min);
    (apply_edits(text, &edits), applied, skipped)
}

/// Characters that may stand before a word in a clean token (not the typewriter apostrophe:
/// glued to the front of a word it is as often a speck as an opening quote, `'sbe`).
const OPENERS: &[char] = &['“', '‘', '"', '(', '[', '«', '„'];
/// Characters that may stand after a word in a clean token.
const CLOSERS: &[char] = &['.', ',', ';', ':', '!', '?', '”', '’', '"', '\'', ')', ']', '»'];

/// Fix safety: a safe fix that replaces a word glued to other characters (`-Tbe`, `men,aud`,
/// `tbat.a`) is demoted to unsafe. Such a token holds more than the one misreading the rule
/// knows (a lost space, a stray mark), so replacing the word alone rarely gives the right text
/// and a person should look. Only alphabetic spans are judged: quote, bracket and spacing fixes
/// are about the characters around words.
pub fn demote_glued_words(text: &str, findings: &mut [Finding]) {
    for f in findings.iter_mut() {
        let Some(fix) = f.fix.as_mut() else { continue };
        if fix.applicability != Applicability::Safe {
            continue;
        }
        let glued = fix.edits.iter().any(|e| {
            let Some(span) = text.get(e.start..e.end) else { return false };
            if span.is_empty() || !span.chars().all(char::is_alphabetic) {
                return false;
            }
            let before = text[..e.start].chars().rev().take_while(|c| !c.is_whitespace());
            let after = text[e.end..].chars().take_while(|c| !c.is_whitespace());
            before.clone().any(|c| !OPENERS.contains(&c)) || after.clone().any(|c| !CLOSERS.contains(&c))
        });
        if glued {
            fix.applicability = Applicability::Unsafe;
        }
    }
}

/// The line-ending style of a text: `true` when its line breaks are CRLF.
pub fn uses_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count();
    crlf > 0 && crlf * 2 >= lf
}

/// Writes a replacement with the document's line endings: a lone `\n` becomes `\r\n` in a CRLF
/// document.
pub fn with_line_endings(replacement: &str, crlf: bool) -> String {
    if !crlf || !replacement.contains('\n') {
        return replacement.to_string();
    }
    let mut out = String::with_capacity(replacement.len() + 2);
    let mut prev = '\0';
    for c in replacement.chars() {
        if c == '\n' && prev != '\r' {
            out.push('\r');
        }
        out.push(c);
        prev = c;
    }
    out
}

/// Why edits could not be written into a document's bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpliceError {
    #[error("an edit touches bytes that are not valid in the file's encoding (at byte {0})")]
    TouchesInvalid(usize),
    #[error("`{0}` cannot be written in the file's encoding ({1})")]
    Unencodable(String, &'static str),
    #[error("the edited file does not decode back to the edited text ({0}); nothing written")]
    RoundTrip(&'static str),
}

/// Encodes a piece of text the way the document's encoding writes it (no BOM).
fn encode_piece(doc: &Document, s: &str) -> Result<Vec<u8>, SpliceError> {
    Ok(match doc.encoding {
        SourceEncoding::Utf8 | SourceEncoding::Utf8Lossy => s.as_bytes().to_vec(),
        SourceEncoding::Utf16Le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        SourceEncoding::Utf16Be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        SourceEncoding::Legacy(enc) => {
            let (bytes, _, had_errors) = enc.encode(s);
            if had_errors {
                return Err(SpliceError::Unencodable(s.to_string(), enc.name()));
            }
            bytes.into_owned()
        }
    })
}

fn bom_len(doc: &Document, bytes: &[u8]) -> usize {
    match doc.encoding {
        SourceEncoding::Utf8 | SourceEncoding::Utf8Lossy if doc.bom && bytes.starts_with(b"\xEF\xBB\xBF") => 3,
        SourceEncoding::Utf16Le | SourceEncoding::Utf16Be if doc.bom => 2,
        _ => 0,
    }
}

/// The length in the original bytes of the decoded text `doc.text[from..to]`.
fn encoded_len(doc: &Document, from: usize, to: usize) -> Result<usize, SpliceError> {
    let seg = &doc.text[from..to];
    Ok(match doc.encoding {
        SourceEncoding::Utf8 => seg.len(),
        SourceEncoding::Utf8Lossy => {
            let mut n = seg.len();
            for &(p, _, len) in &doc.invalid {
                if p >= from && p < to {
                    n = n - 3 + len;
                }
            }
            n
        }
        SourceEncoding::Utf16Le | SourceEncoding::Utf16Be => seg.encode_utf16().count() * 2,
        SourceEncoding::Legacy(_) => encode_piece(doc, seg)?.len(),
    })
}

/// Writes sorted, non-overlapping `edits` (offsets into `doc.text`) into `bytes`, the document's
/// original bytes: every byte outside the edits is copied unchanged (a BOM, line endings,
/// invalid UTF-8 sequences, legacy bytes). Returns the new bytes and the edited text. The result
/// is verified by decoding it again.
pub fn splice(doc: &Document, bytes: &[u8], edits: &[Edit]) -> Result<(Vec<u8>, String), SpliceError> {
    let new_text = apply_edits(&doc.text, edits);
    let mut out = Vec::with_capacity(bytes.len() + 16);
    let mut text_pos = 0;
    let mut byte_pos = bom_len(doc, bytes);
    out.extend_from_slice(&bytes[..byte_pos]);
    for e in edits {
        if let Some(&(_, orig, _)) = doc
            .invalid
            .iter()
            .find(|&&(p, _, _)| (e.start <= p && p < e.end) || (e.start == e.end && p < e.start && e.start < p + 3))
        {
            return Err(SpliceError::TouchesInvalid(orig));
        }
        let keep = encoded_len(doc, text_pos, e.start)?;
        out.extend_from_slice(&bytes[byte_pos..byte_pos + keep]);
        byte_pos += keep;
        out.extend_from_slice(&encode_piece(doc, &e.replacement)?);
        byte_pos += encoded_len(doc, e.start, e.end)?;
        text_pos = e.end;
    }
    out.extend_from_slice(&bytes[byte_pos.min(bytes.len())..]);
    let back = redecode(doc, &out).map(|d| d.text);
    if back.as_deref() != Some(new_text.as_str()) {
        return Err(SpliceError::RoundTrip(doc.encoding.name()));
    }
    Ok((out, new_text))
}

/// Decodes the edited bytes of `doc` again, in the document's own encoding (a legacy file is
/// not re-detected). `None` when the bytes no longer decode the same way.
pub fn redecode(doc: &Document, bytes: &[u8]) -> Option<Document> {
    match doc.encoding {
        SourceEncoding::Legacy(enc) => {
            let (text, _) = enc.decode_without_bom_handling(bytes);
            let text = text.into_owned();
            Some(Document {
                line_index: Default::default(),
                text,
                ..doc.clone()
            })
        }
        SourceEncoding::Utf8 | SourceEncoding::Utf8Lossy => {
            let (text, encoding, bom, invalid, notes) = match decode(bytes) {
                Ok(d @ (_, SourceEncoding::Utf8 | SourceEncoding::Utf8Lossy, _, _, _)) => d,
                // An edit removed the last valid multibyte character, and detection would now
                // call the file legacy: it is still the UTF-8 file it was.
                _ => decode_utf8_kept(bytes)?,
            };
            if bom != doc.bom {
                return None;
            }
            Some(Document {
                line_index: Default::default(),
                text,
                encoding,
                bom,
                invalid,
                notes,
                path: doc.path.clone(),
                display_path: doc.display_path.clone(),
            })
        }
        SourceEncoding::Utf16Le | SourceEncoding::Utf16Be => {
            // The file's own encoding, not detected again: an edit may leave a UTF-16 text
            // without the zero bytes detection looks for (`’` alone), and it is still UTF-16.
            let (mark, enc): (&[u8], _) = match doc.encoding {
                SourceEncoding::Utf16Le => (b"\xFF\xFE", encoding_rs::UTF_16LE),
                _ => (b"\xFE\xFF", encoding_rs::UTF_16BE),
            };
            let body = if doc.bom { bytes.strip_prefix(mark)? } else { bytes };
            let (text, had_errors) = enc.decode_without_bom_handling(body);
            if had_errors {
                return None;
            }
            Some(Document {
                line_index: Default::default(),
                text: text.into_owned(),
                ..doc.clone()
            })
        }
    }
}

/// Decodes bytes as UTF-8 whatever they look like, each invalid sequence as U+FFFD (with the
/// same notes as `document::decode`). `None` for a NUL byte (binary).
fn decode_utf8_kept(bytes: &[u8]) -> Option<crate::document::Decoded> {
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if body.contains(&0) {
        return None;
    }
    let (text, invalid, notes) = crate::document::decode_utf8_lossy(body, if bom { 3 } else { 0 });
    let encoding = if invalid.is_empty() {
        SourceEncoding::Utf8
    } else {
        SourceEncoding::Utf8Lossy
    };
    Some((text, encoding, bom, invalid, notes))
}

/// The result of fixing one document in rounds.
#[derive(Debug)]
pub struct Fixed {
    /// The final document (decoded from `bytes`).
    pub doc: Document,
    pub bytes: Vec<u8>,
    /// The findings of the last check (those that remain).
    pub findings: Vec<Finding>,
    /// Fixes applied over all rounds.
    pub applied: usize,
    pub rounds: usize,
    /// `false` when the last round still had fixes to apply (MAX_ROUNDS reached) or a round
    /// failed to splice.
    pub converged: bool,
    /// Why a round was abandoned, if one was.
    pub error: Option<SpliceError>,
}

/// Fixes a document in rounds: apply the non-overlapping fixes at or above `min`, check the
/// fixed text again (`check`, given the text and the edits that made it from the text before),
/// and repeat until no fix applies or `MAX_ROUNDS` is reached. `findings` are the findings of
/// the first check of `doc`.
pub fn fix_in_rounds(
    doc: Document,
    bytes: Vec<u8>,
    findings: Vec<Finding>,
    min: Applicability,
    check: &dyn Fn(&Document, &[Edit]) -> Vec<Finding>,
) -> Fixed {
    let mut fixed = Fixed {
        doc,
        bytes,
        findings,
        applied: 0,
        rounds: 0,
        converged: false,
        error: None,
    };
    let crlf = uses_crlf(&fixed.doc.text);
    while fixed.rounds < MAX_ROUNDS {
        let fixes: Vec<Fix> = fixed
            .findings
            .iter()
            .filter_map(|f| f.fix.clone())
            .filter(|f| f.applicability >= min)
            .map(|mut f| {
                for e in &mut f.edits {
                    e.replacement = with_line_endings(&e.replacement, crlf);
                }
                f
            })
            .filter(|f| f.edits.iter().all(|e| encode_piece(&fixed.doc, &e.replacement).is_ok()))
            .collect();
        let (edits, applied, _) = choose_edits(&fixed.doc.text, &fixes, min);
        if applied == 0 {
            fixed.converged = true;
            return fixed;
        }
        let (new_bytes, _) = match splice(&fixed.doc, &fixed.bytes, &edits) {
            Ok(x) => x,
            Err(e) => {
                fixed.error = Some(e);
                return fixed;
            }
        };
        let Some(new_doc) = redecode(&fixed.doc, &new_bytes) else {
            fixed.error = Some(SpliceError::RoundTrip(fixed.doc.encoding.name()));
            return fixed;
        };
        fixed.rounds += 1;
        fixed.applied += applied;
        fixed.findings = check(&new_doc, &edits);
        fixed.doc = new_doc;
        fixed.bytes = new_bytes;
    }
    // The bound was reached: converged only if nothing more would apply.
    let fixes: Vec<&Fix> = fixed.findings.iter().filter_map(|f| f.fix.as_ref()).collect();
    fixed.converged = choose_edits(&fixed.doc.text, fixes, min).1 == 0;
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn f(start: usize, end: usize, rep: &str) -> Finding {
        Finding::new("t/x", Severity::Warning, start, end, String::new()).with_fix(Fix::replace(start, end, rep, Applicability::Safe))
    }

    fn doc(bytes: &[u8]) -> Document {
        Document::from_bytes("a.txt".into(), "a.txt".into(), bytes).unwrap()
    }

    #[test]
    fn edited_places_map_back_to_the_text_as_read() {
        let e = |start: usize, end: usize, rep: &str| Edit {
            start,
            end,
            replacement: rep.to_string(),
        };
        // "ab XYZ cd" → round 1 deletes "XYZ " → "ab cd" → round 2 writes "ef" over "cd".
        let mut edited = Edited::default();
        edited.push(&[e(3, 7, "")]);
        edited.push(&[e(3, 5, "ef")]);
        assert_eq!(edited.origin(0, false), 0);
        assert_eq!(edited.origin(3, false), 7, "`ef` stands where `cd` stood");
        assert_eq!(edited.origin(5, true), 9);
        let mut one = Edited::default();
        one.push(&[e(0, 1, "xyz")]);
        assert_eq!(one.origin(2, false), 0, "inside a replacement: its start");
        assert_eq!(one.origin(3, false), 1, "after it: shifted back");
    }

    #[test]
    fn overlapping_edits_are_skipped() {
        let (out, applied, skipped) = apply_fixes("abcdef", &[f(0, 2, "X"), f(1, 3, "Y"), f(4, 6, "")], Applicability::Safe);
        assert_eq!((out.as_str(), applied, skipped), ("Xcd", 2, 1));
    }

    #[test]
    fn insertions_at_one_place_conflict() {
        let (out, applied, skipped) = apply_fixes("ab", &[f(1, 1, "X"), f(1, 1, "Y")], Applicability::Safe);
        assert_eq!((out.as_str(), applied, skipped), ("aXb", 1, 1));
        // An insertion at the edge of a replaced range does not conflict with it.
        let (out, applied, _) = apply_fixes("abcd", &[f(1, 3, "Z"), f(3, 3, "!")], Applicability::Safe);
        assert_eq!((out.as_str(), applied), ("aZ!d", 2));
    }

    #[test]
    fn respects_applicability() {
        let mut g = f(0, 1, "Z");
        g.fix.as_mut().unwrap().applicability = Applicability::Unsafe;
        let (out, applied, _) = apply_fixes("abc", &[g.clone()], Applicability::Safe);
        assert_eq!((out.as_str(), applied), ("abc", 0));
        let (out, _, _) = apply_fixes("abc", &[g], Applicability::Unsafe);
        assert_eq!(out, "Zbc");
    }

    #[test]
    fn splice_keeps_bom_and_crlf() {
        let bytes = b"\xEF\xBB\xBFab ,c\r\nd\r\n";
        let d = doc(bytes);
        let edits = vec![Edit {
            start: 2,
            end: 3,
            replacement: String::new(),
        }];
        let (out, text) = splice(&d, bytes, &edits).unwrap();
        assert_eq!(out, b"\xEF\xBB\xBFab,c\r\nd\r\n");
        assert_eq!(text, "ab,c\r\nd\r\n");
    }

    #[test]
    fn splice_keeps_invalid_utf8_bytes() {
        let bytes = b"caf\xC3\xA9 x\xFF\xFEy  z .";
        let d = doc(bytes);
        assert_eq!(d.encoding, SourceEncoding::Utf8Lossy);
        let dot = d.text.rfind(" .").unwrap();
        let edits = vec![Edit {
            start: dot,
            end: dot + 1,
            replacement: String::new(),
        }];
        let (out, _) = splice(&d, bytes, &edits).unwrap();
        assert_eq!(out, b"caf\xC3\xA9 x\xFF\xFEy  z.");
        // Touching the U+FFFD is refused.
        let p = d.text.find('\u{FFFD}').unwrap();
        let bad = vec![Edit {
            start: p,
            end: p + 3,
            replacement: "?".into(),
        }];
        assert!(matches!(splice(&d, bytes, &bad), Err(SpliceError::TouchesInvalid(_))));
    }

    #[test]
    fn splice_utf16_and_legacy() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a ,b".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = doc(&bytes);
        let edits = vec![Edit {
            start: 1,
            end: 2,
            replacement: String::new(),
        }];
        let (out, text) = splice(&d, &bytes, &edits).unwrap();
        assert_eq!(text, "a,b");
        assert_eq!(out, [0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0]);

        let bytes = b"caf\xE9 au lait , na\xEFve r\xE9sum\xE9";
        let d = doc(bytes);
        assert!(matches!(d.encoding, SourceEncoding::Legacy(_)));
        let p = d.text.find(" ,").unwrap();
        let edits = vec![Edit {
            start: p,
            end: p + 1,
            replacement: String::new(),
        }];
        let (out, _) = splice(&d, bytes, &edits).unwrap();
        assert_eq!(out, b"caf\xE9 au lait, na\xEFve r\xE9sum\xE9");
        let bad = vec![Edit {
            start: 0,
            end: 1,
            replacement: "\u{4E00}".into(),
        }];
        assert!(matches!(splice(&d, bytes, &bad), Err(SpliceError::Unencodable(..))));
    }

    #[test]
    fn glued_words_are_not_safe() {
        let text = "“Tbe end,” -Tbe men,aud tbat.a wbich, ‘tbe’ 'sbe";
        let mut fs: Vec<Finding> = ["Tbe", "-Tbe", ",aud", "tbat", "wbich", "‘tbe", "'sbe"]
            .iter()
            .map(|w| {
                let bare = w.trim_start_matches(['-', ',', '‘', '\'']);
                let s = text.find(w).unwrap() + w.len() - bare.len();
                f(s, s + bare.len(), "x")
            })
            .collect();
        demote_glued_words(text, &mut fs);
        let apps: Vec<Applicability> = fs.iter().map(|f| f.fix.as_ref().unwrap().applicability).collect();
        use Applicability::{Safe, Unsafe};
        // (a typewriter apostrophe before a word may be a speck: not safe)
        assert_eq!(apps, vec![Safe, Unsafe, Unsafe, Unsafe, Safe, Safe, Unsafe]);
    }

    #[test]
    fn line_endings_follow_the_document() {
        assert!(uses_crlf("a\r\nb\r\n"));
        assert!(!uses_crlf("a\nb\n"));
        assert_eq!(with_line_endings("x\ny\r\n", true), "x\r\ny\r\n");
        assert_eq!(with_line_endings("x\ny", false), "x\ny");
    }

    proptest::proptest! {
        /// The ordered conflict test of the chosen edits agrees with testing every pair.
        #[test]
        fn chosen_edits_are_those_of_the_pairwise_test(
            raw in proptest::collection::vec((0usize..30, 0usize..4), 0..40),
        ) {
            let text = "x".repeat(40);
            let fixes: Vec<Fix> = raw
                .iter()
                .map(|&(start, len)| Fix::replace(start, start + len, "y".to_string(), Applicability::Safe))
                .collect();
            let (edits, applied, skipped) = choose_edits(&text, &fixes, Applicability::Safe);
            // The same choice made by testing each fix against every edit taken before it.
            let mut sorted: Vec<&Fix> = fixes.iter().collect();
            sorted.sort_by_key(|f| f.edits.iter().map(|e| (e.start, e.end)).min());
            let mut naive: Vec<Edit> = Vec::new();
            let mut naive_skipped = 0;
            for f in sorted {
                if f.edits.iter().any(|e| naive.iter().any(|a| overlap(a, e))) {
                    naive_skipped += 1;
                    continue;
                }
                naive.extend(f.edits.iter().cloned());
            }
            naive.sort();
            proptest::prop_assert_eq!(&edits, &naive);
            proptest::prop_assert_eq!(applied, naive.len());
            proptest::prop_assert_eq!(skipped, naive_skipped);
        }

        /// Splicing edits into the bytes of any encoding gives exactly the edited text, and the
        /// bytes outside the edits are kept (checked through the round trip of `splice`).
        #[test]
        fn splice_agrees_with_the_text(
            text in "[a-zé’ ,.\r\n]{0,40}",
            raw in proptest::collection::vec((0usize..64, 0usize..4, "[a-zé ]{0,3}"), 0..5),
            kind in 0usize..4,
            bad_at in 0usize..64,
        ) {
            let bytes: Vec<u8> = match kind {
                0 => text.as_bytes().to_vec(),
                1 => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
                2 => [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect(),
                _ => {
                    // A stray invalid byte somewhere, and a multibyte character so it stays UTF-8.
                    let mut b = format!("é{text}").into_bytes();
                    let mut at = bad_at.min(b.len());
                    while !format!("é{text}").is_char_boundary(at) { at -= 1; }
                    b.insert(at, 0xFF);
                    b
                }
            };
            let d = doc(&bytes);
            let bounds: Vec<usize> = d.text.char_indices().map(|(i, _)| i).chain([d.text.len()]).collect();
            let mut edits: Vec<Edit> = Vec::new();
            for (at, len, rep) in raw {
                let s = bounds[at % bounds.len()];
                let e = bounds[(at % bounds.len() + len).min(bounds.len() - 1)];
                let e = Edit { start: s, end: e, replacement: rep };
                if !edits.iter().any(|a| overlap(a, &e)) {
                    edits.push(e);
                }
            }
            edits.sort();
            match splice(&d, &bytes, &edits) {
                Ok((out, new_text)) => {
                    proptest::prop_assert_eq!(&new_text, &apply_edits(&d.text, &edits));
                    let back = redecode(&d, &out).expect("decodes");
                    proptest::prop_assert_eq!(back.text, new_text);
                    proptest::prop_assert_eq!(back.bom, d.bom);
                    if edits.is_empty() {
                        proptest::prop_assert_eq!(out, bytes);
                    }
                }
                Err(SpliceError::TouchesInvalid(_)) => proptest::prop_assert!(!d.invalid.is_empty()),
                Err(e) => proptest::prop_assert!(false, "{e}"),
            }
        }
    }

    #[test]
    fn rounds_converge() {
        // Each round removes one space before the period; the check finds the next one.
        let check = |d: &Document, _: &[Edit]| -> Vec<Finding> {
            match d.text.find(" .") {
                Some(p) => vec![f(p, p + 1, "")],
                None => vec![],
            }
        };
        let bytes = b"a   .".to_vec();
        let d = doc(&bytes);
        let first = check(&d, &[]);
        let fixed = fix_in_rounds(d, bytes, first, Applicability::Safe, &check);
        assert_eq!(fixed.bytes, b"a.");
        assert_eq!((fixed.applied, fixed.rounds, fixed.converged), (3, 3, true));
    }
}
