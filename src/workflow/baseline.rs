//! Baselines: today's findings written to a file, so that `check --baseline FILE` reports only
//! the findings that are new. An old corpus can adopt scanno without fixing every old finding
//! first.
//!
//! A finding's fingerprint is a 64-bit hash of its rule, the flagged text and a few words of
//! normalised context on each side — never its line or offset — so entries survive lines being
//! inserted or removed elsewhere in the file. The same fingerprint can occur several times; the
//! baseline counts them, and only the occurrences beyond the count are reported.
//!
//! The file is text, sorted, one line a fingerprint (12 bytes), under a line naming its file and
//! one naming its rule, so that it stays small (1.4 million findings of a 56 MB raw-OCR file:
//! about 17 MB) and its changes read as diffs:
//!
//! ```text
//! # scanno baseline 2
//! file "texts/old.txt"
//! rule ocr/non-word
//! cGx1bWJ1bTI
//! Zm9vYmFyYmE 2
//! ```
//!
//! Version 1 baselines (JSON, written by earlier versions) are still read.

use crate::document::Document;
use crate::finding::Finding;
use crate::workflow::fixer::FindingFilter;
use base64::Engine as _;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The default baseline file name.
pub const DEFAULT_FILE: &str = ".scanno-baseline";
/// Words of context kept on each side of a finding.
pub const CONTEXT_WORDS: usize = 3;
/// The first line of a baseline file of the version written.
const HEADER: &str = "# scanno baseline 2";

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The normalised context of a finding: up to `CONTEXT_WORDS` whitespace-separated words before
/// and after it on its own line (looking at most a few hundred bytes away). Lines inserted or
/// removed elsewhere, even right above, leave it unchanged.
pub fn context(text: &str, start: usize, end: usize) -> String {
    let start = floor(text, start);
    let end = floor(text, end.max(start));
    let from = floor(text, start.saturating_sub(200));
    let before = &text[from..start];
    let before = before.rfind('\n').map(|i| &before[i + 1..]).unwrap_or(before);
    // A finding that takes its line break with it (a deleted line) has no context after it.
    let after = if text[start..end].ends_with('\n') {
        ""
    } else {
        let a = &text[end..floor(text, end + 200)];
        a.find('\n').map(|i| &a[..i]).unwrap_or(a)
    };
    let mut b: Vec<&str> = before.split_whitespace().rev().take(CONTEXT_WORDS).collect();
    b.reverse();
    let a: Vec<&str> = after.split_whitespace().take(CONTEXT_WORDS).collect();
    format!("{} … {}", b.join(" "), a.join(" "))
}

/// The flagged text, whitespace collapsed (a finding may span a line break).
fn flagged(text: &str, start: usize, end: usize) -> String {
    let s = floor(text, start);
    let e = floor(text, end.max(s));
    text[s..e].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A finding's fingerprint: its rule, flagged text and context hashed with scanno's own fixed
/// hash (the same on every machine and version).
pub fn fingerprint(rule: &str, flagged: &str, context: &str) -> u64 {
    let mut key = String::with_capacity(rule.len() + flagged.len() + context.len() + 2);
    for (i, part) in [rule, flagged, context].into_iter().enumerate() {
        if i > 0 {
            key.push('\0');
        }
        key.push_str(part);
    }
    crate::lexicon::word_hash(&key)
}

fn finding_fingerprint(text: &str, f: &Finding) -> u64 {
    fingerprint(&f.rule, &flagged(text, f.start, f.end), &context(text, f.start, f.end))
}

/// A fingerprint as written: 64 bits in 11 characters of URL-safe base64.
fn encode(fp: u64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(fp.to_be_bytes())
}

fn decode(s: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s).ok()?;
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

/// The path of a file relative to `base` (the baseline file's folder) when it is under it.
pub fn relative_to(base: &Path, file: &Path) -> String {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| std::env::current_dir().map(|d| d.join(p)).unwrap_or(p.to_path_buf()));
    let (b, f) = (abs(base), abs(file));
    match f.strip_prefix(&b) {
        Ok(rel) => crate::engine::inputs::display_path(rel),
        Err(_) => crate::engine::inputs::display_path(file),
    }
}

/// Fingerprint counts by rule, of one file.
type FileEntries = BTreeMap<String, BTreeMap<u64, usize>>;

/// The findings a baseline accepts: by file (relative to the baseline's folder, `/`
/// separators), by rule, each fingerprint with its count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    files: BTreeMap<String, FileEntries>,
}

/// A version 1 baseline (JSON).
#[derive(Deserialize)]
struct JsonBaseline {
    version: u32,
    findings: Vec<JsonEntry>,
}

#[derive(Deserialize)]
struct JsonEntry {
    path: String,
    rule: String,
    text: String,
    context: String,
    count: usize,
}

