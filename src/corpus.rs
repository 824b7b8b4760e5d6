//! Corpus statistics: what the whole corpus says about itself (vocabulary, years, names),
//! gathered in the same parallel pass as the per-document checks.
//!
//! `CorpusStats` is a commutative monoid: `merge` is associative and commutative and
//! `CorpusStats::default()` is its identity, so statistics computed on shards of a large corpus
//! (`scanno stats`) can be merged in any order with the same result.
//!
//! Every per-form count lives in one table, keyed by the form's bytes held inline (almost every
//! form is 22 bytes or fewer), so that a word is looked up once while gathering and a large
//! vocabulary costs about 40 bytes a form (raw OCR's vocabulary grows with the corpus: 2 million
//! forms in 20 MB of garble). The statistics are gathered into the same structure they are read
//! from: nothing is copied when gathering ends.

use crate::text::starts_sentence;
use crate::tokenize::{Token, TokenKind};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many sample locations are kept per capitalised word form (for related labels).
pub const SAMPLES_PER_FORM: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Hash)]
pub struct Location {
    /// Shared by every location of a file.
    pub path: std::sync::Arc<str>,
    pub start: usize,
    pub end: usize,
    /// Where `start` is, as 1-based line and column (in characters), so that a finding in
    /// another file can show it as people read places; 0 when not known.
    #[serde(default)]
    pub line: u32,
    #[serde(default)]
    pub column: u32,
}

/// A word form as a table key: up to 22 bytes held inline (almost every form), so that a lookup
/// compares the bytes in the table itself, not behind a pointer. Always the bytes of a `str`.
#[derive(Clone, PartialEq, Eq)]
enum FormKey {
    Inline(u8, [u8; 22]),
    Heap(Box<[u8]>),
}

impl FormKey {
    fn new(s: &str) -> FormKey {
        let s = s.as_bytes();
        if s.len() <= 22 {
            let mut b = [0u8; 22];
            b[..s.len()].copy_from_slice(s);
            FormKey::Inline(s.len() as u8, b)
        } else {
            FormKey::Heap(s.into())
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            FormKey::Inline(n, b) => &b[..*n as usize],
            FormKey::Heap(b) => b,
        }
    }

    fn as_str(&self) -> &str {
        // (made from a `&str`, so never the empty fallback)
        std::str::from_utf8(self.bytes()).unwrap_or_default()
    }
}

impl std::hash::Hash for FormKey {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.bytes().hash(h)
    }
}

impl std::borrow::Borrow<[u8]> for FormKey {
    fn borrow(&self) -> &[u8] {
        self.bytes()
    }
}

