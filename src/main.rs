mod cli;

/// mimalloc: the allocation-heavy parts of a check (candidates, findings, their JSON) run
/// faster than with the system allocator, and freed memory is reused across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `arena_eager_commit` option (its place in `mi_option_e` of mimalloc 2 and 3).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// mimalloc's `purge_delay` option (its place in `mi_option_e` of mimalloc 2 and 3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Arenas are committed as they are used, not eagerly: an eagerly committed arena keeps the
/// memory it purges in the RSS, and the peak holds 40 to 50 MiB more (125–134 against 80–83 MiB
/// on the one-chapter corpus, 423 against 379 MiB on the Gutenberg bench file). The cost is
/// more page faults: about 5 % more time on raw OCR, none on books.
/// Set before `main`, as a constructor: the runtime's first allocations, before `main`, make
/// the first arena. (`MIMALLOC_ARENA_EAGER_COMMIT=1` in the environment still commits
/// eagerly: mimalloc reads it when the option is first asked for, here.)
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static COMMIT_ARENAS_LAZILY: extern "C" fn() = commit_arenas_lazily;

#[cfg(target_os = "linux")]
extern "C" fn commit_arenas_lazily() {
    // SAFETY: reads and sets an allocator option, which mimalloc allows at any time; neither
    // allocates.
    unsafe {
        // (2, the default: eager where the system overcommits)
        if libmimalloc_sys::mi_option_get(MI_OPTION_ARENA_EAGER_COMMIT) == 2 {
            libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        }
    }
}

/// How long freed memory is kept for reuse before it is given back to the system.
const PURGE_DELAY_MS: std::ffi::c_long = 5;

fn main() -> std::process::ExitCode {
    // Memory freed is given back after 5 ms, not mimalloc's 10: a run builds and drops large
    // tables (statistics, a large file's parts) and its peak RSS would otherwise hold them
    // all (2.10 GB on a 1 GB file with 10 ms, 1.40 GB with 5). Giving it back at once (0 ms)
    // keeps the peak a little lower still, but every page freed is faulted in anew when it is
    // used again: about 4 % more CPU time on the bench corpora.
    // (`MIMALLOC_PURGE_DELAY` in the environment still decides.)
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an allocator option, which mimalloc allows at any time.
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
        }
    }
    // Ctrl-C: the temporary files of `--fix` in flight are removed and no file is replaced
    // after it; the run ends as an interrupted command does (130).
    let _ = ctrlc::set_handler(|| {
        // `scanno review`: what was accepted in the file under review is written first.
        if let Some(done) = scanno::workflow::review::write_pending() {
            eprintln!("\n{done}");
        }
        scanno::workflow::write::interrupt();
        std::process::exit(130);
    });
    cli::main()
}
