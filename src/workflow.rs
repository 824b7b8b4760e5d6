//! The corpus pull-request workflow around `check`: fixing (`--fix`, `--unsafe-fixes`,
//! `--diff`), baselines (`--baseline`, `scanno baseline`), changed lines only
//! (`--changed-since`, `--changed-lines-from`), and the `schema` and `review` commands.
//!
//! `after_run` is the post-processing step of the pipeline for these options: the findings are
//! filtered (baseline, changed lines) and, when asked, fixed, after the whole corpus was checked.

use crate::app::{discover, Engine, Input, RunResult};
use crate::baseline::{Baseline, BaselineFilter};
use crate::changed::ChangedLines;
use crate::cli::{load, ConfigArg};
use crate::document::Document;
use crate::finding::{Applicability, Finding};
use crate::fixer::{fix_files, FindingFilter, FixOptions};
use clap::Args;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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

/// Every filter of a run, applied in turn.
struct Filters(Vec<Box<dyn FindingFilter>>);

impl FindingFilter for Filters {
    fn filter(&self, doc: &Document, findings: &mut Vec<Finding>) {
        for f in &self.0 {
            f.filter(doc, findings);
        }
    }
}

fn build_filters(args: &WorkflowArgs) -> Result<Filters, String> {
    let mut filters: Vec<Box<dyn FindingFilter>> = Vec::new();
    if let Some(file) = &args.baseline {
        filters.push(Box::new(BaselineFilter::new(file, Baseline::load(file)?)));
    }
    if let Some(rev) = &args.changed_since {
        filters.push(Box::new(ChangedLines::from_git(rev)?));
    }
    if let Some(file) = &args.changed_lines_from {
        filters.push(Box::new(ChangedLines::from_file(file)?));
    }
    Ok(Filters(filters))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Filters and fixes the findings of a run as `args` asks. `Err` carries the exit code when the
/// run ends here (`--diff`, or an error).
pub fn after_run(
    engine: &Engine,
    inputs: &[Input],
    mut result: RunResult,
    args: &WorkflowArgs,
    quiet: bool,
) -> Result<RunResult, ExitCode> {
    let filters = build_filters(args).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    let filter: Option<&dyn FindingFilter> = (!filters.0.is_empty()).then_some(&filters as &dyn FindingFilter);
    let paths: BTreeMap<&str, &PathBuf> = inputs.iter().map(|i| (i.display.as_str(), &i.path)).collect();
    let mut done: Vec<bool> = vec![false; result.files.len()];
    if args.fix || args.diff {
        let min = if args.unsafe_fixes {
            Applicability::Unsafe
        } else {
            Applicability::Safe
        };
        let opts = FixOptions {
            min,
            write: args.fix && !args.diff,
        };
        let (r, report) = fix_files(engine, inputs, result, opts, filter);
        result = r;
        for o in &report.files {
            if let Some(i) = result.files.iter().position(|f| f.path == o.display) {
                done[i] = o.problem.is_none();
            }
            for p in o.problem.iter().chain(o.note.iter()) {
                eprintln!("warning: {}: {p}", o.display);
            }
        }
        if args.diff {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for o in &report.files {
                if out.write_all(&o.diff).is_err() {
                    break;
                }
            }
            let _ = out.flush();
            let (n, files) = (report.applied(), report.files_changed());
            if !quiet {
                eprintln!("Would fix {} in {}.", plural(n, "finding"), plural(files, "file"));
            }
            return Err(if n > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS });
        }
        // Files the fixer did not touch are filtered below; fixed files were filtered per round.
        let fixed_files = report.files_changed();
        let n = report.applied();
        if !quiet {
            eprintln!(
                "Fixed {} in {}{}.",
                plural(n, "finding"),
                plural(fixed_files, "file"),
                if args.unsafe_fixes { " (safe and unsafe fixes)" } else { "" }
            );
        }
    }
    if filter.is_some() {
        for (i, file) in result.files.iter_mut().enumerate() {
            if done[i] || file.findings.is_empty() {
                continue;
            }
            let path = paths
                .get(file.path.as_str())
                .map(|p| p.to_path_buf())
                .unwrap_or_else(|| PathBuf::from(&file.path));
            let doc = match &file.source {
                Some(text) => Document {
                    path: path.clone(),
                    ..Document::from_str(&file.path, text)
                },
                None => match Document::read(&path, file.path.clone()) {
                    Ok(d) => d,
                    Err(e) => {
                        eprintln!("warning: {e}");
                        continue;
                    }
                },
            };
            filters.filter(&doc, &mut file.findings);
        }
    }
    if (args.fix || args.diff) && !quiet {
        let remaining = result.count();
        let fixable_safe = count_fixable(&result, Applicability::Safe);
        let fixable_unsafe = count_fixable(&result, Applicability::Unsafe) - fixable_safe;
        let mut msg = format!("{} remaining", plural(remaining, "finding"));
        if fixable_unsafe > 0 && !args.unsafe_fixes {
            msg.push_str(&format!("; {fixable_unsafe} with unsafe fixes (--unsafe-fixes)"));
        }
        let manual = count_fixable(&result, Applicability::Manual) - fixable_safe - fixable_unsafe;
        if manual > 0 {
            msg.push_str(&format!("; {manual} with fixes to review (`scanno review`)"));
        }
        eprintln!("{msg}.");
    }
    Ok(result)
}

