//! Filling an embedded template with `toml_edit` so that its layout and comments survive:
//! values set in place, the schema's description written above every field, an unfilled
//! optional field or table kept as a commented-out example. Apart from the kinds because the
//! editing is the same for all of them, and subtle (decor, positions, arrays of tables).

use std::collections::HashMap;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::Value as Json;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

/// Comments are wrapped to this many characters.
const WIDTH: usize = 92;

/// A template being filled.
pub(super) struct Template {
    pub(super) doc: DocumentMut,
}

impl Template {
    /// Parses an embedded template and writes the schema's description above every field.
    /// Done once a template: `steward import` fills it for every row, and reading the
    /// built-in schemas for the descriptions is most of the work.
    pub(super) fn new(source: &'static str, schema_file: &'static str) -> Template {
        type Cache = std::sync::Mutex<HashMap<(&'static str, &'static str), DocumentMut>>;
        static DESCRIBED: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
        let cache = DESCRIBED.get_or_init(Default::default);
        let mut cache = cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let doc = cache
            .entry((source, schema_file))
            .or_insert_with(|| {
                let mut doc: DocumentMut = source
                    .parse()
                    .unwrap_or_else(|e| unreachable!("embedded templates parse (tested): {e}"));
                describe_table(doc.as_table_mut(), &Descriptions::load(), schema_file, &[]);
                doc
            })
            .clone();
        Template { doc }
    }

    /// Replaces the template's example tables `[[name]]` with one table per row. A row's
    /// `None` leaves that field commented out in the first table and absent from the others.
    /// With no rows, the example table stays, commented out.
    pub(super) fn fill_array(&mut self, name: &str, rows: &[Vec<(&str, Option<Value>)>]) {
        if rows.is_empty() {
            self.comment_out_table(name);
            return;
        }
        let Some(Item::ArrayOfTables(array)) = self.doc.get_mut(name) else {
            return;
        };
        let Some(first) = array.get(0).cloned() else {
            return;
        };
        let mut filled = ArrayOfTables::new();
        for (i, row) in rows.iter().enumerate() {
            let mut table = first.clone();
            if i > 0 {
                // Later tables: no repeated descriptions, a blank line before the header.
                table.decor_mut().set_prefix("\n");
                let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
                for key in keys {
                    if let Some(mut k) = table.key_mut(&key) {
                        k.leaf_decor_mut().set_prefix("");
                    }
                }
            }
            for (key, value) in row {
                match value {
                    Some(value) => set(&mut table, key, value.clone()),
                    None if i == 0 => comment_out(&mut table, key),
                    None => {
                        table.remove(key);
                    }
                }
            }
            filled.push(table);
        }
        *array = filled;
    }

    /// Turns a whole table (`[cost]`, `[[clause]]`) into commented-out lines, kept where the
    /// table stood: before the next table's header, or at the end of the file.
    pub(super) fn comment_out_table(&mut self, name: &str) {
        let Some(item) = self.doc.remove(name) else {
            return;
        };
        let (tables, header): (Vec<Table>, String) = match item {
            Item::Table(table) => (vec![table], format!("[{name}]")),
            Item::ArrayOfTables(array) => (
                array.iter().take(1).cloned().collect(),
                format!("[[{name}]]"),
            ),
            _ => return,
        };
        let mut lines = String::new();
        let mut position = None;
        for table in &tables {
            position = position.or(table.position());
            lines.push_str(prefix_of(table.decor()));
            lines.push_str(&format!("# {header}\n"));
            for (key, item) in table.iter() {
                if let Some(value) = item.as_value() {
                    if let Some(k) = table.key(key) {
                        lines.push_str(prefix_of(k.leaf_decor()));
                    }
                    lines.push_str(&format!("# {key} = {}\n", bare(value)));
                }
            }
        }
        // The next table in the file gets the lines in front of its header.
        let next = self
            .doc
            .as_table_mut()
            .iter_mut()
            .filter_map(|(_, item)| match item {
                Item::Table(t) => Some(t),
                Item::ArrayOfTables(a) => a.iter_mut().next(),
                _ => None,
            })
            .filter(|t| t.position() > position)
            .min_by_key(|t| t.position());
        match next {
            Some(table) => {
                let existing = prefix_of(table.decor()).to_string();
                table.decor_mut().set_prefix(format!("{lines}{existing}"));
            }
            None => {
                let existing = self.doc.trailing().as_str().unwrap_or_default().to_string();
                self.doc.set_trailing(format!("{lines}{existing}"));
            }
        }
    }

