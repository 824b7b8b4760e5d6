//! `scanno review`: the findings one at a time, with the answers read from standard input (see
//! the library's `review`).

use super::{choice, collect, plural, ConfigArg, Failure, Outcome, Status};
use clap::Args;
use scanno::finding::Severity;
use scanno::workflow::review::ReviewOptions;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct ReviewArgs {
    /// Files or folders to review.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Only these rules or packs.
    #[arg(long, value_name = "ID", num_args = 1.., value_delimiter = ',')]
    pub select: Vec<String>,
    /// Turn off these rules or packs.
    #[arg(long, value_name = "ID", num_args = 1.., value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Only findings of this severity or above.
    #[arg(long, value_name = "SEVERITY", value_parser = choice(Severity::ALL), default_value = "info")]
    pub min_severity: Severity,
}

pub fn run(args: ReviewArgs) -> Outcome {
    let (engine, _, result) = collect(&args.paths, &args.config, &args.select, &args.ignore, true)?;
    let config = scanno::workflow::review::config_target(&engine);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // The whole line where the terminal is wide enough for it.
    let width = terminal_size::terminal_size().map_or(100, |(w, _)| usize::from(w.0));
    let opts = ReviewOptions {
        min_severity: args.min_severity,
        width,
    };
    let s = scanno::workflow::review::review(&engine, &result, &config, opts, &mut input, &mut out).map_err(|e| e.to_string())?;
    let _ = writeln!(
        out,
        "\nReviewed: {} accepted, {} edited, {} skipped, {} ignored; {} written.",
        s.accepted,
        s.edited,
        s.skipped,
        s.ignored,
        plural(s.files_written, "file")
    );
    if s.errors > 0 {
        Err(Failure::Reported)
    } else {
        Ok(Status::Clean)
    }
}
