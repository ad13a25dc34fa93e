//! `steward codeowners`: writes `.github/CODEOWNERS` from org.toml and the tree, or checks
//! that the committed one still matches (see [`crate::codeowners`]).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::files::{self, Existing};
use super::init::refuse;
use super::workspace::{Version, Workspace};
use super::{today, write_output, write_stdout};
use crate::codeowners::{self, Codeowners, Committed};
use crate::error::Error;
use crate::loader;
use crate::render::visible::one_line;
use crate::words::count;

#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// Write nothing: exit 1 when the committed .github/CODEOWNERS (or --output FILE) does not
    /// give each file the owners steward would write.
    #[arg(long)]
    check: bool,
    /// Write to FILE instead of .github/CODEOWNERS (`-` for standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The date that decides who has left (default: today), as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

/// How many files a note names before it says "and N more".
const NAMED: usize = 5;

pub fn run(args: CodeownersArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let workspace = Workspace::open(args.root.as_deref())?;
    if !codeowners::tree_in_project(&workspace.prefix) {
        return refuse(
            &format!(
                "the policy tree {} is outside the project folder {}, and GitHub reads CODEOWNERS paths from the top of the repository",
                workspace.root.display(),
                workspace.project.display()
            ),
            "run `steward codeowners` in the repository that holds the tree, without --root or with a folder inside it",
        );
    }
    let files = workspace.files(None, &Version::WorkTree, false)?;
    let loaded = loader::load(files, &workspace.prefix, &workspace.layout);
    let tree = &loaded.tree;
    if tree.org.is_none() {
        return refuse(
            &format!(
                "there is no {}org.toml (or it does not parse), so there is nobody to name as a code owner",
                workspace.prefix
            ),
            "add people with their GitHub usernames to org.toml ([people.<id>] github = \"username\"), then run `steward lint`",
        );
    }
    let config = &workspace.config;
    let expected = codeowners::generate(
        tree,
        &config.required_approvers,
        config.file.is_some(),
        today,
    );
    let target = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    if args.check {
        return check(&workspace, target, &expected);
    }
    let text = expected.text();
    match (&args.output, target) {
        (Some(_), None) => write_stdout(&text)?,
        (_, Some(path)) => write_output(Some(path), &text)?,
        (None, None) => files::write_file(
            &workspace.project.join(codeowners::PATH),
            text.as_bytes(),
            Existing::Replace,
            Some(&workspace.project),
        )?,
    }
    let written = match target {
        Some(path) => Some(path.display().to_string()),
        None if args.output.is_some() => None,
        None => Some(codeowners::PATH.to_string()),
    };
    if let Some(written) = written {
        note(&format!(
            "wrote {}: {} with code owners.",
            one_line(&written),
            count(expected.entries.len() as i64, "file", "files")
        ));
    }
    explain_gaps(&expected);
    Ok(ExitCode::SUCCESS)
}

/// `--check`: exit 0 when the committed file matches, 1 when it does not or is missing.
fn check(
    workspace: &Workspace,
    target: Option<&PathBuf>,
    expected: &Codeowners,
) -> Result<ExitCode, Error> {
    let committed = match target {
        Some(path) => read_output(path, workspace.config.max_file_bytes),
        None => codeowners::read_committed(&workspace.project, workspace.config.max_file_bytes),
    };
    let shown = target.map_or(codeowners::PATH.to_string(), |p| p.display().to_string());
    let shown = one_line(&shown);
    let problem = match committed {
        None => format!("{shown} does not exist; run `steward codeowners` to write it.\n"),
        Some(Committed::Unread { why }) => {
            format!("{shown} was not compared: {}.\n", one_line(&why))
        }
        Some(Committed::Text(source)) => match codeowners::drift(&source.text, expected) {
            None => {
                write_stdout(&format!("{shown} is up to date.\n"))?;
                return Ok(ExitCode::SUCCESS);
            }
            Some(drift) => {
                let mut text = format!(
                    "{shown} no longer matches who owns what: {} would get other reviewers:\n",
                    count(drift.paths.len() as i64, "file", "files")
                );
                for path in &drift.paths {
                    text.push_str(&format!("  {}\n", one_line(path)));
                }
                text.push_str("Run `steward codeowners` and commit the file.\n");
                text
            }
        },
    };
    write_stdout(&problem)?;
    Ok(ExitCode::from(1))
}

/// `--check --output FILE`: the file named, read like the committed one (never through a
/// link, never a device, size-limited).
fn read_output(path: &std::path::Path, limit: u64) -> Option<Committed> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() || !meta.is_file() {
        return Some(Committed::Unread {
            why: "it is a symbolic link or not a regular file, which steward does not read"
                .to_string(),
        });
    }
    let files = vec![crate::source::RawFile {
        path: "CODEOWNERS".to_string(),
        content: crate::source::read_limited(path, limit),
    }];
    codeowners::committed_in(files)
}

/// Says on stderr which files got no code owner, and why, so that nobody is surprised that
/// GitHub asks no one about them.
fn explain_gaps(expected: &Codeowners) {
    if !expected.unowned.is_empty() {
        note(&format!(
            "{} no code owner: nobody who answers for {} has a GitHub username in org.toml ({}). Add github = \"<username>\" to those people to have GitHub ask them.",
            count(expected.unowned.len() as i64, "file has", "files have"),
            if expected.unowned.len() == 1 {
                "it"
            } else {
                "them"
            },
            listed(&expected.unowned)
        ));
    }
    if !expected.unsafe_paths.is_empty() {
        note(&format!(
            "{} left out: a CODEOWNERS path may hold only letters, digits, -, _, . and / ({}). Rename them to their ids (`steward lint` says how).",
            count(expected.unsafe_paths.len() as i64, "file was", "files were"),
            listed(&expected.unsafe_paths)
        ));
    }
}

/// The first few paths, shown on one line, then "and N more".
fn listed(paths: &[String]) -> String {
    let mut named: Vec<String> = paths
        .iter()
        .take(NAMED)
        .map(|p| one_line(p).into_owned())
        .collect();
    if paths.len() > NAMED {
        named.push(format!("and {} more", paths.len() - NAMED));
    }
    named.join(", ")
}

fn note(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "note: {text}");
}
