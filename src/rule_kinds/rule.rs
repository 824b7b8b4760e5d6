//! The vocabulary every rule kind speaks: a rule's metadata and examples (`RuleMeta`), the
//! common fields of a rule table (`rule_spec!`), loading (`LoadCx`: errors at their place in
//! the TOML), the `Check` trait and what a check sees of a document (`CheckContext`, over the
//! document's facts), and the fix and message templates (`$1`, `${name}`).

use super::facts::{self, DocumentFacts, Noise, Verdict};
use crate::config::Config;
use crate::corpus::CorpusStats;
use crate::diagnostic::{from_toml_error, ConfigError, SourceFile};
use crate::finding::{Applicability, Finding, Fix, Severity};
use crate::tokenize::Token;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml_edit::{Item, Table};

/// An example of a rule: input that must be flagged, and the text after its fix.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FlagExample {
    pub input: String,
    /// The input after applying this rule's fixes (omit when the rule has no fix).
    pub fixed: Option<String>,
    /// A `scanno.toml` to check this example with (for rules that read the project's
    /// configuration, such as `[names.variants]`); the built-in defaults when absent.
    #[serde(default)]
    pub config: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Inputs that must be flagged.
    #[serde(default)]
    pub flag: Vec<FlagExample>,
    /// Inputs that must stay clean.
    #[serde(default)]
    pub clean: Vec<String>,
}

/// What every rule carries: its documentation is part of the rule.
#[derive(Clone, Debug)]
pub struct RuleMeta {
    pub id: String,
    pub kind: &'static str,
    pub pack: String,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    pub examples: Examples,
    /// The applicability of this rule's fixes, if it has any.
    pub fix: Option<Applicability>,
}

impl RuleMeta {
    /// How a fix of this rule applies: as the rule declares when the fix is certain, else at
    /// most `unsafe` (a guess among candidates).
    pub fn applicability(&self, certain: bool) -> Applicability {
        let declared = self.fix.unwrap_or(Applicability::Unsafe);
        if certain {
            declared
        } else {
            Applicability::Unsafe.min(declared)
        }
    }

    /// A finding that `found`, at `start..end`, should read `fix`: the message template's
    /// `{found}` and `{fix}` filled in, `fix` as the one suggestion and as a fix of at most
    /// `unsafe`.
    pub fn replacement(&self, start: usize, end: usize, found: &str, fix: String) -> Finding {
        let message = self.message.replace("{found}", found).replace("{fix}", &fix);
        Finding::new(&self.id, self.severity, start, end, message)
            .with_fix(Fix::replace(start, end, fix.clone(), self.applicability(false)))
            .with_suggestions(vec![fix])
    }

    /// The first line of the description.
    pub fn summary(&self) -> &str {
        self.description
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(&self.message)
            .trim()
    }
}

/// Fields common to every rule table.
pub struct Common<'a> {
    pub id: &'a toml::Spanned<String>,
    pub severity: Severity,
    pub message: &'a str,
    pub description: &'a str,
    pub examples: &'a Examples,
}

pub trait CommonSpec {
    fn common(&self) -> Common<'_>;
}

/// Declares a rule spec struct with the common fields (`id`, `severity`, `message`,
/// `description`, `examples`) followed by the kind's own fields.
#[macro_export]
macro_rules! rule_spec {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident : $t:ty,)* }) => {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        $(#[$m])*
        pub struct $name {
            /// `pack/name`, stable.
            pub id: toml::Spanned<String>,
            #[serde(default)]
            pub severity: $crate::finding::Severity,
            pub message: String,
            #[serde(default)]
            pub description: String,
            #[serde(default)]
            pub examples: $crate::rule_kinds::Examples,
            $($(#[$fm])* pub $f: $t,)*
        }
        impl $crate::rule_kinds::CommonSpec for $name {
            fn common(&self) -> $crate::rule_kinds::Common<'_> {
                $crate::rule_kinds::Common {
                    id: &self.id,
                    severity: self.severity,
                    message: &self.message,
                    description: &self.description,
                    examples: &self.examples,
                }
            }
        }
    };
}

/// What a check sees of one document: its text and tokens, the run's corpus statistics and
/// configuration, and the document's facts (judged once, when a check first asks).
pub struct CheckContext<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Byte ranges of paragraphs (separated by blank lines).
    pub paragraphs: &'a [(usize, usize)],
    pub corpus: &'a CorpusStats,
    pub config: &'a Config,
    /// The checks of the run, asked for the document's noise (see `noise`).
    pub checks: &'a [Box<dyn Check>],
    /// The text the document's markup sets in italics (`_…_`), sorted byte ranges.
    pub emphasis: &'a [std::ops::Range<usize>],
    /// The document's facts, read through the methods below.
    facts: DocumentFacts,
}

