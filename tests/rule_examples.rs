//! Every built-in rule carries examples; this test runs them all. A rule without examples fails.

use scanno::app::{check_text, prepare_for_text, Engine};
use scanno::config::Config;
use scanno::finding::Applicability;
use scanno::fix::apply_fixes;
use scanno::pack::RuleSet;

fn engine_for(id: &str) -> Engine {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let mut engine = Engine::new(config, rules);
    let unknown = engine.select(&[id.to_string()], &[]);
    assert!(unknown.is_empty());
    engine
}

#[test]
fn every_builtin_rule_passes_its_examples() {
    let config = Config::default();
    let rules = RuleSet::load(&config).expect("built-in packs load");
    let metas: Vec<_> = rules.metas().into_iter().cloned().collect();
    assert!(metas.len() >= 10, "expected the built-in packs to define rules");
    let mut failures = Vec::new();
    for meta in &metas {
        if meta.examples.flag.is_empty() || meta.examples.clean.is_empty() {
            failures.push(format!(
                "{}: a rule needs examples that are flagged and examples that stay clean",
                meta.id
            ));
            continue;
        }
        for ex in &meta.examples.flag {
            let mut engine = engine_for(&meta.id);
            prepare_for_text(&mut engine, &ex.input);
            let found: Vec<_> = check_text(&engine, "example.txt", &ex.input)
                .into_iter()
                .filter(|f| f.rule == meta.id)
                .collect();
            if found.is_empty() {
                failures.push(format!("{}: not flagged: {:?}", meta.id, ex.input));
                continue;
            }
            if let Some(expected) = &ex.fixed {
                let (fixed, _, _) = apply_fixes(&ex.input, &found, Applicability::Manual);
                if &fixed != expected {
                    failures.push(format!(
                        "{}: fix of {:?} gave {:?}, expected {:?}",
                        meta.id, ex.input, fixed, expected
                    ));
                }
            }
        }
        for ex in &meta.examples.clean {
            let mut engine = engine_for(&meta.id);
            prepare_for_text(&mut engine, ex);
            let found: Vec<_> = check_text(&engine, "example.txt", ex)
                .into_iter()
                .filter(|f| f.rule == meta.id)
                .collect();
            if !found.is_empty() {
                failures.push(format!(
                    "{}: flagged a clean example {:?}: {:?}",
                    meta.id,
                    ex,
                    found.iter().map(|f| &f.message).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "rule examples failed:\n{}", failures.join("\n"));
}
