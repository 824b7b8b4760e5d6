//! Sharded runs: scanno as the map step of a larger engine.
//!
//! - `--files-from FILE` (or `-` for stdin) reads the files to check, one path a line.
//! - `scanno stats PATHS --out FILE` writes the corpus statistics of a shard as JSON.
//! - `scanno check --stats FILE...` merges the statistics files (which together describe the
//!   whole corpus) and judges every file by them instead of by its own shard, so shards checked
//!   on different machines report what one run over the whole corpus would.
//!
//! The merge is commutative and associative (`CorpusStats::merge`), so statistics files may be
//! combined in any order or grouping.

use crate::app::{discover, Input};
use crate::config::Config;
use crate::corpus::CorpusStats;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// Reads a list of paths, one a line (`-`: stdin). Blank lines are skipped; a trailing `\r` is
/// dropped.
pub fn read_path_list(from: &Path) -> Result<Vec<PathBuf>, String> {
    let reader: Box<dyn BufRead> = if from == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(from).map_err(|e| format!("could not read {}: {e}", from.display()))?;
        Box::new(std::io::BufReader::new(f))
    };
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| format!("could not read {}: {e}", from.display()))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if !line.trim().is_empty() {
            out.push(PathBuf::from(line));
        }
    }
    Ok(out)
}

/// The inputs of a run: the paths given and those listed in `files_from`; `.` when neither.
pub fn inputs(paths: &[PathBuf], files_from: Option<&Path>, config: &Config) -> Result<Vec<Input>, String> {
    let mut all: Vec<PathBuf> = paths.to_vec();
    let mut listed = Vec::new();
    if let Some(f) = files_from {
        // A listed folder is walked; a listed file that is missing or unreadable is reported
        // when it is read, and the run goes on with the others.
        for p in read_path_list(f)? {
            if p.is_dir() {
                all.push(p);
            } else {
                let display = p.to_string_lossy().replace('\\', "/");
                let display = display.strip_prefix("./").map(str::to_string).unwrap_or(display);
                listed.push(Input { display, path: p });
            }
        }
    } else if all.is_empty() {
        all.push(PathBuf::from("."));
    }
    let mut inputs = if all.is_empty() { Vec::new() } else { discover(&all, config)? };
    if !listed.is_empty() {
        inputs.extend(listed);
        inputs.sort();
        inputs.dedup();
    }
    Ok(inputs)
}

/// `scanno stats`: gathers the statistics of `inputs` and writes them as JSON to `out` (stdout
/// when `None`).
pub fn write_stats(inputs: &[Input], out: Option<&Path>) -> Result<CorpusStats, String> {
    let (stats, _) = crate::stream::gather_stats(inputs, 0);
    let write = |w: &mut dyn Write| -> std::io::Result<()> {
        serde_json::to_writer(&mut *w, &stats)?;
        writeln!(w)?;
        w.flush()
    };
    match out {
        Some(p) => {
            // Written beside the target and renamed: a reader never sees half a file.
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
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            write(&mut w).map_err(|e| format!("could not write statistics: {e}"))?;
        }
    }
    Ok(stats)
}
