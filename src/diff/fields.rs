//! Field-by-field comparison of two versions of one entity's JSON value.
//!
//! Scalars compare by value; tables recurse; lists of plain values compare as sets (what was
//! added, what was removed, never positions); lists of tables (`[[line]]`, `[[waiver]]`) are
//! matched by their `id` (or a waiver's `rule`) so that inserting a line does not show every
//! later line as changed. Policy clauses are left to the prose diff.

use serde::Serialize;
use serde_json::Value;

use std::collections::HashSet;

use crate::document::ValueRef;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Dotted path: `owner`, `cost.amount`, `line[crm].amount`, `people.jane-doe.left`.
    pub path: String,
    /// The old value (`null` when the field was added).
    pub old: Value,
    /// The new value (`null` when the field was removed).
    pub new: Value,
    /// For lists: the items added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<Value>,
    /// For lists: the items removed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Value>,
}

impl FieldChange {
    /// The last segment of the path, which names the field (`amount` for `line[crm].amount`).
    pub fn key(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }
}

/// Compares two values and lists every changed field. `skip` names top-level keys compared
/// elsewhere (a policy's `clause`).
pub fn diff_values(old: &Value, new: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let mut out = Vec::new();
    diff_at("", Some(old), Some(new), skip, &mut out);
    out
}

/// [`diff_values`] of two parsed documents, read in place: only the values that changed are
/// built (a changelog compares thousands of versions that differ in a field or two, some in
/// one line of a budget's thousands).
pub fn diff_documents(old: ValueRef<'_>, new: ValueRef<'_>, skip: &[&str]) -> Vec<FieldChange> {
    let mut out = Vec::new();
    diff_at("", Some(old), Some(new), skip, &mut out);
    out
}

/// What the comparison reads of a value: a `serde_json::Value` or a document's [`ValueRef`],
/// with `serde_json`'s equality.
trait Node<'a>: Copy + PartialEq {
    fn is_null(self) -> bool;
    fn is_object(self) -> bool;
    /// A table's keys.
    fn keys(self) -> Option<Vec<&'a str>>;
    fn field(self, key: &str) -> Option<Self>;
    /// A list's items.
    fn items(self) -> Option<Vec<Self>>;
    fn text_field(self, key: &str) -> Option<&'a str>;
    fn to_value(self) -> Value;
}

impl<'a> Node<'a> for &'a Value {
    fn is_null(self) -> bool {
        Value::is_null(self)
    }
    fn is_object(self) -> bool {
        Value::is_object(self)
    }
    fn keys(self) -> Option<Vec<&'a str>> {
        self.as_object()
            .map(|map| map.keys().map(String::as_str).collect())
    }
    fn field(self, key: &str) -> Option<Self> {
        self.as_object()?.get(key)
    }
    fn items(self) -> Option<Vec<Self>> {
        self.as_array().map(|items| items.iter().collect())
    }
    fn text_field(self, key: &str) -> Option<&'a str> {
        self.as_object()?.get(key)?.as_str()
    }
    fn to_value(self) -> Value {
        self.clone()
    }
}

impl<'a> Node<'a> for ValueRef<'a> {
    fn is_null(self) -> bool {
        ValueRef::is_null(&self)
    }
    fn is_object(self) -> bool {
        ValueRef::is_object(&self)
    }
    fn keys(self) -> Option<Vec<&'a str>> {
        self.entries()
            .map(|entries| entries.map(|(key, _)| key).collect())
    }
    fn field(self, key: &str) -> Option<Self> {
        self.get(key)
    }
    fn items(self) -> Option<Vec<Self>> {
        ValueRef::items(self).map(Iterator::collect)
    }
    fn text_field(self, key: &str) -> Option<&'a str> {
        self.get(key)?.as_str()
    }
    fn to_value(self) -> Value {
        ValueRef::to_value(&self)
    }
}

/// The value of a field that may be absent: absent and `null` are the same here.
fn value_of<'a, N: Node<'a>>(node: Option<N>) -> Value {
    node.map_or(Value::Null, N::to_value)
}

