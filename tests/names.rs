//! Names and spelling variants across several files, through the binary: findings with related
//! locations in other files, configured variants, and the `scanno names` listing.

use std::path::Path;
use std::process::Command;

fn corpus(dir: &Path) {
    let files = [
        (
            "a.txt",
            "Then Kotè came to Tiflis. We saw Kotè and Kotè’s friend.\n\nThe Georgian spoke of Georgia and of Georgia.\n\nThe old régime fell and the régime rose.\n",
        ),
        (
            "b.txt",
            "Later Kotè left, and Kamenev spoke; Kamenev and Kamenev agreed.\n\nHe saw courts-martial there.\n",
        ),
        (
            "c.txt",
            "He met Kote and young Djugashvili in Tiflis.\n\nA regime of terror; courtsmartial came in. Karnenev was silent.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write fixture");
    }
    std::fs::write(
        dir.join("scanno.toml"),
        "packs = [\"names\", \"spelling\"]\n[names.variants]\nDzhugashvili = [\"Djugashvili\", \"Jugashvili\"]\n",
    )
    .expect("write config");
}

fn scanno(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_scanno"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run scanno");
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code().unwrap_or(-1))
}

#[test]
fn minority_spellings_across_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path());
    let (out, _) = scanno(dir.path(), &["check", ".", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("json output");
    let mut got: Vec<(String, String, String, Vec<String>)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or_default().to_string();
            let related: Vec<String> = f["related"]
                .as_array()
                .map(|r| r.iter().map(|x| x["path"].as_str().unwrap_or("(same)").to_string()).collect())
                .unwrap_or_default();
            (
                path,
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["suggestions"][0].as_str().unwrap_or_default().to_string(),
                related,
            )
        })
        .collect();
    got.sort();
    let s = |x: &str| x.to_string();
    assert_eq!(
        got,
        vec![
            (s("c.txt"), s("names/configured-variant"), s("Dzhugashvili"), vec![]),
            (
                s("c.txt"),
                s("names/minority-spelling"),
                s("Kamenev"),
                vec![s("b.txt"), s("b.txt"), s("b.txt")]
            ),
            (
                s("c.txt"),
                s("names/minority-spelling"),
                s("Kotè"),
                vec![s("a.txt"), s("a.txt"), s("a.txt")]
            ),
            (s("c.txt"), s("spelling/compound"), s("courts-martial"), vec![s("b.txt")]),
            (s("c.txt"), s("spelling/diacritics"), s("régime"), vec![s("a.txt"), s("a.txt")]),
        ]
    );
}

#[test]
fn names_listing_in_text_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    corpus(dir.path());
    let (text, code) = scanno(dir.path(), &["names", ".", "--variants-only"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("Kotè ") && lines[0].contains(" 4  ") && lines[0].contains("a.txt:1:"),
        "{text}"
    );
    assert!(
        lines[1].starts_with("  Kote ") && lines[1].contains("c.txt:1:8") && lines[1].contains("reported"),
        "{text}"
    );
    assert!(
        text.contains("Karnenev") && text.contains("one OCR confusion away; reported"),
        "{text}"
    );
    assert!(!text.contains("Georgia"), "derived forms are not variants:\n{text}");

    let (json, code) = scanno(dir.path(), &["names", ".", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"], 3);
    let names = v["names"].as_array().expect("names");
    let kote = names.iter().find(|n| n["name"] == "Kotè").expect("Kotè");
    assert_eq!(kote["count"], 4);
    assert_eq!(kote["variants"][0]["form"], "Kote");
    assert_eq!(kote["variants"][0]["relation"], "spelling");
    let tiflis = names.iter().find(|n| n["name"] == "Tiflis").expect("Tiflis is listed");
    assert_eq!(tiflis["count"], 2);
    assert_eq!(tiflis["places"].as_array().map(|p| p.len()), Some(2));
}

#[test]
fn a_tie_of_one_against_one_is_no_minority_spelling() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("scanno.toml"), "packs = [\"names\", \"spelling\"]\n").unwrap();
    std::fs::write(dir.path().join("a.txt"), "Then Ivanovich came to the town; the café was open.\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "Then Ivanovitch came to the town; the cafe was open.\n").unwrap();
    let (out, code) = scanno(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!((out.as_str(), code), ("", 0), "a 1-to-1 tie reported");
    // Two against one is a minority spelling.
    std::fs::write(dir.path().join("c.txt"), "Then Ivanovich left; the café was closed.\n").unwrap();
    let (out, _) = scanno(dir.path(), &["check", "--format", "concise", "."]);
    assert!(out.contains("b.txt") && out.contains("Ivanovitch"), "{out}");
}
