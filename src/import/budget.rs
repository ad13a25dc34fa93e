//! `steward import budget`: one row a line of a department's budget for one fiscal year. A new
//! budget is written from the same commented template as `steward new budget`; lines of a
//! budget that exists are added to it in place, a line with the same id is left alone (or with
//! `--update` changed). Categories are matched by words: "Software subscriptions" is
//! software, "Laptops" hardware.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::columns::{self, Mapping, Value};
use super::edit::{self, FieldValue};
use super::resolve;
use super::table::{Cell, Table as Sheet};
use super::values;
use super::{Action, Cells, FileWrite, Plan, Problem, RowPlan, Settings};
use crate::layout::is_valid_id;
use crate::model::Tree;
use crate::report::CATEGORIES;
use crate::scaffold::{self, BudgetFields, LineFields};

/// Words that name each category (singular; a trailing "s" is dropped before comparing).
const CATEGORY_WORDS: &[(&str, &str)] = &[
    ("software", "software"),
    ("subscription", "software"),
    ("licence", "software"),
    ("license", "software"),
    ("saas", "software"),
    ("app", "software"),
    ("hardware", "hardware"),
    ("device", "hardware"),
    ("laptop", "hardware"),
    ("computer", "hardware"),
    ("equipment", "hardware"),
    ("phone", "hardware"),
    ("printer", "hardware"),
    ("monitor", "hardware"),
    ("service", "service"),
    ("consulting", "service"),
    ("consultant", "service"),
    ("hosting", "service"),
    ("support", "service"),
    ("maintenance", "service"),
    ("contractor", "service"),
    ("training", "training"),
    ("course", "training"),
    ("workshop", "training"),
    ("conference", "training"),
    ("education", "training"),
    ("other", "other"),
    ("misc", "other"),
    ("miscellaneous", "other"),
];

/// What the budget import is told besides the file.
#[derive(Debug, Clone)]
pub struct Target {
    pub department: String,
    pub fiscal_year: String,
    pub allocation: Option<Decimal>,
    pub currency: Option<String>,
}

/// One line read from a row.
struct Line {
    row: usize,
    id: String,
    values: BTreeMap<&'static str, FieldValue>,
}

