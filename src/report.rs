//! Reports for people who plan and approve: the budgets of one fiscal year (per department
//! and category: allocation, used, left, and the tools behind each line) and the tool
//! registry as a table. Built from the loaded [`Tree`], never from the files themselves, so a
//! report agrees with what `steward lint` checked. Values the schema rejected are simply
//! absent here (lint reports them). Renderers live in [`crate::render::report`].

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{LineRef, Tool, Tree};
use crate::money;

/// The budget categories, in the order reports show them.
pub const CATEGORIES: [&str; 5] = ["software", "hardware", "service", "training", "other"];

/// Every department's budget for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetReport {
    pub fiscal_year: String,
    /// The day the report was made (`--today`): planned amounts change as lines are added.
    #[serde(serialize_with = "serialize_date")]
    pub made_on: Date,
    pub departments: Vec<DepartmentBudget>,
    /// All departments added up, one entry per currency (usually one).
    pub totals: Vec<CurrencyTotals>,
}

/// One department's budget.
#[derive(Debug, Clone, Serialize)]
pub struct DepartmentBudget {
    pub department: String,
    /// The department's name from org.toml.
    pub name: Option<String>,
    /// The budget file, relative to the tree root.
    pub path: String,
    pub currency: Option<String>,
    #[serde(flatten)]
    pub totals: Amounts,
    pub lines: Vec<LineReport>,
}

/// Allocation, planned (the lines added up), left, and planned per category. An amount that
/// cannot be read makes every sum it belongs to unknown (`None`, `null` in JSON): a total is
/// never shown smaller than it is.
#[derive(Debug, Clone, Serialize)]
pub struct Amounts {
    #[serde(serialize_with = "money::serialize_opt")]
    pub allocation: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub planned: Option<Decimal>,
    /// Allocation minus planned; negative when the lines exceed the allocation.
    #[serde(serialize_with = "money::serialize_opt")]
    pub left: Option<Decimal>,
    pub by_category: Categories,
}

impl Default for Amounts {
    fn default() -> Self {
        Amounts {
            allocation: None,
            planned: Some(Decimal::ZERO),
            left: None,
            by_category: Categories::default(),
        }
    }
}

/// Amounts per budget category. A line whose category is not one of these (the schema reports
/// it) counts as `other`, so that the categories add up to `planned`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Categories {
    #[serde(serialize_with = "money::serialize_opt")]
    pub software: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub hardware: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub service: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub training: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub other: Option<Decimal>,
}

impl Default for Categories {
    fn default() -> Self {
        let zero = Some(Decimal::ZERO);
        Categories {
            software: zero,
            hardware: zero,
            service: zero,
            training: zero,
            other: zero,
        }
    }
}

impl Categories {
    /// The amount of a category, by name (`other` for anything unknown); `None` when an
    /// amount in it could not be read.
    pub fn get(&self, category: &str) -> Option<Decimal> {
        match category {
            "software" => self.software,
            "hardware" => self.hardware,
            "service" => self.service,
            "training" => self.training,
            _ => self.other,
        }
    }

    fn add(&mut self, category: &str, amount: Option<Decimal>) {
        let slot = match category {
            "software" => &mut self.software,
            "hardware" => &mut self.hardware,
            "service" => &mut self.service,
            "training" => &mut self.training,
            _ => &mut self.other,
        };
        *slot = money::add(*slot, amount);
    }

    fn add_all(&mut self, other: &Categories) {
        for category in CATEGORIES {
            self.add(category, other.get(category));
        }
    }
}

/// A budget line and the tools it pays for.
#[derive(Debug, Clone, Serialize)]
pub struct LineReport {
    pub id: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub amount: Option<Decimal>,
    pub recurring: Option<bool>,
    /// From the line's `tool` and from tools whose `cost.budget_line` names this line.
    pub tools: Vec<LineTool>,
}

/// A tool behind a budget line.
#[derive(Debug, Clone, Serialize)]
pub struct LineTool {
    pub id: String,
    pub name: Option<String>,
    /// The tool's own cost, when it states one.
    pub cost: Option<ToolCost>,
}

/// All departments of one currency, added up.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyTotals {
    pub currency: Option<String>,
    #[serde(flatten)]
    pub totals: Amounts,
}

