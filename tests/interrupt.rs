//! Ctrl-C during `--fix`: once the run is interrupted, no file is renamed over and no temporary
//! file is left. Its own test binary, as the interruption is process-wide.

#[test]
fn after_an_interrupt_nothing_is_written_and_no_temporary_file_is_left() {
    use scanno::workflow::write::{interrupt, write_atomic, WriteError};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(&p, "old").unwrap();
    write_atomic(&p, b"old", b"new").unwrap();
    interrupt();
    assert!(matches!(write_atomic(&p, b"new", b"newer"), Err(WriteError::Interrupted)));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, vec![std::ffi::OsString::from("a.txt")], "no temporary file left behind");
}