pub fn plan(
    table: &Sheet,
    mapping: &Mapping,
    tree: &Tree,
    settings: &Settings,
    target: &Target,
) -> Plan {
    let mut plan = Plan::new(mapping);
    for (key, header) in [("category", "Category"), ("amount", "Amount")] {
        if mapping.column(key).is_none() {
            plan.problems.push(Problem::file(format!(
                "the file has no {header} column, and every line needs one: add it, or say which column it is with --map \"Column={key}\""
            )));
        }
    }
    if mapping.column("id").is_none() && mapping.column("description").is_none() {
        plan.problems.push(Problem::file(
            "the file has no column that names the lines (Line id or Description): add one, or map one with --map \"Column=description\"",
        ));
    }
    if !plan.problems.is_empty() {
        return plan;
    }
    let path = format!("budgets/{}/{}.toml", target.fiscal_year, target.department);
    let existing = tree
        .budgets
        .get(&(target.fiscal_year.clone(), target.department.clone()));
    let mut hinted: Option<String> = None;
    let mut lines: Vec<Line> = Vec::new();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    let mut taken: Vec<String> = existing
        .map(|b| b.lines.iter().filter_map(|l| l.id.clone()).collect())
        .unwrap_or_default();
    for row in &table.rows {
        if settings.skip.contains(&row.number) {
            continue;
        }
        let cells = Cells {
            table,
            mapping,
            row,
        };
        let (values, currency, mut problems) = read_row(&cells, tree, settings);
        if let Some(code) = currency {
            match &hinted {
                Some(first) if *first != code => problems.push(cells.problem(
                    "amount",
                    format!("this line is in {code}, but an earlier line is in {first}; a budget has one currency"),
                )),
                _ => hinted = Some(code),
            }
        }
        let id = match values.get("id") {
            Some(FieldValue::Text(id)) => id.clone(),
            _ => match values.get("description") {
                Some(FieldValue::Text(d)) => resolve::id_from(d),
                _ => String::new(),
            },
        };
        if id.is_empty() {
            problems.push(Problem::at(
                row,
                None,
                "the line has no id or description to make one from",
            ));
        } else if let Some(first) = claimed.get(&id) {
            problems.push(Problem::at(
                row,
                None,
                format!("the same line as row {first} (id {id}); give each line its own id or description"),
            ));
        }
        if !problems.is_empty() {
            plan.problems.extend(problems);
            continue;
        }
        claimed.insert(id.clone(), row.number);
        if !taken.contains(&id) {
            taken.push(id.clone());
        }
        lines.push(Line {
            row: row.number,
            id,
            values,
        });
    }
    let currency = existing
        .and_then(|b| b.currency.clone())
        .or_else(|| target.currency.clone())
        .or_else(|| hinted.clone())
        .or_else(|| crate::checks::shared_currency(tree));
    let Some(currency) = currency else {
        plan.problems.push(Problem::file(
            "in which currency is the budget? Pass --currency, e.g. --currency USD, or write the amounts with it ($80, 80 EUR)",
        ));
        return plan;
    };
    if let Some(code) = hinted.as_ref().filter(|c| **c != currency) {
        plan.problems.push(Problem::file(format!(
            "the amounts are in {code}, but the budget is in {currency}; state them in {currency}"
        )));
    }
    if !plan.problems.is_empty() && !settings.skip.is_empty() {
        return plan;
    }
    match existing {
        None => {
            let fields = BudgetFields {
                department: target.department.clone(),
                fiscal_year: target.fiscal_year.clone(),
                currency: currency.clone(),
                allocation: target.allocation.unwrap_or_else(|| {
                    crate::money::sum(lines.iter().map(|l| amount(&l.values))).unwrap_or_default()
                }),
                lines: lines.iter().map(line_fields).collect(),
            };
            for (index, line) in lines.iter().enumerate() {
                plan.rows
                    .push(row_plan(line, Action::Create, &path, index, &currency));
            }
            if !lines.is_empty() {
                plan.files.push(FileWrite {
                    path,
                    text: scaffold::budget(&fields),
                    exists: false,
                });
            }
        }
        Some(budget) => {
            let Ok(mut doc) = budget.entity.doc.source.text.parse::<DocumentMut>() else {
                plan.problems.push(Problem::file(format!(
                    "{path} cannot be read; fix it first (`steward lint` says how)"
                )));
                return plan;
            };
            let mut changed = false;
            if let Some(allocation) = target.allocation
                && budget.allocation != Some(allocation)
            {
                if settings.update {
                    edit::set(&mut doc, "allocation", &FieldValue::Money(allocation));
                    changed = true;
                } else {
                    plan.problems.push(Problem::file(format!(
                        "the budget's allocation is {}; --allocation changes it only with --update",
                        crate::money::format_known(budget.allocation, Some(&currency))
                    )));
                    return plan;
                }
            }
            let mut count = budget.lines.len();
            for line in &lines {
                match budget
                    .lines
                    .iter()
                    .position(|l| l.id.as_deref() == Some(line.id.as_str()))
                {
                    Some(index) => {
                        let action =
                            if settings.update && update_line(&mut doc, budget, index, line) {
                                changed = true;
                                Action::Update
                            } else {
                                Action::Present
                            };
                        plan.rows
                            .push(row_plan(line, action, &path, index, &currency));
                    }
                    None => {
                        append_line(&mut doc, line);
                        changed = true;
                        plan.rows
                            .push(row_plan(line, Action::Create, &path, count, &currency));
                        count += 1;
                    }
                }
            }
            if changed {
                plan.files.push(FileWrite {
                    path,
                    text: doc.to_string(),
                    exists: true,
                });
            }
        }
    }
    plan
}

fn amount(values: &BTreeMap<&'static str, FieldValue>) -> Option<Decimal> {
    match values.get("amount") {
        Some(FieldValue::Money(m)) => Some(*m),
        _ => None,
    }
}

