//! Footnotes: markers and notes paired up, each fault reported exactly once.

use scanno::config::Config;
use scanno::engine::{check_text, Engine};
use scanno::finding::Applicability;
use scanno::fix::apply_fixes;
use scanno::pack::RuleSet;

fn run(text: &str) -> (Vec<(String, String)>, String) {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("packs load");
    let mut engine = Engine::new(config, rules);
    assert!(engine.select(&["footnotes".to_string()], &[]).is_empty());
    let found = check_text(&engine, "t.txt", text);
    let (fixed, _, _) = apply_fixes(text, &found, Applicability::Safe);
    (
        found.into_iter().map(|f| (f.rule, text[f.start..f.end].to_string())).collect(),
        fixed,
    )
}

fn f(rule: &str, text: &str) -> (String, String) {
    (format!("footnotes/{rule}"), text.to_string())
}

#[test]
fn paired_notes_are_clean_and_the_spacing_fault_is_fixed() {
    let text = "The agent[1] of the Okhrana [2] wrote.[3]\n\nHe left[4].\n\n[1] A spy.\n\n[2] The police.\n[3] A letter.\n\n[4] In 1908.\n";
    let (found, fixed) = run(text);
    assert_eq!(found, vec![f("space-before-marker", " ")]);
    assert_eq!(fixed, text.replace("Okhrana [2]", "Okhrana[2]"));
}

#[test]
fn every_fault() {
    let text = "One[1], two[2], four[4], five[5], one again[1].\n\n[1] a\n\n[2] b\n\n[3] c\n\n[5] e\n";
    let (found, _) = run(text);
    // Sorted by position: marker [4] has no note and skips [3]; note [3] has no marker; note
    // [5] follows note [3].
    assert_eq!(
        found,
        vec![
            f("missing-note", "[4]"),
            f("order", "[4]"),
            f("missing-marker", "[3]"),
            f("order", "[5]"),
        ]
    );
    // Notes out of sequence.
    let text = "A[1] b[2].\n\n[2] b\n\n[1] a\n";
    assert_eq!(run(text).0, vec![f("order", "[2]")]);
}

#[test]
fn restarts_and_documents_without_notes() {
    assert!(run("Ch. 1: a[1] b[2].\n\n[1] x\n\n[2] y\n\nCh. 2: c[1].\n\n[1] z\n").0.is_empty());
    assert!(run("Cited as [4] and [12] in the bibliography.").0.is_empty());
}

#[test]
fn corpus_chapter_footnotes() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/trotsky-stalin-ch4.txt")).expect("corpus");
    let (found, _) = run(&text);
    assert_eq!(found, vec![f("space-before-marker", " ")]);
}
