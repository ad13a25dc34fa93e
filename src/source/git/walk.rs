//! The one walker of git trees. It compares two trees (either may be absent) side by side,
//! in git's order, skipping every folder whose object id did not change, and lists each entry
//! that differs; listing one tree is comparing it with nothing. It keeps its place in an
//! explicit stack, never by recursion, so a path thousands of folders deep cannot exhaust the
//! stack, and it stops when a [`Budget`] runs out. Entries follow the rules of
//! [`crate::source::entry`]: hidden ones are skipped, names that are not UTF-8 and submodules
//! are listed as such and never entered.

use std::cmp::Ordering;
use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::source::entry::{
    Budget, Folders, MAX_LINK_TARGET_BYTES, Node, TooManyEntries, is_hidden, utf8_name,
};

/// git's mode for symbolic links.
pub(crate) const SYMLINK_MODE: i32 = 0o120000;

/// What an entry of a tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular (or executable) file.
    File,
    /// A symbolic link: the blob holds its target.
    Link,
    /// A gitlink: a commit of another repository, with no files here.
    Submodule,
    /// A file or folder whose name is not UTF-8 (the path shows it with `\xNN`); not entered.
    BadName,
    /// An entry of a kind git itself does not know (a corrupt or hand-made tree).
    Other,
}

/// One side of a changed entry.
#[derive(Debug, Clone)]
pub struct TreeFile {
    /// Relative to the walked tree, `/`-separated.
    pub path: String,
    pub id: Oid,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStatus {
    Added,
    Deleted,
    Modified,
    /// Only from [`super::HistoryReader::compare_with_renames`].
    Renamed,
}

/// An entry that differs between two trees.
#[derive(Debug, Clone)]
pub struct TreeChange {
    pub status: ChangeStatus,
    pub old: Option<TreeFile>,
    pub new: Option<TreeFile>,
}

/// Why a walk stopped.
#[derive(Debug)]
pub(crate) enum WalkError {
    /// A folder (`tools/`, relative to the walked tree) could not be read.
    Object {
        folder: String,
        error: git2::Error,
    },
    TooLarge,
}

impl From<TooManyEntries> for WalkError {
    fn from(_: TooManyEntries) -> Self {
        WalkError::TooLarge
    }
}

use crate::source::limits::MAX_TREE_OBJECT_BYTES;

/// The error of a folder over [`MAX_TREE_OBJECT_BYTES`], which [`super::object_error`] turns
/// into [`crate::error::Error::TreeTooLarge`].
fn tree_too_large() -> git2::Error {
    git2::Error::new(
        git2::ErrorCode::GenericError,
        git2::ErrorClass::Tree,
        TREE_TOO_LARGE,
    )
}

pub(crate) const TREE_TOO_LARGE: &str = "the folder's git tree object is over 64 MiB";

/// The folders (trees) read for the commit being compared and for the one before it, by id.
///
/// A commit's parent is the next commit of the changelog's walk, so the folders of one
/// comparison's old side are the next comparison's new side: kept, a large folder (thousands
/// of entries, read through zlib and parsed) is read once instead of twice.
pub(crate) struct TreeCache<'r> {
    repo: &'r Repository,
    previous: HashMap<Oid, Tree<'r>>,
    current: HashMap<Oid, Tree<'r>>,
}

impl<'r> TreeCache<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Self {
        TreeCache {
            repo,
            previous: HashMap::new(),
            current: HashMap::new(),
        }
    }

    pub(crate) fn get(&mut self, id: Oid) -> Result<Tree<'r>, git2::Error> {
        if let Some(tree) = self.current.get(&id) {
            return Ok(tree.clone());
        }
        let tree = match self.previous.remove(&id) {
            Some(tree) => tree,
            None => {
                // Parsed in full by libgit2: its size is checked first, as a blob's is.
                let (size, _) = self.repo.odb()?.read_header(id)?;
                if size > MAX_TREE_OBJECT_BYTES {
                    return Err(tree_too_large());
                }
                self.repo.find_tree(id)?
            }
        };
        self.current.insert(id, tree.clone());
        Ok(tree)
    }

    /// Forgets the folders of the commit before: the next comparison may use this one's.
    pub(crate) fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

