//! `budgets/<fiscal-year>/<department>.toml`: a department's budget line items.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Entity;

#[derive(Debug, Clone)]
pub struct Budget {
    pub entity: Entity,
    /// From the path: the folder name.
    pub fiscal_year: String,
    /// From the path: the file name.
    pub department: String,
    pub currency: Option<String>,
    pub allocation: Option<Decimal>,
    pub lines: Vec<Line>,
    /// Where the lines with each id are in `lines`: references resolve without a scan, and a
    /// budget can have thousands of lines.
    by_id: HashMap<String, Vec<usize>>,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub pointer: String,
    pub id: Option<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub tool: Option<String>,
    pub recurring: Option<bool>,
}

impl Budget {
    pub fn from_entity(entity: Entity, fiscal_year: &str) -> Self {
        let lines = (0..entity.count("/line"))
            .map(|i| {
                let pointer = format!("/line/{i}");
                let field = |name: &str| format!("{pointer}/{name}");
                Line {
                    id: entity.str(&field("id")),
                    description: entity.str(&field("description")),
                    category: entity.str(&field("category")),
                    amount: entity.money(&field("amount")),
                    currency: entity.str(&field("currency")),
                    tool: entity.str(&field("tool")),
                    recurring: entity.bool(&field("recurring")),
                    pointer,
                }
            })
            .collect::<Vec<Line>>();
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, line) in lines.iter().enumerate() {
            if let Some(id) = &line.id {
                by_id.entry(id.clone()).or_default().push(index);
            }
        }
        Budget {
            by_id,
            fiscal_year: fiscal_year.to_string(),
            department: entity.id.clone(),
            currency: entity.str("/currency"),
            allocation: entity.money("/allocation"),
            lines,
            entity,
        }
    }

    /// The sum of all line amounts, or `None` when a line's amount is missing or cannot be
    /// read (the schema or `budget/amount-format` reports it): a total is never smaller than
    /// its lines.
    pub fn total(&self) -> Option<Decimal> {
        crate::money::sum(self.lines.iter().map(|l| l.amount))
    }

    /// The line with this id (the first, if ids repeat).
    pub fn line(&self, id: &str) -> Option<&Line> {
        self.lines_with_id(id)
            .next()
            .map(|index| &self.lines[index])
    }

    /// Where the lines with this id are, in order (ids should be unique, but may repeat).
    pub fn lines_with_id(&self, id: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_id.get(id).into_iter().flatten().copied()
    }

    /// `2026/it`, the budget's address in budget_line references.
    pub fn address(&self) -> String {
        format!("{}/{}", self.fiscal_year, self.department)
    }
}
