//! `[[spelling]]`: one word spelled two ways across the corpus.
//!
//! ```toml
//! [[spelling]]
//! id = "spelling/diacritics"
//! check = "diacritics"      # or "compound"
//! message = "{detail}"      # `{found}`, `{suggestion}` and `{detail}` are filled in
//! ```
//!
//! - `diacritics`: the same word with and without accents (`regime`/`régime`,
//!   `elite`/`élite`), compared case-insensitively across all files. Words that never occur in
//!   lower case are names, left to `[[names]]`. Pairs that are two English words
//!   (`resume`/`résumé`) are not compared.
//! - `compound`: a hyphenated compound and the same letters joined (`courts-martial` /
//!   `courtsmartial`); joined forms of the prefixes `re-`, `co-`, `pre-`, `de-` are other words
//!   (`re-form`/`reform`) and are not compared.
//!
//! The minority spelling is reported when the majority has at least 2 occurrences and twice as
//! many; a joined compound seen once is reported against a hyphenated form seen as often (a
//! lost hyphen is the usual transcription fault). The suggestion is the majority spelling, with
//! related locations of it; the fix is `manual`.

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::config::Config;
use crate::corpus::{CorpusStats, Location};
use crate::finding::{Applicability, Finding, Fix, Related};
use crate::rule_spec;
use crate::text::{fold, times};
use crate::tokenize::{match_case, TokenKind};
use crate::tuning::{LARGE_COLLECTION_FILES, MINORITY_MIN_MAJORITY, MINORITY_RATIO};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use toml_edit::Table;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum SpellingCheckKind {
    Diacritics,
    Compound,
}

rule_spec! {
    pub struct SpellingSpec {
        pub check: SpellingCheckKind,
    }
}

/// Plain forms that are English words of their own beside their accented twin.
const DISTINCT_WORDS: &[&str] = &[
    "resume", "expose", "rose", "pate", "lame", "sake", "pique", "mate", "sole", "ole", "fete", "cure", "rape", "saute", "lycee",
];

const JOINING_PREFIXES: &[&str] = &["re", "co", "pre", "de"];

struct Target {
    kind: SpellingCheckKind,
    majority: String,
    detail: String,
    related: Vec<Location>,
}

pub struct SpellingCheck {
    rules: Vec<(SpellingCheckKind, RuleMeta)>,
    /// Lower-case minority spelling → what to report.
    targets: FxHashMap<String, Target>,
    /// Bit n set when a target is n bytes long (63: longer): most tokens are passed over
    /// without a look-up.
    target_lengths: u64,
    /// The `word_hash` of each target: a token whose lower-case form hashes to none of them
    /// is no target.
    target_hashes: FxHashSet<u64>,
    /// The same as a filter, tested first (most tokens are turned away at one bit).
    target_filter: crate::lexicon::HashFilter,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut rules = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<SpellingSpec>(table) else { continue };
        if let Some(meta) = cx.meta("spelling", &spec, Some(Applicability::Manual)) {
            rules.push((spec.check, meta));
        }
    }
    if rules.is_empty() {
        return vec![];
    }
    vec![Box::new(SpellingCheck {
        rules,
        targets: FxHashMap::default(),
        target_lengths: 0,
        target_hashes: FxHashSet::default(),
        target_filter: crate::lexicon::HashFilter::default(),
    })]
}

/// The majority spelling, its count, and the minority spellings with theirs.
type Verdict = (String, u64, Vec<(String, u64)>);

/// Lower-case spellings with their counts and exact forms.
#[derive(Default)]
struct Spellings {
    counts: BTreeMap<String, u64>,
    forms: BTreeMap<String, Vec<String>>,
    lower_seen: bool,
}

impl Spellings {
    fn add(&mut self, form: &str, n: u64) {
        let lower = form.to_lowercase();
        if lower == form {
            self.lower_seen = true;
        }
        *self.counts.entry(lower.clone()).or_default() += n;
        self.forms.entry(lower).or_default().push(form.to_string());
    }

