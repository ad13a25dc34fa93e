//! The commented files that `steward init` and `steward new` write.
//!
//! Each kind has one template in `src/templates/` holding every field with an example value.
//! A template is filled with [`toml_edit`], so its layout and comments survive: values are set
//! in place, every field gets the plain-words description from the built-in JSON Schema as a
//! comment above it (one source, no drift), and an optional field nobody filled in is kept as
//! a commented-out example line (`# backup_owner = "person-id"`) so that people see it exists.
//!
//! This module only builds text; it never touches the disk. Checking values against the tree
//! (does the department exist?) is the command's job.
//!
//! This file says what each kind's file holds (the `*Fields` structs) and fills its template;
//! how a template is filled with `toml_edit` (values in place, descriptions, commented-out
//! examples) is in `template.rs`, and the example tree `steward init` writes in `init.rs`.

mod init;
mod template;

use jiff::civil::Date;
use rust_decimal::Decimal;
use toml_edit::{Table, Value};

pub use init::{ScaffoldFile, WORKFLOW_PATH, example, fork_comment_workflows, init_files};
use template::{
    Template, comment_out, date, fiscal_year, money, non_blank, non_empty, set, set_or_comment,
    sub_table, text,
};

const TOOL: &str = include_str!("../templates/tool.toml");
const POLICY: &str = include_str!("../templates/policy.toml");
const BUDGET: &str = include_str!("../templates/budget.toml");
const ORG: &str = include_str!("../templates/org.toml");
const STEWARD_TOML: &str = include_str!("../templates/steward.toml");
const WORKFLOW: &str = include_str!("../templates/policy.yml");
const FORK_CHECK_WORKFLOW: &str = include_str!("../templates/policy-forks.yml");
const FORK_COMMENT_WORKFLOW: &str = include_str!("../templates/policy-comment.yml");

/// What a new tool file says. `None` leaves an optional field as a commented-out example.
#[derive(Debug, Clone, Default)]
pub struct ToolFields {
    pub name: String,
    pub vendor: String,
    pub category: String,
    pub description: Option<String>,
    pub status: String,
    pub department: String,
    pub owner: String,
    pub backup_owner: Option<String>,
    pub approved_on: Option<Date>,
    pub last_reviewed: Date,
    pub data_classification: Option<String>,
    pub url: Option<String>,
    pub notes: Option<String>,
    pub cost: Option<CostFields>,
    /// `None` leaves the whole `[contract]` table as a commented-out example.
    pub contract: Option<ContractFields>,
    pub exit_plan: ExitPlanFields,
}

/// `[cost]` of a tool.
#[derive(Debug, Clone, Default)]
pub struct CostFields {
    pub amount: Decimal,
    pub currency: String,
    /// month, year or one-time.
    pub period: String,
    /// `<fiscal-year>/<department>#<line-id>`.
    pub budget_line: Option<String>,
    pub notes: Option<String>,
}

/// `[contract]` of a tool: every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractFields {
    pub started: Option<Date>,
    pub renews_on: Option<Date>,
    pub auto_renews: Option<bool>,
    pub notice_days: Option<i64>,
    pub term_months: Option<i64>,
    pub seats: Option<i64>,
    pub seats_used: Option<i64>,
    pub reference: Option<String>,
    pub notes: Option<String>,
}

/// `[exit_plan]` of a tool.
#[derive(Debug, Clone, Default)]
pub struct ExitPlanFields {
    pub data_export: String,
    pub export_formats: Vec<String>,
    pub alternatives: Vec<String>,
    pub notice_period_days: Option<i64>,
    pub last_tested: Option<Date>,
    pub notes: Option<String>,
}

/// What a new policy file says.
#[derive(Debug, Clone, Default)]
pub struct PolicyFields {
    pub title: String,
    pub summary: Option<String>,
    pub status: String,
    pub owner: String,
    pub approved_by: Vec<String>,
    pub effective: Option<Date>,
    pub last_reviewed: Date,
    pub review_every_months: i64,
    pub tools: Vec<String>,
    pub supersedes: Vec<String>,
    /// With none, the template's example clause stays, commented out.
    pub clauses: Vec<ClauseFields>,
}

/// One `[[clause]]`.
#[derive(Debug, Clone, Default)]
pub struct ClauseFields {
    pub id: String,
    pub title: Option<String>,
    pub text: String,
}

/// What a new budget file says.
#[derive(Debug, Clone, Default)]
pub struct BudgetFields {
    pub department: String,
    pub fiscal_year: String,
    pub currency: String,
    pub allocation: Decimal,
    /// With none, the template's example line stays, commented out.
    pub lines: Vec<LineFields>,
}

/// One `[[line]]` of a budget.
#[derive(Debug, Clone, Default)]
pub struct LineFields {
    pub id: String,
    pub description: Option<String>,
    pub category: String,
    pub amount: Decimal,
    pub tool: Option<String>,
    pub recurring: Option<bool>,
}

