//! Reading and decoding a file once, and mapping byte offsets to lines and columns.

use crate::finding::Position;
use std::path::{Path, PathBuf};

/// The encoding a document came in, so that a fix writes it back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceEncoding {
    Utf8,
    /// UTF-8 with some invalid byte sequences, each decoded as U+FFFD.
    Utf8Lossy,
    Utf16Le,
    Utf16Be,
    /// A legacy single-byte encoding (for example windows-1252), detected by chardetng.
    Legacy(&'static encoding_rs::Encoding),
}

impl SourceEncoding {
    pub fn name(&self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "UTF-8",
            SourceEncoding::Utf8Lossy => "UTF-8 (with invalid sequences)",
            SourceEncoding::Utf16Le => "UTF-16LE",
            SourceEncoding::Utf16Be => "UTF-16BE",
            SourceEncoding::Legacy(e) => e.name(),
        }
    }
}

/// A note about how a file was decoded, reported as a finding (`encoding/...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeNote {
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// The bytes of a settings-like file (a config, a rule pack, a word list, a baseline, a list of
/// paths), read with a bound: a file that is not a regular file (a device such as `/dev/zero`, a
/// socket) or that is larger than `limit` bytes is refused with a clear message instead of
/// filling memory; a FIFO is read when `fifo_ok` (`--files-from <(git diff --name-only)`), up to
/// the same bound.
pub fn read_bounded(path: &Path, limit: u64, fifo_ok: bool) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    let ft = meta.file_type();
    #[cfg(unix)]
    let fifo = std::os::unix::fs::FileTypeExt::is_fifo(&ft);
    #[cfg(not(unix))]
    let fifo = false;
    if !(ft.is_file() || (fifo && fifo_ok)) {
        return Err(std::io::Error::other(if ft.is_dir() {
            "is a folder, not a file".to_string()
        } else {
            "is not a regular file (a device, socket or FIFO is not read)".to_string()
        }));
    }
    let too_large = || std::io::Error::other(format!("is larger than {} MB, more than such a file may be", limit >> 20));
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// [`read_bounded`] for a file that must be UTF-8 text.
pub fn read_bounded_text(path: &Path, limit: u64, fifo_ok: bool) -> std::io::Result<String> {
    String::from_utf8(read_bounded(path, limit, fifo_ok)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "is not UTF-8 text"))
}

/// The bounds of [`read_bounded`]: a config or a rule pack, and a word list, a baseline or a
/// list of paths.
pub const SETTINGS_LIMIT: u64 = 16 << 20;
pub const LIST_LIMIT: u64 = 1 << 30;

/// Bytes looked at for a NUL before a file is read whole: a binary file (an image, a sparse
/// file of gigabytes of zeros) is skipped without being read or held.
const BINARY_PROBE: usize = 64 << 10;

/// Files larger than this are read in two halves at once.
const PARALLEL_READ_ABOVE: u64 = 32 << 20;

/// The bytes of a file, a large one read in two halves at once: a second thread faults in and
/// fills the second half of the buffer (the kernel's work, most of a large read). (A thread of
/// its own, not a task of the pool: a worker waiting for a pool task may take up another file
/// meanwhile, and hold more files at once than the memory bound allows.)
fn read_all(path: &Path) -> std::io::Result<Vec<u8>> {
    read_in_halves_above(path, PARALLEL_READ_ABOVE)
}

/// `read_all`, with the size above which a file is read in halves.
fn read_in_halves_above(path: &Path, above: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    #[cfg(unix)]
    if let Some(n) = usize::try_from(len).ok().filter(|_| len > above) {
        use std::os::unix::fs::FileExt;
        let mut buf = vec![0u8; n];
        let half = n / 2;
        let (a, b) = buf.split_at_mut(half);
        let file = &file;
        let (ra, rb) = std::thread::scope(|s| {
            let second = s.spawn(move || file.read_exact_at(b, half as u64));
            let first = file.read_exact_at(a, 0);
            (first, second.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        });
        // (a file that changed size while it was read is read again, whole)
        if ra.is_ok() && rb.is_ok() && matches!(file.read_at(&mut [0u8], len), Ok(0)) {
            return Ok(buf);
        }
        return std::fs::read(path);
    }
    #[cfg(not(unix))]
    let _ = above;
    // (as `std::fs::read`, from the file already open)
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(len).unwrap_or(0))
        .map_err(std::io::Error::other)?;
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Why a file was skipped.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("could not read {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: skipped, looks like a binary file (NUL byte at offset {offset})")]
    Binary { path: PathBuf, offset: usize },
}

