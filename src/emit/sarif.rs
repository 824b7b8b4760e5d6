//! `sarif`: SARIF 2.1.0, with the rules' metadata, results and fixes.

use super::EmitContext;
use super::FormatWriter;
use crate::engine::FileResult;
use crate::finding::{Finding, Position, Severity};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{self, Write};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(p: Position) -> Value {
    json!({ "startLine": p.line, "startColumn": p.column, "endLine": p.end_line, "endColumn": p.end_column })
}

/// A path as a relative URI reference: every byte other than an unreserved character or `/`
/// percent-encoded (RFC 3986), backslashes read as separators.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(char::from(b)),
            b'\\' => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn result_json(path: &str, f: &Finding, rule_index: Option<usize>) -> Value {
    let path = &uri(path);
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": f.message },
        "locations": [{ "physicalLocation": { "artifactLocation": { "uri": path }, "region": region(f.position) } }],
    });
    if let Some(i) = rule_index {
        r["ruleIndex"] = json!(i);
    }
    if let Some(fix) = &f.fix {
        // Edits of a finding are expressed as line/column regions (SARIF columns here count
        // Unicode code points: see `columnKind`). A one-edit fix covers the finding's own span.
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                let reg = if e.start == f.start && e.end == f.end {
                    region(f.position)
                } else {
                    json!({ "charOffset": e.start, "charLength": e.end - e.start })
                };
                json!({ "deletedRegion": reg, "insertedContent": { "text": e.replacement } })
            })
            .collect();
        r["fixes"] = json!([{
            "description": { "text": format!("{} ({})", fix.title, fix.applicability.as_str()) },
            "artifactChanges": [{ "artifactLocation": { "uri": path }, "replacements": replacements }],
        }]);
    }
    if !f.suggestions.is_empty() {
        r["properties"] = json!({ "suggestions": f.suggestions });
    }
    r
}

/// `sarif` written as the run goes (see [`super::ArrayStream`]): the rules first, then each
/// file's results as it is checked.
pub struct SarifStream {
    array: super::ArrayStream,
    index: BTreeMap<String, usize>,
}

impl SarifStream {
    pub fn new(cx: &EmitContext<'_>) -> SarifStream {
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut rules = Vec::new();
        for m in cx.rules {
            index.insert(m.id.clone(), rules.len());
            rules.push(json!({
                "id": m.id,
                "name": m.id.replace(['/', '-'], "_"),
                "shortDescription": { "text": m.summary() },
                "fullDescription": { "text": m.description },
                "help": { "text": m.description },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "kind": m.kind, "pack": m.pack },
            }));
        }
        for (id, sev, desc) in crate::engine::ENGINE_RULES {
            index.insert(id.to_string(), rules.len());
            rules.push(json!({ "id": id, "shortDescription": { "text": desc }, "defaultConfiguration": { "level": level(*sev) } }));
        }
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "scanno",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "results": [super::ArrayStream::PLACEHOLDER],
            }],
        });
        SarifStream {
            array: super::ArrayStream::new(&doc).expect("the SARIF layout holds the placeholder"),
            index,
        }
    }
}

impl FormatWriter for SarifStream {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.array.begin(out)
    }

    fn file(&mut self, file: &FileResult, out: &mut dyn Write) -> io::Result<()> {
        for f in &file.findings {
            let r = result_json(file.display(), f, self.index.get(f.rule.as_str()).copied());
            self.array.item(&r, out)?;
        }
        Ok(())
    }

    fn end(&mut self, _: &super::Tally, out: &mut dyn Write) -> io::Result<()> {
        self.array.end(out)
    }
}
