//! Rule packs: built-in packs embedded from `rules/*.toml`, and the user's own packs.
//!
//! A pack has one array of tables per rule kind (`[[pattern]]`, `[[words]]`, ...) and an
//! optional `[pack]` table (`name`, `description`). Every error in every pack is collected and
//! reported at its place.

use crate::config::Config;
use crate::confusion::ConfusionTable;
use crate::diagnostic::{ConfigError, SourceFile};
use crate::rule_kinds::rule::{Check, LoadCx, RuleMeta};
use crate::rule_kinds::KINDS;
use std::collections::BTreeMap;
use std::path::Path;
use toml_edit::ImDocument;

/// Built-in packs, embedded in the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    ("typography", include_str!("../rules/typography.toml")),
    ("ocr", include_str!("../rules/ocr.toml")),
    ("structure", include_str!("../rules/structure.toml")),
    ("dates", include_str!("../rules/dates.toml")),
    ("footnotes", include_str!("../rules/footnotes.toml")),
    ("names", include_str!("../rules/names.toml")),
    ("spelling", include_str!("../rules/spelling.toml")),
];

pub fn is_builtin(name: &str) -> bool {
    BUILTIN.iter().any(|(n, _)| *n == name)
}

/// The compiled rules of a run.
pub struct RuleSet {
    pub checks: Vec<Box<dyn Check>>,
    /// The confusion table in force: the packs' `[[confusion]]` entries with the `[ocr]
    /// confusions` of `scanno.toml` over them. The checks that search with it were compiled
    /// with this table.
    pub confusions: ConfusionTable,
}

/// A pack file, parsed, and its errors so far.
struct PackFile {
    name: String,
    /// `None` when the pack could not be read or parsed (the error says why).
    parsed: Option<(SourceFile, ImDocument<String>)>,
    errors: Vec<ConfigError>,
}

impl RuleSet {
    /// Loads every pack the config names; all errors at once, in the order of the packs.
    ///
    /// The confusion table is made first, from every pack's `[[confusion]]` tables and then the
    /// user's `[ocr] confusions` (a re-weighted entry keeps its place), so that every check is
    /// compiled with the table in force.
    pub fn load(config: &Config) -> Result<RuleSet, Vec<ConfigError>> {
        let packs: Vec<PackFile> = config.packs.iter().map(|name| open_pack(config, name)).collect();
        Self::from_packs(packs, config)
    }

    /// Loads one pack given as text (a pack that is not a file: a test, the fuzzer), with the
    /// settings of `config` and none of its packs.
    pub fn load_text(name: &str, file: SourceFile, config: &Config) -> Result<RuleSet, Vec<ConfigError>> {
        Self::from_packs(vec![parse_pack(name, Some(file), Vec::new())], config)
    }

    fn from_packs(mut packs: Vec<PackFile>, config: &Config) -> Result<RuleSet, Vec<ConfigError>> {
        let mut ids = BTreeMap::new();
        let mut confusions = ConfusionTable::default();
        for p in &mut packs {
            load_kinds(p, |kind| kind == CONFUSION_KIND, config, &mut ids, &mut confusions);
        }
        for c in &config.ocr.confusions {
            confusions.upsert(c.clone());
        }
        let mut checks = Vec::new();
        for p in &mut packs {
            checks.extend(load_kinds(p, |kind| kind != CONFUSION_KIND, config, &mut ids, &mut confusions));
        }
        let mut errors: Vec<ConfigError> = packs.into_iter().flat_map(|p| p.errors).collect();
        // `[rules]` keys must name rules that exist.
        for id in config.rules.keys() {
            let known = ids.contains_key(id) || ids.keys().any(|k| k.starts_with(&format!("{id}/")));
            if !known {
                let e = match (&config.source, config.rule_spans.get(id)) {
                    (Some(src), Some(span)) => ConfigError::at(src, Some(span.clone()), format!("no rule or pack `{id}`")),
                    _ => ConfigError::plain(format!("no rule or pack `{id}`")),
                };
                errors.push(e.with_help("`scanno rules` lists every rule id"));
            }
        }
        if errors.is_empty() {
            Ok(RuleSet { checks, confusions })
        } else {
            Err(errors)
        }
    }

    /// Every rule, sorted by id.
    pub fn metas(&self) -> Vec<&RuleMeta> {
        let mut v: Vec<&RuleMeta> = self.checks.iter().flat_map(|c| c.rules()).collect();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    }

    pub fn meta(&self, id: &str) -> Option<&RuleMeta> {
        self.checks.iter().flat_map(|c| c.rules()).find(|m| m.id == id)
    }

    /// Whether a selector (`ocr` or `ocr/digit-in-number`) names at least one rule.
    pub fn knows(&self, selector: &str) -> bool {
        self.metas().iter().any(|m| matches_selector(selector, &m.id))
    }

