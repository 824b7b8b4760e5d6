//! Document facts: what is true of one document (or segment) whichever check asks — its
//! language, whether it is set with the long s, its noise, the lexicon's verdict on each of its
//! tokens. Each fact has one definition here, is judged at most once per document, and only
//! when a check first asks (judging a fact no rule of the run reads would cost time: the
//! lexicon's facts when the lexicon rules are off). The checks read them through
//! [`CheckContext`](super::CheckContext)'s methods.

use crate::corpus::CorpusStats;
use crate::tokenize::{Token, TokenKind};
use rustc_hash::FxHashSet;
use std::cell::OnceCell;
use std::sync::OnceLock;

/// The facts of one document, each judged once, when a check first asks.
#[derive(Default)]
pub struct DocumentFacts {
    /// Whether the text is in the lexicon's language (see [`in_lexicon_language`]).
    pub(super) lexicon_language: OnceCell<bool>,
    /// Whether the text is set with the long s `ſ` (print before about 1800).
    pub(super) long_s: OnceCell<bool>,
    /// The `word_hash` of each word token's lower-case form (0 for another token).
    pub(super) lower_hashes: OnceCell<Vec<u64>>,
    /// How noisy the document is, as the first check that measures noise judges it.
    pub(super) noise: OnceCell<Noise>,
    /// The lexicon's verdict on each token. They depend only on the corpus statistics and the
    /// configuration, from which every `[[lexicon]]` check of a run is prepared alike: if
    /// several packs have lexicon rules, their checks give the same verdicts, and the first to
    /// ask files them for all.
    pub(super) lexicon_verdicts: OnceCell<Vec<Verdict>>,
    /// Whether some unknown lower-case word of the text is garble (letter sequences no word of
    /// the lexicon's language has), as the lexicon judges it.
    pub(super) lower_garble: OnceCell<bool>,
    /// Whether each token stands in a passage in another language (see [`foreign_tokens`]).
    pub(super) foreign: OnceCell<Vec<Passage>>,
    /// How often the document writes each lower-case word form (by `word_hash`).
    pub(super) form_counts: OnceCell<rustc_hash::FxHashMap<u64, u32>>,
}

/// How noisy a document is: raw OCR or a proofread text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Noise {
    /// No check of the run measures noise (the lexicon rules are off).
    Unjudged,
    /// The document is not in the lexicon's language (or there is no lexicon): its share of
    /// unknown words says nothing.
    Unmeasurable,
    /// The document's share of unknown lower-case words divided by the noise threshold: 1 or
    /// more is raw OCR.
    Measured(f64),
}

/// What the lexicon says about one word form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Known,
    /// Not known; the index of the form's candidates in the lexicon's prepared analyses.
    Unknown(u32),
}

/// The most frequent English words that other languages do not share (function words).
pub const ENGLISH_MARKERS: &[&str] = &[
    "the", "of", "and", "to", "is", "that", "was", "he", "for", "it", "with", "his", "be", "at", "by", "this", "had", "not", "are", "but",
    "from", "or", "have", "they", "which", "one", "you", "were", "her", "all", "she", "there", "would", "their", "we", "him", "been",
    "has", "when", "who", "will", "more", "if", "out", "said", "what", "up", "its", "about", "into", "than", "them", "can", "only",
    "other", "some", "could", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "our", "over", "me", "after",
    "also", "did", "should",
];

