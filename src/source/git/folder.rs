//! A folder of a commit (a git tree object) as the walker reads it: the object's bytes, read
//! through the size check, split into entries once. libgit2 parses trees too, but with a
//! general-purpose number parser for each entry's mode, a `strlen` for each name and a lock
//! for each entry looked at: with a folder of thousands of tools read at each of thousands of
//! commits, that was about a fifth of `steward changelog`'s CPU (docs/performance.md). The
//! format is git's: entries of `<octal mode> <name>\0<20-byte id>`, in git's order.

use std::cmp::Ordering;
use std::ops::Range;

use git2::{ErrorClass, ErrorCode, ObjectType, Oid, Repository};

use crate::source::limits::MAX_TREE_OBJECT_BYTES;

/// git's mode for symbolic links.
pub(crate) const SYMLINK_MODE: i32 = 0o120000;

const TYPE_BITS: u32 = 0o170000;
const FOLDER_TYPE: u32 = 0o040000;
const GITLINK_TYPE: u32 = 0o160000;

/// The bytes of an object id in a tree (SHA-1: libgit2 here reads no other kind).
const ID_BYTES: usize = 20;

pub(crate) const TREE_TOO_LARGE: &str = "the folder's git tree object is over 64 MiB";

/// A parsed tree object.
#[derive(Debug)]
pub(crate) struct Folder {
    id: Oid,
    data: Vec<u8>,
    entries: Vec<Entry>,
}

/// One entry of a [`Folder`]: where its name is in the object (its id's 20 bytes follow the
/// NUL after it), and its mode as written. Ids stay bytes until one is asked for: most
/// entries are only compared with the same entry of the commit before.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    name: (u32, u32),
    mode: u32,
}

impl Entry {
    /// What the entry is, as libgit2 tells it from the mode: a submodule's commit, a folder,
    /// or else a blob.
    pub(crate) fn kind(&self) -> ObjectType {
        match self.mode & TYPE_BITS {
            GITLINK_TYPE => ObjectType::Commit,
            FOLDER_TYPE => ObjectType::Tree,
            _ => ObjectType::Blob,
        }
    }

    pub(crate) fn is_folder(&self) -> bool {
        self.mode & TYPE_BITS == FOLDER_TYPE
    }

    /// The mode as libgit2's `git_tree_entry_filemode` gives it (normalized to one of git's
    /// six): a symbolic link is exactly [`SYMLINK_MODE`].
    pub(crate) fn filemode(&self) -> i32 {
        let mode = self.mode;
        if mode & TYPE_BITS == FOLDER_TYPE {
            0o040000
        } else if mode & 0o111 != 0 {
            0o100755
        } else if mode & TYPE_BITS == GITLINK_TYPE {
            0o160000
        } else if mode & TYPE_BITS == 0o120000 {
            0o120000
        } else {
            0o100644
        }
    }
}

impl Folder {
    /// Reads the tree object `id`: its size is checked before it is inflated, and an object
    /// that is not a tree is an error, as libgit2's `find_tree` makes it.
    pub(crate) fn read(repo: &Repository, id: Oid) -> Result<Folder, git2::Error> {
        let odb = repo.odb()?;
        let (size, kind) = odb.read_header(id)?;
        if size > MAX_TREE_OBJECT_BYTES {
            return Err(too_large());
        }
        if kind != ObjectType::Tree {
            return Err(git2::Error::new(
                ErrorCode::NotFound,
                ErrorClass::Object,
                "the requested type does not match the type in the ODB",
            ));
        }
        let object = odb.read(id)?;
        Folder::parse(id, object.data().to_vec())
    }

    /// Splits a tree object into its entries; a malformed one is an error (a damaged
    /// repository), never a panic.
    fn parse(id: Oid, data: Vec<u8>) -> Result<Folder, git2::Error> {
        // Entries keep u32 offsets: whatever size the object's header claimed, the data
        // itself is held to the limit.
        if data.len() > MAX_TREE_OBJECT_BYTES {
            return Err(too_large());
        }
        // An entry takes at least 28 bytes (a mode of 5 digits, a name of one).
        let mut entries = Vec::with_capacity(data.len() / 28);
        let mut at = 0;
        while at < data.len() {
            let (entry, next) = parse_entry(&data, at)?;
            entries.push(entry);
            at = next;
        }
        Ok(Folder { id, data, entries })
    }

    pub(crate) fn id(&self) -> Oid {
        self.id
    }

