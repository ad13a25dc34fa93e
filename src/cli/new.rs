//! `steward new tool|policy|budget ID`: writes one valid file from a commented template.
//!
//! Values come from flags. On a terminal (standard input and standard error both terminals,
//! and no `--no-input`) steward asks for each missing required value, offering the
//! departments, people and budget lines the tree already has; without a terminal it stops on
//! any missing required flag, listing them all with an example command. Values are checked
//! against the tree (departments and people in org.toml, tools, policies, budget lines) before
//! anything is written; then the file is linted together with the tree, in memory, and written
//! only if it adds no error. An existing file is never overwritten.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::init::{refuse, shell_word};
use super::today;
use super::workspace::{Version, Workspace};
use crate::error::Error;
use crate::finding::{Finding, Severity};
use crate::layout::is_valid_id;
use crate::lint::{Report, lint_loaded};
use crate::loader::{self, Loaded};
use crate::model::{LineRef, Tree};
use crate::scaffold::{
    self, BudgetFields, ClauseFields, CostFields, ExitPlanFields, LineFields, PolicyFields,
    ToolFields,
};
use crate::source::RawFile;
use crate::suggest;

const TOOL_HELP: &str = "\
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

const POLICY_HELP: &str = "\
Required: --title, --owner. The policy starts as a draft unless --status says otherwise.

Examples:
  steward new policy password-manager --title \"Password manager\" --owner operations
  steward new policy ai-use --title \"Using AI tools\" --owner operations --status active \\
      --approved-by operations --approved-by communications \\
      --clause \"allowed=Staff may use approved AI tools for drafts, never with personal data.\"

Exit codes:
  0  the file was written
  2  nothing was written (a missing or unknown value, or the file exists)";

const BUDGET_HELP: &str = "\
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
pub struct NewArgs {
    #[command(subcommand)]
    kind: NewKind,
}

#[derive(Debug, Subcommand)]
enum NewKind {
    /// Add a tool to the registry: tools/ID.toml.
    #[command(after_help = TOOL_HELP)]
    Tool(Box<ToolArgs>),
    /// Add a written technology policy: technology/ID.toml.
    #[command(after_help = POLICY_HELP)]
    Policy(PolicyArgs),
    /// Add a department's budget for a fiscal year: budgets/YEAR/DEPARTMENT.toml.
    #[command(after_help = BUDGET_HELP)]
    Budget(BudgetArgs),
}