/// Is a document written in the lexicon's language (English)? Judged by the share of its words
/// that are frequent English function words: about a third in English prose, raw OCR included,
/// and next to none in French or German. A document too short to judge is judged as its
/// corpus is. A language without an English lexicon is always "in the lexicon's language".
pub fn in_lexicon_language(language: &str, text: &str, tokens: &[Token], corpus: &CorpusStats) -> bool {
    use crate::tuning::{LANGUAGE_MARKER_SHARE, LANGUAGE_MIN_WORDS, LANGUAGE_SAMPLE_TOKENS};
    if !matches!(language, "en" | "en-US" | "en-GB" | "en_US" | "en_GB" | "english") {
        return true;
    }
    let (mut words, mut marks) = (0usize, 0usize);
    // A share is measured as well on a few thousand tokens spread over the text.
    let step = (tokens.len() / LANGUAGE_SAMPLE_TOKENS).max(1);
    for t in tokens.iter().step_by(step).filter(|t| t.kind == TokenKind::Word) {
        let s = t.text(text);
        words += 1;
        // (no marker is longer than six letters)
        if s.len() > 6 {
            continue;
        }
        static MARKERS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
        let markers = MARKERS.get_or_init(|| ENGLISH_MARKERS.iter().copied().collect());
        if crate::tokenize::with_lowercase(s, |l| markers.contains(l)) {
            marks += 1;
        }
    }
    if words < LANGUAGE_MIN_WORDS {
        // Too short to judge alone: as the corpus is.
        return corpus_in_lexicon_language(corpus);
    }
    marks as f64 >= LANGUAGE_MARKER_SHARE * words as f64
}

/// Is the corpus, by the same measure, written in the lexicon's language? A corpus too small to
/// judge is given the benefit of the doubt.
pub fn corpus_in_lexicon_language(corpus: &CorpusStats) -> bool {
    use crate::tuning::{LANGUAGE_MARKER_SHARE, LANGUAGE_MIN_CORPUS_TOKENS};
    if let Some(judged) = corpus.lexicon_language {
        return judged;
    }
    if corpus.tokens < LANGUAGE_MIN_CORPUS_TOKENS {
        return true;
    }
    let count = |w: &str| corpus.count(w);
    let marks: u64 = ENGLISH_MARKERS
        .iter()
        .map(|m| {
            let mut title = m.to_string();
            title[..1].make_ascii_uppercase();
            count(m) + count(&title)
        })
        .sum();
    marks as f64 >= LANGUAGE_MARKER_SHARE * corpus.tokens as f64
}

/// What kind of passage a token stands in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passage {
    /// English, or nothing says otherwise.
    English,
    /// A line unlike English (next to no function words, few lexicon words) that nothing
    /// confirms is another language: garble of raw OCR, a table, a list of names.
    UnlikeEnglish,
    /// Another language.
    Foreign,
    /// A phrase of another language inside an English line, as its words suggest (unknown
    /// words beside another language's function words or beside each other): foreign in a
    /// proofread text, where misreadings come one by one; in raw OCR such neighbours are as
    /// likely garble, and stay judged.
    ForeignPhrase,
}

/// The `word_hash`es of `ENGLISH_MARKERS`, made once.
fn english_marker_hashes() -> &'static FxHashSet<u64> {
    static HASHES: OnceLock<FxHashSet<u64>> = OnceLock::new();
    HASHES.get_or_init(|| ENGLISH_MARKERS.iter().map(|m| crate::lexicon::word_hash(m)).collect())
}

/// The words of a line or a phrase, as the foreign-passage test counts them.
#[derive(Default, Clone, Copy)]
struct Tally {
    words: usize,
    /// English function words (`ENGLISH_MARKERS`).
    markers: usize,
    /// Words of the lexicon.
    known: usize,
    /// Words with a letter outside ASCII (`Dáirat`, `über`).
    accented: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.words += o.words;
        self.markers += o.markers;
        self.known += o.known;
        self.accented += o.accented;
    }

    /// Does the tally look like another language: next to no English function words, and
    /// either few words of the lexicon or many accented ones?
    fn unlike_english(&self) -> bool {
        use crate::tuning::{FOREIGN_MAX_KNOWN, FOREIGN_MAX_MARKERS, FOREIGN_MIN_ACCENTED};
        let w = self.words as f64;
        self.words > 0
            && (self.markers as f64) <= FOREIGN_MAX_MARKERS * w
            && ((self.known as f64) < FOREIGN_MAX_KNOWN * w || (self.accented as f64) >= FOREIGN_MIN_ACCENTED * w)
    }

    /// Is a passage with this tally in another language, as the tally alone can tell: many
    /// accented words and few of the lexicon (a transliteration, French, German)?
    fn surely_foreign(&self) -> bool {
        use crate::tuning::{FOREIGN_MAX_KNOWN, FOREIGN_MIN_ACCENTED};
        let w = self.words as f64;
        self.words >= 2 && (self.accented as f64) >= FOREIGN_MIN_ACCENTED * w && (self.known as f64) < FOREIGN_MAX_KNOWN * w
    }
}

