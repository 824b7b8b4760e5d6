//! The text conventions of transcriptions: the markup of Project Gutenberg plain text and of
//! Distributed Proofreaders' proofing rounds, read as markup and not as text.
//!
//! A proofread book marks italics with `_…_`, bold with `=…=`, notes with `[Footnote 1: …]`,
//! pictures with `[Illustration: …]`, tables with `|` and box drawing; a proofing-round file
//! adds `<i>…</i>`, page separators (`-----File: 001.png---`), `/* … */` blocks and `[**notes]`.
//! None of it is an OCR fault, and a word check that saw it would report every `_` as a stray
//! mark and every `[Greek: …]` transliteration as a non-word.
//!
//! [`Markup::of`] finds the markup of a whole document once (a note may run over several
//! paragraphs). The checks then read a [`View`] of each segment: the text with the markup taken
//! out. A marker glued to text (`_Caleb!_`, `<i>`, `[Footnote 1: `, the closing `]`) is deleted,
//! so `“_Forgiven_ you?”` reads `“Forgiven you?”` and no spacing check sees a gap; a marker that
//! stands for space (a table's rules, a page separator line) and text no English check should
//! read (a `[Greek: …]` transliteration, a proofer's `[**note]`, a transcriber's note, the
//! Gutenberg licence) is blanked, its line ends kept. A view maps each of its offsets back to
//! the document, so findings point at the text as written; a fix whose edits would touch markup
//! keeps its finding but loses the fix (`View::touches_markup`).
//!
//! Which grammar applies is the document's [`Format`]: set in `scanno.toml` (`format = "pg" |
//! "dp" | "plain"`) or, by default, detected per document (`Format::detect`). Plain text (raw OCR
//! of newspapers) keeps its `_` and `|`, which there are specks and misread letters; box-drawing
//! characters, which no OCR engine reads from print, are blanked in every format.

use std::borrow::Cow;
use std::ops::Range;

/// The markup conventions of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FormatSetting {
    /// Detected per document from its markup (the default).
    Auto,
    /// Plain text: no markup but box drawing.
    Plain,
    /// Project Gutenberg plain text (`_italics_`, `[Footnote 1: …]`, `[Illustration]`, tables).
    Pg,
    /// Distributed Proofreaders' rounds: Gutenberg's conventions and `<i>`, `-----File:` page
    /// separators, `/* */` blocks, `[**notes]`, `[Blank Page]`.
    Dp,
}

/// The markup grammar a document is read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Plain,
    Pg,
    Dp,
}

/// How a piece of markup is taken out of the view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Removal {
    /// Deleted: a marker glued to the text it marks (`_`, `<i>`, `[Footnote 1: `).
    Delete,
    /// Replaced by spaces, line ends kept: markup that stands for space, or text no check reads.
    Blank,
    /// One ASCII byte put for another: the `:` of `[Footnote 1: ` read as the `]` of a note's
    /// `[1]`, so that the footnote checks see the note.
    Substitute(u8),
}

/// One piece of markup: a byte range of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    pub start: usize,
    pub end: usize,
    pub removal: Removal,
}

/// A fault of the markup itself, as a proofreader checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkupFault {
    pub start: usize,
    pub end: usize,
    pub kind: FaultKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// A `[Footnote`, `[Illustration`, `[Sidenote` or other bracketed block never closed.
    UnclosedBlock,
    /// An `_` that opens italics in a paragraph where no `_` closes them.
    UnclosedItalics,
}

/// The markup of one document.
#[derive(Clone, Debug, Default)]
pub struct Markup {
    /// Sorted, not overlapping.
    pub masks: Vec<Mask>,
    pub faults: Vec<MarkupFault>,
    /// The text between paired `_` (or `=`) markers, sorted: italics, where a book sets its
    /// foreign words and phrases.
    pub emphasis: Vec<Range<usize>>,
}

/// How far a bracketed block may run before it is taken as never closed.
const BLOCK_REACH: usize = 64 << 10;

/// Blocks whose text stays (only the opening tag and the closing bracket are markup).
const TEXT_BLOCKS: &[&str] = &["Footnote", "Illustration", "Sidenote", "Side-note", "Note", "Caption"];
/// Blocks whose text no English check should read: transliterations of another script, a
/// proofer's or transcriber's notes.
const QUIET_BLOCKS: &[&str] = &[
    "Greek",
    "Hebrew",
    "Arabic",
    "Sanskrit",
    "Syriac",
    "Coptic",
    "Russian",
    "Cyrillic",
    "Chinese",
    "Japanese",
    "Transcriber's Note",
    "Transcriber’s Note",
    "Transcriber's note",
    "Transcriber’s note",
    "Transcribers Note",
    "TN",
];

impl Format {
    /// The format in force for a document: the setting, or detected.
    pub fn of(setting: FormatSetting, text: &str) -> Format {
        match setting {
            FormatSetting::Auto => Format::detect(text),
            FormatSetting::Plain => Format::Plain,
            FormatSetting::Pg => Format::Pg,
            FormatSetting::Dp => Format::Dp,
        }
    }