#[derive(Debug, Args)]
struct CommonArgs {
    /// The policy tree's folder (default: `root` in steward.toml, else `policies`).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// The date written as approved_on, last_reviewed and effective, as YYYY-MM-DD (default:
    /// today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// Never ask, even on a terminal: stop when a required flag is missing.
    #[arg(long)]
    no_input: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ToolStatus {
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
enum Classification {
    Public,
    Internal,
    Confidential,
    Restricted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Period {
    Month,
    Year,
    OneTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PolicyStatus {
    /// Being written (the default).
    Draft,
    /// In force (also sets effective).
    Active,
    /// No longer in force.
    Retired,
}

#[derive(Debug, Args)]
struct ToolArgs {
    /// The tool's id and file name: lowercase letters, digits and dashes, e.g. google-drive.
    #[arg(value_name = "ID")]
    id: String,
    /// The tool's name as people know it, e.g. "Google Drive".
    #[arg(long, value_name = "TEXT")]
    name: Option<String>,
    /// Who makes or sells it.
    #[arg(long, value_name = "TEXT")]
    vendor: Option<String>,
    /// What it is for, in a word or two, e.g. design, crm, "file sharing".
    #[arg(long, value_name = "TEXT")]
    category: Option<String>,
    /// What the tool is used for here.
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// The tool's status.
    #[arg(long, value_enum, default_value_t = ToolStatus::Trial)]
    status: ToolStatus,
    /// The department that owns the tool and pays for it (a department id from org.toml).
    #[arg(long, value_name = "DEPARTMENT")]
    department: Option<String>,
    /// The person accountable for the tool (a person id from org.toml).
    #[arg(long, value_name = "PERSON")]
    owner: Option<String>,
    /// Who takes over when the owner is away or leaves (a person id, not the owner).
    #[arg(long, value_name = "PERSON")]
    backup_owner: Option<String>,
    /// The most sensitive data the tool holds.
    #[arg(long, value_enum)]
    data_classification: Option<Classification>,
    /// The tool's web address.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// The exit plan: how the data gets out, step by step, in plain words.
    #[arg(long, value_name = "TEXT")]
    data_export: Option<String>,
    /// A file format the data can be exported to, e.g. CSV (repeat for more).
    #[arg(long = "export-format", value_name = "FORMAT")]
    export_formats: Vec<String>,
    /// A tool we could move to (repeat for more).
    #[arg(long = "alternative", value_name = "TEXT")]
    alternatives: Vec<String>,
    /// Days of notice the contract requires before cancelling.
    #[arg(long, value_name = "DAYS")]
    notice_period_days: Option<u32>,
    /// The last day someone actually exported the data and checked it, as YYYY-MM-DD.
    #[arg(long, value_name = "YYYY-MM-DD")]
    exit_tested: Option<String>,
    /// The price per period, e.g. 12.50. Needs --period and --budget-line.
    #[arg(long, value_name = "AMOUNT")]
    cost_amount: Option<String>,
    /// The cost's currency, e.g. USD (default: the currency of the budget in --budget-line).
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// How often the amount is paid.
    #[arg(long, value_enum)]
    period: Option<Period>,
    /// The budget line that pays for it, e.g. 2026/communications#software-subscriptions.
    #[arg(long, value_name = "YEAR/DEPARTMENT#LINE")]
    budget_line: Option<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Args)]
struct PolicyArgs {
    /// The policy's id and file name: lowercase letters, digits and dashes, e.g. ai-use.
    #[arg(value_name = "ID")]
    id: String,
    /// The policy's title.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// One or two sentences on what the policy is for.
    #[arg(long, value_name = "TEXT")]
    summary: Option<String>,
    /// The policy's status.
    #[arg(long, value_enum, default_value_t = PolicyStatus::Draft)]
    status: PolicyStatus,
    /// The department responsible for the policy (a department id from org.toml).
    #[arg(long, value_name = "DEPARTMENT")]
    owner: Option<String>,
    /// A department that approved the policy (repeat for more).
    #[arg(long = "approved-by", value_name = "DEPARTMENT")]
    approved_by: Vec<String>,
    /// A tool this policy governs (a tool id; repeat for more).
    #[arg(long = "tool", value_name = "TOOL")]
    tools: Vec<String>,
    /// A policy this one replaces (a policy id; repeat for more).
    #[arg(long, value_name = "POLICY")]
    supersedes: Vec<String>,
    /// How often the policy must be reviewed, in months.
    #[arg(long, value_name = "MONTHS", default_value_t = 12)]
    review_every_months: u32,
    /// A clause as ID=TEXT, e.g. "who-decides=The owning department decides." (repeat for
    /// more, in order).
    #[arg(long = "clause", value_name = "ID=TEXT")]
    clauses: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Debug, Args)]
struct BudgetArgs {
    /// The department whose budget this is (a department id from org.toml); also its file name.
    #[arg(value_name = "DEPARTMENT")]
    id: Option<String>,
    /// The same as DEPARTMENT.
    #[arg(long, value_name = "DEPARTMENT")]
    department: Option<String>,
    /// The fiscal year, also the folder's name (default: the current calendar year).
    #[arg(long, value_name = "YEAR")]
    fiscal_year: Option<String>,
    /// An ISO 4217 currency code, e.g. USD (default: the currency every existing budget uses).
    #[arg(long, value_name = "CODE")]
    currency: Option<String>,
    /// The total the department may spend.
    #[arg(long, value_name = "AMOUNT")]
    allocation: Option<String>,
    /// A line item as ID:CATEGORY:AMOUNT or ID:CATEGORY:AMOUNT:TOOL, e.g. laptops:hardware:2400
    /// (repeat for more). Categories: software, hardware, service, training, other.
    #[arg(long = "line", value_name = "ID:CATEGORY:AMOUNT")]
    lines: Vec<String>,
    #[command(flatten)]
    common: CommonArgs,
}

pub fn run(args: NewArgs) -> Result<ExitCode, Error> {
    match args.kind {
        NewKind::Tool(args) => new_tool(*args),
        NewKind::Policy(args) => new_policy(args),
        NewKind::Budget(args) => new_budget(args),
    }
}

/// Everything a `new` command works with.
struct Context {
    workspace: Workspace,
    files: Vec<RawFile>,
    loaded: Loaded,
    today: Date,
    interactive: bool,
}

impl Context {
    fn tree(&self) -> &Tree {
        &self.loaded.tree
    }
}

/// Opens the workspace and loads the tree; `Err(code)` when steward must stop (already said).
fn open(common: &CommonArgs) -> Result<Result<Context, ExitCode>, Error> {
    let today = today(common.today.as_deref())?;
    let workspace = Workspace::open(common.root.as_deref())?;
    let files = match workspace.files(None, &Version::WorkTree, false) {
        Ok(files) => files,
        Err(Error::MissingRoot { path }) => {
            return refuse(
                &format!("there is no policy tree at {}", path.display()),
                "run `steward init` to set one up, or pass --root DIR to use another folder",
            )
            .map(Err);
        }
        Err(e) => return Err(e),
    };
    let loaded = loader::load(files.clone(), &workspace.prefix, &workspace.layout);
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
    Ok(Ok(Context {
        workspace,
        files,
        loaded,
        today,
        interactive,
    }))
}

macro_rules! open_or_return {
    ($common:expr) => {
        match open($common)? {
            Ok(ctx) => ctx,
            Err(code) => return Ok(code),
        }
    };
}

fn new_tool(args: ToolArgs) -> Result<ExitCode, Error> {
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
    let (Some(name), Some(vendor), Some(category), Some(department), Some(owner)) =
        (name, vendor, category, department, owner)
    else {
        unreachable!("every required value is present once nothing is missing");
    };
    let (Some(backup_owner), Some(data_export)) = (backup_owner, data_export) else {
        unreachable!("every required value is present once nothing is missing");
    };

    let mut problems = Vec::new();
    for (flag, value) in [
        ("--name", &name),
        ("--vendor", &vendor),
        ("--category", &category),
    ] {
        not_blank(flag, value, &mut problems);
    }
    check_department(tree, "--department", &department, &mut problems);
    check_person(tree, ctx.today, "--owner", &owner, &mut problems);
    check_person(
        tree,
        ctx.today,
        "--backup-owner",
        &backup_owner,
        &mut problems,
    );
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
            let amount = parse_money("--cost-amount", &amount, &mut problems);
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
                }),
                _ => None,
            }
        }
        None => None,
    };
    if !problems.is_empty() {
        return refuse_problems(&problems, "steward new tool --help");
    }

    let status = value_name(&args.status);
    let fields = ToolFields {
        name: name.trim().to_string(),
        vendor: vendor.trim().to_string(),
        category: category.trim().to_string(),
        description: args.description.clone(),
        approved_on: (args.status == ToolStatus::Approved).then_some(ctx.today),
        status,
        department,
        owner,
        backup_owner: Some(backup_owner),
        last_reviewed: ctx.today,
        data_classification: args.data_classification.map(|c| value_name(&c)),
        url: args.url.clone(),
        cost,
        exit_plan: ExitPlanFields {
            data_export: data_export.trim().to_string(),
            export_formats: args.export_formats.clone(),
            alternatives: args.alternatives.clone(),
            notice_period_days: args.notice_period_days.map(i64::from),
            last_tested,
        },
    };
    write_checked(&ctx, &relative, &scaffold::tool(&fields), "tool")
}

