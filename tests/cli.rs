//! End-to-end checks of the command line that a case file cannot express: properties of the
//! output checked against the text or the library (JSON and SARIF shape and true offsets, fixes a
//! consumer applies, statistics and selection against the findings, every rule listed and
//! explained), colour on a terminal, identical output at any thread count, timings, and the file
//! `init` writes. The cases of one command and its exact output (exit codes, errors, formats)
//! are data files under `tests/cmd/`, run by `tests/cmd.rs`.

mod common;

use common::*;
use scanno::config::Config;
use scanno::pack::RuleSet;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), contents).expect("write fixture");
}

/// A temporary copy of the input folder of the case `name` (`tests/cmd/NAME.in/`).
fn case_input(name: &str) -> tempfile::TempDir {
    let tmp = tempdir();
    let from = repo().join("tests/cmd").join(format!("{name}.in"));
    for entry in std::fs::read_dir(&from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), tmp.path().join(entry.file_name())).expect("copy a case input");
    }
    tmp
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON output does not parse: {e}\n{}", run.stdout))
}

/// The pack of a rule id: what comes before its `/`.
fn pack_of(rule: &str) -> &str {
    rule.split_once('/').map_or(rule, |(pack, _)| pack)
}

fn rules_of(v: &Value) -> BTreeSet<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

// ---- JSON ----

const FINDING_KEYS: &[&str] = &[
    "path",
    "rule",
    "severity",
    "message",
    "start",
    "end",
    "line",
    "column",
    "end_line",
    "end_column",
    "fix",
    "suggestions",
];

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set(k: &[&'static str]) -> BTreeSet<&'static str> {
    k.iter().copied().collect()
}

fn usize_of(v: &Value) -> usize {
    v.as_u64().unwrap_or_else(|| panic!("not a number: {v}")) as usize
}

/// The text of `path` (relative to `dir`), read once per check.
fn read_once<'t>(texts: &'t mut BTreeMap<String, String>, dir: &Path, path: &str) -> &'t str {
    texts
        .entry(path.to_string())
        .or_insert_with(|| std::fs::read_to_string(dir.join(path)).expect("a finding's path is a readable file"))
}

