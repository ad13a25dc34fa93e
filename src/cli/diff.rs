//! `steward diff`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::workspace::{Version, Workspace, parse_range, version_name};
use super::{stdout_is_terminal, today, write_output};
use crate::decision;
use crate::diff::{Side, diff_trees};
use crate::error::Error;
use crate::loader::Keep;
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
    /// Judge the change only by the problems it brings: errors BASE already had do not make
    /// it "not ready" (as `lint --new-only` gates).
    #[arg(long)]
    new_only: bool,
    /// The branch BASE is on, to name it in plain words ("main as of 20 March 2026");
    /// default: a branch that points at it.
    #[arg(long, value_name = "BRANCH")]
    base_branch: Option<String>,
    /// What to call HEAD, e.g. "pull request #24" (default: its branch and date, or "your
    /// working copy").
    #[arg(long, value_name = "TEXT")]
    head_name: Option<String>,
    /// With --format markdown: cut the page to at most BYTES (technical details first), e.g.
    /// 65536 for a pull-request comment.
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<usize>,
}

pub fn run(args: DiffArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let workspace = Workspace::open(args.root.as_deref())?;
    let repo = workspace.repo()?;
    let specs: Vec<String> = args.base.into_iter().chain(args.head).collect();
    let (base, head) = parse_range(&repo, &specs)?;
    let base = Version::Revision(base);
    // The head shares most files with the base: the base's parsed files are kept for it.
    let (base_report, base_loaded) =
        workspace.lint(Some(&repo), &base, today, true, Keep::ForNextLoad)?;
    let (head_report, head_loaded) =
        workspace.lint(Some(&repo), &head, today, true, Keep::Nothing)?;
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
    let decide = || {
        let options = decision::Options {
            base_name: version_name(&repo, &base, args.base_branch.as_deref()),
            head_name: args
                .head_name
                .clone()
                .unwrap_or_else(|| version_name(&repo, &head, None)),
            new_only: args.new_only,
            today,
        };
        decision::decide(
            decision::Version {
                tree: &base_loaded.tree,
                report: &base_report,
            },
            decision::Version {
                tree: &head_loaded.tree,
                report: &head_report,
            },
            &diff,
            &options,
        )
    };
    let text = match args.format {
        DiffFormat::Human => render::decision::human(
            &decide(),
            &render::diff::human_marked(&diff),
            args.output.is_none() && render::use_color(stdout_is_terminal()),
        ),
        DiffFormat::Markdown => {
            render::decision::markdown(&decide(), &render::diff::markdown(&diff), args.max_bytes)
        }
        DiffFormat::Json => render::diff::json(&diff),
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}