    /// (majority, its count, minorities with counts) when a majority dominates.
    fn verdict(&self, tie_to: Option<&str>) -> Option<Verdict> {
        if self.counts.len() < 2 {
            return None;
        }
        let (maj, &mc) = self.counts.iter().max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| (Some(a.0.as_str()) == tie_to).cmp(&(Some(b.0.as_str()) == tie_to)))
        })?;
        let minorities: Vec<(String, u64)> = self
            .counts
            .iter()
            .filter(|(s, &c)| {
                *s != maj
                    && ((mc >= MINORITY_MIN_MAJORITY && mc >= MINORITY_RATIO * c) || (Some(maj.as_str()) == tie_to && c == 1 && mc >= 1))
            })
            .map(|(s, &c)| (s.clone(), c))
            .collect();
        (!minorities.is_empty()).then(|| (maj.clone(), mc, minorities))
    }

    /// The minority spellings of a verdict, each with the majority and its related locations.
    fn targets(&self, kind: SpellingCheckKind, (maj, mc, minorities): Verdict, stats: &CorpusStats) -> Vec<(String, Target)> {
        let related = samples(stats, &self.forms[&maj]);
        minorities
            .into_iter()
            .map(|(m, c)| {
                let detail = format!("`{m}` ({}) is written `{maj}` {} in the corpus", times(c), times(mc));
                let target = Target {
                    kind,
                    majority: maj.clone(),
                    detail,
                    related: related.clone(),
                };
                (m, target)
            })
            .collect()
    }
}

fn samples(stats: &CorpusStats, forms: &[String]) -> Vec<Location> {
    let mut v: Vec<Location> = forms.iter().flat_map(|f| stats.samples_of(f)).cloned().collect();
    v.sort();
    v.dedup();
    v.truncate(crate::corpus::SAMPLES_PER_FORM);
    v
}

impl SpellingCheck {
    fn has(&self, kind: SpellingCheckKind) -> bool {
        self.rules.iter().any(|(k, _)| *k == kind)
    }

    fn diacritics(&mut self, stats: &CorpusStats) {
        // Keys of the words written with a non-ASCII letter somewhere.
        let mut groups: HashMap<String, Spellings> = HashMap::new();
        for (form, _) in stats.forms() {
            if form.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
                let key = fold(form);
                if key != form.to_lowercase() && key.is_ascii() {
                    groups.entry(key).or_default();
                }
            }
        }
        if groups.is_empty() {
            return;
        }
        for (form, n) in stats.forms() {
            if !form.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’') {
                continue;
            }
            let key = fold(form);
            if let Some(g) = groups.get_mut(&key) {
                g.add(form, n);
            }
        }
        let mut keys: Vec<&String> = groups.keys().collect();
        keys.sort();
        let mut found = Vec::new();
        for key in keys {
            let g = &groups[key];
            if !g.lower_seen || DISTINCT_WORDS.contains(&key.as_str()) {
                continue;
            }
            if let Some(verdict) = g.verdict(None) {
                found.extend(g.targets(SpellingCheckKind::Diacritics, verdict, stats));
            }
        }
        self.targets.extend(found);
    }

    fn compounds(&mut self, stats: &CorpusStats) {
        // The joined spellings of the hyphenated forms, and which of them the corpus also writes
        // joined (only those groups can have a verdict: a group's spellings are gathered for
        // them alone, which keeps this small in raw OCR, where hyphenated forms are many).
        let mut joined_seen: FxHashMap<String, bool> = FxHashMap::default();
        for (form, _) in stats.forms() {
            if !form.contains('-') {
                continue;
            }
            let parts: Vec<&str> = form.split('-').collect();
            if parts.iter().any(|p| p.chars().count() < 2 || !p.chars().all(|c| c.is_alphabetic()))
                || JOINING_PREFIXES.contains(&parts[0].to_lowercase().as_str())
            {
                continue;
            }
            joined_seen.entry(form.to_lowercase().replace('-', "")).or_default();
        }
        if joined_seen.is_empty() {
            return;
        }
        // Each form of a group, in one pass; a form without a hyphen in it is the joined one.
        let mut members: Vec<(String, &str, u64)> = Vec::new();
        for (form, n) in stats.forms() {
            let key = form.to_lowercase().replace('-', "");
            if let Some(seen) = joined_seen.get_mut(&key) {
                *seen |= !form.contains('-');
                members.push((key, form, n));
            }
        }
        let mut groups: BTreeMap<String, Spellings> = BTreeMap::new();
        for (key, form, n) in members {
            if joined_seen[&key] {
                groups.entry(key).or_default().add(form, n);
            }
        }
        let mut found = Vec::new();
        for (joined, g) in &groups {
            if !g.lower_seen || !g.counts.contains_key(joined) {
                continue;
            }
            // Ties go to the hyphenated spelling with the most hyphens seen.
            let hyphenated = g.counts.keys().filter(|k| k.contains('-')).max_by_key(|k| g.counts[*k]).cloned();
            if let Some(verdict) = g.verdict(hyphenated.as_deref()) {
                found.extend(g.targets(SpellingCheckKind::Compound, verdict, stats));
            }
        }
        self.targets.extend(found);
    }
}

