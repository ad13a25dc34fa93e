//! `steward new budget DEPARTMENT`.

use std::process::ExitCode;

use clap::Args;

use super::ask::Asker;
use super::check::{
    check_currency, check_department, department_choices, parse_amount_flag, shared_currency,
};
use super::write::{check_id, refuse_existing, refuse_problems, write_checked};
use super::{CommonArgs, open_or_return};
use crate::cli::init::refuse;
use crate::error::Error;
use crate::layout::is_valid_id;
use crate::model::Tree;
use crate::scaffold::{self, BudgetFields, LineFields};
use crate::suggest;

pub(super) const HELP: &str = "\
Required: the department (as DEPARTMENT or --department) and --allocation; --currency unless
every existing budget uses the same one.

Examples:
  steward new budget operations --allocation 8000
  steward new budget operations --fiscal-year 2027 --currency USD --allocation 8000 \\
      --line laptops:hardware:2400 --line backup-service:service:600

Exit codes:
  0  the file was written
  2  nothing was written (a missing or unknown value, or the file exists)";

#[derive(Debug, Args)]
pub(super) struct BudgetArgs {
    /// The department whose budget this is (a department id from org.toml); also its file name.
    #[arg(value_name = "DEPARTMENT")]
    pub(super) id: Option<String>,
    /// The same as DEPARTMENT.
    #[arg(long, value_name = "DEPARTMENT")]
    pub(super) department: Option<String>,
    /// The fiscal year, also the folder's name (default: the current calendar year).
    #[arg(long, value_name = "YEAR")]
    pub(super) fiscal_year: Option<String>,
    /// An ISO 4217 currency code, e.g. USD (default: the currency every existing budget uses).
    #[arg(long, value_name = "CODE")]
    pub(super) currency: Option<String>,
    /// The total the department may spend.
    #[arg(long, value_name = "AMOUNT")]
    pub(super) allocation: Option<String>,
    /// A line item as ID:CATEGORY:AMOUNT or ID:CATEGORY:AMOUNT:TOOL, e.g. laptops:hardware:2400
    /// (repeat for more). Categories: software, hardware, service, training, other.
    #[arg(long = "line", value_name = "ID:CATEGORY:AMOUNT")]
    pub(super) lines: Vec<String>,
    #[command(flatten)]
    pub(super) common: CommonArgs,
}

pub(super) fn run(args: BudgetArgs) -> Result<ExitCode, Error> {
    let department = match (&args.id, &args.department) {
        (Some(a), Some(b)) if a != b => {
            return refuse(
                &format!("DEPARTMENT is {a} but --department is {b}"),
                "give the department once: `steward new budget DEPARTMENT --allocation AMOUNT`",
            );
        }
        (Some(a), _) => Some(a.clone()),
        (None, b) => b.clone(),
    };
    if let Some(department) = &department
        && let Some(code) = check_id(department, "budget")?
    {
        return Ok(code);
    }
    let ctx = open_or_return!(&args.common);
    let tree = ctx.tree();
    let fiscal_year = args
        .fiscal_year
        .clone()
        .unwrap_or_else(|| scaffold::current_fiscal_year(ctx.today));
    if !is_valid_id(&fiscal_year) {
        return refuse(
            &format!("--fiscal-year \"{fiscal_year}\" cannot be a folder name"),
            "use lowercase letters, digits and dashes, e.g. --fiscal-year 2026 or --fiscal-year 2026-27",
        );
    }
    let mut ask = Asker::new(ctx.interactive);
    let department = ask.choose(
        department,
        "--department",
        "The department whose budget this is",
        &department_choices(tree),
    );
    if let Some(department) = &department {
        let relative = format!("budgets/{fiscal_year}/{department}.toml");
        if let Some(code) = refuse_existing(&ctx, &relative, "budget", department)? {
            return Ok(code);
        }
    }
    let shared_currency = shared_currency(tree);
    let currency = match (&args.currency, &shared_currency) {
        (Some(c), _) => Some(c.clone()),
        (None, Some(c)) => Some(c.clone()),
        (None, None) => ask.text(None, "--currency", "The currency (ISO code, e.g. USD)"),
    };
    let allocation = ask.text(
        args.allocation.clone(),
        "--allocation",
        "The total the department may spend",
    );
    if !ask.missing.is_empty() {
        return ask.refuse_missing(
            &format!(
                "steward new budget {}",
                department.as_deref().unwrap_or("DEPARTMENT")
            ),
            &[
                ("--currency", currency.clone(), "USD"),
                ("--allocation", allocation.clone(), "AMOUNT"),
            ],
        );
    }
    let (Some(department), Some(currency), Some(allocation)) = (department, currency, allocation)
    else {
        unreachable!("every required value is present once nothing is missing");
    };

    let relative = format!("budgets/{fiscal_year}/{department}.toml");
    match fields(&args, department, fiscal_year, &currency, &allocation, tree) {
        Ok(fields) => write_checked(&ctx, &relative, &scaffold::budget(&fields), "budget"),
        Err(problems) => refuse_problems(&problems, "steward new budget --help"),
    }
}

