//! The working tree: files on disk under the tree root.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{FileProblem, Limits, RawFile, Source, decode};
use crate::error::Error;

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
        walk(&self.root, &canonical_root, "", &mut found);
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

/// Collects the files under `dir`. Hidden entries (`.git`, `.gitkeep`...) are skipped; symbolic
/// links are followed only to files inside the tree; an unreadable folder becomes a problem
/// entry so that the rest of the tree is still linted.
fn walk(dir: &Path, canonical_root: &Path, relative: &str, out: &mut Vec<(String, Found)>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push((
                relative.trim_end_matches('/').to_string(),
                Found::Problem(FileProblem::Unreadable {
                    message: e.to_string(),
                }),
            ));
            return;
        }
    };
    // Each entry's name is read once: `sort_by_key(|e| e.file_name())` would allocate two
    // names per comparison, the walk's main cost in a folder of 10,000 tools.
    let mut names: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| (entry.file_name(), entry))
        .collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, entry) in names {
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let rel = format!("{relative}{name}");
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
            match fs::canonicalize(&path) {
                // A hidden file or folder (`.git/config`, with the checkout's token) is not part
                // of the tree, even when it lies under the tree's folder.
                Ok(target)
                    if target.starts_with(canonical_root)
                        && !is_hidden(&target, canonical_root) =>
                {
                    // Links to folders inside the tree would list the same files twice.
                    if target.is_file() {
                        out.push((rel, Found::File(target)));
                    }
                }
                Ok(target) => out.push((
                    rel,
                    Found::Problem(FileProblem::SymlinkOutside {
                        target: target.display().to_string(),
                    }),
                )),
                Err(e) => out.push((
                    rel,
                    Found::Problem(FileProblem::Unreadable {
                        message: format!("it is a link that cannot be followed: {e}"),
                    }),
                )),
            }
        } else if file_type.is_dir() {
            // A folder with its own `.git` (a submodule's checkout, or a repository cloned
            // inside the tree) is another repository: at a revision its files are not in this
            // one's commits (a submodule is only a commit id there), so reading them here
            // would make `lint` and `lint --rev HEAD` disagree on a clean checkout, and
            // `steward diff` list them as added.
            if fs::symlink_metadata(path.join(".git")).is_ok() {
                continue;
            }
            walk(&path, canonical_root, &format!("{rel}/"), out);
        } else if file_type.is_file() {
            out.push((rel, Found::File(path)));
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
}

/// Whether `path`, inside `root`, is or lies inside a hidden entry (which the walk skips).
fn is_hidden(path: &Path, root: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|relative| {
        relative
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    })
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
