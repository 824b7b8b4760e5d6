//! Proofread books: the markup of Project Gutenberg and Distributed Proofreaders texts read as
//! markup, passages in other languages and an author's own forms left alone, and the few real
//! misreadings still found, with spans and fixes on the text as written.

use scanno::config::Config;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::finding::{Finding, Severity};
use scanno::pack::RuleSet;

fn engine_for(config: Config, text: &str) -> Engine {
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let mut engine = Engine::new(config, rules);
    prepare_for_text(&mut engine, text);
    engine
}

fn findings(text: &str) -> Vec<Finding> {
    check_text(&engine_for(Config::default(), text), "book.txt", text)
}

fn warnings(text: &str) -> Vec<(String, String)> {
    findings(text)
        .into_iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| (f.rule.clone(), text[f.start..f.end].to_string()))
        .collect()
}

/// A chapter in the conventions of a Gutenberg text, written for this test: italics, bold, a
/// footnote over two paragraphs, an illustration, a table, a Latin verse, a French phrase in
/// italics and in plain text, dialect its speaker repeats, elisions, and three misreadings
/// (`nutuber`, `Thoso`, `tbe`).
const CHAPTER: &str = "\
CHAPTER IV.

_The Return of the Miller._

It was the miller who came back first, and he brought the news that the
river had risen in the night.[1] “’Tis a bad business,” he said, and sat
down by the fire. The _curé_ of the village was with him, a man of some
learning, who was fond of saying that the flood was a judgment _sui
generis_, and that the people had brought it on themselves.

[Footnote 1: The river rose eleven feet in a single night, as the parish
register records.

It fell again within the week.]

[Illustration: THE MILL IN FLOOD.]

“It’s purty deep,” said old Tom, who had been learnin’ to swim. “Purty
deep, and purty cold. I’ll not go near it.”

    Quod si me lyricis vatibus inseres,
    sublimi feriam sidera vertice.

The miller counted the sacks: the nutuber was short by a dozen, and he
said so to the =whole= company. Thoso who heard him laughed, for the
sacks were in tbe loft all along, where the boy had put them, and the
priest said it was _une affaire de rien_, which nobody understood.

  +----------+-------+
  | Sacks    |  Full |
  +----------+-------+
  | Wheat    |   40  |
  | Barley   |   12  |
  +----------+-------+

The miller went home at last, and the night was quiet after the storm.
";