    /// The format a document's own markup shows. A proofing-round file has page separators,
    /// `/* */` blocks, proofer notes or inline tags; a Gutenberg text has the bracketed blocks,
    /// the Gutenberg frame, or italics marked with `_` several times. Raw OCR has none of them
    /// (a speck read as `_` is not paired around a word three times over).
    pub fn detect(text: &str) -> Format {
        let (mut dp, mut pg) = (0usize, 0usize);
        for line in text.lines() {
            let t = line.trim();
            if t.starts_with("-----File:") || t == "[Blank Page]" || matches!(t, "/*" | "*/" | "/#" | "#/") || t == "<tb>" {
                dp += 2;
            }
            if line.contains("[**") || line.contains("<i>") || line.contains("</i>") {
                dp += 1;
            }
            if t.starts_with("[Illustration") || t.starts_with("[Footnote") || t.starts_with("[Sidenote") {
                pg += 3;
            }
            if t.contains("Project Gutenberg") {
                pg += 3;
            }
            if dp >= 2 {
                return Format::Dp;
            }
            if pg >= 3 {
                break;
            }
        }
        if pg >= 3 {
            return Format::Pg;
        }
        let mut italics = 0;
        for para in paragraph_ranges(text) {
            italics += pair_markers(text, para, b'_', None, &mut Vec::new(), &mut Vec::new()).0;
            if italics >= 3 {
                return Format::Pg;
            }
        }
        Format::Plain
    }
}

impl Markup {
    /// The markup of `text` read with `format`.
    pub fn of(text: &str, format: Format) -> Markup {
        let mut m = Markup::default();
        box_drawing(text, &mut m.masks);
        addresses(text, &mut m.masks);
        if format != Format::Plain {
            let dp = format == Format::Dp;
            frame(text, &mut m.masks);
            lines(text, dp, &mut m.masks);
            // (the paragraphs, found once for the notes and the italics)
            let paras = paragraph_ranges(text);
            blocks(text, &mut m);
            transcriber_notes(text, &paras, &mut m.masks);
            inline(text, &paras, dp, &mut m);
        }
        m.normalise();
        m
    }

    /// Sorts the masks and drops those inside another (a `_` inside a blanked `[Greek: …]`);
    /// overlapping masks are joined, blanking winning over deleting.
    fn normalise(&mut self) {
        self.masks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut out: Vec<Mask> = Vec::with_capacity(self.masks.len());
        for m in self.masks.drain(..) {
            if m.start >= m.end {
                continue;
            }
            match out.last_mut() {
                Some(last) if m.start < last.end => {
                    if m.end > last.end {
                        last.end = m.end;
                    }
                    if m.removal == Removal::Blank {
                        last.removal = Removal::Blank;
                    }
                }
                _ => out.push(m),
            }
        }
        self.masks = out;
        self.faults.sort_by_key(|f| f.start);
        self.emphasis.sort_by_key(|r| r.start);
    }

    /// Is there no markup?
    pub fn is_empty(&self) -> bool {
        self.masks.is_empty()
    }

    /// The view of `text[range]` (a segment of the document this markup was found in).
    pub fn view<'t>(&self, text: &'t str, range: Range<usize>) -> View<'t> {
        let base = range.start;
        let first = self.masks.partition_point(|m| m.end <= range.start);
        let masks: Vec<&Mask> = self.masks[first..].iter().take_while(|m| m.start < range.end).collect();
        let seg = &text[range.clone()];
        let first_em = self.emphasis.partition_point(|r| r.end <= range.start);
        let emphasis = self.emphasis[first_em..].iter().take_while(|r| r.start < range.end);
        if masks.is_empty() {
            return View {
                text: Cow::Borrowed(seg),
                base,
                shifts: Vec::new(),
                masks: Vec::new(),
                emphasis: emphasis
                    .map(|r| r.start.max(range.start) - base..r.end.min(range.end) - base)
                    .collect(),
            };
        }
        let mut out = String::with_capacity(seg.len());
        let mut shifts: Vec<(usize, usize)> = Vec::new();
        let mut kept: Vec<Range<usize>> = Vec::with_capacity(masks.len());
        let mut pos = range.start;
        for m in masks {
            let (s, e) = (m.start.max(range.start), m.end.min(range.end));
            out.push_str(&text[pos..s]);
            match m.removal {
                Removal::Blank => {
                    out.extend(text[s..e].bytes().map(|b| if b == b'\n' || b == b'\r' { b as char } else { ' ' }));
                }
                Removal::Substitute(c) => {
                    // (an ASCII byte for each ASCII byte: offsets unchanged)
                    out.extend(text[s..e].bytes().map(|_| c as char));
                }
                Removal::Delete => {
                    let view_at = out.len();
                    // (the view offset at and after which the document lies this much further on)
                    let delta = (e - base) - view_at;
                    shifts.push((view_at, delta));
                }
            }
            kept.push(s - base..e - base);
            pos = e;
        }
        out.push_str(&text[pos..range.end]);
        let mut view = View {
            text: Cow::Owned(out),
            base,
            shifts,
            masks: kept,
            emphasis: Vec::new(),
        };
        view.emphasis = emphasis
            .map(|r| view.to_view(r.start.max(range.start))..view.to_view(r.end.min(range.end)))
            .collect();
        view
    }
}

