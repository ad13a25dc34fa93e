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

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::Value as Json;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

const TOOL: &str = include_str!("templates/tool.toml");
const POLICY: &str = include_str!("templates/policy.toml");
const BUDGET: &str = include_str!("templates/budget.toml");
const ORG: &str = include_str!("templates/org.toml");
const STEWARD_TOML: &str = include_str!("templates/steward.toml");
const WORKFLOW: &str = include_str!("templates/policy.yml");
const FORK_CHECK_WORKFLOW: &str = include_str!("templates/policy-forks.yml");
const FORK_COMMENT_WORKFLOW: &str = include_str!("templates/policy-comment.yml");

/// Comments are wrapped to this many characters.
const WIDTH: usize = 92;

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

/// A template being filled.
struct Template {
    doc: DocumentMut,
}

impl Template {
    /// Parses an embedded template and writes the schema's description above every field.
    /// Done once a template: `steward import` fills it for every row, and reading the
    /// built-in schemas for the descriptions is most of the work.
    fn new(source: &'static str, schema_file: &'static str) -> Template {
        type Cache = std::sync::Mutex<HashMap<(&'static str, &'static str), DocumentMut>>;
        static DESCRIBED: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
        let cache = DESCRIBED.get_or_init(Default::default);
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let doc = cache
            .entry((source, schema_file))
            .or_insert_with(|| {
                let mut doc: DocumentMut = source
                    .parse()
                    .unwrap_or_else(|e| unreachable!("embedded templates parse (tested): {e}"));
                describe_table(doc.as_table_mut(), &Descriptions::load(), schema_file, &[]);
                doc
            })
            .clone();
        Template { doc }
    }

    /// Replaces the template's example tables `[[name]]` with one table per row. A row's
    /// `None` leaves that field commented out in the first table and absent from the others.
    /// With no rows, the example table stays, commented out.
    fn fill_array(&mut self, name: &str, rows: &[Vec<(&str, Option<Value>)>]) {
        if rows.is_empty() {
            self.comment_out_table(name);
            return;
        }
        let Some(Item::ArrayOfTables(array)) = self.doc.get_mut(name) else {
            return;
        };
        let Some(first) = array.get(0).cloned() else {
            return;
        };
        let mut filled = ArrayOfTables::new();
        for (i, row) in rows.iter().enumerate() {
            let mut table = first.clone();
            if i > 0 {
                // Later tables: no repeated descriptions, a blank line before the header.
                table.decor_mut().set_prefix("\n");
                let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
                for key in keys {
                    if let Some(mut k) = table.key_mut(&key) {
                        k.leaf_decor_mut().set_prefix("");
                    }
                }
            }
            for (key, value) in row {
                match value {
                    Some(value) => set(&mut table, key, value.clone()),
                    None if i == 0 => comment_out(&mut table, key),
                    None => {
                        table.remove(key);
                    }
                }
            }
            filled.push(table);
        }
        *array = filled;
    }

    /// Turns a whole table (`[cost]`, `[[clause]]`) into commented-out lines, kept where the
    /// table stood: before the next table's header, or at the end of the file.
    fn comment_out_table(&mut self, name: &str) {
        let Some(item) = self.doc.remove(name) else {
            return;
        };
        let (tables, header): (Vec<Table>, String) = match item {
            Item::Table(table) => (vec![table], format!("[{name}]")),
            Item::ArrayOfTables(array) => (
                array.iter().take(1).cloned().collect(),
                format!("[[{name}]]"),
            ),
            _ => return,
        };
        let mut lines = String::new();
        let mut position = None;
        for table in &tables {
            position = position.or(table.position());
            lines.push_str(prefix_of(table.decor()));
            lines.push_str(&format!("# {header}\n"));
            for (key, item) in table.iter() {
                if let Some(value) = item.as_value() {
                    if let Some(k) = table.key(key) {
                        lines.push_str(prefix_of(k.leaf_decor()));
                    }
                    lines.push_str(&format!("# {key} = {}\n", bare(value)));
                }
            }
        }
        // The next table in the file gets the lines in front of its header.
        let next = self
            .doc
            .as_table_mut()
            .iter_mut()
            .filter_map(|(_, item)| match item {
                Item::Table(t) => Some(t),
                Item::ArrayOfTables(a) => a.iter_mut().next(),
                _ => None,
            })
            .filter(|t| t.position() > position)
            .min_by_key(|t| t.position());
        match next {
            Some(table) => {
                let existing = prefix_of(table.decor()).to_string();
                table.decor_mut().set_prefix(format!("{lines}{existing}"));
            }
            None => {
                let existing = self.doc.trailing().as_str().unwrap_or_default().to_string();
                self.doc.set_trailing(format!("{lines}{existing}"));
            }
        }
    }