fn new_policy(args: PolicyArgs) -> Result<ExitCode, Error> {
    if let Some(code) = check_id(&args.id, "policy")? {
        return Ok(code);
    }
    let ctx = open_or_return!(&args.common);
    let relative = format!("technology/{}.toml", args.id);
    if let Some(code) = refuse_existing(&ctx, &relative, "policy", &args.id)? {
        return Ok(code);
    }
    let tree = ctx.tree();
    let mut ask = Asker::new(ctx.interactive);
    let title = ask.text(args.title.clone(), "--title", "The policy's title");
    let owner = ask.choose(
        args.owner.clone(),
        "--owner",
        "The department responsible for it",
        &department_choices(tree),
    );
    if !ask.missing.is_empty() {
        return ask.refuse_missing(
            &format!("steward new policy {}", args.id),
            &[
                ("--title", title, "TITLE"),
                ("--owner", owner, "DEPARTMENT"),
            ],
        );
    }
    let (Some(title), Some(owner)) = (title, owner) else {
        unreachable!("every required value is present once nothing is missing");
    };

    let mut problems = Vec::new();
    not_blank("--title", &title, &mut problems);
    check_department(tree, "--owner", &owner, &mut problems);
    for department in &args.approved_by {
        check_department(tree, "--approved-by", department, &mut problems);
    }
    for tool in &args.tools {
        if !tree.tools.contains_key(tool) {
            let hint = suggest::did_you_mean(tool, tree.tools.keys().map(String::as_str));
            problems.push(format!(
                "--tool {tool}: there is no tool \"{tool}\" in tools/.{hint} Add it first with `steward new tool {tool}`"
            ));
        }
    }
    for old in &args.supersedes {
        if !tree.policies.contains_key(old) {
            let hint = suggest::did_you_mean(old, tree.policies.keys().map(String::as_str));
            problems.push(format!(
                "--supersedes {old}: there is no policy \"{old}\" in technology/.{hint}"
            ));
        }
    }
    if !(1..=120).contains(&args.review_every_months) {
        problems.push("--review-every-months must be between 1 and 120".to_string());
    }
    if args.status == PolicyStatus::Active {
        let missing: Vec<&String> = ctx
            .workspace
            .config
            .required_approvers
            .iter()
            .filter(|d| !args.approved_by.contains(d))
            .collect();
        if !missing.is_empty() {
            let flags: Vec<String> = missing
                .iter()
                .map(|d| format!("--approved-by {d}"))
                .collect();
            problems.push(format!(
                "an active policy needs the approval of every department steward.toml requires: add {}, or leave the policy a draft",
                flags.join(" ")
            ));
        }
    }
    let mut clauses: Vec<ClauseFields> = Vec::new();
    for clause in &args.clauses {
        match clause.split_once('=') {
            Some((id, text)) if is_valid_id(id.trim()) && !text.trim().is_empty() => {
                let id = id.trim().to_string();
                if clauses.iter().any(|c| c.id == id) {
                    problems.push(format!("--clause {id}: two clauses have this id; give each its own"));
                }
                clauses.push(ClauseFields {
                    id,
                    title: None,
                    text: text.trim().to_string(),
                });
            }
            _ => problems.push(format!(
                "--clause \"{clause}\" is not ID=TEXT with an id of lowercase letters, digits and dashes, e.g. --clause \"who-decides=The owning department decides.\""
            )),
        }
    }
    if !problems.is_empty() {
        return refuse_problems(&problems, "steward new policy --help");
    }
    let active = args.status == PolicyStatus::Active;
    let fields = PolicyFields {
        title: title.trim().to_string(),
        summary: args.summary.clone(),
        status: value_name(&args.status),
        owner,
        approved_by: args.approved_by.clone(),
        effective: active.then_some(ctx.today),
        last_reviewed: ctx.today,
        review_every_months: i64::from(args.review_every_months),
        tools: args.tools.clone(),
        supersedes: args.supersedes.clone(),
        clauses,
    };
    write_checked(&ctx, &relative, &scaffold::policy(&fields), "policy")
}

