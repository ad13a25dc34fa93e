//! Writing files the user asked for, and nothing else: never through a symbolic link (a pull
//! request can commit `steward.sarif -> ~/.bashrc` or `policies/tools -> /etc`), never half a
//! file (each is written to a temporary file beside it, then renamed into place), and, where a
//! command promises it, never over an existing file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existing {
    /// `init`, `new`: an existing file is an error (checked again at the rename, so a file
    /// that appears meanwhile is not overwritten either).
    Keep,
    /// `--output`, `schema export --force`.
    Replace,
}

/// Writes `bytes` to `path`.
///
/// `within` is the folder the file must stay in (the policy tree for `new`, the target folder
/// for `init` and `schema export`): the folders between it and the file may be links only to
/// places inside it. Without `within`, a relative path is held to the current folder the same
/// way, and an absolute one is the user's own choice. The file itself is never a link.
pub(crate) fn write_file(
    path: &Path,
    bytes: &[u8],
    existing: Existing,
    within: Option<&Path>,
) -> Result<(), Error> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let base = match within {
        Some(base) => Some(base.to_path_buf()),
        None if path.is_relative() => Some(PathBuf::from(".")),
        None => None,
    };
    if let Some(base) = &base {
        stays_inside(&parent, base, path)?;
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refuse(
                path,
                "is a symbolic link; steward never writes through links (one committed in a pull request could point anywhere). Remove the link, or write to another file",
            ));
        }
        Ok(_) if existing == Existing::Keep => {
            return Err(refuse(
                path,
                "already exists, and steward does not overwrite it",
            ));
        }
        Ok(meta) if meta.is_dir() => {
            return Err(refuse(path, "is a folder; name a file to write"));
        }
        Ok(meta) if !meta.is_file() => {
            // `--output /dev/null`: a device the user named is written as it is (git cannot
            // commit one). Pipes and sockets are refused: opening one can block.
            return if is_char_device(&meta) {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .and_then(|mut f| f.write_all(bytes))
                    .map_err(|e| failed(path, &e))
            } else {
                Err(refuse(
                    path,
                    "is not a regular file (a pipe or socket), so steward does not write to it",
                ))
            };
        }
        _ => {}
    }
    std::fs::create_dir_all(&parent).map_err(|e| failed(&parent, &e))?;
    let mut temp = temp_file(&parent).map_err(|e| failed(path, &e))?;
    temp.write_all(bytes)
        .and_then(|()| temp.flush())
        .map_err(|e| failed(path, &e))?;
    let persisted = match existing {
        Existing::Keep => temp.persist_noclobber(path),
        Existing::Replace => temp.persist(path),
    };
    persisted.map(drop).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            refuse(path, "already exists, and steward does not overwrite it")
        } else {
            failed(path, &e.error)
        }
    })
}

/// Creates a new file in a folder steward has just created, failing if anything is already
/// at `path` (`O_CREAT | O_EXCL`: a link there is never followed). Only for folders whose
/// every level steward made in this run, where no link can stand in the way.
pub(crate) fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                refuse(path, "already exists, and steward does not overwrite it")
            } else {
                failed(path, &e)
            }
        })
}

/// Removes a file steward wrote earlier (a page of an earlier `steward site`), when it is
/// still a regular file inside `within`: never a link, a folder, or anything reached through
/// a link. A file that is already gone is fine.
pub(crate) fn remove_file(path: &Path, within: &Path) -> Result<(), Error> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {
            stays_inside(&parent, within, path)?;
            std::fs::remove_file(path).map_err(|e| failed(path, &e))
        }
        _ => Ok(()),
    }
}

/// Refuses when a folder on the way to the file leads, through a link, outside `base`. Only
/// folders that exist are checked; the ones `create_dir_all` makes afterwards are new.
fn stays_inside(parent: &Path, base: &Path, path: &Path) -> Result<(), Error> {
    let Ok(real_base) = base.canonicalize() else {
        // The base does not exist yet (`init NEW-FOLDER`): everything under it will be new.
        return Ok(());
    };
    let existing = parent.ancestors().find(|p| {
        std::fs::symlink_metadata(if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        })
        .is_ok()
    });
    let Some(existing) = existing else {
        return Ok(());
    };
    let existing = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    match existing.canonicalize() {
        Ok(real) if real.starts_with(&real_base) => Ok(()),
        Ok(_) => Err(refuse(
            path,
            "would be written through a symbolic link to a folder outside the folder it belongs in; steward never writes through links. Replace the link with a real folder",
        )),
        Err(e) => Err(failed(existing, &e)),
    }
}

/// A temporary file beside the target, readable as an ordinary file once renamed.
fn temp_file(folder: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".steward-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a file written with `>`: the umask still applies at creation.
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(folder)
}

#[cfg(unix)]
fn is_char_device(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_meta: &std::fs::Metadata) -> bool {
    false
}

fn refuse(path: &Path, why: &str) -> Error {
    Error::Unwritable {
        path: path.to_path_buf(),
        message: why.to_string(),
    }
}

fn failed(path: &Path, e: &std::io::Error) -> Error {
    Error::Unwritable {
        path: path.to_path_buf(),
        message: format!("could not be written: {e}"),
    }
}
