//! A git revision as a source of files: blobs are read straight from the commit's tree (no
//! checkout, no temporary files), so this works in bare repositories, in shallow clones that
//! contain the revision, and for a policy tree that is a subfolder of a larger repository.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};
use rayon::prelude::*;

use super::{FileProblem, Limits, RawFile, Source, decode};
use crate::error::Error;

/// git's mode for symbolic links.
const SYMLINK_MODE: i32 = 0o120000;

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

/// Below this many blobs, reading them on one thread is as fast as opening more handles.
const PARALLEL_READ_MIN: usize = 64;

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

    pub fn git(&self) -> &Repository {
        &self.repo
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
                message: error.message().to_string(),
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
        GitTree {
            repo: &self.repo,
            blobs: &self.blobs,
            revision: revision.clone(),
            root: root.trim_matches('/').to_string(),
            prefix: prefix.to_string(),
        }
    }
}

/// The policy tree as it was at one commit.
pub struct GitTree<'r> {
    repo: &'r Repository,
    blobs: &'r RefCell<BlobCache>,
    revision: Revision,
    root: String,
    prefix: String,
}

impl GitTree<'_> {
    pub fn revision(&self) -> &Revision {
        &self.revision
    }
}

impl Source for GitTree<'_> {
    fn load(&self, limits: Limits) -> Result<Vec<RawFile>, Error> {
        let git_error = |e: git2::Error| Error::Git(e.message().to_string());
        // A missing or corrupt object is a damaged repository (or a partial clone): an error
        // that names what could not be read, never a finding about a policy file.
        let spec = &self.revision.spec;
        let damaged = |what: String, e: git2::Error| object_error(self.repo, what, &e);
        let commit = self
            .repo
            .find_commit(self.revision.commit)
            .map_err(|e| damaged(format!("the commit of revision \"{spec}\""), e))?;
        let top = commit
            .tree()
            .map_err(|e| damaged(format!("the top folder of revision \"{spec}\""), e))?;
        let root_folder = || format!("the folder {}/ at revision \"{spec}\"", self.root);
        let tree = if self.root.is_empty() {
            top.clone()
        } else {
            match top.get_path(Path::new(&self.root)) {
                Ok(entry) if entry.kind() == Some(ObjectType::Tree) => self
                    .repo
                    .find_tree(entry.id())
                    .map_err(|e| damaged(root_folder(), e))?,
                // The tree's folder is a submodule: its files are in another repository,
                // which this one does not hold. Saying the folder "does not exist" (or, as
                // the base of a diff, reading it as empty) would mislead.
                Ok(entry) if entry.kind() == Some(ObjectType::Commit) => {
                    return Err(Error::RootIsSubmodule {
                        root: self.root.clone(),
                        spec: spec.clone(),
                    });
                }
                // A folder on the way is missing from the object store: not "no such folder".
                Err(e) if is_object_error(&e) => return Err(damaged(root_folder(), e)),
                _ => {
                    return Err(Error::RootNotInRevision {
                        root: self.root.clone(),
                        spec: spec.clone(),
                    });
                }
            }
        };
        let mut entries: Vec<(String, Oid, i32)> = Vec::new();
        // The folder libgit2 descends into next: if it is missing, the walk fails on it.
        let mut last_folder = String::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            let name = entry.name().unwrap_or_default();
            if name.starts_with('.') {
                return TreeWalkResult::Skip;
            }
            match entry.kind() {
                Some(ObjectType::Blob) => {
                    entries.push((format!("{dir}{name}"), entry.id(), entry.filemode()))
                }
                Some(ObjectType::Tree) => last_folder = format!("{dir}{name}"),
                // Submodules (gitlinks, commits of another repository) have no files here,
                // as in the working tree, where `WorkTree` skips them too.
                _ => {}
            }
            TreeWalkResult::Ok
        })
        .map_err(|e| {
            let folder = format!("{}{last_folder}", self.prefix);
            let folder = folder.trim_end_matches('/');
            damaged(format!("the folder {folder}/ at revision \"{spec}\""), e)
        })?;
        let odb = self.repo.odb().map_err(git_error)?;
        // Blobs the previous load read are taken from it; the others are read in parallel,
        // each thread with its own handle on the repository (a `Repository` is not `Sync`);
        // links are followed here.
        let previous = self.blobs.take();
        let key = |oid: Oid| (oid, limits.max_file_bytes);
        let mut contents: Vec<Option<BlobRead>> = entries
            .iter()
            .map(|(_, oid, mode)| {
                (*mode != SYMLINK_MODE)
                    .then(|| previous.get(&key(*oid)).cloned().map(Ok))
                    .flatten()
            })
            .collect();
        drop(previous);
        let wanted: Vec<(usize, Oid)> = entries
            .iter()
            .enumerate()
            .filter(|(i, (_, _, mode))| *mode != SYMLINK_MODE && contents[*i].is_none())
            .map(|(i, (_, oid, _))| (i, *oid))
            .collect();
        let read = read_in_parallel(self.repo.path(), &wanted, limits);
        for ((i, _), content) in wanted.iter().zip(read) {
            contents[*i] = content;
        }
        let mut cache = BlobCache::new();
        let mut cached_bytes = 0;
        let mut files: Vec<RawFile> = Vec::with_capacity(entries.len());
        for ((path, oid, mode), content) in entries.into_iter().zip(contents) {
            let content = match content {
                Some(content) => content,
                None if mode == SYMLINK_MODE => self.read_link(&tree, &path, oid, &odb, limits),
                None => read_blob(self.repo, &odb, oid, limits),
            }
            .map_err(|e| damaged(format!("{}{path} at revision \"{spec}\"", self.prefix), e))?;
            if mode != SYMLINK_MODE {
                let size = content.as_ref().map_or(0, String::len);
                if cached_bytes + size <= BLOB_CACHE_BYTES {
                    cached_bytes += size;
                    cache.insert(key(oid), content.clone());
                }
            }
            files.push(RawFile { path, content });
        }
        self.blobs.replace(cache);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn display_prefix(&self) -> &str {
        &self.prefix
    }
}

