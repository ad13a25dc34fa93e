//! `steward import people`: one row a person, into the `[people.<id>]` tables of org.toml
//! (edited in place: its comments and order stay). A person already there is found by e-mail
//! (or, for a row without one, by id or exact name) and left alone, or with `--update` the
//! fields the row gives are changed.

use std::collections::{BTreeMap, HashMap, HashSet};

use toml_edit::{DocumentMut, Item, Table};

use super::columns::{self, Mapping, Value};
use super::edit::{self, FieldValue};
use super::resolve::{self, folded};
use super::table::Table as Sheet;
use super::values;
use super::{Action, Cells, FileWrite, Plan, Problem, RowPlan, Settings};
use crate::layout::is_valid_id;
use crate::model::Tree;

/// The fields of a person in the order they are written.
const ORDER: [&str; 5] = ["name", "email", "department", "role", "left"];

pub fn plan(table: &Sheet, mapping: &Mapping, tree: &Tree, settings: &Settings) -> Plan {
    let mut plan = Plan::new(mapping);
    let Some(org) = &tree.org else {
        plan.problems
            .push(Problem::file("there is no org.toml to add people to"));
        return plan;
    };
    let has_name = ["name", "first_name", "last_name", "email"]
        .iter()
        .any(|k| mapping.column(k).is_some());
    if !has_name {
        plan.problems.push(Problem::file(
            "the file has no column for the people's names or e-mails (Name, First name, Email...): add one, or say which column it is with --map \"Column=name\"",
        ));
        return plan;
    }
    let Ok(mut doc) = org.entity.doc.source.text.parse::<DocumentMut>() else {
        plan.problems.push(Problem::file(
            "org.toml cannot be read; fix it first (`steward lint` says how)",
        ));
        return plan;
    };
    let mut by_email: HashMap<String, String> = HashMap::new();
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for person in org.people.values() {
        if let Some(email) = resolve::email_of(tree, &person.id) {
            by_email.insert(email.to_lowercase(), person.id.clone());
        }
        if let Some(name) = &person.name {
            by_name
                .entry(folded(name))
                .or_default()
                .push(person.id.clone());
        }
    }
    let mut taken: HashSet<String> = org.people.keys().cloned().collect();
    let mut claimed: HashMap<String, usize> = HashMap::new();
    let mut changed = false;
    for row in &table.rows {
        if settings.skip.contains(&row.number) {
            continue;
        }
        let cells = Cells {
            table,
            mapping,
            row,
        };
        let (values, mut problems) = read_row(&cells, tree, settings);
        let email = text(&values, "email");
        let name = text(&values, "name");
        let existing = email
            .as_ref()
            .and_then(|e| by_email.get(&e.to_lowercase()).cloned())
            .or_else(|| text(&values, "id").filter(|id| org.people.contains_key(id)))
            .or_else(|| match (&email, &name) {
                (None, Some(name)) => match by_name.get(&folded(name)).map(Vec::as_slice) {
                    Some([one]) => Some(one.clone()),
                    _ => None,
                },
                _ => None,
            });
        let id = match (&existing, text(&values, "id")) {
            (Some(id), _) => id.clone(),
            (None, Some(id)) => id,
            (None, None) => {
                let base = name
                    .as_deref()
                    .map(resolve::id_from)
                    .filter(|id| !id.is_empty())
                    .or_else(|| {
                        email
                            .as_deref()
                            .and_then(|e| e.split('@').next())
                            .map(resolve::id_from)
                    })
                    .unwrap_or_default();
                unique(&base, &taken)
            }
        };
        if let Some(first) = claimed.get(&id) {
            problems.push(Problem::at(
                row,
                None,
                format!("the same person as row {first} ({id}); keep one row a person"),
            ));
        }
        if existing.is_none() {
            if name.is_none() {
                problems.push(cells.problem("name", "no name, and a new person needs one"));
            }
            if text(&values, "department").is_none() && settings.department.is_none() {
                problems.push(cells.problem(
                    "department",
                    "no department, and no --department for rows without one",
                ));
            }
            if id.is_empty() {
                problems.push(cells.problem(
                    "name",
                    "the name makes no id (ids are letters a-z, digits and dashes): add a \"Person id\" column",
                ));
            }
        }
        if !problems.is_empty() {
            plan.problems.extend(problems);
            continue;
        }
        claimed.insert(id.clone(), row.number);
        let action = match &existing {
            Some(id) if settings.update => {
                let updated = update(&mut doc, tree, id, &values);
                changed |= updated;
                if updated {
                    Action::Update
                } else {
                    Action::Present
                }
            }
            Some(_) => Action::Present,
            None => {
                let mut values = values.clone();
                if !values.contains_key("department")
                    && let Some(department) = &settings.department
                {
                    values.insert("department", FieldValue::Text(department.clone()));
                }
                add(&mut doc, &id, &values);
                taken.insert(id.clone());
                changed = true;
                Action::Create
            }
        };
        let person = tree.person(&id);
        plan.rows.push(RowPlan {
            row: row.number,
            action,
            path: org.entity.path.clone(),
            pointer: format!("/people/{id}"),
            id: id.clone(),
            name: name
                .or_else(|| person.and_then(|p| p.name.clone()))
                .unwrap_or_else(|| id.clone()),
            details: ["department", "email", "left"]
                .iter()
                .filter_map(|k| Some((k.to_string(), shown(values.get(*k)?))))
                .collect(),
        });
    }
    if changed {
        plan.files.push(FileWrite {
            path: org.entity.path.clone(),
            text: doc.to_string(),
            exists: true,
        });
    }
    plan
}

