//! `jsonl`: one finding a line, each a JSON object with the fields of a `json` finding. Written
//! file by file as results arrive, so scanno can be the map step of a larger pipeline and its
//! memory does not grow with the corpus.

use super::json::JsonFinding;
use super::FormatWriter;
use crate::engine::FileResult;
use crate::finding::Finding;
use std::io::{self, Write};

/// `jsonl`: one JSON finding a line.
pub struct Jsonl;

impl FormatWriter for Jsonl {
    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        emit_file(file.display(), &file.findings, out)
    }
}

/// Writes the findings of one file, one line each.
pub fn emit_file(path: &str, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    // Written into a buffer of our own, handed on in large writes.
    const FLUSH_AT: usize = 64 << 10;
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
    // (the path as a JSON string once, not once a finding)
    let path_json = serde_json::to_vec(path)?;
    for f in findings {
        write_line(&mut buf, path, &path_json, f)?;
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// One finding's line: the bytes serde_json writes for a `JsonFinding`, its fields in their
/// order, with the keys written as they are and strings without a character to escape copied
/// (serde_json writes any other string, and a finding with related locations whole).
fn write_line(buf: &mut Vec<u8>, path: &str, path_json: &[u8], f: &Finding) -> io::Result<()> {
    if !f.related.is_empty() {
        serde_json::to_writer(&mut *buf, &JsonFinding::new(path, f))?;
        buf.push(b'\n');
        return Ok(());
    }
    buf.extend_from_slice(b"{\"path\":");
    buf.extend_from_slice(path_json);
    buf.extend_from_slice(b",\"rule\":");
    string(buf, &f.rule)?;
    buf.extend_from_slice(b",\"severity\":\"");
    buf.extend_from_slice(f.severity.as_str().as_bytes());
    buf.extend_from_slice(b"\",\"message\":");
    string(buf, &f.message)?;
    let p = &f.position;
    for (key, n) in [
        (&b",\"start\":"[..], f.start),
        (b",\"end\":", f.end),
        (b",\"line\":", p.line),
        (b",\"column\":", p.column),
        (b",\"end_line\":", p.end_line),
        (b",\"end_column\":", p.end_column),
    ] {
        buf.extend_from_slice(key);
        number(buf, n);
    }
    buf.extend_from_slice(b",\"fix\":");
    match &f.fix {
        None => buf.extend_from_slice(b"null"),
        Some(fix) => {
            buf.extend_from_slice(b"{\"title\":");
            string(buf, &fix.title)?;
            buf.extend_from_slice(b",\"applicability\":\"");
            buf.extend_from_slice(fix.applicability.as_str().as_bytes());
            buf.extend_from_slice(b"\",\"edits\":[");
            for (i, e) in fix.edits.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                buf.extend_from_slice(b"{\"start\":");
                number(buf, e.start);
                buf.extend_from_slice(b",\"end\":");
                number(buf, e.end);
                buf.extend_from_slice(b",\"replacement\":");
                string(buf, &e.replacement)?;
                buf.push(b'}');
            }
            buf.extend_from_slice(b"]}");
        }
    }
    buf.extend_from_slice(b",\"suggestions\":[");
    for (i, s) in f.suggestions.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        string(buf, s)?;
    }
    buf.extend_from_slice(b"]}\n");
    Ok(())
}

/// A JSON string: copied between quotes when no character needs escaping (a quote, a
/// backslash, a control character), else as serde_json escapes it.
fn string(buf: &mut Vec<u8>, s: &str) -> io::Result<()> {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        buf.push(b'"');
        buf.extend_from_slice(s.as_bytes());
        buf.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *buf, s).map_err(io::Error::from)
    }
}

fn number(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Applicability, Edit, Fix, Related, Severity};
    use proptest::prelude::*;

    /// The line serde_json writes for the finding.
    fn serde_line(path: &str, f: &Finding) -> Vec<u8> {
        let mut v = serde_json::to_vec(&JsonFinding::new(path, f)).unwrap();
        v.push(b'\n');
        v
    }

    fn line(path: &str, f: &Finding) -> Vec<u8> {
        let mut buf = Vec::new();
        write_line(&mut buf, path, &serde_json::to_vec(path).unwrap(), f).unwrap();
        buf
    }

    fn finding(text: &str, with_fix: bool, edits: usize, related: bool) -> Finding {
        let mut f = Finding::new(
            &format!("ocr/{text}"),
            Severity::Info,
            3,
            3 + text.len(),
            format!("`{text}` is odd"),
        )
        .with_suggestions(vec![text.to_string(), String::new(), "plain".to_string()]);
        f.position = crate::finding::Position {
            line: 7,
            column: 1,
            end_line: 8,
            end_column: 12_345_678_901,
        };
        if with_fix {
            f.fix = Some(Fix {
                title: format!("replace with `{text}`"),
                applicability: Applicability::Safe,
                edits: (0..edits)
                    .map(|k| Edit {
                        start: k,
                        end: k + 1,
                        replacement: text.repeat(k),
                    })
                    .collect(),
            });
        }
        if related {
            f.related = vec![Related {
                path: Some(text.to_string()),
                start: 0,
                end: 1,
                message: text.to_string(),
                line: Some(1),
                column: Some(1),
            }];
        }
        f
    }

    #[test]
    fn lines_are_serde_json_lines() {
        for text in [
            "plain",
            "",
            "quote \" here",
            "back\\slash",
            "tab\tnew\nline\r",
            "\u{1}\u{1f}\u{7f}",
            "unit\u{1f}sep",
            "é’—😀",
            "</script>",
        ] {
            for (with_fix, edits) in [(false, 0), (true, 0), (true, 1), (true, 3)] {
                for related in [false, true] {
                    for path in ["a.txt", "dir/\"odd\"\\name\n.txt"] {
                        let f = finding(text, with_fix, edits, related);
                        assert_eq!(line(path, &f), serde_line(path, &f), "{text:?} {path:?}");
                    }
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_writes_as_serde_json_writes_it(text in "\\PC{0,12}|[\\x00-\\x7f]{0,12}", fix in any::<bool>(), edits in 0usize..3) {
            let f = finding(&text, fix, edits, false);
            prop_assert_eq!(line("p.txt", &f), serde_line("p.txt", &f));
        }
    }
}
