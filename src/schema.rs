//! The JSON schema of `scanno.toml`, generated from the config types (`scanno schema`). Editors
//! that understand JSON schemas for TOML (taplo, Even Better TOML) use it for completion and
//! validation. `scanno.schema.json` at the repository root is this output, kept current by a
//! snapshot test.

use crate::config::{FailOn, IgnoreEntry, LexiconSettings, NamesSettings, RuleSetting, YearsSetting};
use schemars::JsonSchema;
use std::collections::BTreeMap;

/// scanno's project configuration (`scanno.toml`).
///
/// Every key is optional; an unknown key is an error reported at its place.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "scanno.toml")]
pub struct ConfigFile {
    /// Globs of files to check, relative to the folder being checked (default `["**/*.txt"]`).
    include: Option<Vec<String>>,
    /// Globs of files to skip.
    exclude: Option<Vec<String>>,
    /// Rule packs: built-in names (`typography`, `ocr`, `structure`) or paths to TOML packs.
    packs: Option<Vec<String>>,
    /// Only these rules or packs (`ocr`, `ocr/known-scanno`).
    select: Option<Vec<String>>,
    /// Rules or packs to turn off.
    ignore_rules: Option<Vec<String>>,
    /// Per-rule settings by rule id or pack: `"off"`, `"on"`, or a severity.
    rules: Option<BTreeMap<String, RuleSetting>>,
    /// The lowest severity that makes `scanno check` exit 1.
    fail_on: Option<FailOn>,
    /// The corpus language (`en`, `fr`, `de`, ...).
    language: Option<String>,
    /// Plausible years: `"infer"` (from the corpus) or `[from, to]`.
    years: Option<YearsSetting>,
    /// The calendar in force: `"gregorian"`, `"julian"` or `"julian-until:YYYY-MM-DD"`.
    #[schemars(regex(pattern = r"^(gregorian|julian|julian-until:[0-9]+-[0-9]+-[0-9]+)$"))]
    calendar: Option<String>,
    /// Accepted words and word-list files.
    lexicon: Option<LexiconSettings>,
    /// Explicit name variant sets.
    names: Option<NamesSettings>,
    /// `[[ignore]]` entries: findings a proofreader decided are not faults.
    ignore: Option<Vec<IgnoreEntry>>,
    /// Settings of the OCR rule kinds.
    ocr: Option<BTreeMap<String, serde_json::Value>>,
}

/// TOML has no null: an absent key is how a setting is left out. Removes the `null` that
/// schemars adds for `Option` fields.
fn strip_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let t = types.remove(0);
                    map.insert("type".into(), t);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if any.len() == 1 {
                    if let Some(Value::Object(only)) = any.pop() {
                        map.remove("anyOf");
                        for (k, x) in only {
                            map.entry(k).or_insert(x);
                        }
                    }
                }
            }
            map.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

/// The schema as pretty-printed JSON, ending with a newline.
pub fn config_schema() -> String {
    let mut schema = serde_json::to_value(schemars::schema_for!(ConfigFile)).expect("the schema serialises");
    strip_null(&mut schema);
    let mut s = serde_json::to_string_pretty(&schema).expect("the schema serialises");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_every_config_key() {
        let v: serde_json::Value = serde_json::from_str(&config_schema()).unwrap();
        let props: Vec<&str> = v["properties"].as_object().unwrap().keys().map(String::as_str).collect();
        let mut keys: Vec<&str> = crate::config::KEYS.iter().map(|(k, _)| *k).collect();
        keys.sort();
        let mut props = props;
        props.sort();
        assert_eq!(props, keys, "scanno.toml keys and the schema disagree");
    }
}