type Values = BTreeMap<&'static str, FieldValue>;

fn text(values: &Values, key: &str) -> Option<String> {
    match values.get(key) {
        Some(FieldValue::Text(t)) => Some(t.clone()),
        _ => None,
    }
}

fn shown(value: &FieldValue) -> String {
    match value {
        FieldValue::Text(t) => t.clone(),
        FieldValue::Date(d) => d.to_string(),
        other => format!("{other:?}"),
    }
}

fn read_row(cells: &Cells<'_>, tree: &Tree, settings: &Settings) -> (Values, Vec<Problem>) {
    let mut values = Values::new();
    let mut problems = Vec::new();
    for field in columns::PERSON_FIELDS {
        let Some(cell) = cells.get(field.key) else {
            continue;
        };
        let read = match field.value {
            Value::Date => values::date(cell, settings.formats).map(FieldValue::Date),
            Value::Department => resolve::department(tree, &cell.text()).map(FieldValue::Text),
            Value::Email => {
                let email = cell.text();
                if email.contains('@') && !email.contains(char::is_whitespace) {
                    Ok(FieldValue::Text(email))
                } else {
                    Err(format!("\"{email}\" is not an e-mail address"))
                }
            }
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
            _ => Ok(FieldValue::Text(cell.text())),
        };
        match read {
            Ok(value) => {
                values.insert(field.key, value);
            }
            Err(message) => problems.push(cells.problem(field.key, message)),
        }
    }
    let first = values.remove("first_name");
    let last = values.remove("last_name");
    if !values.contains_key("name") {
        let parts: Vec<String> = [first, last]
            .into_iter()
            .flatten()
            .filter_map(|v| match v {
                FieldValue::Text(t) => Some(t),
                _ => None,
            })
            .collect();
        if !parts.is_empty() {
            values.insert("name", FieldValue::Text(parts.join(" ")));
        }
    }
    (values, problems)
}

/// `base`, or `base-2`, `base-3`... whichever is free.
fn unique(base: &str, taken: &HashSet<String>) -> String {
    if base.is_empty() || !taken.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken.contains(id))
        .unwrap_or_default()
}

/// A new `[people.<id>]` table after the others.
fn add(doc: &mut DocumentMut, id: &str, values: &Values) {
    let root = doc.as_table_mut();
    if !root.get("people").is_some_and(Item::is_table) {
        let mut people = Table::new();
        people.set_implicit(true);
        root.insert("people", Item::Table(people));
    }
    let Some(Item::Table(people)) = root.get_mut("people") else {
        return;
    };
    let mut table = Table::new();
    table.decor_mut().set_prefix("\n");
    for key in ORDER {
        if let Some(value) = values.get(key) {
            table.insert(key, Item::Value(value.toml()));
        }
    }
    people.insert(id, Item::Table(table));
}

/// Sets the fields of an existing person that differ; whether any did.
fn update(doc: &mut DocumentMut, tree: &Tree, id: &str, values: &Values) -> bool {
    let Some(org) = &tree.org else { return false };
    let pointer = format!("/people/{id}");
    let mut changed = false;
    for key in ORDER {
        let Some(value) = values.get(key) else {
            continue;
        };
        let current = match value {
            FieldValue::Date(_) => org
                .entity
                .date(&format!("{pointer}/{key}"))
                .map(FieldValue::Date),
            _ => org
                .entity
                .str(&format!("{pointer}/{key}"))
                .map(FieldValue::Text),
        };
        if current.as_ref() != Some(value) {
            edit::set(doc, &format!("people.{id}.{key}"), value);
            changed = true;
        }
    }
    changed
}
