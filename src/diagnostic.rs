//! Errors in configuration files and rule packs, reported as miette diagnostics that point at
//! their exact place in the TOML. Loading collects every error before giving up.

use miette::{Diagnostic, NamedSource, SourceSpan};
use std::ops::Range;
use std::sync::Arc;

/// A TOML source, shared by every error that points into it.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<String>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: Arc::new(text.into()),
        }
    }

    pub fn named_source(&self) -> NamedSource<String> {
        NamedSource::new(&self.name, self.text.as_str().to_string()).with_language("toml")
    }
}

#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(scanno::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub src: Option<NamedSource<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl ConfigError {
    pub fn at(file: &SourceFile, span: Option<Range<usize>>, message: impl Into<String>) -> ConfigError {
        let message = message.into();
        let span = span.map(|r| {
            let end = r.end.min(file.text.len());
            let start = r.start.min(end);
            SourceSpan::from(start..end)
        });
        ConfigError {
            label: "here".to_string(),
            message,
            src: Some(file.named_source()),
            span,
            help: None,
        }
    }

    pub fn plain(message: impl Into<String>) -> ConfigError {
        ConfigError {
            message: message.into(),
            src: None,
            span: None,
            label: String::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> ConfigError {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> ConfigError {
        self.help = Some(help.into());
        self
    }
}

/// Every configuration error found, reported together.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{} configuration error{} found", .errors.len(), if .errors.len() == 1 { "" } else { "s" })]
#[diagnostic(code(scanno::config))]
pub struct ConfigErrors {
    #[related]
    pub errors: Vec<ConfigError>,
}

/// Turns a toml_edit deserialisation error into a located diagnostic.
pub fn from_toml_error(file: &SourceFile, err: &toml_edit::de::Error, fallback: Option<Range<usize>>) -> ConfigError {
    let span = err.span().or(fallback);
    let message = err.message().trim().to_string();
    let message = message.replace("\n", " ");
    ConfigError::at(file, span, message)
}
