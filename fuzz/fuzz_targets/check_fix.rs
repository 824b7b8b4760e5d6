//! Fuzz target: decoding, checking, rendering and fixing arbitrary bytes, and loading arbitrary
//! configuration and rule packs. Nothing may panic; every finding must lie within the text on
//! character boundaries; fixing must give text that encodes back.
//!
//! Input layout: the first byte picks the mode.
//! - even: the rest is a file, checked with the built-in rules.
//! - odd: the rest is `CONFIG \0 TEXT`: CONFIG is parsed both as a `scanno.toml` and as a rule
//!   pack; when the pack loads, TEXT is checked with its rules.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scanno::engine::Engine;
use scanno::config::Config;
use scanno::diagnostic::{ConfigErrors, SourceFile};
use scanno::document::Document;
use scanno::finding::Applicability;
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

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 2 == 0 {
        check_bytes(default_engine(), rest, true);
        return;
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
