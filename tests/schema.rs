//! The JSON schema of scanno.toml: generated from the config types, snapshot-tested, and kept
//! current at the repository root as `scanno.schema.json` (this test rewrites it when the
//! config types change; commit the result).

#[test]
fn config_schema_snapshot() {
    let schema = scanno::schema::config_schema();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scanno.schema.json");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(schema.as_str()) {
        std::fs::write(&path, &schema).expect("write scanno.schema.json");
    }
    insta::assert_snapshot!("scanno.schema.json", schema);
}

#[test]
fn schema_command_prints_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_scanno"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), scanno::schema::config_schema());
}