    pub(super) fn finish(self) -> String {
        let mut text = self.doc.to_string();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

/// A sub-table of the template (`[cost]`, `[exit_plan]`), which every template that uses
/// this function has.
pub(super) fn sub_table<'a>(root: &'a mut Table, name: &str) -> &'a mut Table {
    root.get_mut(name)
        .and_then(Item::as_table_mut)
        .unwrap_or_else(|| unreachable!("the template has [{name}] (tested)"))
}

/// Sets a field, keeping the comments around it.
pub(super) fn set(table: &mut Table, key: &str, value: Value) {
    let decor = table
        .get(key)
        .and_then(Item::as_value)
        .map(|v| v.decor().clone());
    let mut value = value;
    if let Some(decor) = decor {
        *value.decor_mut() = decor;
    }
    // In place: `Table::insert` would reset the key's decor, and with it the comments above.
    match table.get_mut(key) {
        Some(item) => *item = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Sets a field, or keeps the template's example as a commented-out line.
pub(super) fn set_or_comment(table: &mut Table, key: &str, value: Option<Value>) {
    match value {
        Some(value) => set(table, key, value),
        None => comment_out(table, key),
    }
}

/// Replaces `key = value` with its comment lines and `# key = value`, in the same place: after
/// the previous field (on the lines that follow it), or before the next one.
pub(super) fn comment_out(table: &mut Table, key: &str) {
    let keys: Vec<String> = table
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_string())
        .collect();
    let Some(index) = keys.iter().position(|k| k == key) else {
        return;
    };
    let Some((k, item)) = table.get_key_value(key) else {
        return;
    };
    let Some(value) = item.as_value() else { return };
    let lines = format!("{}# {key} = {}", prefix_of(k.leaf_decor()), bare(value));
    table.remove(key);
    if index > 0 {
        if let Some(previous) = table.get_mut(&keys[index - 1]).and_then(Item::as_value_mut) {
            let suffix = suffix_of(previous.decor()).to_string();
            previous
                .decor_mut()
                .set_suffix(format!("{suffix}\n{lines}"));
        }
    } else if let Some(next) = keys.get(index + 1)
        && let Some(mut k) = table.key_mut(next)
    {
        let existing = prefix_of(k.leaf_decor()).to_string();
        k.leaf_decor_mut()
            .set_prefix(format!("{lines}\n{existing}"));
    }
}

fn prefix_of(decor: &toml_edit::Decor) -> &str {
    decor.prefix().and_then(|p| p.as_str()).unwrap_or_default()
}

fn suffix_of(decor: &toml_edit::Decor) -> &str {
    decor.suffix().and_then(|p| p.as_str()).unwrap_or_default()
}

/// A value as written, without the spaces around it.
fn bare(value: &Value) -> String {
    value.clone().decorated("", "").to_string()
}

pub(super) fn text(s: &str) -> Value {
    Value::from(s)
}

pub(super) fn date(date: Date) -> Value {
    let parsed: toml_edit::Datetime = date
        .to_string()
        .parse()
        .unwrap_or_else(|e| unreachable!("a civil date is a TOML date: {e}"));
    Value::from(parsed)
}

/// Money as an exact TOML number: `1200`, `19.99`. Never goes through a float.
pub(super) fn money(amount: Decimal) -> Value {
    amount
        .normalize()
        .to_string()
        .parse()
        .unwrap_or_else(|e| unreachable!("a decimal is a TOML number: {e}"))
}

/// `2026` as a number when it is one, `"2026-27"` as text otherwise.
pub(super) fn fiscal_year(year: &str) -> Value {
    match year.parse::<i64>() {
        Ok(number) if !year.starts_with('0') => Value::from(number),
        _ => Value::from(year),
    }
}

/// Text, or `None` (commented out) when it is blank.
pub(super) fn non_blank(value: &str) -> Option<Value> {
    (!value.trim().is_empty()).then(|| text(value))
}

pub(super) fn non_empty(items: &[String]) -> Option<Value> {
    (!items.is_empty()).then(|| Value::Array(items.iter().map(String::as_str).collect()))
}

/// The built-in schemas, parsed, for their descriptions (found through the schema module's
/// one resolver).
struct Descriptions {
    documents: Vec<(String, Json)>,
}

impl Descriptions {
    fn load() -> Descriptions {
        Descriptions {
            documents: crate::schema::builtin_documents(),
        }
    }

    /// The description of a field in a built-in schema.
    fn description(&self, file: &str, path: &[&str]) -> Option<String> {
        let pointer: String = path.iter().map(|segment| format!("/{segment}")).collect();
        crate::schema::Documents(&self.documents)
            .description(file, &pointer)
            .map(str::to_string)
    }
}

/// Writes the description of every field of `table` (and of its tables) above it.
fn describe_table(table: &mut Table, schemas: &Descriptions, file: &str, path: &[&str]) {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        let mut field_path = path.to_vec();
        field_path.push(&key);
        let description = schemas.description(file, &field_path);
        match table.get_mut(&key) {
            Some(Item::Value(_)) => {
                if let (Some(description), Some(mut k)) = (description, table.key_mut(&key)) {
                    let existing = prefix_of(k.leaf_decor()).to_string();
                    k.leaf_decor_mut()
                        .set_prefix(format!("{existing}{}", comment(&description)));
                }
            }
            Some(Item::Table(sub)) => {
                if let Some(description) = description {
                    let existing = prefix_of(sub.decor()).to_string();
                    sub.decor_mut()
                        .set_prefix(format!("{existing}{}", comment(&description)));
                }
                describe_table(sub, schemas, file, &field_path);
            }
            Some(Item::ArrayOfTables(array)) => {
                if let Some(first) = array.iter_mut().next() {
                    if let Some(description) = description {
                        let description = format!(
                            "{description} Copy the whole table, from [[{key}]] on, for another."
                        );
                        let existing = prefix_of(first.decor()).to_string();
                        first
                            .decor_mut()
                            .set_prefix(format!("{existing}{}", comment(&description)));
                    }
                    let mut item_path = field_path.clone();
                    item_path.push("0");
                    describe_table(first, schemas, file, &item_path);
                }
            }
            _ => {}
        }
    }
}