impl std::fmt::Debug for FormKey {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// What is known of one word form (16 bytes: the table is large, and touched at random).
#[derive(Clone, Copy, Debug, Default)]
struct FormTally {
    count: u64,
    /// Occurrences starting a sentence (of a capitalised form), up to `u32::MAX`.
    initial: u32,
    /// 1 + the index of the form's samples in `CorpusStats::samples`; 0 for none.
    samples: u32,
}

/// The statistics of a corpus, or of the part of it seen so far.
#[derive(Clone, Debug, Default)]
pub struct CorpusStats {
    pub files: u64,
    pub tokens: u64,
    /// Counts of each word form exactly as written, how many of them start a sentence (a form
    /// that only ever starts sentences is an ordinary word, not a name), and where its samples
    /// are.
    forms: HashMap<FormKey, FormTally>,
    /// Counts of four-digit numbers read as years.
    pub years: BTreeMap<u32, u64>,
    /// Up to `SAMPLES_PER_FORM` locations of each capitalised form, and of each form with a
    /// hyphen or a non-ASCII letter (the smallest by path and offset, so the choice does not
    /// depend on merge order), at the index a form's tally names.
    samples: Vec<Vec<Location>>,
    /// Whether the corpus is written in the lexicon's language, judged from the forms before the
    /// checks get statistics without them (not part of a statistics file).
    pub lexicon_language: Option<bool>,
}

/// Equal statistics: the same counts and samples (wherever the table keeps them).
impl PartialEq for CorpusStats {
    fn eq(&self, other: &CorpusStats) -> bool {
        self.files == other.files
            && self.tokens == other.tokens
            && self.years == other.years
            && self.forms.len() == other.forms.len()
            && self.forms.iter().all(|(k, v)| {
                other
                    .forms
                    .get(k.bytes())
                    .is_some_and(|o| o.count == v.count && o.initial == v.initial && self.samples_at(v) == other.samples_at(o))
            })
    }
}

/// The year a four-digit number token counts as.
fn year_of(number: &str) -> Option<u32> {
    (number.len() == 4).then(|| number.parse().ok()).flatten()
}

/// Whether a word form keeps sample locations: a capitalised form (a name), or one with a
/// hyphen or a non-ASCII letter (a spelling the consistency rules compare). (Most forms are
/// plain ASCII: their bytes are looked at before their characters.)
fn sampled(form: &str, capital: bool) -> bool {
    capital || (form.bytes().any(|b| b == b'-' || b >= 0x80) && form.chars().any(|c| c == '-' || (!c.is_ascii() && c.is_alphabetic())))
}

/// A form's samples as kept: the `SAMPLES_PER_FORM` smallest by path and offset, each once (so
/// the choice does not depend on merge order).
fn keep_smallest(samples: &mut Vec<Location>) {
    samples.sort();
    samples.dedup();
    samples.truncate(SAMPLES_PER_FORM);
}

/// The `FormTally::samples` of the samples at `len - 1`.
fn sample_slot(len: usize) -> u32 {
    // A form is sampled at most once, and a table of 2^32 forms does not fit in memory.
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// A statistics file's layout (the one of version 1): every per-form count as a map sorted by
/// form, so a statistics file is the same bytes for the same corpus.
#[derive(Serialize, Deserialize)]
struct StatsRepr<'a> {
    files: u64,
    tokens: u64,
    #[serde(borrow)]
    forms: BTreeMap<std::borrow::Cow<'a, str>, u64>,
    years: BTreeMap<u32, u64>,
    #[serde(borrow)]
    samples: BTreeMap<std::borrow::Cow<'a, str>, Vec<Location>>,
    #[serde(default, borrow)]
    initial: BTreeMap<std::borrow::Cow<'a, str>, u64>,
}

impl Serialize for CorpusStats {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut repr = StatsRepr {
            files: self.files,
            tokens: self.tokens,
            forms: BTreeMap::new(),
            years: self.years.clone(),
            samples: BTreeMap::new(),
            initial: BTreeMap::new(),
        };
        for (k, v) in &self.forms {
            let form = std::borrow::Cow::Borrowed(k.as_str());
            repr.forms.insert(form.clone(), v.count);
            if v.initial > 0 {
                repr.initial.insert(form.clone(), u64::from(v.initial));
            }
            if v.samples > 0 {
                repr.samples.insert(form, self.samples_at(v).to_vec());
            }
        }
        repr.serialize(s)
    }
}

/// What a statistics file written by `scanno stats` says it is: `{"format": STATS_FORMAT,
/// "version": STATS_VERSION, "stats": {…}}`. A file without this header, of another version, or
/// holding no file's statistics is refused when read, with what it is instead.
pub const STATS_FORMAT: &str = "scanno-statistics";
/// The version of the statistics file layout; raised when the fields change meaning.
pub const STATS_VERSION: u32 = 1;

#[derive(Deserialize)]
struct StatsHeader {
    format: Option<String>,
    version: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct StatsFileOut<'a> {
    format: &'static str,
    version: u32,
    stats: &'a CorpusStats,
}

#[derive(Deserialize)]
struct StatsFileIn<'a> {
    #[serde(borrow)]
    stats: StatsRepr<'a>,
}