/// Does a language detector call `text` another language than English, reliably?
fn detected_foreign(text: &str) -> bool {
    use whatlang::{Detector, Lang};
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    let detector = DETECTOR.get_or_init(|| {
        Detector::with_allowlist(vec![
            Lang::Eng,
            Lang::Lat,
            Lang::Fra,
            Lang::Deu,
            Lang::Ita,
            Lang::Spa,
            Lang::Por,
            Lang::Nld,
            Lang::Swe,
            Lang::Dan,
            Lang::Nob,
            Lang::Pol,
            Lang::Ces,
            Lang::Hun,
            Lang::Fin,
            Lang::Tur,
            Lang::Epo,
        ])
    });
    detector.detect(text).is_some_and(|i| i.lang() != Lang::Eng && i.is_reliable())
}

/// Which tokens stand in a passage in another language than English: lines (a verse, a
/// quotation, a note) and italic phrases (`_grelots lascifs_`) with next to no English
/// function words and few words of the lexicon, that a language detector calls another
/// language reliably or whose accented words say so (a transliteration). Lines of such a run
/// within a paragraph are judged together. A document not in English has no such passages
/// (it is judged as a whole), and raw OCR of English keeps its function words, so its garble
/// is not taken for a foreign passage.
pub fn foreign_tokens(language: &str, text: &str, tokens: &[Token], lower: &[u64], emphasis: &[std::ops::Range<usize>]) -> Vec<Passage> {
    use crate::tuning::{FOREIGN_MIN_CHARS, FOREIGN_SHORT_ITALICS};
    let mut out = vec![Passage::English; tokens.len()];
    let Some(dict) = crate::lexicon::Dictionary::for_language(language) else {
        return out;
    };
    if !matches!(language, "en" | "en-US" | "en-GB" | "en_US" | "en_GB" | "english") {
        return out;
    }
    let markers = english_marker_hashes();
    let tally_of = |i: usize| -> Tally {
        let t = &tokens[i];
        if t.kind != TokenKind::Word {
            return Tally::default();
        }
        let s = t.text(text);
        let h = lower.get(i).copied().unwrap_or(0);
        Tally {
            words: 1,
            markers: usize::from(markers.contains(&h)),
            known: usize::from(dict.contains_hashed(h)),
            accented: usize::from(!s.is_ascii()),
        }
    };
    // Lines: (first token, end token, tally, line start, line end); a run of lines that look
    // foreign, within a paragraph, is judged together.
    let mut run: Option<(usize, usize, Tally, usize, usize)> = None;
    let judge = |run: &mut Option<(usize, usize, Tally, usize, usize)>, out: &mut Vec<Passage>| {
        if let Some((a, b, tally, s, e)) = run.take() {
            let span = &text[s..e];
            let foreign = tally.surely_foreign() || (span.len() >= FOREIGN_MIN_CHARS && detected_foreign(span));
            let passage = if foreign { Passage::Foreign } else { Passage::UnlikeEnglish };
            out[a..b].iter_mut().for_each(|f| *f = passage);
        }
    };
    let mut i = 0;
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..]).map_or(text.len(), |k| line_start + k);
        let first = i;
        let mut tally = Tally::default();
        while i < tokens.len() && tokens[i].start < line_end {
            tally.add(tally_of(i));
            i += 1;
        }
        let blank = text[line_start..line_end].trim().is_empty();
        if tally.words > 0 && tally.unlike_english() {
            match &mut run {
                Some((_, b, t, _, e)) => {
                    *b = i;
                    t.add(tally);
                    *e = line_end;
                }
                None => run = Some((first, i, tally, line_start, line_end)),
            }
        } else if blank || tally.words > 0 {
            judge(&mut run, &mut out);
        }
        line_start = line_end + 1;
    }
    judge(&mut run, &mut out);
    foreign_phrases(text, tokens, lower, dict, &mut out);
    // Italic phrases.
    for r in emphasis {
        let a = tokens.partition_point(|t| t.start < r.start);
        let b = tokens.partition_point(|t| t.start < r.end);
        if a >= b {
            continue;
        }
        let mut tally = Tally::default();
        (a..b).for_each(|k| tally.add(tally_of(k)));
        let span = &text[r.clone()];
        // (a book sets its foreign words in italics: a short italic phrase with a word the
        // lexicon does not know and no English function word is one, `_sui generis_`)
        let foreign = tally.unlike_english()
            && ((tally.known < tally.words && tally.words <= FOREIGN_SHORT_ITALICS)
                || tally.surely_foreign()
                || (span.len() >= FOREIGN_MIN_CHARS && detected_foreign(span)));
        if foreign {
            out[a..b].iter_mut().for_each(|f| *f = Passage::Foreign);
        }
    }
    out
}

