//! `steward review`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::workspace::{Version, Workspace};
use super::{today, write_output};
use crate::error::Error;
use crate::history::review::{History, review};
use crate::loader::Keep;
use crate::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReviewFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Include reviews that fall due within this many days (overdue ones are always included).
    /// At most 3660 (ten years).
    #[arg(long, value_name = "DAYS", default_value_t = 30,
          value_parser = clap::value_parser!(u32).range(0..=3660))]
    within: u32,
    #[arg(long, value_enum, default_value_t = ReviewFormat::Human)]
    format: ReviewFormat,
    /// The date reviews are counted from (default: today), as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: ReviewArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let workspace = Workspace::open(args.root.as_deref())?;
    let (report, loaded) = workspace.lint(None, &Version::WorkTree, today, false, Keep::Nothing)?;
    // The packet still works outside git; it then says the history is unavailable.
    let repo = workspace.repo();
    let head_and_root = repo.as_ref().map_err(|e| e.to_string()).and_then(|repo| {
        let head = repo.resolve("HEAD").map_err(|e| e.to_string())?;
        let root = workspace.root_in_repo(repo).map_err(|e| e.to_string())?;
        Ok((repo, head, root))
    });
    let history = head_and_root.as_ref().map(|(repo, head, root)| History {
        repo,
        head: head.commit,
        root,
    });
    let packet = review(
        &loaded.tree,
        &report,
        &workspace.config,
        today,
        i64::from(args.within),
        history
            .as_ref()
            .map_err(|e| format!("the git history is not available ({e})")),
    )?;
    let text = match args.format {
        ReviewFormat::Human => render::review::human(&packet),
        ReviewFormat::Markdown => render::review::markdown(&packet),
        ReviewFormat::Json => render::review::json(&packet),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
