//! The first step of the pipeline: which files a run reads. Paths named on the command line,
//! folders walked respecting `.gitignore` and the config's include/exclude globs, and paths
//! listed in a file (`--files-from`), sorted and without duplicates.

use crate::config::Config;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// A file to check: its path on disk and as shown in output.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    pub display: String,
    pub path: PathBuf,
}

impl Input {
    /// The input a document was read from.
    pub fn of(doc: &crate::document::Document) -> Input {
        Input {
            display: doc.display_path.clone(),
            path: doc.path.clone(),
        }
    }
}

/// Discovers the files to check under `paths`, sorted. Files named explicitly are always
/// checked; folders are walked respecting `.gitignore` and the config's include/exclude globs.
pub fn discover(paths: &[PathBuf], config: &Config) -> Result<Vec<Input>, String> {
    let include = globset(&config.include)?;
    let exclude = globset(&config.exclude)?;
    let mut out = Vec::new();
    for root in paths {
        if root.is_file() {
            out.push(Input {
                display: display_path(root),
                path: root.clone(),
            });
            continue;
        }
        if !root.is_dir() {
            return Err(match std::fs::metadata(root) {
                Ok(_) => format!(
                    "{}: not a regular file or a folder (a FIFO, socket or device is not read)",
                    root.display()
                ),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("{}: no such file or directory", root.display()),
                Err(e) => format!("{}: {e}", root.display()),
            });
        }
        let walker = ignore::WalkBuilder::new(root)
            .hidden(true)
            .git_ignore(true)
            .git_global(false)
            .git_exclude(true)
            .require_git(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| e.to_string())?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let p = entry.path();
            let rel = p.strip_prefix(root).unwrap_or(p);
            if !include.is_match(rel) || exclude.is_match(rel) || exclude.is_match(p) {
                continue;
            }
            out.push(Input {
                display: display_path(p),
                path: p.to_path_buf(),
            });
        }
    }
    out.sort();
    dedup_same_files(&mut out);
    Ok(out)
}

/// Keeps one input per file on disk: the same file named twice (`a.txt` and `./a.txt`, a
/// folder and a file in it, a symbolic or hard link) is checked, and written, once. The first
/// name in sorted order is kept.
fn dedup_same_files(inputs: &mut Vec<Input>) {
    inputs.dedup();
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(file_identity(&i.path)));
}

/// What makes two paths the same file: device and inode on Unix, else the canonical path (a
/// path that cannot be resolved stands for itself).
#[derive(Hash, PartialEq, Eq)]
enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    Path(PathBuf),
}

fn file_identity(p: &Path) -> FileIdentity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = std::fs::metadata(p) {
            return FileIdentity::Inode(m.dev(), m.ino());
        }
    }
    FileIdentity::Path(std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()))
}

/// A path as output shows it: `/` separators, no leading `./`. A name that is not UTF-8 shows
/// its stray bytes as `\xNN`, so that two such names never show (or match in a baseline) as the
/// same text, as they would with U+FFFD for both.
pub fn display_path(p: &Path) -> String {
    let s = lossless_display(p);
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

#[cfg(unix)]
fn lossless_display(p: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let bytes = p.as_os_str().as_bytes();
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    // A backslash is doubled, so that `\xNN` can only be a stray byte.
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn lossless_display(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

pub(crate) fn globset(globs: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g).map_err(|e| format!("bad glob `{g}`: {e}"))?);
    }
    b.build().map_err(|e| e.to_string())
}

/// Reads a list of paths, one a line (`-`: stdin). Blank lines are skipped; a trailing `\r` is
/// dropped. A line that is not UTF-8 is a path of those bytes (on Unix; elsewhere an error at its
/// line). The list is read with a bound (a device such as `/dev/zero` is refused, a FIFO from a
/// process substitution is read).
pub fn read_path_list(from: &Path) -> Result<Vec<PathBuf>, String> {
    let bytes = if from == Path::new("-") {
        use std::io::Read;
        let mut b = Vec::new();
        std::io::stdin()
            .lock()
            .take(crate::document::LIST_LIMIT + 1)
            .read_to_end(&mut b)
            .map_err(|e| format!("could not read the list of paths from stdin: {e}"))?;
        if b.len() as u64 > crate::document::LIST_LIMIT {
            return Err("the list of paths on stdin is larger than 1024 MB".to_string());
        }
        b
    } else {
        crate::document::read_bounded(from, crate::document::LIST_LIMIT, true)
            .map_err(|e| format!("could not read {}: {e}", from.display()))?
    };
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(s) => out.push(PathBuf::from(s)),
            #[cfg(unix)]
            Err(_) => {
                use std::os::unix::ffi::OsStrExt;
                out.push(PathBuf::from(std::ffi::OsStr::from_bytes(line)));
            }
            #[cfg(not(unix))]
            Err(_) => return Err(format!("{}:{}: the path is not UTF-8", from.display(), i + 1)),
        }
        let _ = i;
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
                listed.push(Input {
                    display: display_path(&p),
                    path: p,
                });
            }
        }
    } else if all.is_empty() {
        all.push(PathBuf::from("."));
    }
    let mut inputs = if all.is_empty() { Vec::new() } else { discover(&all, config)? };
    if !listed.is_empty() {
        inputs.extend(listed);
        inputs.sort();
        dedup_same_files(&mut inputs);
    }
    Ok(inputs)
}
