//! The git repository: revisions, the policy tree at a revision as a source of files, and the
//! commits, trees and blobs the changelog and the review packet read. Everything is read
//! straight from the object store (no checkout, no temporary files), so this works in bare
//! repositories, in shallow clones that contain the revision, and for a policy tree that is a
//! subfolder of a larger repository. Nothing here fetches: libgit2 is built without network
//! support.

mod blob;
mod folder;
mod history;
mod tree;
mod walk;

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use git2::Oid;
use git2::Repository;

use super::FileProblem;
use crate::error::Error;

pub use history::{CommitInfo, CommitTrees, FileAt, HistoryReader, Opener, ParentTree, Parents};
pub use tree::GitTree;
pub use walk::{ChangeStatus, EntryKind, TreeChange, TreeFile};

/// An open repository.
pub struct Repo {
    repo: Repository,
    /// The blobs the last tree load read, by id and the size limit they were read under, so
    /// that the next load (the head side of `steward diff`, the base of `lint --new-only`)
    /// inflates only the blobs that differ. At most [`BLOB_CACHE_BYTES`] of text.
    blobs: RefCell<BlobCache>,
}

type BlobCache = HashMap<(Oid, u64), Result<String, FileProblem>>;

/// How much text [`Repo`] keeps from one load for the next.
const BLOB_CACHE_BYTES: usize = 64 << 20;

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("path", &self.repo.path())
            .finish()
    }
}

/// A resolved revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// What the user typed (`HEAD~3`, `main`).
    pub spec: String,
    pub commit: Oid,
}

impl Revision {
    pub fn sha(&self) -> String {
        self.commit.to_string()
    }

    pub fn short(&self) -> String {
        self.commit.to_string()[..10].to_string()
    }
}

impl Repo {
    /// The repository containing `start` (searching upwards), bare or not.
    pub fn discover(start: &Path) -> Result<Repo, Error> {
        tune_libgit2();
        Repository::discover(start)
            .map(|repo| Repo {
                repo,
                blobs: RefCell::default(),
            })
            .map_err(|_| Error::NotARepository {
                path: start.to_path_buf(),
            })
    }

    /// Whether the clone is shallow (older history is missing).
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// The working directory, or `None` for a bare repository.
    pub fn workdir(&self) -> Option<&Path> {
        self.repo.workdir()
    }

    /// Resolves a revision to a commit, explaining shallow clones.
    pub fn resolve(&self, spec: &str) -> Result<Revision, Error> {
        let object = self
            .repo
            .revparse_single(spec)
            .map_err(|e| self.unknown(spec, &e))?;
        let commit = object
            .peel_to_commit()
            .map_err(|e| self.unknown(spec, &e))?;
        Ok(Revision {
            spec: spec.to_string(),
            commit: commit.id(),
        })
    }

    /// The best common ancestor of two revisions (for `A...B`).
    pub fn merge_base(&self, a: &Revision, b: &Revision) -> Result<Revision, Error> {
        let oid = self.repo.merge_base(a.commit, b.commit).map_err(|e| {
            let spec = format!("{}...{}", a.spec, b.spec);
            if self.repo.is_shallow() {
                Error::ShallowClone { spec }
            } else {
                Error::UnknownRevision {
                    spec,
                    message: format!(
                        "the two revisions have no common ancestor ({})",
                        e.message()
                    ),
                }
            }
        })?;
        Ok(Revision {
            spec: format!("merge-base({}, {})", a.spec, b.spec),
            commit: oid,
        })
    }

    fn unknown(&self, spec: &str, error: &git2::Error) -> Error {
        if self.repo.is_shallow() && error.code() == git2::ErrorCode::NotFound {
            Error::ShallowClone {
                spec: spec.to_string(),
            }
        } else if is_object_error(error) {
            // The name resolved but its commit is not in the object store: calling the
            // revision "unknown" (and suggesting `git log`) would send the user the wrong way.
            object_error(
                &self.repo,
                format!("the commit of revision \"{spec}\""),
                error,
            )
        } else {
            Error::UnknownRevision {
                spec: spec.to_string(),
                message: unknown_revision_message(spec, error),
            }
        }
    }

    /// The path of `dir` relative to the repository's top, `/`-separated (`""` for the top).
    /// For a bare repository, `dir` is taken as already relative.
    pub fn relative_path(&self, dir: &Path) -> Result<String, Error> {
        let Some(workdir) = self.repo.workdir() else {
            return Ok(slashes(dir));
        };
        let workdir = std::fs::canonicalize(workdir).unwrap_or_else(|_| workdir.to_path_buf());
        let dir = canonical_or_lexical(dir);
        dir.strip_prefix(&workdir).map(slashes).map_err(|_| {
            Error::Usage(format!(
                "the policy tree {} is not inside the git repository at {}",
                dir.display(),
                workdir.display()
            ))
        })
    }

    /// The files of the tree at `root` (repository-relative) in `revision`.
    pub fn tree<'r>(&'r self, revision: &Revision, root: &str, prefix: &str) -> GitTree<'r> {
        GitTree::new(&self.repo, &self.blobs, revision, root, prefix)
    }
}

