// See Cargo.toml: glibc's allocator costs lint a quarter of its time on a large tree.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    turn_off_transparent_huge_pages();
    steward::cli::main()
}

/// mimalloc maps its memory in large aligned regions, which Linux backs with 2 MiB
/// transparent huge pages where it can: each is zeroed whole when first touched and, with
/// the common `defrag = madvise` setting, may wait for memory to be compacted first. Linting
/// 100,000 tools spent 2.5 s of system time that way, and 0.7 s with 4 KiB pages, for the
/// same peak memory (docs/performance.md).
#[cfg(target_os = "linux")]
fn turn_off_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE reads no memory of ours; it sets a flag on this process
    // (its failure, on a kernel without it, changes nothing).
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn turn_off_transparent_huge_pages() {}
