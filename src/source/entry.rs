//! The rules for the entries of a policy tree, one set for the files on disk and for a tree at
//! any git revision, so that `lint`, `lint --rev`, `diff` and `changelog` see the same tree:
//!
//! - a hidden entry (its name starts with `.`: `.git`, `.github`, `.secret`) is not part of
//!   the tree and is skipped, with everything inside it;
//! - a name that is not UTF-8 is reported (`file/unrecognized`, shown with `\xNN` for each byte
//!   that is not UTF-8) and neither read nor entered: no path made from it could be shown,
//!   matched or written back faithfully;
//! - a submodule (at a revision a gitlink, on disk a folder with its own `.git`) is another
//!   repository: reported (`file/submodule`), not entered;
//! - a symbolic link is resolved inside the tree, one name at a time, following links on the
//!   way ([`resolve_link`]). It is followed only to a regular file of the tree; a link to a
//!   folder is skipped (its files are read where they are); an absolute target, a `..` that
//!   climbs out of the tree, a hidden entry or a submodule on the way make it
//!   `file/symlink-outside`; a dangling link, a loop (more than [`MAX_LINK_HOPS`] links) or a
//!   target that is not a regular file make it `file/unreadable`;
//! - documentation (README.md, notes.txt) is never read, so a partial clone that left its
//!   blobs out is no obstacle;
//! - a tree is walked with an explicit stack, never by recursion, so its depth cannot exhaust
//!   the stack, and within a [`Budget`] of entries and path bytes, so that a tree of a few
//!   objects that repeats one folder many times (git stores each distinct folder once)
//!   cannot make steward list billions of files.

use std::fmt::Write as _;

use super::FileProblem;

/// How many links one link may lead through (Linux's limit for one path is 40).
pub(crate) const MAX_LINK_HOPS: usize = 40;

/// How many names the targets of one link (and of the links it leads through) may hold in
/// all: a legitimate link has a handful; this bounds the work a hostile one can cause.
pub(crate) const MAX_LINK_STEPS: usize = 256;

/// The longest link target followed (PATH_MAX on Linux: no checkout could hold a longer one).
pub(crate) const MAX_LINK_TARGET_BYTES: usize = 4096;

pub use super::limits::{MAX_TREE_ENTRIES, MAX_TREE_PATH_BYTES};

/// Whether an entry with this name is hidden, hence not part of the tree.
pub(crate) fn is_hidden(name: &[u8]) -> bool {
    name.first() == Some(&b'.')
}

/// The name as text, or (`Err`) the name shown with `\xNN` for every byte that is not UTF-8.
pub(crate) fn utf8_name(name: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(name).map_err(|_| escape_non_utf8(name))
}

/// `caf\xE9.toml` for the Latin-1 bytes of `café.toml`.
pub(crate) fn escape_non_utf8(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02X}");
        }
    }
    out
}

/// The problem of an entry whose name is not UTF-8.
pub(crate) fn bad_name(escaped: &str) -> FileProblem {
    FileProblem::NameNotUtf8 {
        name: escaped.rsplit('/').next().unwrap_or(escaped).to_string(),
    }
}

/// The walk visited more than [`MAX_TREE_ENTRIES`] entries or [`MAX_TREE_PATH_BYTES`] of
/// paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyEntries;

/// What one walk may still visit.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    entries: usize,
    path_bytes: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            entries: MAX_TREE_ENTRIES,
            path_bytes: MAX_TREE_PATH_BYTES,
        }
    }
}

impl Budget {
    /// Counts one entry whose path is `path_len` bytes long.
    pub(crate) fn take(&mut self, path_len: usize) -> Result<(), TooManyEntries> {
        self.entries = self.entries.checked_sub(1).ok_or(TooManyEntries)?;
        self.path_bytes = self
            .path_bytes
            .checked_sub(path_len)
            .ok_or(TooManyEntries)?;
        Ok(())
    }
}

