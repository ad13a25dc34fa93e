//! `steward diff`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::workspace::{Version, Workspace, parse_range};
use super::{stdout_is_terminal, today, write_output};
use crate::diff::{Side, diff_trees};
use crate::error::Error;
use crate::render::{self, DiffFormat};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// BASE (default HEAD), `A..B`, or `A...B` (from the merge base of A and B).
    #[arg(value_name = "BASE")]
    base: Option<String>,
    /// HEAD (default: the working tree, with uncommitted and untracked files).
    #[arg(value_name = "HEAD")]
    head: Option<String>,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// The date that date rules compare against (default: today), as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: DiffArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let workspace = Workspace::open(args.root.as_deref())?;
    let repo = workspace.repo()?;
    let specs: Vec<String> = args.base.into_iter().chain(args.head).collect();
    let (base, head) = parse_range(&repo, &specs)?;
    let base = Version::Revision(base);
    let (base_report, base_loaded) = workspace.lint(Some(&repo), &base, today, true)?;
    let (head_report, head_loaded) = workspace.lint(Some(&repo), &head, today, true)?;
    let diff = diff_trees(
        Side {
            label: base.label(),
            loaded: &base_loaded,
            report: &base_report,
        },
        Side {
            label: head.label(),
            loaded: &head_loaded,
            report: &head_report,
        },
    );
    let text = match args.format {
        DiffFormat::Human => render::diff::human(
            &diff,
            args.output.is_none() && render::use_color(stdout_is_terminal()),
        ),
        DiffFormat::Markdown => render::diff::markdown(&diff),
        DiffFormat::Json => render::diff::json(&diff),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
