//! The command line (the binary alone: the library never sees it). Arguments are parsed by
//! clap into each subcommand's arguments, validated once into the library's settings, and the
//! subcommand runs. Each subcommand is one file; loading the configuration and mapping an
//! outcome to an exit code happen here, once.
//!
//! Exit codes: 0 nothing at or above `--fail-on`; 1 findings at or above it (or, for
//! `--diff`, something to fix); 2 a usage, configuration or I/O error.

mod baseline;
mod check;
mod init;
mod names;
mod progress;
mod review;
mod rules;
mod stats;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use scanno::config::Config;
use scanno::diagnostic::{ConfigError, ConfigErrors};
use scanno::engine::{discover, Engine, Input, RunResult};
use scanno::pack::RuleSet;
use scanno::text::plural;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "scanno",
    version,
    about = "A linter and consistency checker for OCR'd and transcribed plain-text corpora"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check files and folders for OCR faults and inconsistencies.
    Check(check::CheckArgs),
    /// List every rule: id, kind, severity, one-line description.
    Rules(ConfigArg),
    /// Show a rule's full documentation and examples.
    Explain {
        /// A rule id such as `ocr/known-scanno`.
        id: String,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// List every name of the corpus with its spellings, counts and where they occur.
    Names(names::NamesArgs),
    /// Write the corpus statistics of PATHS (JSON) for `check --stats` on sharded runs.
    Stats(stats::StatsArgs),
    /// Write a commented scanno.toml in the current folder.
    Init {
        /// Overwrite an existing scanno.toml.
        #[arg(long)]
        force: bool,
    },
    /// Go through the findings one by one: accept a candidate, edit, skip or ignore.
    Review(review::ReviewArgs),
    /// Write today's findings to a baseline file, for `check --baseline`.
    Baseline(baseline::BaselineArgs),
    /// Print the JSON schema of scanno.toml.
    Schema,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArg {
    /// Use this configuration file instead of the scanno.toml found upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// How a command that ran to its end went.
pub enum Status {
    /// Nothing to report at or above the threshold: exit 0.
    Clean,
    /// Findings at or above the threshold (or fixes to make, for `--diff`): exit 1.
    Findings,
}

/// Why a command stopped: exit 2.
pub enum Failure {
    /// An error to print (`error: …`).
    Error(String),
    /// An error already reported (configuration errors, unreadable files).
    Reported,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Error(message)
    }
}

type Outcome = Result<Status, Failure>;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(config) => rules::rules(&config),
        Command::Explain { id, config } => rules::explain(&id, &config),
        Command::Stats(args) => stats::run(args),
        Command::Init { force } => init::run(force),
        Command::Names(args) => names::run(args),
        Command::Review(args) => review::run(args),
        Command::Baseline(args) => baseline::run(args),
        Command::Schema => {
            print!("{}", scanno::schema::config_schema());
            Ok(Status::Clean)
        }
    };
    // The one place an outcome becomes an exit code.
    match outcome {
        Ok(Status::Clean) => ExitCode::SUCCESS,
        Ok(Status::Findings) => ExitCode::from(1),
        Err(failure) => {
            if let Failure::Error(message) = failure {
                eprintln!("error: {message}");
            }
            ExitCode::from(2)
        }
    }
}

/// A clap parser of one of the library's closed sets of values (`(value, name, help)`).
fn choice<T: Clone + Send + Sync + 'static>(values: &'static [(T, &'static str, &'static str)]) -> impl TypedValueParser<Value = T> {
    let names = values.iter().map(|(_, name, help)| {
        let v = PossibleValue::new(*name);
        if help.is_empty() {
            v
        } else {
            v.help(*help)
        }
    });
    PossibleValuesParser::new(names).map(move |s: String| {
        values
            .iter()
            .find(|(_, name, _)| *name == s)
            .map(|(v, _, _)| v.clone())
            .expect("clap accepts only the possible values")
    })
}

