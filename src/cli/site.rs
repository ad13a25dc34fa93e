//! `steward site`: loads a version of the tree and its history, builds the site
//! ([`crate::site`]) and writes it into a folder.
//!
//! The folder: steward writes into an empty (or new) folder, or into one that holds a site it
//! wrote before (it has `.steward-site`, listing the files written then: those the new site
//! no longer has are removed, nothing else). Any other folder is refused unless `--force`,
//! which writes the site's files into it and removes nothing. Files are written through
//! [`super::files`]: never through a symbolic link, never half a file. A relative `--out`
//! must stay inside the current folder even through links (a pull request can commit
//! `site -> ~/.ssh`).

use std::collections::HashSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use rayon::prelude::*;

use super::files::{self, Existing};
use super::today;
use super::workspace::{Version, Workspace};
use crate::error::Error;
use crate::history::changelog::{GroupBy, Options as HistoryOptions, changelog};
use crate::loader::Keep;
use crate::site::{self, Input, MARKER, MARKER_HEADER, Options, SiteFile};

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The folder to write the site into (created if missing).
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,
    /// Build the site of this revision instead of the working tree (its history up to it).
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// The title on every page (default: the organization's name and "technology handbook").
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Where the site will be published (https://ORG.github.io/REPO/): gives the calendar's
    /// subscription address.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// The repository's web address (https://github.com/ORG/REPO): every tool, policy and
    /// budget page links to GitHub's web editor for its file, and changes link to their pull
    /// requests and commits.
    #[arg(long, value_name = "URL")]
    repo_url: Option<String>,
    /// The branch GitHub's web editor proposes changes to.
    #[arg(long, value_name = "NAME", default_value = "main")]
    branch: String,
    /// Show what changed after this day on the overview, as YYYY-MM-DD (default: the latest
    /// review of any tool or policy).
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: Option<String>,
    /// The date the site is made on (default: today), as YYYY-MM-DD: what is overdue, due
    /// soon or passed is counted from it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Write into a folder that is not empty and holds no earlier site (nothing is removed).
    #[arg(long)]
    force: bool,
}