    /// Keeps only the enabled rules.
    pub fn retain(&mut self, enabled: &dyn Fn(&str) -> bool) {
        self.checks.retain_mut(|c| c.retain(enabled));
    }
}

/// `ocr` selects every `ocr/...` rule; `ocr/x` selects that rule.
pub fn matches_selector(selector: &str, id: &str) -> bool {
    id == selector || (id.starts_with(selector) && id.as_bytes().get(selector.len()) == Some(&b'/'))
}

fn pack_name_error(config: &Config, name: &str, message: String) -> ConfigError {
    if let Some(src) = &config.source {
        if let Some(pos) = src
            .text
            .find(&format!("\"{name}\""))
            .or_else(|| src.text.find(&format!("'{name}'")))
        {
            return ConfigError::at(src, Some(pos..pos + name.len() + 2), message);
        }
    }
    ConfigError::plain(message)
}

/// The rule kind whose tables make the confusion table rather than checks.
const CONFUSION_KIND: &str = "confusion";

/// Reads and parses the pack `name`: a built-in pack or a path relative to the config.
fn open_pack(config: &Config, name: &str) -> PackFile {
    let mut errors = Vec::new();
    let file = if let Some((_, text)) = BUILTIN.iter().find(|(n, _)| *n == name) {
        Some(SourceFile::new(format!("<built-in pack {name}>"), *text))
    } else if name.ends_with(".toml") || name.contains('/') || name.contains('\\') {
        let path = config.base_dir().join(name);
        match crate::document::read_bounded_text(&path, crate::document::SETTINGS_LIMIT, false) {
            Ok(t) => Some(SourceFile::new(path.display().to_string(), t)),
            Err(e) => {
                errors.push(pack_name_error(
                    config,
                    name,
                    format!("could not read rule pack {}: {e}", path.display()),
                ));
                None
            }
        }
    } else {
        let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
        errors.push(
            pack_name_error(config, name, format!("unknown rule pack `{name}`")).with_help(format!(
                "built-in packs: {}; a path to your own pack ends in .toml",
                known.join(", ")
            )),
        );
        None
    };
    parse_pack(name, file, errors)
}

/// Parses the text of a pack (`None` when it could not be read: `errors` say why).
fn parse_pack(name: &str, file: Option<SourceFile>, mut errors: Vec<ConfigError>) -> PackFile {
    let parsed = file.and_then(|file| match ImDocument::parse(file.text.as_str().to_string()) {
        Ok(doc) => Some((file, doc)),
        Err(e) => {
            errors.push(ConfigError::at(&file, e.span(), format!("invalid TOML: {}", e.message().trim())));
            None
        }
    });
    PackFile {
        name: Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_string(),
        parsed,
        errors,
    }
}

/// Loads the tables of a parsed pack whose kind `wanted` accepts (the `[pack]` table and
/// unknown kinds are checked with the kinds other than `confusion`).
fn load_kinds(
    pack: &mut PackFile,
    wanted: impl Fn(&str) -> bool,
    config: &Config,
    ids: &mut BTreeMap<String, String>,
    confusions: &mut ConfusionTable,
) -> Vec<Box<dyn Check>> {
    let Some((file, doc)) = &pack.parsed else { return vec![] };
    let errors = &mut pack.errors;
    let mut out = Vec::new();
    let root = doc.as_table();
    for (key, item) in root.iter() {
        if !wanted(key) {
            continue;
        }
        let key_span = root.key(key).and_then(|k| k.span());
        if key == "pack" {
            if let Some(t) = item.as_table() {
                for (k, _) in t.iter() {
                    if k != "name" && k != "description" {
                        errors.push(
                            ConfigError::at(file, t.key(k).and_then(|k| k.span()), format!("unknown key `{k}` in [pack]"))
                                .with_help("expected `name` or `description`"),
                        );
                    }
                }
            }
            continue;
        }
        let Some((_, load)) = KINDS.iter().find(|(k, _)| *k == key) else {
            let kinds: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
            errors.push(
                ConfigError::at(file, key_span, format!("unknown rule kind `{key}`"))
                    .with_label("unknown key")
                    .with_help(format!("rule kinds: {}", kinds.join(", "))),
            );
            continue;
        };
        let Some(aot) = item.as_array_of_tables() else {
            errors.push(ConfigError::at(
                file,
                item.span().or(key_span),
                format!("`{key}` must be an array of tables: write `[[{key}]]`"),
            ));
            continue;
        };
        let tables: Vec<&toml_edit::Table> = aot.iter().collect();
        let mut cx = LoadCx {
            file: file.clone(),
            pack: pack.name.clone(),
            errors,
            ids,
            config,
            confusions,
        };
        out.extend(load(&tables, &mut cx));
    }
    out
}