/// The fiscal years that have budgets, oldest first.
pub fn fiscal_years(tree: &Tree) -> Vec<String> {
    tree.budgets
        .keys()
        .map(|(year, _)| year.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The fiscal year a report shows by default: the current calendar year when it has budgets,
/// else the most recent fiscal year.
pub fn default_fiscal_year(tree: &Tree, today: Date) -> Option<String> {
    let years = fiscal_years(tree);
    let current = today.year().to_string();
    if years.contains(&current) {
        Some(current)
    } else {
        years.last().cloned()
    }
}

/// A day as `2026-12-01`.
fn serialize_date<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

/// The budgets of one fiscal year, by department id, as they stand on `made_on`.
pub fn budget_report(tree: &Tree, fiscal_year: &str, made_on: Date) -> BudgetReport {
    let charged = tools_by_line(tree);
    let mut departments = Vec::new();
    let mut totals: Vec<CurrencyTotals> = Vec::new();
    for ((year, department), budget) in &tree.budgets {
        if year != fiscal_year {
            continue;
        }
        let mut amounts = Amounts {
            allocation: budget.allocation,
            planned: budget.total(),
            ..Amounts::default()
        };
        let mut lines = Vec::new();
        for line in &budget.lines {
            amounts
                .by_category
                .add(line.category.as_deref().unwrap_or("other"), line.amount);
            let line_ref = line.id.as_deref().map(|id| LineRef {
                fiscal_year: year.clone(),
                department: department.clone(),
                line: id.to_string(),
            });
            let charged = line_ref.and_then(|r| charged.get(&r));
            lines.push(LineReport {
                id: line.id.clone(),
                description: line.description.clone(),
                category: line.category.clone(),
                amount: line.amount,
                recurring: line.recurring,
                tools: tools_behind(tree, line.tool.as_deref(), charged),
            });
        }
        amounts.left = money::delta(amounts.planned, amounts.allocation);
        match totals.iter_mut().find(|t| t.currency == budget.currency) {
            Some(total) => {
                total.totals.allocation = money::add(total.totals.allocation, budget.allocation);
                total.totals.planned = money::add(total.totals.planned, amounts.planned);
                total.totals.by_category.add_all(&amounts.by_category);
            }
            None => totals.push(CurrencyTotals {
                currency: budget.currency.clone(),
                totals: Amounts {
                    allocation: budget.allocation,
                    planned: amounts.planned,
                    left: None,
                    by_category: amounts.by_category,
                },
            }),
        }
        departments.push(DepartmentBudget {
            department: department.clone(),
            name: tree.department(department).and_then(|d| d.name.clone()),
            path: budget.entity.path.clone(),
            currency: budget.currency.clone(),
            totals: amounts,
            lines,
        });
    }
    for total in &mut totals {
        total.totals.left = money::delta(total.totals.planned, total.totals.allocation);
    }
    BudgetReport {
        fiscal_year: fiscal_year.to_string(),
        made_on,
        departments,
        totals,
    }
}

/// The tools whose `cost.budget_line` names each line, found once for the whole tree (a line
/// looked up per tool would make the report quadratic in a large registry).
fn tools_by_line(tree: &Tree) -> HashMap<LineRef, Vec<&str>> {
    let mut by_line: HashMap<LineRef, Vec<&str>> = HashMap::new();
    for (id, tool) in &tree.tools {
        if let Some(line_ref) = tool
            .cost
            .as_ref()
            .and_then(|c| c.budget_line.as_deref())
            .and_then(LineRef::parse)
        {
            by_line.entry(line_ref).or_default().push(id);
        }
    }
    by_line
}

/// The tools a line pays for: the line's own `tool`, and every tool whose budget_line names
/// the line. Sorted by id, each once.
fn tools_behind(
    tree: &Tree,
    line_tool: Option<&str>,
    charged: Option<&Vec<&str>>,
) -> Vec<LineTool> {
    let ids: BTreeSet<&str> = line_tool
        .into_iter()
        .chain(charged.into_iter().flatten().copied())
        .collect();
    ids.into_iter()
        .map(|id| {
            let tool = tree.tools.get(id);
            LineTool {
                id: id.to_string(),
                name: tool.and_then(|t| t.name.clone()),
                cost: tool.and_then(tool_cost),
            }
        })
        .collect()
}

/// What a tool costs, as stated in its `[cost]`.
#[derive(Debug, Clone, Serialize)]
pub struct ToolCost {
    /// `None` when the amount is missing or cannot be read (lint reports it).
    #[serde(serialize_with = "money::serialize_opt")]
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    /// month, year or one-time.
    pub period: Option<String>,
    /// The amount over a year: 12 months, or the yearly amount. `None` for a one-time cost
    /// (or a period steward does not know).
    #[serde(serialize_with = "money::serialize_opt")]
    pub per_year: Option<Decimal>,
    pub budget_line: Option<String>,
}

impl ToolCost {
    /// Whether the cost comes back every month or year.
    pub fn is_recurring(&self) -> bool {
        matches!(self.period.as_deref(), Some("month" | "year"))
    }
}

fn tool_cost(tool: &Tool) -> Option<ToolCost> {
    let cost = tool.cost.as_ref()?;
    let amount = cost.amount;
    let per_year = amount.and_then(|a| money::per_year(a, cost.period.as_deref()));
    Some(ToolCost {
        amount,
        currency: cost.currency.clone(),
        period: cost.period.clone(),
        per_year,
        budget_line: cost.budget_line.clone(),
    })
}

/// What `--missing` looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Missing {
    /// No owner.
    Owner,
    /// No exit plan, or only a placeholder such as "TBD".
    ExitPlan,
    /// No backup owner, or the owner is also the backup owner.
    BackupOwner,
    /// Personal, confidential or restricted data and no signed data-processing agreement.
    Dpa,
    /// Used by the public and no accessibility conformance stated.
    Accessibility,
    /// No administrators listed.
    Admins,
}

/// Which tools a registry report lists. Empty fields select everything.
#[derive(Debug, Clone, Default)]
pub struct ToolFilter {
    pub status: Option<String>,
    pub department: Option<String>,
    /// Tools that lack any of these.
    pub missing: Vec<Missing>,
}

/// The tool registry as rows.
#[derive(Debug, Clone, Serialize)]
pub struct ToolsReport {
    pub tools: Vec<ToolRow>,
    /// The listed tools' yearly costs added up, one entry per currency.
    pub per_year: Vec<CurrencyAmount>,
}

/// A sum in one currency.
#[derive(Debug, Clone, Serialize)]
pub struct CurrencyAmount {
    pub currency: Option<String>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub amount: Option<Decimal>,
}

/// One tool.
#[derive(Debug, Clone, Serialize)]
pub struct ToolRow {
    pub id: String,
    pub name: Option<String>,
    pub status: Option<String>,
    pub department: Option<String>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub backup_owner: Option<String>,
    pub backup_owner_name: Option<String>,
    /// Whether the exit plan says how the data gets out (not a placeholder such as "TBD").
    pub exit_plan: bool,
    pub cost: Option<ToolCost>,
    /// The file, relative to the tree root.
    pub path: String,
    /// Who holds administrator access.
    pub admins: Vec<PersonRef>,
    /// Whether it holds personal, confidential or restricted data, which a data-processing
    /// agreement must cover.
    pub needs_dpa: bool,
    /// The day the data-processing agreement was signed (YYYY-MM-DD).
    pub dpa_signed: Option<String>,
    pub public_facing: bool,
    /// What the vendor's accessibility conformance report states ("WCAG 2.1 AA").
    pub accessibility: Option<String>,
    /// When the accessibility report was last checked (YYYY-MM-DD).
    pub accessibility_checked_on: Option<String>,
}

/// A person named in a report: their id, and their name from org.toml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRef {
    pub id: String,
    pub name: Option<String>,
}