fn new_budget(args: BudgetArgs) -> Result<ExitCode, Error> {
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

    let mut problems = Vec::new();
    check_department(tree, "DEPARTMENT", &department, &mut problems);
    let currency = check_currency("--currency", &currency, &mut problems);
    let allocation = parse_money("--allocation", &allocation, &mut problems);
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
        let amount = parse_money("--line", amount, &mut problems).unwrap_or_default();
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
        let total: Decimal = lines.iter().map(|l| l.amount).sum();
        if total > allocation {
            problems.push(format!(
                "the lines add up to {}, more than the allocation of {}; raise --allocation or lower a line",
                crate::money::format(total, currency.as_deref()),
                crate::money::format(allocation, currency.as_deref())
            ));
        }
    }
    if !problems.is_empty() {
        return refuse_problems(&problems, "steward new budget --help");
    }
    let (Some(currency), Some(allocation)) = (currency, allocation) else {
        unreachable!("checked above");
    };
    let relative = format!("budgets/{fiscal_year}/{department}.toml");
    let fields = BudgetFields {
        department,
        fiscal_year,
        currency,
        allocation,
        lines,
    };
    write_checked(&ctx, &relative, &scaffold::budget(&fields), "budget")
}

/// Collects the required values: from flags, else (on a terminal) by asking, else it notes
/// the flag as missing.
struct Asker {
    interactive: bool,
    missing: Vec<&'static str>,
}

