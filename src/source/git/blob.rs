//! The one reader of git blobs: a blob's size is read from its object header and checked
//! against the limit before anything is inflated (git compresses a file of zeros about 1000
//! times, so a small pack can hold a blob of gigabytes).

use std::path::Path;

use git2::{Oid, Repository};
use rayon::prelude::*;

use crate::source::{FileProblem, decode};

/// What reading one blob gives: its text or a problem with the file (a finding), or a git
/// error (the object is missing or corrupt: the repository is damaged, which is no fault of
/// the file's, and becomes an [`crate::error::Error`]).
pub(crate) type BlobRead = Result<Result<String, FileProblem>, git2::Error>;

/// Below this many blobs, reading them on one thread is as fast as opening more handles.
const PARALLEL_READ_MIN: usize = 64;

/// Reads one blob as text, unless it is larger than `limit` bytes.
pub(crate) fn read_blob(repo: &Repository, odb: &git2::Odb<'_>, oid: Oid, limit: u64) -> BlobRead {
    let (size, _) = odb.read_header(oid)?;
    if size as u64 > limit {
        return Ok(Err(FileProblem::TooLarge {
            size: size as u64,
            limit,
        }));
    }
    let blob = repo.find_blob(oid)?;
    Ok(decode(blob.content().to_vec()))
}

/// Reads blobs on rayon's threads, each chunk through its own handle on the repository at
/// `git_dir` (a `Repository` is not `Sync`). A `None` is a blob left for the caller to read
/// (too few blobs to be worth it, or the repository could not be opened again).
pub(crate) fn read_in_parallel(
    git_dir: &Path,
    wanted: &[Oid],
    limit: u64,
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
                .map(|oid| Some(read_blob(&repo, &odb, *oid, limit)))
                .collect()
        })
        .collect::<Vec<Vec<_>>>()
        .into_iter()
        .flatten()
        .collect()
}
