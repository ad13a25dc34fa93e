// See Cargo.toml: glibc's allocator costs lint a quarter of its time on a large tree.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    steward::cli::main()
}
