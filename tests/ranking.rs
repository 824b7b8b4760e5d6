//! Candidate ranking of the OCR rules: the right correction comes first, by confusion cost and
//! frequency (corpus first), and inflections of the token itself are never corrections. The
//! sentences are our own.

use scanno::config::Config;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::pack::RuleSet;

fn first_suggestion(text: &str, token: &str) -> Option<(String, Vec<String>)> {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let mut engine = Engine::new(config, rules);
    engine.select(&["ocr".to_string()], &[]);
    prepare_for_text(&mut engine, text);
    let findings = check_text(&engine, "t.txt", text);
    findings
        .into_iter()
        .find(|f| &text[f.start..f.end] == token || text[f.start..f.end].contains(token))
        .map(|f| (f.rule, f.suggestions))
}

#[track_caller]
fn assert_first(text: &str, token: &str, expected: &str) {
    let (rule, sugg) = first_suggestion(text, token).unwrap_or_else(|| panic!("`{token}` not flagged in {text:?}"));
    assert_eq!(
        sugg.first().map(String::as_str),
        Some(expected),
        "{rule}: suggestions for `{token}`: {sugg:?}"
    );
}

#[test]
fn confusions_rank_the_intended_word_first() {
    assert_first("A great nutuber of the workers were arrested.", "nutuber", "number");
    assert_first("The congress met on the fifth of Decemher in the capital.", "Decemher", "December");
    assert_first("They questioned all the old valnes of the movement.", "valnes", "values");
    assert_first("He went to tbe station with his friends.", "tbe", "the");
}

#[test]
fn numbers_rank_plausible_years_first() {
    assert_first("Born in 1879, he was arrested in 188i and again in 1881.", "188i", "1881");
    assert_first(
        "In 1905 and 1906, and in May, 1907, it met. It ended in June, 5907.",
        "5907",
        "1907",
    );
}

#[test]
fn the_corpus_outranks_the_dictionary() {
    // `Karinyan` is the corpus' own spelling, far more frequent than the misread `Karimyan`.
    let text = "Karinyan spoke. Karinyan wrote. Karinyan left. Later Karimyan came back.";
    assert_first(text, "Karimyan", "Karinyan");
}

#[test]
fn inflections_are_never_corrections() {
    // `valnes` could become `value` (two edits) or `values`; a candidate is never the token
    // plus or minus an inflection of itself.
    let (_, sugg) = first_suggestion("They questioned the old valnes of the movement.", "valnes").expect("flagged");
    assert!(!sugg.iter().any(|s| s == "valne" || s == "valness"), "{sugg:?}");
    // A known word's plural is known, not a fault.
    assert!(first_suggestion("The Mensheviks met the Menshevik leaders.", "Mensheviks").is_none_or(|(_, s)| s.is_empty()));
}