/// Checks the department, currency, allocation and `--line`s against the tree and builds the
/// template's fields, or says everything that is wrong. Pure.
pub(super) fn fields(
    args: &BudgetArgs,
    department: String,
    fiscal_year: String,
    currency: &str,
    allocation: &str,
    tree: &Tree,
) -> Result<BudgetFields, Vec<String>> {
    let mut problems = Vec::new();
    check_department(tree, "DEPARTMENT", &department, &mut problems);
    let currency = check_currency("--currency", currency, &mut problems);
    let allocation = parse_amount_flag("--allocation", allocation, &mut problems);
    let mut lines: Vec<LineFields> = Vec::new();
    for text in &args.lines {
        let parts: Vec<&str> = text.split(':').map(str::trim).collect();
        let (id, category, amount, tool) = match parts.as_slice() {
            [id, category, amount] => (*id, *category, *amount, None),
            [id, category, amount, tool] => (*id, *category, *amount, Some(*tool)),
            _ => {
                problems.push(format!(
                    "--line \"{text}\" is not ID:CATEGORY:AMOUNT, e.g. --line laptops:hardware:2400"
                ));
                continue;
            }
        };
        if !is_valid_id(id) {
            problems.push(format!(
                "--line {text}: the line id \"{id}\" must be lowercase letters, digits and dashes"
            ));
        }
        if lines.iter().any(|l| l.id == id) {
            problems.push(format!(
                "--line {text}: two lines have the id \"{id}\"; give each its own"
            ));
        }
        if !crate::report::CATEGORIES.contains(&category) {
            let hint = suggest::did_you_mean(category, crate::report::CATEGORIES);
            problems.push(format!(
                "--line {text}: the category must be software, hardware, service, training or other.{hint}"
            ));
        }
        if let Some(tool) = tool
            && !tree.tools.contains_key(tool)
        {
            let hint = suggest::did_you_mean(tool, tree.tools.keys().map(String::as_str));
            problems.push(format!(
                "--line {text}: there is no tool \"{tool}\" in tools/.{hint}"
            ));
        }
        let amount = parse_amount_flag("--line", amount, &mut problems).unwrap_or_default();
        lines.push(LineFields {
            id: id.to_string(),
            description: None,
            category: category.to_string(),
            amount,
            tool: tool.map(str::to_string),
            recurring: None,
        });
    }
    if let Some(allocation) = allocation {
        let total = crate::money::sum(lines.iter().map(|l| Some(l.amount)));
        if let Some(total) = total
            && total > allocation
        {
            problems.push(format!(
                "the lines add up to {}, more than the allocation of {}; raise --allocation or lower a line",
                crate::money::format(total, currency.as_deref()),
                crate::money::format(allocation, currency.as_deref())
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (Some(currency), Some(allocation)) = (currency, allocation) else {
        unreachable!("checked above");
    };
    let fields = BudgetFields {
        department,
        fiscal_year,
        currency,
        allocation,
        lines,
    };
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::new::check::tests::tree;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: BudgetArgs,
    }

    fn args(flags: &[&str]) -> BudgetArgs {
        Command::parse_from(["new-budget", "comms"].iter().chain(flags)).args
    }

    #[test]
    fn lines_are_checked_and_added_up() {
        let line_flags = [
            "--line",
            "laptops:hardware:900",
            "--line",
            "chat:software:200.50:chat",
        ];
        let problems = fields(
            &args(&line_flags),
            "comms".into(),
            "2027".into(),
            "EUR",
            "1000",
            &tree(),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(
            problems[0].starts_with("--line chat:software:200.50:chat: there is no tool \"chat\"")
        );
        assert!(
            problems[1]
                .starts_with("the lines add up to €1,100.50, more than the allocation of €1,000")
        );
        let ok = fields(
            &args(&["--line", "laptops:hardware:900"]),
            "comms".into(),
            "2027".into(),
            "EUR",
            "1000",
            &tree(),
        )
        .unwrap();
        assert_eq!(ok.lines.len(), 1);
    }
}