/// A segment of a document as the checks read it: its markup taken out.
#[derive(Debug)]
pub struct View<'t> {
    pub text: Cow<'t, str>,
    /// Where the segment starts in the document.
    base: usize,
    /// (view offset, how much further on the segment the text from there lies), ascending: one
    /// for each deletion.
    shifts: Vec<(usize, usize)>,
    /// The markup in the segment (segment offsets).
    masks: Vec<Range<usize>>,
    /// The emphasised text of the segment (view offsets), sorted.
    pub emphasis: Vec<Range<usize>>,
}

impl View<'_> {
    /// The view of a text without markup.
    pub fn plain(text: &str) -> View<'_> {
        View {
            text: Cow::Borrowed(text),
            base: 0,
            shifts: Vec::new(),
            masks: Vec::new(),
            emphasis: Vec::new(),
        }
    }

    /// The view offset of a document offset (outside deleted markup).
    fn to_view(&self, d: usize) -> usize {
        let seg = d - self.base;
        // (the last deletion that ends at or before `seg`: its view offset plus its delta)
        let k = self.shifts.partition_point(|&(at, delta)| at + delta <= seg);
        seg - if k == 0 { 0 } else { self.shifts[k - 1].1 }
    }

    /// Does the view read the segment as it is (nothing taken out, or only blanked)?
    pub fn is_identity(&self) -> bool {
        self.shifts.is_empty()
    }

    /// The document offset of a view offset where something starts: after any markup deleted
    /// there.
    pub fn start(&self, v: usize) -> usize {
        let k = self.shifts.partition_point(|&(at, _)| at <= v);
        self.base + v + if k == 0 { 0 } else { self.shifts[k - 1].1 }
    }

    /// The document offset of a view offset where something ends: before any markup deleted
    /// there.
    pub fn end(&self, v: usize) -> usize {
        let k = self.shifts.partition_point(|&(at, _)| at < v);
        self.base + v + if k == 0 { 0 } else { self.shifts[k - 1].1 }
    }

    /// The document range of a view range.
    pub fn range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.start(start);
        (s, self.end(end).max(s))
    }

    /// Does the document range `start..end` hold markup (or, empty, stand inside it)? A fix
    /// there would change the markup.
    pub fn touches_markup(&self, start: usize, end: usize) -> bool {
        let (s, e) = (start.saturating_sub(self.base), end.saturating_sub(self.base));
        let k = self.masks.partition_point(|m| m.end <= s);
        self.masks.get(k).is_some_and(|m| if s == e { m.start < s } else { m.start < e })
    }
}

