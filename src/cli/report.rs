//! `steward report budget|tools|people`: tables built from the loaded tree.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use super::init::refuse;
use super::workspace::{Version, Workspace};
use super::{today, write_output};
use crate::error::Error;
use crate::lint::Report;
use crate::loader::Keep;
use crate::render::report::{self as render, ReportFormat};
use crate::render::xlsx;
use crate::report::{self, Missing, ToolFilter};
use crate::suggest;

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    kind: ReportKind,
}

#[derive(Debug, Subcommand)]
enum ReportKind {
    /// Budgets of one fiscal year: per department and category the allocation, what the
    /// lines use and what is left, and the tools behind each line.
    #[command(after_help = concat!(
        "Examples:\n  steward report budget\n  steward report budget --fiscal-year 2026 --format markdown > budget.md\n",
        "  steward report budget --format csv --output budget.csv\n",
        "  steward report budget --format xlsx --output budget.xlsx\n\n",
        "Exit codes:\n  0  the report was written (even if the tree has lint errors)\n  2  steward could not run (no budgets, unknown fiscal year)"
    ))]
    Budget(BudgetArgs),
    /// The tool registry as a table: status, department, owners, exit plan and yearly cost.
    #[command(after_help = concat!(
        "Examples:\n  steward report tools\n  steward report tools --status approved --missing backup-owner\n",
        "  steward report tools --department communications --format csv > tools.csv\n",
        "  steward report tools --format xlsx --output tools.xlsx\n\n",
        "Exit codes:\n  0  the report was written (even if the tree has lint errors)\n  2  steward could not run (unknown department)"
    ))]
    Tools(ToolsArgs),
    /// The hand-over checklist: per person, the departments they head and the tools they own,
    /// back up and administer, and what they approve; what to hand over before they leave.
    #[command(after_help = concat!(
        "Examples:\n  steward report people\n  steward report people --person jane-doe\n",
        "  steward report people --format csv --output people.csv\n\n",
        "Exit codes:\n  0  the report was written (even if the tree has lint errors)\n  2  steward could not run (no org.toml, unknown person)"
    ))]
    People(PeopleArgs),
}