#[derive(Clone, Debug)]
pub struct Document {
    pub path: PathBuf,
    /// The path as shown in output (relative where the user gave a relative path).
    pub display_path: String,
    pub text: String,
    pub encoding: SourceEncoding,
    pub bom: bool,
    /// For `Utf8Lossy`: (offset in `text`, offset in the original bytes, length of the
    /// invalid sequence in the original bytes) for each U+FFFD inserted by decoding.
    pub invalid: Vec<(usize, usize, usize)>,
    pub notes: Vec<DecodeNote>,
    /// Where each line starts (found when first needed: see `lines`).
    pub line_index: std::sync::OnceLock<LineIndex>,
}

impl Document {
    pub fn read(path: &Path, display_path: String) -> Result<Document, ReadError> {
        let io = |source| ReadError::Io {
            path: path.to_path_buf(),
            source,
        };
        // A NUL in the first block makes a binary file (unless a UTF-16 mark explains it): it is
        // skipped before the whole file is read.
        {
            use std::io::Read;
            let mut head = Vec::with_capacity(BINARY_PROBE);
            std::fs::File::open(path)
                .and_then(|f| f.take(BINARY_PROBE as u64).read_to_end(&mut head))
                .map_err(io)?;
            let utf16 = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
            if let Some(offset) = head.iter().position(|&b| b == 0).filter(|_| !utf16) {
                return Err(ReadError::Binary {
                    path: path.to_path_buf(),
                    offset,
                });
            }
        }
        let bytes = read_all(path).map_err(io)?;
        Document::from_vec(path.to_path_buf(), display_path, bytes)
    }

