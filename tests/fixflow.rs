//! End-to-end tests of fixing and the pull-request workflow, run through the real binary on
//! copies of files in temporary folders: `--fix` touches only the edited bytes and converges,
//! `--diff` applies with `patch -p1`, `review` over a pipe, baselines, changed lines, `[[ignore]]`,
//! rdjson, and the pre-commit hook.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_scanno")
}

fn scanno(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(bin());
    cmd.current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("scanno runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn corpus_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/trotsky-stalin-ch4.txt")
}

/// Byte offset in `orig` of a byte offset into its decoded text (BOM stripped, each invalid
/// UTF-8 sequence decoded as the three bytes of U+FFFD).
fn decoded_to_byte(orig: &[u8], off: usize) -> usize {
    let (bom, body) = match orig.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (3, rest),
        None => (0, orig),
    };
    let mut text_pos = 0;
    let mut byte_pos = 0;
    for chunk in body.utf8_chunks() {
        let v = chunk.valid().len();
        if off <= text_pos + v {
            return bom + byte_pos + (off - text_pos);
        }
        text_pos += v;
        byte_pos += v;
        if !chunk.invalid().is_empty() {
            text_pos += 3;
            byte_pos += chunk.invalid().len();
        }
    }
    bom + byte_pos
}

/// The safe fixes `check --format json` reports for a file, as edits of its original bytes
/// (start, end, replacement), each fix a group of edits.
fn safe_fixes(dir: &Path, name: &str, orig: &[u8]) -> Vec<Vec<(usize, usize, Vec<u8>)>> {
    let out = scanno(dir, &["check", "--format", "json", name], None);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let mut fixes = Vec::new();
    for f in v["findings"].as_array().unwrap() {
        let fix = &f["fix"];
        if fix.is_null() || fix["applicability"] != "safe" {
            continue;
        }
        let edits = fix["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let s = e["start"].as_u64().unwrap() as usize;
                let t = e["end"].as_u64().unwrap() as usize;
                let rep = e["replacement"].as_str().unwrap().as_bytes().to_vec();
                (decoded_to_byte(orig, s), decoded_to_byte(orig, t), rep)
            })
            .collect();
        fixes.push(edits);
    }
    fixes
}

/// What the fixed file must be: the original bytes with the non-overlapping fixes spliced in
/// (first come, first served), every other byte as it was.
fn expected_after(orig: &[u8], mut fixes: Vec<Vec<(usize, usize, Vec<u8>)>>) -> Vec<u8> {
    fixes.sort_by_key(|f| f.iter().map(|e| (e.0, e.1)).min());
    let mut taken: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    for fix in fixes {
        let clash = fix.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.0 < t.1 && t.0 < e.1 || (e.0 == e.1 && t.0 == t.1 && e.0 == t.0))
        });
        if !clash {
            taken.extend(fix);
        }
    }
    taken.sort();
    let mut out = Vec::new();
    let mut pos = 0;
    for (s, e, rep) in taken {
        out.extend_from_slice(&orig[pos..s]);
        out.extend_from_slice(&rep);
        pos = e;
    }
    out.extend_from_slice(&orig[pos..]);
    out
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
}

fn cases() -> Vec<Case> {
    let corpus = std::fs::read(corpus_file()).unwrap();
    let crlf = b"Tbe first line [19071 with a year.\r\nA second line\r\n\r\nLast updated on: 7 May 2009\r\nTbe end .\r\n".to_vec();
    let bom = "\u{FEFF}Tbe caf\u{e9}\u{200B} au lait.\nAnd frorn there.\n".as_bytes().to_vec();
    let mut invalid = b"A caf\xE9 line, then tbe end.\n".to_vec();
    invalid.extend_from_slice("Valid \u{2018}quotes\u{2019} and \u{e9}, x".as_bytes());
    invalid.extend_from_slice(b"\xFF\xFE y.\nTbe last \x80 line ,ok\n");
    invalid.extend_from_slice(b"Bad \xC3\x28 pair wbich here\n");
    vec![
        Case {
            name: "chapter.txt",
            bytes: corpus,
        },
        Case {
            name: "crlf.txt",
            bytes: crlf,
        },
        Case {
            name: "bom.txt",
            bytes: bom,
        },
        Case {
            name: "invalid.txt",
            bytes: invalid,
        },
        // A name with a space: the diff quotes it as git does, and `patch` reads it.
        Case {
            name: "with space.txt",
            bytes: b"Tbe name has a space.\n".to_vec(),
        },
    ]
}