impl Baseline {
    /// Builds a baseline from each file's text and findings. `base` is the folder the baseline
    /// file will be in.
    pub fn build<'a>(base: &Path, files: impl IntoIterator<Item = (&'a Path, &'a str, &'a [Finding])>) -> Baseline {
        let mut b = Baseline::default();
        for (path, text, findings) in files {
            let entries = b.files.entry(relative_to(base, path)).or_default();
            for f in findings {
                b_add(entries, &f.rule, finding_fingerprint(text, f), 1);
            }
        }
        b.files.retain(|_, e| !e.is_empty());
        b
    }

    /// How many entries (distinct fingerprints) the baseline holds.
    pub fn len(&self) -> usize {
        self.files.values().flat_map(|r| r.values()).map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many files the baseline names.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The files the baseline names (relative to its folder).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Writes the baseline file.
    pub fn write(&self, w: &mut dyn Write) -> std::io::Result<()> {
        writeln!(w, "{HEADER}")?;
        writeln!(
            w,
            "# Findings accepted as they are: `scanno check --baseline FILE` reports only the others."
        )?;
        writeln!(
            w,
            "# One line a finding's fingerprint (its rule, text and three words each side; no line"
        )?;
        writeln!(w, "# numbers), with a count when several share it. Written by `scanno baseline`.")?;
        for (path, rules) in &self.files {
            writeln!(w, "file {}", serde_json::to_string(path).map_err(std::io::Error::other)?)?;
            for (rule, fps) in rules {
                writeln!(w, "rule {rule}")?;
                for (&fp, &n) in fps {
                    match n {
                        1 => writeln!(w, "{}", encode(fp))?,
                        n => writeln!(w, "{} {n}", encode(fp))?,
                    }
                }
            }
        }
        Ok(())
    }

    /// The baseline as the text of its file.
    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        self.write(&mut out).expect("written to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    /// Reads a baseline file (version 2, or version 1's JSON). Errors name the file and line.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = crate::document::read_bounded_text(path, crate::document::LIST_LIMIT, true)
            .map_err(|e| format!("could not read baseline {}: {e}", path.display()))?;
        Baseline::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// Parses the text of a baseline file; an error starts with its line number.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        if text.trim_start().starts_with('{') {
            return Baseline::parse_json(text);
        }
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, HEADER)) => {}
            Some((_, l)) if l.starts_with("# scanno baseline ") => {
                return Err(format!(
                    "1: a baseline of another version (`{l}`); this scanno reads version 2 and version 1 (JSON)"
                ))
            }
            _ => return Err(format!("1: not a scanno baseline (its first line is not `{HEADER}`)")),
        }
        let mut b = Baseline::default();
        let mut file: Option<String> = None;
        let mut rule: Option<String> = None;
        for (i, line) in lines {
            let at = i + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix("file ") {
                let name: String = serde_json::from_str(name).map_err(|_| format!("{at}: a file name must be a quoted string: {line}"))?;
                file = Some(name);
                rule = None;
            } else if let Some(r) = line.strip_prefix("rule ") {
                if file.is_none() {
                    return Err(format!("{at}: a `rule` line before any `file` line"));
                }
                rule = Some(r.trim().to_string());
            } else {
                let (Some(f), Some(r)) = (&file, &rule) else {
                    return Err(format!("{at}: a fingerprint before its `file` and `rule` lines"));
                };
                let mut parts = line.split(' ');
                let fp = parts
                    .next()
                    .and_then(decode)
                    .ok_or_else(|| format!("{at}: not a fingerprint: {line}"))?;
                let n = match parts.next() {
                    None => 1,
                    Some(n) => n
                        .parse::<usize>()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| format!("{at}: not a count: {line}"))?,
                };
                if parts.next().is_some() {
                    return Err(format!("{at}: more than a fingerprint and a count: {line}"));
                }
                b_add(b.files.entry(f.clone()).or_default(), r, fp, n);
            }
        }
        Ok(b)
    }

    fn parse_json(text: &str) -> Result<Baseline, String> {
        let j: JsonBaseline = serde_json::from_str(text).map_err(|e| format!("{}: not a scanno baseline: {e}", e.line()))?;
        if j.version != 1 {
            return Err(format!("1: baseline version {} is not supported (expected 1 or 2)", j.version));
        }
        let mut b = Baseline::default();
        for e in j.findings {
            let fp = fingerprint(&e.rule, &e.text, &e.context);
            b_add(b.files.entry(e.path).or_default(), &e.rule, fp, e.count);
        }
        Ok(b)
    }
}

/// Adds `n` findings of `rule` with fingerprint `fp` to a file's entries.
fn b_add(entries: &mut FileEntries, rule: &str, fp: u64, n: usize) {
    let fps = match entries.get_mut(rule) {
        Some(f) => f,
        None => entries.entry(rule.to_string()).or_default(),
    };
    *fps.entry(fp).or_default() += n;
}