fn count_fixable(result: &RunResult, min: Applicability) -> usize {
    result
        .findings()
        .filter(|(_, f)| f.fix.as_ref().is_some_and(|x| x.applicability >= min))
        .count()
}

/// `scanno baseline`.
#[derive(Args, Debug, Clone)]
pub struct BaselineArgs {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// The baseline file to write.
    #[arg(long, short, value_name = "FILE", default_value = crate::baseline::DEFAULT_FILE)]
    pub output: PathBuf,
}

/// Loads the config and rules, discovers the inputs and runs the engine: what `baseline` and
/// `review` share with `check`.
pub fn run_engine(
    paths: &[PathBuf],
    config: &ConfigArg,
    select: &[String],
    ignore: &[String],
) -> Result<(Engine, Vec<Input>, RunResult), ExitCode> {
    let (config, rules) = load(config)?;
    let inputs = discover(paths, &config).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })?;
    let mut engine = Engine::new(config, rules);
    let unknown = engine.select(select, ignore);
    if !unknown.is_empty() {
        eprintln!("error: no rule or pack named {} (see `scanno rules`)", unknown.join(", "));
        return Err(ExitCode::from(2));
    }
    let result = engine.run(&inputs);
    for s in &result.skipped {
        eprintln!("warning: {s}");
    }
    if result.io_errors > 0 {
        return Err(ExitCode::from(2));
    }
    Ok((engine, inputs, result))
}

pub fn baseline_cmd(args: BaselineArgs) -> ExitCode {
    let (_, inputs, result) = match run_engine(&args.paths, &args.config, &[], &[]) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let paths: BTreeMap<&str, &PathBuf> = inputs.iter().map(|i| (i.display.as_str(), &i.path)).collect();
    let mut docs = Vec::new();
    for file in &result.files {
        if file.findings.is_empty() {
            continue;
        }
        let path = paths
            .get(file.path.as_str())
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| PathBuf::from(&file.path));
        match Document::read(&path, file.path.clone()) {
            Ok(d) => docs.push((d, &file.findings)),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let base = args.output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let baseline = Baseline::build(base, docs.iter().map(|(d, f)| (d.path.as_path(), d.text.as_str(), f.as_slice())));
    if let Err(e) = std::fs::write(&args.output, baseline.to_json()) {
        eprintln!("error: could not write {}: {e}", args.output.display());
        return ExitCode::from(2);
    }
    eprintln!(
        "Wrote {} ({} in {}) to {}.",
        plural(baseline.findings.len(), "entry"),
        plural(result.count(), "finding"),
        plural(docs.len(), "file"),
        args.output.display()
    );
    ExitCode::SUCCESS
}

pub fn review_cmd(args: crate::review::ReviewArgs) -> ExitCode {
    let (engine, inputs, result) = match run_engine(&args.paths, &args.config, &args.select, &args.ignore) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let paths: BTreeMap<String, PathBuf> = inputs.iter().map(|i| (i.display.clone(), i.path.clone())).collect();
    let lookup = |d: &str| paths.get(d).cloned().unwrap_or_else(|| PathBuf::from(d));
    let config = crate::review::config_target(&engine);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match crate::review::review(&result, &lookup, &config, &mut input, &mut out) {
        Ok(s) => {
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
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn schema_cmd() -> ExitCode {
    print!("{}", crate::schema::config_schema());
    ExitCode::SUCCESS
}
