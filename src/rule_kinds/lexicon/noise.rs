//! How noisy a document is, as the lexicon measures it: its share of unknown lower-case words
//! over the noise threshold (1 or more is raw OCR), and whether some unknown lower-case word is
//! garble. Both are facts of the document, judged once (see `DocumentFacts`).

use super::{LexiconCheck, Verdict};
use crate::rule_kinds::facts::{Noise, Passage};
use crate::rule_kinds::rule::CheckContext;
use crate::text::is_lower;
use crate::text::normalise;
use crate::text::{case_of, Case};
use crate::tokenize::TokenKind;
use crate::tuning::{GARBLE_SHARE_OF_RAW_OCR, GARBLE_TRIGRAMS, NOISE_MIN_WORD_LEN, NOISE_PRIOR_WORDS, NOISY_THRESHOLD};

impl LexiconCheck {
    /// The document's noise, measured on the lexicon's verdicts.
    pub(super) fn measured_noise(&self, cx: &CheckContext<'_>) -> Noise {
        let verdicts = self.token_verdicts(cx);
        Noise::Measured(self.noise_ratio(cx, |i| verdicts[i] == Verdict::Known))
    }

    /// How noisy a document is: its share of unknown lower-case words of three letters or more
    /// (`known` says whether word token `i` is known), divided by the noise threshold. Short
    /// documents borrow the corpus' noise level.
    fn noise_ratio(&self, cx: &CheckContext<'_>, known: impl Fn(usize) -> bool) -> f64 {
        let (mut lower_words, mut unknown_lower) = (0usize, 0usize);
        for (i, t) in cx.tokens.iter().enumerate() {
            // (a passage in another language says nothing of the English text's noise)
            if t.kind == TokenKind::Word
                && t.end - t.start >= NOISE_MIN_WORD_LEN
                && is_lower(t.text(cx.text))
                && cx.passage(i) != Passage::Foreign
            {
                if !known(i) {
                    let s = t.text(cx.text);
                    // (nor does a Roman numeral, `dccccxlii`, nor a word of plausible letters
                    // on a line unlike English — a verse no detector could name, a list of
                    // names — or in a phrase of another language, where raw OCR's garble still
                    // counts)
                    if super::evidence::is_roman(s)
                        || (matches!(cx.passage(i), Passage::UnlikeEnglish | Passage::ForeignPhrase)
                            && self.prepared.dict.is_some_and(|d| d.implausible_trigrams(&normalise(s)) == 0))
                    {
                        continue;
                    }
                    unknown_lower += 1;
                }
                lower_words += 1;
            }
        }
        let threshold = cx.config.ocr.noisy_threshold.unwrap_or(NOISY_THRESHOLD);
        let prior = NOISE_PRIOR_WORDS as f64;
        let noise = if lower_words >= NOISE_PRIOR_WORDS {
            unknown_lower as f64 / lower_words as f64
        } else {
            (unknown_lower as f64 + prior * self.prepared.corpus_noise) / (lower_words as f64 + prior)
        };
        noise / threshold
    }

    /// Is this document's garble (unknown lower-case words made of letter sequences no English
    /// word has) that of raw OCR (judged once per document)? A garbled word or two in a book
    /// are its few faults; raw OCR garbles about one word in a few hundred or more.
    pub(super) fn lower_garble(&self, cx: &CheckContext<'_>) -> bool {
        cx.lower_garble(|| {
            let p = &self.prepared;
            let Some(dict) = p.dict else { return false };
            let (mut words, mut garbled) = (0usize, 0usize);
            for (i, t) in cx.tokens.iter().enumerate() {
                if t.kind != TokenKind::Word || t.end - t.start < NOISE_MIN_WORD_LEN || cx.passage(i) == Passage::Foreign {
                    continue;
                }
                let s = t.text(cx.text);
                if case_of(s) != Case::Lower {
                    continue;
                }
                words += 1;
                // (an accented word is a transliteration or a foreign word, not garble: OCR of
                // English print garbles into ASCII)
                // (nor is a Roman numeral, `dccccxliv`)
                if s.is_ascii()
                    && p.verdict_on(s) != Verdict::Known
                    && dict.implausible_trigrams(&normalise(s)) >= GARBLE_TRIGRAMS
                    && !super::evidence::is_roman(s)
                {
                    garbled += 1;
                }
            }
            garbled > 0 && garbled as f64 >= GARBLE_SHARE_OF_RAW_OCR * words as f64
        })
    }
}
