//! Changed lines only: `check --changed-since REV` (from `git diff -U0 REV`) or
//! `--changed-lines-from FILE` (any unified diff) keeps the findings that touch a line the
//! change added or modified, in the new version of each file.
//!
//! The whole corpus is still checked (corpus-wide rules see every file); the filter runs after.

use crate::document::Document;
use crate::finding::Finding;
use crate::workflow::fixer::FindingFilter;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// Changed line ranges (1-based, inclusive) per file of the new version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangedLines {
    files: BTreeMap<PathBuf, Vec<(usize, usize)>>,
}

/// Removes `.` and `..` components without touching the file system.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The absolute, canonical form of a path (lexical when it does not exist).
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    lexical(&joined)
}

/// Undoes git's quoting of unusual file names (`"a\tb"`, octal escapes for bytes), giving the
/// name's bytes: a name that is not UTF-8 keeps its own bytes.
fn unquote(s: &[u8]) -> Vec<u8> {
    let Some(b) = s.strip_prefix(b"\"").and_then(|s| s.strip_suffix(b"\"")) else {
        return s.to_vec();
    };
    let mut bytes = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            // Three octal digits are one byte (git writes every non-ASCII byte so).
            let octal = b.get(i + 1..i + 4).filter(|d| d.iter().all(|c| (b'0'..=b'7').contains(c)));
            if let Some(d) = octal {
                let v = u32::from(d[0] - b'0') * 64 + u32::from(d[1] - b'0') * 8 + u32::from(d[2] - b'0');
                if let Ok(v) = u8::try_from(v) {
                    bytes.push(v);
                    i += 4;
                    continue;
                }
            }
            bytes.push(match b[i + 1] {
                b'n' => b'\n',
                b't' => b'\t',
                b'r' => b'\r',
                b'a' => 7,
                b'b' => 8,
                b'f' => 12,
                b'v' => 11,
                other => other,
            });
            i += 2;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    bytes
}

/// A path from a name's bytes (on Unix, any bytes; elsewhere, read as UTF-8).
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The new file's path of a `+++ ` line: `None` for a deleted file.
fn new_path(rest: &[u8]) -> Option<PathBuf> {
    let rest = rest.trim_ascii_end();
    // `diff -u` puts a tab and a timestamp after the name.
    let name = if rest.starts_with(b"\"") {
        rest
    } else {
        rest.split(|&b| b == b'\t').next().unwrap_or(rest)
    };
    let name = unquote(name.trim_ascii_end());
    if name == b"/dev/null" {
        None
    } else {
        Some(path_from_bytes(name))
    }
}

/// `-start,count` and `+start,count` of a hunk header: the old and the new line counts and the
/// new start.
fn hunk_header(line: &str) -> Option<(usize, usize, usize)> {
    let mut words = line.split_whitespace().skip(1);
    let count = |w: &str| -> Option<(usize, usize)> {
        let mut it = w[1..].splitn(2, ',');
        let start: usize = it.next()?.parse().ok()?;
        let count: usize = match it.next() {
            Some(c) => c.parse().ok()?,
            None => 1,
        };
        Some((start, count))
    };
    let old = words.next().filter(|w| w.starts_with('-')).and_then(count)?;
    let new = words.next().filter(|w| w.starts_with('+')).and_then(count)?;
    Some((old.1, new.0, new.1))
}

impl ChangedLines {
    /// Parses a unified diff. Each file's new path is resolved against `root`; when it starts
    /// with `b/` (git's prefix) both readings are kept, with and without the prefix.
    pub fn parse(diff: &[u8], root: &Path) -> ChangedLines {
        ChangedLines::parse_with(diff, root, false)
    }

