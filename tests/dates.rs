//! Dates: every form the parser reads, each check, each century's offset, the February 29
//! edges and the calendar in force. Our own fixtures; each asserts the exact findings.

use scanno::config::Config;
use scanno::diagnostic::SourceFile;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::pack::RuleSet;
use scanno::rule_kinds::dates::{DateExpr, DateParser};
use scanno::tokenize::paragraphs;

fn engine(config_toml: &str, select: &str) -> Engine {
    let config = if config_toml.is_empty() {
        Config::default()
    } else {
        Config::parse(&SourceFile::new("scanno.toml", config_toml)).expect("config parses")
    };
    let rules = RuleSet::load(&config).expect("packs load");
    let mut engine = Engine::new(config, rules);
    assert!(engine.select(&[select.to_string()], &[]).is_empty());
    engine
}

/// (rule, flagged text, first suggestion) of every finding.
fn findings(config_toml: &str, text: &str) -> Vec<(String, String, String)> {
    let mut e = engine(config_toml, "dates");
    prepare_for_text(&mut e, text);
    check_text(&e, "t.txt", text)
        .into_iter()
        .map(|f| {
            (
                f.rule,
                text[f.start..f.end].to_string(),
                f.suggestions.first().cloned().unwrap_or_default(),
            )
        })
        .collect()
}

fn f(rule: &str, text: &str, sugg: &str) -> (String, String, String) {
    (format!("dates/{rule}"), text.to_string(), sugg.to_string())
}

#[test]
fn consistent_pairs_in_every_form_and_century_are_clean() {
    let text = "\
The envoy arrived on March 3 (13), 1650, and left on 10/21 July 1720.

He was born on Sept. 1 (13), 1850; the strike of 9 (22) January 1905 and of January 9/22, 1905.

The rising of Oct. 25 (Nov. 7), 1917 ended the year: December 31, 1917/January 13, 1918.

In 1907 the raid took place on June twelfth [25th n.s.]; the congress sat from May 13 to June 1 (April 30 to May 19, o. s.), 1907.

It was the twenty-fourth of March, 1910 (April 6, N.S.), and 13 May 1907 (26 May, New Style).

The centurial Februaries: February 16 (28), 1900; February 17 (March 1), 1900; February 29 (March 13), 1900; February 18 (28), 1700; February 19 (March 1), 1700; February 29 (March 11), 1700; February 29 (March 12), 1800.
";
    assert_eq!(findings("", text), vec![]);
    let exprs = DateParser::new().parse(text, &paragraphs(text));
    let pairs = exprs.iter().filter(|e| matches!(e, DateExpr::Pair { .. })).count();
    assert_eq!(pairs, 19, "{exprs:#?}");
}

#[test]
fn wrong_offsets_are_reported_with_the_consistent_day() {
    let text = "\
The strike of 9 (21) January 1905 failed.

The envoy came on March 3 (14), 1650.

The treaty of July 10/22, 1720 held.

He was born on Sept. 1 (14), 1850.

The rising of Oct. 25 (Nov. 8), 1917 won.

On February 16 (March 1), 1900 it snowed.

In 1907 the raid took place on June twelfth [24th n.s.].
";
    assert_eq!(
        findings("", text),
        vec![
            f("old-new-style", "9 (21) January 1905", "22"),
            f("old-new-style", "March 3 (14), 1650", "13"),
            f("old-new-style", "July 10/22, 1720", "21"),
            f("old-new-style", "Sept. 1 (14), 1850", "13"),
            f("old-new-style", "Oct. 25 (Nov. 8), 1917", "7"),
            f("old-new-style", "February 16 (March 1), 1900", "February 28"),
            f("old-new-style", "June twelfth [24th n.s.]", "25th"),
        ]
    );
}

#[test]
fn impossible_dates_under_the_calendar_in_force() {
    let text = "\
It began on February 30, 1905 and on April 31, 1906, and on February 29, 1907.

A letter of February 29, 1900 survives.

Another of February 29, 1900 (N.S.) does not; a third of February 29, 1904 does.

And February 29 (March 13), 1900 is a Julian leap day.
";
    assert_eq!(
        findings("", text),
        vec![
            f("impossible", "February 30, 1905", ""),
            f("impossible", "April 31, 1906", ""),
            f("impossible", "February 29, 1907", ""),
            f("impossible", "February 29, 1900", ""),
        ]
    );
    // The lone 1900 date is Julian in a Russian corpus, impossible in a Gregorian one.
    let lone = "A letter of February 29, 1900 survives.";
    assert_eq!(findings("calendar = \"julian-until:1918-01-31\"\n", lone), vec![]);
    assert_eq!(findings("calendar = \"julian\"\n", lone), vec![]);
    assert_eq!(
        findings("calendar = \"gregorian\"\n", lone),
        vec![f("impossible", "February 29, 1900", "")]
    );
    // After the switch the same corpus is Gregorian.
    assert_eq!(
        findings(
            "calendar = \"julian-until:1918-01-31\"\n",
            "A letter of February 29, 2100 survives."
        ),
        vec![f("impossible", "February 29, 2100", "")]
    );
}

#[test]
fn weekdays_must_fit_one_calendar() {
    let text = "\
On Sunday, January 9, 1905, they marched. On Monday, January 22, 1905, they mourned.

On Wednesday, Oct. 25 (Nov. 7), 1917, it began; on Thursday, Oct. 25 (Nov. 7), 1917, it did not.
";
    assert_eq!(
        findings("", text),
        vec![
            f("weekday", "Monday, January 22, 1905", "Saturday"),
            f("weekday", "Thursday, Oct. 25", "Wednesday"),
        ]
    );
}

#[test]
fn reversed_year_ranges() {
    let text = "The committee of 1937-1908 met in 1907 and 1907; Shaumyan (1878-1918) led it.";
    assert_eq!(findings("", text), vec![f("reversed-range", "1937-1908", "1907-1908")]);
}

#[test]
fn documents_without_dates_cost_nothing_and_flag_nothing() {
    let text = "Marx and Mary marched in a March of maybes; May we? He may.";
    assert_eq!(findings("", text), vec![]);
}

/// A pair as written, with (month, day) of its first and second member.
type PairSeen = (String, (u32, u32), (u32, u32));

#[test]
fn corpus_chapter_pairs_parse_and_agree() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/trotsky-stalin-ch4.txt")).expect("corpus");
    let exprs = DateParser::new().parse(&text, &paragraphs(&text));
    let pairs: Vec<PairSeen> = exprs
        .iter()
        .filter_map(|e| match e {
            DateExpr::Pair {
                first, second, start, end, ..
            } => Some((text[*start..*end].to_string(), (first.month, first.day), (second.month, second.day))),
            _ => None,
        })
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("June twelfth [25th n.s.]".to_string(), (6, 12), (6, 25)),
            ("May 13 to June 1 (April 30 to May 19, o. s.)".to_string(), (5, 13), (4, 30)),
            ("May 13 to June 1 (April 30 to May 19, o. s.)".to_string(), (6, 1), (5, 19)),
        ]
    );
    assert_eq!(findings("", &text), vec![f("reversed-range", "1937-1908", "1907-1908")]);
}