    fn finish(self) -> String {
        let mut text = self.doc.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

/// A sub-table of the template (`[cost]`, `[exit_plan]`), which every template that uses
/// this function has.
fn sub_table<'a>(root: &'a mut Table, name: &str) -> &'a mut Table {
    root.get_mut(name)
        .and_then(Item::as_table_mut)
        .unwrap_or_else(|| unreachable!("the template has [{name}] (tested)"))
}

/// Sets a field, keeping the comments around it.
fn set(table: &mut Table, key: &str, value: Value) {
    let decor = table
        .get(key)
        .and_then(Item::as_value)
        .map(|v| v.decor().clone());
    let mut value = value;
    if let Some(decor) = decor {
        *value.decor_mut() = decor;
    }
    // In place: `Table::insert` would reset the key's decor, and with it the comments above.
    match table.get_mut(key) {
        Some(item) => *item = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Sets a field, or keeps the template's example as a commented-out line.
fn set_or_comment(table: &mut Table, key: &str, value: Option<Value>) {
    match value {
        Some(value) => set(table, key, value),
        None => comment_out(table, key),
    }
}

/// Replaces `key = value` with its comment lines and `# key = value`, in the same place: after
/// the previous field (on the lines that follow it), or before the next one.
fn comment_out(table: &mut Table, key: &str) {
    let keys: Vec<String> = table
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_string())
        .collect();
    let Some(index) = keys.iter().position(|k| k == key) else {
        return;
    };
    let Some((k, item)) = table.get_key_value(key) else {
        return;
    };
    let Some(value) = item.as_value() else { return };
    let lines = format!("{}# {key} = {}", prefix_of(k.leaf_decor()), bare(value));
    table.remove(key);
    if index > 0 {
        if let Some(previous) = table.get_mut(&keys[index - 1]).and_then(Item::as_value_mut) {
            let suffix = suffix_of(previous.decor()).to_string();
            previous
                .decor_mut()
                .set_suffix(format!("{suffix}\n{lines}"));
        }
    } else if let Some(next) = keys.get(index + 1)
        && let Some(mut k) = table.key_mut(next)
    {
        let existing = prefix_of(k.leaf_decor()).to_string();
        k.leaf_decor_mut()
            .set_prefix(format!("{lines}\n{existing}"));
    }
}

fn prefix_of(decor: &toml_edit::Decor) -> &str {
    decor.prefix().and_then(|p| p.as_str()).unwrap_or_default()
}

fn suffix_of(decor: &toml_edit::Decor) -> &str {
    decor.suffix().and_then(|p| p.as_str()).unwrap_or_default()
}

/// A value as written, without the spaces around it.
fn bare(value: &Value) -> String {
    value.clone().decorated("", "").to_string()
}

fn text(s: &str) -> Value {
    Value::from(s)
}

fn date(date: Date) -> Value {
    let parsed: toml_edit::Datetime = date
        .to_string()
        .parse()
        .unwrap_or_else(|e| unreachable!("a civil date is a TOML date: {e}"));
    Value::from(parsed)
}

/// Money as an exact TOML number: `1200`, `19.99`. Never goes through a float.
fn money(amount: Decimal) -> Value {
    amount
        .normalize()
        .to_string()
        .parse()
        .unwrap_or_else(|e| unreachable!("a decimal is a TOML number: {e}"))
}

/// `2026` as a number when it is one, `"2026-27"` as text otherwise.
fn fiscal_year(year: &str) -> Value {
    match year.parse::<i64>() {
        Ok(number) if !year.starts_with('0') => Value::from(number),
        _ => Value::from(year),
    }
}

/// Text, or `None` (commented out) when it is blank.
fn non_blank(value: &str) -> Option<Value> {
    (!value.trim().is_empty()).then(|| text(value))
}

fn non_empty(items: &[String]) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.iter().map(String::as_str).collect()))
}

