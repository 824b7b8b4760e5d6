//! `scanno baseline`: today's findings recorded, for `check --baseline`.

use super::{collect, plural, ConfigArg, Outcome, Status};
use clap::Args;
use scanno::document::Document;
use scanno::workflow::baseline::Baseline;
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone)]
pub struct BaselineArgs {
    /// Files or folders to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// The baseline file to write.
    #[arg(long, short, value_name = "FILE", default_value = scanno::workflow::baseline::DEFAULT_FILE)]
    pub output: PathBuf,
}

pub fn run(args: BaselineArgs) -> Outcome {
    let (_, _, result) = collect(&args.paths, &args.config, &[], &[], false)?;
    let mut docs = Vec::new();
    for file in result.files.iter().filter(|f| !f.findings.is_empty()) {
        let doc = Document::read(&file.input.path, file.input.display.clone()).map_err(|e| e.to_string())?;
        docs.push((doc, &file.findings));
    }
    let base = args.output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let baseline = Baseline::build(base, docs.iter().map(|(d, f)| (d.path.as_path(), d.text.as_str(), f.as_slice())));
    // Written beside its target and renamed: a reader never sees half a baseline.
    let dir = args.output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let written = tempfile::Builder::new()
        .prefix(".scanno-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .and_then(|tmp| {
            let mut w = std::io::BufWriter::new(tmp);
            baseline.write(&mut w)?;
            let tmp = w.into_inner().map_err(|e| e.into_error())?;
            tmp.as_file().sync_all()?;
            tmp.persist(&args.output).map_err(|e| e.error)?;
            Ok(())
        });
    written.map_err(|e| format!("could not write {}: {e}", args.output.display()))?;
    eprintln!(
        "Wrote {} ({} in {}) to {}.",
        plural(baseline.len(), "entry"),
        plural(result.count(), "finding"),
        plural(docs.len(), "file"),
        args.output.display()
    );
    Ok(Status::Clean)
}
