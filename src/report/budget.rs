//! The budget report: every department's budget for one fiscal year, added up by category and
//! currency, with the tools behind each line. Apart from the other kinds because its sums
//! (unknown as soon as one amount is) are its own.

use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{ToolCost, tool_cost};
use crate::model::{LineRef, Tree};
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
            let tool = tree.tools.get(id).map(Box::as_ref);
            LineTool {
                id: id.to_string(),
                name: tool.and_then(|t| t.name.clone()),
                cost: tool.and_then(tool_cost),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testing::{ORG, tree};

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
}
