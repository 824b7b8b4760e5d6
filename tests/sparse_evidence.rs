//! Evidence that grades findings for a proofread text: habits of a document, garble.

use scanno::app::{check_text, prepare_for_text, Engine};
use scanno::config::Config;
use scanno::finding::Severity;
use scanno::pack::RuleSet;

fn engine_for(id: &str) -> Engine {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let mut engine = Engine::new(config, rules);
    assert!(engine.select(&[id.to_string()], &[]).is_empty());
    engine
}

fn severities(id: &str, text: &str) -> Vec<Severity> {
    let mut engine = engine_for(id);
    prepare_for_text(&mut engine, text);
    check_text(&engine, "doc.txt", text)
        .into_iter()
        .filter(|f| f.rule == id)
        .map(|f| f.severity)
        .collect()
}

#[test]
fn spaced_periods_by_habit_are_info_and_rare_slips_are_warnings() {
    let id = "typography/space-before-period";
    // Three spaced periods among four: the document's habit.
    let habit = "He rose . The room was still . He spoke at last . Then he sat down.";
    assert_eq!(severities(id, habit), vec![Severity::Info; 3]);
    // Two among fifty periods: slips.
    let mut slips = String::new();
    for i in 0..48 {
        slips.push_str(&format!("Sentence number {i} ends here. "));
    }
    slips.push_str("One more slip . And another slip . The end.");
    assert_eq!(severities(id, &slips), vec![Severity::Warning; 2]);
}
