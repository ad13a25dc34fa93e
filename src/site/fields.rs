//! Every field of an entity's file in words, read from the document itself rather than from
//! a fixed list, so that fields added to the schema later (stewardship, privacy) appear on the
//! pages without a change here. Each field is labelled from its key, explained by the
//! schema's description, and its value said as people read it: dates in words, yes or no,
//! people, departments and tools as links, web addresses as links only when they are plain
//! http(s) addresses.

use serde::Serialize;
use serde_json::Value;

use super::gather::Site;
use super::view::{Fact, Part, Words, joined};
use crate::document::push_pointer;
use crate::model::{Entity, LineRef};
use crate::words::long_date;

/// The fields of one table of the file: the top level, `[cost]`, `[[waiver]]` number 2.
#[derive(Debug, Clone, Serialize)]
pub struct FieldGroup {
    pub title: String,
    pub facts: Vec<Fact>,
}

/// "backup_owner" -> "Backup owner".
pub fn label(key: &str) -> String {
    if key == "url" {
        return "Web address".to_string();
    }
    crate::words::capitalized(&key.replace(['_', '-'], " "))
}

/// The groups of fields of `entity`, in the order the file has them. `skip` names top-level
/// keys a page shows in its own way (a policy's clauses).
pub fn field_groups(
    site: &Site<'_>,
    root: &str,
    entity: &Entity,
    skip: &[&str],
) -> Vec<FieldGroup> {
    let value = entity.doc.to_value();
    let Value::Object(top) = &value else {
        return Vec::new();
    };
    let file = entity.kind.schema_file();
    let mut main = FieldGroup {
        title: "Main fields".to_string(),
        facts: Vec::new(),
    };
    let mut groups = Vec::new();
    let top_currency = currency_of(top);
    for (key, value) in top {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let pointer = push_pointer("", key);
        match value {
            Value::Object(table) => groups.push(FieldGroup {
                title: label(key),
                facts: facts_of(site, root, &file, &pointer, table, top_currency),
            }),
            Value::Array(items) if items.iter().all(Value::is_object) && !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::Object(table) = item {
                        groups.push(FieldGroup {
                            title: format!("{} {}", label(key), i + 1),
                            facts: facts_of(
                                site,
                                root,
                                &file,
                                &push_pointer(&pointer, &i.to_string()),
                                table,
                                top_currency,
                            ),
                        });
                    }
                }
            }
            _ => main.facts.push(fact(
                site,
                root,
                &file,
                &pointer,
                (key, value),
                top_currency,
            )),
        }
    }
    groups.insert(0, main);
    groups.retain(|g| !g.facts.is_empty());
    groups
}

fn facts_of(
    site: &Site<'_>,
    root: &str,
    file: &str,
    pointer: &str,
    table: &serde_json::Map<String, Value>,
    outer_currency: Option<&str>,
) -> Vec<Fact> {
    let currency = currency_of(table).or(outer_currency);
    table
        .iter()
        .map(|(key, value)| {
            let pointer = push_pointer(pointer, key);
            fact(site, root, file, &pointer, (key, value), currency)
        })
        .collect()
}

/// The `currency` a table names for its amounts.
fn currency_of(table: &serde_json::Map<String, Value>) -> Option<&str> {
    table.get("currency").and_then(Value::as_str)
}

fn fact(
    site: &Site<'_>,
    root: &str,
    file: &str,
    pointer: &str,
    (key, value): (&str, &Value),
    currency: Option<&str>,
) -> Fact {
    let documents = crate::schema::Documents(&site.schema_documents);
    Fact {
        label: label(key),
        value: money_words(key, value, currency).unwrap_or_else(|| words(site, root, key, value)),
        note: documents.description(file, pointer).map(str::to_string),
    }
}

/// An amount of money with its currency ("$1,500"), when `key` names one and its value
/// reads as one.
fn money_words(key: &str, value: &Value, currency: Option<&str>) -> Option<Words> {
    if !matches!(key, "amount" | "allocation") {
        return None;
    }
    let Value::Number(n) = value else {
        return None;
    };
    let amount = crate::money::read(&n.to_string()).ok()?;
    Some(vec![Part::text(crate::money::format(amount, currency))])
}

/// A value in words, with links where it names something the site has a page for.
fn words(site: &Site<'_>, root: &str, key: &str, value: &Value) -> Words {
    match value {
        Value::String(text) => text_words(site, root, key, text),
        Value::Bool(true) => vec![Part::text("yes")],
        Value::Bool(false) => vec![Part::text("no")],
        Value::Number(n) => vec![Part::text(n.to_string())],
        Value::Null => vec![Part::text("(empty)")],
        Value::Array(items) if items.is_empty() => vec![Part::text("(none)")],
        Value::Array(items) => {
            let parts: Vec<Words> = items.iter().map(|v| words(site, root, key, v)).collect();
            let mut out = Vec::new();
            for (i, part) in parts.into_iter().enumerate() {
                if i > 0 {
                    out.push(Part::text(", "));
                }
                out.extend(part);
            }
            out
        }
        Value::Object(_) => vec![Part::text("(a table)")],
    }
}

fn text_words(site: &Site<'_>, root: &str, key: &str, text: &str) -> Words {
    match key {
        "owner" | "backup_owner" | "head" if site.tree.person(text).is_some() => {
            site.person_link(root, text)
        }
        "owner" | "backup_owner" | "head" if site.tree.department(text).is_some() => {
            vec![site.department_link(root, text)]
        }
        "owner" | "backup_owner" | "head" => site.person_link(root, text),
        "department" | "approved_by" | "required_approvers" => {
            vec![site.department_link(root, text)]
        }
        "tool" | "tools" => vec![site.tool_link(root, text)],
        "supersedes" => vec![site.policy_link(root, text)],
        "url" => vec![Part::external(text, text)],
        "budget_line" => match LineRef::parse(text)
            .and_then(|r| site.budget_line_href(root, &r.fiscal_year, &r.department, &r.line))
        {
            Some(href) => vec![Part::link(text, href)],
            None => vec![Part::text(text)],
        },
        _ => match text.parse::<jiff::civil::Date>() {
            Ok(date) if text.len() == 10 => vec![Part::text(long_date(date))],
            _ => vec![Part::text(text)],
        },
    }
}

/// Several departments, linked, separated by commas.
pub fn departments(site: &Site<'_>, root: &str, ids: &[String]) -> Words {
    joined(
        ids.iter()
            .map(|id| site.department_link(root, id))
            .collect(),
        ", ",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_from_keys() {
        assert_eq!(label("backup_owner"), "Backup owner");
        assert_eq!(label("url"), "Web address");
        assert_eq!(label("é"), "É");
        assert_eq!(label(""), "");
    }
}
