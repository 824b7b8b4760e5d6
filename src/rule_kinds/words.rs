//! `[[words]]`: known scannos and their corrections, matched as whole words.
//!
//! ```toml
//! [[words]]
//! id = "ocr/known-scanno"
//! message = "`{found}` is a common OCR misreading of `{fix}`"
//! applicability = "unsafe"
//! words = { tbe = "the", tlie = "the" }
//! ```
//!
//! All `[[words]]` rules of a pack are compiled into one Aho-Corasick automaton (ASCII
//! case-insensitive, leftmost-longest). A match counts only at word boundaries; the replacement
//! keeps the case of the found word (`Tbe` → `The`, `TBE` → `THE`). With `case-sensitive = true`
//! a rule matches only the exact spelling.

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use crate::tokenize::{is_word_boundary_after, is_word_boundary_before, match_case};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;
use toml_edit::Table;

rule_spec! {
    pub struct WordsSpec {
        pub words: BTreeMap<String, String>,
        #[serde(default)]
        pub applicability: Option<Applicability>,
        #[serde(default)]
        pub case_sensitive: bool,
    }
}

struct Entry {
    rule: usize,
    found: String,
    fix: String,
}

pub struct WordsCheck {
    metas: Vec<RuleMeta>,
    case_sensitive: Vec<bool>,
    entries: Vec<Entry>,
    automaton: Option<AhoCorasick>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut check = WordsCheck {
        metas: vec![],
        case_sensitive: vec![],
        entries: vec![],
        automaton: None,
    };
    for table in tables {
        let Some(spec) = cx.parse::<WordsSpec>(table) else { continue };
        let words_span = table.get("words").and_then(|w| w.span());
        if spec.words.is_empty() {
            cx.error(words_span.clone(), "empty word list");
            continue;
        }
        let mut bad = false;
        for (k, v) in &spec.words {
            if k.trim().is_empty() || k.chars().any(char::is_whitespace) || k == v {
                cx.error(
                    words_span.clone(),
                    format!("`{k}` = `{v}`: a scanno must be one non-empty word different from its correction"),
                );
                bad = true;
            }
        }
        let Some(meta) = cx.meta("words", &spec, Some(spec.applicability.unwrap_or(Applicability::Unsafe))) else {
            continue;
        };
        if bad {
            continue;
        }
        let rule = check.metas.len();
        check.metas.push(meta);
        check.case_sensitive.push(spec.case_sensitive);
        for (found, fix) in spec.words {
            check.entries.push(Entry { rule, found, fix });
        }
    }
    if check.metas.is_empty() {
        return vec![];
    }
    check.build();
    vec![Box::new(check)]
}

impl WordsCheck {
    fn build(&mut self) {
        let patterns: Vec<&str> = self.entries.iter().map(|e| e.found.as_str()).collect();
        self.automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns)
            .ok();
    }
}

impl Check for WordsCheck {
    fn rules(&self) -> Vec<&RuleMeta> {
        self.metas.iter().collect()
    }

    fn retain(&mut self, enabled: &dyn Fn(&str) -> bool) -> bool {
        let keep: Vec<bool> = self.metas.iter().map(|m| enabled(&m.id)).collect();
        self.entries.retain(|e| keep[e.rule]);
        self.build();
        !self.entries.is_empty()
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let Some(ac) = &self.automaton else { return };
        let text = cx.text;
        for m in ac.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            if !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                continue;
            }
            if !is_word_boundary_before(text, s) || !is_word_boundary_after(text, e) {
                continue;
            }
            let entry = &self.entries[m.pattern().as_usize()];
            let found = &text[s..e];
            if self.case_sensitive[entry.rule] && found != entry.found {
                continue;
            }
            // `Tbe` is a case form of `tbe`; `TBe` (mixed) is not a known scanno.
            let lower = found.to_lowercase();
            if !self.case_sensitive[entry.rule] && found != lower && found != match_case(found, &lower) {
                continue;
            }
            let meta = &self.metas[entry.rule];
            let fix = match_case(found, &entry.fix);
            let message = meta.message.replace("{found}", found).replace("{fix}", &fix);
            out.push(
                Finding::new(&meta.id, meta.severity, s, e, message)
                    .with_fix(Fix::replace(s, e, fix.clone(), meta.fix.unwrap_or(Applicability::Unsafe)))
                    .with_suggestions(vec![fix]),
            );
        }
    }
}
