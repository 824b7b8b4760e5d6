//! Property tests of spans and fixes on arbitrary text (non-ASCII, CRLF, quotes, brackets,
//! digits, the corpus' own faults): every finding's span lies inside the text on character
//! boundaries, its line/column maps back to the same offsets, and applying every fix gives
//! valid text that re-checking brings to a fixed point within a few rounds.

use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use scanno::config::Config;
use scanno::document::Document;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::finding::{Applicability, Finding};
use scanno::fix::apply_fixes;
use scanno::pack::RuleSet;
use std::cell::RefCell;

/// Pieces that trigger the built-in rules, mixed with arbitrary characters.
const PIECES: &[&str] = &[
    "tbe",
    "Tbe",
    "TBE",
    "the",
    "the the",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "\r",
    ".",
    ",",
    " .",
    " ,",
    "”",
    "“",
    "‘",
    "’",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "188i",
    "[19071",
    "[1907]",
    "l907",
    "19O5",
    "0",
    "1",
    "7",
    "1907",
    "—",
    " — ",
    "–",
    "--",
    "é",
    "Ça",
    "日本語",
    "Тифлис",
    "🙂",
    "\u{200B}",
    "\u{FEFF}",
    "\u{FFFD}",
    "\u{7}",
    "\u{0}",
    "return return return\n",
    "Top Contents Next",
    "Last updated on: 7 September 2009",
    "42\n",
    "- 17 -",
    "Koba’s",
    "’nineties",
    "’Soso",
    "Stopani) .",
    "e\u{301}",
    "ſ",
    "ﬁ",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z]{1,8}",
    ];
    proptest::collection::vec(piece, 0..48).prop_map(|v| v.concat())
}

fn engine() -> Engine {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs load");
    Engine::new(config, rules)
}

fn check(engine: &mut Engine, text: &str) -> Vec<Finding> {
    prepare_for_text(engine, text);
    check_text(engine, "prop.txt", text)
}

/// The byte offset of a 1-based line and column (in characters), as a reader would find it.
fn offset_of(doc: &Document, line: usize, column: usize) -> Option<usize> {
    let start = doc.lines().line_start(line);
    let mut chars = doc.text[start..]
        .char_indices()
        .map(|(i, _)| start + i)
        .chain(std::iter::once(doc.text.len()));
    chars.nth(column - 1)
}

fn spans_are_sound(text: &str, findings: &[Finding]) -> Result<(), TestCaseError> {
    let doc = Document::from_str("prop.txt", text);
    for f in findings {
        prop_assert!(
            f.start <= f.end && f.end <= text.len(),
            "{f:?} outside a text of {} bytes",
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end),
            "{f:?} not on char boundaries"
        );
        let pos = doc.position(f.start, f.end);
        prop_assert_eq!(f.position, pos, "the finding's position is the document's");
        prop_assert!(pos.line >= 1 && pos.column >= 1 && (pos.end_line, pos.end_column) >= (pos.line, pos.column));
        prop_assert_eq!(
            offset_of(&doc, pos.line, pos.column),
            Some(f.start),
            "start of {:?} does not round-trip",
            f
        );
        prop_assert_eq!(
            offset_of(&doc, pos.end_line, pos.end_column),
            Some(f.end),
            "end of {:?} does not round-trip",
            f
        );
        if let Some(fix) = &f.fix {
            prop_assert!(!fix.edits.is_empty());
            for e in &fix.edits {
                prop_assert!(e.start <= e.end && e.end <= text.len(), "{e:?} outside the text");
                prop_assert!(
                    text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
                    "{e:?} not on char boundaries"
                );
            }
        }
    }
    Ok(())
}

/// Applies the fixes at or above `min` until nothing changes; returns the rounds it took.
fn fix_until_stable(engine: &mut Engine, text: &str, min: Applicability, max_rounds: usize) -> Result<usize, TestCaseError> {
    let mut text = text.to_string();
    for round in 0..max_rounds {
        let findings = check(engine, &text);
        spans_are_sound(&text, &findings)?;
        let (fixed, applied, _) = apply_fixes(&text, &findings, min);
        prop_assert!(std::str::from_utf8(fixed.as_bytes()).is_ok());
        if applied == 0 {
            prop_assert_eq!(&fixed, &text, "no fix applied but the text changed");
            return Ok(round);
        }
        text = fixed;
    }
    Err(TestCaseError::fail(format!(
        "fixes at {min:?} did not converge in {max_rounds} rounds; last text {text:?}"
    )))
}

fn run(cases: u32, test: impl Fn(&mut Engine, String) -> Result<(), TestCaseError>) {
    let engine = RefCell::new(engine());
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(&text_strategy(), |text| test(&mut engine.borrow_mut(), text));
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn spans_lie_on_char_boundaries_and_round_trip() {
    run(256, |engine, text| {
        let findings = check(engine, &text);
        spans_are_sound(&text, &findings)
    });
}

#[test]
fn fixes_give_valid_text_and_converge() {
    run(128, |engine, text| {
        fix_until_stable(engine, &text, Applicability::Safe, 4)?;
        fix_until_stable(engine, &text, Applicability::Manual, 6)?;
        Ok(())
    });
}

/// The same properties on the sample chapter itself.
#[test]
fn corpus_chapter_spans_and_fixes() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/trotsky-stalin-ch4.txt")).unwrap();
    let mut engine = engine();
    let findings = check(&mut engine, &text);
    assert!(!findings.is_empty());
    spans_are_sound(&text, &findings).unwrap();
    let rounds = fix_until_stable(&mut engine, &text, Applicability::Safe, 4).unwrap();
    assert!(rounds >= 1);
    fix_until_stable(&mut engine, &text, Applicability::Manual, 6).unwrap();
}

const BOMS: &[&[u8]] = &[b"", b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xFE\xFF"];

/// Any bytes (BOMs, UTF-16, invalid UTF-8, legacy encodings) decode without panicking, and the
/// findings on the decoded text have sound spans.
#[test]
fn any_bytes_decode_and_check_without_panicking() {
    let engine = engine();
    let bytes = prop_oneof![
        any::<Vec<u8>>(),
        (
            proptest::sample::select(BOMS),
            text_strategy(),
            proptest::collection::vec(any::<u8>(), 0..4),
            text_strategy(),
        )
            .prop_map(|(bom, a, junk, b)| [bom, a.as_bytes(), &junk, b.as_bytes()].concat()),
    ];
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(&bytes, |bytes| {
        let Ok(doc) = Document::from_bytes("prop.txt".into(), "prop.txt".into(), &bytes) else {
            prop_assert!(bytes.contains(&0), "only a NUL byte makes a file binary");
            return Ok(());
        };
        let findings = engine.check_document(&doc, &Default::default(), &[]).findings;
        spans_are_sound(&doc.text, &findings)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
