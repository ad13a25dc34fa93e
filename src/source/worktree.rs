//! The working tree: files on disk under the tree root, by the same rules for entries as a
//! git revision (see [`crate::source::entry`]).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::entry::{
    Budget, Folders, MAX_LINK_TARGET_BYTES, Node, Resolved, TooManyEntries, bad_name, is_hidden,
    resolve_link, utf8_name,
};
use super::git::gitlinks_under;
use super::{FileProblem, Limits, RawFile, Source, decode};
use crate::error::Error;
use crate::layout::is_documentation_path;

/// The policy tree as it is on disk.
#[derive(Debug, Clone)]
pub struct WorkTree {
    root: PathBuf,
    prefix: String,
}

impl WorkTree {
    /// `root` is the tree's folder; `prefix` is how paths under it are shown (e.g. `policies/`).
    pub fn new(root: impl Into<PathBuf>, prefix: impl Into<String>) -> Self {
        Self {
            root: root.into(),
            prefix: prefix.into(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// A path found while walking, before it is read.
enum Found {
    File(PathBuf),
    Problem(FileProblem),
}

impl Source for WorkTree {
    fn load(&self, limits: Limits) -> Result<Vec<RawFile>, Error> {
        let meta = fs::metadata(&self.root).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingRoot {
                path: self.root.clone(),
            },
            _ => Error::UnreadableRoot {
                path: self.root.clone(),
                message: e.to_string(),
            },
        })?;
        if !meta.is_dir() {
            return Err(Error::UnreadableRoot {
                path: self.root.clone(),
                message: "it is not a folder".to_string(),
            });
        }
        let canonical_root = fs::canonicalize(&self.root).map_err(|e| Error::UnreadableRoot {
            path: self.root.clone(),
            message: e.to_string(),
        })?;
        // A tree folder replaced by a link (`policies -> /`, committed in a pull request)
        // would make everything it points to "inside the tree". A link to a folder next to
        // it is fine.
        if fs::symlink_metadata(&self.root).is_ok_and(|m| m.file_type().is_symlink()) {
            let holder = self
                .root
                .parent()
                .and_then(|parent| fs::canonicalize(parent).ok());
            if !holder.is_some_and(|holder| canonical_root.starts_with(holder)) {
                return Err(Error::UnreadableRoot {
                    path: self.root.clone(),
                    message: format!(
                        "it is a link to {}, outside the folder that holds it; steward does not follow it (point --root or `root` in steward.toml at the real folder)",
                        canonical_root.display()
                    ),
                });
            }
        }
        let mut found = Vec::new();
        walk(&self.root, &canonical_root, &mut found).map_err(|_| Error::TreeTooLarge {
            what: format!("the policy tree {}", self.root.display()),
        })?;
        let mut files: Vec<RawFile> = found
            .into_par_iter()
            .map(|(path, found)| RawFile {
                path,
                content: match found {
                    Found::File(full) => read_limited(&full, limits.max_file_bytes),
                    Found::Problem(problem) => Err(problem),
                },
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    fn display_prefix(&self) -> &str {
        &self.prefix
    }
}

/// Collects the entries under `root` by the rules of [`crate::source::entry`], with an
/// explicit stack of folders still to list. An unreadable folder becomes a problem entry so
/// that the rest of the tree is still linted.
fn walk(
    root: &Path,
    canonical_root: &Path,
    out: &mut Vec<(String, Found)>,
) -> Result<(), TooManyEntries> {
    let mut budget = Budget::default();
    let mut folders: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
    let mut empty_folders = Vec::new();
    while let Some((dir, relative)) = folders.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                out.push((
                    relative.trim_end_matches('/').to_string(),
                    Found::Problem(FileProblem::Unreadable {
                        message: e.to_string(),
                    }),
                ));
                continue;
            }
        };
        let mut empty = true;
        for entry in entries.filter_map(Result::ok) {
            empty = false;
            let name = entry.file_name();
            let name = name.as_encoded_bytes();
            if is_hidden(name) {
                continue;
            }
            let rel = match utf8_name(name) {
                Ok(name) => format!("{relative}{name}"),
                Err(escaped) => {
                    let rel = format!("{relative}{escaped}");
                    budget.take(rel.len())?;
                    out.push((rel.clone(), Found::Problem(bad_name(&rel))));
                    continue;
                }
            };
            budget.take(rel.len())?;
            let path = entry.path();
            let Ok(file_type) = entry.file_type() else {
                out.push((
                    rel,
                    Found::Problem(FileProblem::Unreadable {
                        message: "its type could not be read".to_string(),
                    }),
                ));
                continue;
            };
            if file_type.is_symlink() {
                if is_documentation_path(&rel) {
                    continue;
                }
                let mut tree = DiskFolders {
                    root: canonical_root,
                };
                let Ok(resolved) = resolve_link(&mut tree, &rel);
                match resolved {
                    Resolved::File { path, .. } => {
                        out.push((rel, Found::File(canonical_root.join(path))))
                    }
                    // Its files are listed where they are.
                    Resolved::Folder | Resolved::Absent => {}
                    Resolved::Problem(problem) => out.push((rel, Found::Problem(problem))),
                }
            } else if file_type.is_dir() {
                // A folder with its own `.git` (a submodule's checkout, or a repository cloned
                // inside the tree) is another repository: at a revision its files are not in
                // this one's commits (a submodule is only a commit id there).
                if is_repository(&path) {
                    out.push((rel, Found::Problem(FileProblem::Submodule)));
                } else {
                    folders.push((path, format!("{rel}/")));
                }
            } else if file_type.is_file() {
                if !is_documentation_path(&rel) {
                    out.push((rel, Found::File(path)));
                }
            } else {
                // Opening a named pipe blocks until someone writes to it, and a device can be
                // endless: neither is a policy file.
                out.push((
                    rel,
                    Found::Problem(FileProblem::Unreadable {
                        message:
                            "it is not a regular file (a pipe, socket or device), so it was not read"
                                .to_string(),
                    }),
                ));
            }
        }
        if empty && !relative.is_empty() {
            empty_folders.push(relative.trim_end_matches('/').to_string());
        }
    }
    // git keeps no empty folders: in a checkout, one is most likely a submodule that was not
    // cloned (`git clone` without `--recurse-submodules`), which only the index can tell.
    if !empty_folders.is_empty() {
        let submodules = gitlinks_under(root);
        for folder in empty_folders {
            if submodules.contains(&folder) {
                out.push((folder, Found::Problem(FileProblem::Submodule)));
            }
        }
    }
    Ok(())
}

/// Whether a folder is a git repository of its own (a `.git` folder, or the `.git` file of a
/// submodule's checkout).
fn is_repository(folder: &Path) -> bool {
    fs::symlink_metadata(folder.join(".git")).is_ok()
}

/// The files on disk as [`resolve_link`] sees them: names are looked up without following
/// links (the resolver follows them itself, inside the tree only).
struct DiskFolders<'a> {
    root: &'a Path,
}

impl Folders for DiskFolders<'_> {
    type Folder = PathBuf;
    type File = PathBuf;
    type Error = std::convert::Infallible;

