//! `scanno rules` and `scanno explain`: every rule, and one rule's documentation.

use super::{load, ConfigArg, Outcome, Status};
use scanno::engine::ENGINE_RULES;
use std::io::Write;

pub fn rules(config: &ConfigArg) -> Outcome {
    let (_, rules) = load(config)?;
    let metas = rules.metas();
    let w = metas.iter().map(|m| m.id.len()).max().unwrap_or(10);
    let mut out = std::io::stdout().lock();
    for m in &metas {
        let fix = m.fix.map(|a| a.as_str()).unwrap_or("-");
        let _ = writeln!(
            out,
            "{:<w$}  {:<11}  {:<7}  {:<6}  {}",
            m.id,
            m.kind,
            m.severity.as_str(),
            fix,
            m.summary()
        );
    }
    for (id, sev, desc) in ENGINE_RULES {
        let _ = writeln!(out, "{:<w$}  {:<11}  {:<7}  {:<6}  {}", id, "engine", sev.as_str(), "-", desc);
    }
    Ok(Status::Clean)
}

pub fn explain(id: &str, config: &ConfigArg) -> Outcome {
    let (_, rules) = load(config)?;
    let Some(m) = rules.meta(id) else {
        if let Some((id, sev, desc)) = ENGINE_RULES.iter().find(|(i, _, _)| *i == id) {
            println!("{id} (engine, {sev})\n\n{desc}");
            return Ok(Status::Clean);
        }
        return Err(format!("no rule `{id}` (see `scanno rules`)").into());
    };
    print!("{}", explain_text(m));
    Ok(Status::Clean)
}

/// The full documentation of a rule, as `scanno explain` prints it.
fn explain_text(m: &scanno::rule_kinds::RuleMeta) -> String {
    let mut s = format!(
        "{}\n\nkind: {}    pack: {}    severity: {}    fix: {}\n\n",
        m.id,
        m.kind,
        m.pack,
        m.severity,
        m.fix.map(|a| a.as_str()).unwrap_or("none")
    );
    s.push_str(&m.description);
    s.push_str("\n\nmessage: ");
    s.push_str(&m.message);
    s.push('\n');
    if !m.examples.flag.is_empty() {
        s.push_str("\nflagged:\n");
        for e in &m.examples.flag {
            s.push_str(&format!("  {}\n", e.input.escape_debug()));
            if let Some(f) = &e.fixed {
                s.push_str(&format!("    → {}\n", f.escape_debug()));
            }
        }
    }
    if !m.examples.clean.is_empty() {
        s.push_str("\nnot flagged:\n");
        for e in &m.examples.clean {
            s.push_str(&format!("  {}\n", e.escape_debug()));
        }
    }
    s
}