/// The built-in schemas, parsed, for their descriptions (found through the schema module's
/// one resolver).
struct Descriptions {
    documents: Vec<(String, Json)>,
}

impl Descriptions {
    fn load() -> Descriptions {
        Descriptions {
            documents: crate::schema::builtin_documents(),
        }
    }

    /// The description of a field in a built-in schema.
    fn description(&self, file: &str, path: &[&str]) -> Option<String> {
        let pointer: String = path.iter().map(|segment| format!("/{segment}")).collect();
        crate::schema::Documents(&self.documents)
            .description(file, &pointer)
            .map(str::to_string)
    }
}

/// Writes the description of every field of `table` (and of its tables) above it.
fn describe_table(table: &mut Table, schemas: &Descriptions, file: &str, path: &[&str]) {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        let mut field_path = path.to_vec();
        field_path.push(&key);
        let description = schemas.description(file, &field_path);
        match table.get_mut(&key) {
            Some(Item::Value(_)) => {
                if let (Some(description), Some(mut k)) = (description, table.key_mut(&key)) {
                    let existing = prefix_of(k.leaf_decor()).to_string();
                    k.leaf_decor_mut()
                        .set_prefix(format!("{existing}{}", comment(&description)));
                }
            }
            Some(Item::Table(sub)) => {
                if let Some(description) = description {
                    let existing = prefix_of(sub.decor()).to_string();
                    sub.decor_mut()
                        .set_prefix(format!("{existing}{}", comment(&description)));
                }
                describe_table(sub, schemas, file, &field_path);
            }
            Some(Item::ArrayOfTables(array)) => {
                if let Some(first) = array.iter_mut().next() {
                    if let Some(description) = description {
                        let description = format!(
                            "{description} Copy the whole table, from [[{key}]] on, for another."
                        );
                        let existing = prefix_of(first.decor()).to_string();
                        first
                            .decor_mut()
                            .set_prefix(format!("{existing}{}", comment(&description)));
                    }
                    let mut item_path = field_path.clone();
                    item_path.push("0");
                    describe_table(first, schemas, file, &item_path);
                }
            }
            _ => {}
        }
    }
}

