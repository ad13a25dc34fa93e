//! Where the files of a policy tree come from. A source hands the loader a list of raw files
//! (path relative to the tree root, and either the text or the reason it could not be read);
//! everything after that (parsing, validation, rules, rendering) is the same whatever the
//! source: the files on disk or a git revision. Both follow one set of rules for what an entry
//! of the tree is (hidden entries, names that are not UTF-8, links, submodules; see
//! [`entry`]), and all git access of steward (trees, blobs, commits, tags) goes through this
//! module.

mod entry;
mod git;
pub mod limits;
mod worktree;

pub use git::{
    ChangeStatus, CommitInfo, CommitTrees, EntryKind, FileAt, GitTree, HistoryReader, Oid, Opener,
    ParentTree, Parents, Repo, Revision, TreeChange, TreeFile,
};
pub use limits::{MAX_TREE_ENTRIES, MAX_TREE_OBJECT_BYTES, MAX_TREE_PATH_BYTES};
pub use worktree::WorkTree;
pub(crate) use worktree::read_limited;

use crate::error::Error;

/// Why a file's text is not available. Each becomes a `file/*` finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Larger than the configured limit; not read.
    TooLarge { size: u64, limit: u64 },
    /// Not valid UTF-8; `valid_up_to` is the offset of the first bad byte and `text` the valid
    /// prefix, so the finding can point at the line.
    NotUtf8 { valid_up_to: usize, text: String },
    /// A symbolic link to something outside the tree (or into a hidden folder or a
    /// submodule); not followed.
    SymlinkOutside { target: String },
    /// The operating system refused to read it, or it is a link that leads nowhere.
    Unreadable { message: String },
    /// Its name (`name`, the last part of the path, shown with `\xNN` for the bytes that are
    /// not UTF-8) is not UTF-8: neither read nor, for a folder, entered.
    NameNotUtf8 { name: String },
    /// A folder that is another git repository (a submodule): its files are not checked.
    Submodule,
}

/// One file of the tree as a source sees it.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Relative to the tree root, `/`-separated.
    pub path: String,
    pub content: Result<String, FileProblem>,
}

/// Limits every source applies while reading.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_file_bytes: u64,
}

/// A policy tree's files.
pub trait Source {
    /// Every file under the tree root, sorted by path, except hidden ones and documentation
    /// (which is never read), following the rules of [`entry`].
    fn load(&self, limits: Limits) -> Result<Vec<RawFile>, Error>;

    /// What to put in front of a tree-relative path to show it relative to the project
    /// directory (e.g. `policies/`).
    fn display_prefix(&self) -> &str;
}

/// Decodes bytes as UTF-8, or says where they stop being UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<String, FileProblem> {
    String::from_utf8(bytes).map_err(|e| {
        let valid_up_to = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        FileProblem::NotUtf8 {
            valid_up_to,
            text: String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned(),
        }
    })
}
