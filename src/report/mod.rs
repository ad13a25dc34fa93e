//! Reports for people who plan and approve: the budgets of one fiscal year (per department
//! and category: allocation, used, left, and the tools behind each line) and the tool
//! registry as a table. Built from the loaded [`Tree`](crate::model::Tree), never from the
//! files themselves, so a report agrees with what `steward lint` checked. Values the schema
//! rejected are simply absent here (lint reports them). Renderers live in
//! [`crate::render::report`].
//!
//! Each report kind has its own file (`budget.rs`, `tools.rs`, `people.rs`): they share only
//! what a tool costs, which both the budget lines and the registry show.

mod budget;
mod people;
mod tools;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::Tool;
use crate::money;

pub use budget::{
    Amounts, BudgetReport, CATEGORIES, Categories, CurrencyTotals, DepartmentBudget, LineReport,
    LineTool, budget_report, default_fiscal_year, fiscal_years,
};
pub use people::{Held, PeopleReport, PersonRow, people_report};
pub use tools::{
    CurrencyAmount, Missing, PersonRef, ToolFilter, ToolRow, ToolsReport, is_placeholder,
    tools_report,
};

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

/// What the tests of every kind load: a tree from files in memory, and an org.toml.
#[cfg(test)]
mod testing {
    use crate::model::Tree;
    use crate::source::RawFile;

    pub(super) fn tree(files: &[(&str, &str)]) -> Tree {
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

    pub(super) const ORG: &str =
        "[departments.it]\nname = \"IT\"\n[people.ana]\nname = \"Ana\"\ndepartment = \"it\"\n";
}