    /// `git`: the names always carry git's `a/`/`b/` prefixes.
    fn parse_with(diff: &[u8], root: &Path, git: bool) -> ChangedLines {
        let mut out = ChangedLines::default();
        let mut current: Vec<PathBuf> = Vec::new();
        // Inside a hunk: old and new lines still to come, and the next new line's number.
        let (mut old_left, mut new_left, mut new_line) = (0usize, 0usize, 0usize);
        for line in diff.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if old_left > 0 || new_left > 0 {
                match line.first() {
                    Some(b'+') => {
                        for k in &current {
                            push_line(out.files.entry(k.clone()).or_default(), new_line);
                        }
                        new_line += 1;
                        new_left = new_left.saturating_sub(1);
                    }
                    Some(b'-') => old_left = old_left.saturating_sub(1),
                    Some(b'\\') => {}
                    _ => {
                        // Context (a space, or an empty line where a tool dropped the space).
                        new_line += 1;
                        old_left = old_left.saturating_sub(1);
                        new_left = new_left.saturating_sub(1);
                    }
                }
                continue;
            }
            if let Some(rest) = line.strip_prefix(b"+++ ") {
                current = match new_path(rest) {
                    Some(p) => {
                        let stripped = p.strip_prefix("b").ok();
                        let mut v = Vec::new();
                        if !(git && stripped.is_some()) {
                            v.push(absolute(&root.join(&p)));
                        }
                        if let Some(stripped) = stripped {
                            v.push(absolute(&root.join(stripped)));
                        }
                        for k in &v {
                            out.files.entry(k.clone()).or_default();
                        }
                        v
                    }
                    None => Vec::new(),
                };
            } else if line.starts_with(b"@@ ") {
                if let Some((old_count, new_start, new_count)) = hunk_header(&String::from_utf8_lossy(line)) {
                    (old_left, new_left, new_line) = (old_count, new_count, new_start);
                }
            }
        }
        out
    }

    /// The lines changed since `rev`: `git diff -U0 rev` run in the working directory (working
    /// tree against `rev`, so both committed and uncommitted changes count).
    pub fn from_git(rev: &str) -> Result<ChangedLines, String> {
        let mut root = git(&["rev-parse", "--show-toplevel"])?;
        while root.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            root.pop();
        }
        let root = path_from_bytes(root);
        // git quotes names with unusual bytes (octal escapes), which `unquote` reads back exactly.
        let diff = git(&[
            "diff",
            "-U0",
            "--no-color",
            "--no-ext-diff",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            // A revision is never read as an option (`--output=FILE` would write a file).
            "--end-of-options",
            rev,
            "--",
        ])?;
        // git names files relative to the repository root, with the `b/` prefix.
        Ok(ChangedLines::parse_with(&diff, &root, true))
    }

    pub fn from_file(path: &Path) -> Result<ChangedLines, String> {
        let text = if path == Path::new("-") {
            let mut s = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut s).map_err(|e| format!("could not read the diff from stdin: {e}"))?;
            s
        } else {
            crate::document::read_bounded(path, crate::document::LIST_LIMIT, true)
                .map_err(|e| format!("could not read {}: {e}", path.display()))?
        };
        let root = std::env::current_dir().map_err(|e| e.to_string())?;
        Ok(ChangedLines::parse(&text, &root))
    }

    /// Whether any line of `first..=last` of `file` changed.
    pub fn touches(&self, file: &Path, first: usize, last: usize) -> bool {
        let key = absolute(file);
        self.files
            .get(&key)
            .is_some_and(|ranges| ranges.iter().any(|&(a, b)| first <= b && a <= last.max(first)))
    }

    pub fn file_count(&self) -> usize {
        self.files.len()
    }
}

/// Adds a line to sorted, merged ranges (lines arrive in increasing order within a file).
fn push_line(ranges: &mut Vec<(usize, usize)>, line: usize) {
    match ranges.last_mut() {
        Some(last) if last.1 + 1 == line => last.1 = line,
        _ => ranges.push((line, line)),
    }
}

