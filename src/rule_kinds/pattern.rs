//! `[[pattern]]`: a regular expression with a message, an optional fix template and exceptions.
//!
//! ```toml
//! [[pattern]]
//! id = "typography/space-before-period"
//! message = "space before `$p`"
//! regex = '[\w)\]](?<target> +)(?<p>[.,])(?:[ \n]|$)'
//! fix = ""
//! applicability = "safe"
//! unless = ['^\d']          # skip a match when one of these matches the matched text
//! # a document matching twice or more, at 5 % or more of its periods: all matches at info
//! habit = { min = 2, share = 0.05, of = '\w[ \t]*\.' }
//! ```
//!
//! When the regex has a group named `target`, the finding and its fix cover that group only, so
//! a pattern can look at context without reporting it (the regex crate has no look-around).
//! Fix and message templates use `$1`, `$name`, `${name}`; a template naming a group the regex
//! does not have is a load error at its place in the TOML.
//!
//! `habit`: a document that matches `min` times or more, at a `share` or more of the places
//! the regex `of` matches (the occasions to make the slip), does it by habit, not by slip (a
//! transcription keeping its print's spaced punctuation); there every match is reported at
//! info, so a reader's attention goes to the one-off slips of other documents. Not in raw OCR
//! (a document the lexicon measures as noisy, or whose noise it cannot measure because it is in
//! another language): there the systematic matches are the OCR's faults, not a house style.

use super::matcher::Matcher;
use super::rule::{check_template, expand, Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix, Severity};
use crate::rule_spec;
use regex::Regex;
use toml::Spanned;
use toml_edit::Table;

rule_spec! {
    pub struct PatternSpec {
        pub regex: Spanned<String>,
        #[serde(default)]
        pub fix: Option<Spanned<String>>,
        #[serde(default)]
        pub applicability: Option<Applicability>,
        #[serde(default)]
        pub unless: Vec<Spanned<String>>,
        #[serde(default)]
        pub habit: Option<HabitSpec>,
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HabitSpec {
    pub min: Spanned<usize>,
    pub share: Spanned<f64>,
    pub of: Spanned<String>,
}

/// When a document's matches are a habit, not a slip.
struct Habit {
    min: usize,
    share: f64,
    of: Matcher,
}

pub struct PatternRule {
    meta: RuleMeta,
    regex: Matcher,
    target: Option<usize>,
    fix: Option<String>,
    unless: Vec<Regex>,
    habit: Option<Habit>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<PatternSpec>(table) else { continue };
        let regex = cx.regex(&spec.regex);
        let unless: Vec<Option<Regex>> = spec.unless.iter().map(|u| cx.regex(u)).collect();
        let mut ok = true;
        if let Some(re) = &regex {
            if let Some(fix) = &spec.fix {
                if let Err(msg) = check_template(re, fix.get_ref()) {
                    cx.error(Some(fix.span()), msg);
                    ok = false;
                }
            }
            if let Err(msg) = check_template(re, &spec.message) {
                cx.error(table.get("message").and_then(|m| m.span()), format!("message: {msg}"));
                ok = false;
            }
        }
        let mut habit = None;
        if let Some(h) = &spec.habit {
            if *h.min.get_ref() < 2 {
                cx.error(Some(h.min.span()), "`habit.min` must be 2 or more");
                ok = false;
            }
            if !(0.0..=1.0).contains(h.share.get_ref()) {
                cx.error(Some(h.share.span()), "`habit.share` must be between 0 and 1");
                ok = false;
            }
            match cx.regex(&h.of) {
                Some(of) => {
                    habit = Some(Habit {
                        min: *h.min.get_ref(),
                        share: *h.share.get_ref(),
                        of: Matcher::new(of),
                    })
                }
                None => ok = false,
            }
        }
        if spec.applicability.is_some() && spec.fix.is_none() {
            cx.error(
                table.get("applicability").and_then(|m| m.span()),
                "`applicability` given but the rule has no `fix`",
            );
            ok = false;
        }
        let applicability = spec.fix.as_ref().map(|_| spec.applicability.unwrap_or(Applicability::Unsafe));
        let meta = cx.meta("pattern", &spec, applicability);
        let (Some(meta), Some(regex), true) = (meta, regex, ok) else {
            continue;
        };
        let Some(unless) = unless.into_iter().collect::<Option<Vec<_>>>() else {
            continue;
        };
        let target = regex.capture_names().position(|n| n == Some("target"));
        out.push(Box::new(PatternRule {
            meta,
            regex: Matcher::new(regex),
            target,
            fix: spec.fix.map(|f| f.into_inner()),
            unless,
            habit,
        }));
    }
    out
}

impl Check for PatternRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let first = out.len();
        self.regex.each_captures(cx.text, |caps| {
            let whole = caps.get(0).expect("group 0 always matches");
            if whole.is_empty() {
                return;
            }
            if self.unless.iter().any(|u| u.is_match(whole.as_str())) {
                return;
            }
            let span = match self.target {
                Some(i) => match caps.get(i) {
                    Some(m) => m,
                    None => return,
                },
                None => whole,
            };
            let message = expand(&self.meta.message, &caps);
            let mut f = Finding::new(&self.meta.id, self.meta.severity, span.start(), span.end(), message);
            if let (Some(t), Some(app)) = (&self.fix, self.meta.fix) {
                let replacement = expand(t, &caps);
                if replacement != span.as_str() {
                    f.suggestions = vec![replacement.clone()];
                    f = f.with_fix(Fix::replace(span.start(), span.end(), replacement, app));
                }
            }
            out.push(f);
        });
        let found = out.len() - first;
        if self
            .habit
            .as_ref()
            .is_some_and(|h| found >= h.min && found as f64 >= h.share * h.of.count(cx.text) as f64)
            && cx.proofread()
        {
            for f in &mut out[first..] {
                f.severity = f.severity.min(Severity::Info);
            }
        }
    }
}