impl Asker {
    fn new(interactive: bool) -> Self {
        Asker {
            interactive,
            missing: Vec::new(),
        }
    }

    fn text(&mut self, given: Option<String>, flag: &'static str, prompt: &str) -> Option<String> {
        if given.is_some() {
            return given;
        }
        if self.interactive
            && let Ok(value) = dialoguer::Input::<String>::new()
                .with_prompt(prompt)
                .interact_text()
            && !value.trim().is_empty()
        {
            return Some(value);
        }
        self.missing.push(flag);
        None
    }

    /// A yes/no question on a terminal (no by default); no elsewhere.
    fn confirm(&self, prompt: &str) -> bool {
        self.interactive
            && dialoguer::Confirm::new()
                .with_prompt(prompt)
                .default(false)
                .interact()
                .unwrap_or(false)
    }

    /// Offers `choices` (value, label) on a terminal.
    fn choose(
        &mut self,
        given: Option<String>,
        flag: &'static str,
        prompt: &str,
        choices: &[(String, String)],
    ) -> Option<String> {
        if given.is_some() {
            return given;
        }
        if self.interactive && !choices.is_empty() {
            let labels: Vec<&str> = choices.iter().map(|(_, label)| label.as_str()).collect();
            if let Ok(Some(index)) = dialoguer::Select::new()
                .with_prompt(prompt)
                .items(&labels)
                .default(0)
                .interact_opt()
            {
                return Some(choices[index].0.clone());
            }
        }
        self.missing.push(flag);
        None
    }

    /// Lists every missing flag and shows the command with them, the given values filled in.
    fn refuse_missing(
        &self,
        command: &str,
        flags: &[(&str, Option<String>, &str)],
    ) -> Result<ExitCode, Error> {
        let mut example = command.to_string();
        for (flag, value, placeholder) in flags {
            let value = match value {
                Some(v) => shell_word(v),
                None => placeholder.to_string(),
            };
            example.push_str(&format!(" {flag} {value}"));
        }
        let how = if self.interactive {
            "answer every question, or give the values as flags"
        } else {
            "steward asks for missing values only on a terminal; here, give them as flags"
        };
        refuse(
            &format!(
                "missing {}: {}",
                if self.missing.len() == 1 {
                    "a required flag"
                } else {
                    "required flags"
                },
                self.missing.join(", ")
            ),
            &format!("{how}, e.g.\n    {example}"),
        )
    }
}

