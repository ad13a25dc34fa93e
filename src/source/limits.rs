//! How much of a tree one walk reads, on disk or at a revision: a few git objects that repeat
//! one folder can describe billions of files. A leaf module, so that the error messages can
//! quote the limits without the error type depending on the readers.

/// How many entries (files and folders) one walk of a tree may visit.
pub const MAX_TREE_ENTRIES: usize = 1_000_000;

/// How many bytes the paths of one walk's files may add up to.
pub const MAX_TREE_PATH_BYTES: usize = 256 << 20;

/// The largest folder (git tree object) read: about two million entries.
pub const MAX_TREE_OBJECT_BYTES: usize = 64 << 20;