fn use_color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Prints configuration errors as one miette report on stderr.
fn report_config_errors(errors: Vec<ConfigError>) {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal();
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    let report = ConfigErrors { errors };
    let mut s = String::new();
    let _ = handler.render_report(&mut s, &report);
    eprint!("{s}");
}

/// Loads the config (explicit, found upward, or built-in) and the rule packs; every error of
/// both is reported at once.
fn load(config: &ConfigArg) -> Result<(Config, RuleSet), Failure> {
    let (cfg, mut errors) = match &config.config {
        Some(p) => Config::load_lenient(p),
        None => match std::env::current_dir().ok().and_then(|d| Config::discover(&d)) {
            Some(p) => Config::load_lenient(&p),
            None => (Config::default(), Vec::new()),
        },
    };
    // The packs are loaded even when the config has errors, so that every error comes out at once.
    match RuleSet::load(&cfg) {
        Ok(r) if errors.is_empty() => Ok((cfg, r)),
        Ok(_) => {
            report_config_errors(errors);
            Err(Failure::Reported)
        }
        Err(pack_errors) => {
            errors.extend(pack_errors);
            report_config_errors(errors);
            Err(Failure::Reported)
        }
    }
}

/// The engine of `config` and `rules` with `--select`/`--ignore` applied.
fn engine(config: Config, rules: RuleSet, select: &[String], ignore: &[String]) -> Result<Engine, Failure> {
    let mut engine = Engine::new(config, rules);
    let unknown = engine.select(select, ignore);
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|s| format!("`{s}`")).collect();
        return Err(Failure::Error(format!(
            "no rule or pack named {} (see `scanno rules`)",
            names.join(", ")
        )));
    }
    Ok(engine)
}

/// Loads the settings, discovers the inputs and collects a whole run: what `baseline` and
/// `review` share.
fn collect(
    paths: &[PathBuf],
    config: &ConfigArg,
    select: &[String],
    ignore: &[String],
    keep_source: bool,
) -> Result<(Engine, Vec<Input>, RunResult), Failure> {
    let (config, rules) = load(config)?;
    let inputs = discover(paths, &config)?;
    let mut engine = engine(config, rules, select, ignore)?;
    engine.keep_source = keep_source;
    let result = engine.collect(&inputs);
    for s in &result.skipped {
        eprintln!("warning: {s}");
    }
    if result.io_errors > 0 {
        return Err(Failure::Reported);
    }
    Ok((engine, inputs, result))
}

/// `-j N`: a number of threads from 1 to 512 (more would only cost memory: each thread has its
/// stack and buffers, and a corpus is checked no faster).
fn thread_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n @ 1..=512) => Ok(n),
        _ => Err(format!("`{s}` is not a number of threads from 1 to 512")),
    }
}

/// Runs `run` on `threads` worker threads (`None`: rayon's default, all cores).
fn with_threads<R: Send>(threads: Option<usize>, run: impl FnOnce() -> R + Send) -> Result<R, Failure> {
    match threads {
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build() {
            Ok(pool) => Ok(pool.install(run)),
            Err(e) => Err(Failure::Error(format!("could not start {n} threads: {e}"))),
        },
        None => Ok(run()),
    }
}

/// Standard output for a run that writes as it goes: when the reader goes away (`| head -1`)
/// the run ends at once, as a Unix filter's does, instead of checking the rest of the corpus for
/// nobody. The exit code is then 0 (nobody reads it but a `pipefail` shell).
pub(crate) struct StopWhenClosed<W>(pub W);

impl<W: std::io::Write> std::io::Write for StopWhenClosed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf).map_err(stop_if_closed)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush().map_err(stop_if_closed)
    }
}

fn stop_if_closed(e: std::io::Error) -> std::io::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    e
}

/// The end of writing to stdout: a closed pipe (`| head`) is not an error.
fn written(result: std::io::Result<()>) -> Result<(), Failure> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::Error(format!("could not write output: {e}"))),
        _ => Ok(()),
    }
}