    /// The entry at `index`, in the object's order.
    pub(crate) fn get(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    pub(crate) fn name(&self, entry: &Entry) -> &[u8] {
        &self.data[range(entry.name)]
    }

    /// The 20 bytes of an entry's id.
    pub(crate) fn id_bytes(&self, entry: &Entry) -> &[u8] {
        let start = entry.name.1 as usize + 1;
        &self.data[start..start + ID_BYTES]
    }

    pub(crate) fn entry_id(&self, entry: &Entry) -> Oid {
        // Cannot fail: the parse checked there are 20 bytes, which is all from_bytes checks.
        Oid::from_bytes(self.id_bytes(entry)).unwrap_or(Oid::ZERO_SHA1)
    }

    /// The entry named `name` (a file or a folder), found by binary search in git's order.
    pub(crate) fn get_name(&self, name: &[u8]) -> Option<&Entry> {
        [false, true].into_iter().find_map(|folder| {
            let found = self.entries.binary_search_by(|entry| {
                git_order(self.name(entry), entry.is_folder(), name, folder)
            });
            found.ok().map(|index| &self.entries[index])
        })
    }
}

fn range((start, end): (u32, u32)) -> Range<usize> {
    start as usize..end as usize
}

/// The entry that starts at byte `at`, and where the next one starts.
fn parse_entry(data: &[u8], at: usize) -> Result<(Entry, usize), git2::Error> {
    let mut mode: u32 = 0;
    let mut digits = 0;
    for &byte in &data[at..] {
        match byte {
            b'0'..=b'7' => mode = mode * 8 + u32::from(byte - b'0'),
            b' ' if digits > 0 => break,
            b' ' => return Err(malformed("can't parse filemode")),
            b'8' | b'9' => return Err(malformed("can't parse filemode")),
            _ => return Err(malformed("missing space after filemode")),
        }
        digits += 1;
        if mode > u32::from(u16::MAX) {
            return Err(malformed("can't parse filemode"));
        }
    }
    let name_start = at + digits + 1;
    let Some(name_len) = data
        .get(name_start..)
        .and_then(|rest| memchr::memchr(0, rest))
    else {
        return Err(malformed("object is corrupted"));
    };
    if name_len == 0 || name_len > usize::from(u16::MAX) {
        return Err(malformed("can't parse filename"));
    }
    let id_start = name_start + name_len + 1;
    if data.len() < id_start + ID_BYTES {
        return Err(malformed("can't parse OID"));
    }
    // Folder::parse holds the object to MAX_TREE_OBJECT_BYTES (64 MiB): offsets fit in u32.
    let name = (name_start as u32, (name_start + name_len) as u32);
    Ok((Entry { name, mode }, id_start + ID_BYTES))
}

fn malformed(what: &str) -> git2::Error {
    git2::Error::new(
        ErrorCode::GenericError,
        ErrorClass::Tree,
        format!("failed to parse tree: {what}"),
    )
}

/// The error of a folder over [`MAX_TREE_OBJECT_BYTES`], which [`super::object_error`] turns
/// into [`crate::error::Error::TreeTooLarge`].
pub(crate) fn too_large() -> git2::Error {
    git2::Error::new(ErrorCode::GenericError, ErrorClass::Tree, TREE_TOO_LARGE)
}

/// git's order of tree entries: by name, a folder's name sorting as if it ended with `/`.
pub(crate) fn git_order(a: &[u8], a_folder: bool, b: &[u8], b_folder: bool) -> Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |name: &[u8], folder: bool| name.get(n).copied().or(folder.then_some(b'/'));
        next(a, a_folder).cmp(&next(b, b_folder))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(entries: &[(&str, &str, u8)]) -> Vec<u8> {
        let mut data = Vec::new();
        for (mode, name, id) in entries {
            data.extend_from_slice(mode.as_bytes());
            data.push(b' ');
            data.extend_from_slice(name.as_bytes());
            data.push(0);
            data.extend_from_slice(&[*id; ID_BYTES]);
        }
        data
    }

    #[test]
    fn folders_sort_as_if_they_ended_with_a_slash() {
        assert_eq!(git_order(b"a", true, b"a.toml", false), Ordering::Greater);
        assert_eq!(git_order(b"a", false, b"a.toml", false), Ordering::Less);
        assert_eq!(git_order(b"a", true, b"a", false), Ordering::Greater);
        assert_eq!(git_order(b"b", false, b"a", true), Ordering::Greater);
    }

    #[test]
    fn reads_entries_their_kinds_and_modes() {
        let data = object(&[
            ("100644", "a.toml", 1),
            ("100755", "b.sh", 2),
            ("120000", "link", 3),
            ("160000", "sub", 4),
            ("40000", "tools", 5),
        ]);
        let folder = Folder::parse(Oid::ZERO_SHA1, data).unwrap();
        let kinds: Vec<_> = (0..5)
            .map(|i| {
                let entry = folder.get(i).unwrap();
                (
                    String::from_utf8_lossy(folder.name(entry)).into_owned(),
                    entry.kind(),
                    entry.filemode(),
                    folder.entry_id(entry).as_bytes()[0],
                )
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("a.toml".into(), ObjectType::Blob, 0o100644, 1),
                ("b.sh".into(), ObjectType::Blob, 0o100755, 2),
                ("link".into(), ObjectType::Blob, SYMLINK_MODE, 3),
                ("sub".into(), ObjectType::Commit, 0o160000, 4),
                ("tools".into(), ObjectType::Tree, 0o040000, 5),
            ]
        );
        assert!(folder.get(5).is_none());
        let id_of = |name: &[u8]| folder.entry_id(folder.get_name(name).unwrap()).as_bytes()[0];
        assert_eq!(id_of(b"tools"), 5);
        assert_eq!(id_of(b"link"), 3);
        assert!(folder.get_name(b"tool").is_none());
    }

    #[test]
    fn a_malformed_tree_is_an_error_not_a_panic() {
        let good = object(&[("100644", "a.toml", 1)]);
        let cases: Vec<Vec<u8>> = vec![
            b"100644".to_vec(),
            b" a\0".to_vec(),
            b"1006448 a\0".to_vec(),
            b"100644a\0".to_vec(),
            b"100644 a".to_vec(),
            b"100644 \0aaaaaaaaaaaaaaaaaaaa".to_vec(),
            b"100644 a\0short".to_vec(),
            b"7777777 a\0aaaaaaaaaaaaaaaaaaaa".to_vec(),
            good[..good.len() - 1].to_vec(),
            [good.clone(), b"1".to_vec()].concat(),
        ];
        for data in cases {
            let error = Folder::parse(Oid::ZERO_SHA1, data.clone()).unwrap_err();
            assert_eq!(error.class(), ErrorClass::Tree, "{data:?}");
            assert!(
                error.message().starts_with("failed to parse tree"),
                "{data:?}"
            );
        }
        assert!(
            Folder::parse(Oid::ZERO_SHA1, Vec::new())
                .unwrap()
                .get(0)
                .is_none()
        );
    }
}
