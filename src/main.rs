// See Cargo.toml: glibc's allocator costs lint a quarter of its time on a large tree.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cache_whole_folders();
    steward::cli::main()
}

/// libgit2 caches parsed trees only up to 4 KiB, so the `tools/` folder of a large registry
/// (thousands of entries, a hundred kilobytes) would be read and parsed again for every
/// commit that compares with it: twice per commit in `steward changelog`. A megabyte covers
/// folders of about 20,000 files.
fn cache_whole_folders() {
    // SAFETY: this sets a global of libgit2 without synchronization; it runs first thing in
    // main, before any thread exists or any other libgit2 call is made.
    let _ = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, 1 << 20) };
}
