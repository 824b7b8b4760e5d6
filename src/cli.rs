//! The command line: clap derive structs, validated once into an engine, then run.

use crate::app::{Engine, RunResult};
use crate::config::{Config, FailOn};
use crate::diagnostic::{ConfigError, ConfigErrors};
use crate::emit::{self, EmitContext, Format};
use crate::pack::RuleSet;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
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
    Check(CheckArgs),
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
    Names(crate::names_report::NamesArgs),
    /// Write the corpus statistics of PATHS (JSON) for `check --stats` on sharded runs.
    Stats(StatsArgs),
    /// Write a commented scanno.toml in the current folder.
    Init {
        /// Overwrite an existing scanno.toml.
        #[arg(long)]
        force: bool,
    },
    /// Go through the findings one by one: accept a candidate, edit, skip or ignore.
    Review(crate::review::ReviewArgs),
    /// Write today's findings to a baseline file, for `check --baseline`.
    Baseline(crate::workflow::BaselineArgs),
    /// Print the JSON schema of scanno.toml.
    Schema,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArg {
    /// Use this configuration file instead of the scanno.toml found upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or folders to check (folders are walked respecting .gitignore; default `.`).
    pub paths: Vec<PathBuf>,
    /// Also check the files listed in FILE, one path a line (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Judge by these corpus statistics (from `scanno stats`, merged) instead of a first pass
    /// (several files may follow; end them with `--` before paths to check).
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub stats: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Output format (default: full on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Only these rules or packs (`ocr`, `ocr/known-scanno`); repeat or separate with commas.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Turn off these rules or packs; repeat or separate with commas.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// No colours (also when NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
    /// Print only the findings, no summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// After the run, print on standard error where its time went: the statistics pass,
    /// preparation and checking, then each check's time summed over threads.
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub workflow: crate::workflow::WorkflowArgs,
}

#[derive(Args, Debug, Clone)]
pub struct StatsArgs {
    /// Files or folders (default `.`).
    pub paths: Vec<PathBuf>,
    /// Also the files listed in FILE, one path a line (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Write the statistics here (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

fn use_color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Prints configuration errors as one miette report on stderr.
pub fn report_config_errors(errors: Vec<ConfigError>) {
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

/// Loads the config (explicit, found upward, or built-in) and the rule packs.
pub fn load(config: &ConfigArg) -> Result<(Config, RuleSet), ExitCode> {
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
            Err(ExitCode::from(2))
        }
        Err(pack_errors) => {
            errors.extend(pack_errors);
            report_config_errors(errors);
            Err(ExitCode::from(2))
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(config) => rules(&config),
        Command::Explain { id, config } => explain(&id, &config),
        Command::Stats(args) => stats(args),
        Command::Init { force } => init(force),
        Command::Names(args) => crate::names_report::run(args),
        Command::Review(args) => crate::workflow::review_cmd(args),
        Command::Baseline(args) => crate::workflow::baseline_cmd(args),
        Command::Schema => crate::workflow::schema_cmd(),
    }
}

fn stats(args: StatsArgs) -> ExitCode {
    let (config, _) = match load(&args.config) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let inputs = match crate::shard::inputs(&args.paths, args.files_from.as_deref(), &config) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let written = match with_threads(args.threads, || crate::shard::write_stats(&inputs, args.out.as_deref())) {
        Ok(w) => w,
        Err(code) => return code,
    };
    match written {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let (config, rules) = match load(&args.config) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Full
    } else {
        Format::Concise
    });
    let inputs = match crate::shard::inputs(&args.paths, args.files_from.as_deref(), &config) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    // The engine's tables (lexicon, corpus statistics) are freed by the process exit, not
    // entry by entry.
    let mut engine = std::mem::ManuallyDrop::new(Engine::new(config, rules));
    let unknown = engine.select(&args.select, &args.ignore);
    if !unknown.is_empty() {
        eprintln!(
            "error: no rule or pack named {} (see `scanno rules`)",
            unknown.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
        );
        return ExitCode::from(2);
    }
    engine.keep_source = matches!(format, Format::Full | Format::Rdjson) && !args.statistics;
    if args.timings {
        let labels = engine
            .rules
            .checks
            .iter()
            .map(|c| {
                let metas = c.rules();
                let ids: Vec<&str> = metas.iter().map(|m| m.id.as_str()).collect();
                crate::timings::Timings::label(metas.first().map_or("check", |m| m.kind), &ids)
            })
            .collect();
        engine.timings = Some(crate::timings::Timings::new(labels));
    }
    if !args.stats.is_empty() {
        match crate::stream::load_stats(&args.stats) {
            Ok(s) => engine.external_stats = Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let w = &args.workflow;
    let workflow_active =
        w.fix || w.unsafe_fixes || w.diff || w.baseline.is_some() || w.changed_since.is_some() || w.changed_lines_from.is_some();
    if !args.statistics && !workflow_active && emit::streaming::streams(format) {
        let code = check_streaming(&mut engine, &inputs, &args, format, fail_on);
        if let Some(t) = &engine.timings {
            eprint!("{}", t.render());
        }
        return code;
    }
    let result: RunResult = match with_threads(args.threads, || engine.run(&inputs)) {
        Ok(r) => r,
        Err(code) => return code,
    };
    for s in &result.skipped {
        eprintln!("warning: {s}");
    }
    let result = match crate::workflow::after_run(&engine, &inputs, result, &args.workflow, args.quiet) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let metas = engine.rules.metas();
    let cx = EmitContext {
        rules: &metas,
        color: use_color(args.no_color),
        width: 100,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = crate::timings::timed(
        engine.timings.as_ref(),
        |t, d| t.add_work(crate::timings::Work::Output, d),
        || {
            if args.statistics {
                emit::statistics(&result, &mut out)
            } else if args.quiet && format == Format::Full {
                emit::concise::emit(&result, &mut out)
            } else {
                emit::emit(format, &result, &cx, &mut out)
            }
            .and_then(|_| out.flush())
        },
    );
    if let Some(t) = &engine.timings {
        eprint!("{}", t.render());
    }
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: could not write output: {e}");
            return ExitCode::from(2);
        }
    }
    let code = if result.io_errors > 0 {
        ExitCode::from(2)
    } else if result.findings().any(|(_, f)| fail_on.fails(f.severity)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    std::mem::forget(result);
    code
}

/// Runs `run` on `threads` worker threads (`None`: rayon's default, all cores).
fn with_threads<R: Send>(threads: Option<usize>, run: impl FnOnce() -> R + Send) -> Result<R, ExitCode> {
    match threads {
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build() {
            Ok(pool) => Ok(pool.install(run)),
            Err(e) => {
                eprintln!("error: could not start {n} threads: {e}");
                Err(ExitCode::from(2))
            }
        },
        None => Ok(run()),
    }
}

/// `check` in a per-file format: output streamed file by file (see `emit::streaming`).
fn check_streaming(engine: &mut Engine, inputs: &[crate::app::Input], args: &CheckArgs, format: Format, fail_on: FailOn) -> ExitCode {
    let metas: Vec<crate::rule_kinds::RuleMeta> = engine.rules.metas().into_iter().cloned().collect();
    let metas: Vec<&crate::rule_kinds::RuleMeta> = metas.iter().collect();
    let (format, summary) = match format {
        Format::Full if args.quiet => (Format::Concise, false),
        Format::Full => (Format::Full, true),
        f => (f, false),
    };
    let cx = EmitContext {
        rules: &metas,
        color: use_color(args.no_color),
        width: 100,
    };
    let run = || {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        emit::streaming::run(engine, inputs, format, &cx, summary, &mut out)
    };
    let (tally, written) = match with_threads(args.threads, run) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: could not write output: {e}");
            return ExitCode::from(2);
        }
    }
    if tally.io_errors > 0 {
        ExitCode::from(2)
    } else if tally.fails(fail_on) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn rules(config: &ConfigArg) -> ExitCode {
    let (_, rules) = match load(config) {
        Ok(x) => x,
        Err(code) => return code,
    };
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
    for (id, sev, desc) in crate::app::ENGINE_RULES {
        let _ = writeln!(out, "{:<w$}  {:<11}  {:<7}  {:<6}  {}", id, "engine", sev.as_str(), "-", desc);
    }
    ExitCode::SUCCESS
}

fn explain(id: &str, config: &ConfigArg) -> ExitCode {
    let (_, rules) = match load(config) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let Some(m) = rules.meta(id) else {
        if let Some((id, sev, desc)) = crate::app::ENGINE_RULES.iter().find(|(i, _, _)| *i == id) {
            println!("{id} (engine, {sev})\n\n{desc}");
            return ExitCode::SUCCESS;
        }
        eprintln!("error: no rule `{id}` (see `scanno rules`)");
        return ExitCode::from(2);
    };
    print!("{}", explain_text(m));
    ExitCode::SUCCESS
}

/// The full documentation of a rule, as `scanno explain` prints it.
pub fn explain_text(m: &crate::rule_kinds::RuleMeta) -> String {
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

fn init(force: bool) -> ExitCode {
    let path = PathBuf::from(crate::config::FILE_NAME);
    if path.exists() && !force {
        eprintln!("error: {} already exists (use --force to overwrite)", path.display());
        return ExitCode::from(2);
    }
    match std::fs::write(&path, crate::config::INIT_TEMPLATE) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: could not write {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}
