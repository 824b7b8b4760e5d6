//! Replacing a file on disk without losing anything: the new bytes go to a temporary file in
//! the same folder, which is renamed over the original only if the original still holds the
//! bytes that were checked.
//!
//! What is kept: the file's owner and group (where the user may set them), its mode (set-user-
//! and set-group-id bits only when the owner is kept: never onto a file of another owner), its
//! extended attributes (where the file system has them), and a symbolic link (the file it points
//! at is replaced). What is refused: a read-only file, a file with more than one hard link
//! (renaming would split the links), a file that changed since it was read.
//!
//! A file another process holds open for writing (Linux: found in `/proc`) is refused: its later
//! writes would go to the replaced file. The window that remains: a writer that opens the file
//! between that last look and the rename (microseconds) writes to the replaced file. Late bytes
//! written before the check that follows the rename are detected, and the replaced file is kept
//! beside the original (`NAME.scanno-replaced-PID`), reported as an error.
//!
//! Interrupted (Ctrl-C), a run removes its temporary files: [`interrupt`] removes those in
//! flight and no rename happens after it.

use std::fs::{File, Metadata};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("changed on disk since it was read; left as the other writer left it")]
    Changed,
    #[error("read-only; not written (make it writable to fix it)")]
    ReadOnly,
    #[error(
        "has {0} hard links; not written, as replacing it would split them (fix the text by hand, or copy the file to break the links)"
    )]
    HardLinked(u64),
    #[error("written, but another program wrote to the file while it was replaced; the file as that program left it is kept as {}", .0.display())]
    LateWrite(PathBuf),
    #[error(
        "open for writing in another program (process {0}); not written, as its later writes would be lost: close it there and run again"
    )]
    OpenElsewhere(u32),
    #[error("interrupted")]
    Interrupted,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Temporary files being written, and whether the run was interrupted.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Stops every write: removes the temporary files in flight; no file is renamed after this
/// returns. For a Ctrl-C handler, which then ends the process.
pub fn interrupt() {
    let mut in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    INTERRUPTED.store(true, Ordering::SeqCst);
    for p in in_flight.drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// A temporary file listed in [`IN_FLIGHT`] while it lives.
struct Registered(PathBuf);

impl Registered {
    fn new(path: &Path) -> Result<Registered, WriteError> {
        let mut in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(WriteError::Interrupted);
        }
        in_flight.push(path.to_path_buf());
        Ok(Registered(path.to_path_buf()))
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        in_flight.retain(|p| p != &self.0);
    }
}

/// Writes `new` over the file at `path`, unless its bytes are no longer `expected` (see the
/// module's documentation for what is kept and what is refused).
pub fn write_atomic(path: &Path, expected: &[u8], new: &[u8]) -> Result<(), WriteError> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let meta = std::fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(WriteError::HardLinked(meta.nlink()));
        }
    }
    // The file being replaced stays readable through this handle after the rename.
    let mut old = File::open(&target)?;
    let mut tmp = tempfile::Builder::new().prefix(".scanno-").suffix(".tmp").tempfile_in(dir)?;
    let _registered = Registered::new(tmp.path())?;
    tmp.write_all(new)?;
    keep_metadata(&target, &meta, tmp.as_file())?;
    tmp.as_file().sync_all()?;
    // The last moment before the rename: is the file still the one that was checked?
    let checked = old.metadata()?;
    let unchanged = same_file(&meta, &std::fs::metadata(&target)?)
        && checked.len() == expected.len() as u64
        && checked.modified().ok() == meta.modified().ok()
        && read_from_start(&mut old)? == expected;
    if !unchanged {
        return Err(WriteError::Changed);
    }
    // A program holding the file open for writing would go on writing to the replaced file.
    if let Some(pid) = open_for_writing_elsewhere(&checked, &[&old, tmp.as_file()]) {
        return Err(WriteError::OpenElsewhere(pid));
    }
    {
        let _in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if INTERRUPTED.load(Ordering::SeqCst) {
            return Err(WriteError::Interrupted);
        }
        tmp.persist(&target).map_err(|e| WriteError::Io(e.error))?;
    }
    // A writer that held the file open and wrote after the comparison wrote to the replaced
    // file: keep what it wrote.
    let after = old.metadata()?;
    if after.len() != checked.len() || after.modified().ok() != checked.modified().ok() {
        let late = read_from_start(&mut old)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let kept = dir.join(format!("{name}.scanno-replaced-{}", std::process::id()));
        std::fs::write(&kept, late)?;
        return Err(WriteError::LateWrite(kept));
    }
    Ok(())
}

