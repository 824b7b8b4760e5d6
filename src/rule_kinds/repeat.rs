//! `[[repeat]]`: a word written twice in a row (`the the`), a common transcription slip.
//!
//! ```toml
//! [[repeat]]
//! id = "typography/doubled-word"
//! message = "`{word}` is written twice"
//! allow = ["had", "that"]     # doublings that are good English ("had had", "that that")
//! ```
//!
//! Only two identical words (case-insensitive) separated by plain spaces or one line break are
//! reported; runs of three or more (navigation furniture such as `return return return`) are
//! left to the structure rules. The fix deletes the second word (unsafe: a doubling can be
//! meant).

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use crate::tokenize::TokenKind;
use toml_edit::Table;

rule_spec! {
    pub struct RepeatSpec {
        #[serde(default)]
        pub allow: Vec<String>,
        #[serde(default)]
        pub applicability: Option<Applicability>,
    }
}

pub struct RepeatRule {
    meta: RuleMeta,
    allow: Vec<String>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<RepeatSpec>(table) else { continue };
        let app = spec.applicability.unwrap_or(Applicability::Unsafe);
        let Some(meta) = cx.meta("repeat", &spec, Some(app)) else {
            continue;
        };
        out.push(Box::new(RepeatRule {
            meta,
            allow: spec.allow.iter().map(|s| s.to_lowercase()).collect(),
        }));
    }
    out
}

fn plain_gap(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r') && gap.matches('\n').count() <= 1
}

/// Case-insensitive equality without allocating (this runs for every pair of neighbouring words).
fn same_word(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    // Different ASCII first letters: the lower-case forms differ too.
    if let (Some(&x), Some(&y)) = (a.as_bytes().first(), b.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(&y) {
            return false;
        }
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

impl Check for RepeatRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let toks = cx.tokens;
        let text = cx.text;
        let same = |i: usize, j: usize| -> bool {
            let (a, b) = (&toks[i], &toks[j]);
            a.kind == TokenKind::Word
                && b.kind == TokenKind::Word
                && same_word(a.text(text), b.text(text))
                && plain_gap(&text[a.end..b.start])
        };
        let mut i = 0;
        while i + 1 < toks.len() {
            if !same(i, i + 1) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j + 1 < toks.len() && same(j, j + 1) {
                j += 1;
            }
            if j == i + 1 {
                let word = toks[i].text(text);
                let second = toks[j].text(text);
                // Initials (`W W`) and repeated names (`Wagga Wagga`) are not slips; `The The` is.
                let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
                let function_word = matches!(
                    word.to_lowercase().as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "and"
                        | "of"
                        | "in"
                        | "to"
                        | "it"
                        | "is"
                        | "was"
                        | "for"
                        | "on"
                        | "at"
                        | "by"
                        | "with"
                        | "as"
                        | "or"
                        | "but"
                        | "not"
                        | "be"
                        | "he"
                        | "she"
                        | "we"
                        | "they"
                        | "i"
                        | "this"
                        | "which"
                        | "from"
                );
                let name_like = capitalised(word) && capitalised(second) && !function_word;
                if word.chars().count() > 1 && !name_like && !self.allow.contains(&word.to_lowercase()) {
                    let (a, b) = (toks[i], toks[j]);
                    let message = self.meta.message.replace("{word}", word);
                    out.push(
                        Finding::new(&self.meta.id, self.meta.severity, a.start, b.end, message)
                            .with_fix(Fix::replace(
                                a.start,
                                b.end,
                                word.to_string(),
                                self.meta.fix.unwrap_or(Applicability::Unsafe),
                            ))
                            .with_suggestions(vec![word.to_string()]),
                    );
                }
            }
            i = j + 1;
        }
    }
}