/// The byte ranges of the paragraphs of `text` (runs of lines between blank lines).
fn paragraph_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, start) {
            (true, Some(s)) => {
                out.push(s..pos);
                start = None;
            }
            (false, None) => start = Some(pos),
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// The lines of `text` with their start offsets, line ends excluded.
fn lines_at(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    text.split_inclusive('\n').map(move |l| {
        let at = pos;
        pos += l.len();
        (at, l.trim_end_matches(['\n', '\r']))
    })
}

/// Box-drawing characters (U+2500–U+257F): table rules, in any format.
fn box_drawing(text: &str, masks: &mut Vec<Mask>) {
    // (their UTF-8 form is E2 94 xx or E2 95 xx)
    let b = text.as_bytes();
    for i in memchr::memchr_iter(0xE2, b) {
        if matches!(b.get(i + 1), Some(0x94 | 0x95)) && i + 3 <= b.len() {
            masks.push(Mask {
                start: i,
                end: i + 3,
                removal: Removal::Blank,
            });
        }
    }
}

/// Web addresses and image file names (`http://…`, `www.…`, `c15d.jpg (329K)`), in any
/// format: no OCR engine reads them from a printed page, and a transcription that links its
/// images names them.
fn addresses(text: &str, masks: &mut Vec<Mask>) {
    const IMAGES: &[&str] = &[".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".svg"];
    let b = text.as_bytes();
    let is_part = |c: u8| !c.is_ascii_whitespace() && !matches!(c, b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'"' | b'\'');
    let mut blank = |s: usize, e: usize| {
        masks.push(Mask {
            start: s,
            end: e,
            removal: Removal::Blank,
        })
    };
    for prefix in ["http://", "https://", "www."] {
        for i in memchr::memmem::find_iter(b, prefix.as_bytes()) {
            if i > 0 && is_part(b[i - 1]) && prefix == "www." {
                continue;
            }
            let mut e = i + b[i..].iter().take_while(|&&c| is_part(c)).count();
            // (a sentence's full stop after the address is not part of it)
            while e > i && matches!(b[e - 1], b'.' | b',' | b';' | b':') {
                e -= 1;
            }
            blank(i, e);
        }
    }
    for i in memchr::memchr_iter(b'.', b) {
        let Some(ext) = IMAGES
            .iter()
            .find(|x| b.len() >= i + x.len() && b[i..i + x.len()].eq_ignore_ascii_case(x.as_bytes()))
        else {
            continue;
        };
        let mut e = i + ext.len();
        if b.get(e).is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let s = b[..i].iter().rposition(|&c| !is_part(c)).map_or(0, |k| k + 1);
        if s == i {
            continue;
        }
        // (and its size after it: ` (329K)`)
        let rest = &text[e..];
        if let Some(size) = rest.strip_prefix(" (") {
            let n = size.bytes().take_while(|c| c.is_ascii_digit() || *c == b'.').count();
            if n > 0 && size[n..].starts_with(['K', 'k', 'M']) && size[n + 1..].starts_with(['B', ')']) {
                e += 2 + n + size[n..].find(')').map_or(0, |k| k + 1);
            }
        }
        blank(s, e);
    }
}

/// The Project Gutenberg frame: the header before `*** START OF THE PROJECT GUTENBERG …` and
/// the licence after `*** END OF …`.
fn frame(text: &str, masks: &mut Vec<Mask>) {
    let mut start_end = None;
    let mut end_start = None;
    for (at, line) in lines_at(text) {
        let t = line.trim_start_matches(['*', ' ']);
        let upper = t.get(..40.min(t.len())).map(|s| s.to_ascii_uppercase()).unwrap_or_default();
        if !line.trim_start().starts_with("***") && !line.trim_start().starts_with("*END*") {
            continue;
        }
        if start_end.is_none()
            && (upper.starts_with("START OF THE PROJECT GUTENBERG") || upper.starts_with("START OF THIS PROJECT GUTENBERG"))
        {
            start_end = Some(at + line.len());
        } else if end_start.is_none()
            && start_end.is_some()
            && (upper.starts_with("END OF THE PROJECT GUTENBERG")
                || upper.starts_with("END OF THIS PROJECT GUTENBERG")
                || upper.starts_with("END OF PROJECT GUTENBERG")
                || upper.starts_with("END*THE SMALL PRINT"))
        {
            end_start = Some(at);
        }
    }
    if let Some(e) = start_end {
        masks.push(Mask {
            start: 0,
            end: e,
            removal: Removal::Blank,
        });
    }
    if let Some(s) = end_start {
        masks.push(Mask {
            start: s,
            end: text.len(),
            removal: Removal::Blank,
        });
    }
}

/// Lines that are markup as a whole: page separators, block markers, thought breaks, rules of
/// dashes or stars, ASCII table rules; and the `|` of table rows.
fn lines(text: &str, dp: bool, masks: &mut Vec<Mask>) {
    let blank = |masks: &mut Vec<Mask>, s: usize, e: usize| {
        masks.push(Mask {
            start: s,
            end: e,
            removal: Removal::Blank,
        })
    };
    for (at, line) in lines_at(text) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let whole = t.starts_with("-----File:")
            || is_correction_line(t)
            || t.starts_with("[Blank Page]")
            || (dp && is_block_marker(t))
            || t.eq_ignore_ascii_case("<tb>")
            || is_rule_line(t);
        if whole {
            blank(masks, at, at + line.len());
            continue;
        }
        // A table row: three or more `|` with space or text between, none glued inside a word
        // on both sides (raw `l|ke` is a misread letter).
        let bars: Vec<usize> = line.match_indices('|').map(|(i, _)| i).collect();
        if bars.len() >= 3 {
            let b = line.as_bytes();
            let glued = bars
                .iter()
                .filter(|&&i| i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_alphabetic() && b[i + 1].is_ascii_alphabetic())
                .count();
            if glued == 0 {
                for i in bars {
                    blank(masks, at + i, at + i + 1);
                }
            }
        }
    }
}

/// A line of a transcriber's list of corrections (`Page 27: "at the botttom" changed to "at
/// the bottom".`): it quotes the faults it mended.
/// Also a line that ends in an italic `_changed to_` (the fault as printed, the mended text on
/// the next line).
fn is_correction_line(t: &str) -> bool {
    let quoted = t.matches(['"', '“', '”', '\'', '‘', '’']).count() >= 2;
    let end = t.trim_end();
    (quoted && (t.contains(" changed to ") || t.contains(" corrected to ") || t.contains(" replaced by ") || t.contains(" amended to ")))
        || ["_changed to_", "_corrected to_", "_replaced by_"].iter().any(|m| end.ends_with(m))
}

/// A DP block marker line: `/*`, `*/`, `/#`, `#/` and the post-processing variants, with
/// optional parameters (`/#[4.6,72]`).
fn is_block_marker(t: &str) -> bool {
    const OPEN: &[char] = &['*', '#', '$', 'x', 'X', 'f', 'F', 'p', 'P', 'l', 'L', 'r', 'R', 'c', 'C', 'i', 'I'];
    let b = t.as_bytes();
    if b.len() >= 2 && b[0] == b'/' && OPEN.contains(&(b[1] as char)) {
        return b.len() == 2 || b[2] == b'[';
    }
    b.len() == 2 && b[1] == b'/' && OPEN.contains(&(b[0] as char))
}

/// A line of marks only, no letter or digit: a thought break (`*       *       *`), a rule of
/// dashes or equals signs, an ASCII table rule (`+-----+------+`), a line of scansion marks
/// (`‑ ⏑ ‑ ‑ | ‑ ⏑ ‑`).
fn is_rule_line(t: &str) -> bool {
    let mut marks = 0;
    for c in t.chars() {
        if c.is_alphanumeric() {
            return false;
        }
        if !c.is_whitespace() && c != '.' {
            marks += 1;
        }
    }
    marks >= 3
}

/// Bracketed blocks: `[Footnote 1: …]`, `[Illustration: …]`, `[Sidenote: …]` (tag and closing
/// bracket are markup, the text stays); `[Greek: …]`, `[**note]`, `[Transcriber's Note: …]`
/// (blanked whole); `[Pg 12]` page labels.
fn blocks(text: &str, m: &mut Markup) {
    let b = text.as_bytes();
    let mut skip_to = 0;
    for i in memchr::memchr_iter(b'[', b) {
        if i < skip_to {
            continue;
        }
        let rest = &text[i + 1..];
        if rest.starts_with("**") {
            if let Some(close) = closing_bracket(text, i) {
                m.masks.push(Mask {
                    start: i,
                    end: close + 1,
                    removal: Removal::Blank,
                });
                skip_to = close + 1;
            }
            continue;
        }
        if let Some(n) = page_label(rest) {
            m.masks.push(Mask {
                start: i,
                end: i + 1 + n,
                removal: Removal::Blank,
            });
            continue;
        }
        let quiet = QUIET_BLOCKS.iter().find(|t| tag_at(rest, t));
        let kept = TEXT_BLOCKS.iter().find(|t| tag_at(rest, t));
        let Some(tag) = quiet.or(kept) else { continue };
        // (a `*` before the bracket: a note continued from the previous page)
        let open_start = if i > 0 && b[i - 1] == b'*' { i - 1 } else { i };
        let close = closing_bracket(text, i);
        if quiet.is_some() {
            let end = close.map_or(line_end(text, i), |c| c + 1);
            m.masks.push(Mask {
                start: open_start,
                end,
                removal: Removal::Blank,
            });
            skip_to = end;
            continue;
        }
        // The opening tag: `[Footnote 1: `, `[Illustration: `, `[Illustration]`.
        let after_tag = i + 1 + tag.len();
        let label_end = text[after_tag..]
            .find([':', ']', '\n'])
            .map(|k| after_tag + k)
            .filter(|&k| k - after_tag <= 12)
            .unwrap_or(after_tag);
        let mut open_end = label_end;
        if b.get(open_end) == Some(&b':') {
            open_end += 1;
            while b.get(open_end) == Some(&b' ') {
                open_end += 1;
            }
        }
        let label = text[after_tag..label_end].trim();
        let line_start = open_start == 0 || b[open_start - 1] == b'\n';
        if *tag == "Footnote"
            && line_start
            && !label.is_empty()
            && b.get(label_end) == Some(&b':')
            && label.bytes().all(|c| c.is_ascii_alphanumeric())
        {
            // `[Footnote 12: ` opening a line is read as the note `[12] `: the footnote checks
            // pair it with its marker. (Inside a paragraph it is no note of that kind.)
            let label_start = after_tag + text[after_tag..label_end].find(label).unwrap_or(0);
            m.masks.push(Mask {
                start: open_start,
                end: i,
                removal: Removal::Delete,
            });
            m.masks.push(Mask {
                start: i + 1,
                end: label_start,
                removal: Removal::Delete,
            });
            m.masks.push(Mask {
                start: label_end,
                end: label_end + 1,
                removal: Removal::Substitute(b']'),
            });
        } else {
            m.masks.push(Mask {
                start: open_start,
                end: open_end,
                removal: Removal::Delete,
            });
        }
        match close {
            Some(c) => {
                // (and a `*` after it: a note continued on the next page)
                let end = if b.get(c + 1) == Some(&b'*') { c + 2 } else { c + 1 };
                m.masks.push(Mask {
                    start: c,
                    end,
                    removal: Removal::Delete,
                });
            }
            None => m.faults.push(MarkupFault {
                start: i,
                end: after_tag,
                kind: FaultKind::UnclosedBlock,
            }),
        }
    }
}

/// Does `rest` (the text after a `[`) start with the block tag `tag`, followed by `:`, `]`, a
/// space or a label?
fn tag_at(rest: &str, tag: &str) -> bool {
    rest.starts_with(tag)
        && match rest.as_bytes().get(tag.len()) {
            Some(b':' | b']' | b' ') => true,
            // (a plural of a long tag, `[Footnotes`; not of a short one, `[Notes`, `[TNs`)
            Some(b's') => tag.len() > 4,
            _ => false,
        }
}

/// The length of a page label after a `[`: `Pg 149]`, `Pg. 149]`, `Page 149]`, `Pg xiv]`.
fn page_label(rest: &str) -> Option<usize> {
    let after = rest
        .strip_prefix("Pg ")
        .or_else(|| rest.strip_prefix("Pg. "))
        .or_else(|| rest.strip_prefix("Page "))?;
    let n = after.bytes().take_while(|c| c.is_ascii_alphanumeric()).count();
    (n > 0 && n <= 8 && after.as_bytes().get(n) == Some(&b']')).then(|| rest.len() - after.len() + n + 1)
}

/// The `]` that closes the `[` at `open`, nested brackets counted, within [`BLOCK_REACH`].
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let b = text.as_bytes();
    let end = (open + BLOCK_REACH).min(b.len());
    let mut depth = 0usize;
    for (k, &c) in b[open..end].iter().enumerate() {
        match c {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + k);
                }
            }
            _ => {}
        }
    }
    None
}

