//! `scanno check`: the findings of a corpus, written as the engine hands them over, or — when
//! the workflow options need the whole run (fixes, baselines, changed lines) — collected,
//! fixed and filtered first.

use super::{choice, load, plural, use_color, with_threads, written, ConfigArg, Failure, Outcome, Status};
use clap::Args;
use scanno::config::FailOn;
use scanno::emit::statistics::Statistics;
use scanno::emit::{self, EmitContext, Emitter, Format, FormatWriter, Tally};
use scanno::engine::{inputs::inputs, Engine, Input, RunResult};
use scanno::finding::Applicability;
use scanno::workflow::{self, count_fixable, Filters};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    #[arg(long, value_parser = choice(Format::ALL))]
    pub format: Option<Format>,
    /// Only these rules or packs (`ocr`, `ocr/known-scanno`); repeat or separate with commas.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Turn off these rules or packs; repeat or separate with commas.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Lowest severity that makes the run fail (exit 1).
    #[arg(long, value_parser = choice(FailOn::ALL))]
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
    /// Worker threads, 1 to 512 (default: all cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = super::thread_count)]
    pub threads: Option<usize>,
    /// After the run, print on standard error where its time went: the statistics pass,
    /// preparation and checking, then each check's time summed over threads.
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub workflow: WorkflowArgs,
}

/// The options of `check` for fixing, baselines and changed lines.
#[derive(Args, Debug, Clone, Default)]
pub struct WorkflowArgs {
    /// Apply the safe fixes (re-checking until nothing changes); report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply the unsafe fixes as well.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes --fix would apply as a unified diff (apply with `patch -p1`); write nothing
    /// (also with --fix).
    #[arg(long)]
    pub diff: bool,
    /// Report only findings that are not in this baseline file (see `scanno baseline`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Report only findings on lines changed since this git revision (`git diff REV`).
    #[arg(long, value_name = "REV", conflicts_with = "changed_lines_from")]
    pub changed_since: Option<String>,
    /// Report only findings on lines added or changed by this unified diff (`-`: stdin).
    #[arg(long, value_name = "FILE")]
    pub changed_lines_from: Option<PathBuf>,
}

impl WorkflowArgs {
    fn options(&self) -> workflow::Options {
        workflow::Options {
            fix: self.fix,
            unsafe_fixes: self.unsafe_fixes,
            diff: self.diff,
            baseline: self.baseline.clone(),
            changed_since: self.changed_since.clone(),
            changed_lines_from: self.changed_lines_from.clone(),
        }
    }
}

pub fn run(args: CheckArgs) -> Outcome {
    let (config, rules) = load(&args.config)?;
    let fail_on = args.fail_on.or(config.fail_on).unwrap_or(FailOn::Error);
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Full
    } else {
        Format::Concise
    });
    let inputs = inputs(&args.paths, args.files_from.as_deref(), &config)?;
    if inputs.is_empty() {
        // An empty `--files-from` list (no changed file) is a run with nothing to do; paths
        // that hold no file to check are a mistake (a wrong folder, an `include` that matches
        // nothing), not a clean corpus.
        if args.files_from.is_some() && args.paths.is_empty() {
            eprintln!("scanno: no files listed; nothing checked");
        } else {
            let paths: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
            return Err(Failure::Error(format!(
                "no file to check in {} (include = {:?}, exclude = {:?})",
                if paths.is_empty() { ".".to_string() } else { paths.join(", ") },
                config.include,
                config.exclude
            )));
        }
    }
    // The engine's tables (lexicon, corpus statistics) are freed by the process exit, not
    // entry by entry.
    let mut engine = std::mem::ManuallyDrop::new(super::engine(config, rules, &args.select, &args.ignore)?);
    engine.keep_source = format.needs_source() && !args.statistics;
    if args.timings {
        let labels = engine
            .rules
            .checks
            .iter()
            .map(|c| {
                let metas = c.rules();
                let ids: Vec<&str> = metas.iter().map(|m| m.id.as_str()).collect();
                scanno::timings::Timings::label(metas.first().map_or("check", |m| m.kind), &ids)
            })
            .collect();
        engine.timings = Some(scanno::timings::Timings::new(labels));
    }
    if !args.stats.is_empty() {
        engine.external_stats = Some(scanno::engine::gather::load_stats(&args.stats)?);
    }
    let metas: Vec<scanno::rule_kinds::RuleMeta> = engine.rules.metas().into_iter().cloned().collect();
    let metas: Vec<&scanno::rule_kinds::RuleMeta> = metas.iter().collect();
    let cx = EmitContext {
        rules: &metas,
        color: use_color(args.no_color),
        width: 100,
    };
    // `--quiet` turns the report into one line a finding, without the summary.
    let (format, summary) = match format {
        Format::Full if args.quiet => (Format::Concise, false),
        Format::Full => (Format::Full, true),
        f => (f, false),
    };
    let writer: Box<dyn FormatWriter> = if args.statistics {
        Box::<Statistics>::default()
    } else {
        emit::writer(format, &cx, summary)
    };
    let options = args.workflow.options();
    let (tally, output) = if options.active() {
        match collected(&mut engine, &inputs, &args, &options, writer)? {
            Next::Write(tally, output) => (tally, output),
            Next::End(status) => return Ok(status),
        }
    } else {
        streamed(&mut engine, &inputs, args.threads, writer, !args.quiet)?
    };
    if let Some(t) = &engine.timings {
        eprint!("{}", t.render());
    }
    written(output)?;
    // `concise` keeps one finding a line on stdout; its closing count goes to stderr.
    if format == Format::Concise && !args.quiet && !args.statistics {
        let _ = emit::full::summary(tally.files, &tally.by_severity, tally.safe_fixable, &mut std::io::stderr());
    }
    if tally.io_errors > 0 {
        Err(Failure::Reported)
    } else if tally.any_at_least(|s| fail_on.fails(s)) {
        Ok(Status::Findings)
    } else {
        Ok(Status::Clean)
    }
}

