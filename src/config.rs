//! `scanno.toml`: the project's configuration, found upward from the working directory.
//!
//! Parsed with spans so that every unknown key, wrong type or bad value is reported at its
//! exact place; each top-level key is checked on its own so that all errors come out at once.

use crate::diagnostic::{from_toml_error, ConfigError, SourceFile};
use crate::finding::Severity;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, Item};

pub const FILE_NAME: &str = "scanno.toml";

/// `rules."pack/name" = "off" | "info" | "warning" | "error"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleSetting {
    Off,
    On,
    Info,
    Warning,
    Error,
}

impl RuleSetting {
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleSetting::Info => Some(Severity::Info),
            RuleSetting::Warning => Some(Severity::Warning),
            RuleSetting::Error => Some(Severity::Error),
            _ => None,
        }
    }
}

/// The threshold of `--fail-on` / `fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// Every value, by its name in `scanno.toml` and on the command line.
    pub const ALL: &'static [(FailOn, &'static str, &'static str)] = &[
        (FailOn::Error, "error", ""),
        (FailOn::Warning, "warning", ""),
        (FailOn::Info, "info", ""),
        (FailOn::Never, "never", ""),
    ];

    pub fn fails(self, s: Severity) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Error => s >= Severity::Error,
            FailOn::Warning => s >= Severity::Warning,
            FailOn::Info => true,
        }
    }
}

/// Plausible years: `"infer"` (from the corpus' own year distribution) or `[from, to]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum YearsSetting {
    Keyword(YearsKeyword),
    Range([u32; 2]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum YearsKeyword {
    Infer,
}

impl Default for YearsSetting {
    fn default() -> Self {
        YearsSetting::Keyword(YearsKeyword::Infer)
    }
}

/// Extra vocabulary: accepted words and word-list files (one word a line).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LexiconSettings {
    /// Words accepted as correct in this corpus (names, historical spellings).
    #[serde(default)]
    pub words: Vec<String>,
    /// Word-list files, relative to `scanno.toml`.
    #[serde(default)]
    pub files: Vec<PathBuf>,
}

/// `[[ignore]]`: a proofreader's decision that a finding is not a fault.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IgnoreEntry {
    /// Glob of paths the entry applies to (all paths when absent).
    pub path: Option<String>,
    /// Rule id or pack (all rules when absent).
    pub rule: Option<String>,
    /// The exact flagged text (any text when absent).
    pub text: Option<String>,
}

/// `[names]`: explicit variant sets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NamesSettings {
    /// canonical spelling -> its variants.
    #[serde(default)]
    pub variants: BTreeMap<String, Vec<String>>,
}

/// The whole project configuration, after validation.
#[derive(Clone, Debug, Serialize)]
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
    pub years: YearsSetting,
    pub calendar: Option<String>,
    pub lexicon: LexiconSettings,
    pub names: NamesSettings,
    pub ignore: Vec<IgnoreEntry>,
    /// `[ocr]`: settings of the OCR rule kinds.
    pub ocr: OcrSettings,
    /// The confusion table in force: the packs' `[[confusion]]` entries with the `[ocr]`
    /// overrides applied (filled in when the engine is built).
    #[serde(skip)]
    pub confusions: crate::confusion::ConfusionTable,
    /// The config's source and the spans of its `[rules]` keys, for errors found later.
    #[serde(skip)]
    pub source: Option<SourceFile>,
    #[serde(skip)]
    pub rule_spans: BTreeMap<String, std::ops::Range<usize>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            include: vec!["**/*.txt".to_string()],
            exclude: vec![],
            packs: crate::pack::DEFAULT_PACKS.iter().map(|s| s.to_string()).collect(),
            select: vec![],
            ignore_rules: vec![],
            rules: BTreeMap::new(),
            fail_on: None,
            language: "en".to_string(),
            years: YearsSetting::default(),
            calendar: None,
            lexicon: LexiconSettings::default(),
            names: NamesSettings::default(),
            ignore: vec![],
            ocr: OcrSettings::default(),
            confusions: Default::default(),
            source: None,
            rule_spans: BTreeMap::new(),
        }
    }
}

/// Top-level keys of `scanno.toml` and what they hold (used by `scanno init` and the errors).
pub const KEYS: &[(&str, &str)] = &[
    ("include", "globs of files to check (default [\"**/*.txt\"])"),
    ("exclude", "globs of files to skip"),
    ("packs", "rule packs: built-in names or paths to TOML packs"),
    ("select", "only these rules or packs"),
    ("ignore-rules", "rules or packs to turn off"),
    ("rules", "per-rule settings: \"off\", \"on\", or a severity"),
    ("fail-on", "lowest severity that fails the run: error, warning, info, never"),
    ("language", "the corpus language (en, fr, de, ...)"),
    ("years", "plausible years: \"infer\" or [from, to]"),
    ("calendar", "calendar in force, e.g. \"gregorian\" or \"julian-until:1918-01-31\""),
    ("lexicon", "accepted words and word-list files"),
    ("names", "explicit name variant sets"),
    ("ignore", "[[ignore]] entries: path, rule, text"),
    ("ocr", "settings of the OCR rule kinds"),
];