impl CorpusStats {
    /// Writes the statistics as a versioned statistics file (one line of JSON; the same bytes
    /// for the same corpus).
    pub fn write_file(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer(
            &mut *w,
            &StatsFileOut {
                format: STATS_FORMAT,
                version: STATS_VERSION,
                stats: self,
            },
        )?;
        writeln!(w)
    }

    /// Reads a statistics file written by [`CorpusStats::write_file`], checking what it says it
    /// is before its contents: the message says why a file is refused.
    pub fn read_file(bytes: &[u8]) -> Result<CorpusStats, String> {
        let header: StatsHeader =
            serde_json::from_slice(bytes).map_err(|e| format!("not a scanno statistics file (not a JSON object: {e})"))?;
        match (header.format.as_deref(), &header.version) {
            (Some(STATS_FORMAT), Some(v)) if v.as_u64() == Some(u64::from(STATS_VERSION)) => {}
            (Some(STATS_FORMAT), Some(v)) => {
                return Err(format!(
                    "a statistics file of version {v}; this scanno reads version {STATS_VERSION} (write it again with `scanno stats`)"
                ))
            }
            (Some(STATS_FORMAT), None) => return Err("a statistics file without a version".into()),
            _ => {
                return Err(format!(
                    "not a scanno statistics file (no \"format\": \"{STATS_FORMAT}\"; files written before statistics were versioned must be written again with `scanno stats`)"
                ))
            }
        }
        let file: StatsFileIn = serde_json::from_slice(bytes).map_err(|e| format!("a damaged statistics file: {e}"))?;
        let repr = file.stats;
        if repr.files == 0 {
            return Err("statistics of no file (a shard that checked nothing)".into());
        }
        let disagree = || "a damaged statistics file: its counts disagree with each other".to_string();
        let counted = repr.forms.values().try_fold(0u64, |a, &n| a.checked_add(n)).ok_or_else(disagree)?;
        if counted > repr.tokens {
            return Err(disagree());
        }
        let mut stats = CorpusStats {
            files: repr.files,
            tokens: repr.tokens,
            years: repr.years,
            ..CorpusStats::default()
        };
        stats.forms.reserve(repr.forms.len());
        for (form, count) in &repr.forms {
            stats.forms.insert(
                FormKey::new(form),
                FormTally {
                    count: *count,
                    ..FormTally::default()
                },
            );
        }
        for (form, n) in repr.initial {
            match stats.forms.get_mut(form.as_bytes()) {
                Some(t) if n <= t.count => t.initial = u32::try_from(n).unwrap_or(u32::MAX),
                _ => return Err(disagree()),
            }
        }
        for (form, mut v) in repr.samples {
            let Some(t) = stats.forms.get_mut(form.as_bytes()) else {
                return Err(disagree());
            };
            keep_smallest(&mut v);
            stats.samples.push(v);
            t.samples = sample_slot(stats.samples.len());
        }
        Ok(stats)
    }
}

impl CorpusStats {
    /// Observes one document's tokens.
    pub fn observe(&mut self, path: &str, text: &str, tokens: &[Token]) {
        let mut g = CorpusStats::default();
        g.add_file();
        g.observe_tokens(path, text, tokens.iter().copied());
        self.merge(g);
    }

    /// Counts one more file.
    pub fn add_file(&mut self) {
        self.files += 1;
    }

    /// Observes tokens of a document, in document order, without counting a file: a large
    /// document is observed segment by segment (tokens carry offsets into `text`, the whole
    /// document).
    pub fn observe_tokens(&mut self, path: &str, text: &str, tokens: impl IntoIterator<Item = Token>) {
        let lines = crate::document::LineIndex::new(text);
        let places = lines.cursor(text);
        self.observe_placed(path, text, tokens, &|s, e| (s, e), &|at| places.line_col(at));
    }

