//! The JSON schema of `scanno.toml`, generated from the definition of its keys,
//! `config::ConfigFile` (`scanno schema`). Editors that understand JSON schemas for TOML
//! (taplo, Even Better TOML) use it for completion and validation. `scanno.schema.json` at the
//! repository root is this output, kept current by a snapshot test.

use crate::config::ConfigFile;

/// TOML has no null: an absent key is how a setting is left out. Removes the `null` that
/// schemars adds for `Option` fields (as a type, or as the default of a defaulted one).
fn strip_null(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
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
        let mut keys: Vec<&str> = ConfigFile::keys().to_vec();
        keys.sort();
        let mut props = props;
        props.sort();
        assert_eq!(props, keys, "scanno.toml keys and the schema disagree");
    }
}