impl<'a> CheckContext<'a> {
    /// The context of one document (or segment) `text`, with its `tokens` and `paragraphs`:
    /// the facts judged once per document start unjudged.
    pub fn new(
        path: &'a str,
        text: &'a str,
        tokens: &'a [Token],
        paragraphs: &'a [(usize, usize)],
        corpus: &'a CorpusStats,
        config: &'a Config,
        checks: &'a [Box<dyn Check>],
    ) -> CheckContext<'a> {
        CheckContext {
            path,
            text,
            tokens,
            paragraphs,
            corpus,
            config,
            checks,
            emphasis: &[],
            facts: DocumentFacts::default(),
        }
    }

    /// The context with the italics of the document's markup.
    pub fn with_emphasis(self, emphasis: &'a [std::ops::Range<usize>]) -> CheckContext<'a> {
        CheckContext { emphasis, ..self }
    }

    /// Is token `i` in a passage in another language than the lexicon's (a Latin verse, a
    /// German note, a transliterated phrase)? Such words are no English words to judge. (See
    /// `facts::foreign_tokens`.)
    pub fn foreign(&self, i: usize) -> bool {
        match self.passage(i) {
            facts::Passage::Foreign => true,
            facts::Passage::ForeignPhrase => self.proofread(),
            _ => false,
        }
    }

    /// How often this document (or segment) writes the lower-case form of word token `i`, in
    /// any case: an author's spelling recurs, a misreading in a proofread text seldom does.
    pub fn form_count(&self, i: usize) -> u32 {
        let hashes = self.lower_hashes();
        let counts = self.facts.form_counts.get_or_init(|| {
            let mut m = rustc_hash::FxHashMap::default();
            for &h in hashes.iter().filter(|&&h| h != 0) {
                *m.entry(h).or_insert(0u32) += 1;
            }
            m
        });
        hashes.get(i).and_then(|h| counts.get(h)).copied().unwrap_or(0)
    }

    /// Does the document use word token `i`'s form as a habit: at least `HABIT_MIN_USES` times,
    /// at least `HABIT_RATE` times as often as English does (`ye`, `thee`, `ardor` in a book
    /// that writes them throughout)? Such a word is the author's, not a misreading of a likelier
    /// one.
    pub fn habitual(&self, i: usize) -> bool {
        use crate::tuning::{HABIT_MIN_USES, HABIT_RATE};
        let uses = self.form_count(i);
        if uses < HABIT_MIN_USES {
            return false;
        }
        let Some(dict) = crate::lexicon::Dictionary::for_language(&self.config.language) else {
            return true;
        };
        let english = dict.freq_hashed(self.lower_hashes()[i]) as f64 / dict.total;
        f64::from(uses) >= HABIT_RATE * english * self.tokens.len() as f64
    }

    /// The kind of passage token `i` stands in (see `facts::foreign_tokens`).
    pub fn passage(&self, i: usize) -> facts::Passage {
        self.facts
            .foreign
            .get_or_init(|| facts::foreign_tokens(&self.config.language, self.text, self.tokens, self.lower_hashes(), self.emphasis))
            .get(i)
            .copied()
            .unwrap_or(facts::Passage::English)
    }

    /// Is the text written in the lexicon's language? (See `facts::in_lexicon_language`.)
    pub fn lexicon_language(&self) -> bool {
        *self
            .facts
            .lexicon_language
            .get_or_init(|| facts::in_lexicon_language(&self.config.language, self.text, self.tokens, self.corpus))
    }

    /// Is the text printed with the long s (`ſ`), so from before about 1800, when spelling
    /// varied (`publick`, `antient`)?
    pub fn long_s(&self) -> bool {
        *self.facts.long_s.get_or_init(|| self.text.contains('ſ'))
    }

    /// The `word_hash` of each word token's lower-case form, 0 for a number or a mixed token:
    /// the checks that look words up by their lower-case form hash each token once between
    /// them.
    pub fn lower_hashes(&self) -> &[u64] {
        self.facts.lower_hashes.get_or_init(|| facts::lower_hashes(self.text, self.tokens))
    }

    /// The document's noise, as the first check of the run that measures it judges it.
    pub fn noise(&self) -> Noise {
        self.noise_or(|| self.checks.iter().find_map(|c| c.noise(self)).unwrap_or(Noise::Unjudged))
    }

    /// The document's noise, judged by `measure` if no check has asked yet (the lexicon
    /// check measures it itself, whether or not the run's checks are at hand).
    pub fn noise_or(&self, measure: impl FnOnce() -> Noise) -> Noise {
        *self.facts.noise.get_or_init(measure)
    }

    /// May the document be read as a proofread text? Yes when its noise is measured below the
    /// raw-OCR level, or when no check of the run measures noise (a rule run alone behaves as
    /// it always did); no in raw OCR, and no when the noise cannot be measured (a document in
    /// another language than the lexicon's), where no evidence says the text was proofread.
    pub fn proofread(&self) -> bool {
        match self.noise() {
            Noise::Unjudged => true,
            Noise::Unmeasurable => false,
            Noise::Measured(r) => r < 1.0,
        }
    }

    /// The lexicon's verdict on each token, made by `make` if no lexicon check has made them
    /// yet (every lexicon check of a run gives the same: see `DocumentFacts`).
    pub fn lexicon_verdicts(&self, make: impl FnOnce() -> Vec<Verdict>) -> &[Verdict] {
        self.facts.lexicon_verdicts.get_or_init(make)
    }

    /// Is some unknown lower-case word of the text garble? Judged by `judge` (the lexicon's)
    /// when first asked.
    pub fn lower_garble(&self, judge: impl FnOnce() -> bool) -> bool {
        *self.facts.lower_garble.get_or_init(judge)
    }
}

