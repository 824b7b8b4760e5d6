//! `jsonl`: one finding a line, each a JSON object with the fields of a `json` finding. Written
//! file by file as results arrive, so scanno can be the map step of a larger pipeline and its
//! memory does not grow with the corpus.

use super::json::JsonFinding;
use crate::app::RunResult;
use crate::finding::Finding;
use std::io::{self, Write};

/// Writes the findings of one file, one line each.
pub fn emit_file(path: &str, findings: &[Finding], out: &mut dyn Write) -> io::Result<()> {
    for f in findings {
        serde_json::to_writer(&mut *out, &JsonFinding::new(path, f))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

pub fn emit(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for file in &result.files {
        emit_file(&file.path, &file.findings, out)?;
    }
    Ok(())
}