/// What git could not find for `spec`. libgit2 leaves its message empty, or "no error", for
/// some failures (`:/text` that no commit message matches): say what was searched instead.
fn unknown_revision_message(spec: &str, error: &git2::Error) -> String {
    let message = error.message().trim();
    if !message.is_empty() && message != "no error" {
        return message.to_string();
    }
    match spec.strip_prefix(":/") {
        Some(pattern) => format!(
            "no commit reachable from a branch, a tag or HEAD has a message matching \"{pattern}\""
        ),
        None => "git found no commit, branch or tag by that name".to_string(),
    }
}

/// The folder `root` (repository-relative, `/`-separated) of `tree`: `Ok(None)` when it does
/// not exist there, `Err(true)` when it is a submodule. Looked up one name at a time.
fn folder_at(
    cache: &mut walk::TreeCache<'_>,
    tree: Rc<folder::Folder>,
    root: &str,
) -> Result<Result<Rc<folder::Folder>, RootMissing>, git2::Error> {
    let mut folder = tree;
    for name in root.split('/').filter(|n| !n.is_empty() && *n != ".") {
        let Some((kind, id)) = folder
            .get_name(name.as_bytes())
            .map(|e| (e.kind(), folder.entry_id(e)))
        else {
            return Ok(Err(RootMissing::NotThere));
        };
        folder = match kind {
            git2::ObjectType::Tree => cache.get(id)?,
            git2::ObjectType::Commit => return Ok(Err(RootMissing::Submodule)),
            _ => return Ok(Err(RootMissing::NotThere)),
        };
    }
    Ok(Ok(folder))
}

/// Why the policy tree's folder is not a folder at a commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RootMissing {
    NotThere,
    /// A gitlink: its files are in another repository.
    Submodule,
}

/// libgit2's settings, set once per process. git does not hash an object again each time it
/// reads it; libgit2 does by default, which was a fifth of `steward changelog`'s time and of
/// `steward diff`'s blob reads. (A damaged object still fails to inflate, and git's own
/// `fsck` is the tool that checks hashes.)
fn tune_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

/// Whether a git error is about the object store (an object missing or corrupt) rather than
/// about a name or a path.
fn is_object_error(error: &git2::Error) -> bool {
    matches!(
        error.class(),
        git2::ErrorClass::Odb | git2::ErrorClass::Zlib
    )
}

/// The error for `what` (`policies/tools/chat.toml at revision "HEAD"`) that could not be
/// read from the object store.
pub(crate) fn object_error(repo: &Repository, what: String, error: &git2::Error) -> Error {
    if error.class() == git2::ErrorClass::Tree && error.message() == folder::TREE_TOO_LARGE {
        Error::TreeTooLarge { what }
    } else if error.code() == git2::ErrorCode::NotFound && is_partial_clone(repo) {
        Error::PartialClone { what }
    } else {
        Error::DamagedRepository {
            what,
            message: error.message().to_string(),
        }
    }
}

/// A partial clone (`git clone --filter=blob:none`, actions/checkout's `filter:`) leaves
/// objects out and has git fetch them when needed; libgit2 does not fetch them.
fn is_partial_clone(repo: &Repository) -> bool {
    let Ok(config) = repo.config() else {
        return false;
    };
    if config.get_entry("extensions.partialclone").is_ok() {
        return true;
    }
    let mut names = Vec::new();
    if let Ok(entries) = config.entries(Some(r"^remote\..*\.promisor$")) {
        // Names only: an entry's value may be absent (`promisor` alone means true).
        let _ = entries.for_each(|entry| {
            if let Ok(name) = entry.name() {
                names.push(name.to_string());
            }
        });
    }
    names
        .iter()
        .any(|name| config.get_bool(name).unwrap_or(false))
}

fn slashes(path: &Path) -> String {
    path.to_string_lossy()
        .replace('\\', "/")
        .trim_matches('/')
        .to_string()
}

fn canonical_or_lexical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The submodules (gitlinks) that the index of the repository holding `dir` records under
/// it, relative to `dir`: a clone made without `--recurse-submodules` leaves their folders
/// empty, and only the index says what they are. Empty when there is no repository or index.
pub(crate) fn gitlinks_under(dir: &Path) -> Vec<String> {
    let Ok(repo) = Repository::discover(dir) else {
        return Vec::new();
    };
    let Some(workdir) = repo.workdir() else {
        return Vec::new();
    };
    let (Ok(workdir), Ok(dir)) = (std::fs::canonicalize(workdir), std::fs::canonicalize(dir))
    else {
        return Vec::new();
    };
    let Ok(relative) = dir.strip_prefix(&workdir) else {
        return Vec::new();
    };
    let mut prefix = slashes(relative);
    if !prefix.is_empty() {
        prefix.push('/');
    }
    let Ok(index) = repo.index() else {
        return Vec::new();
    };
    index
        .iter()
        .filter(|entry| entry.mode == 0o160000)
        .filter_map(|entry| {
            let path = std::str::from_utf8(&entry.path).ok()?;
            path.strip_prefix(prefix.as_str()).map(str::to_string)
        })
        .collect()
}
