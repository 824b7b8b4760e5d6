//! `non-word`: a word the lexicon does not know, reported with its likeliest readings.
//!
//! Every unknown word is reported; the question is at which severity. The rule's severity
//! (warning) when the evidence says the word is a fault, else info. The evidence, step by step:
//! 1. No step applies to a piece of a hyphenated word or an accented spelling of a known word:
//!    info.
//! 2. By the word's case: a lower-case word (`lower_case_fault`), a capitalised one — a name
//!    unless proved otherwise (`capitalised_fault`) — or one of mixed case
//!    (`mixed_case_fault`).
//! 3. More evidence a proofread text may give (`reading_evidence`): the context reads the best
//!    candidate as English, two words run together, an `f` misread for a long `ſ`.
//!
//! The fix is the best reading; it is certain (as safe as the rule allows) only for a confusion
//! of a frequent word with a clear margin over the next candidate (`certain_fix`).

use super::evidence::{
    binomial, context_fits, irregular_case, is_quoted, joined_words, long_s_reading, next_to_hyphenation_sign, run_together,
};
use super::prepare::Candidate;
use super::prepare::Prepared;
use super::LexiconCheck;
use crate::confusion::Scope;
use crate::finding::{Finding, Fix, Severity};
use crate::lexicon::Dictionary;
use crate::rule_kinds::rule::{CheckContext, RuleMeta};
use crate::text::normalise;
use crate::text::{case_of, fold, starts_sentence_not_after_abbreviation, Case};
use crate::tokenize::{match_case, Token};
use crate::tuning::*;

/// What is known of one unknown word before its severity is decided.
struct Unknown<'a> {
    /// The word as written, its length in characters, its case and its normalised form.
    s: &'a str,
    n: usize,
    case: Case,
    lower: String,
    /// The best candidate, and how often the corpus writes the word itself.
    best: Option<&'a Candidate>,
    own: u64,
    /// A single word in quotation marks is often a foreign or special term (“practico”).
    quoted: bool,
    /// A piece of a word broken at a hyphenation sign is not a word by itself.
    fragment: bool,
    /// A word whose only difference from a known one is an accent is a spelling (`naïve`,
    /// `café`), for `spelling/diacritics` to judge, not a misreading.
    accented: bool,
    /// How many letter sequences of the word English words next to never have.
    implausible: usize,
    /// Letter sequences English words next to never have (`wxqhrtz`, `pfkzv`): garble.
    garbled: bool,
}

/// A cheap confusion (no plain edit) of cost at most `max_cost`.
fn cheap(b: &Candidate, max_cost: f32) -> bool {
    !b.generic && b.cost <= max_cost
}

/// Is the word's best candidate the cheapest confusion of a very frequent word (`tbe`, `bave`)?
fn cheapest_of_frequent(w: &Unknown<'_>) -> bool {
    w.best
        .is_some_and(|c| !c.generic && c.cost <= CHEAPEST_CONFUSION_COST && c.dict_freq >= VERY_FREQUENT_WORD)
}