fn read_from_start(f: &mut File) -> std::io::Result<Vec<u8>> {
    f.rewind()?;
    let mut v = Vec::new();
    f.read_to_end(&mut v)?;
    Ok(v)
}

/// A process (this one included) that holds the file of `meta` open for writing, other than
/// through the handles `own`: found in `/proc/PID/fd` (Linux; the processes this user may
/// look at). This process is looked at last, right before the rename.
#[cfg(target_os = "linux")]
fn open_for_writing_elsewhere(meta: &Metadata, own: &[&File]) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    use std::os::unix::io::AsRawFd;
    let me = std::process::id();
    let own: Vec<String> = own.iter().map(|f| f.as_raw_fd().to_string()).collect();
    let holds = |pid: &str| -> bool {
        let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
            return false;
        };
        fds.flatten().any(|fd| {
            let n = fd.file_name();
            let n = n.to_string_lossy();
            if pid == "self" && own.iter().any(|o| *o == n) {
                return false;
            }
            let same = std::fs::metadata(fd.path()).is_ok_and(|m| m.dev() == meta.dev() && m.ino() == meta.ino());
            // Open for writing: O_WRONLY or O_RDWR in the flags (octal) of its fdinfo.
            same && std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{n}")).is_ok_and(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("flags:"))
                    .and_then(|f| u32::from_str_radix(f.trim(), 8).ok())
                    .is_some_and(|flags| flags & 3 != 0)
            })
        })
    };
    let others = std::fs::read_dir("/proc").ok()?.flatten().filter_map(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.parse::<u32>().ok().filter(|&pid| pid != me).map(|pid| (pid, name))
    });
    for (pid, name) in others {
        if holds(&name) {
            return Some(pid);
        }
    }
    holds("self").then_some(me)
}

#[cfg(not(target_os = "linux"))]
fn open_for_writing_elsewhere(_: &Metadata, _: &[&File]) -> Option<u32> {
    None
}

/// Whether two reads of metadata are of the same file (not one renamed over it in between).
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        a.len() == b.len() && a.modified().ok() == b.modified().ok()
    }
}