/// Checks a finding's optional `related` array: never empty (the key is omitted instead), each
/// entry exactly `{path, start, end, message}` with `path` null for the finding's own file (and
/// `line`, `column` of `start` for another file's), and every range a true slice of its file.
fn check_related(dir: &Path, own_path: &str, related: &Value, texts: &mut BTreeMap<String, String>) {
    let related = related.as_array().unwrap_or_else(|| panic!("related is an array: {related}"));
    assert!(!related.is_empty(), "an empty `related` is omitted");
    for r in related {
        let path = match &r["path"] {
            Value::Null => {
                assert_eq!(keys(r), set(&["path", "start", "end", "message"]), "{r}");
                own_path
            }
            Value::String(p) => {
                assert_eq!(keys(r), set(&["path", "start", "end", "message", "line", "column"]), "{r}");
                p.as_str()
            }
            other => panic!("related path is null or a string: {other}"),
        };
        assert!(!r["message"].as_str().expect("related message is a string").is_empty(), "{r}");
        let text = read_once(texts, dir, path);
        let (start, end) = (usize_of(&r["start"]), usize_of(&r["end"]));
        assert!(
            start < end && text.get(start..end).is_some(),
            "related range is a non-empty slice of {path}: {r}"
        );
        if r["line"].is_number() {
            let before = &text[..start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            assert_eq!((usize_of(&r["line"]), usize_of(&r["column"])), (line, column), "{r}");
        }
    }
}

/// Checks the documented shape of `--format json` and that every position is true to the text.
fn check_json_shape(dir: &Path, v: &Value, files: usize) {
    assert_eq!(keys(v), set(&["version", "findings", "summary"]));
    assert_eq!(v["version"], 1);
    let findings = v["findings"].as_array().expect("findings is an array");
    let summary = &v["summary"];
    assert_eq!(keys(summary), set(&["files", "findings", "by_severity"]));
    assert_eq!(usize_of(&summary["files"]), files);
    assert_eq!(usize_of(&summary["findings"]), findings.len());
    assert_eq!(keys(&summary["by_severity"]), set(&["error", "warning", "info"]));
    for sev in ["error", "warning", "info"] {
        let n = findings.iter().filter(|f| f["severity"] == sev).count();
        assert_eq!(usize_of(&summary["by_severity"][sev]), n, "{sev}");
    }
    let mut texts = BTreeMap::new();
    for f in findings {
        // Exactly the documented keys, plus `related` when (and only when) there are related
        // locations.
        let mut finding_keys = keys(f);
        let related = finding_keys.remove("related");
        assert_eq!(finding_keys, set(FINDING_KEYS), "{f}");
        let path = f["path"].as_str().unwrap();
        if related {
            check_related(dir, path, &f["related"], &mut texts);
        }
        let text = read_once(&mut texts, dir, path);
        assert!(f["rule"].as_str().unwrap().contains('/'));
        assert!(["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()));
        assert!(!f["message"].as_str().unwrap().is_empty());
        let (start, end) = (usize_of(&f["start"]), usize_of(&f["end"]));
        assert!(start <= end && end <= text.len(), "{f}");
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "{f}");
        // start/end slice the text; line and column (in characters) agree with them.
        assert!(text.get(start..end).is_some());
        assert_eq!((usize_of(&f["line"]), usize_of(&f["column"])), line_col(text, start), "{f}");
        assert_eq!((usize_of(&f["end_line"]), usize_of(&f["end_column"])), line_col(text, end), "{f}");
        let suggestions = f["suggestions"].as_array().expect("suggestions is an array");
        assert!(suggestions.iter().all(Value::is_string));
        match &f["fix"] {
            Value::Null => {}
            fix => {
                assert_eq!(keys(fix), set(&["title", "applicability", "edits"]), "{fix}");
                assert!(fix["title"].is_string());
                assert!(["safe", "unsafe", "manual"].contains(&fix["applicability"].as_str().unwrap()));
                let edits = fix["edits"].as_array().unwrap();
                assert!(!edits.is_empty());
                for e in edits {
                    assert_eq!(keys(e), set(&["start", "end", "replacement"]), "{e}");
                    let (s, t) = (usize_of(&e["start"]), usize_of(&e["end"]));
                    assert!(
                        s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t),
                        "{e}"
                    );
                    assert!(e["replacement"].is_string());
                }
            }
        }
    }
}

#[test]
fn json_has_the_documented_shape_and_true_offsets() {
    let v = json(&corpus(&["--format", "json"]));
    check_json_shape(&repo(), &v, 1);
    let dir = fixtures();
    for (file, config) in [
        ("crlf.txt", "scanno.toml"),
        ("unicode.txt", "scanno.toml"),
        ("empty.txt", "scanno.toml"),
        ("multiline.txt", "multiline.toml"),
    ] {
        let run = scanno(&dir, &["check", file, "--config", config, "--format", "json"]);
        let v = json(&run);
        check_json_shape(&dir, &v, 1);
    }
    // Several files at once.
    let run = scanno(&dir, &["check", ".", "--format", "json"]);
    check_json_shape(&dir, &json(&run), 4);
    // Related locations in another file (the case `json-related-locations-in-another-file`
    // has the exact output): each one a true slice of its file.
    let tmp = case_input("json-related-locations-in-another-file");
    let v = json(&scanno_ok(tmp.path(), &["check", ".", "--format", "json"], 0));
    check_json_shape(tmp.path(), &v, 2);
    assert!(v["findings"].as_array().unwrap().iter().any(|f| f.get("related").is_some()));
}

#[test]
fn json_slices_the_flagged_text() {
    let dir = fixtures();
    let text = std::fs::read_to_string(dir.join("unicode.txt")).unwrap();
    let v = json(&scanno(&dir, &["check", "unicode.txt", "--format", "json"]));
    let findings = v["findings"].as_array().unwrap();
    let slice = |f: &Value| &text[usize_of(&f["start"])..usize_of(&f["end"])];
    // The faults this fixture was written for, each slicing exactly the faulty text among
    // multibyte characters. Other rules may flag more (unknown words, say): they are checked
    // below and by the shape test, not listed here.
    const PLANTED: &[&str] = &[
        "ocr/letter-in-number",
        "ocr/known-scanno",
        "typography/space-before-period",
        "typography/quote-orientation",
        "typography/zero-width",
        "typography/replacement-character",
    ];
    let flagged: Vec<(&str, &str)> = findings
        .iter()
        .filter(|f| PLANTED.contains(&f["rule"].as_str().unwrap()))
        .map(|f| (f["rule"].as_str().unwrap(), slice(f)))
        .collect();
    assert_eq!(
        flagged,
        [
            ("ocr/letter-in-number", "188i"),
            ("typography/space-before-period", " "),
            ("typography/quote-orientation", "”"),
            ("ocr/known-scanno", "tbe"),
            ("ocr/known-scanno", "tbe"),
            ("typography/zero-width", "\u{200B}"),
            ("typography/replacement-character", "\u{FFFD}"),
        ]
    );
    // The word rules name the flagged word first in their message (`word` is …): the finding
    // slices that word, multibyte letters and all (`Тифлис`, `s’était`, `日本語`).
    let mut named = 0;
    for f in findings
        .iter()
        .filter(|f| ["ocr/known-scanno", "ocr/non-word"].contains(&f["rule"].as_str().unwrap()))
    {
        let message = f["message"].as_str().unwrap();
        if let Some(word) = message.strip_prefix('`').and_then(|m| m.split_once('`')).map(|(w, _)| w) {
            assert_eq!(slice(f), word, "{f}");
            named += 1;
        }
    }
    assert!(named >= 2, "the two `tbe` at least name their word");
    // Columns count characters: `188i` follows `Ça s’était passé à Tiflis en `, 29 characters
    // but 35 bytes.
    let f = findings.iter().find(|f| f["rule"] == "ocr/letter-in-number").unwrap();
    assert_eq!((usize_of(&f["line"]), usize_of(&f["column"])), (2, 30));
}

// ---- SARIF ----

#[test]
fn sarif_is_valid_looking_2_1_0() {
    let run = corpus(&["--format", "sarif"]);
    let v: Value = serde_json::from_str(&run.stdout).expect("SARIF parses");
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "scanno");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "rule ids are unique");
    // Every built-in rule is described.
    let lib_rules = RuleSet::load(&Config::default()).unwrap();
    for m in lib_rules.metas() {
        assert!(ids.contains(&m.id.as_str()), "{} missing from SARIF rules", m.id);
    }
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string());
        assert!(["error", "warning", "note"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = runs[0]["results"].as_array().unwrap();
    let json_findings = json(&corpus(&["--format", "json"]))["findings"].as_array().unwrap().len();
    assert_eq!(results.len(), json_findings);
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        let index = usize_of(&r["ruleIndex"]);
        assert_eq!(ids[index], id, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], CORPUS);
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(usize_of(&region[k]) >= 1, "{k} in {r}");
        }
        if let Some(fixes) = r.get("fixes") {
            let change = &fixes[0]["artifactChanges"][0];
            assert_eq!(change["artifactLocation"]["uri"], CORPUS);
            assert!(change["replacements"][0]["insertedContent"]["text"].is_string());
            assert!(change["replacements"][0]["deletedRegion"].is_object());
        }
    }
}

