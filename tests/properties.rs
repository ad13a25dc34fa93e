//! Properties of the two pieces every command relies on: the span index (every value's span
//! holds exactly that value's text) and the semantic diff (a document compared with itself
//! has no changes; every reported change names the two values at its path).

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::{Map, Value};
use steward::diff::diff_values;
use steward::document::{Document, NodeKind, SourceFile, push_pointer};

/// Keys: short ids, plus a few that need quoting in TOML.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9_-]{0,6}",
        Just("with space".to_string()),
        Just("dotted.key".to_string()),
        Just("ünï".to_string()),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i32>().prop_map(|n| Value::from(i64::from(n))),
        any::<bool>().prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::from),
        "(é|ß|\"|\\\\|\n|\t|x){0,6}".prop_map(Value::from),
    ]
}

/// A table of scalars, lists of scalars, sub-tables and lists of tables with ids.
fn table(depth: u32) -> BoxedStrategy<Map<String, Value>> {
    let leaf = prop_oneof![
        scalar(),
        prop::collection::vec(scalar(), 0..4).prop_map(Value::Array),
    ];
    let value = if depth == 0 {
        leaf.boxed()
    } else {
        prop_oneof![
            3 => leaf,
            1 => table(depth - 1).prop_map(Value::Object),
            1 => prop::collection::vec(table(depth - 1), 1..3).prop_map(|tables| {
                Value::Array(
                    tables
                        .into_iter()
                        .enumerate()
                        .map(|(i, mut t)| {
                            t.insert("id".to_string(), Value::from(format!("item-{i}")));
                            Value::Object(t)
                        })
                        .collect(),
                )
            }),
        ]
        .boxed()
    };
    prop::collection::btree_map(key(), value, 0..5)
        .prop_map(|m| m.into_iter().collect())
        .boxed()
}

fn to_toml(table: &Map<String, Value>) -> String {
    let value: toml::Value =
        serde_json::from_value(Value::Object(table.clone())).expect("JSON to TOML");
    toml::to_string(&value).expect("serializes")
}

fn parse(text: &str) -> Document {
    Document::parse(Arc::new(SourceFile::new("t.toml", text)))
        .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

/// Every pointer of a value, with the value.
fn leaves<'a>(value: &'a Value, pointer: String, out: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| leaves(v, push_pointer(&pointer, k), out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| leaves(v, format!("{pointer}/{i}"), out)),
        _ => out.push((pointer, value)),
    }
}

/// The value at a diff path (`a.b`, `line[item-1].amount`, `list[2]`).
fn at_path<'a>(mut value: &'a Value, path: &str) -> Option<&'a Value> {
    for part in split_path(path) {
        let (name, selector) = match part.rfind('[').filter(|_| part.ends_with(']')) {
            Some(i) => (&part[..i], Some(&part[i + 1..part.len() - 1])),
            None => (part.as_str(), None),
        };
        value = value.get(name)?;
        if let Some(selector) = selector {
            let items = value.as_array()?;
            value = items
                .iter()
                .find(|item| item.get("id").and_then(Value::as_str) == Some(selector))
                .or_else(|| {
                    selector
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| items.get(n - 1))
                })?;
        }
    }
    Some(value)
}

/// Splits a diff path on dots outside `[...]` and quotes; unquotes quoted keys.
fn split_path(path: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let (mut depth, mut quoted, mut escaped) = (0, false, false);
    for c in path.chars() {
        if quoted {
            current.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '[' => depth += 1,
            ']' => depth -= 1,
            '.' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|part| match part.find('"') {
            Some(0) => {
                let end = part.rfind('"').unwrap_or(0);
                let key: String = serde_json::from_str(&part[..=end]).expect("quoted key");
                format!("{key}{}", &part[end + 1..])
            }
            _ => part,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// The span of every scalar holds a TOML literal of exactly that value, and every span
    /// is inside the text on character boundaries.
    #[test]
    fn spans_hold_their_values(table in table(2)) {
        let text = to_toml(&table);
        let doc = parse(&text);
        let whole = doc.to_value();
        let mut all = Vec::new();
        leaves(&whole, String::new(), &mut all);
        for (pointer, value) in all {
            // The document answers every lookup with the value the built one holds.
            let looked_up = doc.get(&pointer).map(|v| v.to_value());
            prop_assert_eq!(looked_up.as_ref(), Some(value), "pointer {}", pointer);
            let node = doc.node(&pointer).expect("every leaf has a node");
            prop_assert!(node.value.end <= text.len());
            prop_assert!(text.is_char_boundary(node.value.start) && text.is_char_boundary(node.value.end));
            let raw = doc.raw(&pointer).expect("raw");
            let reparsed: toml::Table = format!("x = {raw}").parse().expect("a literal");
            let reparsed = serde_json::to_value(&reparsed["x"]).expect("JSON");
            prop_assert_eq!(&reparsed, value, "pointer {} raw {:?}", pointer, raw);
            if node.kind == NodeKind::String {
                prop_assert!(raw.starts_with('"') || raw.starts_with('\''));
            }
            let position = doc.source.position(node.value.start);
            prop_assert!(position.line >= 1 && position.column >= 1);
        }
    }

    /// A document compared with itself has no changes.
    #[test]
    fn diff_of_a_value_with_itself_is_empty(table in table(2)) {
        let value = Value::Object(table);
        prop_assert!(diff_values(&value, &value, &[]).is_empty());
    }

    /// Every reported change names the two values found at its path.
    #[test]
    fn every_change_matches_both_values(a in table(2), b in table(2)) {
        let (old, new) = (Value::Object(a), Value::Object(b));
        for change in diff_values(&old, &new, &[]) {
            let old_at = at_path(&old, &change.path).cloned().unwrap_or(Value::Null);
            let new_at = at_path(&new, &change.path).cloned().unwrap_or(Value::Null);
            prop_assert_eq!(&change.old, &old_at, "old at {}", change.path);
            prop_assert_eq!(&change.new, &new_at, "new at {}", change.path);
            prop_assert!(old_at != new_at, "{} reported but equal", change.path);
        }
    }
}
