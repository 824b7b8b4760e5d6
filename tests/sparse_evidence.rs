//! Evidence that grades findings for a proofread text: habits of a document, garble.

use scanno::config::Config;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::finding::Severity;
use scanno::pack::RuleSet;

fn severities(id: &str, text: &str) -> Vec<Severity> {
    severities_with(&[id], text)
}

/// The severities of the first rule's findings, with the other rules of `ids` on as well.
fn severities_with(ids: &[&str], text: &str) -> Vec<Severity> {
    let id = ids[0];
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let mut engine = Engine::new(config, rules);
    let ids: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    assert!(engine.select(&ids, &[]).is_empty());
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

#[test]
fn spaced_periods_in_raw_ocr_are_faults_not_a_habit() {
    let id = "typography/space-before-period";
    // The lexicon measures the document: a proofread text keeps its habit at info...
    let proofread = "He rose from the chair . The room was still and quiet . He spoke at last to the men who stood by the door . Then he sat down again and said nothing more about the matter that evening.";
    assert_eq!(severities_with(&[id, "ocr/non-word"], proofread), vec![Severity::Info; 3]);
    // ...raw OCR, with many unknown words, has its spaced periods reported.
    let raw = "Hc rosc from tbe chair . Tbe room wns still and qniet . He spokc at lnst to tbe men wbo stood by tbe door . Thcn he sat down agaiu and said notbing more about tbe mattcr tbat evening.";
    assert_eq!(severities_with(&[id, "ocr/non-word"], raw), vec![Severity::Warning; 3]);
    // So does a document whose noise the English lexicon cannot measure (another language).
    let german = "Der Rath hat beschlossen . Die Sitzung wurde um zehn Uhr eröffnet . Der Präsident sprach über die neuen Gesetze und die Kosten der Bauten . Danach wurde die Sitzung geschlossen und die Mitglieder gingen nach Hause, wo sie über die Beschlüsse des Tages sprachen und noch lange zusammen saßen.";
    assert_eq!(severities_with(&[id, "ocr/non-word"], german), vec![Severity::Warning; 3]);
}