// ---- statistics, selection, quiet, colour, threads ----

#[test]
fn statistics_count_every_finding_per_rule() {
    let stats = corpus(&["--statistics"]).stdout;
    let v = json(&corpus(&["--format", "json"]));
    let findings = v["findings"].as_array().unwrap();
    let mut lines = stats.lines();
    assert!(lines
        .next()
        .unwrap()
        .split_whitespace()
        .eq(["count", "rule", "error", "warning", "info", "safe", "unsafe", "manual"]));
    let mut total = 0;
    for line in lines {
        let cols: Vec<&str> = line.split_whitespace().collect();
        let num = |k: usize| -> usize { cols[k].parse().unwrap() };
        let of_rule: Vec<&Value> = findings.iter().filter(|f| cols[1] == "total" || f["rule"] == cols[1]).collect();
        if cols[1] == "total" {
            total += 1;
        }
        assert_eq!(num(0), of_rule.len(), "{line}");
        // By the severity reported, and by the applicability of the fix.
        for (k, sev) in [(2, "error"), (3, "warning"), (4, "info")] {
            assert_eq!(num(k), of_rule.iter().filter(|f| f["severity"] == sev).count(), "{sev}: {line}");
        }
        for (k, app) in [(5, "safe"), (6, "unsafe"), (7, "manual")] {
            assert_eq!(
                num(k),
                of_rule.iter().filter(|f| f["fix"]["applicability"] == app).count(),
                "{app}: {line}"
            );
        }
    }
    assert_eq!(total, 1, "one total line");
}