fn line_end(text: &str, from: usize) -> usize {
    text[from..].find('\n').map_or(text.len(), |k| from + k)
}

/// A transcriber's note paragraph (a line starting "Transcriber's Note"): it lists the
/// corrections made, with the faulty forms quoted, and is blanked with the paragraph after it
/// when the heading stands alone.
fn transcriber_notes(text: &str, paras: &[Range<usize>], masks: &mut Vec<Mask>) {
    let mut k = 0;
    while k < paras.len() {
        let p = &paras[k];
        let head = text[p.clone()].trim_start();
        // (most paragraphs are passed over at their first letter, without a lower-case copy)
        let heading = head.starts_with(['T', 't']) && {
            let lower: String = head.chars().take(20).flat_map(char::to_lowercase).collect();
            let lower = lower.replace('’', "'");
            lower.starts_with("transcriber's note") || lower.starts_with("transcribers note")
        };
        if heading {
            let mut end = p.end;
            let alone = !text[p.clone()].trim().contains('\n');
            if alone {
                if let Some(next) = paras.get(k + 1) {
                    end = next.end;
                    k += 1;
                }
            }
            masks.push(Mask {
                start: p.start,
                end,
                removal: Removal::Blank,
            });
        }
        k += 1;
    }
}

/// Inline markup: `_italics_` and `=bold=` paired within a paragraph, `<i>`-style tags,
/// superscripts (`y^e`, `2^{nd}`), and DP's `-*` (a hyphen the proofer was unsure of).
fn inline(text: &str, paras: &[Range<usize>], dp: bool, m: &mut Markup) {
    let mut pairs = Vec::new();
    let mut unclosed = Vec::new();
    // (an opener left open in a short paragraph — a heading set in italics over two lines with
    // a blank between — may be closed in the next one)
    let mut carry = None;
    for para in paras.iter().cloned() {
        let short = para.len() <= CARRY_ITALICS_WITHIN;
        let (_, open) = pair_markers(text, para.clone(), b'_', carry.take(), &mut pairs, &mut unclosed);
        match open {
            Some(o) if short && o >= para.start => carry = Some(o),
            Some(o) => unclosed.push(o),
            None => {}
        }
        pair_markers(text, para, b'=', None, &mut pairs, &mut Vec::new());
    }
    unclosed.extend(carry);
    m.faults.extend(unclosed.into_iter().map(|u| MarkupFault {
        start: u,
        end: u + 1,
        kind: FaultKind::UnclosedItalics,
    }));
    for pair in pairs.chunks_exact(2) {
        m.emphasis.push(pair[0] + 1..pair[1]);
    }
    m.masks.extend(pairs.into_iter().map(|i| Mask {
        start: i,
        end: i + 1,
        removal: Removal::Delete,
    }));
    let b = text.as_bytes();
    for i in memchr::memchr_iter(b'<', b) {
        if let Some(n) = tag_len(&b[i..]) {
            m.masks.push(Mask {
                start: i,
                end: i + n,
                removal: Removal::Delete,
            });
        }
    }
    for i in memchr::memchr_iter(b'^', b) {
        if i == 0 || !(b[i - 1].is_ascii_alphanumeric()) {
            continue;
        }
        // (a superscript ends an abbreviation — `y^e`, `M^r`, `Househ^d`, `2^{nd}` — whose first
        // part is one letter, a number or capitalised; `ma^ke` is a speck in a word)
        let word_start = b[..i].iter().rposition(|c| !c.is_ascii_alphanumeric()).map_or(0, |k| k + 1);
        let head = &b[word_start..i];
        if !(head.len() == 1 || head[0].is_ascii_uppercase() || head.iter().all(u8::is_ascii_digit)) {
            continue;
        }
        if b.get(i + 1) == Some(&b'{') {
            if let Some(k) = b[i + 2..].iter().take(12).position(|&c| c == b'}') {
                m.masks.push(Mask {
                    start: i,
                    end: i + 2,
                    removal: Removal::Delete,
                });
                m.masks.push(Mask {
                    start: i + 2 + k,
                    end: i + 3 + k,
                    removal: Removal::Delete,
                });
            }
        } else if b.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
            m.masks.push(Mask {
                start: i,
                end: i + 1,
                removal: Removal::Delete,
            });
        }
    }
    if dp {
        for i in memchr::memmem::find_iter(b, b"-*") {
            if i > 0 && b[i - 1].is_ascii_alphabetic() {
                m.masks.push(Mask {
                    start: i + 1,
                    end: i + 2,
                    removal: Removal::Delete,
                });
            }
        }
    }
}