fn diff_at<'a, N: Node<'a>>(
    path: &str,
    old: Option<N>,
    new: Option<N>,
    skip: &[&str],
    out: &mut Vec<FieldChange>,
) {
    let (old, new) = (old.filter(|v| !v.is_null()), new.filter(|v| !v.is_null()));
    if old == new {
        return;
    }
    let (old_items, new_items) = (old.and_then(N::items), new.and_then(N::items));
    match (old, new) {
        (Some(a), Some(b)) if a.is_object() && b.is_object() => {
            let mut keys: Vec<&str> = a.keys().into_iter().chain(b.keys()).flatten().collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                if path.is_empty() && skip.contains(&key) {
                    continue;
                }
                diff_at(&join(path, key), a.field(key), b.field(key), &[], out);
            }
        }
        _ => match (old_items, new_items) {
            (Some(a), Some(b)) if is_table_list(&a) && is_table_list(&b) => {
                diff_table_lists(path, &a, &b, out);
            }
            (Some(a), Some(b)) => {
                let (added, removed) = set_difference(&a, &b);
                // The same items in another order is not a change: lists are sets here.
                if !added.is_empty() || !removed.is_empty() {
                    out.push(FieldChange {
                        path: path.to_string(),
                        old: value_of(old),
                        new: value_of(new),
                        added,
                        removed,
                    });
                }
            }
            (Some(items), None) if new.is_none() => out.push(FieldChange {
                path: path.to_string(),
                old: value_of(old),
                new: Value::Null,
                added: Vec::new(),
                removed: items.into_iter().map(N::to_value).collect(),
            }),
            (None, Some(items)) if old.is_none() => out.push(FieldChange {
                path: path.to_string(),
                old: Value::Null,
                new: value_of(new),
                added: items.into_iter().map(N::to_value).collect(),
                removed: Vec::new(),
            }),
            _ => out.push(whole(path, value_of(old), value_of(new))),
        },
    }
}

/// The items of `new` that `old` lacks, and of `old` that `new` lacks (each item listed as
/// often as it stands in its list). Through a set of each item's canonical form, not a search
/// of one list per item of the other: a pull request can change a 100,000-item list, and that
/// search took 29 seconds on 60,000.
fn set_difference<'a, N: Node<'a>>(old: &[N], new: &[N]) -> (Vec<Value>, Vec<Value>) {
    let old: Vec<Value> = old.iter().map(|v| v.to_value()).collect();
    let new: Vec<Value> = new.iter().map(|v| v.to_value()).collect();
    let forms = |values: &[Value]| -> Vec<String> { values.iter().map(canonical).collect() };
    let (old_forms, new_forms) = (forms(&old), forms(&new));
    let in_old: HashSet<&str> = old_forms.iter().map(String::as_str).collect();
    let in_new: HashSet<&str> = new_forms.iter().map(String::as_str).collect();
    let missing_from = |values: Vec<Value>, forms: &[String], other: &HashSet<&str>| {
        values
            .into_iter()
            .zip(forms)
            .filter(|(_, form)| !other.contains(form.as_str()))
            .map(|(value, _)| value)
            .collect()
    };
    (
        missing_from(new, &new_forms, &in_old),
        missing_from(old, &old_forms, &in_new),
    )
}