/// The `rules` and `retain` of a [`Check`] whose rules are a `Vec<(kind, RuleMeta)>` field
/// (the kind of finding each rule makes, and the rule): `rules_in!(field);` in its `impl Check`.
#[macro_export]
macro_rules! rules_in {
    ($field:ident) => {
        fn rules(&self) -> Vec<&$crate::rule_kinds::rule::RuleMeta> {
            self.$field.iter().map(|(_, m)| m).collect()
        }

        fn retain(&mut self, enabled: &dyn Fn(&str) -> bool) -> bool {
            self.$field.retain(|(_, m)| enabled(&m.id));
            !self.$field.is_empty()
        }
    };
}

/// A compiled check. It may report for several rule ids (a kind may compile all of a pack's
/// rules into one automaton).
pub trait Check: Send + Sync {
    fn rules(&self) -> Vec<&RuleMeta>;

    /// Keeps only the enabled rules; returns `false` when nothing is left to run.
    fn retain(&mut self, enabled: &dyn Fn(&str) -> bool) -> bool {
        self.rules().iter().any(|m| enabled(&m.id))
    }

    /// Whether this check needs the corpus statistics (a first pass over all files).
    fn needs_corpus(&self) -> bool {
        false
    }

    /// Called once with the merged corpus statistics, before any document is checked.
    fn prepare(&mut self, _corpus: &CorpusStats, _config: &Config) {}

    /// The document's noise, if this check measures it (the lexicon does).
    fn noise(&self, _cx: &CheckContext<'_>) -> Option<Noise> {
        None
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>);
}

/// Loading state for one pack file.
pub struct LoadCx<'a> {
    pub file: SourceFile,
    pub pack: String,
    pub errors: &'a mut Vec<ConfigError>,
    /// Every rule id seen so far (across packs), with the file that defined it.
    pub ids: &'a mut BTreeMap<String, String>,
    pub config: &'a Config,
    /// The confusion table: built up by the packs' `[[confusion]]` tables, which are loaded
    /// first; the other kinds see it finished, with the user's `[ocr] confusions`.
    pub confusions: &'a mut crate::confusion::ConfusionTable,
}

