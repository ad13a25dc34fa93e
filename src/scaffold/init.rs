//! What `steward init` writes: steward.toml, an example tree with one commented file of each
//! kind (dated so that it lints clean) and the GitHub workflows. Apart from the kinds because
//! it is the one place that chooses example values, which the getting started guide quotes.

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::{
    BudgetFields, ClauseFields, CostFields, ExitPlanFields, FORK_CHECK_WORKFLOW,
    FORK_COMMENT_WORKFLOW, LineFields, ORG, PolicyFields, STEWARD_TOML, ToolFields, WORKFLOW,
    budget, current_fiscal_year, policy, tool,
};

/// One file that `steward init` writes, relative to the target folder.
#[derive(Debug, Clone)]
pub struct ScaffoldFile {
    pub path: String,
    pub text: String,
}

/// The department, tool, policy and budget that `steward init`'s example uses; the getting
/// started guide refers to them.
pub mod example {
    pub const DEPARTMENT: &str = "communications";
    pub const TOOL: &str = "newsletter";
    pub const POLICY: &str = "tool-adoption";
    /// A budget line with room for a new tool.
    pub const SPARE_LINE: &str = "software-subscriptions";
}

/// Everything `steward init` writes: steward.toml, a policy tree with one commented example
/// of each kind, dated `today` so that it lints clean, and a GitHub workflow.
pub fn init_files(today: Date) -> Vec<ScaffoldFile> {
    let year = current_fiscal_year(today);
    let tool = tool(&ToolFields {
        name: "Newsletter".into(),
        vendor: "Example Mail Co.".into(),
        category: "email marketing".into(),
        description: Some(
            "Our monthly newsletter and event invitations. This is an example: replace it with a real tool, or delete the file.".into(),
        ),
        status: "approved".into(),
        department: example::DEPARTMENT.into(),
        owner: "jordan-lee".into(),
        backup_owner: Some("alex-rivera".into()),
        approved_on: Some(today),
        last_reviewed: today,
        data_classification: Some("internal".into()),
        url: Some("https://newsletter.example.com".into()),
        notes: None,
        cost: Some(CostFields {
            amount: Decimal::from(30),
            currency: "USD".into(),
            period: "month".into(),
            budget_line: Some(format!("{year}/{}#newsletter", example::DEPARTMENT)),
            notes: None,
        }),
        contract: None,
        exit_plan: ExitPlanFields {
            data_export: "Audience > Export contacts: a CSV of every subscriber with their tags and consent date. Past issues: open each campaign and save it as HTML. Keep both in the shared drive.".into(),
            export_formats: vec!["CSV".into(), "HTML".into()],
            alternatives: vec!["Another newsletter service".into()],
            notice_period_days: Some(30),
            last_tested: Some(today),
            notes: None,
        },
    });
    let policy = policy(&PolicyFields {
        title: "Choosing and looking after tools".into(),
        summary: Some("How a department proposes a new tool, who looks after it, and how we make sure we can leave it.".into()),
        status: "active".into(),
        owner: "operations".into(),
        approved_by: vec!["operations".into(), "communications".into()],
        effective: Some(today),
        last_reviewed: today,
        review_every_months: 12,
        tools: vec![example::TOOL.into()],
        supersedes: Vec::new(),
        clauses: vec![
            ClauseFields {
                id: "propose".into(),
                title: Some("Propose a tool with a pull request".into()),
                text: "A department that wants a new tool adds it with `steward new tool` and opens a pull request. The tool starts as a trial until the committee approves it.".into(),
            },
            ClauseFields {
                id: "owners".into(),
                title: Some("Every tool has two people".into()),
                text: "Each tool has an owner and a backup owner. They renew it, decide who gets access, remove access when people leave, and keep the exit plan up to date.".into(),
            },
            ClauseFields {
                id: "leaving".into(),
                title: Some("We can always leave".into()),
                text: "Before a tool is approved we know how to get our data out of it, and we try that export at least every two years.".into(),
            },
        ],
    });
    let line = |id: &str,
                description: &str,
                category: &str,
                amount: i64,
                tool: Option<&str>,
                recurring: bool| LineFields {
        id: id.into(),
        description: Some(description.into()),
        category: category.into(),
        amount: Decimal::from(amount),
        tool: tool.map(str::to_string),
        recurring: Some(recurring),
    };
    let budget = budget(&BudgetFields {
        department: example::DEPARTMENT.into(),
        fiscal_year: year.clone(),
        currency: "USD".into(),
        allocation: Decimal::from(6000),
        lines: vec![
            line(
                "newsletter",
                "Newsletter service ($30 a month)",
                "software",
                360,
                Some(example::TOOL),
                true,
            ),
            line(
                example::SPARE_LINE,
                "Room for new software subscriptions during the year",
                "software",
                1200,
                None,
                true,
            ),
            line(
                "laptop",
                "One replacement laptop",
                "hardware",
                1400,
                None,
                false,
            ),
            line(
                "writing-course",
                "Writing for the web course for the team",
                "training",
                500,
                None,
                false,
            ),
        ],
    });
    vec![
        ScaffoldFile {
            path: "steward.toml".into(),
            text: STEWARD_TOML.into(),
        },
        ScaffoldFile {
            path: "policies/org.toml".into(),
            text: ORG.into(),
        },
        ScaffoldFile {
            path: format!("policies/tools/{}.toml", example::TOOL),
            text: tool,
        },
        ScaffoldFile {
            path: format!("policies/technology/{}.toml", example::POLICY),
            text: policy,
        },
        ScaffoldFile {
            path: format!("policies/budgets/{year}/{}.toml", example::DEPARTMENT),
            text: budget,
        },
        ScaffoldFile {
            path: WORKFLOW_PATH.into(),
            text: workflow_text(WORKFLOW),
        },
    ]
}

/// Where `steward init` writes the pull-request check.
pub const WORKFLOW_PATH: &str = ".github/workflows/policy.yml";

/// The two workflows that replace [`WORKFLOW_PATH`]'s single one for repositories that take
/// pull requests from forks (`steward init --fork-comments`): an unprivileged check that keeps
/// the summary as an artifact, and a `workflow_run` job that posts it as the comment.
pub fn fork_comment_workflows() -> Vec<ScaffoldFile> {
    vec![
        ScaffoldFile {
            path: WORKFLOW_PATH.into(),
            text: workflow_text(FORK_CHECK_WORKFLOW),
        },
        ScaffoldFile {
            path: ".github/workflows/policy-comment.yml".into(),
            text: workflow_text(FORK_COMMENT_WORKFLOW),
        },
    ]
}

/// A workflow template with the version of this steward in the comment of its pinned `uses:`.
fn workflow_text(template: &str) -> String {
    template.replace("{version}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::tests::today;

    #[test]
    fn init_files_lint_clean() {
        let files: Vec<crate::source::RawFile> = init_files(today())
            .into_iter()
            .filter_map(|f| {
                f.path
                    .strip_prefix("policies/")
                    .map(|p| crate::source::RawFile {
                        path: p.to_string(),
                        content: Ok(f.text.clone()),
                    })
            })
            .collect();
        assert_eq!(files.len(), 4);
        let config = crate::config::Config::parse(STEWARD_TOML).unwrap();
        let report = crate::lint::lint_files(files, "policies/", &config, today());
        let messages: Vec<String> = report
            .findings
            .iter()
            .map(|f| format!("{}: {}", f.rule.code, f.message))
            .collect();
        assert!(messages.is_empty(), "{messages:#?}");
    }
}
