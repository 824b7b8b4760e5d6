//! Helpers shared by the CLI and snapshot tests: run the real binary with a fixed working
//! directory and no colour, so that paths and output are stable.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `corpus/` and `tests/fixtures/` live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests").join("fixtures")
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(o: Output) -> Run {
        Run {
            code: o.status.code().expect("scanno was killed by a signal"),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// A `scanno` command in `dir` with `NO_COLOR=1` and no inherited colour settings.
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scanno"));
    c.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_LOG");
    c
}

pub fn scanno(dir: &Path, args: &[&str]) -> Run {
    Run::from_output(command(dir, args).output().expect("run scanno"))
}

/// Runs scanno and asserts its exit code, showing stderr when it differs.
pub fn scanno_ok(dir: &Path, args: &[&str], code: i32) -> Run {
    let r = scanno(dir, args);
    assert_eq!(
        r.code,
        code,
        "scanno {args:?} in {}: exit {}\nstderr:\n{}\nstdout:\n{}",
        dir.display(),
        r.code,
        r.stderr,
        r.stdout
    );
    r
}

/// The sample chapter, run from the repository root with the fixtures' (default) config, so
/// that no `scanno.toml` above the repository can change what the tests see.
pub const CORPUS: &str = "corpus/trotsky-stalin-ch4.txt";
pub const DEFAULT_CONFIG: &str = "tests/fixtures/scanno.toml";

pub fn corpus(args: &[&str]) -> Run {
    let mut all = vec!["check", CORPUS, "--config", DEFAULT_CONFIG];
    all.extend_from_slice(args);
    scanno_ok(&repo(), &all, 0)
}

/// 1-based line and column (in characters) of a byte offset, computed independently of scanno.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let head = &text[..offset];
    let line = head.matches('\n').count() + 1;
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    (line, head[line_start..].chars().count() + 1)
}