impl LoadCx<'_> {
    pub fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        self.errors.push(ConfigError::at(&self.file, span, message));
    }

    /// Deserialises one rule table; reports the error at its place.
    pub fn parse<T: DeserializeOwned>(&mut self, table: &Table) -> Option<T> {
        match crate::config::deserialize_item::<T>(&Item::Table(table.clone())) {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.push(from_toml_error(&self.file, &e, table.span()));
                None
            }
        }
    }

    /// Validates the common fields and builds the rule's metadata.
    pub fn meta(&mut self, kind: &'static str, spec: &impl CommonSpec, fix: Option<Applicability>) -> Option<RuleMeta> {
        let c = spec.common();
        let id = c.id.get_ref().clone();
        let span = Some(c.id.span());
        let valid = id.split_once('/').is_some_and(|(p, n)| {
            let ok = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-' || ch == '_')
            };
            ok(p) && ok(n)
        });
        if !valid {
            self.error(
                span,
                format!("rule id `{id}` must look like `pack/name` (lower-case letters, digits, `-`)"),
            );
            return None;
        }
        if let Some(other) = self.ids.get(&id) {
            let msg = format!("duplicate rule id `{id}` (also defined in {other})");
            self.error(span, msg);
            return None;
        }
        self.ids.insert(id.clone(), self.file.name.clone());
        Some(RuleMeta {
            id,
            kind,
            pack: self.pack.clone(),
            severity: c.severity,
            message: c.message.to_string(),
            description: c.description.trim().to_string(),
            examples: c.examples.clone(),
            fix,
        })
    }

    /// Compiles a regex, reporting a bad or too large pattern at its place.
    pub fn regex(&mut self, pattern: &toml::Spanned<String>) -> Option<regex::Regex> {
        match regex::RegexBuilder::new(pattern.get_ref())
            .size_limit(1 << 23)
            .dfa_size_limit(1 << 23)
            .build()
        {
            Ok(r) => Some(r),
            Err(e) => {
                let msg = match &e {
                    regex::Error::CompiledTooBig(limit) => format!("regex is too large once compiled (over {limit} bytes)"),
                    _ => format!("invalid regex: {}", e.to_string().lines().last().unwrap_or("").trim()),
                };
                self.errors.push(
                    ConfigError::at(&self.file, Some(pattern.span()), msg)
                        .with_label("this regex")
                        .with_help(e.to_string()),
                );
                None
            }
        }
    }
}

/// Expands a fix or message template against a match: `$1`, `${name}`, `$$`. Validation of group
/// names happens at load time (`check_template`).
pub fn expand(template: &str, caps: &regex::Captures<'_>) -> String {
    let mut out = String::new();
    caps.expand(template, &mut out);
    out
}

/// Names of the groups a template refers to (`$1`, `$name`, `${name}`), as regex's `expand` reads them.
pub fn template_refs(template: &str) -> Vec<String> {
    let b = template.as_bytes();
    let mut refs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        if i + 1 < b.len() && b[i + 1] == b'$' {
            i += 2;
            continue;
        }
        if i + 1 < b.len() && b[i + 1] == b'{' {
            if let Some(close) = template[i + 2..].find('}') {
                refs.push(template[i + 2..i + 2 + close].to_string());
                i += 3 + close;
                continue;
            }
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
            j += 1;
        }
        if j > start {
            refs.push(template[start..j].to_string());
        }
        i = j.max(i + 1);
    }
    refs
}

/// Checks that every group a template names exists in the regex.
pub fn check_template(re: &regex::Regex, template: &str) -> Result<(), String> {
    for r in template_refs(template) {
        let ok = match r.parse::<usize>() {
            Ok(n) => n < re.captures_len(),
            Err(_) => re.capture_names().flatten().any(|n| n == r),
        };
        if !ok {
            return Err(format!("the template names group `{r}`, which the regex does not have"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_refs_are_found() {
        assert_eq!(template_refs("a${1}b${name}c$$d$x_2 e"), vec!["1", "name", "x_2"]);
        // As in regex's `expand`, `$1b` names the group `1b`.
        assert_eq!(template_refs("$1b"), vec!["1b"]);
        let re = regex::Regex::new("(a)(?<name>b)").unwrap();
        assert!(check_template(&re, "$1${name}").is_ok());
        assert!(check_template(&re, "$3").is_err());
        assert!(check_template(&re, "${nope}").is_err());
    }
}