impl LexiconCheck {
    /// Reports the unknown word token `t` (`s` as written) with its candidates `cands`, in a
    /// document of noise `noise`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn non_word(
        &self,
        cx: &CheckContext<'_>,
        t: &Token,
        i: usize,
        s: &str,
        meta: &RuleMeta,
        cands: &[Candidate],
        noise: f64,
        out: &mut Vec<Finding>,
    ) {
        let p = &self.prepared;
        let n = s.chars().count();
        if n < 2 {
            return;
        }
        let case = case_of(s);
        let Some(dict) = p.dict else {
            // No lexicon for this language: only corpus evidence (a capitalised form one cheap
            // confusion from a far more frequent one).
            if case == Case::Title {
                self.name_variant(t, s, meta, out);
            }
            return;
        };
        let lower = normalise(s);
        let best = cands.first();
        let quoted = is_quoted(cx.text, t.start, t.end);
        let implausible = dict.implausible_trigrams(&lower);
        let w = Unknown {
            s,
            n,
            case,
            own: p.corpus_count(&lower),
            quoted,
            fragment: next_to_hyphenation_sign(cx.text, t.start, t.end),
            accented: !s.is_ascii() && best.is_some_and(|b| b.word == fold(&lower)),
            implausible,
            garbled: !quoted && implausible >= GARBLE_TRIGRAMS,
            best,
            lower,
        };
        let noisy = noise >= 1.0;
        // Step 1 and 2: the word's own evidence, by its case.
        let fault = match case {
            _ if w.fragment || w.accented => false,
            _ if !noisy && self.authors_form(cx, t, i, &w) => false,
            Case::Lower => self.lower_case_fault(cx, t, &w, noisy),
            Case::Title | Case::Upper => {
                self.capitalised_fault(cx, t, &w, noisy, noise >= VERY_NOISY)
                    || (!noisy && capitalised_word_misread(cx, i, &w) && !self.among_names(cx, i))
            }
            Case::Mixed => mixed_case_fault(p, dict, &w, noisy),
        };
        // Step 3: a reading the text gives.
        let (reading, fits) = reading_evidence(cx, t, &w, p, dict, noisy, fault);
        // In a proofread text a misreading stands alone (one word in hundreds is wrong): an
        // unknown word beside other unknown words is in a passage the lexicon cannot read — a
        // transliteration, a phrase of another language, a list of names — unless it is the
        // cheapest confusion of a very frequent word.
        let among_unknowns = !noisy && !cheapest_of_frequent(&w) && self.among_unknowns(cx, i);
        // OCR of English print garbles into ASCII: in a proofread text an unknown word with an
        // accented letter is a foreign word, a name or a transliteration (`Sinnán`, `année`).
        let accented_word = !noisy && !w.s.is_ascii();
        let severity = if !accented_word && ((fault && !among_unknowns) || reading.is_some() || fits) {
            meta.severity
        } else {
            Severity::Info
        };
        let mut suggestions: Vec<String> = cands.iter().map(|c| match_case(s, &c.word)).collect();
        if let Some(r) = &reading {
            let r = match_case(s, r);
            suggestions.retain(|x| *x != r);
            suggestions.insert(0, r);
        }
        // A very long token is shown shortened.
        let shown: std::borrow::Cow<str> = if n > SHOWN_MAX_CHARS {
            s.chars()
                .take(SHOWN_MAX_CHARS)
                .chain(std::iter::once('…'))
                .collect::<String>()
                .into()
        } else {
            s.into()
        };
        let message = match suggestions.first() {
            Some(b) => meta.message.replace("{found}", &shown).replace("{fix}", b),
            None => format!("`{shown}` is not a known word"),
        };
        let mut f = Finding::new(&meta.id, severity, t.start, t.end, message);
        if reading.is_some() {
            if offers_a_fix(cx, t, s, &w, severity, noisy, false) {
                f = f.with_fix(Fix::replace(t.start, t.end, suggestions[0].clone(), meta.applicability(false)));
            }
        } else if let Some(b) = best {
            let certain = certain_fix(b, cands.get(1), &w, severity);
            if offers_a_fix(cx, t, s, &w, severity, noisy, certain) {
                f = f.with_fix(Fix::replace(t.start, t.end, suggestions[0].clone(), meta.applicability(certain)));
            }
        }
        f.suggestions = suggestions;
        out.push(f);
    }

    /// In a proofread text, a form the author wrote on purpose: an elision glued to its
    /// apostrophe (`learnin’`, `’un`, `o’`), or a form the document repeats (dialect, an old
    /// spelling, a coinage: a misreading is seldom made twice in a proofread book) that is no
    /// garble nor the cheapest confusion of a frequent word.
    fn authors_form(&self, cx: &CheckContext<'_>, t: &Token, i: usize, w: &Unknown<'_>) -> bool {
        let p = &self.prepared;
        let known = |x: String| p.known(&x, Case::Lower);
        // (an apostrophe after the word may close a quotation, one before it open one: an
        // elision only when the letters it stands for make a word, `learnin’` → `learning`,
        // `’bout` → `about`)
        let dropped_end = cx.text[t.end..].starts_with(['\'', '’']) && ELIDED_ENDINGS.iter().any(|e| known(format!("{}{e}", w.lower)));
        let dropped_start =
            cx.text[..t.start].ends_with(['\'', '’', '‘']) && ELIDED_STARTS.iter().any(|e| known(format!("{e}{}", w.lower)));
        if (dropped_end || dropped_start) && !w.garbled {
            return true;
        }
        // A contraction of dialect (`reg’lar`, `p’int`, `for'ard`): an apostrophe inside the
        // word, which without it is no word (an apostrophe read into a word, `dres'sed`, leaves
        // one).
        if w.s.contains(['\'', '’']) && !w.garbled && !known(w.lower.replace(['\'', '’'], "")) {
            return true;
        }
        let cheapest_of_frequent = cheapest_of_frequent(w);
        let uses = cx.form_count(i);
        // (a short form — `na`, `twa`, `aff` in Scots speech — only as a habit: short
        // misreadings of frequent words recur, `bo`, `iu`)
        !w.garbled
            && if w.n >= AUTHORS_FORM_MIN_CHARS {
                uses >= AUTHORS_FORM_SURE_REPEATS || (uses >= AUTHORS_FORM_REPEATS && !cheapest_of_frequent)
            } else {
                uses >= AUTHORS_FORM_SHORT_REPEATS
            }
    }

    /// Is word token `i` among unknown words: `UNKNOWN_NEIGHBOURS` other lower-case words within
    /// `UNKNOWN_NEIGHBOUR_WORDS` words on either side, in the same paragraph, that the lexicon
    /// does not know (a passage, where OCR damage to a line leaves one or two)?
    fn among_unknowns(&self, cx: &CheckContext<'_>, i: usize) -> bool {
        let verdicts = self.token_verdicts(cx);
        let same_paragraph = |a: usize, b: usize| !cx.text[a..b].contains("\n\n");
        // (a lower-case one: capitalised unknown words beside a misreading are names, which a
        // newspaper has many of)
        let unknown = |j: usize| {
            let t = &cx.tokens[j];
            t.kind == crate::tokenize::TokenKind::Word && verdicts[j] != super::Verdict::Known && case_of(t.text(cx.text)) == Case::Lower
        };
        let words = |range: &mut dyn Iterator<Item = usize>| -> usize {
            range
                .filter(|&j| cx.tokens[j].kind == crate::tokenize::TokenKind::Word)
                .take(UNKNOWN_NEIGHBOUR_WORDS)
                .take_while(|&j| {
                    let (a, b) = if j < i {
                        (cx.tokens[j].end, cx.tokens[i].start)
                    } else {
                        (cx.tokens[i].end, cx.tokens[j].start)
                    };
                    same_paragraph(a, b)
                })
                .filter(|&j| unknown(j))
                .count()
        };
        words(&mut (0..i).rev()) + words(&mut (i + 1..cx.tokens.len())) >= UNKNOWN_NEIGHBOURS
    }

    /// Is word token `i` in a list of names: a neighbour a capitalised word the lexicon does not
    /// know (`Shantser, Sammer, Leitheisen`)?
    fn among_names(&self, cx: &CheckContext<'_>, i: usize) -> bool {
        let name = |j: usize| {
            cx.tokens.get(j).is_some_and(|t| {
                let s = t.text(cx.text);
                t.kind == crate::tokenize::TokenKind::Word && case_of(s) == Case::Title && !self.prepared.judge(s)
            })
        };
        (i > 0 && name(i - 1)) || name(i + 1)
    }

    /// A lower-case word is a fault in raw OCR, as garble, with one letter sequence no word
    /// has, or when a cheap confusion or one edit reaches a frequent word (not in print with
    /// the long s, older than standard spelling).
    fn lower_case_fault(&self, cx: &CheckContext<'_>, t: &Token, w: &Unknown<'_>, noisy: bool) -> bool {
        let p = &self.prepared;
        // one edit from a very frequent word is evidence enough in a proofread text
        let frequent_hit = !w.quoted && w.best.is_some_and(|b| b.dict_freq >= VERY_FREQUENT_WORD);
        // Print with the long s is older than standard spelling (`publick`, `antient`): there
        // an edit away from a word is no evidence, only garble is.
        let old_spelling = !noisy && cx.long_s();
        // One letter sequence no word has (`stotiott`, `rtorived`, `cbhutry`), in a word that
        // is not two known words joined (`coalheaver`), the second name of a Latin binomial
        // (`Loxia bifasciata`), a hyphenated word, a word in italics (`_musique_`) nor one
        // beside an apostrophe (a dialect's elision, `'zactly`).
        let odd = !w.quoted
            && !w.fragment
            && w.s.is_ascii()
            && !w.s.contains(['\'', '-'])
            && !cx.text[..t.start].ends_with(['\'', '’', '_'])
            && !cx.text[t.end..].starts_with(['\'', '’', '_'])
            && (1..GARBLE_TRIGRAMS).contains(&w.implausible)
            && !joined_words(&w.lower, |x| p.known(x, Case::Lower))
            && !binomial(cx, t, &w.lower);
        noisy || w.garbled || odd || ((confusion_hit(w) || frequent_hit) && !old_spelling)
    }

    /// A name is not an unknown word: a capitalised word is a fault only as a cheap confusion
    /// of a far more frequent form of the corpus, or of a very common word, or in raw OCR.
    fn capitalised_fault(&self, cx: &CheckContext<'_>, t: &Token, w: &Unknown<'_>, noisy: bool, very_noisy: bool) -> bool {
        let p = &self.prepared;
        let (best, own) = (w.best, w.own);
        // A cheap confusion of a form the corpus writes far more often, with a capital only.
        let name_hit = best.is_some_and(|b| {
            cheap(b, CHEAP_CONFUSION_COST) && b.corpus_count >= CORPUS_ACCEPT.max(NAME_CORPUS_RATIO * own) && p.capitalised(&b.word)
        });
        // A capitalised common word misread at the start of a sentence (`Tlie`).
        let word_hit = starts_sentence_not_after_abbreviation(cx.text, t.start)
            && best.is_some_and(|b| cheap(b, CHEAPEST_CONFUSION_COST) && b.dict_freq >= SENTENCE_WORD_FREQ);
        // In raw OCR a capitalised form the corpus uses once or twice is as suspect as any.
        // A plain edit (no named confusion) of a form the corpus writes twice is more likely a
        // second mention of a rare name (`Pemberton`, `Fawley`) than a fault; so is one of a
        // document whose unknown lower-case words are all plausible (no garble): its noise is
        // names and foreign words, not OCR.
        let plain = best.is_some_and(|b| b.generic);
        let noisy_hit = noisy && (own == 1 || (own == 2 && !plain)) && (best.is_some() || very_noisy) && (!plain || self.lower_garble(cx));
        // A cheap confusion of a frequent word that is always capitalised (`Decemher`).
        let proper_hit = w.n >= PROPER_HIT_MIN_CHARS
            && best.is_some_and(|b| cheap(b, CHEAPEST_CONFUSION_COST) && b.proper && b.dict_freq >= PROPER_WORD_FREQ);
        // In raw OCR, a capitalised form made of letter sequences no word has.
        let garbled_hit = noisy && w.garbled;
        name_hit || word_hit || noisy_hit || proper_hit || garbled_hit
    }

    /// Without a lexicon: a capitalised form one cheap confusion from a far more frequent one.
    pub(super) fn name_variant(&self, t: &Token, s: &str, meta: &RuleMeta, out: &mut Vec<Finding>) {
        let p = &self.prepared;
        if s.len() > MAX_WORD_CHARS {
            return;
        }
        let lower = s.to_lowercase();
        let own = p.corpus_count(&lower);
        let best = self
            .confusions
            .expand(&lower, Scope::Word, 1, CHEAP_CONFUSION_COST)
            .into_iter()
            .filter(|(w, _)| p.corpus_count(w) >= CORPUS_ACCEPT.max(NAME_VARIANT_CORPUS_RATIO * own))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((w, _)) = best {
            out.push(meta.replacement(t.start, t.end, s, match_case(s, &w)));
        }
    }
}