/// Where the walk is in one pair of folders.
struct Frame<'r> {
    old: Option<Tree<'r>>,
    new: Option<Tree<'r>>,
    /// The next entry of each side.
    i: usize,
    j: usize,
    /// The length of the path prefix before this folder's name.
    mark: usize,
}

/// The parts of an entry the walk keeps once it moves on.
#[derive(Clone, Copy)]
struct Side {
    id: Oid,
    mode: i32,
    kind: Option<ObjectType>,
}

/// What the walk does next in a pair of folders.
enum Next {
    /// Both sides are done.
    Done,
    /// The next entry is the same on both sides, or hidden: skip it on the sides it is on.
    Skip(bool, bool),
    /// The next entry differs (or is on one side only): its sides, and whether its name is
    /// UTF-8 (the name is on the path prefix).
    Changed(Option<Side>, Option<Side>, bool),
}

impl Side {
    fn is_folder(&self) -> bool {
        self.kind == Some(ObjectType::Tree)
    }

    fn entry_kind(&self, name_is_utf8: bool) -> EntryKind {
        match self.kind {
            _ if !name_is_utf8 => EntryKind::BadName,
            Some(ObjectType::Blob) if self.mode == SYMLINK_MODE => EntryKind::Link,
            Some(ObjectType::Blob) => EntryKind::File,
            Some(ObjectType::Commit) => EntryKind::Submodule,
            _ => EntryKind::Other,
        }
    }
}

/// The entry of `tree` at `index`, with its kind.
fn entry_at<'t>(
    tree: Option<&'t Tree<'_>>,
    index: usize,
) -> Option<(TreeEntry<'t>, Option<ObjectType>)> {
    let entry = tree?.get(index)?;
    let kind = entry.kind();
    Some((entry, kind))
}

/// git's order of tree entries: by name, a folder's name sorting as if it ended with `/`.
fn git_order(a: &[u8], a_folder: bool, b: &[u8], b_folder: bool) -> Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |name: &[u8], folder: bool| name.get(n).copied().or(folder.then_some(b'/'));
        next(a, a_folder).cmp(&next(b, b_folder))
    })
}