fn git(args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

impl FindingFilter for ChangedLines {
    fn filter(&self, doc: &Document, findings: &mut Vec<Finding>) {
        let key = absolute(&doc.path);
        let Some(ranges) = self.files.get(&key) else {
            findings.clear();
            return;
        };
        findings.retain(|f| {
            let (first, last) = (f.position.line, f.position.end_line.max(f.position.line));
            // A finding that ends at the very start of a line (a deleted line break) belongs to
            // the line it starts on.
            ranges.iter().any(|&(a, b)| first <= b && a <= last)
        });
    }

    /// The lines of a fixed text are not those of the diff: a finding is judged by the lines it
    /// stood on in the text as read (a round that deleted a line does not shift the filter onto
    /// unchanged lines).
    fn filter_edited(&self, doc: &Document, findings: &mut Vec<Finding>, as_read: &Document, edited: &crate::fix::Edited) {
        let key = absolute(&doc.path);
        let Some(ranges) = self.files.get(&key) else {
            findings.clear();
            return;
        };
        findings.retain(|f| {
            let (start, end) = (edited.origin(f.start, false), edited.origin(f.end, true));
            let p = as_read.position(start.min(end), end.max(start));
            let (first, last) = (p.line, p.end_line.max(p.line));
            ranges.iter().any(|&(a, b)| first <= b && a <= last)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_hunks_of_the_new_version() {
        let diff = "diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -1,0 +2,3 @@\n+a\n+b\n+c\n@@ -10 +12 @@\n-old\n+new\n@@ -20,2 +22,0 @@\n-gone\n-gone\n+++ /dev/null\n";
        let with_context = "--- x.txt\n+++ x.txt\n@@ -1,4 +1,5 @@\n one\n-two\n+2\n++++ not a header\n three\n four\n";
        let c = ChangedLines::parse(with_context.as_bytes(), Path::new("/r"));
        assert_eq!(c.files.get(Path::new("/r/x.txt")), Some(&vec![(2, 3)]));
        let root = Path::new("/r");
        let c = ChangedLines::parse(diff.as_bytes(), root);
        let k = PathBuf::from("/r/x.txt");
        assert_eq!(c.files.get(&k), Some(&vec![(2, 4), (12, 12)]));
        assert!(c.touches(&k, 4, 4));
        assert!(c.touches(&k, 1, 2));
        assert!(!c.touches(&k, 5, 11));
        assert!(c.touches(&k, 12, 12));
    }

    #[test]
    fn plain_diff_u_names_and_quotes() {
        assert_eq!(new_path(b"dir/x.txt\t2024-01-01 10:00:00.0 +0100"), Some("dir/x.txt".into()));
        assert_eq!(new_path(b"\"b/caf\\303\\251 x.txt\""), Some("b/café x.txt".into()));
        assert_eq!(new_path(b"/dev/null"), None);
        assert_eq!(hunk_header("@@ -3,4 +5,6 @@ heading"), Some((4, 5, 6)));
        assert_eq!(hunk_header("@@ -3 +5 @@"), Some((1, 5, 1)));
    }

    #[test]
    fn a_quoted_name_with_a_multibyte_character_after_a_backslash_does_not_panic() {
        // `\1€`: a backslash, a digit, then a character of three bytes (not octal digits).
        let diff = "+++ \"b/\\1\u{20ac}\"\n@@ -0,0 +1 @@\n+x\n";
        let c = ChangedLines::parse(diff.as_bytes(), Path::new("/r"));
        assert_eq!(c.file_count(), 2);
        assert_eq!(new_path("\"b/\\1\u{20ac}\"".as_bytes()), Some("b/1\u{20ac}".into()));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_keep_their_bytes() {
        use std::os::unix::ffi::OsStrExt;
        // git quotes them with octal escapes; a plain `diff -u` writes the raw bytes.
        let quoted = new_path(b"\"b/n\\377.txt\"").unwrap();
        assert_eq!(quoted.as_os_str().as_bytes(), b"b/n\xff.txt");
        let raw = new_path(b"n\xfe.txt\t2024-01-01").unwrap();
        assert_eq!(raw.as_os_str().as_bytes(), b"n\xfe.txt");
        let c = ChangedLines::parse(b"+++ n\xfe.txt\n@@ -0,0 +1 @@\n+x\n", Path::new("/r"));
        let mut want = b"/r/n".to_vec();
        want.extend_from_slice(b"\xfe.txt");
        let key = path_from_bytes(want);
        assert!(c.touches(&key, 1, 1));
        let other = path_from_bytes(b"/r/n\xff.txt".to_vec());
        assert!(!c.touches(&other, 1, 1));
    }
}