impl Check for SpellingCheck {
    crate::rules_in!(rules);

    fn needs_corpus(&self) -> bool {
        true
    }

    fn prepare(&mut self, corpus: &CorpusStats, _config: &Config) {
        self.targets.clear();
        if self.has(SpellingCheckKind::Diacritics) {
            self.diacritics(corpus);
        }
        if self.has(SpellingCheckKind::Compound) {
            self.compounds(corpus);
        }
        self.target_lengths = self.targets.keys().fold(0, |m, k| m | 1 << k.len().min(63));
        self.target_hashes = self.targets.keys().map(|k| crate::lexicon::word_hash(k)).collect();
        self.target_filter = crate::lexicon::HashFilter::of(self.target_hashes.iter().copied());
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        // Accents and compounds mean different words in other languages (`a`/`à`, `ou`/`où`):
        // judge only documents in the lexicon's language.
        if self.targets.is_empty() || !cx.lexicon_language() {
            return;
        }
        // (each token's lower-case form hashed once for the checks: only a token whose hash is
        // a target's is looked up)
        let lower = cx.lower_hashes();
        let hits: Vec<(&crate::tokenize::Token, &Target)> = cx
            .tokens
            .iter()
            .zip(lower)
            .filter(|(t, h)| {
                self.target_filter.may_hold(**h)
                    && t.kind == TokenKind::Word
                    && (self.target_lengths & (1 << (t.end - t.start).min(63)) != 0 || !t.text(cx.text).is_ascii())
                    && self.target_hashes.contains(h)
            })
            .filter_map(|(t, _)| crate::tokenize::with_lowercase(t.text(cx.text), |l| self.targets.get(l)).map(|target| (t, target)))
            // (a word of a foreign passage is spelled by its own language: `bihi`, `fí-hi`)
            .filter(|(t, _)| !cx.foreign(cx.tokens.partition_point(|x| x.start < t.start)))
            .collect();
        if hits.is_empty() {
            return;
        }
        // Where this document writes each majority form (any case): one pass for all hits.
        let mut here: FxHashMap<&str, Vec<(usize, usize)>> =
            hits.iter().map(|(_, target)| (target.majority.as_str(), Vec::new())).collect();
        // (an ASCII token keeps its length in lower case: one of a length no majority form has
        // is passed over without a look-up)
        let lengths = here.keys().fold(0u64, |m, k| m | 1 << k.len().min(63));
        let majorities: FxHashSet<u64> = here.keys().map(|k| crate::lexicon::word_hash(k)).collect();
        for (o, h) in cx.tokens.iter().zip(lower).filter(|(o, _)| o.kind == TokenKind::Word) {
            if lengths & (1 << (o.end - o.start).min(63)) == 0 && o.text(cx.text).is_ascii() || !majorities.contains(h) {
                continue;
            }
            crate::tokenize::with_lowercase(o.text(cx.text), |l| {
                if let Some(v) = here.get_mut(l) {
                    if v.len() < crate::corpus::SAMPLES_PER_FORM {
                        v.push((o.start, o.end));
                    }
                }
            });
        }
        for (t, target) in hits {
            let s = t.text(cx.text);
            let Some((_, meta)) = self.rules.iter().find(|(k, _)| *k == target.kind) else {
                continue;
            };
            let suggestion = match_case(s, &target.majority);
            let message = meta
                .message
                .replace("{found}", s)
                .replace("{suggestion}", &suggestion)
                .replace("{detail}", &target.detail);
            // As for names: in a large collection, a majority found only in other documents is info.
            // A minority form that is itself a word of the lexicon (`workhouse`, `today`), or a
            // majority split into parts that are not words (`strych-nine`), is only a hint.
            let dict = crate::lexicon::Dictionary::for_language(&cx.config.language);
            let lower_found = s.to_lowercase();
            let compound = target.kind == SpellingCheckKind::Compound;
            let found_is_word = compound
                && dict.is_some_and(|d| {
                    d.contains(&lower_found)
                        || (lower_found.contains('-') && lower_found.split('-').all(|p| d.contains(p))) && !target.majority.contains('-')
                });
            let broken_majority = compound
                && dict
                    .is_some_and(|d| target.majority.contains('-') && !target.majority.split('-').all(|p| d.contains(&p.to_lowercase())));
            let majority_here = &here[target.majority.as_str()];
            // A compound the document itself writes more than once its own way is the
            // author's choice (`righthand`; syllables spoken one by one, `chil-dren`), not a
            // slip: a hint.
            let own_habit = compound && cx.proofread() && cx.form_count(cx.tokens.partition_point(|x| x.start < t.start)) >= 2;
            let severity = if (cx.corpus.files <= LARGE_COLLECTION_FILES || !majority_here.is_empty())
                && !found_is_word
                && !broken_majority
                && !own_habit
            {
                meta.severity
            } else {
                meta.severity.min(crate::finding::Severity::Info)
            };
            let mut f = Finding::new(&meta.id, severity, t.start, t.end, message)
                .with_suggestions(vec![suggestion.clone()])
                .with_fix(Fix::replace(t.start, t.end, suggestion, Applicability::Manual));
            f.related = target
                .related
                .iter()
                .map(|l| Related {
                    path: (&*l.path != cx.path).then(|| l.path.to_string()),
                    start: l.start,
                    end: l.end,
                    line: (&*l.path != cx.path && l.line > 0).then_some(l.line as usize),
                    column: (&*l.path != cx.path && l.line > 0).then_some(l.column as usize),
                    message: format!("`{}` here", target.majority),
                })
                .collect();
            if f.related.is_empty() {
                // The majority spelling has no samples (plain ASCII): point at this file's own.
                f.related = majority_here
                    .iter()
                    .map(|&(start, end)| Related {
                        path: None,
                        start,
                        end,
                        line: None,
                        column: None,
                        message: format!("`{}` here", target.majority),
                    })
                    .collect();
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{tokens, Token};

    fn prepared(text: &str) -> SpellingCheck {
        let meta = |k: &str| RuleMeta {
            id: format!("spelling/{k}"),
            kind: "spelling",
            pack: "spelling".into(),
            severity: crate::finding::Severity::Warning,
            message: "{detail}".into(),
            description: String::new(),
            examples: Default::default(),
            fix: Some(Applicability::Manual),
        };
        let mut c = SpellingCheck {
            rules: vec![
                (SpellingCheckKind::Diacritics, meta("diacritics")),
                (SpellingCheckKind::Compound, meta("compound")),
            ],
            targets: FxHashMap::default(),
            target_lengths: 0,
            target_hashes: FxHashSet::default(),
            target_filter: crate::lexicon::HashFilter::default(),
        };
        let toks: Vec<Token> = tokens(text).collect();
        let mut s = CorpusStats::default();
        s.observe("a.txt", text, &toks);
        c.prepare(&s, &Config::default());
        c
    }

    #[test]
    fn minorities() {
        let c = prepared("the régime, the régime, the regime; courts-martial and courtsmartial; reform and re-form; a résumé and resume");
        let mut keys: Vec<&String> = c.targets.keys().collect();
        keys.sort();
        assert_eq!(keys, vec!["courtsmartial", "regime"]);
        let c = prepared("the régime and the regime");
        assert!(c.targets.is_empty());
    }
}