impl ToolRow {
    pub fn lacks(&self, missing: Missing) -> bool {
        match missing {
            Missing::Owner => self.owner.is_none(),
            Missing::ExitPlan => !self.exit_plan,
            Missing::BackupOwner => self.backup_owner.is_none() || self.backup_owner == self.owner,
            Missing::Dpa => self.needs_dpa && self.dpa_signed.is_none(),
            Missing::Accessibility => self.public_facing && self.accessibility.is_none(),
            Missing::Admins => self.admins.is_empty(),
        }
    }
}

/// The registry, filtered, by tool id.
pub fn tools_report(tree: &Tree, filter: &ToolFilter) -> ToolsReport {
    let person_name = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| tree.person(id))
            .and_then(|p| p.name.clone())
    };
    let tools: Vec<ToolRow> = tree
        .tools
        .iter()
        .map(|(id, tool)| {
            let owner = tool.owner.clone().filter(|o| !o.trim().is_empty());
            let backup_owner = tool.backup_owner.clone().filter(|o| !o.trim().is_empty());
            ToolRow {
                id: id.clone(),
                name: tool.name.clone(),
                status: tool.status.clone(),
                department: tool.department.clone(),
                owner_name: person_name(&owner),
                backup_owner_name: person_name(&backup_owner),
                owner,
                backup_owner,
                exit_plan: has_exit_plan(tool),
                cost: tool_cost(tool),
                path: tool.entity.path.clone(),
                admins: admins(tree, tool),
                needs_dpa: tool.holds_sensitive_data(),
                dpa_signed: tool
                    .privacy
                    .as_ref()
                    .and_then(|p| p.dpa_signed)
                    .map(|d| d.to_string()),
                public_facing: tool.public_facing == Some(true),
                accessibility: tool
                    .accessibility
                    .as_ref()
                    .and_then(|a| a.conformance.clone())
                    .filter(|c| !c.trim().is_empty()),
                accessibility_checked_on: tool
                    .accessibility
                    .as_ref()
                    .and_then(|a| a.checked_on)
                    .map(|d| d.to_string()),
            }
        })
        .filter(|row| {
            filter
                .status
                .as_ref()
                .is_none_or(|s| row.status.as_ref() == Some(s))
                && filter
                    .department
                    .as_ref()
                    .is_none_or(|d| row.department.as_ref() == Some(d))
                && (filter.missing.is_empty() || filter.missing.iter().any(|m| row.lacks(*m)))
        })
        .collect();
    let mut per_year: Vec<CurrencyAmount> = Vec::new();
    // Recurring costs only; one whose amount cannot be read makes its currency's sum unknown.
    for (currency, amount) in tools.iter().filter_map(|t| {
        let cost = t.cost.as_ref()?;
        cost.is_recurring()
            .then(|| (cost.currency.clone(), cost.per_year))
    }) {
        match per_year.iter_mut().find(|c| c.currency == currency) {
            Some(sum) => sum.amount = money::add(sum.amount, amount),
            None => per_year.push(CurrencyAmount { currency, amount }),
        }
    }
    ToolsReport { tools, per_year }
}