/// The length of an inline tag at the start of `b` (`<i>`, `</sc>`, `<tb>`), if it is one.
fn tag_len(b: &[u8]) -> Option<usize> {
    const TAGS: &[&[u8]] = &[b"i", b"b", b"u", b"f", b"g", b"sc", b"em", b"strong", b"tb"];
    let inner = if b.get(1) == Some(&b'/') { 2 } else { 1 };
    TAGS.iter().find_map(|t| {
        let end = inner + t.len();
        (b.len() > end && b[inner..end].eq_ignore_ascii_case(t) && b[end] == b'>').then_some(end + 1)
    })
}

/// How long a paragraph may be whose unclosed `_` is looked for in the next paragraph.
const CARRY_ITALICS_WITHIN: usize = 200;
/// How long a word may be whose first letters alone are italic (`_Un_important`).
const PART_ITALICS_WITHIN: usize = 24;

/// Pairs the markers `mark` (`_`, `=`) of one paragraph: an opener stands before text (not
/// after a letter or digit, not before a space), a closer after text (not before a letter or
/// digit, not after a space; or, for `_`, inside a word a few letters after its opener:
/// `_Un_important`). `open` is an opener carried from the previous paragraph. The positions
/// of paired markers are added to `out`, and openers given up for a later one to `unclosed`;
/// returns the number of pairs and the opener left open at the end, if any.
fn pair_markers(
    text: &str,
    para: Range<usize>,
    mark: u8,
    mut open: Option<usize>,
    out: &mut Vec<usize>,
    unclosed: &mut Vec<usize>,
) -> (usize, Option<usize>) {
    let b = text.as_bytes();
    let mut pairs = 0;
    for i in memchr::memchr_iter(mark, &b[para.clone()]).map(|k| para.start + k) {
        let before = if i > para.start { text[..i].chars().next_back() } else { None };
        let after = text[i + 1..].chars().next();
        // (a run of markers — `____`, `==` — is neither)
        if before == Some(mark as char) || after == Some(mark as char) {
            continue;
        }
        let can_open = !before.is_some_and(char::is_alphanumeric) && after.is_some_and(|c| !c.is_whitespace());
        let in_word = mark == b'_'
            && before.is_some_and(char::is_alphanumeric)
            && after.is_some_and(char::is_alphanumeric)
            && open.is_some_and(|o| i - o <= PART_ITALICS_WITHIN && !text[o..i].contains(char::is_whitespace));
        let can_close = in_word || (before.is_some_and(|c| !c.is_whitespace()) && !after.is_some_and(char::is_alphanumeric));
        match open {
            Some(o) if can_close => {
                // (bold needs text: `a = b` is no markup)
                if mark != b'=' || text[o + 1..i].chars().next().is_some_and(char::is_alphanumeric) {
                    out.push(o);
                    out.push(i);
                    pairs += 1;
                }
                open = None;
            }
            _ if can_open => {
                if let Some(o) = open.replace(i) {
                    if mark == b'_' && o < para.start {
                        unclosed.push(o);
                    }
                }
            }
            _ => {}
        }
    }
    (pairs, open.filter(|_| mark == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view_of(text: &str, format: Format) -> String {
        Markup::of(text, format).view(text, 0..text.len()).text.into_owned()
    }

    #[test]
    fn italics_and_bold_are_deleted_where_paired() {
        let t = "“_Forgiven_ you?” said _Simon Legree’s_ man, =bold= and _Caleb!_\n";
        assert_eq!(view_of(t, Format::Pg), "“Forgiven you?” said Simon Legree’s man, bold and Caleb!\n");
        // Plain text keeps them: there a `_` is a speck.
        assert_eq!(view_of(t, Format::Plain), t);
        // Not paired, not markup; a sum is not bold.
        let t = "snake_case and a = b = c and ____ blanks\n";
        assert_eq!(view_of(t, Format::Pg), t);
    }

    #[test]
    fn italics_may_cross_a_line_but_not_a_paragraph() {
        let long = "word ".repeat(50);
        let t = format!("a _long\nphrase_ here\n\n_open {long}\n\nnext_ para\n");
        let m = Markup::of(&t, Format::Pg);
        assert_eq!(
            m.view(&t, 0..t.len()).text,
            format!("a long\nphrase here\n\n_open {long}\n\nnext_ para\n")
        );
        assert_eq!(m.faults.len(), 1);
        assert_eq!(m.faults[0].kind, FaultKind::UnclosedItalics);
        assert_eq!(m.faults[0].start, t.find("_open").unwrap());
        // A short heading's italics may close after a blank line; a part of a word may be italic.
        let t = "_From Miss Gwilt.\n\n(Second Answer.)_\n\n“_Un_important,” he said.\n";
        let m = Markup::of(t, Format::Pg);
        assert_eq!(
            m.view(t, 0..t.len()).text,
            "From Miss Gwilt.\n\n(Second Answer.)\n\n“Unimportant,” he said.\n"
        );
        assert!(m.faults.is_empty());
    }

    #[test]
    fn blocks_keep_their_text_and_lose_their_tags() {
        let t = "He said so.[1]\n\n[Footnote 1: See the _Annals_,\n\nvol. ii.]\n\n[Illustration: The Mill]\n\n[Illustration]\n";
        let v = view_of(t, Format::Pg);
        assert_eq!(v, "He said so.[1]\n\n[1] See the Annals,\n\nvol. ii.\n\nThe Mill\n\n\n");
    }

    #[test]
    fn a_list_of_corrections_is_blanked() {
        let t = "Page 27: \"at the botttom\" changed to \"at the bottom\".\nThe botttom line.\n";
        let v = view_of(t, Format::Pg);
        assert_eq!(v.matches("botttom").count(), 1, "{v:?}");
        // The italic form: the fault on a line ending `_changed to_`, the mended text below.
        let t = "  Page 13\n      I thougbt so _changed to_\n      I thought so\n";
        let v = view_of(t, Format::Pg);
        assert!(!v.contains("thougbt") && v.contains("I thought so"), "{v:?}");
    }

    #[test]
    fn a_footnote_inside_a_paragraph_is_no_note_line() {
        let t = "He said so [Footnote 1: See below.] and left.\n";
        assert_eq!(view_of(t, Format::Pg), "He said so See below. and left.\n");
    }

    #[test]
    fn quiet_blocks_and_page_lines_are_blanked() {
        let t = "as [Greek: hoti tôn] said [**typo?] it\n-----File: 001.png---\\a\\b\\----\n[Pg 12]x\n";
        let v = view_of(t, Format::Dp);
        assert_eq!(v.len(), t.len());
        assert!(!v.contains("hoti") && !v.contains("typo") && !v.contains("File") && !v.contains("Pg"));
        assert_eq!(v.lines().count(), t.lines().count());
    }

    #[test]
    fn tables_and_rules_are_blanked() {
        let t = "│ Tale  │  2 │\n+------+----+\n| a | b | c |\n*       *       *\nl|ke this\n";
        let v = view_of(t, Format::Pg);
        assert!(!v.contains('│') && !v.contains("+--") && !v.contains('*'));
        assert!(v.contains("Tale") && v.contains(" a   b   c "));
        assert!(v.contains("l|ke"), "a `|` inside a word is a misread letter: {v:?}");
        // Box drawing in any format.
        assert!(!view_of("│ x │\n", Format::Plain).contains('│'));
    }

    #[test]
    fn tags_superscripts_and_unsure_hyphens() {
        let t = "<i>Ibid.</i> y^e 2^{nd} up-*stairs M^r ma^ke\n";
        assert_eq!(view_of(t, Format::Dp), "Ibid. ye 2nd up-stairs Mr ma^ke\n");
    }

    #[test]
    fn addresses_and_image_names_are_blanked() {
        let t = "See http://www.gutenberg.org/x.html. [c15d.jpg (329K)] and www.pgdp.net now\n";
        let v = view_of(t, Format::Plain);
        assert_eq!(v.len(), t.len());
        assert!(
            v.starts_with("See ") && v.contains(". [") && v.contains("] and ") && v.ends_with(" now\n"),
            "{v:?}"
        );
        assert!(!v.contains("c15d") && !v.contains("329K") && !v.contains("pgdp"), "{v:?}");
    }

    #[test]
    fn the_gutenberg_frame_is_blanked() {
        let t =
            "Header\n*** START OF THE PROJECT GUTENBERG EBOOK X ***\nBody text\n*** END OF THE PROJECT GUTENBERG EBOOK X ***\nLicence\n";
        let v = view_of(t, Format::Pg);
        assert!(v.contains("Body text") && !v.contains("Header") && !v.contains("Licence"));
    }

    #[test]
    fn view_offsets_map_back_to_the_document() {
        let t = "see _Caleb_ now";
        let m = Markup::of(t, Format::Pg);
        let v = m.view(t, 0..t.len());
        assert_eq!(v.text, "see Caleb now");
        let (s, e) = v.range(4, 9);
        assert_eq!(&t[s..e], "Caleb");
        let (s, e) = v.range(10, 13);
        assert_eq!(&t[s..e], "now");
        // A range over the marker touches markup; the word alone does not.
        assert!(!v.touches_markup(5, 10));
        assert!(v.touches_markup(4, 11));
        // In a segment.
        assert_eq!(v.emphasis, vec![4..9]);
        let v = m.view(t, 4..t.len());
        assert_eq!(v.text, "Caleb now");
        assert_eq!(v.range(0, 5), (5, 10));
        assert_eq!(v.emphasis, vec![0..5]);
    }

    #[test]
    fn detection() {
        assert_eq!(Format::detect("-----File: 001.png---\ntext\n"), Format::Dp);
        assert_eq!(Format::detect("text\n\n[Illustration: A]\n"), Format::Pg);
        assert_eq!(Format::detect("_a_ b _c_ d _e_\n"), Format::Pg);
        assert_eq!(Format::detect("raw _ocr_ text, a | b\n"), Format::Plain);
    }
}
