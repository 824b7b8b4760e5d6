//! `scanno names`: every name of the corpus with its spellings, counts and places.

use super::{load, written, ConfigArg, Outcome, Status};
use clap::{Args, ValueEnum};
use scanno::engine::discover;
use scanno::names_report::{build, render_text};
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum NamesFormat {
    #[default]
    Text,
    Json,
}

#[derive(Args, Debug, Clone)]
pub struct NamesArgs {
    /// Files or folders to read (folders are walked respecting .gitignore).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: NamesFormat,
    /// List only the names that have variant spellings.
    #[arg(long)]
    pub variants_only: bool,
}

pub fn run(args: NamesArgs) -> Outcome {
    let (config, _) = load(&args.config)?;
    let inputs = discover(&args.paths, &config)?;
    let report = build(&inputs, &config, args.variants_only);
    let text = match args.format {
        NamesFormat::Text => render_text(&report),
        NamesFormat::Json => serde_json::to_string_pretty(&report).map_err(|e| e.to_string())? + "\n",
    };
    let mut out = std::io::stdout().lock();
    written(out.write_all(text.as_bytes()).and_then(|_| out.flush()))?;
    Ok(Status::Clean)
}
