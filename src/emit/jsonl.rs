//! `jsonl`: one finding a line, each a JSON object with the fields of a `json` finding. Written
//! file by file as results arrive, so scanno can be the map step of a larger pipeline and its
//! memory does not grow with the corpus.

use super::json::JsonFinding;
use crate::app::RunResult;
use crate::finding::Finding;
use std::io::{self, Write};

/// Writes the findings of one file, one line each.
pub fn emit_file(path: &str, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    // Serialised into a buffer of our own (serde_json writes many small pieces, each a call
    // through `dyn Write` otherwise), handed on in large writes.
    const FLUSH_AT: usize = 64 << 10;
    let mut buf: Vec<u8> = Vec::with_capacity(FLUSH_AT + 4096);
    for f in findings {
        serde_json::to_writer(&mut buf, &JsonFinding::new(path, f))?;
        buf.push(b'\n');
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

pub fn emit(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for file in &result.files {
        emit_file(&file.path, &file.findings, out)?;
    }
    Ok(())
}