/// The text of `tools/<id>.toml`.
pub fn tool(fields: &ToolFields) -> String {
    let mut t = Template::new(TOOL, "tool.schema.json");
    let root = t.doc.as_table_mut();
    set(root, "name", text(&fields.name));
    set(root, "vendor", text(&fields.vendor));
    set(root, "category", text(&fields.category));
    set_or_comment(root, "description", fields.description.as_deref().map(text));
    set(root, "status", text(&fields.status));
    set(root, "department", text(&fields.department));
    // An imported tool may have no owner yet (lint then asks for one).
    set_or_comment(root, "owner", non_blank(&fields.owner));
    set_or_comment(
        root,
        "backup_owner",
        fields.backup_owner.as_deref().map(text),
    );
    // A commented-out date shows today's date, ready to uncomment.
    set(
        root,
        "approved_on",
        date(fields.approved_on.unwrap_or(fields.last_reviewed)),
    );
    if fields.approved_on.is_none() {
        comment_out(root, "approved_on");
    }
    set(root, "last_reviewed", date(fields.last_reviewed));
    set_or_comment(
        root,
        "data_classification",
        fields.data_classification.as_deref().map(text),
    );
    set_or_comment(root, "url", fields.url.as_deref().map(text));
    // Examples for what a registry records about access and data; `steward new` does not
    // ask for them yet.
    for key in ["admins", "sso", "mfa", "data_location", "public_facing"] {
        comment_out(root, key);
    }
    set_or_comment(root, "notes", fields.notes.as_deref().map(text));

    let plan = &fields.exit_plan;
    let exit = sub_table(root, "exit_plan");
    set_or_comment(exit, "data_export", non_blank(&plan.data_export));
    set_or_comment(exit, "export_formats", non_empty(&plan.export_formats));
    set_or_comment(exit, "alternatives", non_empty(&plan.alternatives));
    set_or_comment(
        exit,
        "notice_period_days",
        plan.notice_period_days.map(Value::from),
    );
    set(
        exit,
        "last_tested",
        date(plan.last_tested.unwrap_or(fields.last_reviewed)),
    );
    if plan.last_tested.is_none() {
        comment_out(exit, "last_tested");
    }
    set_or_comment(exit, "notes", plan.notes.as_deref().map(text));

    match &fields.cost {
        Some(cost) => {
            let table = sub_table(root, "cost");
            set(table, "amount", money(cost.amount));
            set(table, "currency", text(&cost.currency));
            set(table, "period", text(&cost.period));
            set_or_comment(table, "budget_line", cost.budget_line.as_deref().map(text));
            set_or_comment(table, "notes", cost.notes.as_deref().map(text));
        }
        None => t.comment_out_table("cost"),
    }
    // Examples for the tools that have personal data or a public audience; `steward new`
    // does not ask for them yet. A contract is filled in when one is given (`steward import`).
    match &fields.contract {
        Some(contract) => fill_contract(sub_table(t.doc.as_table_mut(), "contract"), contract),
        None => t.comment_out_table("contract"),
    }
    t.comment_out_table("privacy");
    t.comment_out_table("accessibility");
    t.finish()
}

/// Sets the contract's fields; each one not known stays as a commented-out example.
fn fill_contract(table: &mut Table, contract: &ContractFields) {
    set_or_comment(table, "started", contract.started.map(date));
    set_or_comment(table, "renews_on", contract.renews_on.map(date));
    set_or_comment(table, "auto_renews", contract.auto_renews.map(Value::from));
    set_or_comment(table, "notice_days", contract.notice_days.map(Value::from));
    set_or_comment(table, "term_months", contract.term_months.map(Value::from));
    set_or_comment(table, "seats", contract.seats.map(Value::from));
    set_or_comment(table, "seats_used", contract.seats_used.map(Value::from));
    set_or_comment(table, "reference", contract.reference.as_deref().map(text));
    set_or_comment(table, "notes", contract.notes.as_deref().map(text));
}

/// The text of `technology/<id>.toml`.
pub fn policy(fields: &PolicyFields) -> String {
    let mut t = Template::new(POLICY, "policy.schema.json");
    let root = t.doc.as_table_mut();
    set(root, "title", text(&fields.title));
    set_or_comment(root, "summary", fields.summary.as_deref().map(text));
    set(root, "status", text(&fields.status));
    set(root, "owner", text(&fields.owner));
    set_or_comment(root, "approved_by", non_empty(&fields.approved_by));
    set(
        root,
        "effective",
        date(fields.effective.unwrap_or(fields.last_reviewed)),
    );
    if fields.effective.is_none() {
        comment_out(root, "effective");
    }
    set(root, "last_reviewed", date(fields.last_reviewed));
    set(
        root,
        "review_every_months",
        Value::from(fields.review_every_months),
    );
    set_or_comment(root, "tools", non_empty(&fields.tools));
    set_or_comment(root, "supersedes", non_empty(&fields.supersedes));
    comment_out(root, "notes");
    let rows: Vec<Vec<(&str, Option<Value>)>> = fields
        .clauses
        .iter()
        .map(|c| {
            vec![
                ("id", Some(text(&c.id))),
                ("title", c.title.as_deref().map(text)),
                ("text", Some(text(&c.text))),
            ]
        })
        .collect();
    t.fill_array("clause", &rows);
    t.finish()
}