/// In a proofread text, a capitalised form written once that the cheapest confusions turn into one
/// of the most frequent common words (`Thoso`, `Sinco`, `Irom`, `THB`): a name is seldom one glyph from
/// `those`, and a name comes back, where a misreading in a proofread book comes once.
fn capitalised_word_misread(cx: &CheckContext<'_>, i: usize, w: &Unknown<'_>) -> bool {
    !w.quoted
        && !w.garbled
        && w.own <= 1
        && cx.form_count(i) <= 1
        && w.best
            .is_some_and(|b| !b.generic && !b.proper && b.cost <= CHEAPEST_CONFUSION_COST && b.dict_freq >= SENTENCE_WORD_FREQ)
}

/// The letters an apostrophe at a word's end stands for in dialect and verse (`learnin’`,
/// `an’`, `o’`, `ol’`, `jes’`).
const ELIDED_ENDINGS: &[&str] = &["g", "d", "f", "l", "t", "e", "s", "th", "nd", "ve"];
/// ... and at its start (`’bout`, `’cause`, `’member`, `’tis`, `’em`).
const ELIDED_STARTS: &[&str] = &["a", "be", "re", "e", "i", "o", "h", "ha", "th", "whe", "ex", "de", "in", "un"];

/// Is the best candidate a cheap confusion of a frequent word the corpus writes more often
/// than this one, or one plain edit of a short word from one of the most frequent words
/// (`fom` → `from`)? (Not for a word in quotation marks.)
fn confusion_hit(w: &Unknown<'_>) -> bool {
    !w.quoted
        && w.best.is_some_and(|b| {
            (cheap(b, CHEAP_CONFUSION_COST)
                && (b.dict_freq >= FREQUENT_WORD || b.corpus_count >= CORPUS_ACCEPT.max(CONFUSION_CORPUS_RATIO * w.own)))
                || (b.dict_freq >= MOST_FREQUENT_WORD && w.n <= SHORT_WORD_MAX_CHARS)
        })
}

