//! `steward new tool|policy|budget ID`: writes one valid file from a commented template.
//!
//! Values come from flags. On a terminal (standard input and standard error both terminals,
//! and no `--no-input`) steward asks for each missing required value, offering the
//! departments, people and budget lines the tree already has; without a terminal it stops on
//! any missing required flag, listing them all with an example command. Values are checked
//! against the tree (departments and people in org.toml, tools, policies, budget lines) before
//! anything is written; then the file is linted together with the tree, in memory, and written
//! only if it adds no error. An existing file is never overwritten.
//!
//! Each kind (`tool`, `policy`, `budget`) goes through the same three steps, in ripgrep's
//! spirit: its flags (clap, no I/O) and the answers asked for on a terminal ([`ask`]) become
//! the fields of a template through a pure function that checks them against the tree
//! ([`check`], unit-tested), and only then is the file linted with the tree and written
//! ([`write`]).

mod ask;
mod budget;
mod check;
mod policy;
mod tool;
mod write;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

use super::init::refuse;
use super::today;
use super::workspace::Workspace;
use crate::error::Error;
use crate::loader::{self, Keep, Loaded};
use crate::model::Tree;
use crate::source::RawFile;

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    kind: NewKind,
}

#[derive(Debug, Subcommand)]
enum NewKind {
    /// Add a tool to the registry: tools/ID.toml.
    #[command(after_help = tool::HELP)]
    Tool(Box<tool::ToolArgs>),
    /// Add a written technology policy: technology/ID.toml.
    #[command(after_help = policy::HELP)]
    Policy(policy::PolicyArgs),
    /// Add a department's budget for a fiscal year: budgets/YEAR/DEPARTMENT.toml.
    #[command(after_help = budget::HELP)]
    Budget(budget::BudgetArgs),
}

#[derive(Debug, Args)]
pub(super) struct CommonArgs {
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    pub(super) root: Option<PathBuf>,
    /// The date written as approved_on, last_reviewed and effective, as YYYY-MM-DD (default:
    /// today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(super) today: Option<String>,
    /// Never ask, even on a terminal: stop when a required flag is missing.
    #[arg(long)]
    pub(super) no_input: bool,
}

pub fn run(args: NewArgs) -> Result<ExitCode, Error> {
    match args.kind {
        NewKind::Tool(args) => tool::run(*args),
        NewKind::Policy(args) => policy::run(args),
        NewKind::Budget(args) => budget::run(args),
    }
}

/// Everything a `new` command works with.
pub(super) struct Session {
    pub(super) workspace: Workspace,
    pub(super) files: Vec<RawFile>,
    pub(super) loaded: Loaded,
    pub(super) today: Date,
    pub(super) interactive: bool,
}

impl Session {
    pub(super) fn tree(&self) -> &Tree {
        &self.loaded.tree
    }
}

/// Opens the workspace and loads the tree; `Err(code)` when steward must stop (already said).
pub(super) fn open(common: &CommonArgs) -> Result<Result<Session, ExitCode>, Error> {
    let today = today(common.today.as_deref())?;
    let workspace = Workspace::open(common.root.as_deref())?;
    let files = match workspace.worktree_files_or_refuse()? {
        Ok(files) => files,
        Err(code) => return Ok(Err(code)),
    };
    // The tree is loaded again once the new file is checked in it: keep its parsed files
    // for that.
    let loaded = loader::load_keeping(
        files.clone(),
        &workspace.prefix,
        &workspace.layout,
        Keep::ForNextLoad,
    );
    if loaded.tree.org.is_none() {
        return refuse(
            &format!(
                "there is no {}org.toml, so owners and departments cannot be checked",
                workspace.prefix
            ),
            "create it first with your departments and people (`steward init NEW-FOLDER` writes an example to copy from)",
        )
        .map(Err);
    }
    let interactive =
        !common.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    Ok(Ok(Session {
        workspace,
        files,
        loaded,
        today,
        interactive,
    }))
}

/// The open [`Session`], or returns the exit code `open` decided on.
macro_rules! open_or_return {
    ($common:expr) => {
        match super::open($common)? {
            Ok(ctx) => ctx,
            Err(code) => return Ok(code),
        }
    };
}

pub(super) use open_or_return;

/// The name clap shows for a value (`one-time`, `trial`).
pub(super) fn value_name<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}
