//! `split-word`: a word split in two by a space (`consider able`, `re main`) or by a hyphen
//! left from a line break (`pro- perty`); joined when the joined word is known and the parts
//! are not both words (or, in raw OCR, when the joined word is frequent and the pair is not).

use super::{LexiconCheck, Verdict};
use crate::finding::Finding;
use crate::lexicon::WordClass;
use crate::rule_kinds::rule::{CheckContext, RuleMeta};
use crate::text::{case_of, Case};
use crate::tokenize::{match_case, TokenKind};
use crate::tuning::{CORPUS_ACCEPT, FREQUENT_WORD, SPLIT_JOIN_MIN_FREQ};

impl LexiconCheck {
    /// A word split in two by a space (`consider able`, `re main`) or by a hyphen left from a
    /// line break (`pro- perty`).
    pub(super) fn split_words(
        &self,
        cx: &CheckContext<'_>,
        meta: &RuleMeta,
        noisy: bool,
        verdicts: &[Verdict],
        joined: &mut [bool],
        out: &mut Vec<Finding>,
    ) {
        let p = &self.prepared;
        let Some(dict) = p.dict else { return };
        let toks = cx.tokens;
        let text = cx.text;
        let mut j = String::new();
        let mut i = 0;
        while i + 1 < toks.len() {
            let (a, b) = (toks[i], toks[i + 1]);
            i += 1;
            if a.kind != TokenKind::Word || b.kind != TokenKind::Word {
                continue;
            }
            let gap = &text[a.end..b.start];
            let hyphen = gap == "- " || gap == "-  ";
            if gap != " " && !hyphen {
                continue;
            }
            let both_known = verdicts[i - 1] == Verdict::Known && verdicts[i] == Verdict::Known;
            let (sa, sb) = (a.text(text), b.text(text));
            // Two words side by side are joined only in raw OCR, and only when the second is
            // long enough: most pairs of a text are dismissed here without a look-up.
            if both_known && !hyphen && (!noisy || sb.len() < 3 || sa.len() < 2) {
                continue;
            }
            if sa.contains(['-', '\'', '’'])
                || sb.contains(['-', '\'', '’'])
                || case_of(sb) != Case::Lower
                || matches!(case_of(sa), Case::Mixed | Case::Upper)
            {
                continue;
            }
            j.clear();
            if sa.is_ascii() {
                j.extend(sa.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                j.push_str(&sa.to_lowercase());
            }
            j.push_str(sb);
            let j_known = dict.get(&j).is_some_and(|e| e.class != WordClass::Proper)
                && (dict.freq(&j) >= SPLIT_JOIN_MIN_FREQ || p.corpus_count(&j) >= CORPUS_ACCEPT);
            if !j_known && !hyphen {
                continue;
            }
            let (la, lb) = (sa.to_lowercase(), sb.to_lowercase());
            let (ka, kb) = (p.known(&la, Case::Lower), p.known(&lb, Case::Lower));
            let replacement = if j_known {
                let evidence = if hyphen {
                    // `pro- perty`: a hyphen followed by a space inside a word
                    true
                } else if !ka || !kb {
                    // `re main`, `mea sures`: a part that is no word
                    !(ka && kb) && la.chars().count() >= 2 && lb.chars().count() >= 2
                } else {
                    // both parts words (`consider able`): only in raw OCR, and only when the
                    // joined word is frequent and the pair is not
                    noisy && dict.freq(&j) >= FREQUENT_WORD && dict.bigram(&la, &lb) == 0 && la.len() >= 2 && lb.len() >= 3
                };
                evidence.then(|| match_case(sa, &j))
            } else if hyphen && ka && kb {
                // `well- known`: a compound whose hyphen lost its second half's attachment
                let h = format!("{la}-{lb}");
                dict.contains(&h).then(|| match_case(sa, &format!("{sa}-{sb}").to_lowercase()))
            } else {
                None
            };
            let Some(rep) = replacement else {
                // A hyphen and a space inside a line that neither half nor the join explains
                // (`Lon- don`, `Detective- sergeant`), unless it is a suspended hyphen (`pre- and
                // post-war`): reported with both readings, for a person to choose.
                if hyphen
                    && !matches!(lb.as_str(), "and" | "or" | "nor" | "to" | "but")
                    && la.chars().count() >= 2
                    && lb.chars().count() >= 2
                {
                    let found = &text[a.start..b.end];
                    let readings = vec![match_case(sa, &j), format!("{sa}-{sb}")];
                    let message = format!(
                        "`{found}`: a hyphen and a space inside a line; a word broken at a line end (`{}`)?",
                        readings[0]
                    );
                    out.push(Finding::new(&meta.id, meta.severity, a.start, b.end, message).with_suggestions(readings));
                    joined[i - 1] = true;
                    joined[i] = true;
                    i += 1;
                }
                continue;
            };
            joined[i - 1] = true;
            joined[i] = true;
            out.push(meta.replacement(a.start, b.end, &text[a.start..b.end], rep));
            i += 1;
        }
    }
}