pub use crate::rules::tool::is_placeholder;

/// A tool's administrators, each once, in the order written.
fn admins(tree: &Tree, tool: &Tool) -> Vec<PersonRef> {
    let mut seen = BTreeSet::new();
    tool.admins
        .iter()
        .filter(|(id, _)| !id.trim().is_empty() && seen.insert(id.as_str()))
        .map(|(id, _)| person_ref(tree, id))
        .collect()
}

fn person_ref(tree: &Tree, id: &str) -> PersonRef {
    PersonRef {
        id: id.to_string(),
        name: tree.person(id).and_then(|p| p.name.clone()),
    }
}

fn has_exit_plan(tool: &Tool) -> bool {
    tool.exit_plan
        .as_ref()
        .and_then(|plan| plan.data_export.as_deref())
        .is_some_and(|text| !is_placeholder(text))
}

// ---------------------------------------------------------------------------------------
// People report: the hand-over checklist

/// What each person answers for: the checklist for when someone leaves.
#[derive(Debug, Clone, Serialize)]
pub struct PeopleReport {
    /// The date that decides who has left (YYYY-MM-DD).
    pub today: String,
    /// People who have left and still hold something first, then everyone else; each group
    /// by id.
    pub people: Vec<PersonRow>,
}

/// One person and what they answer for.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRow {
    pub id: String,
    pub name: Option<String>,
    pub department: Option<String>,
    pub department_name: Option<String>,
    pub github: Option<String>,
    /// The day they left (YYYY-MM-DD), when org.toml says so.
    pub left: Option<String>,
    /// Whether they have left by the report's date.
    pub has_left: bool,
    /// Departments they lead.
    pub heads: Vec<Held>,
    /// Tools in use they own.
    pub owns: Vec<Held>,
    /// Tools in use they are the backup owner of.
    pub backs_up: Vec<Held>,
    /// Tools in use they hold administrator access to.
    pub administers: Vec<Held>,
    /// Policies not retired that a department they lead approves (`via` names it), and
    /// waivers that name them (or a department they lead) as the approver.
    pub approves: Vec<Held>,
    /// How many distinct tools they own, back up or administer: what to hand over.
    pub tools_to_hand_over: usize,
}

impl PersonRow {
    /// Whether they answer for nothing.
    pub fn holds_nothing(&self) -> bool {
        self.heads.is_empty()
            && self.owns.is_empty()
            && self.backs_up.is_empty()
            && self.administers.is_empty()
            && self.approves.is_empty()
    }
}

/// One thing a person answers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    /// `department`, `tool`, `policy` or `waiver`.
    pub kind: &'static str,
    /// The department, tool or policy id; for a waiver, the rule it excuses.
    pub id: String,
    pub name: Option<String>,
    /// The file, relative to the tree root (`org.toml` for a department).
    pub path: String,
    /// For an approval: the department they approve for, when they approve as its head.
    pub via: Option<String>,
    pub via_name: Option<String>,
}

