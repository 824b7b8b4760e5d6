//! Snapshots (insta) of the binary's stdout in every format, on the sample chapter and on small
//! fixtures: a span that crosses a line break (a user pack's pattern), a CRLF file, non-ASCII
//! text (columns counted in characters) and an empty file. `full` is rendered without colour at
//! the binary's fixed width of 100.
//!
//! Review changed snapshots by eye: `INSTA_UPDATE=always cargo test --test snapshots`, then
//! `git diff tests/snapshots/`.

mod common;

use common::*;
use serde_json::Value;

/// Every `--format` the binary has.
const FORMATS: &[&str] = &["full", "concise", "json", "jsonl", "github", "sarif", "rdjson"];

/// (snapshot name, file, config) of each fixture, run from `tests/fixtures/`.
const FIXTURES: &[(&str, &str, &str)] = &[
    ("multiline", "multiline.txt", "multiline.toml"),
    ("crlf", "crlf.txt", "scanno.toml"),
    ("unicode", "unicode.txt", "scanno.toml"),
    ("empty", "empty.txt", "scanno.toml"),
];

/// `FORMATS` is every format the binary offers (as its usage error lists them), so that a new
/// format cannot go without snapshots.
#[test]
fn formats_are_every_format() {
    let run = scanno(&fixtures(), &["check", "empty.txt", "--format", "no-such-format"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let listed = run
        .stderr
        .split_once("[possible values: ")
        .and_then(|(_, rest)| rest.split_once(']'))
        .unwrap_or_else(|| panic!("no possible values in:\n{}", run.stderr))
        .0;
    let mut listed: Vec<&str> = listed.split(", ").collect();
    let mut ours = FORMATS.to_vec();
    listed.sort_unstable();
    ours.sort_unstable();
    assert_eq!(listed, ours);
}

#[test]
fn corpus_chapter_in_every_format() {
    for format in FORMATS {
        let run = corpus(&["--format", format, "--no-color"]);
        assert!(!run.stdout.contains('\x1b'), "colour codes in {format} output");
        insta::assert_snapshot!(format!("corpus_{format}"), run.stdout);
    }
}

/// SARIF output of a fixture without the rule metadata, which the corpus snapshot already holds.
fn sarif_results_only(stdout: &str) -> String {
    let mut v: Value = serde_json::from_str(stdout).expect("SARIF parses");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules").len();
    v["runs"][0]["tool"]["driver"]["rules"] = Value::String(format!("<{rules} rules: see the corpus snapshot>"));
    serde_json::to_string_pretty(&v).unwrap() + "\n"
}

#[test]
fn fixtures_in_every_format() {
    let dir = fixtures();
    for (name, file, config) in FIXTURES {
        for format in FORMATS {
            let run = scanno(&dir, &["check", file, "--config", config, "--format", format]);
            let expected_code = if *name == "unicode" { 1 } else { 0 };
            assert_eq!(run.code, expected_code, "{name} {format}: {}", run.stderr);
            // Only `concise` writes to stderr: its closing count.
            if *format == "concise" {
                assert!(
                    run.stderr.starts_with("Found ") || run.stderr.starts_with("No findings"),
                    "{name} {format}: {}",
                    run.stderr
                );
                assert_eq!(run.stderr.lines().count(), 1, "{name} {format}: {}", run.stderr);
            } else {
                assert_eq!(run.stderr, "", "{name} {format}");
            }
            let out = if *format == "sarif" {
                sarif_results_only(&run.stdout)
            } else {
                run.stdout
            };
            insta::assert_snapshot!(format!("{name}_{format}"), out);
        }
    }
}

#[test]
fn corpus_statistics() {
    let run = corpus(&["--statistics"]);
    insta::assert_snapshot!("corpus_statistics", run.stdout);
}

/// The corpus output holds every fault the issue names, at its place, with its fix.
#[test]
fn corpus_output_has_the_required_findings() {
    let text = std::fs::read_to_string(repo().join(CORPUS)).unwrap();
    let run = corpus(&["--format", "json"]);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let flagged = |f: &Value| &text[f["start"].as_u64().unwrap() as usize..f["end"].as_u64().unwrap() as usize];
    let find = |rule: &str, line: u64| -> Vec<&Value> { findings.iter().filter(|f| f["rule"] == rule && f["line"] == line).collect() };

    // 188i, as a letter inside a number.
    let f = find("ocr/letter-in-number", 41);
    assert_eq!(f.len(), 1);
    assert_eq!(flagged(f[0]), "188i");

    // [19071 → [1907], a safe fix.
    let f = find("ocr/bracket-year", 133);
    assert_eq!(f.len(), 1);
    let fix = &f[0]["fix"];
    assert_eq!(fix["applicability"], "safe");
    // The span covers the misread year (with or without its bracket); the fix gives `[1907]`.
    let (s, e) = (f[0]["start"].as_u64().unwrap() as usize, f[0]["end"].as_u64().unwrap() as usize);
    let bracket = text[..e].rfind("[19071").expect("the span ends the misread year");
    assert_eq!(bracket + "[19071".len(), e);
    assert!(s <= bracket + 1, "the span covers the digits");
    let edit = &fix["edits"][0];
    let (es, ee) = (edit["start"].as_u64().unwrap() as usize, edit["end"].as_u64().unwrap() as usize);
    assert!(bracket <= es && es <= s && ee == e, "{fix}");
    let fixed = format!(
        "{}{}{}",
        &text[bracket..es],
        edit["replacement"].as_str().unwrap(),
        &text[ee..ee + 2]
    );
    assert_eq!(fixed, "[1907], ");

    // Every paragraph that opens with `”`: a safe fix to `“` at column 1.
    let opening: Vec<u64> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| l.starts_with('”'))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(opening, [10, 27, 44, 76, 100, 212, 249]);
    for line in opening {
        let f = find("typography/quote-orientation", line);
        let f: Vec<_> = f.into_iter().filter(|f| f["column"] == 1).collect();
        assert_eq!(f.len(), 1, "line {line}");
        assert_eq!(flagged(f[0]), "”");
        assert_eq!(f[0]["fix"]["applicability"], "safe", "line {line}");
        assert_eq!(f[0]["fix"]["edits"][0]["replacement"], "“", "line {line}");
    }

    // Spaces before a period: `Stopani) .` and the others, with an unsafe fix.
    let spaces: Vec<(u64, String)> = findings
        .iter()
        .filter(|f| f["rule"] == "typography/space-before-period")
        .map(|f| {
            let s = f["start"].as_u64().unwrap() as usize;
            let e = f["end"].as_u64().unwrap() as usize;
            assert_eq!(flagged(f), " ");
            assert_eq!(f["fix"]["applicability"], "unsafe");
            let before = text[..s].char_indices().rev().nth(7).map_or(0, |(i, _)| i);
            (f["line"].as_u64().unwrap(), text[before..e + 1].to_string())
        })
        .collect();
    assert_eq!(
        spaces,
        [
            (133, "ias Kamo .".to_string()),
            (181, " motives .".to_string()),
            (257, "Stopani) .".to_string())
        ]
    );

    // Web furniture at the end: deleted by safe fixes.
    let nav = find("structure/navigation-line", 263);
    assert_eq!(nav.len(), 1);
    assert_eq!(flagged(nav[0]), "return return return return return\n");
    let stamp = find("structure/last-updated", 265);
    assert_eq!(stamp.len(), 1);
    assert_eq!(flagged(stamp[0]), "Last updated on: 7 September 2009");
    for f in [nav[0], stamp[0]] {
        assert_eq!(f["fix"]["applicability"], "safe");
        assert_eq!(f["fix"]["edits"][0]["replacement"], "");
    }
}