/// A word of mixed case: a capitalised one is a name such as `Ivanovo-Voznesensk` or
/// `McLACHLAN`; letters in the wrong case inside a word are a misreading (`vPalue`, `AssizrS`),
/// and so is garble that does not start with a capital, and anything in raw OCR.
fn mixed_case_fault(p: &Prepared, dict: &Dictionary, w: &Unknown<'_>, noisy: bool) -> bool {
    let irregular = !w.quoted
        && irregular_case(w.s, |x| {
            let x = normalise(x);
            p.known(&x, Case::Lower) && (x.len() > 2 || dict.freq(&x) >= FREQUENT_WORD)
        });
    noisy || irregular || (w.garbled && !w.s.starts_with(char::is_uppercase))
}

/// More evidence a proofread text may give, for a word not yet judged a fault: the context
/// reads the best candidate as English (both neighbours form pairs with it that the bigram
/// list attests: `fits`); and a reading that replaces the candidates' first place: in print
/// with the long s, an `f` that is a misread `ſ`, else two words run together (`onthe`).
fn reading_evidence(
    cx: &CheckContext<'_>,
    t: &Token,
    w: &Unknown<'_>,
    p: &Prepared,
    dict: &Dictionary,
    noisy: bool,
    fault: bool,
) -> (Option<String>, bool) {
    let plain_token = !w.quoted && !w.fragment && w.s.is_ascii();
    let fits = !fault
        && matches!(w.case, Case::Lower | Case::Mixed)
        && plain_token
        && !w.accented
        && (noisy || !cx.long_s())
        && w.best.is_some_and(|b| context_fits(cx, t, &b.word, dict));
    let long_s_word = (plain_token && w.case != Case::Upper && cx.long_s())
        .then(|| long_s_reading(&w.lower, |x| p.known(x, Case::Lower)))
        .flatten();
    let joined = (plain_token && w.case == Case::Lower)
        .then(|| run_together(&w.lower, dict))
        .flatten();
    (long_s_word.or(joined), fits)
}