    /// [`CorpusStats::observe_tokens`] of tokens of a view of the document (its markup taken
    /// out): `place` gives the document range of a token's range in `text`, and `line_col` the
    /// line and column of a document offset, for the samples.
    pub fn observe_placed(
        &mut self,
        path: &str,
        text: &str,
        tokens: impl IntoIterator<Item = Token>,
        place: &dyn Fn(usize, usize) -> (usize, usize),
        line_col: &dyn Fn(usize) -> (usize, usize),
    ) {
        let mut shared_path: Option<std::sync::Arc<str>> = None;
        for t in tokens {
            self.tokens += 1;
            let s = t.text(text);
            match t.kind {
                TokenKind::Number => {
                    if let Some(y) = year_of(s) {
                        *self.years.entry(y).or_default() += 1;
                    }
                }
                TokenKind::Word => {
                    let e = match self.forms.get_mut(s.as_bytes()) {
                        Some(e) => e,
                        None => self.forms.entry(FormKey::new(s)).or_default(),
                    };
                    e.count += 1;
                    let capital = s.chars().next().is_some_and(|c| c.is_uppercase());
                    if capital && starts_sentence(text, t.start) {
                        e.initial = e.initial.saturating_add(1);
                    }
                    if sampled(s, capital) {
                        if e.samples == 0 {
                            self.samples.push(Vec::new());
                            e.samples = sample_slot(self.samples.len());
                        }
                        let v = &mut self.samples[e.samples as usize - 1];
                        if v.len() < SAMPLES_PER_FORM {
                            let (start, end) = place(t.start, t.end);
                            let (line, column) = line_col(start);
                            v.push(Location {
                                path: shared_path.get_or_insert_with(|| path.into()).clone(),
                                start,
                                end,
                                line: u32::try_from(line).unwrap_or(u32::MAX),
                                column: u32::try_from(column).unwrap_or(u32::MAX),
                            });
                        }
                    }
                }
                TokenKind::Mixed => {}
            }
        }
    }

    /// Merges `other` into `self`.
    pub fn merge(&mut self, mut other: CorpusStats) {
        // Pour the smaller into the larger (merging is commutative).
        if other.forms.len() > self.forms.len() {
            std::mem::swap(self, &mut other);
        }
        self.files += other.files;
        self.tokens += other.tokens;
        self.lexicon_language = self.lexicon_language.or(other.lexicon_language);
        for (k, v) in other.years {
            *self.years.entry(k).or_default() += v;
        }
        for (k, mut v) in other.forms {
            let theirs = match v.samples {
                0 => None,
                i => Some(std::mem::take(&mut other.samples[i as usize - 1])),
            };
            let e = match self.forms.get_mut(k.bytes()) {
                None => {
                    v.samples = 0;
                    self.forms.entry(k).or_insert(v)
                }
                Some(e) => {
                    e.count += v.count;
                    e.initial = e.initial.saturating_add(v.initial);
                    e
                }
            };
            if let Some(mut theirs) = theirs {
                if e.samples == 0 {
                    self.samples.push(Vec::new());
                    e.samples = sample_slot(self.samples.len());
                }
                let mine = &mut self.samples[e.samples as usize - 1];
                mine.append(&mut theirs);
                keep_smallest(mine);
            }
        }
    }

    fn samples_at(&self, t: &FormTally) -> &[Location] {
        match t.samples {
            0 => &[],
            i => self.samples.get(i as usize - 1).map_or(&[], Vec::as_slice),
        }
    }

    /// Count of a form, exactly as written.
    pub fn count(&self, form: &str) -> u64 {
        self.forms.get(form.as_bytes()).map_or(0, |t| t.count)
    }

    /// Occurrences of a form that start a sentence.
    pub fn initial(&self, form: &str) -> u64 {
        self.forms.get(form.as_bytes()).map_or(0, |t| u64::from(t.initial))
    }

    /// Occurrences of a form that do not start a sentence.
    pub fn mid_sentence(&self, form: &str) -> u64 {
        self.count(form).saturating_sub(self.initial(form))
    }

