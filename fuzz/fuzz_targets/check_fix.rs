//! Fuzz target: decoding, checking, rendering and fixing arbitrary bytes, and loading arbitrary
//! configuration and rule packs. Nothing may panic; every finding must lie within the text on
//! character boundaries; fixing must give text that encodes back.
//!
//! Input layout: the first byte picks the mode (its value modulo 4).
//! - 0: the rest is a file, checked with the built-in rules.
//! - 1: the rest is `CONFIG \0 TEXT`: CONFIG is parsed both as a `scanno.toml` and as a rule
//!   pack; when the pack loads, TEXT is checked with its rules.
//! - 2: the rest is `FILE \0 EDITS`: two rounds of edits, as `review` makes them (accepted
//!   fixes and hand edits), are spliced into the file's own bytes; the result must decode to
//!   the edited text, keep the bytes before the first edit, and map back to the first text.
//! - 3: the rest is `NAME \0 DIFF`: NAME is a file name of any bytes, shown in the human and
//!   CI formats with no control character let through and one line a finding; DIFF is read as
//!   `--changed-lines-from` input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scanno::engine::Engine;
use scanno::config::Config;
use scanno::diagnostic::{ConfigErrors, SourceFile};
use scanno::document::Document;
use scanno::document::SourceEncoding;
use scanno::finding::{Applicability, Edit};
use scanno::fix::Edited;
use scanno::workflow::changed::ChangedLines;
use scanno::pack::RuleSet;
use std::sync::OnceLock;

static DEFAULT: OnceLock<Engine> = OnceLock::new();

fn default_engine() -> &'static Engine {
    DEFAULT.get_or_init(|| {
        let config = Config::default();
        let rules = RuleSet::load(&config).expect("built-in packs load");
        Engine::new(config, rules)
    })
}

fn check_bytes(engine: &Engine, bytes: &[u8], converge: bool) {
    let Ok(doc) = Document::from_bytes("f.txt".into(), "f.txt".into(), bytes) else {
        return;
    };
    let stats = scanno::engine::gather::observe_document(&doc, engine.config.format);
    let result = engine.check_document(&doc, &stats, &[]);
    let text = &doc.text;
    for f in &result.findings {
        assert!(f.start <= f.end && f.end <= text.len(), "span out of bounds: {f:?}");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "span not on char boundaries: {f:?}");
        assert!(f.position.line >= 1 && f.position.column >= 1);
        if let Some(fix) = &f.fix {
            for e in &fix.edits {
                assert!(e.start <= e.end && e.end <= text.len());
            }
        }
    }
    let handler = scanno::emit::full::handler(false, 100);
    for f in result.findings.iter().take(20) {
        let _ = scanno::emit::full::render("f.txt", text, f, &handler);
    }
    let mut sink = Vec::new();
    let _ = scanno::emit::jsonl::emit_file("f.txt", &result.findings, &mut sink);
    let (fixed, _, _) = scanno::fix::apply_fixes(text, &result.findings, Applicability::Manual);
    let _ = doc.encode(&fixed);
    if converge {
        // Safe fixes reach a fixed point: applying them until nothing changes stops.
        let mut cur = scanno::fix::apply_fixes(text, &result.findings, Applicability::Safe).0;
        for _ in 0..8 {
            let d = Document::from_str("f.txt", &cur);
            let r = engine.check_document(&d, &stats, &[]);
            let next = scanno::fix::apply_fixes(&cur, &r.findings, Applicability::Safe).0;
            if next == cur {
                return;
            }
            cur = next;
        }
        panic!("safe fixes do not converge");
    }
}

/// Edits read from fuzz bytes, each `START_LO START_HI DELETE LEN REPLACEMENT…`, placed on
/// character boundaries of `text`, sorted, overlapping ones dropped.
fn edits_from(text: &str, data: &mut &[u8]) -> Vec<Edit> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let mut edits: Vec<Edit> = Vec::new();
    while data.len() >= 4 && edits.len() < 16 {
        let start = floor(usize::from(u16::from_le_bytes([data[0], data[1]])) % (text.len() + 1));
        let end = floor(start + usize::from(data[2] % 16)).max(start);
        let n = usize::from(data[3] % 8).min(data.len() - 4);
        let replacement = String::from_utf8_lossy(&data[4..4 + n]).into_owned();
        *data = &data[4 + n..];
        edits.push(Edit { start, end, replacement });
    }
    edits.sort_by_key(|e| (e.start, e.end));
    let mut kept: Vec<Edit> = Vec::new();
    for e in edits {
        if kept.last().is_none_or(|k| !scanno::fix::overlap(k, &e)) {
            kept.push(e);
        }
    }
    kept
}

