//! `steward init [DIR]`: a working setup in one command. Writes steward.toml, a policy tree
//! with one commented example of each kind (dated today, so that it lints clean) and a GitHub
//! workflow. Never overwrites: if any file it would write exists, nothing is written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{today, write_stdout};
use crate::error::Error;
use crate::scaffold::{self, ScaffoldFile, example};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up; created when it does not exist.
    #[arg(value_name = "DIR", default_value = ".")]
    dir: PathBuf,
    /// The date the examples carry (approved, reviewed, tested), as YYYY-MM-DD (default:
    /// today). Its year names the example budget's fiscal year.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Write two workflows that also comment on pull requests from forks: an unprivileged
    /// check that keeps the summary as an artifact, and policy-comment.yml, which posts it
    /// (default: one workflow that comments on pull requests from the repository's own
    /// branches).
    #[arg(long)]
    fork_comments: bool,
}

pub fn run(args: InitArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let mut files = scaffold::init_files(today);
    if args.fork_comments {
        files.retain(|f| f.path != scaffold::WORKFLOW_PATH);
        files.extend(scaffold::fork_comment_workflows());
    }
    let dir = &args.dir;
    if dir.exists() && !dir.is_dir() {
        return refuse(
            &format!("{} is a file, not a folder", dir.display()),
            "name a folder: `steward init my-policies`",
        );
    }
    let blocked = blocked_paths(dir, &files);
    if !blocked.is_empty() {
        let list: String = blocked.iter().map(|p| format!("\n  {p}")).collect();
        return refuse(
            &format!(
                "steward init writes nothing because these already exist in {}:{list}",
                shown(dir)
            ),
            &format!(
                "init never overwrites files. To check the tree that is there, run `steward lint`{}; to start afresh, run `steward init NEW-FOLDER`",
                if is_current(dir) {
                    String::new()
                } else {
                    format!(" in {}", shown(dir))
                }
            ),
        );
    }
    for file in &files {
        super::files::write_file(
            &dir.join(&file.path),
            file.text.as_bytes(),
            super::files::Existing::Keep,
            Some(dir),
        )?;
    }
    write_stdout(&summary(dir, &files, &scaffold::current_fiscal_year(today)))?;
    Ok(ExitCode::SUCCESS)
}

/// The files (and folders on the way to them) that already exist, as shown to people. A folder
/// on the way that is a file or a symbolic link also blocks: writing through a link could land
/// outside DIR.
fn blocked_paths(dir: &Path, files: &[ScaffoldFile]) -> Vec<String> {
    let mut blocked = Vec::new();
    for file in files {
        let mut path = dir.to_path_buf();
        let parts: Vec<&str> = file.path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            path.push(part);
            let is_last = i + 1 == parts.len();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                break;
            };
            let relative = parts[..=i].join("/");
            let problem = if is_last {
                Some(relative)
            } else if meta.file_type().is_symlink() {
                Some(format!(
                    "{relative} (a link; init writes only real folders)"
                ))
            } else if !meta.is_dir() {
                Some(format!("{relative} (a file where a folder is needed)"))
            } else {
                None
            };
            if let Some(problem) = problem {
                if !blocked.contains(&problem) {
                    blocked.push(problem);
                }
                break;
            }
        }
    }
    blocked
}

fn summary(dir: &Path, files: &[ScaffoldFile], year: &str) -> String {
    let what = |path: &str| -> &str {
        if path == "steward.toml" {
            "settings"
        } else if path.ends_with("org.toml") {
            "departments and people"
        } else if path.contains("/tools/") {
            "an example tool"
        } else if path.contains("/technology/") {
            "an example policy"
        } else if path.contains("/budgets/") {
            "an example budget"
        } else if path.ends_with("policy-comment.yml") {
            "posts the check's summary on the pull request"
        } else {
            "checks every pull request"
        }
    };
    let width = files.iter().map(|f| f.path.len()).max().unwrap_or(0);
    let mut out = format!("Set up a policy repository in {}:\n", shown(dir));
    for file in files {
        out.push_str(&format!("  {:width$}  {}\n", file.path, what(&file.path)));
    }
    out.push_str("\nEvery file explains its fields in comments. Next:\n");
    if !is_current(dir) {
        out.push_str(&format!("  cd {}\n", shell_word(&shown(dir))));
    }
    out.push_str("  steward lint                 # check the tree: it is clean\n");
    out.push_str(&format!(
        "  steward new tool chat --name Chat --vendor \"Chat Co\" --category messaging \\\n      --department {dept} --owner jordan-lee --backup-owner alex-rivera \\\n      --data-export \"Admin > Export > JSON of all channels\" \\\n      --cost-amount 8 --period month --budget-line {year}/{dept}#{line}\n",
        dept = example::DEPARTMENT,
        line = example::SPARE_LINE,
    ));
    out.push_str("  steward report tools         # the registry as a table\n");
    out.push_str("  steward report budget        # budgets and the tools behind each line\n");
    if !dir.join(".git").exists() {
        out.push_str("  git init && git add . && git commit -m \"Policy tree\"\n");
    }
    out.push_str(
        "Then edit org.toml to list your own departments and people, and replace the examples.\n",
    );
    out
}

fn is_current(dir: &Path) -> bool {
    dir.as_os_str().is_empty() || dir == Path::new(".")
}

fn shown(dir: &Path) -> String {
    if is_current(dir) {
        "the current folder".to_string()
    } else {
        dir.display().to_string()
    }
}

/// Prints `error: ...` and `help: ...` (the next thing to do) and returns exit code 2: steward
/// could not do what was asked. For refusals that need their own help line, which
/// [`Error::Usage`] does not carry.
pub(super) fn refuse(message: &str, help: &str) -> Result<ExitCode, Error> {
    // The messages quote ids, names and paths from the tree and the command line; their own
    // line breaks (lists, example commands) stay.
    use crate::render::visible::{Layout, visible};
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {}", visible(message, Layout::Lines));
    let _ = writeln!(stderr, "  help: {}", visible(help, Layout::Lines));
    Ok(ExitCode::from(2))
}

/// A word as a POSIX shell reads it: quoted when it holds anything but safe characters.
pub(super) fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,#".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}
