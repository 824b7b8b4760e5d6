//! `scanno.toml` values are compiled when the file is loaded: a bad calendar date, a threshold
//! out of its range or a bad confusion is an error at its own place (exit 2), and the user's
//! `[ocr] confusions` reach every check that reads OCR confusions.

mod common;

use common::*;
use scanno::config::Config;
use scanno::confusion::Scope;
use scanno::diagnostic::SourceFile;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::pack::RuleSet;
use std::path::Path;

fn write(dir: &Path, name: &str, contents: &str) {
    std::fs::write(dir.join(name), contents).expect("write");
}

/// The error report of `scanno check` under the config `toml` (which must fail with exit 2).
fn config_error(toml: &str) -> String {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "scanno.toml", toml);
    write(tmp.path(), "a.txt", "text\n");
    let run = scanno_ok(tmp.path(), &["check", "a.txt", "--config", "scanno.toml"], 2);
    assert_eq!(run.stdout, "", "nothing is checked when the config is bad");
    run.stderr
}

#[test]
fn a_calendar_date_that_does_not_exist_is_an_error_at_its_line() {
    let err = config_error("language = \"en\"\ncalendar = \"julian-until:1918-02-30\"\n");
    assert!(err.contains("`1918-02-30` is not a day of the Julian calendar"), "{err}");
    assert!(err.contains("[scanno.toml:2:12]"), "{err}");
    insta::assert_snapshot!("calendar_day", err);
    // A year too large for a date, and a malformed date.
    let err = config_error("calendar = \"julian-until:99999999999-01-31\"\n");
    assert!(err.contains("is not a date (expected YYYY-MM-DD)"), "{err}");
    let err = config_error("calendar = \"julian-until:1918-2\"\n");
    assert!(err.contains("`1918-2` is not a date (expected YYYY-MM-DD)"), "{err}");
    // A Julian leap day the Gregorian calendar lacks is a day all the same.
    let config = Config::parse(&SourceFile::new("scanno.toml", "calendar = \"julian-until:1900-02-29\"\n"));
    assert!(config.is_ok(), "{config:?}");
}

#[test]
fn the_noise_threshold_must_be_a_number_above_zero() {
    for bad in ["0", "-0.5", "nan", "inf"] {
        let err = config_error(&format!("[ocr]\nnoisy-threshold = {bad}\n"));
        assert!(
            err.contains("noisy-threshold:") && err.contains("is not a number above 0"),
            "{bad}: {err}"
        );
        assert!(err.contains("[scanno.toml:2:19]"), "{bad}: {err}");
    }
    let err = config_error("[ocr]\nnoisy-threshold = 0\n");
    insta::assert_snapshot!("noisy_threshold", err);
    let ok = Config::parse(&SourceFile::new("scanno.toml", "[ocr]\nnoisy-threshold = 0.5\n")).expect("parses");
    assert_eq!(ok.ocr.noisy_threshold, Some(0.5));
}

#[test]
fn an_unknown_language_is_an_error_at_its_line() {
    let err = config_error("years = \"infer\"\nlanguage = \"engilsh\"\n");
    assert!(err.contains("`engilsh` is not a language"), "{err}");
    assert!(err.contains("[scanno.toml:2:12]"), "{err}");
    for good in ["en", "en-GB", "fr", "de", "fr_CA", "english"] {
        let config = Config::parse(&SourceFile::new("scanno.toml", format!("language = \"{good}\"\n")));
        assert!(config.is_ok(), "{good}: {config:?}");
    }
    for bad in ["xx", "", "e", "en-", "en-GBRITAIN"] {
        let config = Config::parse(&SourceFile::new("scanno.toml", format!("language = \"{bad}\"\n")));
        assert!(config.is_err(), "{bad:?} accepted");
    }
}

#[test]
fn a_bad_glob_is_an_error_at_its_entry() {
    let err = config_error("include = [\n  \"**/*.txt\",\n  \"chapters/[a-.txt\",\n]\nexclude = [\"{a,b\"]\n");
    assert!(err.contains("`chapters/[a-.txt` is not a glob"), "{err}");
    assert!(err.contains("[scanno.toml:3:3]"), "{err}");
    assert!(err.contains("`{a,b` is not a glob"), "{err}");
    assert!(err.contains("[scanno.toml:5:12]"), "{err}");
    let config = Config::parse(&SourceFile::new("scanno.toml", "include = [\"**/*.txt\", \"*.md\"]\n")).unwrap();
    assert_eq!(config.include, ["**/*.txt", "*.md"]);
}

