//! `[[real-word]]`: real words that are OCR misreadings of a likelier word in their context
//! (`alf` for `all`, `he` for `be`, `arid` for `and`). Decided by context, never by the word
//! alone.
//!
//! ```toml
//! [[real-word]]
//! id = "ocr/real-word"
//! message = "`{found}` here reads as an OCR misreading of `{fix}`"
//! pairs = [
//!   { observed = "alf", intended = "all", right = '^\s+(the|of|his|her|their|these|those|that|was|were|other)\b' },
//!   { observed = "he", intended = "be", left = '(?i)\b(to|will|would|shall|should|could|must|may|might|can|cannot)\s+$', right = '^\s+(no|[a-z]+ed|[a-z]+en)\b', not-right = '^\s+no\s+(longer|more|doubt)' },
//!   { observed = "arid", intended = "and", bigram = true },
//! ]
//! ```
//!
//! A pair fires when its `left` pattern matches the text before the word (anchor it with `$`)
//! and its `right` pattern the text after it (anchor it with `^`), and neither `not-left` nor
//! `not-right` matches. A pair with `bigram = true` (and no patterns) fires when the embedded
//! bigram counts, with the neighbouring words, favour the intended word by a wide margin (at
//! least `ratio`, default 50) and the corpus does not use the observed word in the same company.
//! Case is kept (`Alf` → `All`).

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::finding::{Applicability, Finding, Fix};
use crate::lexicon::Dictionary;
use crate::rule_spec;
use crate::text::spaced_neighbour;
use crate::tokenize::{match_case, TokenKind};
use crate::tuning::{
    REAL_WORD_BIGRAM_SMOOTHING, REAL_WORD_DEFAULT_RATIO, REAL_WORD_MAX_LEN, REAL_WORD_MIN_BIGRAM, REAL_WORD_PROOFREAD_RATIO,
    REAL_WORD_WINDOW,
};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;
use toml_edit::Table;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PairSpec {
    pub observed: String,
    pub intended: String,
    #[serde(default)]
    pub left: Option<Spanned<String>>,
    #[serde(default)]
    pub right: Option<Spanned<String>>,
    #[serde(default)]
    pub not_left: Option<Spanned<String>>,
    #[serde(default)]
    pub not_right: Option<Spanned<String>>,
    #[serde(default)]
    pub bigram: bool,
    #[serde(default)]
    pub ratio: Option<f64>,
    /// The most this pair's fix may be (default: the rule's applicability).
    #[serde(default)]
    pub applicability: Option<Applicability>,
}

rule_spec! {
    pub struct RealWordSpec {
        pub pairs: Vec<PairSpec>,
        #[serde(default)]
        pub applicability: Option<Applicability>,
    }
}

struct Pair {
    observed: String,
    intended: String,
    left: Option<Regex>,
    right: Option<Regex>,
    not_left: Option<Regex>,
    not_right: Option<Regex>,
    bigram: bool,
    ratio: f64,
    applicability: Applicability,
}

pub struct RealWordRule {
    meta: RuleMeta,
    pairs: Vec<Pair>,
    /// The `word_hash`es of the observed words of `pairs`: a token whose lower-case form hashes
    /// to none of them is passed over without a string made or compared.
    observed_hashes: rustc_hash::FxHashSet<u64>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut out: Vec<Box<dyn Check>> = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<RealWordSpec>(table) else { continue };
        let app = spec.applicability.unwrap_or(Applicability::Unsafe);
        let mut pairs = Vec::new();
        let mut ok = true;
        for p in &spec.pairs {
            let re = |r: &Option<Spanned<String>>, cx: &mut LoadCx| -> Option<Option<Regex>> {
                match r {
                    None => Some(None),
                    Some(s) => cx.regex(s).map(Some),
                }
            };
            let (Some(left), Some(right), Some(not_left), Some(not_right)) =
                (re(&p.left, cx), re(&p.right, cx), re(&p.not_left, cx), re(&p.not_right, cx))
            else {
                ok = false;
                continue;
            };
            if left.is_none() && right.is_none() && !p.bigram {
                cx.error(
                    table.get("pairs").and_then(|i| i.span()),
                    format!(
                        "`{}` → `{}`: a pair needs `left`, `right` or `bigram = true`",
                        p.observed, p.intended
                    ),
                );
                ok = false;
                continue;
            }
            if p.observed.is_empty() || p.observed == p.intended || p.observed.contains(char::is_whitespace) {
                cx.error(
                    table.get("pairs").and_then(|i| i.span()),
                    format!(
                        "`{}` → `{}`: observed must be one word different from intended",
                        p.observed, p.intended
                    ),
                );
                ok = false;
                continue;
            }
            pairs.push(Pair {
                observed: p.observed.to_lowercase(),
                intended: p.intended.clone(),
                left,
                right,
                not_left,
                not_right,
                bigram: p.bigram,
                ratio: p.ratio.unwrap_or(REAL_WORD_DEFAULT_RATIO),
                applicability: p.applicability.unwrap_or(app).min(app),
            });
        }
        let Some(meta) = cx.meta("real-word", &spec, Some(app)) else {
            continue;
        };
        if ok {
            let observed_hashes = pairs.iter().map(|p| crate::lexicon::word_hash(&p.observed)).collect();
            out.push(Box::new(RealWordRule {
                meta,
                pairs,
                observed_hashes,
            }));
        }
    }
    out
}