impl GitTree<'_> {
    /// A link stored in git is followed only to a file inside the policy tree.
    fn read_link(
        &self,
        tree: &git2::Tree<'_>,
        path: &str,
        oid: Oid,
        odb: &git2::Odb<'_>,
        limits: Limits,
    ) -> BlobRead {
        let target = match read_blob(self.repo, odb, oid, limits)? {
            Ok(target) => target,
            Err(problem) => return Ok(Err(problem)),
        };
        let parent = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let joined = if target.starts_with('/') {
            None
        } else {
            normalize_inside(&format!("{parent}/{target}"))
        };
        let Some(inside) = joined else {
            return Ok(Err(FileProblem::SymlinkOutside { target }));
        };
        match tree.get_path(Path::new(&inside)) {
            Ok(entry)
                if entry.kind() == Some(ObjectType::Blob) && entry.filemode() != SYMLINK_MODE =>
            {
                read_blob(self.repo, odb, entry.id(), limits)
            }
            _ => Ok(Err(FileProblem::Unreadable {
                message: format!("it is a link to {target}, which is not a file in the tree"),
            })),
        }
    }
}

/// libgit2's settings, set once per process. git does not hash an object again each time it
/// reads it; libgit2 does by default, which was a fifth of `steward changelog`'s time and of
/// `steward diff`'s blob reads. (A damaged object still fails to inflate, and git's own
/// `fsck` is the tool that checks hashes.)
fn tune_libgit2() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| git2::opts::strict_hash_verification(false));
}

/// Reads blobs on rayon's threads, each chunk through its own handle on the repository at
/// `git_dir`. A `None` is a blob left for the caller to read (too few blobs to be worth it,
/// or the repository could not be opened again).
fn read_in_parallel(
    git_dir: &Path,
    wanted: &[(usize, Oid)],
    limits: Limits,
) -> Vec<Option<BlobRead>> {
    let none = |n: usize| (0..n).map(|_| None).collect::<Vec<_>>();
    let threads = rayon::current_num_threads();
    if threads < 2 || wanted.len() < PARALLEL_READ_MIN {
        return none(wanted.len());
    }
    wanted
        .par_chunks(wanted.len().div_ceil(threads * 2))
        .map(|chunk| {
            let Ok(repo) = Repository::open(git_dir) else {
                return none(chunk.len());
            };
            let Ok(odb) = repo.odb() else {
                return none(chunk.len());
            };
            chunk
                .iter()
                .map(|(_, oid)| Some(read_blob(&repo, &odb, *oid, limits)))
                .collect()
        })
        .collect::<Vec<Vec<_>>>()
        .into_iter()
        .flatten()
        .collect()
}

/// What reading one blob gives: its text or a problem with the file (a finding), or a git
/// error (the object is missing or corrupt: the repository is damaged, which is no fault of
/// the file's, and becomes an [`Error`]).
type BlobRead = Result<Result<String, FileProblem>, git2::Error>;

fn read_blob(repo: &Repository, odb: &git2::Odb<'_>, oid: Oid, limits: Limits) -> BlobRead {
    let (size, _) = odb.read_header(oid)?;
    if size as u64 > limits.max_file_bytes {
        return Ok(Err(FileProblem::TooLarge {
            size: size as u64,
            limit: limits.max_file_bytes,
        }));
    }
    let blob = repo.find_blob(oid)?;
    Ok(decode(blob.content().to_vec()))
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
    if error.code() == git2::ErrorCode::NotFound && is_partial_clone(repo) {
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

/// Resolves `.` and `..` in a tree-relative path; `None` if it climbs out of the tree.
fn normalize_inside(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_cannot_climb_out() {
        assert_eq!(
            normalize_inside("tools/../org.toml").as_deref(),
            Some("org.toml")
        );
        assert_eq!(normalize_inside("tools/../../etc/passwd"), None);
    }
}