#[test]
fn fix_changes_only_edited_bytes_and_converges() {
    let dir = tempfile::tempdir().unwrap();
    for c in cases() {
        std::fs::write(dir.path().join(c.name), &c.bytes).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path().join("crlf.txt"), std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let mut expected = Vec::new();
    for c in cases() {
        let fixes = safe_fixes(dir.path(), c.name, &c.bytes);
        assert!(!fixes.is_empty(), "{}: no safe fix to test with", c.name);
        expected.push(expected_after(&c.bytes, fixes));
    }
    let out = scanno(dir.path(), &["check", "--fix", "--format", "concise", "."], None);
    let stderr = text(&out.stderr);
    assert!(out.status.code().unwrap() <= 1, "{stderr}");
    assert!(stderr.contains("Fixed "), "summary on stderr: {stderr}");
    assert!(stderr.contains("remaining"), "summary on stderr: {stderr}");
    for (c, want) in cases().iter().zip(&expected) {
        let after = std::fs::read(dir.path().join(c.name)).unwrap();
        assert_ne!(after, c.bytes, "{}: nothing was fixed", c.name);
        if &after != want {
            let at = after
                .iter()
                .zip(want.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(after.len().min(want.len()));
            panic!(
                "{}: the fixed file is not the original with the fixes spliced in; first difference at byte {at}: {:?} vs {:?}",
                c.name,
                text(&after[at.saturating_sub(30)..(at + 30).min(after.len())]),
                text(&want[at.saturating_sub(30)..(at + 30).min(want.len())])
            );
        }
    }
    // BOM, CRLF and invalid bytes survive; the fixes were made.
    let crlf = std::fs::read(dir.path().join("crlf.txt")).unwrap();
    assert_eq!(
        text(&crlf),
        "The first line [1907] with a year.\r\nA second line\r\n\r\nThe end .\r\n"
    );
    let bom = std::fs::read(dir.path().join("bom.txt")).unwrap();
    assert_eq!(bom, "\u{FEFF}The caf\u{e9} au lait.\nAnd from there.\n".as_bytes());
    let inv = std::fs::read(dir.path().join("invalid.txt")).unwrap();
    for needle in [
        &b"caf\xE9 line, then the end."[..],
        b"x\xFF\xFE y.",
        b"The last \x80 line ,ok",
        b"\xC3\x28 pair which here",
    ] {
        assert!(
            inv.windows(needle.len()).any(|w| w == needle),
            "{:?} not in {:?}",
            text(needle),
            text(&inv)
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("crlf.txt")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions kept");
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".scanno-")), "{names:?}");

    // A second run changes nothing.
    let before: Vec<Vec<u8>> = cases().iter().map(|c| std::fs::read(dir.path().join(c.name)).unwrap()).collect();
    let out = scanno(dir.path(), &["check", "--fix", "--format", "concise", "."], None);
    assert!(text(&out.stderr).contains("Fixed 0 findings"), "{}", text(&out.stderr));
    for (c, b) in cases().iter().zip(before) {
        assert_eq!(
            std::fs::read(dir.path().join(c.name)).unwrap(),
            b,
            "{} changed on the second run",
            c.name
        );
    }
    // What is reported after --fix is what remains: no safe fix is left.
    let out = scanno(dir.path(), &["check", "--format", "json", "."], None);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["fix"]["applicability"] != "safe"));
}

