//! Robustness: any input decodes or is skipped with a note, every malformed configuration is a
//! located error with exit 2, and the engine's invariants hold on arbitrary text (spans in
//! bounds, line/column round-trips, fixes converge, the same output at any thread count).

use proptest::prelude::*;
use scanno::config::Config;
use scanno::corpus::CorpusStats;
use scanno::document::{Document, LineIndex};
use scanno::engine::{discover, Engine};
use scanno::finding::{Applicability, Finding};
use scanno::fix::apply_fixes;
use scanno::pack::RuleSet;
use std::path::Path;
use std::process::Command;

fn scanno(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scanno"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run scanno");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(!stderr.contains("panicked"), "scanno panicked: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        stderr,
    )
}

/// Checks `files` (name, bytes) in a fresh folder with `--format jsonl`; returns the findings
/// as JSON values, the exit code and stderr.
fn check_files(files: &[(&str, &[u8])], extra: &[&str]) -> (Vec<serde_json::Value>, i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write fixture");
    }
    let mut args = vec!["check", "--format", "jsonl", "--fail-on", "never"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--", "."]);
    let (code, stdout, stderr) = scanno(dir.path(), &args);
    let findings = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l}: {e}")))
        .collect();
    (findings, code, stderr)
}

fn find<'a>(findings: &'a [serde_json::Value], rule: &str) -> Vec<&'a serde_json::Value> {
    findings.iter().filter(|f| f["rule"] == rule).collect()
}

fn line_col(f: &serde_json::Value) -> (u64, u64) {
    (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())
}

// ---------------------------------------------------------------- inputs and encodings