/// `Some(exit code)` when the id cannot be a file name.
fn check_id(id: &str, kind: &str) -> Result<Option<ExitCode>, Error> {
    if is_valid_id(id) {
        return Ok(None);
    }
    let fixed = crate::layout::normalize_id(id);
    let what = if kind == "budget" { "department" } else { "id" };
    refuse(
        &format!(
            "\"{id}\" cannot be a {kind} {what}: ids are lowercase letters, digits and dashes"
        ),
        &if fixed.is_empty() {
            format!("choose an id such as `steward new {kind} my-{kind}`")
        } else {
            format!("use `steward new {kind} {fixed}`")
        },
    )
    .map(Some)
}

/// `Some(exit code)` when the file is already there: new never overwrites.
fn refuse_existing(
    ctx: &Context,
    relative: &str,
    kind: &str,
    id: &str,
) -> Result<Option<ExitCode>, Error> {
    let path = ctx.workspace.root.join(relative);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let shown = format!("{}{relative}", ctx.workspace.prefix);
    let help = match kind {
        "budget" => format!(
            "edit {shown} to change it, then run `steward lint`; for another year, pass --fiscal-year YEAR"
        ),
        _ => format!(
            "edit {shown} to change it, then run `steward lint`; to add another {kind}, choose another id, e.g. `steward new {kind} {id}-2`"
        ),
    };
    refuse(
        &format!("{shown} already exists; steward new never overwrites a file"),
        &help,
    )
    .map(Some)
}

fn refuse_problems(problems: &[String], help_command: &str) -> Result<ExitCode, Error> {
    let list: String = problems.iter().map(|p| format!("\n  - {p}")).collect();
    refuse(
        &format!("nothing was written:{list}"),
        &format!(
            "fix the values above and run the command again (`{help_command}` lists every flag)"
        ),
    )
}

/// Lints the tree with the new file added, in memory; writes the file only if that adds no
/// error, then shows its warnings and what to do next.
fn write_checked(ctx: &Context, relative: &str, text: &str, kind: &str) -> Result<ExitCode, Error> {
    let shown = format!("{}{relative}", ctx.workspace.prefix);
    let (errors, warnings) = preview(ctx, relative, text);
    if !errors.is_empty() {
        let report = Report {
            findings: errors,
            files: 1,
            waived: 0,
            preexisting: 0,
            base_error: None,
        };
        let rendered = crate::render::human::render(&report, false);
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "{rendered}");
        drop(stderr);
        return refuse(
            &format!(
                "{shown} was not written: steward lint would reject it (this tree's own schemas or settings ask for more)"
            ),
            &format!(
                "add the values it asks for as flags (`steward new {kind} --help`), or copy the text above into {shown} and complete it by hand"
            ),
        );
    }
    super::files::write_file(
        &ctx.workspace.root.join(relative),
        text.as_bytes(),
        super::files::Existing::Keep,
        Some(&ctx.workspace.project),
    )?;
    let mut out = format!("Wrote {shown}.\n");
    if !warnings.is_empty() {
        out.push_str("steward lint will mention (warnings do not fail the check):\n");
        for warning in &warnings {
            out.push_str(&format!(
                "  warning[{}]: {}\n    help: {}\n",
                warning.code(),
                warning.message,
                warning.help
            ));
        }
    }
    out.push_str(
        "Next: read it (the comments explain every field; remove \"# \" to use an optional one), run `steward lint`, then commit it and open a pull request.\n",
    );
    super::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The errors and warnings the new file would have, linted with the rest of the tree.
