//! `[[footnotes]]`: bracketed note markers (`[3]`) and the notes they point to.
//!
//! ```toml
//! [[footnotes]]
//! id = "footnotes/missing-note"
//! check = "missing-note"   # or "missing-marker", "order", "space-before-marker"
//! message = "marker {marker} has no note"
//! ```
//!
//! A *note* is a paragraph that starts with `[n]` (and each further line of a block of notes
//! that starts with `[n]`); a *marker* is any other `[n]` (one to three digits) outside notes.
//! Numbering may restart (a book with notes per chapter): a marker is answered by a note with
//! its number further on; a note by a marker with its number since the previous note of that
//! number. A document with notes but no markers (or markers but no notes) has its notes
//! elsewhere, and is left alone.
//!
//! - `missing-note`: a marker no note answers.
//! - `missing-marker`: a note no marker points to.
//! - `order`: a marker that skips numbers (`[5]` right after `[3]`), or notes out of sequence.
//! - `space-before-marker`: `Okhrana [2]` in a document whose markers are otherwise attached
//!   to the word; the fix deletes the space (safe).

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix};
use crate::rule_spec;
use regex::Regex;
use serde::Deserialize;
use toml_edit::Table;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FootnoteCheckKind {
    MissingNote,
    MissingMarker,
    Order,
    SpaceBeforeMarker,
}

rule_spec! {
    pub struct FootnotesSpec {
        pub check: FootnoteCheckKind,
    }
}

pub struct FootnotesCheck {
    rules: Vec<(FootnoteCheckKind, RuleMeta)>,
    marker: Regex,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut rules = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<FootnotesSpec>(table) else { continue };
        let fix = (spec.check == FootnoteCheckKind::SpaceBeforeMarker).then_some(Applicability::Safe);
        if let Some(meta) = cx.meta("footnotes", &spec, fix) {
            rules.push((spec.check, meta));
        }
    }
    if rules.is_empty() {
        return vec![];
    }
    vec![Box::new(FootnotesCheck::new(rules))]
}

/// A `[n]` in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub n: u32,
    pub start: usize,
    pub end: usize,
}

/// The markers and notes of a document, in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Footnotes {
    pub markers: Vec<Mark>,
    pub notes: Vec<Mark>,
}

impl FootnotesCheck {
    pub fn new(rules: Vec<(FootnoteCheckKind, RuleMeta)>) -> FootnotesCheck {
        FootnotesCheck {
            rules,
            marker: Regex::new(r"\[([0-9]{1,3})\]").expect("marker regex"),
        }
    }

    /// Finds the markers and notes of `text`.
    pub fn scan(&self, text: &str, paragraphs: &[(usize, usize)]) -> Footnotes {
        let mut fx = Footnotes::default();
        if !text.contains('[') {
            return fx;
        }
        let mut p = 0;
        // Is the paragraph `p` a block of notes (does it start with `[n]`)?
        let note_para = |p: usize| -> bool {
            paragraphs.get(p).is_some_and(|&(s, e)| {
                self.marker
                    .find(&text[s..e])
                    .is_some_and(|m| m.start() == 0 && m.as_str()[1..m.len() - 1].parse::<u32>().is_ok_and(|n| n > 0))
            })
        };
        let mut cached: Option<(usize, bool)> = None;
        for c in self.marker.captures_iter(text) {
            let m = c.get(0).expect("group 0");
            let Ok(n) = c[1].parse::<u32>() else { continue };
            if n == 0 {
                continue;
            }
            while p < paragraphs.len() && paragraphs[p].1 <= m.start() {
                p += 1;
            }
            let is_note_para = match cached {
                Some((q, v)) if q == p => v,
                _ => {
                    let v = note_para(p);
                    cached = Some((p, v));
                    v
                }
            };
            let line_start = m.start() == 0 || text.as_bytes()[m.start() - 1] == b'\n';
            let mark = Mark {
                n,
                start: m.start(),
                end: m.end(),
            };
            if is_note_para {
                if line_start {
                    fx.notes.push(mark);
                }
                // Brackets inside a note are not markers of this text.
            } else {
                fx.markers.push(mark);
            }
        }
        fx
    }

    fn meta(&self, kind: FootnoteCheckKind) -> Option<&RuleMeta> {
        self.rules.iter().find(|(k, _)| *k == kind).map(|(_, m)| m)
    }

    fn finding(meta: &RuleMeta, m: &Mark, detail: String) -> Finding {
        let message = meta.message.replace("{marker}", &format!("[{}]", m.n)).replace("{detail}", &detail);
        Finding::new(&meta.id, meta.severity, m.start, m.end, message)
    }

