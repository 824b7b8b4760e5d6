//! Post-processing of one document's findings: the decoding notes added, then the rule
//! selection, findings on undecodable bytes, severity overrides (`[rules]`), `[[ignore]]`
//! entries, glued-word demotion, sorting, one finding per fault, and line/column positions.

use super::inputs::globset;
use super::Engine;
use crate::config::IgnoreEntry;
use crate::document::Document;
use crate::finding::{sort_findings, Finding, Severity};
use crate::pack::matches_selector;
use globset::GlobSet;

/// Rules reported by the engine itself rather than by a pack.
pub const ENGINE_RULES: &[(&str, Severity, &str)] = &[
    (
        "encoding/legacy",
        Severity::Info,
        "The file is not UTF-8; it was decoded from the detected legacy encoding.",
    ),
    (
        "encoding/invalid-utf8",
        Severity::Warning,
        "An invalid byte sequence in a UTF-8 file; it is shown as U+FFFD and fixes never touch it.",
    ),
    (
        "markup/unclosed-block",
        Severity::Warning,
        "A bracketed block of the transcription's markup (`[Footnote 1: …`, `[Illustration: …`, `[Greek: …`) that no `]` closes.",
    ),
    (
        "markup/unclosed-italics",
        Severity::Warning,
        "An `_` that opens italics in a paragraph where no `_` closes them.",
    ),
];

impl Engine {
    /// The post-processing of `part_findings`: the decoding notes inside the segments `segs`
    /// added to their raw `findings`, then filtered, sorted and positioned.
    pub fn finish_part(
        &self,
        doc: &Document,
        segs: &[std::ops::Range<usize>],
        mut findings: Vec<Finding>,
        ignores: &[CompiledIgnore],
    ) -> Vec<Finding> {
        let (from, to) = match (segs.first(), segs.last()) {
            (Some(a), Some(b)) => (a.start, b.end),
            _ => (0, doc.text.len()),
        };
        for note in doc
            .notes
            .iter()
            .filter(|n| from <= n.start && (n.start < to || to == doc.text.len()))
        {
            let sev = ENGINE_RULES
                .iter()
                .find(|(id, _, _)| *id == note.rule)
                .map(|(_, s, _)| *s)
                .unwrap_or(Severity::Info);
            findings.push(Finding::new(note.rule, sev, note.start, note.end, note.message.clone()));
        }
        crate::timings::timed(
            self.timings.as_ref(),
            |t, d| t.add_work(crate::timings::Work::PostProcess, d),
            || self.post_process(doc, &mut findings, ignores),
        );
        findings
    }

    fn post_process(&self, doc: &Document, findings: &mut Vec<Finding>, ignores: &[CompiledIgnore]) {
        let filter = self.engine_rule_filter.as_deref();
        findings.retain(|f| filter.is_none_or(|en| en(&f.rule)));
        // A fix may never touch an invalid sequence (its U+FFFD stands for bytes we cannot re-create).
        if !doc.invalid.is_empty() {
            // The decoding note reports such a U+FFFD: another finding of it alone (a
            // replacement character, a stray mark) would report the same bytes twice.
            let decoded = |at: usize| doc.invalid.binary_search_by_key(&at, |&(p, _, _)| p).is_ok();
            findings.retain(|f| {
                f.rule == "encoding/invalid-utf8"
                    || f.start >= f.end
                    || !doc.text.get(f.start..f.end).is_some_and(|s| {
                        s.char_indices()
                            .all(|(i, c)| c == char::REPLACEMENT_CHARACTER && decoded(f.start + i))
                    })
            });
            for f in findings.iter_mut() {
                let touches = f.fix.as_ref().is_some_and(|fix| {
                    fix.edits
                        .iter()
                        .any(|e| doc.invalid.iter().any(|&(p, _, _)| e.start <= p + 3 && p < e.end.max(e.start + 1)))
                });
                if touches {
                    f.fix = None;
                }
            }
        }
        for f in findings.iter_mut() {
            let setting = self
                .config
                .rules
                .iter()
                .filter(|(k, _)| matches_selector(k, &f.rule))
                .max_by_key(|(k, _)| k.len())
                .and_then(|(_, v)| v.severity());
            if let Some(s) = setting {
                f.severity = s;
            }
        }
        findings.retain(|f| !ignores.iter().any(|ig| ig.matches(&doc.display_path, f, &doc.text)));
        crate::fix::demote_glued_words(&doc.text, findings);
        sort_findings(findings);
        // One fault, one finding: when two rules flag the same text with the same correction,
        // keep the stronger finding (higher severity, then safer fix, then rule order).
        dedupe_same_correction(findings);
        findings.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.rule == b.rule && a.message == b.message);
        crate::position::resolve(&doc.text, doc.lines(), findings);
    }
}

fn dedupe_same_correction(findings: &mut Vec<Finding>) {
    // (the correction: the first suggestion, or the fix's replacement when there is none)
    fn correction(f: &Finding) -> Option<&str> {
        f.suggestions.first().map(String::as_str).or_else(|| {
            f.fix
                .as_ref()
                .and_then(|x| (x.edits.len() == 1).then(|| x.edits[0].replacement.as_str()))
        })
    }
    fn key(f: &Finding) -> (usize, usize, Option<&str>) {
        (f.start, f.end, correction(f))
    }
    let strength = |f: &Finding| (f.severity, f.fix.as_ref().map(|x| x.applicability));
    let mut drop = vec![false; findings.len()];
    let mut i = 0;
    while i < findings.len() {
        // the run of findings with this span (sorted by start, end)
        let mut j = i + 1;
        while j < findings.len() && findings[j].start == findings[i].start && findings[j].end == findings[i].end {
            j += 1;
        }
        for a in i..j {
            if drop[a] || correction(&findings[a]).is_none() {
                continue;
            }
            for b in a + 1..j {
                if !drop[b] && key(&findings[a]) == key(&findings[b]) {
                    // keep the stronger of the two
                    if strength(&findings[b]) > strength(&findings[a]) {
                        drop[a] = true;
                        break;
                    }
                    drop[b] = true;
                }
            }
        }
        i = j;
    }
    // A finding without a fix inside a fixed finding that starts at the same place reports the
    // same fault (`[` never closed, inside `[19071` → `[1907]`).
    for a in 0..findings.len() {
        if drop[a] || findings[a].fix.is_some() {
            continue;
        }
        let covered = findings
            .iter()
            .enumerate()
            .skip(a.saturating_sub(8))
            .take(17)
            .any(|(b, g)| b != a && !drop[b] && g.fix.is_some() && g.start == findings[a].start && g.end >= findings[a].end);
        if covered {
            drop[a] = true;
        }
    }
    let mut k = 0;
    findings.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// An `[[ignore]]` entry, compiled.
pub struct CompiledIgnore {
    path: Option<GlobSet>,
    rule: Option<String>,
    text: Option<String>,
}

impl CompiledIgnore {
    fn matches(&self, path: &str, f: &Finding, text: &str) -> bool {
        self.path.as_ref().is_none_or(|g| g.is_match(path))
            && self.rule.as_ref().is_none_or(|r| matches_selector(r, &f.rule))
            && self.text.as_ref().is_none_or(|t| text.get(f.start..f.end) == Some(t.as_str()))
    }
}

pub fn compile_ignores(entries: &[IgnoreEntry]) -> Vec<CompiledIgnore> {
    entries
        .iter()
        .map(|e| CompiledIgnore {
            path: e.path.as_ref().and_then(|p| globset(std::slice::from_ref(p)).ok()),
            rule: e.rule.clone(),
            text: e.text.clone(),
        })
        .collect()
}
