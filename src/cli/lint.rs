//! `steward lint`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{project_dir, resolve_root, stdout_is_terminal, today, write_stdout};
use crate::config::Config;
use crate::error::Error;
use crate::lint::lint_files;
use crate::render::{self, LintFormat};
use crate::source::{Limits, Source, WorkTree};

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
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn run(args: LintArgs) -> Result<ExitCode, Error> {
    let today = today(args.today.as_deref())?;
    let project = project_dir()?;
    let config = Config::load(&project)?;
    let (root, prefix) = resolve_root(&project, &config, args.root.as_deref());
    let source = WorkTree::new(root, prefix);
    let files = source.load(Limits {
        max_file_bytes: config.max_file_bytes,
    })?;
    let report = lint_files(files, source.display_prefix(), &config, today);
    let text = match args.format {
        LintFormat::Human => {
            let color = args.output.is_none() && render::use_color(stdout_is_terminal());
            render::human::render(&report, color)
        }
        LintFormat::Json => render::json::render(&report),
    };
    match &args.output {
        Some(path) => std::fs::write(path, text)?,
        None => write_stdout(&text)?,
    }
    Ok(if report.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
