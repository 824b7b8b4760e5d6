//! `--statistics`: findings per rule, most frequent first, instead of the findings: how many,
//! by the severity they are reported at, and by the applicability of their fix.

use super::{FormatWriter, Tally};
use crate::engine::FileResult;
use crate::finding::{Applicability, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts findings per rule as the files come, and writes the table last.
#[derive(Default)]
pub struct Statistics {
    counts: BTreeMap<String, Row>,
}

/// One rule's findings: in all, by the severity reported, and by the applicability of their fix.
#[derive(Default, Clone, Copy)]
struct Row {
    total: usize,
    /// Error, warning, info.
    severity: [usize; 3],
    /// Safe, unsafe, manual.
    fixes: [usize; 3],
}

impl Row {
    fn add(&mut self, other: &Row) {
        self.total += other.total;
        for k in 0..3 {
            self.severity[k] += other.severity[k];
            self.fixes[k] += other.fixes[k];
        }
    }
}

impl FormatWriter for Statistics {
    fn file(&mut self, file: &FileResult, _: &mut dyn Write) -> io::Result<()> {
        for f in &file.findings {
            let e = match self.counts.get_mut(f.rule.as_str()) {
                Some(e) => e,
                None => self.counts.entry(f.rule.clone()).or_default(),
            };
            e.total += 1;
            e.severity[match f.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info => 2,
            }] += 1;
            if let Some(fix) = &f.fix {
                e.fixes[match fix.applicability {
                    Applicability::Safe => 0,
                    Applicability::Unsafe => 1,
                    Applicability::Manual => 2,
                }] += 1;
            }
        }
        Ok(())
    }

    fn end(&mut self, _: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<(&String, &Row)> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1.total.cmp(&a.1.total).then(a.0.cmp(b.0)));
        let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(5);
        writeln!(
            out,
            "{:>6}  {:<w$}  {:>5}  {:>7}  {:>5}  {:>4}  {:>6}  {:>6}",
            "count", "rule", "error", "warning", "info", "safe", "unsafe", "manual"
        )?;
        let line = |out: &mut dyn Write, name: &str, r: &Row| {
            writeln!(
                out,
                "{:>6}  {name:<w$}  {:>5}  {:>7}  {:>5}  {:>4}  {:>6}  {:>6}",
                r.total, r.severity[0], r.severity[1], r.severity[2], r.fixes[0], r.fixes[1], r.fixes[2]
            )
        };
        let mut total = Row::default();
        for (rule, row) in &rows {
            line(out, rule, row)?;
            total.add(row);
        }
        line(out, "total", &total)?;
        Ok(())
    }
}
