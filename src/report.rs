//! Reports for people who plan and approve: the budgets of one fiscal year (per department
//! and category: allocation, used, left, and the tools behind each line) and the tool
//! registry as a table. Built from the loaded [`Tree`], never from the files themselves, so a
//! report agrees with what `steward lint` checked. Values the schema rejected are simply
//! absent here (lint reports them). Renderers live in [`crate::render::report`].

use std::collections::BTreeSet;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::model::{LineRef, Tool, Tree};

/// The budget categories, in the order reports show them.
pub const CATEGORIES: [&str; 5] = ["software", "hardware", "service", "training", "other"];

/// Every department's budget for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetReport {
    pub fiscal_year: String,
    pub departments: Vec<DepartmentBudget>,
    /// All departments added up, one entry per currency (usually one).
    pub totals: Vec<BudgetTotals>,
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

/// Allocation, used (the lines added up), left, and used per category.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Amounts {
    #[serde(serialize_with = "money_opt")]
    pub allocation: Option<Decimal>,
    #[serde(serialize_with = "money")]
    pub used: Decimal,
    /// Allocation minus used; negative when the lines exceed the allocation.
    #[serde(serialize_with = "money_opt")]
    pub left: Option<Decimal>,
    pub by_category: Categories,
}

/// Amounts per budget category. A line whose category is not one of these (the schema reports
/// it) counts as `other`, so that the categories add up to `used`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Categories {
    #[serde(serialize_with = "money")]
    pub software: Decimal,
    #[serde(serialize_with = "money")]
    pub hardware: Decimal,
    #[serde(serialize_with = "money")]
    pub service: Decimal,
    #[serde(serialize_with = "money")]
    pub training: Decimal,
    #[serde(serialize_with = "money")]
    pub other: Decimal,
}

impl Categories {
    /// The amount of a category, by name (`other` for anything unknown).
    pub fn get(&self, category: &str) -> Decimal {
        match category {
            "software" => self.software,
            "hardware" => self.hardware,
            "service" => self.service,
            "training" => self.training,
            _ => self.other,
        }
    }

