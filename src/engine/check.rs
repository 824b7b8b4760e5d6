//! One document through the checks: its facts (tokens, paragraphs; the lazily judged facts in
//! `CheckContext`), every check, then the post-processing of `post`. A large document is
//! checked segment by segment; no finding crosses a segment, so the parts of a document give,
//! in order, the same findings as the whole.

use super::inputs::Input;
use super::post::CompiledIgnore;
use super::result::FileResult;
use super::Engine;
use crate::corpus::CorpusStats;
use crate::document::{Document, ReadError};
use crate::finding::Finding;
use crate::markup::{FaultKind, Format, Markup, MarkupFault, View};
use crate::rule_kinds::rule::CheckContext;
use crate::timings::{timed, Work};
use crate::tokenize::{paragraphs, tokens, Token};
use rayon::prelude::*;
use std::sync::Arc;

impl Engine {
    /// Checks one decoded document with every rule; findings sorted and positioned.
    pub fn check_document(&self, doc: &Document, stats: &CorpusStats, ignores: &[CompiledIgnore]) -> FileResult {
        FileResult {
            input: Input::of(doc),
            findings: self.document_findings(doc, stats, ignores),
            source: self.keep_source.then(|| Arc::new(doc.text.clone())),
            continued: false,
        }
    }

    /// [`Engine::check_document`] of a document the caller no longer needs (its text moves
    /// into the result when the output needs snippets).
    pub fn check_owned(&self, doc: Document, stats: &CorpusStats, ignores: &[CompiledIgnore]) -> FileResult {
        let findings = self.document_findings(&doc, stats, ignores);
        FileResult {
            input: Input::of(&doc),
            findings,
            source: self.keep_source.then(|| Arc::new(doc.text)),
            continued: false,
        }
    }

    /// Every check and the decoding notes of `doc`, post-processed: sorted and positioned.
    pub fn document_findings(&self, doc: &Document, stats: &CorpusStats, ignores: &[CompiledIgnore]) -> Vec<Finding> {
        let segs = crate::segment::segments(&doc.text, crate::segment::SPLIT_ABOVE, crate::segment::SEGMENT_TARGET);
        let markup = self.markup(doc);
        self.part_findings(doc, &segs, &markup, stats, ignores)
    }

    /// The findings of the segments `segs` of `doc` (consecutive, in order) and the decoding
    /// notes inside them, post-processed. No finding crosses a segment, so the parts of a
    /// document give, in order, the same findings as the whole.
    pub fn part_findings(
        &self,
        doc: &Document,
        segs: &[std::ops::Range<usize>],
        markup: &Markup,
        stats: &CorpusStats,
        ignores: &[CompiledIgnore],
    ) -> Vec<Finding> {
        let findings = self.raw_findings(doc, segs, markup, stats);
        self.finish_part(doc, segs, findings, ignores)
    }

    /// Reads and decodes a file for the checks.
    pub(crate) fn read(&self, input: &Input) -> Result<Document, ReadError> {
        timed(
            self.timings.as_ref(),
            |t, d| t.add_work(Work::Read, d),
            || Document::read(&input.path, input.display.clone()),
        )
    }

    /// The markup of `doc`, read with the format the configuration sets or the document shows.
    pub fn markup(&self, doc: &Document) -> Markup {
        timed(
            self.timings.as_ref(),
            |t, d| t.add_work(Work::Tokenize, d),
            || Markup::of(&doc.text, Format::of(self.config.format, &doc.text)),
        )
    }

    /// Every check over `doc` read without its `markup`, segment by segment for a large
    /// document; findings in document offsets, in no particular order (the caller sorts).
    pub fn raw_findings(&self, doc: &Document, segs: &[std::ops::Range<usize>], markup: &Markup, stats: &CorpusStats) -> Vec<Finding> {
        let run = |range: &std::ops::Range<usize>| -> Vec<Finding> {
            let view = markup.view(&doc.text, range.clone());
            let text: &str = &view.text;
            // (the token vector of the thread's previous segment is reused: a fresh one is
            // megabytes of memory faulted in, segment after segment)
            let timings = self.timings.as_ref();
            let mut toks: Vec<Token> = TOKENS.with(|b| std::mem::take(&mut *b.borrow_mut()));
            let paras = timed(
                timings,
                |t, d| t.add_work(Work::Tokenize, d),
                || {
                    toks.clear();
                    toks.extend(tokens(text));
                    paragraphs(text)
                },
            );
            let cx = CheckContext::new(&doc.display_path, text, &toks, &paras, stats, &self.config, &self.rules.checks)
                .with_emphasis(&view.emphasis);
            let mut out = Vec::new();
            for (k, check) in self.rules.checks.iter().enumerate() {
                timed(timings, |t, d| t.add_check(k, false, d), || check.check(&cx, &mut out));
            }
            for f in &mut out {
                to_document(f, &view);
            }
            for fault in markup.faults.iter().filter(|f| range.contains(&f.start)) {
                out.push(fault_finding(fault));
            }
            // (kept for the next segment unless an unsplit document made it large: memory a
            // worker holds must not grow with the largest document it ever saw)
            if toks.capacity() <= 1 << 19 {
                TOKENS.with(|b| *b.borrow_mut() = toks);
            }
            out
        };
        if segs.len() == 1 {
            return run(&segs[0]);
        }
        let parts: Vec<Vec<Finding>> = segs.par_iter().map(run).collect();
        parts.into_iter().flatten().collect()
    }
}

thread_local! {
    /// A worker's token vector, kept from one segment to the next.
    static TOKENS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Moves a finding found in a segment's view to its place in the whole document. A fix whose
/// edits would change markup is dropped (the finding stays).
fn to_document(f: &mut Finding, view: &View) {
    (f.start, f.end) = view.range(f.start, f.end);
    if let Some(fix) = &mut f.fix {
        for e in &mut fix.edits {
            (e.start, e.end) = view.range(e.start, e.end);
        }
        if fix.edits.iter().any(|e| view.touches_markup(e.start, e.end)) {
            f.fix = None;
        }
    }
    for r in &mut f.related {
        if r.path.is_none() {
            (r.start, r.end) = view.range(r.start, r.end);
        }
    }
}

/// The finding of a fault of the markup itself.
fn fault_finding(fault: &MarkupFault) -> Finding {
    let (rule, message) = match fault.kind {
        FaultKind::UnclosedBlock => ("markup/unclosed-block", "this bracketed block is never closed with `]`"),
        FaultKind::UnclosedItalics => ("markup/unclosed-italics", "`_` opens italics that no `_` closes in this paragraph"),
    };
    let severity = super::post::ENGINE_RULES
        .iter()
        .find(|(id, _, _)| *id == rule)
        .map_or(crate::finding::Severity::Warning, |(_, s, _)| *s);
    Finding::new(rule, severity, fault.start, fault.end, message.to_string())
}