#[test]
fn utf8_with_and_without_bom() {
    let text = "Line one.\nSo tbe cat sat.\n";
    let with_bom: Vec<u8> = b"\xEF\xBB\xBF".iter().chain(text.as_bytes()).copied().collect();
    let (f, code, _) = check_files(&[("a.txt", text.as_bytes()), ("b.txt", &with_bom)], &[]);
    assert_eq!(code, 0);
    let hits = find(&f, "ocr/known-scanno");
    assert_eq!(hits.len(), 2, "{f:?}");
    for h in hits {
        assert_eq!(line_col(h), (2, 4), "{h}");
    }
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[test]
fn utf16_le_and_be_with_bom() {
    let text = "Ça commence.\r\nSo tbe cat sat.\r\n";
    let (f, code, _) = check_files(&[("le.txt", &utf16(text, false)), ("be.txt", &utf16(text, true))], &[]);
    assert_eq!(code, 0);
    let hits = find(&f, "ocr/known-scanno");
    assert_eq!(hits.len(), 2, "{f:?}");
    assert!(hits.iter().all(|h| line_col(h) == (2, 4)));
}

#[test]
fn windows_1252_is_decoded_with_a_note() {
    // “Café” in windows-1252 curly quotes, and a scanno to show the text was read.
    let bytes = b"\x93Caf\xe9,\x94 he said; tbe na\xefve r\xe9sum\xe9.\n";
    let (f, code, _) = check_files(&[("legacy.txt", bytes)], &[]);
    assert_eq!(code, 0);
    let note = find(&f, "encoding/legacy");
    assert_eq!(note.len(), 1, "{f:?}");
    assert!(note[0]["message"].as_str().unwrap().contains("windows-1252"), "{}", note[0]);
    let hit = find(&f, "ocr/known-scanno");
    assert_eq!(hit.len(), 1);
    assert_eq!(line_col(hit[0]), (1, 18));
}

#[test]
fn latin1_text_is_decoded() {
    let bytes = b"Der M\xfcller sa\xdf am Flu\xdf und a\xdf tbe Br\xf6tchen.\n";
    let (f, _, _) = check_files(&[("de.txt", bytes)], &[]);
    assert_eq!(find(&f, "encoding/legacy").len(), 1, "{f:?}");
    assert_eq!(find(&f, "ocr/known-scanno").len(), 1);
}

#[test]
fn nul_bytes_skip_the_file_with_a_note_and_the_run_goes_on() {
    let (f, code, stderr) = check_files(&[("bin.txt", b"abc\0def tbe"), ("ok.txt", b"tbe end\n")], &[]);
    assert_eq!(code, 0, "a binary file is not an error: {stderr}");
    assert!(stderr.contains("bin.txt") && stderr.contains("binary"), "{stderr}");
    assert!(f.iter().all(|x| x["path"] != "bin.txt"));
    assert_eq!(find(&f, "ocr/known-scanno").len(), 1);
}

#[test]
fn empty_files() {
    let (f, code, _) = check_files(
        &[
            ("empty.txt", b""),
            ("bom-only.txt", b"\xEF\xBB\xBF"),
            ("utf16-bom-only.txt", b"\xFF\xFE"),
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn mixed_line_endings() {
    let text = b"one\r\ntwo\nthree tbe\r\nfour\rstill four tbe\n";
    let (f, _, _) = check_files(&[("mixed.txt", text)], &[]);
    let hits: Vec<(u64, u64)> = find(&f, "ocr/known-scanno").into_iter().map(line_col).collect();
    // A lone CR does not end a line.
    assert_eq!(hits, vec![(3, 7), (4, 17)]);
}

#[test]
fn invalid_utf8_is_reported_at_its_position() {
    let text = b"caf\xc3\xa9 ok\nsecond \xff\xfe line tbe\n";
    let (f, _, _) = check_files(&[("bad.txt", text)], &[]);
    // Two bytes that start no sequence: two invalid sequences, each where it stands.
    let bad = find(&f, "encoding/invalid-utf8");
    assert_eq!(bad.len(), 2, "{f:?}");
    assert_eq!(line_col(bad[0]), (2, 8));
    assert_eq!(line_col(bad[1]), (2, 9));
    assert!(bad[0]["message"].as_str().unwrap().contains("byte offset 16"), "{}", bad[0]);
    assert!(bad[1]["message"].as_str().unwrap().contains("byte offset 17"), "{}", bad[1]);
    // The text after the bad bytes is still checked.
    assert_eq!(find(&f, "ocr/known-scanno").len(), 1);
}

#[test]
fn a_lost_byte_is_reported_once_and_a_replacement_character_once() {
    // Raw OCR (so that the stray-mark rule is on), with one invalid byte and one U+FFFD
    // written in the text itself.
    let mut text = b"Tbe wliole ycar tbey liavc beeu uuder tbe \xff rnle of tlie \xef\xbf\xbd coiuniittee.\n".repeat(20);
    text.extend_from_slice(b"end\n");
    let (f, _, _) = check_files(&[("raw.txt", &text)], &[]);
    let at = |rule: &str| find(&f, rule).iter().map(|x| line_col(x)).collect::<Vec<_>>();
    let invalid = at("encoding/invalid-utf8");
    let replacement = at("typography/replacement-character");
    assert_eq!(invalid.len(), 20, "{f:?}");
    assert_eq!(replacement.len(), 20, "{f:?}");
    // Nothing else reports those characters.
    for x in &f {
        let rule = x["rule"].as_str().unwrap();
        if rule == "encoding/invalid-utf8" || rule == "typography/replacement-character" {
            continue;
        }
        let pos = line_col(x);
        assert!(
            !invalid.contains(&pos) && !replacement.contains(&pos),
            "{rule} at {pos:?} repeats a U+FFFD finding"
        );
    }
    // The decoded U+FFFD and the written one are different places.
    assert!(invalid.iter().all(|p| !replacement.contains(p)));
}

#[test]
fn a_long_single_line_is_positioned_by_characters() {
    // One 2 MB line with a scanno every ~1000 characters, some of them after non-ASCII text.
    let unit = format!("{} é tbe ", "word ".repeat(200));
    let text = unit.repeat(2_000);
    let (f, _, _) = check_files(&[("line.txt", text.as_bytes())], &["--select", "ocr/known-scanno"]);
    let hits = find(&f, "ocr/known-scanno");
    assert_eq!(hits.len(), 2_000);
    let unit_chars = unit.chars().count() as u64;
    for (k, h) in hits.iter().enumerate() {
        assert_eq!(line_col(h), (1, k as u64 * unit_chars + 1003 + 1), "finding {k}");
    }
}

#[test]
fn full_format_on_a_long_line_shows_a_window() {
    let text = format!("{}tbe{}\n", "a ".repeat(50_000), " b".repeat(50_000));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("l.txt"), &text).unwrap();
    let (_, out, _) = scanno(dir.path(), &["check", "l.txt", "--format", "full", "--select", "ocr/known-scanno"]);
    assert!(out.contains("ocr/known-scanno") && out.contains('…'), "{out}");
    assert!(out.len() < 2_000, "the snippet is a window, not the line: {} bytes", out.len());
    assert!(out.contains(" 1 │"), "{out}");
}

/// A document over the segment size, with findings spread through it.
fn big_text() -> String {
    let para = "So tbe cat sat — on the mat ( said he . “Well,” she said,  ’twas the the end.\nA second line, [19071 and 188i.\n\n";
    para.repeat((4 << 20) / para.len() + 1)
}

#[test]
fn a_large_document_gives_the_same_output_at_one_and_two_threads() {
    let text = big_text();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), &text).unwrap();
    std::fs::write(dir.path().join("small.txt"), "tbe end\n").unwrap();
    let (_, one, _) = scanno(dir.path(), &["check", "--format", "jsonl", "-j", "1", "."]);
    let (_, two, _) = scanno(dir.path(), &["check", "--format", "jsonl", "-j", "2", "."]);
    assert!(one == two, "output differs between 1 and 2 threads");
    let (_, json1, _) = scanno(dir.path(), &["check", "--format", "json", "-j", "1", "."]);
    let (_, json2, _) = scanno(dir.path(), &["check", "--format", "json", "-j", "2", "."]);
    assert!(json1 == json2);
    // Every paragraph's scanno is found, at its line.
    let findings: Vec<serde_json::Value> = one.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let hits: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["path"] == "big.txt" && f["rule"] == "ocr/known-scanno")
        .collect();
    let paras = text.matches("\n\n").count();
    assert_eq!(hits.len(), paras);
    for (k, h) in hits.iter().enumerate() {
        assert_eq!(line_col(h), (3 * k as u64 + 1, 4));
    }
}

