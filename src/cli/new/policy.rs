//! `steward new policy ID`.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::ask::Asker;
use super::check::{check_department, department_choices, not_blank};
use super::write::{check_id, refuse_existing, refuse_problems, write_checked};
use super::{CommonArgs, open_or_return, value_name};
use crate::error::Error;
use crate::layout::is_valid_clause_id;
use crate::model::Tree;
use crate::scaffold::{self, ClauseFields, PolicyFields};
use crate::suggest;

pub(super) const HELP: &str = "\
Required: --title, --owner. The policy starts as a draft unless --status says otherwise.

Examples:
  steward new policy password-manager --title \"Password manager\" --owner operations
  steward new policy ai-use --title \"Using AI tools\" --owner operations --status active \\
      --approved-by operations --approved-by communications \\
      --clause \"allowed=Staff may use approved AI tools for drafts, never with personal data.\"

Exit codes:
  0  the file was written
  2  nothing was written (a missing or unknown value, or the file exists)";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum PolicyStatus {
    /// Being written (the default).
    Draft,
    /// In force (also sets effective).
    Active,
    /// No longer in force.
    Retired,
}

#[derive(Debug, Args)]
pub(super) struct PolicyArgs {
    /// The policy's id and file name: lowercase letters, digits and dashes, e.g. ai-use.
    #[arg(value_name = "ID")]
    pub(super) id: String,
    /// The policy's title.
    #[arg(long, value_name = "TEXT")]
    pub(super) title: Option<String>,
    /// One or two sentences on what the policy is for.
    #[arg(long, value_name = "TEXT")]
    pub(super) summary: Option<String>,
    /// The policy's status.
    #[arg(long, value_enum, default_value_t = PolicyStatus::Draft)]
    pub(super) status: PolicyStatus,
    /// The department responsible for the policy (a department id from org.toml).
    #[arg(long, value_name = "DEPARTMENT")]
    pub(super) owner: Option<String>,
    /// A department that approved the policy (repeat for more).
    #[arg(long = "approved-by", value_name = "DEPARTMENT")]
    pub(super) approved_by: Vec<String>,
    /// A tool this policy governs (a tool id; repeat for more).
    #[arg(long = "tool", value_name = "TOOL")]
    pub(super) tools: Vec<String>,
    /// A policy this one replaces (a policy id; repeat for more).
    #[arg(long, value_name = "POLICY")]
    pub(super) supersedes: Vec<String>,
    /// How often the policy must be reviewed, in months.
    #[arg(long, value_name = "MONTHS", default_value_t = 12)]
    pub(super) review_every_months: u32,
    /// A clause as ID=TEXT, e.g. "who-decides=The owning department decides." (repeat for
    /// more, in order).
    #[arg(long = "clause", value_name = "ID=TEXT")]
    pub(super) clauses: Vec<String>,
    #[command(flatten)]
    pub(super) common: CommonArgs,
}

pub(super) fn run(args: PolicyArgs) -> Result<ExitCode, Error> {
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

    let required = &ctx.workspace.config.required_approvers;
    match fields(&args, title, owner, tree, ctx.today, required) {
        Ok(fields) => write_checked(&ctx, &relative, &scaffold::policy(&fields), "policy"),
        Err(problems) => refuse_problems(&problems, "steward new policy --help"),
    }
}

/// Checks the title, owner and flags against the tree (and the approvals steward.toml
/// requires) and builds the template's fields, or says everything that is wrong. Pure.
pub(super) fn fields(
    args: &PolicyArgs,
    title: String,
    owner: String,
    tree: &Tree,
    today: Date,
    required_approvers: &[String],
) -> Result<PolicyFields, Vec<String>> {
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
        let missing: Vec<&String> = required_approvers
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
            Some((id, text)) if is_valid_clause_id(id.trim()) && !text.trim().is_empty() => {
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
                "--clause \"{clause}\" is not ID=TEXT with an id of letters, digits, dots, dashes and underscores, e.g. --clause \"who-decides=The owning department decides.\""
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let active = args.status == PolicyStatus::Active;
    let fields = PolicyFields {
        title: title.trim().to_string(),
        summary: args.summary.clone(),
        status: value_name(&args.status),
        owner,
        approved_by: args.approved_by.clone(),
        effective: active.then_some(today),
        last_reviewed: today,
        review_every_months: i64::from(args.review_every_months),
        tools: args.tools.clone(),
        supersedes: args.supersedes.clone(),
        clauses,
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
        args: PolicyArgs,
    }

    fn args(flags: &[&str]) -> PolicyArgs {
        Command::parse_from(["new-policy", "ai-use"].iter().chain(flags)).args
    }

    #[test]
    fn an_active_policy_needs_the_required_approvals() {
        let today = jiff::civil::date(2026, 11, 25);
        let required = ["it".to_string(), "comms".to_string()];
        let problems = fields(
            &args(&["--status", "active", "--approved-by", "it"]),
            "AI".into(),
            "it".into(),
            &tree(),
            today,
            &required,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "an active policy needs the approval of every department steward.toml requires: add --approved-by comms, or leave the policy a draft"
            ]
        );
        let fields = fields(
            &args(&["--clause", "allowed=Drafts only."]),
            "AI".into(),
            "it".into(),
            &tree(),
            today,
            &required,
        )
        .unwrap();
        assert_eq!((fields.status.as_str(), fields.effective), ("draft", None));
        assert_eq!(fields.clauses[0].id, "allowed");
    }
}
