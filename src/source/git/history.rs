//! The history, as the changelog and the review packet read it: the commits of a range, tags,
//! each commit's version of the policy tree and its parent's (with the edge of a shallow
//! clone told apart from a first commit), the entries two versions differ in, links resolved
//! inside a version, and blobs read through the size-checked reader, in parallel when there
//! are many, each thread with its own handle on the repository.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::{DiffFindOptions, DiffOptions, Oid, Repository, Sort};
use rayon::prelude::*;

use super::blob::read_blob;
use super::folder::{Folder, SYMLINK_MODE};
use super::walk::{
    ChangeStatus, EntryKind, GitFolders, TreeCache, TreeChange, TreeFile, WalkError, compare,
};
use super::{Repo, Revision, RootMissing, folder_at, object_error};
use crate::error::Error;
use crate::source::FileProblem;
use crate::source::entry::{Budget, Resolved, is_hidden, resolve_link};

/// What the changelog and the review show of a commit.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: Oid,
    /// The author date, YYYY-MM-DD, in the time zone it was recorded in.
    pub date: String,
    /// The committer date, the same way.
    pub committed: String,
    pub author: String,
    /// For a merge: the author of the merged branch's last commit, who proposed the change.
    pub proposer: Option<String>,
    /// The message's first line.
    pub title: String,
    pub message: String,
}

/// What a commit's first parent holds at the policy tree's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentTree {
    /// The commit is the first of the history.
    None,
    /// The commit has parents, but this clone is shallow and does not hold them: what the
    /// commit changed is not known.
    Boundary,
    /// The parent's policy tree (`None` where the folder does not exist).
    Tree(Option<Oid>),
}

/// A commit's version of the policy tree and its first parent's.
pub struct CommitTrees<'r> {
    commit: git2::Commit<'r>,
    /// The policy tree (`None` where the folder does not exist).
    pub tree: Option<Oid>,
    pub parent: ParentTree,
}

impl CommitTrees<'_> {
    /// What to show of the commit (read only for the commits that are shown).
    pub fn info(&self) -> CommitInfo {
        info_of(&self.commit)
    }
}

/// A commit's parents as the clone holds them.
#[derive(Debug, Clone)]
pub struct Parents {
    pub ids: Vec<Oid>,
    /// The clone is shallow and this commit's parents are not in it.
    pub boundary: bool,
}

/// A file of the policy tree at a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileAt {
    /// No such file at that commit (or a folder, a submodule).
    Absent,
    /// Its blob (for a link, the blob of the file it leads to).
    Blob(Oid),
    /// A link that is not followed, or a name that cannot be a file.
    Problem(FileProblem),
}

/// Opens more handles on a repository, one per thread (a handle is not shared between
/// threads).
#[derive(Debug, Clone)]
pub struct Opener {
    git_dir: PathBuf,
}

impl Opener {
    pub fn open(&self) -> Result<Repo, Error> {
        Repository::open(&self.git_dir)
            .map(Repo::from_repository)
            .map_err(|e| Error::Git(e.message().to_string()))
    }
}

fn git(error: git2::Error) -> Error {
    Error::Git(error.message().to_string())
}

fn short(oid: Oid) -> String {
    oid.to_string()[..10].to_string()
}

impl Repo {
    pub fn opener(&self) -> Opener {
        Opener {
            git_dir: self.repo.path().to_path_buf(),
        }
    }