#[test]
fn segmented_findings_match_per_paragraph_findings() {
    // Rules that work within a paragraph see the same thing whether the document is split.
    let text = big_text();
    let engine = default_engine(&[
        "ocr",
        "typography/quote-orientation",
        "typography/unbalanced-brackets",
        "typography/unbalanced-quotes",
        "typography/doubled-word",
    ]);
    let stats = CorpusStats::default();
    let whole = engine.check_document(&Document::from_str("big.txt", &text), &stats, &[]).findings;
    let para_len = text.find("\n\n").unwrap() + 2;
    let one = engine
        .check_document(&Document::from_str("p.txt", &text[..para_len]), &stats, &[])
        .findings;
    assert!(!one.is_empty());
    assert_eq!(whole.len(), one.len() * (text.len() / para_len));
    for (k, f) in whole.iter().enumerate() {
        let g = &one[k % one.len()];
        assert_eq!((f.start - (k / one.len()) * para_len, &f.rule), (g.start, &g.rule));
    }
}

#[test]
fn segmented_statistics_equal_whole_document_statistics() {
    let text = big_text() + "Koba 1907 Koba.\n";
    let doc = Document::from_str("big.txt", &text);
    let mut whole = CorpusStats::default();
    let toks: Vec<scanno::tokenize::Token> = scanno::tokenize::tokens(&text).collect();
    whole.observe("big.txt", &text, &toks);
    assert_eq!(
        scanno::engine::gather::observe_document(&doc, scanno::markup::FormatSetting::Auto),
        whole
    );
}