/// `# words...` lines, wrapped.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > WIDTH && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of a schema node that a template must show (with a value, or commented out):
    /// every property, into tables, lists of tables and keyed tables (`[people.<id>]`).
    /// `waiver` and `extra` are shared by every kind and explained in the README instead.
    fn fields_missing_from(
        documents: crate::schema::Documents<'_>,
        file: &str,
        schema: &Json,
        template: (&toml::Value, &str),
        path: &str,
        out: &mut Vec<String>,
    ) {
        let (template, text) = template;
        let Some((file, schema)) = documents.resolve(file, schema) else {
            return;
        };
        let mut visit = |name: &str, child: &Json, value: Option<&toml::Value>| {
            let Some(value) = value else {
                // A template written as it is (org.toml) shows optional fields commented out.
                if !text.contains(&format!("# {name} = ")) {
                    out.push(format!("{path}{name}"));
                }
                return;
            };
            let Some((file, child)) = documents.resolve(file, child) else {
                return;
            };
            let nested = format!("{path}{name}.");
            let item = child.get("items");
            if child.get("properties").is_some() || child.get("additionalProperties").is_some() {
                fields_missing_from(documents, file, child, (value, text), &nested, out);
            } else if let (Some(item), Some(first)) =
                (item, value.as_array().and_then(|a| a.first()))
            {
                fields_missing_from(documents, file, item, (first, text), &nested, out);
            }
        };
        if let Some(Json::Object(properties)) = schema.get("properties") {
            for (name, child) in properties {
                if name != "waiver" && name != "extra" {
                    visit(name, child, template.get(name));
                }
            }
        }
        // Keyed tables (`[people.<id>]`): a field shown in any entry counts.
        if let (Some(child @ Json::Object(_)), Some(table)) =
            (schema.get("additionalProperties"), template.as_table())
        {
            let mut merged = toml::Table::new();
            for entry in table.values().filter_map(toml::Value::as_table) {
                for (key, value) in entry {
                    merged.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            visit("<id>", child, Some(&toml::Value::Table(merged)));
        }
    }

    /// Each template shows every field its kind's schema has, so that a field added to the
    /// schema cannot be forgotten in `steward new` and `steward init`.
    #[test]
    fn templates_show_every_schema_field() {
        let documents = crate::schema::builtin_documents();
        let documents = crate::schema::Documents(&documents);
        let mut all = Vec::new();
        for (template, file) in [
            (TOOL, "tool.schema.json"),
            (POLICY, "policy.schema.json"),
            (BUDGET, "budget.schema.json"),
            (ORG, "org.schema.json"),
        ] {
            let value: toml::Value = toml::Value::Table(template.parse().expect("the template"));
            let schema = documents.get(file).expect("the schema");
            let mut missing = Vec::new();
            fields_missing_from(
                documents,
                file,
                schema,
                (&value, template),
                "",
                &mut missing,
            );
            all.extend(missing.into_iter().map(|field| format!("{file}: {field}")));
        }
        assert!(all.is_empty(), "the templates lack {all:#?}");
    }

    fn today() -> Date {
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
    fn templates_parse_and_have_their_tables() {
        for (source, file) in [
            (TOOL, "tool.schema.json"),
            (POLICY, "policy.schema.json"),
            (BUDGET, "budget.schema.json"),
            (ORG, "org.schema.json"),
        ] {
            let doc: DocumentMut = source.parse().unwrap();
            assert!(!doc.is_empty(), "{file}");
        }
        let tool: DocumentMut = TOOL.parse().unwrap();
        assert!(tool.get("cost").is_some_and(Item::is_table));
        assert!(tool.get("exit_plan").is_some_and(Item::is_table));
        STEWARD_TOML.parse::<toml::Table>().unwrap();
        crate::config::Config::parse(STEWARD_TOML).unwrap();
    }

    #[test]
    fn every_template_field_has_a_schema_description() {
        for (source, file) in [
            (TOOL, "tool.schema.json"),
            (POLICY, "policy.schema.json"),
            (BUDGET, "budget.schema.json"),
        ] {
            let schemas = Descriptions::load();
            let doc: DocumentMut = source.parse().unwrap();
            let mut missing = Vec::new();
            collect_undescribed(
                doc.as_table(),
                &schemas,
                file,
                &mut Vec::new(),
                &mut missing,
            );
            assert!(missing.is_empty(), "{file}: {missing:?}");
        }
    }

    fn collect_undescribed(
        table: &Table,
        schemas: &Descriptions,
        file: &str,
        path: &mut Vec<String>,
        out: &mut Vec<String>,
    ) {
        for (key, item) in table.iter() {
            path.push(key.to_string());
            let refs: Vec<&str> = path.iter().map(String::as_str).collect();
            if schemas.description(file, &refs).is_none() {
                out.push(path.join("."));
            }
            match item {
                Item::Table(t) => collect_undescribed(t, schemas, file, path, out),
                Item::ArrayOfTables(a) => {
                    path.push("0".into());
                    if let Some(first) = a.get(0) {
                        collect_undescribed(first, schemas, file, path, out);
                    }
                    path.pop();
                }
                _ => {}
            }
            path.pop();
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