#[derive(Debug, Args)]
struct PeopleArgs {
    /// Only this person (a person id from org.toml).
    #[arg(long, value_name = "PERSON")]
    person: Option<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    format: ReportFormat,
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Today's date, as YYYY-MM-DD (default: today): it picks the default fiscal year, and
    /// date rules use it when steward notes lint errors in the tree.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct BudgetArgs {
    /// The fiscal year (a folder under budgets/). Default: the current year if it has
    /// budgets, else the most recent one.
    #[arg(long, value_name = "YEAR")]
    fiscal_year: Option<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Status {
    Approved,
    Trial,
    Restricted,
    Retired,
}

#[derive(Debug, Args)]
struct ToolsArgs {
    /// Only tools with this status.
    #[arg(long, value_enum)]
    status: Option<Status>,
    /// Only tools of this department (a department id).
    #[arg(long, value_name = "DEPARTMENT")]
    department: Option<String>,
    /// Only tools that lack this (repeat: tools that lack any of them).
    #[arg(long, value_enum)]
    missing: Vec<Missing>,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: ReportArgs) -> Result<ExitCode, Error> {
    match args.kind {
        ReportKind::Budget(args) => budget(args),
        ReportKind::Tools(args) => tools(args),
        ReportKind::People(args) => people(args),
    }
}

fn people(args: PeopleArgs) -> Result<ExitCode, Error> {
    let today = today(args.common.today.as_deref())?;
    let workspace = Workspace::open(args.common.root.as_deref())?;
    let (lint, loaded) = workspace.lint(None, &Version::WorkTree, today, false, Keep::Nothing)?;
    let tree = &loaded.tree;
    let Some(org) = &tree.org else {
        return refuse(
            &format!(
                "there is no {}org.toml (or it does not parse), so there is nobody to list",
                workspace.prefix
            ),
            "add org.toml with your departments and people (`steward init` writes an example), then run `steward lint`",
        );
    };
    if let Some(person) = &args.person
        && !org.people.contains_key(person)
    {
        let hint = suggest::did_you_mean(person, org.people.keys().map(String::as_str));
        return refuse(
            &format!("there is no person \"{person}\" in org.toml.{hint}"),
            "use the id of someone under [people.<id>] in org.toml, e.g. `steward report people --person jane-doe`",
        );
    }
    let report = report::people_report(tree, today, args.person.as_deref());
    let text = match args.common.format {
        ReportFormat::Human => render::people_human(&report),
        ReportFormat::Markdown => render::people_markdown(&report),
        ReportFormat::Csv => render::people_csv(&report),
        ReportFormat::Json => render::people_json(&report),
        ReportFormat::Xlsx => {
            return write_workbook(&args.common, &xlsx::people_sheets(&report), &lint);
        }
    };
    write_output(args.common.output.as_deref(), &text)?;
    note_errors(&lint);
    Ok(ExitCode::SUCCESS)
}

fn budget(args: BudgetArgs) -> Result<ExitCode, Error> {
    let today = today(args.common.today.as_deref())?;
    let workspace = Workspace::open(args.common.root.as_deref())?;
    let (lint, loaded) = workspace.lint(None, &Version::WorkTree, today, false, Keep::Nothing)?;
    let tree = &loaded.tree;
    let years = report::fiscal_years(tree);
    let year = match args.fiscal_year {
        Some(year) if years.contains(&year) => year,
        Some(year) => {
            let hint = suggest::did_you_mean(&year, years.iter().map(String::as_str));
            return refuse(
                &format!(
                    "there are no budgets for fiscal year \"{year}\" ({}budgets/{year}/ does not exist).{hint}",
                    workspace.prefix
                ),
                &if years.is_empty() {
                    format!(
                        "add one with `steward new budget DEPARTMENT --fiscal-year {year} --allocation AMOUNT`"
                    )
                } else {
                    format!(
                        "the fiscal years with budgets are {}: run `steward report budget --fiscal-year {}`",
                        years.join(", "),
                        years.last().map(String::as_str).unwrap_or_default()
                    )
                },
            );
        }
        None => match report::default_fiscal_year(tree, today) {
            Some(year) => year,
            None => {
                return refuse(
                    &format!("there are no budgets in {}budgets/", workspace.prefix),
                    "add one with `steward new budget DEPARTMENT --allocation AMOUNT`",
                );
            }
        },
    };
    let budget = report::budget_report(tree, &year, today);
    let text = match args.common.format {
        ReportFormat::Human => render::budget_human(&budget),
        ReportFormat::Markdown => render::budget_markdown(&budget),
        ReportFormat::Csv => render::budget_csv(&budget),
        ReportFormat::Json => render::budget_json(&budget),
        ReportFormat::Xlsx => {
            return write_workbook(&args.common, &xlsx::budget_sheets(&budget), &lint);
        }
    };
    write_output(args.common.output.as_deref(), &text)?;
    note_errors(&lint);
    Ok(ExitCode::SUCCESS)
}

fn tools(args: ToolsArgs) -> Result<ExitCode, Error> {
    let today = today(args.common.today.as_deref())?;
    let workspace = Workspace::open(args.common.root.as_deref())?;
    let (lint, loaded) = workspace.lint(None, &Version::WorkTree, today, false, Keep::Nothing)?;
    let tree = &loaded.tree;
    if let Some(department) = &args.department {
        let mut known: Vec<&str> = tree
            .org
            .iter()
            .flat_map(|o| o.departments.keys())
            .chain(tree.tools.values().filter_map(|t| t.department.as_ref()))
            .map(String::as_str)
            .collect();
        known.sort_unstable();
        known.dedup();
        if !known.contains(&department.as_str()) {
            let hint = suggest::did_you_mean(department, known.iter().copied());
            return refuse(
                &format!(
                    "there is no department \"{department}\" in org.toml or in any tool.{hint}"
                ),
                &format!(
                    "use one of {}, e.g. `steward report tools --department {}`",
                    known.join(", "),
                    known.first().copied().unwrap_or("DEPARTMENT")
                ),
            );
        }
    }
    let filter = ToolFilter {
        status: args.status.map(|s| {
            clap::ValueEnum::to_possible_value(&s)
                .map(|v| v.get_name().to_string())
                .unwrap_or_default()
        }),
        department: args.department,
        missing: args.missing,
    };
    let tools = report::tools_report(tree, &filter);
    let text = match args.common.format {
        ReportFormat::Human => render::tools_human(&tools),
        ReportFormat::Markdown => render::tools_markdown(&tools),
        ReportFormat::Csv => render::tools_csv(&tools),
        ReportFormat::Json => render::tools_json(&tools),
        ReportFormat::Xlsx => {
            return write_workbook(&args.common, &xlsx::tools_sheets(tree, &tools), &lint);
        }
    };
    write_output(args.common.output.as_deref(), &text)?;
    note_errors(&lint);
    Ok(ExitCode::SUCCESS)
}

/// `--format xlsx`: the workbook goes to `--output` (a terminal cannot show it).
fn write_workbook(
    common: &CommonArgs,
    sheets: &[xlsx::Sheet],
    lint: &Report,
) -> Result<ExitCode, Error> {
    let Some(path) = common.output.as_deref() else {
        return refuse(
            "--format xlsx writes a workbook, which needs a file",
            "add --output FILE.xlsx",
        );
    };
    let bytes = xlsx::workbook(sheets)
        .map_err(|e| Error::Usage(format!("the workbook could not be made: {e}")))?;
    super::files::write_file(path, &bytes, super::files::Existing::Replace, None)?;
    note_errors(lint);
    Ok(ExitCode::SUCCESS)
}

/// A report on a tree with errors may miss what could not be read: say so on stderr.
fn note_errors(lint: &Report) {
    let errors = lint.errors();
    if errors > 0 {
        let _ = writeln!(
            std::io::stderr().lock(),
            "note: the tree has {errors} lint error{}; values steward could not read are left out of this report. Run `steward lint` to see them.",
            if errors == 1 { "" } else { "s" }
        );
    }
}
