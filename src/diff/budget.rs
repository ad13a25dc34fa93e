//! Budget totals before and after a change: per department, per category, and per fiscal year.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use super::EntityChange;
use crate::layout::Kind;
use crate::model::{Budget, Tree};

/// Before, after and the difference, in the budget's currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Totals {
    #[serde(serialize_with = "money")]
    pub before: Decimal,
    #[serde(serialize_with = "money")]
    pub after: Decimal,
    #[serde(serialize_with = "money")]
    pub delta: Decimal,
}

impl Totals {
    fn new(before: Decimal, after: Decimal) -> Self {
        Totals {
            before,
            after,
            delta: after - before,
        }
    }
}

/// One department's budget for one fiscal year.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetTotals {
    pub department: String,
    pub fiscal_year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(serialize_with = "money")]
    pub before: Decimal,
    #[serde(serialize_with = "money")]
    pub after: Decimal,
    #[serde(serialize_with = "money")]
    pub delta: Decimal,
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

pub(super) fn totals(
    base: &Tree,
    head: &Tree,
    changes: &[EntityChange],
) -> (Vec<BudgetTotals>, Vec<FiscalYearTotals>) {
    let touched: BTreeSet<(String, String)> = changes
        .iter()
        .filter(|c| c.kind == Kind::Budget)
        .flat_map(|c| [Some(&c.path), c.old_path.as_ref()])
        .flatten()
        .filter_map(|path| budget_key(path))
        .collect();
    let budgets: Vec<BudgetTotals> = touched
        .iter()
        .map(|key| department_totals(key, base.budgets.get(key), head.budgets.get(key)))
        .filter(|t| !t.delta.is_zero() || t.by_category.values().any(|c| !c.delta.is_zero()))
        .collect();
    let years: BTreeSet<&String> = touched.iter().map(|(year, _)| year).collect();
    let fiscal_years = years
        .into_iter()
        .map(|year| {
            let sum = |tree: &Tree| -> Decimal {
                tree.budgets
                    .values()
                    .filter(|b| &b.fiscal_year == year)
                    .map(Budget::total)
                    .sum()
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
        .filter(|t| !t.totals.delta.is_zero())
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
) -> BudgetTotals {
    let mut categories: BTreeMap<String, (Decimal, Decimal)> = BTreeMap::new();
    for (budget, is_after) in [(before, false), (after, true)] {
        for line in budget.iter().flat_map(|b| &b.lines) {
            let category = line.category.clone().unwrap_or_else(|| "other".to_string());
            let entry = categories.entry(category).or_default();
            let amount = line.amount.unwrap_or_default();
            if is_after {
                entry.1 += amount;
            } else {
                entry.0 += amount;
            }
        }
    }
    let total = |b: Option<&Budget>| b.map(Budget::total).unwrap_or_default();
    let totals = Totals::new(total(before), total(after));
    BudgetTotals {
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
