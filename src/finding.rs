//! Findings, fixes and their ordering: plain data, rendered only by the emitters.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    #[default]
    Warning,
    Error,
}

impl Severity {
    /// Every severity, lowest first, with its name.
    pub const ALL: &'static [(Severity, &'static str, &'static str)] = &[
        (Severity::Info, "info", ""),
        (Severity::Warning, "warning", ""),
        (Severity::Error, "error", ""),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How safe a fix is to apply without a person looking. Ordered:
/// `Manual < Unsafe < Safe`, so "apply everything at least this safe" is a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Shown; applied only when a person accepts it in review.
    #[default]
    Manual,
    /// The likely reading; applied on request (`--unsafe-fixes`).
    Unsafe,
    /// Deterministic and cannot change meaning; applied by `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Manual => "manual",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// One replacement of the byte range `start..end` of a document's decoded text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(start: usize, end: usize, replacement: impl Into<String>, applicability: Applicability) -> Fix {
        let replacement = replacement.into();
        let title = if replacement.is_empty() {
            "delete".to_string()
        } else {
            format!("replace with `{}`", replacement.escape_debug())
        };
        Fix {
            title,
            applicability,
            edits: vec![Edit { start, end, replacement }],
        }
    }
}

/// A secondary location that explains a finding (for example the dominant spelling of a name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// `None` means the same file as the finding.
    pub path: Option<String>,
    pub start: usize,
    pub end: usize,
    pub message: String,
    /// In another file: the 1-based line and column of `start` there, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

/// A position resolved for output: 1-based line, 1-based column in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub start: usize,
    pub end: usize,
    pub message: String,
    pub fix: Option<Fix>,
    /// Ranked candidate corrections, best first (may be empty).
    pub suggestions: Vec<String>,
    pub related: Vec<Related>,
    /// Filled in when the document is still in memory, before output.
    #[serde(skip)]
    pub position: Position,
}

impl Finding {
    pub fn new(rule: &str, severity: Severity, start: usize, end: usize, message: String) -> Finding {
        Finding {
            rule: rule.to_string(),
            severity,
            start,
            end,
            message,
            fix: None,
            suggestions: Vec::new(),
            related: Vec::new(),
            position: Position::default(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn with_suggestions(mut self, suggestions: Vec<String>) -> Finding {
        self.suggestions = suggestions;
        self
    }

    /// The sort key that makes output identical at any thread count.
    pub fn sort_key(&self) -> (usize, usize, &str, &str) {
        (self.start, self.end, self.rule.as_str(), self.message.as_str())
    }
}

pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}