/// Appends to `out` every entry that differs between `old` and `new`, in git's order (a
/// folder's entries where the folder is), paths relative to the two trees.
pub(crate) fn compare<'r>(
    cache: &mut TreeCache<'r>,
    old: Option<Tree<'r>>,
    new: Option<Tree<'r>>,
    budget: &mut Budget,
    out: &mut Vec<TreeChange>,
) -> Result<(), WalkError> {
    let mut prefix = String::new();
    let mut stack = vec![Frame {
        old,
        new,
        i: 0,
        j: 0,
        mark: 0,
    }];
    while let Some(frame) = stack.last_mut() {
        // The next entry of each side, in git's order; its name goes onto `prefix`.
        let mark = prefix.len();
        let next = {
            let a = entry_at(frame.old.as_ref(), frame.i);
            let b = entry_at(frame.new.as_ref(), frame.j);
            let step = match (&a, &b) {
                (Some((a, a_kind)), Some((b, b_kind))) => git_order(
                    a.name_bytes(),
                    *a_kind == Some(ObjectType::Tree),
                    b.name_bytes(),
                    *b_kind == Some(ObjectType::Tree),
                ),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            };
            let a = a.filter(|_| step != Ordering::Greater);
            let b = b.filter(|_| step != Ordering::Less);
            match (&a, &b) {
                (None, None) => Next::Done,
                // Unchanged (most entries): nothing more is read of them. (Only the same
                // bytes as a file's content and as a link's target share an id with different
                // modes.)
                (Some((a, _)), Some((b, _))) if a.id() == b.id() => Next::Skip(true, true),
                _ => {
                    let (named, _) = a.as_ref().or(b.as_ref()).expect("one side");
                    let name = named.name_bytes();
                    // Hidden entries are not part of the tree (on either side).
                    if is_hidden(name) {
                        Next::Skip(a.is_some(), b.is_some())
                    } else {
                        let name_is_utf8 = match utf8_name(name) {
                            Ok(name) => {
                                prefix.push_str(name);
                                true
                            }
                            Err(escaped) => {
                                prefix.push_str(&escaped);
                                false
                            }
                        };
                        let side = |(entry, kind): &(TreeEntry<'_>, Option<ObjectType>)| Side {
                            id: entry.id(),
                            mode: entry.filemode(),
                            kind: *kind,
                        };
                        Next::Changed(a.as_ref().map(side), b.as_ref().map(side), name_is_utf8)
                    }
                }
            }
        };
        let (a, b, name_is_utf8) = match next {
            Next::Done => {
                prefix.truncate(frame.mark);
                stack.pop();
                continue;
            }
            Next::Skip(a, b) => {
                frame.i += usize::from(a);
                frame.j += usize::from(b);
                continue;
            }
            Next::Changed(a, b, name_is_utf8) => (a, b, name_is_utf8),
        };
        frame.i += usize::from(a.is_some());
        frame.j += usize::from(b.is_some());
        budget.take(prefix.len())?;
        let is_folder = |side: &Option<Side>| side.is_some_and(|s| s.is_folder());
        if name_is_utf8 && (is_folder(&a) || is_folder(&b)) {
            prefix.push('/');
            let mut open = |side: Option<Side>| {
                side.map(|s| cache.get(s.id))
                    .transpose()
                    .map_err(|error| WalkError::Object {
                        folder: prefix.clone(),
                        error,
                    })
            };
            let (old, new) = (open(a)?, open(b)?);
            stack.push(Frame {
                old,
                new,
                i: 0,
                j: 0,
                mark,
            });
            continue;
        }
        let file = |side: Side| TreeFile {
            path: prefix.clone(),
            id: side.id,
            kind: side.entry_kind(name_is_utf8),
        };
        out.push(TreeChange {
            status: match (&a, &b) {
                (None, _) => ChangeStatus::Added,
                (_, None) => ChangeStatus::Deleted,
                _ => ChangeStatus::Modified,
            },
            old: a.map(file),
            new: b.map(file),
        });
        prefix.truncate(mark);
    }
    Ok(())
}

/// A git tree as [`crate::source::entry::resolve_link`] sees it.
pub(crate) struct GitFolders<'a, 'r> {
    pub(crate) repo: &'r Repository,
    pub(crate) root: Tree<'r>,
    pub(crate) cache: &'a mut TreeCache<'r>,
}

impl<'r> Folders for GitFolders<'_, 'r> {
    type Folder = Tree<'r>;
    type File = Oid;
    type Error = git2::Error;

    fn root(&mut self) -> Result<Tree<'r>, git2::Error> {
        Ok(self.root.clone())
    }

    fn lookup(
        &mut self,
        folder: &Tree<'r>,
        name: &str,
    ) -> Result<Node<Tree<'r>, Oid>, git2::Error> {
        // libgit2 takes names as C strings: a NUL cannot be part of one.
        if name.contains('\0') {
            return Ok(Node::Missing);
        }
        let Some(entry) = folder.get_name(name) else {
            return Ok(Node::Missing);
        };
        Ok(match entry.kind() {
            Some(ObjectType::Tree) => Node::Folder(self.cache.get(entry.id())?),
            Some(ObjectType::Commit) => Node::Submodule,
            Some(ObjectType::Blob) if entry.filemode() == SYMLINK_MODE => {
                let (size, _) = self.repo.odb()?.read_header(entry.id())?;
                if size > MAX_LINK_TARGET_BYTES {
                    Node::LongLink
                } else {
                    Node::Link(self.repo.find_blob(entry.id())?.content().to_vec())
                }
            }
            Some(ObjectType::Blob) => Node::File(entry.id()),
            _ => Node::Missing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_sort_as_if_they_ended_with_a_slash() {
        assert_eq!(git_order(b"a", true, b"a.toml", false), Ordering::Greater);
        assert_eq!(git_order(b"a", false, b"a.toml", false), Ordering::Less);
        assert_eq!(git_order(b"a", true, b"a", false), Ordering::Greater);
        assert_eq!(git_order(b"b", false, b"a", true), Ordering::Greater);
    }
}
