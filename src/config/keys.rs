//! The keys of `scanno.toml`, defined once: `ConfigFile` names every key, its type and its
//! documentation. The loader reads the file into it, the unknown-key error lists its fields,
//! and `scanno schema` is generated from it.
//!
//! Every value is read into its typed form here and checked there (a calendar date that exists,
//! a threshold within its range, a confusion with two different sides), so that a bad value is
//! reported at its own place when the file is loaded and never read again later.

use crate::calendar::CalendarSetting;
use crate::confusion::Confusion;
use crate::finding::Severity;
use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// scanno's project configuration (`scanno.toml`).
///
/// Every key is optional; an unknown key is an error reported at its place.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "scanno.toml")]
pub struct ConfigFile {
    /// Globs of files to check, relative to the folder being checked (default `["**/*.txt"]`).
    #[serde(default, deserialize_with = "valid_globs")]
    pub include: Option<Vec<String>>,
    /// Globs of files to skip.
    #[serde(default, deserialize_with = "valid_globs")]
    pub exclude: Option<Vec<String>>,
    /// Rule packs: built-in names (`typography`, `ocr`, `structure`) or paths to TOML packs.
    pub packs: Option<Vec<String>>,
    /// Only these rules or packs (`ocr`, `ocr/known-scanno`).
    pub select: Option<Vec<String>>,
    /// Rules or packs to turn off.
    pub ignore_rules: Option<Vec<String>>,
    /// Per-rule settings by rule id or pack: `"off"`, `"on"`, or a severity.
    pub rules: Option<BTreeMap<String, RuleSetting>>,
    /// The lowest severity that makes `scanno check` exit 1.
    pub fail_on: Option<FailOn>,
    /// The corpus language (`en`, `fr`, `de`, ...).
    #[serde(default, deserialize_with = "known_language")]
    pub language: Option<String>,
    /// The markup conventions of the texts: `"auto"` (detected per document, the default),
    /// `"pg"` (Project Gutenberg plain text), `"dp"` (Distributed Proofreaders' rounds) or
    /// `"plain"` (none).
    pub format: Option<crate::markup::FormatSetting>,
    /// Plausible years: `"infer"` (from the corpus) or `[from, to]`.
    #[serde(default, deserialize_with = "years_in_order")]
    pub years: Option<YearsSetting>,
    /// The calendar in force: `"gregorian"`, `"julian"` or `"julian-until:YYYY-MM-DD"`.
    pub calendar: Option<CalendarSetting>,
    /// Accepted words and word-list files.
    pub lexicon: Option<LexiconSettings>,
    /// Explicit name variant sets.
    pub names: Option<NamesSettings>,
    /// `[[ignore]]` entries: findings a proofreader decided are not faults.
    pub ignore: Option<Vec<IgnoreEntry>>,
    /// Settings of the OCR rule kinds.
    pub ocr: Option<OcrSettings>,
}

impl ConfigFile {
    /// The top-level keys, in the order they are defined (the order of the unknown-key help).
    pub fn keys() -> &'static [&'static str] {
        struct_fields::<ConfigFile>()
    }
}

/// The field names a struct's `Deserialize` asks for (renamed, in order of definition): the
/// struct is asked to read itself from a deserializer that only records them.
fn struct_fields<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    struct Fields<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Fields<'_> {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Self::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: serde::de::Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(Self::Error::custom("fields recorded"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Fields(&mut fields));
    fields
}

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

/// The ISO 639-1 language codes.
const LANGUAGES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Whether `tag` names a language: an ISO 639-1 code with an optional region (`en`, `en-GB`,
/// `fr_CA`), or `english`.
pub fn is_language(tag: &str) -> bool {
    if tag == "english" {
        return true;
    }
    let (code, region) = match tag.split_once(['-', '_']) {
        Some((c, r)) => (c, Some(r)),
        None => (tag, None),
    };
    let region_ok = region.is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
    code.len() == 2 && LANGUAGES.split(' ').any(|l| l == code) && region_ok
}

/// `language`, which must name a language (a misspelt one would silently turn off every rule
/// that needs the word list).
fn known_language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let tag = String::deserialize(d)?;
    if is_language(&tag) {
        Ok(Some(tag))
    } else {
        Err(D::Error::custom(format!(
            "`{tag}` is not a language: give an ISO 639-1 code, with a region if you like (`en`, `en-GB`, `fr`, `de`)"
        )))
    }
}

/// A glob of `include` or `exclude`, checked as it is read, so a bad one is reported at its
/// place in the file.
struct GlobText(String);

