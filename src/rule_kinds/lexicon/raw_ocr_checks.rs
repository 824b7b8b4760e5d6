//! The checks of raw OCR: `stray-mark` and `stray-letter` (specks and lone letters),
//! `context-word` (a word the context reads as a misreading of a frequent word; both in
//! `rule_kinds::raw_ocr`, given the lexicon's noise and candidates here) and `corpus-non-word`
//! (a form only the corpus' repetitions vouch for).

use super::evidence::{hyphenated_at_line_end, is_roman};
use super::prepare::Candidate;
use super::verdict::SUFFIXES;
use super::{LexiconCheck, LexiconCheckKind, Verdict};
use crate::finding::Finding;
use crate::lexicon::word_hash as form_hash;
use crate::rule_kinds::raw_ocr;
use crate::rule_kinds::rule::{CheckContext, RuleMeta};
use crate::text::normalise;
use crate::text::Case;
use crate::tokenize::TokenKind;
use crate::tuning::{FREQUENT_WORD, GARBLED_RAW_OCR, MAX_WORD_CHARS, MIN_STEM_CHARS, NOISE_MIN_WORD_LEN};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

impl LexiconCheck {
    /// The checks of raw OCR (`stray-mark`, `stray-letter`, `context-word`).
    ///
    /// `noise` is the document's share of unknown words over the noise threshold: 1 or more is
    /// raw OCR.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn raw_ocr(
        &self,
        cx: &CheckContext<'_>,
        noise: f64,
        verdicts: &[Verdict],
        joined: &[bool],
        searched: &RefCell<FxHashMap<usize, Vec<Candidate>>>,
        out: &mut Vec<Finding>,
    ) {
        let (mark, letter) = (self.meta(LexiconCheckKind::StrayMark), self.meta(LexiconCheckKind::StrayLetter));
        if mark.is_some() || letter.is_some() {
            // A document with garble (an unknown lower-case word made of letter sequences no
            // English word has) is raw OCR at a lower share of unknown words too: its stray
            // marks are specks.
            let marks_noise = if (GARBLED_RAW_OCR..1.0).contains(&noise) && self.lower_garble(cx) {
                1.0
            } else {
                noise
            };
            raw_ocr::stray_marks(cx, mark, letter, marks_noise, out);
            if let (Some(meta), true) = (mark, marks_noise < 1.0) {
                self.marks_inside_words(cx, meta, out);
            }
        }
        if let (Some(meta), Some(dict)) = (self.meta(LexiconCheckKind::ContextWord), self.prepared.dict) {
            let index = self.context_index(dict);
            // A neighbour that is no word is read as its best candidate.
            let p = &self.prepared;
            let thorough = noise < 1.0;
            // (each neighbour searched once per document: an analysed form keeps its candidates,
            // a form used once keeps them in `searched`)
            let guess = |j: usize| -> Option<String> {
                let Verdict::Unknown(a) = verdicts[j] else { return None };
                let s = cx.tokens[j].text(cx.text);
                let search = || self.candidates(&normalise(s), &self.confusions, thorough);
                let best = |c: &[Candidate]| c.first().map(|c| c.word.clone());
                match p.analyses.get(a as usize) {
                    Some(an) if thorough => best(an.thorough.get_or_init(search)),
                    Some(an) => best(an.quick.get_or_init(search)),
                    // (kept for the token's own finding)
                    None => best(searched.borrow_mut().entry(j).or_insert_with(search)),
                }
            };
            raw_ocr::context_words(cx, meta, index, dict, noise, joined, &guess, out);
        }
        if let Some(meta) = self.meta(LexiconCheckKind::CorpusNonWord) {
            self.corpus_non_words(cx, meta, noise, joined, out);
        }
    }

    /// In a proofread text (raw OCR has `stray_marks`' own test), a speck read as a mark inside
    /// a word: `rob~bed`, `th^ink`, `wh»n`, `abo:ut`, `s"emed`, `la.ter` — two letter runs with
    /// one such mark between them and no space, that make a known word without it while one of
    /// them is no word. (Not `'` nor `-`, which words have; a `.` only between runs of two
    /// letters or more, `e.g`.)
    fn marks_inside_words(&self, cx: &CheckContext<'_>, meta: &RuleMeta, out: &mut Vec<Finding>) {
        let p = &self.prepared;
        if p.dict.is_none() {
            return;
        }
        let toks = cx.tokens;
        for (i, pair) in toks.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            if a.kind != TokenKind::Word || b.kind != TokenKind::Word || cx.foreign(i) || cx.foreign(i + 1) {
                continue;
            }
            let gap = &cx.text[a.end..b.start];
            let mut chars = gap.chars();
            let (Some(mark), None) = (chars.next(), chars.next()) else {
                continue;
            };
            if !matches!(mark, '~' | '^' | '»' | '«' | ':' | '"' | '.' | '•' | '■' | '*' | '|' | '\\' | '¦') {
                continue;
            }
            let (x, y) = (a.text(cx.text), b.text(cx.text));
            if mark == '.' && (x.chars().count() < 2 || y.chars().count() < 2) {
                continue;
            }
            // (a mark between a capitalised run and another is a name's or a code's: `AT:T`)
            if !y.chars().all(|c| c.is_lowercase()) {
                continue;
            }
            let known = |w: &str| p.known(&normalise(w), crate::text::case_of(w));
            // A mark no English word has (`~`, `^`, `»`) may stand between two words' letters
            // (`rob~bed`); `:`, `"`, `.`, `*` only where a piece is no word.
            let never_in_words = !matches!(mark, ':' | '"' | '.' | '*');
            if known(x) && known(y) && !never_in_words {
                continue;
            }
            // The mark is a speck (`abo:ut`), or stands for a letter (`wh»n`, `s"emed`): the
            // reading is the word without it, or the one frequent word a letter in its place
            // makes.
            let frequent = |w: &str| p.dict.is_some_and(|d| d.freq(&normalise(w)) >= FREQUENT_WORD);
            let joined = Some(format!("{x}{y}"))
                .filter(|j| known(j) && (never_in_words || !known(x) || !known(y)))
                .or_else(|| {
                    let mut words = ('a'..='z').map(|c| format!("{x}{c}{y}")).filter(|w| frequent(w));
                    match (words.next(), words.next()) {
                        (Some(w), None) if !(known(x) && known(y)) => Some(w),
                        _ => None,
                    }
                });
            let Some(joined) = joined else { continue };
            // (OCR of English print garbles into ASCII: `Fá.’ilá.tun` is a transliteration)
            if !joined.is_ascii() || !matches!(crate::text::case_of(&joined), Case::Lower | Case::Title) {
                continue;
            }
            let message = format!("{} (inside `{joined}`)", meta.message.replace("{found}", &mark.to_string()));
            out.push(
                Finding::new(&meta.id, meta.severity, a.start, b.end, message)
                    .with_fix(crate::finding::Fix::replace(
                        a.start,
                        b.end,
                        joined.clone(),
                        crate::finding::Applicability::Unsafe,
                    ))
                    .with_suggestions(vec![joined]),
            );
        }
    }

    /// In raw OCR, a lower-case form that the lexicon lacks (nor has its stem) and that is
    /// known only because the corpus repeats it: in a noisy corpus the same misreading recurs
    /// (`thoy`, `aro`, `fromn`).
    fn corpus_non_words(&self, cx: &CheckContext<'_>, meta: &RuleMeta, noise: f64, joined: &[bool], out: &mut Vec<Finding>) {
        let p = &self.prepared;
        if p.dict.is_none() || noise < 1.0 {
            return;
        }
        let text = cx.text;
        let search = |s: &str| -> Vec<String> { self.candidates(s, &self.confusions, false).into_iter().map(|c| c.word).collect() };
        let mut fresh: Vec<String>;
        for (i, t) in cx.tokens.iter().enumerate() {
            if joined[i] || t.kind != TokenKind::Word || t.end - t.start < NOISE_MIN_WORD_LEN || t.end - t.start > MAX_WORD_CHARS {
                continue;
            }
            let s = t.text(text);
            // (one look-up: the frequent forms of the corpus that the lexicon lacks)
            let Some(&k) = p.corpus_only.get(&form_hash(s)) else { continue };
            if !s.bytes().all(|b| b.is_ascii_lowercase()) {
                continue;
            }
            if is_roman(s) || hyphenated_at_line_end(text, cx.tokens, i, p) {
                continue;
            }
            let stem_known = SUFFIXES.iter().any(|suf| {
                s.strip_suffix(suf).is_some_and(|stem| {
                    stem.len() >= MIN_STEM_CHARS && (p.in_dict(stem, Case::Lower) || p.in_dict(&format!("{stem}e"), Case::Lower))
                })
            });
            if stem_known {
                continue;
            }
            // (raw OCR: the quick search, as for the other unknown words of the document;
            // a repeated form is searched once per run)
            let suggestions: &[String] = match &p.corpus_only_forms[k as usize] {
                (form, found) if **form == *s => found.get_or_init(|| search(s)),
                _ => {
                    fresh = search(s);
                    &fresh
                }
            };
            let suggestions = suggestions.to_vec();
            let message = match suggestions.first() {
                Some(b) => meta.message.replace("{found}", s).replace("{fix}", b),
                None => format!("`{s}` is not a known word, though the corpus repeats it"),
            };
            // A form the corpus repeats is rarely one misreading: its readings are suggestions,
            // never a fix (on books, mostly words of another language).
            let mut f = Finding::new(&meta.id, meta.severity, t.start, t.end, message);
            f.suggestions = suggestions;
            out.push(f);
        }
    }
}
