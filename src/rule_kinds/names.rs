//! `[[names]]`: the spellings of one name across the whole corpus.
//!
//! ```toml
//! [[names]]
//! id = "names/minority-spelling"
//! check = "minority"        # or "configured"
//! message = "{detail}"      # `{found}`, `{suggestion}` and `{detail}` are filled in
//! ```
//!
//! - `configured`: a variant listed in scanno.toml (`[names.variants]`, canonical → variants)
//!   is reported wherever it occurs, with the canonical spelling as the suggestion.
//! - `minority`: names are discovered in the corpus statistics (capitalised forms that also
//!   occur mid-sentence and never in lower case; a possessive `’s` is stripped) and grouped
//!   across all files by a transliteration-aware key (diacritics, apostrophes and hyphens
//!   dropped; `dzh`/`dj`/`zh` → `j`, `kh` → `h`, `ya` → `ia`, `ye` → `e`, `y` → `i`, `w` → `v`,
//!   doubled letters collapsed, so `-sky`/`-ski`/`-skii` agree) and by one cheap OCR confusion
//!   (`rn`/`m`, `n`/`u`, `h`/`b`, `e`/`c`, `l`/`i`, `cl`/`d`, `li`/`h`, `ii`/`u`). A spelling is
//!   reported when another spelling of its group clearly dominates (at least 2 occurrences and
//!   twice as many; three times for an OCR-confusion relation), with related locations of the
//!   dominant spelling, in other files too. A configured canonical spelling always dominates.
//!   Derived forms (`Georgia`/`Georgian`, `Marxism`/`Marxist`) are never variants: the key
//!   does not join them, and OCR relations between forms of one stem are ignored.
//!
//! Names are never fixed automatically: the fix is `manual`, for review.

use super::rule::{Check, CheckContext, LoadCx, RuleMeta};
use crate::config::Config;
use crate::corpus::{CorpusStats, Location};
use crate::finding::{Applicability, Finding, Fix, Related};
use crate::rule_spec;
use crate::text::{fold, is_apostrophe, is_capitalised, times};
use crate::tokenize::TokenKind;
use crate::tuning::{LARGE_COLLECTION_FILES, MINORITY_MIN_MAJORITY, MINORITY_RATIO, OCR_MINORITY_RATIO, OCR_NAME_MIN_CHARS};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use toml_edit::Table;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum NamesCheckKind {
    Configured,
    Minority,
}

