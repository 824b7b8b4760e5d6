//! `--statistics`: findings per rule, most frequent first, instead of the findings.

use super::{FormatWriter, Tally};
use crate::engine::FileResult;
use crate::finding::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts findings per rule as the files come, and writes the table last.
#[derive(Default)]
pub struct Statistics {
    /// Per rule: findings, findings with a fix, highest severity.
    counts: BTreeMap<String, (usize, usize, Severity)>,
}

impl FormatWriter for Statistics {
    fn file(&mut self, file: &FileResult, _: &mut dyn Write) -> io::Result<()> {
        for f in &file.findings {
            let e = match self.counts.get_mut(f.rule.as_str()) {
                Some(e) => e,
                None => self.counts.entry(f.rule.clone()).or_insert((0, 0, f.severity)),
            };
            e.0 += 1;
            if f.fix.is_some() {
                e.1 += 1;
            }
            e.2 = e.2.max(f.severity);
        }
        Ok(())
    }

    fn end(&mut self, _: &Tally, out: &mut dyn Write) -> io::Result<()> {
        let mut rows: Vec<_> = self.counts.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
        writeln!(out, "{:>6}  {:<w$}  {:<8}  {:>7}", "count", "rule", "severity", "fixable")?;
        for (rule, (n, fixable, sev)) in &rows {
            writeln!(out, "{n:>6}  {rule:<w$}  {:<8}  {fixable:>7}", sev.as_str())?;
        }
        let total: usize = rows.iter().map(|r| r.1 .0).sum();
        writeln!(out, "{total:>6}  {:<w$}", "total")?;
        Ok(())
    }
}