#[test]
fn select_and_ignore_take_packs_and_rule_ids() {
    let all = rules_of(&json(&corpus(&["--format", "json"])));
    // The chapter has findings of the rules and packs selected below, so that no comparison is
    // between two empty sets.
    for rule in [
        "ocr/bracket-year",
        "typography/quote-orientation",
        "structure/navigation-line",
        "structure/last-updated",
    ] {
        assert!(all.contains(rule), "{rule} missing from {all:?}");
    }
    let of_packs = |packs: &[&str]| -> BTreeSet<String> { all.iter().filter(|r| packs.contains(&pack_of(r))).cloned().collect() };

    let only_ocr = rules_of(&json(&corpus(&["--format", "json", "--select", "ocr"])));
    assert_eq!(only_ocr, of_packs(&["ocr"]));

    let two = rules_of(&json(&corpus(&["--format", "json", "--select", "ocr,structure"])));
    assert_eq!(two, of_packs(&["ocr", "structure"]));

    let no_typo = rules_of(&json(&corpus(&["--format", "json", "--ignore", "typography"])));
    assert_eq!(no_typo, all.iter().filter(|r| pack_of(r) != "typography").cloned().collect());
    assert!(no_typo.is_superset(&two));

    let no_quotes = rules_of(&json(&corpus(&["--format", "json", "--ignore", "typography/quote-orientation"])));
    assert_eq!(
        no_quotes,
        all.iter().filter(|r| *r != "typography/quote-orientation").cloned().collect()
    );
    // One rule, a pack less one of its rules and a prefix that is not a pack name are cases:
    // `select-one-rule`, `select-pack-ignore-one-of-its-rules`,
    // `select-partial-pack-name-is-a-usage-error`.
}

/// Runs a command under a pseudo-terminal (util-linux `script`), where colour is on by default.
fn under_tty(dir: &Path, args: &str, no_color_env: bool) -> Option<String> {
    let bin = env!("CARGO_BIN_EXE_scanno");
    let mut c = std::process::Command::new("script");
    c.args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .current_dir(dir)
        .env_remove("NO_COLOR");
    if no_color_env {
        c.env("NO_COLOR", "1");
    }
    let out = c.output().ok()?;
    out.status.code()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn no_color_and_no_color_flag_turn_colour_off() {
    let dir = repo();
    let args = ["check", CORPUS, "--config", DEFAULT_CONFIG, "--format", "full"];
    // Piped output never has colour, whatever the settings.
    for (env, flag) in [(true, false), (false, true), (false, false)] {
        let mut c = command(&dir, &args);
        if !env {
            c.env_remove("NO_COLOR");
        }
        if flag {
            c.arg("--no-color");
        }
        let out = c.output().unwrap();
        assert!(!out.stdout.contains(&0x1b), "colour codes with NO_COLOR={env} --no-color={flag}");
    }
    // On a terminal, colour is on unless NO_COLOR or --no-color says otherwise.
    let cmd = format!("check {CORPUS} --config {DEFAULT_CONFIG} --format full");
    let Some(coloured) = under_tty(&dir, &cmd, false) else {
        eprintln!("skipped the terminal half of this test: `script` is not available");
        return;
    };
    if !coloured.contains('\x1b') {
        eprintln!("skipped the terminal half of this test: `script` gave no terminal");
        return;
    }
    assert!(!under_tty(&dir, &cmd, true).unwrap().contains('\x1b'), "NO_COLOR=1 on a terminal");
    assert!(
        !under_tty(&dir, &format!("{cmd} --no-color"), false).unwrap().contains('\x1b'),
        "--no-color on a terminal"
    );
}

#[test]
fn output_is_identical_at_any_thread_count() {
    let dir = fixtures();
    for format in ["concise", "json", "full", "sarif", "github"] {
        let one = scanno_ok(&dir, &["check", ".", "--format", format, "-j", "1", "--fail-on", "never"], 0);
        let two = scanno_ok(&dir, &["check", ".", "--format", format, "-j", "2", "--fail-on", "never"], 0);
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert!(one.stdout.len() > 100, "{format}");
    }
    // The corpus chapter and the fixtures together.
    let one = scanno(
        &repo(),
        &["check", "corpus", "tests/fixtures", "--format", "json", "--threads", "1"],
    );
    let two = scanno(
        &repo(),
        &["check", "corpus", "tests/fixtures", "--format", "json", "--threads", "2"],
    );
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(usize_of(&json(&one)["summary"]["files"]), 5);
}

// ---- rules, explain, init ----

#[test]
fn rules_lists_every_rule() {
    let tmp = tempdir();
    let run = scanno_ok(tmp.path(), &["rules"], 0);
    let listed: Vec<&str> = run.stdout.lines().map(|l| l.split_whitespace().next().unwrap()).collect();
    let mut expected: Vec<String> = RuleSet::load(&Config::default())
        .unwrap()
        .metas()
        .iter()
        .map(|m| m.id.clone())
        .collect();
    expected.extend(scanno::engine::ENGINE_RULES.iter().map(|(id, _, _)| id.to_string()));
    assert_eq!(listed, expected);
    for line in run.stdout.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        assert!(cols.len() >= 5, "id, kind, severity, fix and summary: {line}");
        assert!(["error", "warning", "info"].contains(&cols[2]), "{line}");
        assert!(["safe", "unsafe", "manual", "-"].contains(&cols[3]), "{line}");
    }
    // A user pack's rules are listed too: the case `rules-lists-a-user-packs-rules`.
}

