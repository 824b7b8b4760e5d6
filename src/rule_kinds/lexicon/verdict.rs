//! The verdict on a token: is it a word? Known directly (the dictionary, the user's words, a
//! form the corpus uses often and that is not a repeated fault), as an inflection of a known
//! stem, as a compound of known parts, or as an elided or contracted form of a known word.

use super::prepare::{Prepared, UNANALYSED};
use super::Verdict;
use crate::lexicon::{word_hash as form_hash, WordClass};
use crate::text::{case_of, normalise, Case};
use crate::tuning::{CORPUS_ACCEPT, CORPUS_PROB_WEIGHT, DICT_PROB_WEIGHT, FREQUENT_WORD, MIN_PROB, MIN_STEM_CHARS};

/// Suffixes whose removal gives the stem of an inflected or derived form.
pub(super) const SUFFIXES: &[&str] = &[
    "'s", "’s", "s", "es", "ed", "d", "ing", "er", "ers", "ly", "ism", "ist", "ists", "ian", "ians", "ite", "ites", "ness", "ment", "ments",
];

/// Whether `stem` + `suffix` is no inflection of `stem` because English doubles the stem's last
/// consonant before it: a word of one syllable ending in one vowel and one consonant (`bum`,
/// `turn` is not one) takes `-med`, `-ming`, `-mer` (`bummed`), so `bumed` — `burned` with `rn`
/// read as `m` — is not `bum` inflected. (`w`, `x` and `y` are never doubled: `snowed`, `fixed`.)
fn doubles_its_consonant(stem: &str, suffix: &str) -> bool {
    let b = stem.as_bytes();
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if !matches!(suffix, "ed" | "ing" | "er" | "ers") || b.len() < 2 || !b.iter().all(u8::is_ascii_lowercase) {
        return false;
    }
    let (last, before) = (b[b.len() - 1], b[b.len() - 2]);
    let syllables = b.windows(2).filter(|w| !vowel(w[0]) && vowel(w[1])).count() + usize::from(vowel(b[0]));
    syllables == 1 && !vowel(last) && !matches!(last, b'w' | b'x' | b'y') && vowel(before) && (b.len() == 2 || !vowel(b[b.len() - 3]))
}

impl Prepared {
    /// How often the corpus writes this lower-case form, in any case.
    pub(super) fn corpus_count(&self, lower: &str) -> u64 {
        self.lower
            .get(&form_hash(lower))
            .map_or(0, |&(cap, low)| u64::from(cap) + u64::from(low))
    }

    /// Does the corpus write this lower-case form with a capital only?
    pub(super) fn capitalised(&self, lower: &str) -> bool {
        self.lower.get(&form_hash(lower)).is_some_and(|&(cap, low)| cap > 0 && low == 0)
    }

    /// Is this lower-case form a word of the lexicon (as the given case)?
    pub(super) fn in_dict(&self, lower: &str, case: Case) -> bool {
        if self.user.contains(lower) {
            return true;
        }
        let Some(d) = self.dict else { return false };
        match d.get(lower) {
            None => false,
            Some(e) => match e.class {
                WordClass::Common | WordClass::FrequencyOnly => true,
                // A proper noun written in lower case is not a word (`ot`, `bo`).
                WordClass::Proper => case != Case::Lower || e.freq >= FREQUENT_WORD,
            },
        }
    }

    /// In the lexicon, or used often by the corpus and no repeated fault.
    fn known_plain(&self, lower: &str, case: Case) -> bool {
        self.in_dict(lower, case) || (self.corpus_count(lower) >= CORPUS_ACCEPT && !self.suspect.contains(lower))
    }

    /// Known directly, as an inflection, or as a compound of known parts.
    pub(super) fn known(&self, lower: &str, case: Case) -> bool {
        let norm: std::borrow::Cow<str> = if lower.contains('’') {
            lower.replace('’', "'").into()
        } else {
            lower.into()
        };
        if self.known_plain(&norm, case) {
            return true;
        }
        for suf in SUFFIXES {
            if let Some(stem) = norm.strip_suffix(suf) {
                if stem.chars().count() >= MIN_STEM_CHARS
                    && ((self.known_plain(stem, case) && !doubles_its_consonant(stem, suf)) || self.known_plain(&format!("{stem}e"), case))
                {
                    return true;
                }
            }
        }
        if norm.contains('-') {
            return norm
                .split('-')
                .all(|p| p.is_empty() || self.known(p, case) || p.chars().count() <= 2);
        }
        // Elided past tenses of older print: `confin'd`, `rais'd`, `occurr'd`.
        if let Some(stem) = norm.strip_suffix("'d") {
            if stem.chars().count() >= 2
                && [format!("{stem}ed"), format!("{stem}d"), format!("{stem}ied")]
                    .iter()
                    .any(|w| self.known_plain(w, case))
            {
                return true;
            }
            if let Some(short) = stem.strip_suffix(|c: char| c.is_alphabetic()) {
                if self.known_plain(&format!("{stem}ed"), case) || self.known_plain(&format!("{short}ed"), case) {
                    return true;
                }
            }
        }
        if let Some((a, b)) = norm.split_once('\'') {
            return self.known_plain(a, case) && matches!(b, "s" | "t" | "ll" | "re" | "ve" | "d" | "m");
        }
        false
    }

    /// Is this form (as written) a word? Judged as `known` does.
    pub(super) fn judge(&self, form: &str) -> bool {
        self.known(&normalise(form), case_of(form))
    }

    /// The verdict on a form of the corpus, as written (one look-up).
    pub(super) fn verdict(&self, form: &str) -> Option<Verdict> {
        self.verdicts.get(&form_hash(form)).copied()
    }

    /// The verdict on a form as written: one look-up for a form of the corpus, else judged now
    /// (its candidates searched when it is reported).
    pub(super) fn verdict_on(&self, form: &str) -> Verdict {
        self.verdict(form).unwrap_or_else(|| {
            if self.judge(form) {
                Verdict::Known
            } else {
                Verdict::Unknown(UNANALYSED)
            }
        })
    }

    /// ln of the blended probability of a word (corpus first, dictionary second) that the
    /// corpus uses `count` times and the dictionary gives frequency `freq`.
    pub(super) fn log_prob_of(&self, count: u64, freq: u64) -> f32 {
        let c = count as f64 / self.corpus_tokens.max(1.0);
        let d = self.dict.map(|d| freq as f64 / d.total).unwrap_or(0.0);
        let p = CORPUS_PROB_WEIGHT * c + DICT_PROB_WEIGHT * d;
        (p.max(MIN_PROB)).ln() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::doubles_its_consonant as doubles;

    #[test]
    fn one_syllable_stems_ending_vowel_consonant_double_before_a_vowel_suffix() {
        // `bumed`, `tumed`, `runing`, `stoped`: no inflections of `bum`, `tum`, `run`, `stop`.
        for (stem, suf) in [("bum", "ed"), ("tum", "ed"), ("run", "ing"), ("stop", "ed"), ("big", "er")] {
            assert!(doubles(stem, suf), "{stem}+{suf}");
        }
        // Inflections as written: two syllables, two vowels, a final w/x/y, a consonant suffix.
        for (stem, suf) in [
            ("open", "ed"),
            ("visit", "ing"),
            ("boil", "ed"),
            ("snow", "ed"),
            ("fix", "ed"),
            ("play", "er"),
            ("turn", "ed"),
            ("bum", "s"),
            ("Bum", "ed"),
        ] {
            assert!(!doubles(stem, suf), "{stem}+{suf}");
        }
    }
}
