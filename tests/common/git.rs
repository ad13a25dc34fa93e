//! Real git repositories in temporary folders, built with the git command line, for the tests
//! of `steward diff`, `lint --rev`, `changelog` and `review`.
//!
//! Every git command runs with the same author and committer and a date that does not depend
//! on the clock or on the machine's git configuration: commits are one day apart from
//! 2026-01-01 (see [`GitRepo::date`]), so a history and its changelog are the same on every run.

#![allow(dead_code)] // each test binary uses a different subset of these helpers

use std::cell::Cell;
use std::fs;
use std::path::Path;
use std::process::{Command as Process, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The author and committer of every commit.
pub const AUTHOR_NAME: &str = "Jane Doe";
pub const AUTHOR_EMAIL: &str = "jane@example.org";

/// One commit of a pull request: its message and the change it makes.
pub type Step<'a> = (&'a str, &'a dyn Fn(&GitRepo));

/// An entry written straight into git's object store by [`GitRepo::commit_objects`], for
/// trees no file system can hold: paths thousands of folders deep, names that are not UTF-8,
/// gitlinks, a folder repeated inside itself.
pub enum Object<'a> {
    /// A regular file with these bytes.
    File(&'a [u8]),
    /// A symbolic link to this target.
    Link(&'a str),
    /// A gitlink to this commit of another repository.
    Submodule(&'a str),
    /// An existing tree (from [`GitRepo::tree_object`]).
    Tree(&'a str),
    /// Nothing: the entry is removed.
    Removed,
}

/// A temporary folder that is (or, from [`GitRepo::folder`], will be) a git repository.
pub struct GitRepo {
    dir: TempDir,
    /// The day of the next commit, counted from 2026-01-01 (day 1).
    day: Cell<u32>,
    /// Appended as `--today DATE` to every steward run, when set.
    today: Option<&'static str>,
}

impl Default for GitRepo {
    fn default() -> Self {
        Self::new()
    }
}

impl GitRepo {
    /// A new repository on branch `main`, with no commits.
    pub fn new() -> GitRepo {
        let repo = GitRepo::folder();
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    /// An empty temporary folder, not a repository yet: `git(&["init", ...])` makes it one.
    pub fn folder() -> GitRepo {
        GitRepo {
            dir: tempfile::tempdir().expect("create a temporary folder"),
            day: Cell::new(1),
            today: None,
        }
    }

    /// Every later [`GitRepo::steward`] run gets `--today DATE` after its arguments.
    pub fn with_today(mut self, date: &'static str) -> GitRepo {
        self.today = Some(date);
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// The date git gives the next commit (and every other git command until then).
    pub fn date(&self) -> String {
        let day = self.day.get();
        format!(
            "2026-{:02}-{:02}T12:00:00Z",
            1 + (day - 1) / 28,
            1 + (day - 1) % 28
        )
    }

    /// Runs git in the repository's folder; panics, with git's message, if it fails.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(self.path(), args)
    }

    /// Runs git in `dir` (another repository, a clone), with this repository's date.
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git_output(dir, args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Runs git in `dir` and returns its output, whether it succeeded or not.
    pub fn git_output(&self, dir: &Path, args: &[&str]) -> Output {
        let date = self.date();
        Process::new("git")
            .args(args)
            .current_dir(dir)
            // Neither the machine's nor the user's git configuration takes part.
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", AUTHOR_NAME)
            .env("GIT_AUTHOR_EMAIL", AUTHOR_EMAIL)
            .env("GIT_COMMITTER_NAME", AUTHOR_NAME)
            .env("GIT_COMMITTER_EMAIL", AUTHOR_EMAIL)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .output()
            .expect("git runs")
    }

    /// The full sha of a revision.
    pub fn rev(&self, spec: &str) -> String {
        self.git(&["rev-parse", spec])
    }

    /// Writes a file (creating its folders), replacing any earlier content.
    pub fn write(&self, path: &str, text: &str) -> &Self {
        let full = self.path().join(path);
        fs::create_dir_all(full.parent().expect("a parent folder")).expect("create folders");
        fs::write(full, text).expect("write a file");
        self
    }

    pub fn remove(&self, path: &str) -> &Self {
        fs::remove_file(self.path().join(path)).expect("remove a file");
        self
    }

    /// Commits everything (`add -A`), even nothing, and returns the new commit's sha. The next
    /// commit is a day later.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        let sha = self.rev("HEAD");
        self.day.set(self.day.get() + 1);
        sha
    }

    /// Commits HEAD's tree with `entries` (paths as bytes) written or removed, on the current
    /// branch, without touching the working tree or the index, and returns the new commit's
    /// sha. The trees are built by libgit2, without recursion, whatever their depth.
    pub fn commit_objects(&self, message: &str, entries: &[(&[u8], Object<'_>)]) -> String {
        let repo = git2::Repository::open(self.path()).expect("open the repository");
        let base = match repo.head().ok().and_then(|h| h.peel_to_tree().ok()) {
            Some(tree) => tree,
            None => {
                let empty = repo.treebuilder(None).unwrap().write().unwrap();
                repo.find_tree(empty).unwrap()
            }
        };
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (path, object) in entries {
            let path = path.to_vec();
            let (id, mode) = match object {
                Object::File(bytes) => (repo.blob(bytes).unwrap(), git2::FileMode::Blob),
                Object::Link(target) => {
                    (repo.blob(target.as_bytes()).unwrap(), git2::FileMode::Link)
                }
                Object::Submodule(sha) => {
                    (git2::Oid::from_str(sha).unwrap(), git2::FileMode::Commit)
                }
                Object::Tree(sha) => (git2::Oid::from_str(sha).unwrap(), git2::FileMode::Tree),
                Object::Removed => {
                    update.remove(path);
                    continue;
                }
            };
            update.upsert(path, id, mode);
        }
        let tree = update
            .create_updated(&repo, &base)
            .expect("write the trees");
        let tree = tree.to_string();
        let head = self.git_output(self.path(), &["rev-parse", "--verify", "-q", "HEAD"]);
        let parent = String::from_utf8_lossy(&head.stdout).trim().to_string();
        let mut args = vec!["commit-tree", tree.as_str(), "-m", message];
        if head.status.success() {
            args.extend(["-p", parent.as_str()]);
        }
        let sha = self.git(&args);
        self.git(&["update-ref", "HEAD", &sha]);
        self.day.set(self.day.get() + 1);
        sha
    }

    /// Writes one tree (one folder) of `entries`, which may name other trees; returns its id.
    pub fn tree_object(&self, entries: &[(&[u8], Object<'_>)]) -> String {
        let repo = git2::Repository::open(self.path()).expect("open the repository");
        let mut builder = repo.treebuilder(None).unwrap();
        for (name, object) in entries {
            let (id, mode) = match object {
                Object::File(bytes) => (repo.blob(bytes).unwrap(), git2::FileMode::Blob),
                Object::Link(target) => {
                    (repo.blob(target.as_bytes()).unwrap(), git2::FileMode::Link)
                }
                Object::Submodule(sha) => {
                    (git2::Oid::from_str(sha).unwrap(), git2::FileMode::Commit)
                }
                Object::Tree(sha) => (git2::Oid::from_str(sha).unwrap(), git2::FileMode::Tree),
                Object::Removed => continue,
            };
            builder.insert(name.to_vec(), id, mode.into()).unwrap();
        }
        builder.write().unwrap().to_string()
    }

    /// A pull request: a branch with its commits, merged into `main` with a merge commit whose
    /// message is GitHub's: "Merge pull request #N from org/pr-N", a blank line, then the
    /// pull request's title (here the first commit's message).
    pub fn pull_request(&self, number: u32, commits: &[Step<'_>]) {
        let branch = format!("pr-{number}");
        self.git(&["checkout", "-q", "-b", &branch]);
        for (message, change) in commits {
            change(self);
            self.commit(message);
        }
        self.git(&["checkout", "-q", "main"]);
        self.git(&[
            "merge",
            "-q",
            "--no-ff",
            &branch,
            "-m",
            &format!("Merge pull request #{number} from org/{branch}"),
            "-m",
            commits.first().map_or("Changes", |(message, _)| message),
        ]);
        self.day.set(self.day.get() + 1);
    }

    /// How many commits all refs reach.
    pub fn commit_count(&self) -> usize {
        self.git(&["rev-list", "--all", "--count"])
            .parse()
            .expect("a count")
    }

    /// `steward ARGS` in the repository's folder: (exit code, stdout, stderr).
    pub fn steward(&self, args: &[&str]) -> (i32, String, String) {
        self.steward_in(self.path(), args)
    }

    /// `steward ARGS` in `dir` (a subfolder, a clone): (exit code, stdout, stderr).
    pub fn steward_in(&self, dir: &Path, args: &[&str]) -> (i32, String, String) {
        let mut cmd = super::steward_in(dir);
        cmd.args(args);
        if let Some(today) = self.today {
            cmd.args(["--today", today]);
        }
        let out = cmd.output().expect("run steward");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `steward ARGS`, which must exit 0 or 1, with its stdout parsed as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let (code, stdout, stderr) = self.steward(args);
        assert!(code == 0 || code == 1, "exit {code}: {stderr}");
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
    }
}

/// org.toml of the repository tests: two departments, each with its head.
pub const ORG: &str = r#"[departments.it]
name = "IT"
head = "jdoe"

[departments.comms]
name = "Communications"
head = "mmiller"

[people.jdoe]
name = "Jane Doe"
department = "it"

[people.mmiller]
name = "Mark Miller"
department = "comms"
"#;

/// A tool file with everything the rules ask for: line 4 is `status`, 6 `owner`, 7
/// `backup_owner`.
pub fn tool_file(name: &str, status: &str, owner: &str, backup: &str) -> String {
    format!(
        r#"name = "{name}"
vendor = "{name} Inc"
category = "messaging"
status = "{status}"
department = "comms"
owner = "{owner}"
backup_owner = "{backup}"
approved_on = 2025-01-10
last_reviewed = 2026-06-01

[exit_plan]
data_export = "Admin > Export > JSON archive"
export_formats = ["JSON"]
alternatives = ["Other"]
last_tested = 2026-05-01
"#
    )
}