    fn add(&mut self, category: &str, amount: Decimal) {
        let slot = match category {
            "software" => &mut self.software,
            "hardware" => &mut self.hardware,
            "service" => &mut self.service,
            "training" => &mut self.training,
            _ => &mut self.other,
        };
        *slot += amount;
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
    #[serde(serialize_with = "money_opt")]
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
pub struct BudgetTotals {
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

/// The budgets of one fiscal year, by department id.
pub fn budget_report(tree: &Tree, fiscal_year: &str) -> BudgetReport {
    let mut departments = Vec::new();
    let mut totals: Vec<BudgetTotals> = Vec::new();
    for ((year, department), budget) in &tree.budgets {
        if year != fiscal_year {
            continue;
        }
        let mut amounts = Amounts {
            allocation: budget.allocation,
            ..Amounts::default()
        };
        let mut lines = Vec::new();
        for line in &budget.lines {
            let amount = line.amount.unwrap_or_default();
            amounts.used += amount;
            amounts
                .by_category
                .add(line.category.as_deref().unwrap_or("other"), amount);
            lines.push(LineReport {
                id: line.id.clone(),
                description: line.description.clone(),
                category: line.category.clone(),
                amount: line.amount,
                recurring: line.recurring,
                tools: tools_behind(
                    tree,
                    year,
                    department,
                    line.id.as_deref(),
                    line.tool.as_deref(),
                ),
            });
        }
        amounts.left = budget.allocation.map(|a| a - amounts.used);
        match totals.iter_mut().find(|t| t.currency == budget.currency) {
            Some(total) => {
                total.totals.allocation = match (total.totals.allocation, budget.allocation) {
                    (Some(a), Some(b)) => Some(a + b),
                    (a, b) => a.or(b),
                };
                total.totals.used += amounts.used;
                total.totals.by_category.add_all(&amounts.by_category);
            }
            None => totals.push(BudgetTotals {
                currency: budget.currency.clone(),
                totals: Amounts {
                    allocation: budget.allocation,
                    used: amounts.used,
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
        total.totals.left = total.totals.allocation.map(|a| a - total.totals.used);
    }
    BudgetReport {
        fiscal_year: fiscal_year.to_string(),
        departments,
        totals,
    }
}

/// The tools a line pays for: the line's own `tool`, and every tool whose budget_line names
/// the line. Sorted by id, each once.
fn tools_behind(
    tree: &Tree,
    year: &str,
    department: &str,
    line_id: Option<&str>,
    line_tool: Option<&str>,
) -> Vec<LineTool> {
    let mut ids: BTreeSet<&str> = line_tool.into_iter().collect();
    if let Some(line_id) = line_id {
        for (id, tool) in &tree.tools {
            let names_line = tool
                .cost
                .as_ref()
                .and_then(|c| c.budget_line.as_deref())
                .and_then(LineRef::parse)
                .is_some_and(|r| {
                    r.fiscal_year == year && r.department == department && r.line == line_id
                });
            if names_line {
                ids.insert(id);
            }
        }
    }
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
    #[serde(serialize_with = "money")]
    pub amount: Decimal,
    pub currency: Option<String>,
    /// month, year or one-time.
    pub period: Option<String>,
    /// The amount over a year: 12 months, or the yearly amount. `None` for a one-time cost
    /// (or a period steward does not know).
    #[serde(serialize_with = "money_opt")]
    pub per_year: Option<Decimal>,
    pub budget_line: Option<String>,
}

fn tool_cost(tool: &Tool) -> Option<ToolCost> {
    let cost = tool.cost.as_ref()?;
    let amount = cost.amount?;
    let per_year = match cost.period.as_deref() {
        Some("month") => Some(amount * Decimal::from(12)),
        Some("year") => Some(amount),
        _ => None,
    };
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
    #[serde(serialize_with = "money")]
    pub amount: Decimal,
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
}

impl ToolRow {
    pub fn lacks(&self, missing: Missing) -> bool {
        match missing {
            Missing::Owner => self.owner.is_none(),
            Missing::ExitPlan => !self.exit_plan,
            Missing::BackupOwner => self.backup_owner.is_none() || self.backup_owner == self.owner,
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
    for (currency, amount) in tools.iter().filter_map(|t| {
        let cost = t.cost.as_ref()?;
        Some((cost.currency.clone(), cost.per_year?))
    }) {
        match per_year.iter_mut().find(|c| c.currency == currency) {
            Some(sum) => sum.amount += amount,
            None => per_year.push(CurrencyAmount { currency, amount }),
        }
    }
    ToolsReport { tools, per_year }
}

pub use crate::rules::tool::is_placeholder;

fn has_exit_plan(tool: &Tool) -> bool {
    tool.exit_plan
        .as_ref()
        .and_then(|plan| plan.data_export.as_deref())
        .is_some_and(|text| !is_placeholder(text))
}

/// Money in JSON: a number with at most the decimals it was written with.
fn money<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    let normalized = value.normalize();
    if normalized.scale() == 0
        && let Ok(whole) = i64::try_from(normalized.mantissa())
    {
        return serializer.serialize_i64(whole);
    }
    // Two decimals at most in practice; the shortest f64 repr prints them exactly.
    serializer.serialize_f64(normalized.to_string().parse().unwrap_or(0.0))
}

fn money_opt<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => money(value, serializer),
        None => serializer.serialize_none(),
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
        let report = budget_report(&tree, "2026");
        let it = &report.departments[0];
        assert_eq!(it.name.as_deref(), Some("IT"));
        assert_eq!(it.totals.used, "1020.50".parse().unwrap());
        assert_eq!(it.totals.left, Some("-20.50".parse().unwrap()));
        assert_eq!(it.totals.by_category.software, "120.5".parse().unwrap());
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
        assert_eq!(json["departments"][0]["used"], serde_json::json!(1020.5));
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