/// The most frequent function words of the languages quoted in English books (French, German,
/// Latin, Italian, Spanish) that English does not write as words of its own.
const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    // French
    "le", "la", "les", "des", "du", "une", "est", "et", "il", "ils", "elle", "nous", "vous", "sont", "dans", "avec", "qui", "que", "ne",
    "pas", "au", "aux", "ce", "cette", "sur", "mais", "où", "sa", "ses", "leur", "je", "tu", "mon", "mes", "de", "à", // German
    "der", "das", "und", "ist", "nicht", "mit", "von", "zu", "dem", "ein", "eine", "einer", "sich", "auf", "für", "sie", "wir", "auch",
    "als", "wie", "aus", "bei", "nach", "oder", "über", // Latin
    "sunt", "non", "quod", "quae", "sed", "enim", "aut", "atque", "nec", "vel", "ut", "esse", "est", // Italian
    "della", "di", "che", "del", "alla", "gli", "sono", "è", // Spanish
    "el", "los", "las", "y", "por", "una", "para", "como",
];

/// Phrases in another language inside an English line (`ils veulent parler`, `a la tartare`,
/// `und Welten`, `sui generis`): a word unknown to the English lexicon near a function word of
/// another language (within a few words and no English function word or sentence mark between
/// them), or beside another unknown word of plausible letters.
/// The unknown words and the function words of such a phrase are foreign.
fn foreign_phrases(text: &str, tokens: &[Token], lower: &[u64], dict: &crate::lexicon::Dictionary, out: &mut [Passage]) {
    use crate::tuning::FOREIGN_PHRASE_REACH;
    static FUNCTION: OnceLock<FxHashSet<u64>> = OnceLock::new();

    let function = FUNCTION.get_or_init(|| FOREIGN_FUNCTION_WORDS.iter().map(|w| crate::lexicon::word_hash(w)).collect());
    let english = english_marker_hashes();
    let is_word = |i: usize| tokens[i].kind == TokenKind::Word && lower.get(i).is_some_and(|&h| h != 0);
    let foreign_function = |i: usize| is_word(i) && function.contains(&lower[i]);
    // (a contraction with a curly apostrophe, `I’ll`, is no foreign word)
    let unknown =
        |i: usize| is_word(i) && !dict.contains_hashed(lower[i]) && !function.contains(&lower[i]) && !tokens[i].text(text).contains('’');
    // (a phrase ends at a sentence mark, a line's end or an English function word)
    let breaks = |a: usize, b: usize| -> bool {
        let gap = &text[tokens[a].end..tokens[b].start];
        gap.contains(['.', ';', ':', '!', '?', '(', ')', '“', '”', '"', '‘', '’', '\'']) || (is_word(b) && english.contains(&lower[b]))
    };
    for i in 0..tokens.len() {
        if out[i] != Passage::English || !unknown(i) {
            continue;
        }
        let mut near = Vec::new();
        let mut j = i;
        for _ in 0..FOREIGN_PHRASE_REACH {
            if j == 0 || breaks(j - 1, j) || (is_word(j - 1) && english.contains(&lower[j - 1])) {
                break;
            }
            j -= 1;
            near.push(j);
        }
        let mut j = i;
        for _ in 0..FOREIGN_PHRASE_REACH {
            if j + 1 >= tokens.len() || breaks(j, j + 1) {
                break;
            }
            j += 1;
            near.push(j);
        }
        // (two plausible unknown words side by side are a phrase of another language too —
        // `sui generis`, `proh pudor` — where a proofread text's misreadings come one by one)
        // (not a word split in two, `substan tial`, nor a hyphenated compound)
        let plausible = |k: usize| {
            unknown(k) && tokens[k].end - tokens[k].start >= 3 && {
                let s = tokens[k].text(text);
                crate::text::is_lower(s) && !s.contains('-') && dict.implausible_trigrams(s) == 0
            }
        };
        let beside = |k: usize| {
            (k + 1 == i || i + 1 == k) && {
                let (a, b) = (i.min(k), i.max(k));
                !dict.contains(&format!("{}{}", tokens[a].text(text), tokens[b].text(text)))
            }
        };
        if near.iter().any(|&k| foreign_function(k)) || (plausible(i) && near.iter().any(|&k| beside(k) && plausible(k))) {
            out[i] = Passage::ForeignPhrase;
            for &k in &near {
                if foreign_function(k) || unknown(k) {
                    out[k] = Passage::ForeignPhrase;
                }
            }
        }
    }
}

