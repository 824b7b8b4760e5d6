//! `scanno stats`: the corpus statistics of a shard, as JSON, for `check --stats`.

use super::{load, with_threads, ConfigArg, Outcome, Status};
use clap::Args;
use scanno::corpus::CorpusStats;
use scanno::engine::gather::gather;
use scanno::engine::inputs::inputs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// Worker threads, 1 to 512 (default: all cores).
    #[arg(long, short = 'j', value_name = "N", value_parser = super::thread_count)]
    pub threads: Option<usize>,
}

pub fn run(args: StatsArgs) -> Outcome {
    let (config, _) = load(&args.config)?;
    let inputs = inputs(&args.paths, args.files_from.as_deref(), &config)?;
    let stats = with_threads(args.threads, || gather(&inputs, config.format))?;
    write_stats(&stats, args.out.as_deref())?;
    Ok(Status::Clean)
}

/// Writes `stats` as JSON to `out` (stdout when `None`). A file is written beside its target
/// and renamed: a reader never sees half a file.
fn write_stats(stats: &CorpusStats, out: Option<&Path>) -> Result<(), String> {
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        stats.write_file(&mut *w)?;
        w.flush()
    };
    match out {
        Some(p) => {
            let mut tmp_name = p.as_os_str().to_owned();
            tmp_name.push(format!(".{}.tmp", std::process::id()));
            let tmp = PathBuf::from(tmp_name);
            let written = std::fs::File::create(&tmp).and_then(|f| {
                let mut w = std::io::BufWriter::new(f);
                write(&mut w)?;
                w.into_inner().map_err(|e| e.into_error())?.sync_all()
            });
            if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, p)) {
                let _ = std::fs::remove_file(&tmp);
                return Err(format!("could not write {}: {e}", p.display()));
            }
            let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
            eprintln!(
                "wrote the statistics of {} ({} word forms) to {}: {}",
                scanno::text::plural(stats.files as usize, "file"),
                stats.distinct_forms(),
                p.display(),
                indicatif::HumanBytes(size)
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            write(&mut w).map_err(|e| format!("could not write statistics: {e}"))?;
        }
    }
    Ok(())
}