/// What a name in a folder is, as [`resolve_link`] sees it.
pub(crate) enum Node<D, F> {
    Folder(D),
    File(F),
    /// A symbolic link and its target.
    Link(Vec<u8>),
    /// A symbolic link whose target is longer than [`MAX_LINK_TARGET_BYTES`].
    LongLink,
    /// Another repository (a gitlink, or a folder with its own `.git`).
    Submodule,
    /// A pipe, socket or device.
    Special,
    Missing,
}

/// A tree that [`resolve_link`] can look names up in: the files on disk, or a git tree.
pub(crate) trait Folders {
    /// A handle on a folder (a path on disk, a git tree).
    type Folder;
    /// A handle on a file (a path on disk, a blob id).
    type File;
    type Error;

    fn root(&mut self) -> Result<Self::Folder, Self::Error>;

    /// What `name` is inside `folder`.
    fn lookup(
        &mut self,
        folder: &Self::Folder,
        name: &str,
    ) -> Result<Node<Self::Folder, Self::File>, Self::Error>;
}

/// Where a link leads.
pub(crate) enum Resolved<F> {
    /// A regular file of the tree, at `path` (tree-relative).
    File { path: String, file: F },
    /// A folder of the tree: its files are read where they are.
    Folder,
    /// Not followed.
    Problem(FileProblem),
    /// The path itself, before any link, leads to nothing (or into a submodule).
    Absent,
}