rule_spec! {
    pub struct NamesSpec {
        pub check: NamesCheckKind,
    }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

/// The transliteration-aware key of a name (see the module documentation).
pub fn name_key(s: &str) -> String {
    // Czech-style letters of Slavic transliteration stand for digraphs (`Žordania`).
    let s = s.replace(['ž', 'Ž'], "zh").replace(['š', 'Š'], "sh").replace(['č', 'Č'], "ch");
    let mut k: String = fold(&s).chars().filter(|c| !is_apostrophe(*c) && *c != '-').collect();
    for (from, to) in [
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("kh", "h"),
        ("sch", "sh"),
        ("tch", "ch"),
        ("ya", "ia"),
        ("yu", "iu"),
        ("yo", "io"),
        ("ye", "e"),
        ("ie", "e"),
        ("tz", "ts"),
        ("w", "v"),
        ("x", "ks"),
        ("iy", "i"),
        ("yi", "i"),
        ("ii", "i"),
        ("y", "i"),
        ("ph", "f"),
    ] {
        if k.contains(from) {
            k = k.replace(from, to);
        }
    }
    let mut out = String::with_capacity(k.len());
    for c in k.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// OCR confusions cheap enough to relate two spellings of one name (both directions).
const OCR_PAIRS: [(&str, &str); 8] = [
    ("rn", "m"),
    ("n", "u"),
    ("h", "b"),
    ("e", "c"),
    ("l", "i"),
    ("cl", "d"),
    ("li", "h"),
    ("ii", "u"),
];

/// Every string one OCR confusion away from `s`.
pub fn ocr_neighbours(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (a, b) in OCR_PAIRS {
        for (from, to) in [(a, b), (b, a)] {
            for (i, _) in s.match_indices(from) {
                let mut v = String::with_capacity(s.len() + 1);
                v.push_str(&s[..i]);
                v.push_str(to);
                v.push_str(&s[i + from.len()..]);
                out.push(v);
            }
        }
    }
    out
}

/// The stem of a name for derived-form checks (`Georgian` → `georgi`, `Marxist` → `marx`).
pub fn stem(s: &str) -> String {
    let f = fold(s);
    for suf in ["isms", "ists", "ians", "ism", "ist", "ian", "ia", "ka", "an", "s", "n", "y", "a"] {
        if let Some(st) = f.strip_suffix(suf) {
            if st.chars().count() >= 3 {
                return st.to_string();
            }
        }
    }
    f
}

/// `Koba’s` → `Koba`.
pub fn strip_possessive(s: &str) -> &str {
    for suf in ["’s", "'s", "’S", "'S"] {
        if let Some(b) = s.strip_suffix(suf) {
            if !b.is_empty() {
                return b;
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------

/// How a variant relates to the dominant spelling of its group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Listed in scanno.toml.
    Configured,
    /// The same name up to diacritics, apostrophes and transliteration.
    Spelling,
    /// One OCR confusion away.
    Ocr,
    /// In the group through another variant only (never reported).
    Indirect,
}

impl Relation {
    pub fn describe(self) -> &'static str {
        match self {
            Relation::Configured => "a variant listed in scanno.toml",
            Relation::Spelling => "the same name up to diacritics or transliteration",
            Relation::Ocr => "one OCR confusion away",
            Relation::Indirect => "related through another variant",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant {
    pub form: String,
    pub count: u64,
    pub relation: Relation,
    /// Whether this spelling is reported as a minority of the dominant one.
    pub reported: bool,
}

/// A name and its spellings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameGroup {
    pub name: String,
    pub count: u64,
    /// The canonical spelling comes from scanno.toml.
    pub configured: bool,
    pub variants: Vec<Variant>,
}

impl NameGroup {
    pub fn total(&self) -> u64 {
        self.count + self.variants.iter().map(|v| v.count).sum::<u64>()
    }
}

fn is_name_form(s: &str) -> bool {
    if !is_capitalised(s) {
        return false;
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 || letters.iter().all(|c| c.is_uppercase()) {
        return false;
    }
    s.chars().all(|c| c.is_alphabetic() || c == '-' || is_apostrophe(c))
}

/// Groups every name of the corpus with its variant spellings. Deterministic: sorted by
/// total count (descending), then name.
pub fn discover(stats: &CorpusStats, config: &Config) -> Vec<NameGroup> {
    let canonical: BTreeMap<&str, &str> = config
        .names
        .variants
        .iter()
        .flat_map(|(c, vs)| vs.iter().map(move |v| (v.as_str(), c.as_str())))
        .collect();
    let is_canonical = |f: &str| config.names.variants.contains_key(f);
    // Names, with possessives folded into their base form. A name never occurs in lower case
    // (unless the configuration names it).
    let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new(); // base -> (count, mid-sentence)
    for (form, n) in stats.forms() {
        if !is_name_form(form) {
            continue;
        }
        let base = strip_possessive(form);
        let e = match counts.get_mut(base) {
            Some(e) => e,
            None if is_canonical(base) || canonical.contains_key(base) || stats.count(&base.to_lowercase()) == 0 => {
                counts.entry(base.to_string()).or_default()
            }
            None => continue,
        };
        e.0 += n;
        e.1 += stats.mid_sentence(form);
    }
    // A name is confirmed when it also occurs mid-sentence (a form seen only at sentence
    // starts may still be a variant of a confirmed name).
    let mut confirmed: Vec<bool> = Vec::new();
    let names: Vec<(String, u64)> = counts
        .into_iter()
        .map(|(b, (n, mid))| {
            confirmed.push(mid > 0 || is_canonical(&b) || canonical.contains_key(b.as_str()));
            (b, n)
        })
        .collect();
    // Union-find over the names.
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p[ra.max(rb)] = ra.min(rb);
        }
    };
    let keys: Vec<String> = names.iter().map(|(n, _)| name_key(n)).collect();
    let folded: Vec<String> = names.iter().map(|(n, _)| fold(n)).collect();
    let mut by_key: HashMap<&str, usize> = HashMap::default();
    let mut by_fold: HashMap<&str, usize> = HashMap::default();
    for i in 0..names.len() {
        match by_key.get(keys[i].as_str()) {
            Some(&j) => union(&mut parent, i, j),
            None => {
                by_key.insert(keys[i].as_str(), i);
            }
        }
        by_fold.entry(folded[i].as_str()).or_insert(i);
    }
    for i in 0..names.len() {
        if folded[i].chars().count() < OCR_NAME_MIN_CHARS {
            continue;
        }
        for v in ocr_neighbours(&folded[i]) {
            if let Some(&j) = by_fold.get(v.as_str()) {
                if stem(&names[i].0) != stem(&names[j].0) {
                    union(&mut parent, i, j);
                }
            }
        }
    }
    // Configured variants join their canonical spelling.
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, (n, _))| (n.as_str(), i)).collect();
    for (v, c) in &canonical {
        if let (Some(&a), Some(&b)) = (index.get(v), index.get(c)) {
            union(&mut parent, a, b);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..names.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<NameGroup> = groups
        .into_values()
        .filter(|members| members.iter().any(|&m| confirmed[m]))
        .map(|members| {
            let dom = members
                .iter()
                .copied()
                .max_by(|&a, &b| {
                    (is_canonical(&names[a].0), confirmed[a], names[a].1)
                        .cmp(&(is_canonical(&names[b].0), confirmed[b], names[b].1))
                        .then_with(|| names[b].0.cmp(&names[a].0))
                })
                .expect("a group has members");
            let (dname, dcount) = (&names[dom].0, names[dom].1);
            let configured = is_canonical(dname);
            let mut variants: Vec<Variant> = members
                .iter()
                .filter(|&&m| m != dom)
                .map(|&m| {
                    let (form, count) = (&names[m].0, names[m].1);
                    let relation = if canonical.get(form.as_str()) == Some(&dname.as_str()) {
                        Relation::Configured
                    } else if keys[m] == keys[dom] {
                        Relation::Spelling
                    } else if ocr_neighbours(&folded[m]).contains(&folded[dom]) {
                        Relation::Ocr
                    } else {
                        Relation::Indirect
                    };
                    let reported = match relation {
                        Relation::Spelling => configured || (dcount >= MINORITY_MIN_MAJORITY && dcount >= MINORITY_RATIO * count),
                        Relation::Ocr => configured || (dcount >= OCR_MINORITY_RATIO && dcount >= OCR_MINORITY_RATIO * count),
                        Relation::Configured | Relation::Indirect => false,
                    };
                    Variant {
                        form: form.clone(),
                        count,
                        relation,
                        reported,
                    }
                })
                .collect();
            variants.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.form.cmp(&b.form)));
            NameGroup {
                name: dname.clone(),
                count: dcount,
                configured,
                variants,
            }
        })
        .collect();
    out.sort_by(|a, b| b.total().cmp(&a.total()).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Up to `n` sample locations of a form and its possessives, sorted.
pub fn samples_of(stats: &CorpusStats, form: &str, n: usize) -> Vec<Location> {
    let mut v: Vec<Location> = [form.to_string(), format!("{form}’s"), format!("{form}'s")]
        .iter()
        .flat_map(|f| stats.samples_of(f))
        .cloned()
        .collect();
    v.sort();
    v.dedup();
    v.truncate(n);
    v
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// A spelling to report: the dominant one and why.
struct Target {
    base_len: usize,
    rule: NamesCheckKind,
    dominant: String,
    detail: String,
    related: Vec<Location>,
    /// How the reported spelling relates to the dominant one.
    relation: Relation,
}

pub struct NamesCheck {
    rules: Vec<(NamesCheckKind, RuleMeta)>,
    /// Exact token form (with possessives) → what to report.
    targets: HashMap<String, Target>,
}

pub fn load(tables: &[&Table], cx: &mut LoadCx) -> Vec<Box<dyn Check>> {
    let mut rules = Vec::new();
    for table in tables {
        let Some(spec) = cx.parse::<NamesSpec>(table) else { continue };
        if let Some(meta) = cx.meta("names", &spec, Some(Applicability::Manual)) {
            rules.push((spec.check, meta));
        }
    }
    if rules.is_empty() {
        return vec![];
    }
    vec![Box::new(NamesCheck {
        rules,
        targets: HashMap::default(),
    })]
}

impl NamesCheck {
    fn insert(&mut self, form: &str, t: Target) {
        for suffix in ["’s", "'s"] {
            self.targets.insert(
                format!("{form}{suffix}"),
                Target {
                    base_len: t.base_len,
                    rule: t.rule,
                    dominant: t.dominant.clone(),
                    detail: t.detail.clone(),
                    related: t.related.clone(),
                    relation: t.relation,
                },
            );
        }
        self.targets.insert(form.to_string(), t);
    }

    fn has(&self, kind: NamesCheckKind) -> bool {
        self.rules.iter().any(|(k, _)| *k == kind)
    }
}

impl Check for NamesCheck {
    crate::rules_in!(rules);

    fn needs_corpus(&self) -> bool {
        true
    }

    fn prepare(&mut self, corpus: &CorpusStats, config: &Config) {
        self.targets.clear();
        if self.has(NamesCheckKind::Configured) {
            for (canonical, variants) in &config.names.variants {
                for v in variants {
                    let detail = format!("`{v}` is written `{canonical}` in this corpus (scanno.toml, [names.variants])");
                    let t = Target {
                        base_len: v.len(),
                        rule: NamesCheckKind::Configured,
                        relation: Relation::Configured,
                        dominant: canonical.clone(),
                        detail,
                        related: samples_of(corpus, canonical, crate::corpus::SAMPLES_PER_FORM),
                    };
                    self.insert(v, t);
                }
            }
        }
        if self.has(NamesCheckKind::Minority) {
            for g in discover(corpus, config) {
                for v in g.variants.iter().filter(|v| v.reported) {
                    if self.targets.contains_key(&v.form) {
                        continue;
                    }
                    let detail = format!(
                        "`{}` ({}) is spelled `{}` {} in the corpus: {}",
                        v.form,
                        times(v.count),
                        g.name,
                        times(g.count),
                        v.relation.describe()
                    );
                    let t = Target {
                        base_len: v.form.len(),
                        rule: NamesCheckKind::Minority,
                        relation: v.relation,
                        dominant: g.name.clone(),
                        detail,
                        related: samples_of(corpus, &g.name, crate::corpus::SAMPLES_PER_FORM),
                    };
                    self.insert(&v.form, t);
                }
            }
        }
    }

    fn check(&self, cx: &CheckContext<'_>, out: &mut Vec<Finding>) {
        if self.targets.is_empty() {
            return;
        }
        for t in cx.tokens {
            if t.kind != TokenKind::Word {
                continue;
            }
            let s = t.text(cx.text);
            if !is_capitalised(s) {
                continue;
            }
            let Some(target) = self.targets.get(s) else { continue };
            let Some((_, meta)) = self.rules.iter().find(|(k, _)| *k == target.rule) else {
                continue;
            };
            let (start, end) = (t.start, t.start + target.base_len);
            let found = &cx.text[start..end];
            let message = meta
                .message
                .replace("{found}", found)
                .replace("{suggestion}", &target.dominant)
                .replace("{detail}", &target.detail);
            // In a large collection of separate documents (newspaper issues), spellings differ
            // from one document to the next by right; there, a variant whose dominant form is
            // only in other documents is reported at info, and so is a mere spelling variant
            // (a hyphen, a doubled letter, `Philips`/`Phillips`): one article may name two people,
            // or keep a line-end hyphen. Only an OCR confusion is evidence of a fault there.
            let large = cx.corpus.files > LARGE_COLLECTION_FILES;
            let severity = if !large || (target.relation != Relation::Spelling && written_here(cx, &target.dominant)) {
                meta.severity
            } else {
                meta.severity.min(crate::finding::Severity::Info)
            };
            let mut f = Finding::new(&meta.id, severity, start, end, message)
                .with_suggestions(vec![target.dominant.clone()])
                .with_fix(Fix::replace(start, end, target.dominant.clone(), Applicability::Manual));
            f.related = target
                .related
                .iter()
                .map(|l| Related {
                    path: (&*l.path != cx.path).then(|| l.path.to_string()),
                    start: l.start,
                    end: l.end,
                    line: (&*l.path != cx.path && l.line > 0).then_some(l.line as usize),
                    column: (&*l.path != cx.path && l.line > 0).then_some(l.column as usize),
                    message: format!("`{}` here", target.dominant),
                })
                .collect();
            out.push(f);
        }
    }
}

/// Does this document write the name itself, as a whole word (`Robert` is not written in
/// `Roberts`, nor `Hall` in `Halls`)? A possessive counts (`Robert’s`).
fn written_here(cx: &CheckContext<'_>, name: &str) -> bool {
    cx.tokens.iter().any(|t| {
        t.kind == TokenKind::Word
            && t.text(cx.text)
                .strip_prefix(name)
                .is_some_and(|rest| matches!(rest, "" | "'s" | "’s" | "'" | "’"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::{tokens, Token};

    #[test]
    fn keys_join_transliterations() {
        for group in [
            &["Kote", "Koté", "Kotè"][..],
            &["Sha’umyan", "Shaumyan", "Shaumian"],
            &["Dzhugashvili", "Djugashvili", "Jugashvili"],
            &["Zhordania", "Jordania", "Žordania"],
            &["Alliluyev", "Alliluev"],
            &["Lunacharsky", "Lunacharski", "Lunacharskii", "Lunacharskiy"],
            &["Yenukidze", "Enukidze"],
            &["Krassin", "Krasin"],
        ] {
            let k = name_key(group[0]);
            for n in group {
                assert_eq!(name_key(n), k, "{n}");
            }
        }
        assert_ne!(name_key("Georgia"), name_key("Georgian"));
        assert_ne!(name_key("Marxism"), name_key("Marxist"));
    }

    #[test]
    fn ocr_neighbours_and_stems() {
        assert!(ocr_neighbours("kamenev").contains(&"karnenev".to_string()));
        assert_eq!(stem("Georgian"), stem("Georgia"));
        assert_eq!(stem("Marxism"), stem("Marxist"));
    }

    fn stats(files: &[(&str, &str)]) -> CorpusStats {
        let mut s = CorpusStats::default();
        for (p, t) in files {
            let toks: Vec<Token> = tokens(t).collect();
            let mut one = CorpusStats::default();
            one.observe(p, t, &toks);
            s.merge(one);
        }
        s
    }

    #[test]
    fn discovers_minorities_across_files() {
        let s = stats(&[
            ("a.txt", "Then Kotè came. We saw Kotè and Kotè’s friend. The Georgian and Georgia."),
            ("b.txt", "He met Kote there. Sha’umyan and Shaumyan and Shaumyan left."),
        ]);
        let groups = discover(&s, &Config::default());
        let kote = groups.iter().find(|g| g.name == "Kotè").expect("Kotè group");
        assert_eq!(kote.count, 3);
        assert_eq!(kote.variants.len(), 1);
        assert!(kote.variants[0].reported && kote.variants[0].form == "Kote");
        let sha = groups.iter().find(|g| g.name == "Shaumyan").expect("Shaumyan group");
        assert!(sha.variants[0].reported && sha.variants[0].form == "Sha’umyan");
        let georgia = groups.iter().find(|g| g.name == "Georgia" || g.name == "Georgian").unwrap();
        assert!(georgia.variants.is_empty());
    }
}