/// One confusion in `[ocr] confusions`: OCR output `from` stands for `to` at `cost`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfusionSetting {
    pub from: String,
    pub to: String,
    pub cost: f32,
    #[serde(default = "default_scope")]
    pub scope: crate::confusion::Scope,
}

fn default_scope() -> crate::confusion::Scope {
    crate::confusion::Scope::Word
}

/// `[ocr]`: settings of the OCR rule kinds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OcrSettings {
    /// Extra confusions, or new costs for built-in ones (same `from`, `to`, `scope`).
    #[serde(default)]
    pub confusions: Vec<ConfusionSetting>,
    /// How noisy the text is, as the share of lower-case words that are not in the lexicon,
    /// above which every unknown word is reported at warning (default 0.04): raw OCR. Below
    /// it an unknown word needs more evidence (a likely confusion) before it is a warning.
    #[serde(default)]
    pub noisy_threshold: Option<f64>,
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
        let text = match std::fs::read_to_string(path) {
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
        let mut errors = Vec::new();
        let mut cfg = Config::default();
        for (key, item) in doc.as_table().iter() {
            let key_span = doc.as_table().key(key).and_then(|k| k.span());
            match key {
                "include" => set(&mut cfg.include, file, item, &mut errors),
                "exclude" => set(&mut cfg.exclude, file, item, &mut errors),
                "packs" => set(&mut cfg.packs, file, item, &mut errors),
                "select" => set(&mut cfg.select, file, item, &mut errors),
                "ignore-rules" => set(&mut cfg.ignore_rules, file, item, &mut errors),
                "rules" => set(&mut cfg.rules, file, item, &mut errors),
                "fail-on" => {
                    let mut v = None;
                    set(&mut v, file, item, &mut errors);
                    cfg.fail_on = v;
                }
                "language" => set(&mut cfg.language, file, item, &mut errors),
                "years" => {
                    set(&mut cfg.years, file, item, &mut errors);
                    if let YearsSetting::Range([a, b]) = cfg.years {
                        if a > b {
                            errors.push(ConfigError::at(file, item.span(), format!("years: {a} is after {b}")));
                        }
                    }
                }
                "calendar" => {
                    let mut v: Option<String> = None;
                    set(&mut v, file, item, &mut errors);
                    if let Some(c) = &v {
                        if let Err(msg) = calendar_setting_check(c) {
                            errors.push(ConfigError::at(file, item.span(), msg));
                        }
                    }
                    cfg.calendar = v;
                }
                "lexicon" => set(&mut cfg.lexicon, file, item, &mut errors),
                "names" => set(&mut cfg.names, file, item, &mut errors),
                "ignore" => set(&mut cfg.ignore, file, item, &mut errors),
                "ocr" => {
                    set(&mut cfg.ocr, file, item, &mut errors);
                    for c in &cfg.ocr.confusions {
                        if c.from.is_empty() || c.from == c.to || !c.cost.is_finite() || c.cost < 0.0 {
                            errors.push(ConfigError::at(
                                file,
                                item.span(),
                                format!(
                                    "[ocr] confusion `{}` → `{}`: `from` must be non-empty and differ from `to`, and `cost` must be ≥ 0",
                                    c.from, c.to
                                ),
                            ));
                        }
                    }
                }
                other => {
                    let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                    errors.push(
                        ConfigError::at(file, key_span, format!("unknown key `{other}` in {}", file.name))
                            .with_label("unknown key")
                            .with_help(format!("expected one of: {}", known.join(", "))),
                    );
                }
            }
        }
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

fn set<T: DeserializeOwned>(slot: &mut T, file: &SourceFile, item: &Item, errors: &mut Vec<ConfigError>) {
    match deserialize_item::<T>(item) {
        Ok(v) => *slot = v,
        Err(e) => errors.push(from_toml_error(file, &e, item.span())),
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

/// Validates `calendar = "gregorian" | "julian" | "julian-until:YYYY-MM-DD"`.
pub fn calendar_setting_check(s: &str) -> Result<(), String> {
    match s {
        "gregorian" | "julian" => Ok(()),
        _ => match s.strip_prefix("julian-until:") {
            Some(date) => {
                let parts: Vec<&str> = date.split('-').collect();
                let ok = parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                if ok {
                    Ok(())
                } else {
                    Err(format!("calendar: `{date}` is not a date (expected YYYY-MM-DD)"))
                }
            }
            None => Err(format!(
                "calendar: `{s}` is not one of \"gregorian\", \"julian\", \"julian-until:YYYY-MM-DD\""
            )),
        },
    }
}

/// The commented `scanno.toml` written by `scanno init`.
pub const INIT_TEMPLATE: &str = include_str!("../rules/scanno.init.toml");

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
