fn main() -> std::process::ExitCode {
    scanno::cli::main()
}
