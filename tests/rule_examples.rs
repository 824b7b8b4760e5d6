//! Every built-in rule carries examples; this test runs them all. A rule without examples fails.
//! A finding counts when it is at the rule's own severity or above: rules that grade their
//! findings by evidence (the lexicon) may report weaker evidence at a lower severity.

use scanno::config::Config;
use scanno::diagnostic::SourceFile;
use scanno::engine::{check_text, prepare_for_text, Engine};
use scanno::finding::Applicability;
use scanno::fix::apply_fixes;
use scanno::pack::RuleSet;

fn engine_for(id: &str) -> Engine {
    engine_with(id, Config::default())
}

fn engine_with(id: &str, config: Config) -> Engine {
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
            let mut engine = match &ex.config {
                Some(toml) => match Config::parse(&SourceFile::new("example scanno.toml", toml.as_str())) {
                    Ok(c) => engine_with(&meta.id, c),
                    Err(e) => {
                        failures.push(format!("{}: the example's config does not parse: {e:?}", meta.id));
                        continue;
                    }
                },
                None => engine_for(&meta.id),
            };
            prepare_for_text(&mut engine, &ex.input);
            let found: Vec<_> = check_text(&engine, "example.txt", &ex.input)
                .into_iter()
                .filter(|f| f.rule == meta.id && f.severity >= meta.severity)
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
                .filter(|f| f.rule == meta.id && f.severity >= meta.severity)
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
