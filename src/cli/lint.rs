//! `steward lint`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::workspace::{Version, Workspace};
use super::{stdout_is_terminal, today, write_output};
use crate::diff::new_findings;
use crate::error::Error;
use crate::lint::Report;
use crate::loader::Keep;
use crate::render::{self, LintFormat};

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    format: LintFormat,
    /// The date that date rules compare against (default: today), as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Lint the tree as it is at a git revision (no checkout needed), not the files on disk.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,
    /// Report only findings that BASE does not already have (matched by rule, entity and
    /// field, not by line), so that old problems do not block new changes.
    #[arg(long, value_name = "BASE")]
    new_only: Option<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: LintArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let workspace = Workspace::open(args.root.as_deref())?;
    let needs_git = args.rev.is_some() || args.new_only.is_some();
    let repo = if needs_git {
        Some(workspace.repo()?)
    } else {
        None
    };
    let version = match (&args.rev, &repo) {
        (Some(spec), Some(repo)) => Version::Revision(repo.resolve(spec)?),
        _ => Version::WorkTree,
    };
    // With --new-only the base is loaded next, and shares most files with this version.
    let keep = match args.new_only {
        Some(_) => Keep::ForNextLoad,
        None => Keep::Nothing,
    };
    let (mut report, _) = workspace.lint(repo.as_ref(), &version, today, false, keep)?;
    if let (Some(base), Some(repo)) = (&args.new_only, &repo) {
        let base = repo.resolve(base)?;
        // A base steward cannot read (a damaged object, a tree that was a submodule) must not
        // fail every later pull request, the one that repairs it included: say so, and judge
        // this version on all its findings.
        let base_version = Version::Revision(base.clone());
        match workspace.lint(Some(repo), &base_version, today, true, Keep::Nothing) {
            Ok((base_report, _)) => keep_new(&mut report, &base_report),
            Err(error) => {
                let note = format!(
                    "the base revision {} could not be linted ({error}), so every finding of this version is shown, not only new ones",
                    base.short()
                );
                eprintln!("notice: {note}");
                report.base_error = Some(note);
            }
        }
    }
    let text = match args.format {
        LintFormat::Human => {
            let color = args.output.is_none() && render::use_color(stdout_is_terminal());
            render::human::render(&report, color)
        }
        LintFormat::Json => render::json::render(&report),
        LintFormat::Github => render::github::render(&report, render::github::ANNOTATION_LIMIT),
        LintFormat::Sarif => render::sarif::render(&report),
        LintFormat::Junit => render::junit::render(&report),
        LintFormat::Markdown => {
            render::lint_markdown::render(&report, render::lint_markdown::SIZE_LIMIT)
        }
    };
    write_output(args.output.as_deref(), &text)?;
    Ok(if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Drops the findings that the base already had; counts them in the report.
fn keep_new(report: &mut Report, base: &Report) {
    let new: HashSet<usize> = new_findings(base, report, &HashMap::new())
        .into_iter()
        .collect();
    let before = report.findings.len();
    report.findings = std::mem::take(&mut report.findings)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| new.contains(i))
        .map(|(_, f)| f)
        .collect();
    report.preexisting = before - report.findings.len();
}
