//! `scanno.toml`: the project's configuration, found upward from the working directory.
//!
//! The keys are defined once, in `keys::ConfigFile`. Loading reads the file with spans, each
//! top-level key on its own so that every unknown key, wrong type or bad value is reported at
//! its exact place and all errors come out at once, and compiles it into `Config`: typed
//! values with the defaults filled in. Nothing writes into a `Config` after loading.

mod keys;

/// Packs turned on when `scanno.toml` does not say otherwise.
pub const DEFAULT_PACKS: &[&str] = &["typography", "ocr", "structure", "dates", "footnotes", "names", "spelling"];

pub use keys::{
    ConfigFile, ConfusionSetting, FailOn, IgnoreEntry, LexiconSettings, NamesSettings, OcrSettings, RuleSetting, YearsKeyword, YearsSetting,
};

use crate::calendar::CalendarSetting;
use crate::diagnostic::{from_toml_error, ConfigError, SourceFile};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, Item};

pub const FILE_NAME: &str = "scanno.toml";

/// The whole project configuration, compiled from `scanno.toml`.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the config came from (`None`: built-in defaults).
    pub path: Option<PathBuf>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    pub packs: Vec<String>,
    pub select: Vec<String>,
    pub ignore_rules: Vec<String>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub fail_on: Option<FailOn>,
    pub language: String,
    /// The markup conventions of the texts (`crate::markup`).
    pub format: crate::markup::FormatSetting,
    pub years: YearsSetting,
    /// The calendar in force for dates without an O.S./N.S. marker.
    pub calendar: CalendarSetting,
    pub lexicon: LexiconSettings,
    pub names: NamesSettings,
    pub ignore: Vec<IgnoreEntry>,
    /// `[ocr]`: settings of the OCR rule kinds.
    pub ocr: OcrSettings,
    /// The config's source and the spans of its `[rules]` keys, for errors found later.
    pub source: Option<SourceFile>,
    pub rule_spans: BTreeMap<String, std::ops::Range<usize>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            include: vec!["**/*.txt".to_string()],
            exclude: vec![],
            packs: DEFAULT_PACKS.iter().map(|s| s.to_string()).collect(),
            select: vec![],
            ignore_rules: vec![],
            rules: BTreeMap::new(),
            fail_on: None,
            language: "en".to_string(),
            format: crate::markup::FormatSetting::Auto,
            years: YearsSetting::default(),
            calendar: CalendarSetting::default(),
            lexicon: LexiconSettings::default(),
            names: NamesSettings::default(),
            ignore: vec![],
            ocr: OcrSettings::default(),
            source: None,
            rule_spans: BTreeMap::new(),
        }
    }
}

impl From<ConfigFile> for Config {
    /// The file's values, with the defaults for the keys it leaves out.
    fn from(f: ConfigFile) -> Config {
        let d = Config::default();
        Config {
            include: f.include.unwrap_or(d.include),
            exclude: f.exclude.unwrap_or(d.exclude),
            packs: f.packs.unwrap_or(d.packs),
            select: f.select.unwrap_or(d.select),
            ignore_rules: f.ignore_rules.unwrap_or(d.ignore_rules),
            rules: f.rules.unwrap_or(d.rules),
            fail_on: f.fail_on.or(d.fail_on),
            language: f.language.unwrap_or(d.language),
            format: f.format.unwrap_or(d.format),
            years: f.years.unwrap_or(d.years),
            calendar: f.calendar.unwrap_or(d.calendar),
            lexicon: f.lexicon.unwrap_or(d.lexicon),
            names: f.names.unwrap_or(d.names),
            ignore: f.ignore.unwrap_or(d.ignore),
            ocr: f.ocr.unwrap_or(d.ocr),
            ..d
        }
    }
}

impl Config {
    /// Finds `scanno.toml` in `dir` or its ancestors.
    pub fn discover(dir: &Path) -> Option<PathBuf> {
        let mut cur = Some(dir);
        while let Some(d) = cur {
            let p = d.join(FILE_NAME);
            if p.is_file() {
                return Some(p);
            }
            cur = d.parent();
        }
        None
    }

    pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
        let (cfg, errors) = Config::load_lenient(path);
        if errors.is_empty() {
            Ok(cfg)
        } else {
            Err(errors)
        }
    }

    /// Like `load`, but also returns the config made of every key that was valid, so that the
    /// rule packs it names can be checked too and all errors reported at once.
    pub fn load_lenient(path: &Path) -> (Config, Vec<ConfigError>) {
        let text = match crate::document::read_bounded_text(path, crate::document::SETTINGS_LIMIT, false) {
            Ok(t) => t,
            Err(e) => {
                return (
                    Config::default(),
                    vec![ConfigError::plain(format!("could not read {}: {e}", path.display()))],
                )
            }
        };
        let (mut cfg, errors) = Config::parse_lenient(&SourceFile::new(path.display().to_string(), text));
        cfg.path = Some(path.to_path_buf());
        (cfg, errors)
    }

    pub fn parse(file: &SourceFile) -> Result<Config, Vec<ConfigError>> {
        let (cfg, errors) = Config::parse_lenient(file);
        if errors.is_empty() {
            Ok(cfg)
        } else {
            Err(errors)
        }
    }

    /// Parses every key on its own: the config of the valid keys, and the errors of the others.
    pub fn parse_lenient(file: &SourceFile) -> (Config, Vec<ConfigError>) {
        let doc = match ImDocument::parse(file.text.as_str().to_string()) {
            Ok(d) => d,
            Err(e) => {
                return (
                    Config::default(),
                    vec![ConfigError::at(file, e.span(), format!("invalid TOML: {}", e.message().trim()))],
                )
            }
        };
        // Each key is read on its own, so that one error does not hide the next; the keys
        // that read well make the config.
        let mut errors = Vec::new();
        let mut valid = doc.as_table().clone();
        for (key, item) in doc.as_table().iter() {
            let error = if ConfigFile::keys().contains(&key) {
                let mut one = toml_edit::Table::new();
                one.insert(key, item.clone());
                deserialize_item::<ConfigFile>(&Item::Table(one))
                    .err()
                    .map(|e| from_toml_error(file, &e, item.span()))
            } else {
                let key_span = doc.as_table().key(key).and_then(|k| k.span());
                Some(
                    ConfigError::at(file, key_span, format!("unknown key `{key}` in {}", file.name))
                        .with_label("unknown key")
                        .with_help(format!("expected one of: {}", ConfigFile::keys().join(", "))),
                )
            };
            if let Some(e) = error {
                errors.push(e);
                valid.remove(key);
            }
        }
        let mut cfg = match deserialize_item::<ConfigFile>(&Item::Table(valid)) {
            Ok(f) => Config::from(f),
            Err(e) => {
                errors.push(from_toml_error(file, &e, None));
                Config::default()
            }
        };
        for (id, _) in cfg.rules.iter() {
            let span = doc
                .as_table()
                .get("rules")
                .and_then(|r| r.as_table_like())
                .and_then(|t| t.get_key_value(id))
                .and_then(|(k, _)| k.span());
            if let Some(span) = &span {
                cfg.rule_spans.insert(id.clone(), span.clone());
            }
        }
        cfg.source = Some(file.clone());
        (cfg, errors)
    }

    /// The directory relative paths in the config are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."))
    }
}

/// Deserialises one item of a parsed TOML document, keeping spans for errors.
pub fn deserialize_item<T: DeserializeOwned>(item: &Item) -> Result<T, toml_edit::de::Error> {
    use serde::de::IntoDeserializer;
    let value = match item.clone() {
        Item::Value(v) => v,
        Item::Table(t) => toml_edit::Value::InlineTable(t.into_inline_table()),
        Item::ArrayOfTables(a) => toml_edit::Value::Array(a.into_array()),
        Item::None => return T::deserialize(toml_edit::Value::from(toml_edit::InlineTable::new()).into_deserializer()),
    };
    T::deserialize(value.into_deserializer())
}

/// The commented `scanno.toml` written by `scanno init`.
pub const INIT_TEMPLATE: &str = include_str!("../../rules/scanno.init.toml");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_template_parses() {
        let cfg = Config::parse(&SourceFile::new("scanno.toml", INIT_TEMPLATE)).unwrap();
        assert_eq!(cfg.language, "en");
    }

    #[test]
    fn all_errors_at_once_with_spans() {
        let src = "include = 3\nbogus = 1\n[rules]\n\"ocr/x\" = \"loud\"\n";
        let errs = Config::parse(&SourceFile::new("scanno.toml", src)).unwrap_err();
        assert_eq!(errs.len(), 3, "{errs:?}");
        let starts: Vec<usize> = errs.iter().map(|e| e.span.unwrap().offset()).collect();
        assert_eq!(&src[starts[0]..starts[0] + 1], "3");
        assert_eq!(&src[starts[1]..starts[1] + 5], "bogus");
        assert!(src[starts[2]..].starts_with("\"loud\""), "{:?}", &src[starts[2]..]);
    }
}