    /// Like `from_bytes`, but a valid UTF-8 file (with or without BOM) keeps its buffer as the
    /// text: a large file is not held twice while it is decoded.
    pub fn from_vec(path: PathBuf, display_path: String, mut bytes: Vec<u8>) -> Result<Document, ReadError> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            return Document::from_bytes(path, display_path, &bytes);
        }
        let bom = bytes.starts_with(BOM);
        if bom {
            bytes.drain(..3);
        }
        // (validated once, in place)
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let mut bytes = e.into_bytes();
                if bom {
                    bytes.splice(..0, BOM.iter().copied());
                }
                return Document::from_bytes(path, display_path, &bytes);
            }
        };
        if let Some(offset) = memchr::memchr(0, text.as_bytes()) {
            return Err(ReadError::Binary {
                path,
                offset: offset + if bom { 3 } else { 0 },
            });
        }
        Ok(Document {
            path,
            display_path,
            text,
            encoding: SourceEncoding::Utf8,
            bom,
            invalid: Vec::new(),
            notes: Vec::new(),
            line_index: Default::default(),
        })
    }

    pub fn from_str(display_path: &str, text: &str) -> Document {
        Document {
            path: PathBuf::from(display_path),
            display_path: display_path.to_string(),
            text: text.to_string(),
            encoding: SourceEncoding::Utf8,
            bom: false,
            invalid: Vec::new(),
            notes: Vec::new(),
            line_index: Default::default(),
        }
    }

    pub fn from_bytes(path: PathBuf, display_path: String, bytes: &[u8]) -> Result<Document, ReadError> {
        let (text, encoding, bom, invalid, notes) = decode(bytes).map_err(|offset| ReadError::Binary {
            path: path.clone(),
            offset,
        })?;
        Ok(Document {
            path,
            display_path,
            text,
            encoding,
            bom,
            invalid,
            notes,
            line_index: Default::default(),
        })
    }

    /// Where each line starts, found on first use: a large file's checks need no lines, and
    /// its output finds them while the next part is checked.
    pub fn lines(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn position(&self, start: usize, end: usize) -> Position {
        let (line, column) = self.lines().line_col(&self.text, start);
        let (end_line, end_column) = self.lines().line_col(&self.text, end);
        Position {
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// Encodes `text` (an edited version of this document's text) back into the document's
    /// original encoding, BOM included. For a UTF-8 file with invalid sequences, the original
    /// bytes of each invalid sequence are restored where its U+FFFD still stands, which the
    /// caller guarantees by never editing those characters.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 3);
        match self.encoding {
            SourceEncoding::Utf8 | SourceEncoding::Utf8Lossy => {
                if self.bom {
                    out.extend_from_slice(b"\xEF\xBB\xBF");
                }
                out.extend_from_slice(text.as_bytes());
            }
            SourceEncoding::Utf16Le => {
                if self.bom {
                    out.extend_from_slice(&[0xFF, 0xFE]);
                }
                for u in text.encode_utf16() {
                    out.extend_from_slice(&u.to_le_bytes());
                }
            }
            SourceEncoding::Utf16Be => {
                if self.bom {
                    out.extend_from_slice(&[0xFE, 0xFF]);
                }
                for u in text.encode_utf16() {
                    out.extend_from_slice(&u.to_be_bytes());
                }
            }
            SourceEncoding::Legacy(enc) => {
                let (bytes, _, _) = enc.encode(text);
                out.extend_from_slice(&bytes);
            }
        }
        out
    }
}

pub(crate) type Decoded = (String, SourceEncoding, bool, Vec<(usize, usize, usize)>, Vec<DecodeNote>);

/// Decodes bytes; `Err(offset)` for a binary file (a NUL byte outside UTF-16).
pub fn decode(bytes: &[u8]) -> Result<Decoded, usize> {
    // A UTF-16 byte order mark is believed only when the rest is UTF-16: it decodes without an
    // error, and it has the zero bytes that every UTF-16 text with a line break or a Latin
    // letter has. `FF FE` may begin a file in another encoding (`ÿþ` in Latin-1), and a file
    // decoded with errors could not be written back as it was.
    let utf16 = |rest: &[u8], enc: &'static encoding_rs::Encoding| match enc.decode_without_bom_handling(rest) {
        (text, false) if rest.is_empty() || memchr_nul(rest).is_some() => Some(text.into_owned()),
        _ => None,
    };
    if let Some(text) = bytes.strip_prefix(b"\xFF\xFE").and_then(|rest| utf16(rest, encoding_rs::UTF_16LE)) {
        return Ok((text, SourceEncoding::Utf16Le, true, vec![], vec![]));
    }
    if let Some(text) = bytes.strip_prefix(b"\xFE\xFF").and_then(|rest| utf16(rest, encoding_rs::UTF_16BE)) {
        return Ok((text, SourceEncoding::Utf16Be, true, vec![], vec![]));
    }
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    if let Some(offset) = memchr_nul(body) {
        return Err(offset + if bom { 3 } else { 0 });
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok((s.to_string(), SourceEncoding::Utf8, bom, vec![], vec![])),
        Err(_) => {
            // Mostly UTF-8 with a few bad sequences, or a legacy single-byte encoding?
            let mut det = chardetng::EncodingDetector::new();
            det.feed(body, true);
            let guess = det.guess(None, true);
            let valid_multibyte = count_valid_multibyte(body);
            if !bom && valid_multibyte == 0 {
                let guess = if guess == encoding_rs::UTF_8 {
                    encoding_rs::WINDOWS_1252
                } else {
                    guess
                };
                let (text, _) = guess.decode_without_bom_handling(body);
                let text = text.into_owned();
                let notes = vec![DecodeNote {
                    rule: "encoding/legacy",
                    start: 0,
                    end: 0,
                    message: format!("file is not UTF-8; decoded as {} (detected)", guess.name()),
                }];
                return Ok((text, SourceEncoding::Legacy(guess), false, vec![], notes));
            }
            let (text, invalid, notes) = decode_utf8_lossy(body, if bom { 3 } else { 0 });
            Ok((text, SourceEncoding::Utf8Lossy, bom, invalid, notes))
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

fn count_valid_multibyte(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.utf8_chunks() {
        n += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
    }
    n
}

/// Decodes UTF-8, each invalid sequence as one U+FFFD. Returns the text, the invalid sequences
/// (offset in the text, offset in the original bytes, length there; `base` is added to the
/// original offsets, e.g. for a BOM) and a note for each.
pub(crate) fn decode_utf8_lossy(bytes: &[u8], base: usize) -> (String, Vec<(usize, usize, usize)>, Vec<DecodeNote>) {
    let mut text = String::with_capacity(bytes.len());
    let mut invalid = Vec::new();
    let mut orig = base;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        orig += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            invalid.push((text.len(), orig, chunk.invalid().len()));
            text.push('\u{FFFD}');
            orig += chunk.invalid().len();
        }
    }
    let notes = invalid
        .iter()
        .map(|&(start, orig, len)| DecodeNote {
            rule: "encoding/invalid-utf8",
            start,
            end: start + '\u{FFFD}'.len_utf8(),
            message: format!(
                "invalid UTF-8 ({} byte{} at byte offset {orig}); fixes never touch it",
                len,
                if len == 1 { "" } else { "s" }
            ),
        })
        .collect();
    (text, invalid, notes)
}

/// [`LineIndex::line_col`] for offsets that mostly come in order: a column is counted on from
/// the previous offset's on the same line, so that the places of a file of one very long line
/// are found in one pass, not each counted from the line's start.
pub struct LineCursor<'a> {
    lines: &'a LineIndex,
    text: &'a str,
    /// The last place found: its line's start, its offset, its column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl LineCursor<'_> {
    /// 1-based line and column in characters of a byte offset (clamped to the text and moved
    /// back to a character boundary).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut at = offset.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.lines.line_of(at);
        let start = self.lines.line_start(line);
        let (last_start, last_at, last_col) = self.last.get();
        let col = if last_start == start && last_at <= at {
            last_col + self.text[last_at..at].chars().count()
        } else {
            self.text[start..at].chars().count() + 1
        };
        self.last.set((start, at, col));
        (line, col)
    }
}

