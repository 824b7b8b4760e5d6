//! Throughput of the engine's parts, in bytes per second (`cargo bench`).
//!
//! - `scan_document`: every default rule over the sample chapter, as one document.
//! - `scan_document_segmented`: the same chapter repeated to 8 MB, checked as one document
//!   (split into segments checked in parallel).
//! - `corpus_pass`: the statistics pass over the chapter (tokenise and count).
//! - `run_folder`: the whole pipeline on the `corpus/` folder (discover, read, check).
//! - `load_rules`: compiling the built-in packs (`RuleSet::load`), per byte of pack TOML.
//! - `apply_fixes`: applying every fix of the chapter's findings.

use divan::counter::BytesCount;
use divan::Bencher;
use scanno::config::Config;
use scanno::corpus::CorpusStats;
use scanno::document::Document;
use scanno::engine::{discover, Engine};
use scanno::finding::Applicability;
use scanno::pack::RuleSet;
use std::path::PathBuf;

fn main() {
    divan::main();
}

fn chapter() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/trotsky-stalin-ch4.txt");
    std::fs::read_to_string(path).expect("sample chapter")
}

fn engine() -> Engine {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs");
    Engine::new(config, rules)
}

/// Every check over `text` as one document, the rules prepared with the text's own statistics
/// (as a run prepares them with the corpus').
fn check_one(bencher: Bencher, name: &str, text: &str) {
    let mut engine = engine();
    scanno::engine::prepare_for_text(&mut engine, text);
    let doc = Document::from_str(name, text);
    let stats = scanno::engine::gather::observe_document(&doc, scanno::markup::FormatSetting::Auto);
    bencher
        .counter(BytesCount::of_str(text))
        .bench_local(|| engine.check_document(&doc, &stats, &[]).findings.len());
}

#[divan::bench(sample_count = 20)]
fn scan_document(bencher: Bencher) {
    check_one(bencher, "ch4.txt", &chapter());
}

#[divan::bench(sample_count = 5)]
fn scan_document_segmented(bencher: Bencher) {
    let one = chapter();
    check_one(bencher, "big.txt", &one.repeat((8 << 20) / one.len() + 1));
}

#[divan::bench(sample_count = 20)]
fn corpus_pass(bencher: Bencher) {
    let text = chapter();
    let doc = Document::from_str("ch4.txt", &text);
    bencher
        .counter(BytesCount::of_str(&text))
        .bench_local(|| scanno::engine::gather::observe_document(&doc, scanno::markup::FormatSetting::Auto).tokens);
}

#[divan::bench(sample_count = 20)]
fn run_folder(bencher: Bencher) {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"));
    let config = Config::default();
    let inputs = discover(&[dir], &config).expect("corpus folder");
    let bytes: usize = inputs
        .iter()
        .map(|i| std::fs::metadata(&i.path).map(|m| m.len() as usize).unwrap_or(0))
        .sum();
    let mut engine = engine();
    bencher
        .counter(BytesCount::new(bytes))
        .bench_local(|| engine.collect(&inputs).count());
}

#[divan::bench(sample_count = 10)]
fn load_rules(bencher: Bencher) {
    let config = Config::default();
    let bytes: usize = scanno::pack::BUILTIN.iter().map(|(_, t)| t.len()).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .bench_local(|| RuleSet::load(&config).map(|r| r.checks.len()).unwrap_or(0));
}

#[divan::bench(sample_count = 20)]
fn apply_fixes(bencher: Bencher) {
    let text = chapter();
    let mut engine = engine();
    scanno::engine::prepare_for_text(&mut engine, &text);
    let doc = Document::from_str("ch4.txt", &text);
    let findings = engine.check_document(&doc, &CorpusStats::default(), &[]).findings;
    bencher
        .counter(BytesCount::of_str(&text))
        .bench_local(|| scanno::fix::apply_fixes(&text, &findings, Applicability::Unsafe).0.len());
}