    fn root(&mut self) -> Result<PathBuf, Self::Error> {
        Ok(self.root.to_path_buf())
    }

    fn lookup(
        &mut self,
        folder: &PathBuf,
        name: &str,
    ) -> Result<Node<PathBuf, PathBuf>, Self::Error> {
        let path = folder.join(name);
        let Ok(meta) = fs::symlink_metadata(&path) else {
            return Ok(Node::Missing);
        };
        let file_type = meta.file_type();
        Ok(if file_type.is_symlink() {
            match fs::read_link(&path) {
                Ok(target) => {
                    let target = target.into_os_string().into_encoded_bytes();
                    if target.len() > MAX_LINK_TARGET_BYTES {
                        Node::LongLink
                    } else {
                        Node::Link(target)
                    }
                }
                Err(_) => Node::Missing,
            }
        } else if file_type.is_dir() {
            if is_repository(&path) {
                Node::Submodule
            } else {
                Node::Folder(path)
            }
        } else if file_type.is_file() {
            Node::File(path)
        } else {
            Node::Special
        })
    }
}

/// Reads a file unless it is larger than `limit` (checked before reading, and again while
/// reading in case it grows).
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<String, FileProblem> {
    let unreadable = |e: std::io::Error| FileProblem::Unreadable {
        message: e.to_string(),
    };
    let file = fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(FileProblem::Unreadable {
            message: "it is not a regular file, so it was not read".to_string(),
        });
    }
    let size = meta.len();
    if size > limit {
        return Err(FileProblem::TooLarge { size, limit });
    }
    // The size is only a hint (files grow, /proc files say 0): cap what is reserved up front.
    let hint = usize::try_from(size).unwrap_or(usize::MAX).min(8 << 20);
    let mut bytes = Vec::with_capacity(hint);
    // `max_file_bytes` may be u64::MAX.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(FileProblem::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    decode(bytes)
}