/// Byte offsets of line starts.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        // Sized exactly (counting is fast): a guess too small for a large file would grow the
        // vector by copying it into fresh, zeroed memory, and a guess too large wastes it.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line and 1-based column in characters for a byte offset (clamped to the text and
    /// moved back to a character boundary).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let col = text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, col)
    }

    /// A [`LineCursor`] over `text` (the text this index was made of).
    pub fn cursor<'a>(&'a self, text: &'a str) -> LineCursor<'a> {
        LineCursor {
            lines: self,
            text,
            last: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_cursor_finds_what_the_line_index_finds() {
        let text = "ab\ncé d\r\n\nlong line of words é é\nend";
        let lines = LineIndex::new(text);
        let cursor = lines.cursor(text);
        // In order, out of order, inside a character, past the end.
        for at in [0, 1, 3, 5, 6, 7, 12, 20, 25, 9, 4, 30, 100, 2] {
            assert_eq!(cursor.line_col(at), lines.line_col(text, at), "offset {at}");
        }
    }

    #[test]
    fn a_byte_order_mark_whose_text_is_not_utf16_is_not_believed() {
        // `FF FE` then Latin-1 text of odd length: not UTF-16, and writing it back as UTF-16
        // would lose bytes.
        let bytes = b"\xFF\xFEcaf\xE9 au lait.\n";
        let (text, encoding, ..) = decode(bytes).unwrap();
        assert!(
            !matches!(encoding, SourceEncoding::Utf16Le | SourceEncoding::Utf16Be),
            "{encoding:?}"
        );
        let doc = Document::from_bytes("a.txt".into(), "a.txt".into(), bytes).unwrap();
        assert_eq!(doc.encode(&doc.text), bytes.to_vec(), "{text:?}");
        // A real UTF-16 file with its mark is still UTF-16.
        let mut u16 = vec![0xFF, 0xFE];
        "Tbe end.\n".encode_utf16().for_each(|u| u16.extend_from_slice(&u.to_le_bytes()));
        assert!(matches!(decode(&u16).unwrap().1, SourceEncoding::Utf16Le));
    }

    /// A file read in two halves is the file, whatever its length.
    #[test]
    fn a_file_read_in_halves_is_whole() {
        let dir = std::env::temp_dir().join(format!("scanno-halves-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for len in [0usize, 1, 2, 3, 4097, 100_001] {
            let path = dir.join(format!("{len}.txt"));
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(read_in_halves_above(&path, 0).unwrap(), bytes, "{len}");
        }
        assert!(read_in_halves_above(&dir.join("missing.txt"), 0).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// `from_vec` (which keeps a valid UTF-8 buffer) reads every input as `from_bytes` does.
    #[test]
    fn from_vec_agrees_with_from_bytes() {
        let inputs: &[&[u8]] = &[
            b"",
            b"plain\ntext\n",
            b"\xEF\xBB\xBFwith a BOM\n",
            b"\xEF\xBB\xBF",
            b"invalid \xFF byte",
            b"\xEF\xBB\xBFBOM and invalid \xC3( sequence",
            b"a NUL\0 byte",
            b"\xEF\xBB\xBFa BOM and a NUL\0 byte",
            b"\xFF\xFEu\0t\0f\0",
            b"\xFE\xFF\0u\0t\0f",
            b"caf\xE9 au lait",
        ];
        let show = |r: Result<Document, ReadError>| match r {
            Ok(d) => format!(
                "{:?} {:?} {} {:?} {:?} {:?}",
                d.text,
                d.encoding,
                d.bom,
                d.invalid,
                d.notes,
                d.lines().starts
            ),
            Err(e) => e.to_string(),
        };
        for &bytes in inputs {
            let p = PathBuf::from("f.txt");
            assert_eq!(
                show(Document::from_vec(p.clone(), "f.txt".into(), bytes.to_vec())),
                show(Document::from_bytes(p, "f.txt".into(), bytes)),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçé x\r\nz";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), (2, 4));
        assert_eq!(idx.line_col(text, text.len()), (3, 2));
    }

    #[test]
    fn decodes_boms_and_legacy() {
        let (t, e, bom, _, _) = decode(b"\xEF\xBB\xBFhi").unwrap();
        assert_eq!((t.as_str(), e, bom), ("hi", SourceEncoding::Utf8, true));
        let (t, e, _, _, _) = decode(b"\xFF\xFEh\0i\0").unwrap();
        assert_eq!((t.as_str(), e), ("hi", SourceEncoding::Utf16Le));
        let (t, e, _, _, notes) = decode(b"caf\xE9 au lait, na\xEFve r\xE9sum\xE9").unwrap();
        assert_eq!(t, "café au lait, naïve résumé");
        assert!(matches!(e, SourceEncoding::Legacy(_)));
        assert_eq!(notes[0].rule, "encoding/legacy");
        assert_eq!(decode(b"ab\0cd").unwrap_err(), 2);
    }

    #[test]
    fn invalid_utf8_in_utf8_file_is_located() {
        let (t, e, _, invalid, notes) = decode(
            "één \u{e9}t\u{e9} "
                .as_bytes()
                .iter()
                .copied()
                .chain(*b"x\xFFy")
                .collect::<Vec<u8>>()
                .as_slice(),
        )
        .unwrap();
        assert_eq!(e, SourceEncoding::Utf8Lossy);
        assert!(t.ends_with("x\u{FFFD}y"));
        assert_eq!(invalid.len(), 1);
        assert_eq!(notes[0].rule, "encoding/invalid-utf8");
        let doc = Document::from_bytes("a".into(), "a".into(), t.as_bytes()).unwrap();
        assert_eq!(doc.encoding, SourceEncoding::Utf8);
    }

    #[test]
    fn encode_round_trips() {
        for bytes in [&b"\xEF\xBB\xBFab\r\nc"[..], b"\xFF\xFEa\0b\0", b"\xFE\xFF\0a\0b", b"plain"] {
            let doc = Document::from_bytes("a".into(), "a".into(), bytes).unwrap();
            assert_eq!(doc.encode(&doc.text), bytes);
        }
    }
}
