//! `steward import tools|people|budget FILE`: the spreadsheets an organization already has,
//! turned into the tree's files.
//!
//! The library ([`crate::import`]) reads the file, maps its columns and plans every row; this
//! command lints the tree with the planned files in memory, shows what would change, and
//! writes all of it or nothing (`--skip-invalid` leaves the invalid rows out instead).
//!
//! Every kind goes through the same steps, in ripgrep's spirit: its flags (clap, no I/O) are
//! turned into the values the library takes (`args.rs`); the rows are planned and the plan
//! linted with the tree in memory (`check.rs`); what would change, or why nothing will, is
//! shown (`show.rs`); and only then are the files written (`write.rs`). This file holds the
//! steps in order.

mod args;
mod check;
mod show;
mod write;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::init::refuse;
use super::today;
use super::workspace::Workspace;
use crate::error::Error;
use crate::import::columns::{self, Catalogue};
use crate::import::table::{self, ReadOptions, Table};
use crate::import::values::{DateOrder, Formats};
use crate::import::{self, Plan, Settings};
use crate::loader::{self, Keep, Loaded};
use crate::model::Tree;
use crate::render::visible::one_line;
use crate::source::RawFile;

use args::{
    BudgetArgs, CommonArgs, OrderArg, PeopleArgs, PeriodArg, ToolsArgs, overrides, parse_amount,
};
use check::{Planned, plan_checked};
use show::{
    columns_note, governance_note, plural, refuse_problems, rows_table, skipped_note, summary,
};
use write::write_plan;

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    kind: ImportKind,
}

#[derive(Debug, Subcommand)]
enum ImportKind {
    /// Tools from a spreadsheet (a Snipe-IT or GLPI licence export, or one typed by hand):
    /// one row a tool, tools/ID.toml each.
    #[command(after_help = concat!(
        "Examples:\n  steward import tools licenses.csv --dry-run\n",
        "  steward import tools licenses.xlsx --period year --department it\n",
        "  steward import tools tools.csv --map \"Licensed To Email=owner_email\" --date-order dmy\n",
        "  steward import tools tools.xlsx --update\n\n",
        "Exit codes:\n  0  the files were written (or, with --dry-run, would be)\n  2  nothing was written (a problem in the file, the mapping or a row; each is listed)"
    ))]
    Tools(ToolsArgs),
    /// People into the [people] tables of org.toml: name, e-mail, department, role, left.
    #[command(after_help = concat!(
        "Examples:\n  steward import people staff.csv --dry-run\n",
        "  steward import people hr-export.xlsx --department operations --update\n\n",
        "Exit codes:\n  0  org.toml was written (or, with --dry-run, would be)\n  2  nothing was written"
    ))]
    People(PeopleArgs),
    /// Lines of one department's budget for one fiscal year: budgets/YEAR/DEPARTMENT.toml.
    #[command(after_help = concat!(
        "Examples:\n  steward import budget it-2027.xlsx --department it --fiscal-year 2027 --allocation 25000\n",
        "  steward import budget lines.csv --department comms --fiscal-year 2027 --currency EUR --decimal-comma\n\n",
        "Exit codes:\n  0  the budget was written (or, with --dry-run, would be)\n  2  nothing was written"
    ))]
    Budget(BudgetArgs),
}

pub fn run(args: ImportArgs) -> Result<ExitCode, Error> {
    match args.kind {
        ImportKind::Tools(args) => {
            let period = args.period.map(|p| match p {
                PeriodArg::Month => "month",
                PeriodArg::Year => "year",
                PeriodArg::OneTime => "one-time",
            });
            import(
                &args.common,
                columns::TOOLS,
                args.department.as_deref(),
                |table, mapping, tree, settings| {
                    import::tools::plan(table, mapping, tree, settings, period)
                },
            )
        }
        ImportKind::People(args) => import(
            &args.common,
            columns::PEOPLE,
            args.department.as_deref(),
            import::people::plan,
        ),
        ImportKind::Budget(args) => budget(args),
    }
}

fn budget(args: BudgetArgs) -> Result<ExitCode, Error> {
    let allocation = match args.allocation.as_deref().map(parse_amount) {
        Some(Ok(amount)) => Some(amount),
        Some(Err(message)) => return refuse(&message, "write it like 25000 or 25000.50"),
        None => None,
    };
    if let Some(code) = &args.currency
        && !crate::checks::is_currency_code(code)
    {
        return refuse(
            &format!("--currency {code} is not a currency code"),
            "use three capital letters, e.g. --currency USD",
        );
    }
    if !crate::layout::is_valid_id(&args.fiscal_year) {
        return refuse(
            &format!(
                "--fiscal-year {} is not a folder name steward uses",
                args.fiscal_year
            ),
            "write the year, e.g. --fiscal-year 2027",
        );
    }
    let fiscal_year = args.fiscal_year.clone();
    let currency = args.currency.clone();
    let department = args.department.clone();
    import(
        &args.common,
        columns::LINES,
        Some(&department),
        move |table, mapping, tree, settings| {
            let target = import::budget::Target {
                department: settings.department.clone().unwrap_or_default(),
                fiscal_year: fiscal_year.clone(),
                allocation,
                currency: currency.clone(),
            };
            import::budget::plan(table, mapping, tree, settings, &target)
        },
    )
}