/// Every person in org.toml (or only `person`) and what they answer for on `today`.
pub fn people_report(tree: &Tree, today: Date, person: Option<&str>) -> PeopleReport {
    let Some(org) = &tree.org else {
        return PeopleReport {
            today: today.to_string(),
            people: Vec::new(),
        };
    };
    let department_name = |id: &str| tree.department(id).and_then(|d| d.name.clone());
    // Who holds what, found in one pass over the tree (not once per person: a registry can
    // have thousands of both).
    let mut owners: HashMap<&str, Vec<Held>> = HashMap::new();
    let mut backups: HashMap<&str, Vec<Held>> = HashMap::new();
    let mut admins: HashMap<&str, Vec<Held>> = HashMap::new();
    for tool in tree.tools.values().filter(|t| !t.is_retired()) {
        if let Some(owner) = tool.owner.as_deref() {
            owners.entry(owner).or_default().push(held_tool(tool));
        }
        if let Some(backup) = tool.backup_owner.as_deref() {
            backups.entry(backup).or_default().push(held_tool(tool));
        }
        let mut seen = BTreeSet::new();
        for (admin, _) in tool.admins.iter().filter(|(a, _)| seen.insert(a.as_str())) {
            admins.entry(admin).or_default().push(held_tool(tool));
        }
    }
    // Approvals, by the department or person that gives them.
    let mut approvals: HashMap<&str, Vec<Held>> = HashMap::new();
    for policy in tree
        .policies
        .values()
        .filter(|p| p.status.as_deref() != Some("retired"))
    {
        let mut seen = BTreeSet::new();
        for (department, _) in policy.approved_by() {
            if !seen.insert(department.clone()) {
                continue;
            }
            let Some((key, _)) = org.departments.get_key_value(&department) else {
                continue;
            };
            approvals.entry(key).or_default().push(Held {
                kind: "policy",
                id: policy.entity.id.clone(),
                name: policy.title.clone(),
                path: policy.entity.path.clone(),
                via: None,
                via_name: None,
            });
        }
    }
    for entity in tree.entities() {
        for waiver in &entity.waivers {
            let (Some(approver), Some(rule)) = (&waiver.approved_by, &waiver.rule) else {
                continue;
            };
            approvals.entry(approver).or_default().push(Held {
                kind: "waiver",
                id: rule.clone(),
                name: None,
                path: entity.path.clone(),
                via: None,
                via_name: None,
            });
        }
    }
    let take = |map: &HashMap<&str, Vec<Held>>, id: &str| map.get(id).cloned().unwrap_or_default();
    let mut people: Vec<PersonRow> =
        org.people
            .values()
            .filter(|p| person.is_none_or(|wanted| p.id == wanted))
            .map(|p| {
                let heads: Vec<&crate::model::Department> = org
                    .departments
                    .values()
                    .filter(|d| d.head.as_deref() == Some(p.id.as_str()))
                    .collect();
                let owns = take(&owners, &p.id);
                let backs_up = take(&backups, &p.id);
                let administers = take(&admins, &p.id);
                let mut approves = take(&approvals, &p.id);
                for department in &heads {
                    approves.extend(take(&approvals, &department.id).into_iter().map(|held| {
                        Held {
                            via: Some(department.id.clone()),
                            via_name: department.name.clone(),
                            ..held
                        }
                    }));
                }
                approves.sort_by(|a, b| (a.kind, &a.path, &a.id).cmp(&(b.kind, &b.path, &b.id)));
                let tools: BTreeSet<&str> = owns
                    .iter()
                    .chain(&backs_up)
                    .chain(&administers)
                    .map(|h| h.id.as_str())
                    .collect();
                PersonRow {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    department: p.department.clone(),
                    department_name: p.department.as_deref().and_then(department_name),
                    github: p.github.clone(),
                    left: p.left.map(|d| d.to_string()),
                    has_left: p.has_left(today),
                    tools_to_hand_over: tools.len(),
                    heads: heads
                        .iter()
                        .map(|d| Held {
                            kind: "department",
                            id: d.id.clone(),
                            name: d.name.clone(),
                            path: org.entity.path.clone(),
                            via: None,
                            via_name: None,
                        })
                        .collect(),
                    owns,
                    backs_up,
                    administers,
                    approves,
                }
            })
            .collect();
    // Those who have left and still hold something first (false sorts before true).
    people.sort_by_key(|p| !p.has_left || p.holds_nothing());
    PeopleReport {
        today: today.to_string(),
        people,
    }
}