/// The `word_hash` of each word token's lower-case form, 0 for a number or a mixed token.
pub fn lower_hashes(text: &str, tokens: &[Token]) -> Vec<u64> {
    tokens
        .iter()
        .map(|t| match t.kind {
            TokenKind::Word => crate::tokenize::with_lowercase(t.text(text), crate::lexicon::word_hash),
            _ => 0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corpus_language_is_judged_by_its_function_words() {
        let stats = |text: &str| {
            let mut s = CorpusStats::default();
            let toks: Vec<Token> = crate::tokenize::tokens(text).collect();
            s.observe("doc.txt", text, &toks);
            s
        };
        let english = "The men of the town were at the door when he came, and they said that it was not the time for it. ".repeat(20);
        let german = "Der Rath hat die Sitzung um zehn Uhr eröffnet und über die neuen Gesetze gesprochen, danach gingen alle. ".repeat(20);
        assert!(corpus_in_lexicon_language(&stats(&english)));
        assert!(!corpus_in_lexicon_language(&stats(&german)));
        // Too small to judge: the benefit of the doubt.
        assert!(corpus_in_lexicon_language(&stats("Der Rath hat beschlossen.")));
        // Judged once, before the vocabulary is dropped.
        let mut judged = stats(&english);
        judged.lexicon_language = Some(false);
        assert!(!corpus_in_lexicon_language(&judged));
    }

    #[test]
    fn a_document_language_is_judged_by_its_function_words() {
        let judge = |text: &str, corpus: &CorpusStats| {
            let toks: Vec<Token> = crate::tokenize::tokens(text).collect();
            in_lexicon_language("en", text, &toks, corpus)
        };
        let none = CorpusStats::default();
        let english = "The men of the town were at the door when he came, and they said that it was not the time. ".repeat(3);
        let german = "Der Rath hat die Sitzung um zehn Uhr eröffnet und über die neuen Gesetze gesprochen, danach. ".repeat(3);
        assert!(judge(&english, &none));
        assert!(!judge(&german, &none));
        // Too short: as the corpus is.
        let foreign = CorpusStats::default().without_forms(false);
        assert!(!judge("The men of the town.", &foreign));
        // Another language than English: no English lexicon to judge by.
        let toks: Vec<Token> = crate::tokenize::tokens(&german).collect();
        assert!(in_lexicon_language("de", &german, &toks, &none));
    }
}
