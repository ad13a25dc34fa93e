//! `steward new tool ID`.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::ask::Asker;
use super::check::{
    check_budget_line, check_currency, check_department, check_person, department_choices,
    has_scheme, line_choices, not_blank, parse_amount_flag, parse_date, people_choices,
};
use super::write::{check_id, refuse_existing, refuse_problems, write_checked};
use super::{CommonArgs, open_or_return, value_name};
use crate::error::Error;
use crate::model::Tree;
use crate::scaffold::{self, CostFields, ExitPlanFields, ToolFields};

pub(super) const HELP: &str = "\
Required: --name, --vendor, --category, --department, --owner, --backup-owner, --data-export;
with --cost-amount also --period and --budget-line. On a terminal, steward asks for what is
missing; elsewhere it stops and lists every missing flag.

Examples:
  steward new tool chat
  steward new tool chat --name Chat --vendor \"Chat Co\" --category messaging \\
      --department communications --owner jordan-lee --backup-owner alex-rivera \\
      --data-export \"Admin > Export > JSON of all channels\" --export-format JSON \\
      --cost-amount 8 --period month --budget-line 2026/communications#software-subscriptions

Exit codes:
  0  the file was written
  2  nothing was written (a missing or unknown value, or the file exists)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ToolStatus {
    /// Being evaluated (the default for a new tool: the committee approves it later).
    Trial,
    /// Use freely (also sets approved_on).
    Approved,
    /// Only with permission.
    Restricted,
    /// No longer used.
    Retired,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Classification {
    Public,
    Internal,
    Confidential,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Period {
    Month,
    Year,
    OneTime,
}

#[derive(Debug, Args)]
pub(super) struct ToolArgs {
    /// The tool's id and file name: lowercase letters, digits and dashes, e.g. google-drive.
    #[arg(value_name = "ID")]
    pub(super) id: String,
    /// The tool's name as people know it, e.g. "Google Drive".
    #[arg(long, value_name = "TEXT")]
    pub(super) name: Option<String>,
    /// Who makes or sells it.
    #[arg(long, value_name = "TEXT")]
    pub(super) vendor: Option<String>,
    /// What it is for, in a word or two, e.g. design, crm, "file sharing".
    #[arg(long, value_name = "TEXT")]
    pub(super) category: Option<String>,
    /// What the tool is used for here.
    #[arg(long, value_name = "TEXT")]
    pub(super) description: Option<String>,
    /// The tool's status.
    #[arg(long, value_enum, default_value_t = ToolStatus::Trial)]
    pub(super) status: ToolStatus,
    /// The department that owns the tool and pays for it (a department id from org.toml).
    #[arg(long, value_name = "DEPARTMENT")]
    pub(super) department: Option<String>,
    /// The person accountable for the tool (a person id from org.toml).
    #[arg(long, value_name = "PERSON")]
    pub(super) owner: Option<String>,
    /// Who takes over when the owner is away or leaves (a person id, not the owner).
    #[arg(long, value_name = "PERSON")]
    pub(super) backup_owner: Option<String>,
    /// The most sensitive data the tool holds.
    #[arg(long, value_enum)]
    pub(super) data_classification: Option<Classification>,
    /// The tool's web address.
    #[arg(long, value_name = "URL")]
    pub(super) url: Option<String>,
    /// The exit plan: how the data gets out, step by step, in plain words.
    #[arg(long, value_name = "TEXT")]
    pub(super) data_export: Option<String>,
    /// A file format the data can be exported to, e.g. CSV (repeat for more).
    #[arg(long = "export-format", value_name = "FORMAT")]
    pub(super) export_formats: Vec<String>,
    /// A tool we could move to (repeat for more).
    #[arg(long = "alternative", value_name = "TEXT")]
    pub(super) alternatives: Vec<String>,
    /// Days of notice the contract requires before cancelling.
    #[arg(long, value_name = "DAYS")]
    pub(super) notice_period_days: Option<u32>,
    /// The last day someone actually exported the data and checked it, as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(super) exit_tested: Option<String>,
    /// The price per period, e.g. 12.50. Needs --period and --budget-line.
    #[arg(long, value_name = "AMOUNT")]
    pub(super) cost_amount: Option<String>,
    /// The cost's currency, e.g. USD (default: the currency of the budget in --budget-line).
    #[arg(long, value_name = "CODE")]
    pub(super) currency: Option<String>,
    /// How often the amount is paid.
    #[arg(long, value_enum)]
    pub(super) period: Option<Period>,
    /// The budget line that pays for it, e.g. 2026/communications#software-subscriptions.
    #[arg(long, value_name = "YEAR/DEPARTMENT#LINE")]
    pub(super) budget_line: Option<String>,
    #[command(flatten)]
    pub(super) common: CommonArgs,
}

pub(super) fn run(args: ToolArgs) -> Result<ExitCode, Error> {
    if let Some(code) = check_id(&args.id, "tool")? {
        return Ok(code);
    }
    let ctx = open_or_return!(&args.common);
    let relative = format!("tools/{}.toml", args.id);
    if let Some(code) = refuse_existing(&ctx, &relative, "tool", &args.id)? {
        return Ok(code);
    }
    let tree = ctx.tree();
    let mut ask = Asker::new(ctx.interactive);
    let name = ask.text(
        args.name.clone(),
        "--name",
        "The tool's name, as people know it",
    );
    let vendor = ask.text(args.vendor.clone(), "--vendor", "Who makes or sells it");
    let category = ask.text(
        args.category.clone(),
        "--category",
        "What it is for, in a word or two (design, crm, file sharing...)",
    );
    let department = ask.choose(
        args.department.clone(),
        "--department",
        "The department that owns and pays for it",
        &department_choices(tree),
    );
    let people = people_choices(tree, ctx.today, department.as_deref());
    let owner = ask.choose(
        args.owner.clone(),
        "--owner",
        "The person accountable for it",
        &people,
    );
    let backup_choices: Vec<(String, String)> = people
        .iter()
        .filter(|(id, _)| Some(id) != owner.as_ref())
        .cloned()
        .collect();
    let backup_owner = ask.choose(
        args.backup_owner.clone(),
        "--backup-owner",
        "Who takes over when the owner is away or leaves",
        &backup_choices,
    );
    let data_export = ask.text(
        args.data_export.clone(),
        "--data-export",
        "How the data gets out if we leave the tool, step by step",
    );
    // A cost needs a period and the budget line that pays for it.
    let has_cost = args.cost_amount.is_some()
        || args.period.is_some()
        || args.budget_line.is_some()
        || ask.confirm("Does the tool cost money?");
    let cost_amount = if has_cost {
        ask.text(
            args.cost_amount.clone(),
            "--cost-amount",
            "The price per period",
        )
    } else {
        None
    };
    let period = if has_cost {
        let given = args.period.map(|p| value_name(&p));
        let choices = ["month", "year", "one-time"].map(|p| (p.to_string(), p.to_string()));
        ask.choose(given, "--period", "How often it is paid", &choices)
    } else {
        None
    };
    let paid = cost_amount
        .as_deref()
        .and_then(|a| a.trim().parse::<Decimal>().ok())
        .is_none_or(|a| !a.is_zero());
    let budget_line = if has_cost && paid {
        ask.choose(
            args.budget_line.clone(),
            "--budget-line",
            "The budget line that pays for it",
            &line_choices(tree, department.as_deref()),
        )
    } else {
        args.budget_line.clone()
    };
    if !ask.missing.is_empty() {
        let mut flags: Vec<(&str, Option<String>, &str)> = vec![
            ("--name", name.clone(), "NAME"),
            ("--vendor", vendor.clone(), "VENDOR"),
            ("--category", category.clone(), "CATEGORY"),
            ("--department", department.clone(), "DEPARTMENT"),
            ("--owner", owner.clone(), "PERSON"),
            ("--backup-owner", backup_owner.clone(), "PERSON"),
            (
                "--data-export",
                data_export.clone(),
                "'HOW THE DATA GETS OUT'",
            ),
        ];
        if has_cost {
            flags.push(("--cost-amount", cost_amount.clone(), "AMOUNT"));
            flags.push(("--period", period.clone(), "month"));
            flags.push((
                "--budget-line",
                budget_line.clone(),
                "'YEAR/DEPARTMENT#LINE'",
            ));
        }
        return ask.refuse_missing(&format!("steward new tool {}", args.id), &flags);
    }
    let (
        Some(name),
        Some(vendor),
        Some(category),
        Some(department),
        Some(owner),
        Some(backup_owner),
        Some(data_export),
    ) = (
        name,
        vendor,
        category,
        department,
        owner,
        backup_owner,
        data_export,
    )
    else {
        unreachable!("every required value is present once nothing is missing");
    };
    let answers = Answers {
        name,
        vendor,
        category,
        department,
        owner,
        backup_owner,
        data_export,
        cost_amount,
        period,
        budget_line,
    };
    match fields(&args, answers, tree, ctx.today) {
        Ok(fields) => write_checked(&ctx, &relative, &scaffold::tool(&fields), "tool"),
        Err(problems) => refuse_problems(&problems, "steward new tool --help"),
    }
}

/// The values asked for (or given as flags), every required one present.
#[derive(Debug, Clone)]
pub(super) struct Answers {
    pub(super) name: String,
    pub(super) vendor: String,
    pub(super) category: String,
    pub(super) department: String,
    pub(super) owner: String,
    pub(super) backup_owner: String,
    pub(super) data_export: String,
    pub(super) cost_amount: Option<String>,
    pub(super) period: Option<String>,
    pub(super) budget_line: Option<String>,
}

/// Checks the answers and the other flags against the tree and builds the template's fields,
/// or says everything that is wrong. Pure: no prompts, no files.
pub(super) fn fields(
    args: &ToolArgs,
    answers: Answers,
    tree: &Tree,
    today: Date,
) -> Result<ToolFields, Vec<String>> {
    let Answers {
        name,
        vendor,
        category,
        department,
        owner,
        backup_owner,
        data_export,
        cost_amount,
        period,
        budget_line,
    } = answers;
    let mut problems = Vec::new();
    for (flag, value) in [
        ("--name", &name),
        ("--vendor", &vendor),
        ("--category", &category),
    ] {
        not_blank(flag, value, &mut problems);
    }
    check_department(tree, "--department", &department, &mut problems);
    check_person(tree, today, "--owner", &owner, &mut problems);
    check_person(tree, today, "--backup-owner", &backup_owner, &mut problems);
    if owner == backup_owner {
        problems.push(format!(
            "--backup-owner is the owner ({owner}); choose a second person, so that the tool does not depend on one"
        ));
    }
    if crate::report::is_placeholder(&data_export) {
        problems.push(format!(
            "--data-export \"{}\" is a placeholder; say how the data gets out, e.g. \"Settings > Export > CSV of all records\"",
            data_export.trim()
        ));
    }
    if let Some(url) = &args.url
        && !has_scheme(url)
    {
        problems.push(format!(
            "--url \"{url}\" is not a full web address; write it with https://"
        ));
    }
    let last_tested = parse_date("--exit-tested", args.exit_tested.as_deref(), &mut problems);
    for (flag, items) in [
        ("--export-format", &args.export_formats),
        ("--alternative", &args.alternatives),
    ] {
        for item in items {
            not_blank(flag, item, &mut problems);
        }
    }
    let cost = match cost_amount {
        Some(amount) => {
            let amount = parse_amount_flag("--cost-amount", &amount, &mut problems);
            let budget_currency = budget_line
                .as_deref()
                .and_then(|r| check_budget_line(tree, r, &mut problems));
            let currency = match (&args.currency, budget_currency) {
                (Some(given), Some(budget)) if *given != budget => {
                    problems.push(format!(
                        "--currency {given} differs from the budget's currency, {budget}; state the cost in {budget}, as the budget pays it"
                    ));
                    None
                }
                (Some(given), _) => check_currency("--currency", given, &mut problems),
                (None, Some(budget)) => Some(budget),
                (None, None) => {
                    if budget_line.is_none() {
                        problems.push("--currency is needed when there is no --budget-line to take it from, e.g. --currency USD".to_string());
                    }
                    None
                }
            };
            match (amount, currency, period) {
                (Some(amount), Some(currency), Some(period)) => Some(CostFields {
                    amount,
                    currency,
                    period,
                    budget_line: budget_line.clone(),
                    notes: None,
                }),
                _ => None,
            }
        }
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }

    let status = value_name(&args.status);
    let fields = ToolFields {
        name: name.trim().to_string(),
        vendor: vendor.trim().to_string(),
        category: category.trim().to_string(),
        description: args.description.clone(),
        approved_on: (args.status == ToolStatus::Approved).then_some(today),
        status,
        department,
        owner,
        backup_owner: Some(backup_owner),
        last_reviewed: today,
        data_classification: args.data_classification.map(|c| value_name(&c)),
        url: args.url.clone(),
        notes: None,
        cost,
        contract: None,
        exit_plan: ExitPlanFields {
            data_export: data_export.trim().to_string(),
            export_formats: args.export_formats.clone(),
            alternatives: args.alternatives.clone(),
            notice_period_days: args.notice_period_days.map(i64::from),
            last_tested,
            notes: None,
        },
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
        args: ToolArgs,
    }

    fn args(flags: &[&str]) -> ToolArgs {
        Command::parse_from(["new-tool", "chat"].iter().chain(flags)).args
    }

    fn answers() -> Answers {
        Answers {
            name: " Chat ".into(),
            vendor: "Chat Co".into(),
            category: "messaging".into(),
            department: "it".into(),
            owner: "ana".into(),
            backup_owner: "ben".into(),
            data_export: "Admin > Export > JSON".into(),
            cost_amount: Some("8".into()),
            period: Some("month".into()),
            budget_line: Some("2026/it#chat".into()),
        }
    }

    #[test]
    fn answers_become_the_template_fields() {
        let today = jiff::civil::date(2026, 11, 25);
        let fields = fields(&args(&["--status", "approved"]), answers(), &tree(), today).unwrap();
        assert_eq!(fields.name, "Chat");
        assert_eq!(fields.approved_on, Some(today));
        let cost = fields.cost.unwrap();
        assert_eq!(cost.currency, "EUR", "the budget's currency");
        assert_eq!(cost.amount, "8".parse().unwrap());
    }

    #[test]
    fn every_problem_is_said_at_once() {
        let today = jiff::civil::date(2026, 11, 25);
        let wrong = Answers {
            backup_owner: "ana".into(),
            data_export: "TBD".into(),
            budget_line: Some("2026/it#nope".into()),
            ..answers()
        };
        let problems =
            fields(&args(&["--url", "chat.example"]), wrong, &tree(), today).unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].starts_with("--backup-owner is the owner (ana)"));
        assert!(problems[1].starts_with("--data-export \"TBD\" is a placeholder"));
        assert!(problems[2].starts_with("--url \"chat.example\" is not a full web address"));
        assert!(problems[3].starts_with("--budget-line 2026/it#nope"));
    }
}
