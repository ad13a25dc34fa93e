//! The one walker of git trees. It compares two trees (either may be absent) side by side,
//! in git's order, skipping every folder whose object id did not change, and lists each entry
//! that differs; listing one tree is comparing it with nothing. It keeps its place in an
//! explicit stack, never by recursion, so a path thousands of folders deep cannot exhaust the
//! stack, and it stops when a [`Budget`] runs out. Entries follow the rules of
//! [`crate::source::entry`]: hidden ones are skipped, names that are not UTF-8 and submodules
//! are listed as such and never entered.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::rc::Rc;

use git2::{ObjectType, Oid, Repository};

use super::folder::{Entry, Folder, SYMLINK_MODE, git_order};
use crate::source::entry::{
    Budget, Folders, MAX_LINK_TARGET_BYTES, Node, TooManyEntries, is_hidden, utf8_name,
};

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

/// The folders (trees) read for the commit being compared and for the one before it, by id.
///
/// A commit's parent is the next commit of the changelog's walk, so the folders of one
/// comparison's old side are the next comparison's new side: kept, a large folder (thousands
/// of entries, read through zlib and parsed) is read once instead of twice.
pub(crate) struct TreeCache<'r> {
    repo: &'r Repository,
    previous: HashMap<Oid, Rc<Folder>>,
    current: HashMap<Oid, Rc<Folder>>,
}

impl<'r> TreeCache<'r> {
    pub(crate) fn new(repo: &'r Repository) -> Self {
        TreeCache {
            repo,
            previous: HashMap::new(),
            current: HashMap::new(),
        }
    }

    pub(crate) fn get(&mut self, id: Oid) -> Result<Rc<Folder>, git2::Error> {
        if let Some(folder) = self.current.get(&id) {
            return Ok(Rc::clone(folder));
        }
        let folder = match self.previous.remove(&id) {
            Some(folder) => folder,
            None => Rc::new(Folder::read(self.repo, id)?),
        };
        self.current.insert(id, Rc::clone(&folder));
        Ok(folder)
    }

    /// Forgets the folders of the commit before: the next comparison may use this one's.
    pub(crate) fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }
}

/// Where the walk is in one pair of folders.
struct Frame {
    old: Option<Rc<Folder>>,
    new: Option<Rc<Folder>>,
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
    kind: ObjectType,
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
        self.kind == ObjectType::Tree
    }

    fn entry_kind(&self, name_is_utf8: bool) -> EntryKind {
        match self.kind {
            _ if !name_is_utf8 => EntryKind::BadName,
            ObjectType::Blob if self.mode == SYMLINK_MODE => EntryKind::Link,
            ObjectType::Blob => EntryKind::File,
            ObjectType::Commit => EntryKind::Submodule,
            _ => EntryKind::Other,
        }
    }
}

/// An entry of a folder, with the folder that holds its name and id.
#[derive(Clone, Copy)]
struct At<'f> {
    folder: &'f Folder,
    entry: &'f Entry,
}

impl<'f> At<'f> {
    fn name(&self) -> &'f [u8] {
        self.folder.name(self.entry)
    }

    fn id_bytes(&self) -> &'f [u8] {
        self.folder.id_bytes(self.entry)
    }

    fn side(&self) -> Side {
        Side {
            id: self.folder.entry_id(self.entry),
            mode: self.entry.filemode(),
            kind: self.entry.kind(),
        }
    }
}

/// The entry of `folder` at `index`.
fn entry_at(folder: Option<&Folder>, index: usize) -> Option<At<'_>> {
    let folder = folder?;
    let entry = folder.get(index)?;
    Some(At { folder, entry })
}

/// Appends to `out` every entry that differs between `old` and `new`, in git's order (a
/// folder's entries where the folder is), paths relative to the two trees.
pub(crate) fn compare(
    cache: &mut TreeCache<'_>,
    old: Option<Rc<Folder>>,
    new: Option<Rc<Folder>>,
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
            let a = entry_at(frame.old.as_deref(), frame.i);
            let b = entry_at(frame.new.as_deref(), frame.j);
            let step = match (&a, &b) {
                (Some(a), Some(b)) => {
                    git_order(a.name(), a.entry.is_folder(), b.name(), b.entry.is_folder())
                }
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
                (Some(a), Some(b)) if a.id_bytes() == b.id_bytes() => Next::Skip(true, true),
                _ => {
                    let name = a.or(b).expect("one side").name();
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
                        Next::Changed(a.map(|a| a.side()), b.map(|b| b.side()), name_is_utf8)
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
    pub(crate) root: Rc<Folder>,
    pub(crate) cache: &'a mut TreeCache<'r>,
}

impl Folders for GitFolders<'_, '_> {
    type Folder = Rc<Folder>;
    type File = Oid;
    type Error = git2::Error;

    fn root(&mut self) -> Result<Rc<Folder>, git2::Error> {
        Ok(Rc::clone(&self.root))
    }

    fn lookup(
        &mut self,
        folder: &Rc<Folder>,
        name: &str,
    ) -> Result<Node<Rc<Folder>, Oid>, git2::Error> {
        let Some(entry) = folder.get_name(name.as_bytes()) else {
            return Ok(Node::Missing);
        };
        Ok(match entry.kind() {
            ObjectType::Tree => Node::Folder(self.cache.get(folder.entry_id(entry))?),
            ObjectType::Commit => Node::Submodule,
            ObjectType::Blob if entry.filemode() == SYMLINK_MODE => {
                let id = folder.entry_id(entry);
                let (size, _) = self.repo.odb()?.read_header(id)?;
                if size > MAX_LINK_TARGET_BYTES {
                    Node::LongLink
                } else {
                    Node::Link(self.repo.find_blob(id)?.content().to_vec())
                }
            }
            ObjectType::Blob => Node::File(folder.entry_id(entry)),
            _ => Node::Missing,
        })
    }
}