#[test]
fn explain_prints_description_and_examples() {
    let tmp = tempdir();
    let rules = RuleSet::load(&Config::default()).unwrap();
    for m in rules.metas() {
        let run = scanno_ok(tmp.path(), &["explain", &m.id], 0);
        let out = &run.stdout;
        assert!(out.starts_with(&m.id), "{out}");
        assert!(out.contains(m.description.trim()), "{}: description missing", m.id);
        for ex in &m.examples.flag {
            assert!(
                out.contains(&ex.input.escape_debug().to_string()),
                "{}: example {:?} missing",
                m.id,
                ex.input
            );
            if let Some(fixed) = &ex.fixed {
                assert!(
                    out.contains(&format!("→ {}", fixed.escape_debug())),
                    "{}: fixed {fixed:?} missing",
                    m.id
                );
            }
        }
        for ex in &m.examples.clean {
            assert!(
                out.contains(&ex.escape_debug().to_string()),
                "{}: clean example {ex:?} missing",
                m.id
            );
        }
    }
    // One rule's whole text, and an engine rule's: the cases
    // `explain-prints-description-and-examples` and `explain-engine-rule`.
}

/// What `init` prints, and that it leaves an existing file alone unless `--force`, are the cases
/// `init-*`; here, that it writes the library's template and the file loads.
#[test]
fn init_writes_a_config_that_loads() {
    let tmp = tempdir();
    scanno_ok(tmp.path(), &["init"], 0);
    let written = std::fs::read_to_string(tmp.path().join("scanno.toml")).unwrap();
    assert_eq!(written, scanno::config::INIT_TEMPLATE);
    // The written file is found and loads: a check runs with it.
    write(tmp.path(), "a.txt", "He went to tbe station.\n");
    let run = scanno_ok(tmp.path(), &["check", "a.txt", "--format", "concise"], 0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("a.txt:1:12: warning [ocr/") && l.contains("`tbe`")),
        "{}",
        run.stdout
    );
    scanno_ok(tmp.path(), &["rules"], 0);
}

type Edit = (usize, usize, String);

