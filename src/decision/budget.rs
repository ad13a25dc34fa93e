//! What a change does to a department's budget: its allocation, each line added, removed or
//! changed, and where the budget stands afterwards (planned against allocation).

use std::collections::BTreeMap;

use super::{BudgetStatus, Change, Point, Span, Words};
use crate::diff::{ChangeKind, EntityChange, TreeDiff};
use crate::model::{Budget, Line, Tree};
use crate::money;

/// "Communications 2026".
fn budget_name(words_department: String, budget: &Budget) -> String {
    format!("{words_department} {}", budget.fiscal_year)
}

fn key(change: &EntityChange) -> Option<(String, String)> {
    let rest = change
        .path
        .strip_prefix("budgets/")?
        .strip_suffix(".toml")?;
    let (year, department) = rest.split_once('/')?;
    Some((year.to_string(), department.to_string()))
}

pub(super) fn change(words: &Words<'_>, change: &EntityChange) -> Change {
    let old_key = change
        .old_path
        .as_ref()
        .and_then(|p| {
            let mut c = change.clone();
            c.path = p.clone();
            key(&c)
        })
        .or_else(|| key(change));
    let before = old_key.and_then(|k| words.base.budgets.get(&k));
    let after = key(change).and_then(|k| words.head.budgets.get(&k));
    match (change.change, before, after) {
        (ChangeKind::Added, _, Some(budget)) => added(words, budget),
        (ChangeKind::Removed, Some(budget), _) => {
            let c = budget.currency.as_deref();
            Change {
                kind: budget.entity.kind,
                headline: vec![
                    Span::Plain("Removes the ".into()),
                    Span::Strong(format!(
                        "{} budget",
                        budget_name(words.department(&budget.department), budget)
                    )),
                    Span::Plain(format!(
                        " (of {}).",
                        money::format_known(budget.allocation, c)
                    )),
                ],
                points: Vec::new(),
            }
        }
        (_, Some(before), Some(after)) => modified(words, before, after),
        _ => words.generic(change),
    }
}

/// "Sets the Legal 2026 budget at $1,000, of which $800 is planned in 2 lines."
fn added(words: &Words<'_>, budget: &Budget) -> Change {
    let c = budget.currency.as_deref();
    let lines = crate::words::count(budget.lines.len() as i64, "line", "lines");
    Change {
        kind: budget.entity.kind,
        headline: vec![
            Span::Plain("Sets the ".into()),
            Span::Strong(format!(
                "{} budget",
                budget_name(words.department(&budget.department), budget)
            )),
            Span::Plain(format!(
                " at {}, of which {} is planned in {lines}.",
                money::format_known(budget.allocation, c),
                money::format_known(budget.total(), c)
            )),
        ],
        points: budget
            .lines
            .iter()
            .map(|line| Point::Text(line_sentence(words, line, c)))
            .collect(),
    }
}

/// "design-software (software): $1,500, for Canva."
fn line_sentence(words: &Words<'_>, line: &Line, currency: Option<&str>) -> String {
    let id = line.id.as_deref().unwrap_or("a line without an id");
    let category = line
        .category
        .as_deref()
        .map(|c| format!(" ({c})"))
        .unwrap_or_default();
    let tool = line
        .tool
        .as_deref()
        .map(|t| format!(", for {}", tool_name(words, t)))
        .unwrap_or_default();
    format!(
        "The {id} line{category}: {}{tool}.",
        money::format_known(line.amount, currency)
    )
}

/// A tool by name, from the head (else the base), else its id.
fn tool_name(words: &Words<'_>, id: &str) -> String {
    words
        .head
        .tools
        .get(id)
        .or_else(|| words.base.tools.get(id))
        .map(|tool| tool.plain_name().to_string())
        .unwrap_or_else(|| id.to_string())
}