#[test]
fn a_bad_confusion_is_reported_at_its_entry() {
    let err = config_error(
        "[ocr]\nconfusions = [\n  { from = \"rn\", to = \"m\", cost = 0.5 },\n  { from = \"x\", to = \"y\", cost = -1 },\n]\n",
    );
    assert!(err.contains("[ocr] confusion `x` → `y`"), "{err}");
    assert!(err.contains("[scanno.toml:4:3]"), "{err}");
    insta::assert_snapshot!("confusion_entry", err);
}

#[test]
fn every_key_is_read_on_its_own_and_all_errors_come_out() {
    let err = config_error("years = [1950, 1900]\ncalendar = \"julian-until:1918-02-30\"\ncolour = 1\n[ocr]\nnoisy-threshold = 0\n");
    assert!(err.contains("4 configuration errors found"), "{err}");
    for (what, place) in [
        ("years: 1950 is after 1900", "[scanno.toml:1:9]"),
        ("`1918-02-30` is not a day", "[scanno.toml:2:12]"),
        ("unknown key `colour`", "[scanno.toml:3:1]"),
        ("noisy-threshold: 0 is not", "[scanno.toml:5:19]"),
    ] {
        let at = err.find(what).unwrap_or_else(|| panic!("`{what}` not reported:\n{err}"));
        assert!(err[at..].contains(place), "`{what}` not at {place}:\n{err}");
    }
}

fn engine(config_toml: &str) -> Engine {
    let config = Config::parse(&SourceFile::new("scanno.toml", config_toml)).expect("config parses");
    let rules = RuleSet::load(&config).expect("packs load");
    Engine::new(config, rules)
}

/// (rule, flagged text, suggestions) of every finding of `rule`.
fn findings(config_toml: &str, rule: &str, text: &str) -> Vec<(String, String, Vec<String>)> {
    let mut e = engine(config_toml);
    assert!(e.select(&[rule.to_string()], &[]).is_empty());
    prepare_for_text(&mut e, text);
    check_text(&e, "t.txt", text)
        .into_iter()
        .map(|f| (f.rule, text[f.start..f.end].to_string(), f.suggestions))
        .collect()
}

#[test]
fn the_rule_set_carries_the_confusion_table_with_the_users_entries() {
    let config = Config::parse(&SourceFile::new(
        "scanno.toml",
        "[ocr]\nconfusions = [{ from = \"rn\", to = \"m\", cost = 0.1 }, { from = \"ſt\", to = \"st\", cost = 0.3 }]\n",
    ))
    .expect("parses");
    let table = RuleSet::load(&config).expect("packs load").confusions;
    let find = |from: &str, to: &str| {
        table
            .entries
            .iter()
            .find(|c| c.from == from && c.to == to && c.scope == Scope::Word)
    };
    // A built-in entry re-weighted in place, and a new one added.
    assert_eq!(find("rn", "m").map(|c| c.cost), Some(0.1));
    assert_eq!(find("ſt", "st").map(|c| c.cost), Some(0.3));
    let default = RuleSet::load(&Config::default()).expect("packs load").confusions;
    assert_eq!(table.entries.len(), default.entries.len() + 1);
}

#[test]
fn a_users_digit_confusion_mends_a_reversed_range() {
    // `1942-1908`: no built-in digit misreading makes the range run forward; `4` read for `0`
    // does.
    let text = "He lived there in 1942-1908 and wrote.\n";
    let none = findings("", "dates/reversed-range", text);
    assert_eq!(none, vec![("dates/reversed-range".to_string(), "1942-1908".to_string(), vec![])]);
    let user = "[ocr]\nconfusions = [{ from = \"4\", to = \"0\", cost = 1.0, scope = \"num\" }]\n";
    let mended = findings(user, "dates/reversed-range", text);
    assert_eq!(mended[0].2, vec!["1902-1908".to_string()], "{mended:?}");
}

#[test]
fn a_users_letter_for_digit_confusion_reaches_the_number_check() {
    // `A` inside a number is not read as a digit by default; the user says it stands for `4`.
    let text = "In the year 19A7 the war went on, and in 1917, and in 1947 too.\n";
    let rule = "ocr/letter-in-number";
    assert_eq!(findings("", rule, text), vec![]);
    let user = "[ocr]\nconfusions = [{ from = \"A\", to = \"4\", cost = 0.5, scope = \"num\" }]\n";
    let found = findings(user, rule, text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "19A7");
    assert_eq!(found[0].2.first().map(String::as_str), Some("1947"), "{found:?}");
}