/// Resolves the tree-relative path of a link the way the operating system would resolve it
/// in a checkout (name by name, a `..` going up from where the names so far led), except that
/// nothing outside the tree, hidden or in a submodule is ever looked at.
pub(crate) fn resolve_link<T: Folders>(
    tree: &mut T,
    link_path: &str,
) -> Result<Resolved<T::File>, T::Error> {
    let root = tree.root()?;
    // The folders the names so far led to, below the root.
    let mut resolved: Vec<(String, T::Folder)> = Vec::new();
    // Names still to resolve, the next one last.
    let mut pending: Vec<String> = link_path.rsplit('/').map(str::to_string).collect();
    // The first link's target, as its problems show it.
    let mut shown = String::new();
    let mut hops = 0;
    let mut steps = 0;
    let too_many = || {
        Resolved::Problem(FileProblem::Unreadable {
            message: format!(
                "it is a link that cannot be followed: it leads through more than {MAX_LINK_HOPS} links, or in a loop"
            ),
        })
    };
    let outside = |shown: &str| {
        Resolved::Problem(FileProblem::SymlinkOutside {
            target: shown.to_string(),
        })
    };
    let not_a_file = |shown: &str| {
        Resolved::Problem(FileProblem::Unreadable {
            message: format!("it is a link to {shown}, which is not a file in the tree"),
        })
    };
    while let Some(name) = pending.pop() {
        if hops > 0 {
            steps += 1;
            if steps > MAX_LINK_STEPS {
                return Ok(too_many());
            }
        }
        match name.as_str() {
            "" | "." => continue,
            ".." => {
                if resolved.pop().is_none() {
                    return Ok(outside(&shown));
                }
                continue;
            }
            _ => {}
        }
        if is_hidden(name.as_bytes()) {
            return Ok(outside(&shown));
        }
        // libgit2 takes names as C strings, which cannot hold a NUL.
        if name.contains('\0') {
            return Ok(not_a_file(&shown));
        }
        let folder = resolved.last().map_or(&root, |(_, folder)| folder);
        let node = tree.lookup(folder, &name)?;
        if hops == 0
            && !matches!(
                node,
                Node::Folder(_) | Node::File(_) | Node::Link(_) | Node::LongLink
            )
        {
            return Ok(Resolved::Absent);
        }
        match node {
            Node::Folder(folder) => resolved.push((name, folder)),
            Node::File(file) => {
                if pending.iter().any(|rest| !rest.is_empty()) {
                    // A file used as a folder (`notes.txt/x.toml`).
                    return Ok(if hops == 0 {
                        Resolved::Absent
                    } else {
                        not_a_file(&shown)
                    });
                }
                let mut path: Vec<&str> = resolved.iter().map(|(n, _)| n.as_str()).collect();
                path.push(&name);
                return Ok(Resolved::File {
                    path: path.join("/"),
                    file,
                });
            }
            Node::Link(target) => {
                hops += 1;
                if hops > MAX_LINK_HOPS {
                    return Ok(too_many());
                }
                let Ok(target) = String::from_utf8(target) else {
                    return Ok(Resolved::Problem(FileProblem::Unreadable {
                        message: "it is a link whose target is not UTF-8 text".to_string(),
                    }));
                };
                if hops == 1 {
                    shown = target.clone();
                }
                // An absolute target names a place on one machine, never a file of the tree.
                if target.starts_with('/') {
                    return Ok(outside(&shown));
                }
                pending.extend(target.rsplit('/').map(str::to_string));
            }
            Node::LongLink => {
                return Ok(Resolved::Problem(FileProblem::Unreadable {
                    message: format!(
                        "it is a link whose target is longer than {MAX_LINK_TARGET_BYTES} bytes"
                    ),
                }));
            }
            Node::Submodule => return Ok(outside(&shown)),
            Node::Special => {
                return Ok(Resolved::Problem(FileProblem::Unreadable {
                    message: format!(
                        "it is a link to {shown}, which is not a regular file (a pipe, socket or device)"
                    ),
                }));
            }
            Node::Missing => return Ok(not_a_file(&shown)),
        }
    }
    Ok(Resolved::Folder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A tree in memory: paths of files (`f`), links (`l:TARGET`), submodules (`s`).
    struct Fake(BTreeMap<String, String>);

    impl Folders for Fake {
        type Folder = String;
        type File = String;
        type Error = ();

        fn root(&mut self) -> Result<String, ()> {
            Ok(String::new())
        }

        fn lookup(&mut self, folder: &String, name: &str) -> Result<Node<String, String>, ()> {
            let path = if folder.is_empty() {
                name.to_string()
            } else {
                format!("{folder}/{name}")
            };
            Ok(match self.0.get(&path).map(String::as_str) {
                Some("f") => Node::File(path),
                Some("s") => Node::Submodule,
                Some("long") => Node::LongLink,
                Some(link) if link.starts_with("l:") => Node::Link(link.as_bytes()[2..].to_vec()),
                _ if self.0.keys().any(|k| k.starts_with(&format!("{path}/"))) => {
                    Node::Folder(path)
                }
                _ => Node::Missing,
            })
        }
    }

    fn fake(entries: &[(&str, &str)]) -> Fake {
        Fake(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn resolve(tree: &mut Fake, path: &str) -> String {
        match resolve_link(tree, path).unwrap() {
            Resolved::File { path, .. } => format!("file {path}"),
            Resolved::Folder => "folder".to_string(),
            Resolved::Problem(FileProblem::SymlinkOutside { target }) => {
                format!("outside {target}")
            }
            Resolved::Problem(FileProblem::Unreadable { message }) => message,
            Resolved::Problem(other) => format!("{other:?}"),
            Resolved::Absent => "absent".to_string(),
        }
    }

    #[test]
    fn links_resolve_inside_the_tree_only() {
        let mut tree = fake(&[
            ("org.toml", "f"),
            ("notes/real.txt", "f"),
            ("tools/alias.toml", "l:../notes/real.txt"),
            ("tools/up.toml", "l:../../secret.toml"),
            ("tools/abs.toml", "l:/etc/passwd"),
            ("tools/hidden.toml", "l:../.git/config"),
            ("tools/through.toml", "l:../.git/../org.toml"),
            ("tools/dir", "l:../notes"),
            ("tools/via-dir.toml", "l:dir/real.txt"),
            ("tools/dotdot.toml", "l:dir/../org.toml"),
            ("tools/gone.toml", "l:nowhere.toml"),
            ("tools/loop-a.toml", "l:loop-b.toml"),
            ("tools/loop-b.toml", "l:loop-a.toml"),
            ("tools/vendor.toml", "l:../vendor/x.toml"),
            ("vendor", "s"),
            ("tools/file-as-folder.toml", "l:../org.toml/x"),
            ("tools/long.toml", "long"),
            ("tools/nul.toml", "l:../org\0.toml"),
        ]);
        assert_eq!(
            resolve(&mut tree, "tools/long.toml"),
            "it is a link whose target is longer than 4096 bytes"
        );
        assert_eq!(
            resolve(&mut tree, "tools/nul.toml"),
            "it is a link to ../org\0.toml, which is not a file in the tree"
        );
        assert_eq!(
            resolve(&mut tree, "tools/alias.toml"),
            "file notes/real.txt"
        );
        assert_eq!(
            resolve(&mut tree, "tools/up.toml"),
            "outside ../../secret.toml"
        );
        assert_eq!(resolve(&mut tree, "tools/abs.toml"), "outside /etc/passwd");
        assert_eq!(
            resolve(&mut tree, "tools/hidden.toml"),
            "outside ../.git/config"
        );
        assert_eq!(
            resolve(&mut tree, "tools/through.toml"),
            "outside ../.git/../org.toml"
        );
        assert_eq!(resolve(&mut tree, "tools/dir"), "folder");
        assert_eq!(
            resolve(&mut tree, "tools/via-dir.toml"),
            "file notes/real.txt"
        );
        // `..` goes up from where the link led (notes/), as the operating system does.
        assert_eq!(resolve(&mut tree, "tools/dotdot.toml"), "file org.toml");
        assert_eq!(
            resolve(&mut tree, "tools/gone.toml"),
            "it is a link to nowhere.toml, which is not a file in the tree"
        );
        assert_eq!(
            resolve(&mut tree, "tools/loop-a.toml"),
            "it is a link that cannot be followed: it leads through more than 40 links, or in a loop"
        );
        assert_eq!(
            resolve(&mut tree, "tools/vendor.toml"),
            "outside ../vendor/x.toml"
        );
        assert_eq!(
            resolve(&mut tree, "tools/file-as-folder.toml"),
            "it is a link to ../org.toml/x, which is not a file in the tree"
        );
        // Paths that are not there at all, or lead into a submodule, before any link.
        assert_eq!(resolve(&mut tree, "tools/none.toml"), "absent");
        assert_eq!(resolve(&mut tree, "org.toml/x.toml"), "absent");
        assert_eq!(resolve(&mut tree, "vendor/x.toml"), "absent");
        assert_eq!(resolve(&mut tree, "org.toml"), "file org.toml");
    }

    #[test]
    fn a_long_chain_of_names_is_bounded() {
        let target = "a/".repeat(MAX_LINK_STEPS) + "x.toml";
        let mut tree = fake(&[("l.toml", &format!("l:{target}")), (&target, "f")]);
        assert!(resolve(&mut tree, "l.toml").contains("cannot be followed"));
        let target = "a/".repeat(MAX_LINK_STEPS - 1) + "x.toml";
        let mut tree = fake(&[("l.toml", &format!("l:{target}")), (&target, "f")]);
        assert_eq!(resolve(&mut tree, "l.toml"), format!("file {target}"));
    }

    #[test]
    fn names_that_are_not_utf8_are_escaped() {
        assert_eq!(utf8_name(b"caf\xe9.toml"), Err("caf\\xE9.toml".to_string()));
        assert_eq!(utf8_name("café.toml".as_bytes()), Ok("café.toml"));
        assert_eq!(escape_non_utf8(b"\xff\xfe"), "\\xFF\\xFE");
    }

    #[test]
    fn the_budget_runs_out() {
        let mut budget = Budget {
            entries: 2,
            path_bytes: 10,
        };
        assert_eq!(budget.take(4), Ok(()));
        assert_eq!(budget.take(7), Err(TooManyEntries));
        let mut budget = Budget {
            entries: 1,
            path_bytes: 10,
        };
        assert_eq!(budget.take(1), Ok(()));
        assert_eq!(budget.take(1), Err(TooManyEntries));
    }
}
