//! What every command needs before it can work: the project directory, its configuration, the
//! policy tree's folder, and (for revisions) the git repository.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::civil::Date;

use super::{project_dir, resolve_root};
use crate::codeowners;
use crate::config::Config;
use crate::error::Error;
use crate::layout::Layout;
use crate::lint::{Report, lint_loaded};
use crate::loader::{self, Keep, Loaded};
use crate::source::{Limits, RawFile, Repo, Revision, Source, WorkTree};

/// Which version of the tree to read.
#[derive(Debug, Clone)]
pub enum Version {
    /// The files on disk, including uncommitted and untracked changes.
    WorkTree,
    Revision(Revision),
}

impl Version {
    /// The label used in diff output: the full sha, or `worktree`.
    pub fn label(&self) -> String {
        match self {
            Version::WorkTree => "worktree".to_string(),
            Version::Revision(r) => r.sha(),
        }
    }
}

pub struct Workspace {
    pub project: PathBuf,
    pub config: Config,
    pub layout: Layout,
    pub root: PathBuf,
    pub prefix: String,
    root_flag: Option<PathBuf>,
}

impl Workspace {
    pub fn open(root_flag: Option<&Path>) -> Result<Workspace, Error> {
        let project = project_dir()?;
        let config = Config::load(&project)?;
        let layout = config.layout(&project)?;
        let (root, prefix) = resolve_root(&project, &config, root_flag)?;
        Ok(Workspace {
            project,
            config,
            layout,
            root,
            prefix,
            root_flag: root_flag.map(Path::to_path_buf),
        })
    }

    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.config.max_file_bytes,
        }
    }

    pub fn repo(&self) -> Result<Repo, Error> {
        Repo::discover(&self.project)
    }

    /// The tree's folder relative to the repository's top.
    pub fn root_in_repo(&self, repo: &Repo) -> Result<String, Error> {
        if repo.workdir().is_none() {
            // Bare repository: the folder names a path inside the commits.
            let relative = self
                .root_flag
                .clone()
                .or_else(|| self.config.root.clone())
                .unwrap_or_else(|| PathBuf::from(crate::config::DEFAULT_ROOT));
            return Ok(relative
                .to_string_lossy()
                .replace('\\', "/")
                .trim_matches('/')
                .to_string());
        }
        repo.relative_path(&self.root)
    }

    /// Reads the files of one version. A revision at which the tree's folder does not exist
    /// yet reads as empty when `missing_is_empty` (the base of a diff), else it is an error.
    pub fn files(
        &self,
        repo: Option<&Repo>,
        version: &Version,
        missing_is_empty: bool,
    ) -> Result<Vec<RawFile>, Error> {
        match version {
            Version::WorkTree => WorkTree::new(&self.root, &self.prefix).load(self.limits()),
            Version::Revision(revision) => {
                let repo = repo.ok_or_else(|| Error::Git("no repository".to_string()))?;
                let root = self.root_in_repo(repo)?;
                match repo.tree(revision, &root, &self.prefix).load(self.limits()) {
                    Err(Error::RootNotInRevision { .. }) if missing_is_empty => Ok(Vec::new()),
                    other => other,
                }
            }
        }
    }

    /// The working tree's files, for the commands that add to it (`new`, `import`); without
    /// a policy tree, the refusal that says how to set one up (exit code 2).
    pub fn worktree_files_or_refuse(&self) -> Result<Result<Vec<RawFile>, ExitCode>, Error> {
        match self.files(None, &Version::WorkTree, false) {
            Ok(files) => Ok(Ok(files)),
            Err(Error::MissingRoot { path }) => super::init::refuse(
                &format!("there is no policy tree at {}", path.display()),
                "run `steward init` to set one up, or pass --root DIR to use another folder",
            )
            .map(Err),
            Err(e) => Err(e),
        }
    }

    /// Loads and lints one version; `keep` says whether another version is loaded next.
    pub fn lint(
        &self,
        repo: Option<&Repo>,
        version: &Version,
        today: Date,
        missing_is_empty: bool,
        keep: Keep,
    ) -> Result<(Report, Loaded), Error> {
        let files = self.files(repo, version, missing_is_empty)?;
        let mut loaded = loader::load_keeping(files, &self.prefix, &self.layout, keep);
        loaded.tree.codeowners = self.committed_codeowners(version);
        Ok(lint_loaded(loaded, &self.config, today))
    }

    /// The project's `.github/CODEOWNERS` in this version, when there is one and the tree
    /// lies in the project. One that cannot be found at a revision counts as absent: a check
    /// of it must never stop the lint.
    pub fn committed_codeowners(&self, version: &Version) -> Option<codeowners::Committed> {
        if !codeowners::tree_in_project(&self.prefix) {
            return None;
        }
        match version {
            Version::WorkTree => {
                codeowners::read_committed(&self.project, self.config.max_file_bytes)
            }
            Version::Revision(revision) => {
                // A repository of its own: the one that reads the tree keeps the tree's
                // blobs for the next revision, which reading .github/ would replace.
                let repo = Repo::discover(&self.project).ok()?;
                let folder = match repo.workdir() {
                    Some(_) => repo.relative_path(&self.project.join(".github")).ok()?,
                    None => ".github".to_string(),
                };
                let files = repo
                    .tree(revision, &folder, ".github/")
                    .load(self.limits())
                    .ok()?;
                codeowners::committed_in(files)
            }
        }
    }
}