    /// The commits from `to` back to `from` (excluded; the beginning when `None`), newest
    /// first (topological, then by time), along first parents only when `first_parent`.
    pub fn commits(
        &self,
        to: &Revision,
        from: Option<&Revision>,
        first_parent: bool,
    ) -> Result<Vec<Oid>, Error> {
        let mut walk = self.repo.revwalk().map_err(git)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)
            .map_err(git)?;
        walk.push(to.commit).map_err(git)?;
        if let Some(from) = from {
            walk.hide(from.commit).map_err(git)?;
        }
        if first_parent {
            walk.simplify_first_parent().map_err(git)?;
        }
        walk.collect::<Result<_, _>>().map_err(git)
    }

    /// The branches that point at a commit, as people call them: local branches first, then
    /// remote-tracking ones without their remote (`origin/main` is "main"), each once, sorted,
    /// with `main` and `master` first. For naming a revision in plain words.
    pub fn branches_at(&self, oid: Oid) -> Vec<String> {
        let mut local = Vec::new();
        let mut remote = Vec::new();
        if let Ok(branches) = self.repo.branches(None) {
            for (branch, kind) in branches.flatten() {
                let points_here = branch.get().peel_to_commit().is_ok_and(|c| c.id() == oid);
                let Ok(Some(name)) = branch.name() else {
                    continue;
                };
                if !points_here || name.ends_with("/HEAD") {
                    continue;
                }
                match kind {
                    git2::BranchType::Local => local.push(name.to_string()),
                    git2::BranchType::Remote => {
                        let short = name.split_once('/').map_or(name, |(_, n)| n);
                        remote.push(short.to_string());
                    }
                }
            }
        }
        let rank = |name: &String| (!matches!(name.as_str(), "main" | "master"), name.clone());
        local.sort_by_key(rank);
        remote.sort_by_key(rank);
        let mut names = local;
        for name in remote {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Tag names by the commit they point at (annotated tags peeled), each list sorted.
    pub fn tags_by_commit(&self) -> HashMap<Oid, Vec<String>> {
        let mut tags: HashMap<Oid, Vec<String>> = HashMap::new();
        if let Ok(names) = self.repo.tag_names(None) {
            for name in names.iter().flatten().flatten() {
                if let Ok(commit) = self
                    .repo
                    .revparse_single(&format!("refs/tags/{name}"))
                    .and_then(|o| o.peel_to_commit())
                {
                    tags.entry(commit.id()).or_default().push(name.to_string());
                }
            }
        }
        for names in tags.values_mut() {
            names.sort();
        }
        tags
    }

    pub fn commit_info(&self, oid: Oid) -> Result<CommitInfo, Error> {
        let commit = self.find_commit(oid)?;
        Ok(info_of(&commit))
    }

    /// The parents of a commit that the clone holds.
    pub fn parents(&self, oid: Oid) -> Result<Parents, Error> {
        let commit = self.find_commit(oid)?;
        Ok(Parents {
            ids: commit.parent_ids().collect(),
            boundary: self.is_shallow_boundary(&commit),
        })
    }

    fn find_commit(&self, oid: Oid) -> Result<git2::Commit<'_>, Error> {
        self.repo
            .find_commit(oid)
            .map_err(|e| object_error(&self.repo, format!("the commit {}", short(oid)), &e))
    }

    /// Whether the clone is shallow and cuts the history at `commit`: libgit2 then shows it
    /// without parents, though its header names them.
    fn is_shallow_boundary(&self, commit: &git2::Commit<'_>) -> bool {
        commit.parent_count() == 0
            && self.repo.is_shallow()
            && commit
                .raw_header_bytes()
                .split(|&b| b == b'\n')
                .any(|line| line.starts_with(b"parent "))
    }

    /// Reads a blob as text, unless it is larger than `limit` bytes. `what` names it in the
    /// error if the object cannot be read.
    pub fn read_text(
        &self,
        oid: Oid,
        limit: u64,
        what: impl FnOnce() -> String,
    ) -> Result<Result<String, FileProblem>, Error> {
        let odb = self.repo.odb().map_err(git)?;
        read_blob(&self.repo, &odb, oid, limit).map_err(|e| object_error(&self.repo, what(), &e))
    }

    /// Reads each blob (size-checked) and hands its text, or why it cannot be used, to
    /// `then`, in parallel: the blobs are split in chunks, each read through its own handle
    /// on the repository. `what(i)` names the `i`th blob in the error if it cannot be read.
    pub fn map_blobs<T, W, F>(
        &self,
        blobs: &[Oid],
        limit: u64,
        what: W,
        then: F,
    ) -> Result<Vec<T>, Error>
    where
        T: Send,
        W: Fn(usize) -> String + Sync,
        F: Fn(usize, Result<String, FileProblem>) -> T + Sync,
    {
        let opener = self.opener();
        let chunk = blobs
            .len()
            .div_ceil(rayon::current_num_threads() * 2)
            .max(1);
        let indexed: Vec<(usize, Oid)> = blobs.iter().copied().enumerate().collect();
        let done: Vec<Vec<T>> = indexed
            .par_chunks(chunk)
            .map(|chunk| {
                let handle = opener.open()?;
                chunk
                    .iter()
                    .map(|&(i, oid)| {
                        let text = handle.read_text(oid, limit, || what(i))?;
                        Ok(then(i, text))
                    })
                    .collect()
            })
            .collect::<Result<_, Error>>()?;
        Ok(done.into_iter().flatten().collect())
    }

    /// Reads the history of the policy tree at `root` (repository-relative).
    pub fn history(&self, root: &str) -> HistoryReader<'_> {
        HistoryReader {
            repo: self,
            cache: TreeCache::new(&self.repo),
            root: root.trim_matches('/').to_string(),
        }
    }
}

