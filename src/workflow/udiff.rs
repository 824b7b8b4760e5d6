//! Unified diffs of a file's bytes before and after fixing, in the form `patch -p1` and
//! `git apply` read: `--- a/PATH`, `+++ b/PATH`, hunks with three lines of context.
//!
//! Lines are split at `\n` only (a `\r` stays part of its line, as `patch` sees it), and the
//! bytes are written as they are, so a diff of a CRLF file, a file with a BOM or a file with
//! invalid UTF-8 applies to that file byte for byte.

use similar::{capture_diff_slices_deadline, group_diff_ops, Algorithm, DiffTag};

/// `prefix` + `path` as a diff header names it: as it is, or, when it holds a space, a quote, a
/// backslash or a control character, in double quotes with C escapes, as git writes it and GNU
/// `patch` and `git apply` read it.
fn quoted(prefix: &str, path: &str) -> String {
    let plain = path
        .chars()
        .all(|c| !(c.is_whitespace() || c.is_control() || c == '"' || c == '\\'));
    if plain {
        return format!("{prefix}{path}");
    }
    let mut out = String::from("\"");
    out.push_str(prefix);
    for c in path.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\{:03o}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How long the search for the smallest diff of one file may take.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(500);

/// Lines of context around each change.
pub const CONTEXT: usize = 3;

fn split_lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.push(&bytes[start..=i]);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

fn push_line(out: &mut Vec<u8>, tag: u8, line: &[u8]) {
    out.push(tag);
    out.extend_from_slice(line);
    if !line.ends_with(b"\n") {
        out.extend_from_slice(b"\n\\ No newline at end of file\n");
    }
}

/// The unified diff of `old` → `new` for the file at `path` (a relative path with `/`
/// separators); empty when they are equal.
pub fn unified_diff(path: &str, old: &[u8], new: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if old == new {
        return out;
    }
    let a = split_lines(old);
    let b = split_lines(new);
    // Myers' diff takes time in proportion to the lines times the changes: a fix on each of
    // 50,000 lines would take minutes. Past a deadline it gives up minimality (the rest becomes
    // larger hunks), never correctness: the patch still applies.
    let deadline = std::time::Instant::now() + DIFF_DEADLINE;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, Some(deadline));
    let groups = group_diff_ops(ops, CONTEXT);
    if groups.is_empty() {
        return out;
    }
    out.extend_from_slice(format!("--- {}\n+++ {}\n", quoted("a/", path), quoted("b/", path)).as_bytes());
    for group in groups {
        let (first, last) = (&group[0], &group[group.len() - 1]);
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let head = |r: &std::ops::Range<usize>| {
            let len = r.end - r.start;
            let start = if len == 0 { r.start } else { r.start + 1 };
            format!("{start},{len}")
        };
        out.extend_from_slice(format!("@@ -{} +{} @@\n", head(&old_range), head(&new_range)).as_bytes());
        for op in &group {
            let (tag, old_r, new_r) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => old_r.for_each(|i| push_line(&mut out, b' ', a[i])),
                DiffTag::Delete => old_r.for_each(|i| push_line(&mut out, b'-', a[i])),
                DiffTag::Insert => new_r.for_each(|i| push_line(&mut out, b'+', b[i])),
                DiffTag::Replace => {
                    old_r.for_each(|i| push_line(&mut out, b'-', a[i]));
                    new_r.for_each(|i| push_line(&mut out, b'+', b[i]));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_with_context() {
        let old = b"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
        let new = b"1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n";
        let d = String::from_utf8(unified_diff("x.txt", old, new)).unwrap();
        assert_eq!(d, "--- a/x.txt\n+++ b/x.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
    }

    #[test]
    fn no_newline_at_end_and_deleted_lines() {
        let d = String::from_utf8(unified_diff("y", b"a\nb", b"a\nc")).unwrap();
        assert_eq!(
            d,
            "--- a/y\n+++ b/y\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
        );
        let d = String::from_utf8(unified_diff("z", b"a\n", b"")).unwrap();
        assert_eq!(d, "--- a/z\n+++ b/z\n@@ -1,1 +0,0 @@\n-a\n");
        let d = String::from_utf8(unified_diff("my file\n.txt", b"a\n", b"b\n")).unwrap();
        assert!(d.starts_with("--- \"a/my file\\n.txt\"\n+++ \"b/my file\\n.txt\"\n"), "{d}");
        assert!(unified_diff("z", b"same", b"same").is_empty());
    }
}