    /// The sample locations of a form (none for a form that keeps none).
    pub fn samples_of(&self, form: &str) -> &[Location] {
        self.forms.get(form.as_bytes()).map_or(&[], |t| self.samples_at(t))
    }

    /// Every form and its count, in no particular order.
    pub fn forms(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.forms.iter().map(|(k, v)| (k.as_str(), v.count))
    }

    /// The counts and years alone, the vocabulary dropped (what the checks read once their rules
    /// are prepared), with the judgement of the corpus language.
    pub fn without_forms(self, lexicon_language: bool) -> CorpusStats {
        CorpusStats {
            files: self.files,
            tokens: self.tokens,
            years: self.years,
            lexicon_language: Some(lexicon_language),
            ..CorpusStats::default()
        }
    }

    /// How many distinct forms there are.
    pub fn distinct_forms(&self) -> usize {
        self.forms.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokens;
    use proptest::prelude::*;

    fn stats_of(path: &str, text: &str) -> CorpusStats {
        let toks: Vec<Token> = tokens(text).collect();
        let mut s = CorpusStats::default();
        s.observe(path, text, &toks);
        s
    }

    proptest! {
        #[test]
        fn merge_is_order_independent(texts in proptest::collection::vec("[A-Za-z0-9 .éè-]{0,40}", 1..6)) {
            let parts: Vec<CorpusStats> = texts.iter().enumerate().map(|(i, t)| stats_of(&format!("f{i}"), t)).collect();
            let mut fwd = CorpusStats::default();
            for p in parts.iter().cloned() { fwd.merge(p); }
            let mut rev = CorpusStats::default();
            for p in parts.iter().rev().cloned() { rev.merge(p); }
            // associativity: merge pairs first
            let mut pairs = CorpusStats::default();
            for chunk in parts.chunks(2) {
                let mut c = CorpusStats::default();
                for p in chunk.iter().cloned() { c.merge(p); }
                pairs.merge(c);
            }
            prop_assert_eq!(&fwd, &rev);
            prop_assert_eq!(&fwd, &pairs);
        }
    }

    proptest! {
        #[test]
        fn gathering_gives_the_same_statistics(texts in proptest::collection::vec("[A-Za-z0-9 .éè-]{0,40}", 1..6)) {
            let mut merged = CorpusStats::default();
            let mut gathered = CorpusStats::default();
            for (i, t) in texts.iter().enumerate() {
                merged.merge(stats_of(&format!("f{i}"), t));
                let mut g = CorpusStats::default();
                g.add_file();
                g.observe_tokens(&format!("f{i}"), t, tokens(t));
                gathered.merge(g);
            }
            prop_assert_eq!(gathered, merged);
        }
    }

    #[test]
    fn gathering_keeps_long_forms() {
        let text = "Incomprehensibilities-of-the-Long-Form and Incomprehensibilities-of-the-Long-Form.";
        let mut s = CorpusStats::default();
        s.observe_tokens("a", text, tokens(text));
        assert_eq!(s.count("Incomprehensibilities-of-the-Long-Form"), 2, "{s:?}");
        assert_eq!(s.tokens, 3);
    }

    #[test]
    fn counts_years_and_forms() {
        let s = stats_of("a", "In 1907 Koba and Koba met; 12 men.");
        assert_eq!(s.count("Koba"), 2);
        assert_eq!(s.years.get(&1907), Some(&1));
        assert_eq!(s.samples_of("Koba").len(), 2);
        assert_eq!(s.initial("In"), 1);
        assert_eq!(s.mid_sentence("Koba"), 2);
        let s = stats_of("a", "the régime and courts-martial. Régime");
        assert!(!s.samples_of("régime").is_empty() && !s.samples_of("courts-martial").is_empty());
        assert!(s.samples_of("and").is_empty());
        assert_eq!(s.initial("Régime"), 1);
        // Written and read back, the same statistics.
        let mut file = Vec::new();
        s.write_file(&mut file).unwrap();
        assert_eq!(CorpusStats::read_file(&file).unwrap(), s);
    }
}