// ---------------------------------------------------------------- sharded runs

#[test]
fn files_from_stats_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "tbe one\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Koba and tbe two\n").unwrap();
    std::fs::write(dir.path().join("list"), "b.txt\r\n\na.txt\n").unwrap();
    let (code, out, err) = scanno(dir.path(), &["check", "--format", "jsonl", "--files-from", "list"]);
    assert_eq!(code, 0, "{err}");
    let paths: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["path"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // In input order, a file's findings together (b.txt has more than one).
    let mut files = paths.clone();
    files.dedup();
    assert_eq!(files, vec!["a.txt", "b.txt"]);
    // Statistics of two shards, merged in either order, equal those of the whole.
    assert_eq!(scanno(dir.path(), &["stats", "a.txt", "--out", "sa.json"]).0, 0);
    assert_eq!(scanno(dir.path(), &["stats", "b.txt", "-o", "sb.json"]).0, 0);
    assert_eq!(scanno(dir.path(), &["stats", "a.txt", "b.txt", "--out", "all.json"]).0, 0);
    let read = |n: &str| -> CorpusStats { CorpusStats::read_file(&std::fs::read(dir.path().join(n)).unwrap()).unwrap() };
    let (mut ab, mut ba) = (read("sa.json"), read("sb.json"));
    ab.merge(read("sb.json"));
    ba.merge(read("sa.json"));
    assert_eq!(ab, ba);
    assert_eq!(ab, read("all.json"));
    assert_eq!(ab.count("Koba"), 1);
    let (code, out2, err) = scanno(
        dir.path(),
        &[
            "check", "--format", "jsonl", "--stats", "sa.json", "sb.json", "--", "a.txt", "b.txt",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, out2);
    // A listed file that does not exist is an I/O error for that file; the others are checked.
    std::fs::write(dir.path().join("list2"), "./a.txt\nmissing.txt\n").unwrap();
    let (code, out3, err) = scanno(dir.path(), &["check", "--format", "jsonl", "--files-from", "list2", "b.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    assert_eq!(out3, out);
    // The list from standard input.
    let mut child = Command::new(env!("CARGO_BIN_EXE_scanno"))
        .args(["check", "--format", "jsonl", "--files-from", "-"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child.stdin.take().unwrap().write_all(b"a.txt\nb.txt\n").unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&piped.stdout), out);
    let (code, _, err) = scanno(dir.path(), &["check", "--stats", "list", "--", "a.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a scanno statistics file"), "{err}");
}

#[test]
fn statistics_files_are_versioned_and_checked_when_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "tbe one and Koba\n").unwrap();
    let (code, _, err) = scanno(dir.path(), &["stats", "a.txt", "--out", "s.json"]);
    assert_eq!(code, 0, "{err}");
    // The size of what was written is reported.
    assert!(err.contains("wrote the statistics of 1 file") && err.contains("s.json"), "{err}");
    let good = std::fs::read_to_string(dir.path().join("s.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&good).unwrap();
    assert_eq!(v["format"], "scanno-statistics");
    assert_eq!(v["version"], 1);
    assert_eq!(v["stats"]["files"], 1);
    let refused = |name: &str, body: String, needle: &str| {
        std::fs::write(dir.path().join(name), body).unwrap();
        let (code, out, err) = scanno(dir.path(), &["check", "--stats", name, "--", "a.txt"]);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(err.contains(name) && err.contains(needle), "{name}: {err}");
    };
    refused("v99.json", good.replacen("\"version\":1", "\"version\":99", 1), "version 99");
    refused("bare.json", v["stats"].to_string(), "not a scanno statistics file");
    refused(
        "other.json",
        "{\"format\":\"sarif\",\"version\":1}".into(),
        "not a scanno statistics file",
    );
    refused("empty.json", good.replacen("\"files\":1", "\"files\":0", 1), "no file");
    refused("cut.json", good[..good.len() / 2].to_string(), "not a scanno statistics file");
    refused("counts.json", good.replacen("\"tokens\":", "\"tokens\":0,\"x\":", 1), "disagree");
    refused("shape.json", good.replacen("\"forms\":{", "\"forms\":{\"a\":\"b\",", 1), "damaged");
}

// ---------------------------------------------------------------- malformed configuration

/// Runs `check` with `scanno.toml` = `config` and `pack.toml` = `pack`; expects exit 2, no
/// panic, and a located miette error that shows `needle` and points into `file`.
fn config_error(config: &str, pack: &str, needle: &str, file: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scanno.toml"), config).unwrap();
    std::fs::write(dir.path().join("pack.toml"), pack).unwrap();
    std::fs::write(dir.path().join("a.txt"), "tbe\n").unwrap();
    let (code, _, err) = scanno(dir.path(), &["check", "a.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(needle), "expected `{needle}` in:\n{err}");
    let located = err.lines().any(|l| l.contains("╭─[") && l.contains(&format!("{file}:")));
    assert!(located, "expected a location in {file}:\n{err}");
    err
}

const PACK_CONFIG: &str = "packs = [\"ocr\", \"pack.toml\"]\n";

fn pattern_pack(body: &str) -> String {
    format!("[[pattern]]\nid = \"mine/rule\"\nmessage = \"m\"\n{body}\n")
}

#[test]
fn config_wrong_type() {
    config_error("include = 3\n", "", "invalid type", "scanno.toml");
    config_error("fail-on = \"sometimes\"\n", "", "unknown variant", "scanno.toml");
    config_error("[rules]\n\"ocr/known-scanno\" = 7\n", "", "rules", "scanno.toml");
}

#[test]
fn config_unknown_key() {
    config_error("colour = \"red\"\n", "", "unknown key `colour`", "scanno.toml");
    config_error("[lexicon]\nwordz = []\n", "", "unknown field `wordz`", "scanno.toml");
}

#[test]
fn config_invalid_toml() {
    config_error("packs = [\"ocr\"\n", "", "invalid TOML", "scanno.toml");
    config_error(PACK_CONFIG, "[[pattern]\nid = 1\n", "invalid TOML", "pack.toml");
}

#[test]
fn config_unknown_pack() {
    config_error("packs = [\"nope\"]\n", "", "unknown rule pack `nope`", "scanno.toml");
}

#[test]
fn pack_unknown_key_and_kind() {
    config_error(
        PACK_CONFIG,
        &pattern_pack("regex = 'a'\ncolour = 1"),
        "unknown field `colour`",
        "pack.toml",
    );
    config_error(
        PACK_CONFIG,
        "[[speling]]\nid = \"mine/x\"\n",
        "unknown rule kind `speling`",
        "pack.toml",
    );
    config_error(PACK_CONFIG, "pattern = 3\n", "array of tables", "pack.toml");
}

#[test]
fn pack_wrong_types() {
    config_error(PACK_CONFIG, &pattern_pack("regex = 5"), "invalid type", "pack.toml");
    config_error(
        PACK_CONFIG,
        &pattern_pack("regex = 'a'\nseverity = \"loud\""),
        "unknown variant",
        "pack.toml",
    );
    config_error(
        PACK_CONFIG,
        "[[words]]\nid = \"mine/w\"\nmessage = \"m\"\nwords = [\"a\"]\n",
        "invalid type",
        "pack.toml",
    );
}

#[test]
fn pack_regex_that_does_not_compile() {
    let err = config_error(PACK_CONFIG, &pattern_pack("regex = '(unclosed'"), "invalid regex", "pack.toml");
    assert!(err.contains("this regex"), "{err}");
    // Look-around and back-references (the usual ingredients of catastrophic backtracking)
    // are not supported by the linear-time engine: a located error.
    config_error(PACK_CONFIG, &pattern_pack("regex = '(?=x)y'"), "invalid regex", "pack.toml");
    config_error(PACK_CONFIG, &pattern_pack("regex = '(a)\\1'"), "invalid regex", "pack.toml");
}

#[test]
fn pack_regex_too_large() {
    config_error(
        PACK_CONFIG,
        &pattern_pack("regex = '\\w{200}\\w{200}\\w{200}'"),
        "too large",
        "pack.toml",
    );
}

#[test]
fn pack_catastrophic_looking_pattern_runs_in_linear_time() {
    // `(a+)+$` backtracks exponentially elsewhere; here the regex engine is linear, so the
    // pattern is accepted and a long run of `a` without a match is checked, not hung.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scanno.toml"), PACK_CONFIG).unwrap();
    std::fs::write(
        dir.path().join("pack.toml"),
        pattern_pack("regex = '(a+)+$'\nexamples.flag = [{ input = \"aa\" }]\nexamples.clean = [\"b\"]"),
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "a".repeat(200_000) + "b").unwrap();
    let (code, out, err) = scanno(dir.path(), &["check", "--format", "jsonl", "a.txt", "--select", "mine"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{}", &out[..out.len().min(300)]);
}

#[test]
fn pack_empty_word_list() {
    config_error(
        PACK_CONFIG,
        "[[words]]\nid = \"mine/w\"\nmessage = \"m\"\nwords = {}\n",
        "empty word list",
        "pack.toml",
    );
}

#[test]
fn pack_template_naming_a_missing_group() {
    config_error(PACK_CONFIG, &pattern_pack("regex = '(a)'\nfix = '$2'"), "group `2`", "pack.toml");
}

#[test]
fn pack_bad_ids_and_duplicates() {
    config_error(
        PACK_CONFIG,
        "[[pattern]]\nid = \"NoSlash\"\nmessage = \"m\"\nregex = 'a'\n",
        "pack/name",
        "pack.toml",
    );
    config_error(
        PACK_CONFIG,
        "[[pattern]]\nid = \"ocr/known-scanno\"\nmessage = \"m\"\nregex = 'a'\n",
        "duplicate rule id",
        "pack.toml",
    );
}

#[test]
fn missing_pack_file_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scanno.toml"), "packs = [\"missing.toml\"]\n").unwrap();
    let (code, _, err) = scanno(dir.path(), &["check", "."]);
    assert_eq!(code, 2);
    assert!(err.contains("could not read rule pack"), "{err}");
}

// ---------------------------------------------------------------- properties

/// A large file is reported part by part; the parts, in order, are the whole file's findings
/// (same segments), wherever the part boundaries fall, decoding notes included.
#[test]
fn parts_of_a_file_give_the_findings_of_the_whole() {
    let chapter = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/trotsky-stalin-ch4.txt")).unwrap();
    // an invalid byte near the start and one near the end (two decoding notes in two parts)
    let mut bytes = b"Koba \xff\xfe met tbe men.\n\n".to_vec();
    bytes.extend_from_slice(&chapter);
    bytes.extend_from_slice(b"\n\nLast \xff line.\n");
    let doc = Document::from_bytes("p.txt".into(), "p.txt".into(), &bytes).expect("text");
    assert!(doc.notes.len() >= 2 || !doc.invalid.is_empty());
    let engine = default_engine(&[]);
    let stats = CorpusStats::default();
    let segs = scanno::segment::segments(&doc.text, 10_000, 8_000);
    assert!(segs.len() > 5, "{}", segs.len());
    let markup = engine.markup(&doc);
    let whole = engine.part_findings(&doc, &segs, &markup, &stats, &[]);
    assert!(whole.len() > 20);
    // In pools of one thread, which runs the segments' tasks while it waits for them, and of
    // three, which finish them in any order; on a thread of its own, so that a deadlock fails
    // the test instead of hanging it.
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                for per_part in [1, 3, segs.len(), usize::MAX] {
                    let mut parts = Vec::new();
                    engine.check_parts(&doc, &segs, per_part, &stats, &[], &mut |o| {
                        let scanno::engine::Outcome::Checked(f) = o else {
                            panic!("skipped")
                        };
                        assert_eq!(f.continued, !parts.is_empty());
                        parts.push(f);
                    });
                    assert_eq!(parts.len(), segs.len().div_ceil(per_part));
                    let joined: Vec<Finding> = parts.into_iter().flat_map(|p| p.findings).collect();
                    assert_eq!(
                        format!("{joined:?}"),
                        format!("{whole:?}"),
                        "threads {threads}, per_part {per_part}"
                    );
                }
            });
        }
        let _ = done.send(());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(600))
        .expect("every part handed out (a panic above, or a deadlock if this timed out)");
}

/// Many files, checked a few at a time, are handed over one by one in input order (a binary
/// file's note in its place), the same at one thread and at three, with each file's findings
/// those of the file checked alone with the run's statistics.
#[test]
fn many_files_are_handed_over_in_input_order() {
    let chapter = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/trotsky-stalin-ch4.txt")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for i in 0..30 {
        // (slices of the chapter of unequal sizes, each with a fault of its own)
        let start = (i * 1_733) % (chapter.len() / 2);
        let mut end = (start + 400 + (i * 911) % 9_000).min(chapter.len());
        while !chapter.is_char_boundary(end) {
            end -= 1;
        }
        let mut start = start;
        while !chapter.is_char_boundary(start) {
            start += 1;
        }
        let name = format!("f{i:02}.txt");
        let body = if i == 17 {
            b"binary\0file".to_vec()
        } else {
            format!("In 188{} tbe men met.\n\n{}", i % 10, &chapter[start..end]).into_bytes()
        };
        std::fs::write(dir.path().join(&name), body).unwrap();
        names.push(name);
    }
    let config = Config::default();
    let inputs = discover(&[dir.path().to_path_buf()], &config).unwrap();
    assert_eq!(inputs.len(), 30);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut runs = Vec::new();
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut engine = default_engine(&[]);
            let mut seen: Vec<String> = Vec::new();
            pool.install(|| {
                engine.run(&inputs, &mut |o| match o {
                    scanno::engine::Outcome::Checked(f) => {
                        assert!(!f.continued);
                        seen.push(format!("{} {:?}", f.display(), f.findings));
                    }
                    scanno::engine::Outcome::Skipped { message, io_error } => {
                        assert!(!io_error, "{message}");
                        seen.push(format!("skipped: {message}"));
                    }
                })
            });
            assert_eq!(seen.len(), 30);
            for (k, (line, name)) in seen.iter().zip(&names).enumerate() {
                if k == 17 {
                    assert!(line.starts_with("skipped: ") && line.contains(name.as_str()), "{line}");
                } else {
                    assert!(
                        line.contains(name.as_str()) && line.contains("tbe"),
                        "file {k} out of order: {}",
                        &line[..80.min(line.len())]
                    );
                }
            }
            // each file as it is checked alone, with the statistics of the run
            let (stats, _) = engine.prepare_corpus(&inputs);
            for (k, input) in inputs.iter().enumerate().filter(|&(k, _)| k != 17) {
                let doc = Document::read(&input.path, input.display.clone()).unwrap();
                let alone = engine.check_document(&doc, &stats, &[]);
                assert_eq!(seen[k], format!("{} {:?}", alone.display(), alone.findings), "file {k}");
            }
            runs.push(seen);
        }
        assert!(runs[0] == runs[1], "output differs between 1 and 3 threads");
        let _ = done.send(());
    });
    finished
        .recv_timeout(std::time::Duration::from_secs(600))
        .expect("every file handed out (a panic above, or a deadlock if this timed out)");
}

