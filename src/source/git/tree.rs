//! The policy tree at one commit as a [`Source`]: listed by the tree walker, links resolved
//! inside the tree, blobs read by the size-checked reader (in parallel for large trees, and
//! those the previous load read taken from it).

use std::cell::RefCell;
use std::rc::Rc;

use git2::{Oid, Repository};

use super::blob::{BlobRead, read_blob, read_in_parallel};
use super::folder::Folder;
use super::walk::{EntryKind, GitFolders, TreeCache, WalkError, compare};
use super::{BLOB_CACHE_BYTES, BlobCache, Revision, RootMissing, folder_at, object_error};
use crate::error::Error;
use crate::layout::is_documentation_path;
use crate::source::entry::{Budget, Resolved, bad_name, resolve_link};
use crate::source::{FileProblem, Limits, RawFile, Source};

/// The policy tree as it was at one commit.
pub struct GitTree<'r> {
    repo: &'r Repository,
    blobs: &'r RefCell<BlobCache>,
    revision: Revision,
    root: String,
    prefix: String,
}

/// A listed file: the blob to read, or what is already known about it.
enum Listed {
    Blob(Oid),
    Known(Result<String, FileProblem>),
}

impl<'r> GitTree<'r> {
    pub(super) fn new(
        repo: &'r Repository,
        blobs: &'r RefCell<BlobCache>,
        revision: &Revision,
        root: &str,
        prefix: &str,
    ) -> Self {
        GitTree {
            repo,
            blobs,
            revision: revision.clone(),
            root: root.trim_matches('/').to_string(),
            prefix: prefix.to_string(),
        }
    }

    pub fn revision(&self) -> &Revision {
        &self.revision
    }

    /// A missing or corrupt object is a damaged repository (or a partial clone): an error that
    /// names what could not be read, never a finding about a policy file.
    fn damaged(&self, what: String, error: git2::Error) -> Error {
        object_error(self.repo, what, &error)
    }

    fn at(&self, path: &str) -> String {
        format!(
            "{}{path} at revision \"{}\"",
            self.prefix, self.revision.spec
        )
    }

    /// The tree of the policy folder at the revision.
    fn root_tree(&self, cache: &mut TreeCache<'r>) -> Result<Rc<Folder>, Error> {
        let spec = &self.revision.spec;
        let commit = self
            .repo
            .find_commit(self.revision.commit)
            .map_err(|e| self.damaged(format!("the commit of revision \"{spec}\""), e))?;
        let top = cache
            .get(commit.tree_id())
            .map_err(|e| self.damaged(format!("the top folder of revision \"{spec}\""), e))?;
        let root_folder = || format!("the folder {}/ at revision \"{spec}\"", self.root);
        match folder_at(cache, top, &self.root).map_err(|e| self.damaged(root_folder(), e))? {
            Ok(tree) => Ok(tree),
            // The tree's folder is a submodule: its files are in another repository, which
            // this one does not hold. Saying the folder "does not exist" (or, as the base of a
            // diff, reading it as empty) would mislead.
            Err(RootMissing::Submodule) => Err(Error::RootIsSubmodule {
                root: self.root.clone(),
                spec: spec.clone(),
            }),
            Err(RootMissing::NotThere) => Err(Error::RootNotInRevision {
                root: self.root.clone(),
                spec: spec.clone(),
            }),
        }
    }

    /// Every entry of the tree, by the rules of [`crate::source::entry`]: what is known of
    /// each (a problem, or the blob to read). Documentation is left out, never read.
    fn list(&self) -> Result<Vec<(String, Listed)>, Error> {
        let mut cache = TreeCache::new(self.repo);
        let tree = self.root_tree(&mut cache)?;
        let mut changes = Vec::new();
        compare(
            &mut cache,
            None,
            Some(Rc::clone(&tree)),
            &mut Budget::default(),
            &mut changes,
        )
        .map_err(|e| match e {
            WalkError::Object { folder, error } => {
                self.damaged(format!("the folder {}", self.at(&folder)), error)
            }
            WalkError::TooLarge => Error::TreeTooLarge {
                what: format!("the policy tree {}", self.at("")),
            },
        })?;
        let mut listed = Vec::with_capacity(changes.len());
        for file in changes.into_iter().filter_map(|change| change.new) {
            let known = |problem| Listed::Known(Err(problem));
            let entry = match file.kind {
                EntryKind::File | EntryKind::Link if is_documentation_path(&file.path) => continue,
                EntryKind::File => Listed::Blob(file.id),
                EntryKind::Link => {
                    let mut folders = GitFolders {
                        repo: self.repo,
                        root: Rc::clone(&tree),
                        cache: &mut cache,
                    };
                    match resolve_link(&mut folders, &file.path)
                        .map_err(|e| self.damaged(self.at(&file.path), e))?
                    {
                        Resolved::File { file, .. } => Listed::Blob(file),
                        // Its files are listed where they are.
                        Resolved::Folder | Resolved::Absent => continue,
                        Resolved::Problem(problem) => known(problem),
                    }
                }
                EntryKind::Submodule => known(FileProblem::Submodule),
                EntryKind::BadName => known(bad_name(&file.path)),
                EntryKind::Other => known(FileProblem::Unreadable {
                    message: "git does not know what kind of entry it is (the tree is damaged or made by hand)".to_string(),
                }),
            };
            listed.push((file.path, entry));
        }
        Ok(listed)
    }
}

impl Source for GitTree<'_> {
    fn load(&self, limits: Limits) -> Result<Vec<RawFile>, Error> {
        let listed = self.list()?;
        let odb = self
            .repo
            .odb()
            .map_err(|e| Error::Git(e.message().to_string()))?;
        // Blobs the previous load read are taken from it; the others are read in parallel,
        // each thread with its own handle on the repository.
        let previous = self.blobs.take();
        let key = |oid: Oid| (oid, limits.max_file_bytes);
        let mut contents: Vec<Option<BlobRead>> = listed
            .iter()
            .map(|(_, entry)| match entry {
                Listed::Blob(oid) => previous.get(&key(*oid)).cloned().map(Ok),
                Listed::Known(_) => None,
            })
            .collect();
        drop(previous);
        let wanted: Vec<(usize, Oid)> = listed
            .iter()
            .enumerate()
            .filter_map(|(i, (_, entry))| match entry {
                Listed::Blob(oid) if contents[i].is_none() => Some((i, *oid)),
                _ => None,
            })
            .collect();
        let oids: Vec<Oid> = wanted.iter().map(|(_, oid)| *oid).collect();
        let read = read_in_parallel(self.repo.path(), &oids, limits.max_file_bytes);
        for ((i, _), content) in wanted.iter().zip(read) {
            contents[*i] = content;
        }
        let mut cache = BlobCache::new();
        let mut cached_bytes = 0;
        let mut files: Vec<RawFile> = Vec::with_capacity(listed.len());
        for ((path, entry), content) in listed.into_iter().zip(contents) {
            let content = match entry {
                Listed::Known(known) => known,
                Listed::Blob(oid) => {
                    let content = match content {
                        Some(content) => content,
                        None => read_blob(self.repo, &odb, oid, limits.max_file_bytes),
                    }
                    .map_err(|e| self.damaged(self.at(&path), e))?;
                    let size = content.as_ref().map_or(0, String::len);
                    if cached_bytes + size <= BLOB_CACHE_BYTES {
                        cached_bytes += size;
                        cache.insert(key(oid), content.clone());
                    }
                    content
                }
            };
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