/// The edits of the fixes of `findings` at one of `levels`, sorted.
fn edits_at(findings: &[Value], levels: &[&str]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| levels.iter().any(|l| f["fix"]["applicability"] == *l))
        .flat_map(|f| f["fix"]["edits"].as_array().unwrap().clone())
        .map(|e| {
            (
                usize_of(&e["start"]),
                usize_of(&e["end"]),
                e["replacement"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.sort();
    edits
}

/// Applies non-overlapping sorted edits to `text`.
fn apply(text: &str, edits: &[Edit]) -> String {
    assert!(edits.windows(2).all(|w| w[0].1 <= w[1].0), "edits do not overlap");
    let mut fixed = text.to_string();
    for (s, e, r) in edits.iter().rev() {
        fixed.replace_range(s..e, r);
    }
    // Nothing else changed: the fixed text is as long as the edits say.
    let delta: isize = edits.iter().map(|(s, e, r)| r.len() as isize - (e - s) as isize).sum();
    assert_eq!(fixed.len() as isize, text.len() as isize + delta);
    fixed
}

/// The spaces before a period planted in the chapter: each phrase as written, and as fixed.
const SPACES_BEFORE_PERIOD: &[(&str, &str)] = &[
    ("Stopani) . He did not", "Stopani). He did not"),
    ("the alias Kamo .\n", "the alias Kamo.\n"),
    ("most varied motives . Most", "most varied motives. Most"),
];

/// The edits of `--format json`, applied by a consumer at or above `safe`, give the text the
/// issue expects: the JSON is enough to fix the file outside scanno.
#[test]
fn json_safe_edits_fix_the_chapter() {
    let text = std::fs::read_to_string(repo().join(CORPUS)).unwrap();
    let v = json(&corpus(&["--format", "json"]));
    let findings = v["findings"].as_array().unwrap();
    let fixed = apply(&text, &edits_at(findings, &["safe"]));
    let lines: Vec<&str> = fixed.split('\n').collect();
    for n in [10, 27, 44, 76, 100, 212, 249] {
        assert!(lines[n - 1].starts_with('“'), "line {n}: {}", &lines[n - 1][..20]);
    }
    assert!(fixed.contains("twelfth of June [1907], in the Erivan"));
    assert!(!fixed.contains("return return"));
    assert!(!fixed.contains("Last updated on"));
    assert!(fixed.contains("188i"), "no safe fix for a letter inside a number");
    // A space before a period is not removed by a safe fix: it may be a deliberate spaced
    // ellipsis or an abbreviation's spacing, so its fix is unsafe.
    for (written, _) in SPACES_BEFORE_PERIOD {
        assert!(text.contains(written), "the chapter has `{written}`");
        assert!(fixed.contains(written), "a safe fix changed `{written}`");
    }
}

/// At `unsafe`, a consumer also removes the spaces before a period: each is a
/// `typography/space-before-period` finding whose unsafe fix deletes exactly the space.
#[test]
fn json_unsafe_edits_remove_the_space_before_a_period() {
    let text = std::fs::read_to_string(repo().join(CORPUS)).unwrap();
    let v = json(&corpus(&["--format", "json"]));
    let findings = v["findings"].as_array().unwrap();
    let spaces: Vec<usize> = SPACES_BEFORE_PERIOD
        .iter()
        .map(|(written, _)| text.find(written).unwrap() + written.find(" .").unwrap())
        .collect();
    for (&space, (written, _)) in spaces.iter().zip(SPACES_BEFORE_PERIOD) {
        let f = findings
            .iter()
            .find(|f| f["rule"] == "typography/space-before-period" && usize_of(&f["start"]) == space)
            .unwrap_or_else(|| panic!("no typography/space-before-period finding on `{written}`"));
        assert_eq!(usize_of(&f["end"]), space + 1, "{f}");
        assert_eq!(f["fix"]["applicability"], "unsafe", "{f}");
    }
    // Applied with every safe and unsafe edit of the chapter (the first of overlapping edits
    // wins, as in scanno's own fixing), they remove the spaces. Each place is found by shifting
    // its offset by the edits before it, not by its words: an unsafe fix may change a word
    // nearby (a name taken for a misspelling).
    let mut edits: Vec<Edit> = Vec::new();
    for e in edits_at(findings, &["safe", "unsafe"]) {
        if edits.last().is_none_or(|last| last.1 <= e.0) {
            edits.push(e);
        }
    }
    let fixed = apply(&text, &edits);
    for (&space, (written, expected)) in spaces.iter().zip(SPACES_BEFORE_PERIOD) {
        let shift: isize = edits
            .iter()
            .filter(|(_, e, _)| *e <= space)
            .map(|(s, e, r)| r.len() as isize - (e - s) as isize)
            .sum();
        let at = (space as isize + shift) as usize;
        assert!(
            fixed[at..].starts_with('.') && !fixed[..at].ends_with(char::is_whitespace),
            "`{written}` not fixed to `{expected}`: …{}…",
            &fixed[fixed.floor_char_boundary(at.saturating_sub(30))..fixed.ceil_char_boundary(at + 30)]
        );
    }
}

// ---- timings ----

#[test]
fn timings_report_each_check_on_stderr_and_leave_the_findings_alone() {
    let plain = corpus(&["--format", "jsonl"]);
    let timed = corpus(&["--format", "jsonl", "--timings"]);
    assert_eq!(plain.stdout, timed.stdout, "--timings must not change the findings");
    assert!(!plain.stderr.contains("timings:"));
    for want in [
        "timings:",
        "statistics pass",
        "preparation",
        "checking and output",
        "(tokenising)",
        "(output)",
        "typography/space-before-period",
    ] {
        assert!(timed.stderr.contains(want), "no `{want}` in:\n{}", timed.stderr);
    }
    // A check row: label, preparation, check time, share; the shares add up to 100 %.
    let shares: f64 = timed
        .stderr
        .lines()
        .filter_map(|l| l.trim_end().strip_suffix('%'))
        .map(|l| l.split_whitespace().last().unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((shares - 100.0).abs() < 1.0, "shares add up to {shares}:\n{}", timed.stderr);
    // The collected formats report too.
    let sarif = corpus(&["--format", "sarif", "--timings"]);
    assert!(sarif.stderr.contains("(output)"), "{}", sarif.stderr);
}

// ---- Terminal and CI-log injection ----

/// A document's control characters and a file name with a line break reach no terminal or CI
/// log raw: every human format shows them escaped, SARIF percent-encodes the name.
#[cfg(unix)]
#[test]
fn control_characters_in_text_and_names_are_shown_escaped() {
    let dir = tempdir();
    let evil_text = "Tbe title \x1b]0;PWNED\x07 and \x1b[2J tbe screen, \u{202e}txt.exe.\n";
    write(dir.path(), "a.txt", evil_text);
    let evil_name = "evil\n::error file=x::INJECTED.txt";
    write(dir.path(), evil_name, "Tbe line.\n");
    for format in ["full", "concise", "github"] {
        let run = scanno(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for bad in ['\x1b', '\x07', '\u{202e}'] {
            assert!(!run.stdout.contains(bad), "{format} printed {bad:?} raw:\n{}", run.stdout);
        }
        if format == "full" {
            assert!(run.stdout.contains("\\u{1b}"), "{format}: {}", run.stdout);
        }
        let shown = if format == "github" { "evil%0A" } else { "evil\\u{a}" };
        assert!(run.stdout.contains(shown), "{format}: {}", run.stdout);
        assert!(
            run.stdout.lines().all(|l| !l.starts_with("::error file=x")),
            "{format}: a file name started a workflow command:\n{}",
            run.stdout
        );
    }
    let sarif = scanno(dir.path(), &["check", "--format", "sarif", "."]);
    let v: Value = serde_json::from_str(&sarif.stdout).unwrap();
    let uris: BTreeSet<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains("evil%0A%3A%3Aerror%20file%3Dx%3A%3AINJECTED.txt"), "{uris:?}");
}

/// The same file named twice (`a.txt ./a.txt`, a folder and a file in it) is checked once and
/// fixed once.
#[test]
fn a_file_named_twice_is_checked_and_fixed_once() {
    let dir = tempdir();
    write(dir.path(), "a.txt", "He said hello.. And the end of [19071 came.\n");
    let once = scanno(dir.path(), &["check", "--format", "jsonl", "a.txt"]);
    let twice = scanno(dir.path(), &["check", "--format", "jsonl", "a.txt", "./a.txt", "."]);
    assert!(once.stdout.contains("[19071"), "{}", once.stderr);
    assert_eq!(twice.stdout, once.stdout);
    let fixed = scanno(dir.path(), &["check", "--fix", ".", "a.txt", "./a.txt"]);
    assert!(fixed.code <= 1, "{}", fixed.stderr);
    let after = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(after.contains("[1907]") && !after.contains("[1[1"), "{after}");
}

/// A FIFO named on the command line is refused as what it is, not as a missing file.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_as_not_a_regular_file() {
    let dir = tempdir();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("SKIPPED a_fifo_is_refused_as_not_a_regular_file: mkfifo failed");
        return;
    }
    let run = scanno(dir.path(), &["check", "pipe.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

/// A file `--fix` may not write (read-only, hard-linked) is an error of the run: exit 2, the
/// file untouched, the reason on stderr; the other files are fixed.
#[cfg(unix)]
#[test]
fn a_fix_that_cannot_be_written_exits_2_and_the_others_are_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    write(dir.path(), "locked.txt", "Tbe end of [19071 came.\n");
    write(dir.path(), "linked.txt", "Tbe end of [19071 came.\n");
    write(dir.path(), "open.txt", "Tbe end of [19071 came.\n");
    std::fs::set_permissions(dir.path().join("locked.txt"), std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::hard_link(dir.path().join("linked.txt"), dir.path().join("linked.bak")).unwrap();
    let run = scanno(dir.path(), &["check", "--fix", "locked.txt", "linked.txt", "open.txt"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("error: locked.txt: read-only"), "{}", run.stderr);
    assert!(run.stderr.contains("error: linked.txt: has 2 hard links"), "{}", run.stderr);
    let read = |n: &str| std::fs::read_to_string(dir.path().join(n)).unwrap();
    assert_eq!(read("locked.txt"), "Tbe end of [19071 came.\n");
    assert_eq!(read("linked.txt"), "Tbe end of [19071 came.\n");
    assert_eq!(read("open.txt"), "The end of [1907] came.\n");
}

/// Two files whose names are not UTF-8 and differ in one byte keep apart: each is fixed, each is
/// shown under its own name (the stray byte as `\xNN`), none is taken for the other.
#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_kept_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempdir();
    let a = std::ffi::OsStr::from_bytes(b"n\xff.txt");
    let b = std::ffi::OsStr::from_bytes(b"n\xfe.txt");
    std::fs::write(dir.path().join(a), "Tbe end of [19071 came.\n").unwrap();
    std::fs::write(dir.path().join(b), "A line.\nTbe end.\n").unwrap();
    let run = scanno(dir.path(), &["check", "--format", "concise", "."]);
    assert!(run.stdout.contains("n\\xff.txt:1:1:"), "{}", run.stdout);
    assert!(run.stdout.contains("n\\xfe.txt:2:1:"), "{}", run.stdout);
    let fixed = scanno(dir.path(), &["check", "--fix", "."]);
    assert!(fixed.code <= 1, "{}", fixed.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join(a)).unwrap(), "The end of [1907] came.\n");
    assert_eq!(std::fs::read_to_string(dir.path().join(b)).unwrap(), "A line.\nThe end.\n");
}

/// Settings-like inputs are read with a bound: a device (`/dev/zero`) given as a config, a pack,
/// a word list or a list of paths is refused at once with a message, never read into memory.
#[cfg(target_os = "linux")]
#[test]
fn devices_as_settings_are_refused_not_read() {
    let dir = tempdir();
    write(dir.path(), "a.txt", "Tbe end.\n");
    let refused = |run: Run, what: &str| {
        assert_eq!(run.code, 2, "{what}: {}", run.stderr);
        assert!(run.stderr.contains("not a regular file"), "{what}: {}", run.stderr);
    };
    refused(scanno(dir.path(), &["check", "a.txt", "--config", "/dev/zero"]), "--config");
    write(dir.path(), "packs.toml", "packs = [\"/dev/zero\"]\n");
    refused(scanno(dir.path(), &["check", "a.txt", "--config", "packs.toml"]), "a pack");
    write(dir.path(), "words.toml", "[lexicon]\nfiles = [\"/dev/zero\"]\n");
    refused(scanno(dir.path(), &["check", "a.txt", "--config", "words.toml"]), "a word list");
    refused(scanno(dir.path(), &["check", "--files-from", "/dev/zero"]), "--files-from");
}

/// A large file of zeros (sparse) is skipped as binary from its first block, and the run goes on.
#[test]
fn a_large_binary_file_is_skipped_from_its_first_block() {
    let dir = tempdir();
    write(dir.path(), "a.txt", "Tbe end.\n");
    let f = std::fs::File::create(dir.path().join("zeros.txt")).unwrap();
    f.set_len(1 << 30).unwrap();
    let run = scanno(dir.path(), &["check", "--format", "concise", "."]);
    assert!(
        run.stderr
            .contains("zeros.txt: skipped, looks like a binary file (NUL byte at offset 0)"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("a.txt:1:1:"), "{}", run.stdout);
}