impl<'de> Deserialize<'de> for GlobText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        checked_entry(d, "a glob", |glob: String| match globset::Glob::new(&glob) {
            Ok(_) => Ok(GlobText(glob)),
            Err(e) => Err(format!("`{glob}` is not a glob: {}", e.kind())),
        })
    }
}

/// Reads an `S` and checks it into a `T`, as a newtype, so that a deserializer that knows where
/// each value is (TOML's) reports a bad one at its own entry, not at the list holding it.
fn checked_entry<'de, D, S, T>(d: D, expecting: &'static str, check: fn(S) -> Result<T, String>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    S: Deserialize<'de>,
{
    struct Checked<S, T>(&'static str, fn(S) -> Result<T, String>);
    impl<'de, S: Deserialize<'de>, T> serde::de::Visitor<'de> for Checked<S, T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.0)
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            (self.1)(S::deserialize(d)?).map_err(D::Error::custom)
        }
    }
    d.deserialize_newtype_struct("Checked", Checked(expecting, check))
}

/// `include` and `exclude`: lists of globs, each one valid.
fn valid_globs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let globs = Vec::<GlobText>::deserialize(d)?;
    Ok(Some(globs.into_iter().map(|g| g.0).collect()))
}

/// `years`, with a range that runs forward.
fn years_in_order<'de, D: Deserializer<'de>>(d: D) -> Result<Option<YearsSetting>, D::Error> {
    let years = YearsSetting::deserialize(d)?;
    match years {
        YearsSetting::Range([a, b]) if a > b => Err(D::Error::custom(format!("years: {a} is after {b}"))),
        _ => Ok(Some(years)),
    }
}

/// `calendar`, read into the calendar in force (a `julian-until` date must exist).
impl<'de> Deserialize<'de> for CalendarSetting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        CalendarSetting::parse(&String::deserialize(d)?).map_err(D::Error::custom)
    }
}

impl schemars::JsonSchema for CalendarSetting {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CalendarSetting".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": r"^(gregorian|julian|julian-until:[0-9]+-[0-9]+-[0-9]+)$",
        })
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

/// `[ocr]`: settings of the OCR rule kinds.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OcrSettings {
    /// Extra confusions, or new costs for built-in ones (same `from`, `to`, `scope`).
    #[serde(default)]
    pub confusions: Vec<Confusion>,
    /// How noisy the text is, as the share of lower-case words that are not in the lexicon,
    /// above which every unknown word is reported at warning (default 0.04): raw OCR. Below
    /// it an unknown word needs more evidence (a likely confusion) before it is a warning.
    /// A number above 0.
    #[serde(default, deserialize_with = "noisy_threshold")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub noisy_threshold: Option<f64>,
}

/// `noisy-threshold`: the document's share of unknown words is divided by it, so it is a
/// finite number above 0.
fn noisy_threshold<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && v > 0.0 {
        Ok(Some(v))
    } else {
        Err(D::Error::custom(format!("noisy-threshold: {v} is not a number above 0")))
    }
}

/// One confusion in `[ocr] confusions`: OCR output `from` stands for `to` at `cost`.
#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfusionSetting {
    /// What OCR wrote.
    pub from: String,
    /// What was printed.
    pub to: String,
    /// −ln of its relative plausibility (lower is likelier), at least 0.
    #[schemars(range(min = 0))]
    pub cost: f32,
    /// Where it applies: inside words (the default), inside numbers, or at brackets and digits.
    #[serde(default = "default_scope")]
    pub scope: crate::confusion::Scope,
}

fn default_scope() -> crate::confusion::Scope {
    crate::confusion::Scope::Word
}

/// A confusion of `[ocr] confusions`, checked as it is read (at its own entry).
impl<'de> Deserialize<'de> for Confusion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Confusion, D::Error> {
        checked_entry::<D, ConfusionSetting, Confusion>(d, "a confusion: { from, to, cost, scope }", Confusion::try_from)
    }
}

impl TryFrom<ConfusionSetting> for Confusion {
    type Error = String;

    fn try_from(c: ConfusionSetting) -> Result<Confusion, String> {
        if c.from.is_empty() || c.from == c.to || !c.cost.is_finite() || c.cost < 0.0 {
            return Err(format!(
                "[ocr] confusion `{}` → `{}`: `from` must be non-empty and differ from `to`, and `cost` must be ≥ 0",
                c.from, c.to
            ));
        }
        Ok(Confusion {
            from: c.from,
            to: c.to,
            cost: c.cost,
            scope: c.scope,
        })
    }
}