/// Gives the new file the original's owner, group, mode and extended attributes, where
/// permitted. Set-id bits are kept only when the owner and group are: a set-user-id program
/// never becomes one of another owner.
fn keep_metadata(target: &Path, meta: &Metadata, new: &File) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let owner_kept = std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid())).is_ok();
        let group_kept = owner_kept || std::os::unix::fs::fchown(new, None, Some(meta.gid())).is_ok();
        let mut mode = meta.mode() & 0o7777;
        if !owner_kept {
            mode &= !0o4000;
        }
        if !group_kept {
            mode &= !0o2000;
        }
        new.set_permissions(std::fs::Permissions::from_mode(mode))?;
        if xattr::SUPPORTED_PLATFORM {
            if let Ok(names) = xattr::list(target) {
                for name in names {
                    if let Ok(Some(value)) = xattr::get(target, &name) {
                        // Where the file system or the user may not set one, it is not kept.
                        let _ = xattr::FileExt::set_xattr(new, &name, &value);
                    }
                }
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        new.set_permissions(meta.permissions())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_writers_change_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "as read").unwrap();
        // Someone else wrote the file after it was read: the fix is not written over it.
        std::fs::write(&p, "changed by someone else").unwrap();
        let err = write_atomic(&p, b"as read", b"fixed").unwrap_err();
        assert!(matches!(err, WriteError::Changed), "{err}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "changed by someone else");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file left behind");
        write_atomic(&p, b"changed by someone else", b"fixed").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "fixed");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"old", b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_kept_and_read_only_and_hard_linked_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o7777, 0o640);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
        assert!(matches!(write_atomic(&p, b"new", b"newer"), Err(WriteError::ReadOnly)));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let link = dir.path().join("b.txt");
        std::fs::hard_link(&p, &link).unwrap();
        assert!(matches!(write_atomic(&p, b"new", b"newer"), Err(WriteError::HardLinked(2))));
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn extended_attributes_are_kept_where_the_file_system_has_them() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        if xattr::set(&p, "user.scanno-test", b"kept").is_err() {
            eprintln!("SKIPPED: this file system has no user extended attributes");
            return;
        }
        write_atomic(&p, b"old", b"new").unwrap();
        assert_eq!(xattr::get(&p, "user.scanno-test").unwrap().as_deref(), Some(&b"kept"[..]));
    }

    #[cfg(unix)]
    #[test]
    fn set_id_bits_are_never_given_to_a_file_of_another_owner() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o6755)).unwrap();
        let before = std::fs::metadata(&p).unwrap();
        write_atomic(&p, b"old", b"new").unwrap();
        let after = std::fs::metadata(&p).unwrap();
        // The owner is kept (the writer owns the file, or may give it back), and with it the bits;
        // a file whose owner could not be kept has none.
        if after.uid() == before.uid() && after.gid() == before.gid() {
            assert_eq!(after.mode() & 0o7777, before.mode() & 0o7777);
        } else {
            assert_eq!(after.mode() & 0o6000, 0);
        }
    }

    /// How another program writes to the file while it is being fixed.
    #[derive(Clone, Copy, Debug)]
    enum Writer {
        /// Opens the file by its name for each append (`echo … >> file`).
        Reopens,
        /// Holds one handle open across its appends (a log writer, an editor's open file).
        Holds,
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Whatever another writer does while a fix is written, either the fix is applied to
        /// exactly the bytes that were checked or the file is left as the other writer left it,
        /// and no byte the other writer wrote is lost (it is in the file, or in the replaced
        /// file kept beside it).
        #[test]
        fn a_concurrent_writer_loses_nothing_and_fixes_apply_to_checked_bytes(
            original in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2000),
            edits in proptest::collection::vec((0usize..2000, 0usize..8, proptest::collection::vec(proptest::prelude::any::<u8>(), 0..8)), 0..6),
            appends in proptest::collection::vec((proptest::collection::vec(proptest::prelude::any::<u8>(), 1..64), 0u64..300), 0..5),
            holds in proptest::prelude::any::<bool>(),
            delay in 0u64..600,
        ) {
            // The fix: edits spliced into the checked bytes.
            let mut new = original.clone();
            for (at, len, rep) in edits {
                let at = at.min(new.len());
                let end = (at + len).min(new.len());
                new.splice(at..end, rep);
            }
            let dir = tempfile::tempdir().unwrap();
            let p = dir.path().join("a.txt");
            std::fs::write(&p, &original).unwrap();
            let writer = if holds { Writer::Holds } else { Writer::Reopens };
            let path = p.clone();
            let chunks: Vec<Vec<u8>> = appends.iter().map(|(b, _)| b.clone()).collect();
            let other = std::thread::spawn(move || {
                let open = || std::fs::OpenOptions::new().append(true).open(&path).unwrap();
                let mut held = matches!(writer, Writer::Holds).then(open);
                for (bytes, pause) in appends {
                    std::thread::sleep(std::time::Duration::from_micros(pause));
                    match held.as_mut() {
                        Some(f) => f.write_all(&bytes).unwrap(),
                        None => open().write_all(&bytes).unwrap(),
                    }
                }
            });
            std::thread::sleep(std::time::Duration::from_micros(delay));
            let result = write_atomic(&p, &original, &new);
            other.join().unwrap();
            let now = std::fs::read(&p).unwrap();
            let appended: Vec<u8> = chunks.concat();
            match result {
                Ok(()) => {
                    // Fixed: the fix's bytes, then whatever was appended to the new file.
                    proptest::prop_assert!(now.starts_with(&new), "not the fixed bytes");
                    proptest::prop_assert!(appended.ends_with(&now[new.len()..]));
                    // Every append landed after the rename, in the new file.
                    proptest::prop_assert_eq!(&now[new.len()..], &appended[..]);
                }
                Err(WriteError::Changed | WriteError::OpenElsewhere(_)) => {
                    // Untouched: the checked bytes and every append.
                    proptest::prop_assert_eq!(now, [original.as_slice(), &appended].concat());
                }
                Err(WriteError::LateWrite(kept)) => {
                    // Appends split between the replaced file (kept) and the new one.
                    let old = std::fs::read(&kept).unwrap();
                    proptest::prop_assert!(old.starts_with(&original) && now.starts_with(&new));
                    let split = [&old[original.len()..], &now[new.len()..]].concat();
                    proptest::prop_assert_eq!(split, appended);
                }
                Err(e) => proptest::prop_assert!(false, "unexpected error: {e}"),
            }
            let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).collect();
            proptest::prop_assert!(left.is_empty(), "a temporary file left behind");
        }
    }
}