/// The text of `budgets/<fiscal-year>/<department>.toml`.
pub fn budget(fields: &BudgetFields) -> String {
    let mut t = Template::new(BUDGET, "budget.schema.json");
    let root = t.doc.as_table_mut();
    set(root, "department", text(&fields.department));
    set(root, "fiscal_year", fiscal_year(&fields.fiscal_year));
    set(root, "currency", text(&fields.currency));
    set(root, "allocation", money(fields.allocation));
    comment_out(root, "notes");
    let rows: Vec<Vec<(&str, Option<Value>)>> = fields
        .lines
        .iter()
        .map(|l| {
            vec![
                ("id", Some(text(&l.id))),
                ("description", l.description.as_deref().map(text)),
                ("category", Some(text(&l.category))),
                ("amount", Some(money(l.amount))),
                ("tool", l.tool.as_deref().map(text)),
                ("recurring", l.recurring.map(Value::from)),
                ("currency", None),
                ("notes", None),
            ]
        })
        .collect();
    t.fill_array("line", &rows);
    t.finish()
}

/// The fiscal year `steward init` starts with: the calendar year of `today`. Organizations
/// whose year runs otherwise rename the folder (`budgets/2026-27/` is a valid name).
pub fn current_fiscal_year(today: Date) -> String {
    today.year().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn today() -> Date {
        "2026-11-25".parse().unwrap()
    }

    fn minimal_tool() -> ToolFields {
        ToolFields {
            name: "Chat".into(),
            vendor: "Chat Inc".into(),
            category: "messaging".into(),
            status: "trial".into(),
            department: "it".into(),
            owner: "ana".into(),
            last_reviewed: today(),
            exit_plan: ExitPlanFields {
                data_export: "Admin > Export".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    #[test]
    fn a_minimal_tool_keeps_optional_fields_as_comments() {
        let text = tool(&minimal_tool());
        let parsed: toml::Table = text.parse().unwrap();
        assert_eq!(parsed["name"].as_str(), Some("Chat"));
        assert!(parsed.get("backup_owner").is_none());
        assert!(parsed.get("cost").is_none());
        assert!(parsed.get("approved_on").is_none());
        assert!(text.contains("# backup_owner = \"person-id\""), "{text}");
        assert!(text.contains("# [cost]\n"), "{text}");
        assert!(text.contains("# approved_on = 2026-11-25"), "{text}");
        assert!(
            text.contains("# The tool's name as people know it"),
            "{text}"
        );
        assert!(
            text.contains("# Who takes over when the owner is away"),
            "{text}"
        );
        // Commented-out fields stay in order, between their neighbours.
        let owner = text.find("owner = \"ana\"").unwrap();
        let backup = text.find("# backup_owner").unwrap();
        let reviewed = text.find("last_reviewed = 2026-11-25").unwrap();
        assert!(owner < backup && backup < reviewed, "{text}");
        assert_eq!(
            parsed["exit_plan"]["data_export"].as_str(),
            Some("Admin > Export")
        );
        assert!(parsed["exit_plan"].get("last_tested").is_none());
    }

    #[test]
    fn money_is_exact_and_lines_repeat() {
        let text = budget(&BudgetFields {
            department: "it".into(),
            fiscal_year: "2026-27".into(),
            currency: "EUR".into(),
            allocation: "1200.50".parse().unwrap(),
            lines: vec![
                LineFields {
                    id: "a".into(),
                    category: "software".into(),
                    amount: "19.99".parse().unwrap(),
                    ..Default::default()
                },
                LineFields {
                    id: "b".into(),
                    category: "hardware".into(),
                    amount: "100".parse().unwrap(),
                    recurring: Some(false),
                    ..Default::default()
                },
            ],
        });
        assert!(text.contains("allocation = 1200.5\n"), "{text}");
        assert!(text.contains("amount = 19.99\n"), "{text}");
        assert!(text.contains("fiscal_year = \"2026-27\""), "{text}");
        let parsed: toml::Table = text.parse().unwrap();
        let lines = parsed["line"].as_array().unwrap();
        assert_eq!(lines.len(), 2);
        assert!(lines[1].get("tool").is_none());
        assert_eq!(lines[1]["recurring"].as_bool(), Some(false));
        assert_eq!(text.matches("# The line's id").count(), 1, "{text}");
    }

    #[test]
    fn a_policy_without_clauses_keeps_the_example_commented_out() {
        let text = policy(&PolicyFields {
            title: "T".into(),
            status: "draft".into(),
            owner: "it".into(),
            last_reviewed: today(),
            review_every_months: 12,
            ..Default::default()
        });
        let parsed: toml::Table = text.parse().unwrap();
        assert!(parsed.get("clause").is_none());
        assert!(
            text.contains("# [[clause]] on, for another.\n# [[clause]]\n# A short, stable name"),
            "{text}"
        );
        assert!(text.contains("# id = \"purpose\""), "{text}");
    }
}