fn preview(ctx: &Context, relative: &str, text: &str) -> (Vec<Finding>, Vec<Finding>) {
    let mut files: Vec<RawFile> = ctx
        .files
        .iter()
        .filter(|f| f.path != relative)
        .cloned()
        .collect();
    files.push(RawFile {
        path: relative.to_string(),
        content: Ok(text.to_string()),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let loaded = loader::load(files, &ctx.workspace.prefix, &ctx.workspace.layout);
    let (report, _) = lint_loaded(loaded, &ctx.workspace.config, ctx.today);
    report
        .findings
        .into_iter()
        .filter(|f| f.subject.entity == relative)
        .partition(|f| f.severity == Severity::Error)
}

fn department_choices(tree: &Tree) -> Vec<(String, String)> {
    tree.org
        .iter()
        .flat_map(|org| org.departments.values())
        .map(|d| {
            let label = match &d.name {
                Some(name) => format!("{} ({name})", d.id),
                None => d.id.clone(),
            };
            (d.id.clone(), label)
        })
        .collect()
}

/// People still here, those of `department` first.
fn people_choices(tree: &Tree, today: Date, department: Option<&str>) -> Vec<(String, String)> {
    let mut people: Vec<_> = tree
        .org
        .iter()
        .flat_map(|org| org.people.values())
        .filter(|p| !p.has_left(today))
        .collect();
    people.sort_by_key(|p| (p.department.as_deref() != department, p.id.clone()));
    people
        .into_iter()
        .map(|p| {
            let label = format!(
                "{} ({}, {})",
                p.id,
                p.name.as_deref().unwrap_or("no name"),
                p.department.as_deref().unwrap_or("no department")
            );
            (p.id.clone(), label)
        })
        .collect()
}

/// Every budget line, as `YEAR/DEPARTMENT#LINE`; the most recent year and `department` first.
fn line_choices(tree: &Tree, department: Option<&str>) -> Vec<(String, String)> {
    let latest = crate::report::fiscal_years(tree)
        .last()
        .cloned()
        .unwrap_or_default();
    let mut budgets: Vec<_> = tree.budgets.values().collect();
    // Stable: within a budget, lines keep the order of the file.
    budgets.sort_by_key(|b| {
        (
            b.fiscal_year != latest,
            Some(b.department.as_str()) != department,
            b.address(),
        )
    });
    let mut choices = Vec::new();
    for budget in budgets {
        for line in &budget.lines {
            let Some(id) = &line.id else { continue };
            let reference = format!("{}#{id}", budget.address());
            let amount = line
                .amount
                .map(|a| crate::money::format(a, budget.currency.as_deref()))
                .unwrap_or_default();
            let label = match &line.description {
                Some(description) => format!("{reference} ({description}, {amount})"),
                None => format!("{reference} ({amount})"),
            };
            choices.push((reference, label));
        }
    }
    choices
}

/// The currency every budget uses, when they agree.
fn shared_currency(tree: &Tree) -> Option<String> {
    let mut currencies = tree.budgets.values().filter_map(|b| b.currency.clone());
    let first = currencies.next()?;
    currencies.all(|c| c == first).then_some(first)
}

fn not_blank(flag: &str, value: &str, problems: &mut Vec<String>) {
    if value.trim().is_empty() {
        problems.push(format!("{flag} is empty"));
    }
}

fn check_department(tree: &Tree, flag: &str, id: &str, problems: &mut Vec<String>) {
    if tree.department(id).is_some() {
        return;
    }
    let known: Vec<&str> = tree
        .org
        .iter()
        .flat_map(|o| o.departments.keys())
        .map(String::as_str)
        .collect();
    let hint = suggest::did_you_mean(id, known.iter().copied());
    problems.push(format!(
        "{flag} {id}: there is no department \"{id}\" in org.toml.{hint} Known: {}",
        short_list(&known)
    ));
}

fn check_person(tree: &Tree, today: Date, flag: &str, id: &str, problems: &mut Vec<String>) {
    match tree.person(id) {
        Some(person) if person.has_left(today) => problems.push(format!(
            "{flag} {id}: {} left the organization on {}; choose someone who is still here",
            tree.person_name(id),
            person.left.map(|d| d.to_string()).unwrap_or_default()
        )),
        Some(_) => {}
        None => {
            let known: Vec<&str> = tree
                .org
                .iter()
                .flat_map(|o| o.people.keys())
                .map(String::as_str)
                .collect();
            let hint = suggest::did_you_mean(id, known.iter().copied());
            problems.push(format!(
                "{flag} {id}: there is no person \"{id}\" in org.toml.{hint} Known: {}",
                short_list(&known)
            ));
        }
    }
}

/// Checks a budget line reference against the tree; returns the budget's currency.
fn check_budget_line(tree: &Tree, reference: &str, problems: &mut Vec<String>) -> Option<String> {
    let Some(line_ref) = LineRef::parse(reference) else {
        problems.push(format!(
            "--budget-line \"{reference}\" is not YEAR/DEPARTMENT#LINE, e.g. 2026/communications#software-subscriptions"
        ));
        return None;
    };
    let key = (line_ref.fiscal_year.clone(), line_ref.department.clone());
    let Some(budget) = tree.budgets.get(&key) else {
        let addresses: Vec<String> = tree.budgets.values().map(|b| b.address()).collect();
        let hint = suggest::did_you_mean(
            &format!("{}/{}", line_ref.fiscal_year, line_ref.department),
            addresses.iter().map(String::as_str),
        );
        problems.push(format!(
            "--budget-line {reference}: there is no budget {}/{}.{hint} Create it with `steward new budget {} --fiscal-year {} --allocation AMOUNT --line {}:software:AMOUNT`",
            line_ref.fiscal_year, line_ref.department, line_ref.department, line_ref.fiscal_year, line_ref.line
        ));
        return None;
    };
    if budget.line(&line_ref.line).is_none() {
        let ids: Vec<&str> = budget
            .lines
            .iter()
            .filter_map(|l| l.id.as_deref())
            .collect();
        let hint = suggest::did_you_mean(&line_ref.line, ids.iter().copied());
        problems.push(format!(
            "--budget-line {reference}: the {} budget has no line \"{}\".{hint} Its lines: {}. Add the line to budgets/{}.toml first",
            budget.address(),
            line_ref.line,
            short_list(&ids),
            budget.address()
        ));
        return None;
    }
    budget.currency.clone()
}

fn check_currency(flag: &str, code: &str, problems: &mut Vec<String>) -> Option<String> {
    if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
        Some(code.to_string())
    } else {
        problems.push(format!(
            "{flag} \"{code}\" is not a currency code: three capital letters, e.g. USD or EUR"
        ));
        None
    }
}

/// An amount of money: a plain decimal, not negative, at most two decimals.
fn parse_money(flag: &str, text: &str, problems: &mut Vec<String>) -> Option<Decimal> {
    let cleaned = text.trim().replace([',', '_'], "");
    match cleaned.parse::<Decimal>() {
        Ok(amount) if amount.is_sign_negative() && !amount.is_zero() => {
            problems.push(format!("{flag} {text}: an amount cannot be negative"));
            None
        }
        Ok(amount) if amount.normalize().scale() > 2 => {
            problems.push(format!(
                "{flag} {text}: amounts have at most two decimals (cents)"
            ));
            None
        }
        Ok(amount) => Some(amount.normalize()),
        Err(_) => {
            problems.push(format!(
                "{flag} \"{text}\" is not an amount; write digits, e.g. 1200 or 19.99, without a currency sign"
            ));
            None
        }
    }
}

fn parse_date(flag: &str, text: Option<&str>, problems: &mut Vec<String>) -> Option<Date> {
    let text = text?;
    match text.parse() {
        Ok(date) => Some(date),
        Err(_) => {
            problems.push(format!("{flag} \"{text}\" is not a date like 2026-03-31"));
            None
        }
    }
}

fn has_scheme(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

fn short_list(items: &[&str]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    let mut shown: Vec<&str> = items.iter().copied().take(12).collect();
    if items.len() > 12 {
        shown.push("...");
    }
    shown.join(", ")
}

/// The name clap shows for a value (`one-time`, `trial`).
fn value_name<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}
