//! The candidate search: the words an unknown form may be a misreading of, reached by named
//! confusions (`rn` → `m`) and plain edits, ranked by cost and frequency (corpus first,
//! dictionary second).

use super::prepare::Candidate;
use super::LexiconCheck;
use crate::confusion::{ConfusionTable, Scope};
use crate::lexicon::{word_hash as form_hash, WordClass};
use crate::text::is_inflection_of;
use crate::tuning::{
    CANDIDATES_KEPT, FREQUENCY_WEIGHT, MAX_WORD_CHARS, PLAIN_AFTER_CONFUSION_COST, PLAIN_AFTER_CONFUSION_MAX_LEN, TWO_CONFUSIONS_MAX_LEN,
};
use rustc_hash::FxHashMap;

impl LexiconCheck {
    /// Ranked candidates for an unknown lower-case form (none for a token too long to be a
    /// word: the search would cost more than it could find). `thorough` for a proofread text
    /// (two confusions, a plain edit after a cheap confusion), else quick (raw OCR).
    pub(super) fn candidates(&self, lower: &str, confusions: &ConfusionTable, thorough: bool) -> Vec<Candidate> {
        let p = &self.prepared;
        if lower.chars().count() > MAX_WORD_CHARS {
            return Vec::new();
        }
        let mut found: FxHashMap<String, (f32, bool)> = FxHashMap::default();
        let mut consider = |w: &str, cost: f32, generic: bool| match found.get_mut(w) {
            Some(e) if cost < e.0 => *e = (cost, generic),
            Some(_) => {}
            None => {
                found.insert(w.to_string(), (cost, generic));
            }
        };
        let is_word = |w: &str| p.accepted.contains(&form_hash(w));
        // Two confusion edits for words of ordinary length, one for long ones (the search grows
        // with the square of the length).
        let depth = if thorough && lower.len() <= TWO_CONFUSIONS_MAX_LEN { 2 } else { 1 };
        // One plain edit, alone or after one cheap confusion (only after the cheapest
        // confusions: each start costs a deletion-index probe per letter).
        let mut starts: Vec<(String, f32)> = vec![(lower.to_string(), 0.0)];
        let start_cost = if thorough && lower.len() <= PLAIN_AFTER_CONFUSION_MAX_LEN {
            PLAIN_AFTER_CONFUSION_COST.min(self.max_cost - self.generic_cost)
        } else {
            -1.0
        };
        confusions.expand_each(lower, Scope::Word, depth, self.max_cost, &mut |w, c| {
            if is_word(w) {
                consider(w, c, false);
            }
            if c <= start_cost {
                match starts.iter_mut().find(|(s, _)| s == w) {
                    Some(e) => e.1 = e.1.min(c),
                    None => starts.push((w.to_string(), c)),
                }
            }
        });
        for (s, c) in starts {
            let cost = c + self.generic_cost;
            p.index.each_within_one(&s, |w| consider(w, cost, true));
        }
        let mut out: Vec<Candidate> = found
            .into_iter()
            .filter(|(w, _)| w != lower && !is_inflection_of(lower, w))
            .map(|(w, (cost, generic))| {
                // (one look-up in each table)
                let corpus_count = p.corpus_count(&w);
                let entry = p.dict.and_then(|d| d.get(&w));
                let dict_freq = entry.map_or(0, |e| e.freq);
                let score = cost - FREQUENCY_WEIGHT * p.log_prob_of(corpus_count, dict_freq);
                let proper = entry.is_some_and(|e| e.class == WordClass::Proper);
                Candidate {
                    corpus_count,
                    dict_freq,
                    proper,
                    word: w,
                    cost,
                    score,
                    generic,
                }
            })
            .collect();
        out.sort_by(|a, b| a.score.total_cmp(&b.score).then_with(|| a.word.cmp(&b.word)));
        out.truncate(CANDIDATES_KEPT);
        // (kept for the run in the caches of analysed and repeated forms: not with the room of
        // every word considered)
        out.shrink_to_fit();
        out
    }
}