fn text(values: &BTreeMap<&'static str, FieldValue>, key: &str) -> Option<String> {
    match values.get(key) {
        Some(FieldValue::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

fn line_fields(line: &Line) -> LineFields {
    LineFields {
        id: line.id.clone(),
        description: text(&line.values, "description"),
        category: text(&line.values, "category").unwrap_or_default(),
        amount: amount(&line.values).unwrap_or_default(),
        tool: text(&line.values, "tool"),
        recurring: match line.values.get("recurring") {
            Some(FieldValue::YesNo(b)) => Some(*b),
            _ => None,
        },
    }
}

fn row_plan(line: &Line, action: Action, path: &str, index: usize, currency: &str) -> RowPlan {
    let mut details = Vec::new();
    if let Some(category) = text(&line.values, "category") {
        details.push(("category".to_string(), category));
    }
    if let Some(amount) = amount(&line.values) {
        details.push((
            "amount".to_string(),
            super::money_text(amount, Some(currency)),
        ));
    }
    RowPlan {
        row: line.row,
        action,
        path: path.to_string(),
        pointer: format!("/line/{index}"),
        id: line.id.clone(),
        name: text(&line.values, "description").unwrap_or_else(|| line.id.clone()),
        details,
    }
}

/// The fields of a line, in the order of the template.
const ORDER: [&str; 6] = [
    "id",
    "description",
    "category",
    "amount",
    "tool",
    "recurring",
];

fn append_line(doc: &mut DocumentMut, line: &Line) {
    let mut table = Table::new();
    for key in ORDER {
        let value = if key == "id" {
            Some(FieldValue::Text(line.id.clone()))
        } else {
            line.values.get(key).cloned()
        };
        if let Some(value) = value {
            table.insert(key, Item::Value(value.toml()));
        }
    }
    if let Some(notes) = line.values.get("notes") {
        table.insert("notes", Item::Value(notes.toml()));
    }
    let root = doc.as_table_mut();
    if !root.get("line").is_some_and(Item::is_array_of_tables) {
        root.insert("line", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    if let Some(Item::ArrayOfTables(array)) = root.get_mut("line") {
        table.decor_mut().set_prefix("\n");
        array.push(table);
    }
}

fn update_line(
    doc: &mut DocumentMut,
    budget: &crate::model::Budget,
    index: usize,
    line: &Line,
) -> bool {
    let existing = &budget.lines[index];
    let now = |key: &str| -> Option<FieldValue> {
        match key {
            "description" => existing.description.clone().map(FieldValue::Text),
            "category" => existing.category.clone().map(FieldValue::Text),
            "amount" => existing.amount.map(|a| FieldValue::Money(a.normalize())),
            "tool" => existing.tool.clone().map(FieldValue::Text),
            "recurring" => existing.recurring.map(FieldValue::YesNo),
            _ => budget
                .entity
                .str(&format!("{}/{key}", existing.pointer))
                .map(FieldValue::Text),
        }
    };
    let Some(Item::ArrayOfTables(array)) = doc.as_table_mut().get_mut("line") else {
        return false;
    };
    let Some(table) = array.get_mut(index) else {
        return false;
    };
    let mut changed = false;
    for (key, value) in &line.values {
        if *key == "id" || *key == "currency" || now(key).as_ref() == Some(value) {
            continue;
        }
        edit::set_in(table, key, value.toml());
        changed = true;
    }
    changed
}

/// A row's cells as a line's values; the currency its amount was written in.
fn read_row(
    cells: &Cells<'_>,
    tree: &Tree,
    settings: &Settings,
) -> (
    BTreeMap<&'static str, FieldValue>,
    Option<String>,
    Vec<Problem>,
) {
    let mut values = BTreeMap::new();
    let mut currency = None;
    let mut problems = Vec::new();
    for field in columns::LINE_FIELDS {
        let Some(cell) = cells.get(field.key) else {
            if matches!(field.key, "category" | "amount") {
                problems.push(cells.problem(field.key, "empty, and every line needs it"));
            }
            continue;
        };
        let read = match field.value {
            Value::Id => {
                let id = cell.text();
                if is_valid_id(&id) {
                    Ok(FieldValue::Text(id))
                } else {
                    Err(format!(
                        "\"{id}\" is not an id: lowercase letters, digits and dashes, e.g. {}",
                        resolve::id_from(&id)
                    ))
                }
            }
            Value::Choice => category(cell).map(|c| FieldValue::Text(c.to_string())),
            Value::Money => values::money(cell, settings.formats).map(|(amount, code)| {
                currency = code;
                FieldValue::Money(amount)
            }),
            Value::Currency => {
                let code = cell.text().to_uppercase();
                if crate::checks::is_currency_code(&code) {
                    currency = Some(code);
                    continue;
                }
                Err(format!(
                    "\"{}\" is not a currency code, e.g. USD",
                    cell.text()
                ))
            }
            Value::Tool => resolve::tool(tree, &cell.text()).map(FieldValue::Text),
            Value::YesNo => values::yes_no(cell).map(FieldValue::YesNo),
            _ => Ok(FieldValue::Text(cell.text())),
        };
        match read {
            Ok(value) => {
                values.insert(field.key, value);
            }
            Err(message) => problems.push(cells.problem(field.key, message)),
        }
    }
    (values, currency, problems)
}

/// A category by its name or the words in the cell: exactly one category must be named.
fn category(cell: &Cell) -> Result<&'static str, String> {
    if let Ok(found) = values::choice(cell, &CATEGORIES, &[]) {
        return Ok(found);
    }
    let text = cell.text();
    let mut found: Vec<&'static str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter_map(|word| {
            let word = word.to_lowercase();
            let singular = word.strip_suffix('s').unwrap_or(&word).to_string();
            CATEGORY_WORDS
                .iter()
                .find(|(w, _)| *w == word || *w == singular)
                .map(|(_, c)| *c)
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "\"{text}\" names none of the categories: software, hardware, service, training, other"
        )),
        several => Err(format!(
            "\"{text}\" could be {}: write one of them",
            several.join(" or ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_matched_by_words() {
        let c = |s: &str| category(&Cell::Text(s.into()));
        assert_eq!(c("Software subscriptions"), Ok("software"));
        assert_eq!(c("Laptops"), Ok("hardware"));
        assert_eq!(c("HOSTING & support"), Ok("service"));
        assert_eq!(c("Training"), Ok("training"));
        assert!(
            c("Software training")
                .unwrap_err()
                .contains("software or training")
        );
        assert!(c("Snacks").is_err());
    }
}