pub fn run(args: SiteArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let since = args
        .since
        .as_deref()
        .map(|text| {
            text.parse().map_err(|_| {
                Error::Usage(format!(
                    "--since must be a date like 2026-03-31; got \"{text}\""
                ))
            })
        })
        .transpose()?;
    for (flag, value) in [
        ("--base-url", &args.base_url),
        ("--repo-url", &args.repo_url),
    ] {
        if let Some(url) = value
            && site::web_address(url).is_none()
        {
            return Err(Error::Usage(format!(
                "{flag} must be an http or https address, like https://github.com/ORG/REPO; got \"{url}\""
            )));
        }
    }
    let previous = prepare_folder(&args.out, args.force)?;
    let workspace = Workspace::open(args.root.as_deref())?;
    let repo = workspace.repo();
    let version = match &args.rev {
        Some(rev) => Version::Revision(repo.as_ref().map_err(clone_error)?.resolve(rev)?),
        None => Version::WorkTree,
    };
    let (report, loaded) =
        workspace.lint(repo.as_ref().ok(), &version, today, false, Keep::Nothing)?;
    let log = match &repo {
        Ok(repo) => history(&workspace, repo, args.rev.as_deref()),
        Err(e) => Err(format!("the git history is not available ({e})")),
    };
    let options = Options {
        title: args.title,
        base_url: args.base_url,
        repo_url: args.repo_url,
        branch: args.branch,
        today,
        since,
    };
    let input = Input {
        tree: &loaded.tree,
        report: &report,
        config: &workspace.config,
        history: log.as_ref().map_err(String::clone),
        prefix: &workspace.prefix,
    };
    let files = site::build(&input, &options)?;
    write_site(&args.out, &files, &previous)?;
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(
        stderr,
        "steward site: wrote {} files to {}; open {} in a browser.",
        files.len(),
        args.out.display(),
        args.out.join("index.html").display()
    );
    if report.errors() > 0 {
        let _ = writeln!(
            stderr,
            "note: the tree has {} lint error(s); the site lists them, and values steward could not read are left out.",
            report.errors()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn clone_error(error: &Error) -> Error {
    Error::Git(error.to_string())
}

/// The changelog by month up to `rev` (default HEAD), or why there is none.
fn history(
    workspace: &Workspace,
    repo: &crate::source::Repo,
    rev: Option<&str>,
) -> Result<crate::history::changelog::Changelog, String> {
    let to = repo
        .resolve(rev.unwrap_or("HEAD"))
        .map_err(|e| format!("the repository has no history to show ({e})"))?;
    let root = workspace.root_in_repo(repo).map_err(|e| e.to_string())?;
    let options = HistoryOptions {
        from: None,
        to,
        group_by: GroupBy::Month,
        first_parent: true,
        root,
        prefix: workspace.prefix.clone(),
        layout: &workspace.layout,
        max_file_bytes: workspace.config.max_file_bytes,
        progress: &|_, _| {},
    };
    changelog(repo, &options).map_err(|e| format!("the history could not be read ({e})"))
}

fn refuse(path: &Path, why: &str) -> Error {
    Error::Unwritable {
        path: path.to_path_buf(),
        message: why.to_string(),
    }
}

/// What the output folder holds before the site is written.
enum Folder {
    /// New or empty: every folder and file in it is steward's to create.
    Fresh,
    /// An earlier site, with the files it listed (those this one lacks are removed).
    Earlier(Vec<String>),
    /// Something else, written into with `--force`: files are replaced, nothing removed.
    Forced,
}

/// Checks the folder before anything is built.
fn prepare_folder(out: &Path, force: bool) -> Result<Folder, Error> {
    confine(out)?;
    let meta = match std::fs::symlink_metadata(out) {
        Err(_) => return Ok(Folder::Fresh),
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(
            out,
            "is a symbolic link; steward never writes through links. Choose a real folder",
        ));
    }
    if !meta.is_dir() {
        return Err(refuse(out, "is a file, not a folder"));
    }
    let mut entries =
        std::fs::read_dir(out).map_err(|e| refuse(out, &format!("cannot be read: {e}")))?;
    if entries.next().is_none() {
        return Ok(Folder::Fresh);
    }
    if let Some(listing) = earlier_site(out) {
        return Ok(Folder::Earlier(listing));
    }
    if force {
        return Ok(Folder::Forced);
    }
    Err(refuse(
        out,
        &format!(
            "is not empty and holds no site steward wrote (no {MARKER} file); choose an empty or new folder, or pass --force to write the site into it anyway"
        ),
    ))
}

/// The files an earlier site in `out` listed, when `out/.steward-site` is a regular file
/// that steward wrote.
fn earlier_site(out: &Path) -> Option<Vec<String>> {
    /// An earlier listing larger than this is not steward's (a million pages' names).
    const MAX_MARKER: u64 = 64 * 1024 * 1024;
    let marker = out.join(MARKER);
    let meta = std::fs::symlink_metadata(&marker).ok()?;
    if !meta.is_file() || meta.len() > MAX_MARKER {
        return None;
    }
    let text = std::fs::read_to_string(&marker).ok()?;
    let mut lines = text.lines();
    (lines.next() == Some(MARKER_HEADER)).then(|| lines.map(str::to_string).collect())
}

/// A relative folder must stay inside the current one: the nearest part of it that exists
/// may not lead elsewhere through a link.
fn confine(out: &Path) -> Result<(), Error> {
    if out.is_absolute() {
        return Ok(());
    }
    let cwd = std::env::current_dir()
        .and_then(|d| d.canonicalize())
        .map_err(|e| Error::Usage(format!("the current folder cannot be read: {e}")))?;
    let existing = out
        .ancestors()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .find(|p| std::fs::symlink_metadata(p).is_ok())
        .unwrap_or(Path::new("."));
    match existing.canonicalize() {
        Ok(real) if real.starts_with(&cwd) => Ok(()),
        Ok(_) => Err(refuse(
            out,
            "leads outside the current folder through a symbolic link; steward never writes through links. Choose another folder",
        )),
        Err(e) => Err(refuse(out, &format!("cannot be read: {e}"))),
    }
}

/// Writes every file, then removes the files of the earlier site that this one does not
/// have.
fn write_site(out: &Path, files: &[SiteFile], folder: &Folder) -> Result<(), Error> {
    std::fs::create_dir_all(out).map_err(|e| refuse(out, &format!("could not be created: {e}")))?;
    if let Folder::Fresh = folder {
        // Every folder under `out` is created here, so nothing in it can be a link, and each
        // file is created new (never opened if anything is already there): no temporary file
        // and rename per page, which is most of the time of a large site.
        let mut folders: Vec<&Path> = files
            .iter()
            .filter_map(|f| Path::new(&f.path).parent())
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
        folders.sort_unstable();
        folders.dedup();
        for folder in folders {
            let path = out.join(folder);
            std::fs::create_dir_all(&path)
                .map_err(|e| refuse(&path, &format!("could not be created: {e}")))?;
        }
        return files
            .par_iter()
            .try_for_each(|file| files::create_new(&out.join(&file.path), &file.bytes));
    }
    files.par_iter().try_for_each(|file| {
        files::write_file(
            &out.join(&file.path),
            &file.bytes,
            Existing::Replace,
            Some(out),
        )
    })?;
    let Folder::Earlier(previous) = folder else {
        return Ok(());
    };
    let written: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    for stale in previous {
        if !written.contains(stale.as_str()) && is_plain_relative(stale) {
            files::remove_file(&out.join(stale), out)?;
        }
    }
    Ok(())
}

/// `tools/zoom.html`, not `../x`, `/etc/x` or `a/./b`.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}