fn held_tool(tool: &Tool) -> Held {
    Held {
        kind: "tool",
        id: tool.entity.id.clone(),
        name: tool.name.clone(),
        path: tool.entity.path.clone(),
        via: None,
        via_name: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::RawFile;

    fn tree(files: &[(&str, &str)]) -> Tree {
        let files = files
            .iter()
            .map(|(path, text)| RawFile {
                path: path.to_string(),
                content: Ok(text.to_string()),
            })
            .collect();
        let loaded = crate::loader::load(files, "", &Default::default());
        loaded.tree
    }

    const ORG: &str =
        "[departments.it]\nname = \"IT\"\n[people.ana]\nname = \"Ana\"\ndepartment = \"it\"\n";

    #[test]
    fn budget_totals_add_up_by_category_and_name_the_tools() {
        let tree = tree(&[
            ("org.toml", ORG),
            (
                "budgets/2026/it.toml",
                "department = \"it\"\nfiscal_year = 2026\ncurrency = \"USD\"\nallocation = 1000\n\n[[line]]\nid = \"chat\"\ncategory = \"software\"\namount = 120.50\ntool = \"chat\"\n\n[[line]]\nid = \"pcs\"\ncategory = \"hardware\"\namount = 900\n",
            ),
            (
                "tools/wiki.toml",
                "name = \"Wiki\"\n[cost]\namount = 10\ncurrency = \"USD\"\nperiod = \"month\"\nbudget_line = \"2026/it#chat\"\n",
            ),
            ("tools/chat.toml", "name = \"Chat\"\n"),
        ]);
        let report = budget_report(&tree, "2026", jiff::civil::date(2026, 12, 1));
        let it = &report.departments[0];
        assert_eq!(it.name.as_deref(), Some("IT"));
        assert_eq!(it.totals.planned, Some("1020.50".parse().unwrap()));
        assert_eq!(it.totals.left, Some("-20.50".parse().unwrap()));
        assert_eq!(
            it.totals.by_category.software,
            Some("120.5".parse().unwrap())
        );
        let tools: Vec<&str> = it.lines[0].tools.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(tools, ["chat", "wiki"]);
        assert_eq!(
            it.lines[0].tools[1].cost.as_ref().unwrap().per_year,
            Some(Decimal::from(120))
        );
        assert_eq!(report.totals.len(), 1);
        assert_eq!(
            report.totals[0].totals.allocation,
            Some(Decimal::from(1000))
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["departments"][0]["planned"], serde_json::json!(1020.5));
        assert_eq!(
            json["departments"][0]["by_category"]["hardware"],
            serde_json::json!(900)
        );
    }

    #[test]
    fn tool_filters() {
        let tree = tree(&[
            ("org.toml", ORG),
            (
                "tools/a.toml",
                "name = \"A\"\nstatus = \"approved\"\ndepartment = \"it\"\nowner = \"ana\"\n[exit_plan]\ndata_export = \"TBD\"\n",
            ),
            (
                "tools/b.toml",
                "name = \"B\"\nstatus = \"trial\"\ndepartment = \"it\"\nowner = \"ana\"\nbackup_owner = \"bo\"\n[exit_plan]\ndata_export = \"Export > CSV\"\n",
            ),
        ]);
        let all = tools_report(&tree, &ToolFilter::default());
        assert_eq!(all.tools.len(), 2);
        assert_eq!(all.tools[0].owner_name.as_deref(), Some("Ana"));
        assert!(!all.tools[0].exit_plan && all.tools[1].exit_plan);
        let ids = |filter: ToolFilter| -> Vec<String> {
            tools_report(&tree, &filter)
                .tools
                .into_iter()
                .map(|t| t.id)
                .collect()
        };
        assert_eq!(
            ids(ToolFilter {
                status: Some("trial".into()),
                ..Default::default()
            }),
            ["b"]
        );
        assert_eq!(
            ids(ToolFilter {
                missing: vec![Missing::ExitPlan],
                ..Default::default()
            }),
            ["a"]
        );
        assert_eq!(
            ids(ToolFilter {
                missing: vec![Missing::BackupOwner],
                ..Default::default()
            }),
            ["a"]
        );
        assert!(
            ids(ToolFilter {
                department: Some("hr".into()),
                ..Default::default()
            })
            .is_empty()
        );
    }
}
