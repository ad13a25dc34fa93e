//! Operational failures: steward could not run at all (exit code 2). Problems *in* the policy
//! tree are findings, never errors.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The policy tree's root folder does not exist.
    #[error("the policy tree {path} does not exist")]
    MissingRoot { path: PathBuf },

    /// The root exists but is not a folder, or cannot be listed.
    #[error("the policy tree {path} cannot be read: {message}")]
    UnreadableRoot { path: PathBuf, message: String },

    /// `steward.toml` is unreadable or invalid.
    #[error("{path} is not a valid steward configuration: {message}")]
    Config { path: PathBuf, message: String },

    /// A git command was asked for outside a repository.
    #[error("{path} is not inside a git repository")]
    NotARepository { path: PathBuf },

    /// A revision that does not resolve.
    #[error("unknown revision \"{spec}\": {message}")]
    UnknownRevision { spec: String, message: String },

    /// A revision missing because the clone is shallow.
    #[error(
        "revision \"{spec}\" is not in this clone: the repository is shallow (it was cloned without full history)"
    )]
    ShallowClone { spec: String },

    /// The policy tree's folder does not exist at a revision.
    #[error("the policy tree {root}/ does not exist at revision \"{spec}\"")]
    RootNotInRevision { root: String, spec: String },

    /// The policy tree's folder is a git submodule at a revision: its files are in another
    /// repository.
    #[error(
        "the policy tree {root}/ is a git submodule at revision \"{spec}\": its files and history are in another repository"
    )]
    RootIsSubmodule { root: String, spec: String },

    /// An object a revision needs is missing from the repository or cannot be read.
    #[error("the git repository is damaged: {what} cannot be read ({message})")]
    DamagedRepository { what: String, message: String },

    /// An object a revision needs was left out of a partial clone.
    #[error(
        "{what} is not in this clone: the repository is a partial clone (cloned with --filter), and steward cannot fetch what it left out"
    )]
    PartialClone { what: String },

    /// A tree holds more entries or longer paths than steward walks (a few objects that
    /// repeat one folder can describe billions of files).
    #[error(
        "{what} is too large to check: steward reads at most {} files and folders, {} MiB of paths, and no folder over {} MiB as a git object",
        crate::source::limits::MAX_TREE_ENTRIES,
        crate::source::limits::MAX_TREE_PATH_BYTES >> 20,
        crate::source::limits::MAX_TREE_OBJECT_BYTES >> 20
    )]
    TreeTooLarge { what: String },

    /// Any other git failure.
    #[error("git: {0}")]
    Git(String),

    /// `steward explain` was given a code that is not in the catalogue.
    #[error("there is no rule \"{code}\".{suggestion}")]
    UnknownRule { code: String, suggestion: String },

    /// A command-line value is invalid (a date, a path...).
    #[error("{0}")]
    Usage(String),

    /// A file steward was asked to write cannot or must not be written (a link, a folder, an
    /// existing file it promised not to overwrite). The message says why and what to do.
    #[error("{path} {message}")]
    Unwritable { path: PathBuf, message: String },

    /// Writing output failed.
    #[error("could not write output: {0}")]
    Output(#[from] std::io::Error),
}

impl Error {
    /// A sentence telling the user what to do next.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::MissingRoot { .. } => Some(
                "run steward from your policy repository, pass --root DIR, or set root = \"...\" in steward.toml"
                    .to_string(),
            ),
            Error::UnreadableRoot { .. } => Some("check the folder's permissions".to_string()),
            Error::Config { .. } => Some(
                "fix the file (see the configuration section of the README), or move it away to use the defaults"
                    .to_string(),
            ),
            Error::Usage(_) => Some("see `steward --help`".to_string()),
            Error::UnknownRule { .. } => Some("run `steward rules` to list every rule".to_string()),
            Error::NotARepository { .. } => Some(
                "run this command inside a git clone of your policy repository (`git clone URL`), or use `steward lint` for the files on disk".to_string(),
            ),
            Error::UnknownRevision { .. } => Some(
                "check the name with `git log --oneline` or `git branch -a`; for a branch on the server, run `git fetch` first".to_string(),
            ),
            Error::ShallowClone { .. } => Some(
                "fetch the full history with `git fetch --unshallow`; in GitHub Actions, set `fetch-depth: 0` on actions/checkout".to_string(),
            ),
            Error::RootNotInRevision { .. } => Some(
                "pick a later revision, or pass --root with the folder's name at that revision".to_string(),
            ),
            Error::RootIsSubmodule { root, .. } => Some(format!(
                "run steward inside the submodule (`cd {root}`), where its files and history are"
            )),
            Error::DamagedRepository { .. } => Some(
                "an object is missing or corrupt: run `git fsck` to see what is damaged, then `git fetch` again or make a fresh clone".to_string(),
            ),
            Error::PartialClone { .. } => Some(
                "make a full clone (without --filter); in GitHub Actions, remove `filter:` from actions/checkout".to_string(),
            ),
            Error::TreeTooLarge { .. } => Some(
                "a policy tree holds thousands of files, not millions: look for a folder repeated inside itself or copied many times (git stores each distinct folder once, so a small commit can describe a huge tree) and remove it".to_string(),
            ),
            Error::Git(_) => Some("check the repository with `git fsck`".to_string()),
            Error::Output(_) | Error::Unwritable { .. } => None,
        }
    }
}