/// Is the best candidate certain enough for the rule's own applicability: a cheap confusion
/// (no plain edit) of a frequent word, for a lower-case word of some length reported as a
/// fault, with a clear margin over the next candidate?
fn certain_fix(best: &Candidate, second: Option<&Candidate>, w: &Unknown<'_>, severity: Severity) -> bool {
    let second = second.map(|c| c.score).unwrap_or(f32::INFINITY);
    !best.generic
        && w.case == Case::Lower
        && second - best.score >= SAFE_FIX_MARGIN
        && best.dict_freq >= FREQUENT_WORD
        && w.n >= SAFE_FIX_MIN_CHARS
        && severity >= Severity::Warning
}

/// Whether an unknown word gets a fix (its candidates are always listed as suggestions). A fix
/// claims to be the likely reading, and on a proofread book most unknown words are the author's:
/// so no fix for a word with no evidence of a fault (an info finding in proofread text), a name
/// (a capitalised word inside a sentence: `Norah` is no misread `North`, though `Decemher`,
/// confusions away from a word only ever capitalised, is a misread `December`), a dialect elision
/// (`havin'`, `'em`: a word against an apostrophe), or a word whose only fault would be its
/// accents (`café`, `naïve`). A certain fix (safe) has passed stricter tests and stays.
fn offers_a_fix(cx: &CheckContext<'_>, t: &Token, s: &str, w: &Unknown<'_>, severity: Severity, noisy: bool, certain: bool) -> bool {
    if certain {
        return true;
    }
    let apostrophe = |c: char| matches!(c, '\'' | '’' | '‘');
    let elision = cx.text[t.end..].starts_with(apostrophe) || cx.text[..t.start].ends_with(apostrophe);
    // A capitalised word inside a sentence is a name, unless OCR confusions alone (no plain
    // edit) lead to a word that is itself only written capitalised (`Decemher`, `Lonclon`).
    // (a frequent one: a month, a city; a rare name is as likely another name, `Walad`/`Watad`)
    let misread_proper = w.best.is_some_and(|b| b.proper && !b.generic && b.dict_freq >= FREQUENT_WORD);
    let name = w.case == Case::Title && !starts_sentence_not_after_abbreviation(cx.text, t.start) && !misread_proper;
    let accents_only = !s.is_ascii() && w.best.is_some_and(|b| fold(&b.word) == fold(s));
    let unsupported = severity == Severity::Info && !noisy;
    !(elision || name || accents_only || unsupported || w.accented)
}
