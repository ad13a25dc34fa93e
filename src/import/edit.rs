//! Values set in files that exist, with `toml_edit`: the comments, the order of the fields
//! and the rest of the file stay as they are; a table that is missing (`[contract]`) is added
//! at the end.

use jiff::civil::Date;
use rust_decimal::Decimal;
use toml_edit::{DocumentMut, Item, Table, Value};

/// A value read from a cell, ready for a file.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    Text(String),
    Date(Date),
    Whole(i64),
    Money(Decimal),
    YesNo(bool),
    List(Vec<String>),
}

impl FieldValue {
    pub fn toml(&self) -> Value {
        match self {
            FieldValue::Text(text) => Value::from(text.as_str()),
            FieldValue::Date(date) => date
                .to_string()
                .parse::<toml_edit::Datetime>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(date.to_string())),
            FieldValue::Whole(n) => Value::from(*n),
            FieldValue::Money(amount) => amount
                .normalize()
                .to_string()
                .parse()
                .unwrap_or_else(|_| Value::from(amount.to_string())),
            FieldValue::YesNo(b) => Value::from(*b),
            FieldValue::List(items) => Value::Array(items.iter().map(String::as_str).collect()),
        }
    }

    /// The value as the model's JSON holds it (dates as text), to compare with a file's.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            FieldValue::Text(text) => J::from(text.as_str()),
            FieldValue::Date(date) => J::from(date.to_string()),
            FieldValue::Whole(n) => J::from(*n),
            FieldValue::Money(amount) => J::from(amount.normalize().to_string()),
            FieldValue::YesNo(b) => J::from(*b),
            FieldValue::List(items) => J::from(items.clone()),
        }
    }
}

/// Sets `key` (`owner`, `contract.seats`, `people.ana.left`) to `value`, keeping the comments
/// around the field. Missing tables are created.
pub fn set(doc: &mut DocumentMut, key: &str, value: &FieldValue) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut table = doc.as_table_mut();
    for part in parts {
        if !table.get(part).is_some_and(Item::is_table) {
            let mut new = Table::new();
            new.set_implicit(false);
            table.insert(part, Item::Table(new));
        }
        let Some(Item::Table(next)) = table.get_mut(part) else {
            return;
        };
        table = next;
    }
    set_in(table, last, value.toml());
}

/// Sets a field of `table`, keeping the decor (comments) of the value it replaces.
pub fn set_in(table: &mut Table, key: &str, mut value: Value) {
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    match table.get_mut(key) {
        Some(item) => *item = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_comments_and_add_tables() {
        let mut doc: DocumentMut =
            "# The tool.\nname = \"Zoom\" # trailing\n\n[cost]\n# The price.\namount = 10\n"
                .parse()
                .unwrap();
        set(&mut doc, "name", &FieldValue::Text("Zoom Pro".into()));
        set(
            &mut doc,
            "cost.amount",
            &FieldValue::Money("12.50".parse().unwrap()),
        );
        set(&mut doc, "contract.seats", &FieldValue::Whole(40));
        set(
            &mut doc,
            "contract.renews_on",
            &FieldValue::Date("2027-01-31".parse().unwrap()),
        );
        assert_eq!(
            doc.to_string(),
            "# The tool.\nname = \"Zoom Pro\" # trailing\n\n[cost]\n# The price.\namount = 12.5\n\n[contract]\nseats = 40\nrenews_on = 2027-01-31\n"
        );
    }
}