#[test]
fn diff_applies_with_patch() {
    if Command::new("patch").arg("--version").output().is_err() {
        eprintln!("SKIPPED diff_applies_with_patch: `patch` is not installed");
        return;
    }
    let fixed = tempfile::tempdir().unwrap();
    let patched = tempfile::tempdir().unwrap();
    for c in cases() {
        std::fs::write(fixed.path().join(c.name), &c.bytes).unwrap();
        std::fs::write(patched.path().join(c.name), &c.bytes).unwrap();
    }
    let out = scanno(patched.path(), &["check", "--diff", "."], None);
    assert_eq!(
        out.status.code(),
        Some(1),
        "--diff exits 1 when there is something to fix: {}",
        text(&out.stderr)
    );
    let diff = out.stdout;
    assert!(text(&diff).contains("--- a/crlf.txt\n+++ b/crlf.txt\n"), "{}", text(&diff));
    // --diff writes nothing.
    for c in cases() {
        assert_eq!(std::fs::read(patched.path().join(c.name)).unwrap(), c.bytes);
    }
    let mut child = Command::new("patch")
        .args(["-p1", "--batch", "--no-backup-if-mismatch"])
        .current_dir(patched.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&diff).unwrap();
    let p = child.wait_with_output().unwrap();
    assert!(p.status.success(), "patch failed: {}{}", text(&p.stdout), text(&p.stderr));
    let out = scanno(fixed.path(), &["check", "--fix", "."], None);
    assert!(out.status.code().unwrap() <= 1);
    for c in cases() {
        assert_eq!(
            std::fs::read(patched.path().join(c.name)).unwrap(),
            std::fs::read(fixed.path().join(c.name)).unwrap(),
            "{}: the patched file differs from the fixed file",
            c.name
        );
    }
    // Nothing left to diff.
    let out = scanno(fixed.path(), &["check", "--diff", "."], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn unsafe_fixes_only_on_request_and_utf16_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Tbe man went to the the station .\r\n".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(dir.path().join("u16.txt"), &utf16).unwrap();
    let out = scanno(dir.path(), &["check", "--fix", "u16.txt"], None);
    assert!(out.status.code().unwrap() <= 1, "{}", text(&out.stderr));
    let after = std::fs::read(dir.path().join("u16.txt")).unwrap();
    assert_eq!(&after[..2], &[0xFF, 0xFE]);
    let decoded = String::from_utf16(&after[2..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap();
    assert_eq!(
        decoded, "The man went to the the station .\r\n",
        "the doubled word and the space are unsafe fixes"
    );
    let out = scanno(dir.path(), &["check", "--fix", "--unsafe-fixes", "u16.txt"], None);
    assert!(out.status.code().unwrap() <= 1);
    let after = std::fs::read(dir.path().join("u16.txt")).unwrap();
    let decoded = String::from_utf16(&after[2..].chunks(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect::<Vec<_>>()).unwrap();
    assert_eq!(decoded, "The man went to the station.\r\n");
}

#[test]
fn review_over_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("scanno.toml"),
        "# project settings: keep this comment\nlanguage = \"en\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Tbe cat sat on tbe mat .\nHe went frorn the the house.\nWe saw sbe and sbe again.\n",
    )
    .unwrap();
    // The review walks these rules' findings only, so that other rules (an unknown-word rule
    // flagging the same scannos, say) do not change the order of the questions.
    const RULES: &str = "ocr/known-scanno,typography/space-before-period,typography/doubled-word";
    // Findings in order: Tbe, tbe, ` .`, frorn, the the, sbe, sbe.
    // Answers: accept Tbe; edit tbe by hand to "that"; skip ` .`; ignore `frorn` for its rule;
    // accept the doubled word's fix; quit (the rest is left, everything so far written).
    let keys = b"1\ne\nthat\ns\ni\n1\nq\n";
    let out = scanno(dir.path(), &["review", "a.txt", "--select", RULES], Some(keys));
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("[1/"), "{stdout}");
    assert!(stdout.contains("1) \"The\""), "candidates shown: {stdout}");
    assert!(stdout.contains("^^^"), "the flagged text is marked: {stdout}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "The cat sat on that mat .\nHe went frorn the house.\nWe saw sbe and sbe again.\n"
    );
    let cfg = std::fs::read_to_string(dir.path().join("scanno.toml")).unwrap();
    assert!(
        cfg.starts_with("# project settings: keep this comment\nlanguage = \"en\"\n"),
        "{cfg}"
    );
    assert!(cfg.contains("[[ignore]]\nrule = \"ocr/known-scanno\"\ntext = \"frorn\""), "{cfg}");
    // The new [[ignore]] entry is honoured by check.
    let out = scanno(dir.path(), &["check", "--format", "concise", "a.txt", "--select", RULES], None);
    let s = text(&out.stdout);
    assert!(!s.contains("frorn"), "{s}");
    assert!(s.contains("sbe"), "{s}");
    // End of input works like quit.
    let out = scanno(dir.path(), &["review", "a.txt", "--select", RULES], Some(b"2\n"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

/// Reads the child's output until `marker` has appeared (a prompt ends without a newline).
fn read_until(out: &mut impl std::io::Read, seen: &mut String, marker: &str) {
    let mut buf = [0u8; 4096];
    while !seen.contains(marker) {
        let n = out.read(&mut buf).expect("read the review's output");
        assert!(n > 0, "the review ended before {marker:?}: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

/// An editor changes a file while `review` waits on another: when the review reaches it, it is
/// read and checked again, and the accepted fixes land on the right bytes.
#[test]
fn review_rereads_a_file_changed_since_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Tbe cat.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Tbe first line [18551 here.\n").unwrap();
    let mut child = Command::new(bin())
        .current_dir(dir.path())
        .args(["review", "a.txt", "b.txt", "--select", "ocr/known-scanno,ocr/bracket-year"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = String::new();
    read_until(&mut stdout, &mut seen, "> ");
    // The review waits on a.txt: an editor inserts a first line into b.txt.
    std::fs::write(dir.path().join("b.txt"), "Inserted header\nTbe first line [18551 here.\n").unwrap();
    stdin.write_all(b"s\n1\n1\n").unwrap();
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{seen}{rest}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.txt")).unwrap(),
        "Inserted header\nThe first line [1855] here.\n",
        "{seen}{rest}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), "Tbe cat.\n");
}

/// `r` asks before it ignores a rule for the whole project, and says how many findings it
/// hides; a hand edit the file's encoding cannot hold is refused when typed, and the file's
/// other edits are written; `--min-severity` leaves out what is below it.
#[test]
fn review_confirms_ignoring_a_rule_and_refuses_an_edit_the_encoding_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scanno.toml"), "language = \"en\"\n").unwrap();
    // windows-1252: `é` is one byte; `ł` has no byte in it.
    std::fs::write(dir.path().join("w.txt"), b"Tbe caf\xe9 and tbe tea. Tbe end, witb tbe cake.\n").unwrap();
    let keys = "1\ne\n\u{142}\ne\nthe\nr\nn\nr\ny\n";
    let out = scanno(
        dir.path(),
        &["review", "w.txt", "--select", "ocr/known-scanno"],
        Some(keys.as_bytes()),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}\n{}", text(&out.stderr));
    assert!(stdout.contains("cannot be written in windows-1252"), "{stdout}");
    assert!(stdout.contains("ignore this rule in the whole project? [y/N]"), "{stdout}");
    assert!(stdout.contains("not ignored"), "{stdout}");
    assert!(stdout.contains("2 findings to come no longer shown"), "{stdout}");
    assert_eq!(
        std::fs::read(dir.path().join("w.txt")).unwrap(),
        b"The caf\xe9 and the tea. Tbe end, witb tbe cake.\n".to_vec()
    );
    let cfg = std::fs::read_to_string(dir.path().join("scanno.toml")).unwrap();
    assert!(cfg.contains("[[ignore]]\nrule = \"ocr/known-scanno\"\n"), "{cfg}");
    // Only warnings and above: the info findings of the file are not asked about.
    std::fs::write(
        dir.path().join("scanno.toml"),
        "language = \"en\"\n[rules]\n\"ocr/known-scanno\" = \"info\"\n",
    )
    .unwrap();
    let out = scanno(
        dir.path(),
        &["review", "w.txt", "--select", "ocr/known-scanno", "--min-severity", "warning"],
        Some(b"q\n"),
    );
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("[1/"), "{stdout}");
}

#[test]
fn baseline_survives_inserted_lines() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Tbe cat sat on the mat.\nA line without faults.\nOne two three frorn four five six.\nOne two three frorn four five six.\n";
    std::fs::write(dir.path().join("a.txt"), body).unwrap();
    let out = scanno(dir.path(), &["baseline", "."], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).starts_with("Wrote 2 entries ("), "{}", text(&out.stderr));
    let b = std::fs::read_to_string(dir.path().join(".scanno-baseline")).unwrap();
    assert!(b.starts_with("# scanno baseline 2\n"), "{b}");
    // One line a fingerprint, under its file and rule; duplicates counted.
    assert!(b.contains("\nfile \"a.txt\"\nrule "), "{b}");
    assert!(b.lines().any(|l| l.len() == 13 && l.ends_with(" 2")), "duplicates are counted: {b}");
    let check = |d: &Path| {
        let out = scanno(d, &["check", "--format", "json", "--baseline", ".scanno-baseline", "."], None);
        assert!(!text(&out.stderr).contains("baseline"), "{}", text(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"].as_array().unwrap().clone()
    };
    assert!(check(dir.path()).is_empty());
    // Lines inserted above: nothing new.
    std::fs::write(
        dir.path().join("a.txt"),
        format!("A new title\n\nAnd a new paragraph here.\n\n{body}"),
    )
    .unwrap();
    assert!(check(dir.path()).is_empty());
    // A third copy of a baselined finding and a new one are reported.
    std::fs::write(
        dir.path().join("a.txt"),
        format!("A new title\n\n{body}One two three frorn four five six.\nWe saw tbem.\n"),
    )
    .unwrap();
    // Counted by flagged span: two rules may flag the same scanno.
    let found = check(dir.path());
    let texts: Vec<String> = found.iter().map(|f| f["message"].as_str().unwrap().to_string()).collect();
    let spans: std::collections::BTreeSet<(u64, u64)> = found
        .iter()
        .map(|f| (f["start"].as_u64().unwrap(), f["end"].as_u64().unwrap()))
        .collect();
    assert_eq!(spans.len(), 2, "{texts:?}");
    let new_text = format!("A new title\n\n{body}One two three frorn four five six.\nWe saw tbem.\n");
    let flagged: std::collections::BTreeSet<&str> = spans.iter().map(|&(s, e)| &new_text[s as usize..e as usize]).collect();
    assert_eq!(flagged, std::collections::BTreeSet::from(["frorn", "tbem"]), "{texts:?}");
    // A baseline naming no file checked says so (here: the file was renamed).
    std::fs::rename(dir.path().join("a.txt"), dir.path().join("b.txt")).unwrap();
    let out = scanno(dir.path(), &["check", "--baseline", ".scanno-baseline", "b.txt"], None);
    let err = text(&out.stderr);
    assert!(
        err.contains("names 1 file (`a.txt`), none of them among the files checked"),
        "{err}"
    );
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
}

#[test]
fn changed_since_a_real_commit() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED changed_since_a_real_commit: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(root.join("texts")).unwrap();
    std::fs::write(root.join("texts/a.txt"), "Tbe first line.\nA clean line.\nAnother clean line.\n").unwrap();
    std::fs::write(root.join("texts/b.txt"), "Tbe other file.\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    std::fs::write(
        root.join("texts/a.txt"),
        "Tbe first line.\nA clean line, frorn now.\nAnother clean line.\nAnd tbem at the end.\n",
    )
    .unwrap();
    git(root, &["commit", "-q", "-am", "second"]);
    let run = |args: &[&str]| {
        let out = scanno(root, args, None);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", text(&out.stderr)));
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["line"]))
            .collect::<Vec<_>>()
    };
    // The lines with findings (two rules may flag the same scanno); findings come sorted.
    let lines_of = |mut v: Vec<String>| {
        v.dedup();
        v
    };
    let run = |args: &[&str]| lines_of(run(args));
    let all = run(&["check", "--format", "json", "texts"]);
    assert_eq!(all.len(), 4, "{all:?}");
    let changed = run(&["check", "--format", "json", "--changed-since", "HEAD~1", "texts"]);
    assert_eq!(changed, vec!["texts/a.txt:2", "texts/a.txt:4"]);
    // From a subfolder, and with an uncommitted change on top.
    std::fs::write(root.join("texts/b.txt"), "Tbe other file.\nNow witb a change.\n").unwrap();
    let out = scanno(
        &root.join("texts"),
        &["check", "--format", "json", "--changed-since", "HEAD~1", "."],
        None,
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let lines: Vec<String> = lines_of(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{}:{}", f["path"].as_str().unwrap(), f["line"]))
            .collect(),
    );
    assert_eq!(lines, vec!["a.txt:2", "a.txt:4", "b.txt:2"]);
    // The same lines from a diff file, for systems without git.
    let diff = Command::new("git")
        .args(["diff", "HEAD~1"])
        .current_dir(root)
        .output()
        .unwrap()
        .stdout;
    std::fs::write(root.join("change.diff"), diff).unwrap();
    let from_file = run(&["check", "--format", "json", "--changed-lines-from", "change.diff", "texts"]);
    assert_eq!(from_file, vec!["texts/a.txt:2", "texts/a.txt:4", "texts/b.txt:2"]);
    let bad = scanno(root, &["check", "--changed-since", "no-such-rev", "texts"], None);
    assert_eq!(bad.status.code(), Some(2));
    // A revision that looks like an option is never passed to git as one.
    let hostile = scanno(root, &["check", "--changed-since=--output=victim.txt", "texts"], None);
    assert_eq!(hostile.status.code(), Some(2), "{}", text(&hostile.stderr));
    assert!(!root.join("victim.txt").exists(), "git wrote a file named by the revision");
}

/// `--changed-since --fix` fixes the changed lines only, in every round: a round that deletes a
/// line does not move the filter onto the unchanged lines after it.
#[test]
fn changed_since_fix_follows_the_edits_of_each_round() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED changed_since_fix_follows_the_edits_of_each_round: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join("a.txt"), "Tbe unchanged.\nTbe unchanged too.\n").unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    // Two lines added: a navigation line (its fix deletes it) and a clean one.
    std::fs::write(
        root.join("a.txt"),
        "Tbe unchanged.\nreturn return return\nAn added line.\nTbe unchanged too.\n",
    )
    .unwrap();
    let out = scanno(root, &["check", "--changed-since", "HEAD", "--fix", "a.txt"], None);
    assert!(out.status.code().unwrap_or(2) <= 1, "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(root.join("a.txt")).unwrap(),
        "Tbe unchanged.\nAn added line.\nTbe unchanged too.\n",
        "{}",
        text(&out.stderr)
    );
}

/// `--fix` goes on until the corpus settles: a fix that gives the corpus a year (`19O7` read
/// as 1907) lets the next round see that `1967` is a misread 1907, and a second `--fix` changes
/// nothing.
#[test]
fn fix_rounds_go_on_until_the_corpus_settles() {
    let dir = tempfile::tempdir().unwrap();
    let years: Vec<String> = (0..100).map(|i| format!("In {} the union grew.", 1911 + i % 5)).collect();
    let body = format!("{}\nIn 19O7 the strike began.\nIt ended in June, 1967.\n", years.join(" "));
    std::fs::write(dir.path().join("a.txt"), &body).unwrap();
    let out = scanno(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.txt"], None);
    assert!(out.status.code().unwrap_or(2) <= 1, "{}", text(&out.stderr));
    let once = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(
        once.ends_with("In 1907 the strike began.\nIt ended in June, 1907.\n"),
        "{}",
        &once[once.len() - 60..]
    );
    let out = scanno(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.txt"], None);
    assert!(out.status.code().unwrap_or(2) <= 1, "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        once,
        "a second --fix changed the file"
    );
}

#[test]
fn ignore_entries_suppress_by_path_rule_and_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::write(dir.path().join("old/a.txt"), "Tbe cat and frorn there .\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Tbe cat and frorn there .\n").unwrap();
    std::fs::write(
        dir.path().join("scanno.toml"),
        "[[ignore]]\npath = \"old/**\"\n\n[[ignore]]\nrule = \"ocr/known-scanno\"\ntext = \"frorn\"\n\n[[ignore]]\nrule = \"typography\"\npath = \"b.txt\"\n",
    )
    .unwrap();
    // Only the rules the entries name (and no other rule flagging the same scannos).
    let out = scanno(
        dir.path(),
        &["check", "--format", "concise", ".", "--select", "ocr/known-scanno,typography"],
        None,
    );
    let s = text(&out.stdout);
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 1, "{s}");
    assert!(lines[0].starts_with("b.txt:1:1:") && lines[0].contains("Tbe"), "{s}");
}

#[test]
fn rdjson_carries_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Café tbe end .\n").unwrap();
    let out = scanno(
        dir.path(),
        &["check", "--format", "rdjson", "a.txt", "--select", "ocr/known-scanno"],
        None,
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("rdjson is JSON");
    assert_eq!(v["source"]["name"], "scanno");
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"]["value"], "ocr/known-scanno");
    // Columns count UTF-8 bytes: `Café ` is 6 bytes.
    assert_eq!(d["location"]["range"]["start"]["column"], 7);
    assert_eq!(d["suggestions"][0]["text"], "the");
}

#[test]
fn pre_commit_hook_runs() {
    // `pre-commit` on PATH, else the module of the same name (a pip install without a shim).
    let works = |prog: &str, pre: &[&str]| {
        Command::new(prog)
            .args(pre)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let launcher: Option<(&str, Vec<&str>)> = if works("pre-commit", &[]) {
        Some(("pre-commit", vec![]))
    } else if works("python3", &["-m", "pre_commit"]) {
        Some(("python3", vec!["-m", "pre_commit"]))
    } else {
        None
    };
    let Some((prog, pre)) = launcher else {
        eprintln!("SKIPPED pre_commit_hook_runs: pre-commit is not installed (`pip install pre-commit`; .ci/run installs it)");
        return;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::write(root.join("clean.txt"), "A clean line.\n").unwrap();
    std::fs::write(root.join("notes.md"), "Tbe markdown is not checked.\n").unwrap();
    std::fs::write(root.join("scanno.toml"), "fail-on = \"warning\"\n").unwrap();
    git(root, &["add", "."]);
    // The hook builds scanno with `cargo install`; share this build's target folder so that it
    // reuses compiled dependencies (a release build in target/release, not locked by cargo test).
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("target"));
    let run = |files: &[&str]| {
        let mut cmd = Command::new(prog);
        cmd.args(&pre)
            .args(["try-repo", repo.to_str().unwrap(), "scanno", "--files"])
            .args(files)
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &target)
            // The hook's `cargo install` builds with the release profile; what this test checks
            // is the hook, not the optimiser, so the build is a quick one (no LTO, no debug
            // info, many codegen units, no optimisation).
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "0")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
            .env("NO_COLOR", "1");
        cmd.output().unwrap()
    };
    let ok = run(&["clean.txt", "notes.md"]);
    let log = format!("{}{}", text(&ok.stdout), text(&ok.stderr));
    if log.contains("Could not resolve host") || log.contains("Failed to connect") {
        eprintln!("SKIPPED pre_commit_hook_runs: offline ({log})");
        return;
    }
    assert!(ok.status.success(), "{log}");
    std::fs::write(root.join("bad.txt"), "Tbe error [19071 here.\n").unwrap();
    git(root, &["add", "bad.txt"]);
    let bad = run(&["bad.txt"]);
    let log = format!("{}{}", text(&bad.stdout), text(&bad.stderr));
    assert!(!bad.status.success(), "a finding fails the hook (fail-on = warning): {log}");
    assert!(log.contains("bad.txt"), "{log}");
}
