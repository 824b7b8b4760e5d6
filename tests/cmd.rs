//! The command line's end-to-end cases: one file per behaviour under `tests/cmd/`, each with the
//! arguments, the working folder (`fs.cwd`, or its input folder `NAME.in/` copied to a sandbox),
//! the exit code and the expected stdout and stderr (inline or in `NAME.stdout`/`NAME.stderr`;
//! `...` stands for any lines, `[..]` for any text within a line). A case with `NAME.out/` also
//! checks the files the command leaves behind.
//!
//! Run one case: `cargo test --test cmd -- cli_cases trycmd=NAME`. Rewrite the expected output of
//! failing cases from the binary: `TRYCMD=overwrite cargo test --test cmd`, then read the diff
//! (`git diff tests/cmd/`) before keeping it.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .register_bin("scanno", trycmd::cargo::cargo_bin!("scanno"))
        .case("tests/cmd/*.toml");
}
