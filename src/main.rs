/// mimalloc: the allocation-heavy parts of a check (candidates, findings, their JSON) run
/// faster than with the system allocator, and freed memory is reused across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    scanno::cli::main()
}