impl Check for RealWordRule {
    fn rules(&self) -> Vec<&RuleMeta> {
        vec![&self.meta]
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        let dict = Dictionary::for_language(&cx.config.language);
        if dict.is_some() && !cx.lexicon_language() {
            return;
        }
        let hashes = cx.lower_hashes();
        let proofread = cx.proofread();
        for (i, t) in cx.tokens.iter().enumerate() {
            if t.kind != TokenKind::Word || t.end - t.start > REAL_WORD_MAX_LEN || !self.observed_hashes.contains(&hashes[i]) {
                continue;
            }
            // (a proofread text's foreign words and the words it uses as a habit are the author's)
            if cx.foreign(i) || (proofread && cx.habitual(i)) {
                continue;
            }
            let s = t.text(cx.text);
            // (a form whose hash only collides with an observed word's matches no pair)
            let lower = s.to_lowercase();
            for p in self.pairs.iter().filter(|p| p.observed == lower) {
                // Look at a bounded window on each side, cut at character boundaries.
                let mut from = t.start.saturating_sub(REAL_WORD_WINDOW);
                while !cx.text.is_char_boundary(from) {
                    from += 1;
                }
                let mut to = (t.end + REAL_WORD_WINDOW).min(cx.text.len());
                while !cx.text.is_char_boundary(to) {
                    to -= 1;
                }
                let before = &cx.text[from..t.start];
                let after = &cx.text[t.end..to];
                let mut fired = false;
                if p.left.is_some() || p.right.is_some() {
                    fired = p.left.as_ref().is_none_or(|r| r.is_match(before)) && p.right.as_ref().is_none_or(|r| r.is_match(after));
                }
                if !fired && p.bigram {
                    if let Some(d) = dict {
                        let prev = spaced_neighbour(cx.text, cx.tokens, i, true);
                        let next = spaced_neighbour(cx.text, cx.tokens, i, false);
                        let score = |w: &str| -> f64 {
                            let w = w.to_lowercase();
                            prev.as_deref().map(|a| d.bigram(a, &w)).unwrap_or(0) as f64
                                + next.as_deref().map(|b| d.bigram(&w, b)).unwrap_or(0) as f64
                        };
                        let (so, si) = (score(&p.observed), score(&p.intended));
                        fired = (prev.is_some() || next.is_some())
                            && si >= REAL_WORD_MIN_BIGRAM
                            && si >= p.ratio * (so + REAL_WORD_BIGRAM_SMOOTHING);
                        // In a proofread text, where a misreading is rare, the bigram list must
                        // say so on both sides: the observed word attested beside neither
                        // neighbour (a pair missing from the list on one side is no evidence:
                        // `could bear`).
                        // And the observed word must be rare beside the intended one (`tho`,
                        // `arid`, `bis`): a common word such as `bear` is seldom a misreading of
                        // `hear` where misreadings are rare, however the list's pairs fall.
                        let freq = |w: &str| d.get(w).map_or(0, |e| e.freq);
                        if fired && proofread && freq(&p.intended) < REAL_WORD_PROOFREAD_RATIO.saturating_mul(freq(&p.observed)) {
                            fired = false;
                        }
                        if fired && proofread {
                            let (a, b) = (prev.as_deref(), next.as_deref());
                            let pair = |x: &str, y: &str| d.bigram(&x.to_lowercase(), &y.to_lowercase());
                            fired = match (a, b) {
                                (Some(a), Some(b)) => pair(a, &p.observed) == 0 && pair(&p.observed, b) == 0,
                                _ => false,
                            };
                        }
                    }
                }
                if !fired
                    || p.not_left.as_ref().is_some_and(|r| r.is_match(before))
                    || p.not_right.as_ref().is_some_and(|r| r.is_match(after))
                {
                    continue;
                }
                let fix = match_case(s, &p.intended);
                let message = self.meta.message.replace("{found}", s).replace("{fix}", &fix);
                out.push(
                    Finding::new(&self.meta.id, self.meta.severity, t.start, t.end, message)
                        .with_fix(Fix::replace(t.start, t.end, fix.clone(), p.applicability))
                        .with_suggestions(vec![fix]),
                );
                break;
            }
        }
    }
}