fn info_of(commit: &git2::Commit<'_>) -> CommitInfo {
    CommitInfo {
        id: commit.id(),
        date: date_of(&commit.author().when()),
        committed: date_of(&commit.time()),
        author: commit.author().name().unwrap_or("unknown").to_string(),
        // A shallow clone may not hold the merged branch: then the proposer is not known.
        proposer: commit
            .parent(1)
            .ok()
            .and_then(|branch| branch.author().name().ok().map(str::to_string)),
        title: commit
            .summary()
            .ok()
            .flatten()
            .unwrap_or_default()
            .to_string(),
        message: commit.message().unwrap_or_default().to_string(),
    }
}

/// YYYY-MM-DD in the time zone the time was recorded in.
fn date_of(time: &git2::Time) -> String {
    let local = time.seconds() + i64::from(time.offset_minutes()) * 60;
    jiff::Timestamp::from_second(local)
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date()
                .to_string()
        })
        .unwrap_or_else(|_| "unknown".to_string())
}

/// Commits, versions of the policy tree and their differences, read through one handle; the
/// folders of the commit last compared are kept for the next (see [`TreeCache`]).
pub struct HistoryReader<'r> {
    repo: &'r Repo,
    cache: TreeCache<'r>,
    root: String,
}

impl<'r> HistoryReader<'r> {
    fn damaged(&self, what: String, error: git2::Error) -> Error {
        object_error(&self.repo.repo, what, &error)
    }

    /// The folder `tools/` (relative to the policy tree) of the version at `commit`, for
    /// messages.
    fn folder_at(&self, folder: &str, commit: Oid) -> String {
        let root = if self.root.is_empty() {
            String::new()
        } else {
            format!("{}/", self.root)
        };
        format!("the folder {root}{folder} at commit {}", short(commit))
    }

    /// The policy tree of a commit whose top folder is `top`.
    fn policy_tree(&mut self, top: Oid, commit: Oid) -> Result<Option<Oid>, Error> {
        let found = self
            .cache
            .get(top)
            .and_then(|tree| folder_at(&mut self.cache, tree, &self.root));
        match found {
            Ok(Ok(tree)) => Ok(Some(tree.id())),
            Ok(Err(RootMissing::NotThere | RootMissing::Submodule)) => Ok(None),
            Err(e) => Err(self.damaged(self.folder_at("", commit), e)),
        }
    }

    /// The policy tree of a commit (`None` where the folder does not exist).
    pub fn tree_of(&mut self, oid: Oid) -> Result<Option<Oid>, Error> {
        let commit = self.repo.find_commit(oid)?;
        self.policy_tree(commit.tree_id(), oid)
    }