/// Everything an import works with.
struct Session {
    workspace: Workspace,
    files: Vec<RawFile>,
    loaded: Loaded,
}

/// The shared steps of every kind: read, map, plan, lint, show, write.
fn import<F>(
    common: &CommonArgs,
    catalogue: Catalogue,
    department: Option<&str>,
    plan_rows: F,
) -> Result<ExitCode, Error>
where
    F: Fn(&Table, &columns::Mapping, &Tree, &Settings) -> Plan,
{
    let today = today(common.today.as_deref())?;
    let session = match open(common.root.as_deref())? {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let tree = &session.loaded.tree;
    let options = ReadOptions {
        sheet: common.sheet.clone(),
        encoding: common.encoding.clone(),
    };
    let table = match table::read_file(&common.file, &options) {
        Ok(table) => table,
        // Sheet names and headers are the file's text: shown on one line.
        Err(e) => return refuse(&one_line(&format!("{e}; nothing was written")), &e.hint()),
    };
    let overrides = match overrides(common) {
        Ok(overrides) => overrides,
        Err(message) => {
            return refuse(
                &message,
                "write each as \"Column=field\" (the README lists the fields)",
            );
        }
    };
    let mapping = match columns::map(&table.headers, catalogue, &overrides) {
        Ok(mapping) => mapping,
        Err(message) => {
            return refuse(
                &one_line(&format!("{message}; nothing was written")),
                "fix the mapping and import again",
            );
        }
    };
    let department = match department {
        Some(text) => match import::resolve::department(tree, text) {
            Ok(id) => Some(id),
            Err(message) => {
                return refuse(
                    &format!("--department: {message}"),
                    "pass a department id or name from org.toml",
                );
            }
        },
        None => None,
    };
    let settings = Settings {
        formats: Formats {
            date_order: common.date_order.map(|o| match o {
                OrderArg::Dmy => DateOrder::Dmy,
                OrderArg::Mdy => DateOrder::Mdy,
            }),
            decimal_comma: common.decimal_comma,
        },
        today,
        update: common.update,
        department,
        skip: BTreeSet::new(),
    };
    let planned = plan_checked(
        &session,
        &table,
        &mapping,
        settings,
        common.skip_invalid,
        &plan_rows,
    );
    let Planned {
        plan,
        checked,
        skipped,
    } = planned;
    let mut out = columns_note(&plan);
    let Some(checked) = checked.filter(|_| plan.problems.is_empty()) else {
        super::write_stdout(&out)?;
        return refuse_problems(common, &plan, skipped);
    };
    out.push_str(&skipped_note(skipped));
    out.push_str(&rows_table(&plan, &session.workspace.prefix));
    out.push_str(&checked.changes);
    if common.dry_run {
        out.push_str(&summary(&plan));
        out.push_str(&governance_note(&checked.later));
        out.push_str("Nothing was written (--dry-run).\n");
        super::write_stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let written = write_plan(&session.workspace, &plan)?;
    out.push_str(&summary(&plan));
    if written > 0 {
        out.push_str(&format!(
            "Wrote {written} file{} under {}.\n",
            plural(written),
            if session.workspace.prefix.is_empty() {
                "the tree".to_string()
            } else {
                session.workspace.prefix.trim_end_matches('/').to_string()
            }
        ));
    }
    out.push_str(&governance_note(&checked.later));
    if written > 0 {
        out.push_str("Next: run `steward lint`, read the new files, then commit them and open a pull request.\n");
    }
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn open(root: Option<&Path>) -> Result<Result<Session, ExitCode>, Error> {
    let workspace = Workspace::open(root)?;
    let files = match workspace.worktree_files_or_refuse()? {
        Ok(files) => files,
        Err(code) => return Ok(Err(code)),
    };
    // The tree is loaded again once the imported files are checked in it: keep its parsed
    // files for that.
    let loaded = loader::load_keeping(
        files.clone(),
        &workspace.prefix,
        &workspace.layout,
        Keep::ForNextLoad,
    );
    if loaded.tree.org.is_none() {
        return refuse(
            &format!(
                "there is no {}org.toml, so owners and departments cannot be matched",
                workspace.prefix
            ),
            "create it first with your departments (then `steward import people` adds the people)",
        )
        .map(Err);
    }
    Ok(Ok(Session {
        workspace,
        files,
        loaded,
    }))
}
