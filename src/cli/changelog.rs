//! `steward changelog`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::workspace::Workspace;
use super::write_output;
use crate::error::Error;
use crate::history::changelog::{GroupBy, Options, changelog};
use crate::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChangelogFormat {
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ChangelogArgs {
    /// Start after this revision (default: the beginning of history).
    #[arg(long, value_name = "REV")]
    from: Option<String>,
    /// End at this revision (default: HEAD).
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    to: String,
    #[arg(long, value_enum, default_value_t = GroupBy::Tag)]
    group_by: GroupBy,
    /// Visit every commit, not only the first-parent line (merged branches' own commits too).
    #[arg(long)]
    all_commits: bool,
    #[arg(long, value_enum, default_value_t = ChangelogFormat::Markdown)]
    format: ChangelogFormat,
    /// The repository's web address (https://github.com/ORG/REPO): links pull requests and commits.
    #[arg(long, value_name = "URL")]
    repo_url: Option<String>,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: ChangelogArgs) -> Result<ExitCode, Error> {
    let workspace = Workspace::open(args.root.as_deref())?;
    let repo = workspace.repo()?;
    let to = repo.resolve(&args.to)?;
    let from = args.from.as_deref().map(|f| repo.resolve(f)).transpose()?;
    let bar = progress_bar();
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let options = Options {
        from,
        to,
        group_by: args.group_by,
        first_parent: !args.all_commits,
        root: workspace.root_in_repo(&repo)?,
        prefix: workspace.prefix.clone(),
        layout: &workspace.layout,
        max_file_bytes: workspace.config.max_file_bytes,
        progress: &progress,
    };
    let log = changelog(&repo, &options)?;
    bar.finish_and_clear();
    let text = match args.format {
        ChangelogFormat::Markdown => render::changelog::markdown(&log, args.repo_url.as_deref()),
        ChangelogFormat::Json => render::changelog::json(&log),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal; nothing in pipes or CI logs.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} commits") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("Reading history");
    bar
}