    /// A commit, its policy tree and its first parent's.
    pub fn commit(&mut self, oid: Oid) -> Result<CommitTrees<'r>, Error> {
        let commit = self.repo.find_commit(oid)?;
        let tree = self.policy_tree(commit.tree_id(), oid)?;
        let parent = match commit.parent_ids().next() {
            None if self.repo.is_shallow_boundary(&commit) => ParentTree::Boundary,
            None => ParentTree::None,
            Some(parent) => {
                let parent = self.repo.find_commit(parent)?;
                ParentTree::Tree(self.policy_tree(parent.tree_id(), parent.id())?)
            }
        };
        Ok(CommitTrees {
            commit,
            tree,
            parent,
        })
    }

    /// Forgets the folders of the commit before the one just compared.
    pub fn next_commit(&mut self) {
        self.cache.next_commit();
    }

    fn tree(&mut self, id: Option<Oid>, commit: Oid) -> Result<Option<Rc<Folder>>, Error> {
        id.map(|id| {
            self.cache
                .get(id)
                .map_err(|e| self.damaged(self.folder_at("", commit), e))
        })
        .transpose()
    }

    /// The entries two versions of the policy tree differ in (`commit` names the newer in
    /// errors), in git's order, unchanged folders skipped.
    pub fn compare(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        commit: Oid,
    ) -> Result<Vec<TreeChange>, Error> {
        let (old, new) = (self.tree(old, commit)?, self.tree(new, commit)?);
        let mut changes = Vec::new();
        compare(
            &mut self.cache,
            old,
            new,
            &mut Budget::default(),
            &mut changes,
        )
        .map_err(|e| match e {
            WalkError::Object { folder, error } => {
                self.damaged(self.folder_at(&folder, commit), error)
            }
            WalkError::TooLarge => Error::TreeTooLarge {
                what: format!("the policy tree at commit {}", short(commit)),
            },
        })?;
        Ok(changes)
    }

    /// The files two versions of the policy tree differ in, with renames detected by git's
    /// diff (similar content). A blob over `limit` bytes is never read to measure how similar
    /// it is: when a changed file is that large, only renames of identical content count.
    pub fn compare_with_renames(
        &mut self,
        old: Option<Oid>,
        new: Option<Oid>,
        commit: Oid,
        limit: u64,
    ) -> Result<Vec<TreeChange>, Error> {
        // Read through the size check first; libgit2's diff then reads them as its own.
        let (old, new) = (self.tree(old, commit)?, self.tree(new, commit)?);
        let repo = &self.repo.repo;
        let git_tree = |folder: Option<Rc<Folder>>| {
            folder
                .map(|folder| repo.find_tree(folder.id()))
                .transpose()
                .map_err(|e| self.damaged(self.folder_at("", commit), e))
        };
        let (old, new) = (git_tree(old)?, git_tree(new)?);
        let mut options = DiffOptions::new();
        options.skip_binary_check(true);
        let mut diff = repo
            .diff_tree_to_tree(old.as_ref(), new.as_ref(), Some(&mut options))
            .map_err(git)?;
        let odb = repo.odb().map_err(git)?;
        // Renames pair a removed file with an added one: only those are measured.
        let too_large = diff.deltas().any(|delta| {
            let file = match delta.status() {
                git2::Delta::Added => delta.new_file(),
                git2::Delta::Deleted => delta.old_file(),
                _ => return false,
            };
            odb.read_header(file.id())
                .is_ok_and(|(size, _)| size as u64 > limit)
        });
        let mut find = DiffFindOptions::new();
        find.renames(true);
        if too_large {
            find.exact_match_only(true);
        }
        diff.find_similar(Some(&mut find)).map_err(git)?;
        Ok(diff
            .deltas()
            .filter_map(|delta| {
                let status = match delta.status() {
                    git2::Delta::Added => ChangeStatus::Added,
                    git2::Delta::Deleted => ChangeStatus::Deleted,
                    git2::Delta::Renamed => ChangeStatus::Renamed,
                    _ => ChangeStatus::Modified,
                };
                let change = TreeChange {
                    status,
                    old: diff_side(delta.old_file()),
                    new: diff_side(delta.new_file()),
                };
                (change.old.is_some() || change.new.is_some()).then_some(change)
            })
            .collect())
    }

    /// Where the entry at `path` of the policy tree `tree` leads: itself when it is a file,
    /// the file it points to when it is a link (by the rules of
    /// [`crate::source::entry::resolve_link`]).
    pub fn file_at(&mut self, tree: Oid, path: &str, commit: Oid) -> Result<FileAt, Error> {
        let Some(root) = self.tree(Some(tree), commit)? else {
            return Ok(FileAt::Absent);
        };
        let mut folders = GitFolders {
            repo: &self.repo.repo,
            root,
            cache: &mut self.cache,
        };
        let resolved = resolve_link(&mut folders, path);
        let what = || {
            let root = if self.root.is_empty() {
                String::new()
            } else {
                format!("{}/", self.root)
            };
            format!("{root}{path} at commit {}", short(commit))
        };
        Ok(match resolved.map_err(|e| self.damaged(what(), e))? {
            Resolved::File { file, .. } => FileAt::Blob(file),
            Resolved::Folder | Resolved::Absent => FileAt::Absent,
            Resolved::Problem(problem) => FileAt::Problem(problem),
        })
    }
}

/// One side of a diff delta as the tree walker would list it: `None` for no file, a hidden
/// path, a name that is not UTF-8 or a submodule (none of which the walker lists as a file).
fn diff_side(file: git2::DiffFile<'_>) -> Option<TreeFile> {
    if file.id().is_zero() {
        return None;
    }
    let path = std::str::from_utf8(file.path_bytes()?)
        .ok()?
        .replace('\\', "/");
    if path.split('/').any(|name| is_hidden(name.as_bytes())) {
        return None;
    }
    let kind = match file.mode() {
        git2::FileMode::Blob | git2::FileMode::BlobExecutable => EntryKind::File,
        git2::FileMode::Link => EntryKind::Link,
        _ => return None,
    };
    debug_assert!(kind != EntryKind::Link || i32::from(file.mode()) == SYMLINK_MODE);
    Some(TreeFile {
        path,
        id: file.id(),
        kind,
    })
}

impl Repo {
    pub(super) fn from_repository(repo: Repository) -> Repo {
        Repo {
            repo,
            blobs: Default::default(),
        }
    }

    /// The repository's folder (`.git`), for messages.
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }
}