    pub fn check_text(&self, text: &str, paragraphs: &[(usize, usize)], out: &mut Vec<Finding>) {
        let fx = self.scan(text, paragraphs);
        if fx.markers.is_empty() || fx.notes.is_empty() {
            return;
        }
        if let Some(meta) = self.meta(FootnoteCheckKind::MissingNote) {
            for m in &fx.markers {
                if !fx.notes.iter().any(|n| n.n == m.n && n.start > m.start) {
                    out.push(Self::finding(meta, m, format!("no note [{}] follows it", m.n)));
                }
            }
        }
        if let Some(meta) = self.meta(FootnoteCheckKind::MissingMarker) {
            for (i, note) in fx.notes.iter().enumerate() {
                let since = fx.notes[..i].iter().rev().find(|p| p.n == note.n).map_or(0, |p| p.end);
                if !fx.markers.iter().any(|m| m.n == note.n && m.start >= since && m.start < note.start) {
                    out.push(Self::finding(meta, note, format!("no marker [{}] points to this note", note.n)));
                }
            }
        }
        if let Some(meta) = self.meta(FootnoteCheckKind::Order) {
            let mut last = 0;
            for m in &fx.markers {
                if m.n > last + 1 && m.n != 1 {
                    let detail = if last == 0 {
                        format!("the first marker is [{}], not [1]", m.n)
                    } else {
                        format!("[{}] follows [{last}]; expected [{}]", m.n, last + 1)
                    };
                    out.push(Self::finding(meta, m, detail));
                }
                if m.n == 1 || m.n > last {
                    last = m.n;
                }
            }
            let mut prev = 0;
            for note in &fx.notes {
                if note.n != prev + 1 && note.n != 1 {
                    out.push(Self::finding(meta, note, format!("note [{}] follows note [{prev}]", note.n)));
                }
                prev = note.n;
            }
        }
        if let Some(meta) = self.meta(FootnoteCheckKind::SpaceBeforeMarker) {
            let spaced: Vec<(usize, &Mark)> = fx
                .markers
                .iter()
                .filter_map(|m| {
                    let before = &text[..m.start];
                    let trimmed = before.trim_end_matches([' ', '\t']);
                    let prev = trimmed.chars().next_back()?;
                    (trimmed.len() < before.len() && !prev.is_whitespace() && !matches!(prev, '(' | '[' | '—' | '–' | '-' | '“' | '"'))
                        .then_some((trimmed.len(), m))
                })
                .collect();
            let attached = fx
                .markers
                .iter()
                .filter(|m| text[..m.start].chars().next_back().is_some_and(|c| !c.is_whitespace()))
                .count();
            if attached > spaced.len() {
                // (a slip now and then is set right safely; a document that spaces its markers
                // often mixes two habits, and a proofreader chooses)
                let often = spaced.len() >= crate::tuning::SPACED_MARKERS_HABIT_MIN
                    && spaced.len() as f64 > crate::tuning::SPACED_MARKERS_HABIT * attached as f64;
                let most = if often { Applicability::Unsafe } else { Applicability::Safe };
                for (from, m) in spaced {
                    let message = meta.message.replace("{marker}", &format!("[{}]", m.n)).replace("{detail}", "");
                    out.push(Finding::new(&meta.id, meta.severity, from, m.start, message).with_fix(Fix::replace(
                        from,
                        m.start,
                        "",
                        meta.fix.unwrap_or(Applicability::Safe).min(most),
                    )));
                }
            }
        }
    }
}

impl Check for FootnotesCheck {
    crate::rules_in!(rules);

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        self.check_text(cx.text, cx.paragraphs, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::tokenize::paragraphs;

    fn checker() -> FootnotesCheck {
        let meta = |k: &str| RuleMeta {
            id: format!("footnotes/{k}"),
            kind: "footnotes",
            pack: "footnotes".into(),
            severity: Severity::Warning,
            message: "{marker}".into(),
            description: String::new(),
            examples: Default::default(),
            fix: Some(Applicability::Safe),
        };
        FootnotesCheck::new(vec![
            (FootnoteCheckKind::MissingNote, meta("missing-note")),
            (FootnoteCheckKind::MissingMarker, meta("missing-marker")),
            (FootnoteCheckKind::Order, meta("order")),
            (FootnoteCheckKind::SpaceBeforeMarker, meta("space-before-marker")),
        ])
    }

    fn run(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        checker().check_text(text, &paragraphs(text), &mut out);
        out.into_iter().map(|f| (f.rule, text[f.start..f.end].to_string())).collect()
    }

    #[test]
    fn scan_separates_markers_and_notes() {
        let t = "A word[1] and more [2].\n\n[1] First note [see 3].\n[2] Second.\n";
        let fx = checker().scan(t, &paragraphs(t));
        assert_eq!(fx.markers.iter().map(|m| m.n).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(fx.notes.iter().map(|m| m.n).collect::<Vec<_>>(), vec![1, 2]);
    }

    #[test]
    fn faults() {
        assert!(run("A[1] b[2].\n\n[1] x\n\n[2] y\n").is_empty());
        assert_eq!(
            run("A[1] b[2].\n\n[1] x\n"),
            vec![("footnotes/missing-note".to_string(), "[2]".to_string())]
        );
        assert_eq!(
            run("A[1].\n\n[1] x\n\n[2] y\n"),
            vec![("footnotes/missing-marker".to_string(), "[2]".to_string())]
        );
        assert_eq!(
            run("A[1] b [2] c[3].\n\n[1] x\n\n[2] y\n\n[3] z\n"),
            vec![("footnotes/space-before-marker".to_string(), " ".to_string())]
        );
        // Restarted numbering per chapter.
        assert!(run("A[1] b[2].\n\n[1] x\n\n[2] y\n\nC[1].\n\n[1] z\n").is_empty());
        // No notes here: the markers are someone else's business.
        assert!(run("See [4] and [9].").is_empty());
    }
}