/// `# words...` lines, wrapped.
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > WIDTH && line.len() > 1 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::{BUDGET, ORG, POLICY, STEWARD_TOML, TOOL};

    /// The fields of a schema node that a template must show (with a value, or commented out):
    /// every property, into tables, lists of tables and keyed tables (`[people.<id>]`).
    /// `waiver` and `extra` are shared by every kind and explained in the README instead.
    fn fields_missing_from(
        documents: crate::schema::Documents<'_>,
        file: &str,
        schema: &Json,
        template: (&toml::Value, &str),
        path: &str,
        out: &mut Vec<String>,
    ) {
        let (template, text) = template;
        let Some((file, schema)) = documents.resolve(file, schema) else {
            return;
        };
        let mut visit = |name: &str, child: &Json, value: Option<&toml::Value>| {
            let Some(value) = value else {
                // A template written as it is (org.toml) shows optional fields commented out.
                if !text.contains(&format!("# {name} = ")) {
                    out.push(format!("{path}{name}"));
                }
                return;
            };
            let Some((file, child)) = documents.resolve(file, child) else {
                return;
            };
            let nested = format!("{path}{name}.");
            let item = child.get("items");
            if child.get("properties").is_some() || child.get("additionalProperties").is_some() {
                fields_missing_from(documents, file, child, (value, text), &nested, out);
            } else if let (Some(item), Some(first)) =
                (item, value.as_array().and_then(|a| a.first()))
            {
                fields_missing_from(documents, file, item, (first, text), &nested, out);
            }
        };
        if let Some(Json::Object(properties)) = schema.get("properties") {
            for (name, child) in properties {
                if name != "waiver" && name != "extra" {
                    visit(name, child, template.get(name));
                }
            }
        }
        // Keyed tables (`[people.<id>]`): a field shown in any entry counts.
        if let (Some(child @ Json::Object(_)), Some(table)) =
            (schema.get("additionalProperties"), template.as_table())
        {
            let mut merged = toml::Table::new();
            for entry in table.values().filter_map(toml::Value::as_table) {
                for (key, value) in entry {
                    merged.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            visit("<id>", child, Some(&toml::Value::Table(merged)));
        }
    }

    /// Each template shows every field its kind's schema has, so that a field added to the
    /// schema cannot be forgotten in `steward new` and `steward init`.
    #[test]
    fn templates_show_every_schema_field() {
        let documents = crate::schema::builtin_documents();
        let documents = crate::schema::Documents(&documents);
        let mut all = Vec::new();
        for (template, file) in [
            (TOOL, "tool.schema.json"),
            (POLICY, "policy.schema.json"),
            (BUDGET, "budget.schema.json"),
            (ORG, "org.schema.json"),
        ] {
            let value: toml::Value = toml::Value::Table(template.parse().expect("the template"));
            let schema = documents.get(file).expect("the schema");
            let mut missing = Vec::new();
            fields_missing_from(
                documents,
                file,
                schema,
                (&value, template),
                "",
                &mut missing,
            );
            all.extend(missing.into_iter().map(|field| format!("{file}: {field}")));
        }
        assert!(all.is_empty(), "the templates lack {all:#?}");
    }

    #[test]
    fn templates_parse_and_have_their_tables() {
        for (source, file) in [
            (TOOL, "tool.schema.json"),
            (POLICY, "policy.schema.json"),
            (BUDGET, "budget.schema.json"),
            (ORG, "org.schema.json"),
        ] {
            let doc: DocumentMut = source.parse().unwrap();
            assert!(!doc.is_empty(), "{file}");
        }
        let tool: DocumentMut = TOOL.parse().unwrap();
        assert!(tool.get("cost").is_some_and(Item::is_table));
        assert!(tool.get("exit_plan").is_some_and(Item::is_table));
        STEWARD_TOML.parse::<toml::Table>().unwrap();
        crate::config::Config::parse(STEWARD_TOML).unwrap();
    }

    #[test]
    fn every_template_field_has_a_schema_description() {
        for (source, file) in [
            (TOOL, "tool.schema.json"),
            (POLICY, "policy.schema.json"),
            (BUDGET, "budget.schema.json"),
        ] {
            let schemas = Descriptions::load();
            let doc: DocumentMut = source.parse().unwrap();
            let mut missing = Vec::new();
            collect_undescribed(
                doc.as_table(),
                &schemas,
                file,
                &mut Vec::new(),
                &mut missing,
            );
            assert!(missing.is_empty(), "{file}: {missing:?}");
        }
    }

    fn collect_undescribed(
        table: &Table,
        schemas: &Descriptions,
        file: &str,
        path: &mut Vec<String>,
        out: &mut Vec<String>,
    ) {
        for (key, item) in table.iter() {
            path.push(key.to_string());
            let refs: Vec<&str> = path.iter().map(String::as_str).collect();
            if schemas.description(file, &refs).is_none() {
                out.push(path.join("."));
            }
            match item {
                Item::Table(t) => collect_undescribed(t, schemas, file, path, out),
                Item::ArrayOfTables(a) => {
                    path.push("0".into());
                    if let Some(first) = a.get(0) {
                        collect_undescribed(first, schemas, file, path, out);
                    }
                    path.pop();
                }
                _ => {}
            }
            path.pop();
        }
    }
}
