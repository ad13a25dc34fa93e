//! Budget totals before and after a change: per department, per category, and per fiscal year.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::EntityChange;
use crate::layout::Kind;
use crate::model::{Budget, Tree};
use crate::money;

/// Before, after and the difference, in the budget's currency. A side whose amounts cannot
/// all be read is unknown (`null` in JSON), and so is the difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    #[serde(serialize_with = "money::serialize_opt")]
    pub before: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub after: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub delta: Option<Decimal>,
}

impl Totals {
    fn new(before: Option<Decimal>, after: Option<Decimal>) -> Self {
        Totals {
            before,
            after,
            delta: money::delta(before, after),
        }
    }

    /// Whether the change moves this total (or makes it known or unknown).
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// One department's budget for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetChange {
    pub department: String,
    pub fiscal_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub before: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub after: Option<Decimal>,
    #[serde(serialize_with = "money::serialize_opt")]
    pub delta: Option<Decimal>,
    /// software, hardware, service, training, other: only categories present on a side.
    pub by_category: BTreeMap<String, Totals>,
}

/// Every department's budgets of one fiscal year, added up.
#[derive(Debug, Clone, Serialize)]
pub struct FiscalYearTotals {
    pub fiscal_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(flatten)]
    pub totals: Totals,
}

pub(super) fn totals(
    base: &Tree,
    head: &Tree,
    changes: &[EntityChange],
) -> (Vec<BudgetChange>, Vec<FiscalYearTotals>) {
    let touched: BTreeSet<(String, String)> = changes
        .iter()
        .filter(|c| c.kind == Kind::Budget)
        .flat_map(|c| [Some(&c.path), c.old_path.as_ref()])
        .flatten()
        .filter_map(|path| budget_key(path))
        .collect();
    let budgets: Vec<BudgetChange> = touched
        .iter()
        .map(|key| department_totals(key, base.budgets.get(key), head.budgets.get(key)))
        .filter(|t| t.before != t.after || t.by_category.values().any(Totals::changed))
        .collect();
    let years: BTreeSet<&String> = touched.iter().map(|(year, _)| year).collect();
    let fiscal_years = years
        .into_iter()
        .map(|year| {
            let sum = |tree: &Tree| {
                money::sum(
                    tree.budgets
                        .values()
                        .filter(|b| &b.fiscal_year == year)
                        .map(Budget::total),
                )
            };
            let currency = head
                .budgets
                .values()
                .chain(base.budgets.values())
                .find(|b| &b.fiscal_year == year)
                .and_then(|b| b.currency.clone());
            FiscalYearTotals {
                fiscal_year: year.clone(),
                currency,
                totals: Totals::new(sum(base), sum(head)),
            }
        })
        .filter(|t| t.totals.changed())
        .collect();
    (budgets, fiscal_years)
}

/// `budgets/2026/it.toml` -> ("2026", "it").
fn budget_key(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("budgets/")?.strip_suffix(".toml")?;
    let (year, department) = rest.split_once('/')?;
    Some((year.to_string(), department.to_string()))
}

fn department_totals(
    key: &(String, String),
    before: Option<&Budget>,
    after: Option<&Budget>,
) -> BudgetChange {
    let zero = Some(Decimal::ZERO);
    let mut categories: BTreeMap<String, (Option<Decimal>, Option<Decimal>)> = BTreeMap::new();
    for (budget, is_after) in [(before, false), (after, true)] {
        for line in budget.iter().flat_map(|b| &b.lines) {
            let category = line.category.clone().unwrap_or_else(|| "other".to_string());
            let entry = categories.entry(category).or_insert((zero, zero));
            let side = if is_after { &mut entry.1 } else { &mut entry.0 };
            *side = money::add(*side, line.amount);
        }
    }
    let total = |b: Option<&Budget>| b.map_or(zero, Budget::total);
    let totals = Totals::new(total(before), total(after));
    BudgetChange {
        fiscal_year: key.0.clone(),
        department: key.1.clone(),
        currency: after.or(before).and_then(|b| b.currency.clone()),
        before: totals.before,
        after: totals.after,
        delta: totals.delta,
        by_category: categories
            .into_iter()
            .map(|(name, (before, after))| (name, Totals::new(before, after)))
            .collect(),
    }
}