/// Mode 2: rounds of edits spliced into a file's bytes.
fn edit_rounds(rest: &[u8]) {
    let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (bytes, mut script) = (&rest[..split], rest.get(split + 1..).unwrap_or(&[]));
    let Ok(first) = Document::from_bytes("f.txt".into(), "f.txt".into(), bytes) else { return };
    let (mut doc, mut cur) = (first.clone(), bytes.to_vec());
    let mut edited = Edited::default();
    for _ in 0..2 {
        let edits = edits_from(&doc.text, &mut script);
        let Ok((out, new_text)) = scanno::fix::splice(&doc, &cur, &edits) else { return };
        assert_eq!(new_text, scanno::fix::apply_edits(&doc.text, &edits));
        // Bytes before the first edit are the file's own (its mark and text untouched).
        if let (Some(e), SourceEncoding::Utf8) = (edits.first(), doc.encoding) {
            let head = usize::from(doc.bom) * 3 + e.start;
            assert_eq!(out[..head], cur[..head], "bytes before the first edit changed");
        }
        let again = scanno::fix::redecode(&doc, &out).expect("spliced bytes decode");
        assert_eq!(again.text, new_text);
        edited.push(&edits);
        // Every place of the edited text maps to a place of the first text, in order.
        let mut last = 0;
        for o in (0..=new_text.len()).step_by(new_text.len() / 16 + 1) {
            let at = edited.origin(o, false);
            assert!(at <= first.text.len() && at >= last, "origin {at} of {o} out of order");
            last = at;
        }
        doc = again;
        cur = out;
    }
    check_bytes(default_engine(), &cur, false);
}

/// The findings the name test shows: one of each kind of message.
fn sample_findings() -> &'static Vec<scanno::finding::Finding> {
    static SAMPLE: OnceLock<Vec<scanno::finding::Finding>> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let doc = Document::from_str("s.txt", "Tbe first line [18551 here,, and and \u{1b}]0;x\u{7} end.\n");
        let engine = default_engine();
        let stats = scanno::engine::gather::observe_document(&doc, engine.config.format);
        engine.check_document(&doc, &stats, &[]).findings
    })
}

/// Mode 3: a file name of any bytes in the human and CI formats, and diff input.
fn names_and_diff(rest: &[u8]) {
    use std::os::unix::ffi::OsStrExt;
    let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (name, diff) = (&rest[..split], rest.get(split + 1..).unwrap_or(&[]));
    let path = std::path::Path::new(std::ffi::OsStr::from_bytes(name));
    let shown = scanno::engine::inputs::display_path(path);
    let findings = sample_findings();
    for (format, emit) in [
        ("concise", scanno::emit::concise::emit_file as fn(&str, &[scanno::finding::Finding], &mut dyn std::io::Write) -> std::io::Result<()>),
        ("github", scanno::emit::github::emit_file),
    ] {
        let mut out = Vec::new();
        emit(&shown, findings, &mut out).expect("written to memory");
        let out = String::from_utf8(out).expect("UTF-8 output");
        assert_eq!(out.lines().count(), findings.len(), "{format}: a name broke a line: {out:?}");
        for line in out.lines() {
            assert!(
                !line.chars().any(|c| (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                "{format}: a control character let through: {line:?}"
            );
            if format == "github" {
                assert!(line.starts_with("::"), "github: a line that is no workflow command: {line:?}");
            }
        }
    }
    let changed = ChangedLines::parse(diff, std::path::Path::new("/r"));
    for k in 0..changed.file_count().min(4) {
        let _ = changed.touches(std::path::Path::new("/r/b"), k, k + 3);
    }
    let _ = changed.touches(path, 1, usize::MAX);
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    match mode % 4 {
        0 => return check_bytes(default_engine(), rest, true),
        2 => return edit_rounds(rest),
        3 => return names_and_diff(rest),
        _ => {}
    }
    let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (conf, text) = rest.split_at(split);
    let Ok(conf) = std::str::from_utf8(conf) else { return };
    let render = |errors: Vec<scanno::diagnostic::ConfigError>| {
        let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
        let mut s = String::new();
        let _ = handler.render_report(&mut s, &ConfigErrors { errors });
    };
    if let Err(errors) = Config::parse(&SourceFile::new("scanno.toml", conf)) {
        render(errors);
    }
    let config = Config::default();
    let rules = match RuleSet::load_text("fuzz", SourceFile::new("fuzz.toml", conf), &config) {
        Ok(rules) => rules,
        Err(errors) => {
            render(errors);
            return;
        }
    };
    if rules.checks.is_empty() {
        return;
    }
    let engine = Engine::new(config, rules);
    check_bytes(&engine, text.get(1..).unwrap_or(&[]), false);
});