fn modified(words: &Words<'_>, before: &Budget, after: &Budget) -> Change {
    let c = after.currency.as_deref();
    let mut points = Vec::new();
    if before.allocation != after.allocation {
        let verb = match (before.allocation, after.allocation) {
            (Some(a), Some(b)) if b > a => "rises",
            (Some(a), Some(b)) if b < a => "falls",
            _ => "changes",
        };
        points.push(Point::Text(format!(
            "The allocation {verb} from {} to {}.",
            money::format_known(before.allocation, c),
            money::format_known(after.allocation, c)
        )));
    }
    let by_id = |budget: &Budget| -> BTreeMap<String, Line> {
        budget
            .lines
            .iter()
            .filter_map(|l| Some((l.id.clone()?, l.clone())))
            .collect()
    };
    let (old, new) = (by_id(before), by_id(after));
    for (id, line) in &new {
        match old.get(id) {
            None => points.push(Point::Text(format!(
                "Adds a line. {}",
                line_sentence(words, line, c)
            ))),
            Some(was) if was.amount != line.amount => {
                let verb = match (was.amount, line.amount) {
                    (Some(a), Some(b)) if b > a => "rises",
                    (Some(a), Some(b)) if b < a => "falls",
                    _ => "changes",
                };
                let delta = money::delta(was.amount, line.amount)
                    .map(|d| format!(" ({})", money::format_delta(d, c)))
                    .unwrap_or_default();
                points.push(Point::Text(format!(
                    "The {id} line {verb} from {} to {}{delta}.",
                    money::format_known(was.amount, c),
                    money::format_known(line.amount, c)
                )));
            }
            Some(was) if was.category != line.category || was.tool != line.tool => {
                if was.tool != line.tool {
                    let tool = |l: &Line| l.tool.as_deref().map(|t| tool_name(words, t));
                    points.push(Point::Text(match (tool(was), tool(line)) {
                        (Some(a), Some(b)) => format!("The {id} line now pays for {b} (was {a})."),
                        (None, Some(b)) => format!("The {id} line now pays for {b}."),
                        (Some(a), None) => {
                            format!("The {id} line no longer names a tool (was {a}).")
                        }
                        (None, None) => String::new(),
                    }));
                }
                if was.category != line.category {
                    points.push(Point::Text(format!(
                        "The {id} line now counts as {} (was {}).",
                        line.category.as_deref().unwrap_or("no category"),
                        was.category.as_deref().unwrap_or("no category")
                    )));
                }
            }
            Some(_) => {}
        }
    }
    for (id, line) in &old {
        if !new.contains_key(id) {
            points.push(Point::Text(format!(
                "Removes the {id} line ({}).",
                money::format_known(line.amount, c)
            )));
        }
    }
    points.retain(|p| !matches!(p, Point::Text(t) if t.is_empty()));
    if points.is_empty() {
        points.push(Point::Text(
            "Changes its descriptions or notes; no amount changes.".to_string(),
        ));
    }
    Change {
        kind: after.entity.kind,
        headline: vec![
            Span::Plain("Changes the ".into()),
            Span::Strong(format!(
                "{} budget",
                budget_name(words.department(&after.department), after)
            )),
            Span::Plain(":".into()),
        ],
        points,
    }
}

/// Where each budget the change touches stands before and after (every budget file that
/// changed, an allocation alone included).
pub(super) fn statuses(base: &Tree, head: &Tree, diff: &TreeDiff) -> Vec<BudgetStatus> {
    diff.entities
        .iter()
        .filter(|e| e.kind == crate::layout::Kind::Budget)
        .filter_map(|change| {
            let after_key = key(change);
            let before_key = change
                .old_path
                .as_ref()
                .map(|p| {
                    let mut c = change.clone();
                    c.path = p.clone();
                    c
                })
                .and_then(|c| key(&c))
                .or_else(|| after_key.clone());
            let before = before_key.and_then(|k| base.budgets.get(&k));
            let after = after_key.and_then(|k| head.budgets.get(&k));
            let budget = after.or(before)?;
            let department = head
                .department(&budget.department)
                .or_else(|| base.department(&budget.department))
                .and_then(|d| d.name.clone())
                .unwrap_or_else(|| budget.department.clone());
            Some(BudgetStatus {
                name: format!("{department} {}", budget.fiscal_year),
                currency: budget.currency.clone(),
                allocation: (
                    before.and_then(|b| b.allocation),
                    after.and_then(|b| b.allocation),
                ),
                planned: (
                    before.map_or(Some(rust_decimal::Decimal::ZERO), Budget::total),
                    after.map_or(Some(rust_decimal::Decimal::ZERO), Budget::total),
                ),
                added: before.is_none(),
                removed: after.is_none(),
            })
        })
        .collect()
}