/// Parses a diff's revision arguments: none (HEAD against the working tree), one (`BASE`
/// against the working tree, or `A..B`, or `A...B` from the merge base), or two.
pub fn parse_range(repo: &Repo, args: &[String]) -> Result<(Revision, Version), Error> {
    match args {
        [] => Ok((repo.resolve("HEAD")?, Version::WorkTree)),
        [one] => {
            if let Some((a, b)) = one.split_once("...") {
                let a = repo.resolve(or_head(a))?;
                let b = repo.resolve(or_head(b))?;
                let base = repo.merge_base(&a, &b)?;
                Ok((base, Version::Revision(b)))
            } else if let Some((a, b)) = one.split_once("..") {
                Ok((
                    repo.resolve(or_head(a))?,
                    Version::Revision(repo.resolve(or_head(b))?),
                ))
            } else {
                Ok((repo.resolve(one)?, Version::WorkTree))
            }
        }
        [base, head] => Ok((repo.resolve(base)?, Version::Revision(repo.resolve(head)?))),
        _ => Err(Error::Usage(
            "diff takes at most two revisions: BASE and HEAD".to_string(),
        )),
    }
}

fn or_head(spec: &str) -> &str {
    if spec.is_empty() { "HEAD" } else { spec }
}

/// How people know a version of the tree: "main as of 20 March 2026", "your working copy".
/// Commit hashes are for the technical details; `branch` names the base's branch when the
/// caller knows it (the action does).
pub fn version_name(repo: &Repo, version: &Version, branch: Option<&str>) -> String {
    let Version::Revision(revision) = version else {
        return "your working copy (with changes not yet committed)".to_string();
    };
    let date = repo
        .commit_info(revision.commit)
        .ok()
        .and_then(|info| info.date.parse::<jiff::civil::Date>().ok())
        .map(crate::words::long_date);
    let branches = repo.branches_at(revision.commit);
    let spec = revision.spec.trim_start_matches("origin/");
    let name = branch
        .map(str::to_string)
        .or_else(|| branches.iter().find(|b| *b == spec).cloned())
        .or_else(|| branches.first().cloned());
    match (name, date) {
        (Some(name), Some(date)) => format!("{name} as of {date}"),
        (Some(name), None) => name,
        (None, Some(date)) => format!("the version of {date}"),
        (None, None) => "an earlier version".to_string(),
    }
}
