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

/// The finding of `rule` on `token` in `text`, checked by its own statistics and `config`.
fn finding_on(config_toml: &str, text: &str, token: &str, rule: &str) -> Option<scanno::finding::Finding> {
    let config = if config_toml.is_empty() {
        Config::default()
    } else {
        Config::parse(&scanno::diagnostic::SourceFile::new("scanno.toml", config_toml)).expect("config parses")
    };
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let mut engine = Engine::new(config, rules);
    engine.select(&["ocr".to_string()], &[]);
    prepare_for_text(&mut engine, text);
    check_text(&engine, "t.txt", text)
        .into_iter()
        .find(|f| f.rule == rule && &text[f.start..f.end] == token)
}

/// A year with letters is fixed safely only when exactly one reading is a plausible year: in a
/// text of the 1880s `1S9S` is 1895 or 1898 (`S` is `5` or `8`), `1S4S` is no year of the text,
/// `1SS7` can only be 1887. Never 1595, the reading of `S` as `5` alone.
#[test]
fn letters_in_a_year_are_fixed_safely_only_when_one_reading_is_plausible() {
    use scanno::finding::Applicability;
    let years = "In 1880, 1881, 1883, 1885, 1886, 1887, 1888 and 1889 the paper grew. ";
    let app = |token: &str| {
        let text = format!("{years}Then in {token} it closed.");
        let f = finding_on("", &text, token, "ocr/letter-in-number").unwrap_or_else(|| panic!("{token} not flagged"));
        (f.fix.map(|x| (x.applicability, x.edits[0].replacement.clone())), f.suggestions)
    };
    let (fix, sugg) = app("1SS7");
    assert_eq!(fix, Some((Applicability::Safe, "1887".to_string())), "{sugg:?}");
    let (fix, sugg) = app("1S9S");
    assert_eq!(fix.as_ref().map(|f| f.0), Some(Applicability::Unsafe), "{sugg:?}");
    assert!(sugg.iter().take(2).all(|s| s == "1895" || s == "1898"), "{sugg:?}");
    let (fix, sugg) = app("1S4S");
    assert_eq!(fix.as_ref().map(|f| f.0), Some(Applicability::Unsafe), "{sugg:?}");
    assert_eq!(sugg.first().map(String::as_str), Some("1848"), "{sugg:?}");
    let (fix, _) = app("188i");
    assert_eq!(fix, Some((Applicability::Safe, "1881".to_string())));
}

/// A year outside the configured range is a finding even when the corpus uses no reading of it;
/// an impossible year (after 2100) that surely reads as a year is one without a configured range.
#[test]
fn years_out_of_range_are_reported_without_a_used_reading() {
    let text = "The strike began in 5887 and the paper closed.";
    let f = finding_on("", text, "5887", "ocr/implausible-year").expect("5887 reported");
    assert_eq!(f.suggestions.first().map(String::as_str), Some("1887"), "{:?}", f.suggestions);
    let text = "The strike began in 1787 and the paper closed.";
    assert!(finding_on("", text, "1787", "ocr/implausible-year").is_none());
    let f = finding_on("years = [1850, 1950]", text, "1787", "ocr/implausible-year").expect("1787 out of the configured range");
    assert!(
        f.suggestions.iter().all(|s| (1850..=1950).contains(&s.parse::<u32>().unwrap())),
        "{:?}",
        f.suggestions
    );
    assert!(finding_on("", "a crowd of 5887 men", "5887", "ocr/implausible-year").is_none());
}
