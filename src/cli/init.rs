//! `scanno init`: a commented scanno.toml in the current folder.

use super::{Outcome, Status};
use std::path::PathBuf;

pub fn run(force: bool) -> Outcome {
    let path = PathBuf::from(scanno::config::FILE_NAME);
    if path.exists() && !force {
        return Err(format!("{} already exists (use --force to overwrite)", path.display()).into());
    }
    std::fs::write(&path, scanno::config::INIT_TEMPLATE).map_err(|e| format!("could not write {}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(Status::Clean)
}