fn default_engine(select: &[&str]) -> Engine {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs");
    let mut engine = Engine::new(config, rules);
    let select: Vec<String> = select.iter().map(|s| s.to_string()).collect();
    assert!(engine.select(&select, &[]).is_empty());
    engine
}

/// The built-in rules, loaded once for the property tests that only check (each case would
/// otherwise load and compile every pack again).
fn shared_engine() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| default_engine(&[]))
}

/// The built-in rules for the property test that runs whole corpora (a run prepares them).
fn shared_run_engine() -> std::sync::MutexGuard<'static, Engine> {
    static ENGINE: std::sync::OnceLock<std::sync::Mutex<Engine>> = std::sync::OnceLock::new();
    ENGINE
        .get_or_init(|| std::sync::Mutex::new(default_engine(&[])))
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn check(engine: &Engine, text: &str) -> Vec<Finding> {
    let doc = Document::from_str("p.txt", text);
    engine.check_document(&doc, &CorpusStats::default(), &[]).findings
}

/// Text made of the things the rules look at: scannos, quotes, brackets, dashes, digits,
/// repeated words, odd spaces, line breaks of every kind, non-ASCII and control characters.
fn ocr_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("tbe".to_string()),
        Just("Tbe".to_string()),
        Just("the the".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("\"".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[19071".to_string()),
        Just("188i".to_string()),
        Just(" — ".to_string()),
        Just("—".to_string()),
        Just(" .".to_string()),
        Just(" ,".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{7}".to_string()),
        Just("return return return\n".to_string()),
        "[a-zA-Zé ]{1,8}",
        "[0-9]{1,5}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn spans_are_in_bounds_and_on_char_boundaries(text in ocr_text()) {
        let engine = shared_engine();
        for f in check(engine, &text) {
            prop_assert!(f.start <= f.end && f.end <= text.len(), "{f:?}");
            prop_assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end), "{f:?}");
            if let Some(fix) = &f.fix {
                for e in &fix.edits {
                    prop_assert!(e.start <= e.end && e.end <= text.len());
                    prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                }
            }
        }
    }

    #[test]
    fn line_and_column_round_trip(text in ocr_text()) {
        let engine = shared_engine();
        let lines = LineIndex::new(&text);
        for f in check(engine, &text) {
            for (offset, line, col) in [(f.start, f.position.line, f.position.column), (f.end, f.position.end_line, f.position.end_column)] {
                let start = lines.line_start(line);
                let back = text[start..].char_indices().nth(col - 1).map(|(i, _)| start + i).unwrap_or(text.len());
                prop_assert_eq!(back, offset, "{:?}", f);
            }
        }
    }

    #[test]
    fn fixes_converge(text in ocr_text()) {
        let engine = shared_engine();
        for min in [Applicability::Safe, Applicability::Unsafe] {
            let mut cur = text.clone();
            let mut rounds = 0;
            loop {
                let next = apply_fixes(&cur, &check(engine, &cur), min).0;
                if next == cur {
                    break;
                }
                cur = next;
                rounds += 1;
                prop_assert!(rounds < 10, "fixes at {:?} do not converge: {:?}", min, cur);
            }
        }
    }

    #[test]
    fn same_findings_at_one_and_two_threads(texts in proptest::collection::vec(ocr_text(), 1..5)) {
        let dir = tempfile::tempdir().unwrap();
        for (i, t) in texts.iter().enumerate() {
            std::fs::write(dir.path().join(format!("f{i}.txt")), t).unwrap();
        }
        let config = Config::default();
        let inputs = discover(&[dir.path().to_path_buf()], &config).unwrap();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let mut guard = shared_run_engine();
            let engine: &mut Engine = &mut guard;
            pool.install(|| engine.collect(&inputs)).files.into_iter().map(|f| (f.input.display, f.findings)).collect::<Vec<_>>()
        };
        prop_assert_eq!(run(1), run(2));
    }
}