/// `--baseline FILE` as a filter: drops the findings the baseline accounts for.
pub struct BaselineFilter {
    base: PathBuf,
    baseline: Baseline,
}

impl BaselineFilter {
    pub fn new(file: &Path, baseline: Baseline) -> BaselineFilter {
        let base = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        BaselineFilter { base, baseline }
    }

    /// The files the baseline names that are not among `checked` (paths as checked): a
    /// baseline written from another folder, or of files since renamed.
    pub fn unmatched<'a>(&'a self, checked: impl IntoIterator<Item = &'a Path>) -> Vec<&'a str> {
        let seen: std::collections::BTreeSet<String> = checked.into_iter().map(|p| relative_to(&self.base, p)).collect();
        self.baseline.paths().filter(|p| !seen.contains(*p)).collect()
    }

    /// How many files the baseline names.
    pub fn file_count(&self) -> usize {
        self.baseline.file_count()
    }
}

impl FindingFilter for BaselineFilter {
    fn filter(&self, doc: &Document, findings: &mut Vec<Finding>) {
        let Some(entries) = self.baseline.files.get(&relative_to(&self.base, &doc.path)) else {
            return;
        };
        // (a fingerprint hashes the rule too: counted by fingerprint alone)
        let mut used: BTreeMap<u64, usize> = BTreeMap::new();
        findings.retain(|f| {
            let Some(fps) = entries.get(f.rule.as_str()) else { return true };
            let fp = finding_fingerprint(&doc.text, f);
            let allowed = fps.get(&fp).copied().unwrap_or(0);
            let n = used.entry(fp).or_default();
            *n += 1;
            *n > allowed
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn context_ignores_line_numbers_and_spacing() {
        let a = "one two three tbe four five six\n";
        let b = "new line\n\none  two three tbe four five six\nmore\n";
        assert_eq!(context(a, 14, 17), context(b, b.find("tbe").unwrap(), b.find("tbe").unwrap() + 3));
    }

    #[test]
    fn counts_duplicates() {
        let text = "a b c tbe d e f\n".repeat(3);
        let text = text.as_str();
        let doc = Document::from_str("a.txt", text);
        let all: Vec<Finding> = text
            .match_indices("tbe")
            .map(|(i, _)| Finding::new("ocr/x", Severity::Warning, i, i + 3, "m".into()))
            .collect();
        let b = Baseline::build(Path::new("."), [(Path::new("a.txt"), text, &all[..2])]);
        assert_eq!(b.len(), 1);
        let written = b.to_text();
        assert!(written.starts_with("# scanno baseline 2\n"), "{written}");
        assert!(
            written.contains("file \"a.txt\"\nrule ocr/x\n") && written.ends_with(" 2\n"),
            "{written}"
        );
        assert_eq!(Baseline::parse(&written).unwrap(), b);
        let filter = BaselineFilter::new(Path::new(DEFAULT_FILE), b);
        let mut f = all.clone();
        filter.filter(&doc, &mut f);
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn a_fingerprint_is_eleven_characters_and_round_trips() {
        for fp in [0, 1, u64::MAX, fingerprint("ocr/non-word", "tbe", "a b c … d e f")] {
            let s = encode(fp);
            assert_eq!(s.len(), 11, "{s}");
            assert_eq!(decode(&s), Some(fp));
        }
        // Fixed across machines and versions (scanno's own hash).
        assert_eq!(encode(fingerprint("ocr/x", "tbe", "a … b")), "j4ryWBVoNWM");
        assert_ne!(fingerprint("ocr/x", "tbe", "a … b"), fingerprint("ocr/y", "tbe", "a … b"));
    }

    #[test]
    fn version_1_json_baselines_are_still_read_and_bad_lines_are_located() {
        let json =
            r#"{"version": 1, "findings": [{"path": "a.txt", "rule": "ocr/x", "text": "tbe", "context": "a b c … d e f", "count": 2}]}"#;
        let b = Baseline::parse(json).unwrap();
        assert_eq!(b.len(), 1);
        assert!(b
            .to_text()
            .ends_with(&format!("{} 2\n", encode(fingerprint("ocr/x", "tbe", "a b c … d e f")))));
        let bad = |text: &str, needle: &str| {
            let e = Baseline::parse(text).unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
        };
        bad(
            "# scanno baseline 2\nfile \"a.txt\"\nrule ocr/x\nnot-a-print!\n",
            "4: not a fingerprint",
        );
        bad("# scanno baseline 2\nAAAAAAAAAAA\n", "2: a fingerprint before");
        bad("# scanno baseline 2\nfile a.txt\n", "2: a file name must be a quoted string");
        bad("# scanno baseline 2\nfile \"a\"\nrule r\nAAAAAAAAAAA 0\n", "4: not a count");
        bad("# scanno baseline 9\n", "another version");
        bad("hello\n", "not a scanno baseline");
        bad(r#"{"version": 7, "findings": []}"#, "version 7");
    }
}