/// A value written so that two values have the same form exactly when `serde_json` calls them
/// equal: tables with their keys sorted (their order does not count), numbers as JSON writes
/// them (`1` and `1.0` differ, as an integer and a float do).
fn canonical(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                out.push('{');
                for (key, value) in entries {
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(value, out);
                    out.push(',');
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for item in items {
                    write(item, out);
                    out.push(',');
                }
                out.push(']');
            }
            scalar => out.push_str(&scalar.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// Appends a key to a dotted path, quoting it as TOML does when it is not a bare key
/// (`people."jane.doe".left`), so that every path reads back to one field.
fn join(path: &str, key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key = if bare {
        key.to_string()
    } else {
        serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

fn is_table_list<'a, N: Node<'a>>(items: &[N]) -> bool {
    !items.is_empty() && items.iter().all(|item| item.is_object())
}

/// The key that identifies a table in a list: its `id`, else its `rule` (waivers).
fn identity<'a, N: Node<'a>>(item: N) -> Option<String> {
    ["id", "rule"]
        .iter()
        .find_map(|k| item.text_field(k))
        .map(str::to_string)
}

fn diff_table_lists<'a, N: Node<'a>>(path: &str, a: &[N], b: &[N], out: &mut Vec<FieldChange>) {
    let keyed = |items: &[N]| -> Option<Vec<(String, N)>> {
        let pairs: Option<Vec<(String, N)>> =
            items.iter().map(|&v| identity(v).map(|k| (k, v))).collect();
        // Identities must be unique to match on them (duplicates are a lint finding).
        pairs.filter(|p| {
            let mut keys: Vec<&String> = p.iter().map(|(k, _)| k).collect();
            keys.sort();
            keys.windows(2).all(|w| w[0] != w[1])
        })
    };
    match (keyed(a), keyed(b)) {
        (Some(old), Some(new)) => {
            // By identity, so that matching stays linear in long lists (a budget's lines).
            let new_by_key: std::collections::HashMap<&str, N> =
                new.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            let old_keys: std::collections::HashSet<&str> =
                old.iter().map(|(k, _)| k.as_str()).collect();
            for (key, old_item) in &old {
                let item_path = format!("{path}[{key}]");
                match new_by_key.get(key.as_str()) {
                    Some(new_item) => {
                        diff_at(&item_path, Some(*old_item), Some(*new_item), &[], out)
                    }
                    None => out.push(whole(&item_path, old_item.to_value(), Value::Null)),
                }
            }
            for (key, new_item) in &new {
                if !old_keys.contains(key.as_str()) {
                    out.push(whole(
                        &format!("{path}[{key}]"),
                        Value::Null,
                        new_item.to_value(),
                    ));
                }
            }
        }
        _ => {
            let len = a.len().max(b.len());
            for i in 0..len {
                let item_path = format!("{path}[{}]", i + 1);
                diff_at(&item_path, a.get(i).copied(), b.get(i).copied(), &[], out);
            }
        }
    }
}

fn whole(path: &str, old: Value, new: Value) -> FieldChange {
    FieldChange {
        path: path.to_string(),
        old,
        new,
        added: Vec::new(),
        removed: Vec::new(),
    }
}

/// How alike two values are, from 0 (nothing shared) to 1 (identical): the share of leaf
/// fields that are equal. Used to recognise a renamed file whose content also changed.
pub fn similarity(a: &Value, b: &Value) -> f64 {
    similarity_of(&leaf_set(a), &leaf_set(b))
}

/// A value's leaf fields (`path=value`), sorted: what [`similarity_of`] compares. Computed once
/// per file when many pairs of files are scored.
pub fn leaf_set(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    leaves("", value, &mut out);
    out.sort();
    out
}

/// [`similarity`] of two values from their [`leaf_set`]s.
pub fn similarity_of(left: &[String], right: &[String]) -> f64 {
    if left.is_empty() && right.is_empty() {
        return 1.0;
    }
    let mut shared = 0;
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        match left[i].cmp(&right[j]) {
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    (2 * shared) as f64 / (left.len() + right.len()) as f64
}

fn leaves(path: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| leaves(&join(path, k), v, out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(&format!("{path}[{i}]"), v, out)),
        other => out.push(format!("{path}={other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identical_values_have_no_changes() {
        let v = json!({"a": 1, "b": {"c": [1, 2]}, "line": [{"id": "x", "amount": 1}]});
        assert!(diff_values(&v, &v, &[]).is_empty());
    }

    #[test]
    fn scalars_tables_and_sets() {
        let old = json!({"owner": "a", "cost": {"amount": 1}, "tools": ["x", "y"], "gone": true});
        let new = json!({"owner": "b", "cost": {"amount": 2}, "tools": ["y", "z"]});
        let changes = diff_values(&old, &new, &[]);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["cost.amount", "gone", "owner", "tools"]);
        assert_eq!(changes[3].added, vec![json!("z")]);
        assert_eq!(changes[3].removed, vec![json!("x")]);
        assert_eq!(changes[1].new, Value::Null);
    }

    #[test]
    fn set_changes_keep_duplicates_and_tell_integers_from_floats() {
        let old = json!({"k": [1, 2, 2, {"a": 1, "b": [1]}]});
        let new = json!({"k": [2, 1.0, {"b": [1], "a": 1}, 3, 3]});
        let changes = diff_values(&old, &new, &[]);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].added, vec![json!(1.0), json!(3), json!(3)]);
        assert_eq!(changes[0].removed, vec![json!(1)]);
    }

    #[test]
    fn a_long_changed_list_is_compared_in_linear_time() {
        // Searched item by item, 200,000 items against 200,000 took minutes.
        let old: Vec<Value> = (0..200_000).map(|i| json!(format!("t{i}"))).collect();
        let mut new = old.clone();
        new[0] = json!("u0");
        let changes = diff_values(&json!({"k": old}), &json!({"k": new}), &[]);
        assert_eq!(changes[0].added, vec![json!("u0")]);
        assert_eq!(changes[0].removed, vec![json!("t0")]);
    }

    #[test]
    fn reordered_set_is_no_change() {
        let changes = diff_values(&json!({"t": ["a", "b"]}), &json!({"t": ["b", "a"]}), &[]);
        assert!(changes.is_empty());
    }

    #[test]
    fn table_lists_match_by_id() {
        let old = json!({"line": [{"id": "a", "amount": 1}, {"id": "b", "amount": 2}]});
        let new = json!({"line": [{"id": "new", "amount": 5}, {"id": "a", "amount": 1}, {"id": "b", "amount": 3}]});
        let changes = diff_values(&old, &new, &[]);
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["line[b].amount", "line[new]"]);
    }

    #[test]
    fn skipped_keys_are_ignored() {
        let changes = diff_values(
            &json!({"clause": [1]}),
            &json!({"clause": [2]}),
            &["clause"],
        );
        assert!(changes.is_empty());
    }

    #[test]
    fn similarity_ranges() {
        let a = json!({"a": 1, "b": 2, "c": 3, "d": 4});
        assert_eq!(similarity(&a, &a), 1.0);
        assert_eq!(similarity(&a, &json!({"x": 9})), 0.0);
        assert!(similarity(&a, &json!({"a": 1, "b": 2, "c": 3, "d": 5})) > 0.7);
    }
}