/// Each file written as soon as it and every file before it are checked.
fn streamed(
    engine: &mut Engine,
    inputs: &[Input],
    threads: Option<usize>,
    writer: Box<dyn FormatWriter>,
    progress: bool,
) -> Result<(Tally, std::io::Result<()>), Failure> {
    let timing = engine.timings.is_some();
    // (a bar on the terminal only while the findings go elsewhere: a file, a pipe)
    let progress = progress && !std::io::stdout().is_terminal();
    with_threads(threads, || {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(super::StopWhenClosed(stdout.lock()));
        let mut emitter = Emitter::new(writer, &mut out);
        if timing {
            emitter.spent = Some(std::time::Duration::ZERO);
        }
        let mut shown = super::progress::Progress::new(&mut emitter, inputs, progress);
        engine.run(inputs, &mut shown);
        shown.finish();
        let spent = emitter.spent;
        let done = emitter.finish();
        if let (Some(t), Some(spent)) = (&engine.timings, spent) {
            t.add_work(scanno::timings::Work::Output, spent);
        }
        done
    })
}

/// What a collected run does next.
enum Next<T> {
    /// Go on: write what is left (`T`), or (for `collected`) the tally and how writing went.
    Write(T, std::io::Result<()>),
    /// The run ends here with this status (`--diff`).
    End(Status),
}

/// The whole run collected, fixed and filtered (the workflow options), then written.
fn collected(
    engine: &mut Engine,
    inputs: &[Input],
    args: &CheckArgs,
    options: &workflow::Options,
    mut writer: Box<dyn FormatWriter>,
) -> Result<Next<Tally>, Failure> {
    let result = with_threads(args.threads, || {
        let mut result = RunResult::default();
        let mut shown = super::progress::Progress::new(&mut result, inputs, !args.quiet);
        let stats = engine.run(inputs, &mut shown);
        shown.finish();
        result.stats = stats;
        result
    })?;
    for s in &result.skipped {
        eprintln!("warning: {s}");
    }
    let result = match after_run(engine, result, options, args.quiet)? {
        Next::Write(result, _) => result,
        Next::End(status) => return Ok(Next::End(status)),
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let done = scanno::timings::timed(
        engine.timings.as_ref(),
        |t, d| t.add_work(scanno::timings::Work::Output, d),
        || emit::write_all(writer.as_mut(), &result, &mut out),
    );
    std::mem::forget(result);
    Ok(Next::Write(done.0, done.1))
}

/// Fixes and filters a collected run as `options` ask; prints what was fixed (and, for
/// `--diff`, the diff, where the run ends).
fn after_run(engine: &mut Engine, result: RunResult, options: &workflow::Options, quiet: bool) -> Result<Next<RunResult>, Failure> {
    let filters = Filters::new(options)?;
    let (mut result, fixed) = if options.fix || options.diff {
        let (mut result, report) = workflow::fix_corpus(engine, result, options, &filters);
        for o in &report.files {
            // A file that could not be fixed or written is an I/O error of the run (exit 2).
            if let Some(p) = &o.problem {
                eprintln!("error: {}: {p}", emit::visible(&o.input.display));
                result.io_errors += 1;
            }
            if let Some(n) = &o.note {
                eprintln!("warning: {}: {n}", emit::visible(&o.input.display));
            }
        }
        let (n, files) = (report.applied(), report.files_changed());
        if options.diff {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for o in &report.files {
                if out.write_all(&o.diff).is_err() {
                    break;
                }
            }
            let _ = out.flush();
            if !quiet {
                eprintln!("Would fix {} in {}.", plural(n, "finding"), plural(files, "file"));
            }
            if result.io_errors > 0 {
                return Err(Failure::Reported);
            }
            return Ok(Next::End(if n > 0 { Status::Findings } else { Status::Clean }));
        }
        if !quiet {
            eprintln!(
                "Fixed {} in {}{}.",
                plural(n, "finding"),
                plural(files, "file"),
                if options.unsafe_fixes { " (safe and unsafe fixes)" } else { "" }
            );
        }
        (result, Some(report))
    } else {
        (result, None)
    };
    for w in workflow::filter(&mut result, &filters, fixed.as_ref()) {
        eprintln!("warning: {w}");
    }
    if fixed.is_some() && !quiet {
        let remaining = result.count();
        let fixable_safe = count_fixable(&result, Applicability::Safe);
        let fixable_unsafe = count_fixable(&result, Applicability::Unsafe) - fixable_safe;
        let mut msg = format!("{} remaining", plural(remaining, "finding"));
        if fixable_unsafe > 0 && !options.unsafe_fixes {
            msg.push_str(&format!("; {fixable_unsafe} with unsafe fixes (--unsafe-fixes)"));
        }
        let manual = count_fixable(&result, Applicability::Manual) - fixable_safe - fixable_unsafe;
        if manual > 0 {
            msg.push_str(&format!("; {manual} with fixes to review (`scanno review`)"));
        }
        eprintln!("{msg}.");
    }
    Ok(Next::Write(result, Ok(())))
}