#[test]
fn markup_foreign_passages_and_dialect_raise_no_warning_but_the_misreadings_do() {
    let found = warnings(CHAPTER);
    let words: Vec<&str> = found.iter().map(|(_, w)| w.as_str()).collect();
    assert!(words.contains(&"nutuber"), "{found:?}");
    assert!(words.contains(&"Thoso"), "{found:?}");
    assert!(words.contains(&"tbe"), "{found:?}");
    // Nothing else: no stray `_` or `=`, no unbalanced brackets of the footnote, no `’Tis`
    // read as a quotation mark, no Latin, French or dialect as misreadings.
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn spans_and_fixes_point_at_the_text_as_written() {
    let all = findings(CHAPTER);
    for f in &all {
        assert!(CHAPTER.is_char_boundary(f.start) && CHAPTER.is_char_boundary(f.end), "{f:?}");
    }
    let nutuber = all.iter().find(|f| &CHAPTER[f.start..f.end] == "nutuber").expect("nutuber");
    let fix = nutuber.fix.as_ref().expect("a fix");
    assert_eq!(&CHAPTER[fix.edits[0].start..fix.edits[0].end], "nutuber");
    assert_eq!(fix.edits[0].replacement, "number");
}

#[test]
fn a_fix_never_changes_the_markup() {
    // A misreading in italics: the fix replaces the word and keeps both `_`.
    let text = format!("{CHAPTER}\nHe wrote _tbe end_ at the foot of the page, and _no more_ than that.\n");
    let all = findings(&text);
    let at = text.find("_tbe end_").unwrap() + 1;
    let f = all.iter().find(|f| f.start == at).expect("the misreading in italics");
    for e in &f.fix.as_ref().expect("a fix").edits {
        assert!(!text[e.start..e.end].contains('_'), "{e:?}");
    }
    let (fixed, _, _) = scanno::fix::apply_fixes(
        &text,
        &all.iter().filter(|g| g.start == at).cloned().collect::<Vec<_>>(),
        scanno::finding::Applicability::Unsafe,
    );
    assert!(fixed.contains("_the end_"), "{fixed}");
}

#[test]
fn an_unclosed_italic_and_block_are_reported_as_markup_faults() {
    let text = format!("{CHAPTER}\nShe said it was _impossible, and left.\n\n[Illustration: THE ROAD HOME\n");
    let rules: Vec<String> = findings(&text).into_iter().map(|f| f.rule).collect();
    assert!(rules.iter().any(|r| r == "markup/unclosed-italics"), "{rules:?}");
    assert!(rules.iter().any(|r| r == "markup/unclosed-block"), "{rules:?}");
}

#[test]
fn the_format_setting_turns_the_markup_off() {
    let text = format!("{CHAPTER}\nShe said it was _impossible, and left.\n");
    let config = Config {
        format: scanno::markup::FormatSetting::Plain,
        ..Config::default()
    };
    let all = check_text(&engine_for(config, &text), "book.txt", &text);
    assert!(!all.iter().any(|f| f.rule.starts_with("markup/")), "{all:?}");
}

#[test]
fn proofing_round_files_are_read_with_their_page_separators_and_notes() {
    let text = "\
-----File: 001.png---\\proofer1\\proofer2\\-----------------------------------------

The miller came back first, and he brought the news that the river
had risen in the night. [**typo? rlver] He sat down by the fire.

/*
The river rose, the river fell,
And all the village knew it well.
*/

-----File: 002.png---\\proofer1\\proofer2\\-----------------------------------------

<i>The End.</i>
";
    let found = warnings(text);
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn raw_ocr_keeps_its_underscores_and_bars_as_faults() {
    // No markup: a newspaper's OCR with a speck read as `_` glued to a word.
    let text = "The meeting of the council was held on Tuesday last, when the_ mayor said that the \
                roads were in a bad state and the rates too high. Mr. Smith agreed with hirn and said \
                tbe matter should be put to the ratepayers at once. The council then rose.\n";
    assert_eq!(scanno::markup::Format::detect(text), scanno::markup::Format::Plain);
    let all = findings(text);
    assert!(all.iter().any(|f| text[f.start..f.end].contains("tbe")), "{all:?}");
}

#[test]
fn a_mark_inside_a_word_is_found_and_a_passage_of_unknown_words_is_not() {
    // A proofread chapter (the sample corpus), with specks read as marks inside four words and
    // a transliterated line.
    let proofread = include_str!("../corpus/trotsky-stalin-ch4.txt");
    let text = format!(
        "{proofread}\nThe boy had rob~bed the loft, and went abo:ut the yard wh»n the miller\ncame; he s\"emed afraid, and said Al-kalbu munkabizun wa ’l-fikru munbasitu,\nwhich the priest wrote as Sinnán.\n\nThe nutuber of the members was small.\n"
    );
    let found = warnings(&text);
    for w in ["rob~bed", "abo:ut", "wh»n", "s\"emed"] {
        let f = found.iter().find(|(_, x)| x == w);
        assert_eq!(f.map(|(r, _)| r.as_str()), Some("ocr/stray-mark"), "{w}: {found:?}");
    }
    let all = findings(&text);
    let fix_of = |w: &str| {
        let f = all
            .iter()
            .find(|f| &text[f.start..f.end] == w && f.rule == "ocr/stray-mark")
            .expect(w);
        f.fix.as_ref().expect("a fix").edits[0].replacement.clone()
    };
    assert_eq!((fix_of("rob~bed"), fix_of("wh»n")), ("robbed".to_string(), "when".to_string()));
    // A line of transliteration (three unknown words together) and an accented name: no warning.
    for w in ["munkabizun", "munbasitu", "Sinnán"] {
        assert!(!found.iter().any(|(_, x)| x == w), "{w}: {found:?}");
    }
    // The chapter's own misreadings are still found.
    assert!(found.iter().any(|(_, x)| x == "nutuber"), "{found:?}");
}
